//! The native half of `brownfield.logs`: runs a core log query
//! ([`brownfield::logs`]) over a path, a buffer, a file object or an
//! iterable of lines, with the GIL released and Ctrl-C honoured.
//!
//! The query runs on its own thread; the calling thread waits for it with
//! the GIL released and wakes every 50 ms to run Python's signal handlers
//! (`py.check_signals()`). When a handler raises (`KeyboardInterrupt`), the
//! query's cancel flag is set, the thread is joined, and the exception
//! propagates. Python inputs (file objects, iterators) are read by the
//! query's reader, which takes the GIL only for each `read`/`next` call.

use brownfield::logs::{self, BadLines, Format, Input, QueryResult, QuerySpec, RunOptions, Value};
use brownfield::ErrorKind;
use pyo3::exceptions::{PyKeyboardInterrupt, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyType};
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often the waiting thread checks for signals.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Bytes asked of a file object per `read` call.
const READ_SIZE: usize = 1 << 20;

/// `brownfield.logs.BadRecordError`, imported on first use.
static BAD_RECORD: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A Python exception raised while the query's reader pulled input; it is
/// re-raised as is once the query has stopped.
type Pending = Arc<Mutex<Option<PyErr>>>;

/// Reads a Python file object (`read(n)`) or iterable of lines (`next`),
/// taking the GIL for each call.
struct PyReader {
    source: Py<PyAny>,
    /// `read(n)` on a file object, else `next()` on an iterator of lines.
    file: bool,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
    pending: Pending,
}

impl PyReader {
    /// Pulls the next pieces of input into `buf` (about [`READ_SIZE`]
    /// bytes, many lines per GIL acquisition); `false` at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.buf.clear();
        self.pos = 0;
        let pending = self.pending.clone();
        let fail = move |e: PyErr| {
            *pending.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
            io::Error::other("reading the Python input failed")
        };
        Python::attach(|py| {
            let src = self.source.bind(py);
            while self.buf.len() < READ_SIZE {
                let item = if self.file {
                    src.call_method1("read", (READ_SIZE,))
                } else {
                    match src.call_method0("__next__") {
                        Err(e) if e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => {
                            self.done = true;
                            break;
                        }
                        other => other,
                    }
                };
                let item = item.map_err(&fail)?;
                let before = self.buf.len();
                append(&mut self.buf, &item).map_err(&fail)?;
                if self.file {
                    // An empty read is the end of the file.
                    if self.buf.len() == before {
                        self.done = true;
                        break;
                    }
                } else if self.buf.last() != Some(&b'\n') {
                    // An iterable yields lines: end each one.
                    self.buf.push(b'\n');
                }
            }
            Ok(!self.buf.is_empty())
        })
    }
}

/// Appends the bytes of a `str` (UTF-8) or bytes-like `item` to `buf`.
fn append(buf: &mut Vec<u8>, item: &Bound<'_, PyAny>) -> PyResult<()> {
    if let Ok(s) = item.cast::<PyString>() {
        buf.extend_from_slice(s.to_str()?.as_bytes());
    } else if let Ok(b) = item.cast::<PyBytes>() {
        buf.extend_from_slice(b.as_bytes());
    } else if item.is_instance_of::<PyByteArray>() || item.is_instance_of::<PyMemoryView>() {
        let b = item.py().get_type::<PyBytes>().call1((item,))?;
        buf.extend_from_slice(b.cast::<PyBytes>()?.as_bytes());
    } else {
        return Err(PyTypeError::new_err(format!(
            "log input items must be str or bytes, not {}",
            item.get_type().name()?
        )));
    }
    Ok(())
}

impl Read for PyReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.buf.len() && (self.done || !self.refill()?) {
            return Ok(0);
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The core input for a Python `source`.
fn input(source: &Bound<'_, PyAny>, pending: &Pending) -> PyResult<Input> {
    let py = source.py();
    if let Ok(b) = source.cast::<PyBytes>() {
        return Ok(Input::Bytes(Arc::from(b.as_bytes())));
    }
    if source.is_instance_of::<PyByteArray>() || source.is_instance_of::<PyMemoryView>() {
        let b = py.get_type::<PyBytes>().call1((source,))?;
        return Ok(Input::Bytes(Arc::from(b.cast::<PyBytes>()?.as_bytes())));
    }
    if source.is_instance_of::<PyString>() || source.hasattr("__fspath__")? {
        let path: PathBuf = source.extract()?;
        // Open errors as the matching OSError subclass (FileNotFoundError,
        // PermissionError, ...), with the path, as `open()` raises them.
        if let Err(e) = std::fs::File::open(&path) {
            let errno = e.raw_os_error().unwrap_or(0);
            return Err(PyOSError::new_err((errno, e.to_string(), path)));
        }
        return Ok(Input::Path(path));
    }
    let file = source.hasattr("read")?;
    let obj = if file {
        source.clone()
    } else {
        source.try_iter()?.into_any()
    };
    Ok(Input::Reader(Box::new(PyReader {
        source: obj.unbind(),
        file,
        buf: Vec::new(),
        pos: 0,
        done: false,
        pending: pending.clone(),
    })))
}

/// A core error as the matching Python exception.
fn query_error(py: Python<'_>, e: brownfield::Error) -> PyErr {
    match e.kind() {
        ErrorKind::BadRecord => {
            let class = match BAD_RECORD.import(py, "brownfield.logs", "BadRecordError") {
                Ok(c) => c,
                Err(err) => return err,
            };
            let line = e.position().map(|p| p.line);
            let offset = e.position().map(|p| p.offset);
            match class.call1((e.to_string(), line, offset)) {
                Ok(exc) => PyErr::from_value(exc),
                Err(err) => err,
            }
        }
        ErrorKind::Io => PyOSError::new_err(e.message().to_string()),
        ErrorKind::Interrupted => PyKeyboardInterrupt::new_err(e.message().to_string()),
        _ => PyValueError::new_err(e.message().to_string()),
    }
}

/// A result cell as a Python value.
fn cell<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Str(s) => PyString::new(py, s).into_any(),
        Value::List(items) => {
            let cells = items
                .iter()
                .map(|x| cell(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, cells)?.into_any()
        }
    })
}

