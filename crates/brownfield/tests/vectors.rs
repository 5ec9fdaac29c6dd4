//! Runs the shared JSON test vectors (tests/vectors/json) against the core.

use brownfield::json::{self, ParseOptions, WriteOptions};
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/json")
}

/// One manifest line.
enum Vector {
    Valid(String),
    Invalid(String, String, usize),
}

fn manifest() -> Vec<Vector> {
    let text = std::fs::read_to_string(vectors_dir().join("manifest.tsv")).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            match f[0] {
                "valid" => Vector::Valid(f[1].to_string()),
                "invalid" => Vector::Invalid(f[1].into(), f[2].into(), f[3].parse().unwrap()),
                other => panic!("bad manifest kind {other}"),
            }
        })
        .collect()
}

#[test]
fn valid_vectors_serialize_canonically() {
    let dir = vectors_dir();
    let mut n = 0;
    let mut failures = Vec::new();
    for v in manifest() {
        let Vector::Valid(name) = v else { continue };
        let input = std::fs::read(dir.join(format!("valid/{name}.json"))).unwrap();
        // The tape keeps duplicate keys: prefer the `.raw.out` form if any.
        let raw = dir.join(format!("valid/{name}.raw.out"));
        let out = if raw.exists() {
            raw
        } else {
            dir.join(format!("valid/{name}.out"))
        };
        let want = std::fs::read_to_string(out).unwrap();
        n += 1;
        match json::reformat(&input, &ParseOptions::default(), &WriteOptions::compact()) {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!("{name}: got {:.200} want {:.200}", got, want)),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 100, "only {n} valid vectors");
}

#[test]
fn invalid_vectors_give_kind_and_offset() {
    let dir = vectors_dir();
    let mut n = 0;
    let mut failures = Vec::new();
    for v in manifest() {
        let Vector::Invalid(name, kind, offset) = v else {
            continue;
        };
        let input = std::fs::read(dir.join(format!("invalid/{name}.json"))).unwrap();
        n += 1;
        match json::parse(&input, &ParseOptions::default()) {
            Ok(_) => failures.push(format!("{name}: accepted")),
            Err(e) if e.kind().name() == kind && e.offset() == offset && e.line() >= 1 => {}
            Err(e) => failures.push(format!(
                "{name}: got {} at {} ({e}), want {kind} at {offset}",
                e.kind(),
                e.offset()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 100, "only {n} invalid vectors");
}
