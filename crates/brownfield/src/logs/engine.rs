//! Running a query: chunks in parallel on rayon, each worker folding its
//! chunks into one running result, the workers' results merged (bad lines
//! renumbered from chunk-relative to input lines), then the final table
//! sorted and limited.

use super::agg::{AggKind, AggSpec, AggState};
use super::file_chunks::FileChunks;
use super::filter::{Expr, Truth};
use super::format::{Extractor, Format, Scratch, Utf8Text};
use super::group_key::{key_eq, key_hash};
use super::source::{Chunk, ChunkReader, Input, DEFAULT_CHUNK_SIZE};
use super::value::{Val, Value};
use crate::error::{Error, ErrorKind, Position, Result};
use hashbrown::HashTable;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Whether a reader's bytes may still be gzip-compressed.
#[derive(Debug, Clone, Copy)]
enum Sniff {
    /// Raw input: detect gzip from the first bytes.
    Gzip,
    /// Already decompressed (the caller opened it).
    Plain,
}

/// Where a run's chunks come from.
enum Chunks<'a> {
    /// One reader, in order (workers take turns at it).
    Serial(ChunkReader<'a>),
    /// A plain regular file whose chunks each worker reads itself.
    File(FileChunks),
}

/// A chunk handed to a worker: read already, or to be read by it.
enum Ticket {
    /// Read by the serial reader.
    Read(Chunk),
    /// Chunk number `i` of a [`Chunks::File`].
    At(usize),
}

/// How many bad-line examples a skip-mode result keeps.
pub const BAD_LINE_EXAMPLES: usize = 5;

/// A query, as the CLI and every binding express it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuerySpec {
    /// Filter expression (see [`super::filter`]); `None` keeps every record.
    pub filter: Option<String>,
    /// Group-by fields; empty means one group over all records.
    pub group_by: Vec<String>,
    /// Aggregates (`count`, `p99:latency_ms`, ...); empty means `count`.
    pub aggregates: Vec<String>,
    /// Output columns to sort by, each optionally prefixed with `-` for
    /// descending (`-count`); default: by the group keys ascending.
    pub order_by: Vec<String>,
    /// Keep only the first rows after sorting.
    pub limit: Option<usize>,
}

/// What to do with lines that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BadLines {
    /// Stop at the first bad line with an error naming it.
    #[default]
    Strict,
    /// Skip bad lines, counting them and keeping the first few.
    Skip,
}

impl BadLines {
    /// `Skip` when `skip` is true, else `Strict` (the bindings' boolean
    /// `skip_bad_lines` flag).
    pub fn skip_if(skip: bool) -> BadLines {
        if skip {
            BadLines::Skip
        } else {
            BadLines::Strict
        }
    }
}

/// How to run a query.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Bytes per chunk (default [`DEFAULT_CHUNK_SIZE`]).
    pub chunk_size: Option<usize>,
    /// Worker threads (default: rayon's global pool, one per core).
    pub threads: Option<usize>,
    /// Bad-line policy.
    pub bad_lines: BadLines,
    /// Set from another thread (a Ctrl-C handler) to stop early with an
    /// `Interrupted`-kind I/O error.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Called with the number of input bytes processed so far.
    pub progress: Option<Arc<dyn Fn(u64) + Send + Sync>>,
}

/// The chunk size when the caller sets none: [`DEFAULT_CHUNK_SIZE`], but
/// small enough that an input of known size gives every thread several
/// chunks (so no thread idles at the end), and at least 256 KiB so the
/// per-chunk work (a group table, a merge) stays negligible.
fn auto_chunk_size(size_hint: Option<u64>, threads: usize) -> usize {
    const MIN_CHUNK: usize = 256 << 10;
    match size_hint {
        Some(n) => {
            let per_chunk = n / (threads.max(1) as u64 * 8);
            usize::try_from(per_chunk)
                .unwrap_or(usize::MAX)
                .clamp(MIN_CHUNK, DEFAULT_CHUNK_SIZE)
        }
        None => DEFAULT_CHUNK_SIZE,
    }
}

