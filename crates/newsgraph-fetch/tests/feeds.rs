//! Feeds end to end: RSS 2.0, Atom and JSON Feed served from loopback, their items followed to
//! pages with hints, link-less items read from the feed, and a feed fetched again costing a 304.

use std::sync::{Arc, Mutex};

use newsgraph_fetch::{fetch_all, Client, Fetched, Origin, Progress};

use crate::http::quick;
use newsgraph_testserver::{Reply, Server};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Gazette</title>
  <link>BASE/</link>
  <description>Local news</description>
  <item>
    <title>Ferry service resumes</title>
    <link>BASE/news/ferry</link>
    <pubDate>Wed, 02 Oct 2024 08:30:00 GMT</pubDate>
    <author>desk@harbour.example (Ana Lima)</author>
  </item>
  <item>
    <title>Council votes on budget</title>
    <link>/news/budget</link>
    <pubDate>Thu, 03 Oct 2024 09:00:00 +0200</pubDate>
  </item>
  <item>
    <title>Storm warning</title>
    <guid isPermaLink="false">storm-1</guid>
    <content:encoded><![CDATA[<p>A storm is expected tonight, the harbour master said.</p>]]></content:encoded>
  </item>
</channel>
</rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Times</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-10-05T12:00:00Z</updated>
  <link rel="self" href="BASE/atom"/>
  <entry>
    <title>Bridge reopens</title>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <link rel="self" href="BASE/entries/1.atom"/>
    <link rel="alternate" type="text/html" href="BASE/news/bridge"/>
    <published>2024-10-04T07:15:00Z</published>
    <updated>2024-10-05T07:15:00Z</updated>
    <author><name>Jo Park</name></author>
  </entry>
</feed>"#;

const JSON_FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "River Post",
  "home_page_url": "BASE/",
  "items": [
    {"id": "1", "url": "BASE/news/river", "title": "River level falls",
     "date_published": "2024-10-06T10:00:00Z"},
    {"id": "2", "title": "Short note", "content_html": "<p>The market opens early on Friday.</p>"}
  ]
}"#;

fn page(title: &str) -> Reply {
    Reply::new(
        200,
        "text/html; charset=utf-8",
        format!("<html><title>{title}</title></html>"),
    )
}

/// A server with the three feeds and their pages; `BASE` in a feed becomes the server's URL.
fn news_server() -> Server {
    let base = Arc::new(Mutex::new(String::new()));
    let base2 = base.clone();
    let server = Server::start(move |hit| {
        let base = base2.lock().unwrap().clone();
        let feed = |text: &str, ct: &str| {
            Reply::new(200, ct, text.replace("BASE", &base)).header("ETag", "\"f1\"")
        };
        match hit.path.as_str() {
            "/rss" if hit.header("If-None-Match") == Some("\"f1\"") => {
                Reply::new(304, "application/rss+xml", "")
            }
            "/rss" => feed(RSS, "application/rss+xml"),
            // Served as text/xml: it is recognised by its root element.
            "/atom" => feed(ATOM, "text/xml"),
            "/json" => feed(JSON_FEED, "application/feed+json"),
            "/news/ferry" => page("Ferry"),
            "/news/budget" => page("Budget"),
            "/news/bridge" => page("Bridge"),
            "/news/river" => page("River"),
            _ => Reply::new(404, "text/plain", "no"),
        }
    });
    *base.lock().unwrap() = server.base.clone();
    server
}

fn by_url(records: &[Fetched], url: &str) -> Fetched {
    records
        .iter()
        .find(|r| r.url == url)
        .unwrap_or_else(|| panic!("no record for {url} in {:?}", urls(records)))
        .clone()
}

fn urls(records: &[Fetched]) -> Vec<&str> {
    records.iter().map(|r| r.url.as_str()).collect()
}

