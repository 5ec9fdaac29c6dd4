//! JSON: parse text into a [`Document`] tape (or into any [`Sink`], e.g. a
//! binding's native values, in one pass), and write JSON text from any walk
//! over values with a [`Writer`].
//!
//! Semantics (shared by every binding): RFC 8259 strictly — one value per
//! document, no trailing commas, comments, BOM, NaN literals or leading
//! zeros; integers of any size (beyond 64 bits kept as exact text); floats
//! parsed with correct rounding (overflow gives ±inf, as Python's and Ruby's
//! parsers do); duplicate keys kept in order (hosts building maps keep the
//! last); unpaired surrogate escapes are an error.

mod builder;
pub(crate) mod decimal;
mod document;
mod fast;
mod lines;
mod number;
mod pointer;
pub mod precise;
mod sink;
mod writer;

pub use builder::DocumentBuilder;
pub use document::{Children, Document, Members, Node, Text, ValueType};
pub use lines::{for_each_line, non_blank_lines, parse_lines, Line, NextBatch};
pub use number::FloatStyle;
pub use precise::{parse_into, parse_str_into, utf8, ParseBuffers};
pub use sink::Sink;
pub use writer::{CodeUnit, WriteOptions, Writer};

use crate::error::Result;

/// Default nesting limit for arrays and objects.
pub const DEFAULT_MAX_DEPTH: usize = 1024;

/// Options for [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// Deepest allowed nesting of arrays and objects; deeper input is a
    /// `NestingTooDeep` error, never a stack overflow.
    pub max_depth: usize,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// Parses one JSON document.
///
/// Small documents take the simd-json fast path when it can; everything
/// else is parsed by [`precise::parse`], so results and errors are always
/// the precise parser's.
pub fn parse(input: &[u8], opts: &ParseOptions) -> Result<Document> {
    match fast::parse(input, opts) {
        Some(doc) => Ok(doc),
        None => precise::parse(input, opts),
    }
}

/// Parses and re-serializes `input` with `write` options: the canonical
/// form used by the shared test vectors.
pub fn reformat(input: &[u8], parse_opts: &ParseOptions, write: &WriteOptions) -> Result<String> {
    parse(input, parse_opts)?.to_json(write)
}
