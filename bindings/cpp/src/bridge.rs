//! The cxx bridge: the Rust functions `brownfield.hpp` calls.
//!
//! Every function here only translates between the core
//! ([`brownfield::json`]) and shared C++/Rust types. None can unwind into
//! C++: every one that runs core code (parsing, serializing, pointer lookup,
//! the builder, log queries) goes through [`report`], which catches panics
//! and reports them as an `Internal` error, and the accessors are total (an
//! out-of-range index gives a neutral answer instead of panicking). The
//! builder lives in [`crate::builder`], log queries in [`crate::logs`].
//! Errors travel as an [`ffi::ErrorInfo`] out-parameter, because cxx would
//! turn a Rust `Result` into a `rust::Error` that carries only a message; the
//! header throws `brownfield::Error` from the filled struct.

pub use crate::builder::{new_builder, DocBuilder};
pub use crate::logs::{logs_query_buffer, logs_query_path, LogResult};
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
        /// A log line that cannot be read (strict mode); `line` is its
        /// 1-based number.
        BadRecord = 20,
        /// The work was cancelled before it finished.
        Interrupted = 21,
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
        /// Write object members sorted by key (code point order, stable
        /// for duplicate keys), at every level.
        sort_keys: bool,
    }

    /// The type of a log query result cell.
    #[repr(u32)]
    #[derive(Debug)]
    enum CellType {
        /// A missing field, or an aggregate over no values.
        Null = 0,
        /// A boolean.
        Bool = 1,
        /// An integer (counts, exact sums, integer group keys).
        Int = 2,
        /// A floating-point number (means, quantiles, float sums).
        Float = 3,
        /// A string.
        String = 4,
        /// A list of values (what a `topN:field` aggregate gives).
        List = 5,
    }

    /// One result cell (or one item of a list cell), except its text.
    #[derive(Debug)]
    struct CellInfo {
        /// The cell's type.
        cell_type: CellType,
        /// For `Bool`: the value.
        bool_value: bool,
        /// For `Int`: the value.
        int_value: i64,
        /// For `Float`: the value; for `Int`: the value converted.
        float_value: f64,
        /// For `List`: the number of items.
        len: usize,
    }

    /// A log query, field for field what `brownfield stats` takes (see
    /// `brownfield::logs::Spec` in the header).
    #[derive(Debug)]
    struct LogSpec {
        /// `ndjson` (also when empty), `logfmt`, `common`, `combined` or
        /// `regex:PATTERN`.
        format: String,
        /// Filter expression; empty or only spaces: every record.
        filter: String,
        /// Group-by fields.
        group_by: Vec<String>,
        /// Aggregates (`count`, `mean:latency_ms`, ...); empty: `count`.
        aggregates: Vec<String>,
        /// Output columns to sort by, `-` prefix for descending.
        order_by: Vec<String>,
        /// Whether `limit` applies.
        has_limit: bool,
        /// Keep only this many rows after sorting (when `has_limit`).
        limit: usize,
        /// Skip (and count) lines that cannot be read instead of failing.
        skip_bad_lines: bool,
        /// Worker threads; 0: one per core.
        threads: usize,
        /// Bytes per chunk; 0: the core's default.
        chunk_size: usize,
    }

    /// A line skipped by a skip-mode query.
    #[derive(Debug)]
    struct BadLineInfo {
        /// 1-based line number in the input.
        line: u64,
        /// Byte offset of the line's start in the (decompressed) input.
        offset: u64,
        /// What was wrong with it.
        message: String,
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

        /// Resolves the JSON Pointer (RFC 6901) `pointer` from the value at
        /// `from`: sets `found` to the tape index it names, or `usize::MAX`
        /// when it is well formed but names nothing, and returns true. A
        /// malformed (or non-UTF-8) pointer or a bad `from` fills `error`
        /// and returns false.
        fn pointer(
            self: &Doc,
            from: usize,
            pointer: &[u8],
            found: &mut usize,
            error: &mut ErrorInfo,
        ) -> bool;

        /// A document under construction (the core's `DocumentBuilder`).
        type DocBuilder;

        /// A new, empty builder.
        fn new_builder() -> Box<DocBuilder>;
        /// Adds `null`. Every adding function returns false and fills
        /// `error` (`InvalidArgument`) when the value cannot come next (or
        /// the builder is finished); the builder is then unchanged.
        fn null(self: &mut DocBuilder, error: &mut ErrorInfo) -> bool;
        /// Adds `true` or `false`.
        fn boolean(self: &mut DocBuilder, value: bool, error: &mut ErrorInfo) -> bool;
        /// Adds a signed integer.
        fn int64(self: &mut DocBuilder, value: i64, error: &mut ErrorInfo) -> bool;
        /// Adds an unsigned integer.
        fn uint64(self: &mut DocBuilder, value: u64, error: &mut ErrorInfo) -> bool;
        /// Adds a float (NaN and infinities are kept).
        fn float64(self: &mut DocBuilder, value: f64, error: &mut ErrorInfo) -> bool;
        /// Adds an integer of any size given as decimal text.
        fn int_text(self: &mut DocBuilder, text: &[u8], error: &mut ErrorInfo) -> bool;
        /// Adds a string (must be UTF-8: `InvalidUtf8` otherwise).
        fn string(self: &mut DocBuilder, text: &[u8], error: &mut ErrorInfo) -> bool;
        /// Adds the key of the next object member (UTF-8).
        fn key(self: &mut DocBuilder, text: &[u8], error: &mut ErrorInfo) -> bool;
        /// Starts an array.
        fn begin_array(self: &mut DocBuilder, error: &mut ErrorInfo) -> bool;
        /// Ends the innermost open array.
        fn end_array(self: &mut DocBuilder, error: &mut ErrorInfo) -> bool;
        /// Starts an object.
        fn begin_object(self: &mut DocBuilder, error: &mut ErrorInfo) -> bool;
        /// Ends the innermost open object.
        fn end_object(self: &mut DocBuilder, error: &mut ErrorInfo) -> bool;
        /// Finishes the builder (which is then used up, even on failure)
        /// and returns the document; on failure fills `error` and returns
        /// an empty document (`len() == 0`).
        fn finish(self: &mut DocBuilder, error: &mut ErrorInfo) -> Box<Doc>;

        /// The answer to a log query (the core's `QueryResult`).
        type LogResult;

        /// Runs `spec` over the file at `path` (raw path bytes; plain or
        /// gzip). On failure fills `error` and returns a result whose
        /// `is_ok()` is false.
        fn logs_query_path(spec: &LogSpec, path: &[u8], error: &mut ErrorInfo) -> Box<LogResult>;
        /// Runs `spec` over the bytes `data` (plain or gzip), which are
        /// read during the call and not copied. Failure as for
        /// `logs_query_path`.
        fn logs_query_buffer(spec: &LogSpec, data: &[u8], error: &mut ErrorInfo) -> Box<LogResult>;
        /// False for the empty result of a failed query.
        fn is_ok(self: &LogResult) -> bool;
        /// Number of output columns.
        fn column_count(self: &LogResult) -> usize;
        /// Name of column `i` (empty when out of range).
        fn column_name(self: &LogResult, i: usize) -> &str;
        /// Number of rows.
        fn row_count(self: &LogResult) -> usize;
        /// The cell at (`row`, `col`), or with `item != usize::MAX` item
        /// `item` of that list cell; `Null` when any index is out of range.
        fn cell(self: &LogResult, row: usize, col: usize, item: usize) -> CellInfo;
        /// The text of a string cell (or list item) addressed as in `cell`;
        /// empty otherwise.
        fn cell_text(self: &LogResult, row: usize, col: usize, item: usize) -> &str;
        /// The cell (or list item) as the brownfield command prints it.
        fn cell_display(self: &LogResult, row: usize, col: usize, item: usize) -> String;
        /// Non-empty lines read.
        fn lines_read(self: &LogResult) -> u64;
        /// Records that passed the filter.
        fn lines_matched(self: &LogResult) -> u64;
        /// Bad lines skipped (skip mode; 0 in strict mode).
        fn lines_skipped(self: &LogResult) -> u64;
        /// The first few skipped lines, by line number.
        fn bad_lines(self: &LogResult) -> Vec<BadLineInfo>;

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
    pub(crate) doc: Document,
}

