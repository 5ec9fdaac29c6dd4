//! Serializing a document (or any value in it) to JSON text in an owned
//! `bf_buffer`.

use crate::document::{bf_document, document};
use crate::error::{bf_error, bf_status, guard, invalid, non_null};
use brownfield::json::{WriteOptions, Writer};
use std::os::raw::c_char;

/// The largest indent bf_serialize accepts, in spaces.
pub const BF_MAX_INDENT: u32 = 64;

/// bf_write_options configures bf_serialize. Pass NULL for the defaults
/// (compact standard JSON), or start from bf_write_options_default() and
/// change fields; a zero-initialized struct is also the defaults.
///
/// The struct is read during the call only; it may be freed or reused right
/// after.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bf_write_options {
    /// 0: everything on one line with no spaces (`{"a":[1,2]}`). 1 to
    /// BF_MAX_INDENT: pretty-print, one item per line, indented by that
    /// many spaces per level, with ": " after keys.
    pub indent: u32,
    /// Escape every non-ASCII character as \uXXXX (and DEL as \u007f), so
    /// the output is pure ASCII. Default false (UTF-8 kept as is).
    pub ensure_ascii: bool,
    /// Write NaN and infinities as NaN / Infinity / -Infinity (not JSON,
    /// but what Python writes). Default false: such a float fails with
    /// BF_ERROR_UNSERIALIZABLE. (Parsing can give infinities: "1e400".)
    pub allow_nan: bool,
    /// Write the members of every object sorted by key (byte order of the
    /// UTF-8 keys, which is Unicode code point order; members with equal
    /// keys keep their document order). Default false: document order.
    pub sort_keys: bool,
}

/// bf_write_options_default returns the default write options: compact,
/// UTF-8 kept, NaN and infinities refused, members in document order (the
/// same as a zero-initialized struct).
#[no_mangle]
pub extern "C" fn bf_write_options_default() -> bf_write_options {
    bf_write_options {
        indent: 0,
        ensure_ascii: false,
        allow_nan: false,
        sort_keys: false,
    }
}

impl bf_write_options {
    /// The core's options for these C options.
    fn to_core(self) -> Result<WriteOptions, brownfield::Error> {
        if self.indent > BF_MAX_INDENT {
            return Err(invalid(format!(
                "indent {} is larger than BF_MAX_INDENT ({BF_MAX_INDENT})",
                self.indent
            )));
        }
        let pretty = self.indent > 0;
        Ok(WriteOptions {
            ensure_ascii: self.ensure_ascii,
            allow_nan: self.allow_nan,
            indent: pretty.then(|| " ".repeat(self.indent as usize)),
            key_separator: if pretty { ": " } else { ":" }.into(),
            sort_keys: self.sort_keys,
            // The core writes a document iteratively, so any depth (parsed
            // within max_depth, or built with bf_builder) is safe.
            max_depth: usize::MAX,
            ..WriteOptions::compact()
        })
    }
}

/// bf_buffer is a block of text the library allocated and the caller owns:
/// data points to len bytes followed by a NUL byte (so it can also be used
/// as a C string when the text has no NUL in it; JSON output never does).
///
/// Release it with bf_buffer_free, exactly once; do not change its fields.
/// The empty buffer has data NULL and len 0. It is a plain value: it may
/// be moved between threads.
#[repr(C)]
#[derive(Debug)]
pub struct bf_buffer {
    /// The text (UTF-8), NUL-terminated; NULL in the empty buffer.
    pub data: *mut c_char,
    /// Length of the text in bytes, not counting the terminating NUL.
    pub len: usize,
    /// Private: the allocation's size, needed by bf_buffer_free.
    pub capacity: usize,
}

impl bf_buffer {
    /// The empty buffer (nothing to free).
    pub(crate) fn empty() -> bf_buffer {
        bf_buffer {
            data: std::ptr::null_mut(),
            len: 0,
            capacity: 0,
        }
    }
}

/// Hands `bytes` to C as a NUL-terminated buffer (freed by bf_buffer_free).
pub(crate) fn buffer_from(mut bytes: Vec<u8>) -> bf_buffer {
    let len = bytes.len();
    bytes.push(0);
    let mut bytes = std::mem::ManuallyDrop::new(bytes);
    bf_buffer {
        data: bytes.as_mut_ptr().cast(),
        len,
        capacity: bytes.capacity(),
    }
}

/// bf_serialize writes the value at index value of doc (BF_ROOT for the
/// whole document) and everything inside it as JSON text into *out, a new
/// buffer the caller owns and frees with bf_buffer_free.
///
/// opts may be NULL (compact: no spaces, UTF-8 kept, NaN refused). Object
/// members are written in document order (or sorted by key with
/// sort_keys) with duplicate keys kept, so a document round-trips exactly.
/// Floats are written as the shortest text that parses back to the same
/// double; integers of any size exactly.
///
/// out must not be NULL; whatever it held is overwritten (not freed). On
/// failure *out is the empty buffer, the error kind is returned and, when
/// err is not NULL, *err is filled in (see bf_error). Fails with
/// BF_ERROR_INVALID_ARGUMENT for a NULL doc or out, an out-of-range value
/// or an indent above BF_MAX_INDENT, and with BF_ERROR_UNSERIALIZABLE for a
/// non-finite float when allow_nan is false.
///
/// doc is only read: several threads may serialize the same document
/// simultaneously.
#[no_mangle]
pub unsafe extern "C" fn bf_serialize(
    doc: *const bf_document,
    value: usize,
    opts: *const bf_write_options,
    out: *mut bf_buffer,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        non_null(out, "out")?;
        out.write(bf_buffer::empty());
        let d = document(doc)?;
        if value >= d.nodes().len() {
            return Err(invalid(format!(
                "value index {value} is out of range (the document has {} values)",
                d.nodes().len()
            )));
        }
        let opts = opts
            .as_ref()
            .copied()
            .unwrap_or_else(|| bf_write_options_default())
            .to_core()?;
        let mut w = Writer::new(opts);
        d.write_value(value, &mut w)?;
        out.write(buffer_from(w.into_bytes()));
        Ok(())
    })
}

/// bf_buffer_free frees the text of a buffer filled by bf_serialize or
/// bf_number_text and resets *buf to the empty buffer.
///
/// buf may be NULL, and *buf may be the empty buffer (nothing happens).
/// This must be called at most once for each buffer the library filled.
#[no_mangle]
pub unsafe extern "C" fn bf_buffer_free(buf: *mut bf_buffer) {
    if buf.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let b = buf.read();
        if !b.data.is_null() {
            drop(Vec::from_raw_parts(
                b.data.cast::<u8>(),
                b.len + 1,
                b.capacity,
            ));
        }
        buf.write(bf_buffer::empty());
    }));
}
