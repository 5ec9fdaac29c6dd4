//! Log queries: run a filter / group-by / aggregate query of the core's log
//! engine ([`brownfield::logs`]) over a file or a memory buffer, and read
//! the result table by row and column.
//!
//! The query is the one the `brownfield stats` command takes, field for
//! field (`--format`, `--where`, `--by`, `--agg`, `--order-by`, `--limit`,
//! `--skip-bad-lines`, `--threads`), so the same query gives the same table
//! in C and on the command line.

use crate::document::{bf_type, BF_NO_VALUE};
use crate::error::{bf_error, bf_status, guard, guard_value, invalid, non_null, text_arg};
use crate::serialize::{bf_buffer, buffer_from};
use brownfield::logs::{BadLines, Format, Input, Query, QueryResult, QuerySpec, RunOptions, Value};
use brownfield::Error;
use std::os::raw::c_char;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// bf_logs_spec describes a log query. Zero-initialize it
/// (`bf_logs_spec spec = {0};`) and set what you need: every field's zero
/// value is its default. Each text field is a pointer + length pair (UTF-8,
/// not NUL-terminated); a NULL pointer (with length 0) means "not given".
///
/// The lists (group_by, aggregates, order_by) are one text each, with items
/// separated by ',' exactly as on the brownfield command line
/// ("region,path"); spaces around an item are ignored, an empty item is an
/// error, and a field name containing ',' cannot be used.
///
/// Example (requests per status with their mean latency):
///
///     bf_logs_spec spec = {0};
///     spec.group_by = "status";                spec.group_by_len = 6;
///     spec.aggregates = "count,mean:latency_ms"; spec.aggregates_len = 21;
///
/// The struct and the texts it points to are read during the query call
/// only; they may be freed or reused right after.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bf_logs_spec {
    /// Record format: "ndjson" (one JSON object per line; fields by dotted
    /// path "req.ua" or JSON Pointer "/req/ua"), "logfmt", "common",
    /// "combined" (NCSA/Apache/nginx access logs, fields host ident user
    /// time request method path protocol status bytes referer user_agent
    /// request_time) or "regex:PATTERN" (named groups are the fields).
    /// Default (NULL): "ndjson".
    pub format: *const c_char,
    /// Length of format in bytes.
    pub format_len: usize,
    /// Keep only records matching this filter, e.g.
    /// "status >= 500 and region = \"eu\"" (operators = != < <= > >= in (..)
    /// ~ "regex" exists(f) and or not, with SQL null semantics). Default
    /// (NULL or only spaces): every record.
    pub filter: *const c_char,
    /// Length of filter in bytes.
    pub filter_len: usize,
    /// Fields to group by, comma-separated ("region,path"). Default (NULL):
    /// one group over all matching records.
    pub group_by: *const c_char,
    /// Length of group_by in bytes.
    pub group_by_len: usize,
    /// Aggregates, comma-separated: count, count:f, sum:f, min:f, max:f,
    /// mean:f, pNN:f, median:f (exact quantiles), approx_pNN:f (sketch,
    /// within 1% relative error), distinct:f, approx_distinct:f, topN:f.
    /// Each is also its output column's name. Default (NULL): "count".
    pub aggregates: *const c_char,
    /// Length of aggregates in bytes.
    pub aggregates_len: usize,
    /// Output columns to sort the rows by, comma-separated, each prefixed
    /// with '-' for descending ("-count,path"). Default (NULL): by the
    /// group-by columns, ascending.
    pub order_by: *const c_char,
    /// Length of order_by in bytes.
    pub order_by_len: usize,
    /// Keep only the first limit rows after sorting; 0 (default): all rows.
    pub limit: usize,
    /// false (default): stop at the first line that does not parse, with a
    /// BF_ERROR_BAD_RECORD error naming it. true: skip such lines, count
    /// them and keep the first few (bf_logs_result_counts,
    /// bf_logs_result_bad_line).
    pub skip_bad_lines: bool,
    /// Worker threads; 0 (default): one per core.
    pub threads: usize,
    /// Bytes per chunk of input processed at once (memory use is about
    /// chunk_size x threads); 0 (default): the core's default (1 MiB,
    /// less for small inputs).
    pub chunk_size: usize,
    /// A cancel flag (from bf_cancel_new) that stops the query early with
    /// BF_ERROR_INTERRUPTED once bf_cancel_set is called on it, e.g. from
    /// a SIGINT handler or another thread. Default (NULL): not
    /// cancellable. It must stay alive until the query call returns.
    pub cancel: *const bf_cancel,
}

