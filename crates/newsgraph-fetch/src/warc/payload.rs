//! Undoing what HTTP did to a payload on the wire. Archives differ: Common Crawl stores bodies
//! already decoded, while tools such as `wget --warc-file` store the bytes as sent, chunked and
//! gzipped, so both have to read right.

use std::io::Read;

use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};

/// What went wrong decoding a payload.
pub(crate) enum DecodeError {
    /// The encoding is one this reader does not undo (it is skipped, not corrupt).
    Unsupported(String),
    /// The bytes are not what the headers say.
    Bad(String),
    /// Decoded, the payload is larger than the limit.
    TooLarge,
}

/// Removes `Transfer-Encoding: chunked` framing. Trailers after the last chunk are ignored.
pub(crate) fn dechunk(data: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let bad = |why: &str| DecodeError::Bad(format!("chunked body: {why}"));
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    loop {
        let eol = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| bad("chunk size line not ended"))?;
        let line = String::from_utf8_lossy(&rest[..eol]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| bad(&format!("bad chunk size {size_text:?}")))?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = rest
            .get(..size)
            .ok_or_else(|| bad("chunk runs past the record"))?;
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .ok_or_else(|| bad("chunk not followed by a line end"))?;
    }
}

/// Undoes a `Content-Encoding` (`gzip`, `x-gzip`, `deflate`, `identity`), giving at most
/// `limit` bytes.
pub(crate) fn decode(encoding: &str, data: Vec<u8>, limit: u64) -> Result<Vec<u8>, DecodeError> {
    let encoding = encoding.trim().to_ascii_lowercase();
    let read = |mut r: Box<dyn Read + '_>| -> Result<Vec<u8>, DecodeError> {
        let mut out = Vec::new();
        (&mut r)
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| DecodeError::Bad(format!("{encoding} body: {e}")))?;
        if out.len() as u64 > limit {
            return Err(DecodeError::TooLarge);
        }
        Ok(out)
    };
    match encoding.as_str() {
        "" | "identity" => Ok(data),
        "gzip" | "x-gzip" => read(Box::new(GzDecoder::new(&data[..]))),
        // HTTP's "deflate" is zlib-wrapped, but some servers send raw deflate.
        "deflate" => read(Box::new(ZlibDecoder::new(&data[..])))
            .or_else(|_| read(Box::new(DeflateDecoder::new(&data[..])))),
        other => Err(DecodeError::Unsupported(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_joined_and_bad_sizes_refused() {
        let data = b"5;ext=1\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n";
        assert_eq!(dechunk(data).ok().unwrap(), b"Hello, world");
        assert!(matches!(dechunk(b"zz\r\nHello"), Err(DecodeError::Bad(_))));
        assert!(matches!(dechunk(b"50\r\nshort"), Err(DecodeError::Bad(_))));
    }

    #[test]
    fn gzip_is_undone_within_the_limit() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&[b'a'; 1000]).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(decode("gzip", gz.clone(), 1000).ok().unwrap().len(), 1000);
        assert!(matches!(
            decode("gzip", gz, 999),
            Err(DecodeError::TooLarge)
        ));
        assert!(matches!(
            decode("br", vec![], 10),
            Err(DecodeError::Unsupported(_))
        ));
    }
}
