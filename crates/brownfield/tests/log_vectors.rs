//! Runs the shared log-engine vectors (tests/vectors/logs/cases.json) against
//! the core; the CLI, C, C++, Python and Ruby suites run the same file.

use brownfield::logs::{self, BadLines, Format, Input, QuerySpec, RunOptions, Value};
use serde_json::Value as J;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/logs")
}

fn strings(v: &J) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn same(got: &Value, want: &J) -> bool {
    match (got, want) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::Str(a), J::String(b)) => a == b,
        (Value::Int(a), J::Number(b)) => b.as_i64() == Some(*a) || b.as_f64() == Some(*a as f64),
        (Value::Float(a), J::Number(b)) => {
            let b = b.as_f64().unwrap();
            (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
        }
        _ => false,
    }
}

#[test]
fn shared_log_vectors() {
    let cases: Vec<J> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let q = &c["query"];
        let spec = QuerySpec {
            filter: q["where"].as_str().map(String::from),
            group_by: strings(&q["by"]),
            aggregates: strings(&q["agg"]),
            order_by: strings(&q["order_by"]),
            limit: q["limit"].as_u64().map(|n| n as usize),
        };
        let format: Format = c["format"].as_str().unwrap().parse().unwrap();
        let opts = RunOptions {
            bad_lines: if q["skip_bad_lines"].as_bool().unwrap() {
                BadLines::Skip
            } else {
                BadLines::Strict
            },
            ..Default::default()
        };
        let input = Input::Path(dir().join("inputs").join(c["input"].as_str().unwrap()));
        let got = logs::query(input, &format, &spec, &opts);
        match (&got, c.get("error")) {
            (Err(e), Some(want)) => {
                if e.kind().name() != want["kind"]
                    || e.line() as u64 != want["line"].as_u64().unwrap()
                {
                    failures.push(format!(
                        "{name}: got {} line {}, want {want}",
                        e.kind(),
                        e.line()
                    ));
                }
            }
            (Ok(r), None) => {
                let want = &c["expect"];
                let rows_ok = r.rows.len() == want["rows"].as_array().unwrap().len()
                    && r.rows
                        .iter()
                        .zip(want["rows"].as_array().unwrap())
                        .all(|(g, w)| {
                            g.len() == w.as_array().unwrap().len()
                                && g.iter().zip(w.as_array().unwrap()).all(|(x, y)| same(x, y))
                        });
                let bad: Vec<u64> = r.bad_examples.iter().map(|b| b.line).collect();
                let want_bad: Vec<u64> = want["bad_lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect();
                if !rows_ok
                    || r.columns != strings(&want["columns"])
                    || r.lines_read != want["lines_read"].as_u64().unwrap()
                    || r.lines_matched != want["lines_matched"].as_u64().unwrap()
                    || r.lines_skipped != want["lines_skipped"].as_u64().unwrap()
                    || bad != want_bad
                {
                    failures.push(format!("{name}: got {:?} {:?} read {} matched {} skipped {} bad {bad:?}\n   want {want}", r.columns, r.rows, r.lines_read, r.lines_matched, r.lines_skipped));
                }
            }
            (got, want) => failures.push(format!("{name}: got {got:?}, want error {want:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
