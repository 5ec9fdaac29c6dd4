//! The native half of `brownfield.json`: strict `loads`, `dumps`, `dumpb`
//! and `loads_lines` (`_brownfield.*`). The Python module
//! (`python/brownfield/json.py`) builds the standard library's keywords
//! (`cls`, hooks, `separators`, ...) on them and falls back to the standard
//! library where the core is stricter; `api` holds the public
//! `brownfield.json.loads`/`dumps`/`dumpb`, which serve calls without
//! keywords natively and hand the others to that Python code.
//!
//! `loads` builds its Python objects in the same pass that parses
//! (`objects.rs`, a sink of the core's precise parser); with object hooks,
//! for inputs of 4 MiB and more, and in `loads_lines`, the core first
//! parses to a tape that `decode.rs` walks.

pub(crate) mod api;
mod decode;
mod encode;
mod fastcall;
mod keys;
mod objects;
mod strings;

use crate::error::{decode_error, Source};
use crate::gil::GilTurns;
use brownfield::json::{self, ParseOptions, WriteOptions};
use decode::Hooks;
use encode::EncodeOptions;
use objects::{LoadError, ObjectSink};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMemoryView, PyString};
use std::borrow::Cow;
use std::cell::RefCell;

/// Inputs at least this large are parsed with the GIL released, so other
/// Python threads run meanwhile; below it, releasing costs more than it gives.
const RELEASE_GIL_THRESHOLD: usize = 64 * 1024;

/// `loads` of documents at least this large parses to a tape with the GIL
/// released, then builds the objects, so other Python threads run during
/// the parse. Smaller ones are built in one pass while parsing, which is
/// about a third faster but holds the GIL throughout (as `json.loads` and
/// orjson do): up to about 10 ms at this size.
const ONE_PASS_UP_TO: usize = 4 << 20;

/// Parses the JSON document in `bytes` with the core.
fn parse(py: Python<'_>, bytes: &[u8]) -> brownfield::Result<json::Document> {
    let opts = ParseOptions::default();
    if bytes.len() >= RELEASE_GIL_THRESHOLD {
        py.detach(|| json::parse(bytes, &opts))
    } else {
        json::parse(bytes, &opts)
    }
}

/// The Python value of the JSON document in `bytes`: built in one pass by
/// the parser (see [`ObjectSink`]) unless there are hooks to call (they
/// must only see a valid document's objects) or the input is large.
/// `utf8` is `bytes` as text when that is known already (the UTF-8 of a
/// `str`), so it is not checked again.
fn load<'py>(
    py: Python<'py>,
    bytes: &[u8],
    utf8: Option<&str>,
    hooks: &Hooks<'py>,
) -> Result<Bound<'py, PyAny>, LoadError> {
    if hooks.is_empty() && bytes.len() < ONE_PASS_UP_TO {
        let text = match utf8 {
            Some(text) => text,
            None => json::utf8(bytes)?,
        };
        return one_pass(py, text);
    }
    let doc = parse(py, bytes)?;
    decode::build(py, &doc, hooks).map_err(LoadError::Python)
}

thread_local! {
    /// The parser's buffers, kept from one `loads` to the next on this
    /// thread (small documents would otherwise allocate them per call).
    static PARSE_BUFFERS: RefCell<json::ParseBuffers<usize>> =
        RefCell::new(json::ParseBuffers::default());
}

/// `text` parsed and built into Python objects in one pass, with this
/// thread's kept parser buffers (fresh ones when a `loads` inside this one,
/// run by a finalizer the building triggered, finds them in use).
fn one_pass<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, LoadError> {
    let opts = ParseOptions::default();
    PARSE_BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut kept) => json::parse_str_into(text, &opts, ObjectSink::new(py), &mut kept),
        Err(_) => {
            let mut fresh = json::ParseBuffers::default();
            json::parse_str_into(text, &opts, ObjectSink::new(py), &mut fresh)
        }
    })
}

/// The bytes of a bytes-like `loads` argument, copied when the buffer is
/// mutable (another thread could change it while the core reads it with
/// the GIL released); `None` for other types.
fn bytes_arg<'py>(s: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyBytes>>> {
    if let Ok(bytes) = s.cast::<PyBytes>() {
        return Ok(Some(bytes.clone()));
    }
    if s.is_instance_of::<PyByteArray>() || s.is_instance_of::<PyMemoryView>() {
        let copy = s.py().get_type::<PyBytes>().call1((s,))?;
        return Ok(Some(copy.cast_into::<PyBytes>()?));
    }
    Ok(None)
}

