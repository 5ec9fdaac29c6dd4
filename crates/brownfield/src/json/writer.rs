//! The JSON serializer, driven by whoever walks the values.
//!
//! A [`Writer`] is a push API: a binding walks its native values (Python
//! dicts, Ruby hashes, a C document) and calls `null`, `int`, `string`,
//! `begin_array`, `key`, ... in document order. The writer owns separators,
//! indentation, escaping, number layout and the nesting limit, so every
//! binding produces identical text for identical options and no binding's
//! recursion can go deeper than [`WriteOptions::max_depth`].
//!
//! Two layouts: the standard one (Python's `json`, C, C++: `indent` puts
//! each item on its own line, empty containers stay `[]`/`{}`) and the
//! explicit one of Ruby's json gem ([`WriteOptions::explicit_layout`]).
//! Hosts that store strings as fixed-width code units write them with
//! [`Writer::string_units`], hosts with their own serializers splice text
//! with [`Writer::raw_value`], and hosts that meet the same keys often can
//! keep their quoted text ([`Writer::quote`], [`Writer::key_quoted`]).

use super::document::{Document, Node};
use super::number::{self, FloatStyle};
use crate::error::{Error, ErrorKind, Result};
use crate::swar::{self, HIGH, LANES};
use std::borrow::Cow;

/// How to write JSON text. Start from a preset ([`WriteOptions::python`],
/// [`WriteOptions::ruby`], [`WriteOptions::compact`]) and adjust.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// Float layout (Python `repr` or Ruby `to_s`).
    pub float_style: FloatStyle,
    /// Escape every non-ASCII character as `\uXXXX` (and DEL as `\u007f`
    /// when [`escape_del`](Self::escape_del) is set).
    pub ensure_ascii: bool,
    /// With `ensure_ascii`, also escape DEL (U+007F) as `\u007f`, as
    /// Python's `json` does (Ruby's json gem leaves it as is). No effect
    /// without `ensure_ascii`.
    pub escape_del: bool,
    /// Write `/` as `\/` (the json gem's `escape_slash`).
    pub escape_slash: bool,
    /// Write NaN and ±Infinity as `NaN`/`Infinity`/`-Infinity` (not JSON,
    /// but Python's default); otherwise they are an error.
    pub allow_nan: bool,
    /// Between items (array elements, object members), e.g. `", "`
    /// (borrowed when static, so the presets allocate nothing).
    pub item_separator: Cow<'static, str>,
    /// Between a key and its value, e.g. `": "`.
    pub key_separator: Cow<'static, str>,
    /// Pretty-print: a newline before each item, indented by this string
    /// once per level. `None` writes everything on one line. With
    /// [`explicit_layout`](Self::explicit_layout), only the indentation
    /// (no newline).
    pub indent: Option<String>,
    /// Lay out the way Ruby's json gem (`JSON::State`) does instead of the
    /// standard layout above: each item is preceded by its separator (after
    /// the first), the container's newline string
    /// ([`object_nl`](Self::object_nl) before every member,
    /// [`array_nl`](Self::array_nl) after `[` and after every separator)
    /// and `indent` once per level; each closing bracket by its
    /// container's newline string and `indent` once per level of the
    /// container itself, when that newline string is set (`Some`, even
    /// empty), also for empty containers. So `[]` with `array_nl` `"\n"`
    /// is `"[\n\n]"` and `{}` with `object_nl` `"\n"` is `"{\n}"`.
    pub explicit_layout: bool,
    /// With `explicit_layout`: the newline string of objects.
    pub object_nl: Option<String>,
    /// With `explicit_layout`: the newline string of arrays.
    pub array_nl: Option<String>,
    /// Nesting depth the top-level value is written at, for a fragment
    /// embedded in a larger document: indentation and the
    /// [`max_depth`](Self::max_depth) check count from here. Usually 0.
    pub start_depth: usize,
    /// Deepest allowed nesting of arrays and objects (protects callers'
    /// recursion and catches circular structures).
    pub max_depth: usize,
    /// Write object members sorted by key (code point order, stable for
    /// duplicates). [`Document::write_value`] honours it; bindings walking
    /// their own maps sort before calling [`Writer::key`].
    pub sort_keys: bool,
}

impl WriteOptions {
    /// What Python's `json.dumps(obj)` writes with default arguments.
    pub fn python() -> WriteOptions {
        WriteOptions {
            float_style: FloatStyle::Python,
            ensure_ascii: true,
            escape_del: true,
            escape_slash: false,
            allow_nan: true,
            item_separator: ", ".into(),
            key_separator: ": ".into(),
            indent: None,
            explicit_layout: false,
            object_nl: None,
            array_nl: None,
            start_depth: 0,
            max_depth: 1024,
            sort_keys: false,
        }
    }

    /// What Ruby's `JSON.generate(obj)` writes with default options (json
    /// 2.6: with `ascii_only`, DEL stays as is).
    pub fn ruby() -> WriteOptions {
        WriteOptions {
            float_style: FloatStyle::Ruby,
            ensure_ascii: false,
            escape_del: false,
            escape_slash: false,
            allow_nan: false,
            item_separator: ",".into(),
            key_separator: ":".into(),
            indent: None,
            explicit_layout: false,
            object_nl: None,
            array_nl: None,
            start_depth: 0,
            max_depth: 1024,
            sort_keys: false,
        }
    }

