//! The Rust side of `brownfield::logs::query`: compiles a [`LogSpec`] into
//! the core's [`Query`] and [`RunOptions`], runs it over a file or a
//! buffer, and exposes the [`QueryResult`] table cell by cell.
//!
//! The query is the one `brownfield stats` takes, field for field, so the
//! same query gives the same table in C++, C and on the command line.

use crate::bridge::ffi::{BadLineInfo, CellInfo, CellType, ErrorInfo, LogSpec};
use crate::bridge::{report, NONE};
use brownfield::logs::{BadLines, Format, Input, Query, QueryResult, QuerySpec, RunOptions, Value};
use brownfield::{Error, ErrorKind, Result};

/// The answer to a log query, owned by C++ through `rust::Box<LogResult>`.
/// Never modified after the query, so C++ may read it from several threads
/// at once. Empty (`is_ok() == false`) only when the query failed.
pub struct LogResult {
    result: Option<QueryResult>,
}

/// The core query and run options `spec` describes.
fn compile(spec: &LogSpec) -> Result<(Query, RunOptions)> {
    let format: Format = match spec.format.as_str() {
        "" => Format::Ndjson,
        f => f
            .parse()
            .map_err(|e: String| Error::new(ErrorKind::InvalidArgument, e))?,
    };
    let query = QuerySpec {
        filter: (!spec.filter.trim().is_empty()).then(|| spec.filter.clone()),
        group_by: spec.group_by.clone(),
        aggregates: spec.aggregates.clone(),
        order_by: spec.order_by.clone(),
        limit: spec.has_limit.then_some(spec.limit),
    };
    let opts = RunOptions {
        chunk_size: (spec.chunk_size > 0).then_some(spec.chunk_size),
        threads: (spec.threads > 0).then_some(spec.threads),
        bad_lines: BadLines::skip_if(spec.skip_bad_lines),
        ..RunOptions::default()
    };
    Ok((Query::new(&query, &format)?, opts))
}

/// Compiles `spec`, runs it with `execute`, and wraps the outcome for C++.
fn run(
    spec: &LogSpec,
    error: &mut ErrorInfo,
    execute: impl FnOnce(&Query, &RunOptions) -> Result<QueryResult>,
) -> Box<LogResult> {
    let result = report(error, "log query", || {
        let (query, opts) = compile(spec)?;
        execute(&query, &opts)
    });
    Box::new(LogResult { result })
}

/// See the bridge declaration.
pub fn logs_query_path(spec: &LogSpec, path: &[u8], error: &mut ErrorInfo) -> Box<LogResult> {
    run(spec, error, |query, opts| {
        query.run(Input::path_from_bytes(path)?, opts)
    })
}

/// See the bridge declaration.
pub fn logs_query_buffer(spec: &LogSpec, data: &[u8], error: &mut ErrorInfo) -> Box<LogResult> {
    // Read in place, without a copy (gzip detected).
    run(spec, error, |query, opts| query.run_slice(data, opts))
}

/// The neutral cell: what an out-of-range address reads.
fn null_cell() -> CellInfo {
    CellInfo {
        cell_type: CellType::Null,
        bool_value: false,
        int_value: 0,
        float_value: 0.0,
        len: 0,
    }
}

impl LogResult {
    /// The table, or an empty one for a failed query.
    fn table(&self) -> Option<&QueryResult> {
        self.result.as_ref()
    }

    /// The value at (`row`, `col`), or item `item` of it (a list) unless
    /// `item` is [`NONE`].
    fn value(&self, row: usize, col: usize, item: usize) -> Option<&Value> {
        let v = self.table()?.rows.get(row)?.get(col)?;
        match (item, v) {
            (NONE, v) => Some(v),
            (i, Value::List(items)) => items.get(i),
            _ => None,
        }
    }

    /// See the bridge declaration.
    pub fn is_ok(&self) -> bool {
        self.result.is_some()
    }

    /// See the bridge declaration.
    pub fn column_count(&self) -> usize {
        self.table().map_or(0, |t| t.columns.len())
    }

    /// See the bridge declaration.
    pub fn column_name(&self, i: usize) -> &str {
        self.table()
            .and_then(|t| t.columns.get(i))
            .map_or("", String::as_str)
    }

    /// See the bridge declaration.
    pub fn row_count(&self) -> usize {
        self.table().map_or(0, |t| t.rows.len())
    }

    /// See the bridge declaration.
    pub fn cell(&self, row: usize, col: usize, item: usize) -> CellInfo {
        let mut c = null_cell();
        match self.value(row, col, item) {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => {
                c.cell_type = CellType::Bool;
                c.bool_value = *b;
            }
            Some(Value::Int(i)) => {
                c.cell_type = CellType::Int;
                c.int_value = *i;
                c.float_value = *i as f64;
            }
            Some(Value::Float(f)) => {
                c.cell_type = CellType::Float;
                c.float_value = *f;
            }
            Some(Value::Str(_)) => c.cell_type = CellType::String,
            Some(Value::List(items)) => {
                c.cell_type = CellType::List;
                c.len = items.len();
            }
        }
        c
    }

