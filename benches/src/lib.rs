//! Benchmarks only; see benches/json.rs.
