//! Record formats: how one line becomes the field values a query needs.
//!
//! An [`Extractor`] is compiled once for a format and the list of fields the
//! query uses; for each line it fills one [`Val`] per field (`Null` when the
//! field is absent) and reads nothing else it can avoid.

use super::value::Val;
use crate::json::{self, Document, Node, ParseOptions};
use std::str::FromStr;

/// A record format.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// One JSON object per line; fields by dotted path (`req.ua`) or JSON
    /// Pointer (`/req/ua`).
    Ndjson,
    /// `key=value key2="quoted value"` pairs.
    Logfmt,
    /// NCSA Common Log Format (optionally followed by a request-time field).
    Common,
    /// NCSA/Apache/nginx Combined Log Format (optionally followed by a
    /// request-time field).
    Combined,
    /// A regular expression with named groups; each group is a field.
    Regex(String),
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Ok(match s {
            "ndjson" | "jsonl" | "json" => Format::Ndjson,
            "logfmt" => Format::Logfmt,
            "common" | "clf" => Format::Common,
            "combined" => Format::Combined,
            other => match other.strip_prefix("regex:") {
                Some(re) => Format::Regex(re.to_string()),
                None => {
                    return Err(format!(
                        "unknown format {other:?} (expected ndjson, logfmt, common, combined or regex:PATTERN)"
                    ))
                }
            },
        })
    }
}

/// Field names the Common and Combined formats provide.
pub const CLF_FIELDS: [&str; 13] = [
    "host",
    "ident",
    "user",
    "time",
    "request",
    "method",
    "path",
    "protocol",
    "status",
    "bytes",
    "referer",
    "user_agent",
    "request_time",
];

/// Per-thread scratch space an [`Extractor`] parses into; reuse one per
/// thread so parser buffers are allocated once, not once per line.
#[derive(Default)]
pub struct Scratch {
    shape: skim::Shape,
    line: Vec<u8>,
    buffers: Option<simd_json::Buffers>,
    doc: Option<Document>,
}

/// Text checked once, for a whole chunk, to be valid UTF-8. Lines cut from
/// it need no per-string UTF-8 checks: the NDJSON skimmer then only looks
/// for quotes, backslashes and control characters inside strings.
#[derive(Debug, Clone, Copy)]
pub struct Utf8Text<'a>(&'a str);

impl<'a> Utf8Text<'a> {
    /// `data` as text, or `None` when it is not valid UTF-8 (then each line
    /// is checked on its own, as before).
    pub fn new(data: &'a [u8]) -> Option<Utf8Text<'a>> {
        simdutf8::basic::from_utf8(data).ok().map(Utf8Text)
    }

    /// The part of this text at `start..end` (`None` when the range is out
    /// of bounds or not on character boundaries).
    pub fn slice(&self, start: usize, end: usize) -> Option<Utf8Text<'a>> {
        self.0.get(start..end).map(Utf8Text)
    }

    /// The text.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// A compiled format + field list; see the module docs.
pub struct Extractor {
    kind: Kind,
    /// Unique per extractor: a [`Scratch`] remembers key shapes for one
    /// extractor's wanted keys and forgets them when used with another.
    id: u64,
}

/// Source of [`Extractor`] ids.
static NEXT_EXTRACTOR_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

enum Kind {
    /// Per field: path tokens from the root object; the skimmer's trie of
    /// wanted keys when every path goes through objects only.
    Ndjson(Vec<Vec<String>>, Option<Vec<skim::Want>>),
    /// Per field: its key.
    Logfmt(Vec<String>),
    /// Per field: index into [`CLF_FIELDS`]; whether referer/agent follow.
    Clf(Vec<usize>, bool),
    /// The pattern and per field its group index.
    Regex(regex::Regex, Vec<usize>),
}

impl Extractor {
    /// Compiles `format` to read `fields`; an unknown field of a fixed
    /// format or a bad regex is an error.
    pub fn new(format: &Format, fields: &[String]) -> Result<Extractor, String> {
        let kind = match format {
            Format::Ndjson => {
                let paths: Vec<Vec<String>> = fields
                    .iter()
                    .map(|f| path_tokens(f))
                    .collect::<Result<_, _>>()?;
                let trie = skim::trie(&paths);
                Kind::Ndjson(paths, trie)
            }
            Format::Logfmt => Kind::Logfmt(fields.to_vec()),
            Format::Common | Format::Combined => {
                let combined = *format == Format::Combined;
                let idx = fields
                    .iter()
                    .map(|f| {
                        let i = CLF_FIELDS.iter().position(|c| c == f);
                        match i {
                            Some(i)
                                if combined
                                    || !matches!(CLF_FIELDS[i], "referer" | "user_agent") =>
                            {
                                Ok(i)
                            }
                            _ => Err(format!(
                                    "unknown field {f:?} for the {} log format (fields: {})",
                                    if combined { "combined" } else { "common" },
                                    CLF_FIELDS
                                        .iter()
                                        .filter(|c| combined
                                            || !matches!(**c, "referer" | "user_agent"))
                                        .copied()
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )),
                        }
                    })
                    .collect::<Result<_, _>>()?;
                Kind::Clf(idx, combined)
            }
            Format::Regex(pattern) => {
                let re = regex::Regex::new(pattern).map_err(|e| format!("invalid regex: {e}"))?;
                let idx = fields
                    .iter()
                    .map(|f| {
                        re.capture_names()
                            .position(|n| n == Some(f.as_str()))
                            .ok_or_else(|| format!("the regex has no named group {f:?}"))
                    })
                    .collect::<Result<_, _>>()?;
                Kind::Regex(re, idx)
            }
        };
        let id = NEXT_EXTRACTOR_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Extractor { kind, id })
    }

    /// Reads one line into `out` (one value per field). `Err` carries the
    /// problem (with a column where there is one) for bad-line reporting.
    pub fn extract<'a>(
        &self,
        line: &'a [u8],
        scratch: &'a mut Scratch,
        out: &mut Vec<Val<'a>>,
    ) -> Result<(), String> {
        self.extract_checked(line, None, scratch, out)
    }

    /// Whether [`Extractor::extract_record`] can read this extractor's
    /// lines: NDJSON whose fields all go through objects only.
    pub fn reads_records(&self) -> bool {
        matches!(self.kind, Kind::Ndjson(_, Some(_)))
    }

    /// Reads the line at the start of `text` (valid UTF-8 that runs on
    /// past the line, to the end of its chunk) into `out` when the NDJSON
    /// skimmer can, without the caller splitting lines first; returns the
    /// line's length (up to its `\n`). `None` (also for blank lines, bad
    /// lines and every other format) leaves the line to
    /// [`Extractor::extract_checked`], which gives the same values or the
    /// error; `out` is then to be cleared.
    #[inline]
    pub fn extract_record<'a>(
        &self,
        text: Utf8Text<'a>,
        scratch: &mut Scratch,
        out: &mut Vec<Val<'a>>,
    ) -> Option<usize> {
        let Kind::Ndjson(paths, Some(root)) = &self.kind else {
            return None;
        };
        out.clear();
        out.resize(paths.len(), Val::Null);
        scratch.shape.reset_unless_owner(self.id);
        skim::utf8_record(text.as_str(), root, out, &mut scratch.shape)
    }

    /// [`Extractor::extract`] for a line whose text may already be known to
    /// be valid UTF-8 (`text`, the same bytes as `line`, when the caller
    /// checked its chunk with [`Utf8Text::new`]), which skips per-string
    /// UTF-8 checks.
    pub fn extract_checked<'a>(
        &self,
        line: &'a [u8],
        text: Option<Utf8Text<'a>>,
        scratch: &'a mut Scratch,
        out: &mut Vec<Val<'a>>,
    ) -> Result<(), String> {
        out.clear();
        match &self.kind {
            Kind::Ndjson(paths, trie) => {
                // Skim: read only the wanted fields, in place.
                if let Some(root) = trie {
                    out.resize(paths.len(), Val::Null);
                    scratch.shape.reset_unless_owner(self.id);
                    let skimmed = match text {
                        Some(text) if std::ptr::eq(text.as_str().as_bytes(), line) => {
                            skim::utf8_line(text.as_str(), root, out, &mut scratch.shape)
                        }
                        _ => skim::line(line, root, out, &mut scratch.shape),
                    };
                    if skimmed.is_some() {
                        return Ok(());
                    }
                    out.clear();
                }
                let Scratch {
                    line: buf,
                    buffers,
                    doc,
                    ..
                } = scratch;
                buf.clear();
                buf.extend_from_slice(line);
                let buffers = buffers.get_or_insert_with(|| simd_json::Buffers::new(line.len()));
                // Fast path: simd-json's tape, read in place. Anything it
                // refuses (errors, big integers) goes through `json::parse`,
                // which has the exact semantics and error positions.
                if let Ok(tape) = simd_json::to_tape_with_buffers(buf, buffers) {
                    if let Some(simd_json::Node::Object { .. }) = tape.0.first() {
                        out.extend(paths.iter().map(|p| tape_value(&tape.0, p)));
                        return Ok(());
                    }
                }
                let parsed = json::parse(line, &ParseOptions::default())
                    .map_err(|e| format!("{} at column {}", e.message(), e.column()))?;
                if !matches!(parsed.node(0), Node::Object { .. }) {
                    return Err("the line is valid JSON but not an object".into());
                }
                let doc: &'a Document = doc.insert(parsed);
                out.extend(paths.iter().map(|p| ndjson_value(doc, p)));
            }
            Kind::Logfmt(keys) => {
                let text = utf8(line)?;
                out.resize(keys.len(), Val::Null);
                for (k, v) in logfmt_pairs(text)? {
                    for (slot, key) in keys.iter().enumerate() {
                        if key == k {
                            out[slot] = v;
                        }
                    }
                }
            }
            Kind::Clf(idx, combined) => {
                let rec = parse_clf(utf8(line)?, *combined)?;
                out.extend(idx.iter().map(|&i| rec[i]));
            }
            Kind::Regex(re, idx) => {
                let text = utf8(line)?;
                let caps = re
                    .captures(text)
                    .ok_or_else(|| "the line does not match the regex".to_string())?;
                out.extend(
                    idx.iter()
                        .map(|&i| caps.get(i).map_or(Val::Null, |m| Val::infer(m.as_str()))),
                );
            }
        }
        Ok(())
    }
}

