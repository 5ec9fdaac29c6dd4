//! The parsed form of a JSON document: a flat tape of [`Node`]s.
//!
//! Bindings walk the tape to build their native values directly (Python
//! dicts, Ruby hashes) or expose it as-is (C and C++ handles). The tape is in
//! document order; a container node records how many direct children it has
//! and where its subtree ends, so siblings can be skipped in O(1).
//! Strings and big-number texts live in one arena owned by the document.

use super::sink::Sink;
use crate::error::Error;
use std::ops::Range;

/// One value on the tape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A positive integer in `i64::MAX + 1 ..= u64::MAX`.
    UInt(u64),
    /// A number with a fraction or exponent (may be ±inf if out of range,
    /// as Python's and Ruby's parsers give).
    Float(f64),
    /// An integer beyond 64 bits; its exact decimal text is in the arena.
    BigInt(Text),
    /// A string, unescaped, in the arena.
    Str(Text),
    /// An array with `len` elements; its subtree ends before tape index `end`.
    Array {
        /// Number of elements.
        len: usize,
        /// Tape index one past the last node of this array's subtree.
        end: usize,
    },
    /// An object with `len` members (each a `Str` key node followed by the
    /// value's subtree); its subtree ends before tape index `end`.
    Object {
        /// Number of members.
        len: usize,
        /// Tape index one past the last node of this object's subtree.
        end: usize,
    },
}

/// A byte range in a [`Document`]'s string arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    start: u32,
    len: u32,
}

impl Text {
    fn range(self) -> Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// The type of a value, as bindings report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum ValueType {
    /// `null`
    Null = 0,
    /// `true` / `false`
    Bool = 1,
    /// An integer that fits in `i64` or `u64`.
    Int = 2,
    /// An integer beyond 64 bits (exact text available).
    BigInt = 3,
    /// A floating-point number.
    Float = 4,
    /// A string.
    String = 5,
    /// An array.
    Array = 6,
    /// An object.
    Object = 7,
}

impl Node {
    /// This node's [`ValueType`].
    pub fn value_type(&self) -> ValueType {
        match self {
            Node::Null => ValueType::Null,
            Node::Bool(_) => ValueType::Bool,
            Node::Int(_) | Node::UInt(_) => ValueType::Int,
            Node::BigInt(_) => ValueType::BigInt,
            Node::Float(_) => ValueType::Float,
            Node::Str(_) => ValueType::String,
            Node::Array { .. } => ValueType::Array,
            Node::Object { .. } => ValueType::Object,
        }
    }
}

/// A parsed JSON document: the tape plus the arena its strings point into.
///
/// Index 0 is the root. A `Document` is immutable once built, `Send` and
/// `Sync`; readers may share it between threads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    nodes: Vec<Node>,
    arena: String,
}

impl Document {
    /// An empty builder-state document (no root yet). Used by the parsers.
    pub(crate) fn with_capacity(nodes: usize, arena: usize) -> Document {
        Document {
            nodes: Vec::with_capacity(nodes),
            arena: String::with_capacity(arena),
        }
    }

    /// All nodes, in document order. Index 0 is the root.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node at tape index `i`, if in range.
    pub fn get(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    /// The node at tape index `i`. Panics if out of range.
    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// The root value's tape index (always 0).
    pub fn root(&self) -> usize {
        0
    }

    /// The text a `Str` or `BigInt` node refers to.
    pub fn text(&self, t: Text) -> &str {
        &self.arena[t.range()]
    }

    /// The string value at `i`, if that node is a string.
    pub fn str_at(&self, i: usize) -> Option<&str> {
        match self.nodes.get(i)? {
            Node::Str(t) => Some(self.text(*t)),
            _ => None,
        }
    }

    /// Tape index just past the subtree rooted at `i` (its next sibling).
    pub fn skip(&self, i: usize) -> usize {
        match self.nodes[i] {
            Node::Array { end, .. } | Node::Object { end, .. } => end,
            _ => i + 1,
        }
    }

    /// The tape indices of the elements of the array at `i` (empty if `i`
    /// is not an array).
    pub fn array_items(&self, i: usize) -> Children<'_> {
        let len = match self.nodes.get(i) {
            Some(Node::Array { len, .. }) => *len,
            _ => 0,
        };
        Children {
            doc: self,
            next: i + 1,
            remaining: len,
        }
    }

