//! Ruby binding of the brownfield core, built with magnus.
//!
//! This crate only translates: Ruby values in, a call into the core
//! (`brownfield::json`), Ruby values or a Ruby exception out. Its modules
//! mirror the core's:
//!
//! - [`error`]: core [`brownfield::Error`]s to `Brownfield::JSON::*Error`.
//! - [`json`]: `Brownfield::JSON` — parse (tape to Ruby objects) and generate
//!   (Ruby objects driving the core's writer).
//!
//! The Ruby side (`lib/brownfield/json.rb`) defines the exception classes
//! and keyword options, then requires the shared library this crate builds
//! (`brownfield/brownfield.so`), whose `Init_brownfield` is [`init`].

use magnus::{Error, Ruby};

pub mod error;
pub mod json;

/// Entry point Ruby calls when it loads `brownfield/brownfield.so`: defines
/// the native functions under `Brownfield::JSON::Native`.
#[magnus::init(name = "brownfield")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    json::define(ruby)
}
