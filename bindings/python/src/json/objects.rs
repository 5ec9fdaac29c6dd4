//! Builds Python objects while the core parses: a [`Sink`] for
//! [`brownfield::json::parse_into`], so `loads` makes one pass over the
//! input with no intermediate tape.
//!
//! Finished values wait on a stack of owned references until their
//! container closes: an array becomes a `list` created at its final length
//! and filled by moving the references in, an object a `dict` filled from
//! its key/value pairs (duplicate keys: the last one wins, as in `json`).
//! Strings known to be ASCII are copied straight into new `str` objects;
//! short keys come from the process-wide [`KeyCache`]. The parser is
//! iterative, so no nesting depth recurses here.

use brownfield::json::Sink;
use pyo3::ffi;
use pyo3::prelude::*;
use std::cell::Cell;
use std::ffi::CString;
use std::sync::MutexGuard;

use super::keys::{KeyCache, KEY_CACHE};
use super::strings::new_str_ptr;

/// Why a one-pass `loads` stopped.
pub(crate) enum LoadError {
    /// The input is not valid JSON (the core's error, with its position).
    Parse(brownfield::Error),
    /// Creating a Python object failed (e.g. `MemoryError`).
    Python(PyErr),
}

impl From<brownfield::Error> for LoadError {
    fn from(e: brownfield::Error) -> LoadError {
        LoadError::Parse(e)
    }
}

/// The [`Sink`] that builds the Python value of a document.
///
/// Holds the GIL for its whole life (`py`); every reference on its stack
/// is owned and released on drop if the parse stops early.
pub(crate) struct ObjectSink<'py> {
    py: Python<'py>,
    /// Finished values (owned references, never NULL) whose container is
    /// still open, in document order; for objects, keys and values
    /// alternate.
    values: Vec<*mut ffi::PyObject>,
    /// The key cache, when this call could take it.
    keys: Option<MutexGuard<'static, KeyCache>>,
}

impl<'py> ObjectSink<'py> {
    /// A sink for one document.
    pub(crate) fn new(py: Python<'py>) -> ObjectSink<'py> {
        ObjectSink {
            py,
            values: SPARE_STACK.take(),
            keys: KEY_CACHE.try_lock().ok(),
        }
    }

    /// Takes ownership of the new reference `obj` (from a C API call) as
    /// the next finished value, or reports the pending Python exception
    /// when it is NULL.
    #[inline]
    fn push(&mut self, obj: *mut ffi::PyObject) -> Result<(), LoadError> {
        if obj.is_null() {
            return Err(self.python_error());
        }
        self.values.push(obj);
        Ok(())
    }

    /// The error of a failed insertion of the `n`th member into `dict`
    /// (the object whose members start at `start`): releases the dict and
    /// drops the members already inserted (and released) from the stack;
    /// the rest stay there and are released on drop.
    #[cold]
    fn insert_error(&mut self, dict: *mut ffi::PyObject, start: usize, n: usize) -> LoadError {
        let err = self.python_error();
        // SAFETY: GIL held; `dict` is our own new reference.
        unsafe { ffi::Py_DECREF(dict) };
        self.values.drain(start..start + 2 * n);
        err
    }

    /// The Python exception a failed C API call left pending.
    #[cold]
    fn python_error(&self) -> LoadError {
        LoadError::Python(PyErr::fetch(self.py))
    }
}

/// The value stack of the last `loads` on this thread, kept (empty) for
/// the next one when it is not too large: a long array needs a long stack,
/// and growing it anew on every call costs reallocations and page faults.
const SPARE_STACK_MAX: usize = 1 << 17;

thread_local! {
    static SPARE_STACK: Cell<Vec<*mut ffi::PyObject>> = const { Cell::new(Vec::new()) };
}

impl Drop for ObjectSink<'_> {
    fn drop(&mut self) {
        for &obj in &self.values {
            // SAFETY: GIL held (`self.py`); every entry is an owned reference.
            unsafe { ffi::Py_DECREF(obj) };
        }
        let mut stack = std::mem::take(&mut self.values);
        if stack.capacity() <= SPARE_STACK_MAX {
            stack.clear();
            SPARE_STACK.set(stack);
        }
    }
}

