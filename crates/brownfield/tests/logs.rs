//! Log engine: results independent of chunking and threads, bad-line
//! policies, partial results that merge across processes, and a naive
//! reference implementation as an oracle for exact aggregates.

use brownfield::logs::{self, BadLines, Format, Input, Query, QuerySpec, RunOptions, Value};
use brownfield::ErrorKind;
use std::collections::BTreeMap;

/// Deterministic request-log NDJSON (same fields as benches/harness/gen_ndjson.py).
fn ndjson(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    let regions = ["us-east-1", "eu-west-1", "ap-south-1"];
    let paths = ["/", "/api/v1/items", "/login", "/static/app.js"];
    let statuses = [200, 200, 200, 201, 404, 500, 503];
    for i in 0..n {
        let status = statuses[rnd(statuses.len() as u64) as usize];
        let lat = rnd(100_000) as f64 / 100.0;
        let extra = if i % 10 == 0 {
            r#","tags":["a","b"]"#
        } else {
            ""
        };
        out.extend(
            format!(
                r#"{{"ts":{i},"status":{status},"latency_ms":{lat},"bytes":{},"region":"{}","path":"{}","req":{{"ua":"ua{}"}}{extra}}}"#,
                rnd(5000),
                regions[rnd(3) as usize],
                paths[rnd(4) as usize],
                rnd(7)
            )
            .as_bytes(),
        );
        out.push(b'\n');
    }
    out
}

fn spec(
    filter: Option<&str>,
    by: &[&str],
    aggs: &[&str],
    order: &[&str],
    limit: Option<usize>,
) -> QuerySpec {
    QuerySpec {
        filter: filter.map(String::from),
        group_by: by.iter().map(|s| s.to_string()).collect(),
        aggregates: aggs.iter().map(|s| s.to_string()).collect(),
        order_by: order.iter().map(|s| s.to_string()).collect(),
        limit,
    }
}

fn run(data: &[u8], spec: &QuerySpec, chunk: usize, threads: usize) -> logs::QueryResult {
    let q = Query::new(spec, &Format::Ndjson).unwrap();
    let opts = RunOptions {
        chunk_size: Some(chunk),
        threads: Some(threads),
        ..Default::default()
    };
    q.run(Input::Bytes(data.into()), &opts).unwrap()
}

#[test]
fn results_do_not_depend_on_chunking_or_threads() {
    let data = ndjson(5000);
    let s = spec(
        Some("status >= 200"),
        &["region", "path"],
        &[
            "count",
            "sum:bytes",
            "p50:latency_ms",
            "p99:latency_ms",
            "max:latency_ms",
            "distinct:req.ua",
            "top2:status",
        ],
        &["-count"],
        Some(20),
    );
    let base = run(&data, &s, 1 << 20, 1);
    for (chunk, threads) in [(64, 2), (1000, 2), (4096, 1), (1, 2)] {
        assert_eq!(
            run(&data, &s, chunk, threads),
            base,
            "chunk {chunk} threads {threads}"
        );
    }
    assert_eq!(base.lines_read, 5000);
}

#[test]
fn exact_aggregates_match_a_naive_reference() {
    let data = ndjson(3000);
    let s = spec(
        Some("region != \"ap-south-1\""),
        &["status"],
        &[
            "count",
            "mean:latency_ms",
            "sum:bytes",
            "min:bytes",
            "p90:latency_ms",
        ],
        &[],
        None,
    );
    let got = run(&data, &s, 500, 2);
    // Naive reference with serde_json.
    let mut groups: BTreeMap<i64, Vec<(f64, i64)>> = BTreeMap::new();
    for line in data.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line).unwrap();
        if v["region"] == "ap-south-1" {
            continue;
        }
        groups
            .entry(v["status"].as_i64().unwrap())
            .or_default()
            .push((
                v["latency_ms"].as_f64().unwrap(),
                v["bytes"].as_i64().unwrap(),
            ));
    }
    assert_eq!(got.rows.len(), groups.len());
    for (row, (status, recs)) in got.rows.iter().zip(&groups) {
        assert_eq!(row[0], Value::Int(*status));
        assert_eq!(row[1], Value::Int(recs.len() as i64));
        let mean = recs.iter().map(|r| r.0).sum::<f64>() / recs.len() as f64;
        let Value::Float(m) = row[2] else {
            panic!("{:?}", row[2])
        };
        assert!((m - mean).abs() < 1e-9 * mean.abs().max(1.0));
        assert_eq!(row[3], Value::Int(recs.iter().map(|r| r.1).sum()));
        assert_eq!(row[4], Value::Int(recs.iter().map(|r| r.1).min().unwrap()));
        let mut lats: Vec<f64> = recs.iter().map(|r| r.0).collect();
        lats.sort_by(f64::total_cmp);
        let pos = 0.9 * (lats.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        let want = lats[lo] + (lats[hi] - lats[lo]) * (pos - lo as f64);
        let Value::Float(p) = row[5] else { panic!() };
        assert!((p - want).abs() < 1e-9, "{p} vs {want}");
    }
}