/// bf_cancel is a flag that stops running log queries: set spec.cancel to
/// it, and call bf_cancel_set (from any thread, or from a signal handler)
/// to make those queries return BF_ERROR_INTERRUPTED at the next chunk.
///
///     static bf_cancel *cancel;
///     static void on_sigint(int sig) { (void)sig; bf_cancel_set(cancel); }
///     ...
///     bf_cancel_new(&cancel);
///     signal(SIGINT, on_sigint);
///     spec.cancel = cancel;
///
/// Created by bf_cancel_new, freed with bf_cancel_free (not while a query
/// that uses it is running). Any number of threads may use one flag
/// simultaneously.
pub struct bf_cancel {
    flag: Arc<AtomicBool>,
}

/// bf_cancel_new sets *out to a new cancel flag, not set, which the caller
/// owns and must free with bf_cancel_free.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when out is NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_cancel_new(out: *mut *mut bf_cancel) -> bf_status {
    guard(std::ptr::null_mut(), || {
        non_null(out, "out")?;
        out.write(Box::into_raw(Box::new(bf_cancel {
            flag: Arc::new(AtomicBool::new(false)),
        })));
        Ok(())
    })
}

/// bf_cancel_set sets the flag: every query using it stops with
/// BF_ERROR_INTERRUPTED, and later queries using it fail the same way until
/// bf_cancel_reset. It only stores an atomic flag, so it is safe to call
/// from a signal handler. cancel may be NULL (nothing happens).
#[no_mangle]
pub unsafe extern "C" fn bf_cancel_set(cancel: *const bf_cancel) {
    guard_value((), || {
        if let Some(c) = cancel.as_ref() {
            c.flag.store(true, Ordering::Relaxed);
        }
    })
}

/// bf_cancel_reset clears the flag, so queries using it run again. cancel
/// may be NULL (nothing happens).
#[no_mangle]
pub unsafe extern "C" fn bf_cancel_reset(cancel: *const bf_cancel) {
    guard_value((), || {
        if let Some(c) = cancel.as_ref() {
            c.flag.store(false, Ordering::Relaxed);
        }
    })
}

/// bf_cancel_free frees a flag made by bf_cancel_new. cancel may be NULL
/// (nothing happens). This must be called at most once for any bf_cancel,
/// and not while a query that uses it is running.
#[no_mangle]
pub unsafe extern "C" fn bf_cancel_free(cancel: *mut bf_cancel) {
    if cancel.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(Box::from_raw(cancel));
    }));
}

/// bf_logs_result is the answer to a log query: a table of rows and
/// columns (group-by fields first, then one column per aggregate), plus
/// how many lines were read, matched and skipped.
///
/// It is created by bf_logs_query_path or bf_logs_query_buffer and freed
/// with bf_logs_result_free. Strings read from it (column names, string
/// cells, bad-line messages) are borrowed from it and stay valid until it
/// is freed. It is never modified, so it may be read from multiple threads
/// simultaneously; freeing it must not race with any other use.
pub struct bf_logs_result {
    result: QueryResult,
}

