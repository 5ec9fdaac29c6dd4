//! The process-wide cache of object-key `str`s shared by all `loads` calls.

use pyo3::ffi;
use pyo3::prelude::*;
use std::sync::Mutex;

use super::strings::new_str_ptr;

/// Keys longer than this are not cached (long keys rarely repeat).
pub(super) const KEY_CACHE_MAX_LEN: usize = 64;
/// Number of cache slots (a power of two).
const KEY_CACHE_SLOTS: usize = 2048;
/// Keys up to this many bytes are identified by their [`key_words`] alone.
const SHORT_KEY: usize = 16;

/// The process-wide key cache (see [`KeyCache`]). A `loads` takes it for
/// its whole call with `try_lock`: a call running meanwhile in another
/// thread, or re-entered from a finalizer or a hook, just builds its keys
/// uncached.
pub(super) static KEY_CACHE: Mutex<KeyCache> = Mutex::new(KeyCache { slots: Vec::new() });

/// A direct-mapped cache of short object keys (as orjson keeps): a key
/// seen before reuses the same `str` object, whose hash is already
/// computed, so building dicts of records skips creating and hashing their
/// keys. Holds at most [`KEY_CACHE_SLOTS`] strings.
pub(super) struct KeyCache {
    slots: Vec<Option<Slot>>,
}

/// One cached key: its UTF-8 length and [`key_words`] next to the `str`,
/// so a lookup of a key up to [`SHORT_KEY`] bytes compares two words and
/// touches the string only to take a reference.
struct Slot {
    len: usize,
    words: (u64, u64),
    obj: Py<PyAny>,
}

impl KeyCache {
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
        let bytes = k.as_bytes();
        if bytes.len() > KEY_CACHE_MAX_LEN {
            return new_str_ptr(k, ascii);
        }
        if self.slots.is_empty() {
            self.slots.resize_with(KEY_CACHE_SLOTS, || None);
        }
        let words = key_words(bytes);
        let slot = &mut self.slots[hash(words, bytes.len()) & (KEY_CACHE_SLOTS - 1)];
        if let Some(cached) = slot {
            if cached.len == bytes.len()
                && cached.words == words
                && (bytes.len() <= SHORT_KEY || same_text(cached.obj.as_ptr(), bytes, ascii))
            {
                return ffi::Py_NewRef(cached.obj.as_ptr());
            }
        }
        let obj = new_str_ptr(k, ascii);
        if !obj.is_null() {
            // The slot's reference; the previous occupant is released.
            *slot = Some(Slot {
                len: bytes.len(),
                words,
                obj: Bound::from_owned_ptr(py, ffi::Py_NewRef(obj)).unbind(),
            });
        }
        obj
    }
}

/// Two words that, with its length, identify a key of up to
/// [`SHORT_KEY`] bytes exactly: its first and last 8 bytes (overlapping
/// when shorter than 16), first and last 4 for 4 to 7 bytes, or all its
/// bytes for fewer. Longer keys share words only when they agree in those
/// bytes, and are then compared in full.
#[inline]
fn key_words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let word8 = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let word4 = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    match n {
        8.. => (word8(0), word8(n - 8)),
        4..=7 => (word4(0), word4(n - 4)),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        0 => (0, 0),
    }
}

/// The cache slot hash of a key's [`key_words`] and length.
#[inline]
fn hash((first, last): (u64, u64), len: usize) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (first ^ last.rotate_left(29) ^ len as u64).wrapping_mul(K);
    (h >> 40) as usize ^ (h as usize >> 13)
}

/// Whether the cached `str` `obj` has the UTF-8 text `k` (`ascii`: whether
/// `k` is all ASCII). An ASCII string's 1-byte data is its UTF-8; other
/// strings are compared through the UTF-8 form CPython keeps with the
/// string after the first request.
///
/// # Safety
/// GIL held; `obj` is a valid `str`.
unsafe fn same_text(obj: *mut ffi::PyObject, k: &[u8], ascii: bool) -> bool {
    if (ffi::PyUnicode_IS_ASCII(obj) != 0) != ascii {
        return false;
    }
    let text = if ascii {
        let len = ffi::PyUnicode_GET_LENGTH(obj) as usize;
        std::slice::from_raw_parts(ffi::PyUnicode_DATA(obj).cast::<u8>(), len)
    } else {
        let mut len: ffi::Py_ssize_t = 0;
        let data = ffi::PyUnicode_AsUTF8AndSize(obj, &mut len);
        if data.is_null() {
            // Cannot happen for strings built from UTF-8; treat as a miss.
            ffi::PyErr_Clear();
            return false;
        }
        std::slice::from_raw_parts(data.cast::<u8>(), len as usize)
    };
    text == k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_words_identify_short_keys() {
        // Every key up to 16 bytes over a small alphabet that differs from
        // another of the same length in one byte gets other words.
        for n in 0..=SHORT_KEY {
            let a: Vec<u8> = (0..n as u8).map(|i| b'a' + i % 26).collect();
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert_ne!(key_words(&a), key_words(&b), "len {n}, byte {at}");
            }
        }
    }
}
