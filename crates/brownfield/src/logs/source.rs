//! Where records come from: files, byte buffers, stdin or any reader,
//! plain or gzip-compressed, cut into chunks that end on line boundaries.
//!
//! Memory stays bounded by the chunk size: a [`ChunkReader`] holds one chunk
//! plus the partial line carried into the next one, and the engine keeps
//! only as many chunks in flight as it has worker threads.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Default chunk size: large enough to amortise scheduling and per-chunk
/// reads, small enough that a chunk stays in a core's L2 cache from the
/// read through the checks to the parse. On the 1M-line request log, 4 MiB
/// chunks cost about 5 % more CPU time than 1 MiB; since workers read
/// file chunks themselves (no lock around the reads), 1 MiB is about 1 %
/// faster than 512 KiB and than 2 MiB (benches/results/CORE.md).
pub const DEFAULT_CHUNK_SIZE: usize = 1 << 20;

/// An input to a log query.
pub enum Input {
    /// A file path (gzip detected from its first bytes).
    Path(PathBuf),
    /// Bytes already in memory (gzip detected from the first bytes).
    Bytes(Arc<[u8]>),
    /// Standard input (gzip detected from the first bytes).
    Stdin,
    /// Any reader (gzip detected from the first bytes).
    Reader(Box<dyn Read + Send>),
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Path(p) => write!(f, "Input::Path({})", p.display()),
            Input::Bytes(b) => write!(f, "Input::Bytes({} bytes)", b.len()),
            Input::Stdin => f.write_str("Input::Stdin"),
            Input::Reader(_) => f.write_str("Input::Reader(..)"),
        }
    }
}

impl Input {
    /// A file input from a path given as raw bytes, as the C and C++ APIs
    /// take it (pointer + length): on Unix any bytes but NUL, elsewhere
    /// UTF-8. Empty paths and NUL bytes are an `InvalidArgument` error.
    pub fn path_from_bytes(bytes: &[u8]) -> crate::Result<Input> {
        use crate::{Error, ErrorKind};
        if bytes.is_empty() || bytes.contains(&0) {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "path is empty or contains a NUL byte",
            ));
        }
        #[cfg(unix)]
        let path = {
            use std::os::unix::ffi::OsStrExt;
            PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
        };
        #[cfg(not(unix))]
        let path = PathBuf::from(
            std::str::from_utf8(bytes)
                .map_err(|_| Error::new(ErrorKind::InvalidUtf8, "path is not valid UTF-8"))?,
        );
        Ok(Input::Path(path))
    }

    /// Total size in bytes when known up front (plain files and buffers),
    /// for progress reporting.
    pub fn size_hint(&self) -> Option<u64> {
        match self {
            Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Bytes(b) => Some(b.len() as u64),
            _ => None,
        }
    }

    /// Opens the input as a reader of decompressed bytes.
    pub fn open(self) -> io::Result<Box<dyn Read + Send>> {
        maybe_gunzip(self.open_raw()?)
    }

    /// Opens the input as a reader of its bytes as stored (gzip not yet
    /// detected), for [`ChunkReader::detecting_gzip`].
    pub fn open_raw(self) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Input::Path(p) => Box::new(
                File::open(&p)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?,
            ),
            Input::Bytes(b) => Box::new(io::Cursor::new(b)),
            Input::Stdin => Box::new(io::stdin()),
            Input::Reader(r) => r,
        })
    }
}

/// Opens borrowed bytes as a reader of decompressed bytes (gzip detected),
/// for queries over caller-owned memory without a copy.
pub fn open_slice(data: &[u8]) -> io::Result<Box<dyn Read + Send + '_>> {
    maybe_gunzip(Box::new(data))
}

/// The first two bytes of every gzip member.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Wraps `r` in a gzip decoder when its first two bytes are the gzip magic.
fn maybe_gunzip<'a>(r: Box<dyn Read + Send + 'a>) -> io::Result<Box<dyn Read + Send + 'a>> {
    let mut r = BufReader::with_capacity(1 << 16, r);
    let head = io::BufRead::fill_buf(&mut r)?;
    if head.starts_with(&GZIP_MAGIC) {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(r)))
    } else {
        Ok(Box::new(r))
    }
}

