//! The one error type every brownfield operation returns.
//!
//! An [`Error`] is a value: a machine-readable [`ErrorKind`], a human message
//! that says what was expected, and — for errors about input text — the byte
//! offset, 1-based line and 1-based column (in characters) where it happened.
//! Bindings translate it into their native exception or error struct; they
//! never parse the message.

use std::fmt;

/// What went wrong, as a stable, machine-readable kind.
///
/// The numeric values are part of the C ABI (`bf_error_kind`) and of the
/// shared test vectors (by name, see [`ErrorKind::name`]); never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorKind {
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
    /// A number that does not follow the JSON grammar (`01`, `1.`, `-`, `.5`).
    InvalidNumber = 7,
    /// A backslash escape that JSON does not define (`\x`, `\u12G4`).
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
    /// A value the serializer cannot write (unsupported type, NaN when not
    /// allowed, a non-string key, invalid UTF-8 in a string).
    Unserializable = 16,
    /// A caller broke the API contract (NULL pointer, index out of range).
    InvalidArgument = 17,
    /// An I/O error while reading or writing.
    Io = 18,
    /// A bug inside brownfield (caught panic); please report it.
    Internal = 19,
    /// A log record (line) that does not match its format; the error's
    /// position names the line.
    BadRecord = 20,
    /// The caller cancelled long work (Ctrl-C).
    Interrupted = 21,
}

impl ErrorKind {
    /// Every kind, in numeric order.
    pub const ALL: [ErrorKind; 21] = [
        ErrorKind::UnexpectedEof,
        ErrorKind::ExpectedValue,
        ErrorKind::ExpectedArrayCommaOrEnd,
        ErrorKind::ExpectedObjectCommaOrEnd,
        ErrorKind::ExpectedKey,
        ErrorKind::ExpectedColon,
        ErrorKind::InvalidNumber,
        ErrorKind::InvalidEscape,
        ErrorKind::InvalidUnicodeEscape,
        ErrorKind::ControlCharacterInString,
        ErrorKind::InvalidUtf8,
        ErrorKind::TrailingCharacters,
        ErrorKind::NestingTooDeep,
        ErrorKind::InvalidLiteral,
        ErrorKind::EmptyInput,
        ErrorKind::Unserializable,
        ErrorKind::InvalidArgument,
        ErrorKind::Io,
        ErrorKind::Internal,
        ErrorKind::BadRecord,
        ErrorKind::Interrupted,
    ];

    /// The stable snake_case name used in test vectors and in every binding
    /// (Python `err.kind`, Ruby `err.kind`, C `bf_error_kind_name`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::UnexpectedEof => "unexpected_eof",
            ErrorKind::ExpectedValue => "expected_value",
            ErrorKind::ExpectedArrayCommaOrEnd => "expected_array_comma_or_end",
            ErrorKind::ExpectedObjectCommaOrEnd => "expected_object_comma_or_end",
            ErrorKind::ExpectedKey => "expected_key",
            ErrorKind::ExpectedColon => "expected_colon",
            ErrorKind::InvalidNumber => "invalid_number",
            ErrorKind::InvalidEscape => "invalid_escape",
            ErrorKind::InvalidUnicodeEscape => "invalid_unicode_escape",
            ErrorKind::ControlCharacterInString => "control_character_in_string",
            ErrorKind::InvalidUtf8 => "invalid_utf8",
            ErrorKind::TrailingCharacters => "trailing_characters",
            ErrorKind::NestingTooDeep => "nesting_too_deep",
            ErrorKind::InvalidLiteral => "invalid_literal",
            ErrorKind::EmptyInput => "empty_input",
            ErrorKind::Unserializable => "unserializable",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Io => "io",
            ErrorKind::Internal => "internal",
            ErrorKind::BadRecord => "bad_record",
            ErrorKind::Interrupted => "interrupted",
        }
    }

    /// The kind with this [`name`](ErrorKind::name), if any.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// True for kinds raised while decoding input text (these carry a
    /// position); false for serializer and API errors.
    pub fn is_decode_error(self) -> bool {
        (self as u32) <= ErrorKind::EmptyInput as u32
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where in the input an error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Byte offset from the start of the input (0-based).
    pub offset: usize,
    /// Line number (1-based); lines end at `\n`.
    pub line: usize,
    /// Column (1-based), counted in Unicode characters from the line start.
    pub column: usize,
}

impl Position {
    /// Computes line and column for `offset` in `input`.
    ///
    /// Only used on the error path, so a linear scan is fine. Offsets past
    /// the end are clamped; invalid UTF-8 bytes count as one column each.
    pub fn locate(input: &[u8], offset: usize) -> Position {
        let offset = offset.min(input.len());
        let before = &input[..offset];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let line = 1 + memchr::memchr_iter(b'\n', before).count();
        // Count characters: every byte that is not a UTF-8 continuation byte.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        Position {
            offset,
            line,
            column,
        }
    }
}

/// A brownfield error: kind, message and (for input errors) position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    position: Option<Position>,
}

impl Error {
    /// An error with no input position (serializer, API misuse, I/O).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            position: None,
        }
    }

    /// An error about `input` at byte `offset`; line and column are derived.
    pub fn at(kind: ErrorKind, message: impl Into<String>, input: &[u8], offset: usize) -> Error {
        Error {
            kind,
            message: message.into(),
            position: Some(Position::locate(input, offset)),
        }
    }

    /// The same error with an explicit position (for errors about records
    /// in a stream, where only the line and the line's byte offset are
    /// known; `column` 0 means unknown).
    pub fn with_position(mut self, position: Position) -> Error {
        self.position = Some(position);
        self
    }

    /// The machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message without position, e.g. `expected ',' or ']' after an array element`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the input it happened, when the error is about input text.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// Byte offset, or 0 when the error has no position.
    pub fn offset(&self) -> usize {
        self.position.map_or(0, |p| p.offset)
    }

    /// 1-based line, or 0 when the error has no position.
    pub fn line(&self) -> usize {
        self.position.map_or(0, |p| p.line)
    }

    /// 1-based column, or 0 when the error has no position.
    pub fn column(&self) -> usize {
        self.position.map_or(0, |p| p.column)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) if p.column == 0 => {
                write!(f, "{} (line {}, byte {})", self.message, p.line, p.offset)
            }
            Some(p) => write!(
                f,
                "{} at line {} column {} (byte {})",
                self.message, p.line, p.column, p.offset
            ),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, e.to_string())
    }
}

/// Shorthand for results carrying a brownfield [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let input = "ab\né€x".as_bytes();
        let p = Position::locate(input, input.len() - 1);
        assert_eq!((p.line, p.column), (2, 3));
        assert_eq!(Position::locate(input, 0).column, 1);
        assert_eq!(Position::locate(input, 999).offset, input.len());
    }

    #[test]
    fn names_round_trip() {
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(k.name()), Some(k));
        }
        assert!(ErrorKind::EmptyInput.is_decode_error());
        assert!(!ErrorKind::Unserializable.is_decode_error());
    }
}