// SAFETY (every `ffi` call in this impl): the GIL is held for the sink's
// whole life (`self.py`); arguments are valid objects or buffers of the
// stated length; NULL results are turned into the Python exception by
// `push` (or checked where noted).
impl<'py> Sink for ObjectSink<'py> {
    type Output = Bound<'py, PyAny>;
    type Error = LoadError;
    /// Where the container's children start in `values`.
    type Mark = usize;

    fn null(&mut self) -> Result<(), LoadError> {
        self.push(unsafe { ffi::Py_NewRef(ffi::Py_None()) })
    }

    fn bool(&mut self, v: bool) -> Result<(), LoadError> {
        self.push(unsafe { ffi::Py_NewRef(if v { ffi::Py_True() } else { ffi::Py_False() }) })
    }

    fn int(&mut self, v: i64) -> Result<(), LoadError> {
        self.push(unsafe { ffi::PyLong_FromLongLong(v) })
    }

    fn uint(&mut self, v: u64) -> Result<(), LoadError> {
        self.push(unsafe { ffi::PyLong_FromUnsignedLongLong(v) })
    }

    fn big_int(&mut self, text: &str) -> Result<(), LoadError> {
        // Digits and an optional '-': never contains NUL.
        let text = CString::new(text).expect("integer text has no NUL");
        self.push(unsafe { ffi::PyLong_FromString(text.as_ptr(), std::ptr::null_mut(), 10) })
    }

    fn float(&mut self, v: f64) -> Result<(), LoadError> {
        self.push(unsafe { ffi::PyFloat_FromDouble(v) })
    }

    fn string(&mut self, s: &str, ascii: bool) -> Result<(), LoadError> {
        self.push(unsafe { new_str_ptr(s, ascii) })
    }

    fn key(&mut self, s: &str, ascii: bool) -> Result<(), LoadError> {
        let obj = match &mut self.keys {
            Some(cache) => unsafe { cache.get_ptr(self.py, s, ascii) },
            None => unsafe { new_str_ptr(s, ascii) },
        };
        self.push(obj)
    }

    fn begin_array(&mut self) -> Result<usize, LoadError> {
        Ok(self.values.len())
    }

    fn end_array(&mut self, start: usize, len: usize) -> Result<(), LoadError> {
        debug_assert_eq!(self.values.len() - start, len);
        let list = unsafe { ffi::PyList_New(len as ffi::Py_ssize_t) };
        if list.is_null() {
            return Err(self.python_error());
        }
        // The new list owns the element references from here on: move
        // them into its item array (of exactly `len` slots) at once.
        unsafe {
            let items = (*list.cast::<ffi::PyListObject>()).ob_item;
            std::ptr::copy_nonoverlapping(self.values.as_ptr().add(start), items, len);
        }
        self.values.truncate(start);
        self.push(list)
    }

    fn begin_object(&mut self) -> Result<usize, LoadError> {
        Ok(self.values.len())
    }

    fn end_object(&mut self, start: usize, len: usize) -> Result<(), LoadError> {
        debug_assert_eq!(self.values.len() - start, 2 * len);
        // Sized for its members up front: no rehashing while it fills.
        let dict = unsafe { _PyDict_NewPresized(len as ffi::Py_ssize_t) };
        if dict.is_null() {
            return Err(self.python_error());
        }
        for (n, pair) in self.values[start..].chunks_exact(2).enumerate() {
            // Keys are `str`: only a memory error can make this fail.
            if unsafe { ffi::PyDict_SetItem(dict, pair[0], pair[1]) } != 0 {
                return Err(self.insert_error(dict, start, n));
            }
            // The dict holds its own references now.
            unsafe {
                ffi::Py_DECREF(pair[0]);
                ffi::Py_DECREF(pair[1]);
            }
        }
        self.values.truncate(start);
        self.push(dict)
    }

    fn finish(mut self) -> Result<Bound<'py, PyAny>, LoadError> {
        let root = self.values.pop().expect("a complete document has a root");
        debug_assert!(self.values.is_empty());
        // SAFETY: GIL held; `root` is an owned, non-NULL reference.
        Ok(unsafe { Bound::from_owned_ptr(self.py, root) })
    }
}

extern "C" {
    /// CPython's `dict` constructor with room for `minused` items (a plain
    /// `PyDict_New()` for small ones). Not in the limited API and dropped
    /// from PyO3's FFI as private, but exported by every CPython 3.x this
    /// binding builds for (Cython's generated code relies on it too).
    pub(super) fn _PyDict_NewPresized(minused: ffi::Py_ssize_t) -> *mut ffi::PyObject;
}
