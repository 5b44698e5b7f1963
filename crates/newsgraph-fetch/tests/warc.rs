//! WARC files written by hand: plain and gzipped, with every kind of record, a corrupt record in
//! the middle, a broken gzip member, and arbitrary bytes that must never panic the reader.

use std::io::Write;

use newsgraph_fetch::{Origin, WarcError, WarcOptions, WarcRecords};
use proptest::prelude::*;

use newsgraph_testserver::gzip;

/// One WARC record with the given type, target and block.
fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-10-07T06:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A `response` record holding an HTTP response with these headers and body.
fn response(uri: &str, status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &http)
}

fn html(uri: &str, text: &str) -> Vec<u8> {
    response(
        uri,
        "200 OK",
        "Content-Type: text/html; charset=UTF-8\r\nDate: Mon, 07 Oct 2024 06:00:00 GMT\r\n",
        format!("<html><p>{text}</p></html>").as_bytes(),
    )
}

/// A record whose Content-Length is short by 7 bytes: its block ends early, framing is lost.
fn corrupt() -> Vec<u8> {
    let good = html(
        "http://news.example/broken",
        "This record lies about its length.",
    );
    let text = String::from_utf8(good).unwrap();
    let declared: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    text.replace(
        &format!("Content-Length: {declared}\r\n"),
        &format!("Content-Length: {}\r\n", declared - 7),
    )
    .into_bytes()
}

/// The records of the test archive, in order; `corrupt()` is the seventh.
fn records() -> Vec<Vec<u8>> {
    let mut chunked_gzip = b"Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n\
        Content-Encoding: gzip\r\n"
        .to_vec();
    let packed = gzip(b"<html><p>Wire copy, chunked and gzipped.</p></html>");
    let mut body = format!("{:x}\r\n", 10).into_bytes();
    body.extend_from_slice(&packed[..10]);
    body.extend_from_slice(format!("\r\n{:x}\r\n", packed.len() - 10).as_bytes());
    body.extend_from_slice(&packed[10..]);
    body.extend_from_slice(b"\r\n0\r\n\r\n");
    let chunked = response(
        "http://news.example/wire",
        "200 OK",
        std::str::from_utf8(&chunked_gzip).unwrap(),
        &body,
    );
    chunked_gzip.clear();
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: hand\r\n",
        ),
        record(
            "request",
            "http://news.example/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        html("http://news.example/a", "First article."),
        response(
            "http://news.example/logo.png",
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG....",
        ),
        response(
            "http://news.example/missing",
            "404 Not Found",
            "Content-Type: text/html\r\n",
            b"<p>no</p>",
        ),
        record(
            "metadata",
            "http://news.example/a",
            "application/warc-fields",
            b"via: x\r\n",
        ),
        corrupt(),
        html("http://news.example/b", "Second article, after the damage."),
        chunked,
    ]
}

/// Reads everything: documents by URL, errors in order.
fn read_all<R: std::io::BufRead>(
    reader: R,
) -> (
    Vec<newsgraph_fetch::Fetched>,
    Vec<WarcError>,
    newsgraph_fetch::WarcStats,
) {
    let mut warc = WarcRecords::new(reader, WarcOptions::default()).unwrap();
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for item in warc.by_ref().take(1000) {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors, warc.stats().clone())
}

fn doc_urls(docs: &[newsgraph_fetch::Fetched]) -> Vec<&str> {
    docs.iter().map(|d| d.url.as_str()).collect()
}

const EXPECTED_URLS: [&str; 3] = [
    "http://news.example/a",
    "http://news.example/b",
    "http://news.example/wire",
];

#[test]
fn warc_plain_file_yields_html_responses_and_counts_the_rest() {
    let recs = records();
    let corrupt_offset: usize = recs[..6].iter().map(Vec::len).sum();
    let data = recs.concat();
    let (docs, errors, stats) = read_all(&data[..]);
    assert_eq!(doc_urls(&docs), EXPECTED_URLS);

    let first = &docs[0];
    assert_eq!(first.body, b"<html><p>First article.</p></html>");
    assert_eq!(first.status, 200);
    assert_eq!(first.content_type.as_deref(), Some("text/html"));
    assert_eq!(first.charset.as_deref(), Some("utf-8"));
    assert_eq!(first.date.as_deref(), Some("Mon, 07 Oct 2024 06:00:00 GMT"));
    assert_eq!(
        first.fetched_at.map(|t| t.to_string()).as_deref(),
        Some("2024-10-07T06:00:00Z")
    );
    let first_offset: usize = recs[..2].iter().map(Vec::len).sum();
    assert!(
        matches!(&first.origin, Origin::Warc { offset, record_id: Some(_) } if *offset == first_offset as u64)
    );
    assert_eq!(
        docs[2].body,
        b"<html><p>Wire copy, chunked and gzipped.</p></html>"
    );

    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].offset(), corrupt_offset as u64);
    assert!(
        errors[0]
            .to_string()
            .contains(&format!("byte {corrupt_offset}")),
        "{}",
        errors[0]
    );

    assert_eq!(stats.documents, 3);
    assert_eq!(stats.corrupt, 1);
    let skipped: Vec<(&str, u64)> = stats
        .skipped
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("metadata", 1),
            ("request", 1),
            ("response 4xx", 1),
            ("response image/png", 1),
            ("warcinfo", 1),
        ]
    );
}

