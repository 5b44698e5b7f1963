//! Little-endian byte writing and checked reading for the weights file. Every read names what
//! it was reading and where, so a truncated or corrupt file gives a clear error, never a panic.

use crate::Error;

/// A growing byte buffer.
#[derive(Default)]
pub struct Sink {
    bytes: Vec<u8>,
}

impl Sink {
    /// Append a `u8`.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    /// Append a `u32`.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Append a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Append an `i16`.
    pub fn i16(&mut self, v: i16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Append a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }
    /// Append raw bytes.
    pub fn raw(&mut self, b: &[u8]) {
        self.bytes.extend_from_slice(b);
    }
    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
    /// The finished buffer.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// A reader over a byte slice that reports errors with the file name and byte offset.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    origin: &'a str,
}

impl<'a> Cursor<'a> {
    /// Read `bytes`, naming `origin` (a path) in errors.
    pub fn new(bytes: &'a [u8], origin: &'a str) -> Cursor<'a> {
        Cursor {
            bytes,
            pos: 0,
            origin,
        }
    }

    /// An error at the current offset.
    pub fn error(&self, message: String) -> Error {
        Error::Model {
            origin: self.origin.to_string(),
            offset: self.pos,
            message,
        }
    }

    /// Fail unless `n` more bytes are available.
    pub fn need(&self, n: usize, what: &str) -> Result<(), Error> {
        if self.bytes.len() - self.pos < n {
            return Err(self.error(format!("truncated while reading {what}")));
        }
        Ok(())
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        self.need(n, what)?;
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Read raw bytes.
    pub fn raw(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        self.take(n, what)
    }
    /// Read a `u8`.
    pub fn u8(&mut self, what: &str) -> Result<u8, Error> {
        Ok(self.take(1, what)?[0])
    }
    /// Read a `u32`.
    pub fn u32(&mut self, what: &str) -> Result<u32, Error> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Read a `u64`.
    pub fn u64(&mut self, what: &str) -> Result<u64, Error> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// Read an `i16`.
    pub fn i16(&mut self, what: &str) -> Result<i16, Error> {
        let b = self.take(2, what)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
    /// Read a length-prefixed UTF-8 string.
    pub fn str(&mut self, what: &str) -> Result<&'a str, Error> {
        let n = self.u32(what)? as usize;
        let b = self.take(n, what)?;
        std::str::from_utf8(b).map_err(|_| self.error(format!("{what}: not UTF-8")))
    }
    /// Bytes read so far.
    pub fn pos(&self) -> usize {
        self.pos
    }
    /// True when every byte was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}
