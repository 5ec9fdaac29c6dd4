//! `brownfield.json.loads`, `dumps` and `dumpb` themselves: the functions
//! a caller of the drop-in module reaches first.
//!
//! A call without keywords (`json.loads(s)`, `json.dumps(obj)`: by far the
//! most common) is served here without running any Python code: a Python
//! wrapper around it would cost about as much per call as parsing or
//! writing a small document. A call with keywords, and the rare paths where
//! the standard library decides the result (input the strict core rejects,
//! `str`s with lone surrogates to write), go to the Python-level
//! implementations in `python/brownfield/json.py`, looked up once.
//!
//! The functions live in a module object named `brownfield.json` (added to
//! the native module as `_api`), so their `__module__`, `__qualname__` and
//! pickling are those of `brownfield.json.loads` and friends; their
//! `__text_signature__` shows the standard library's keywords.

use super::encode::{self, EncodeOptions};
use super::fastcall::{self, Entry, EntryPoint};
use crate::error::is_decode_error;
use brownfield::json::WriteOptions;
use pyo3::call::PyCallArgs;
use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

/// The Python module whose helpers the keyword and fallback paths call.
pub(super) const PYTHON_MODULE: &str = "brownfield.json";

/// `brownfield.json._loads`: `loads` with its keywords.
static LOADS_WITH_KEYWORDS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `brownfield.json._decode_fallback`: the standard decoder's verdict on
/// input the core rejected.
static DECODE_FALLBACK: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `brownfield.json._dumps_full`: `dumps` with its keywords.
static DUMPS_WITH_KEYWORDS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `brownfield.json._dumpb_full`: `dumpb` with its keywords.
static DUMPB_WITH_KEYWORDS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `brownfield.json.loads`.
struct Loads;

impl EntryPoint for Loads {
    const ENTRY: &'static Entry = &Entry {
        name: "loads",
        signature: "(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, \
            parse_constant=None, object_pairs_hook=None, **kw)",
        doc: "Deserialize ``s`` (a ``str``, ``bytes``, ``bytearray`` or ``memoryview`` \
            holding a JSON document) to a Python object, exactly like ``json.loads(s, **kw)``.",
        body: loads,
        full: ("_loads", &LOADS_WITH_KEYWORDS),
    };
}

/// `brownfield.json.dumps`.
struct Dumps;

impl EntryPoint for Dumps {
    const ENTRY: &'static Entry = &Entry {
        name: "dumps",
        signature: DUMPS_SIGNATURE,
        doc: "Serialize ``obj`` to a JSON ``str``, exactly like ``json.dumps(obj, **kw)``; \
            ``extended=True`` also writes datetime/date/time, UUID, Decimal, Enum members \
            and dataclasses.",
        body: dumps,
        full: ("_dumps_full", &DUMPS_WITH_KEYWORDS),
    };
}

/// `brownfield.json.dumpb`.
struct Dumpb;

impl EntryPoint for Dumpb {
    const ENTRY: &'static Entry = &Entry {
        name: "dumpb",
        signature: DUMPS_SIGNATURE,
        doc: "Like ``dumps`` (same keywords), but return the UTF-8 encoded ``bytes``.",
        body: dumpb,
        full: ("_dumpb_full", &DUMPB_WITH_KEYWORDS),
    };
}

/// The keywords of `json.dumps`, and `extended`.
const DUMPS_SIGNATURE: &str = "(obj, *, skipkeys=False, ensure_ascii=True, \
    check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, \
    default=None, sort_keys=False, extended=False, **kw)";

/// The module object holding [`loads`], [`dumps`] and [`dumpb`] (as
/// vectorcall builtins, see [`fastcall`](super::fastcall)), to add to the
/// native module.
pub(crate) fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let m = PyModule::new(py, PYTHON_MODULE)?;
    fastcall::add::<Loads>(&m)?;
    fastcall::add::<Dumps>(&m)?;
    fastcall::add::<Dumpb>(&m)?;
    Ok(m)
}

/// Calls the Python-level `name` of [`PYTHON_MODULE`] (cached in `cell`)
/// with `args` and the caller's keywords.
fn call_python<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<Py<PyAny>>,
    name: &str,
    args: impl PyCallArgs<'py>,
    kw: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    cell.import(py, PYTHON_MODULE, name)?.call(args, kw)
}

/// `loads(s)` without keywords: deserialize `s` (a `str`, `bytes`,
/// `bytearray` or `memoryview` holding a JSON document) to a Python object,
/// exactly like `json.loads(s)` (calls with keywords go to `_loads`, which
/// takes `cls`, `object_hook`, `parse_float`, `parse_int`,
/// `parse_constant`, `object_pairs_hook` and the decoder's `strict`).
/// `bytes` may be UTF-8 (with or without a BOM), UTF-16 or UTF-32, as
/// `json` detects them. Raises `JSONDecodeError` for invalid input,
/// `DecodeNestingError` for nesting deeper than 1024.
fn loads<'py>(py: Python<'py>, s: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    match super::loads(py, s, None, None) {
        Err(err) if is_decode_error(py, &err)? => {
            let no_hooks = PyDict::new(py);
            let args = (s, err.into_value(py), no_hooks);
            call_python(py, &DECODE_FALLBACK, "_decode_fallback", args, None)
        }
        result => result,
    }
}

/// What `json.dumps(obj)` writes: the standard library's defaults.
fn default_options<'py>() -> EncodeOptions<'py> {
    EncodeOptions {
        skipkeys: false,
        check_circular: true,
        default: None,
        extended: false,
        write: WriteOptions::python(),
    }
}

/// `dumps(obj)` without keywords: serialize `obj` to a JSON `str`, exactly
/// like `json.dumps(obj)` (calls with keywords go to `_dumps_full`:
/// `skipkeys`, `ensure_ascii`, `check_circular`, `allow_nan`, `cls`,
/// `indent`, `separators`, `default`, `sort_keys`, and brownfield's
/// `extended=True`). Raises `TypeError`/`ValueError` as `json` does, and
/// `NestingError` (a `RecursionError`) beyond 1024 levels.
fn dumps<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    serialize(py, obj, encode::dumps, &DUMPS_WITH_KEYWORDS, "_dumps_full")
}

/// The body of [`dumps`] and [`dumpb`]: `encode` (the native writer), or
/// the Python-level `full` (cached in `cell`) for a `str` with lone
/// surrogates.
fn serialize<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    encode: fn(Python<'py>, &Bound<'py, PyAny>, EncodeOptions<'py>) -> PyResult<Bound<'py, PyAny>>,
    cell: &PyOnceLock<Py<PyAny>>,
    full: &str,
) -> PyResult<Bound<'py, PyAny>> {
    match encode(py, obj, default_options()) {
        // A `str` with lone surrogates (no UTF-8 form): the standard
        // encoder escapes them.
        Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(py) => {
            call_python(py, cell, full, (obj,), None)
        }
        result => result,
    }
}

/// `dumpb(obj)` without keywords: like [`dumps`], but the UTF-8 encoded
/// `bytes` (built without an intermediate `str`), for writing to sockets
/// and files (with keywords: `_dumpb_full`).
fn dumpb<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    serialize(py, obj, encode::dumpb, &DUMPB_WITH_KEYWORDS, "_dumpb_full")
}
