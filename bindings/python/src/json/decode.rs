//! Builds Python objects straight from a parsed [`Document`] tape: for
//! `loads` with object hooks or a large input (parsed with the GIL
//! released) and for `loads_lines`; plain `loads` builds its objects while
//! parsing (see `objects.rs`).
//!
//! One pass over the tape, no intermediate tree: lists are created with
//! their final length and filled in place, ASCII strings are copied straight
//! into new `str` objects, and short object keys come from a process-wide
//! cache (a repeated key costs one reference count and is never rehashed).
//! Recursion depth is bounded by the parser's nesting limit.

use brownfield::json::{Document, Node};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use std::ffi::CString;

use super::keys::{KeyCache, KEY_CACHE};
use super::objects::_PyDict_NewPresized;
use super::strings::{new_str_ptr, owned};
use std::sync::MutexGuard;

/// The `json.loads` hooks that change how objects are built.
#[derive(Default)]
pub(crate) struct Hooks<'py> {
    /// Called with each decoded `dict`; its result replaces the dict.
    pub object_hook: Option<Bound<'py, PyAny>>,
    /// Called with each object's members as a list of `(key, value)`
    /// tuples (duplicates kept, in order); wins over `object_hook`.
    pub object_pairs_hook: Option<Bound<'py, PyAny>>,
}

impl Hooks<'_> {
    /// Whether no hook is set (plain dicts are built).
    pub(crate) fn is_empty(&self) -> bool {
        self.object_hook.is_none() && self.object_pairs_hook.is_none()
    }
}

/// Builds the Python value of the whole document.
pub(crate) fn build<'py>(
    py: Python<'py>,
    doc: &Document,
    hooks: &Hooks<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    Builder::new(py, hooks).build(doc)
}

/// Walks documents, creating Python objects; one builder serves many
/// documents (the lines of `loads_lines`) and takes the key cache once.
pub(crate) struct Builder<'h, 'py> {
    py: Python<'py>,
    /// The key cache, when this call could take it.
    keys: Option<MutexGuard<'static, KeyCache>>,
    /// The caller's object hooks.
    hooks: &'h Hooks<'py>,
}

impl<'h, 'py> Builder<'h, 'py> {
    /// A builder with these hooks.
    pub(crate) fn new(py: Python<'py>, hooks: &'h Hooks<'py>) -> Builder<'h, 'py> {
        Builder {
            py,
            keys: KEY_CACHE.try_lock().ok(),
            hooks,
        }
    }

    /// The Python value of the whole of `doc`.
    pub(crate) fn build(&mut self, doc: &Document) -> PyResult<Bound<'py, PyAny>> {
        self.value(doc, doc.root())
    }

    /// The `str` for object key `k`: from the cache when possible.
    fn key(&mut self, k: &str) -> PyResult<Bound<'py, PyAny>> {
        let ascii = k.is_ascii();
        // SAFETY: GIL held; `ascii` is `k`'s; both calls return a new
        // reference or NULL.
        unsafe {
            owned(
                self.py,
                match &mut self.keys {
                    Some(cache) => cache.get_ptr(self.py, k, ascii),
                    None => new_str_ptr(k, ascii),
                },
            )
        }
    }

    /// The Python value of the subtree of `doc` at tape index `i`.
    fn value(&mut self, doc: &Document, i: usize) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
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
                Node::Str(t) => {
                    let text = doc.text(t);
                    owned(py, new_str_ptr(text, text.is_ascii()))
                }
                Node::Array { len, .. } => {
                    let list = owned(py, ffi::PyList_New(len as ffi::Py_ssize_t))?;
                    for (n, child) in doc.array_items(i).enumerate() {
                        let item = self.value(doc, child)?;
                        // Steals the reference; slots not yet filled are
                        // NULL, which list deallocation tolerates on error.
                        ffi::PyList_SET_ITEM(list.as_ptr(), n as ffi::Py_ssize_t, item.into_ptr());
                    }
                    Ok(list)
                }
                Node::Object { .. } if self.hooks.object_pairs_hook.is_some() => self.pairs(doc, i),
                Node::Object { len, .. } => {
                    // Sized for its members up front: no rehashing.
                    let dict = owned(py, _PyDict_NewPresized(len as ffi::Py_ssize_t))?;
                    for (k, v) in doc.object_members(i) {
                        let key = match *doc.node(k) {
                            Node::Str(t) => self.key(doc.text(t))?,
                            _ => unreachable!("object keys are strings"),
                        };
                        let value = self.value(doc, v)?;
                        // Duplicate keys: the last one wins, as in `json`.
                        if ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) != 0 {
                            return Err(PyErr::fetch(py));
                        }
                    }
                    match &self.hooks.object_hook {
                        Some(hook) => hook.call1((dict,)),
                        None => Ok(dict),
                    }
                }
            }
        }
    }
}

impl<'h, 'py> Builder<'h, 'py> {
    /// The object of `doc` at tape index `i` through `object_pairs_hook`:
    /// its members as a list of `(key, value)` tuples, duplicates kept.
    fn pairs(&mut self, doc: &Document, i: usize) -> PyResult<Bound<'py, PyAny>> {
        let mut pairs = Vec::new();
        for (k, v) in doc.object_members(i) {
            let Node::Str(t) = *doc.node(k) else {
                unreachable!("object keys are strings")
            };
            let key = self.key(doc.text(t))?;
            let value = self.value(doc, v)?;
            pairs.push(PyTuple::new(self.py, [key, value])?);
        }
        let list = PyList::new(self.py, pairs)?;
        let hook = self
            .hooks
            .object_pairs_hook
            .as_ref()
            .expect("checked by caller");
        hook.call1((list,))
    }
}
