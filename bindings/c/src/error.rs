//! Status codes, error kinds and the `bf_error` struct, plus the guard that
//! runs every extern function body (catches panics, fills the error).

use brownfield::{Error, ErrorKind};
use std::ffi::CString;
use std::os::raw::c_char;
use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;

/// bf_status is what every fallible function returns: BF_OK (0) on
/// success, otherwise the bf_error_kind of the failure (so a caller that
/// passed NULL for the error struct still learns what went wrong).
pub type bf_status = u32;

/// The bf_status of a successful call.
pub const BF_OK: bf_status = 0;

/// bf_error_kind says what went wrong, as a stable number. The values are
/// the brownfield core's error kinds and never change; bf_error_kind_name
/// gives their stable snake_case names (the ones the shared test vectors
/// use).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum bf_error_kind {
    /// No error: the kind of a zero-initialized or freed bf_error.
    BF_ERROR_NONE = 0,
    /// The input ended in the middle of a value (truncated document).
    BF_ERROR_UNEXPECTED_EOF = 1,
    /// A character that cannot start a JSON value.
    BF_ERROR_EXPECTED_VALUE = 2,
    /// Something other than ',' or ']' after an array element.
    BF_ERROR_EXPECTED_ARRAY_COMMA_OR_END = 3,
    /// Something other than ',' or '}' after an object member.
    BF_ERROR_EXPECTED_OBJECT_COMMA_OR_END = 4,
    /// An object key that is not a string (or a trailing comma before '}').
    BF_ERROR_EXPECTED_KEY = 5,
    /// Something other than ':' after an object key.
    BF_ERROR_EXPECTED_COLON = 6,
    /// A number that does not follow the JSON grammar ("01", "1.", "-").
    BF_ERROR_INVALID_NUMBER = 7,
    /// A backslash escape that JSON does not define ("\x", "\u12G4").
    BF_ERROR_INVALID_ESCAPE = 8,
    /// A "\u" escape that is an unpaired UTF-16 surrogate.
    BF_ERROR_INVALID_UNICODE_ESCAPE = 9,
    /// A raw control character (U+0000..U+001F) inside a string.
    BF_ERROR_CONTROL_CHARACTER_IN_STRING = 10,
    /// The input bytes are not valid UTF-8.
    BF_ERROR_INVALID_UTF8 = 11,
    /// Non-whitespace after the document's single value.
    BF_ERROR_TRAILING_CHARACTERS = 12,
    /// Arrays and objects nested deeper than the configured limit.
    BF_ERROR_NESTING_TOO_DEEP = 13,
    /// A literal that starts like true, false or null but is not one.
    BF_ERROR_INVALID_LITERAL = 14,
    /// The input is empty or only whitespace.
    BF_ERROR_EMPTY_INPUT = 15,
    /// A value the serializer cannot write (NaN or infinity when
    /// allow_nan is false).
    BF_ERROR_UNSERIALIZABLE = 16,
    /// The caller broke the API contract: a NULL pointer, an index out of
    /// range, a value of the wrong type, a number out of the requested
    /// range.
    BF_ERROR_INVALID_ARGUMENT = 17,
    /// An I/O error while reading or writing.
    BF_ERROR_IO = 18,
    /// A bug inside brownfield (a caught panic); please report it.
    BF_ERROR_INTERNAL = 19,
    /// A log record (line) that does not match its format; the error's
    /// position names the line. (Not produced by the JSON functions.)
    BF_ERROR_BAD_RECORD = 20,
    /// The caller cancelled long work. (Not produced by the JSON
    /// functions.)
    BF_ERROR_INTERRUPTED = 21,
}

impl From<ErrorKind> for bf_error_kind {
    fn from(k: ErrorKind) -> bf_error_kind {
        use bf_error_kind::*;
        match k {
            ErrorKind::UnexpectedEof => BF_ERROR_UNEXPECTED_EOF,
            ErrorKind::ExpectedValue => BF_ERROR_EXPECTED_VALUE,
            ErrorKind::ExpectedArrayCommaOrEnd => BF_ERROR_EXPECTED_ARRAY_COMMA_OR_END,
            ErrorKind::ExpectedObjectCommaOrEnd => BF_ERROR_EXPECTED_OBJECT_COMMA_OR_END,
            ErrorKind::ExpectedKey => BF_ERROR_EXPECTED_KEY,
            ErrorKind::ExpectedColon => BF_ERROR_EXPECTED_COLON,
            ErrorKind::InvalidNumber => BF_ERROR_INVALID_NUMBER,
            ErrorKind::InvalidEscape => BF_ERROR_INVALID_ESCAPE,
            ErrorKind::InvalidUnicodeEscape => BF_ERROR_INVALID_UNICODE_ESCAPE,
            ErrorKind::ControlCharacterInString => BF_ERROR_CONTROL_CHARACTER_IN_STRING,
            ErrorKind::InvalidUtf8 => BF_ERROR_INVALID_UTF8,
            ErrorKind::TrailingCharacters => BF_ERROR_TRAILING_CHARACTERS,
            ErrorKind::NestingTooDeep => BF_ERROR_NESTING_TOO_DEEP,
            ErrorKind::InvalidLiteral => BF_ERROR_INVALID_LITERAL,
            ErrorKind::EmptyInput => BF_ERROR_EMPTY_INPUT,
            ErrorKind::Unserializable => BF_ERROR_UNSERIALIZABLE,
            ErrorKind::InvalidArgument => BF_ERROR_INVALID_ARGUMENT,
            ErrorKind::Io => BF_ERROR_IO,
            ErrorKind::Internal => BF_ERROR_INTERNAL,
            ErrorKind::BadRecord => BF_ERROR_BAD_RECORD,
            ErrorKind::Interrupted => BF_ERROR_INTERRUPTED,
        }
    }
}

