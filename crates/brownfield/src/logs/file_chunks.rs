//! Chunks of a regular file that the workers read themselves, each with
//! positional reads (`pread`), so no worker waits for another's read.
//!
//! The serial [`ChunkReader`](super::source::ChunkReader) must read chunks
//! in order (each starts where the previous one's last whole line ended),
//! so workers take turns at it: on two cores a worker spent a few percent
//! of a query waiting for the other's `read`. Here chunk `i` is defined by
//! the file alone: the lines that *start* in bytes `i * size .. (i + 1) *
//! size`. A worker finds the first such line (the byte before it is a
//! newline) and reads on past the range to the newline ending the last
//! one; chunks need nothing from each other.
//!
//! Only plain regular files take this path (gzip and every other input go
//! through the chunk reader). The file's length is taken when it is
//! opened: data appended later is not read, and a file truncated during
//! the run just ends early (no error, no crash).

use super::source::{Chunk, Recycler, GZIP_MAGIC};
use std::fs::File;
use std::io;
use std::path::Path;

/// Bytes read past a chunk's range at first to finish its last line
/// (longer lines take more reads).
const TAIL: usize = 4 << 10;

/// Bytes read per step while looking for a chunk's first line.
const PROBE: usize = 1 << 10;

/// A regular, uncompressed file cut into independently readable chunks.
pub struct FileChunks {
    file: File,
    len: u64,
    chunk_size: u64,
    spare: Recycler,
}

