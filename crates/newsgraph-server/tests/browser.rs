//! End-to-end tests in a real browser: the server on a loopback port over a database built from
//! the example articles, driven through chromedriver and headless Chromium (Debian's `chromium`
//! and `chromium-driver`) with the fantoccini WebDriver client. Screenshots are written to
//! `target/e2e/` (outside git).
//!
//! Without chromedriver on the PATH the test says so and passes, so that `cargo test` works on a
//! machine without a browser; with `NEWSGRAPH_E2E=1` (set by `.ci/run`, which installs both)
//! a missing browser is a failure.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use fantoccini::{ClientBuilder, Locator};
use newsgraph_server::{router, AppState, Config};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tower::ServiceExt;

mod common;
use common::ARTICLES;

const TOKEN: &str = "browser-test-token";

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_search_actor_graph_and_evidence() {
    let required = std::env::var("NEWSGRAPH_E2E").is_ok_and(|v| v == "1");
    let (Some(driver), Some(chromium)) = (
        find_on_path(&["chromedriver"]),
        find_on_path(&["chromium", "chromium-browser"]),
    ) else {
        assert!(
            !required,
            "NEWSGRAPH_E2E=1 but chromium or chromedriver is missing"
        );
        eprintln!("skipped: chromium and chromedriver are not installed");
        return;
    };

    // The store, built from the example articles through the API.
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("news.db"));
    config.token = Some(TOKEN.into());
    let app = router(AppState::new(config).unwrap());
    for (i, (date, source, text)) in ARTICLES.iter().enumerate() {
        let body = serde_json::json!({
            "text": text, "title": format!("Article {i}"), "source": source, "published": date,
        });
        let req = Request::post("/api/documents")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(body.to_string()))
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    // chromedriver on its own port, Chromium with a fresh profile.
    let port = free_port();
    let mut chromedriver = tokio::process::Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("starting chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--window-size=1280,900",
                     format!("--user-data-dir={}", profile.path().display())],
        }),
    );
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("a WebDriver session");
    let shots = screenshots();
    let wait = Duration::from_secs(10);

    // The overview draws the graph.
    c.goto(&base).await.unwrap();
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css("svg#graph a.node circle"))
        .await
        .expect("the graph renders");
    std::fs::write(shots.join("overview.png"), c.screenshot().await.unwrap()).unwrap();

    // Search from the header, open the actor.
    let search = c.find(Locator::Css("header input[name=q]")).await.unwrap();
    search.send_keys("Ribeiro").await.unwrap();
    c.find(Locator::Css("header button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let hit = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#results a"))
        .await
        .expect("search results");
    hit.click().await.unwrap();
    let quote = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#quotes a.evidence"))
        .await
        .expect("the actor page lists quotes");
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/entities/"));
    std::fs::write(shots.join("actor.png"), c.screenshot().await.unwrap()).unwrap();

    // Click a fact: land on the article with the sentence highlighted.
    quote.click().await.unwrap();
    let mark = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#hl mark"))
        .await
        .expect("the evidence is highlighted");
    let marked = mark.text().await.unwrap();
    assert!(
        marked.contains("fair agreement") || marked.contains("good day"),
        "{marked}"
    );
    let url = c.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("hl"));
    std::fs::write(shots.join("evidence.png"), c.screenshot().await.unwrap()).unwrap();

    // The map places the Lisbon meeting and signing: a point on the world, which links to the
    // events there, each with its evidence.
    c.goto(&format!("{base}/map")).await.unwrap();
    let point = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("svg#graph.map a.point circle"))
        .await
        .expect("the map draws located events");
    assert!(
        c.find_all(Locator::Css("svg#graph.map .land path"))
            .await
            .unwrap()
            .len()
            > 150,
        "the world's outlines are drawn"
    );
    let names: Vec<String> = {
        let mut v = Vec::new();
        for p in c.find_all(Locator::Css("a.point")).await.unwrap() {
            v.push(p.attr("data-name").await.unwrap().unwrap_or_default());
        }
        v
    };
    assert!(names.iter().any(|n| n == "Lisbon"), "{names:?}");
    std::fs::write(shots.join("map.png"), c.screenshot().await.unwrap()).unwrap();
    point.click().await.unwrap();
    let fragment = c
        .current_url()
        .await
        .unwrap()
        .fragment()
        .map(str::to_string);
    assert!(
        fragment.as_deref().is_some_and(|f| f.starts_with("place-")),
        "{fragment:?}"
    );
    let listed = c
        .find(Locator::Css(&format!(
            "#{} a.evidence",
            fragment.unwrap_or_default()
        )))
        .await
        .expect("the place lists its events with evidence");
    assert!(listed
        .attr("href")
        .await
        .unwrap()
        .is_some_and(|h| h.starts_with("/documents/")));

    c.close().await.unwrap();
    let _ = chromedriver.kill().await;
    server.abort();
}
