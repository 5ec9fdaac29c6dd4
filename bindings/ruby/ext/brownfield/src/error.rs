//! Turns core errors into the Ruby exceptions defined in
//! `lib/brownfield/json.rb`.
//!
//! | core [`ErrorKind`]            | Ruby exception                                   |
//! |-------------------------------|--------------------------------------------------|
//! | `nesting_too_deep`            | `Brownfield::JSON::NestingError < ::JSON::NestingError` |
//! | other decode kinds (parse)    | `Brownfield::JSON::ParserError < ::JSON::ParserError`   |
//! | `unserializable` (generate)   | `Brownfield::JSON::GeneratorError < ::JSON::GeneratorError` |
//! | `internal` (caught panic)     | `Brownfield::JSON::ParserError` / `GeneratorError` by operation |
//!
//! Every exception carries `kind` (the core's kind name as a Symbol),
//! `offset` (byte), `line` and `column` (1-based), `nil` when the error has
//! no input position.

use brownfield::{ErrorKind, Position};
use magnus::{prelude::*, value::Lazy, Error, ExceptionClass, RModule, Ruby, Symbol};

/// `Brownfield::JSON`, defined by `lib/brownfield/json.rb` before the
/// extension is loaded.
pub static JSON_MODULE: Lazy<RModule> = Lazy::new(|ruby| {
    ruby.class_object()
        .const_get::<_, RModule>("Brownfield")
        .and_then(|m| m.const_get::<_, RModule>("JSON"))
        .expect("Brownfield::JSON is defined before brownfield.so is loaded")
});

/// Looks up `Brownfield::JSON::<name>` (an exception class).
fn error_class(ruby: &Ruby, name: &str) -> Result<ExceptionClass, Error> {
    ruby.get_inner(&JSON_MODULE).const_get(name)
}

/// Which operation failed: decides the exception class for kinds that are
/// not specific to one side (`internal`, `invalid_argument`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `Brownfield::JSON.parse`.
    Parse,
    /// `Brownfield::JSON.generate`.
    Generate,
}

/// The Ruby exception for a core error raised during `op`.
pub fn to_ruby(ruby: &Ruby, err: &brownfield::Error, op: Operation) -> Error {
    let class_name = match (err.kind(), op) {
        (ErrorKind::NestingTooDeep, _) => "NestingError",
        (_, Operation::Parse) => "ParserError",
        (_, Operation::Generate) => "GeneratorError",
    };
    raise(
        ruby,
        class_name,
        &err.to_string(),
        err.kind(),
        err.position(),
    )
}

/// Builds `Brownfield::JSON::<class_name>.new(message, kind, offset, line,
/// column)`; falls back to the lookup/constructor error if that fails.
pub fn raise(
    ruby: &Ruby,
    class_name: &str,
    message: &str,
    kind: ErrorKind,
    position: Option<Position>,
) -> Error {
    let build = || -> Result<Error, Error> {
        let class = error_class(ruby, class_name)?;
        let (offset, line, column) = match position {
            Some(p) => (
                Some(p.offset as u64),
                Some(p.line as u64),
                Some(p.column as u64),
            ),
            None => (None, None, None),
        };
        let kind: Symbol = ruby.to_symbol(kind.name());
        let exc: magnus::Exception = class.new_instance((message, kind, offset, line, column))?;
        Ok(Error::from(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// The error for a Rust panic caught at the FFI boundary (a brownfield bug).
pub fn internal(ruby: &Ruby, op: Operation, what: &str) -> Error {
    let class_name = match op {
        Operation::Parse => "ParserError",
        Operation::Generate => "GeneratorError",
    };
    raise(
        ruby,
        class_name,
        &format!("internal error in brownfield ({what}); please report it"),
        ErrorKind::Internal,
        None,
    )
}
