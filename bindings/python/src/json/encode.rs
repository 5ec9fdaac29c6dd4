//! Walks Python objects and drives the core [`Writer`], producing exactly
//! what `json.dumps(obj, **options)` produces.
//!
//! Dispatch follows the standard library's encoder (`_json.c` and
//! `json/encoder.py`): exact builtin types are recognised by a pointer
//! comparison first, then subclasses in the encoder's order (str, int,
//! float, list/tuple, dict), then the opt-in extended types, then the
//! caller's `default`. The writer owns separators, indentation, escaping,
//! number layout and the nesting limit; `begin_*` is always called before
//! recursing, so recursion depth is bounded by that limit. Options are read
//! once into [`EncodeOptions`]; the inner loop only tests flags.

use brownfield::json::{WriteOptions, Writer};
use brownfield::ErrorKind;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple, PyType};
use std::borrow::Cow;
use std::ffi::CStr;

use super::strings::new_str;

/// The options of one `dumps` call, as the standard library names them.
pub(crate) struct EncodeOptions<'py> {
    /// Skip dict keys of unsupported types instead of raising `TypeError`.
    pub skipkeys: bool,
    /// Report a container met again on its own path as a circular
    /// reference (otherwise it is only "too deep").
    pub check_circular: bool,
    /// Called for objects of any other type; its result is written instead.
    pub default: Option<Bound<'py, PyAny>>,
    /// Serialize datetime/date/time, UUID, Decimal, Enum, dataclasses and
    /// such dict keys (brownfield's opt-in extension).
    pub extended: bool,
    /// Core writer options (separators, indent, ensure_ascii, allow_nan,
    /// sort_keys).
    pub write: WriteOptions,
}

/// Serializes `obj` with `opts` and returns the text as a `str`.
pub(crate) fn dumps<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    opts: EncodeOptions<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let out = Serializer::new(py, opts).run(obj)?.into_string();
    new_str(py, &out)
}

/// Serializes `obj` with `opts` and returns the UTF-8 text as `bytes`.
pub(crate) fn dumpb<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    opts: EncodeOptions<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let out = Serializer::new(py, opts).run(obj)?.into_bytes();
    Ok(PyBytes::new(py, &out).into_any())
}

/// One `dumps` call: the writer and the containers being written.
struct Serializer<'py> {
    py: Python<'py>,
    writer: Writer,
    skipkeys: bool,
    check_circular: bool,
    default: Option<Bound<'py, PyAny>>,
    extended: bool,
    allow_nan: bool,
    sort_keys: bool,
    /// The standard library takes its C encoder (and its error messages)
    /// without `indent`, its Python encoder with it.
    python_encoder: bool,
    /// The lists/dicts from the root to the current value (kept alive by the
    /// references up the call stack); used only to name a cycle as such.
    path: Vec<*mut ffi::PyObject>,
    /// Objects passed to `default` on the current path (kept alive by the
    /// references up the call stack): meeting one again is a cycle.
    defaulted: Vec<*mut ffi::PyObject>,
}

/// Whether `ptr`'s type is exactly `ty`.
///
/// # Safety
/// `ptr` must be a valid object pointer.
#[inline]
unsafe fn is_exact(ptr: *mut ffi::PyObject, ty: *mut ffi::PyTypeObject) -> bool {
    ffi::Py_TYPE(ptr) == ty
}

/// `brownfield.json.NestingError`: too deep to write (a `RecursionError`,
/// as the standard library raises, and a `ValueError`).
static NESTING_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The standard library's message for a value nested too deeply.
const TOO_DEEP: &str = "maximum recursion depth exceeded while encoding a JSON object";

