//! Creating Python `str` objects from Rust text, fast.
//!
//! The string is allocated at its final size and kind (1, 2 or 4 bytes per
//! character) and filled directly, instead of going through CPython's
//! general UTF-8 decoder, which grows and shrinks its buffer.

use pyo3::ffi;
use pyo3::prelude::*;

/// Takes ownership of a new reference returned by the C API, or fetches the
/// Python exception when it is NULL.
///
/// # Safety
/// `ptr` must be NULL or a new (owned) reference.
pub(super) unsafe fn owned(py: Python<'_>, ptr: *mut ffi::PyObject) -> PyResult<Bound<'_, PyAny>> {
    Bound::from_owned_ptr_or_err(py, ptr)
}

/// A new Python `str` with the contents of `s`.
pub(super) fn new_str<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    if s.is_ascii() {
        // SAFETY: GIL held; `PyUnicode_New(len, 127)` allocates a compact
        // 1-byte-per-char string with room for exactly `len` bytes.
        return unsafe {
            let obj = owned(py, ffi::PyUnicode_New(s.len() as ffi::Py_ssize_t, 127))?;
            std::ptr::copy_nonoverlapping(
                s.as_ptr(),
                ffi::PyUnicode_DATA(obj.as_ptr()).cast::<u8>(),
                s.len(),
            );
            Ok(obj)
        };
    }
    let (len, max) = s
        .chars()
        .fold((0usize, 0u32), |(n, m), c| (n + 1, m.max(c as u32)));
    // SAFETY: GIL held; `PyUnicode_New(len, max)` allocates a compact string
    // of `len` characters whose kind fits `max`, and we write exactly `len`
    // code units of that kind.
    unsafe {
        let obj = owned(py, ffi::PyUnicode_New(len as ffi::Py_ssize_t, max))?;
        let data = ffi::PyUnicode_DATA(obj.as_ptr());
        match ffi::PyUnicode_KIND(obj.as_ptr()) {
            ffi::PyUnicode_1BYTE_KIND => fill(data.cast::<u8>(), s, |c| c as u8),
            ffi::PyUnicode_2BYTE_KIND => fill(data.cast::<u16>(), s, |c| c as u16),
            _ => fill(data.cast::<u32>(), s, |c| c as u32),
        }
        Ok(obj)
    }
}

/// Writes the characters of `s` as code units of type `T` from `dst` on.
///
/// # Safety
/// `dst` must have room for `s.chars().count()` units, each character of
/// `s` must fit in `T`.
unsafe fn fill<T>(dst: *mut T, s: &str, unit: impl Fn(char) -> T) {
    for (i, c) in s.chars().enumerate() {
        dst.add(i).write(unit(c));
    }
}
