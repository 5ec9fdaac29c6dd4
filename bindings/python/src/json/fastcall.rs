//! `loads`, `dumps` and `dumpb` as builtins with CPython's vectorcall
//! convention (`METH_FASTCALL | METH_KEYWORDS`).
//!
//! pyo3 gives a function that takes `**kwargs` the older convention
//! (`METH_VARARGS | METH_KEYWORDS`): every call then builds a tuple of its
//! arguments, which on a small document costs about a tenth of the call.
//! These entry points take the caller's arguments as CPython passes them:
//! a call with one positional argument and no keywords (by far the most
//! common) goes straight to the native body; any other call is handed on,
//! arguments untouched, to the Python-level function with the standard
//! library's full signature, which also raises the usual `TypeError` for
//! missing or unexpected arguments.

use pyo3::ffi;
// pyo3's own trampoline for `METH_FASTCALL | METH_KEYWORDS` functions, the
// one its generated code uses (not documented API; pinned with pyo3).
use pyo3::impl_::trampoline::{fastcall_cfunction_with_keywords, MethodDef};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyModule, PyString};
use std::ffi::{c_char, CString};
use std::marker::PhantomData;

/// The native body of an entry point: its one positional argument in, the
/// result out.
type Body = for<'py> fn(Python<'py>, &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>>;

/// One entry point.
pub(super) struct Entry {
    /// The function's name (`__name__`, `__qualname__`).
    pub name: &'static str,
    /// Its `__text_signature__` (the part after the name).
    pub signature: &'static str,
    /// Its docstring.
    pub doc: &'static str,
    /// What a call with one positional argument and no keywords runs.
    pub body: Body,
    /// The Python-level function (in [`super::api::PYTHON_MODULE`]) every
    /// other call goes to, and where it is cached once looked up.
    pub full: (&'static str, &'static PyOnceLock<Py<PyAny>>),
}

/// A type that names one [`Entry`] (so that each entry point gets its own
/// instance of the trampoline).
pub(super) trait EntryPoint: 'static {
    /// The entry point.
    const ENTRY: &'static Entry;
}

/// Adds the entry point `P` to `module` (whose name becomes its
/// `__module__`).
pub(super) fn add<P: EntryPoint>(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let entry = P::ENTRY;
    // CPython keeps pointers to the definition and its strings for the
    // function's lifetime, which is the interpreter's: leaked on purpose
    // (three small definitions per process).
    let name = leak(entry.name)?;
    let doc = leak(&format!(
        "{}{}\n--\n\n{}",
        entry.name, entry.signature, entry.doc
    ))?;
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: name,
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: fastcall_cfunction_with_keywords::<Call<P>>,
        },
        ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
        ml_doc: doc,
    }));
    let py = module.py();
    let module_name = module.name()?;
    // SAFETY: `def` lives forever; a NULL result is turned into the error.
    let function = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyCFunction_NewEx(def, std::ptr::null_mut(), module_name.as_ptr()),
        )?
    };
    module.add(PyString::new(py, entry.name), function)
}

/// `text` as a C string that lives forever.
fn leak(text: &str) -> PyResult<*const c_char> {
    let c = CString::new(text)
        .map_err(|e| PyErr::new::<pyo3::exceptions::PyValueError, _>(e.to_string()))?;
    Ok(Box::leak(c.into_boxed_c_str()).as_ptr())
}

/// Entry point `P`'s call, for pyo3's trampoline (which attaches pyo3's
/// view of the interpreter, turns a panic into `PanicException` and an
/// `Err` into the raised exception).
struct Call<P>(PhantomData<P>);

impl<P: EntryPoint> MethodDef<fastcall_cfunction_with_keywords::Func> for Call<P> {
    const METH: fastcall_cfunction_with_keywords::Func = call::<P>;
}

/// Entry point `P`'s call: its body for one positional argument and no
/// keywords, the Python-level function with the same arguments otherwise.
///
/// # Safety
/// Called by CPython only (through the trampoline), with `args` holding
/// `nargsf`'s count of positional arguments followed by one per name in
/// `kwnames`.
unsafe fn call<P: EntryPoint>(
    py: Python<'_>,
    _module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> PyResult<*mut ffi::PyObject> {
    let entry = P::ENTRY;
    // SAFETY (whole block): `args` and `kwnames` are as CPython passes them.
    unsafe {
        let nargs = ffi::PyVectorcall_NARGS(nargsf as usize);
        let no_keywords = kwnames.is_null() || ffi::PyTuple_GET_SIZE(kwnames) == 0;
        if nargs == 1 && no_keywords {
            let arg = Bound::from_borrowed_ptr(py, *args);
            return (entry.body)(py, &arg).map(Bound::into_ptr);
        }
        let (name, cell) = entry.full;
        let full = cell.import(py, super::api::PYTHON_MODULE, name)?;
        let result = ffi::PyObject_Vectorcall(full.as_ptr(), args, nargsf as usize, kwnames);
        Bound::from_owned_ptr_or_err(py, result).map(Bound::into_ptr)
    }
}
