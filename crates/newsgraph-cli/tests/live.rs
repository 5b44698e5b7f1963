//! `newsgraph watch` over the web with alerts, end to end against a loopback site: a feed, a
//! sitemap, pages (one behind a redirect), a slow page, a failing page and a page robots.txt
//! forbids. While watch runs, a file and a feed item are added; the alert on the new item
//! fires once, nothing fires twice on later polls or after a restart, and a webhook gets the
//! same item.

use crate::util::write;
use newsgraph_testserver::{Hit, Reply, Server};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ALERT: &str = "quotes --by \"Lin Jian\"";

/// An invented article: `speaker` says something about ships near the islands.
fn article(place: &str, speaker: &str, title: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a>\
         </nav><article><h1>{title}</h1>\
         <p>{place} — {speaker}, a foreign ministry spokesperson, spoke to reporters on Monday \
         about the ships that stayed near the islands for a third day.</p>\
         <p>“The patrols are lawful and will continue,” {speaker} said at a regular briefing.</p>\
         </article></body></html>"
    )
}

fn rss(host: &str, second: bool) -> String {
    let extra = if second {
        format!(
            "<item><title>Beijing answers</title><link>http://{host}/go/2</link>\
             <pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>"
        )
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Wire</title>\
         <item><title>Tokyo protests</title><link>http://{host}/news/1</link>\
         <pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>{extra}</channel></rss>"
    )
}

fn sitemap(host: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         <url><loc>http://{host}/news/3</loc><lastmod>2026-03-01</lastmod></url>\
         <url><loc>http://{host}/slow</loc></url>\
         <url><loc>http://{host}/broken</loc></url>\
         <url><loc>http://{host}/private/4</loc></url></urlset>"
    )
}

fn site(second: Arc<AtomicBool>) -> Server {
    Server::start(move |hit: &Hit| {
        let host = hit.header("host").unwrap_or("127.0.0.1").to_string();
        let html = |body: String| Reply::new(200, "text/html; charset=utf-8", body);
        match hit.path.as_str() {
            "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/rss" => Reply::new(
                200,
                "application/rss+xml",
                rss(&host, second.load(Ordering::SeqCst)),
            ),
            "/sitemap.xml" => Reply::new(200, "application/xml", sitemap(&host)),
            "/news/1" => html(article("TOKYO", "Hiroshi Tanaka", "Tokyo protests")),
            "/go/2" => Reply::redirect("/news/2"),
            "/news/2" => html(article("BEIJING", "Lin Jian", "Beijing answers")),
            "/news/3" => html(article("MANILA", "Maria Santos", "Manila watches")),
            "/slow" => {
                let mut r = html(article("SEOUL", "Park Min-su", "Seoul waits"));
                r.delay = Duration::from_millis(700);
                r
            }
            "/broken" => Reply::new(500, "text/plain", "oops"),
            "/private/4" => html(article("HANOI", "Lin Jian", "Never fetched")),
            _ => Reply::not_found(),
        }
    })
}

fn watch(dir: &Path, extra: &[&str], urls: &[String]) -> Child {
    let mut args: Vec<String> = [
        "watch",
        "--db",
        "w.db",
        "--interval",
        "0.3",
        "--host-interval",
        "0",
        "--alert",
        ALERT,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("in".into());
    args.extend(urls.iter().cloned());
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(&args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the newsgraph binary runs")
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
        .unwrap_or(0)
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// SIGINT, then the output of a clean exit.
fn stop(child: Child) -> (String, String) {
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn watch_follows_feeds_and_sitemaps_and_fires_an_alert_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let db = dir.path().join("w.db");
    let second = Arc::new(AtomicBool::new(false));
    let server = site(second.clone());
    let urls = [server.url("/rss"), server.url("/sitemap.xml")];
    let child = watch(dir.path(), &[], &urls);
    // The feed's first page, the sitemap's page and the slow page are stored.
    wait_for("the first round", || {
        count(&db, "SELECT count(*) FROM documents") >= 3
    });
    write(
        dir.path(),
        "in/a.txt",
        "SEOUL, South Korea — Foreign Minister Park Ji-won met Japan’s ambassador on Tuesday.\n",
    );
    second.store(true, Ordering::SeqCst);
    wait_for("the file and the new feed item", || {
        count(&db, "SELECT count(*) FROM documents") >= 5
    });
    wait_for("the alert", || {
        count(
            &db,
            "SELECT count(*) FROM alerts_fired WHERE payload IS NOT NULL",
        ) >= 1
    });
    // Later polls find nothing new to fire.
    std::thread::sleep(Duration::from_millis(1500));
    let (stdout, stderr) = stop(child);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}\n{stderr}")))
        .collect();
    assert_eq!(lines.len(), 1, "one item fired:\n{stdout}\n{stderr}");
    let fired = &lines[0];
    assert_eq!(fired["alert"], ALERT);
    assert_eq!(fired["kind"], "quote");
    assert_eq!(fired["source"]["location"], server.url("/news/2"));
    assert_eq!(fired["source"]["outlet"], "Harbour Wire");
    let sentence = fired["sentence"].as_str().unwrap();
    assert!(sentence.contains("The patrols are lawful"), "{sentence}");
    assert!(
        fired["summary"].as_str().unwrap().starts_with("Lin Jian"),
        "{fired}"
    );
    // The failing page is reported, the forbidden one never asked for.
    assert!(stderr.contains("/broken: HTTP 500"), "{stderr}");
    assert!(!server.paths().iter().any(|p| p.starts_with("/private/")));
    // The sitemap's stored pages are fetched once; the feed's pages each time the feed changes
    // at most (it sends no validators here).
    let news3 = server.paths().iter().filter(|p| *p == "/news/3").count();
    assert_eq!(news3, 1, "{:?}", server.paths());

    // A restart fires nothing again.
    let child = watch(dir.path(), &[], &urls);
    std::thread::sleep(Duration::from_millis(2000));
    let (stdout, stderr) = stop(child);
    assert!(stdout.trim().is_empty(), "{stdout}\n{stderr}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM alerts_fired WHERE payload IS NOT NULL"
        ),
        1
    );
}

#[test]
fn watch_posts_alert_items_to_a_webhook() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let db = dir.path().join("w.db");
    let hook = Server::start(|_| Reply::new(204, "text/plain", ""));
    let child = watch(dir.path(), &["--webhook", &hook.url("/hook")], &[]);
    wait_for("the alert set up", || {
        count(&db, "SELECT count(*) FROM alerts") == 1
    });
    write(
        dir.path(),
        "in/beijing.txt",
        "BEIJING — Lin Jian, a foreign ministry spokesperson, spoke to reporters on Monday \
         about the ships.\n\n“The patrols are lawful and will continue,” Lin Jian said at a \
         regular briefing.\n",
    );
    wait_for("the webhook", || !hook.hits().is_empty());
    std::thread::sleep(Duration::from_millis(1000));
    let (stdout, _) = stop(child);
    let hits = hook.hits();
    assert_eq!(hits.len(), 1, "{stdout}");
    assert_eq!(hits[0].header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&hits[0].body).unwrap();
    assert_eq!(body["alert"], ALERT);
    assert!(body["source"]["location"]
        .as_str()
        .unwrap()
        .ends_with("beijing.txt"));
}
