//! A byte source that counts how far it has read and can put bytes back, so the reader can
//! report offsets and resynchronise by scanning for a marker and then parsing from it.

use std::io::{self, BufRead, Read};

pub(crate) struct Source<R> {
    inner: R,
    /// Bytes put back by [`Source::unread`], served before `inner`.
    pushback: Vec<u8>,
    pushback_pos: usize,
    pos: u64,
}

impl<R: BufRead> Source<R> {
    pub(crate) fn new(inner: R) -> Source<R> {
        Source {
            inner,
            pushback: Vec::new(),
            pushback_pos: 0,
            pos: 0,
        }
    }

    /// Bytes consumed so far.
    pub(crate) fn pos(&self) -> u64 {
        self.pos
    }

    pub(crate) fn into_inner(self) -> R {
        self.inner
    }

    /// Puts back bytes just consumed (only the ones scanned last, so offsets stay true).
    fn unread(&mut self, bytes: &[u8]) {
        let mut rest = self.pushback[self.pushback_pos..].to_vec();
        self.pushback = bytes.to_vec();
        self.pushback.append(&mut rest);
        self.pushback_pos = 0;
        self.pos -= bytes.len() as u64;
    }

    /// Whether nothing is left.
    pub(crate) fn at_eof(&mut self) -> io::Result<bool> {
        Ok(self.fill_buf()?.is_empty())
    }

    /// Consumes one byte if the position has not passed `offset`, so a scan that starts where
    /// a failure was found cannot find the same spot again and loop.
    pub(crate) fn move_past(&mut self, offset: u64) -> io::Result<()> {
        if self.pos <= offset && !self.at_eof()? {
            self.consume(1);
        }
        Ok(())
    }

    /// Skips to the next occurrence of `pattern`, leaving its last `keep` bytes unread.
    /// Returns false at the end of the input. The first byte of `pattern` must not occur
    /// again in it (true of the markers used), so a one-state matcher finds every occurrence.
    pub(crate) fn skip_to(&mut self, pattern: &[u8], keep: usize) -> io::Result<bool> {
        let mut matched = 0;
        loop {
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                matched = if b == pattern[matched] {
                    matched + 1
                } else if b == pattern[0] {
                    1
                } else {
                    0
                };
                if matched == pattern.len() {
                    end = Some(i + 1);
                    break;
                }
            }
            let n = end.unwrap_or(buf.len());
            self.consume(n);
            if end.is_some() {
                self.unread(&pattern[pattern.len() - keep..]);
                return Ok(true);
            }
        }
    }

    /// Reads a line (through its `\n`) of at most `max` bytes; a longer one is an error.
    pub(crate) fn read_line(&mut self, max: usize) -> io::Result<Vec<u8>> {
        let mut line = Vec::new();
        (&mut *self)
            .take(max as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if line.len() > max {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("line longer than {max} bytes"),
            ));
        }
        Ok(line)
    }
}

impl<R: BufRead> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pushback_pos < self.pushback.len() {
            return Ok(&self.pushback[self.pushback_pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.pos += n as u64;
        if self.pushback_pos < self.pushback.len() {
            self.pushback_pos += n;
            if self.pushback_pos >= self.pushback.len() {
                self.pushback.clear();
                self.pushback_pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_to_finds_markers_across_buffer_edges_and_keeps_offsets() {
        let data = b"xx\n\nWARC/1.1 rest";
        // A one-byte buffer puts every byte on its own buffer edge.
        let mut src = Source::new(io::BufReader::with_capacity(1, &data[..]));
        assert!(src.skip_to(b"\nWARC/", 5).unwrap());
        assert_eq!(src.pos(), 4);
        let line = src.read_line(100).unwrap();
        assert_eq!(line, b"WARC/1.1 rest");
        assert_eq!(src.pos(), data.len() as u64);
        assert!(!src.skip_to(b"\nWARC/", 5).unwrap());
    }

    #[test]
    fn long_lines_are_refused() {
        let mut src = Source::new(&b"abcdef\n"[..]);
        assert!(src.read_line(3).is_err());
    }
}
