//! The live page: items fired by the alerts of `newsgraph watch --alert`, newest first, as
//! they arrive. `/live` renders the latest on the server; its script (`/assets/live.js`, our
//! own, no third-party code) asks `/api/alerts?after=SEQ` every few seconds and puts what is
//! new on top, so the page fills while `watch` runs beside the server on the same database.
//! Without JavaScript the page still shows the latest items when reloaded.

use crate::error::ApiError;
use crate::state::AppState;
use crate::ui::{evidence_href, page};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use maud::{html, Markup};
use newsgraph_store::alerts::FiredAlert;
use newsgraph_store::query::Evidence;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

const JS: &str = include_str!("../assets/live.js");
/// Items on the page, and at most per answer of `/api/alerts`.
const LATEST: usize = 100;

pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/live", get(live))
        .route("/api/alerts", get(alerts))
        .route(
            "/assets/live.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    JS,
                )
                    .into_response()
            }),
        )
        .with_state(state)
}

/// Parameters of `/api/alerts`.
#[derive(Deserialize, IntoParams)]
pub(crate) struct After {
    /// Only items fired after the one with this `seq` (0 or absent: the latest).
    after: Option<i64>,
}

/// One fired item as the page and `/api/alerts` show it.
#[derive(Serialize)]
struct LiveItem {
    seq: i64,
    alert: String,
    fired_at: String,
    kind: String,
    summary: String,
    sentence: Option<String>,
    /// Link to the evidence in the UI's document page.
    evidence_href: Option<String>,
    /// The article's URL (or path) and outlet.
    source_url: Option<String>,
    outlet: Option<String>,
}

impl LiveItem {
    fn from_fired(f: FiredAlert) -> LiveItem {
        let p: serde_json::Value = serde_json::from_str(&f.payload).unwrap_or_default();
        let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
        let e = &p["evidence"];
        let evidence = match (text(&e["doc"]), e["start"].as_i64(), e["end"].as_i64()) {
            (Some(doc), Some(start), Some(end)) => Some(Evidence { doc, start, end }),
            _ => None,
        };
        LiveItem {
            seq: f.seq,
            alert: f.query,
            fired_at: f.fired_at,
            kind: text(&p["kind"]).unwrap_or_default(),
            summary: text(&p["summary"]).unwrap_or_default(),
            sentence: text(&p["sentence"]),
            evidence_href: evidence.as_ref().map(evidence_href),
            source_url: text(&p["source"]["location"]),
            outlet: text(&p["source"]["outlet"]),
        }
    }
}

async fn latest(state: &AppState, after: i64) -> Result<Vec<LiveItem>, ApiError> {
    state
        .read(move |store, _| {
            Ok(store
                .alerts_since(after, LATEST)?
                .into_iter()
                .map(LiveItem::from_fired)
                .collect())
        })
        .await
}

/// Items fired by `newsgraph watch --alert`, newest first, at most 100: `{"items": [{"seq",
/// "alert", "fired_at", "kind", "summary", "sentence", "evidence_href", "source_url",
/// "outlet"}]}`.
#[utoipa::path(get, path = "/api/alerts", params(After), responses(
    (status = 200, description = "The items fired after `after`", body = Object),
    (status = 400, description = "Bad parameter", body = crate::error::ErrorBody),
))]
pub(crate) async fn alerts(
    State(state): State<AppState>,
    Query(q): Query<After>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = latest(&state, q.after.unwrap_or(0)).await?;
    Ok(Json(serde_json::json!({ "items": items })))
}

fn item(i: &LiveItem) -> Markup {
    html! {
        li data-seq=(i.seq) {
            span.tag { (i.kind) } " "
            strong { (i.summary) }
            @if let Some(s) = &i.sentence { blockquote { (s) } }
            span.muted {
                (i.fired_at) " · alert " code { (i.alert) }
                @if let Some(o) = &i.outlet { " · " (o) }
                @if let Some(u) = &i.source_url {
                    " · " a href=(u) rel="noopener noreferrer" { "source" }
                }
                @if let Some(h) = &i.evidence_href { " · " a href=(h) { "evidence" } }
            }
        }
    }
}

async fn live(State(state): State<AppState>) -> Result<Response, ApiError> {
    let items = latest(&state, 0).await?;
    let newest = items.first().map_or(0, |i| i.seq);
    let body = html! {
        h1 { "Live" }
        p.muted {
            "What the alerts of " code { "newsgraph watch --alert" }
            " fired, newest first; new items appear here as they arrive."
        }
        ul #live data-after=(newest) {
            @for i in &items { (item(i)) }
        }
        @if items.is_empty() { p #live-empty.muted { "Nothing has fired yet." } }
        script src="/assets/live.js" defer {}
    };
    let html: Html<String> = page("Live", body);
    Ok(html.into_response())
}
