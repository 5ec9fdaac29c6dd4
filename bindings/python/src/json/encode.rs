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
//!
//! Hot paths: list items and dict members of the exact scalar types (str,
//! int, float, None, True, False) are written from their borrowed pointers
//! (no reference counting; no Python code can run while they are written);
//! `str` values and keys are read in CPython's own storage (PEP 393: ASCII,
//! Latin-1, UCS-2 or UCS-4 code units) and escaped by the core from there,
//! never converted to (and cached as) UTF-8; the output buffer is reused
//! from one call to the next on the same thread.

use brownfield::json::{WriteOptions, Writer};
use brownfield::ErrorKind;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple, PyType};
use std::borrow::Cow;
use std::cell::Cell;
use std::ffi::CStr;

use super::strings::{new_str_ptr, owned};

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
    // With `ensure_ascii` every character the writer escapes comes out as
    // ASCII; the separators and indentation are copied as given.
    let w = &opts.write;
    let ascii = w.ensure_ascii
        && w.item_separator.is_ascii()
        && w.key_separator.is_ascii()
        && w.indent.as_deref().is_none_or(str::is_ascii);
    serialize(py, obj, opts, |out| {
        // SAFETY: GIL held; the writer's output is UTF-8, and all ASCII
        // when `ascii` is true (see above).
        unsafe {
            let text = std::str::from_utf8_unchecked(out);
            owned(py, new_str_ptr(text, ascii || text.is_ascii()))
        }
    })
}

/// Serializes `obj` with `opts` and returns the UTF-8 text as `bytes`.
pub(crate) fn dumpb<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    opts: EncodeOptions<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    serialize(py, obj, opts, |out| Ok(PyBytes::new(py, out).into_any()))
}

/// Output buffers up to this size are kept for the thread's next call.
const KEEP_BUFFER_UP_TO: usize = 8 << 20;

thread_local! {
    /// The output buffer of this thread's last finished `dumps` (empty
    /// while one runs, so a nested call from `default` gets its own).
    static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

thread_local! {
    /// The container path of this thread's last finished `dumps`, emptied,
    /// kept so small calls do not allocate one each time (empty while one
    /// runs: a nested call from `default` starts its own).
    static SPARE_PATH: Cell<Vec<*mut ffi::PyObject>> = const { Cell::new(Vec::new()) };
}

/// Writes `obj` into this thread's reused output buffer and converts the
/// text with `finish`.
fn serialize<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    opts: EncodeOptions<'py>,
    finish: impl FnOnce(&[u8]) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let buffer = BUFFER.with(Cell::take);
    let out = Serializer::new(py, opts, buffer).run(obj)?.into_bytes();
    let result = finish(&out);
    if out.capacity() <= KEEP_BUFFER_UP_TO {
        BUFFER.with(|b| b.set(out));
    }
    result
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
    /// The quoted text of the exact `str` dict keys met so far.
    keys: KeyCache,
}

/// Quoted JSON text of the exact `str` dict keys met in one call, found
/// by the key object's address. Documents repeat a few key objects many
/// times (`json.loads` and `brownfield.json.loads` share one object per
/// distinct key), so most keys are written by one copy instead of being
/// escaped again. Direct-mapped: a key whose slot another key took is just
/// escaped again. The cache holds a reference to every key it stores, so
/// while the call runs no other object can get a cached address. Only
/// ASCII keys up to [`KeyCache::MAX_KEY`] bytes are stored, at most
/// [`KeyCache::MAX_TEXT`] bytes in all, and slots are only allocated once a
/// call has met [`KeyCache::START_AFTER`] keys, so small calls pay nothing.
struct KeyCache {
    /// `(address, start, end)` of a key's text in `text`, per slot.
    slots: Vec<(usize, u32, u32)>,
    /// The quoted texts, one after the other.
    text: String,
    /// References to the stored keys.
    held: Vec<Py<PyAny>>,
    /// Keys met while `slots` is not allocated yet.
    seen: usize,
}

impl KeyCache {
    const SLOTS: usize = 512;
    const START_AFTER: usize = 64;
    const MAX_KEY: usize = 64;
    const MAX_TEXT: usize = 64 << 10;

