//! Quick before/after probe for core performance work (see
//! benches/results/CORE.md): best-of-N time per corpus file for
//! `json::parse` (fast path + fallback), `json::precise::parse`, and
//! `Document::to_json` with the compact and Python presets.
//!
//! Usage: `perf_probe [--reps N] [--op parse|precise|compact|python|none] FILE...`
//! Prints one tab-separated line per file: name, bytes, then microseconds.
//! `--op` runs only that operation (for instruction counts under
//! `valgrind --tool=callgrind`; subtract a `--op none` run, which only
//! reads the file and parses it once).

use brownfield::json::{self, ParseOptions, WriteOptions};
use std::time::Instant;

/// Best wall-clock microseconds of `f` over `reps` calls.
fn best_us(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..reps {
        let t0 = Instant::now();
        f();
        best = best.min(t0.elapsed().as_secs_f64());
    }
    best * 1e6
}

fn main() {
    let mut reps = 30;
    let mut op: Option<String> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--reps" => reps = args.next().and_then(|v| v.parse().ok()).expect("--reps N"),
            "--op" => op = Some(args.next().expect("--op NAME")),
            _ => files.push(a),
        }
    }
    let opts = ParseOptions::default();
    // With `--op`, every other operation runs zero times.
    let reps_for = |name: &str| match &op {
        Some(o) if o != name => 0,
        _ => reps,
    };
    println!("file\tbytes\tparse_us\tprecise_us\tcompact_us\tpython_us");
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let name = std::path::Path::new(path)
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".ndjson") {
            // Many small documents: every line parsed on its own.
            let lines: Vec<&[u8]> = data
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .collect();
            let auto = best_us(reps_for("parse"), || {
                for l in &lines {
                    std::hint::black_box(json::parse(l, &opts).expect("valid"));
                }
            });
            let precise = best_us(reps_for("precise"), || {
                for l in &lines {
                    std::hint::black_box(json::precise::parse(l, &opts).expect("valid"));
                }
            });
            println!(
                "{name}({} lines)\t{}\t{auto:.1}\t{precise:.1}\t-\t-",
                lines.len(),
                data.len()
            );
            continue;
        }
        let Ok(doc) = json::parse(&data, &opts) else {
            continue;
        };
        let auto = best_us(reps_for("parse"), || {
            std::hint::black_box(json::parse(&data, &opts).expect("valid"));
        });
        let precise = best_us(reps_for("precise"), || {
            std::hint::black_box(json::precise::parse(&data, &opts).expect("valid"));
        });
        let compact = best_us(reps_for("compact"), || {
            std::hint::black_box(doc.to_json(&WriteOptions::compact()).expect("finite"));
        });
        let python = best_us(reps_for("python"), || {
            std::hint::black_box(doc.to_json(&WriteOptions::python()).expect("finite"));
        });
        println!(
            "{name}\t{}\t{auto:.1}\t{precise:.1}\t{compact:.1}\t{python:.1}",
            data.len()
        );
    }
}