#[test]
fn feeds_rss_items_are_followed_to_their_pages_with_hints() {
    let server = news_server();
    let mut feed_events = Vec::new();
    let records: Vec<Fetched> = fetch_all([server.url("/rss")], quick(), |p| {
        if let Progress::Feed {
            title,
            items,
            followed,
            ..
        } = p
        {
            feed_events.push((title.map(str::to_string), items, followed));
        }
    })
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(
        feed_events,
        vec![(Some("Harbour Gazette".to_string()), 3, 3)]
    );
    assert_eq!(records.len(), 3, "{:?}", urls(&records));

    let ferry = by_url(&records, &server.url("/news/ferry"));
    assert_eq!(ferry.body, b"<html><title>Ferry</title></html>");
    assert_eq!(ferry.hints.title.as_deref(), Some("Ferry service resumes"));
    assert_eq!(ferry.hints.source.as_deref(), Some("Harbour Gazette"));
    assert_eq!(
        ferry.hints.feed_url.as_deref(),
        Some(server.url("/rss").as_str())
    );
    assert_eq!(
        ferry.hints.published.map(|t| t.to_string()).as_deref(),
        Some("2024-10-02T08:30:00Z")
    );

    // A relative link is resolved against the feed's URL; the offset date is kept exact.
    let budget = by_url(&records, &server.url("/news/budget"));
    assert_eq!(
        budget.hints.published.map(|t| t.to_string()).as_deref(),
        Some("2024-10-03T07:00:00Z")
    );

    // The link-less item becomes a record from its own content.
    let storm = records
        .iter()
        .find(|r| matches!(r.origin, Origin::FeedContent { .. }))
        .expect("a record from the feed's content");
    assert!(storm.url.starts_with(&server.url("/rss#")), "{}", storm.url);
    assert_eq!(storm.hints.title.as_deref(), Some("Storm warning"));
    assert!(String::from_utf8_lossy(&storm.body).contains("A storm is expected tonight"));
    assert_eq!(storm.content_type.as_deref(), Some("text/html"));
}

#[test]
fn feeds_atom_served_as_xml_is_sniffed_and_its_alternate_link_followed() {
    let server = news_server();
    let records: Vec<Fetched> = fetch_all([server.url("/atom")], quick(), |_| {})
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(urls(&records), vec![server.url("/news/bridge")]);
    let bridge = &records[0];
    assert_eq!(bridge.hints.title.as_deref(), Some("Bridge reopens"));
    assert_eq!(bridge.hints.author.as_deref(), Some("Jo Park"));
    assert_eq!(bridge.hints.source.as_deref(), Some("Valley Times"));
    // Published wins over updated.
    assert_eq!(
        bridge.hints.published.map(|t| t.to_string()).as_deref(),
        Some("2024-10-04T07:15:00Z")
    );
    assert!(!server.paths().contains(&"/entries/1.atom".to_string()));
}

#[test]
fn feeds_json_feed_gives_a_page_and_a_content_record() {
    let server = news_server();
    let records: Vec<Fetched> = fetch_all([server.url("/json")], quick(), |_| {})
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(records.len(), 2, "{:?}", urls(&records));
    let river = by_url(&records, &server.url("/news/river"));
    assert_eq!(river.hints.title.as_deref(), Some("River level falls"));
    assert_eq!(river.hints.source.as_deref(), Some("River Post"));
    let note = records
        .iter()
        .find(|r| {
            r.origin
                == Origin::FeedContent {
                    item_id: "2".to_string(),
                }
        })
        .expect("the content-only item");
    assert_eq!(note.body, b"<p>The market opens early on Friday.</p>");
}

#[test]
fn feeds_fetched_again_cost_one_304_and_follow_nothing() {
    let server = news_server();
    let mut walk = Client::new(quick()).fetch_all([server.url("/rss")], |_| {});
    assert_eq!(walk.by_ref().count(), 3);
    let client = walk.into_client();
    let before = server.hits().len();
    let mut unchanged = Vec::new();
    let again: Vec<_> = client
        .fetch_all([server.url("/rss")], |p| {
            if let Progress::Unchanged { url } = p {
                unchanged.push(url.to_string());
            }
        })
        .collect();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(unchanged, vec![server.url("/rss")]);
    assert_eq!(
        server.hits().len(),
        before + 1,
        "only the feed was asked for"
    );
}

#[test]
fn feeds_repeated_urls_are_fetched_once() {
    let server = news_server();
    let url = server.url("/news/ferry");
    let records: Vec<_> = fetch_all([url.clone(), url.clone()], quick(), |_| {}).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(server.paths(), vec!["/news/ferry".to_string()]);
}

#[test]
fn feeds_that_do_not_parse_are_reported_by_url() {
    let server = Server::start(|_| Reply::new(200, "application/rss+xml", "<rss><channel><item>"));
    let results: Vec<_> = fetch_all([server.url("/bad")], quick(), |_| {}).collect();
    assert_eq!(results.len(), 1);
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.url(), server.url("/bad"));
    assert!(err.to_string().contains("not a readable feed"), "{err}");
}

#[test]
fn feeds_follow_at_most_max_feed_items() {
    let server = news_server();
    let options = newsgraph_fetch::Options {
        max_feed_items: 1,
        ..quick()
    };
    let mut followed = None;
    let records: Vec<_> = fetch_all([server.url("/rss")], options, |p| {
        if let Progress::Feed {
            items, followed: f, ..
        } = p
        {
            followed = Some((items, f));
        }
    })
    .collect();
    assert_eq!(followed, Some((3, 1)));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].as_ref().unwrap().url, server.url("/news/ferry"));
}
