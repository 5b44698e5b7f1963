//! The client against the loopback server: pages, redirects, statuses, conditional requests,
//! limits, gzip, politeness and timeouts.

use std::time::Duration;

use newsgraph_fetch::{fetch_all, Client, FetchError, Options, Origin, Outcome};

use newsgraph_testserver::{gzip, Reply, Server};

/// Options for tests: no per-host wait unless a test is about it, short timeouts.
pub fn quick() -> Options {
    Options {
        host_interval: Duration::ZERO,
        connect_timeout: Duration::from_secs(5),
        read_timeout: Duration::from_secs(5),
        ..Options::default()
    }
}

fn fetched(outcome: Outcome) -> newsgraph_fetch::Fetched {
    match outcome {
        Outcome::Fetched(f) => f,
        Outcome::Unchanged(u) => panic!("unexpected 304 for {}", u.url),
    }
}

#[test]
fn http_page_is_fetched_with_type_charset_dates_and_a_naming_user_agent() {
    let server = Server::start(|_| {
        Reply::new(
            200,
            "text/html; charset=ISO-8859-1",
            &b"<html><p>Caf\xe9</p></html>"[..],
        )
        .header("Last-Modified", "Tue, 01 Oct 2024 10:00:00 GMT")
        .header("ETag", "\"p1\"")
    });
    let mut client = Client::new(quick());
    let page = fetched(client.fetch(&server.url("/article")).unwrap());
    assert_eq!(page.url, server.url("/article"));
    assert_eq!(page.requested_url, page.url);
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert_eq!(page.charset.as_deref(), Some("iso-8859-1"));
    assert_eq!(page.body, b"<html><p>Caf\xe9</p></html>");
    assert_eq!(page.etag.as_deref(), Some("\"p1\""));
    assert_eq!(
        page.last_modified.as_deref(),
        Some("Tue, 01 Oct 2024 10:00:00 GMT")
    );
    assert!(page.fetched_at.is_some());
    assert_eq!(page.origin, Origin::Http);
    let hit = &server.hits()[0];
    let ua = hit.header("User-Agent").unwrap();
    assert!(ua.starts_with("newsgraph/"), "{ua}");
    assert!(hit.header("Accept").unwrap().contains("text/html"));
}

#[test]
fn http_redirect_chain_is_followed_to_the_end_and_a_long_one_refused() {
    let server = Server::start(|hit| match hit.path.as_str() {
        "/r1" => Reply::redirect("/r2"),
        "/r2" => Reply::redirect("r3"),
        "/r3" => Reply::redirect("/final"),
        "/final" => Reply::new(200, "text/html", "<p>end</p>"),
        p if p.starts_with("/loop") => {
            let n: u32 = p[5..].parse().unwrap_or(0);
            Reply::redirect(&format!("/loop{}", n + 1))
        }
        _ => Reply::new(404, "text/plain", "no"),
    });
    let mut client = Client::new(quick());
    let page = fetched(client.fetch(&server.url("/r1")).unwrap());
    assert_eq!(page.url, server.url("/final"));
    assert_eq!(page.requested_url, server.url("/r1"));
    assert_eq!(page.body, b"<p>end</p>");

    let err = client.fetch(&server.url("/loop0")).unwrap_err();
    assert!(matches!(err, FetchError::Redirect { .. }), "{err}");
    assert_eq!(err.url(), server.url("/loop0"));
    assert!(err.to_string().contains("more than 5 redirects"), "{err}");
    // The first request plus five redirects followed, then it stopped.
    let loops = server
        .paths()
        .iter()
        .filter(|p| p.starts_with("/loop"))
        .count();
    assert_eq!(loops, 6);
}

#[test]
fn http_redirect_to_another_scheme_is_refused() {
    let server = Server::start(|_| Reply::redirect("file:///etc/passwd"));
    let err = Client::new(quick()).fetch(&server.url("/x")).unwrap_err();
    assert!(matches!(err, FetchError::Redirect { .. }), "{err}");
    assert!(err.to_string().contains("scheme"), "{err}");
}

#[test]
fn http_failed_url_is_reported_by_name_with_its_status_and_the_rest_goes_on() {
    let server = Server::start(|hit| match hit.path.as_str() {
        "/gone" => Reply::new(404, "text/html", "<p>not here</p>"),
        "/broken" => Reply::new(503, "text/html", "<p>down</p>"),
        _ => Reply::new(200, "text/html", "<p>fine</p>"),
    });
    let urls = [
        server.url("/gone"),
        "ftp://example.invalid/x".to_string(),
        server.url("/ok"),
        server.url("/broken"),
    ];
    let results: Vec<_> = fetch_all(urls.clone(), quick(), |_| {}).collect();
    assert_eq!(results.len(), 4);
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.to_string(), format!("{}: HTTP 404", urls[0]));
    assert!(matches!(results[1], Err(FetchError::BadUrl { .. })));
    assert_eq!(results[2].as_ref().unwrap().body, b"<p>fine</p>");
    assert_eq!(results[3].as_ref().unwrap_err().status(), Some(503));
}