/// The query result as a dict: `columns`, `rows` (lists of cells),
/// `lines_read`, `lines_matched`, `lines_skipped`, `bad_examples` (dicts
/// with `line`, `offset`, `message`).
fn result_dict<'py>(py: Python<'py>, r: &QueryResult) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("columns", PyList::new(py, &r.columns)?)?;
    let rows = PyList::empty(py);
    for row in &r.rows {
        let cells = row
            .iter()
            .map(|v| cell(py, v))
            .collect::<PyResult<Vec<_>>>()?;
        rows.append(PyList::new(py, cells)?)?;
    }
    d.set_item("rows", rows)?;
    d.set_item("lines_read", r.lines_read)?;
    d.set_item("lines_matched", r.lines_matched)?;
    d.set_item("lines_skipped", r.lines_skipped)?;
    let bad = PyList::empty(py);
    for b in &r.bad_examples {
        let e = PyDict::new(py);
        e.set_item("line", b.line)?;
        e.set_item("offset", b.offset)?;
        e.set_item("message", &b.message)?;
        bad.append(e)?;
    }
    d.set_item("bad_examples", bad)?;
    Ok(d)
}

/// Runs a log query; see `brownfield.logs.query` for the arguments.
///
/// Returns a dict (see `result_dict`); raises `ValueError` for a bad
/// query, `brownfield.logs.BadRecordError` for a bad line (strict mode),
/// `OSError` for I/O errors, `KeyboardInterrupt` when interrupted, or the
/// exception a Python input raised.
#[pyfunction]
#[pyo3(signature = (source, format, filter, group_by, aggregates, order_by, limit,
    skip_bad_lines, threads))]
#[allow(clippy::too_many_arguments)]
pub fn query<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    format: &str,
    filter: Option<String>,
    group_by: Vec<String>,
    aggregates: Vec<String>,
    order_by: Vec<String>,
    limit: Option<usize>,
    skip_bad_lines: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let format: Format = format.parse().map_err(PyValueError::new_err)?;
    let spec = QuerySpec {
        filter,
        group_by,
        aggregates,
        order_by,
        limit,
    };
    // Compile first, so a bad query fails before any input is read.
    let compiled = logs::Query::new(&spec, &format).map_err(|e| query_error(py, e))?;
    let pending: Pending = Arc::default();
    let input = input(source, &pending)?;
    let cancel = Arc::new(AtomicBool::new(false));
    let opts = RunOptions {
        threads,
        bad_lines: BadLines::skip_if(skip_bad_lines),
        cancel: Some(cancel.clone()),
        ..RunOptions::default()
    };
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let r =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compiled.run(input, &opts)));
        // The receiver only goes away after joining this thread.
        let _ = tx.send(());
        r
    });
    // `detach` needs a `Sync` closure.
    let rx = Mutex::new(rx);
    let mut interrupt = None;
    loop {
        let done = py.detach(|| {
            rx.lock()
                .unwrap_or_else(|p| p.into_inner())
                .recv_timeout(SIGNAL_POLL)
        });
        if !matches!(done, Err(mpsc::RecvTimeoutError::Timeout)) {
            break;
        }
        if let Err(e) = py.check_signals() {
            cancel.store(true, Ordering::Relaxed);
            interrupt = Some(e);
            break;
        }
    }
    let outcome = py.detach(|| worker.join());
    if let Some(e) = interrupt {
        return Err(e);
    }
    if let Some(e) = pending.lock().unwrap_or_else(|p| p.into_inner()).take() {
        return Err(e);
    }
    match outcome {
        Ok(Ok(Ok(result))) => result_dict(py, &result),
        Ok(Ok(Err(e))) => Err(query_error(py, e)),
        _ => Err(pyo3::panic::PanicException::new_err(
            "internal error in the log engine (please report it)",
        )),
    }
}