    /// Compact standard JSON: no spaces, UTF-8 kept, non-finite floats
    /// rejected. The C and C++ default.
    pub fn compact() -> WriteOptions {
        WriteOptions {
            float_style: FloatStyle::Python,
            escape_del: true,
            ..WriteOptions::ruby()
        }
    }
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions::compact()
    }
}

/// Escape class per byte: 0 = copy as is, b'u' = `\u00XX`, b'a' = a
/// character escaped as UTF-16 `\uXXXX` (`ensure_ascii`), other = the
/// letter after a backslash. One table per combination of
/// [`EscapeSet`] flags, indexed by [`EscapeSet::index`].
static ESCAPES: [[u8; 256]; 8] = [
    escape_table(0),
    escape_table(1),
    escape_table(2),
    escape_table(3),
    escape_table(4),
    escape_table(5),
    escape_table(6),
    escape_table(7),
];

/// Which optional characters a writer escapes (bits of the table index).
#[derive(Debug, Clone, Copy)]
struct EscapeSet(usize);

impl EscapeSet {
    const ASCII: usize = 1;
    const DEL: usize = 2;
    const SLASH: usize = 4;

    fn new(opts: &WriteOptions) -> EscapeSet {
        let mut bits = 0;
        if opts.ensure_ascii {
            bits |= EscapeSet::ASCII;
            if opts.escape_del {
                bits |= EscapeSet::DEL;
            }
        }
        if opts.escape_slash {
            bits |= EscapeSet::SLASH;
        }
        EscapeSet(bits)
    }

    fn table(self) -> &'static [u8; 256] {
        &ESCAPES[self.0]
    }

    fn ascii(self) -> bool {
        self.0 & EscapeSet::ASCII != 0
    }

    fn slash(self) -> bool {
        self.0 & EscapeSet::SLASH != 0
    }

    /// DEL is escaped (`ensure_ascii` with `escape_del`).
    fn del(self) -> bool {
        self.0 & EscapeSet::DEL != 0
    }
}

const fn escape_table(set: usize) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x0c] = b'f';
    t[b'\n' as usize] = b'n';
    t[b'\r' as usize] = b'r';
    t[b'\t' as usize] = b't';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    if set & EscapeSet::SLASH != 0 {
        t[b'/' as usize] = b'/';
    }
    if set & EscapeSet::ASCII != 0 {
        if set & EscapeSet::DEL != 0 {
            t[0x7f] = b'a';
        }
        let mut i = 0x80;
        while i < 256 {
            t[i] = b'a';
            i += 1;
        }
    }
    t
}

/// Whether any byte of the 8-byte word `w` may need escaping: a control
/// character, `"` or `\`, with `SLASH` also `/`, and with `ASCII` also DEL
/// or a non-ASCII byte. No false negatives; the only false positive is DEL
/// when the table leaves it as is (the caller's byte loop, which reads the
/// table, copes).
#[inline(always)]
fn word_needs_escape<const ASCII: bool, const SLASH: bool>(w: u64) -> bool {
    let mut m = swar::string_specials(w);
    if SLASH {
        m |= swar::bytes_equal(w, b'/');
    }
    if ASCII {
        // A byte >= 0x7f: its high bit, or the high bit after adding 1.
        m |= w.wrapping_add(LANES) | w;
    }
    m & HIGH != 0
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A separator written before every item or after every key, kept so
/// that the usual one- and two-byte ones (`,` `, ` `:` `: `) are written
/// with one small fixed-size store instead of a `memcpy` call.
#[derive(Debug)]
enum Separator {
    One(u8),
    Two([u8; 2]),
    Text(Box<[u8]>),
}

impl Separator {
    fn new(s: &str) -> Separator {
        match *s.as_bytes() {
            [a] => Separator::One(a),
            [a, b] => Separator::Two([a, b]),
            _ => Separator::Text(s.as_bytes().into()),
        }
    }

    #[inline(always)]
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Separator::One(b) => out.push(*b),
            Separator::Two(t) => out.extend_from_slice(t),
            Separator::Text(t) => out.extend_from_slice(t),
        }
    }
}

/// Streaming JSON writer; see the module docs.
#[derive(Debug)]
pub struct Writer {
    out: Vec<u8>,
    opts: WriteOptions,
    escapes: EscapeSet,
    /// [`WriteOptions::item_separator`], ready to write.
    item_separator: Separator,
    /// [`WriteOptions::key_separator`], ready to write.
    key_separator: Separator,
    /// [`WriteOptions::indent`] repeated [`Writer::INDENTS`] times: the
    /// indentation of any level up to that is one copy.
    indents: Box<[u8]>,
    depth: usize,
    /// The next item is the first in its container (no item separator).
    first_item: bool,
    /// A key was just written; the next value follows it directly.
    after_key: bool,
}

/// Which kind of container an item belongs to (for the explicit layout's
/// newline strings).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Array,
    Object,
}

impl Writer {
    /// Levels of indentation kept ready to copy at once.
    const INDENTS: usize = 16;

    /// A writer with `opts` and an empty output buffer.
    pub fn new(opts: WriteOptions) -> Writer {
        Writer::with_capacity(opts, 256)
    }

    /// A writer with `opts` whose output buffer starts with room for
    /// `capacity` bytes (e.g. about the size of the input being
    /// re-serialized), so the output grows without reallocating.
    pub fn with_capacity(opts: WriteOptions, capacity: usize) -> Writer {
        Writer::with_buffer(opts, Vec::with_capacity(capacity))
    }

