//! Runs the shared JSON test vectors (tests/vectors/json, formats in its
//! README.md) against the core: manifest.tsv (documents to accept and to
//! reject), options.tsv (serializer options) and errors.tsv (error kind,
//! position and message). The core expresses every option set, so no
//! option vector is left out here.

use brownfield::json::{self, FloatStyle, ParseOptions, WriteOptions};
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/json")
}

/// The non-comment lines of a vectors file, split at tabs.
fn table(file: &str) -> Vec<Vec<String>> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

/// One manifest line.
enum Vector {
    Valid(String),
    Invalid(String, String, usize),
}

fn manifest() -> Vec<Vector> {
    table("manifest.tsv")
        .into_iter()
        .map(|f| match f[0].as_str() {
            "valid" => Vector::Valid(f[1].clone()),
            "invalid" => Vector::Invalid(f[1].clone(), f[2].clone(), f[3].parse().unwrap()),
            other => panic!("bad manifest kind {other}"),
        })
        .collect()
}

/// The expected text for `out` (a path ending in `.out` relative to the
/// vectors folder): its `.raw.out` sibling when there is one, since the
/// tape keeps duplicate keys.
fn expected_text(out: &str) -> String {
    let dir = vectors_dir();
    let stem = out
        .strip_suffix(".out")
        .expect("expected file ends in .out");
    let raw = dir.join(format!("{stem}.raw.out"));
    let path = if raw.exists() { raw } else { dir.join(out) };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

#[test]
fn valid_vectors_serialize_canonically() {
    let dir = vectors_dir();
    let mut n = 0;
    let mut failures = Vec::new();
    for v in manifest() {
        let Vector::Valid(name) = v else { continue };
        let input = std::fs::read(dir.join(format!("valid/{name}.json"))).unwrap();
        let want = expected_text(&format!("valid/{name}.out"));
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

/// The write options of an options.tsv spec, e.g. `indent=2
/// separators=pretty sort_keys=false ensure_ascii=true allow_nan=false`.
fn write_options(spec: &str) -> WriteOptions {
    let mut opts = WriteOptions {
        float_style: FloatStyle::Python,
        ..WriteOptions::compact()
    };
    let flag = |v: &str| match v {
        "true" => true,
        "false" => false,
        _ => panic!("bad flag {v:?} in {spec:?}"),
    };
    for item in spec.split(' ') {
        let (key, value) = item.split_once('=').expect("key=value");
        match key {
            "indent" if value == "none" => opts.indent = None,
            "indent" if value.starts_with('"') => {
                opts.indent = Some(serde_json::from_str(value).expect("indent string"))
            }
            "indent" => opts.indent = Some(" ".repeat(value.parse().expect("indent width"))),
            "separators" => {
                let (item, key) = match value {
                    "compact" => (",", ":"),
                    "spaced" => (", ", ": "),
                    "pretty" => (",", ": "),
                    _ => panic!("bad separators {value:?}"),
                };
                opts.item_separator = item.into();
                opts.key_separator = key.into();
            }
            "sort_keys" => opts.sort_keys = flag(value),
            "ensure_ascii" => opts.ensure_ascii = flag(value),
            "allow_nan" => opts.allow_nan = flag(value),
            _ => panic!("unknown option {key:?} in {spec:?}"),
        }
    }
    opts
}

#[test]
fn option_vectors_write_the_expected_text() {
    let dir = vectors_dir();
    let mut n = 0;
    let mut failures = Vec::new();
    for f in table("options.tsv") {
        let [name, input, spec, expected] = f.as_slice() else {
            panic!("bad options line {f:?}");
        };
        let input = std::fs::read(dir.join(input)).unwrap();
        let got = json::reformat(&input, &ParseOptions::default(), &write_options(spec));
        n += 1;
        match (expected.strip_prefix("error:"), got) {
            (None, Ok(got)) if got == expected_text(expected) => {}
            (Some(kind), Err(e)) if e.kind().name() == kind && e.position().is_none() => {}
            (_, got) => failures.push(format!("{name} ({spec}): got {got:?}, want {expected}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 150, "only {n} option vectors");
}

/// Kind, offset, line, column and message of an errors/ input.
fn check_error(path: &Path, f: &[String]) -> Result<(), String> {
    let [_, kind, offset, line, column, message] = f else {
        panic!("bad errors line {f:?}");
    };
    let input = std::fs::read(path).unwrap();
    let e = match json::parse(&input, &ParseOptions::default()) {
        Ok(_) => return Err("accepted".into()),
        Err(e) => e,
    };
    let got = (
        e.kind().name().to_string(),
        e.offset().to_string(),
        e.line().to_string(),
        e.column().to_string(),
        e.message().to_string(),
    );
    let want = (
        kind.clone(),
        offset.clone(),
        line.clone(),
        column.clone(),
        message.clone(),
    );
    if got != want {
        return Err(format!("got {got:?}, want {want:?}"));
    }
    let display = format!("{message} at line {line} column {column} (byte {offset})");
    if e.to_string() != display {
        return Err(format!(
            "displayed as {:?}, want {display:?}",
            e.to_string()
        ));
    }
    Ok(())
}

#[test]
fn error_vectors_give_kind_position_and_message() {
    let dir = vectors_dir();
    let mut kinds = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for f in table("errors.tsv") {
        let path = dir.join(format!("errors/{}.json", f[0]));
        if let Err(why) = check_error(&path, &f) {
            failures.push(format!("{}: {why}", f[0]));
        }
        kinds.insert(f[1].clone());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every kind the parser can produce has a vector.
    let decode_kinds: Vec<_> = brownfield::ErrorKind::ALL
        .into_iter()
        .filter(|k| k.is_decode_error())
        .map(|k| k.name().to_string())
        .collect();
    let missing: Vec<_> = decode_kinds
        .iter()
        .filter(|k| !kinds.contains(*k))
        .collect();
    assert!(missing.is_empty(), "no error vector for {missing:?}");
}