/// Empties `v` and gives its allocation back with any lifetime: the
/// per-line field buffer is reused across lines that borrow from different
/// places. (Collecting an emptied `Vec` into one of a same-layout type
/// reuses its allocation.)
fn recycle<'b>(mut v: Vec<Val<'_>>) -> Vec<Val<'b>> {
    v.clear();
    v.into_iter().map(|_| Val::Null).collect()
}

/// A query compiled against a format: field slots, filter, aggregates.
pub struct Query {
    spec: QuerySpec,
    fields: Vec<String>,
    filter: Option<Expr>,
    key_slots: Vec<usize>,
    aggs: Vec<(AggSpec, Option<usize>)>,
    /// Per aggregate, the aggregate whose state collects its values: its
    /// own index, or that of an earlier exact quantile of the same field
    /// (`p50:x,p99:x` keep one list of `x`; the other state stays empty).
    value_source: Vec<usize>,
    extractor: Extractor,
}

/// Runs `f` on a pool of `opts.threads` threads, or on the current pool
/// (rayon's global one unless the caller installed another).
fn with_threads<R: Send>(opts: &RunOptions, f: impl FnOnce() -> Result<R> + Send) -> Result<R> {
    match opts.threads {
        Some(n) => pool_of(n.max(1))?.install(f),
        None => f(),
    }
}

/// A pool of `n` threads, kept for the next query that asks for as many
/// (a caller running small queries in a loop would otherwise start and
/// stop `n` threads per query). Up to [`KEPT_POOLS`] sizes are kept.
fn pool_of(n: usize) -> Result<Arc<rayon::ThreadPool>> {
    static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(size, _)| *size == n) {
        return Ok(pool.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("brownfield-{i}"))
        .build()
        .map(Arc::new)
        .map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
    if pools.len() < KEPT_POOLS {
        pools.push((n, pool.clone()));
    }
    Ok(pool)
}

/// Pool sizes [`pool_of`] keeps at most.
const KEPT_POOLS: usize = 4;

/// Per aggregate, the index of the first exact quantile over the same slot
/// when it is one itself, else its own index.
fn value_sources(aggs: &[(AggSpec, Option<usize>)]) -> Vec<usize> {
    let is_quantile = |(s, _): &(AggSpec, Option<usize>)| matches!(s.kind, AggKind::Quantile(_));
    aggs.iter()
        .enumerate()
        .map(|(j, a)| {
            let shared = is_quantile(a).then(|| {
                aggs.iter()
                    .position(|b| is_quantile(b) && b.1 == a.1)
                    .unwrap_or(j)
            });
            shared.unwrap_or(j)
        })
        .collect()
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BadLine {
    /// 1-based line number in the input.
    pub line: u64,
    /// Byte offset of the line's start in the (decompressed) input.
    pub offset: u64,
    /// What was wrong.
    pub message: String,
}

/// Mergeable partial result: what one chunk (or one process) computed.
/// Serialize it (serde, e.g. JSON) to merge it in another process.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Partial {
    /// Per group key, one state per aggregate.
    #[serde(with = "group_pairs")]
    pub groups: HashMap<Vec<Value>, Vec<AggState>>,
    /// Non-empty lines read.
    pub lines_read: u64,
    /// Records that passed the filter.
    pub lines_matched: u64,
    /// Bad lines skipped (skip mode).
    pub lines_skipped: u64,
    /// The first few bad lines, by line number.
    pub bad_examples: Vec<BadLine>,
}

mod group_pairs {
    use super::{AggState, Value};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::HashMap;

