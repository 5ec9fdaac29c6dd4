//! `brownfield.json.loads` and `brownfield.json.dumps`: drop-in replacements
//! for the standard library's `json.loads(s)` and `json.dumps(obj)`.

mod decode;
mod encode;
mod strings;

use crate::error::{decode_error, Source};
use brownfield::json::{self, ParseOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

/// Inputs at least this large are parsed with the GIL released, so other
/// Python threads run meanwhile; below it, releasing costs more than it gives.
const RELEASE_GIL_THRESHOLD: usize = 64 * 1024;

/// Parses the JSON document in `bytes` with the core.
fn parse(py: Python<'_>, bytes: &[u8]) -> brownfield::Result<json::Document> {
    let opts = ParseOptions::default();
    if bytes.len() >= RELEASE_GIL_THRESHOLD {
        py.detach(|| json::parse(bytes, &opts))
    } else {
        json::parse(bytes, &opts)
    }
}

/// Parses a JSON document (str, bytes, bytearray or memoryview of UTF-8)
/// into Python objects, like `json.loads(s)`.
///
/// Raises `brownfield.json.JSONDecodeError` (a `json.JSONDecodeError`) on
/// invalid input, `TypeError` for other argument types.
#[pyfunction]
#[pyo3(signature = (s))]
pub fn loads<'py>(py: Python<'py>, s: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(text) = s.cast::<PyString>() {
        return loads_str(py, text);
    }
    if let Ok(bytes) = s.cast::<PyBytes>() {
        return loads_bytes(py, bytes.as_bytes());
    }
    if s.is_instance_of::<PyByteArray>() || s.is_instance_of::<PyMemoryView>() {
        // Copy: another thread could change a mutable buffer while the core
        // reads it with the GIL released.
        let copy = py
            .get_type::<PyBytes>()
            .call1((s,))?
            .cast_into::<PyBytes>()?;
        return loads_bytes(py, copy.as_bytes());
    }
    Err(PyTypeError::new_err(format!(
        "the JSON object must be str, bytes, bytearray or memoryview, not {}",
        s.get_type().name()?
    )))
}

fn loads_bytes<'py>(py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    match parse(py, bytes) {
        Ok(doc) => decode::build(py, &doc),
        Err(e) => Err(decode_error(py, &e, Source::Bytes(bytes))),
    }
}

fn loads_str<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    match text.to_str() {
        // Borrowed from the str object (zero-copy for ASCII strings).
        Ok(utf8) => match parse(py, utf8.as_bytes()) {
            Ok(doc) => decode::build(py, &doc),
            Err(e) => Err(decode_error(
                py,
                &e,
                Source::Str {
                    text,
                    utf8: utf8.as_bytes(),
                },
            )),
        },
        // Lone surrogates have no UTF-8 form. Encode them anyway so the core
        // reports exactly where the document stops being valid JSON text.
        Err(unencodable) => {
            let raw = text
                .call_method1("encode", ("utf-8", "surrogatepass"))?
                .cast_into::<PyBytes>()?;
            let raw = raw.as_bytes();
            match parse(py, raw) {
                Err(e) => Err(decode_error(py, &e, Source::Str { text, utf8: raw })),
                Ok(_) => Err(unencodable),
            }
        }
    }
}

/// Serializes `obj` to a JSON string, exactly like `json.dumps(obj)` with
/// default arguments.
///
/// Raises `TypeError` for values (or dict keys) JSON cannot represent and
/// `ValueError` for circular references or nesting deeper than 1024.
#[pyfunction]
#[pyo3(signature = (obj))]
pub fn dumps<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    encode::dumps(py, obj)
}
