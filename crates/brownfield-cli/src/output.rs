//! Printing a query result as a table, JSON or CSV.

use crate::OutputFormat;
use brownfield::logs::{QueryResult, Value};
use brownfield::{Error, ErrorKind};
use std::io::Write;

/// Prints `r` to stdout in `format`.
pub fn print(r: &QueryResult, format: OutputFormat) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let text = match format {
        OutputFormat::Table => table(r),
        OutputFormat::Json => json(r),
        OutputFormat::Csv => csv(r),
    };
    match out.write_all(text.as_bytes()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Error::new(ErrorKind::Io, e.to_string())),
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Float(f) => {
            let s = format!("{f:.6}");
            let s = s.trim_end_matches('0');
            s.strip_suffix('.').unwrap_or(s).to_string()
        }
        other => other.to_string(),
    }
}

fn table(r: &QueryResult) -> String {
    let cells: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| row.iter().map(cell).collect())
        .collect();
    let widths: Vec<usize> = r
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric: Vec<bool> = (0..r.columns.len())
        .map(|i| {
            r.rows
                .iter()
                .all(|row| matches!(row[i], Value::Int(_) | Value::Float(_) | Value::Null))
        })
        .collect();
    let line = |vals: &[String]| -> String {
        let parts: Vec<String> = vals
            .iter()
            .enumerate()
            .map(|(i, v)| {
                if numeric[i] {
                    format!("{v:>w$}", w = widths[i])
                } else {
                    format!("{v:<w$}", w = widths[i])
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut s = line(&r.columns);
    s += &(widths
        .iter()
        .map(|w| "-".repeat(*w))
        .collect::<Vec<_>>()
        .join("  ")
        + "\n");
    for row in &cells {
        s += &line(row);
    }
    s += &format!(
        "({} rows; {} lines read, {} matched)\n",
        r.rows.len(),
        r.lines_read,
        r.lines_matched
    );
    s
}

fn json(r: &QueryResult) -> String {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = r
        .rows
        .iter()
        .map(|row| {
            r.columns
                .iter()
                .cloned()
                .zip(
                    row.iter()
                        .map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null)),
                )
                .collect()
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
}

fn csv(r: &QueryResult) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut s = r
        .columns
        .iter()
        .map(|c| field(c))
        .collect::<Vec<_>>()
        .join(",")
        + "\n";
    for row in &r.rows {
        s += &(row
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::Float(f) => f.to_string(),
                other => field(&other.to_string()),
            })
            .collect::<Vec<_>>()
            .join(",")
            + "\n");
    }
    s
}