/// bf_logs_value is one cell of a result table (or one item of a topN
/// list), filled in by bf_logs_result_cell or bf_logs_result_list_item.
///
/// value_type says which fields hold the value; the others are zero (or
/// NULL). string is borrowed from the result until bf_logs_result_free.
/// It is a plain value with nothing to free.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bf_logs_value {
    /// BF_TYPE_NULL (a missing field, or an aggregate over no values),
    /// BF_TYPE_BOOL, BF_TYPE_INT, BF_TYPE_FLOAT, BF_TYPE_STRING, or
    /// BF_TYPE_ARRAY (the list a topN aggregate gives; read its items with
    /// bf_logs_result_list_item). Never BF_TYPE_BIGINT or BF_TYPE_OBJECT.
    pub value_type: bf_type,
    /// BF_TYPE_BOOL: the value.
    pub boolean: bool,
    /// BF_TYPE_INT: the value (counts, exact sums, integer keys).
    pub integer: i64,
    /// BF_TYPE_FLOAT: the value (means, quantiles, float sums); also set
    /// for BF_TYPE_INT, converted to double, so numeric columns can be read
    /// from this field alone.
    pub number: f64,
    /// BF_TYPE_STRING: the UTF-8 bytes (not NUL-terminated; may contain
    /// NUL); NULL for other types.
    pub string: *const c_char,
    /// BF_TYPE_STRING: length of string in bytes.
    pub string_len: usize,
    /// BF_TYPE_ARRAY: the number of items in the list.
    pub list_len: usize,
}

/// bf_logs_counts says how much input a query read, filled in by
/// bf_logs_result_counts.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct bf_logs_counts {
    /// Non-empty lines read.
    pub lines_read: u64,
    /// Records that passed the filter.
    pub lines_matched: u64,
    /// Lines skipped because they did not parse (skip_bad_lines only;
    /// always 0 otherwise).
    pub lines_skipped: u64,
    /// How many of the skipped lines are described by
    /// bf_logs_result_bad_line (the first few, at most
    /// BF_LOGS_BAD_LINE_EXAMPLES).
    pub bad_lines: usize,
}

/// The most skipped lines a result describes (bf_logs_result_bad_line).
pub const BF_LOGS_BAD_LINE_EXAMPLES: usize = 5;

/// bf_logs_bad_line describes one skipped line, filled in by
/// bf_logs_result_bad_line. message is borrowed from the result until
/// bf_logs_result_free.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bf_logs_bad_line {
    /// 1-based line number in the (decompressed) input.
    pub line: u64,
    /// Byte offset of the line's start in the (decompressed) input.
    pub offset: u64,
    /// What was wrong, UTF-8 (not NUL-terminated).
    pub message: *const c_char,
    /// Length of message in bytes.
    pub message_len: usize,
}

/// The items of a comma-separated list argument (empty when not given).
///
/// # Safety
/// As [`text_arg`].
unsafe fn list_arg(ptr: *const c_char, len: usize, name: &str) -> Result<Vec<String>, Error> {
    let text = text_arg(ptr, len, name)?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|item| match item.trim() {
            "" => Err(invalid(format!("{name} {text:?} has an empty item"))),
            item => Ok(item.to_string()),
        })
        .collect()
}

/// The compiled query and run options for `spec`.
///
/// # Safety
/// `spec` is NULL or points to a valid `bf_logs_spec` whose text fields
/// point to readable bytes.
unsafe fn compile(spec: *const bf_logs_spec) -> Result<(Query, RunOptions), Error> {
    non_null(spec, "spec")?;
    let s = *spec;
    let format: Format = match text_arg(s.format, s.format_len, "format")? {
        "" => Format::Ndjson,
        f => f.parse().map_err(invalid)?,
    };
    let filter = text_arg(s.filter, s.filter_len, "filter")?;
    let query = QuerySpec {
        filter: (!filter.trim().is_empty()).then(|| filter.to_string()),
        group_by: list_arg(s.group_by, s.group_by_len, "group_by")?,
        aggregates: list_arg(s.aggregates, s.aggregates_len, "aggregates")?,
        order_by: list_arg(s.order_by, s.order_by_len, "order_by")?,
        limit: (s.limit > 0).then_some(s.limit),
    };
    let opts = RunOptions {
        chunk_size: (s.chunk_size > 0).then_some(s.chunk_size),
        threads: (s.threads > 0).then_some(s.threads),
        bad_lines: BadLines::skip_if(s.skip_bad_lines),
        cancel: s.cancel.as_ref().map(|c| c.flag.clone()),
        ..RunOptions::default()
    };
    Ok((Query::new(&query, &format)?, opts))
}