impl<'py> Serializer<'py> {
    fn new(py: Python<'py>, opts: EncodeOptions<'py>) -> Serializer<'py> {
        let python_encoder = opts.write.indent.is_some();
        let allow_nan = opts.write.allow_nan;
        let sort_keys = opts.write.sort_keys;
        Serializer {
            py,
            writer: Writer::new(opts.write),
            skipkeys: opts.skipkeys,
            check_circular: opts.check_circular,
            default: opts.default,
            extended: opts.extended,
            allow_nan,
            sort_keys,
            python_encoder,
            path: Vec::new(),
            defaulted: Vec::new(),
        }
    }

    /// Writes `obj` and returns the finished writer.
    fn run(mut self, obj: &Bound<'py, PyAny>) -> PyResult<Writer> {
        self.value(obj)?;
        Ok(self.writer)
    }

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
                self.float(obj)?;
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
                self.float(obj)?;
            } else if ffi::PyList_Check(ptr) != 0 || ffi::PyTuple_Check(ptr) != 0 {
                self.list(obj)?;
            } else if ffi::PyDict_Check(ptr) != 0 {
                self.dict(obj)?;
            } else {
                return self.other(obj);
            }
        }
        Ok(())
    }

    /// A value of no JSON type: an extended type when enabled, else the
    /// result of `default`, else `TypeError` as `json` raises.
    fn other(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        if self.extended {
            match extended_value(obj)? {
                Some(Extended::Text(s)) => {
                    self.writer.string(s.to_str()?);
                    return Ok(());
                }
                Some(Extended::Value(v)) => return self.nested(obj, &v),
                Some(Extended::Fields(fields)) => return self.dataclass(obj, &fields),
                None => {}
            }
        }
        let Some(default) = self.default.clone() else {
            let name = obj.getattr("__class__")?.getattr("__name__")?;
            return Err(PyTypeError::new_err(format!(
                "Object of type {name} is not JSON serializable"
            )));
        };
        let replacement = default.call1((obj,))?;
        self.nested(obj, &replacement)
    }

    /// Writes `replacement` in place of `obj` (a `default` result or an
    /// enum's value), detecting cycles through `obj` like `json` does.
    fn nested(&mut self, obj: &Bound<'py, PyAny>, replacement: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        if self.check_circular && self.defaulted.contains(&ptr) {
            return Err(PyValueError::new_err("Circular reference detected"));
        }
        if self.defaulted.len() >= self.writer.options().max_depth {
            return Err(nesting_error(self.py));
        }
        self.defaulted.push(ptr);
        let r = self.value(replacement);
        self.defaulted.pop();
        r
    }

    /// A dataclass instance, as an object of its fields in order.
    fn dataclass(&mut self, obj: &Bound<'py, PyAny>, fields: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        self.writer
            .begin_object()
            .map_err(|e| self.nesting_error(ptr, e))?;
        self.path.push(ptr);
        for field in fields.try_iter()? {
            let name = field?.getattr("name")?;
            let value = obj.getattr(name.cast::<PyString>()?)?;
            self.writer.key(name.cast::<PyString>()?.to_str()?);
            self.value(&value)?;
        }
        self.path.pop();
        self.writer.end_object();
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

    /// A `float` (or subclass); NaN and infinities as `json` writes them, or
    /// its `ValueError` when `allow_nan` is off.
    fn float(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        // SAFETY: GIL held; `obj` is a float (subclasses share the layout).
        let v = unsafe { ffi::PyFloat_AS_DOUBLE(obj.as_ptr()) };
        if !v.is_finite() && !self.allow_nan {
            return Err(self.out_of_range(v));
        }
        self.writer
            .f64(v)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// `json`'s error for a non-finite float when `allow_nan` is off.
    fn out_of_range(&self, v: f64) -> PyErr {
        let msg = "Out of range float values are not JSON compliant";
        if self.python_encoder {
            let repr = if v.is_nan() {
                "nan"
            } else if v > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            PyValueError::new_err(format!("{msg}: {repr}"))
        } else {
            PyValueError::new_err(msg)
        }
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
        // Python code run meanwhile (a subclass's `items`/`__iter__`,
        // `default`) cannot free it under us.
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

    /// A dict (or subclass): exact dicts in place, subclasses (and sorted
    /// output) through their `items()` list, as `json` does.
    fn dict(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        self.writer
            .begin_object()
            .map_err(|e| self.nesting_error(ptr, e))?;
        self.path.push(ptr);
        // SAFETY: GIL held; `ptr` is a dict. Keys and values are owned while
        // written; `PyDict_Next` stays in bounds even if the dict changes.
        unsafe {
            if is_exact(ptr, &raw mut ffi::PyDict_Type) && !self.sort_keys {
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
                if self.sort_keys {
                    // `sorted(dct.items())`, as `json` sorts: same order,
                    // same TypeError for keys that do not compare.
                    items.cast::<PyList>()?.sort()?;
                }
                for item in items.try_iter()? {
                    let item = item?;
                    let pair = item
                        .cast::<PyTuple>()
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

    /// One object member; a key of an unsupported type is skipped with
    /// `skipkeys`, an error otherwise.
    fn member(&mut self, key: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>) -> PyResult<()> {
        let Some(text) = self.key_text(key)? else {
            return Ok(());
        };
        self.writer.key(&text);
        self.value(value)
    }

    /// A dict key as `json` writes it: str as is; float, True/False/None and
    /// int converted to their JSON text; extended types when enabled;
    /// `None` (skip) for anything else with `skipkeys`, else `TypeError`.
    fn key_text<'a>(&self, key: &'a Bound<'py, PyAny>) -> PyResult<Option<Cow<'a, str>>> {
        let ptr = key.as_ptr();
        // SAFETY: GIL held, `key` is alive; type checks before each cast.
        unsafe {
            if ffi::PyUnicode_Check(ptr) != 0 {
                return Ok(Some(Cow::Borrowed(utf8(key)?)));
            }
            if ffi::PyFloat_Check(ptr) != 0 {
                let v = ffi::PyFloat_AS_DOUBLE(ptr);
                let text = if v.is_finite() {
                    let repr = ffi::PyFloat_Type.tp_repr.expect("float has tp_repr");
                    let s = Bound::from_owned_ptr_or_err(key.py(), repr(ptr))?;
                    s.cast_into_unchecked::<PyString>().to_str()?.to_owned()
                } else if !self.allow_nan {
                    return Err(self.out_of_range(v));
                } else if v.is_nan() {
                    "NaN".to_owned()
                } else if v > 0.0 {
                    "Infinity".to_owned()
                } else {
                    "-Infinity".to_owned()
                };
                return Ok(Some(Cow::Owned(text)));
            }
            if ptr == ffi::Py_True() {
                return Ok(Some(Cow::Borrowed("true")));
            }
            if ptr == ffi::Py_False() {
                return Ok(Some(Cow::Borrowed("false")));
            }
            if ptr == ffi::Py_None() {
                return Ok(Some(Cow::Borrowed("null")));
            }
            if ffi::PyLong_Check(ptr) != 0 {
                return Ok(Some(Cow::Owned(int_repr(key)?.to_str()?.to_owned())));
            }
            if self.extended {
                match extended_value(key)? {
                    Some(Extended::Text(s)) => return Ok(Some(Cow::Owned(s.to_str()?.to_owned()))),
                    Some(Extended::Value(v)) => {
                        // An enum key: the key text of its value.
                        return Ok(self.key_text(&v)?.map(|c| Cow::Owned(c.into_owned())));
                    }
                    Some(Extended::Fields(_)) | None => {}
                }
            }
            if self.skipkeys {
                return Ok(None);
            }
            // The C encoder names the type by `tp_name`, the Python one
            // (used with `indent`) by `__name__`.
            let name = if self.python_encoder {
                key.get_type().name()?.to_string()
            } else {
                CStr::from_ptr((*ffi::Py_TYPE(ptr)).tp_name)
                    .to_string_lossy()
                    .into_owned()
            };
            Err(PyTypeError::new_err(format!(
                "keys must be str, int, float, bool or None, not {name:.100}"
            )))
        }
    }

    /// The error for a container the writer refused to open (too deep):
    /// `ValueError("Circular reference detected")` as `json` says when the
    /// container is already being written (and `check_circular` is on),
    /// `NestingError` (a `RecursionError`, as `json` raises) otherwise.
    fn nesting_error(&self, container: *mut ffi::PyObject, err: brownfield::Error) -> PyErr {
        if err.kind() != ErrorKind::NestingTooDeep {
            return PyValueError::new_err(err.to_string());
        }
        if self.check_circular && self.path.contains(&container) {
            PyValueError::new_err("Circular reference detected")
        } else {
            nesting_error(self.py)
        }
    }
}

/// `brownfield.json.NestingError(TOO_DEEP)`.
fn nesting_error(py: Python<'_>) -> PyErr {
    match NESTING_ERROR.import(py, "brownfield.json", "NestingError") {
        Ok(class) => PyErr::from_type(class.clone(), TOO_DEEP),
        Err(e) => e,
    }
}

/// How an extended type is written.
enum Extended<'py> {
    /// As this string (date/time ISO text, UUID, Decimal).
    Text(Bound<'py, PyString>),
    /// As this value (an enum member's `value`).
    Value(Bound<'py, PyAny>),
    /// As an object of these `dataclasses.fields(obj)`.
    Fields(Bound<'py, PyAny>),
}

/// The types `extended=True` adds, imported once.
struct ExtendedTypes {
    date: Py<PyAny>,
    time: Py<PyAny>,
    uuid: Py<PyAny>,
    decimal: Py<PyAny>,
    enumeration: Py<PyAny>,
    fields: Py<PyAny>,
}

static EXTENDED: PyOnceLock<ExtendedTypes> = PyOnceLock::new();

fn extended_types(py: Python<'_>) -> PyResult<&ExtendedTypes> {
    EXTENDED.get_or_try_init(py, || {
        let get =
            |m: &str, a: &str| -> PyResult<Py<PyAny>> { Ok(py.import(m)?.getattr(a)?.unbind()) };
        Ok(ExtendedTypes {
            date: get("datetime", "date")?,
            time: get("datetime", "time")?,
            uuid: get("uuid", "UUID")?,
            decimal: get("decimal", "Decimal")?,
            enumeration: get("enum", "Enum")?,
            fields: get("dataclasses", "fields")?,
        })
    })
}

/// How `obj` is written with `extended=True`, if it is an extended type:
/// `datetime`/`date`/`time` as their RFC 3339 `isoformat()`, `UUID` and
/// `Decimal` as `str(obj)`, an `Enum` member as its value, a dataclass
/// instance as an object of its fields.
fn extended_value<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Extended<'py>>> {
    let py = obj.py();
    let t = extended_types(py)?;
    if obj.is_instance(t.date.bind(py))? || obj.is_instance(t.time.bind(py))? {
        let text = obj.call_method0("isoformat")?.cast_into::<PyString>()?;
        return Ok(Some(Extended::Text(text)));
    }
    if obj.is_instance(t.uuid.bind(py))? || obj.is_instance(t.decimal.bind(py))? {
        return Ok(Some(Extended::Text(obj.str()?)));
    }
    if obj.is_instance(t.enumeration.bind(py))? {
        return Ok(Some(Extended::Value(obj.getattr("value")?)));
    }
    let ty = obj.get_type();
    if ty.hasattr("__dataclass_fields__")? && !obj.is_instance_of::<PyType>() {
        return Ok(Some(Extended::Fields(t.fields.bind(py).call1((obj,))?)));
    }
    Ok(None)
}

/// The UTF-8 text of a `str` (or subclass); a string with lone surrogates
/// has none and raises `UnicodeEncodeError` (the Python layer then lets the
/// standard library write it).
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
