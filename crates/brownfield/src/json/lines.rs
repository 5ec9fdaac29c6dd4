//! NDJSON: every line of an input parsed as its own JSON document, in
//! parallel on rayon. Bindings build their native records from the result
//! (Python `brownfield.json.loads_lines`, Ruby `Brownfield::JSON.parse_lines`).

use super::{parse, Document, ParseOptions};
use crate::error::Result;
use crate::logs::source;
use rayon::prelude::*;

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
    let lines: Vec<(u64, usize, &[u8])> = source::lines(input, 1)
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .map(|(n, l)| (n, l.as_ptr() as usize - input.as_ptr() as usize, l))
        .collect();
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
}