/// Runs `spec` over `input` and hands the result to C through `out`.
///
/// # Safety
/// As [`compile`]; `out` is NULL or writable.
unsafe fn run(
    spec: *const bf_logs_spec,
    execute: impl FnOnce(&Query, &RunOptions) -> Result<QueryResult, Error>,
    out: *mut *mut bf_logs_result,
) -> Result<(), Error> {
    non_null(out, "out")?;
    out.write(std::ptr::null_mut());
    let (query, opts) = compile(spec)?;
    let result = execute(&query, &opts)?;
    out.write(Box::into_raw(Box::new(bf_logs_result { result })));
    Ok(())
}

/// bf_logs_query_path runs the query spec over the file whose path is the
/// path_len bytes at path (not NUL-terminated; on Unix any bytes but NUL,
/// elsewhere UTF-8). The file may be plain or gzip-compressed (detected
/// from its first bytes); it is read in chunks processed in parallel, so
/// memory stays bounded by chunk_size x threads, not by the file size.
///
/// On success *out is set to a new result, which the caller owns and must
/// free with bf_logs_result_free, and BF_OK is returned. On failure *out
/// is set to NULL, the error kind is returned and, when err is not NULL,
/// *err is filled in (see bf_error):
///   - BF_ERROR_BAD_RECORD: a line that does not parse (without
///     skip_bad_lines); err->line is its 1-based line number and
///     err->offset the byte offset where it starts (err->column is 0);
///   - BF_ERROR_IO: the file cannot be opened or read, or is corrupt gzip;
///   - BF_ERROR_INTERRUPTED: spec->cancel was set (bf_cancel_set);
///   - BF_ERROR_INVALID_ARGUMENT: spec, path or out is NULL, or the query
///     is invalid (unknown format or aggregate, a filter that does not
///     parse, order_by naming no output column, an empty list item), with
///     a message saying what is wrong;
///   - BF_ERROR_INVALID_UTF8: a text field of spec is not UTF-8.
///
/// The call blocks until the query is done (it uses up to spec->threads
/// worker threads). It may be called from multiple threads
/// simultaneously.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_query_path(
    spec: *const bf_logs_spec,
    path: *const c_char,
    path_len: usize,
    out: *mut *mut bf_logs_result,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        run(
            spec,
            |query, opts| {
                non_null(path, "path")?;
                let bytes = std::slice::from_raw_parts(path.cast::<u8>(), path_len);
                query.run(Input::path_from_bytes(bytes)?, opts)
            },
            out,
        )
    })
}

/// bf_logs_query_buffer runs the query spec over the len bytes at data
/// (log lines, plain or gzip-compressed; data may be NULL when len is 0).
/// The bytes are only read, during the call, and not copied; the caller
/// keeps ownership.
///
/// Results and errors are those of bf_logs_query_path (BF_ERROR_IO only
/// for corrupt gzip data). It may be called from multiple threads
/// simultaneously.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_query_buffer(
    spec: *const bf_logs_spec,
    data: *const u8,
    len: usize,
    out: *mut *mut bf_logs_result,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        run(
            spec,
            |query, opts| {
                let bytes: &[u8] = if len == 0 {
                    &[]
                } else {
                    non_null(data, "data")?;
                    // The caller's len bytes at data, read during this call only.
                    std::slice::from_raw_parts(data, len)
                };
                query.run_slice(bytes, opts)
            },
            out,
        )
    })
}

/// bf_logs_result_free frees a result made by a bf_logs_query_* call.
/// Every string pointer obtained from it becomes invalid.
///
/// result may be NULL (nothing happens). This must be called at most once
/// for any bf_logs_result.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_free(result: *mut bf_logs_result) {
    if result.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(Box::from_raw(result));
    }));
}