/// bf_error describes a failed call: its kind, where in the input it
/// happened and a human-readable message.
///
/// Functions that take a `bf_error *err` accept NULL (you then only get the
/// returned bf_status). On failure they overwrite *err completely, without
/// freeing what it held: initialize it with `bf_error err = {0};` and call
/// bf_error_free before reusing it, or the old message leaks. On success
/// *err is left untouched.
///
/// A bf_error owns its message; release it with bf_error_free. It is a
/// plain value: it may be moved between threads but not used from two
/// threads at once.
#[repr(C)]
#[derive(Debug)]
pub struct bf_error {
    /// What went wrong; BF_ERROR_NONE in a zeroed or freed struct.
    pub kind: bf_error_kind,
    /// Byte offset into the input where a parse error happened (0-based),
    /// or where the bad line of a BF_ERROR_BAD_RECORD starts; 0 for errors
    /// that are not about input text (line is 0 then).
    pub offset: usize,
    /// 1-based line of a parse error or of a BF_ERROR_BAD_RECORD (lines
    /// end at '\n'); 0 when the error has no position.
    pub line: usize,
    /// 1-based column of a parse error, counted in characters; 0 when the
    /// error has no position, and for BF_ERROR_BAD_RECORD (its message
    /// says where in the line).
    pub column: usize,
    /// The message, UTF-8 and NUL-terminated, e.g. "expected ',' or ']'
    /// after an array element at line 1 column 5 (byte 4)". Owned by this
    /// struct until bf_error_free; NULL when kind is BF_ERROR_NONE.
    pub message: *mut c_char,
    /// Length of message in bytes, not counting the terminating NUL.
    pub message_len: usize,
}

impl bf_error {
    /// The error struct for a core error; allocates the message.
    fn from_core(e: &Error) -> bf_error {
        let (message, message_len) = owned_text(e.to_string());
        bf_error {
            kind: e.kind().into(),
            offset: e.offset(),
            line: e.line(),
            column: e.column(),
            message,
            message_len,
        }
    }

    /// The empty error: kind BF_ERROR_NONE, no message.
    fn empty() -> bf_error {
        bf_error {
            kind: bf_error_kind::BF_ERROR_NONE,
            offset: 0,
            line: 0,
            column: 0,
            message: std::ptr::null_mut(),
            message_len: 0,
        }
    }
}

/// Moves `s` into a NUL-terminated heap block; free with [`free_text`].
fn owned_text(s: String) -> (*mut c_char, usize) {
    let mut bytes = s.into_bytes();
    let len = bytes.len();
    bytes.push(0);
    let block: Box<[u8]> = bytes.into_boxed_slice();
    (Box::into_raw(block).cast::<c_char>(), len)
}

/// Frees a block made by [`owned_text`] whose text length is `len`.
///
/// # Safety
/// `p` must come from `owned_text` with that `len`, and not be freed yet.
unsafe fn free_text(p: *mut c_char, len: usize) {
    let slice = std::ptr::slice_from_raw_parts_mut(p.cast::<u8>(), len + 1);
    drop(Box::from_raw(slice));
}

/// bf_error_free releases the message owned by err and resets *err to the
/// empty error (kind BF_ERROR_NONE, message NULL), so the struct can be
/// reused.
///
/// err may be NULL (nothing happens). Calling it on a zeroed or already
/// freed struct does nothing. It must be called at most once for each
/// error a call filled in, and never on a struct whose fields the caller
/// changed.
#[no_mangle]
pub unsafe extern "C" fn bf_error_free(err: *mut bf_error) {
    if err.is_null() {
        return;
    }
    let _ = panic::catch_unwind(AssertUnwindSafe(|| {
        // Read only the message fields: the rest may hold anything.
        let message = std::ptr::addr_of!((*err).message).read();
        let len = std::ptr::addr_of!((*err).message_len).read();
        if !message.is_null() {
            free_text(message, len);
        }
        err.write(bf_error::empty());
    }));
}

