//! The precise parser: a strict RFC 8259 parser that defines brownfield's
//! JSON semantics and produces exact error kinds and positions.
//!
//! It reports values to a [`Sink`] ([`parse_into`]); [`parse`] builds a
//! [`Document`] with it. [`super::parse`] tries the simd-json fast path
//! for small documents only; whenever that path refuses one (an error, an
//! integer beyond 64 bits, nesting beyond simd-json's fixed limit), it is
//! parsed again here, so every accepted value and every reported error
//! comes from this one grammar. It is iterative (an explicit stack, no
//! recursion), so no nesting depth can overflow the native stack.
//!
//! Hot paths work a word at a time: string runs (quote, backslash or
//! control byte, and whether the run is ASCII), digit runs (classified and
//! converted together, see `super::decimal`) and indentation.

use super::decimal::{exponent_value, float_from_parts, scan_digits, Decimal, Digits};
use super::document::{Document, TapeSink};
/// Digit runs 8 bytes at a time; also used by the log engine's NDJSON
/// skimmer.
pub(crate) use super::number::digits_end;
use super::sink::Sink;
use super::ParseOptions;
use crate::error::{Error, ErrorKind, Result};
use crate::swar::{self, HIGH, LANES};

/// Parses `input` with the precise parser into a [`Document`].
pub fn parse(input: &[u8], opts: &ParseOptions) -> Result<Document> {
    parse_into(input, opts, TapeSink::for_input(input.len()))
}

/// Parses `input` with the precise parser, reporting its values to `sink`
/// (see [`Sink`]) and returning what the sink builds.
///
/// Errors are the parser's (a parse error converted into `S::Error`, with
/// its kind and position) or the first error a sink method returned;
/// either way parsing stops there and the sink is dropped unfinished.
pub fn parse_into<S: Sink>(
    input: &[u8],
    opts: &ParseOptions,
    sink: S,
) -> std::result::Result<S::Output, S::Error> {
    parse_str_into(utf8(input)?, opts, sink, &mut ParseBuffers::default())
}

/// `input` as text, or the `InvalidUtf8` error at its first bad byte: the
/// check [`parse_into`] makes first.
pub fn utf8(input: &[u8]) -> Result<&str> {
    // simdutf8 only says whether the input is valid; std finds the error.
    simdutf8::basic::from_utf8(input)
        .or_else(|_| std::str::from_utf8(input))
        .map_err(|e| {
            Error::at(
                ErrorKind::InvalidUtf8,
                "invalid UTF-8 byte sequence",
                input,
                e.valid_up_to(),
            )
        })
}

/// [`parse_into`] for text already known to be UTF-8, with `buffers`
/// kept from earlier calls: a caller parsing many small documents (the
/// lines of an NDJSON input, checked as UTF-8 once as a whole) neither
/// checks each again nor allocates the parser's buffers for each.
pub fn parse_str_into<S: Sink>(
    text: &str,
    opts: &ParseOptions,
    sink: S,
    buffers: &mut ParseBuffers<S::Mark>,
) -> std::result::Result<S::Output, S::Error> {
    if text.len() > u32::MAX as usize {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            "JSON documents larger than 4 GiB are not supported",
        )
        .into());
    }
    buffers.stack.clear();
    Parser {
        text,
        s: text.as_bytes(),
        pos: 0,
        sink,
        max_depth: opts.max_depth,
        scratch: &mut buffers.scratch,
    }
    .run(&mut buffers.stack)
}

/// The precise parser's working memory, kept between calls of
/// [`parse_str_into`]: the stack of open containers and the unescaped
/// text of a string with escapes. `M` is the sink's `Mark`.
pub struct ParseBuffers<M> {
    stack: Vec<Frame<M>>,
    scratch: String,
}

impl<M> Default for ParseBuffers<M> {
    fn default() -> Self {
        ParseBuffers {
            stack: Vec::new(),
            scratch: String::new(),
        }
    }
}

/// One open container on the explicit stack.
struct Frame<M> {
    /// Direct children completed so far.
    count: usize,
    is_object: bool,
    /// What the sink's `begin_*` returned for it.
    mark: M,
}

