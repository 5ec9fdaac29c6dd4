//! `brownfield`: group-by statistics over big NDJSON and log files, from
//! the command line. A thin front over `brownfield::logs`.

mod output;

use brownfield::logs::{BadLines, Format, Input, Partial, Query, QuerySpec, RunOptions};
use brownfield::{Error, ErrorKind};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Exit codes, for scripts.
mod exit {
    /// Bad input data (a bad line in strict mode).
    pub const BAD_DATA: u8 = 1;
    /// Bad usage: arguments, query syntax, unknown fields.
    pub const USAGE: u8 = 2;
    /// An input could not be read.
    pub const IO: u8 = 3;
    /// Interrupted by Ctrl-C.
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Parser)]
#[command(
    name = "brownfield",
    version,
    about = "Fast group-by statistics over big NDJSON and log files."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Filter, group and aggregate records from NDJSON, logfmt or web server logs.
    #[command(after_help = STATS_EXAMPLES)]
    Stats(StatsArgs),
    /// Merge partial results written by `stats --partial` (from other machines or processes).
    Merge(MergeArgs),
}

const STATS_EXAMPLES: &str = "\
Examples:
  # Requests per status with their mean latency
  brownfield stats requests.ndjson --by status --agg count,mean:latency_ms

  # Slowest region/path pairs: exact p50/p99, bytes served, top 20 by traffic
  brownfield stats requests.ndjson.gz --by region,path \\
      --agg count,p50:latency_ms,p99:latency_ms,sum:bytes --order-by=-count --limit 20

  # 5xx errors per path in an nginx/Apache access log, as CSV
  brownfield stats access.log --format combined --where 'status >= 500' --by path --output csv

  # Anything on stdin, skipping (and counting) lines that don't parse
  zcat app.log.gz | brownfield stats - --format logfmt --by level --skip-bad-lines

Filters: = != < <= > >= in (..) ~ \"regex\" exists(f) and or not, with SQL null semantics.
Aggregates: count count:f sum:f min:f max:f mean:f pNN:f median:f approx_pNN:f distinct:f
            approx_distinct:f topN:f (approx_* use sketches: quantiles within 1% relative
            error, distinct counts within about 0.8%).
Fields: NDJSON by dotted path (req.ua) or JSON Pointer (/req/ua); combined/common give
        host ident user time request method path protocol status bytes referer user_agent
        request_time; regex:PATTERN gives its named groups.
Exit codes: 0 ok, 1 bad input line (strict mode), 2 usage, 3 I/O error, 130 interrupted.";

#[derive(clap::Args)]
struct StatsArgs {
    /// Input files (plain or gzip); `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
    /// Record format: ndjson, logfmt, common, combined or regex:PATTERN.
    #[arg(short, long, default_value = "ndjson")]
    format: String,
    /// Keep only records matching this filter, e.g. 'status >= 500 and region = "eu"'.
    #[arg(short = 'w', long = "where")]
    filter: Option<String>,
    /// Group by these fields (comma-separated).
    #[arg(short, long, value_delimiter = ',')]
    by: Vec<String>,
    /// Aggregates (comma-separated); default: count.
    #[arg(short, long, value_delimiter = ',')]
    agg: Vec<String>,
    /// Sort by these output columns (comma-separated; prefix `-` for descending).
    #[arg(
        short,
        long = "order-by",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    order_by: Vec<String>,
    /// Print only the first N rows.
    #[arg(short, long)]
    limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    output: OutputFormat,
    /// Skip lines that do not parse (counted and reported on stderr) instead of stopping.
    #[arg(long)]
    skip_bad_lines: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// Chunk size in MiB (memory use is about chunk size x threads; default:
    /// the core's, 1 MiB or less for small files).
    #[arg(long)]
    chunk_mib: Option<usize>,
    /// Write the mergeable partial result as JSON to this file instead of printing a table.
    #[arg(long)]
    partial: Option<PathBuf>,
    /// Never show a progress bar.
    #[arg(long)]
    no_progress: bool,
}

#[derive(clap::Args)]
struct MergeArgs {
    /// Partial result files written by `stats --partial`.
    #[arg(required = true)]
    partials: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    output: OutputFormat,
}

/// How results are printed.
#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// An aligned text table.
    Table,
    /// A JSON array of objects.
    Json,
    /// CSV with a header row.
    Csv,
}