/// A run of whole lines.
#[derive(Debug)]
pub struct Chunk {
    /// Position of this chunk in the input (0, 1, 2, ...).
    pub index: usize,
    /// 1-based line number of the first line in `data`; always 1 from a
    /// reader made [`ChunkReader::without_line_numbers`] (line numbers are
    /// then relative to the chunk).
    pub first_line: u64,
    /// Byte offset of `data` in the (decompressed) input.
    pub offset: u64,
    /// Whole lines; the last one may lack its `\n` only at end of input.
    pub data: Vec<u8>,
}

/// How many finished chunk buffers a [`Recycler`] keeps for reuse (more
/// than the chunks in flight on any usual thread count).
const MAX_SPARE_BUFFERS: usize = 16;

/// Hands finished chunk buffers back to the [`ChunkReader`] that filled
/// them, so the reader reuses warm, already initialised memory instead of
/// allocating (and zero-filling) a new buffer per chunk. Cloning shares the
/// same pool; it can be used from any thread.
#[derive(Clone, Default)]
pub struct Recycler(Arc<Mutex<Vec<Vec<u8>>>>);

impl Recycler {
    /// Returns a chunk's buffer for reuse (dropped when the pool is full).
    pub fn give(&self, data: Vec<u8>) {
        // A poisoned pool only means a panic elsewhere: then just drop.
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < MAX_SPARE_BUFFERS {
                pool.push(data);
            }
        }
    }

    /// A buffer handed back earlier, if any.
    pub(crate) fn take(&self) -> Option<Vec<u8>> {
        self.0.lock().ok()?.pop()
    }
}

/// Reads an input as a sequence of [`Chunk`]s cut at line boundaries.
///
/// Each chunk is filled with as few `read` calls as the source allows (one
/// per chunk for a regular file) straight into the chunk's own buffer;
/// buffers given back through [`ChunkReader::recycler`] are reused.
pub struct ChunkReader<'a> {
    reader: Box<dyn Read + Send + 'a>,
    chunk_size: usize,
    carry: Vec<u8>,
    spare: Recycler,
    next_line: u64,
    next_offset: u64,
    next_index: usize,
    count_lines: bool,
    sniff_gzip: bool,
    done: bool,
}

impl<'a> ChunkReader<'a> {
    /// Reads `reader` in chunks of about `chunk_size` bytes (a single line
    /// longer than that becomes one bigger chunk).
    pub fn new(reader: Box<dyn Read + Send + 'a>, chunk_size: usize) -> ChunkReader<'a> {
        ChunkReader {
            reader,
            chunk_size: chunk_size.max(1),
            carry: Vec::new(),
            spare: Recycler::default(),
            next_line: 1,
            next_offset: 0,
            next_index: 0,
            count_lines: true,
            sniff_gzip: false,
            done: false,
        }
    }

    /// Like [`ChunkReader::new`] over raw bytes (see [`Input::open_raw`]):
    /// gzip is detected from the first bytes read into the first chunk,
    /// so plain input goes through no intermediate buffer.
    pub fn detecting_gzip(raw: Box<dyn Read + Send + 'a>, chunk_size: usize) -> ChunkReader<'a> {
        ChunkReader {
            sniff_gzip: true,
            ..ChunkReader::new(raw, chunk_size)
        }
    }

    /// Leaves line numbering to the consumer: every chunk starts at line
    /// 1, and the reader skips its serial newline count. The engine counts
    /// lines in its parallel workers instead and renumbers what it reports.
    pub fn without_line_numbers(mut self) -> ChunkReader<'a> {
        self.count_lines = false;
        self
    }

    /// A handle through which consumers give finished chunk buffers back.
    pub fn recycler(&self) -> Recycler {
        self.spare.clone()
    }

    /// A buffer of `len` initialised bytes: a recycled one (only the part
    /// beyond its last length is zero-filled) or a new one.
    fn buffer(&self, len: usize) -> Vec<u8> {
        let mut buf = self.spare.take().unwrap_or_default();
        buf.resize(len, 0);
        buf
    }

    /// Reads into `buf[*filled..]` until it is full or the input ends.
    fn fill(&mut self, buf: &mut [u8], filled: &mut usize) -> io::Result<()> {
        while *filled < buf.len() {
            match self.reader.read(&mut buf[*filled..]) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(n) => *filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
            if self.sniff_gzip && *filled >= GZIP_MAGIC.len() {
                self.sniff_gzip = false;
                if buf[..*filled].starts_with(&GZIP_MAGIC) {
                    self.start_gunzip(buf[..*filled].to_vec());
                    *filled = 0;
                }
            }
        }
        if self.done && self.sniff_gzip {
            // Input shorter than the magic: plain.
            self.sniff_gzip = false;
        }
        Ok(())
    }

    /// Switches to decompressing: `head` (the bytes read so far) and then
    /// the rest of the raw input go through a gzip decoder.
    fn start_gunzip(&mut self, head: Vec<u8>) {
        let raw = std::mem::replace(&mut self.reader, Box::new(io::empty()));
        let raw = io::Cursor::new(head).chain(raw);
        self.reader = Box::new(flate2::read::MultiGzDecoder::new(raw));
        self.done = false;
    }
}

impl Iterator for ChunkReader<'_> {
    type Item = io::Result<Chunk>;