fn utf8(line: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(line)
        .map_err(|e| format!("invalid UTF-8 at column {}", e.valid_up_to() + 1))
}

/// `a.b.c` or `/a/b/c` (JSON Pointer) as tokens.
fn path_tokens(field: &str) -> Result<Vec<String>, String> {
    if field.is_empty() {
        return Err("empty field name".into());
    }
    if let Some(p) = field.strip_prefix('/') {
        p.split('/')
            .map(|t| {
                if t.contains('~') {
                    let s = t.replace("~1", "/").replace("~0", "~");
                    if s.contains('~') {
                        return Err(format!("invalid JSON Pointer {field:?}"));
                    }
                    Ok(s)
                } else {
                    Ok(t.to_string())
                }
            })
            .collect()
    } else {
        Ok(field.split('.').map(String::from).collect())
    }
}

/// The value at `path` in an NDJSON record.
fn ndjson_value<'a>(doc: &'a Document, path: &[String]) -> Val<'a> {
    let mut at = 0;
    for tok in path {
        let next = match doc.node(at) {
            Node::Object { .. } => doc.object_get(at, tok),
            Node::Array { len, .. } => tok
                .parse::<usize>()
                .ok()
                .filter(|i| i < len)
                .and_then(|i| doc.array_items(at).nth(i)),
            _ => None,
        };
        match next {
            Some(n) => at = n,
            None => return Val::Null,
        }
    }
    match *doc.node(at) {
        Node::Null => Val::Null,
        Node::Array { .. } | Node::Object { .. } => Val::Composite,
        Node::Bool(b) => Val::Bool(b),
        Node::Int(i) => Val::Int(i),
        Node::UInt(u) => Val::Float(u as f64),
        Node::Float(f) => Val::Float(f),
        Node::BigInt(t) => Val::Float(doc.text(t).parse().unwrap_or(f64::NAN)),
        Node::Str(t) => Val::Str(doc.text(t)),
    }
}

/// The value at `path` on a simd-json tape whose root is an object.
fn tape_value<'a>(nodes: &[simd_json::Node<'a>], path: &[String]) -> Val<'a> {
    use simd_json::{Node as N, StaticNode as S};
    let skip = |i: usize| match nodes[i] {
        N::Object { count, .. } | N::Array { count, .. } => i + 1 + count,
        _ => i + 1,
    };
    let mut at = 0;
    for tok in path {
        let next = match nodes[at] {
            N::Object { len, .. } => {
                let (mut k, mut found) = (at + 1, None);
                for _ in 0..len {
                    if matches!(nodes[k], N::String(s) if s == tok) {
                        found = Some(k + 1); // last duplicate wins
                    }
                    k = skip(k + 1);
                }
                found
            }
            N::Array { len, .. } => tok.parse::<usize>().ok().filter(|i| *i < len).map(|n| {
                let mut k = at + 1;
                for _ in 0..n {
                    k = skip(k);
                }
                k
            }),
            _ => None,
        };
        match next {
            Some(n) => at = n,
            None => return Val::Null,
        }
    }
    match nodes[at] {
        N::String(s) => Val::Str(s),
        N::Static(S::I64(i)) => Val::Int(i),
        N::Static(S::U64(u)) => i64::try_from(u).map_or(Val::Float(u as f64), Val::Int),
        N::Static(S::F64(f)) => Val::Float(f),
        N::Static(S::Bool(b)) => Val::Bool(b),
        N::Object { .. } | N::Array { .. } => Val::Composite,
        _ => Val::Null,
    }
}

/// Splits a logfmt line into (key, value) pairs. Bare keys are `true`.
fn logfmt_pairs(text: &str) -> Result<Vec<(&str, Val<'_>)>, String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let ks = i;
        while i < b.len() && b[i] != b'=' && b[i] != b' ' {
            i += 1;
        }
        let key = &text[ks..i];
        if i == b.len() || b[i] == b' ' {
            out.push((key, Val::Bool(true)));
            continue;
        }
        i += 1; // '='
        if i < b.len() && b[i] == b'"' {
            let vs = i + 1;
            let ve = quoted_end(b, vs).ok_or_else(|| {
                format!("unterminated quoted value for key {key:?} at column {}", vs)
            })?;
            out.push((key, Val::Str(&text[vs..ve])));
            i = ve + 1;
        } else {
            let vs = i;
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            out.push((key, Val::infer(&text[vs..i])));
        }
    }
    Ok(out)
}

/// Index of the closing quote of a quoted string starting at `start`
/// (just after the opening quote); backslash escapes the next byte.
fn quoted_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Parses a Common/Combined line into values in [`CLF_FIELDS`] order.
fn parse_clf(text: &str, combined: bool) -> Result<[Val<'_>; 13], String> {
    let b = text.as_bytes();
    let mut i = 0;
    let err = |what: &str, at: usize| format!("expected {what} at column {}", at + 1);
    let word = |i: &mut usize| -> Option<&str> {
        let s = *i;
        while *i < b.len() && b[*i] != b' ' {
            *i += 1;
        }
        let w = &text[s..*i];
        if *i < b.len() {
            *i += 1;
        }
        (!w.is_empty()).then_some(w)
    };
    let host = word(&mut i).ok_or_else(|| err("the client host", 0))?;
    let ident = word(&mut i).ok_or_else(|| err("the ident field", i))?;
    let user = word(&mut i).ok_or_else(|| err("the user field", i))?;
    if b.get(i) != Some(&b'[') {
        return Err(err("'[' starting the time", i));
    }
    let ts = i + 1;
    let te = memchr::memchr(b']', &b[ts..])
        .map(|p| ts + p)
        .ok_or_else(|| err("']' ending the time", ts))?;
    let time = &text[ts..te];
    i = te + 1;
    let quoted = |i: &mut usize, what: &str| -> Result<&str, String> {
        while *i < b.len() && b[*i] == b' ' {
            *i += 1;
        }
        if b.get(*i) != Some(&b'"') {
            return Err(err(what, *i));
        }
        let s = *i + 1;
        let e = quoted_end(b, s).ok_or_else(|| err("a closing '\"'", b.len()))?;
        *i = e + 1;
        Ok(&text[s..e])
    };
    let request = quoted(&mut i, "the quoted request")?;
    let mut parts = request.splitn(3, ' ');
    let method = parts.next().filter(|s| !s.is_empty());
    let path = parts.next();
    let protocol = parts.next();
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let status_at = i;
    let status = match word(&mut i).map(Val::infer) {
        Some(v @ Val::Int(_)) => v,
        _ => return Err(err("a numeric status", status_at)),
    };
    let bytes_at = i;
    let bytes = match word(&mut i).map(Val::infer) {
        Some(v @ (Val::Int(_) | Val::Null)) => v,
        _ => return Err(err("a byte count or '-'", bytes_at)),
    };
    let (mut referer, mut agent) = (Val::Null, Val::Null);
    if combined {
        referer = Val::Str(quoted(&mut i, "the quoted referer")?);
        agent = Val::Str(quoted(&mut i, "the quoted user agent")?);
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let rt_at = i;
    let request_time = match word(&mut i).map(Val::infer) {
        None => Val::Null,
        Some(v @ (Val::Int(_) | Val::Float(_) | Val::Null)) => v,
        Some(_) => return Err(err("end of line or a request time", rt_at)),
    };
    if i < b.len() {
        return Err(err("end of line", i));
    }
    fn s(v: Option<&str>) -> Val<'_> {
        v.map_or(Val::Null, Val::Str)
    }
    fn dash(v: &str) -> Val<'_> {
        if v == "-" {
            Val::Null
        } else {
            Val::Str(v)
        }
    }
    Ok([
        Val::Str(host),
        dash(ident),
        dash(user),
        Val::Str(time),
        Val::Str(request),
        s(method),
        s(path),
        s(protocol),
        status,
        bytes,
        referer,
        agent,
        request_time,
    ])
}