#[test]
fn warc_gzip_members_are_read_one_by_one_and_a_broken_member_is_skipped() {
    let recs = records();
    let mut members: Vec<Vec<u8>> = recs.iter().map(|r| gzip(r)).collect();
    // Damage the deflate data of the third member (the first article): its CRC cannot match.
    let m = &mut members[2];
    let mid = m.len() / 2;
    for b in &mut m[mid..mid + 4] {
        *b ^= 0xA5;
    }
    let broken_offset: usize = members[..2].iter().map(Vec::len).sum();
    let corrupt_offset: usize = members[..6].iter().map(Vec::len).sum();
    let data = members.concat();
    let (docs, errors, stats) = read_all(&data[..]);
    assert_eq!(doc_urls(&docs), EXPECTED_URLS[1..]);
    // A document's offset is its member's, as CDX indexes give it.
    let b_offset: usize = members[..7].iter().map(Vec::len).sum();
    assert!(matches!(docs[0].origin, Origin::Warc { offset, .. } if offset == b_offset as u64));
    let offsets: Vec<u64> = errors.iter().map(WarcError::offset).collect();
    assert_eq!(
        offsets,
        vec![broken_offset as u64, corrupt_offset as u64],
        "{errors:?}"
    );
    assert!(errors[0].to_string().contains("gzip"), "{}", errors[0]);
    assert_eq!(stats.documents, 2);
    assert_eq!(stats.corrupt, 2);
    assert_eq!(stats.skipped_total(), 5);
}

#[test]
fn warc_whole_file_gzipped_as_one_member_reads_the_same() {
    let data = gzip(&records().concat());
    let (docs, errors, _) = read_all(&data[..]);
    assert_eq!(doc_urls(&docs), EXPECTED_URLS);
    assert_eq!(errors.len(), 1);
    // Inside one member, the error names the member (offset 0) and where in it the record was.
    assert!(matches!(errors[0], WarcError::Corrupt { offset: 0, in_member: Some(n), .. } if n > 0));
}

#[test]
fn warc_file_is_opened_from_disk_and_gzip_told_by_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    let mut f = std::fs::File::create(&path).unwrap();
    for r in records() {
        f.write_all(&gzip(&r)).unwrap();
    }
    drop(f);
    let warc = WarcRecords::open(&path, WarcOptions::default()).unwrap();
    let docs: Vec<_> = warc.filter_map(Result::ok).collect();
    assert_eq!(doc_urls(&docs), EXPECTED_URLS);
}

#[test]
fn warc_truncated_file_reports_the_cut_record() {
    let recs = records();
    let mut data = recs[..3].concat();
    let cut_at = data.len();
    data.extend_from_slice(&html("http://news.example/cut", "Cut short.")[..60]);
    let (docs, errors, _) = read_all(&data[..]);
    assert_eq!(doc_urls(&docs), vec!["http://news.example/a"]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].offset(), cut_at as u64);
}

#[test]
fn warc_oversized_html_is_skipped_and_counted() {
    let data = html("http://news.example/big", &"x".repeat(5000));
    let options = WarcOptions {
        max_body: 1000,
        ..WarcOptions::default()
    };
    let mut warc = WarcRecords::new(&data[..], options).unwrap();
    assert!(warc.next().is_none());
    assert_eq!(
        warc.stats().skipped.get("response over the size limit"),
        Some(&1)
    );
}

/// Reads arbitrary input to the end, checking that it ends: every item consumes input, so a
/// reader that yields more items than a generous multiple of the input's size is looping.
fn read_to_end(data: &[u8]) {
    let bound = 4 * data.len() + 10;
    let warc = WarcRecords::new(data, WarcOptions::default()).unwrap();
    let n = warc.take(bound + 1).count();
    assert!(n <= bound, "{n} items from {} bytes", data.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn warc_reader_never_panics_on_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..2000)) {
        read_to_end(&data);
        // The same bytes behind a gzip magic and behind a WARC version line.
        let mut gz = b"\x1f\x8b\x08".to_vec();
        gz.extend_from_slice(&data);
        read_to_end(&gz);
        let mut warc = b"WARC/1.1\r\nContent-Length: 10\r\nWARC-Type: response\r\n\r\n".to_vec();
        warc.extend_from_slice(&data);
        read_to_end(&warc);
    }

    #[test]
    fn warc_reader_never_panics_on_damaged_archives(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        zipped in any::<bool>(),
    ) {
        let recs = records();
        let mut data = if zipped {
            recs.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat()
        } else {
            recs.concat()
        };
        for (at, byte) in flips {
            let i = at % data.len();
            data[i] = byte;
        }
        read_to_end(&data);
    }
}
