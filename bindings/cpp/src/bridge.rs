//! The cxx bridge: the Rust functions `brownfield.hpp` calls.
//!
//! Every function here only translates between the core
//! ([`brownfield::json`]) and shared C++/Rust types. None can unwind into
//! C++: the two that run core code ([`parse`], [`Doc::serialize`]) catch
//! panics and report them as an `Internal` error, and the accessors are total
//! (an out-of-range index gives a neutral answer instead of panicking).
//! Errors travel as an [`ffi::ErrorInfo`] out-parameter, because cxx would
//! turn a Rust `Result` into a `rust::Error` that carries only a message; the
//! header throws `brownfield::Error` from the filled struct.

use brownfield::json::{self, Document, Node, ParseOptions, WriteOptions};
use brownfield::{Error, ErrorKind};
use cxx::CxxString;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;

/// The bridge's shared types and function signatures (C++ namespace
/// `brownfield::ffi`, header `brownfield-cpp/src/bridge.rs.h`).
#[cxx::bridge(namespace = "brownfield::ffi")]
pub mod ffi {
    /// What went wrong; the same numbers as the core's `ErrorKind` and the C
    /// binding's `bf_error_kind`.
    #[repr(u32)]
    #[derive(Debug)]
    enum ErrorKind {
        /// The input ended in the middle of a value (truncated document).
        UnexpectedEof = 1,
        /// A character that cannot start a JSON value.
        ExpectedValue = 2,
        /// Something other than `,` or `]` after an array element.
        ExpectedArrayCommaOrEnd = 3,
        /// Something other than `,` or `}` after an object member.
        ExpectedObjectCommaOrEnd = 4,
        /// An object key that is not a string (or a trailing comma before `}`).
        ExpectedKey = 5,
        /// Something other than `:` after an object key.
        ExpectedColon = 6,
        /// A number that does not follow the JSON grammar.
        InvalidNumber = 7,
        /// A backslash escape that JSON does not define.
        InvalidEscape = 8,
        /// A `\u` escape that is an unpaired UTF-16 surrogate.
        InvalidUnicodeEscape = 9,
        /// A raw control character (U+0000..U+001F) inside a string.
        ControlCharacterInString = 10,
        /// The input bytes are not valid UTF-8.
        InvalidUtf8 = 11,
        /// Non-whitespace after the document's single value.
        TrailingCharacters = 12,
        /// Arrays and objects nested deeper than the configured limit.
        NestingTooDeep = 13,
        /// A literal that starts like `true`, `false` or `null` but is not one.
        InvalidLiteral = 14,
        /// The input is empty or only whitespace.
        EmptyInput = 15,
        /// A value the serializer cannot write (e.g. NaN when not allowed).
        Unserializable = 16,
        /// A caller broke the API contract (wrong type, index out of range).
        InvalidArgument = 17,
        /// An I/O error while reading or writing.
        Io = 18,
        /// A bug inside brownfield (caught panic); please report it.
        Internal = 19,
    }

    /// The type of a JSON value; the same numbers as the core's `ValueType`.
    #[repr(u32)]
    #[derive(Debug)]
    enum ValueType {
        /// `null`
        Null = 0,
        /// `true` / `false`
        Bool = 1,
        /// An integer that fits in `int64_t` or `uint64_t`.
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

    /// A brownfield error as plain fields; filled by [`parse`] and
    /// [`Doc::serialize`] when they return failure.
    #[derive(Debug)]
    struct ErrorInfo {
        /// The machine-readable kind.
        kind: ErrorKind,
        /// The message without position.
        message: String,
        /// The full text for `what()`: the message, then
        /// `at line L column C (byte B)` when there is a position.
        display: String,
        /// Whether `offset`, `line` and `column` are meaningful (decode errors).
        has_position: bool,
        /// Byte offset into the input (0-based).
        offset: usize,
        /// Line (1-based).
        line: usize,
        /// Column (1-based, in characters).
        column: usize,
    }

    /// Everything about one tape node except its text.
    #[derive(Debug)]
    struct NodeInfo {
        /// The value's type.
        value_type: ValueType,
        /// For `Int`: the value is a `u64` above `i64::MAX` (read `uint_value`).
        is_unsigned: bool,
        /// For `Bool`: the value.
        bool_value: bool,
        /// For `Int` that fits `i64`: the value.
        int_value: i64,
        /// For `Int`: the value as `u64` when it is non-negative.
        uint_value: u64,
        /// For `Float`: the value.
        float_value: f64,
        /// For `Array`/`Object`: number of elements/members.
        len: usize,
        /// Tape index just after this value's subtree: its next sibling
        /// (for a member value, the next member's key).
        next: usize,
    }

    /// Serializer options (see `brownfield::json::WriteOptions` in the header).
    #[derive(Debug)]
    struct WriteOpts {
        /// Negative: one line. Otherwise pretty-print with this many spaces
        /// per level and `": "` after keys.
        indent: i32,
        /// Escape every non-ASCII character as `\uXXXX`.
        ensure_ascii: bool,
        /// Write NaN/±Infinity instead of failing with `Unserializable`.
        allow_nan: bool,
        /// Deepest nesting the writer accepts.
        max_depth: usize,
    }