#[test]
fn strict_mode_names_the_first_bad_line() {
    let mut data = ndjson(2000);
    // Corrupt lines 700 and 1500 (1-based).
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(|l| l.to_vec()).collect();
    lines[699] = b"{\"status\": 200,".to_vec();
    lines[1499] = b"not json".to_vec();
    data = lines.join(&b'\n');
    let q = Query::new(
        &spec(None, &["status"], &["count"], &[], None),
        &Format::Ndjson,
    )
    .unwrap();
    for chunk in [100, 4096, 1 << 20] {
        let opts = RunOptions {
            chunk_size: Some(chunk),
            ..Default::default()
        };
        let err = q.run(Input::Bytes(data.clone().into()), &opts).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadRecord);
        assert_eq!(err.line(), 700, "{err}");
        assert!(err.to_string().contains("line 700"), "{err}");
    }
    let opts = RunOptions {
        bad_lines: BadLines::Skip,
        chunk_size: Some(4096),
        ..Default::default()
    };
    let r = q.run(Input::Bytes(data.into()), &opts).unwrap();
    assert_eq!(r.lines_skipped, 2);
    assert_eq!(
        r.bad_examples.iter().map(|b| b.line).collect::<Vec<_>>(),
        vec![700, 1500]
    );
    let counted: i64 = r
        .rows
        .iter()
        .map(|row| match row[1] {
            Value::Int(n) => n,
            _ => 0,
        })
        .sum();
    assert_eq!(counted as u64 + r.lines_skipped, r.lines_read);
}

#[test]
fn partials_merge_across_processes() {
    let data = ndjson(4000);
    let s = spec(
        None,
        &["region"],
        &[
            "count",
            "approx_p99:latency_ms",
            "approx_distinct:req.ua",
            "p50:latency_ms",
            "top1:path",
        ],
        &[],
        None,
    );
    let q = Query::new(&s, &Format::Ndjson).unwrap();
    let whole = q
        .run(Input::Bytes(data.clone().into()), &RunOptions::default())
        .unwrap();
    let cut = data.len() / 2
        + data[data.len() / 2..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap()
        + 1;
    let a = q
        .run_partial(Input::Bytes(data[..cut].into()), &RunOptions::default())
        .unwrap();
    let b = q
        .run_partial(Input::Bytes(data[cut..].into()), &RunOptions::default())
        .unwrap();
    let wire = serde_json::to_string(&b).unwrap();
    let mut merged = a;
    q.merge(&mut merged, serde_json::from_str(&wire).unwrap())
        .unwrap();
    assert_eq!(q.finish(merged), whole);
}

#[test]
fn gzip_input_and_text_formats() {
    use std::io::Write;
    let data = ndjson(1000);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&data).unwrap();
    let gz = enc.finish().unwrap();
    let s = spec(None, &["status"], &["count"], &[], None);
    let q = Query::new(&s, &Format::Ndjson).unwrap();
    assert_eq!(
        q.run(Input::Bytes(gz.into()), &RunOptions::default())
            .unwrap(),
        run(&data, &s, 1 << 20, 2)
    );

    let logfmt = b"level=info dur=10\nlevel=error dur=30\nlevel=info dur=20\n\n";
    let r = logs::query(
        Input::Bytes(logfmt[..].into()),
        &Format::Logfmt,
        &spec(None, &["level"], &["count", "sum:dur"], &["-count"], None),
        &RunOptions::default(),
    )
    .unwrap();
    assert_eq!(
        r.rows,
        vec![
            vec![Value::Str("info".into()), Value::Int(2), Value::Int(30)],
            vec![Value::Str("error".into()), Value::Int(1), Value::Int(30)]
        ]
    );
}

