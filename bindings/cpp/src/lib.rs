//! The C++ binding of brownfield.
//!
//! [`bridge`] is a [cxx](https://cxx.rs) bridge that exposes the core's JSON
//! document tape, serializer, JSON Pointer lookup, document builder
//! ([`builder`]) and log engine ([`logs`]) to C++ in namespace
//! `brownfield::ffi`. C++ users never touch that namespace:
//! `include/brownfield.hpp` wraps the JSON part in an idiomatic C++17 API
//! (`brownfield::json::parse`, RAII `Document`, `Value` views, `Builder`,
//! `brownfield::Error` exceptions) and `include/brownfield/logs.hpp` the log
//! engine (`brownfield::logs::query`).
//!
//! The crate builds as a `staticlib` (`libbrownfield_cpp.a`, which also
//! carries the compiled C++ shims of the bridge) for C++ programs, and as an
//! `rlib` for its Rust unit tests.

#![warn(missing_docs)]

pub mod bridge;
pub mod builder;
pub mod logs;

pub use bridge::Doc;
