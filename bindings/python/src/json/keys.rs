//! The process-wide cache of object-key `str`s shared by all `loads` calls.

use pyo3::ffi;
use pyo3::prelude::*;
use std::sync::Mutex;

use super::strings::{new_str_ptr, owned};

/// Keys longer than this are not cached (long keys rarely repeat).
pub(super) const KEY_CACHE_MAX_LEN: usize = 64;
/// Number of cache slots (a power of two).
const KEY_CACHE_SLOTS: usize = 2048;

/// The process-wide key cache (see [`KeyCache`]). A `loads` takes it for
/// its whole call with `try_lock`: a call running meanwhile in another
/// thread, or re-entered from a finalizer or a hook, just builds its keys
/// uncached.
pub(super) static KEY_CACHE: Mutex<KeyCache> = Mutex::new(KeyCache { slots: Vec::new() });

/// A direct-mapped cache of short object keys (as orjson keeps): a
/// key seen before reuses the same `str` object, whose hash is already
/// computed, so building dicts of records skips creating and hashing their
/// keys. Holds at most [`KEY_CACHE_SLOTS`] strings.
///
/// A slot holds the `str` itself; a lookup compares the key with that
/// string's own data (ASCII) or cached UTF-8 form, so a hit touches one
/// object.
pub(super) struct KeyCache {
    /// Cached `str`s, or empty slots.
    slots: Vec<Option<Py<PyAny>>>,
}

impl KeyCache {
    /// The `str` for key `k`, from the cache when it holds it.
    pub(super) fn get<'py>(&mut self, py: Python<'py>, k: &str) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: GIL held (`py`); `get_ptr` returns a new reference or NULL.
        unsafe { owned(py, self.get_ptr(py, k, k.is_ascii())) }
    }

    /// A new reference to the `str` for key `k` (`ascii`: whether `k` is
    /// all ASCII), or NULL with a Python exception set. Keys up to
    /// [`KEY_CACHE_MAX_LEN`] bytes are cached.
    ///
    /// # Safety
    /// `ascii` must be true only if `k.is_ascii()`.
    pub(super) unsafe fn get_ptr(
        &mut self,
        py: Python<'_>,
        k: &str,
        ascii: bool,
    ) -> *mut ffi::PyObject {
        if k.len() > KEY_CACHE_MAX_LEN {
            return new_str_ptr(k, ascii);
        }
        if self.slots.is_empty() {
            self.slots.resize_with(KEY_CACHE_SLOTS, || None);
        }
        let slot = &mut self.slots[hash(k.as_bytes()) & (KEY_CACHE_SLOTS - 1)];
        if let Some(obj) = slot {
            let cached = obj.as_ptr();
            if utf8_of(cached, ascii)
                .is_some_and(|bytes| bytes.len() == k.len() && same_bytes(bytes, k.as_bytes()))
            {
                return ffi::Py_NewRef(cached);
            }
        }
        let obj = new_str_ptr(k, ascii);
        if !obj.is_null() {
            // The slot's reference; the previous occupant is released.
            *slot = Some(Bound::from_owned_ptr(py, ffi::Py_NewRef(obj)).unbind());
        }
        obj
    }
}

/// The UTF-8 bytes of the cached `str` `obj` when it can equal a key whose
/// ASCII-ness is `ascii` (an ASCII key only equals an ASCII string, whose
/// 1-byte data is its UTF-8; a non-ASCII one uses the UTF-8 form CPython
/// keeps with the string after the first request).
///
/// # Safety
/// GIL held; `obj` is a valid `str`.
unsafe fn utf8_of<'a>(obj: *mut ffi::PyObject, ascii: bool) -> Option<&'a [u8]> {
    let obj_ascii = ffi::PyUnicode_IS_ASCII(obj) != 0;
    if ascii != obj_ascii {
        return None;
    }
    if ascii {
        let len = ffi::PyUnicode_GET_LENGTH(obj) as usize;
        return Some(std::slice::from_raw_parts(
            ffi::PyUnicode_DATA(obj).cast::<u8>(),
            len,
        ));
    }
    let mut len: ffi::Py_ssize_t = 0;
    let data = ffi::PyUnicode_AsUTF8AndSize(obj, &mut len);
    if data.is_null() {
        // Cannot happen for strings built from UTF-8; treat as a miss.
        ffi::PyErr_Clear();
        return None;
    }
    Some(std::slice::from_raw_parts(data.cast::<u8>(), len as usize))
}

/// Whether two byte strings of the same length are equal, compared a word
/// at a time (keys are short: no call into `memcmp`).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len();
    if n < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let mut i = 0;
    while i + 8 < n {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    // The last 8 bytes (overlapping the previous word when `n` is not a
    // multiple of 8).
    word(a, n - 8) == word(b, n - 8)
}

/// A fast, non-cryptographic hash of a short key from its length and its
/// first and last 8 bytes (so its cost does not grow with the key; keys
/// that differ only in the middle share a slot, which only costs a miss).
#[inline]
fn hash(bytes: &[u8]) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = bytes.len();
    let (first, last) = if n >= 8 {
        let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        (word(0), word(n - 8))
    } else {
        let packed = bytes.iter().fold(0u64, |h, &b| (h << 8) | u64::from(b));
        (packed, 0)
    };
    let h = (first ^ last.rotate_left(29) ^ n as u64).wrapping_mul(K);
    (h >> 40) as usize ^ (h as usize >> 13)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_compares_every_byte() {
        for n in 0..40 {
            let a: Vec<u8> = (0..n as u8).map(|i| b'a' + i % 26).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_bytes(&a, &b), "len {n}, byte {at}");
            }
        }
    }
}