    pub fn serialize<S: Serializer>(
        m: &HashMap<Vec<Value>, Vec<AggState>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        m.iter().collect::<Vec<_>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<HashMap<Vec<Value>, Vec<AggState>>, D::Error> {
        Ok(Vec::<(Vec<Value>, Vec<AggState>)>::deserialize(d)?
            .into_iter()
            .collect())
    }
}

/// The answer to a query: a table plus what was read and skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    /// Column names: group fields, then aggregate names.
    pub columns: Vec<String>,
    /// Rows, sorted and limited as the query asked.
    pub rows: Vec<Vec<Value>>,
    /// Non-empty lines read.
    pub lines_read: u64,
    /// Records that passed the filter.
    pub lines_matched: u64,
    /// Bad lines skipped (always 0 in strict mode).
    pub lines_skipped: u64,
    /// The first few skipped lines.
    pub bad_examples: Vec<BadLine>,
}

/// A group key and one state per aggregate.
type Group = (Vec<Value>, Vec<AggState>);

/// One worker's running result over the chunks it processed.
#[derive(Default)]
struct Working {
    /// Groups, found by hashing the record's borrowed key values; a key is
    /// copied only when its group is created.
    groups: HashTable<Group>,
    /// Line counts (its `groups` and `bad_examples` stay empty).
    partial: Partial,
    /// Bad-line examples with their chunk's index, in (chunk, line) order.
    examples: Vec<(usize, BadLine)>,
    /// Lines in each chunk processed to its end, by chunk index.
    chunk_lines: Vec<(usize, u64)>,
    /// Parser scratch space, reused across chunks.
    scratch: Scratch,
}

impl Working {
    /// The running result with the first bad line found, for merging.
    fn into_found(self, first_bad: Option<(usize, BadLine)>) -> Found {
        let mut partial = self.partial;
        partial.groups = self.groups.into_iter().collect();
        Found {
            partial,
            examples: self.examples,
            chunk_lines: self.chunk_lines,
            first_bad,
        }
    }
}

/// The workers' results, merged; bad lines may still be numbered within
/// their chunks (see [`Found::number_lines`]).
#[derive(Default)]
struct Found {
    /// Groups and line counts (its `bad_examples` stay empty).
    partial: Partial,
    /// Bad-line examples with their chunk's index, in (chunk, line) order.
    examples: Vec<(usize, BadLine)>,
    /// Lines in each chunk processed to its end, by chunk index.
    chunk_lines: Vec<(usize, u64)>,
    /// Strict mode: the first bad line, with its chunk's index.
    first_bad: Option<(usize, BadLine)>,
}

impl Found {
    /// Adds `other`'s results.
    fn merge(mut self, other: Found, query: &Query) -> Result<Found> {
        query.merge(&mut self.partial, other.partial)?;
        for x in other.examples {
            keep_first(&mut self.examples, x, |(c, b)| (*c, b.line));
        }
        self.chunk_lines.extend(other.chunk_lines);
        self.first_bad = match (self.first_bad, other.first_bad) {
            (Some(x), Some(y)) => Some(if x.0 <= y.0 { x } else { y }),
            (x, y) => x.or(y),
        };
        Ok(self)
    }

    /// Turns chunk-relative line numbers into input line numbers by adding
    /// the lines of every earlier chunk. Every chunk before one with a
    /// reported bad line was processed to its end (skip mode processes all
    /// chunks; strict mode only skips chunks after its first bad one).
    fn number_lines(&mut self) {
        self.chunk_lines.sort_unstable();
        let lines = &self.chunk_lines;
        let before = |chunk: usize| -> u64 {
            lines
                .iter()
                .take_while(|(i, _)| *i < chunk)
                .map(|(_, n)| n)
                .sum()
        };
        for (chunk, b) in self.examples.iter_mut().chain(&mut self.first_bad) {
            b.line += before(*chunk);
        }
    }

    /// The merged partial result with its bad-line examples.
    fn into_partial(self) -> Partial {
        let mut p = self.partial;
        p.bad_examples = self.examples.into_iter().map(|(_, b)| b).collect();
        p
    }
}

