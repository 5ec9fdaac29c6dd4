//! NDJSON: every line of an input parsed as its own JSON document, in
//! parallel on rayon. Bindings build their native records from the result
//! (Python `brownfield.json.loads_lines`, Ruby `Brownfield::JSON.parse_lines`):
//! all at once ([`parse_lines`]) or while the rest is being parsed
//! ([`for_each_line`]).

use super::{parse, Document, ParseOptions};
use crate::error::Result;
use crate::logs::source;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

/// One line of an NDJSON input and what parsing it gave.
#[derive(Debug)]
pub struct Line {
    /// 1-based line number in the input.
    pub number: u64,
    /// Byte offset of the line's first byte in the input.
    pub offset: usize,
    /// The document, or the error (its offset, line and column are relative
    /// to this line).
    pub result: Result<Document>,
}

/// Parses every line of `input` that is not blank (only whitespace) as one
/// JSON document, in parallel. Lines end at `\n`; a trailing `\r` is
/// removed. Results are in input order; a bad line does not stop the others.
pub fn parse_lines(input: &[u8], opts: &ParseOptions) -> Vec<Line> {
    let lines: Vec<(u64, usize, &[u8])> = non_blank_lines(input).collect();
    lines
        .into_par_iter()
        .with_min_len(64)
        .map(|(number, offset, line)| Line {
            number,
            offset,
            result: parse(line, opts),
        })
        .collect()
}

/// The lines [`parse_lines`] and [`for_each_line`] parse: the non-blank
/// lines of `input`, each with its 1-based line number and the offset of
/// its first byte (a trailing `\r` is not part of a line).
pub fn non_blank_lines(input: &[u8]) -> impl Iterator<Item = (u64, usize, &[u8])> {
    non_blank(input, source::lines(input, 1))
}

/// The non-blank ones of `lines` (numbered lines cut from `input`), with
/// their offsets in `input`.
fn non_blank<'a>(
    input: &'a [u8],
    lines: impl Iterator<Item = (u64, &'a [u8])>,
) -> impl Iterator<Item = (u64, usize, &'a [u8])> {
    lines
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .map(move |(n, l)| (n, l.as_ptr() as usize - input.as_ptr() as usize, l))
}

/// Input bytes per batch of lines that [`for_each_line`] parses as one
/// task, at most (smaller for small inputs, so the first batch, which the
/// caller waits for, is ready soon).
const BATCH_BYTES: usize = 64 << 10;

/// Parses every line of `input` as [`parse_lines`] does and hands each
/// non-blank line's [`Line`] to `consume`, in input order, on the calling
/// thread, while rayon's workers parse the lines after it: a binding builds
/// its native records (which its runtime lets only one thread create) as
/// the rest is parsed, instead of after. The calling thread keeps one core:
/// the lines are parsed in batches by one worker fewer than rayon has
/// (at least one), and the parsed documents are freed on the workers.
/// `between` is called before each batch after the first (up to 64 KiB
/// of input each) with that batch's [`NextBatch`]: a binding lets its
/// runtime's other threads run there, and should not hold its runtime's
/// lock while it waits for a batch that is not parsed yet. The first `Err`
/// from `consume` stops the run (batches not yet started are not parsed)
/// and is returned.
pub fn for_each_line<E>(
    input: &[u8],
    opts: &ParseOptions,
    mut consume: impl FnMut(&Line) -> std::result::Result<(), E>,
    mut between: impl FnMut(NextBatch<'_>),
) -> std::result::Result<(), E> {
    let batches = batches(input, batch_size(input.len()));
    if batches.len() <= 1 {
        let (lines, _) = parse_batch(input, 0..input.len(), opts);
        return lines.iter().try_for_each(consume);
    }
    let run = Run {
        input,
        opts,
        batches: &batches,
        slots: batches.iter().map(|_| Slot::default()).collect(),
        chains: rayon::current_num_threads().saturating_sub(1).max(1),
        stop: AtomicBool::new(false),
    };
    rayon::in_place_scope(|scope| {
        let run = &run;
        for first in 1..=run.chains.min(batches.len() - 1) {
            scope.spawn(move |scope| run.parse_from(scope, first));
        }
        let mut lines_before = 0;
        for (i, slot) in run.slots.iter().enumerate() {
            let (mut lines, count) = match i {
                0 => parse_batch(input, batches[0].clone(), opts),
                _ => {
                    between(NextBatch(slot));
                    slot.take()
                }
            };
            for line in &mut lines {
                line.number += lines_before;
                if let Err(e) = consume(line) {
                    run.stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
            lines_before += count;
            // Freed on a worker.
            scope.spawn(move |_| drop(lines));
        }
        Ok(())
    })
}

/// Bytes per batch for an input of `len` bytes: about a sixteenth of it,
/// 4 to 64 KiB.
fn batch_size(len: usize) -> usize {
    (len / 16).clamp(4 << 10, BATCH_BYTES)
}

/// What the parsing tasks of one [`for_each_line`] share.
struct Run<'a> {
    input: &'a [u8],
    opts: &'a ParseOptions,
    batches: &'a [Range<usize>],
    slots: Vec<Slot>,
    /// Batches parsed at the same time: batch `i` is followed by batch
    /// `i + chains` on the same worker.
    chains: usize,
    /// Set when the caller stopped: the remaining batches are skipped.
    stop: AtomicBool,
}

impl<'a> Run<'a> {
    /// Parses batch `i`, then the next batch of its chain.
    fn parse_from<'s>(&'s self, scope: &rayon::Scope<'s>, i: usize) {
        let parsed = if self.stop.load(Ordering::Relaxed) {
            (Vec::new(), 0)
        } else {
            parse_batch(self.input, self.batches[i].clone(), self.opts)
        };
        let slot = &self.slots[i];
        *slot.lock() = Some(parsed);
        slot.ready.notify_one();
        let next = i + self.chains;
        if next < self.batches.len() {
            scope.spawn(move |scope| self.parse_from(scope, next));
        }
    }
}

/// The batch [`for_each_line`] goes on with next, as its `between`
/// callback sees it: parsed already, or still being parsed on a worker.
pub struct NextBatch<'a>(&'a Slot);