    fn new() -> KeyCache {
        KeyCache {
            slots: Vec::new(),
            text: String::new(),
            held: Vec::new(),
            seen: 0,
        }
    }

    /// The slot of the object at `ptr` (objects are 16-byte aligned), or
    /// `None` while caching has not started.
    #[inline]
    fn slot(&mut self, ptr: *mut ffi::PyObject) -> Option<usize> {
        if self.slots.is_empty() {
            self.seen += 1;
            if self.seen < KeyCache::START_AFTER {
                return None;
            }
            self.slots = vec![(0, 0, 0); KeyCache::SLOTS];
        }
        Some((ptr as usize >> 4) % KeyCache::SLOTS)
    }

    /// The cached text of the key at `ptr` in `slot`.
    #[inline]
    fn get(&self, slot: usize, ptr: *mut ffi::PyObject) -> Option<&str> {
        let (addr, start, end) = self.slots[slot];
        (addr == ptr as usize).then(|| &self.text[start as usize..end as usize])
    }

    /// Stores `quoted` as the text of the key `key` in `slot`, when there
    /// is room.
    fn put(&mut self, slot: usize, key: &Bound<'_, PyAny>, quoted: &str) {
        if self.text.len() + quoted.len() > KeyCache::MAX_TEXT {
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(quoted);
        self.slots[slot] = (key.as_ptr() as usize, start, self.text.len() as u32);
        self.held.push(key.clone().unbind());
    }
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
    fn new(py: Python<'py>, opts: EncodeOptions<'py>, buffer: Vec<u8>) -> Serializer<'py> {
        let python_encoder = opts.write.indent.is_some();
        let allow_nan = opts.write.allow_nan;
        let sort_keys = opts.write.sort_keys;
        Serializer {
            py,
            writer: Writer::with_buffer(opts.write, buffer),
            skipkeys: opts.skipkeys,
            check_circular: opts.check_circular,
            default: opts.default,
            extended: opts.extended,
            allow_nan,
            sort_keys,
            python_encoder,
            path: SPARE_PATH.take(),
            defaulted: Vec::new(),
            keys: KeyCache::new(),
        }
    }

    /// Writes `obj` and returns the finished writer.
    fn run(mut self, obj: &Bound<'py, PyAny>) -> PyResult<Writer> {
        let written = self.value(obj);
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        SPARE_PATH.set(path);
        written.map(|()| self.writer)
    }

