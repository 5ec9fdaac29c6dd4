//! `Brownfield::JSON`: the native half of `Brownfield::JSON.parse` and
//! `Brownfield::JSON.generate`.
//!
//! The Ruby half (`lib/brownfield/json.rb`) validates keyword options,
//! converts the source to UTF-8 bytes the way `JSON.parse` does, and calls
//! the functions defined here under `Brownfield::JSON::Native`.

use magnus::{function, prelude::*, Error, Ruby};

use crate::error::JSON_MODULE;

pub mod generate;
pub mod parse;

/// Defines `Brownfield::JSON::Native.parse(source, max_nesting,
/// symbolize_names, freeze)` and `Brownfield::JSON::Native.generate(obj,
/// max_nesting)`.
pub fn define(ruby: &Ruby) -> Result<(), Error> {
    let native = ruby.get_inner(&JSON_MODULE).define_module("Native")?;
    native.define_module_function("parse", function!(parse::parse, 4))?;
    native.define_module_function("generate", function!(generate::generate, 2))?;
    Ok(())
}