struct Parser<'a, S> {
    /// The input, checked as UTF-8 before.
    text: &'a str,
    /// The same input as bytes.
    s: &'a [u8],
    pos: usize,
    sink: S,
    max_depth: usize,
    /// The unescaped text of the current string when it has escapes
    /// (strings without escapes are passed to the sink straight from the
    /// input).
    scratch: &'a mut String,
}

/// What the main loop does next.
enum Step {
    /// Parse a value at the current position.
    Value,
    /// A value just finished; close containers or read a separator.
    AfterValue,
}

/// Where a string just read lives.
enum Unescaped<'a> {
    /// The string had no escapes: this slice of the input.
    Input(&'a str),
    /// The string had escapes: its text is in the parser's scratch buffer.
    Scratch,
}

/// A number just read.
enum Number<'a> {
    Int(i64),
    UInt(u64),
    /// An integer beyond 64 bits: its text.
    Big(&'a str),
    Float(f64),
}

impl<'a, S: Sink> Parser<'a, S> {
    /// The parse error `kind` at byte `at` (never on the path of a valid
    /// document).
    #[cold]
    fn err(&self, kind: ErrorKind, msg: &str, at: usize) -> Error {
        Error::at(kind, msg, self.s, at)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
            // Indentation: runs of spaces, 8 bytes at a time, the spaces
            // leading a word counted in one step (no branch per space).
            while let Some(w) = swar::word(self.s, self.pos) {
                let other = w ^ (LANES * b' ' as u64);
                if other != 0 {
                    self.pos += (other.trailing_zeros() / 8) as usize;
                    break;
                }
                self.pos += 8;
            }
        }
    }

    fn run(mut self, stack: &mut Vec<Frame<S::Mark>>) -> std::result::Result<S::Output, S::Error> {
        self.skip_ws();
        if self.pos == self.s.len() {
            return Err(self
                .err(
                    ErrorKind::EmptyInput,
                    "expected a JSON value, found end of input",
                    self.pos,
                )
                .into());
        }
        let mut step = Step::Value;
        loop {
            match step {
                Step::Value => {
                    step = self.value(stack)?;
                }
                Step::AfterValue => {
                    self.skip_ws();
                    let Some(top) = stack.last_mut() else {
                        if self.pos != self.s.len() {
                            return Err(self
                                .err(
                                    ErrorKind::TrailingCharacters,
                                    "unexpected data after the JSON value",
                                    self.pos,
                                )
                                .into());
                        }
                        return self.sink.finish();
                    };
                    top.count += 1;
                    let is_object = top.is_object;
                    match (self.peek(), is_object) {
                        (Some(b','), false) => {
                            self.pos += 1;
                            self.skip_ws();
                            step = Step::Value;
                        }
                        (Some(b','), true) => {
                            self.pos += 1;
                            self.skip_ws();
                            self.key()?;
                            step = Step::Value;
                        }
                        (Some(b']'), false) => {
                            self.pos += 1;
                            let f = stack.pop().expect("non-empty stack");
                            self.sink.end_array(f.mark, f.count)?;
                        }
                        (Some(b'}'), true) => {
                            self.pos += 1;
                            let f = stack.pop().expect("non-empty stack");
                            self.sink.end_object(f.mark, f.count)?;
                        }
                        (None, _) => return Err(self
                            .err(
                                ErrorKind::UnexpectedEof,
                                if is_object {
                                    "expected ',' or '}' after an object member, found end of input"
                                } else {
                                    "expected ',' or ']' after an array element, found end of input"
                                },
                                self.pos,
                            )
                            .into()),
                        (Some(_), false) => {
                            return Err(self
                                .err(
                                    ErrorKind::ExpectedArrayCommaOrEnd,
                                    "expected ',' or ']' after an array element",
                                    self.pos,
                                )
                                .into())
                        }
                        (Some(_), true) => {
                            return Err(self
                                .err(
                                    ErrorKind::ExpectedObjectCommaOrEnd,
                                    "expected ',' or '}' after an object member",
                                    self.pos,
                                )
                                .into())
                        }
                    }
                }
            }
        }
    }

    /// Parses one value starting at `pos` (whitespace already skipped).
    /// Opening a container pushes a frame and returns `Step::Value` (for the
    /// first child) or `Step::AfterValue` (empty container, already closed).
    fn value(&mut self, stack: &mut Vec<Frame<S::Mark>>) -> std::result::Result<Step, S::Error> {
        let start = self.pos;
        match self.peek() {
            None => Err(self
                .err(
                    ErrorKind::UnexpectedEof,
                    "expected a JSON value, found end of input",
                    start,
                )
                .into()),
            Some(c @ (b'[' | b'{')) => {
                if stack.len() >= self.max_depth {
                    return Err(self.nesting_error(start).into());
                }
                let is_object = c == b'{';
                let mark = if is_object {
                    self.sink.begin_object()?
                } else {
                    self.sink.begin_array()?
                };
                self.pos += 1;
                self.skip_ws();
                if is_object && self.peek() == Some(b'}') {
                    self.pos += 1;
                    self.sink.end_object(mark, 0)?;
                    return Ok(Step::AfterValue);
                }
                if !is_object && self.peek() == Some(b']') {
                    self.pos += 1;
                    self.sink.end_array(mark, 0)?;
                    return Ok(Step::AfterValue);
                }
                stack.push(Frame {
                    count: 0,
                    is_object,
                    mark,
                });
                if is_object {
                    self.key()?;
                }
                Ok(Step::Value)
            }
            Some(b'"') => {
                let (text, ascii) = self.string()?;
                match text {
                    Unescaped::Input(t) => self.sink.string(t, ascii)?,
                    Unescaped::Scratch => self.sink.string(self.scratch, ascii)?,
                }
                Ok(Step::AfterValue)
            }
            Some(b't') => {
                self.literal(b"true")?;
                self.sink.bool(true)?;
                Ok(Step::AfterValue)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                self.sink.bool(false)?;
                Ok(Step::AfterValue)
            }
            Some(b'n') => {
                self.literal(b"null")?;
                self.sink.null()?;
                Ok(Step::AfterValue)
            }
            Some(b'-' | b'0'..=b'9') => {
                match self.number()? {
                    Number::Int(v) => self.sink.int(v)?,
                    Number::UInt(v) => self.sink.uint(v)?,
                    Number::Big(t) => self.sink.big_int(t)?,
                    Number::Float(v) => self.sink.float(v)?,
                }
                Ok(Step::AfterValue)
            }
            Some(_) => Err(self
                .err(ErrorKind::ExpectedValue, "expected a JSON value", start)
                .into()),
        }
    }

    /// Reads `"key" :`, reports the key and leaves `pos` at the member's value.
    fn key(&mut self) -> std::result::Result<(), S::Error> {
        match self.peek() {
            Some(b'"') => {}
            None => {
                return Err(self
                    .err(
                        ErrorKind::UnexpectedEof,
                        "expected an object key in double quotes, found end of input",
                        self.pos,
                    )
                    .into())
            }
            Some(_) => {
                return Err(self
                    .err(
                        ErrorKind::ExpectedKey,
                        "expected an object key in double quotes",
                        self.pos,
                    )
                    .into())
            }
        }
        let (text, ascii) = self.string()?;
        match text {
            Unescaped::Input(t) => self.sink.key(t, ascii)?,
            Unescaped::Scratch => self.sink.key(self.scratch, ascii)?,
        }
        self.skip_ws();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                self.skip_ws();
                Ok(())
            }
            None => Err(self
                .err(
                    ErrorKind::UnexpectedEof,
                    "expected ':' after an object key, found end of input",
                    self.pos,
                )
                .into()),
            Some(_) => Err(self
                .err(
                    ErrorKind::ExpectedColon,
                    "expected ':' after an object key",
                    self.pos,
                )
                .into()),
        }
    }

    /// Reads the literal `word` (`true`, `false`, `null`) at `pos`.
    #[inline]
    fn literal(&mut self, word: &[u8]) -> Result<()> {
        let start = self.pos;
        if self.s.get(start..start + word.len()) == Some(word) {
            self.pos += word.len();
            return Ok(());
        }
        self.literal_error(word)
    }

    /// The error for a literal that is not `word` (cold path of `literal`).
    #[cold]
    fn literal_error(&self, word: &[u8]) -> Result<()> {
        let start = self.pos;
        let have = &self.s[start..(start + word.len()).min(self.s.len())];
        if word.starts_with(have) {
            return Err(self.err(
                ErrorKind::UnexpectedEof,
                "truncated literal at end of input",
                start,
            ));
        }
        Err(self.err(
            ErrorKind::InvalidLiteral,
            &format!(
                "invalid literal, expected '{}'",
                String::from_utf8_lossy(word)
            ),
            start,
        ))
    }

    /// Reads a number per RFC 8259 section 6.
    fn number(&mut self) -> Result<Number<'a>> {
        let start = self.pos;
        let s = self.s;
        let int_start = start + usize::from(s.get(start) == Some(&b'-'));
        let int = match s.get(int_start) {
            Some(b'0') => {
                if s.get(int_start + 1).is_some_and(u8::is_ascii_digit) {
                    return Err(self.err(
                        ErrorKind::InvalidNumber,
                        "leading zeros are not allowed in numbers",
                        start,
                    ));
                }
                Digits {
                    range: int_start..int_start + 1,
                    value: 0,
                }
            }
            Some(b'1'..=b'9') => scan_digits(s, int_start),
            None => {
                return Err(self.err(
                    ErrorKind::UnexpectedEof,
                    "expected a digit after '-', found end of input",
                    int_start,
                ))
            }
            Some(_) => {
                return Err(self.err(
                    ErrorKind::InvalidNumber,
                    "expected a digit after '-'",
                    int_start,
                ))
            }
        };
        let mut i = int.range.end;
        let (frac, has_frac) = if s.get(i) == Some(&b'.') {
            let frac = scan_digits(s, i + 1);
            if frac.range.is_empty() {
                return Err(
                    self.number_part_error("expected a digit after the decimal point", i + 1)
                );
            }
            i = frac.range.end;
            (frac, true)
        } else {
            let none = Digits {
                range: i..i,
                value: 0,
            };
            (none, false)
        };
        let mut exp = 0;
        let has_exp = matches!(s.get(i), Some(b'e' | b'E'));
        if has_exp {
            i += 1;
            let negative = match s.get(i) {
                Some(b'-') => {
                    i += 1;
                    true
                }
                Some(b'+') => {
                    i += 1;
                    false
                }
                _ => false,
            };
            let digits = scan_digits(s, i);
            if digits.range.is_empty() {
                return Err(self.number_part_error("expected a digit in the exponent", i));
            }
            exp = if digits.range.len() <= 12 {
                digits.value as i64
            } else {
                exponent_value(&s[digits.range.clone()])
            };
            if negative {
                exp = -exp;
            }
            i = digits.range.end;
        }
        self.pos = i;
        if has_frac || has_exp {
            let parts = Decimal { int, frac, exp };
            return Ok(Number::Float(float_from_parts(s, start..i, &parts)));
        }
        Ok(if int.range.len() <= 18 {
            // Up to 18 digits always fit in i64: no overflow checks needed.
            let v = int.value as i64;
            Number::Int(if int_start > start { -v } else { v })
        } else {
            // Number boundaries are ASCII bytes, so this slice of the
            // checked text is on character boundaries.
            let text = &self.text[start..i];
            if let Ok(v) = text.parse::<i64>() {
                Number::Int(v)
            } else if let Ok(v) = text.parse::<u64>() {
                Number::UInt(v)
            } else {
                Number::Big(text)
            }
        })
    }

    /// The error for a container opening at `at` beyond the nesting limit.
    #[cold]
    fn nesting_error(&self, at: usize) -> Error {
        self.err(
            ErrorKind::NestingTooDeep,
            &format!("nesting deeper than the limit of {}", self.max_depth),
            at,
        )
    }

    /// The error for a number part (fraction, exponent) without digits.
    #[cold]
    fn number_part_error(&self, msg: &str, at: usize) -> Error {
        if at == self.s.len() {
            self.err(
                ErrorKind::UnexpectedEof,
                &format!("{msg}, found end of input"),
                at,
            )
        } else {
            self.err(ErrorKind::InvalidNumber, msg, at)
        }
    }

    /// Reads a string starting at the opening quote. A string without
    /// escapes is returned as its slice of the input; otherwise it is
    /// unescaped into the scratch buffer. Also says whether it is all ASCII.
    fn string(&mut self) -> Result<(Unescaped<'a>, bool)> {
        let open = self.pos;
        let s = self.s;
        let text = self.text;
        let (run_end, mut high) = plain_run_end(s, open + 1);
        if s.get(run_end) == Some(&b'"') {
            self.pos = run_end + 1;
            // Run boundaries are ASCII bytes, so this slice of the checked
            // text is on character boundaries.
            return Ok((Unescaped::Input(&text[open + 1..run_end]), high == 0));
        }
        self.scratch.clear();
        self.scratch.push_str(&text[open + 1..run_end]);
        let mut i = run_end;
        loop {
            match s.get(i) {
                None => {
                    return Err(self.err(
                        ErrorKind::UnexpectedEof,
                        "unterminated string starting here",
                        open,
                    ))
                }
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok((Unescaped::Scratch, high == 0));
                }
                Some(b'\\') => {
                    // `\uXXXX` outside the surrogates (escaped text is
                    // mostly these) decoded inline; everything else, and
                    // every error, by `escape`.
                    let (ch, next) = match bmp_escape(s, i) {
                        Some(ch) => (ch, i + 6),
                        None => self.escape(i)?,
                    };
                    high |= (!ch.is_ascii()) as u64;
                    self.scratch.push(ch);
                    i = next;
                }
                Some(&c) if c < 0x20 => {
                    return Err(self.err(
                        ErrorKind::ControlCharacterInString,
                        "invalid control character in string (escape it as \\uXXXX)",
                        i,
                    ))
                }
                Some(_) => {
                    // The run of plain characters up to the next quote,
                    // backslash or control character (not scanned for when
                    // an escape follows another, as in escaped text).
                    let (run_end, run_high) = plain_run_end(s, i);
                    high |= run_high;
                    self.scratch.push_str(&text[i..run_end]);
                    i = run_end;
                }
            }
        }
    }

    /// Decodes the escape whose backslash is at `at`; returns the character
    /// and the index after the escape.
    fn escape(&self, at: usize) -> Result<(char, usize)> {
        let s = self.s;
        let Some(&c) = s.get(at + 1) else {
            return Err(self.err(
                ErrorKind::UnexpectedEof,
                "unterminated escape at end of input",
                at,
            ));
        };
        let simple =
            match c {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => return self.unicode_escape(at),
                _ => return Err(self.err(
                    ErrorKind::InvalidEscape,
                    "invalid escape (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                    at,
                )),
            };
        Ok((simple, at + 2))
    }

    /// Reads 4 hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u32> {
        let Some(h) = self.s.get(at..at + 4) else {
            let all_hex = self.s[at.min(self.s.len())..]
                .iter()
                .all(u8::is_ascii_hexdigit);
            return Err(if all_hex {
                self.err(
                    ErrorKind::UnexpectedEof,
                    "truncated \\uXXXX escape at end of input",
                    at - 2,
                )
            } else {
                self.err(ErrorKind::InvalidEscape, "invalid \\uXXXX escape", at - 2)
            });
        };
        // A non-hex byte sets bit 16 (or, shifted, a higher one).
        let v = h
            .iter()
            .fold(0u32, |v, &b| (v << 4) | HEX_VALUE[usize::from(b)]);
        if v > 0xFFFF {
            return Err(self.err(ErrorKind::InvalidEscape, "invalid \\uXXXX escape", at - 2));
        }
        Ok(v)
    }

    fn unicode_escape(&self, at: usize) -> Result<(char, usize)> {
        let hi = self.hex4(at + 2)?;
        let next = at + 6;
        if (0xDC00..0xE000).contains(&hi) {
            return Err(self.err(
                ErrorKind::InvalidUnicodeEscape,
                "unpaired low surrogate in \\u escape",
                at,
            ));
        }
        if !(0xD800..0xDC00).contains(&hi) {
            return Ok((char::from_u32(hi).expect("non-surrogate BMP"), next));
        }
        if self.s.get(next..next + 2) != Some(b"\\u") {
            if next + 2 > self.s.len() && b"\\u".starts_with(&self.s[next..]) {
                return Err(self.err(
                    ErrorKind::UnexpectedEof,
                    "truncated surrogate pair at end of input",
                    at,
                ));
            }
            return Err(self.err(
                ErrorKind::InvalidUnicodeEscape,
                "unpaired high surrogate in \\u escape",
                at,
            ));
        }
        let lo = self.hex4(next + 2)?;
        if !(0xDC00..0xE000).contains(&lo) {
            return Err(self.err(
                ErrorKind::InvalidUnicodeEscape,
                "high surrogate not followed by a low surrogate",
                at,
            ));
        }
        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        Ok((char::from_u32(cp).expect("valid supplementary"), next + 6))
    }
}

