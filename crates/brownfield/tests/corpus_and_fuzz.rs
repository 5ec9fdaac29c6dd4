//! Round trips over the shared corpus, agreement between the simd-json fast
//! path and the precise parser, and hostile inputs that must never crash.

use brownfield::json::{self, precise, Document, ParseOptions, WriteOptions};
use brownfield::ErrorKind;
use proptest::prelude::*;
use std::path::PathBuf;

fn corpus() -> Vec<(String, Vec<u8>)> {
    // BROWNFIELD_DATA_DIR (set by ci/test.sh) or the checkout's sibling
    // `shared/data`; a missing corpus fails the test, it never skips.
    let data = std::env::var_os("BROWNFIELD_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let dir = data.join("json");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus too small");
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Value equality where numbers compare numerically (serde_json reads `-0`
/// as a float, brownfield, like Python and Ruby, as the integer 0).
fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn corpus_round_trips_and_paths_agree() {
    let opts = ParseOptions::default();
    for (name, data) in corpus() {
        let doc = json::parse(&data, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let slow = precise::parse(&data, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(doc == slow, "{name}: fast and precise parsers disagree");
        let text = doc.to_json(&WriteOptions::compact()).unwrap();
        let again = json::parse(text.as_bytes(), &opts).unwrap();
        assert!(doc == again, "{name}: round trip changed the value");
        // serde_json as an independent oracle for the value.
        let a: serde_json::Value = serde_json::from_slice(&data).unwrap();
        let b: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(
            same_value(&a, &b),
            "{name}: serde_json sees a different value"
        );
    }
}

#[test]
fn every_truncation_of_a_document_is_a_clean_error() {
    let data = br#"{"a":[1,2.5e-3,"x\u00e9\ud83d\ude00y",true,null,{"b":-0}],"c":"\n"}"#;
    for cut in 0..data.len() {
        let err = json::parse(&data[..cut], &ParseOptions::default()).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedEof | ErrorKind::EmptyInput),
            "cut {cut}: {err}"
        );
        assert!(err.offset() <= cut);
    }
}

#[test]
fn huge_nesting_is_an_error_not_a_crash() {
    for open in [&b"["[..], b"{\"k\":", b"[{\"k\":"] {
        let mut doc = open.repeat(200_000);
        doc.extend(b"1");
        let err = json::parse(&doc, &ParseOptions::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NestingTooDeep);
    }
    // A raised limit is honoured by both paths, iteratively.
    let deep = [b"[".repeat(50_000), b"]".repeat(50_000)].concat();
    let opts = ParseOptions { max_depth: 100_000 };
    let doc = json::parse(&deep, &opts).unwrap();
    assert_eq!(doc.depth(), 50_000);
    let mut w = WriteOptions::compact();
    w.max_depth = 100_000;
    assert_eq!(doc.to_json(&w).unwrap().len(), deep.len());
    // The writer refuses what exceeds its own limit.
    let err = doc.to_json(&WriteOptions::compact()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NestingTooDeep);
}

#[test]
fn lower_depth_limit_applies_on_fast_path() {
    let doc = b"[[[[1]]]]";
    let err = json::parse(doc, &ParseOptions { max_depth: 3 }).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::NestingTooDeep, 3));
    assert!(json::parse(doc, &ParseOptions { max_depth: 4 }).is_ok());
}

#[test]
fn document_navigation() {
    let doc = json::parse(
        br#"{"a":[1,{"b":2}],"c":"d","a":3}"#,
        &ParseOptions::default(),
    )
    .unwrap();
    let root = doc.root();
    assert_eq!(doc.object_members(root).len(), 3);
    let a = doc.object_get(root, "a").unwrap();
    assert_eq!(*doc.node(a), json::Node::Int(3));
    let first_a = doc.object_members(root).next().unwrap().1;
    let items: Vec<usize> = doc.array_items(first_a).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(doc.str_at(doc.object_get(root, "c").unwrap()), Some("d"));
    assert_eq!(doc.depth(), 3);
}

