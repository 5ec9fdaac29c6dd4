//! The log engine: parallel NDJSON/log parsing and group-by aggregation.
//!
//! ```text
//! Input ──ChunkReader──▶ chunks on line boundaries ──rayon──▶ Query::process_chunk
//!   (file, bytes,          (memory bounded by              (Extractor reads only the
//!    stdin, gzip)           chunk size × threads)           fields the query uses)
//!                                                 ──▶ Partial ──merge──▶ Query::finish ──▶ QueryResult
//! ```
//!
//! - [`source`]: inputs and chunking (plain regular files: chunks the
//!   workers read themselves, in `file_chunks`).
//! - [`format`](mod@format): NDJSON, logfmt, Common/Combined Log Format, regex.
//! - [`filter`]: the `--where` expression language (SQL null semantics).
//! - [`agg`]: aggregates and their mergeable states.
//! - [`engine`]: compiling and running a query (group keys hashed and
//!   compared by `group_key`).

pub mod agg;
pub mod engine;
mod file_chunks;
pub mod filter;
pub mod format;
mod group_key;
pub mod source;
pub mod value;

pub use agg::{AggKind, AggSpec};
pub use engine::{BadLine, BadLines, Partial, Query, QueryResult, QuerySpec, RunOptions};
pub use format::Format;
pub use source::Input;
pub use value::{Val, Value};

/// Compiles `spec` for `format` and runs it over `input`.
pub fn query(
    input: Input,
    format: &Format,
    spec: &QuerySpec,
    opts: &RunOptions,
) -> crate::Result<QueryResult> {
    Query::new(spec, format)?.run(input, opts)
}