    /// A writer with `opts` that writes into `buffer` (cleared first),
    /// keeping its allocation: a caller serializing many values can hand
    /// back the buffer [`Writer::into_bytes`] returned, so big outputs do
    /// not grow and fault in a fresh allocation each time.
    pub fn with_buffer(opts: WriteOptions, mut buffer: Vec<u8>) -> Writer {
        buffer.clear();
        Writer {
            out: buffer,
            escapes: EscapeSet::new(&opts),
            item_separator: Separator::new(&opts.item_separator),
            key_separator: Separator::new(&opts.key_separator),
            indents: opts
                .indent
                .as_deref()
                .map_or(String::new(), |i| i.repeat(Writer::INDENTS))
                .into_bytes()
                .into_boxed_slice(),
            depth: opts.start_depth,
            opts,
            first_item: true,
            after_key: false,
        }
    }

    /// The options this writer uses.
    pub fn options(&self) -> &WriteOptions {
        &self.opts
    }

    /// Consumes the writer and returns the text written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// Consumes the writer and returns the text as a `String`.
    pub fn into_string(self) -> String {
        // Every byte written is ASCII or copied from a `&str`.
        String::from_utf8(self.out).expect("writer output is UTF-8")
    }

    /// The text written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// Current nesting depth ([`WriteOptions::start_depth`] at top level).
    pub fn depth(&self) -> usize {
        self.depth
    }

    fn push_indent(&mut self, depth: usize) {
        let unit = self.opts.indent.as_deref().map_or(0, str::len);
        match self.indents.get(..depth * unit) {
            Some(run) => self.out.extend_from_slice(run),
            None => {
                for _ in 0..depth {
                    self.out.extend_from_slice(&self.indents[..unit]);
                }
            }
        }
    }

    /// The newline string of `kind` in the explicit layout.
    fn newline_of(&self, kind: Container) -> Option<&str> {
        match kind {
            Container::Array => self.opts.array_nl.as_deref(),
            Container::Object => self.opts.object_nl.as_deref(),
        }
    }

    /// Writes `kind`'s newline string (explicit layout).
    fn push_newline(&mut self, kind: Container) {
        if let Some(nl) = match kind {
            Container::Array => &self.opts.array_nl,
            Container::Object => &self.opts.object_nl,
        } {
            self.out.extend_from_slice(nl.as_bytes());
        }
    }