/// The result behind `r`, or an error when it is NULL.
///
/// # Safety
/// `r` is NULL or a live pointer from a `bf_logs_query_*` call.
unsafe fn result<'a>(r: *const bf_logs_result) -> Result<&'a QueryResult, Error> {
    non_null(r, "result")?;
    Ok(&(*r).result)
}

/// The cell at (`row`, `col`), or an error when out of range.
fn cell(r: &QueryResult, row: usize, col: usize) -> Result<&Value, Error> {
    let cells = r.rows.get(row).ok_or_else(|| {
        invalid(format!(
            "row {row} is out of range (the result has {} rows)",
            r.rows.len()
        ))
    })?;
    cells.get(col).ok_or_else(|| {
        invalid(format!(
            "column {col} is out of range (the result has {} columns)",
            r.columns.len()
        ))
    })
}

/// The C view of a value (strings borrowed from `v`).
fn c_value(v: &Value) -> bf_logs_value {
    let mut out = bf_logs_value {
        value_type: bf_type::BF_TYPE_NULL,
        boolean: false,
        integer: 0,
        number: 0.0,
        string: std::ptr::null(),
        string_len: 0,
        list_len: 0,
    };
    match v {
        Value::Null => {}
        Value::Bool(b) => {
            out.value_type = bf_type::BF_TYPE_BOOL;
            out.boolean = *b;
        }
        Value::Int(i) => {
            out.value_type = bf_type::BF_TYPE_INT;
            out.integer = *i;
            out.number = *i as f64;
        }
        Value::Float(f) => {
            out.value_type = bf_type::BF_TYPE_FLOAT;
            out.number = *f;
        }
        Value::Str(s) => {
            out.value_type = bf_type::BF_TYPE_STRING;
            out.string = s.as_ptr().cast();
            out.string_len = s.len();
        }
        Value::List(items) => {
            out.value_type = bf_type::BF_TYPE_ARRAY;
            out.list_len = items.len();
        }
    }
    out
}

/// bf_logs_result_columns returns the number of columns of result (the
/// group-by fields, then one per aggregate); 0 when result is NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_columns(result: *const bf_logs_result) -> usize {
    guard_value(0, || self::result(result).map_or(0, |r| r.columns.len()))
}

/// bf_logs_result_rows returns the number of rows of result (one per group,
/// after limit); 0 when result is NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_rows(result: *const bf_logs_result) -> usize {
    guard_value(0, || self::result(result).map_or(0, |r| r.rows.len()))
}

/// bf_logs_result_column_name sets *name and *name_len to the name of
/// column col: a group-by field as given ("status") or an aggregate as
/// given ("mean:latency_ms"). The bytes are UTF-8, borrowed from result
/// until bf_logs_result_free, not NUL-terminated.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when result, name or name_len is
/// NULL or col is out of range.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_column_name(
    result: *const bf_logs_result,
    col: usize,
    name: *mut *const c_char,
    name_len: *mut usize,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let r = self::result(result)?;
        non_null(name, "name")?;
        non_null(name_len, "name_len")?;
        let c = r.columns.get(col).ok_or_else(|| {
            invalid(format!(
                "column {col} is out of range (the result has {} columns)",
                r.columns.len()
            ))
        })?;
        name.write(c.as_ptr().cast());
        name_len.write(c.len());
        Ok(())
    })
}

/// bf_logs_result_column_index sets *out to the index of the column whose
/// name is the name_len bytes at name ("count", "p99:latency_ms"; need not
/// be NUL-terminated), or to BF_NO_VALUE when there is none; both are
/// BF_OK.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when result or out is NULL, or
/// name is NULL with name_len > 0.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_column_index(
    result: *const bf_logs_result,
    name: *const c_char,
    name_len: usize,
    out: *mut usize,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let r = self::result(result)?;
        non_null(out, "out")?;
        let wanted: &[u8] = if name_len == 0 {
            &[]
        } else {
            non_null(name, "name")?;
            std::slice::from_raw_parts(name.cast::<u8>(), name_len)
        };
        let found = r.columns.iter().position(|c| c.as_bytes() == wanted);
        out.write(found.unwrap_or(BF_NO_VALUE));
        Ok(())
    })
}

