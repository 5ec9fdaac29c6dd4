//! Rust runner for the cross-language harness (benches/harness/harness.py).
//!
//! Measures brownfield's core, simd-json and serde_json on each workload and
//! input file once and prints one JSON object per measurement (same fields
//! as the other runners). `seconds` is the best per-operation time over
//! repetitions lasting at least `--min-time` seconds.
//!
//! Usage: `rust_runner [--min-time S] [--workloads parse,serialize,ndjson] FILE...`

use brownfield::json::{self, ParseOptions, WriteOptions};
use brownfield::logs::{self, Format, Input, QuerySpec, RunOptions};
use std::time::Instant;

/// Best per-call seconds of `f` over calls lasting at least `min_time` in total.
fn best_time(min_time: f64, mut f: impl FnMut()) -> f64 {
    let (mut best, mut total, mut calls) = (f64::INFINITY, 0.0, 0);
    while total < min_time || calls < 3 {
        let t0 = Instant::now();
        f();
        let dt = t0.elapsed().as_secs_f64();
        best = best.min(dt);
        total += dt;
        calls += 1;
    }
    best
}

/// The log workload: Q1 = by status: count, mean(latency_ms); Q2 = by
/// (region, path): count, p50, p99 latency_ms, sum(bytes), top 20 by count.
fn logs_q1q2(path: &str) {
    let q = |by: &[&str], aggs: &[&str], order: &[&str], limit| QuerySpec {
        filter: None,
        group_by: by.iter().map(|s| s.to_string()).collect(),
        aggregates: aggs.iter().map(|s| s.to_string()).collect(),
        order_by: order.iter().map(|s| s.to_string()).collect(),
        limit,
    };
    let q1 = q(&["status"], &["count", "mean:latency_ms"], &[], None);
    let q2 = q(
        &["region", "path"],
        &["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"],
        &["-count"],
        Some(20),
    );
    for spec in [q1, q2] {
        let r = logs::query(
            Input::Path(path.into()),
            &Format::Ndjson,
            &spec,
            &RunOptions::default(),
        )
        .expect("valid generated log");
        std::hint::black_box(r);
    }
}

/// A library under test: name, version, parse, serialize-after-own-parse.
struct Lib {
    name: &'static str,
    version: &'static str,
    parse: fn(&[u8]),
    /// Returns a closure that serializes a value parsed once up front.
    serializer: fn(&[u8]) -> Box<dyn Fn()>,
}

fn libs() -> Vec<Lib> {
    vec![
        Lib {
            name: "brownfield",
            version: env!("CARGO_PKG_VERSION"),
            parse: |d| {
                std::hint::black_box(json::parse(d, &ParseOptions::default()).expect("valid"));
            },
            serializer: |d| {
                let doc = json::parse(d, &ParseOptions::default()).expect("valid");
                Box::new(move || {
                    std::hint::black_box(doc.to_json(&WriteOptions::compact()).expect("finite"));
                })
            },
        },
        Lib {
            name: "simd-json",
            version: "0.19",
            parse: |d| {
                std::hint::black_box(simd_json::to_owned_value(&mut d.to_vec()).expect("valid"));
            },
            serializer: |d| {
                let v = simd_json::to_owned_value(&mut d.to_vec()).expect("valid");
                Box::new(move || {
                    std::hint::black_box(simd_json::to_string(&v).expect("serializable"));
                })
            },
        },
        Lib {
            name: "serde_json",
            version: "1",
            parse: |d| {
                std::hint::black_box(
                    serde_json::from_slice::<serde_json::Value>(d).expect("valid"),
                );
            },
            serializer: |d| {
                let v: serde_json::Value = serde_json::from_slice(d).expect("valid");
                Box::new(move || {
                    std::hint::black_box(serde_json::to_string(&v).expect("serializable"));
                })
            },
        },
    ]
}

fn main() {
    let mut min_time = 0.2;
    let mut workloads = vec![
        "parse".to_string(),
        "serialize".into(),
        "ndjson".into(),
        "logs".into(),
    ];
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--min-time" => {
                min_time = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--min-time S")
            }
            "--workloads" => {
                workloads = args
                    .next()
                    .expect("--workloads LIST")
                    .split(',')
                    .map(String::from)
                    .collect()
            }
            "-h" | "--help" => {
                println!("usage: rust_runner [--min-time S] [--workloads parse,serialize,ndjson] FILE...");
                return;
            }
            _ => files.push(a),
        }
    }
    let wants = |w: &str| workloads.iter().any(|x| x == w);
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let name = std::path::Path::new(path)
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let ndjson = name.ends_with(".ndjson");
        if ndjson && name.starts_with("requests") && wants("logs") {
            println!(
                "{{\"lang\":\"rust\",\"lib\":\"brownfield\",\"version\":\"{}\",\"workload\":\"logs-q1q2\",\"file\":{},\"bytes\":{},\"seconds\":{:e}}}",
                env!("CARGO_PKG_VERSION"),
                serde_json::to_string(&name).expect("string"),
                data.len(),
                best_time(min_time, || logs_q1q2(path))
            );
        }
        if ndjson && name.starts_with("requests") {
            continue; // generated request logs: only the log workload
        }
        for lib in libs() {
            let emit = |workload: &str, seconds: f64| {
                println!(
                    "{{\"lang\":\"rust\",\"lib\":\"{}\",\"version\":\"{}\",\"workload\":\"{workload}\",\"file\":{},\"bytes\":{},\"seconds\":{seconds:e}}}",
                    lib.name,
                    lib.version,
                    serde_json::to_string(&name).expect("string"),
                    data.len()
                );
            };
            if ndjson {
                if wants("ndjson") {
                    let lines: Vec<&[u8]> = data
                        .split(|&b| b == b'\n')
                        .filter(|l| !l.is_empty())
                        .collect();
                    emit(
                        "ndjson",
                        best_time(min_time, || lines.iter().for_each(|l| (lib.parse)(l))),
                    );
                }
                continue;
            }
            if wants("parse") {
                emit("parse", best_time(min_time, || (lib.parse)(&data)));
            }
            if wants("serialize") {
                let f = (lib.serializer)(&data);
                emit("serialize", best_time(min_time, f));
            }
        }
    }
}
