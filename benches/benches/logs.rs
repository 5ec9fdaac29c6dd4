//! Log engine throughput: the Q1 and Q2 over generated request-log
//! NDJSON (benches/harness/gen_ndjson.py, 200,000 lines, ~66 MB), on one
//! thread and on every core, read from the file as the harness does, and
//! (`*-memory`, one thread) over bytes already in memory: no read syscalls
//! or page-cache lookups (about a fifth of a file query's CPU time), which
//! shows the engine's own cost.
//!
//! Run: `cargo bench -p brownfield-benches --bench logs`. The cross-language
//! comparison with DuckDB, Polars and the orjson/Oj loops is the harness's
//! `logs-q1q2` workload (benches/harness/harness.py).

use brownfield::logs::{Format, Input, Query, QuerySpec, RunOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::PathBuf;
use std::process::Command;

const LINES: usize = 200_000;

/// The generated input, made once per target dir.
fn input() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let path = target
        .join("bench-data")
        .join(format!("requests_{LINES}.ndjson"));
    if !path.exists() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("bench-data dir");
        let status = Command::new("python3")
            .arg(root.join("benches/harness/gen_ndjson.py"))
            .args(["--lines", &LINES.to_string()])
            .arg(&path)
            .status()
            .expect("python3 runs the generator");
        assert!(status.success(), "gen_ndjson.py failed");
    }
    path
}

fn spec(by: &[&str], aggs: &[&str], order: &[&str], limit: Option<usize>) -> QuerySpec {
    QuerySpec {
        filter: None,
        group_by: by.iter().map(|s| s.to_string()).collect(),
        aggregates: aggs.iter().map(|s| s.to_string()).collect(),
        order_by: order.iter().map(|s| s.to_string()).collect(),
        limit,
    }
}

fn queries(c: &mut Criterion) {
    let path = input();
    let bytes = std::fs::metadata(&path).expect("input").len();
    let q1 = Query::new(
        &spec(&["status"], &["count", "mean:latency_ms"], &[], None),
        &Format::Ndjson,
    )
    .expect("Q1");
    let q2 = Query::new(
        &spec(
            &["region", "path"],
            &["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"],
            &["-count"],
            Some(20),
        ),
        &Format::Ndjson,
    )
    .expect("Q2");
    let mut g = c.benchmark_group("logs");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    for threads in [1, rayon_threads()] {
        let opts = RunOptions {
            threads: Some(threads),
            ..Default::default()
        };
        for (name, q) in [("q1", &q1), ("q2", &q2)] {
            g.bench_function(BenchmarkId::new(name, format!("{threads}-threads")), |b| {
                b.iter(|| {
                    q.run(Input::Path(path.clone()), &opts)
                        .expect("valid input")
                })
            });
        }
    }
    let data = std::fs::read(&path).expect("input");
    let opts = RunOptions {
        threads: Some(1),
        ..Default::default()
    };
    for (name, q) in [("q1-memory", &q1), ("q2-memory", &q2)] {
        g.bench_function(BenchmarkId::new(name, "1-threads"), |b| {
            b.iter(|| q.run_slice(&data, &opts).expect("valid input"))
        });
    }
    g.finish();
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

criterion_group!(benches, queries);
criterion_main!(benches);