    /// Writes `ptr` when it is an exact str, int, float, None, True or
    /// False and returns true; false (nothing written) for anything else.
    /// Writing these runs no Python code, so a borrowed reference is
    /// enough.
    ///
    /// # Safety
    /// The GIL must be held and `ptr` must be a valid object pointer.
    #[inline(always)]
    unsafe fn scalar(&mut self, ptr: *mut ffi::PyObject) -> PyResult<bool> {
        if is_exact(ptr, &raw mut ffi::PyUnicode_Type) {
            self.string(ptr, false)?;
        } else if is_exact(ptr, &raw mut ffi::PyLong_Type) {
            self.int(ptr)?;
        } else if is_exact(ptr, &raw mut ffi::PyFloat_Type) {
            self.float(ptr)?;
        } else if ptr == ffi::Py_None() {
            self.writer.null();
        } else if ptr == ffi::Py_True() {
            self.writer.bool(true);
        } else if ptr == ffi::Py_False() {
            self.writer.bool(false);
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// Writes the item `ptr` (borrowed from a list, tuple or dict being
    /// written): scalars directly, anything else through an owned
    /// reference, since writing it may run Python code that drops the
    /// container's own.
    ///
    /// # Safety
    /// The GIL must be held and `ptr` must be a valid object pointer.
    #[inline(always)]
    unsafe fn item(&mut self, ptr: *mut ffi::PyObject) -> PyResult<()> {
        if self.scalar(ptr)? {
            return Ok(());
        }
        self.value(&Bound::from_borrowed_ptr(self.py, ptr))
    }

    /// Writes one value and everything below it.
    fn value(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        // SAFETY: GIL held and `obj` is alive; the type objects are the
        // interpreter's static builtin types.
        unsafe {
            if self.scalar(ptr)? {
            } else if is_exact(ptr, &raw mut ffi::PyList_Type) {
                self.list(obj)?;
            } else if is_exact(ptr, &raw mut ffi::PyDict_Type) {
                self.dict(obj)?;
            } else if is_exact(ptr, &raw mut ffi::PyTuple_Type) {
                self.list(obj)?;
            } else if ffi::PyUnicode_Check(ptr) != 0 {
                self.string(ptr, false)?;
            } else if ffi::PyLong_Check(ptr) != 0 {
                self.int(ptr)?;
            } else if ffi::PyFloat_Check(ptr) != 0 {
                self.float(ptr)?;
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

    /// Writes an exact `str` dict key, through the key cache.
    ///
    /// # Safety
    /// The GIL must be held and `ptr` must point to an exact `str`.
    #[inline]
    unsafe fn str_key(&mut self, ptr: *mut ffi::PyObject) -> PyResult<()> {
        let Some(slot) = self.keys.slot(ptr) else {
            return self.string(ptr, true);
        };
        if let Some(quoted) = self.keys.get(slot, ptr) {
            self.writer.key_quoted(quoted);
            return Ok(());
        }
        match str_data(self.py, ptr)? {
            StrData::Ascii(k) if k.len() <= KeyCache::MAX_KEY => {
                let quoted = self.writer.quote(k);
                self.writer.key_quoted(&quoted);
                self.keys
                    .put(slot, &Bound::from_borrowed_ptr(self.py, ptr), &quoted);
                Ok(())
            }
            _ => self.string(ptr, true),
        }
    }

    /// Writes a `str` (or subclass) as a string value, or as a key with
    /// `key`, from its code units. A lone surrogate, which only
    /// `ensure_ascii` output can carry (as `\udXXX`), raises the
    /// `UnicodeEncodeError` that encoding it to UTF-8 raises (the Python
    /// layer then lets the standard library write it).
    ///
    /// # Safety
    /// The GIL must be held and `ptr` must point to a `str`.
    #[inline]
    unsafe fn string(&mut self, ptr: *mut ffi::PyObject, key: bool) -> PyResult<()> {
        let w = &mut self.writer;
        let written = match str_data(self.py, ptr)? {
            StrData::Ascii(s) => {
                if key {
                    w.key(s)
                } else {
                    w.string(s)
                }
                Ok(())
            }
            StrData::Latin1(u) if key => w.key_units(u),
            StrData::Latin1(u) => w.string_units(u),
            StrData::Ucs2(u) if key => w.key_units(u),
            StrData::Ucs2(u) => w.string_units(u),
            StrData::Ucs4(u) if key => w.key_units(u),
            StrData::Ucs4(u) => w.string_units(u),
        };
        match written {
            Ok(()) => Ok(()),
            Err(e) => match utf8(&Bound::from_borrowed_ptr(self.py, ptr)) {
                Err(unicode_error) => Err(unicode_error),
                Ok(_) => Err(PyValueError::new_err(e.to_string())),
            },
        }
    }

    /// A value of no JSON type: an extended type when enabled, else the
    /// result of `default`, else `TypeError` as `json` raises.
    fn other(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        if self.extended {
            match extended_value(obj)? {
                Some(Extended::Text(s)) => {
                    // SAFETY: GIL held; `s` is a str.
                    return unsafe { self.string(s.as_ptr(), false) };
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
    ///
    /// # Safety
    /// The GIL must be held and `ptr` must point to an `int`.
    unsafe fn int(&mut self, ptr: *mut ffi::PyObject) -> PyResult<()> {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(ptr, &mut overflow);
        if overflow == 0 {
            if v == -1 && PyErr::occurred(self.py) {
                return Err(PyErr::fetch(self.py));
            }
            self.writer.i64(v);
            return Ok(());
        }
        let text = int_repr(&Bound::from_borrowed_ptr(self.py, ptr))?;
        self.writer
            .int_text(text.to_str()?)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A `float` (or subclass); NaN and infinities as `json` writes them, or
    /// its `ValueError` when `allow_nan` is off.
    ///
    /// # Safety
    /// The GIL must be held and `ptr` must point to a `float` (subclasses
    /// share the layout).
    unsafe fn float(&mut self, ptr: *mut ffi::PyObject) -> PyResult<()> {
        let v = ffi::PyFloat_AS_DOUBLE(ptr);
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
                self.item(item)?;
                i += 1;
            }
        }
        self.path.pop();
        self.writer.end_array();
        Ok(())
    }

    /// A dict (or subclass): exact dicts in place, subclasses (and sorted
    /// output) through their `items()` list, as `json` does. Members are
    /// read borrowed: an exact str key is written before anything else
    /// runs, and the value goes through [`Serializer::item`].
    fn dict(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<()> {
        let ptr = obj.as_ptr();
        self.writer
            .begin_object()
            .map_err(|e| self.nesting_error(ptr, e))?;
        self.path.push(ptr);
        // SAFETY: GIL held; `ptr` is a dict. `PyDict_Next` stays in bounds
        // even if the dict changes; a value is owned before any Python code
        // can run (see `item`), and a non-str key is owned while its text
        // is made.
        unsafe {
            if is_exact(ptr, &raw mut ffi::PyDict_Type) && !self.sort_keys {
                let mut pos: ffi::Py_ssize_t = 0;
                let mut key: *mut ffi::PyObject = std::ptr::null_mut();
                let mut value: *mut ffi::PyObject = std::ptr::null_mut();
                while ffi::PyDict_Next(ptr, &mut pos, &mut key, &mut value) != 0 {
                    if is_exact(key, &raw mut ffi::PyUnicode_Type) {
                        self.str_key(key)?;
                        self.item(value)?;
                    } else {
                        let value = Bound::from_borrowed_ptr(self.py, value);
                        self.member(&Bound::from_borrowed_ptr(self.py, key), &value)?;
                    }
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
        // SAFETY: GIL held; a str checked first.
        if unsafe { ffi::PyUnicode_Check(key.as_ptr()) } != 0 {
            unsafe { self.string(key.as_ptr(), true)? };
            return self.value(value);
        }
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

/// A `str`'s characters as CPython stores them (PEP 393).
enum StrData<'a> {
    /// All ASCII (so also UTF-8).
    Ascii(&'a str),
    /// One byte per character, some above U+007F.
    Latin1(&'a [u8]),
    /// Two bytes per character (may hold lone surrogates).
    Ucs2(&'a [u16]),
    /// Four bytes per character (may hold lone surrogates).
    Ucs4(&'a [u32]),
}

/// The code units of the `str` (or subclass) at `ptr`.
///
/// # Safety
/// The GIL must be held, `ptr` must point to a `str`, and the `str` must
/// outlive `'a` (strs are immutable, so the units do not change).
#[inline]
unsafe fn str_data<'a>(py: Python<'_>, ptr: *mut ffi::PyObject) -> PyResult<StrData<'a>> {
    // A no-op since 3.12; before, it fills in a legacy string's data.
    if ffi::PyUnicode_READY(ptr) != 0 {
        return Err(PyErr::fetch(py));
    }
    let len = ffi::PyUnicode_GET_LENGTH(ptr) as usize;
    let data = ffi::PyUnicode_DATA(ptr);
    Ok(match ffi::PyUnicode_KIND(ptr) {
        ffi::PyUnicode_1BYTE_KIND => {
            let bytes = std::slice::from_raw_parts(data.cast::<u8>(), len);
            if ffi::PyUnicode_IS_ASCII(ptr) != 0 {
                StrData::Ascii(std::str::from_utf8_unchecked(bytes))
            } else {
                StrData::Latin1(bytes)
            }
        }
        ffi::PyUnicode_2BYTE_KIND => {
            StrData::Ucs2(std::slice::from_raw_parts(data.cast::<u16>(), len))
        }
        _ => StrData::Ucs4(std::slice::from_raw_parts(data.cast::<u32>(), len)),
    })
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