/// The character of the `\\uXXXX` escape at `at` when it is complete, has
/// four hex digits and is not a surrogate (which needs its pair checked).
#[inline]
fn bmp_escape(s: &[u8], at: usize) -> Option<char> {
    let e = s.get(at..at + 6)?;
    if e[1] != b'u' {
        return None;
    }
    let v = e[2..]
        .iter()
        .fold(0u32, |v, &b| (v << 4) | HEX_VALUE[usize::from(b)]);
    // Non-hex digits set bit 16 or above: `from_u32` refuses those too,
    // and the surrogates.
    char::from_u32(v).filter(|_| v <= 0xFFFF)
}

/// The value of each byte as a hex digit, or `0x1_0000` (beyond any four
/// digits' value) for bytes that are not hex digits.
static HEX_VALUE: [u32; 256] = {
    let mut t = [0x1_0000_u32; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u32;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u32;
        t[b'A' as usize + i] = 10 + i as u32;
        i += 1;
    }
    t
};

/// Index of the first `"`, `\\` or control character at or after `i` in
/// `s` (or `s.len()`), and a word whose high bits are set when the run
/// before it has a non-ASCII byte (zero when it is all ASCII). Scans 8 bytes
/// per step; the lowest flagged byte of a word is always a true match.
#[inline]
fn plain_run_end(s: &[u8], mut i: usize) -> (usize, u64) {
    let mut high = 0u64;
    while let Some(w) = swar::word(s, i) {
        let m = swar::string_specials(w) & HIGH;
        if m != 0 {
            let before = m.trailing_zeros() / 8;
            // The bytes of this word before the match.
            let kept = (1u64 << (before * 8)) - 1;
            return (i + before as usize, (high | (w & kept)) & HIGH);
        }
        high |= w;
        i += 8;
    }
    let end = s[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map_or(s.len(), |p| i + p);
    let tail = s[i..end].iter().fold(0u64, |h, &b| h | u64::from(b));
    (end, (high | tail) & HIGH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<String> {
        let doc = parse(text.as_bytes(), &ParseOptions::default())?;
        Ok(doc.str_at(0).expect("a string").to_owned())
    }

    #[test]
    fn unicode_escapes_take_exactly_four_hex_digits() {
        for v in [0u32, 0x1F, 0x7F, 0xE9, 0x4E2D, 0xABCD, 0xFFFF] {
            if (0xD800..0xE000).contains(&v) {
                continue;
            }
            let want = char::from_u32(v).unwrap().to_string();
            assert_eq!(parse_str(&format!("\"\\u{v:04x}\"")).unwrap(), want);
            assert_eq!(parse_str(&format!("\"\\u{v:04X}\"")).unwrap(), want);
        }
        // Every non-hex byte, at every digit position, is an invalid escape.
        for b in (0x20u8..0x7F).filter(|b| !b.is_ascii_hexdigit() && *b != b'"') {
            for at in 0..4 {
                let mut digits = *b"ffff";
                digits[at] = b;
                let text = format!("\"\\u{}\"", std::str::from_utf8(&digits).unwrap());
                let err = parse_str(&text).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidEscape, "{text}");
                assert_eq!(err.offset(), 1, "{text}");
            }
        }
    }

    /// Buffers kept across documents (an error in between leaves open
    /// containers and a half-unescaped string behind) give what fresh
    /// ones give.
    #[test]
    fn reused_buffers_give_the_same_documents_and_errors() {
        let docs = [
            r#"{"a": ["x\ny\u00e9", [[{"b": "\"q\""}]]]}"#,
            r#"[[[[["\t"#,
            r#""\u0041""#,
            r#"{"deep": [[[[[[1]]]]]], "s": "a\\b"}"#,
            r#"[1, 2,]"#,
            r#"{"k": "\ud83d\ude00 done"}"#,
        ];
        let opts = ParseOptions { max_depth: 6 };
        let mut buffers = ParseBuffers::default();
        for text in docs.iter().chain(docs.iter().rev()) {
            let fresh = parse(text.as_bytes(), &opts);
            let reused = parse_str_into(text, &opts, TapeSink::for_input(text.len()), &mut buffers);
            match (fresh, reused) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(a), Err(b)) => {
                    assert_eq!((a.kind(), a.offset()), (b.kind(), b.offset()), "{text}")
                }
                (a, b) => panic!("{text}: {a:?} vs {b:?}"),
            }
        }
        let e = utf8(b"ok \xff").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidUtf8, 3));
        assert_eq!(utf8("é".as_bytes()).ok(), Some("é"));
    }

    proptest::proptest! {
        /// Random JSON-like fragments (mostly errors of every kind, some
        /// documents) parsed one after another with the same buffers give
        /// what each gives alone.
        #[test]
        fn reused_buffers_carry_nothing_over(
            texts in proptest::collection::vec(r#"[\[\]{}",:a-z0-9\\ u]{0,40}"#, 1..12)
        ) {
            let opts = ParseOptions { max_depth: 4 };
            let mut buffers = ParseBuffers::default();
            for text in &texts {
                let fresh = parse(text.as_bytes(), &opts);
                let sink = TapeSink::for_input(text.len());
                let reused = parse_str_into(text, &opts, sink, &mut buffers);
                match (fresh, reused) {
                    (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => proptest::prop_assert_eq!(
                        (a.kind(), a.offset()),
                        (b.kind(), b.offset())
                    ),
                    (a, b) => proptest::prop_assert!(false, "{text}: {a:?} vs {b:?}"),
                }
            }
        }
    }

    #[test]
    fn whitespace_runs_of_any_length_are_skipped() {
        let compact = parse(br#"{"a":[1,"x",{}],"b":null}"#, &ParseOptions::default()).unwrap();
        for n in 0..40 {
            for ws in [" ", "\n", "\t", "\r\n", "\n  "] {
                let pad = ws.repeat(n);
                let text = format!(
                    "{pad}{{{pad}\"a\"{pad}:{pad}[{pad}1{pad},{pad}\"x\"{pad},{pad}{{{pad}}}{pad}]{pad},{pad}\"b\":{pad}null{pad}}}{pad}"
                );
                let doc = parse(text.as_bytes(), &ParseOptions::default()).unwrap();
                assert_eq!(doc, compact, "{text:?}");
            }
        }
    }

    #[test]
    fn strings_report_ascii_and_validate_utf8() {
        // Runs longer and shorter than a word, with non-ASCII at every
        // position, pass through unchanged.
        for len in 0..20 {
            for at in 0..len {
                let mut s: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().take(len).collect();
                s[at] = 'é';
                let s: String = s.into_iter().collect();
                assert_eq!(parse_str(&format!("\"{s}\"")).unwrap(), s);
                assert_eq!(
                    parse_str(&format!("\"{s}\\n{s}\"")).unwrap(),
                    format!("{s}\n{s}")
                );
            }
        }
        let err = parse(b"[\"ab\xff\"]", &ParseOptions::default()).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidUtf8, 4));
    }

    /// Records the events a sink receives, as text.
    #[derive(Default)]
    struct Events(Vec<String>);

    impl Sink for Events {
        type Output = Vec<String>;
        type Error = Error;
        type Mark = usize;
        fn null(&mut self) -> Result<()> {
            self.0.push("null".into());
            Ok(())
        }
        fn bool(&mut self, v: bool) -> Result<()> {
            self.0.push(format!("bool {v}"));
            Ok(())
        }
        fn int(&mut self, v: i64) -> Result<()> {
            self.0.push(format!("int {v}"));
            Ok(())
        }
        fn uint(&mut self, v: u64) -> Result<()> {
            self.0.push(format!("uint {v}"));
            Ok(())
        }
        fn big_int(&mut self, text: &str) -> Result<()> {
            self.0.push(format!("big {text}"));
            Ok(())
        }
        fn float(&mut self, v: f64) -> Result<()> {
            self.0.push(format!("float {v:?}"));
            Ok(())
        }
        fn string(&mut self, s: &str, ascii: bool) -> Result<()> {
            assert_eq!(ascii, s.is_ascii(), "{s:?}");
            self.0.push(format!("str {s:?} {ascii}"));
            Ok(())
        }
        fn key(&mut self, s: &str, ascii: bool) -> Result<()> {
            assert_eq!(ascii, s.is_ascii(), "{s:?}");
            self.0.push(format!("key {s:?} {ascii}"));
            Ok(())
        }
        fn begin_array(&mut self) -> Result<usize> {
            self.0.push("[".into());
            Ok(self.0.len() - 1)
        }
        fn end_array(&mut self, mark: usize, len: usize) -> Result<()> {
            assert_eq!(self.0[mark], "[");
            self.0.push(format!("] {len}"));
            Ok(())
        }
        fn begin_object(&mut self) -> Result<usize> {
            self.0.push("{".into());
            Ok(self.0.len() - 1)
        }
        fn end_object(&mut self, mark: usize, len: usize) -> Result<()> {
            assert_eq!(self.0[mark], "{");
            self.0.push(format!("}} {len}"));
            Ok(())
        }
        fn finish(self) -> Result<Vec<String>> {
            Ok(self.0)
        }
    }

    #[test]
    fn sink_sees_every_value_in_document_order() {
        let input = r#"{"a": [1, -2, 18446744073709551615, 123456789012345678901, 0.5, true, null],
            "é": {"k": "x\u00e9", "k": "plain"}, "e": [], "o": {}}"#;
        let got = parse_into(
            input.as_bytes(),
            &ParseOptions::default(),
            Events::default(),
        )
        .unwrap();
        let want = [
            "{",
            "key \"a\" true",
            "[",
            "int 1",
            "int -2",
            "uint 18446744073709551615",
            "big 123456789012345678901",
            "float 0.5",
            "bool true",
            "null",
            "] 7",
            "key \"é\" false",
            "{",
            "key \"k\" true",
            "str \"xé\" false",
            "key \"k\" true",
            "str \"plain\" true",
            "} 2",
            "key \"e\" true",
            "[",
            "] 0",
            "key \"o\" true",
            "{",
            "} 0",
            "} 4",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn sink_errors_stop_the_parse() {
        struct Refuse;
        impl Sink for Refuse {
            type Output = ();
            type Error = Error;
            type Mark = ();
            fn null(&mut self) -> Result<()> {
                Err(Error::new(ErrorKind::InvalidArgument, "no nulls"))
            }
            fn bool(&mut self, _: bool) -> Result<()> {
                Ok(())
            }
            fn int(&mut self, _: i64) -> Result<()> {
                Ok(())
            }
            fn uint(&mut self, _: u64) -> Result<()> {
                Ok(())
            }
            fn big_int(&mut self, _: &str) -> Result<()> {
                Ok(())
            }
            fn float(&mut self, _: f64) -> Result<()> {
                Ok(())
            }
            fn string(&mut self, _: &str, _: bool) -> Result<()> {
                Ok(())
            }
            fn key(&mut self, _: &str, _: bool) -> Result<()> {
                Ok(())
            }
            fn begin_array(&mut self) -> Result<()> {
                Ok(())
            }
            fn end_array(&mut self, _: (), _: usize) -> Result<()> {
                Ok(())
            }
            fn begin_object(&mut self) -> Result<()> {
                Ok(())
            }
            fn end_object(&mut self, _: (), _: usize) -> Result<()> {
                Ok(())
            }
            fn finish(self) -> Result<()> {
                Ok(())
            }
        }
        let err = parse_into(b"[1, null, x]", &ParseOptions::default(), Refuse).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        let err = parse_into(b"[1, x, null]", &ParseOptions::default(), Refuse).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::ExpectedValue, 4));
    }
}