    /// Writes the separator (and layout) that precedes a value.
    #[inline]
    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if self.depth == self.opts.start_depth {
            return;
        }
        self.before_item(Container::Array);
    }

    /// Writes the separator and layout before an item of a `kind`
    /// container: an array element or an object member (at its key).
    #[inline]
    fn before_item(&mut self, kind: Container) {
        let first = std::mem::replace(&mut self.first_item, false);
        if !first {
            self.item_separator.write(&mut self.out);
        }
        if self.opts.explicit_layout {
            // An array's newline follows `[` (written by `open`) and every
            // separator; an object's precedes every member.
            if kind == Container::Object || !first {
                self.push_newline(kind);
            }
            self.push_indent(self.depth);
        } else if self.opts.indent.is_some() {
            self.out.push(b'\n');
            self.push_indent(self.depth);
        }
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.before_value();
        self.out.extend_from_slice(b"null");
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, v: bool) {
        self.before_value();
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
    }

    /// Writes an integer.
    pub fn i64(&mut self, v: i64) {
        self.before_value();
        number::write_i64(&mut self.out, v);
    }

    /// Writes an unsigned integer.
    pub fn u64(&mut self, v: u64) {
        self.before_value();
        number::write_u64(&mut self.out, v);
    }

    /// Writes an integer given as its decimal text (big integers). The text
    /// must match `-?[0-9]+`; anything else is an `Unserializable` error.
    pub fn int_text(&mut self, text: &str) -> Result<()> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::new(
                ErrorKind::Unserializable,
                format!("{text:?} is not an integer"),
            ));
        }
        self.before_value();
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    /// Writes a float; NaN and infinities follow [`WriteOptions::allow_nan`].
    pub fn f64(&mut self, v: f64) -> Result<()> {
        if !v.is_finite() {
            let text: &[u8] = if v.is_nan() {
                b"NaN"
            } else if v > 0.0 {
                b"Infinity"
            } else {
                b"-Infinity"
            };
            if !self.opts.allow_nan {
                return Err(Error::new(
                    ErrorKind::Unserializable,
                    format!(
                        "{} is not allowed in JSON (out of range float)",
                        String::from_utf8_lossy(text)
                    ),
                ));
            }
            self.before_value();
            self.out.extend_from_slice(text);
            return Ok(());
        }
        self.before_value();
        number::write_f64(&mut self.out, v, self.opts.float_style);
        Ok(())
    }

    /// Writes a string value, escaped.
    pub fn string(&mut self, s: &str) {
        self.before_value();
        self.quoted(s);
    }

    /// Writes a string value given as code units of one width, escaped
    /// exactly like [`Writer::string`] escapes the same characters: `u8`
    /// units are Latin-1 (U+0000..U+00FF), `u16` units UCS-2 (each unit one
    /// code point; a surrogate unit is written as `\uXXXX` with
    /// `ensure_ascii`, and is an `Unserializable` error without it, since
    /// UTF-8 cannot carry it), `u32` units code points (a surrogate or a
    /// value above U+10FFFF is likewise an error without `ensure_ascii`,
    /// and above U+10FFFF always). Lets a host whose strings are stored
    /// that way (Python's) skip converting them to UTF-8 first. On error
    /// nothing is written.
    pub fn string_units<U: CodeUnit>(&mut self, units: &[U]) -> Result<()> {
        let mark = self.out.len();
        let state = (self.first_item, self.after_key);
        self.before_value();
        if let Err(e) = self.quoted_units(units) {
            self.out.truncate(mark);
            (self.first_item, self.after_key) = state;
            return Err(e);
        }
        Ok(())
    }

    /// Writes already-serialized JSON text verbatim as the next value (e.g.
    /// what a host's custom serializer returned), with the separator and
    /// layout that precede any value. The writer does not check `json`:
    /// the caller vouches that it is one valid JSON value.
    pub fn raw_value(&mut self, json: &str) {
        self.before_value();
        self.out.extend_from_slice(json.as_bytes());
    }

    /// Begins an array; errors when nesting would exceed the limit.
    pub fn begin_array(&mut self) -> Result<()> {
        self.open(Container::Array)
    }

    /// Ends the innermost array.
    pub fn end_array(&mut self) {
        self.close(Container::Array);
    }

    /// Begins an object; errors when nesting would exceed the limit.
    pub fn begin_object(&mut self) -> Result<()> {
        self.open(Container::Object)
    }

    /// Writes an object key and the key separator; the member's value comes
    /// next.
    pub fn key(&mut self, k: &str) {
        self.before_item(Container::Object);
        self.quoted(k);
        self.after_key();
    }

    /// The quoted, escaped JSON text of `s` with this writer's escaping
    /// (what [`Writer::key`] writes before the key separator), without
    /// writing anything: a host can keep it for a key it will meet again
    /// and write it with [`Writer::key_quoted`].
    pub fn quote(&self, s: &str) -> String {
        let mut out = Vec::with_capacity(s.len() + 2);
        quote_with(self.escapes, &mut out, s);
        // Escapes are ASCII and everything else is copied from `s`.
        String::from_utf8(out).expect("quoted text is UTF-8")
    }

    /// Writes an object key given as its quoted, escaped JSON text (from
    /// [`Writer::quote`] of a writer with the same options), then the key
    /// separator. The writer does not check `quoted`.
    pub fn key_quoted(&mut self, quoted: &str) {
        self.before_item(Container::Object);
        self.out.extend_from_slice(quoted.as_bytes());
        self.after_key();
    }

    /// Writes an object key given as code units (see
    /// [`Writer::string_units`]) and the key separator; on error nothing
    /// is written.
    pub fn key_units<U: CodeUnit>(&mut self, units: &[U]) -> Result<()> {
        let mark = self.out.len();
        let first = self.first_item;
        self.before_item(Container::Object);
        if let Err(e) = self.quoted_units(units) {
            self.out.truncate(mark);
            self.first_item = first;
            return Err(e);
        }
        self.after_key();
        Ok(())
    }

    fn after_key(&mut self) {
        self.key_separator.write(&mut self.out);
        self.after_key = true;
    }

    /// Ends the innermost object.
    pub fn end_object(&mut self) {
        self.close(Container::Object);
    }

    fn open(&mut self, kind: Container) -> Result<()> {
        if self.depth >= self.opts.max_depth {
            return Err(Error::new(
                ErrorKind::NestingTooDeep,
                format!(
                    "nesting deeper than the limit of {} (circular reference?)",
                    self.opts.max_depth
                ),
            ));
        }
        self.before_value();
        self.out.push(match kind {
            Container::Array => b'[',
            Container::Object => b'{',
        });
        if self.opts.explicit_layout && kind == Container::Array {
            self.push_newline(kind);
        }
        self.depth += 1;
        self.first_item = true;
        Ok(())
    }

    fn close(&mut self, kind: Container) {
        let empty = self.first_item;
        self.depth = self.depth.saturating_sub(1);
        if self.opts.explicit_layout {
            if self.newline_of(kind).is_some() {
                self.push_newline(kind);
                self.push_indent(self.depth);
            }
        } else if !empty && self.opts.indent.is_some() {
            self.out.push(b'\n');
            self.push_indent(self.depth);
        }
        self.out.push(match kind {
            Container::Array => b']',
            Container::Object => b'}',
        });
        self.first_item = false;
    }

    fn quoted(&mut self, s: &str) {
        quote_with(self.escapes, &mut self.out, s);
    }

    fn quoted_units<U: CodeUnit>(&mut self, units: &[U]) -> Result<()> {
        let e = self.escapes;
        let table = e.table();
        let (ascii, slash, del) = (e.ascii(), e.slash(), e.del());
        let out = &mut self.out;
        out.reserve(units.len() + 2);
        out.push(b'"');
        let mut blocks = units.chunks_exact(8);
        for block in &mut blocks {
            // A block of 8 plain characters (the common case in mostly
            // ASCII text) is checked and narrowed without branches or
            // table lookups, so both vectorize. (Checking less often in
            // text of other scripts measured slower: the check is cheap,
            // and a short-circuit stops it from vectorizing.)
            if block
                .iter()
                .fold(true, |all, u| all & plain(u.code_point(), slash, del))
            {
                let bytes: [u8; 8] = std::array::from_fn(|k| block[k].code_point() as u8);
                out.extend_from_slice(&bytes);
            } else {
                for &u in block {
                    push_unit(out, u.code_point(), table, ascii)?;
                }
            }
        }
        for &u in blocks.remainder() {
            push_unit(out, u.code_point(), table, ascii)?;
        }
        out.push(b'"');
        Ok(())
    }
}