/// The NDJSON skimmer: reads only the wanted fields of a line.
///
/// It walks the top-level object once, compares each key with the wanted
/// paths (a small trie), parses only the wanted values and skips the rest
/// quickly. Keys that repeat the previous lines' keys at the same position
/// are recognised by a word compare ([`skim::Shape`]). Everything it skips is
/// still validated (the line is checked as UTF-8, or its whole chunk once,
/// strings for control characters and escapes, numbers and literals for
/// their grammar, containers for their structure), so an accepted line is
/// valid JSON. Whenever a line is malformed or uses
/// something the skimmer does not decode itself (an escaped key or wanted
/// string, an integer beyond `i64`, deep nesting), it returns `None` and the
/// caller re-reads the line with the full parser, which gives the exact
/// value or the exact error.
mod skim {
    use super::Val;
    use crate::json::decimal::{float_from_parts, scan_digits, Decimal};
    use crate::json::precise::digits_end;
    use crate::swar::{self, HIGH};

    mod template;

    /// Nesting the skimmer follows itself; deeper lines go to the full
    /// parser (and its nesting limit).
    const MAX_DEPTH: usize = 64;

    /// One wanted key at one level of the path trie.
    #[derive(Debug)]
    pub struct Want {
        key: String,
        /// Output slots whose path ends at this key.
        slots: Vec<usize>,
        /// Wanted keys inside this key's value, when it is an object.
        children: Vec<Want>,
        /// Every slot in this subtree (reset when the key repeats: the
        /// last duplicate wins).
        all_slots: Vec<usize>,
    }

    /// Builds the trie of wanted keys; `None` when a path goes through an
    /// array index (left to the full parser).
    pub fn trie(paths: &[Vec<String>]) -> Option<Vec<Want>> {
        let mut root: Vec<Want> = Vec::new();
        for (slot, path) in paths.iter().enumerate() {
            if path.is_empty()
                || path
                    .iter()
                    .any(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
            let mut level = &mut root;
            for (depth, tok) in path.iter().enumerate() {
                let i = match level.iter().position(|w| w.key == *tok) {
                    Some(i) => i,
                    None => {
                        level.push(Want {
                            key: tok.clone(),
                            slots: Vec::new(),
                            children: Vec::new(),
                            all_slots: Vec::new(),
                        });
                        level.len() - 1
                    }
                };
                let w = &mut level[i];
                w.all_slots.push(slot);
                if depth + 1 == path.len() {
                    w.slots.push(slot);
                }
                level = &mut w.children;
            }
        }
        Some(root)
    }

    /// Reads the wanted fields of `line` into `out` (one slot per path,
    /// already sized); `None` sends the line to the full parser.
    pub fn line<'a>(
        line: &'a [u8],
        root: &[Want],
        out: &mut [Val<'a>],
        shape: &mut Shape,
    ) -> Option<()> {
        let end = Skimmer::<false> {
            s: line,
            text: "",
            pos: 0,
        }
        .root(root, out, shape)?;
        (end == line.len()).then_some(())
    }

    /// [`line()`] for text already checked to be valid UTF-8 (see
    /// [`super::Utf8Text`]): strings are scanned for quotes, backslashes
    /// and control characters only. Same results as [`line()`].
    pub fn utf8_line<'a>(
        text: &'a str,
        root: &[Want],
        out: &mut [Val<'a>],
        shape: &mut Shape,
    ) -> Option<()> {
        (utf8_record(text, root, out, shape)? == text.len()).then_some(())
    }

    /// [`utf8_line()`] for the line at the start of `text`, which runs on
    /// past the line's end (to the end of its chunk, say): the skimmer
    /// finds where the line ends itself, so the caller need not split
    /// lines first, and scans may look past the line's end without
    /// padding. Returns the line's length (the index of its `\n`, or
    /// `text.len()`); `None` sends the line to the usual path. A line is
    /// first followed through the template learned from earlier lines
    /// (see [`template`]), then walked member by member.
    pub fn utf8_record<'a>(
        text: &'a str,
        root: &[Want],
        out: &mut [Val<'a>],
        shape: &mut Shape,
    ) -> Option<usize> {
        let mut skimmer = Skimmer::<true> {
            s: text.as_bytes(),
            text,
            pos: 0,
        };
        if let Some(t) = shape.template.for_next_line() {
            if let Some(end) = skimmer.follow(t, out) {
                shape.template.hit();
                return Some(end);
            }
            out.fill(Val::Null);
            skimmer.pos = 0;
            shape.template.miss();
        }
        let end = skimmer.root(root, out, shape)?;
        shape.template.after_walk(&text[..end], root);
        Some(end)
    }

    /// The keys of earlier lines, in order, per object: log lines mostly
    /// repeat their keys, so each key is first compared (a few word
    /// compares) with the key at the same position in an earlier line
    /// before it is scanned and looked up. Only keys that were read and
    /// checked in full are kept, so a line whose bytes match one is valid
    /// there.
    #[derive(Debug, Default)]
    pub struct Shape {
        /// The extractor whose wanted keys `keys` refer to (0: none).
        owner: u64,
        keys: Vec<ShapeKey>,
        /// The whole-line template (kept in the root shape only).
        template: template::Learned,
    }

    /// One predicted member start: `"key":` for the first member of an
    /// object, `,"key":` for the others.
    #[derive(Debug)]
    struct ShapeKey {
        /// The bytes, with their quotes, comma and colon.
        literal: Literal,
        /// Index of the wanted key it names, if any.
        want: Option<usize>,
        /// Lines in a row whose member here was another key.
        misses: u8,
        /// The keys of its value when that is an object.
        inner: Shape,
    }

    /// Bytes to find again at a position, compared as one or two words
    /// (a slice compare when longer than 16 bytes).
    #[derive(Debug)]
    struct Literal {
        /// Its first 8 bytes (masked when shorter).
        head: u64,
        /// Its last 8 bytes (when at least 8 bytes long).
        tail: u64,
        /// The bytes of `head` that belong to the literal.
        mask: u64,
        /// Length in bytes.
        len: usize,
        /// All its bytes when longer than the two words (else empty).
        bytes: Box<[u8]>,
    }

    impl Literal {
        /// The literal `bytes`.
        fn new(bytes: &[u8]) -> Literal {
            let len = bytes.len();
            let mask = match len {
                0 => 0,
                1..=7 => u64::MAX >> (64 - 8 * len),
                _ => u64::MAX,
            };
            Literal {
                head: word_at(bytes, 0) & mask,
                tail: if len >= 8 { word_at(bytes, len - 8) } else { 0 },
                mask,
                len,
                bytes: if len > 16 {
                    bytes.into()
                } else {
                    Box::default()
                },
            }
        }

        /// Whether `s` holds these bytes at `pos`. Up to 16 bytes need no
        /// length check when the literal does not end in a space:
        /// [`word_at`] pads with spaces past the end of `s`.
        #[inline(always)]
        fn matches(&self, s: &[u8], pos: usize) -> bool {
            if self.len > 16 {
                s.get(pos..pos + self.len) == Some(&*self.bytes)
            } else if self.len >= 8 {
                word_at(s, pos) == self.head && word_at(s, pos + self.len - 8) == self.tail
            } else {
                word_at(s, pos) & self.mask == self.head
            }
        }
    }

    /// The shape of the value of member `member` (an object), when the
    /// member is `known` in `shape`.
    #[inline(always)]
    fn inner(shape: Option<&mut Shape>, known: bool, member: usize) -> Option<&mut Shape> {
        match shape {
            Some(sh) if known => sh.keys.get_mut(member).map(|k| &mut k.inner),
            _ => None,
        }
    }

    impl Shape {
        /// Lines that followed the current template (for tests).
        #[cfg(test)]
        pub fn template_hits(&self) -> u32 {
            self.template.hits()
        }

        /// Whether whole-line templates are paused (for tests).
        #[cfg(test)]
        pub fn templates_paused(&self) -> bool {
            self.template.paused()
        }

        /// Forgets every key unless they were learned for extractor `id`.
        #[inline(always)]
        pub fn reset_unless_owner(&mut self, id: u64) {
            if self.owner != id {
                self.reset(id);
            }
        }

        /// Forgets every key; now learning for extractor `id`.
        #[cold]
        fn reset(&mut self, id: u64) {
            self.owner = id;
            self.keys.clear();
            self.template = template::Learned::default();
        }

        /// Remembers `written` (`"key":` or `,"key":`) as the start of
        /// member `member`, naming wanted key `want`, after a line whose
        /// member there was another one. A remembered key gives way only
        /// after [`RELEARN_AFTER`] misses in a row, so lines of mixed
        /// shapes keep the common one predicted and cost no relearning.
        /// Returns whether `member` now predicts this key.
        fn learn(&mut self, member: usize, written: &[u8], want: Option<usize>) -> bool {
            if let Some(old) = self.keys.get_mut(member) {
                old.misses += 1;
                if old.misses < RELEARN_AFTER {
                    return false;
                }
            } else if member > self.keys.len() {
                return false;
            }
            let key = ShapeKey {
                literal: Literal::new(written),
                want,
                misses: 0,
                inner: Shape::default(),
            };
            match self.keys.get_mut(member) {
                Some(old) => *old = key,
                None => self.keys.push(key),
            }
            true
        }
    }

    /// Misses in a row after which a predicted key is replaced.
    const RELEARN_AFTER: u8 = 4;

    /// The high bit of each byte of `w` that may need attention inside a
    /// string: `"`, `\`, a control character or a non-ASCII byte. The
    /// lowest flagged byte is always a true one (higher ones may be false
    /// positives), which is all [`Skimmer::string`] needs.
    #[inline(always)]
    fn special_mask(w: u64) -> u64 {
        (swar::string_specials(w) | w) & HIGH
    }

    /// The 8 bytes at `i` as a little-endian word; past the end of `s`,
    /// padded with spaces (which need no attention).
    #[inline(always)]
    fn word_at(s: &[u8], i: usize) -> u64 {
        swar::word(s, i).unwrap_or_else(|| padded_word_at(s, i))
    }

    /// [`word_at`] near the end of `s`; out of line, so the hot loops
    /// that call `word_at` stay small.
    #[cold]
    #[inline(never)]
    fn padded_word_at(s: &[u8], i: usize) -> u64 {
        let mut w = [b' '; 8];
        let tail = s.get(i..).unwrap_or_default();
        w[..tail.len()].copy_from_slice(tail);
        u64::from_le_bytes(w)
    }

    /// Bytes [`first_special`] looks at per step.
    #[cfg(target_arch = "x86_64")]
    const SPECIAL_STEP: usize = 16;
    /// Bytes [`first_special`] looks at per step.
    #[cfg(not(target_arch = "x86_64"))]
    const SPECIAL_STEP: usize = 8;

    /// The offset of the first quote, backslash or control byte among the
    /// [`SPECIAL_STEP`] bytes at `i` (past the end of `s`: none).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub fn first_special(s: &[u8], i: usize) -> Option<usize> {
        first_special_sse2(s, i)
    }