    fn next(&mut self) -> Option<io::Result<Chunk>> {
        // At least two bytes, so the first fill can always see the gzip magic.
        let len = self.chunk_size.max(self.carry.len() + 1);
        let mut buf = self.buffer(len.max(GZIP_MAGIC.len()));
        buf[..self.carry.len()].copy_from_slice(&self.carry);
        let mut filled = self.carry.len();
        self.carry.clear();
        loop {
            if !self.done {
                if let Err(e) = self.fill(&mut buf, &mut filled) {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            if self.done {
                break;
            }
            // Cut after the last newline; keep the partial line for later.
            if let Some(nl) = memchr::memrchr(b'\n', &buf[..filled]) {
                self.carry.extend_from_slice(&buf[nl + 1..filled]);
                filled = nl + 1;
                break;
            }
            // One line longer than a chunk: keep reading until it ends.
            self.chunk_size = self.chunk_size.saturating_mul(2);
            buf.resize(self.chunk_size, 0);
        }
        buf.truncate(filled);
        if buf.is_empty() {
            self.spare.give(buf);
            return None;
        }
        let chunk = Chunk {
            index: self.next_index,
            first_line: self.next_line,
            offset: self.next_offset,
            data: buf,
        };
        self.next_index += 1;
        self.next_offset += chunk.data.len() as u64;
        if self.count_lines {
            self.next_line += memchr::memchr_iter(b'\n', &chunk.data).count() as u64;
        }
        Some(Ok(chunk))
    }
}

/// Iterates the lines of a chunk with their 1-based numbers; a trailing
/// `\r` is removed.
pub fn lines(data: &[u8], first_line: u64) -> impl Iterator<Item = (u64, &[u8])> {
    let mut line = first_line;
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (l, r) = match memchr::memchr(b'\n', rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = r;
        let n = line;
        line += 1;
        Some((n, l.strip_suffix(b"\r").unwrap_or(l)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn chunks(data: &[u8], size: usize) -> Vec<Chunk> {
        let r = Input::Bytes(data.into()).open().unwrap();
        ChunkReader::new(r, size).map(|c| c.unwrap()).collect()
    }

    #[test]
    fn chunks_end_on_line_boundaries_and_count_lines() {
        let data: Vec<u8> = (0..1000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        for size in [1, 7, 64, 1000, 1 << 20] {
            let cs = chunks(&data, size);
            let joined: Vec<u8> = cs.iter().flat_map(|c| c.data.clone()).collect();
            assert_eq!(joined, data, "size {size}");
            for c in &cs {
                assert!(c.data.ends_with(b"\n"));
                let first = lines(&c.data, c.first_line).next().unwrap();
                let n: u64 = std::str::from_utf8(&first.1[5..]).unwrap().parse().unwrap();
                assert_eq!(first.0, n + 1);
            }
        }
    }

    #[test]
    fn without_line_numbers_every_chunk_starts_at_line_one() {
        let data = b"a\nb\nc\nd\ne".repeat(3);
        let r = Input::Bytes(data[..].into()).open().unwrap();
        let cs: Vec<Chunk> = ChunkReader::new(r, 4)
            .without_line_numbers()
            .map(|c| c.unwrap())
            .collect();
        assert!(cs.len() > 2);
        assert!(cs.iter().all(|c| c.first_line == 1));
        let joined: Vec<u8> = cs.iter().flat_map(|c| c.data.clone()).collect();
        assert_eq!(joined, data);
        let mut offset = 0;
        for (i, c) in cs.iter().enumerate() {
            assert_eq!((c.index, c.offset), (i, offset));
            offset += c.data.len() as u64;
        }
    }

    #[test]
    fn last_line_without_newline_and_crlf() {
        let cs = chunks(b"a\r\nb\nc", 2);
        let all: Vec<(u64, Vec<u8>)> = cs
            .iter()
            .flat_map(|c| lines(&c.data, c.first_line).map(|(n, l)| (n, l.to_vec())))
            .collect();
        assert_eq!(
            all,
            vec![(1, b"a".to_vec()), (2, b"b".to_vec()), (3, b"c".to_vec())]
        );
    }

    #[test]
    fn gzip_is_detected() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"x=1\ny=2\n").unwrap();
        let gz = enc.finish().unwrap();
        let cs = chunks(&gz, 1 << 20);
        assert_eq!(cs[0].data, b"x=1\ny=2\n");
    }

    #[test]
    fn truncated_gzip_is_an_io_error() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&b"abc\n".repeat(10_000)).unwrap();
        let gz = enc.finish().unwrap();
        let r = Input::Bytes(gz[..gz.len() / 2].into()).open().unwrap();
        assert!(ChunkReader::new(r, 1 << 20).any(|c| c.is_err()));
    }

    /// A reader that returns at most `step` bytes per call, like a pipe.
    struct Trickle {
        data: Vec<u8>,
        pos: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.step).min(self.data.len() - self.pos);
            buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    fn trickle(data: &[u8], step: usize) -> Box<dyn Read + Send> {
        Box::new(Trickle {
            data: data.to_vec(),
            pos: 0,
            step,
        })
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn joined(r: ChunkReader<'_>) -> Vec<u8> {
        r.map(|c| c.unwrap().data).collect::<Vec<_>>().concat()
    }

    #[test]
    fn gzip_is_detected_when_reads_are_short() {
        let text: Vec<u8> = (0..500)
            .flat_map(|i| format!("{{\"n\":{i}}}\n").into_bytes())
            .collect();
        let gz = gzip(&text);
        for (step, size) in [(1, 1), (1, 64), (2, 7), (3, 1 << 10), (1 << 20, 1)] {
            let r = ChunkReader::detecting_gzip(trickle(&gz, step), size);
            assert_eq!(joined(r), text, "step {step} size {size}");
            let r = ChunkReader::detecting_gzip(trickle(&text, step), size);
            assert_eq!(joined(r), text, "plain, step {step} size {size}");
        }
    }

    #[test]
    fn detecting_gzip_on_tiny_and_empty_inputs() {
        for data in [&b""[..], b"\x1f", b"x", b"\x1f\n", b"a\nb"] {
            let r = ChunkReader::detecting_gzip(trickle(data, 1), 1);
            assert_eq!(joined(r), data);
        }
        let r = ChunkReader::detecting_gzip(trickle(&gzip(b""), 1), 4);
        assert_eq!(joined(r), b"");
        // A gzip magic followed by garbage is an error, not plain text.
        let r = ChunkReader::detecting_gzip(trickle(b"\x1f\x8bnot gzip\n", 3), 4);
        assert!(r.into_iter().any(|c| c.is_err()));
    }

    #[test]
    fn recycled_buffers_give_the_same_chunks() {
        let data: Vec<u8> = (0..3000)
            .flat_map(|i| format!("{}\n", "x".repeat(i % 97)).into_bytes())
            .collect();
        let expect: Vec<Vec<u8>> = ChunkReader::new(trickle(&data, 1 << 20), 256)
            .map(|c| c.unwrap().data)
            .collect();
        let mut r = ChunkReader::new(trickle(&data, 100), 256);
        let recycler = r.recycler();
        let mut got = Vec::new();
        for c in r.by_ref() {
            let mut buf = c.unwrap().data;
            got.push(buf.clone());
            // Dirty the buffer: a reused one must not leak old bytes.
            buf.fill(b'#');
            recycler.give(buf);
        }
        assert_eq!(got, expect);
        assert_eq!(got.concat(), data);
    }

    #[test]
    fn raw_input_opens_without_decompressing() {
        let gz = gzip(b"a\n");
        let mut raw = Vec::new();
        Input::Bytes(gz[..].into())
            .open_raw()
            .unwrap()
            .read_to_end(&mut raw)
            .unwrap();
        assert_eq!(raw, gz);
    }
}
