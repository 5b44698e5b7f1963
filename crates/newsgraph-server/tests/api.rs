//! API tests: the router is driven in-process with `tower::ServiceExt::oneshot` over a store
//! built by ingesting the example articles below through `POST /api/documents`.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use newsgraph_server::{router, AppState, Config};
use serde_json::Value;
use tower::ServiceExt;

mod common;
use common::ARTICLES;

const TOKEN: &str = "s3cret-token";

struct Fixture {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    app: Router,
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, json)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn post_json(body: &Value, token: Option<&str>) -> Request<Body> {
    let mut req = Request::post("/api/documents").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = common::db_location(dir.path());
    let mut config = Config::new(db.clone());
    config.token = Some(TOKEN.into());
    config.body_limit = 64 * 1024;
    let app = router(AppState::new(config).unwrap());
    for (i, (date, source, text)) in ARTICLES.iter().enumerate() {
        let body = serde_json::json!({
            "text": text, "title": format!("Article {i}"), "source": source,
            "published": date, "url": format!("https://example.org/{i}"),
        });
        let (status, json) = send(&app, post_json(&body, Some(TOKEN))).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
    }
    Fixture { _dir: dir, db, app }
}

async fn first_entity(app: &Router, name: &str) -> String {
    let (status, json) = get(app, &format!("/api/entities?query={name}")).await;
    assert_eq!(status, StatusCode::OK);
    json["items"][0]["id"]
        .as_str()
        .expect("an entity")
        .to_string()
}

