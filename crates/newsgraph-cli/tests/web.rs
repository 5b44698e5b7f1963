//! URLs, feeds and web archives end to end: a feed served on 127.0.0.1 and followed to its
//! pages, conditional requests on the second run, a failing URL among good ones, and a
//! `.warc.gz` with a corrupt record.

use crate::server::{Hit, Reply, Server};
use crate::util::{run, write};
use std::io::Write;
use std::path::Path;

/// An invented article page; `title` is left out when `None`, so the feed's must be used.
fn page(title: Option<&str>, place: &str) -> String {
    let head = title
        .map(|t| format!("<title>{t}</title>"))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html><head>{head}</head><body><article>\
         <p>{place} — Foreign Minister Park Ji-won met Japan’s ambassador on Tuesday, officials \
         said, in the first such meeting this year.</p>\
         <p>“We will keep talking,” Park said after the meeting. The United Nations welcomed \
         the talks, its spokesman said.</p></article></body></html>"
    )
}

/// The feed, its links absolute on the host the request named.
fn feed(host: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title><link>http://{host}/</link>
<item><title>Talks resume in Seoul</title><link>http://{host}/a.html</link>
<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>
<item><title>Feed title for Tokyo</title><link>http://{host}/b.html</link>
<pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"#
    )
}

/// A site: the feed and its pages carry an ETag and answer `304` when it is sent back;
/// anything else is a 404.
fn site() -> Server {
    Server::start(|hit: &Hit| {
        let host = hit.header("host").unwrap_or("127.0.0.1").to_string();
        let (etag, reply) = match hit.path.as_str() {
            "/feed.xml" => (
                "\"feed-1\"",
                Reply::new(200, "application/rss+xml", feed(&host)),
            ),
            "/a.html" => (
                "\"a-1\"",
                Reply::new(200, "text/html; charset=utf-8", page(None, "SEOUL")),
            ),
            "/b.html" => (
                "\"b-1\"",
                Reply::new(
                    200,
                    "text/html",
                    page(Some("Ministers meet in Tokyo"), "TOKYO"),
                ),
            ),
            _ => return Reply::new(404, "text/plain", "not found"),
        };
        if hit.header("if-none-match") == Some(etag) {
            return Reply::new(304, "text/plain", "");
        }
        reply
            .header("ETag", etag)
            .header("Last-Modified", "Mon, 02 Mar 2026 09:00:00 GMT")
    })
}

/// `(url, title, published)` of every stored document, by URL.
fn documents(db: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT url, coalesce(title, ''), coalesce(published, '') FROM documents ORDER BY url",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn web_feed_is_followed_and_fetched_again_conditionally() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let feed_url = server.url("/feed.xml");
    let args = [
        "ingest",
        &feed_url,
        "--db",
        "tmp.db",
        "--host-interval",
        "0",
    ];
    let r = run(dir.path(), &args, None);
    assert_eq!(r.status, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("tmp.db: 2 new, 0 already stored, 0 skipped"),
        "{}",
        r.stdout
    );
    assert_eq!(
        documents(&dir.path().join("tmp.db")),
        vec![
            // No title on the page: the feed item's; the date is the item's.
            (
                server.url("/a.html"),
                "Talks resume in Seoul".into(),
                "2026-03-02".into()
            ),
            // The page's own title wins over the feed's.
            (
                server.url("/b.html"),
                "Ministers meet in Tokyo".into(),
                "2026-03-03".into()
            ),
        ]
    );
    let conn = rusqlite::Connection::open(dir.path().join("tmp.db")).unwrap();
    let outlet: String = conn
        .query_row(
            "SELECT o.name FROM documents d JOIN outlets o ON o.id = d.outlet_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outlet, "Harbour Wire");
    let remembered: i64 = conn
        .query_row("SELECT count(*) FROM validators", [], |r| r.get(0))
        .unwrap();
    assert_eq!(remembered, 3, "the feed and both pages");
    drop(conn);

    server.clear();
    let r = run(dir.path(), &args, None);
    assert_eq!(r.status, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("tmp.db: 0 new, 0 already stored, 0 skipped"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1 unchanged since the last fetch"),
        "{}",
        r.stdout
    );
    let hits = server.hits();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].path, "/feed.xml");
    assert_eq!(hits[0].header("if-none-match"), Some("\"feed-1\""));
    assert_eq!(hits[0].status, 304);
    assert_eq!(documents(&dir.path().join("tmp.db")).len(), 2);
}

#[test]
fn web_failed_url_is_reported_with_its_status_and_the_rest_stored() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let (a, missing, b) = (
        server.url("/a.html"),
        server.url("/gone.html"),
        server.url("/b.html"),
    );
    let args = [
        "ingest",
        &a,
        &missing,
        &b,
        "--db",
        "tmp.db",
        "--host-interval",
        "0",
    ];
    let r = run(dir.path(), &args, None);
    assert_eq!(r.status, Some(1), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains(&format!("newsgraph: {missing}: HTTP 404")),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .starts_with("tmp.db: 2 new, 0 already stored, 1 skipped"),
        "{}",
        r.stdout
    );
    let docs = documents(&dir.path().join("tmp.db"));
    assert_eq!(docs.len(), 2);
    // A page given directly has no feed to lend it a title: the page has none, so none.
    assert_eq!(docs[0].0, a);
}

/// One WARC record, gzipped on its own as crawlers write them.
fn member(kind: &str, uri: &str, block: &[u8], length: usize) -> Vec<u8> {
    let mut rec = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2025-11-20T06:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {length}\r\n\r\n",
        uri.len()
    )
    .into_bytes();
    rec.extend_from_slice(block);
    rec.extend_from_slice(b"\r\n\r\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&rec).unwrap();
    gz.finish().unwrap()
}

fn response(uri: &str, html: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
    member("response", uri, block.as_bytes(), block.len())
}

#[test]
fn web_archive_yields_its_pages_and_reports_a_corrupt_record_by_offset() {
    let dir = tempfile::tempdir().unwrap();
    let request = b"GET /a HTTP/1.1\r\nHost: archive.test\r\n\r\n";
    let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>short</p>";
    let members = [
        member("request", "http://archive.test/a", request, request.len()),
        response(
            "http://archive.test/a",
            &page(Some("Archived in Seoul"), "SEOUL"),
        ),
        // Declares 7 bytes fewer than it holds: the record's framing is lost.
        member(
            "response",
            "http://archive.test/broken",
            block,
            block.len() - 7,
        ),
        response("http://archive.test/b", &page(None, "TOKYO")),
    ];
    let corrupt_at: usize = members[..2].iter().map(Vec::len).sum();
    write(dir.path(), "crawl/crawl.warc.gz", members.concat());
    write(
        dir.path(),
        "crawl/note.txt",
        "Officials in Seoul said the talks would resume.",
    );

    let r = run(dir.path(), &["extract", "crawl"], None);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert_eq!(
        r.paths(),
        vec![
            "http://archive.test/a".to_string(),
            "http://archive.test/b".to_string(),
            "crawl/note.txt".to_string(),
        ]
    );
    let docs = r.docs();
    assert_eq!(docs[0]["doc"]["title"], "Archived in Seoul");
    // No date on the page: the archived record's.
    assert_eq!(docs[1]["doc"]["published"], "2025-11-20");
    assert!(
        r.stderr.contains(&format!(
            "crawl/crawl.warc.gz: corrupt record at byte {corrupt_at}"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "crawl/crawl.warc.gz: 2 HTML responses, 1 other records skipped (request 1), 1 corrupt"
        ),
        "{}",
        r.stderr
    );
}