/// The `TypeError` `json.loads` raises for an argument of another type.
fn type_error(s: &Bound<'_, PyAny>) -> PyErr {
    match s.get_type().name() {
        Ok(name) => PyTypeError::new_err(format!(
            "the JSON object must be str, bytes or bytearray, not {name}"
        )),
        Err(e) => e,
    }
}

/// Parses a JSON document (str, or bytes, bytearray or memoryview of
/// UTF-8) strictly as the core does (RFC 8259) into Python objects, like `json.loads(s)`
/// with the given object hooks.
///
/// Raises `brownfield.json.JSONDecodeError` (a `json.JSONDecodeError`) with
/// the core's message on invalid input; the Python wrapper replaces it with
/// the standard library's. `TypeError` for other argument types.
#[pyfunction]
#[pyo3(signature = (s, object_hook=None, object_pairs_hook=None))]
pub fn loads<'py>(
    py: Python<'py>,
    s: &Bound<'py, PyAny>,
    object_hook: Option<Bound<'py, PyAny>>,
    object_pairs_hook: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let hooks = Hooks {
        object_hook,
        object_pairs_hook,
    };
    if let Ok(text) = s.cast::<PyString>() {
        return loads_str(py, text, &hooks);
    }
    match bytes_arg(s)? {
        Some(bytes) => {
            let raw = bytes.as_bytes();
            match load(py, raw, None, &hooks) {
                Ok(value) => Ok(value),
                Err(LoadError::Python(e)) => Err(e),
                Err(LoadError::Parse(e)) => Err(decode_error(py, &e, Source::Bytes(raw))),
            }
        }
        None => Err(type_error(s)),
    }
}

fn loads_str<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    hooks: &Hooks<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    match text.to_str() {
        // Borrowed from the str object (zero-copy for ASCII strings).
        Ok(utf8) => match load(py, utf8.as_bytes(), Some(utf8), hooks) {
            Ok(value) => Ok(value),
            Err(LoadError::Python(e)) => Err(e),
            Err(LoadError::Parse(e)) => Err(decode_error(
                py,
                &e,
                Source::Str {
                    text,
                    utf8: utf8.as_bytes(),
                },
            )),
        },
        // Lone surrogates have no UTF-8 form. Encode them anyway so the core
        // reports where the document stops being valid JSON text.
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

/// Inputs from this size on are parsed by rayon's workers while this
/// thread builds the values; smaller ones in one pass per line here (the
/// workers' start-up and hand-over cost more than they save).
const PIPELINE_FROM: usize = 1 << 20;

/// Parses every non-blank line of `data` (str or bytes-like, UTF-8) as one
/// JSON document and returns the list of their Python values in line order.
/// From [`PIPELINE_FROM`] bytes on, rayon's workers parse the lines while
/// this thread builds the values (which needs the GIL; it is let go
/// between batches of lines so other Python threads run): the parse
/// overlaps the building instead of adding to it.
///
/// A bad line raises `brownfield.json.JSONDecodeError` for the first bad
/// line, with `doc` the whole input and `pos`/`lineno`/`colno` pointing
/// into it.
#[pyfunction]
pub fn loads_lines<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let owned;
    let (raw, text, known): (&[u8], Option<&Bound<'py, PyString>>, Option<&str>) =
        if let Ok(s) = data.cast::<PyString>() {
            let utf8 = s.to_str()?;
            (utf8.as_bytes(), Some(s), Some(utf8))
        } else {
            owned = bytes_arg(data)?.ok_or_else(|| type_error(data))?;
            (owned.as_bytes(), None, None)
        };
    let opts = ParseOptions::default();
    // A line's error, re-anchored in the whole input.
    let in_input = |e: brownfield::Error, offset: usize| {
        LoadError::Parse(brownfield::Error::at(
            e.kind(),
            e.message(),
            raw,
            offset + e.offset(),
        ))
    };
    let mut values = Vec::new();
    let built = if raw.len() < PIPELINE_FROM {
        // UTF-8 checked once for the whole input (a `str`'s is by
        // construction); if it is not, each line is checked as it is
        // parsed, which finds the first bad line.
        let whole = known.or_else(|| json::utf8(raw).ok());
        json::non_blank_lines(raw).try_for_each(|(_, offset, line)| {
            let parsed = match whole.and_then(|w| w.get(offset..offset + line.len())) {
                Some(line) => one_pass(py, line),
                None => json::parse_into(line, &opts, ObjectSink::new(py)),
            };
            match parsed {
                Ok(value) => {
                    values.push(value);
                    Ok(())
                }
                Err(LoadError::Parse(e)) => Err(in_input(e, offset)),
                Err(e) => Err(e),
            }
        })
    } else {
        let hooks = Hooks::default();
        let mut builder = decode::Builder::new(py, &hooks);
        let mut turns = GilTurns::new(py);
        json::for_each_line(
            raw,
            &opts,
            |line| match &line.result {
                Ok(doc) => {
                    values.push(builder.build(doc).map_err(LoadError::Python)?);
                    Ok(())
                }
                Err(e) => Err(in_input(e.clone(), line.offset)),
            },
            // Other Python threads get turns between batches.
            |next| turns.before(py, next),
        )
    };
    match built {
        Ok(()) => PyList::new(py, values),
        Err(LoadError::Python(e)) => Err(e),
        Err(LoadError::Parse(e)) => {
            let source = match text {
                Some(text) => Source::Str { text, utf8: raw },
                None => Source::Bytes(raw),
            };
            Err(decode_error(py, &e, source))
        }
    }
}

/// Builds the core writer options from `json.dumps`'s keywords (already
/// normalised by the Python wrapper: `indent` as a string, separators
/// split). The strings are borrowed from the caller's `str`s and copied
/// only when they differ from the defaults, which are kept as they are
/// (the wrapper passes both separators on every call, mostly the defaults).
#[allow(clippy::too_many_arguments)]
fn encode_options<'py>(
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    indent: Option<&str>,
    item_separator: Option<&str>,
    key_separator: Option<&str>,
    default: Option<Bound<'py, PyAny>>,
    sort_keys: bool,
    extended: bool,
) -> EncodeOptions<'py> {
    let base = WriteOptions::python();
    let or_default = |given: Option<&str>, default: Cow<'static, str>| match given {
        Some(text) if text != default => text.to_owned().into(),
        _ => default,
    };
    EncodeOptions {
        skipkeys,
        check_circular,
        default,
        extended,
        write: WriteOptions {
            ensure_ascii,
            allow_nan,
            item_separator: or_default(item_separator, base.item_separator),
            key_separator: or_default(key_separator, base.key_separator),
            indent: indent.map(str::to_owned),
            sort_keys,
            ..base
        },
    }
}