    /// See the bridge declaration.
    pub fn cell_text(&self, row: usize, col: usize, item: usize) -> &str {
        match self.value(row, col, item) {
            Some(Value::Str(s)) => s,
            _ => "",
        }
    }

    /// See the bridge declaration.
    pub fn cell_display(&self, row: usize, col: usize, item: usize) -> String {
        self.value(row, col, item)
            .map_or_else(|| "null".to_string(), Value::to_string)
    }

    /// See the bridge declaration.
    pub fn lines_read(&self) -> u64 {
        self.table().map_or(0, |t| t.lines_read)
    }

    /// See the bridge declaration.
    pub fn lines_matched(&self) -> u64 {
        self.table().map_or(0, |t| t.lines_matched)
    }

    /// See the bridge declaration.
    pub fn lines_skipped(&self) -> u64 {
        self.table().map_or(0, |t| t.lines_skipped)
    }

    /// See the bridge declaration.
    pub fn bad_lines(&self) -> Vec<BadLineInfo> {
        self.table().map_or_else(Vec::new, |t| {
            t.bad_examples
                .iter()
                .map(|b| BadLineInfo {
                    line: b.line,
                    offset: b.offset,
                    message: b.message.clone(),
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(format: &str, group_by: &[&str], aggregates: &[&str]) -> LogSpec {
        LogSpec {
            format: format.into(),
            filter: String::new(),
            group_by: group_by.iter().map(|s| s.to_string()).collect(),
            aggregates: aggregates.iter().map(|s| s.to_string()).collect(),
            order_by: Vec::new(),
            has_limit: false,
            limit: 0,
            skip_bad_lines: false,
            threads: 1,
            chunk_size: 0,
        }
    }

    #[test]
    fn buffer_query_and_total_accessors() {
        let mut e = crate::bridge::tests::no_error();
        let data = b"{\"s\":200,\"l\":1}\n{\"s\":200,\"l\":3}\n{\"s\":404,\"l\":2.5}\n";
        let r = logs_query_buffer(
            &spec("", &["s"], &["count", "mean:l", "top2:l"]),
            data,
            &mut e,
        );
        assert!(r.is_ok(), "{}", e.display);
        assert_eq!(r.column_count(), 4);
        assert_eq!(r.column_name(1), "count");
        assert_eq!(r.column_name(9), "");
        assert_eq!(r.row_count(), 2);
        assert_eq!(r.cell(0, 0, NONE).int_value, 200);
        assert_eq!(r.cell(0, 1, NONE).int_value, 2);
        assert_eq!(r.cell(0, 2, NONE).float_value, 2.0);
        assert_eq!(r.cell(0, 3, NONE).cell_type, CellType::List);
        assert_eq!(r.cell(0, 3, NONE).len, 2);
        assert_eq!(r.cell(0, 3, 7).cell_type, CellType::Null);
        assert_eq!(r.cell(0, 1, 0).cell_type, CellType::Null);
        assert_eq!(r.cell(99, 0, NONE).cell_type, CellType::Null);
        assert_eq!(r.cell_text(99, 99, 99), "");
        assert_eq!(r.cell_display(1, 2, NONE), "2.5");
        assert_eq!(r.cell_display(99, 0, NONE), "null");
        assert_eq!(r.lines_read(), 3);
    }

    #[test]
    fn failures_fill_the_error() {
        let mut e = crate::bridge::tests::no_error();
        let r = logs_query_buffer(&spec("yaml", &[], &[]), b"", &mut e);
        assert!(!r.is_ok());
        assert_eq!(e.kind.repr, ErrorKind::InvalidArgument as u32);
        assert_eq!(r.row_count(), 0);
        assert_eq!(r.column_count(), 0);
        assert!(r.bad_lines().is_empty());
        let r = logs_query_buffer(&spec("ndjson", &[], &[]), b"{}\n{\n", &mut e);
        assert!(!r.is_ok());
        assert_eq!(e.kind.repr, ErrorKind::BadRecord as u32);
        assert_eq!(e.line, 2);
        let r = logs_query_path(&spec("ndjson", &[], &[]), b"/nonexistent/x", &mut e);
        assert!(!r.is_ok());
        assert_eq!(e.kind.repr, ErrorKind::Io as u32);
        let r = logs_query_path(&spec("ndjson", &[], &[]), b"a\0b", &mut e);
        assert!(!r.is_ok());
        assert_eq!(e.kind.repr, ErrorKind::InvalidArgument as u32);
    }
}
