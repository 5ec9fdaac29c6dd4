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

/// A new reference to a Python `str` with the contents of `s`, or NULL
/// with a Python exception set; `ascii` says whether `s` is all ASCII.
///
/// # Safety
/// The GIL must be held, and `ascii` must be true only if `s.is_ascii()`.
pub(super) unsafe fn new_str_ptr(s: &str, ascii: bool) -> *mut ffi::PyObject {
    if ascii {
        // A compact 1-byte-per-char string with room for exactly `len` bytes.
        let obj = ffi::PyUnicode_New(s.len() as ffi::Py_ssize_t, 127);
        if !obj.is_null() {
            copy_short(s.as_bytes(), ffi::PyUnicode_DATA(obj).cast::<u8>());
        }
        return obj;
    }
    let (len, max) = count_and_max(s);
    // A compact string of `len` characters whose kind fits `max`; we write
    // exactly `len` code units of that kind.
    let obj = ffi::PyUnicode_New(len as ffi::Py_ssize_t, max);
    if obj.is_null() {
        return obj;
    }
    let data = ffi::PyUnicode_DATA(obj);
    match ffi::PyUnicode_KIND(obj) {
        ffi::PyUnicode_1BYTE_KIND => fill(data.cast::<u8>(), s, |c| c as u8),
        ffi::PyUnicode_2BYTE_KIND => fill(data.cast::<u16>(), s, |c| c as u16),
        _ => fill(data.cast::<u32>(), s, |c| c as u32),
    }
    obj
}

/// Copies `src` to `dst`: strings up to 16 bytes (most keys and short
/// values) as two overlapping word or half-word moves, longer ones with
/// `memcpy`.
///
/// # Safety
/// `dst` must have room for `src.len()` bytes and not overlap `src`.
#[inline]
unsafe fn copy_short(src: &[u8], dst: *mut u8) {
    let n = src.len();
    let p = src.as_ptr();
    match n {
        8..=16 => {
            let (a, b) = (
                p.cast::<u64>().read_unaligned(),
                p.add(n - 8).cast::<u64>().read_unaligned(),
            );
            dst.cast::<u64>().write_unaligned(a);
            dst.add(n - 8).cast::<u64>().write_unaligned(b);
        }
        4..=7 => {
            let (a, b) = (
                p.cast::<u32>().read_unaligned(),
                p.add(n - 4).cast::<u32>().read_unaligned(),
            );
            dst.cast::<u32>().write_unaligned(a);
            dst.add(n - 4).cast::<u32>().write_unaligned(b);
        }
        0..=3 => {
            for i in 0..n {
                *dst.add(i) = *p.add(i);
            }
        }
        _ => std::ptr::copy_nonoverlapping(p, dst, n),
    }
}

/// The number of characters of `s` and a bound on its largest code point
/// that selects the same string kind the exact maximum would (CPython
/// requires that canonical kind), found from the bytes alone: the largest
/// UTF-8 lead byte tells the widest character's range. One branch-free
/// pass the compiler vectorizes.
fn count_and_max(s: &str) -> (usize, u32) {
    // Per 64-byte block, in byte-wide counters (a block holds at most 64
    // characters), so the loop vectorizes 16 or 32 bytes at a time.
    let chunks = s.as_bytes().chunks(64);
    let (len, lead) = chunks.fold((0usize, 0u8), |(len, lead), block| {
        let (n, m) = block.iter().fold((0u8, 0u8), |(n, m), &b| {
            (n + u8::from((b & 0xC0) != 0x80), m.max(b))
        });
        (len + usize::from(n), lead.max(m))
    });
    let max = match lead {
        0..=0x7F => 0x7F,
        // U+0080..U+00FF: Latin-1.
        0xC2..=0xC3 => 0xFF,
        // Two- and three-byte sequences beyond Latin-1: U+0100..U+FFFF.
        0xC4..=0xEF => 0xFFFF,
        _ => 0x10_FFFF,
    };
    (len, max)
}

/// Writes the characters of `s` as code units of type `T` from `dst` on.
/// Runs of ASCII (most of most text, JSON's punctuation included) are
/// widened 16 bytes at a time, a loop the compiler vectorizes; other
/// characters are decoded one by one.
///
/// # Safety
/// `dst` must have room for `s.chars().count()` units, each character of
/// `s` must fit in `T`.
unsafe fn fill<T: From<u8>>(dst: *mut T, s: &str, unit: impl Fn(char) -> T) {
    const BLOCK: usize = 16;
    let mut rest = s;
    let mut out = dst;
    while let Some((block, after)) = rest.as_bytes().split_first_chunk::<BLOCK>() {
        if u128::from_ne_bytes(*block) & (u128::MAX / 255 * 0x80) == 0 {
            let units: [T; BLOCK] = std::array::from_fn(|k| T::from(block[k]));
            std::ptr::copy_nonoverlapping(units.as_ptr(), out, BLOCK);
            out = out.add(BLOCK);
            // SAFETY: the block is ASCII, so `after` starts a character.
            rest = std::str::from_utf8_unchecked(after);
            continue;
        }
        // Not all ASCII: the characters that start in this block, one by
        // one (text in other scripts is checked once per block, not per
        // character).
        let mut chars = rest.chars();
        let stop = rest.len() - BLOCK;
        while chars.as_str().len() > stop {
            let Some(c) = chars.next() else { break };
            out.write(unit(c));
            out = out.add(1);
        }
        rest = chars.as_str();
    }
    for c in rest.chars() {
        out.write(unit(c));
        out = out.add(1);
    }
}
