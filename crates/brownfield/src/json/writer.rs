//! The JSON serializer, driven by whoever walks the values.
//!
//! A [`Writer`] is a push API: a binding walks its native values (Python
//! dicts, Ruby hashes, a C document) and calls `null`, `int`, `string`,
//! `begin_array`, `key`, ... in document order. The writer owns separators,
//! indentation, escaping, number layout and the nesting limit, so every
//! binding produces identical text for identical options and no binding's
//! recursion can go deeper than [`WriteOptions::max_depth`].

use super::document::{Document, Node};
use super::number::{self, FloatStyle};
use crate::error::{Error, ErrorKind, Result};

/// How to write JSON text. Start from a preset ([`WriteOptions::python`],
/// [`WriteOptions::ruby`], [`WriteOptions::compact`]) and adjust.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// Float layout (Python `repr` or Ruby `to_s`).
    pub float_style: FloatStyle,
    /// Escape every non-ASCII character as `\uXXXX` (and DEL as `\u007f`).
    pub ensure_ascii: bool,
    /// Write NaN and ±Infinity as `NaN`/`Infinity`/`-Infinity` (not JSON,
    /// but Python's default); otherwise they are an error.
    pub allow_nan: bool,
    /// Between items (array elements, object members), e.g. `", "`.
    pub item_separator: String,
    /// Between a key and its value, e.g. `": "`.
    pub key_separator: String,
    /// Pretty-print: a newline before each item, indented by this string
    /// once per level. `None` writes everything on one line.
    pub indent: Option<String>,
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
            allow_nan: true,
            item_separator: ", ".into(),
            key_separator: ": ".into(),
            indent: None,
            max_depth: 1024,
            sort_keys: false,
        }
    }

    /// What Ruby's `JSON.generate(obj)` writes with default options.
    pub fn ruby() -> WriteOptions {
        WriteOptions {
            float_style: FloatStyle::Ruby,
            ensure_ascii: false,
            allow_nan: false,
            item_separator: ",".into(),
            key_separator: ":".into(),
            indent: None,
            max_depth: 1024,
            sort_keys: false,
        }
    }

    /// Compact standard JSON: no spaces, UTF-8 kept, non-finite floats
    /// rejected. The C and C++ default.
    pub fn compact() -> WriteOptions {
        WriteOptions {
            float_style: FloatStyle::Python,
            ..WriteOptions::ruby()
        }
    }
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions::compact()
    }
}

/// Escape class per byte: 0 = copy as is, b'u' = `\u00XX`, other = the
/// letter after a backslash.
static ESCAPES: [u8; 256] = escape_table(false);

/// [`ESCAPES`] for `ensure_ascii`: DEL and every non-ASCII byte are also
/// marked, with b'a' (escape the whole character as UTF-16 `\uXXXX`).
static ESCAPES_ASCII: [u8; 256] = escape_table(true);

const fn escape_table(ascii: bool) -> [u8; 256] {
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
    if ascii {
        let mut i = 0x7f;
        while i < 256 {
            t[i] = b'a';
            i += 1;
        }
    }
    t
}

/// `0x0101...01`: a byte value broadcast to all 8 lanes by multiplication.
const LANES: u64 = u64::from_ne_bytes([1; 8]);
/// The high bit of every byte lane.
const HIGH: u64 = LANES << 7;