#[test]
fn real_apache_log_by_status() {
    let dir = std::env::var_os("BROWNFIELD_DATA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
        });
    let path = dir.join("logs/apache_combined_10k.log");
    let s = spec(
        Some("method = \"GET\""),
        &["status"],
        &["count", "sum:bytes"],
        &["-count"],
        Some(3),
    );
    // Line 8899 of the real sample is truncated (unclosed user agent).
    let err = logs::query(
        Input::Path(path.clone()),
        &Format::Combined,
        &s,
        &RunOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.line()),
        (ErrorKind::BadRecord, 8899),
        "{err}"
    );
    let skip = RunOptions {
        bad_lines: BadLines::Skip,
        ..Default::default()
    };
    let r = logs::query(Input::Path(path), &Format::Combined, &s, &skip).unwrap();
    assert_eq!(r.lines_read, 10_000);
    assert_eq!(r.lines_skipped, 1);
    assert_eq!(r.bad_examples[0].line, 8899);
    assert_eq!(r.rows[0][0], Value::Int(200));
    assert_eq!(r.rows.len(), 3);
}

#[test]
fn bad_queries_are_clear_errors() {
    for (s, fmt, want) in [
        (
            spec(Some("status >="), &[], &[], &[], None),
            Format::Ndjson,
            "filter",
        ),
        (
            spec(None, &[], &["p200:x"], &[], None),
            Format::Ndjson,
            "percentile",
        ),
        (
            spec(None, &["nope"], &[], &[], None),
            Format::Combined,
            "unknown field",
        ),
        (
            spec(None, &["status"], &["count"], &["-countx"], None),
            Format::Ndjson,
            "order by",
        ),
    ] {
        let err = Query::new(&s, &fmt).err().expect("error");
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(err.message().contains(want), "{err}");
    }
    let err = logs::query(
        Input::Path("/nonexistent/x.log".into()),
        &Format::Ndjson,
        &QuerySpec::default(),
        &RunOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
}

#[test]
fn cancellation_stops_the_run() {
    let data = ndjson(20_000);
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let opts = RunOptions {
        cancel: Some(cancel),
        chunk_size: Some(4096),
        ..Default::default()
    };
    let err = logs::query(
        Input::Bytes(data.into()),
        &Format::Ndjson,
        &QuerySpec::default(),
        &opts,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Interrupted);
}

/// An endless stream of one line, like a pipe that never closes.
struct Endless(&'static [u8], usize);

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            buf[n] = self.0[self.1 % self.0.len()];
            self.1 += 1;
            n += 1;
        }
        Ok(n)
    }
}

#[test]
fn endless_input_stops_on_cancel_and_on_the_first_bad_line() {
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = cancel.clone();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let opts = RunOptions {
        cancel: Some(cancel),
        chunk_size: Some(1 << 16),
        ..Default::default()
    };
    let input = Input::Reader(Box::new(Endless(b"{\"status\":200}\n", 0)));
    let err = logs::query(input, &Format::Ndjson, &QuerySpec::default(), &opts).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Interrupted);
    setter.join().unwrap();

    // Strict mode: the bad line is found, and reading stops there.
    let line: &'static [u8] = b"{\"status\":200}\n{\"status\":200}\n{bad\n";
    let opts = RunOptions {
        chunk_size: Some(1 << 12),
        ..Default::default()
    };
    let err = logs::query(
        Input::Reader(Box::new(Endless(line, 0))),
        &Format::Ndjson,
        &QuerySpec::default(),
        &opts,
    )
    .unwrap_err();
    assert_eq!((err.kind(), err.line()), (ErrorKind::BadRecord, 3));
}

