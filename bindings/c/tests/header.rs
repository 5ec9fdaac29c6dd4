//! Fails when include/brownfield.h is not what cbindgen generates from the
//! current sources. Refresh the header with
//!   BROWNFIELD_BLESS=1 cargo test -p brownfield-c --test header

use std::path::PathBuf;

#[test]
fn header_is_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("header is UTF-8");

    let path = dir.join("include/brownfield.h");
    if std::env::var_os("BROWNFIELD_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write include/brownfield.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale (or missing): the C API in bindings/c/src changed.\n\
         Refresh it with:  BROWNFIELD_BLESS=1 cargo test -p brownfield-c --test header\n\
         and commit the result.",
        path.display()
    );
}
