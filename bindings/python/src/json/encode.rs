//! Walks Python objects and drives the core [`Writer`] with
//! [`WriteOptions::python`], producing exactly what `json.dumps(obj)`
//! produces with default arguments.
//!
//! Dispatch follows the standard library's C encoder (`_json.c`): exact
//! builtin types are recognised by a pointer comparison first, then
//! subclasses in the encoder's order (str, int, float, list/tuple, dict).
//! The writer owns separators, escaping, number layout and the nesting
//! limit; `begin_*` is always called before recursing, so recursion depth is
//! bounded by that limit.

use brownfield::json::{WriteOptions, Writer};
use brownfield::ErrorKind;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::borrow::Cow;
use std::ffi::CStr;

use super::strings::new_str;

/// Serializes `obj` like `json.dumps(obj)`.
pub(crate) fn dumps<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyString>> {
    let mut ser = Serializer {
        py,
        writer: Writer::new(WriteOptions::python()),
        path: Vec::new(),
    };
    ser.value(obj)?;
    let out = ser.writer.into_string();
    Ok(new_str(py, &out)?.cast_into::<PyString>()?)
}

/// One `dumps` call: the writer and the containers being written.
struct Serializer<'py> {
    py: Python<'py>,
    writer: Writer,
    /// The lists/dicts from the root to the current value (kept alive by the
    /// references up the call stack); used only to name a cycle as such.
    path: Vec<*mut ffi::PyObject>,
}

/// Whether `ptr`'s type is exactly `ty`.
///
/// # Safety
/// `ptr` must be a valid object pointer.
#[inline]
unsafe fn is_exact(ptr: *mut ffi::PyObject, ty: *mut ffi::PyTypeObject) -> bool {
    ffi::Py_TYPE(ptr) == ty
}

impl<'py> Serializer<'py> {
    /// Writes one value and everything below it.
    fn value(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        // SAFETY: GIL held and `obj` is alive; the type objects are the
        // interpreter's static builtin types.
        unsafe {
            if is_exact(ptr, &raw mut ffi::PyUnicode_Type) {
                self.writer.string(utf8(obj)?);
            } else if is_exact(ptr, &raw mut ffi::PyLong_Type) {
                self.int(obj)?;
            } else if is_exact(ptr, &raw mut ffi::PyFloat_Type) {
                self.float(obj);
            } else if is_exact(ptr, &raw mut ffi::PyList_Type) {
                self.list(obj)?;
            } else if is_exact(ptr, &raw mut ffi::PyDict_Type) {
                self.dict(obj)?;
            } else if ptr == ffi::Py_None() {
                self.writer.null();
            } else if ptr == ffi::Py_True() {
                self.writer.bool(true);
            } else if ptr == ffi::Py_False() {
                self.writer.bool(false);
            } else if is_exact(ptr, &raw mut ffi::PyTuple_Type) {
                self.list(obj)?;
            } else if ffi::PyUnicode_Check(ptr) != 0 {
                self.writer.string(utf8(obj)?);
            } else if ffi::PyLong_Check(ptr) != 0 {
                self.int(obj)?;
            } else if ffi::PyFloat_Check(ptr) != 0 {
                self.float(obj);
            } else if ffi::PyList_Check(ptr) != 0 || ffi::PyTuple_Check(ptr) != 0 {
                self.list(obj)?;
            } else if ffi::PyDict_Check(ptr) != 0 {
                self.dict(obj)?;
            } else {
                let name = obj.getattr("__class__")?.getattr("__name__")?;
                return Err(PyTypeError::new_err(format!(
                    "Object of type {name} is not JSON serializable"
                )));
            }
        }
        Ok(())
    }

