//! brownfield: one Rust performance core for legacy Python, Ruby, C and C++
//! applications.
//!
//! The core knows nothing about any host language. Bindings translate: native
//! values in, a call here, native values or a native error out.
//!
//! - [`json`]: parse JSON into a walkable tape, and serialize from any walk.
//! - [`logs`]: parallel NDJSON/log parsing and group-by aggregation.
//! - [`error`]: the typed error every operation returns.

pub mod error;
pub mod json;
pub mod logs;
mod swar;

pub use error::{Error, ErrorKind, Position, Result};