    /// The `(key index, value index)` pairs of the object at `i` (empty if
    /// `i` is not an object). Key nodes are `Str`.
    pub fn object_members(&self, i: usize) -> Members<'_> {
        let len = match self.nodes.get(i) {
            Some(Node::Object { len, .. }) => *len,
            _ => 0,
        };
        Members {
            doc: self,
            next: i + 1,
            remaining: len,
        }
    }

    /// The value of the last member named `key` in the object at `i`
    /// (last, as Python's and Ruby's parsers keep the last duplicate).
    pub fn object_get(&self, i: usize, key: &str) -> Option<usize> {
        self.object_members(i)
            .filter(|&(k, _)| self.str_at(k) == Some(key))
            .map(|(_, v)| v)
            .last()
    }

    /// Maximum nesting depth of the document (0 for a scalar root).
    pub fn depth(&self) -> usize {
        let mut ends: Vec<usize> = Vec::new();
        let mut max = 0;
        for (i, n) in self.nodes.iter().enumerate() {
            while ends.last().is_some_and(|&e| e <= i) {
                ends.pop();
            }
            if let Node::Array { end, .. } | Node::Object { end, .. } = n {
                ends.push(*end);
                max = max.max(ends.len());
            }
        }
        max
    }

    // ---- building (used by the parsers and the builder API) ----

    /// Appends `s` to the arena and returns its [`Text`].
    pub(crate) fn push_text(&mut self, s: &str) -> Text {
        Document::push_text_to(&mut self.arena, s)
    }

    /// Appends `s` to `arena` (a future document's arena, see
    /// [`Document::from_parts`]) and returns its [`Text`].
    #[inline]
    pub(crate) fn push_text_to(arena: &mut String, s: &str) -> Text {
        let start = arena.len();
        arena.push_str(s);
        Text {
            start: start as u32,
            len: s.len() as u32,
        }
    }

    /// A document from a finished tape and the arena its texts point into
    /// (the simd-json fast path builds both in one pass).
    pub(crate) fn from_parts(nodes: Vec<Node>, arena: String) -> Document {
        Document { nodes, arena }
    }

    /// Appends a node and returns its tape index.
    pub(crate) fn push(&mut self, n: Node) -> usize {
        self.nodes.push(n);
        self.nodes.len() - 1
    }

    /// Sets the `len`/`end` of the container at `i` once its children are in.
    pub(crate) fn close(&mut self, i: usize, count: usize) {
        let end = self.nodes.len();
        match &mut self.nodes[i] {
            Node::Array { len, end: e } | Node::Object { len, end: e } => {
                *len = count;
                *e = end;
            }
            _ => unreachable!("close() on a scalar node"),
        }
    }

    /// Current arena size in bytes; parsers refuse documents whose strings
    /// would exceed `u32::MAX` bytes.
    pub(crate) fn arena_len(&self) -> usize {
        self.arena.len()
    }
}

/// Iterator over the element indices of an array (see [`Document::array_items`]).
pub struct Children<'a> {
    doc: &'a Document,
    next: usize,
    remaining: usize,
}

impl Iterator for Children<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let i = self.next;
        self.next = self.doc.skip(i);
        Some(i)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Children<'_> {}

/// Iterator over `(key index, value index)` of an object (see
/// [`Document::object_members`]).
pub struct Members<'a> {
    doc: &'a Document,
    next: usize,
    remaining: usize,
}

impl Iterator for Members<'_> {
    type Item = (usize, usize);
    fn next(&mut self) -> Option<(usize, usize)> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let k = self.next;
        let v = k + 1;
        self.next = self.doc.skip(v);
        Some((k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Members<'_> {}

/// The [`Sink`] that builds a [`Document`]: the precise parser's output
/// for the tape API (C, C++, Ruby, the log engine).
pub(crate) struct TapeSink {
    doc: Document,
}

impl TapeSink {
    /// A sink for a document of `input_len` bytes: the tape and arena are
    /// sized for typical documents, so few inputs regrow them.
    pub(crate) fn for_input(input_len: usize) -> TapeSink {
        TapeSink {
            // At least 16 nodes, so small documents rarely regrow the tape.
            doc: Document::with_capacity(input_len / 8 + 16, input_len / 2),
        }
    }
}

// The arena never outgrows `u32` offsets: the parser refuses inputs over
// `u32::MAX` bytes, and every arena text (string, key, big integer) comes
// from its own part of the input and is never longer than that part
// (unescaping only shrinks text).
impl Sink for TapeSink {
    type Output = Document;
    type Error = Error;
    /// The container's tape index.
    type Mark = usize;

    fn null(&mut self) -> Result<(), Error> {
        self.doc.push(Node::Null);
        Ok(())
    }
    fn bool(&mut self, v: bool) -> Result<(), Error> {
        self.doc.push(Node::Bool(v));
        Ok(())
    }
    fn int(&mut self, v: i64) -> Result<(), Error> {
        self.doc.push(Node::Int(v));
        Ok(())
    }
    fn uint(&mut self, v: u64) -> Result<(), Error> {
        self.doc.push(Node::UInt(v));
        Ok(())
    }
    fn big_int(&mut self, text: &str) -> Result<(), Error> {
        let t = self.doc.push_text(text);
        self.doc.push(Node::BigInt(t));
        Ok(())
    }
    fn float(&mut self, v: f64) -> Result<(), Error> {
        self.doc.push(Node::Float(v));
        Ok(())
    }
    fn string(&mut self, s: &str, _ascii: bool) -> Result<(), Error> {
        let t = self.doc.push_text(s);
        self.doc.push(Node::Str(t));
        Ok(())
    }
    fn key(&mut self, s: &str, ascii: bool) -> Result<(), Error> {
        self.string(s, ascii)
    }
    fn begin_array(&mut self) -> Result<usize, Error> {
        Ok(self.doc.push(Node::Array { len: 0, end: 0 }))
    }
    fn end_array(&mut self, node: usize, len: usize) -> Result<(), Error> {
        self.doc.close(node, len);
        Ok(())
    }
    fn begin_object(&mut self) -> Result<usize, Error> {
        Ok(self.doc.push(Node::Object { len: 0, end: 0 }))
    }
    fn end_object(&mut self, node: usize, len: usize) -> Result<(), Error> {
        self.doc.close(node, len);
        Ok(())
    }
    fn finish(self) -> Result<Document, Error> {
        Ok(self.doc)
    }
}
