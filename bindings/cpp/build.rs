//! Generates and compiles the C++ half of the cxx bridge (src/bridge.rs).
//!
//! The generated header lands in `<target>/cxxbridge/brownfield-cpp/src/bridge.rs.h`
//! and `rust/cxx.h` in `<target>/cxxbridge/rust/`; `include/brownfield.hpp`
//! includes both. The compiled shims are bundled into the staticlib.

fn main() {
    cxx_build::bridge("src/bridge.rs")
        .std("c++17")
        .compile("brownfield-cpp-bridge");
    println!("cargo:rerun-if-changed=src/bridge.rs");
}