/// What `stats --partial` writes: the query, so `merge` can finish it.
#[derive(serde::Serialize, serde::Deserialize)]
struct PartialFile {
    format: String,
    filter: Option<String>,
    group_by: Vec<String>,
    aggregates: Vec<String>,
    order_by: Vec<String>,
    limit: Option<usize>,
    partial: Partial,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Stats(args) => stats(args),
        Command::Merge(args) => merge(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brownfield: {e}");
            ExitCode::from(match e.kind() {
                ErrorKind::BadRecord => exit::BAD_DATA,
                ErrorKind::Io => exit::IO,
                ErrorKind::Interrupted => exit::INTERRUPTED,
                _ => exit::USAGE,
            })
        }
    }
}

fn usage(msg: String) -> Error {
    Error::new(ErrorKind::InvalidArgument, msg)
}

fn stats(args: StatsArgs) -> Result<(), Error> {
    let format: Format = args.format.parse().map_err(usage)?;
    let spec = QuerySpec {
        filter: args.filter.clone(),
        group_by: args.by.clone(),
        aggregates: args.agg.clone(),
        order_by: args.order_by.clone(),
        limit: args.limit,
    };
    let query = Query::new(&spec, &format)?;
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        // If a handler cannot be installed, Ctrl-C simply kills the process.
        let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed));
    }
    let mut total = Partial::default();
    for file in &args.files {
        let input = if file == "-" {
            Input::Stdin
        } else {
            Input::Path(file.into())
        };
        let bar = progress_bar(&input, args.no_progress);
        let opts = RunOptions {
            chunk_size: args.chunk_mib.map(|m| m.max(1) << 20),
            threads: args.threads,
            bad_lines: BadLines::skip_if(args.skip_bad_lines),
            cancel: Some(cancel.clone()),
            progress: bar.clone().map(|b| {
                Arc::new(move |n: u64| b.set_position(n)) as Arc<dyn Fn(u64) + Send + Sync>
            }),
        };
        let partial = query
            .run_partial(input, &opts)
            .map_err(|e| in_file(e, file));
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        query.merge(&mut total, partial?)?;
    }
    if let Some(path) = &args.partial {
        let file = PartialFile {
            format: args.format,
            filter: spec.filter,
            group_by: spec.group_by,
            aggregates: spec.aggregates,
            order_by: spec.order_by,
            limit: spec.limit,
            partial: total,
        };
        let text = serde_json::to_string(&file)
            .map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
        std::fs::write(path, text)
            .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
        return Ok(());
    }
    let result = query.finish(total);
    report_skipped(&result);
    output::print(&result, args.output)
}

fn merge(args: MergeArgs) -> Result<(), Error> {
    let mut merged: Option<(Query, Partial)> = None;
    for path in &args.partials {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
        let f: PartialFile = serde_json::from_str(&text)
            .map_err(|e| usage(format!("{}: not a partial result: {e}", path.display())))?;
        let spec = QuerySpec {
            filter: f.filter,
            group_by: f.group_by,
            aggregates: f.aggregates,
            order_by: f.order_by,
            limit: f.limit,
        };
        let q = Query::new(&spec, &f.format.parse().map_err(usage)?)?;
        match &mut merged {
            None => merged = Some((q, f.partial)),
            Some((first, acc)) => {
                if first.columns() != q.columns() {
                    return Err(usage(format!(
                        "{}: partial result of a different query",
                        path.display()
                    )));
                }
                first.merge(acc, f.partial)?;
            }
        }
    }
    let (q, p) = merged.expect("clap requires at least one file");
    let result = q.finish(p);
    report_skipped(&result);
    output::print(&result, args.output)
}

fn in_file(e: Error, file: &str) -> Error {
    let msg = format!("{file}: {}", e.message());
    match e.position() {
        Some(p) => Error::new(e.kind(), msg).with_position(p),
        None => Error::new(e.kind(), msg),
    }
}

fn report_skipped(r: &brownfield::logs::QueryResult) {
    if r.lines_skipped > 0 {
        eprintln!(
            "brownfield: skipped {} of {} lines that did not parse; first ones:",
            r.lines_skipped, r.lines_read
        );
        for b in &r.bad_examples {
            eprintln!("  line {}: {}", b.line, b.message);
        }
    }
}

/// A byte progress bar on stderr for inputs of known size (hidden when
/// stderr is not a terminal).
fn progress_bar(input: &Input, disabled: bool) -> Option<ProgressBar> {
    if disabled {
        return None;
    }
    let len = input.size_hint()?;
    if len < 64 << 20 {
        return None;
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .expect("valid template"),
    );
    Some(bar)
}