/// Whether any byte of the 8-byte word `w` needs escaping: a control
/// character, `"` or `\`, and with `ascii` also DEL or a non-ASCII byte.
/// Exact (no false positives or negatives) for "any byte"; the caller
/// finds which one with the lookup table.
#[inline(always)]
fn word_needs_escape(w: u64, ascii: bool) -> bool {
    let zero_byte = |v: u64| v.wrapping_sub(LANES) & !v;
    let quote = zero_byte(w ^ (LANES * b'"' as u64));
    let backslash = zero_byte(w ^ (LANES * b'\\' as u64));
    let control = w.wrapping_sub(LANES * 0x20) & !w;
    let mut m = quote | backslash | control;
    if ascii {
        // A byte >= 0x7f: its high bit, or the high bit after adding 1.
        m |= w.wrapping_add(LANES) | w;
    }
    m & HIGH != 0
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Streaming JSON writer; see the module docs.
#[derive(Debug)]
pub struct Writer {
    out: Vec<u8>,
    opts: WriteOptions,
    depth: usize,
    /// The next item is the first in its container (no item separator).
    first_item: bool,
    /// A key was just written; the next value follows it directly.
    after_key: bool,
}

impl Writer {
    /// A writer with `opts` and an empty output buffer.
    pub fn new(opts: WriteOptions) -> Writer {
        Writer::with_capacity(opts, 256)
    }

    /// A writer with `opts` whose output buffer starts with room for
    /// `capacity` bytes (e.g. about the size of the input being
    /// re-serialized), so the output grows without reallocating.
    pub fn with_capacity(opts: WriteOptions, capacity: usize) -> Writer {
        Writer {
            out: Vec::with_capacity(capacity),
            opts,
            depth: 0,
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

    /// Current nesting depth (0 at top level).
    pub fn depth(&self) -> usize {
        self.depth
    }

    fn newline_indent(&mut self, depth: usize) {
        if let Some(ind) = &self.opts.indent {
            self.out.push(b'\n');
            for _ in 0..depth {
                self.out.extend_from_slice(ind.as_bytes());
            }
        }
    }

    /// Writes the separator (and indentation) that precedes a value.
    #[inline]
    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if self.depth == 0 {
            return;
        }
        if self.first_item {
            self.first_item = false;
        } else {
            self.out
                .extend_from_slice(self.opts.item_separator.as_bytes());
        }
        self.newline_indent(self.depth);
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

    /// Begins an array; errors when nesting would exceed the limit.
    pub fn begin_array(&mut self) -> Result<()> {
        self.open(b'[')
    }

    /// Ends the innermost array.
    pub fn end_array(&mut self) {
        self.close(b']');
    }

    /// Begins an object; errors when nesting would exceed the limit.
    pub fn begin_object(&mut self) -> Result<()> {
        self.open(b'{')
    }

    /// Writes an object key and the key separator; the member's value comes
    /// next.
    pub fn key(&mut self, k: &str) {
        self.before_value();
        self.quoted(k);
        self.out
            .extend_from_slice(self.opts.key_separator.as_bytes());
        self.after_key = true;
    }

    /// Ends the innermost object.
    pub fn end_object(&mut self) {
        self.close(b'}');
    }

    fn open(&mut self, c: u8) -> Result<()> {
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
        self.out.push(c);
        self.depth += 1;
        self.first_item = true;
        Ok(())
    }

    fn close(&mut self, c: u8) {
        let empty = self.first_item;
        self.depth = self.depth.saturating_sub(1);
        if !empty {
            self.newline_indent(self.depth);
        }
        self.out.push(c);
        self.first_item = false;
    }

    fn quoted(&mut self, s: &str) {
        let table = if self.opts.ensure_ascii {
            &ESCAPES_ASCII
        } else {
            &ESCAPES
        };
        let ascii = self.opts.ensure_ascii;
        let out = &mut self.out;
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
                if word_needs_escape(w, ascii) {
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
                    // ensure_ascii: a run of DEL / non-ASCII characters,
                    // decoded by hand (`s` is valid UTF-8, so every
                    // continuation byte indexed below exists).
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

    #[test]
    fn string_escaping_matches_the_rules_for_every_kind_of_character() {
        let pieces = [
            "",
            "a",
            "plain ascii text",
            "\"",
            "\\",
            "\n\r\t\u{8}\u{c}",
            "\u{0}\u{1f}",
            "\u{7f}",
            "é",
            "ünïcode",
            "日本語のテキスト",
            "😀",
            "a😀b",
            "\u{fffd}",
            "\u{10ffff}",
            "~",
            "\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ];
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
}
