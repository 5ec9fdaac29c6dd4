//! The fast path: simd-json's tape, copied into a [`Document`].
//!
//! Returns `None` whenever simd-json refuses the input or the result would
//! break a limit; [`super::parse`] then asks the precise parser, which
//! either accepts the document (integers beyond 64 bits, deep nesting when
//! allowed) or reports the exact error.

use super::document::{Document, Node};
use super::ParseOptions;
use simd_json::StaticNode;

/// simd-json's own fixed nesting limit.
const SIMD_MAX_DEPTH: usize = 1024;

/// Inputs up to this size reuse per-thread simd-json buffers (small
/// documents, NDJSON lines); larger ones get fresh buffers so a thread does
/// not keep a huge allocation alive.
const REUSE_BUFFERS_UP_TO: usize = 1 << 20;

thread_local! {
    static BUFFERS: std::cell::RefCell<simd_json::Buffers> =
        std::cell::RefCell::new(simd_json::Buffers::new(4096));
}

/// Copies a simd-json tape into a [`Document`]; `None` for a node kind this
/// version does not know. The tape is collected in one pass into a vector
/// of the exact size (no capacity check per node); strings go to the arena
/// on the way.
fn convert(nodes: &[simd_json::Node<'_>], input_len: usize) -> Option<Document> {
    let mut arena = String::with_capacity(input_len / 2);
    let mut unknown = false;
    let tape: Vec<Node> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| match *n {
            simd_json::Node::String(s) => Node::Str(Document::push_text_to(&mut arena, s)),
            simd_json::Node::Object { len, count } => Node::Object {
                len,
                end: i + 1 + count,
            },
            simd_json::Node::Array { len, count } => Node::Array {
                len,
                end: i + 1 + count,
            },
            simd_json::Node::Static(StaticNode::Null) => Node::Null,
            simd_json::Node::Static(StaticNode::Bool(b)) => Node::Bool(b),
            simd_json::Node::Static(StaticNode::I64(v)) => Node::Int(v),
            simd_json::Node::Static(StaticNode::U64(v)) => match i64::try_from(v) {
                Ok(v) => Node::Int(v),
                Err(_) => Node::UInt(v),
            },
            simd_json::Node::Static(StaticNode::F64(v)) => Node::Float(v),
            #[allow(unreachable_patterns)]
            _ => {
                unknown = true;
                Node::Null
            }
        })
        .collect();
    (!unknown).then(|| Document::from_parts(tape, arena))
}

/// Inputs at least this big are sampled by [`prefers_precise`]; smaller
/// ones always take simd-json (the sample would cost more than it saves).
const SAMPLE_FROM: usize = 16 << 10;

/// How many leading bytes [`prefers_precise`] looks at.
const SAMPLE_LEN: usize = 2048;

/// Whether the precise parser is likely faster on `input`: documents with
/// few numbers and not too many tiny strings. simd-json wins on numbers
/// (its float parser), but it copies the input and then every string a
/// second time into the arena, where the precise parser unescapes straight
/// into it; see benches/results/CORE.md for the measurements behind this.
fn prefers_precise(input: &[u8]) -> bool {
    if input.len() < SAMPLE_FROM {
        return false;
    }
    let sample = &input[..SAMPLE_LEN];
    let digits = sample.iter().filter(|b| b.is_ascii_digit()).count();
    let quotes = sample.iter().filter(|&&b| b == b'"').count();
    // Under 20% digits and under ~11% quotes (very many short strings,
    // e.g. random.json, still favour simd-json).
    digits * 5 < SAMPLE_LEN && quotes * 9 < SAMPLE_LEN
}

/// Parses `input` with simd-json, or returns `None` to defer to the precise
/// parser (on errors, limits, and inputs it is likely slower on).
pub fn parse(input: &[u8], opts: &ParseOptions) -> Option<Document> {
    if input.len() > u32::MAX as usize || prefers_precise(input) {
        return None;
    }
    let mut buf = input.to_vec();
    let doc = if input.len() <= REUSE_BUFFERS_UP_TO {
        BUFFERS.with_borrow_mut(|b| {
            simd_json::to_tape_with_buffers(&mut buf, b)
                .ok()
                .and_then(|t| convert(&t.0, input.len()))
        })
    } else {
        simd_json::to_tape(&mut buf)
            .ok()
            .and_then(|t| convert(&t.0, input.len()))
    }?;
    if opts.max_depth < SIMD_MAX_DEPTH && doc.depth() > opts.max_depth {
        return None;
    }
    Some(doc)
}
