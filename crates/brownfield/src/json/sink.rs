//! What the precise parser builds: any [`Sink`] that receives a document's
//! values in document order.
//!
//! The parser ([`super::precise::parse_into`]) defines the grammar, the
//! errors and every implementation-defined corner (big integers, float
//! rounding, nesting limit, duplicate keys kept in order) once; a sink only
//! decides what to build from the events. The tape [`super::Document`] is
//! one sink; a binding can be another and build its native values in the
//! same pass that parses, with no intermediate tape (the parser is generic
//! over the sink, so each sink gets its own monomorphized copy, no dynamic
//! dispatch).
//!
//! Events arrive in document order: a container's `begin_*`, its children
//! (for objects, each member as `key` then the value's events), then its
//! `end_*` with the [`Sink::Mark`] its `begin_*` returned and the number of
//! direct children. When the parser finds an error it stops and drops the
//! sink without calling [`Sink::finish`].

use crate::error::Error;

/// Receives the values of one JSON document from the precise parser.
pub trait Sink {
    /// What [`Sink::finish`] gives for a complete document.
    type Output;
    /// The error type of the whole parse: parse errors convert into it,
    /// and the sink may fail with its own (e.g. a host allocation failure).
    type Error: From<Error>;
    /// What the sink needs back when a container closes (e.g. where its
    /// children start); the parser keeps it on its own stack, so a sink
    /// needs no stack of open containers.
    type Mark: Copy;

    /// `null`.
    fn null(&mut self) -> Result<(), Self::Error>;
    /// `true` or `false`.
    fn bool(&mut self, v: bool) -> Result<(), Self::Error>;
    /// An integer that fits in `i64`.
    fn int(&mut self, v: i64) -> Result<(), Self::Error>;
    /// A positive integer in `i64::MAX + 1 ..= u64::MAX`.
    fn uint(&mut self, v: u64) -> Result<(), Self::Error>;
    /// An integer beyond 64 bits, as its exact decimal text (an optional
    /// `-` and digits, no leading zeros).
    fn big_int(&mut self, text: &str) -> Result<(), Self::Error>;
    /// A number with a fraction or exponent, correctly rounded (±inf when
    /// out of range).
    fn float(&mut self, v: f64) -> Result<(), Self::Error>;
    /// A string value, unescaped; `ascii` tells whether every character is
    /// ASCII (so its UTF-8 length is its length in characters).
    fn string(&mut self, s: &str, ascii: bool) -> Result<(), Self::Error>;
    /// An object member's key, unescaped (`ascii` as for [`Sink::string`]);
    /// the member's value follows.
    fn key(&mut self, s: &str, ascii: bool) -> Result<(), Self::Error>;
    /// An array opens; its elements follow.
    fn begin_array(&mut self) -> Result<Self::Mark, Self::Error>;
    /// The innermost open array, opened with `mark`, closes after `len`
    /// elements.
    fn end_array(&mut self, mark: Self::Mark, len: usize) -> Result<(), Self::Error>;
    /// An object opens; its members follow.
    fn begin_object(&mut self) -> Result<Self::Mark, Self::Error>;
    /// The innermost open object, opened with `mark`, closes after `len`
    /// members (duplicates counted: every member was reported).
    fn end_object(&mut self, mark: Self::Mark, len: usize) -> Result<(), Self::Error>;
    /// The document is complete and valid: the sink's result.
    fn finish(self) -> Result<Self::Output, Self::Error>;
}