#[test]
fn writer_python_and_ruby_presets() {
    let doc = json::parse(
        r#"{"k":[1.0,1e16,"é\u007f\u001f",null,true,12345678901234567890123]}"#.as_bytes(),
        &ParseOptions::default(),
    )
    .unwrap();
    assert_eq!(
        doc.to_json(&WriteOptions::python()).unwrap(),
        r#"{"k": [1.0, 1e+16, "\u00e9\u007f\u001f", null, true, 12345678901234567890123]}"#
    );
    assert_eq!(
        doc.to_json(&WriteOptions::ruby()).unwrap(),
        "{\"k\":[1.0,1.0e+16,\"é\u{7f}\\u001f\",null,true,12345678901234567890123]}"
    );
    let mut pretty = WriteOptions::python();
    pretty.indent = Some("  ".into());
    pretty.item_separator = ",".into();
    let doc = json::parse(br#"{"a":[1,[]],"b":{}}"#, &ParseOptions::default()).unwrap();
    assert_eq!(
        doc.to_json(&pretty).unwrap(),
        "{\n  \"a\": [\n    1,\n    []\n  ],\n  \"b\": {}\n}"
    );
}

#[test]
fn non_finite_floats_follow_allow_nan() {
    let doc = json::parse(b"[1e400,-1e400]", &ParseOptions::default()).unwrap();
    assert_eq!(
        doc.to_json(&WriteOptions::python()).unwrap(),
        "[Infinity, -Infinity]"
    );
    let err = doc.to_json(&WriteOptions::compact()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unserializable);
}

/// A random JSON value rendered as text, with varied whitespace.
fn arb_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        any::<u64>().prop_map(|v| v.to_string()),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(|v| format!("{v:e}")),
        "-?[1-9][0-9]{18,40}".prop_map(|s| s),
        "-?(0|[1-9][0-9]{0,5})\\.[0-9]{1,20}([eE][-+]?[0-9]{1,3})?".prop_map(|s| s),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        "\\\\u[0-9a-fA-F]{4}".prop_map(|s| format!("\"{s}\"")),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(|v| format!("[{}]", v.join(" ,"))),
            prop::collection::vec((any::<String>(), inner), 0..8).prop_map(|m| {
                let members: Vec<String> = m
                    .into_iter()
                    .map(|(k, v)| format!("{} :\n{}", serde_json::to_string(&k).unwrap(), v))
                    .collect();
                format!("{{ {} }}", members.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the fast path accepts, the precise parser accepts with the
    /// identical tape; whatever the precise parser rejects, `parse` rejects.
    #[test]
    fn fast_and_precise_agree(text in arb_json()) {
        let opts = ParseOptions::default();
        let fast = json::parse(text.as_bytes(), &opts);
        let slow = precise::parse(text.as_bytes(), &opts);
        prop_assert_eq!(&fast, &slow);
        // Overflowing floats parse to ±inf, which JSON cannot write back.
        let finite = fast.as_ref().is_ok_and(|d| {
            d.nodes().iter().all(|n| !matches!(n, json::Node::Float(f) if !f.is_finite()))
        });
        if let (true, Ok(doc)) = (finite, fast) {
            let out = doc.to_json(&WriteOptions::python()).unwrap();
            let back: Document = json::parse(out.as_bytes(), &opts).unwrap();
            prop_assert_eq!(back, doc);
        }
    }

    /// Arbitrary bytes never panic, and errors carry a sane position.
    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..256)) {
        match json::parse(&data, &ParseOptions::default()) {
            Ok(doc) => prop_assert!(!doc.nodes().is_empty()),
            Err(e) => prop_assert!(e.offset() <= data.len() && e.line() >= 1),
        }
    }

    /// Mutations of a valid document: fast path and precise parser agree.
    #[test]
    fn mutated_documents_agree(text in arb_json(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut data = text.into_bytes();
        if !data.is_empty() {
            let i = at.index(data.len());
            data[i] = byte;
        }
        let opts = ParseOptions::default();
        let fast = json::parse(&data, &opts);
        let slow = precise::parse(&data, &opts);
        prop_assert_eq!(fast.is_ok(), slow.is_ok(), "{:?}", String::from_utf8_lossy(&data));
        if let (Ok(a), Ok(b)) = (fast, slow) { prop_assert_eq!(a, b); }
    }
}

#[test]
fn sort_keys_orders_members_at_every_level() {
    let doc = json::parse(
        r#"{"b":1,"a":{"z":[{"y":1,"x":2}],"é":0,"e":0},"a":2}"#.as_bytes(),
        &ParseOptions::default(),
    )
    .unwrap();
    let mut opts = WriteOptions::compact();
    opts.sort_keys = true;
    assert_eq!(
        doc.to_json(&opts).unwrap(),
        r#"{"a":{"e":0,"z":[{"x":2,"y":1}],"é":0},"a":2,"b":1}"#
    );
}