/// Skip mode over many small chunks on several threads: lines broken only
/// inside values the query skips are still bad lines (the skimmer checks
/// what it skips), the count is exact and the examples are the lowest line
/// numbers whatever order the chunks finish in (workers number lines
/// within their chunks; blank lines count). Strict mode names the first
/// one. CRLF endings, a tab and a final line without its newline read as
/// usual.
#[test]
fn skip_mode_counts_lines_broken_inside_skipped_values() {
    let good = ndjson(3000);
    let mut lines: Vec<Vec<u8>> = good.split(|&b| b == b'\n').map(|l| l.to_vec()).collect();
    lines.pop(); // the empty piece after the last newline
    let broken: [&[u8]; 6] = [
        br#"{"status":200,"latency_ms":1,"req":{"ua":"a\qb"}}"#,
        b"{\"status\":200,\"latency_ms\":1,\"req\":{\"ua\":\"a\x01b\"}}",
        b"{\"status\":200,\"latency_ms\":1,\"req\":{\"ua\":\"a\xffb\"}}",
        br#"{"status":200,"latency_ms":1,"req":{"ua":"x"},"tags":[1,}"#,
        br#"{"status":200,"latency_ms":1,"ts":01}"#,
        br#"{"status":200,"latency_ms":1,"req":{"ua" "x"}}"#,
    ];
    let mut bad_lines = Vec::new();
    for (i, at) in (5..3000).step_by(97).enumerate() {
        lines[at] = broken[i % broken.len()].to_vec();
        bad_lines.push(at as u64 + 1);
    }
    lines[10].extend_from_slice(b"\r");
    lines[11] = b"{\"status\":\t200,\"latency_ms\":2}".to_vec();
    // Blank lines count for numbering only.
    lines[20] = b"".to_vec();
    lines[21] = b" \r".to_vec();
    let data = lines.join(&b'\n'); // no newline after the last line
    let q = Query::new(
        &spec(None, &["status"], &["count", "sum:bytes"], &[], None),
        &Format::Ndjson,
    )
    .unwrap();
    // Bytes go through the serial chunk reader; a file's chunks are read
    // by the workers themselves (positional reads): same answers.
    let path = std::env::temp_dir().join(format!("bf-logs-skip-{}.ndjson", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let inputs = || [Input::Bytes(data.clone().into()), Input::Path(path.clone())];
    let first_bad_offset: usize = lines[..bad_lines[0] as usize - 1]
        .iter()
        .map(|l| l.len() + 1)
        .sum();
    let mut reference = None;
    for (chunk, threads) in [(64, 2), (1000, 2), (4096, 1), (1 << 20, 2)] {
        for input in inputs() {
            let opts = RunOptions {
                bad_lines: BadLines::Skip,
                chunk_size: Some(chunk),
                threads: Some(threads),
                ..Default::default()
            };
            let r = q.run(input, &opts).unwrap();
            assert_eq!(r.lines_read, 2998);
            assert_eq!(r.lines_skipped, bad_lines.len() as u64, "chunk {chunk}");
            assert_eq!(
                r.bad_examples.iter().map(|b| b.line).collect::<Vec<_>>(),
                bad_lines[..logs::engine::BAD_LINE_EXAMPLES],
                "chunk {chunk}"
            );
            match &reference {
                None => reference = Some(r.rows),
                Some(rows) => assert_eq!(&r.rows, rows, "chunk {chunk}"),
            }
            let strict = RunOptions {
                bad_lines: BadLines::Strict,
                ..opts
            };
            for input in inputs() {
                let err = q.run(input, &strict).unwrap_err();
                assert_eq!(err.line() as u64, bad_lines[0], "chunk {chunk}: {err}");
                assert_eq!(err.offset(), first_bad_offset, "chunk {chunk}: {err}");
            }
        }
    }
    std::fs::remove_file(&path).unwrap();
}

/// A record broken over two lines is two bad lines (NDJSON has one record
/// per line), wherever the break falls: between members, inside a value
/// the query skips or reads, before the closing brace; whitespace-only
/// lines are blank, not bad.
#[test]
fn a_record_split_over_lines_is_two_bad_lines() {
    let q = Query::new(
        &spec(None, &["status"], &["count"], &[], None),
        &Format::Ndjson,
    )
    .unwrap();
    let splits: [&[u8]; 4] = [
        b"{\"status\":200,\n\"latency_ms\":1}",
        b"{\"status\":200,\"req\":{\"ua\":\"x\",\r\n\"id\":1}}",
        b"{\"status\":\n200}",
        b"{\"status\":200 \n }",
    ];
    for split in splits {
        // Followed by a record, and last with no newline after it.
        for last in [false, true] {
            let mut data = b"{\"status\":1}\n \t\r\n".to_vec();
            data.extend_from_slice(split);
            if !last {
                data.extend_from_slice(b"\n{\"status\":1}\n");
            }
            let opts = RunOptions {
                bad_lines: BadLines::Skip,
                ..Default::default()
            };
            let r = q.run(Input::Bytes(data.clone().into()), &opts).unwrap();
            let text = format!("{} last {last}", String::from_utf8_lossy(split));
            assert_eq!(r.lines_read, 4 - last as u64, "{text}");
            assert_eq!(r.lines_skipped, 2, "{text}");
            let bad: Vec<u64> = r.bad_examples.iter().map(|b| b.line).collect();
            assert_eq!(bad, [3, 4], "{text}");
            let count = Value::Int(2 - last as i64);
            assert_eq!(r.rows, vec![vec![Value::Int(1), count]], "{text}");
            let err = q
                .run(Input::Bytes(data.into()), &RunOptions::default())
                .unwrap_err();
            assert_eq!(err.line() as u64, 3, "{text}: {err}");
        }
    }
}

/// A pipe-like reader: the first read returns one byte, later ones at most
/// 4 KiB.
struct ShortReads(Vec<u8>, usize);

impl std::io::Read for ShortReads {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let step = if self.1 == 0 { 1 } else { 4096 };
        let n = buf.len().min(step).min(self.0.len() - self.1);
        buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
        self.1 += n;
        Ok(n)
    }
}

#[test]
fn gzip_and_plain_from_readers_slices_and_files_agree() {
    use std::io::Write;
    let data = ndjson(3000);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&data).unwrap();
    let gz = enc.finish().unwrap();
    let s = spec(None, &["region"], &["count", "sum:bytes"], &[], None);
    let q = Query::new(&s, &Format::Ndjson).unwrap();
    let opts = RunOptions {
        chunk_size: Some(4096),
        threads: Some(2),
        ..Default::default()
    };
    let expect = run(&data, &s, 1 << 20, 1);
    assert_eq!(expect.rows.len(), 3);
    let dir = std::env::temp_dir().join(format!("bf-logs-src-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in [("plain", &data), ("gzip", &gz)] {
        let from_reader = Input::Reader(Box::new(ShortReads(bytes.clone(), 0)));
        assert_eq!(q.run(from_reader, &opts).unwrap(), expect, "{name} reader");
        assert_eq!(q.run_slice(bytes, &opts).unwrap(), expect, "{name} slice");
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(
            q.run(Input::Path(path), &opts).unwrap(),
            expect,
            "{name} file"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Lines of one layout, about one in 25 broken by a deleted or
/// substituted byte (few enough that whole-line templates stay on), read
/// in skip mode: the same rows and skipped lines as when no line layout is
/// learned. (A chunk that is not valid UTF-8 is read line by line through
/// the member-by-member walk and the parser, without templates: the
/// reference run starts with one such line.)
#[test]
fn learned_line_layouts_do_not_change_answers_on_broken_lines() {
    let data = ndjson(4000);
    let mut lines: Vec<Vec<u8>> = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty() && !l.windows(6).any(|w| w == b"\"tags\""))
        .map(<[u8]>::to_vec)
        .collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rnd = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    let subs = b"\"\\{}[],:0-e.+ x9\t";
    for line in lines.iter_mut() {
        if rnd(25) != 0 {
            continue;
        }
        let at = rnd(line.len());
        if rnd(3) == 0 {
            line.remove(at);
        } else {
            line[at] = subs[rnd(subs.len())];
        }
    }
    let mutated = lines.join(&b'\n');
    let mut walked = b"\xff\n".to_vec();
    walked.extend_from_slice(&mutated);
    // Many fields read, or few (the others skipped).
    let many = spec(
        None,
        &["status", "region"],
        &[
            "count",
            "sum:bytes",
            "min:latency_ms",
            "max:latency_ms",
            "distinct:req.ua",
            "top2:path",
        ],
        &[],
        None,
    );
    let few = spec(None, &["status"], &["count", "sum:bytes"], &[], None);
    for s in [many, few] {
        let q = Query::new(&s, &Format::Ndjson).unwrap();
        let read = |data: Vec<u8>| {
            let opts = RunOptions {
                bad_lines: BadLines::Skip,
                chunk_size: Some(1 << 20),
                threads: Some(1),
                ..Default::default()
            };
            let mut r = q.run(Input::Bytes(data.into()), &opts).unwrap();
            r.rows.sort_by_key(|row| format!("{row:?}"));
            r
        };
        let (learned, reference) = (read(mutated.clone()), read(walked.clone()));
        assert_eq!(learned.rows, reference.rows);
        assert_eq!(learned.lines_skipped + 1, reference.lines_skipped);
        assert_eq!(learned.lines_read + 1, reference.lines_read);
        // Enough lines of each kind for the comparison to mean something.
        assert!(learned.lines_skipped > 80, "{}", learned.lines_skipped);
        assert!(learned.lines_read - learned.lines_skipped > 3000);
    }
}