/// Adds `x` to `v`, which keeps the [`BAD_LINE_EXAMPLES`] smallest items by
/// `key`, in order, whatever order they arrive in.
fn keep_first<T, K: Ord>(v: &mut Vec<T>, x: T, key: impl Fn(&T) -> K) {
    let k = key(&x);
    if v.len() == BAD_LINE_EXAMPLES && v.last().is_some_and(|y| key(y) <= k) {
        return;
    }
    let at = v.partition_point(|y| key(y) <= k);
    v.insert(at, x);
    v.truncate(BAD_LINE_EXAMPLES);
}

fn query_error(msg: String) -> Error {
    Error::new(ErrorKind::InvalidArgument, msg)
}

impl Query {
    /// Compiles `spec` for records in `format`.
    pub fn new(spec: &QuerySpec, format: &Format) -> Result<Query> {
        let mut fields: Vec<String> = Vec::new();
        let mut slot_of = |f: &str| match fields.iter().position(|x| x == f) {
            Some(i) => i,
            None => {
                fields.push(f.to_string());
                fields.len() - 1
            }
        };
        let filter = match &spec.filter {
            Some(text) if !text.trim().is_empty() => Some(
                Expr::parse(text, &mut slot_of).map_err(|e| query_error(format!("filter: {e}")))?,
            ),
            _ => None,
        };
        let key_slots: Vec<usize> = spec.group_by.iter().map(|f| slot_of(f)).collect();
        let agg_texts: Vec<String> = if spec.aggregates.is_empty() {
            vec!["count".into()]
        } else {
            spec.aggregates.clone()
        };
        let aggs = agg_texts
            .iter()
            .map(|a| {
                let s: AggSpec = a.parse().map_err(query_error)?;
                let slot = s.field.as_deref().map(&mut slot_of);
                Ok((s, slot))
            })
            .collect::<Result<Vec<_>>>()?;
        let extractor = Extractor::new(format, &fields).map_err(query_error)?;
        let mut spec = spec.clone();
        spec.aggregates = agg_texts;
        let q = Query {
            spec,
            fields,
            filter,
            key_slots,
            value_source: value_sources(&aggs),
            aggs,
            extractor,
        };
        for col in &q.spec.order_by {
            let name = col.strip_prefix('-').unwrap_or(col);
            if !q.columns().iter().any(|c| c == name) {
                return Err(query_error(format!(
                    "order by {name:?}: not an output column (columns: {})",
                    q.columns().join(", ")
                )));
            }
        }
        Ok(q)
    }

    /// Output column names.
    pub fn columns(&self) -> Vec<String> {
        self.spec
            .group_by
            .iter()
            .cloned()
            .chain(self.aggs.iter().map(|(s, _)| s.name.clone()))
            .collect()
    }

    /// The fields this query reads from each record.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// Processes one chunk into a partial result. A bad line is an error in
    /// strict mode; in skip mode it is counted.
    pub fn process_chunk(
        &self,
        chunk: &Chunk,
        bad: BadLines,
    ) -> std::result::Result<Partial, BadLine> {
        let mut w = Working::default();
        self.process_chunk_into(chunk, bad, &mut w)?;
        Ok(w.into_found(None).into_partial())
    }