impl NextBatch<'_> {
    /// True when the batch is parsed: taking it will not block.
    pub fn is_ready(&self) -> bool {
        self.0.lock().is_some()
    }

    /// Blocks until the batch is parsed (at once if it is). A binding
    /// calls this with its runtime's lock let go.
    pub fn wait(&self) {
        drop(self.0.wait());
    }
}

/// A batch's parsed lines, once its task is done.
#[derive(Default)]
struct Slot {
    /// The lines (numbered from 1 within the batch) and how many lines,
    /// blank ones included, the batch has.
    parsed: Mutex<Option<(Vec<Line>, u64)>>,
    ready: Condvar,
}

impl Slot {
    /// The batch's lines, when parsed; a worker's panic while it held the
    /// lock does not matter (the slot is written whole).
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Vec<Line>, u64)>> {
        self.parsed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the batch; the lock is held on return.
    fn wait(&self) -> std::sync::MutexGuard<'_, Option<(Vec<Line>, u64)>> {
        let mut parsed = self.lock();
        while parsed.is_none() {
            parsed = self.ready.wait(parsed).unwrap_or_else(|e| e.into_inner());
        }
        parsed
    }

    /// Waits for the batch and takes its lines.
    fn take(&self) -> (Vec<Line>, u64) {
        self.wait().take().unwrap_or_default()
    }
}

/// `input` cut into ranges of about `size` bytes that end after a `\n`
/// (the last at the end of the input).
fn batches(input: &[u8], size: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < input.len() {
        let end = match input.get(start + size..) {
            Some(rest) => memchr::memchr(b'\n', rest).map_or(input.len(), |i| start + size + i + 1),
            None => input.len(),
        };
        out.push(start..end);
        start = end;
    }
    out
}

/// The non-blank lines of `input[range]` parsed (numbered from 1 within
/// the range, offsets in `input`), and the number of lines in the range.
fn parse_batch(input: &[u8], range: Range<usize>, opts: &ParseOptions) -> (Vec<Line>, u64) {
    let mut count = 0;
    let numbered = source::lines(&input[range], 1).inspect(|_| count += 1);
    let lines = non_blank(input, numbered)
        .map(|(number, offset, line)| Line {
            number,
            offset,
            result: parse(line, opts),
        })
        .collect();
    (lines, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_order_with_errors_and_blanks() {
        let input = b"{\"a\":1}\r\n\n  \n[1,2]\n{bad\n3";
        let got = parse_lines(input, &ParseOptions::default());
        let numbers: Vec<u64> = got.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 4, 5, 6]);
        assert_eq!(got[1].offset, 13);
        assert!(got[0].result.is_ok() && got[1].result.is_ok() && got[3].result.is_ok());
        let err = got[2].result.as_ref().unwrap_err();
        assert_eq!(err.offset(), 1);
    }

    /// The pipelined reading gives what `parse_lines` gives, across batch
    /// boundaries (blank lines, `\r\n`, a last line without `\n`, bad
    /// lines), and stops at the consumer's error.
    #[test]
    fn for_each_line_matches_parse_lines() {
        let mut input = Vec::new();
        for i in 0..20_000 {
            match i % 7 {
                0 => input.extend_from_slice(b"\n"),
                1 => input.extend_from_slice(b"  \r\n"),
                2 if i % 3 == 0 => input.extend_from_slice(format!("{{\"bad\":{i}\n").as_bytes()),
                _ => input.extend_from_slice(format!("{{\"n\":{i},\"s\":\"x\"}}\r\n").as_bytes()),
            }
        }
        input.extend_from_slice(b"[1,2]");
        assert!(input.len() > 4 * BATCH_BYTES);
        let opts = ParseOptions::default();
        let all = parse_lines(&input, &opts);
        let mut seen = Vec::new();
        let (mut pauses, mut ready) = (0, 0);
        for_each_line(
            &input,
            &opts,
            |l| {
                seen.push((l.number, l.offset, l.result.clone()));
                Ok::<(), ()>(())
            },
            |next| {
                pauses += 1;
                next.wait();
                assert!(next.is_ready());
                ready += 1;
            },
        )
        .unwrap();
        assert_eq!(pauses, batches(&input, batch_size(input.len())).len() - 1);
        assert_eq!(ready, pauses);
        assert_eq!(seen.len(), all.len());
        for ((number, offset, result), b) in seen.iter().zip(&all) {
            assert_eq!((*number, *offset), (b.number, b.offset));
            match (result, &b.result) {
                (Ok(x), Ok(y)) => assert_eq!(x, y),
                (Err(x), Err(y)) => assert_eq!(x.offset(), y.offset()),
                _ => panic!("line {number}"),
            }
        }
        // The consumer's error stops the run.
        let mut n = 0;
        let r = for_each_line(
            &input,
            &opts,
            |l| {
                n += 1;
                match &l.result {
                    Ok(_) => Ok(()),
                    Err(e) => Err((l.number, e.offset())),
                }
            },
            |_| {},
        );
        let first_bad = all.iter().find(|l| l.result.is_err()).unwrap();
        let bad_at = first_bad.result.as_ref().unwrap_err().offset();
        assert_eq!(r, Err((first_bad.number, bad_at)));
        assert_eq!(n, all.iter().position(|l| l.result.is_err()).unwrap() + 1);
    }
}
