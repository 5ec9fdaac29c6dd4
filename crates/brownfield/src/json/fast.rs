//! The fast path for small documents: simd-json's tape, copied into a
//! [`Document`].
//!
//! Returns `None` for inputs the precise parser handles faster (all but
//! small ones), and whenever simd-json refuses the input or the result
//! would break a limit; [`super::parse`] then asks the precise parser,
//! which either accepts the document (integers beyond 64 bits, deep nesting
//! when allowed) or reports the exact error.

use super::document::{Document, Node};
use super::ParseOptions;
use simd_json::StaticNode;

/// simd-json's own fixed nesting limit.
const SIMD_MAX_DEPTH: usize = 1024;

thread_local! {
    /// simd-json's working buffers, reused by this thread's small documents.
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

/// Inputs at least this big go to the precise parser, which is as fast as
/// simd-json plus the tape copy on them, and faster on number-heavy ones
/// (canada.json: 2.9 ms vs 4.0 ms or more). Smaller ones (NDJSON lines,
/// small messages) take simd-json with this thread's reused buffers, where
/// the precise parser's per-document setup costs more (a 793-line NDJSON
/// file: 261 vs 317 us). See benches/results/CORE.md.
const PRECISE_FROM: usize = 16 << 10;

/// Whether the precise parser is likely faster on `input`.
fn prefers_precise(input: &[u8]) -> bool {
    input.len() >= PRECISE_FROM
}

/// Parses `input` with simd-json, or returns `None` to defer to the precise
/// parser (on errors, limits, and inputs it is likely slower on).
pub fn parse(input: &[u8], opts: &ParseOptions) -> Option<Document> {
    if prefers_precise(input) {
        return None;
    }
    let mut buf = input.to_vec();
    let doc = BUFFERS.with_borrow_mut(|b| {
        simd_json::to_tape_with_buffers(&mut buf, b)
            .ok()
            .and_then(|t| convert(&t.0, input.len()))
    })?;
    if opts.max_depth < SIMD_MAX_DEPTH && doc.depth() > opts.max_depth {
        return None;
    }
    Some(doc)
}