    /// The offset of the first quote, backslash or control byte among the
    /// [`SPECIAL_STEP`] bytes at `i` (past the end of `s`: none).
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub fn first_special(s: &[u8], i: usize) -> Option<usize> {
        first_special_swar(s, i)
    }

    /// [`first_special`] over 8 bytes with word arithmetic (any target).
    /// Each mask flags every byte of its kind (and maybe some above the
    /// first), so the lowest flag of the three is a true one. Non-ASCII
    /// bytes have their high bit set and are not controls.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    #[inline(always)]
    pub fn first_special_swar(s: &[u8], i: usize) -> Option<usize> {
        let w = word_at(s, i);
        let any = swar::string_specials(w) & HIGH;
        (any != 0).then(|| (any.trailing_zeros() / 8) as usize)
    }

    /// [`first_special`] over 16 bytes with SSE2 (part of the x86_64
    /// baseline, so no runtime detection): one compare per kind and one
    /// movemask. Controls are the bytes `b` with `max(b, 0x1f) == 0x1f`.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    // The intrinsics below are safe to call in newer compilers (SSE2 is
    // enabled for every x86_64 target) but not in the minimum supported one.
    #[allow(unused_unsafe)]
    pub fn first_special_sse2(s: &[u8], i: usize) -> Option<usize> {
        use std::arch::x86_64::*;
        let v = match s.get(i..i + 16) {
            // SAFETY: the 16 bytes lie in `s` (checked by `get`), and an
            // unaligned load has no alignment requirement.
            Some(b) => unsafe { _mm_loadu_si128(b.as_ptr().cast()) },
            None => padded_vector_at(s, i),
        };
        // SAFETY: SSE2 is always available on x86_64; no memory access.
        let mask = unsafe {
            let quotes = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslashes = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            let limit = _mm_set1_epi8(0x1f);
            let controls = _mm_cmpeq_epi8(_mm_max_epu8(v, limit), limit);
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quotes, backslashes), controls))
        };
        (mask != 0).then(|| mask.trailing_zeros() as usize)
    }

    /// The 16 bytes at `i` near the end of `s`, padded with spaces; out of
    /// line like [`padded_word_at`].
    #[cfg(target_arch = "x86_64")]
    #[cold]
    #[inline(never)]
    #[allow(unused_unsafe)] // see `first_special_sse2`
    fn padded_vector_at(s: &[u8], i: usize) -> std::arch::x86_64::__m128i {
        let mut w = [b' '; 16];
        let tail = s.get(i..).unwrap_or_default();
        let n = tail.len().min(16);
        w[..n].copy_from_slice(&tail[..n]);
        // SAFETY: `w` holds 16 bytes; the load is unaligned.
        unsafe { std::arch::x86_64::_mm_loadu_si128(w.as_ptr().cast()) }
    }

    /// Skims text; `UTF8` when the text is known to be valid UTF-8.
    struct Skimmer<'a, const UTF8: bool> {
        s: &'a [u8],
        /// The same bytes as `s` when `UTF8`, else empty.
        text: &'a str,
        pos: usize,
    }

    impl<'a, const UTF8: bool> Skimmer<'a, UTF8> {
        /// Reads a whole line: one object and surrounding whitespace, up
        /// to a `\n` or the end of the text; returns where the line ends.
        fn root(&mut self, root: &[Want], out: &mut [Val<'a>], shape: &mut Shape) -> Option<usize> {
            self.ws();
            if self.peek() != Some(b'{') {
                return None;
            }
            self.object(root, out, 1, Some(shape))?;
            self.ws();
            matches!(self.peek(), None | Some(b'\n')).then_some(self.pos)
        }
        #[inline(always)]
        fn peek(&self) -> Option<u8> {
            self.s.get(self.pos).copied()
        }

        /// Skips whitespace within a line: a `\n` ends the line, so it is
        /// never skipped (a record split over lines is not one record).
        #[inline(always)]
        fn ws(&mut self) {
            while let Some(b' ' | b'\t' | b'\r') = self.peek() {
                self.pos += 1;
            }
        }

        #[inline(always)]
        fn expect(&mut self, c: u8) -> Option<()> {
            if self.peek() == Some(c) {
                self.pos += 1;
                Some(())
            } else {
                None
            }
        }

        /// Reads the object at `pos`, filling the slots of `wanted`. With a
        /// `shape`, each member is first compared with the member at the
        /// same position in earlier lines: its key with the comma before
        /// it (the first: its key alone), as one or two word compares.
        fn object(
            &mut self,
            wanted: &[Want],
            out: &mut [Val<'a>],
            depth: usize,
            mut shape: Option<&mut Shape>,
        ) -> Option<()> {
            self.expect(b'{')?;
            self.ws();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Some(());
            }
            let mut member = 0;
            loop {
                // Where this member's predicted bytes would start: right
                // after the previous value (or at the first key).
                let from = self.pos;
                let predicted = shape
                    .as_deref_mut()
                    .and_then(|sh| sh.keys.get_mut(member))
                    .filter(|k| k.literal.matches(self.s, from));
                let (want, known) = match predicted {
                    // The same bytes as a member already read in full.
                    Some(k) => {
                        k.misses = 0;
                        self.pos += k.literal.len;
                        self.ws();
                        (k.want, true)
                    }
                    None => {
                        if member > 0 {
                            self.ws();
                            match self.peek() {
                                Some(b',') => {
                                    self.pos += 1;
                                    self.ws();
                                }
                                Some(b'}') => {
                                    self.pos += 1;
                                    return Some(());
                                }
                                _ => return None,
                            }
                        }
                        let key_at = self.pos;
                        let (want, end) = self.key(wanted)?;
                        // Learnable when the key (with its comma) directly
                        // follows the previous value and has no escapes.
                        let contiguous = member == 0 || key_at == from + 1;
                        let learned = match (shape.as_deref_mut(), end) {
                            (Some(sh), Some(end)) if contiguous => {
                                sh.learn(member, &self.s[from..end], want)
                            }
                            _ => false,
                        };
                        (want, learned)
                    }
                };
                let want = want.map(|i| &wanted[i]);
                let Some(w) = want else {
                    // Most skipped members are scalars: no call for them.
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                        }
                        b'{' if known => {
                            if depth >= MAX_DEPTH {
                                return None;
                            }
                            let inner = inner(shape.as_deref_mut(), known, member);
                            self.object(&[], out, depth + 1, inner)?;
                        }
                        b'{' | b'[' => self.skip_value(depth)?,
                        _ => self.skip_scalar()?,
                    }
                    member += 1;
                    continue;
                };
                let inner = inner(shape.as_deref_mut(), known, member);
                member += 1;
                for &slot in &w.all_slots {
                    out[slot] = Val::Null;
                }
                let v = if self.peek() == Some(b'{') && (inner.is_some() || !w.children.is_empty())
                {
                    // Walked member by member: wanted keys inside, or
                    // predicted keys.
                    if depth >= MAX_DEPTH {
                        return None;
                    }
                    self.object(&w.children, out, depth + 1, inner)?;
                    Val::Composite
                } else {
                    self.value(depth)?
                };
                for &slot in &w.slots {
                    out[slot] = v;
                }
            }
        }

        /// Reads a member's key, its colon and the whitespace after it;
        /// returns the index of the wanted key it names and, when a later
        /// line may predict the key (no escapes, no whitespace before the
        /// colon), where its colon ends. Kept out of line: most keys are
        /// predicted, and the hot loop keeps its registers.
        #[inline(never)]
        fn key(&mut self, wanted: &[Want]) -> Option<(Option<usize>, Option<usize>)> {
            if self.peek() != Some(b'"') {
                return None;
            }
            let (ks, ke, escaped) = self.string()?;
            if escaped && !wanted.is_empty() {
                // The unescaped key might be a wanted one.
                return None;
            }
            let end = (!escaped && self.peek() == Some(b':')).then_some(ke + 2);
            self.ws();
            self.expect(b':')?;
            self.ws();
            let key = &self.s[ks..ke];
            // Length and first byte reject most keys without a memcmp.
            let is_key = |w: &Want| {
                let k = w.key.as_bytes();
                k.len() == key.len() && k.first() == key.first() && k == key
            };
            Some((wanted.iter().position(is_key), end))
        }

        /// Parses a wanted value.
        fn value(&mut self, depth: usize) -> Option<Val<'a>> {
            match self.peek()? {
                b'"' => {
                    let (a, b, escaped) = self.string()?;
                    if escaped {
                        return None;
                    }
                    // The text is valid UTF-8 already (and `a..b` lies
                    // between ASCII quotes); otherwise `string` checked it
                    // when not ASCII.
                    Some(Val::Str(if UTF8 {
                        self.text.get(a..b)?
                    } else {
                        std::str::from_utf8(&self.s[a..b]).ok()?
                    }))
                }
                b'-' | b'0'..=b'9' => self.number(),
                b't' => self.literal(b"true", Val::Bool(true)),
                b'f' => self.literal(b"false", Val::Bool(false)),
                b'n' => self.literal(b"null", Val::Null),
                b'{' | b'[' => {
                    self.skip_value(depth)?;
                    Some(Val::Composite)
                }
                _ => None,
            }
        }

        fn literal(&mut self, word: &[u8], v: Val<'a>) -> Option<Val<'a>> {
            if self.s.get(self.pos..self.pos + word.len()) == Some(word) {
                self.pos += word.len();
                Some(v)
            } else {
                None
            }
        }

        /// Validates a member's value of any kind without reading it; the
        /// common string and scalar cases inline.
        #[inline(always)]
        fn skip_member_value(&mut self, depth: usize) -> Option<()> {
            match self.peek()? {
                b'"' => self.string().map(|_| ()),
                b'{' | b'[' => self.skip_value(depth),
                _ => self.skip_scalar(),
            }
        }

        /// Validates a number or literal without converting it.
        #[inline(always)]
        fn skip_scalar(&mut self) -> Option<()> {
            match self.peek()? {
                b'-' | b'0'..=b'9' => self.number_end().map(|_| ()),
                b't' => self.literal(b"true", Val::Null).map(|_| ()),
                b'f' => self.literal(b"false", Val::Null).map(|_| ()),
                b'n' => self.literal(b"null", Val::Null).map(|_| ()),
                _ => None,
            }
        }

        /// Validates the number at `pos` and moves past it; returns whether
        /// it has a fraction or exponent.
        #[inline(always)]
        fn number_end(&mut self) -> Option<bool> {
            let s = self.s;
            let mut i = self.pos;
            if s.get(i) == Some(&b'-') {
                i += 1;
            }
            let int_start = i;
            i = digits_end(s, i);
            let int_len = i - int_start;
            if int_len == 0 || (int_len > 1 && s[int_start] == b'0') {
                return None;
            }
            let mut is_float = false;
            if s.get(i) == Some(&b'.') {
                i += 1;
                let f = i;
                i = digits_end(s, i);
                if i == f {
                    return None;
                }
                is_float = true;
            }
            if let Some(b'e' | b'E') = s.get(i) {
                i += 1;
                if let Some(b'+' | b'-') = s.get(i) {
                    i += 1;
                }
                let e = i;
                i = digits_end(s, i);
                if i == e {
                    return None;
                }
                is_float = true;
            }
            self.pos = i;
            Some(is_float)
        }

        /// Validates and parses a number in one pass over its digits (as
        /// the JSON parser does: [`scan_digits`] reads 8 digits per step
        /// and gives their value): integers that fit in `i64` directly,
        /// floats correctly rounded by [`float_from_parts`]; bigger
        /// integers go to the full parser, exponents to the standard
        /// library's parser (rare in logs).
        fn number(&mut self) -> Option<Val<'a>> {
            let s = self.s;
            let start = self.pos;
            let negative = s.get(start) == Some(&b'-');
            let int_start = start + usize::from(negative);
            let int = scan_digits(s, int_start);
            let int_len = int.range.len();
            if int_len == 0 || (int_len > 1 && s[int_start] == b'0') {
                return None;
            }
            let mut i = int.range.end;
            let frac = if s.get(i) == Some(&b'.') {
                let frac = scan_digits(s, i + 1);
                if frac.range.is_empty() {
                    return None;
                }
                i = frac.range.end;
                Some(frac)
            } else {
                None
            };
            if let Some(b'e' | b'E') = s.get(i) {
                self.number_end()?;
                let text = std::str::from_utf8(&s[start..self.pos]).ok()?;
                return text.parse::<f64>().ok().map(Val::Float);
            }
            self.pos = i;
            match frac {
                Some(frac) => {
                    let parts = Decimal { int, frac, exp: 0 };
                    Some(Val::Float(float_from_parts(s, start..i, &parts)))
                }
                // Up to 18 digits cannot overflow i64.
                None if int_len <= 18 => {
                    let v = int.value as i64;
                    Some(Val::Int(if negative { -v } else { v }))
                }
                None => None,
            }
        }

        /// Validates the string whose opening quote is at `pos` (control
        /// characters, escapes, UTF-8); returns the byte range of its raw
        /// contents and whether it has escapes.
        #[inline(always)]
        fn string(&mut self) -> Option<(usize, usize, bool)> {
            if UTF8 {
                return self.utf8_string();
            }
            let s = self.s;
            let start = self.pos + 1;
            let mut i = start;
            let (mut escaped, mut non_ascii) = (false, false);
            loop {
                let m = special_mask(word_at(s, i));
                if m == 0 {
                    if i >= s.len() {
                        return None;
                    }
                    i += 8;
                    continue;
                }
                i += (m.trailing_zeros() / 8) as usize;
                match *s.get(i)? {
                    b'"' => {
                        if non_ascii {
                            std::str::from_utf8(&s[start..i]).ok()?;
                        }
                        self.pos = i + 1;
                        return Some((start, i, escaped));
                    }
                    b'\\' => {
                        escaped = true;
                        i = self.escape(i)?;
                    }
                    0x80.. => {
                        non_ascii = true;
                        i += 1;
                    }
                    _ => return None,
                }
            }
        }

        /// [`Skimmer::string`] in valid UTF-8, where only quotes,
        /// backslashes and control characters need attention: one
        /// [`first_special`] step finds the first of them, then its byte
        /// tells which.
        #[inline(always)]
        fn utf8_string(&mut self) -> Option<(usize, usize, bool)> {
            let s = self.s;
            let start = self.pos + 1;
            let mut i = start;
            let mut escaped = false;
            loop {
                let Some(k) = first_special(s, i) else {
                    if i >= s.len() {
                        return None;
                    }
                    i += SPECIAL_STEP;
                    continue;
                };
                let at = i + k;
                match *s.get(at)? {
                    b'"' => {
                        self.pos = at + 1;
                        return Some((start, at, escaped));
                    }
                    b'\\' => {
                        escaped = true;
                        i = self.escape(at)?;
                    }
                    _ => return None,
                }
            }
        }

        /// Validates the escape at `at` (a backslash); returns the index
        /// after it. Unpaired surrogates are invalid, as in the parser.
        fn escape(&self, at: usize) -> Option<usize> {
            match *self.s.get(at + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(at + 2),
                b'u' => {
                    let hi = self.hex4(at + 2)?;
                    if (0xDC00..0xE000).contains(&hi) {
                        return None;
                    }
                    if !(0xD800..0xDC00).contains(&hi) {
                        return Some(at + 6);
                    }
                    if self.s.get(at + 6..at + 8) != Some(b"\\u") {
                        return None;
                    }
                    let lo = self.hex4(at + 8)?;
                    (0xDC00..0xE000).contains(&lo).then_some(at + 12)
                }
                _ => None,
            }
        }

        fn hex4(&self, at: usize) -> Option<u32> {
            let h = self.s.get(at..at + 4)?;
            h.iter()
                .try_fold(0u32, |v, &b| Some(v * 16 + (b as char).to_digit(16)?))
        }

        /// Validates one value of any kind without reading it. Containers
        /// are walked iteratively with a bit stack (1 = object).
        fn skip_value(&mut self, depth: usize) -> Option<()> {
            match self.peek()? {
                b'"' => return self.string().map(|_| ()),
                b'{' | b'[' => {}
                _ => return self.skip_scalar(),
            }
            let mut stack: u64 = 0;
            let mut level = 0usize;
            // Open the container at `pos`, then read values until it closes.
            'open: loop {
                let c = self.s[self.pos];
                if depth + level >= MAX_DEPTH || level >= 64 {
                    return None;
                }
                let is_object = c == b'{';
                stack = (stack << 1) | is_object as u64;
                level += 1;
                self.pos += 1;
                self.ws();
                let close = if is_object { b'}' } else { b']' };
                let mut closed = self.peek() == Some(close);
                if closed {
                    self.pos += 1;
                }
                loop {
                    if closed {
                        stack >>= 1;
                        level -= 1;
                        if level == 0 {
                            return Some(());
                        }
                        self.ws();
                        let is_object = stack & 1 == 1;
                        match self.peek()? {
                            b',' => {
                                self.pos += 1;
                                self.ws();
                            }
                            b'}' if is_object => {
                                self.pos += 1;
                                continue;
                            }
                            b']' if !is_object => {
                                self.pos += 1;
                                continue;
                            }
                            _ => return None,
                        }
                    }
                    closed = false;
                    // One member or element of the container on top.
                    if stack & 1 == 1 {
                        if self.peek() != Some(b'"') {
                            return None;
                        }
                        self.string()?;
                        self.ws();
                        self.expect(b':')?;
                        self.ws();
                    }
                    match self.peek()? {
                        b'{' | b'[' => continue 'open,
                        b'"' => {
                            self.string()?;
                        }
                        _ => self.skip_scalar()?,
                    }
                    self.ws();
                    let is_object = stack & 1 == 1;
                    match self.peek()? {
                        b',' => {
                            self.pos += 1;
                            self.ws();
                        }
                        b'}' if is_object => {
                            self.pos += 1;
                            closed = true;
                        }
                        b']' if !is_object => {
                            self.pos += 1;
                            closed = true;
                        }
                        _ => return None,
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(
        fmt: &Format,
        fields: &[&str],
        line: &'a [u8],
        scratch: &'a mut Scratch,
    ) -> Result<Vec<Val<'a>>, String> {
        let fields: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        let ex = Extractor::new(fmt, &fields)?;
        let mut out = Vec::new();
        ex.extract(line, scratch, &mut out)?;
        Ok(out)
    }

    #[test]
    fn ndjson_paths() {
        let line = br#"{"a":1,"req":{"ua":"curl","n":[5,6]},"f":1.5,"s":null}"#;
        let mut sc = Scratch::default();
        let v = get(
            &Format::Ndjson,
            &["a", "req.ua", "/req/n/1", "f", "s", "missing", "req"],
            line,
            &mut sc,
        )
        .unwrap();
        assert_eq!(
            v,
            vec![
                Val::Int(1),
                Val::Str("curl"),
                Val::Int(6),
                Val::Float(1.5),
                Val::Null,
                Val::Null,
                Val::Composite
            ]
        );
        let mut sc = Scratch::default();
        assert!(get(&Format::Ndjson, &["a"], b"{\"a\":", &mut sc)
            .unwrap_err()
            .contains("column"));
        let mut sc = Scratch::default();
        assert!(get(&Format::Ndjson, &["a"], b"[1]", &mut sc).is_err());
    }

    #[test]
    fn ndjson_fast_and_fallback_paths_agree() {
        let fields = ["a", "req.ua", "/req/n/1", "f", "s", "dup", "u"];
        let fast = br#"{"a":1,"req":{"ua":"c\u00e9","n":[5,6]},"f":1.5,"s":null,"dup":1,"dup":2,"u":18446744073709551615}"#;
        // The same record plus a 30-digit integer, which simd-json refuses.
        let slow = br#"{"a":1,"req":{"ua":"c\u00e9","n":[5,6]},"f":1.5,"s":null,"dup":1,"dup":2,"u":18446744073709551615,"big":123456789012345678901234567890}"#;
        let (mut s1, mut s2) = (Scratch::default(), Scratch::default());
        let a = get(&Format::Ndjson, &fields, fast, &mut s1).unwrap();
        let b = get(&Format::Ndjson, &fields, slow, &mut s2).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[1], Val::Str("cé"));
        assert_eq!(a[5], Val::Int(2));
        assert_eq!(a[6], Val::Float(18446744073709551615.0));
    }

    /// The skimmer's answer for `line` with nothing learned before.
    fn skim_fresh<'a>(line: &'a [u8], root: &[skim::Want], n: usize) -> Option<Vec<Val<'a>>> {
        let mut out = vec![Val::Null; n];
        skim::line(line, root, &mut out, &mut skim::Shape::default())?;
        Some(out)
    }

    /// Every line the skimmer accepts is valid JSON and gives the values
    /// the full parser gives; checked on valid lines and on every single-
    /// byte deletion, truncation and substitution of them.
    #[test]
    fn skim_accepts_only_valid_lines_and_agrees_with_the_parser() {
        let fields = [
            "status", "lat", "req.ua", "region", "tags", "missing", "req", "req.n.x", "d",
        ];
        let paths: Vec<Vec<String>> = fields.iter().map(|f| path_tokens(f).unwrap()).collect();
        let root = skim::trie(&paths).unwrap();
        let lines: [&[u8]; 7] = [
            br#"{"ts":1700000000040,"status":200,"lat":32.914,"region":"eu","req":{"ua":"M\u00e9 \"x\"","n":{"x":-0.5e3}},"tags":["a",{"b":[]}],"d":1,"d":null}"#,
            br#"{"ts":1700000000040,"status":200,"lat":32.914,"region":"eu","req":{"ua":"Mozilla","id":"\u00e9 \"x\"","n":{"x":-0.5e3}},"tags":["a",{"b":[]}],"d":1,"d":null}"#,
            br#" { "status" : -17 , "lat" : 1E+2 , "req" : { "ua" : "caf\u00e9 ok" } , "x" : [ true , false , null , "\ud83d\ude00" ] } "#,
            br#"{"req":{"ua":"a"},"req":5,"status":true,"region":"\/r","e":{}}"#,
            br#"{"status":123456789012345678901234567890,"lat":0,"region":"plain","tags":[[[[1]]]]}"#,
            "{\"region\":\"ünï\",\"status\":0,\"lat\":-0.0,\"q\":\"\\\\\"}".as_bytes(),
            br#"{}"#,
        ];
        let subs = b"\"\\{}[],:0-e.+ \x01\xffxntu9\n\r";
        // One shape for every line, as in a chunk: keys predicted from
        // earlier (often different) lines must not change any answer.
        let shape = std::cell::RefCell::new(skim::Shape::default());
        let check = |m: &[u8]| {
            let mut out = vec![Val::Null; paths.len()];
            let accepted = skim::line(m, &root, &mut out, &mut shape.borrow_mut()).is_some();
            assert_eq!(
                skim_fresh(m, &root, paths.len()),
                accepted.then(|| out.clone())
            );
            if let Some(text) = Utf8Text::new(m) {
                let mut clean = vec![Val::Null; paths.len()];
                let ok = skim::utf8_line(text.as_str(), &root, &mut clean, &mut shape.borrow_mut());
                assert_eq!(ok.is_some(), accepted, "{}", String::from_utf8_lossy(m));
                assert_eq!(clean, out, "{}", String::from_utf8_lossy(m));
            }
            // Read in place from text that runs on into a next line: the
            // same as the line cut at its first `\n`, or left to the usual
            // path.
            let mut joined = m.to_vec();
            joined.extend_from_slice(b"\n{\"status\":1}\n");
            if let Some(text) = Utf8Text::new(&joined) {
                let cut = m.iter().position(|&b| b == b'\n').unwrap_or(m.len());
                let mut alone = vec![Val::Null; paths.len()];
                let line_ok = skim::line(&m[..cut], &root, &mut alone, &mut shape.borrow_mut());
                let mut read = vec![Val::Null; paths.len()];
                let len =
                    skim::utf8_record(text.as_str(), &root, &mut read, &mut shape.borrow_mut());
                assert_eq!(len, line_ok.map(|_| cut), "{}", String::from_utf8_lossy(m));
                if len.is_some() {
                    assert_eq!(read, alone, "{}", String::from_utf8_lossy(m));
                }
            }
            if !accepted {
                return false;
            }
            let doc = json::parse(m, &ParseOptions::default()).unwrap_or_else(|e| {
                panic!(
                    "skim accepted invalid {:?}: {e}",
                    String::from_utf8_lossy(m)
                )
            });
            assert!(matches!(doc.node(0), Node::Object { .. }));
            let want: Vec<Val<'_>> = paths.iter().map(|p| ndjson_value(&doc, p)).collect();
            assert_eq!(out, want, "{}", String::from_utf8_lossy(m));
            true
        };
        // Escaped wanted strings and big integers go to the parser.
        let skimmed = [false, true, false, false, false, true, true];
        let mut accepted = 0;
        for (n, line) in lines.into_iter().enumerate() {
            assert_eq!(check(line), skimmed[n], "{}", String::from_utf8_lossy(line));
            for i in 0..line.len() {
                let mut m = line.to_vec();
                m.remove(i);
                accepted += check(&m) as usize;
                accepted += check(&line[..i]) as usize;
                for &c in subs {
                    let mut m = line.to_vec();
                    m[i] = c;
                    accepted += check(&m) as usize;
                }
            }
        }
        assert!(accepted > 100, "{accepted}");
    }

    /// A template learned from one line reads every edit of that line
    /// (deleted, cut or substituted bytes) as the member-by-member walk
    /// does, and reads the line itself again.
    #[test]
    fn a_learned_template_gives_the_walks_answers() {
        let layouts = [
            r#"{"ts":1700000000040,"status":200,"lat":32.914,"region":"eu","req":{"ua":"Mozilla","n":{"x":-0.5e3}},"tags":["a",{"b":[]}],"d":null}"#,
            r#" { "status" : -17 , "lat" : 1E+2 , "req" : { "ua" : "caf ok" } , "x" : [ true , false , null ] } "#,
            r#"{"e":{},"status":"x","req":{"n":{}},"region":"é","lat":[1,{"a":2}],"d":{"z":1}}"#,
            r#"{"ts":"2024-01-01T00:00:00Z","msg":"say \"hi\" \u00e9","n":-1.5e3,"status":200,"host":"wéb-1","ok":true,"lat":1.5}"#,
            r#"{"ts":"2024-01-01","host":"web-1","status":200,"lat":1.5,"up":null}"#,
        ];
        let subs = b"\"\\{}[],:0-e.+ \x01xntu9\n\r";
        for fields in [
            &[
                "status", "lat", "req.ua", "region", "tags", "missing", "req.n.x", "d",
            ][..],
            &["req", "req.ua", "d"][..],
        ] {
            let paths: Vec<Vec<String>> = fields.iter().map(|f| path_tokens(f).unwrap()).collect();
            let root = skim::trie(&paths).unwrap();
            fn skim_with<'a>(
                shape: &mut skim::Shape,
                root: &[skim::Want],
                n: usize,
                line: &'a str,
            ) -> Option<Vec<Val<'a>>> {
                let mut out = vec![Val::Null; n];
                skim::utf8_line(line, root, &mut out, shape).map(|_| out)
            }
            let n = paths.len();
            for base in layouts {
                let mut shape = skim::Shape::default();
                let first = skim_with(&mut shape, &root, n, base);
                assert!(first.is_some(), "{base}");
                assert_eq!(skim_with(&mut shape, &root, n, base), first);
                // Learnable unless a wanted key holds an object that is
                // walked into for other wanted keys.
                let walked_into = base.contains(r#""req" : {"#) || base.contains(r#""req":{"#);
                let learnable = !(fields[0] == "req" && walked_into);
                assert_eq!(shape.template_hits(), u32::from(learnable), "{base}");
                let bytes = base.as_bytes();
                let mut edits: Vec<Vec<u8>> = Vec::new();
                for i in 0..bytes.len() {
                    let mut m = bytes.to_vec();
                    m.remove(i);
                    edits.push(m);
                    edits.push(bytes[..i].to_vec());
                    for &c in subs {
                        let mut m = bytes.to_vec();
                        m[i] = c;
                        edits.push(m);
                    }
                }
                for m in edits {
                    let Ok(m) = std::str::from_utf8(&m) else {
                        continue;
                    };
                    let mut shape = skim::Shape::default();
                    skim_with(&mut shape, &root, n, base);
                    assert_eq!(
                        skim_with(&mut shape, &root, n, m),
                        skim_fresh(m.as_bytes(), &root, paths.len()),
                        "{m}"
                    );
                }
            }
        }
    }

    /// Templates stay on for lines of one layout with a rare other one,
    /// and pause when layouts alternate; the values are right throughout.
    #[test]
    fn templates_pause_on_mixed_layouts() {
        let paths = vec![path_tokens("status").unwrap()];
        let root = skim::trie(&paths).unwrap();
        let a = r#"{"status":200,"x":"a"}"#;
        let b = r#"{"x":"b","status":404}"#;
        for (other_every, paused) in [(50, false), (2, true)] {
            let mut shape = skim::Shape::default();
            for i in 0..1000 {
                let (line, want) = if i % other_every == other_every - 1 {
                    (b, 404)
                } else {
                    (a, 200)
                };
                let mut out = vec![Val::Null; 1];
                assert!(skim::utf8_line(line, &root, &mut out, &mut shape).is_some());
                assert_eq!(out, [Val::Int(want)]);
            }
            assert_eq!(shape.templates_paused(), paused, "one in {other_every}");
            if !paused {
                assert!(shape.template_hits() > 900, "{}", shape.template_hits());
            }
        }
    }

    /// Random JSON text for the skimmer property test: objects whose keys
    /// often are the wanted ones, any scalar, nesting, odd whitespace.
    fn arb_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("null".to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|v| v.to_string()),
            any::<u64>().prop_map(|v| v.to_string()),
            any::<f64>()
                .prop_filter("finite", |v| v.is_finite())
                .prop_map(|v| format!("{v:e}")),
            "-?(0|[1-9][0-9]{0,5})\\.[0-9]{1,20}([eE][-+]?[0-9]{1,3})?",
            "-?[1-9][0-9]{15,25}",
            any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
            "\"[a-z\\\\/é]{0,12}\"",
        ];
        let key = prop_oneof![
            Just("\"a\"".to_string()),
            Just("\"b\"".to_string()),
            Just("\"c\"".to_string()),
            Just("\"\\u0061\"".to_string()),
            any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        ];
        let value = leaf.prop_recursive(4, 32, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6)
                    .prop_map(|v| format!("[{}]", v.join(" , "))),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|m| {
                    let m: Vec<String> = m.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                    format!("{{{}}}", m.join(","))
                }),
            ]
        });
        prop::collection::vec((prop_oneof!["a", "b", "c", "x"], value), 0..6).prop_map(|m| {
            let m: Vec<String> = m
                .into_iter()
                .map(|(k, v)| format!("\"{k}\" :{v}"))
                .collect();
            format!("{{{}}}", m.join(","))
        })
    }

    proptest::proptest! {
        /// Random lines, optionally with one byte changed or cut short:
        /// whatever the skimmer accepts is valid JSON with the parser's values.
        #[test]
        fn skim_agrees_with_the_parser_on_random_lines(
            line in arb_line(),
            edit in proptest::option::of((proptest::prelude::any::<usize>(), proptest::prelude::any::<u8>(), proptest::prelude::any::<bool>())),
        ) {
            let mut bytes = line.into_bytes();
            let paths: Vec<Vec<String>> = ["a", "b.c", "b.a", "c", "b"]
                .iter()
                .map(|f| path_tokens(f).unwrap())
                .collect();
            let root = skim::trie(&paths).unwrap();
            let mut out = vec![Val::Null; paths.len()];
            let mut shape = skim::Shape::default();
            // Learn the line's own keys first, so the second read predicts
            // them (then a byte changed): both reads must agree.
            let original = skim_fresh(&bytes, &root, paths.len());
            if let Some(text) = Utf8Text::new(&bytes) {
                let mut clean = vec![Val::Null; paths.len()];
                let ok = skim::utf8_line(text.as_str(), &root, &mut clean, &mut shape);
                proptest::prop_assert_eq!(ok.map(|_| clean), original.clone());
            }
            if let Some((at, b, cut)) = edit {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    if cut { bytes.truncate(at) } else { bytes[at] = b }
                }
            }
            let accepted = skim::line(&bytes, &root, &mut out, &mut shape).is_some();
            proptest::prop_assert_eq!(accepted.then(|| out.clone()), skim_fresh(&bytes, &root, paths.len()));
            // In place, followed by another line: the same answer, and
            // the line's length.
            let mut joined = bytes.clone();
            joined.extend_from_slice(b"\r\n{\"a\":[1]}");
            if let Some(text) = Utf8Text::new(&joined) {
                let mut read = vec![Val::Null; paths.len()];
                let len = skim::utf8_record(text.as_str(), &root, &mut read, &mut shape);
                let line_ok = accepted && !bytes.contains(&b'\n');
                proptest::prop_assert_eq!(len, line_ok.then_some(bytes.len() + 1));
                if line_ok {
                    proptest::prop_assert_eq!(&read, &out);
                }
            }
            if accepted {
                let doc = json::parse(&bytes, &ParseOptions::default());
                proptest::prop_assert!(doc.is_ok(), "accepted invalid {:?}", String::from_utf8_lossy(&bytes));
                let doc = doc.unwrap();
                let want: Vec<Val<'_>> = paths.iter().map(|p| ndjson_value(&doc, p)).collect();
                proptest::prop_assert_eq!(out, want);
            }
        }
    }

    /// Keys learned for one extractor (and its wanted keys) are not used
    /// for another one's lines, and checked UTF-8 text gives the same values.
    #[test]
    fn a_scratch_reused_across_extractors_and_lines() {
        let lines: [&[u8]; 4] = [
            br#"{"a":1,"b":"x","c":{"d":2}}"#,
            br#"{"a":3,"b":"y","c":{"d":4}}"#,
            br#"{"b":"z","a":5,"c":{"e":6,"d":7}}"#,
            br#"{"a":8,"b":"w","c":{"d":"A"}}"#,
        ];
        let one = Extractor::new(&Format::Ndjson, &["a".into(), "c.d".into()]).unwrap();
        let two = Extractor::new(&Format::Ndjson, &["b".into()]).unwrap();
        let mut scratch = Scratch::default();
        let mut got = Vec::new();
        for line in lines {
            for (ex, clean) in [
                (&one, None),
                (&two, Utf8Text::new(line)),
                (&one, Utf8Text::new(line)),
            ] {
                let mut out = Vec::new();
                ex.extract_checked(line, clean, &mut scratch, &mut out)
                    .unwrap();
                got.push(format!("{out:?}"));
            }
        }
        let want = [
            "[Int(1), Int(2)]",
            r#"[Str("x")]"#,
            "[Int(1), Int(2)]",
            "[Int(3), Int(4)]",
            r#"[Str("y")]"#,
            "[Int(3), Int(4)]",
            "[Int(5), Int(7)]",
            r#"[Str("z")]"#,
            "[Int(5), Int(7)]",
            r#"[Int(8), Str("A")]"#,
            r#"[Str("w")]"#,
            r#"[Int(8), Str("A")]"#,
        ];
        assert_eq!(got, want);
        // Predicted keys longer than two words are compared in full: these
        // differ only in the middle (and in their comma/space framing).
        let long = Extractor::new(&Format::Ndjson, &["k_aaaaaaaaaaaaaaaaaaaa_z".into()]).unwrap();
        let mut scratch = Scratch::default();
        for (line, v) in [
            (
                &br#"{"k_aaaaaaaaaaaaaaaaaaaa_z":1,"k_aaaaaaaaaaaaaaaaaaaa_z":2}"#[..],
                Val::Int(2),
            ),
            (
                br#"{"k_aaaaaaaaaaXaaaaaaaaa_z":3,"k_aaaaaaaaaaaaaaaaaaaa_z":4}"#,
                Val::Int(4),
            ),
            (
                br#"{"k_aaaaaaaaaaaaaaaaaaaa_z":5,"k_aaaaaaaaaaXaaaaaaaaa_z":6}"#,
                Val::Int(5),
            ),
            (
                br#"{"k_aaaaaaaaaaaaaaaaaaaa_z":7, "k_aaaaaaaaaaaaaaaaaaaa_z":8}"#,
                Val::Int(8),
            ),
            (br#"{"x":0,"k_aaaaaaaaaaaaaaaaaaaa_z":9}"#, Val::Int(9)),
        ] {
            let mut out = Vec::new();
            long.extract(line, &mut scratch, &mut out).unwrap();
            assert_eq!(out, vec![v], "{}", String::from_utf8_lossy(line));
        }
        assert!(Utf8Text::new(b"{\"a\":\"\xff\"}").is_none());
        assert!(Utf8Text::new("{\"a\":\"é\"}\r\n{}".as_bytes()).is_some());
        // Control characters: whitespace outside strings, bad inside them.
        let mut scratch = Scratch::default();
        for (line, ok) in [
            (&b"{\"a\":\t1,\r\"c\":{\"d\":2}}"[..], true),
            (b"{\"a\":1,\"b\":\"x\ty\",\"c\":{\"d\":2}}", false),
            (b"{\"a\":1,\"b\":\"\x1f\",\"c\":{\"d\":2}}", false),
            (b"{\"a\":1,\"b\":\"\x7f\xc3\xa9\",\"c\":{\"d\":2}}", true),
        ] {
            let mut out = Vec::new();
            let r = one.extract_checked(line, Utf8Text::new(line), &mut scratch, &mut out);
            assert_eq!(r.is_ok(), ok, "{}", String::from_utf8_lossy(line));
        }
    }

    /// The first quote, backslash or control byte, found byte by byte.
    fn first_special_naive(s: &[u8], i: usize, step: usize) -> Option<usize> {
        let end = s.len().min(i + step);
        (i.min(end)..end).position(|k| matches!(s[k], b'"' | b'\\' | 0..=0x1f))
    }

    /// Both string-scan steps (the word one every target may use, and
    /// SSE2 on x86_64) find exactly the first special byte, at every
    /// offset of strings mixing specials, ASCII, non-ASCII and 0x7f/0x20.
    #[test]
    fn string_scan_steps_find_the_first_special_byte() {
        let alphabet: &[u8] = b"a \"\\\x00\x1f\x7f\x80\xc3\xa9\xff/";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..40 {
            for _ in 0..200 {
                let s: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        // Mostly plain bytes, so specials land anywhere.
                        let k = (state % 24) as usize;
                        if k < alphabet.len() {
                            alphabet[k]
                        } else {
                            b'x'
                        }
                    })
                    .collect();
                for i in 0..=len + 1 {
                    assert_eq!(
                        skim::first_special_swar(&s, i),
                        first_special_naive(&s, i, 8),
                        "{s:?} at {i}"
                    );
                    #[cfg(target_arch = "x86_64")]
                    assert_eq!(
                        skim::first_special_sse2(&s, i),
                        first_special_naive(&s, i, 16),
                        "{s:?} at {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn skim_defers_what_it_does_not_decode() {
        let paths: Vec<Vec<String>> = ["a"].iter().map(|f| path_tokens(f).unwrap()).collect();
        let root = skim::trie(&paths).unwrap();
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(70), "]".repeat(70));
        for line in [
            &br#"{"a":"x\ny"}"#[..],
            br#"{"\u0061":1}"#,
            br#"{"a":18446744073709551615}"#,
            deep.as_bytes(),
            b"[1]",
        ] {
            let mut out = vec![Val::Null];
            let mut shape = skim::Shape::default();
            assert!(skim::line(line, &root, &mut out, &mut shape).is_none());
            assert!(json::parse(line, &ParseOptions::default()).is_ok());
        }
        assert!(skim::trie(&[vec!["a".into(), "0".into()]]).is_none());
    }

    #[test]
    fn logfmt_pairs_and_quotes() {
        let line = br#"level=info msg="hello \"world\"" dur=1.5 n=3 debug user=-"#;
        let mut sc = Scratch::default();
        let v = get(
            &Format::Logfmt,
            &["level", "msg", "dur", "n", "debug", "user", "nope"],
            line,
            &mut sc,
        )
        .unwrap();
        assert_eq!(
            v,
            vec![
                Val::Str("info"),
                Val::Str(r#"hello \"world\""#),
                Val::Float(1.5),
                Val::Int(3),
                Val::Bool(true),
                Val::Null,
                Val::Null
            ]
        );
        let mut sc = Scratch::default();
        assert!(get(&Format::Logfmt, &["a"], b"a=\"open", &mut sc).is_err());
    }

    #[test]
    fn combined_and_common() {
        let line = br#"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash.html HTTP/1.1" 200 203023 "http://semicomplete.com/" "Mozilla/5.0 (Macintosh) \"x\"" 0.042"#;
        let mut sc = Scratch::default();
        let v = get(
            &Format::Combined,
            &[
                "host",
                "method",
                "path",
                "status",
                "bytes",
                "user_agent",
                "request_time",
                "user",
            ],
            line,
            &mut sc,
        )
        .unwrap();
        assert_eq!(v[0], Val::Str("83.149.9.216"));
        assert_eq!(v[1], Val::Str("GET"));
        assert_eq!(v[2], Val::Str("/presentations/logstash.html"));
        assert_eq!(v[3], Val::Int(200));
        assert_eq!(v[4], Val::Int(203023));
        assert_eq!(v[6], Val::Float(0.042));
        assert_eq!(v[7], Val::Null);
        let common =
            br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 -"#;
        let mut sc = Scratch::default();
        let v = get(
            &Format::Common,
            &["user", "bytes", "status"],
            common,
            &mut sc,
        )
        .unwrap();
        assert_eq!(v, vec![Val::Str("frank"), Val::Null, Val::Int(200)]);
        let mut sc = Scratch::default();
        assert!(get(&Format::Common, &["user_agent"], common, &mut sc).is_err());
        for bad in [
            &b"garbage"[..],
            b"h - - [t] \"GET / HTTP/1.0\" abc 1",
            b"h - - [t \"GET\" 200 1",
            b"h - - [t] \"GET / HTTP/1.0\" 200 1 extra words",
        ] {
            let mut sc = Scratch::default();
            assert!(
                get(&Format::Common, &["status"], bad, &mut sc).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn real_apache_sample_parses() {
        let dir = std::env::var_os("BROWNFIELD_DATA_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
            });
        let data = std::fs::read(dir.join("logs/apache_combined_10k.log")).expect("log corpus");
        let ex = Extractor::new(&Format::Combined, &["status".into(), "bytes".into()]).unwrap();
        let mut bad = Vec::new();
        for (n, line) in data
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|l| !l.1.is_empty())
        {
            let mut sc = Scratch::default();
            let mut out = Vec::new();
            if let Err(e) = ex.extract(line, &mut sc, &mut out) {
                bad.push((n + 1, e));
            }
        }
        // The sample has one truncated line: its user agent lacks the
        // closing quote. Everything else parses.
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].0, 8899);
        assert!(bad[0].1.contains("closing"), "{}", bad[0].1);
    }

    #[test]
    fn regex_groups() {
        let fmt = Format::Regex(r"^(?P<level>\w+) (?P<ms>\d+)ms$".into());
        let mut sc = Scratch::default();
        assert_eq!(
            get(&fmt, &["ms", "level"], b"WARN 250ms", &mut sc).unwrap(),
            vec![Val::Int(250), Val::Str("WARN")]
        );
        let mut sc = Scratch::default();
        assert!(get(&fmt, &["ms"], b"nope", &mut sc).is_err());
        assert!(Extractor::new(&fmt, &["other".into()]).is_err());
        assert!(Extractor::new(&Format::Regex("(".into()), &[]).is_err());
    }
}