    extern "Rust" {
        /// A parsed document (the core's tape and string arena).
        type Doc;

        /// Parses `input`. On failure fills `error` and returns an empty
        /// document (`len() == 0`); a parsed document is never empty.
        fn parse(input: &[u8], max_depth: usize, error: &mut ErrorInfo) -> Box<Doc>;

        /// Number of tape nodes (0 only for a failed parse).
        fn len(self: &Doc) -> usize;
        /// The node at tape index `i` (`Null` when out of range).
        fn node(self: &Doc, i: usize) -> NodeInfo;
        /// The text of a string or big-integer node (empty otherwise).
        fn text(self: &Doc, i: usize) -> &str;
        /// Tape index of element `n` of the array at `i`, or `usize::MAX`.
        fn array_get(self: &Doc, i: usize, n: usize) -> usize;
        /// Tape index of the value of the last member named `key` of the
        /// object at `i`, or `usize::MAX`.
        fn object_get(self: &Doc, i: usize, key: &[u8]) -> usize;
        /// Serializes the subtree at `i` into `out` (replacing its contents).
        /// On failure fills `error` and returns false.
        fn serialize(
            self: &Doc,
            i: usize,
            opts: &WriteOpts,
            out: Pin<&mut CxxString>,
            error: &mut ErrorInfo,
        ) -> bool;

        /// The stable snake_case name of `kind` (e.g. `unexpected_eof`);
        /// empty for a number that is not a kind.
        fn error_kind_name(kind: ErrorKind) -> &'static str;
        /// The parser's default nesting limit.
        fn default_max_depth() -> usize;
    }
}

/// A parsed JSON document owned by C++ through `rust::Box<Doc>`.
///
/// Immutable after parsing, so C++ may read it from several threads at
/// once. Empty (no nodes) only when returned by a failed [`parse`].
pub struct Doc {
    doc: Document,
}

/// Copies a core error into the shared struct.
fn fill(out: &mut ffi::ErrorInfo, e: &Error) {
    out.kind = ffi::ErrorKind {
        repr: e.kind() as u32,
    };
    out.message = e.message().to_owned();
    out.display = e.to_string();
    out.has_position = e.position().is_some();
    out.offset = e.offset();
    out.line = e.line();
    out.column = e.column();
}

/// The error reported when core code panicked (a bug, never expected).
fn internal(what: &str) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!("internal error (panic) in {what}; please report it"),
    )
}

/// See the bridge declaration.
pub fn parse(input: &[u8], max_depth: usize, error: &mut ffi::ErrorInfo) -> Box<Doc> {
    let opts = ParseOptions { max_depth };
    let result =
        catch_unwind(|| json::parse(input, &opts)).unwrap_or_else(|_| Err(internal("parse")));
    match result {
        Ok(doc) => Box::new(Doc { doc }),
        Err(e) => {
            fill(error, &e);
            Box::new(Doc {
                doc: Document::default(),
            })
        }
    }
}

/// Sentinel for "no such element/member" (C++ `SIZE_MAX`).
const NONE: usize = usize::MAX;

impl Doc {
    /// See the bridge declaration.
    pub fn len(&self) -> usize {
        self.doc.nodes().len()
    }

    /// True for the empty document of a failed parse.
    pub fn is_empty(&self) -> bool {
        self.doc.nodes().is_empty()
    }

    /// See the bridge declaration.
    pub fn node(&self, i: usize) -> ffi::NodeInfo {
        let node = self.doc.get(i).copied().unwrap_or(Node::Null);
        let mut info = ffi::NodeInfo {
            value_type: ffi::ValueType {
                repr: node.value_type() as u32,
            },
            is_unsigned: false,
            bool_value: false,
            int_value: 0,
            uint_value: 0,
            float_value: 0.0,
            len: 0,
            next: self.skip(i),
        };
        match node {
            Node::Bool(b) => info.bool_value = b,
            Node::Int(v) => {
                info.int_value = v;
                info.uint_value = v as u64;
            }
            Node::UInt(v) => {
                info.is_unsigned = true;
                info.uint_value = v;
            }
            Node::Float(v) => info.float_value = v,
            Node::Array { len, .. } | Node::Object { len, .. } => info.len = len,
            Node::Null | Node::Str(_) | Node::BigInt(_) => {}
        }
        info
    }

    /// See the bridge declaration.
    pub fn text(&self, i: usize) -> &str {
        match self.doc.get(i) {
            Some(Node::Str(t) | Node::BigInt(t)) => self.doc.text(*t),
            _ => "",
        }
    }

    /// The tape index after the subtree at `i` (`i + 1` when out of range).
    fn skip(&self, i: usize) -> usize {
        if i < self.len() {
            self.doc.skip(i)
        } else {
            i.saturating_add(1)
        }
    }

    /// See the bridge declaration.
    pub fn array_get(&self, i: usize, n: usize) -> usize {
        self.doc.array_items(i).nth(n).unwrap_or(NONE)
    }