/// Serializes `obj` to a JSON `str` exactly like `json.dumps(obj, ...)`
/// with the same options (`indent` given as a string, `separators` as
/// `item_separator`/`key_separator`). `extended=True` also writes
/// datetime/date/time, UUID, Decimal, Enum, dataclasses and such dict keys.
///
/// Raises `TypeError` for values (or dict keys) JSON cannot represent,
/// `ValueError` for circular references and out-of-range floats with
/// `allow_nan=False`, `brownfield.json.NestingError` (a `RecursionError`)
/// for nesting deeper than 1024.
#[pyfunction]
#[pyo3(signature = (obj, *, skipkeys=false, ensure_ascii=true, check_circular=true,
    allow_nan=true, indent=None, item_separator=None, key_separator=None, default=None,
    sort_keys=false, extended=false))]
#[allow(clippy::too_many_arguments)]
pub fn dumps<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    indent: Option<&str>,
    item_separator: Option<&str>,
    key_separator: Option<&str>,
    default: Option<Bound<'py, PyAny>>,
    sort_keys: bool,
    extended: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = encode_options(
        skipkeys,
        ensure_ascii,
        check_circular,
        allow_nan,
        indent,
        item_separator,
        key_separator,
        default,
        sort_keys,
        extended,
    );
    encode::dumps(py, obj, opts)
}

/// Like [`dumps`], returning the UTF-8 text as `bytes` (no intermediate
/// `str`), for callers that write to sockets or files.
#[pyfunction]
#[pyo3(signature = (obj, *, skipkeys=false, ensure_ascii=true, check_circular=true,
    allow_nan=true, indent=None, item_separator=None, key_separator=None, default=None,
    sort_keys=false, extended=false))]
#[allow(clippy::too_many_arguments)]
pub fn dumpb<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    indent: Option<&str>,
    item_separator: Option<&str>,
    key_separator: Option<&str>,
    default: Option<Bound<'py, PyAny>>,
    sort_keys: bool,
    extended: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = encode_options(
        skipkeys,
        ensure_ascii,
        check_circular,
        allow_nan,
        indent,
        item_separator,
        key_separator,
        default,
        sort_keys,
        extended,
    );
    encode::dumpb(py, obj, opts)
}
