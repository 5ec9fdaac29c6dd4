//! `Brownfield::Logs`: the native half of `Brownfield::Logs.query`, a core
//! log query ([`brownfield::logs`]) run with the GVL released.
//!
//! The Ruby half (`lib/brownfield/logs.rb`) normalises the arguments (path
//! or in-memory data, option lists) and wraps the result in
//! `Brownfield::Logs::Result`. Here the query is compiled (a bad query fails
//! before any input is read), then run inside `rb_thread_call_without_gvl`
//! with an unblocking function that sets the query's cancel flag, so
//! `Ctrl-C`, `Thread#raise` and `Thread#kill` stop the work within one
//! chunk; the pending Ruby exception is raised once the GVL is back.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use brownfield::logs::{self, BadLines, Format, Input, QueryResult, QuerySpec, RunOptions, Value};
use brownfield::ErrorKind;
use magnus::rb_sys::protect;
use magnus::{
    function, prelude::*, value::Lazy, Error, ExceptionClass, IntoValue, RArray, RModule, RString,
    Ruby,
};
use rb_sys::VALUE;

/// `Brownfield::Logs`, defined by `lib/brownfield/logs.rb` before the
/// extension is loaded.
static LOGS_MODULE: Lazy<RModule> = Lazy::new(|ruby| {
    ruby.class_object()
        .const_get::<_, RModule>("Brownfield")
        .and_then(|m| m.const_get::<_, RModule>("Logs"))
        .expect("Brownfield::Logs is defined before brownfield.so is loaded")
});

/// Defines `Brownfield::Logs::Native.query`.
pub fn define(ruby: &Ruby) -> Result<(), Error> {
    ruby.class_object()
        .const_get::<_, RModule>("Brownfield")?
        .const_get::<_, RModule>("Logs")?;
    let native = ruby.get_inner(&LOGS_MODULE).define_module("Native")?;
    native.define_module_function("query", function!(query, 10))?;
    Ok(())
}