#[test]
fn http_matching_etag_gets_304_and_nothing_else_is_downloaded() {
    let server = Server::start(|hit| match hit.path.as_str() {
        "/etag" if hit.header("If-None-Match") == Some("\"v1\"") => {
            Reply::new(304, "text/html", "")
        }
        "/etag" => Reply::new(200, "text/html", "<p>v1</p>").header("ETag", "\"v1\""),
        "/date" if hit.header("If-Modified-Since") == Some("Tue, 01 Oct 2024 10:00:00 GMT") => {
            Reply::new(304, "text/html", "")
        }
        _ => Reply::new(200, "text/html", "<p>dated</p>")
            .header("Last-Modified", "Tue, 01 Oct 2024 10:00:00 GMT"),
    });
    let mut client = Client::new(quick());
    for path in ["/etag", "/date"] {
        let url = server.url(path);
        assert!(matches!(client.fetch(&url).unwrap(), Outcome::Fetched(_)));
        match client.fetch(&url).unwrap() {
            Outcome::Unchanged(u) => assert_eq!(u.url, url),
            Outcome::Fetched(f) => panic!("{path} fetched again: {f:?}"),
        }
    }
    assert_eq!(client.validators().len(), 2);
    let hits = server.hits();
    assert_eq!(hits[0].header("If-None-Match"), None);
    assert_eq!(hits[1].header("If-None-Match"), Some("\"v1\""));
}

#[test]
fn http_body_over_the_limit_is_refused_naming_the_url() {
    let server = Server::start(|hit| {
        let mut reply = Reply::new(200, "text/html", vec![b'x'; 5000]);
        reply.no_length = hit.path == "/streamed";
        reply
    });
    let options = Options {
        max_body: 1000,
        ..quick()
    };
    let mut client = Client::new(options);
    for path in ["/declared", "/streamed"] {
        let err = client.fetch(&server.url(path)).unwrap_err();
        assert!(
            matches!(err, FetchError::TooLarge { limit: 1000, .. }),
            "{path}: {err}"
        );
        assert!(err.to_string().starts_with(&server.url(path)), "{err}");
    }
}

#[test]
fn http_gzip_body_is_decompressed() {
    let html = "<html><body><p>Compressed news.</p></body></html>".repeat(20);
    let packed = gzip(html.as_bytes());
    let server = Server::start(move |hit| {
        assert!(hit.header("Accept-Encoding").unwrap_or("").contains("gzip"));
        Reply::new(200, "text/html", packed.clone()).header("Content-Encoding", "gzip")
    });
    let page = fetched(Client::new(quick()).fetch(&server.url("/gz")).unwrap());
    assert_eq!(page.body, html.as_bytes());
}

#[test]
fn http_requests_to_one_host_are_spaced_by_the_interval() {
    let server = Server::start(|_| Reply::new(200, "text/html", "<p>x</p>"));
    let interval = Duration::from_millis(150);
    let options = Options {
        host_interval: interval,
        ..quick()
    };
    let urls: Vec<String> = (0..3).map(|i| server.url(&format!("/p{i}"))).collect();
    let started = std::time::Instant::now();
    let results: Vec<_> = fetch_all(urls, options, |_| {}).collect();
    let elapsed = started.elapsed();
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(server.hits().len(), 3);
    // Three requests to one host start at least two intervals apart in all. (Arrival times at
    // the server are not compared: a loaded machine can delay one send and not the next.)
    assert!(elapsed >= 2 * interval, "three requests in {elapsed:?}");
}

#[test]
fn http_slow_server_times_out_with_a_typed_error() {
    let server = Server::start(|_| {
        let mut reply = Reply::new(200, "text/html", "<p>late</p>");
        reply.delay = Duration::from_millis(1500);
        reply
    });
    let options = Options {
        read_timeout: Duration::from_millis(200),
        ..quick()
    };
    let err = Client::new(options)
        .fetch(&server.url("/slow"))
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Transport { timeout: true, .. }),
        "{err}"
    );
}

#[test]
fn http_refused_connection_is_a_transport_error() {
    // Bind and drop to get a loopback port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let err = Client::new(quick()).fetch(&url).unwrap_err();
    assert!(matches!(err, FetchError::Transport { .. }), "{err}");
    assert_eq!(err.url(), url);
}

#[test]
fn http_gzip_body_is_limited_after_decompression() {
    // 1 MB of one byte packs into about a kilobyte: the limit must count what it unpacks to.
    let packed = gzip(&vec![b'a'; 1 << 20]);
    assert!(packed.len() < 10_000);
    let server = Server::start(move |_| {
        Reply::new(200, "text/html", packed.clone()).header("Content-Encoding", "gzip")
    });
    let options = Options {
        max_body: 100_000,
        ..quick()
    };
    let err = Client::new(options)
        .fetch(&server.url("/bomb"))
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 100_000, .. }),
        "{err}"
    );
}
