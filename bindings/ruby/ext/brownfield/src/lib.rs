//! Ruby binding of the brownfield core, built with magnus.
//!
//! This crate only translates: Ruby values in, a call into the core
//! (`brownfield::json`), Ruby values or a Ruby exception out. Its modules
//! mirror the core's:
//!
//! - [`error`]: core [`brownfield::Error`]s to `Brownfield::JSON::*Error`.
//! - [`json`]: `Brownfield::JSON` — parse (tape to Ruby objects), parse_lines
//!   (NDJSON in parallel) and generate (Ruby objects driving the core's
//!   writer).
//! - [`logs`]: `Brownfield::Logs` — log queries run with the GVL released.
//!
//! The Ruby side (`lib/brownfield/json.rb`, `lib/brownfield/logs.rb`)
//! defines the exception classes and keyword options, then requires the shared library this crate builds
//! (`brownfield/brownfield.so`), whose `Init_brownfield` (see `entry`)
//! defines the native functions.

#![warn(missing_docs)]

pub mod error;
pub mod json;
pub mod logs;

/// The extension's entry point, in a private module: the macro also emits
/// the exported `Init_brownfield` symbol Ruby calls when it loads
/// `brownfield/brownfield.so`.
mod entry {
    use magnus::{Error, Ruby};

    /// Defines the native functions under `Brownfield::JSON::Native` and
    /// `Brownfield::Logs::Native`.
    #[magnus::init(name = "brownfield")]
    fn init(ruby: &Ruby) -> Result<(), Error> {
        crate::json::define(ruby)?;
        crate::logs::define(ruby)
    }
}
