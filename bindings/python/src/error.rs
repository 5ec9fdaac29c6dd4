//! Core errors as Python exceptions.
//!
//! Decode errors become `brownfield.json.JSONDecodeError` (defined in
//! `python/brownfield/json.py` as a subclass of the standard library's
//! `json.JSONDecodeError`), constructed like the standard one with
//! `(msg, doc, pos)` plus the core's `kind` name and `byte_offset` (nesting
//! too deep: `DecodeNestingError`, also a `RecursionError`). Every
//! other core error becomes a `ValueError`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

/// `brownfield.json.JSONDecodeError`, imported on first use (the Python
/// module imports this native module, so it cannot be imported at init).
static DECODE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `brownfield.json.DecodeNestingError`: a `JSONDecodeError` that is also a
/// `RecursionError`, which is what `json.loads` raises for deep nesting.
static DECODE_NESTING_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Whether `err` is a `brownfield.json.JSONDecodeError` (the error the
/// core's decode errors become), importing the class on first use.
pub(crate) fn is_decode_error(py: Python<'_>, err: &PyErr) -> PyResult<bool> {
    let class = DECODE_ERROR.import(py, "brownfield.json", "JSONDecodeError")?;
    Ok(err.is_instance(py, class))
}

/// The text a decode error is about, as the caller passed it.
pub(crate) enum Source<'a, 'py> {
    /// A `str`; `utf8` is its UTF-8 encoding, the bytes the core parsed
    /// (surrogates encoded with `surrogatepass` if it has any).
    Str {
        /// The caller's string, used as the error's `doc`.
        text: &'a Bound<'py, PyString>,
        /// The bytes the core parsed.
        utf8: &'a [u8],
    },
    /// Bytes the caller passed (`bytes`, `bytearray`, `memoryview`).
    Bytes(&'a [u8]),
}

/// Converts a core error from parsing `source` into a Python exception.
pub(crate) fn decode_error(
    py: Python<'_>,
    err: &brownfield::Error,
    source: Source<'_, '_>,
) -> PyErr {
    if !err.kind().is_decode_error() {
        return PyValueError::new_err(err.to_string());
    }
    match build_decode_error(py, err, source) {
        Ok(e) => e,
        // Importing or constructing the exception failed: report that.
        Err(e) => e,
    }
}

fn build_decode_error(
    py: Python<'_>,
    err: &brownfield::Error,
    source: Source<'_, '_>,
) -> PyResult<PyErr> {
    let offset = err.offset();
    // `pos` is a character index into `doc`, as in the standard library.
    let (doc, pos) = match source {
        Source::Str { text, utf8 } => {
            let before = &utf8[..offset.min(utf8.len())];
            // Count characters: every byte that is not a UTF-8 continuation byte.
            let pos = before.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
            (text.clone().into_any(), pos)
        }
        Source::Bytes(bytes) => {
            let before = &bytes[..offset.min(bytes.len())];
            let pos = String::from_utf8_lossy(before).chars().count();
            let doc = PyString::new(py, &String::from_utf8_lossy(bytes));
            (doc.into_any(), pos)
        }
    };
    let class = if err.kind() == brownfield::ErrorKind::NestingTooDeep {
        DECODE_NESTING_ERROR.import(py, "brownfield.json", "DecodeNestingError")?
    } else {
        DECODE_ERROR.import(py, "brownfield.json", "JSONDecodeError")?
    };
    let exc = class.call1((err.message(), doc, pos, err.kind().name(), offset))?;
    Ok(PyErr::from_value(exc))
}