    /// An `int` (or subclass): machine integers directly, others as the
    /// exact text of `int.__repr__`, as `json` does.
    fn int(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let mut overflow = 0;
        // SAFETY: GIL held; `obj` is an int.
        let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
        if overflow == 0 {
            if v == -1 && PyErr::occurred(self.py) {
                return Err(PyErr::fetch(self.py));
            }
            self.writer.i64(v);
            return Ok(());
        }
        let text = int_repr(obj)?;
        self.writer
            .int_text(text.to_str()?)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A `float` (or subclass); NaN and infinities as `json` writes them.
    fn float(&mut self, obj: &Bound<'py, PyAny>) {
        // SAFETY: GIL held; `obj` is a float (subclasses share the layout).
        let v = unsafe { ffi::PyFloat_AS_DOUBLE(obj.as_ptr()) };
        // Python options allow NaN, so this cannot fail.
        let written = self.writer.f64(v);
        debug_assert!(written.is_ok());
    }

    /// A list or tuple: exact ones read by index, subclasses through their
    /// iterator (`list(obj)`), as `json` does.
    fn list(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        self.writer
            .begin_array()
            .map_err(|e| self.nesting_error(ptr, e))?;
        self.path.push(ptr);
        // SAFETY: GIL held; `seq` is an exact list or tuple. The length is
        // re-read each step and each item is owned while it is written, so
        // Python code run meanwhile (a subclass's `items`/`__iter__`)
        // cannot free it under us.
        unsafe {
            let seq = if is_exact(ptr, &raw mut ffi::PyList_Type)
                || is_exact(ptr, &raw mut ffi::PyTuple_Type)
            {
                obj.clone()
            } else {
                Bound::from_owned_ptr_or_err(self.py, ffi::PySequence_List(ptr))?
            };
            let seq_ptr = seq.as_ptr();
            let is_list = ffi::PyList_Check(seq_ptr) != 0;
            let mut i = 0;
            loop {
                let len = if is_list {
                    ffi::PyList_GET_SIZE(seq_ptr)
                } else {
                    ffi::PyTuple_GET_SIZE(seq_ptr)
                };
                if i >= len {
                    break;
                }
                let item = if is_list {
                    ffi::PyList_GET_ITEM(seq_ptr, i)
                } else {
                    ffi::PyTuple_GET_ITEM(seq_ptr, i)
                };
                let item = Bound::from_borrowed_ptr(self.py, item);
                self.value(&item)?;
                i += 1;
            }
        }
        self.path.pop();
        self.writer.end_array();
        Ok(())
    }

    /// A dict (or subclass): exact dicts in place, subclasses through their
    /// `items()`, as `json` does.
    fn dict(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        self.writer
            .begin_object()
            .map_err(|e| self.nesting_error(ptr, e))?;
        self.path.push(ptr);
        // SAFETY: GIL held; `ptr` is a dict. Keys and values are owned while
        // written; `PyDict_Next` stays in bounds even if the dict changes.
        unsafe {
            if is_exact(ptr, &raw mut ffi::PyDict_Type) {
                let mut pos: ffi::Py_ssize_t = 0;
                let mut key: *mut ffi::PyObject = std::ptr::null_mut();
                let mut value: *mut ffi::PyObject = std::ptr::null_mut();
                while ffi::PyDict_Next(ptr, &mut pos, &mut key, &mut value) != 0 {
                    let key = Bound::from_borrowed_ptr(self.py, key);
                    let value = Bound::from_borrowed_ptr(self.py, value);
                    self.member(&key, &value)?;
                }
            } else {
                let items = Bound::from_owned_ptr_or_err(self.py, ffi::PyMapping_Items(ptr))?;
                for item in items.try_iter()? {
                    let item = item?;
                    let pair = item
                        .cast::<pyo3::types::PyTuple>()
                        .ok()
                        .filter(|t| t.len() == 2)
                        .ok_or_else(|| PyValueError::new_err("items must return 2-tuples"))?;
                    self.member(&pair.get_item(0)?, &pair.get_item(1)?)?;
                }
            }
        }
        self.path.pop();
        self.writer.end_object();
        Ok(())
    }

    /// One object member.
    fn member(&mut self, key: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>) -> PyResult<()> {
        let text = key_text(key)?;
        self.writer.key(&text);
        self.value(value)
    }

    /// The error for a container the writer refused to open (too deep):
    /// `ValueError("Circular reference detected")` as `json` says when the
    /// container is already being written, the core's message otherwise.
    fn nesting_error(&self, container: *mut ffi::PyObject, err: brownfield::Error) -> PyErr {
        if err.kind() == ErrorKind::NestingTooDeep && self.path.contains(&container) {
            PyValueError::new_err("Circular reference detected")
        } else {
            PyValueError::new_err(err.to_string())
        }
    }
}

/// The UTF-8 text of a `str` (or subclass); a string with lone surrogates
/// has none and raises `UnicodeEncodeError` (a `ValueError`).
fn utf8<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<&'a str> {
    // SAFETY: the caller checked `obj` is a str.
    unsafe { obj.cast_unchecked::<PyString>() }.to_str()
}

/// `int.__repr__(obj)`, which `json` uses for ints and int subclasses.
fn int_repr<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    // SAFETY: GIL held; `obj` is an int, and `PyLong_Type.tp_repr` is set.
    unsafe {
        let repr = ffi::PyLong_Type.tp_repr.expect("int has tp_repr");
        Ok(Bound::from_owned_ptr_or_err(obj.py(), repr(obj.as_ptr()))?.cast_into_unchecked())
    }
}

/// A dict key as `json` writes it: str as is; float, True/False/None and
/// int converted to their JSON text; anything else is a `TypeError`.
fn key_text<'a>(key: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    let ptr = key.as_ptr();
    // SAFETY: GIL held, `key` is alive; type checks before each cast.
    unsafe {
        if ffi::PyUnicode_Check(ptr) != 0 {
            return Ok(Cow::Borrowed(utf8(key)?));
        }
        if ffi::PyFloat_Check(ptr) != 0 {
            let v = ffi::PyFloat_AS_DOUBLE(ptr);
            let text = if v.is_nan() {
                "NaN".to_owned()
            } else if v.is_infinite() {
                if v > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
            } else {
                let repr = ffi::PyFloat_Type.tp_repr.expect("float has tp_repr");
                let s = Bound::from_owned_ptr_or_err(key.py(), repr(ptr))?;
                s.cast_into_unchecked::<PyString>().to_str()?.to_owned()
            };
            return Ok(Cow::Owned(text));
        }
        if ptr == ffi::Py_True() {
            return Ok(Cow::Borrowed("true"));
        }
        if ptr == ffi::Py_False() {
            return Ok(Cow::Borrowed("false"));
        }
        if ptr == ffi::Py_None() {
            return Ok(Cow::Borrowed("null"));
        }
        if ffi::PyLong_Check(ptr) != 0 {
            return Ok(Cow::Owned(int_repr(key)?.to_str()?.to_owned()));
        }
        let name = CStr::from_ptr((*ffi::Py_TYPE(ptr)).tp_name).to_string_lossy();
        Err(PyTypeError::new_err(format!(
            "keys must be str, int, float, bool or None, not {name:.100}"
        )))
    }
}
