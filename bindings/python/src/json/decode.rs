//! Builds Python objects straight from a parsed [`Document`] tape.
//!
//! One pass over the tape, no intermediate tree: lists are created with
//! their final length and filled in place, ASCII strings are copied straight
//! into new `str` objects, and short object keys are created once per
//! document and shared (a repeated key costs one reference count).
//! Recursion depth is bounded by the parser's nesting limit.

use brownfield::json::{Document, Node};
use pyo3::ffi;
use pyo3::prelude::*;
use std::ffi::CString;

/// Builds the Python value of the whole document.
pub(crate) fn build<'py>(py: Python<'py>, doc: &Document) -> PyResult<Bound<'py, PyAny>> {
    let mut builder = Builder {
        py,
        doc,
        keys: KeyCache::for_document(doc),
    };
    builder.value(doc.root())
}

/// Walks one document, creating Python objects.
struct Builder<'d, 'py> {
    py: Python<'py>,
    doc: &'d Document,
    keys: KeyCache<'d, 'py>,
}

impl<'d, 'py> Builder<'d, 'py> {
    /// The Python value of the subtree at tape index `i`.
    fn value(&mut self, i: usize) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let doc = self.doc;
        // SAFETY (all `ffi` calls below): we hold the GIL (`py`); every
        // pointer passed is either a fresh object we own or a valid buffer
        // of the stated length; results are checked for NULL by
        // `owned`, which turns NULL into the pending Python exception.
        unsafe {
            match *doc.node(i) {
                Node::Null => Ok(py.None().into_bound(py)),
                Node::Bool(b) => owned(py, ffi::PyBool_FromLong(b.into())),
                Node::Int(v) => owned(py, ffi::PyLong_FromLongLong(v)),
                Node::UInt(v) => owned(py, ffi::PyLong_FromUnsignedLongLong(v)),
                Node::Float(v) => owned(py, ffi::PyFloat_FromDouble(v)),
                Node::BigInt(t) => {
                    // Digits and an optional '-': never contains NUL.
                    let text = CString::new(doc.text(t)).expect("integer text has no NUL");
                    owned(
                        py,
                        ffi::PyLong_FromString(text.as_ptr(), std::ptr::null_mut(), 10),
                    )
                }
                Node::Str(t) => new_str(py, doc.text(t)),
                Node::Array { len, .. } => {
                    let list = owned(py, ffi::PyList_New(len as ffi::Py_ssize_t))?;
                    for (n, child) in doc.array_items(i).enumerate() {
                        let item = self.value(child)?;
                        // Steals the reference; slots not yet filled are
                        // NULL, which list deallocation tolerates on error.
                        ffi::PyList_SET_ITEM(list.as_ptr(), n as ffi::Py_ssize_t, item.into_ptr());
                    }
                    Ok(list)
                }
                Node::Object { .. } => {
                    let dict = owned(py, ffi::PyDict_New())?;
                    for (k, v) in doc.object_members(i) {
                        let key = match *doc.node(k) {
                            Node::Str(t) => self.keys.get(py, doc.text(t))?,
                            _ => unreachable!("object keys are strings"),
                        };
                        let value = self.value(v)?;
                        // Duplicate keys: the last one wins, as in `json`.
                        if ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) != 0 {
                            return Err(PyErr::fetch(py));
                        }
                    }
                    Ok(dict)
                }
            }
        }
    }
}

/// Takes ownership of a new reference returned by the C API, or fetches the
/// Python exception when it is NULL.
///
/// # Safety
/// `ptr` must be NULL or a new (owned) reference.
unsafe fn owned(py: Python<'_>, ptr: *mut ffi::PyObject) -> PyResult<Bound<'_, PyAny>> {
    Bound::from_owned_ptr_or_err(py, ptr)
}

/// A new Python `str` with the contents of `s`.
fn new_str<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    let len = s.len() as ffi::Py_ssize_t;
    // SAFETY: GIL held; for ASCII text, `PyUnicode_New(len, 127)` allocates
    // a compact 1-byte-per-char string with room for exactly `len` bytes.
    unsafe {
        if s.is_ascii() {
            let obj = owned(py, ffi::PyUnicode_New(len, 127))?;
            std::ptr::copy_nonoverlapping(
                s.as_ptr(),
                ffi::PyUnicode_DATA(obj.as_ptr()).cast::<u8>(),
                s.len(),
            );
            Ok(obj)
        } else {
            owned(py, ffi::PyUnicode_FromStringAndSize(s.as_ptr().cast(), len))
        }
    }
}

/// Keys longer than this are not cached (long keys rarely repeat).
const KEY_CACHE_MAX_LEN: usize = 64;
/// Upper bound on the number of cache slots (a power of two).
const KEY_CACHE_MAX_SLOTS: usize = 1024;

/// A small direct-mapped cache of object keys for one document: a key seen
/// again (the common case in arrays of records) reuses the same `str`
/// object, which also keeps its hash, so dict insertion skips rehashing.
struct KeyCache<'d, 'py> {
    slots: Vec<Option<(&'d str, Bound<'py, PyAny>)>>,
}

impl<'d, 'py> KeyCache<'d, 'py> {
    /// A cache sized for `doc` (small documents get a small cache).
    fn for_document(doc: &Document) -> KeyCache<'d, 'py> {
        let slots = doc
            .nodes()
            .len()
            .next_power_of_two()
            .clamp(8, KEY_CACHE_MAX_SLOTS);
        KeyCache {
            slots: Vec::from_iter(std::iter::repeat_with(|| None).take(slots)),
        }
    }

    /// The `str` for key `k`, from the cache when possible.
    fn get(&mut self, py: Python<'py>, k: &'d str) -> PyResult<Bound<'py, PyAny>> {
        if k.len() > KEY_CACHE_MAX_LEN {
            return new_str(py, k);
        }
        let mask = self.slots.len() - 1;
        let slot = &mut self.slots[hash(k.as_bytes()) & mask];
        if let Some((cached, obj)) = slot {
            if *cached == k {
                return Ok(obj.clone());
            }
        }
        let obj = new_str(py, k)?;
        *slot = Some((k, obj.clone()));
        Ok(obj)
    }
}

/// A fast, non-cryptographic hash of a short key (FxHash-style).
fn hash(bytes: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    (h ^ (h >> 29)) as usize
}
