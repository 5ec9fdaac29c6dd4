//! Parse and serialize throughput per corpus file: brownfield's core against
//! simd-json (owned DOM and tape) and serde_json, in the same run. Parsing
//! is measured into a `Document` (`json::parse`, `json::precise::parse`)
//! and into a sink that builds nothing (`json::parse_into`).
//!
//! Run: `cargo bench -p brownfield-benches` (corpus from BROWNFIELD_DATA_DIR,
//! default ../shared/data). Results land in target/criterion.

use brownfield::json::{self, ParseOptions, Sink, WriteOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::PathBuf;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let data = std::env::var_os("BROWNFIELD_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    let mut files: Vec<_> = std::fs::read_dir(data.join("json"))
        .expect("corpus dir (set BROWNFIELD_DATA_DIR)")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&p).expect("readable corpus file"))
        })
        .collect()
}

fn parse(c: &mut Criterion) {
    let opts = ParseOptions::default();
    for (name, data) in corpus() {
        let mut g = c.benchmark_group(format!("parse/{name}"));
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(BenchmarkId::new("brownfield", &name), |b| {
            b.iter(|| json::parse(&data, &opts).expect("valid corpus"))
        });
        g.bench_function(BenchmarkId::new("brownfield-precise", &name), |b| {
            b.iter(|| json::precise::parse(&data, &opts).expect("valid corpus"))
        });
        g.bench_function(BenchmarkId::new("brownfield-sink", &name), |b| {
            b.iter(|| json::parse_into(&data, &opts, Count::default()).expect("valid corpus"))
        });
        g.bench_function(BenchmarkId::new("simd-json-tape", &name), |b| {
            b.iter(|| {
                let mut buf = data.clone();
                simd_json::to_tape(&mut buf).expect("valid corpus").0.len()
            })
        });
        g.bench_function(BenchmarkId::new("simd-json-owned", &name), |b| {
            b.iter(|| {
                let mut buf = data.clone();
                simd_json::to_owned_value(&mut buf).expect("valid corpus")
            })
        });
        g.bench_function(BenchmarkId::new("serde_json", &name), |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(&data).expect("valid corpus"))
        });
        g.finish();
    }
}

/// A [`Sink`] that only counts values: `json::parse_into` with it measures
/// the precise parser alone, the part of a binding's one-pass build (e.g.
/// Python's `loads`) that is not creating host objects.
#[derive(Default)]
struct Count(usize);

impl Sink for Count {
    type Output = usize;
    type Error = brownfield::Error;
    type Mark = ();
    fn null(&mut self) -> Result<(), Self::Error> {
        self.0 += 1;
        Ok(())
    }
    fn bool(&mut self, _: bool) -> Result<(), Self::Error> {
        self.0 += 1;
        Ok(())
    }
    fn int(&mut self, v: i64) -> Result<(), Self::Error> {
        self.0 += criterion::black_box(v) as usize & 1;
        Ok(())
    }
    fn uint(&mut self, v: u64) -> Result<(), Self::Error> {
        self.0 += criterion::black_box(v) as usize & 1;
        Ok(())
    }
    fn big_int(&mut self, text: &str) -> Result<(), Self::Error> {
        self.0 += text.len();
        Ok(())
    }
    fn float(&mut self, v: f64) -> Result<(), Self::Error> {
        self.0 += criterion::black_box(v).is_sign_negative() as usize;
        Ok(())
    }
    fn string(&mut self, s: &str, _: bool) -> Result<(), Self::Error> {
        self.0 += s.len();
        Ok(())
    }
    fn key(&mut self, s: &str, _: bool) -> Result<(), Self::Error> {
        self.0 += s.len();
        Ok(())
    }
    fn begin_array(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end_array(&mut self, _: (), len: usize) -> Result<(), Self::Error> {
        self.0 += len;
        Ok(())
    }
    fn begin_object(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end_object(&mut self, _: (), len: usize) -> Result<(), Self::Error> {
        self.0 += len;
        Ok(())
    }
    fn finish(self) -> Result<usize, Self::Error> {
        Ok(self.0)
    }
}

fn serialize(c: &mut Criterion) {
    let opts = ParseOptions::default();
    for (name, data) in corpus() {
        let doc = json::parse(&data, &opts).expect("valid corpus");
        let owned = simd_json::to_owned_value(&mut data.clone()).expect("valid corpus");
        let serde: serde_json::Value = serde_json::from_slice(&data).expect("valid corpus");
        let mut g = c.benchmark_group(format!("serialize/{name}"));
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(BenchmarkId::new("brownfield", &name), |b| {
            b.iter(|| {
                doc.to_json(&WriteOptions::compact())
                    .expect("finite corpus")
            })
        });
        g.bench_function(BenchmarkId::new("brownfield-python", &name), |b| {
            b.iter(|| doc.to_json(&WriteOptions::python()).expect("finite corpus"))
        });
        g.bench_function(BenchmarkId::new("simd-json", &name), |b| {
            b.iter(|| simd_json::to_string(&owned).expect("serializable"))
        });
        g.bench_function(BenchmarkId::new("serde_json", &name), |b| {
            b.iter(|| serde_json::to_string(&serde).expect("serializable"))
        });
        g.finish();
    }
}

/// Many small documents (one JSON object per line, ~40 to ~300 bytes):
/// the per-call overhead the size threshold in `json::parse` is about.
fn small_documents(c: &mut Criterion) {
    let opts = ParseOptions::default();
    let lines: Vec<Vec<u8>> = (0..2000)
        .map(|i| {
            if i % 2 == 0 {
                format!(r#"{{"id":{i},"name":"xxxxxxxx","ok":true,"v":[1,2]}}"#)
            } else {
                format!(
                    r#"{{"id":{i},"name":"user {i}","tags":["a","b","c"],"score":{}.5,"nested":{{"k":"vvvvvvvvvvvvvvvvvvvv","n":null,"list":[1,2,3,4,5]}}}}"#,
                    i * 3
                )
            }
            .into_bytes()
        })
        .collect();
    let bytes: usize = lines.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("parse/small-documents");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("brownfield", |b| {
        b.iter(|| {
            for l in &lines {
                criterion::black_box(json::parse(l, &opts).expect("valid"));
            }
        })
    });
    g.bench_function("brownfield-precise", |b| {
        b.iter(|| {
            for l in &lines {
                criterion::black_box(json::precise::parse(l, &opts).expect("valid"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, parse, serialize, small_documents);
criterion_main!(benches);
