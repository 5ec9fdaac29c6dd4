//! `Brownfield::JSON`: the native half of `Brownfield::JSON.parse`,
//! `parse_lines` and `generate` (and so of `pretty_generate`, `dump`,
//! `load` and the `mimic!` methods, which the Ruby half maps onto these).
//!
//! The Ruby half (`lib/brownfield/json.rb`) validates options, converts the
//! source to UTF-8 bytes the way `JSON.parse` does, resolves generator
//! options the way `JSON::State#configure` does (falling back to the json
//! gem only for the few cases listed there), and calls the functions
//! defined here under
//! `Brownfield::JSON::Native`.

use magnus::{function, prelude::*, Error, RModule, Ruby};

use crate::error::JSON_MODULE;

pub mod generate;
pub mod parse;

/// Defines `Brownfield::JSON::Native.parse(source, max_nesting,
/// symbolize_names, freeze, object_class, array_class)`, `.parse_lines(source, max_nesting,
/// symbolize_names, freeze)` and `.generate(obj, max_nesting, allow_nan,
/// ascii_only, escape_slash, depth, indent, key_separator, object_nl,
/// array_nl, state)`.
pub fn define(ruby: &Ruby) -> Result<(), Error> {
    // Fail with a NameError (not a panic in `JSON_MODULE`) when the library
    // is required without lib/brownfield/json.rb.
    ruby.class_object()
        .const_get::<_, RModule>("Brownfield")?
        .const_get::<_, RModule>("JSON")?;
    let native = ruby.get_inner(&JSON_MODULE).define_module("Native")?;
    native.define_module_function("parse", function!(parse::parse, 6))?;
    native.define_module_function("parse_lines", function!(parse::parse_lines, 4))?;
    native.define_module_function("generate", function!(generate::generate, 11))?;
    Ok(())
}
