//! Reading one WARC record: the version line, the named fields, the block of `Content-Length`
//! bytes and the blank lines after it; for a response, the HTTP message inside the block.

use std::io::{self, BufRead, Read};

use super::payload::{dechunk, decode, DecodeError};
use super::source::Source;
use super::WarcOptions;
use crate::media::{is_html, MediaType};
use crate::record::{Fetched, Hints, Origin};

/// The longest version line or header line read.
const MAX_LINE: usize = 8 * 1024;
/// How many HTTP headers a response may have.
const MAX_HTTP_HEADERS: usize = 128;

/// What one record turned out to be.
pub(crate) enum Step {
    /// No more records.
    Eof,
    /// An HTML response, with the offset its record started at.
    Document(Box<Fetched>),
    /// A record of another kind, counted under this name.
    Skipped(String),
}

/// Why a record could not be read.
pub(crate) enum Bad {
    /// The record is unusable but its length was known, so the next one starts where expected.
    Record { at: u64, reason: String },
    /// The record's framing is lost: the reader must scan for the next record.
    Framing { at: u64, reason: String },
    /// The bytes could not be read at all.
    Io(io::Error),
}

/// The named fields of a WARC record, in order.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the next record from `src`.
pub(crate) fn read_record<R: BufRead>(
    src: &mut Source<R>,
    opts: &WarcOptions,
) -> Result<Step, Bad> {
    // Records are separated by two line ends; be lenient about how many.
    loop {
        match src.fill_buf().map_err(Bad::Io)?.first() {
            None => return Ok(Step::Eof),
            Some(b'\r' | b'\n') => src.consume(1),
            Some(_) => break,
        }
    }
    let at = src.pos();
    let framing = |reason: String| Bad::Framing { at, reason };
    let version = src
        .read_line(MAX_LINE)
        .map_err(|e| framing(e.to_string()))?;
    if !version.starts_with(b"WARC/") {
        let shown = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
        return Err(framing(format!(
            "expected a WARC/1.x version line, found {shown:?}"
        )));
    }
    let fields = read_fields(src, opts.max_header).map_err(framing)?;
    let length = fields
        .get("Content-Length")
        .ok_or_else(|| framing("no Content-Length".to_string()))?;
    let length: u64 = length
        .trim()
        .parse()
        .map_err(|_| framing(format!("bad Content-Length {length:?}")))?;
    let kind = fields
        .get("WARC-Type")
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "untyped".to_string());

    let mut block = Read::take(&mut *src, length);
    let outcome = if kind == "response" {
        read_response(&mut block, length, &fields, opts, at)
    } else {
        Ok(Step::Skipped(kind))
    };
    // Whatever the block held, the next record starts after it.
    io::copy(&mut block, &mut io::sink()).map_err(Bad::Io)?;
    if block.limit() > 0 {
        return Err(framing(format!(
            "the file ends {} bytes before the record's Content-Length of {length}",
            block.limit()
        )));
    }
    match src.fill_buf().map_err(Bad::Io)?.first() {
        None | Some(b'\r' | b'\n') => outcome,
        Some(_) => Err(framing(format!(
            "no blank line after the {length}-byte block: the Content-Length is wrong"
        ))),
    }
}

/// Reads `Name: value` lines up to the blank line, at most `max` bytes in all.
fn read_fields<R: BufRead>(src: &mut Source<R>, max: usize) -> Result<Fields, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut total = 0;
    loop {
        let line = src.read_line(MAX_LINE).map_err(|e| e.to_string())?;
        total += line.len();
        if total > max {
            return Err(format!("header longer than {max} bytes"));
        }
        if line.is_empty() {
            return Err("the file ends inside the record header".to_string());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Fields(fields));
        }
        if text.starts_with([' ', '\t']) {
            // A folded continuation of the previous field.
            match fields.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                None => return Err("header opens with a continuation line".to_string()),
            }
            continue;
        }
        let (name, value) = text
            .split_once(':')
            .ok_or_else(|| format!("header line without a colon: {:?}", truncate(text)))?;
        fields.push((name.trim().to_string(), value.trim().to_string()));
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(60) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Reads the HTTP response inside a `response` record's block.
fn read_response(
    block: &mut impl Read,
    length: u64,
    fields: &Fields,
    opts: &WarcOptions,
    at: u64,
) -> Result<Step, Bad> {
    let record_bad = |reason: String| Bad::Record { at, reason };
    if let Some(ct) = fields.get("Content-Type") {
        if !MediaType::parse(ct).essence.starts_with("application/http") {
            return Ok(Step::Skipped("response (not HTTP)".to_string()));
        }
    }
    // The head is read with a bounded prefix, which may hold the start of the payload too.
    let mut head = Vec::new();
    block
        .take(opts.max_header as u64)
        .read_to_end(&mut head)
        .map_err(Bad::Io)?;
    let mut slots = [httparse::EMPTY_HEADER; MAX_HTTP_HEADERS];
    let mut response = httparse::Response::new(&mut slots);
    let head_len = match response.parse(&head) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) if head.len() < opts.max_header => {
            return Err(record_bad("the HTTP response head is cut off".to_string()))
        }
        Ok(httparse::Status::Partial) => {
            return Err(record_bad(format!(
                "HTTP response head longer than {} bytes",
                opts.max_header
            )))
        }
        Err(e) => return Err(record_bad(format!("HTTP response head: {e}"))),
    };
    let status = response.code.unwrap_or(0);
    let headers: Vec<(String, String)> = response
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let http = |name: &str| -> Option<String> {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    if !(200..300).contains(&status) {
        return Ok(Step::Skipped(format!("response {}xx", status / 100)));
    }
    let media = http("Content-Type")
        .map(|v| MediaType::parse(&v))
        .unwrap_or_default();
    if !is_html(media.essence().as_deref(), &head[head_len..]) {
        let what = media
            .essence()
            .unwrap_or_else(|| "of unknown type".to_string());
        return Ok(Step::Skipped(format!("response {what}")));
    }
    if length - head_len as u64 > opts.max_body {
        return Ok(Step::Skipped("response over the size limit".to_string()));
    }
    let mut payload = head.split_off(head_len);
    block.read_to_end(&mut payload).map_err(Bad::Io)?;
    let chunked =
        http("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let decoded = if chunked {
        dechunk(&payload)
    } else {
        Ok(payload)
    }
    .and_then(|p| {
        decode(
            http("Content-Encoding").as_deref().unwrap_or(""),
            p,
            opts.max_body,
        )
    });
    let body = match decoded {
        Ok(body) => body,
        Err(DecodeError::Unsupported(enc)) => {
            return Ok(Step::Skipped(format!(
                "response with Content-Encoding {enc}"
            )))
        }
        Err(DecodeError::TooLarge) => {
            return Ok(Step::Skipped("response over the size limit".to_string()))
        }
        Err(DecodeError::Bad(reason)) => return Err(record_bad(reason)),
    };
    let uri = fields
        .get("WARC-Target-URI")
        .map(|u| {
            u.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
        .ok_or_else(|| record_bad("response record without WARC-Target-URI".to_string()))?;
    Ok(Step::Document(Box::new(Fetched {
        url: uri.clone(),
        requested_url: uri,
        status,
        content_type: media.essence(),
        charset: media.charset,
        body,
        fetched_at: fields.get("WARC-Date").and_then(|d| d.trim().parse().ok()),
        date: http("Date"),
        last_modified: http("Last-Modified"),
        etag: http("ETag"),
        hints: Hints::default(),
        origin: Origin::Warc {
            offset: at,
            record_id: fields.get("WARC-Record-ID").map(str::to_string),
        },
    })))
}