/// Whether code point `cp` is written as itself: ASCII and not escaped
/// (control characters, `"`, `\`, and with the flags `/` and DEL). The
/// same answer as `table[cp] == 0` for `cp < 0x80`, by arithmetic.
#[inline(always)]
fn plain(cp: u32, slash: bool, del: bool) -> bool {
    (0x20..0x80).contains(&cp)
        & (cp != b'"' as u32)
        & (cp != b'\\' as u32)
        & !(slash & (cp == b'/' as u32))
        & !(del & (cp == 0x7f))
}

/// Appends code point `cp` (or a lone surrogate) escaped per `table` and
/// `ensure_ascii`; see [`Writer::string_units`].
#[inline(always)]
fn push_unit(out: &mut Vec<u8>, cp: u32, table: &[u8; 256], ascii: bool) -> Result<()> {
    if cp < 0x80 {
        match table[cp as usize] {
            0 => out.push(cp as u8),
            b'u' | b'a' => push_u_escape(out, cp),
            esc => out.extend_from_slice(&[b'\\', esc]),
        }
    } else if ascii {
        if cp >= 0x10000 {
            if cp > 0x10FFFF {
                return Err(not_a_code_point(cp));
            }
            let v = cp - 0x10000;
            push_u_escape(out, 0xD800 | (v >> 10));
            push_u_escape(out, 0xDC00 | (v & 0x3FF));
        } else {
            push_u_escape(out, cp);
        }
    } else {
        let c = char::from_u32(cp).ok_or_else(|| not_a_code_point(cp))?;
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    Ok(())
}

/// The error for a code unit that is no Unicode scalar value.
fn not_a_code_point(cp: u32) -> Error {
    Error::new(
        ErrorKind::Unserializable,
        format!("U+{cp:04X} is not a Unicode scalar value (lone surrogate?) and has no UTF-8 form"),
    )
}

/// A fixed-width code unit of a host string: a Latin-1 byte (`u8`), a
/// UCS-2 unit (`u16`) or a code point (`u32`). See
/// [`Writer::string_units`].
pub trait CodeUnit: Copy + sealed::Sealed {
    /// The unit's value as a code point (or surrogate).
    fn code_point(self) -> u32;
}

mod sealed {
    /// Only the three unit widths implement `CodeUnit`.
    pub trait Sealed {}
    impl Sealed for u8 {}
    impl Sealed for u16 {}
    impl Sealed for u32 {}
}

impl CodeUnit for u8 {
    #[inline(always)]
    fn code_point(self) -> u32 {
        self as u32
    }
}

impl CodeUnit for u16 {
    #[inline(always)]
    fn code_point(self) -> u32 {
        self as u32
    }
}

impl CodeUnit for u32 {
    #[inline(always)]
    fn code_point(self) -> u32 {
        self
    }
}

/// Appends `s` quoted and escaped as `e` says.
fn quote_with(e: EscapeSet, out: &mut Vec<u8>, s: &str) {
    match (e.ascii(), e.slash()) {
        (false, false) => quote_utf8::<false, false>(out, s, e.table()),
        (true, false) => quote_utf8::<true, false>(out, s, e.table()),
        (false, true) => quote_utf8::<false, true>(out, s, e.table()),
        (true, true) => quote_utf8::<true, true>(out, s, e.table()),
    }
}

/// Appends `s` quoted and escaped per `table` (see [`ESCAPES`]); `ASCII`
/// and `SLASH` must match the table's flags.
#[inline(always)]
fn quote_utf8<const ASCII: bool, const SLASH: bool>(out: &mut Vec<u8>, s: &str, table: &[u8; 256]) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    loop {
        // Skip clean 8-byte words, then find the byte that needs an
        // escape (within the next word, or in the tail).
        while let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            if word_needs_escape::<ASCII, SLASH>(w) {
                break;
            }
            i += 8;
        }
        while i < bytes.len() && table[bytes[i] as usize] == 0 {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        match table[b as usize] {
            b'u' => {
                push_u_escape(out, b as u32);
                i += 1;
            }
            b'a' => {
                // ensure_ascii: a run of escaped DEL / non-ASCII
                // characters, decoded by hand (`s` is valid UTF-8, so
                // every continuation byte indexed below exists).
                loop {
                    let (cp, n) = decode_utf8(bytes, i);
                    if cp >= 0x10000 {
                        let v = cp - 0x10000;
                        push_u_escape(out, 0xD800 | (v >> 10));
                        push_u_escape(out, 0xDC00 | (v & 0x3FF));
                    } else {
                        push_u_escape(out, cp);
                    }
                    i += n;
                    if i == bytes.len() || table[bytes[i] as usize] != b'a' {
                        break;
                    }
                }
            }
            esc => {
                out.extend_from_slice(&[b'\\', esc]);
                i += 1;
            }
        }
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The code point of the UTF-8 character starting at `bytes[i]` (a lead
/// byte of valid UTF-8) and its length in bytes.
#[inline]
fn decode_utf8(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = bytes[i] as u32;
    let cont = |k: usize| (bytes[i + k] & 0x3F) as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

fn push_u_escape(out: &mut Vec<u8>, u: u32) {
    out.extend_from_slice(&[
        b'\\',
        b'u',
        HEX[(u >> 12) as usize & 15],
        HEX[(u >> 8) as usize & 15],
        HEX[(u >> 4) as usize & 15],
        HEX[u as usize & 15],
    ]);
}

/// A container being written by [`Document::write_value`].
enum Frame {
    /// Children in document order, starting at tape index `next`.
    InOrder {
        next: usize,
        remaining: usize,
        is_object: bool,
    },
    /// Object members sorted by key (`sort_keys`), as (key, value) indices.
    Sorted {
        members: Vec<(usize, usize)>,
        pos: usize,
    },
}

impl Document {
    /// Writes the value at tape index `i` (and its subtree) to `w`,
    /// honouring [`WriteOptions::sort_keys`]. Iterative: any depth the
    /// writer allows is safe.
    pub fn write_value(&self, i: usize, w: &mut Writer) -> Result<()> {
        let mut stack: Vec<Frame> = Vec::new();
        if let Some(f) = self.write_node(i, w)? {
            stack.push(f);
        }
        while let Some(top) = stack.last_mut() {
            let child = match top {
                Frame::InOrder {
                    next,
                    remaining,
                    is_object,
                } => {
                    if *remaining == 0 {
                        None
                    } else {
                        *remaining -= 1;
                        let v = if *is_object {
                            w.key(self.key_at(*next));
                            *next + 1
                        } else {
                            *next
                        };
                        *next = self.skip(v);
                        Some(v)
                    }
                }
                Frame::Sorted { members, pos } => members.get(*pos).map(|&(k, v)| {
                    *pos += 1;
                    w.key(self.key_at(k));
                    v
                }),
            };
            match child {
                Some(v) => {
                    if let Some(f) = self.write_node(v, w)? {
                        stack.push(f);
                    }
                }
                None => match stack.pop() {
                    Some(Frame::InOrder {
                        is_object: false, ..
                    }) => w.end_array(),
                    _ => w.end_object(),
                },
            }
        }
        Ok(())
    }

    fn key_at(&self, k: usize) -> &str {
        self.str_at(k).expect("object keys are strings")
    }

    /// Writes a scalar, or begins a container and returns its frame.
    fn write_node(&self, i: usize, w: &mut Writer) -> Result<Option<Frame>> {
        match *self.node(i) {
            Node::Str(t) => w.string(self.text(t)),
            Node::Null => w.null(),
            Node::Bool(b) => w.bool(b),
            Node::Int(v) => w.i64(v),
            Node::UInt(v) => w.u64(v),
            Node::Float(v) => w.f64(v)?,
            Node::BigInt(t) => w.int_text(self.text(t))?,
            Node::Array { len, .. } => {
                w.begin_array()?;
                return Ok(Some(Frame::InOrder {
                    next: i + 1,
                    remaining: len,
                    is_object: false,
                }));
            }
            Node::Object { len, .. } => {
                w.begin_object()?;
                if w.options().sort_keys {
                    let mut members: Vec<(usize, usize)> = self.object_members(i).collect();
                    members.sort_by(|a, b| self.key_at(a.0).cmp(self.key_at(b.0)));
                    return Ok(Some(Frame::Sorted { members, pos: 0 }));
                }
                return Ok(Some(Frame::InOrder {
                    next: i + 1,
                    remaining: len,
                    is_object: true,
                }));
            }
        }
        Ok(None)
    }

    /// About the size of this document as compact JSON (strings plus a few
    /// bytes per node), to size the output buffer once.
    fn json_size_estimate(&self) -> usize {
        self.arena_len() + self.nodes().len() * 8 + 16
    }

    /// Serializes the whole document with `opts`.
    pub fn to_json(&self, opts: &WriteOptions) -> Result<String> {
        let mut w = Writer::with_capacity(opts.clone(), self.json_size_estimate());
        if !self.nodes().is_empty() {
            self.write_value(0, &mut w)?;
        }
        Ok(w.into_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping rules written out one character at a time.
    fn reference(s: &str, ascii: bool) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c if ascii && (c as u32) >= 0x7f => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{u:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// Strings that exercise every escaping rule: empty, plain ASCII,
    /// quote, backslash, slash, control characters, DEL, 2-, 3- and 4-byte
    /// characters and the ends of each range.
    const TRICKY_PIECES: [&str; 20] = [
        "",
        "a",
        "plain ascii text",
        "\"",
        "\\",
        "/",
        "~",
        "\n\r\t\u{8}\u{c}",
        "\u{0}\u{1f}",
        "\u{7f}",
        "é",
        "ünïcode",
        "日本語のテキスト",
        "😀",
        "a😀b",
        "\u{fffd}",
        "\u{ffff}",
        "\u{10ffff}",
        "\u{80}\u{ff}",
        "\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
    ];

    #[test]
    fn string_escaping_matches_the_rules_for_every_kind_of_character() {
        let pieces = TRICKY_PIECES;
        let mut cases: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                cases.push(format!("{a}{b}"));
                cases.push(format!("{a}0123456789abcdef{b}"));
                cases.push(format!("{a}{b}{a}{a}{b}xxxxxxx"));
            }
        }
        for s in &cases {
            for ascii in [false, true] {
                let mut w = Writer::new(WriteOptions {
                    ensure_ascii: ascii,
                    ..WriteOptions::compact()
                });
                w.string(s);
                assert_eq!(w.into_string(), reference(s, ascii), "{s:?} ascii={ascii}");
            }
        }
    }

    /// `input` re-written with the json gem's layout options (as
    /// `JSON.generate(value, indent:, object_nl:, array_nl:, space:)` sets
    /// them; `None` = not set).
    fn gem_layout(
        input: &str,
        indent: &str,
        object_nl: Option<&str>,
        array_nl: Option<&str>,
        space: &str,
    ) -> String {
        let opts = WriteOptions {
            indent: Some(indent.into()),
            explicit_layout: true,
            object_nl: object_nl.map(Into::into),
            array_nl: array_nl.map(Into::into),
            key_separator: format!(":{space}").into(),
            ..WriteOptions::ruby()
        };
        crate::json::reformat(input.as_bytes(), &Default::default(), &opts).unwrap()
    }

    /// Expected texts are what json 2.6.1 (Ruby 3.1) writes for the same
    /// value and options.
    #[test]
    fn explicit_layout_matches_the_json_gem() {
        let pretty = |s| gem_layout(s, "  ", Some("\n"), Some("\n"), " ");
        assert_eq!(pretty("[]"), "[\n\n]");
        assert_eq!(pretty("{}"), "{\n}");
        assert_eq!(pretty("[[],{}]"), "[\n  [\n\n  ],\n  {\n  }\n]");
        assert_eq!(
            pretty(r#"{"a":[],"b":{}}"#),
            "{\n  \"a\": [\n\n  ],\n  \"b\": {\n  }\n}"
        );
        assert_eq!(pretty(r#"{"a":[1]}"#), "{\n  \"a\": [\n    1\n  ]\n}");
        let o = r#"{"a":{"b":[1,[]]},"c":{}}"#;
        // Indentation without newlines; unset newlines add nothing at the
        // close, set-but-empty ones add the indentation.
        assert_eq!(
            gem_layout(o, "\t", None, None, ""),
            "{\t\"a\":{\t\t\"b\":[\t\t\t1,\t\t\t[]]},\t\"c\":{}}"
        );
        assert_eq!(
            gem_layout(o, "\t", Some(""), None, ""),
            "{\t\"a\":{\t\t\"b\":[\t\t\t1,\t\t\t[]]\t},\t\"c\":{\t}}"
        );
        assert_eq!(
            gem_layout(o, "\t", Some(""), Some(""), ""),
            "{\t\"a\":{\t\t\"b\":[\t\t\t1,\t\t\t[\t\t\t]\t\t]\t},\t\"c\":{\t}}"
        );
        assert_eq!(
            gem_layout(o, "..", Some("\r\n"), Some("\n"), ""),
            "{\r\n..\"a\":{\r\n....\"b\":[\n......1,\n......[\n\n......]\n....]\r\n..},\r\n..\"c\":{\r\n..}\r\n}"
        );
        assert_eq!(
            gem_layout("[1,[2]]", "", None, Some("X"), ""),
            "[X1,X[X2X]X]"
        );
        assert_eq!(
            gem_layout(r#"{"a":1,"b":2}"#, "", Some("\n"), None, ""),
            "{\n\"a\":1,\n\"b\":2\n}"
        );
        // Scalars at the top level get no layout.
        assert_eq!(pretty("1"), "1");
        assert_eq!(pretty(r#""x""#), r#""x""#);
    }

    #[test]
    fn indentation_deeper_than_the_prepared_levels() {
        let depth = Writer::INDENTS + 3;
        let input = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let doc = crate::json::parse(input.as_bytes(), &Default::default()).unwrap();
        let mut expected = String::new();
        for level in 0..depth {
            expected.push_str(&format!("{}[\n", "\t".repeat(level)));
        }
        expected.push_str(&format!("{}1", "\t".repeat(depth)));
        for level in (0..depth).rev() {
            expected.push_str(&format!("\n{}]", "\t".repeat(level)));
        }
        let opts = WriteOptions {
            indent: Some("\t".into()),
            ..WriteOptions::python()
        };
        assert_eq!(doc.to_json(&opts).unwrap(), expected);
    }

    #[test]
    fn start_depth_indents_and_limits_from_there() {
        let opts = WriteOptions {
            indent: Some("  ".into()),
            explicit_layout: true,
            object_nl: Some("\n".into()),
            array_nl: Some("\n".into()),
            start_depth: 2,
            ..WriteOptions::ruby()
        };
        let doc = crate::json::parse(b"[1,[2]]", &Default::default()).unwrap();
        // JSON.generate([1,[2]], indent: "  ", array_nl: "\n", depth: 2)
        assert_eq!(
            doc.to_json(&opts).unwrap(),
            "[\n      1,\n      [\n        2\n      ]\n    ]"
        );
        let limited = WriteOptions {
            max_depth: 3,
            ..opts
        };
        let err = doc.to_json(&limited).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NestingTooDeep);
        let mut w = Writer::new(WriteOptions {
            start_depth: 5,
            ..WriteOptions::compact()
        });
        assert_eq!(w.depth(), 5);
        w.begin_array().unwrap();
        w.i64(1);
        w.i64(2);
        w.end_array();
        assert_eq!(w.depth(), 5);
        assert_eq!(w.into_string(), "[1,2]");
    }

    #[test]
    fn quoted_keys_are_written_like_keys() {
        let opts = WriteOptions {
            escape_slash: true,
            ..WriteOptions::python()
        };
        let mut direct = Writer::new(opts.clone());
        let mut cached = Writer::new(opts);
        let keys = ["a", "é/\"\n", "😀", ""];
        let texts: Vec<String> = keys.iter().map(|k| cached.quote(k)).collect();
        assert_eq!(texts[1], r#""\u00e9\/\"\n""#);
        assert!(cached.as_bytes().is_empty());
        direct.begin_object().unwrap();
        cached.begin_object().unwrap();
        for (k, t) in keys.iter().zip(&texts) {
            direct.key(k);
            direct.null();
            cached.key_quoted(t);
            cached.null();
        }
        direct.end_object();
        cached.end_object();
        assert_eq!(direct.into_string(), cached.into_string());
    }

    #[test]
    fn with_buffer_reuses_the_allocation_and_starts_empty() {
        let mut w = Writer::with_capacity(WriteOptions::compact(), 1000);
        w.string("first");
        let buf = w.into_bytes();
        let (ptr, cap) = (buf.as_ptr(), buf.capacity());
        let mut w = Writer::with_buffer(WriteOptions::compact(), buf);
        w.i64(2);
        let out = w.into_bytes();
        assert_eq!(out, b"2");
        assert_eq!((out.as_ptr(), out.capacity()), (ptr, cap));
    }

    #[test]
    fn raw_value_is_spliced_with_the_surrounding_layout() {
        let mut w = Writer::new(WriteOptions::python());
        w.begin_object().unwrap();
        w.key("a");
        w.raw_value("{\"x\" :  [1,2]}");
        w.key("b");
        w.begin_array().unwrap();
        w.raw_value("null");
        w.raw_value("\"é\"");
        w.end_array();
        w.end_object();
        assert_eq!(
            w.into_string(),
            "{\"a\": {\"x\" :  [1,2]}, \"b\": [null, \"é\"]}"
        );
    }

    #[test]
    fn escape_slash_and_del_follow_their_flags() {
        let write = |s: &str, ensure_ascii, escape_del, escape_slash| {
            let mut w = Writer::new(WriteOptions {
                ensure_ascii,
                escape_del,
                escape_slash,
                ..WriteOptions::ruby()
            });
            w.string(s);
            w.into_string()
        };
        assert_eq!(write("a/b", false, false, true), r#""a\/b""#);
        assert_eq!(write("a/b", false, false, false), r#""a/b""#);
        assert_eq!(
            write("0123456789/abcdef", true, true, true),
            r#""0123456789\/abcdef""#
        );
        // JSON.generate("é\u007f\u0001😀", ascii_only: true) in json 2.6.1:
        assert_eq!(
            write("é\u{7f}\u{1}😀", true, false, false),
            "\"\\u00e9\u{7f}\\u0001\\ud83d\\ude00\""
        );
        assert_eq!(
            write("é\u{7f}\u{1}😀", true, true, false),
            "\"\\u00e9\\u007f\\u0001\\ud83d\\ude00\""
        );
        // A long DEL-heavy string takes the word-at-a-time path too.
        let long = "abcdefgh\u{7f}ijklmnop\u{7f}/qrstuvwxyzé";
        assert_eq!(
            write(long, true, false, true),
            "\"abcdefgh\u{7f}ijklmnop\u{7f}\\/qrstuvwxyz\\u00e9\""
        );
        // Without ensure_ascii DEL is never escaped.
        assert_eq!(write("\u{7f}", false, true, false), "\"\u{7f}\"");
    }

    #[test]
    fn code_units_escape_like_utf8_strings() {
        let pieces = TRICKY_PIECES;
        for a in pieces {
            for b in pieces {
                let s = format!("{a}{b}");
                for (ascii, del, slash) in [
                    (true, true, false),
                    (false, true, false),
                    (true, false, true),
                    (false, false, true),
                ] {
                    let opts = WriteOptions {
                        ensure_ascii: ascii,
                        escape_del: del,
                        escape_slash: slash,
                        ..WriteOptions::python()
                    };
                    let mut expected = Writer::new(opts.clone());
                    expected.string(&s);
                    let expected = expected.into_string();
                    let ucs4: Vec<u32> = s.chars().map(|c| c as u32).collect();
                    let mut w = Writer::new(opts.clone());
                    w.string_units(&ucs4).unwrap();
                    assert_eq!(w.into_string(), expected, "ucs4 {s:?}");
                    if s.chars().all(|c| (c as u32) < 0x10000) {
                        let ucs2: Vec<u16> = ucs4.iter().map(|&c| c as u16).collect();
                        let mut w = Writer::new(opts.clone());
                        w.string_units(&ucs2).unwrap();
                        assert_eq!(w.into_string(), expected, "ucs2 {s:?}");
                    }
                    if s.chars().all(|c| (c as u32) < 0x100) {
                        let latin1: Vec<u8> = ucs4.iter().map(|&c| c as u8).collect();
                        let mut w = Writer::new(opts.clone());
                        w.string_units(&latin1).unwrap();
                        assert_eq!(w.into_string(), expected, "latin1 {s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn lone_surrogate_units_are_escaped_or_rejected() {
        let mut w = Writer::new(WriteOptions::python());
        w.begin_array().unwrap();
        w.string_units(&[0x61u16, 0xD800]).unwrap();
        w.string_units(&[0xDC00u32]).unwrap();
        w.end_array();
        assert_eq!(w.into_string(), r#"["a\ud800", "\udc00"]"#);

        let mut w = Writer::new(WriteOptions::ruby());
        w.begin_object().unwrap();
        w.key("k");
        w.i64(1);
        let err = w.key_units(&[0xD800u16]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unserializable);
        let err = w.string_units(&[0x110000u32]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unserializable);
        // Nothing was written by the failed calls: the writer goes on.
        w.key_units(&[0x6Bu8, 0xE9]).unwrap();
        w.string_units(&[0x1F600u32]).unwrap();
        w.end_object();
        assert_eq!(w.into_string(), "{\"k\":1,\"k\u{e9}\":\"😀\"}");
    }
}
