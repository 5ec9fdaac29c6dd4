//! The shared log-engine vectors (tests/vectors/logs/cases.json) through the
//! `brownfield` command: same answers as every binding.

use serde_json::Value as J;
use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/logs")
}

fn list(v: &J) -> String {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(",")
}

fn same(got: &J, want: &J) -> bool {
    match (got.as_f64(), want.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => got == want,
    }
}

#[test]
fn cli_answers_the_shared_log_vectors() {
    let cases: Vec<J> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let q = &c["query"];
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brownfield"));
        cmd.arg("stats")
            .arg(dir().join("inputs").join(c["input"].as_str().unwrap()))
            .args([
                "--format",
                c["format"].as_str().unwrap(),
                "--output",
                "json",
                "--no-progress",
            ])
            .args(["--agg", &list(&q["agg"])]);
        if !q["by"].as_array().unwrap().is_empty() {
            cmd.args(["--by", &list(&q["by"])]);
        }
        if !q["order_by"].as_array().unwrap().is_empty() {
            cmd.arg(format!("--order-by={}", list(&q["order_by"])));
        }
        if let Some(w) = q["where"].as_str() {
            cmd.args(["--where", w]);
        }
        if let Some(n) = q["limit"].as_u64() {
            cmd.args(["--limit", &n.to_string()]);
        }
        if q["skip_bad_lines"].as_bool().unwrap() {
            cmd.arg("--skip-bad-lines");
        }
        let out = cmd.output().unwrap();
        if let Some(err) = c.get("error") {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let line = format!("line {}", err["line"]);
            if out.status.code() != Some(1) || !stderr.contains(&line) {
                failures.push(format!(
                    "{name}: exit {:?}, stderr {stderr}",
                    out.status.code()
                ));
            }
            continue;
        }
        let want = &c["expect"];
        let got: J = match serde_json::from_slice(&out.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!(
                    "{name}: {e}: {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
                continue;
            }
        };
        let cols: Vec<&str> = want["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let rows = got.as_array().unwrap();
        let want_rows = want["rows"].as_array().unwrap();
        let ok = rows.len() == want_rows.len()
            && rows.iter().zip(want_rows).all(|(g, w)| {
                cols.iter()
                    .zip(w.as_array().unwrap())
                    .all(|(c, wv)| same(&g[*c], wv))
            });
        if !ok {
            failures.push(format!("{name}: got {got}\n   want {}", want["rows"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