/// bf_logs_result_cell sets *out to the cell at row row, column col (see
/// bf_logs_value). Strings in it are borrowed from result.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when result or out is NULL, or row
/// or col is out of range.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_cell(
    result: *const bf_logs_result,
    row: usize,
    col: usize,
    out: *mut bf_logs_value,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let r = self::result(result)?;
        non_null(out, "out")?;
        out.write(c_value(cell(r, row, col)?));
        Ok(())
    })
}

/// bf_logs_result_list_item sets *out to item index of the list in the
/// cell at (row, col), which must be a BF_TYPE_ARRAY cell (a topN
/// aggregate: its most frequent values, most frequent first). Items are
/// never lists themselves.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when result or out is NULL, row or
/// col is out of range, the cell is not a list, or index >= its list_len.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_list_item(
    result: *const bf_logs_result,
    row: usize,
    col: usize,
    index: usize,
    out: *mut bf_logs_value,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let r = self::result(result)?;
        non_null(out, "out")?;
        let Value::List(items) = cell(r, row, col)? else {
            return Err(invalid(format!("cell ({row}, {col}) is not a list")));
        };
        let item = items.get(index).ok_or_else(|| {
            invalid(format!(
                "list index {index} is out of range (the list has {} items)",
                items.len()
            ))
        })?;
        out.write(c_value(item));
        Ok(())
    })
}

/// bf_logs_result_cell_text sets *out to the cell at (row, col) as display
/// text, in a new buffer the caller frees with bf_buffer_free: "null",
/// "true", "42", "12.5" (a float's shortest round-trip digits, never in
/// exponent form), the string itself, or "[a, b]" for a topN list.
///
/// out must be writable; whatever it held is overwritten (not freed). On
/// failure *out is the empty buffer. Fails with BF_ERROR_INVALID_ARGUMENT
/// when result or out is NULL, or row or col is out of range.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_cell_text(
    result: *const bf_logs_result,
    row: usize,
    col: usize,
    out: *mut bf_buffer,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        non_null(out, "out")?;
        out.write(bf_buffer::empty());
        let r = self::result(result)?;
        let text = cell(r, row, col)?.to_string();
        out.write(buffer_from(text.into_bytes()));
        Ok(())
    })
}

/// bf_logs_result_counts sets *out to how many lines the query read,
/// matched and skipped, and how many skipped lines bf_logs_result_bad_line
/// describes.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when result or out is NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_counts(
    result: *const bf_logs_result,
    out: *mut bf_logs_counts,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let r = self::result(result)?;
        non_null(out, "out")?;
        out.write(bf_logs_counts {
            lines_read: r.lines_read,
            lines_matched: r.lines_matched,
            lines_skipped: r.lines_skipped,
            bad_lines: r.bad_examples.len(),
        });
        Ok(())
    })
}

/// bf_logs_result_bad_line sets *out to the index-th skipped line (in line
/// order; index < bf_logs_counts.bad_lines): its line number, byte offset
/// and what was wrong (borrowed from result).
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when result or out is NULL or index
/// is out of range.
#[no_mangle]
pub unsafe extern "C" fn bf_logs_result_bad_line(
    result: *const bf_logs_result,
    index: usize,
    out: *mut bf_logs_bad_line,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let r = self::result(result)?;
        non_null(out, "out")?;
        let b = r.bad_examples.get(index).ok_or_else(|| {
            invalid(format!(
                "bad line {index} is out of range (the result describes {})",
                r.bad_examples.len()
            ))
        })?;
        out.write(bf_logs_bad_line {
            line: b.line,
            offset: b.offset,
            message: b.message.as_ptr().cast(),
            message_len: b.message.len(),
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(
            BF_LOGS_BAD_LINE_EXAMPLES,
            brownfield::logs::engine::BAD_LINE_EXAMPLES
        );
    }
}