/// `Brownfield::Logs::Native.query(path, data, format, where, by, agg,
/// order_by, limit, skip_bad_lines, threads)`: exactly one of `path` and
/// `data` is a String. Returns `[columns, rows, lines_read, lines_matched,
/// lines_skipped, bad_examples]`, each bad example `[line, offset,
/// message]`.
#[allow(clippy::too_many_arguments)]
fn query(
    ruby: &Ruby,
    path: Option<RString>,
    data: Option<RString>,
    format: RString,
    filter: Option<String>,
    group_by: Vec<String>,
    aggregates: Vec<String>,
    order_by: Vec<String>,
    limit: Option<usize>,
    skip_bad_lines: bool,
    threads: Option<usize>,
) -> Result<RArray, Error> {
    let format: Format = format
        .to_string()?
        .parse()
        .map_err(|m: String| raise(ruby, "QueryError", &m, None))?;
    let spec = QuerySpec {
        filter,
        group_by,
        aggregates,
        order_by,
        limit,
    };
    let compiled = logs::Query::new(&spec, &format).map_err(|e| to_ruby(ruby, &e))?;
    let input = match (path, data) {
        (Some(p), None) => Input::Path(PathBuf::from(p.to_string()?)),
        // SAFETY: the bytes are copied before any Ruby code can run.
        (None, Some(d)) => Input::Bytes(Arc::from(unsafe { d.as_slice() })),
        _ => {
            return Err(Error::new(
                ruby.exception_arg_error(),
                "exactly one of path and data must be given",
            ))
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let opts = RunOptions {
        threads,
        bad_lines: BadLines::skip_if(skip_bad_lines),
        cancel: Some(cancel.clone()),
        ..RunOptions::default()
    };
    match run_without_gvl(&compiled, input, &opts, &cancel)? {
        Some(Ok(result)) => result_array(ruby, &result),
        Some(Err(e)) if e.kind() == ErrorKind::Interrupted => {
            // Cancelled, but no Ruby exception was pending (should not
            // happen): report it as an Interrupt.
            Err(Error::new(
                ruby.exception_interrupt(),
                e.message().to_string(),
            ))
        }
        Some(Err(e)) => Err(to_ruby(ruby, &e)),
        None => Err(raise(
            ruby,
            "Error",
            "internal error in the log engine (caught panic); please report it",
            None,
        )),
    }
}

/// The query's outcome; `None` for a caught panic.
type Outcome = Option<brownfield::Result<QueryResult>>;

/// Runs `q` over `input` with the GVL released. The unblocking function
/// sets `cancel`, so Ruby can interrupt the query; a pending interrupt
/// raised on re-acquiring the GVL is caught by `protect` and returned as
/// the `Err` (after the query has stopped).
fn run_without_gvl(
    q: &logs::Query,
    input: Input,
    opts: &RunOptions,
    cancel: &Arc<AtomicBool>,
) -> Result<Outcome, Error> {
    struct Job<'a> {
        q: &'a logs::Query,
        input: Option<Input>,
        opts: &'a RunOptions,
        out: Option<Outcome>,
    }
    unsafe extern "C" fn run(data: *mut c_void) -> *mut c_void {
        // SAFETY: `data` is the `Job` below, exclusively ours during the call.
        let job = unsafe { &mut *(data as *mut Job<'_>) };
        let input = job.input.take();
        let (q, opts) = (job.q, job.opts);
        job.out = Some(
            catch_unwind(AssertUnwindSafe(|| match input {
                Some(input) => q.run(input, opts),
                None => Err(brownfield::Error::new(ErrorKind::Internal, "no input")),
            }))
            .ok(),
        );
        ptr::null_mut()
    }
    unsafe extern "C" fn unblock(data: *mut c_void) {
        // SAFETY: `data` is the `AtomicBool` inside `cancel`, alive until
        // `rb_thread_call_without_gvl` returns; setting it is thread-safe.
        let flag = unsafe { &*(data as *const AtomicBool) };
        flag.store(true, Ordering::Relaxed);
    }
    let mut job = Job {
        q,
        input: Some(input),
        opts,
        out: None,
    };
    let data = &mut job as *mut Job<'_> as *mut c_void;
    let flag = Arc::as_ptr(cancel) as *mut c_void;
    protect(|| {
        // SAFETY: `run` only touches `job` and `unblock` only the flag;
        // both outlive the call, and neither calls the Ruby API.
        unsafe { rb_sys::rb_thread_call_without_gvl(Some(run), data, Some(unblock), flag) };
        rb_sys::Qnil as VALUE
    })?;
    Ok(job.out.unwrap_or_else(|| {
        // Ruby did not run the function (an interrupt was already
        // pending, and `protect` did not see it raised): nothing done.
        Some(Err(brownfield::Error::new(
            ErrorKind::Interrupted,
            "interrupted",
        )))
    }))
}

/// A result cell as a Ruby value.
fn cell(ruby: &Ruby, v: &Value) -> magnus::Value {
    match v {
        Value::Null => ruby.qnil().as_value(),
        Value::Bool(b) => b.into_value_with(ruby),
        Value::Int(i) => i.into_value_with(ruby),
        Value::Float(f) => f.into_value_with(ruby),
        Value::Str(s) => ruby.str_new(s).as_value(),
        Value::List(items) => ruby
            .ary_from_iter(items.iter().map(|x| cell(ruby, x)))
            .as_value(),
    }
}

/// `[columns, rows, lines_read, lines_matched, lines_skipped,
/// bad_examples]` for the Ruby side.
fn result_array(ruby: &Ruby, r: &QueryResult) -> Result<RArray, Error> {
    let columns = ruby.ary_from_iter(r.columns.iter().map(|c| ruby.str_new(c)));
    let rows = ruby.ary_new_capa(r.rows.len());
    for row in &r.rows {
        rows.push(ruby.ary_from_iter(row.iter().map(|v| cell(ruby, v))))?;
    }
    let bad = ruby.ary_new_capa(r.bad_examples.len());
    for b in &r.bad_examples {
        bad.push((b.line, b.offset, ruby.str_new(&b.message)))?;
    }
    Ok(ruby.ary_from_iter([
        columns.as_value(),
        rows.as_value(),
        r.lines_read.into_value_with(ruby),
        r.lines_matched.into_value_with(ruby),
        r.lines_skipped.into_value_with(ruby),
        bad.as_value(),
    ]))
}

/// The Ruby exception for a core error from a log query:
///
/// | core kind          | Ruby exception                                      |
/// |--------------------|-----------------------------------------------------|
/// | `bad_record`       | `Brownfield::Logs::BadRecordError` (`line`, `offset`) |
/// | `invalid_argument` | `Brownfield::Logs::QueryError < ArgumentError`      |
/// | `io`               | `Brownfield::Logs::IOError < ::IOError`             |
/// | anything else      | `Brownfield::Logs::Error < StandardError`           |
fn to_ruby(ruby: &Ruby, e: &brownfield::Error) -> Error {
    match e.kind() {
        ErrorKind::BadRecord => raise(ruby, "BadRecordError", &e.to_string(), e.position()),
        ErrorKind::InvalidArgument => raise(ruby, "QueryError", e.message(), None),
        ErrorKind::Io => raise(ruby, "IOError", e.message(), None),
        _ => raise(ruby, "Error", &e.to_string(), None),
    }
}

/// Builds `Brownfield::Logs::<class_name>.new(message, line, offset)`.
fn raise(
    ruby: &Ruby,
    class_name: &str,
    message: &str,
    position: Option<brownfield::Position>,
) -> Error {
    let build = || -> Result<Error, Error> {
        let class: ExceptionClass = ruby.get_inner(&LOGS_MODULE).const_get(class_name)?;
        let (line, offset) = match position {
            Some(p) => (Some(p.line as u64), Some(p.offset as u64)),
            None => (None, None),
        };
        let exc: magnus::Exception = class.new_instance((message, line, offset))?;
        Ok(Error::from(exc))
    };
    build().unwrap_or_else(|e| e)
}