impl FileChunks {
    /// Opens `path` for chunked positional reads; `None` when it is not a
    /// regular file (a pipe, a device), is empty by its metadata (as are
    /// `/proc` files, whose contents only reading shows) or is
    /// gzip-compressed.
    pub fn open(path: &Path, chunk_size: usize) -> io::Result<Option<FileChunks>> {
        if cfg!(not(unix)) {
            return Ok(None);
        }
        // Looked at before opening: opening a FIFO waits for a writer, and
        // closing it again would lose that writer. Errors (no such file)
        // are left to the reader's own open, which reports them.
        let usable = |m: &std::fs::Metadata| m.is_file() && m.len() > 0;
        if !std::fs::metadata(path).is_ok_and(|m| usable(&m)) {
            return Ok(None);
        }
        let file = File::open(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let meta = file.metadata()?;
        if !usable(&meta) {
            return Ok(None);
        }
        let chunks = FileChunks {
            file,
            len: meta.len(),
            chunk_size: chunk_size.max(1) as u64,
            spare: Recycler::default(),
        };
        let mut head = [0u8; 2];
        let n = chunks.read_at(&mut head, 0)?;
        Ok((head[..n] != GZIP_MAGIC).then_some(chunks))
    }

    /// The number of chunks.
    pub fn count(&self) -> usize {
        usize::try_from(self.len.div_ceil(self.chunk_size)).unwrap_or(usize::MAX)
    }

    /// A handle through which consumers give finished chunk buffers back.
    pub fn recycler(&self) -> Recycler {
        self.spare.clone()
    }

    /// Reads chunk `index`: the lines that start in its byte range, whole
    /// (empty when one line spans the range; it belongs to an earlier
    /// chunk). Line numbers start at 1 in every chunk.
    pub fn read(&self, index: usize) -> io::Result<Chunk> {
        let start = (index as u64).saturating_mul(self.chunk_size).min(self.len);
        let end = start.saturating_add(self.chunk_size).min(self.len);
        // A recycled buffer keeps its length: `resize` below zero-fills
        // only what lies beyond it, and reads overwrite the rest.
        let mut data = self.spare.take().unwrap_or_default();
        let first = if index == 0 {
            Some(0)
        } else {
            self.first_line_start(start, end)?
        };
        let Some(first) = first.filter(|&f| f < end) else {
            data.clear();
            return Ok(Chunk {
                index,
                first_line: 1,
                offset: end,
                data,
            });
        };
        // Its lines run from `first` to the newline at or after `end - 1`.
        let last = (end - 1 - first) as usize;
        let mut want = (end - first) as usize + TAIL;
        let mut filled = 0;
        loop {
            data.resize(want, 0);
            let n = self.read_at(&mut data[filled..], first + filled as u64)?;
            // Bytes before `filled` were searched in an earlier round.
            let from = last.max(filled);
            filled += n;
            let from = from.min(filled);
            if let Some(nl) = memchr::memchr(b'\n', &data[from..filled]) {
                filled = from + nl + 1;
                break;
            }
            if filled < want {
                // The end of the file: its last line has no newline.
                break;
            }
            want = want.saturating_mul(2);
        }
        data.truncate(filled);
        Ok(Chunk {
            index,
            first_line: 1,
            offset: first,
            data,
        })
    }

    /// Where the first line starting at or after `start` begins (after the
    /// first newline at or after `start - 1`), looking no further than
    /// `end`; `None` when no line starts before `end`.
    fn first_line_start(&self, start: u64, end: u64) -> io::Result<Option<u64>> {
        let mut probe = [0u8; PROBE];
        let mut at = start - 1;
        while at < end {
            let n = self.read_at(&mut probe, at)?;
            if n == 0 {
                return Ok(None);
            }
            if let Some(nl) = memchr::memchr(b'\n', &probe[..n]) {
                return Ok(Some(at + nl as u64 + 1));
            }
            at += n as u64;
        }
        Ok(None)
    }

    /// Reads into `buf` from byte `pos` until `buf` is full or the file
    /// (as long as it was when opened) ends; returns the bytes read.
    fn read_at(&self, buf: &mut [u8], pos: u64) -> io::Result<usize> {
        let room = self.len.saturating_sub(pos);
        let max = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let mut done = 0;
        while done < max {
            match read_at(&self.file, &mut buf[done..max], pos + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
}

/// One positional read (Unix `pread`).
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

/// Positional reads are only used on Unix ([`FileChunks::open`] gives
/// `None` elsewhere).
#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::logs::source::ChunkReader;
    use std::io::Write;

    /// A temporary file holding some bytes, removed when dropped.
    struct TempPath(std::path::PathBuf);

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn file_with(data: &[u8]) -> TempPath {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "brownfield-file-chunks-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&p, data).unwrap();
        TempPath(p)
    }

    /// Every chunk size from 1 byte up, on lines of many lengths (empty,
    /// longer than a chunk, CRLF, no final newline): the chunks, in order,
    /// are the whole file cut only at line starts, each at its offset, and
    /// hold the same lines as the serial chunk reader's.
    #[test]
    fn chunks_cover_the_file_cut_at_line_starts() {
        let mut inputs: Vec<Vec<u8>> = vec![
            b"\n".to_vec(),
            b"\n\n\n".to_vec(),
            b"a".to_vec(),
            b"ab\ncd".to_vec(),
            b"ab\r\ncd\r\n".to_vec(),
        ];
        let mut x = 7u64;
        let mut long = Vec::new();
        for i in 0..300 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = if i % 50 == 0 {
                3000
            } else {
                (x >> 58) as usize
            };
            long.extend((0..len).map(|j| b'a' + (j % 26) as u8));
            long.push(b'\n');
        }
        long.extend_from_slice(b"tail without newline");
        inputs.push(long);
        for data in &inputs {
            let f = file_with(data);
            for size in [1, 2, 3, 7, 64, 1000, 5000, 1 << 20] {
                let fc = FileChunks::open(&f.0, size).unwrap().unwrap();
                let mut joined = Vec::new();
                let mut lines = Vec::new();
                for i in 0..fc.count() {
                    let c = fc.read(i).unwrap();
                    assert_eq!(c.index, i);
                    if !c.data.is_empty() {
                        assert_eq!(c.offset, joined.len() as u64, "size {size} chunk {i}");
                    }
                    if !c.data.is_empty() && (c.offset + c.data.len() as u64) < data.len() as u64 {
                        assert!(c.data.ends_with(b"\n"), "size {size} chunk {i}");
                    }
                    if !c.data.is_empty() {
                        lines.extend(c.data.split(|&b| b == b'\n').map(<[u8]>::to_vec));
                    }
                    if c.data.ends_with(b"\n") {
                        lines.pop();
                    }
                    joined.extend_from_slice(&c.data);
                    fc.recycler().give(c.data);
                }
                assert_eq!(&joined, data, "size {size}");
                let serial: Vec<Vec<u8>> = ChunkReader::new(Box::new(&data[..]), size)
                    .flat_map(|c| {
                        let c = c.unwrap();
                        let mut l: Vec<Vec<u8>> =
                            c.data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                        if c.data.ends_with(b"\n") {
                            l.pop();
                        }
                        l
                    })
                    .collect();
                assert_eq!(lines, serial, "size {size}");
            }
        }
    }

    #[test]
    fn gzip_empty_and_non_regular_files_are_left_to_the_reader() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"{\"a\":1}\n").unwrap();
        let f = file_with(&enc.finish().unwrap());
        assert!(FileChunks::open(&f.0, 10).unwrap().is_none());
        assert!(FileChunks::open(Path::new("/dev/null"), 10)
            .unwrap()
            .is_none());
        let empty = file_with(b"");
        assert!(FileChunks::open(&empty.0, 10).unwrap().is_none());
        // Size 0 by its metadata, yet it has lines: left to the reader.
        let proc_file = Path::new("/proc/self/status");
        if proc_file.exists() {
            assert!(FileChunks::open(proc_file, 10).unwrap().is_none());
        }
        assert!(FileChunks::open(Path::new("/no/such/file"), 10)
            .unwrap()
            .is_none());
        // A FIFO is not opened at all (that would wait for a writer).
        let fifo = std::env::temp_dir().join(format!("brownfield-fifo-{}", std::process::id()));
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let (tx, rx) = std::sync::mpsc::channel();
            let path = fifo.clone();
            std::thread::spawn(move || tx.send(FileChunks::open(&path, 10).map(|c| c.is_none())));
            let opened = rx.recv_timeout(std::time::Duration::from_secs(10));
            std::fs::remove_file(&fifo).unwrap();
            assert!(opened.expect("returns without waiting").unwrap());
        }
    }

    /// A file shorter than when it was opened (truncated under a running
    /// query) ends early: no error, no panic, only whole data.
    #[test]
    fn a_file_truncated_after_opening_ends_early() {
        let data: Vec<u8> = (0..2000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let f = file_with(&data);
        let fc = FileChunks::open(&f.0, 1000).unwrap().unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&f.0)
            .unwrap()
            .set_len(5000)
            .unwrap();
        let mut joined = Vec::new();
        for i in 0..fc.count() {
            joined.extend(fc.read(i).unwrap().data);
        }
        assert_eq!(joined, &data[..5000]);
    }
}
