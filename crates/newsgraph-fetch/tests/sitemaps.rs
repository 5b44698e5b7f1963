//! Sitemaps and robots.txt against the loopback server: an index leads to a sitemap, its pages
//! are fetched unless robots.txt forbids them or they were kept since their `lastmod`.

use std::collections::HashMap;

use newsgraph_fetch::{fetch_all, Client, FetchError, Progress, ValidatorCache, Validators};
use newsgraph_testserver::{Reply, Server};

use crate::http::quick;

fn page(title: &str) -> Reply {
    Reply::new(
        200,
        "text/html",
        format!("<html><head><title>{title}</title></head><body><p>{title}.</p></body></html>"),
    )
}

/// A site with robots.txt, a sitemap index, one sitemap and four pages (one disallowed, one
/// behind a redirect).
fn site() -> Server {
    Server::start(|hit| {
        let base = format!("http://{}", hit.header("host").unwrap_or("127.0.0.1"));
        match hit.path.as_str() {
            "/robots.txt" => Reply::new(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /private/\nSitemap: /sitemap_index.xml\n",
            ),
            "/sitemap_index.xml" => Reply::new(
                200,
                "application/xml",
                format!(
                    "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <sitemap><loc>{base}/news.xml</loc></sitemap></sitemapindex>"
                ),
            ),
            "/news.xml" => Reply::new(
                200,
                "text/xml",
                format!(
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <url><loc>{base}/a.html</loc><lastmod>2026-03-01</lastmod></url>\
                     <url><loc>{base}/b.html</loc><lastmod>2026-03-03T08:00:00Z</lastmod></url>\
                     <url><loc>{base}/private/c.html</loc></url>\
                     <url><loc>{base}/old</loc></url></urlset>"
                ),
            ),
            "/a.html" => page("A"),
            "/b.html" => page("B"),
            "/old" => Reply::redirect("/new.html"),
            "/new.html" => page("New"),
            _ => Reply::not_found(),
        }
    })
}

#[test]
fn sitemap_index_leads_to_pages_and_robots_txt_is_kept_to() {
    let server = site();
    let mut seen = Vec::new();
    let results: Vec<_> = fetch_all([server.url("/sitemap_index.xml")], quick(), |p| {
        if let Progress::Sitemap {
            index,
            entries,
            queued,
            ..
        } = p
        {
            seen.push((index, entries, queued));
        }
    })
    .collect();
    assert_eq!(seen, vec![(true, 1, 1), (false, 4, 4)]);
    let pages: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|f| f.url.clone())
        .collect();
    assert_eq!(
        pages,
        [
            server.url("/a.html"),
            server.url("/b.html"),
            server.url("/new.html")
        ]
    );
    let refused: Vec<&FetchError> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(refused.len(), 1);
    assert!(
        matches!(refused[0], FetchError::Robots { .. }),
        "{}",
        refused[0]
    );
    assert!(refused[0].to_string().contains("disallowed by robots.txt"));
    assert!(!server.paths().contains(&"/private/c.html".to_string()));
    let robots = server
        .all_hits()
        .iter()
        .filter(|h| h.path == "/robots.txt")
        .count();
    assert_eq!(robots, 1, "robots.txt is read once per site");
}

/// Validators in memory plus when each page was last kept.
#[derive(Default)]
struct Kept(HashMap<String, jiff::Timestamp>);

impl ValidatorCache for Kept {
    fn get(&mut self, _url: &str) -> Option<Validators> {
        None
    }
    fn put(&mut self, _url: &str, _validators: Validators) {}
    fn last_kept(&mut self, url: &str) -> Option<jiff::Timestamp> {
        self.0.get(url).copied()
    }
}

#[test]
fn sitemap_pages_kept_since_their_lastmod_are_not_fetched_again() {
    let server = site();
    let kept_at: jiff::Timestamp = "2026-03-02T00:00:00Z".parse().unwrap();
    let mut kept = Kept::default();
    for path in ["/a.html", "/b.html", "/old"] {
        kept.0.insert(server.url(path), kept_at);
    }
    let client = Client::with_validators(quick(), kept);
    let results: Vec<_> = client
        .fetch_all([server.url("/news.xml")], |_| {})
        .collect();
    // a.html is older than when it was kept, /old has no lastmod and was kept: only b.html
    // (changed on 3 March) is fetched; c.html is new but disallowed.
    let pages: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|f| f.url.clone())
        .collect();
    assert_eq!(pages, [server.url("/b.html")]);
    assert_eq!(server.paths(), ["/news.xml", "/b.html"]);
}

#[test]
fn robots_txt_that_fails_stops_the_site_and_one_that_is_missing_allows_it() {
    let down = Server::start(|hit| match hit.path.as_str() {
        "/robots.txt" => Reply::new(503, "text/plain", "busy"),
        _ => page("A"),
    });
    let results: Vec<_> = fetch_all([down.url("/a.html")], quick(), |_| {}).collect();
    let err = results[0].as_ref().unwrap_err();
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    assert!(
        down.paths().is_empty(),
        "no page of a site whose robots.txt fails"
    );

    let missing = Server::start(|hit| match hit.path.as_str() {
        "/a.html" => page("A"),
        _ => Reply::not_found(),
    });
    let results: Vec<_> = fetch_all([missing.url("/a.html")], quick(), |_| {}).collect();
    assert!(results[0].is_ok());

    let ignored = newsgraph_fetch::Options {
        obey_robots: false,
        ..quick()
    };
    let results: Vec<_> = fetch_all([down.url("/a.html")], ignored, |_| {}).collect();
    assert!(results[0].is_ok(), "obey_robots: false reads no robots.txt");
}