/// bf_error_kind_name returns the stable snake_case name of an error kind,
/// e.g. "unexpected_eof" for BF_ERROR_UNEXPECTED_EOF, as a static
/// NUL-terminated string ("none" for BF_ERROR_NONE, "unknown" for a number
/// that is not a kind). Never NULL; must not be freed.
///
/// kind is a uint32_t so any bf_status can be passed directly.
#[no_mangle]
pub extern "C" fn bf_error_kind_name(kind: u32) -> *const c_char {
    static NAMES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    let lookup = || {
        let names = NAMES.get_or_init(|| {
            ErrorKind::ALL
                .iter()
                .map(|&k| {
                    let name = CString::new(k.name()).expect("kind names have no NUL");
                    (k as u32, name)
                })
                .collect()
        });
        if kind == BF_OK {
            return c"none".as_ptr();
        }
        names
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(c"unknown".as_ptr(), |(_, name)| name.as_ptr())
    };
    panic::catch_unwind(lookup).unwrap_or(c"unknown".as_ptr())
}

/// An `InvalidArgument` error with `message`.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidArgument, message)
}

/// Fails with `InvalidArgument` when the pointer argument `name` is NULL.
pub(crate) fn non_null<T>(p: *const T, name: &str) -> Result<(), Error> {
    if p.is_null() {
        Err(invalid(format!("{name} is NULL")))
    } else {
        Ok(())
    }
}

/// The `len` bytes at `ptr` as UTF-8 text; `ptr` may be NULL when `len` is
/// 0. Invalid UTF-8 is an `InvalidUtf8` error naming the first bad byte.
///
/// # Safety
/// `ptr` points to `len` readable bytes (or is NULL with `len` 0).
pub(crate) unsafe fn text_arg<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a str, Error> {
    if len == 0 {
        return Ok("");
    }
    non_null(ptr, name)?;
    let bytes = std::slice::from_raw_parts(ptr.cast::<u8>(), len);
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidUtf8,
            format!("{name} is not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })
}

/// Runs an extern function body: a panic becomes `Internal`, an error is
/// written to `err` (when not NULL) and returned as its status.
pub(crate) fn guard(err: *mut bf_error, body: impl FnOnce() -> Result<(), Error>) -> bf_status {
    let result = panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::new(
            ErrorKind::Internal,
            format!("internal error in brownfield (please report): {what}"),
        ))
    });
    match result {
        Ok(()) => BF_OK,
        Err(e) => {
            if !err.is_null() {
                let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                    // SAFETY: the caller passes a writable bf_error (documented).
                    unsafe { err.write(bf_error::from_core(&e)) }
                }));
            }
            bf_error_kind::from(e.kind()) as bf_status
        }
    }
}

/// Runs an extern function body that answers with a bool; a panic gives
/// false.
pub(crate) fn guard_bool(body: impl FnOnce() -> bool) -> bool {
    guard_value(false, body)
}

/// Runs an extern function body that answers with a plain value; a panic
/// gives `fallback`.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn kinds_keep_core_numbers_and_names() {
        for k in ErrorKind::ALL {
            let c = bf_error_kind::from(k);
            assert_eq!(c as u32, k as u32);
            let name = unsafe { CStr::from_ptr(bf_error_kind_name(k as u32)) };
            assert_eq!(name.to_str().unwrap(), k.name());
        }
        let none = unsafe { CStr::from_ptr(bf_error_kind_name(0)) };
        assert_eq!(none.to_bytes(), b"none");
        let unknown = unsafe { CStr::from_ptr(bf_error_kind_name(999)) };
        assert_eq!(unknown.to_bytes(), b"unknown");
    }

    #[test]
    fn guard_turns_panics_into_internal_errors() {
        let mut err = bf_error::empty();
        let status = guard(&mut err, || panic!("boom"));
        assert_eq!(status, ErrorKind::Internal as u32);
        assert_eq!(err.kind, bf_error_kind::BF_ERROR_INTERNAL);
        let msg = unsafe { CStr::from_ptr(err.message) }.to_str().unwrap();
        assert!(msg.contains("boom"), "{msg}");
        assert_eq!(msg.len(), err.message_len);
        unsafe { bf_error_free(&mut err) };
        assert!(err.message.is_null());
        assert_eq!(err.kind, bf_error_kind::BF_ERROR_NONE);
        unsafe { bf_error_free(&mut err) };
        assert!(!guard_bool(|| panic!("boom")));
    }
}
