//! brownfield-c: the C ABI over the brownfield core.
//!
//! This crate only translates: C arguments in, a call into
//! [`brownfield::json`] or [`brownfield::logs`], C results or a filled
//! [`bf_error`] out. The header
//! `include/brownfield.h` is generated from these items by cbindgen (see
//! `tests/header.rs`), so every doc comment here is also the C
//! documentation.
//!
//! Conventions kept by every function:
//! - fallible functions return a [`bf_status`]: `BF_OK` (0) or the
//!   [`bf_error_kind`] of the failure;
//! - NULL pointers, out-of-range indices and wrong value types give
//!   `BF_ERROR_INVALID_ARGUMENT`, never a crash;
//! - every body runs inside `catch_unwind`: a panic becomes
//!   `BF_ERROR_INTERNAL` and never crosses the FFI boundary;
//! - every pointer handed to C has exactly one documented free function.
//!
//! Modules: [`error`] (status, error kinds, the error struct), [`document`]
//! (parse, accessors, iteration, JSON Pointer), [`builder`] (documents
//! built from code), [`serialize`] (write options, buffers), [`logs`] (log
//! queries and their result tables).

// The C names (`bf_document`, `BF_OK`, ...) are the public ABI.
#![allow(non_camel_case_types)]
// Each function's documentation (which is also the C header's) says, in
// prose as rure.h does, which pointers may be NULL, what they must point to
// and how long results live; a Rust-only `# Safety` heading would repeat it.
#![allow(clippy::missing_safety_doc)]

pub mod builder;
pub mod document;
pub mod error;
pub mod logs;
pub mod serialize;

pub use builder::*;
pub use document::*;
pub use error::*;
pub use logs::*;
pub use serialize::*;

/// bf_version returns the library version as a static,
/// NUL-terminated string such as "0.1.0".
///
/// The pointer is valid for the life of the process and must not be freed.
#[no_mangle]
pub extern "C" fn bf_version() -> *const std::os::raw::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