    /// See the bridge declaration.
    pub fn object_get(&self, i: usize, key: &[u8]) -> usize {
        // A key that is not UTF-8 cannot equal any parsed key.
        std::str::from_utf8(key)
            .ok()
            .and_then(|k| self.doc.object_get(i, k))
            .unwrap_or(NONE)
    }

    /// See the bridge declaration.
    pub fn serialize(
        &self,
        i: usize,
        opts: &ffi::WriteOpts,
        mut out: Pin<&mut CxxString>,
        error: &mut ffi::ErrorInfo,
    ) -> bool {
        let result = catch_unwind(AssertUnwindSafe(|| self.write(i, opts)))
            .unwrap_or_else(|_| Err(internal("serialize")));
        match result {
            Ok(bytes) => {
                out.as_mut().clear();
                out.as_mut().push_bytes(&bytes);
                true
            }
            Err(e) => {
                fill(error, &e);
                false
            }
        }
    }

    /// Writes the subtree at `i` with the options the C++ caller chose.
    fn write(&self, i: usize, opts: &ffi::WriteOpts) -> brownfield::Result<Vec<u8>> {
        if i >= self.len() {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("no value at index {i}"),
            ));
        }
        let mut w = json::Writer::new(write_options(opts));
        self.doc.write_value(i, &mut w)?;
        Ok(w.into_bytes())
    }
}

/// Maps the C++ options onto the core's [`WriteOptions::compact`] preset.
fn write_options(opts: &ffi::WriteOpts) -> WriteOptions {
    let mut w = WriteOptions::compact();
    w.ensure_ascii = opts.ensure_ascii;
    w.allow_nan = opts.allow_nan;
    w.max_depth = opts.max_depth;
    if let Ok(n) = usize::try_from(opts.indent) {
        w.indent = Some(" ".repeat(n));
        w.key_separator = ": ".into();
    }
    w
}

/// See the bridge declaration.
pub fn error_kind_name(kind: ffi::ErrorKind) -> &'static str {
    ErrorKind::ALL
        .into_iter()
        .find(|k| *k as u32 == kind.repr)
        .map_or("", ErrorKind::name)
}

/// See the bridge declaration.
pub fn default_max_depth() -> usize {
    json::DEFAULT_MAX_DEPTH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_the_core() {
        for k in ErrorKind::ALL {
            let mirrored = ffi::ErrorKind { repr: k as u32 };
            assert_eq!(error_kind_name(mirrored), k.name());
        }
        assert_eq!(ffi::ErrorKind::UnexpectedEof.repr, 1);
        assert_eq!(ffi::ErrorKind::Internal.repr, ErrorKind::Internal as u32);
        assert_eq!(ffi::ErrorKind::Io.repr, ErrorKind::Io as u32);
        assert_eq!(error_kind_name(ffi::ErrorKind { repr: 0 }), "");
    }

    #[test]
    fn value_types_match_the_core() {
        use brownfield::json::ValueType as V;
        let pairs = [
            (V::Null, ffi::ValueType::Null),
            (V::Bool, ffi::ValueType::Bool),
            (V::Int, ffi::ValueType::Int),
            (V::BigInt, ffi::ValueType::BigInt),
            (V::Float, ffi::ValueType::Float),
            (V::String, ffi::ValueType::String),
            (V::Array, ffi::ValueType::Array),
            (V::Object, ffi::ValueType::Object),
        ];
        for (core, mirrored) in pairs {
            assert_eq!(core as u32, mirrored.repr);
        }
    }

    #[test]
    fn accessors_are_total() {
        let d = Doc {
            doc: json::parse(br#"{"a":[1,"x"]}"#, &ParseOptions::default()).unwrap(),
        };
        assert_eq!(d.len(), 5);
        assert_eq!(d.node(99).value_type, ffi::ValueType::Null);
        assert_eq!(d.node(0).next, 5);
        assert_eq!(d.node(2).next, 5);
        assert_eq!(d.node(3).next, 4);
        assert_eq!(d.text(99), "");
        assert_eq!(d.skip(99), 100);
        assert_eq!(d.skip(usize::MAX), usize::MAX);
        assert_eq!(d.array_get(99, 0), NONE);
        assert_eq!(d.array_get(0, 0), NONE);
        assert_eq!(d.object_get(0, b"a"), 2);
        assert_eq!(d.object_get(0, b"\xff"), NONE);
        assert_eq!(d.array_get(2, 1), 4);
        assert_eq!(d.text(4), "x");
        assert!(d.write(99, &opts(-1)).is_err());
    }

    fn opts(indent: i32) -> ffi::WriteOpts {
        ffi::WriteOpts {
            indent,
            ensure_ascii: false,
            allow_nan: false,
            max_depth: 1024,
        }
    }

    #[test]
    fn indent_maps_to_pretty_printing() {
        let d = Doc {
            doc: json::parse(br#"{"a":[1]}"#, &ParseOptions::default()).unwrap(),
        };
        let text = d.write(0, &opts(2)).unwrap();
        assert_eq!(text, b"{\n  \"a\": [\n    1\n  ]\n}");
        assert_eq!(d.write(0, &opts(-1)).unwrap(), br#"{"a":[1]}"#);
    }
}