#[tokio::test]
async fn stats_counts_documents() {
    let f = fixture().await;
    let (status, json) = get(&f.app, "/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["documents"], 3);
}

#[tokio::test]
async fn entities_filter_and_paginate() {
    let f = fixture().await;
    let (status, json) = get(&f.app, "/api/entities?type=person").await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.contains("Ribeiro")), "{names:?}");
    let (_, page) = get(&f.app, "/api/entities?per_page=1&page=2").await;
    assert_eq!(page["per_page"], 1);
    assert_eq!(page["page"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(page["total"].as_u64().unwrap() >= 2);
}

#[tokio::test]
async fn entities_bad_parameters_are_400() {
    let f = fixture().await;
    for uri in [
        "/api/entities?type=PLANET",
        "/api/entities?page=0",
        "/api/entities?per_page=100000",
        "/api/entities?page=abc",
        "/api/events?since=yesterday",
        "/api/between?a=Ribeiro",
        "/api/entities/xyz",
    ] {
        let (status, json) = get(&f.app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {json}");
        assert_eq!(json["error"]["status"], 400, "{uri}");
    }
}

#[tokio::test]
async fn entity_profile_and_unknown_is_404() {
    let f = fixture().await;
    let id = first_entity(&f.app, "Ribeiro").await;
    let (status, json) = get(&f.app, &format!("/api/entities/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["id"], id.as_str(), "{json}");
    let quotes = json["quotes"].as_array().expect("quotes");
    assert!(
        quotes.iter().any(|q| q["text"]
            .as_str()
            .is_some_and(|t| t.contains("fair agreement"))),
        "{json}"
    );
    let (status, json) = get(&f.app, "/api/entities/g999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json["error"]["status"], 404);
    let (status, _) = get(&f.app, "/api/quotes?by=Nobody%20Atall").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn events_quotes_between_conflicts_answer() {
    let f = fixture().await;
    let (status, events) = get(&f.app, "/api/events?since=2025-01-01&until=2025-12-31").await;
    assert_eq!(status, StatusCode::OK, "{events}");
    let items = events["items"].as_array().expect("items");
    assert_eq!(
        events["total"].as_u64(),
        Some(items.len() as u64),
        "{events}"
    );
    assert!(
        items.iter().any(|e| e["type"] == "ACCUSE"),
        "Canada accused Portugal: {events}"
    );
    let (status, quotes) = get(&f.app, "/api/quotes?by=Ribeiro").await;
    assert_eq!(status, StatusCode::OK, "{quotes}");
    assert!(quotes["total"].as_u64().unwrap() >= 1, "{quotes}");
    let (status, between) = get(&f.app, "/api/between?a=Portugal&b=Canada").await;
    assert_eq!(status, StatusCode::OK, "{between}");
    assert!(
        !between["items"].as_array().expect("items").is_empty(),
        "{between}"
    );
    assert!(
        between["balance"]["conflict"].as_u64().unwrap() >= 1,
        "{between}"
    );
    let (status, conflicts) = get(&f.app, "/api/conflicts").await;
    assert_eq!(status, StatusCode::OK);
    // The API answers what the store holds, conflict for conflict.
    // Read on a blocking thread, as the server does (a PostgreSQL store blocks).
    let db = f.db.clone();
    let ids: Vec<String> = tokio::task::spawn_blocking(move || {
        let store = newsgraph_store::Store::open_existing(&db).unwrap();
        let conflicts = store.conflicts().unwrap();
        conflicts.into_iter().map(|c| c.id).collect()
    })
    .await
    .unwrap();
    let listed: Vec<&str> = conflicts["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids, "{conflicts}");
}

#[tokio::test]
async fn document_has_text_and_evidence_spans() {
    let f = fixture().await;
    let (_, quotes) = get(&f.app, "/api/quotes?by=Ribeiro").await;
    let evidence = &quotes["items"][0]["evidence"];
    let doc = evidence["doc"].as_str().unwrap();
    let (status, json) = get(&f.app, &format!("/api/documents/{doc}")).await;
    assert_eq!(status, StatusCode::OK);
    let text = json["text"].as_str().unwrap();
    let (s, e) = (
        evidence["start"].as_u64().unwrap() as usize,
        evidence["end"].as_u64().unwrap() as usize,
    );
    assert!(text[s..e].contains("fair agreement") || text[s..e].contains("good day"));
    assert!(json["spans"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["kind"] == "sentence"));
    let (status, _) = get(&f.app, "/api/documents/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_lists_every_path() {
    let f = fixture().await;
    let (status, json) = get(&f.app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(json["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/stats",
        "/api/entities",
        "/api/entities/{id}",
        "/api/events",
        "/api/quotes",
        "/api/between",
        "/api/conflicts",
        "/api/documents/{id}",
        "/api/documents",
        "/api/alerts",
    ] {
        assert!(json["paths"][path].is_object(), "{path}");
    }
    assert_eq!(
        json["components"]["securitySchemes"]["bearer"]["scheme"], "bearer",
        "{}",
        json["components"]
    );
}

#[tokio::test]
async fn ingest_needs_the_token() {
    let f = fixture().await;
    let body = serde_json::json!({"text": "Canada said so."});
    let (status, _) = send(&f.app, post_json(&body, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = send(&f.app, post_json(&body, Some("wrong"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, json) = send(&f.app, post_json(&body, Some(TOKEN))).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    let (status, json) = send(&f.app, post_json(&body, Some(TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["stored"], "existing");
    let plain = Request::post("/api/documents")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from("Portugal said nothing."))
        .unwrap();
    let (status, _) = send(&f.app, plain).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = send(&f.app, post_json(&serde_json::json!({"x": 1}), Some(TOKEN))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn ingest_over_the_limit_is_413() {
    let f = fixture().await;
    let body = serde_json::json!({"text": "word ".repeat(20_000)});
    let (status, json) = send(&f.app, post_json(&body, Some(TOKEN))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
}

#[tokio::test]
async fn read_only_server_refuses_ingest() {
    let f = fixture().await;
    drop(f.app);
    let config = Config::new(f.db.clone());
    let app = router(AppState::new(config).unwrap());
    let body = serde_json::json!({"text": "Canada said so."});
    let (status, _) = send(&app, post_json(&body, Some(TOKEN))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(AppState::new(Config::new(f._dir.path().join("missing.db"))).is_err());
}

#[tokio::test]
async fn broken_alias_file_stops_the_server_at_start_up() {
    let f = fixture().await;
    drop(f.app);
    let aliases = f._dir.path().join("aliases.tsv");
    std::fs::write(&aliases, "merge\tA\tB\n").unwrap();
    let mut config = Config::new(f.db.clone());
    config.aliases = Some(aliases);
    let err = AppState::new(config)
        .err()
        .expect("a broken alias file is an error");
    assert!(
        err.to_string()
            .contains("aliases.tsv:1: unknown rule `merge`"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reads_and_ingests_succeed() {
    let f = fixture().await;
    let mut tasks = Vec::new();
    for i in 0..32 {
        let app = f.app.clone();
        tasks.push(tokio::spawn(async move {
            if i % 8 == 0 {
                let body = serde_json::json!({"text": format!("Canada met Portugal on day {i}.")});
                send(&app, post_json(&body, Some(TOKEN))).await.0
            } else {
                let uri = ["/api/entities", "/api/stats", "/api/events", "/api/quotes"][i % 4];
                get(&app, uri).await.0
            }
        }));
    }
    for t in tasks {
        let status = t.await.unwrap();
        assert!(
            status == StatusCode::OK || status == StatusCode::CREATED,
            "{status}"
        );
    }
    let (_, stats) = get(&f.app, "/api/stats").await;
    assert_eq!(stats["documents"], 7);
}

#[tokio::test]
async fn unknown_api_path_is_json_404() {
    let f = fixture().await;
    let (status, json) = get(&f.app, "/api/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json["error"]["status"], 404);
}

async fn get_html(app: &Router, uri: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .expect("infallible");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, String::from_utf8(bytes.to_vec()).expect("UTF-8"))
}

#[tokio::test]
async fn ui_pages_link_every_fact_to_its_sentence() {
    let f = fixture().await;
    let (status, home) = get_html(&f.app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("<svg id=\"graph\""), "{home}");
    assert!(home.contains("Most connected actors"));
    let (status, filtered) = get_html(&f.app, "/?since=2025-03-04&type=").await;
    assert_eq!(status, StatusCode::OK, "{filtered}");
    let (status, _) = get_html(&f.app, "/?since=nonsense").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, search) = get_html(&f.app, "/search?q=Ribeiro").await;
    assert_eq!(status, StatusCode::OK);
    let id = first_entity(&f.app, "Ribeiro").await;
    assert!(
        search.contains(&format!("href=\"/entities/{id}\"")),
        "{search}"
    );

    let (status, actor) = get_html(&f.app, &format!("/entities/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(actor.contains("fair agreement"), "{actor}");
    let start = actor.find("href=\"/documents/").expect("an evidence link") + 6;
    let href = &actor[start..start + actor[start..].find('"').unwrap()];
    let href = href.replace("&amp;", "&");
    let path = href.split('#').next().unwrap();
    let (status, doc) = get_html(&f.app, path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc.contains("id=\"hl\""), "{doc}");
    assert!(doc.contains("<mark>"), "{doc}");

    let (status, _) = get_html(&f.app, "/conflicts").await;
    assert_eq!(status, StatusCode::OK);
    let (status, between) = get_html(&f.app, "/between?a=Portugal&b=Canada").await;
    assert_eq!(status, StatusCode::OK, "{between}");
    let (status, _) = get_html(&f.app, "/entities/g999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, css) = get_html(&f.app, "/assets/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains("@media"));
    let (status, js) = get_html(&f.app, "/assets/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(js.contains("viewBox"));
}

#[tokio::test]
async fn serves_on_a_loopback_socket() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let f = fixture().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = f.app.clone();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"documents\":3"), "{answer}");
    server.abort();
}

#[tokio::test]
async fn live_page_and_api_show_fired_alerts_newest_first() {
    let f = fixture().await;
    let (status, json) = get(&f.app, "/api/alerts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["items"].as_array().unwrap().len(), 0);
    // What `watch --alert` records (the CLI's tests check the firing itself). Off the async
    // thread: the PostgreSQL client blocks on a runtime of its own.
    let db = f.db.clone();
    tokio::task::spawn_blocking(move || {
        let store = newsgraph_store::Store::open(&db).unwrap();
        store.alert_register("quotes --by Ribeiro").unwrap();
        for (i, words) in ["a fair agreement", "a good day"].iter().enumerate() {
            let payload = serde_json::json!({
                "kind": "quote", "summary": format!("Ana Ribeiro: {words}"),
                "sentence": format!("“{words},” Ribeiro said."),
                "evidence": {"doc": "d1", "start": i * 10, "end": i * 10 + 5},
                "source": {"location": format!("https://example.org/{i}"), "outlet": "Harbor Post"},
            });
            let item = format!("quote:d1:{i}");
            store
                .alert_fired("quotes --by Ribeiro", &item, &payload.to_string())
                .unwrap();
        }
    })
    .await
    .unwrap();
    let (_, json) = get(&f.app, "/api/alerts").await;
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["summary"], "Ana Ribeiro: a good day");
    assert_eq!(items[0]["evidence_href"], "/documents/d1?hl=10-15#hl");
    let first = items[1]["seq"].as_i64().unwrap();
    let (_, json) = get(&f.app, &format!("/api/alerts?after={first}")).await;
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    let (status, html) = get_html(&f.app, "/live").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Ana Ribeiro: a good day") && html.contains("https://example.org/1"));
    assert!(html.contains("/assets/live.js"));
    let (status, js) = get_html(&f.app, "/assets/live.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(js.contains("/api/alerts?after="));
}