    /// [`Query::process_chunk`] adding to a worker's running result, so
    /// groups are created (and their keys copied) once per worker, not
    /// once per chunk, and nothing is merged per chunk.
    fn process_chunk_into(
        &self,
        chunk: &Chunk,
        bad: BadLines,
        w: &mut Working,
    ) -> std::result::Result<(), BadLine> {
        let data = &chunk.data[..];
        let Working {
            groups,
            partial: p,
            examples,
            chunk_lines,
            scratch,
        } = w;
        let mut lines = 0;
        // One field-value buffer for the whole chunk: emptied and handed
        // back after every line (see `recycle`), so no allocation per line.
        let mut spare: Vec<Val<'static>> = Vec::with_capacity(self.fields.len());
        // The NDJSON skimmer finds each line's end itself and reads text
        // checked once here, so its strings need no UTF-8 checks; other
        // formats (which check their lines themselves) and the lines it
        // leaves are cut at their `\n` first.
        let text = self
            .extractor
            .reads_records()
            .then(|| Utf8Text::new(data))
            .flatten();
        let mut start = 0;
        while start < data.len() {
            let line_no = chunk.first_line + lines;
            lines += 1;
            let mut vals: Vec<Val<'_>> = recycle(std::mem::take(&mut spare));
            let rest = text.and_then(|t| t.slice(start, data.len()));
            if let Some(len) =
                rest.and_then(|t| self.extractor.extract_record(t, scratch, &mut vals))
            {
                start += len + 1;
                p.lines_read += 1;
                self.add_record(&vals, groups, p);
                spare = recycle(vals);
                continue;
            }
            let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i);
            let line = &data[start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let line_start = start;
            start = end + 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                spare = recycle(vals);
                continue;
            }
            p.lines_read += 1;
            let line_text = text.and_then(|t| t.slice(line_start, line_start + line.len()));
            match self
                .extractor
                .extract_checked(line, line_text, scratch, &mut vals)
            {
                Ok(()) => self.add_record(&vals, groups, p),
                Err(message) => {
                    let b = BadLine {
                        line: line_no,
                        offset: chunk.offset + line_start as u64,
                        message,
                    };
                    match bad {
                        BadLines::Strict => return Err(b),
                        BadLines::Skip => {
                            p.lines_skipped += 1;
                            keep_first(examples, (chunk.index, b), |(c, b)| (*c, b.line));
                        }
                    }
                }
            }
            spare = recycle(vals);
        }
        chunk_lines.push((chunk.index, lines));
        Ok(())
    }

    /// Adds one read record (its field values) to a worker's groups, when
    /// it passes the filter.
    #[inline(always)]
    fn add_record(&self, vals: &[Val<'_>], groups: &mut HashTable<Group>, p: &mut Partial) {
        if let Some(f) = &self.filter {
            if f.eval(vals) != Truth::True {
                return;
            }
        }
        p.lines_matched += 1;
        let hash = key_hash(self.key_slots.iter().map(|&s| vals[s]));
        let same = |(k, _): &Group| {
            k.iter()
                .zip(&self.key_slots)
                .all(|(kv, &s)| key_eq(kv, vals[s]))
        };
        let states = match groups.find_mut(hash, same) {
            Some((_, st)) => st,
            None => {
                let key = self
                    .key_slots
                    .iter()
                    .map(|&s| vals[s].to_owned_value())
                    .collect();
                let st = self
                    .aggs
                    .iter()
                    .map(|(s, _)| AggState::new(s.kind))
                    .collect();
                let entry = groups.insert_unique(hash, (key, st), |(k, _)| {
                    key_hash(k.iter().map(Value::as_val))
                });
                &mut entry.into_mut().1
            }
        };
        for (j, (st, (_, slot))) in states.iter_mut().zip(&self.aggs).enumerate() {
            if self.value_source[j] != j {
                continue;
            }
            match slot {
                Some(s) => st.add(vals[*s], false),
                None => st.add(Val::Null, true),
            }
        }
    }

    /// Merges partial `b` into `a`.
    pub fn merge(&self, a: &mut Partial, b: Partial) -> Result<()> {
        a.lines_read += b.lines_read;
        a.lines_matched += b.lines_matched;
        a.lines_skipped += b.lines_skipped;
        for x in b.bad_examples {
            keep_first(&mut a.bad_examples, x, |x| x.line);
        }
        for (k, states) in b.groups {
            match a.groups.get_mut(&k) {
                Some(mine) => {
                    if mine.len() != states.len() {
                        return Err(query_error("partial results of different queries".into()));
                    }
                    for (m, s) in mine.iter_mut().zip(states) {
                        m.merge(s).map_err(query_error)?;
                    }
                }
                None => {
                    a.groups.insert(k, states);
                }
            }
        }
        Ok(())
    }

    /// Turns a (merged) partial result into the final, sorted table.
    pub fn finish(&self, p: Partial) -> QueryResult {
        // Groups finish in parallel (exact quantiles select over every
        // value), each state in place: the partial result is consumed.
        let mut rows: Vec<Vec<Value>> = p
            .groups
            .into_par_iter()
            .map(|(mut k, mut states)| {
                k.extend(
                    self.aggs
                        .iter()
                        .zip(&self.value_source)
                        .map(|((s, _), &src)| {
                            states
                                .get_mut(src)
                                .map_or(Value::Null, |st| st.finish_in_place(s.kind))
                        }),
                );
                k
            })
            .collect();
        let columns = self.columns();
        let order: Vec<(usize, bool)> = if self.spec.order_by.is_empty() {
            (0..self.key_slots.len()).map(|i| (i, false)).collect()
        } else {
            self.spec
                .order_by
                .iter()
                .map(|c| {
                    let (name, desc) = match c.strip_prefix('-') {
                        Some(n) => (n, true),
                        None => (c.as_str(), false),
                    };
                    (
                        columns
                            .iter()
                            .position(|x| x == name)
                            .expect("checked in new"),
                        desc,
                    )
                })
                .collect()
        };
        // Nulls sort last in both directions, as in DuckDB.
        let cmp = |x: &Value, y: &Value, desc: bool| match (x, y) {
            (Value::Null, Value::Null) => std::cmp::Ordering::Equal,
            (Value::Null, _) => std::cmp::Ordering::Greater,
            (_, Value::Null) => std::cmp::Ordering::Less,
            _ if desc => x.total_cmp(y).reverse(),
            _ => x.total_cmp(y),
        };
        rows.sort_by(|a, b| {
            for &(i, desc) in &order {
                let o = cmp(&a[i], &b[i], desc);
                if o.is_ne() {
                    return o;
                }
            }
            // Deterministic tie-break: all columns ascending.
            a.iter()
                .zip(b)
                .map(|(x, y)| cmp(x, y, false))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        if let Some(n) = self.spec.limit {
            rows.truncate(n);
        }
        QueryResult {
            columns,
            rows,
            lines_read: p.lines_read,
            lines_matched: p.lines_matched,
            lines_skipped: p.lines_skipped,
            bad_examples: p.bad_examples,
        }
    }

    /// Runs the query over `input` and returns the merged partial result
    /// (before sorting/limiting), e.g. to ship to another process.
    pub fn run_partial(&self, input: Input, opts: &RunOptions) -> Result<Partial> {
        with_threads(opts, || self.run_input(input, opts))
    }

    /// Runs the query over bytes the caller owns (plain or gzip), without
    /// copying them, and returns the final table.
    pub fn run_slice(&self, data: &[u8], opts: &RunOptions) -> Result<QueryResult> {
        let size = Some(data.len() as u64);
        with_threads(opts, || {
            let raw = Box::new(data);
            Ok(self.finish(self.run_in_pool(raw, Sniff::Gzip, size, opts)?))
        })
    }

    /// [`Query::run_partial`] over an already opened (decompressed) reader,
    /// which may borrow: the run ends before this call returns. `size` is
    /// the input size when known (it picks the default chunk size).
    pub fn run_partial_reader(
        &self,
        reader: Box<dyn std::io::Read + Send + '_>,
        size: Option<u64>,
        opts: &RunOptions,
    ) -> Result<Partial> {
        with_threads(opts, || self.run_in_pool(reader, Sniff::Plain, size, opts))
    }

    /// Runs the query over `input` and returns the final table.
    pub fn run(&self, input: Input, opts: &RunOptions) -> Result<QueryResult> {
        with_threads(opts, || Ok(self.finish(self.run_input(input, opts)?)))
    }

    /// Runs over `input` on the current pool: a plain regular file in
    /// chunks each worker reads itself, anything else through one reader.
    fn run_input(&self, input: Input, opts: &RunOptions) -> Result<Partial> {
        let size = input.size_hint();
        if let Input::Path(path) = &input {
            if let Some(file) = FileChunks::open(path, self.chunk_size(size, opts))? {
                return self.run_chunks(Chunks::File(file), opts);
            }
        }
        self.run_in_pool(input.open_raw()?, Sniff::Gzip, size, opts)
    }

    /// The chunk size for an input of `size` bytes (if known).
    fn chunk_size(&self, size: Option<u64>, opts: &RunOptions) -> usize {
        opts.chunk_size
            .unwrap_or_else(|| auto_chunk_size(size, rayon::current_num_threads()))
    }

    fn run_in_pool(
        &self,
        reader: Box<dyn std::io::Read + Send + '_>,
        sniff: Sniff,
        size: Option<u64>,
        opts: &RunOptions,
    ) -> Result<Partial> {
        let chunk_size = self.chunk_size(size, opts);
        // Workers count lines themselves (see `Found::number_lines`).
        let reader = match sniff {
            Sniff::Gzip => ChunkReader::detecting_gzip(reader, chunk_size),
            Sniff::Plain => ChunkReader::new(reader, chunk_size),
        }
        .without_line_numbers();
        self.run_chunks(Chunks::Serial(reader), opts)
    }

    /// Processes every chunk of `source` in parallel on the current pool.
    fn run_chunks(&self, source: Chunks<'_>, opts: &RunOptions) -> Result<Partial> {
        let recycler = match &source {
            Chunks::Serial(reader) => reader.recycler(),
            Chunks::File(file) => file.recycler(),
        };
        let (mut serial, file) = match source {
            Chunks::Serial(reader) => (Some(reader), None),
            Chunks::File(file) => (None, Some(file)),
        };
        let file_chunks = file.as_ref().map_or(0, FileChunks::count);
        let mut next_file_chunk = 0;
        // Strict mode: chunks after the first failing one are skipped, and
        // the lowest failing line wins, so the error is deterministic.
        let first_bad_chunk = AtomicUsize::new(usize::MAX);
        let done = AtomicU64::new(0);
        let cancelled = || {
            opts.cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
        };
        // Stop reading input as soon as the answer is known (cancelled, or
        // the first bad line in strict mode): an endless input (a pipe)
        // must not keep the query alive. Chunks before a bad one were all
        // read already, so the reported line stays the first bad one.
        let mut stopped = false;
        let tickets = std::iter::from_fn(|| {
            if stopped || first_bad_chunk.load(Ordering::Relaxed) != usize::MAX {
                return None;
            }
            if cancelled() {
                stopped = true;
                return Some(Err(Error::new(ErrorKind::Interrupted, "interrupted")));
            }
            match &mut serial {
                Some(reader) => reader
                    .next()
                    .map(|c| c.map(Ticket::Read).map_err(Error::from)),
                None => (next_file_chunk < file_chunks).then(|| {
                    next_file_chunk += 1;
                    Ok(Ticket::At(next_file_chunk - 1))
                }),
            }
        });
        // Each worker folds its chunks into one running result (see
        // `Working`); the few running results are merged at the end.
        let mut found = tickets
            .par_bridge()
            .try_fold(
                || (Working::default(), None::<(usize, BadLine)>),
                |(mut acc, mut bad), ticket: Result<Ticket>| {
                    let chunk = match ticket? {
                        Ticket::Read(chunk) => chunk,
                        Ticket::At(i) if i > first_bad_chunk.load(Ordering::Relaxed) => {
                            return Ok((acc, bad));
                        }
                        Ticket::At(i) => file.as_ref().expect("file chunks").read(i)?,
                    };
                    if cancelled() {
                        return Err(Error::new(ErrorKind::Interrupted, "interrupted"));
                    }
                    if chunk.index > first_bad_chunk.load(Ordering::Relaxed) {
                        return Ok((acc, bad));
                    }
                    let r = self.process_chunk_into(&chunk, opts.bad_lines, &mut acc);
                    let n = done.fetch_add(chunk.data.len() as u64, Ordering::Relaxed)
                        + chunk.data.len() as u64;
                    recycler.give(chunk.data);
                    if let Some(p) = &opts.progress {
                        p(n);
                    }
                    if let Err(b) = r {
                        first_bad_chunk.fetch_min(chunk.index, Ordering::Relaxed);
                        if bad.as_ref().is_none_or(|x| chunk.index < x.0) {
                            bad = Some((chunk.index, b));
                        }
                    }
                    Ok((acc, bad))
                },
            )
            .map(|r| r.map(|(acc, bad)| acc.into_found(bad)))
            .try_reduce(Found::default, |a, b| a.merge(b, self))?;
        found.number_lines();
        match found.first_bad.take() {
            Some((_, b)) => Err(Error::new(
                ErrorKind::BadRecord,
                format!("bad record: {}", b.message),
            )
            .with_position(Position {
                offset: b.offset as usize,
                line: b.line as usize,
                column: 0,
            })),
            None => Ok(found.into_partial()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_chunk_size_gives_every_thread_several_chunks() {
        assert_eq!(auto_chunk_size(None, 2), DEFAULT_CHUNK_SIZE);
        assert_eq!(auto_chunk_size(Some(330 << 20), 2), DEFAULT_CHUNK_SIZE);
        assert_eq!(auto_chunk_size(Some(6 << 20), 2), 384 << 10);
        assert_eq!(auto_chunk_size(Some(1000), 2), 256 << 10);
        assert_eq!(auto_chunk_size(Some(u64::MAX), 0), DEFAULT_CHUNK_SIZE);
    }

    #[test]
    fn thread_pools_of_a_size_are_kept() {
        let threads = |n| {
            let opts = RunOptions {
                threads: Some(n),
                ..RunOptions::default()
            };
            with_threads(&opts, || Ok(rayon::current_num_threads())).unwrap()
        };
        assert_eq!((threads(3), threads(1), threads(0)), (3, 1, 1));
        assert!(Arc::ptr_eq(&pool_of(3).unwrap(), &pool_of(3).unwrap()));
        assert!(!Arc::ptr_eq(&pool_of(3).unwrap(), &pool_of(2).unwrap()));
    }

    #[test]
    fn exact_quantiles_of_one_field_share_their_values() {
        let spec = QuerySpec {
            group_by: vec!["g".into()],
            aggregates: [
                "p50:x",
                "p99:x",
                "count",
                "median:y",
                "p10:x",
                "approx_p50:x",
            ]
            .map(String::from)
            .to_vec(),
            ..Default::default()
        };
        let q = Query::new(&spec, &Format::Ndjson).unwrap();
        assert_eq!(q.value_source, [0, 0, 2, 3, 0, 5]);
        let data: Vec<u8> = (0..1000)
            .flat_map(|i| format!("{{\"g\":{},\"x\":{},\"y\":{}}}\n", i % 3, i, -i).into_bytes())
            .collect();
        let r = q.run_slice(&data, &RunOptions::default()).unwrap();
        let xs =
            |g: i64| -> Vec<f64> { (0..1000).filter(|i| i % 3 == g).map(|i| i as f64).collect() };
        for row in &r.rows {
            let Value::Int(g) = row[0] else { panic!() };
            let x = xs(g);
            let y: Vec<f64> = x.iter().rev().map(|v| -v).collect();
            let q = |v: &[f64], p| Value::Float(super::super::agg::exact_quantile(v, p).unwrap());
            assert_eq!(row[1], q(&x, 0.5));
            assert_eq!(row[2], q(&x, 0.99));
            assert_eq!(row[3], Value::Int(x.len() as i64));
            assert_eq!(row[4], q(&y, 0.5));
            assert_eq!(row[5], q(&x, 0.1));
        }
    }

    #[test]
    fn recycled_buffers_are_empty_and_keep_their_allocation() {
        let mut v: Vec<Val<'_>> = Vec::with_capacity(8);
        v.push(Val::Int(1));
        let r: Vec<Val<'static>> = recycle(v);
        assert!(r.is_empty());
        assert!(r.capacity() >= 8);
    }
}
