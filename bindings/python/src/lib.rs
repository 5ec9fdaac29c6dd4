//! Python binding of brownfield: the native module `brownfield._brownfield`.
//!
//! A thin translation layer, mirroring the core's modules:
//! - [`json`]: `loads` builds Python objects while the core parses (the
//!   binding is a [`brownfield::json::Sink`] of the precise parser); `dumps`
//!   walks Python objects and drives the core's
//!   [`brownfield::json::Writer`].
//! - [`logs`]: `query` runs a core log query over a path, buffer, file
//!   object or iterable, GIL released, interruptible with Ctrl-C.
//! - [`error`]: core [`brownfield::Error`]s become Python exceptions
//!   (`brownfield.json.JSONDecodeError`, a `json.JSONDecodeError`).
//!
//! The Python package (`python/brownfield`) re-exports these functions with
//! their stubs; see the binding's README.

use pyo3::prelude::*;

mod error;
mod gil;
mod json;
mod logs;

/// The native part of brownfield; import `brownfield.json` instead.
///
/// `gil_used = true`: the walkers read lists and dicts through borrowed
/// references (`PyList_GET_ITEM`, `PyDict_Next`), which is only sound when
/// the GIL serialises access; a free-threaded interpreter keeps its GIL on
/// for this module.
#[pymodule(gil_used = true)]
fn _brownfield(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(json::loads, m)?)?;
    m.add_function(wrap_pyfunction!(json::dumps, m)?)?;
    m.add_function(wrap_pyfunction!(json::dumpb, m)?)?;
    m.add_function(wrap_pyfunction!(json::loads_lines, m)?)?;
    m.add_function(wrap_pyfunction!(logs::query, m)?)?;
    m.add("_api", json::api::module(m.py())?)?;
    Ok(())
}