/// Copies a core error into the shared struct.
pub(crate) fn fill(out: &mut ffi::ErrorInfo, e: &Error) {
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

/// Runs `f` (core code) without letting a panic escape: a panic becomes an
/// `Internal` error about `what`. On error fills `error` and gives `None`.
pub(crate) fn report<T>(
    error: &mut ffi::ErrorInfo,
    what: &str,
    f: impl FnOnce() -> brownfield::Result<T>,
) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(internal(what))) {
        Ok(v) => Some(v),
        Err(e) => {
            fill(error, &e);
            None
        }
    }
}

/// `bytes` as text, or an `InvalidUtf8` error naming the argument.
pub(crate) fn utf8<'a>(bytes: &'a [u8], name: &str) -> brownfield::Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidUtf8,
            format!("{name} is not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })
}

/// See the bridge declaration.
pub fn parse(input: &[u8], max_depth: usize, error: &mut ffi::ErrorInfo) -> Box<Doc> {
    let opts = ParseOptions { max_depth };
    let doc = report(error, "parse", || json::parse(input, &opts)).unwrap_or_default();
    Box::new(Doc { doc })
}

/// Sentinel for "no such element/member" (C++ `SIZE_MAX`).
pub(crate) const NONE: usize = usize::MAX;

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
        match report(error, "serialize", || self.write(i, opts)) {
            Some(bytes) => {
                out.as_mut().clear();
                out.as_mut().push_bytes(&bytes);
                true
            }
            None => false,
        }
    }

    /// See the bridge declaration.
    pub fn pointer(
        &self,
        from: usize,
        pointer: &[u8],
        found: &mut usize,
        error: &mut ffi::ErrorInfo,
    ) -> bool {
        let result = report(error, "pointer", || {
            self.doc.pointer(from, utf8(pointer, "JSON Pointer")?)
        });
        match result {
            Some(at) => {
                *found = at.unwrap_or(NONE);
                true
            }
            None => false,
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
    w.sort_keys = opts.sort_keys;
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
pub(crate) mod tests {
    use super::*;

    /// A zeroed error struct for tests to pass in.
    pub(crate) fn no_error() -> ffi::ErrorInfo {
        ffi::ErrorInfo {
            kind: ffi::ErrorKind { repr: 0 },
            message: String::new(),
            display: String::new(),
            has_position: false,
            offset: 0,
            line: 0,
            column: 0,
        }
    }

    #[test]
    fn kinds_match_the_core() {
        for k in ErrorKind::ALL {
            let mirrored = ffi::ErrorKind { repr: k as u32 };
            assert_eq!(error_kind_name(mirrored), k.name());
        }
        assert_eq!(ffi::ErrorKind::UnexpectedEof.repr, 1);
        assert_eq!(ffi::ErrorKind::Internal.repr, ErrorKind::Internal as u32);
        assert_eq!(ffi::ErrorKind::Io.repr, ErrorKind::Io as u32);
        assert_eq!(ffi::ErrorKind::BadRecord.repr, ErrorKind::BadRecord as u32);
        assert_eq!(
            ffi::ErrorKind::Interrupted.repr,
            ErrorKind::Interrupted as u32
        );
        assert_eq!(
            ErrorKind::ALL.len(),
            21,
            "mirror new kinds in ffi::ErrorKind"
        );
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
            sort_keys: false,
        }
    }

    #[test]
    fn pointer_reports_found_missing_and_malformed() {
        let d = Doc {
            doc: json::parse(br#"{"a":[1,"x"]}"#, &ParseOptions::default()).unwrap(),
        };
        let mut e = no_error();
        let mut found = 0;
        assert!(d.pointer(0, b"/a/1", &mut found, &mut e));
        assert_eq!(found, 4);
        assert!(d.pointer(0, b"/b", &mut found, &mut e));
        assert_eq!(found, NONE);
        assert!(!d.pointer(0, b"a", &mut found, &mut e));
        assert_eq!(e.kind, ffi::ErrorKind::InvalidArgument);
        assert!(!d.pointer(0, b"/\xff", &mut found, &mut e));
        assert_eq!(e.kind, ffi::ErrorKind::InvalidUtf8);
        assert!(!d.pointer(99, b"", &mut found, &mut e));
        assert_eq!(e.kind, ffi::ErrorKind::InvalidArgument);
    }

    #[test]
    fn sort_keys_maps_to_the_core_option() {
        let d = Doc {
            doc: json::parse(br#"{"b":{"d":1,"c":2},"a":0}"#, &ParseOptions::default()).unwrap(),
        };
        let mut o = opts(-1);
        o.sort_keys = true;
        assert_eq!(d.write(0, &o).unwrap(), br#"{"a":0,"b":{"c":2,"d":1}}"#);
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
