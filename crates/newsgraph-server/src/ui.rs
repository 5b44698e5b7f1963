//! The web UI: HTML pages rendered on the server with maud from the same store queries as the
//! API, plus the embedded stylesheet and script (no CDN, no third-party JavaScript).
//!
//! Pages: `/` (overview: counts, the most connected actors, the actor graph drawn as SVG with
//! its layout computed in Rust by [`crate::layout`], filterable by time and event type),
//! `/search?q=`, `/entities/{id}` (names, roles, quotes, events, timeline), `/between?a=&b=`,
//! `/conflicts`, and `/documents/{id}?hl=START-END#hl` (the text with the sentence holding the
//! evidence highlighted and the evidence itself marked). Every fact links to its evidence.

use crate::error::ApiError;
use crate::layout::fruchterman_reingold;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup, DOCTYPE};
use newsgraph_store::query::{EntityRef, EventActors, EventFilter, EventRow, Evidence};
use serde::Deserialize;
use std::collections::HashMap;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");
/// Actors drawn in the overview graph.
const GRAPH_NODES: usize = 40;
/// The SVG canvas side.
const CANVAS: f64 = 1000.0;

pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/search", get(search))
        .route("/entities/{id}", get(entity))
        .route("/between", get(between))
        .route("/conflicts", get(conflicts))
        .route("/map", get(crate::map::map))
        .route("/documents/{id}", get(document))
        .route(
            "/assets/app.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", JS) }),
        )
        .with_state(state)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// An error as an HTML page with its status.
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = page(
            "Error",
            html! { h1 { (self.0.status.as_u16()) " " (self.0.status.canonical_reason().unwrap_or("")) }
            p { (self.0.message) } p { a href="/" { "Back to the overview" } } },
        );
        (self.0.status, body).into_response()
    }
}

pub(crate) type PageResult = Result<Html<String>, PageError>;

pub(crate) fn page(title: &str, body: Markup) -> Html<String> {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · newsgraph" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header {
                    a.brand href="/" { "newsgraph" }
                    a href="/map" { "Map" }
                    a href="/conflicts" { "Conflicts" }
                    a href="/live" { "Live" }
                    form action="/search" method="get" role="search" {
                        input type="search" name="q" placeholder="Search actors…" aria-label="Search actors";
                        button type="submit" { "Search" }
                    }
                }
                main { (body) }
            }
        }
    };
    Html(markup.into_string())
}

/// The link to a fact's evidence: the document with the span highlighted.
pub(crate) fn evidence_href(e: &Evidence) -> String {
    format!("/documents/{}?hl={}-{}#hl", e.doc, e.start, e.end)
}

fn entity_href(id: &str) -> String {
    format!("/entities/{id}")
}

fn entity_link(r: &EntityRef) -> Markup {
    html! { a href=(entity_href(&r.id)) { (r.name) } }
}

fn score_class(score: f64) -> &'static str {
    if score > 0.5 {
        "score-pos"
    } else if score < -0.5 {
        "score-neg"
    } else {
        ""
    }
}

/// Colour of an edge from its mean score (about -10 conflict … +10 cooperation).
fn edge_colour(score: f64) -> String {
    let t = (score / 10.0).clamp(-1.0, 1.0);
    let (r, g, b) = if t >= 0.0 {
        (lerp(150, 46, t), lerp(150, 139, t), lerp(150, 87, t))
    } else {
        (lerp(150, 192, -t), lerp(150, 57, -t), lerp(150, 43, -t))
    };
    format!("rgb({r},{g},{b})")
}

fn lerp(a: u8, b: u8, t: f64) -> u8 {
    (a as f64 + (b as f64 - a as f64) * t).round() as u8
}

/// The actor graph of a set of events: actors joined by the events between them.
#[derive(Debug, Default)]
pub(crate) struct ActorGraph {
    /// Actors with their type-free label and degree (events they take part in with others).
    pub nodes: Vec<(EntityRef, u64)>,
    /// Edges between node indices.
    pub edges: Vec<Link>,
}

/// An edge of the actor graph: the two actors (node indices), how many events link them,
/// their mean score and the mean tone of the sentences stating them (when known).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    pub a: usize,
    pub b: usize,
    pub events: u64,
    pub score: f64,
    pub tone: Option<f64>,
}

/// Sums for one pair of actors while the graph is built.
#[derive(Default)]
struct PairSums {
    events: u64,
    score: f64,
    tone: f64,
    toned: u64,
}

pub(crate) fn actor_graph(events: &[EventActors], max_nodes: usize) -> ActorGraph {
    let mut pairs: HashMap<(String, String), PairSums> = HashMap::new();
    let mut names: HashMap<String, EntityRef> = HashMap::new();
    let mut degree: HashMap<String, u64> = HashMap::new();
    for ev in events {
        for a in &ev.actors {
            for b in &ev.recipients {
                if a.id == b.id {
                    continue;
                }
                let key = if a.id < b.id {
                    (a.id.clone(), b.id.clone())
                } else {
                    (b.id.clone(), a.id.clone())
                };
                let e = pairs.entry(key).or_default();
                e.events += 1;
                e.score += ev.score;
                if let Some(t) = ev.tone {
                    e.tone += t;
                    e.toned += 1;
                }
                for r in [a, b] {
                    names.entry(r.id.clone()).or_insert_with(|| r.clone());
                    *degree.entry(r.id.clone()).or_default() += 1;
                }
            }
        }
    }
    let mut nodes: Vec<(EntityRef, u64)> = degree
        .into_iter()
        .filter_map(|(id, d)| names.remove(&id).map(|r| (r, d)))
        .collect();
    nodes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.name.cmp(&b.0.name)));
    nodes.truncate(max_nodes);
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.id.as_str(), i))
        .collect();
    let mut edges: Vec<Link> = pairs
        .iter()
        .filter_map(|((a, b), p)| {
            Some(Link {
                a: *index.get(a.as_str())?,
                b: *index.get(b.as_str())?,
                events: p.events,
                score: p.score / p.events as f64,
                tone: (p.toned > 0).then(|| p.tone / p.toned as f64),
            })
        })
        .collect();
    edges.sort_by_key(|e| (e.a, e.b));
    ActorGraph { nodes, edges }
}

fn graph_svg(graph: &ActorGraph, types: &HashMap<String, String>) -> Markup {
    let layout_edges: Vec<(usize, usize, f64)> = graph
        .edges
        .iter()
        .map(|l| (l.a, l.b, l.events as f64))
        .collect();
    let pos = fruchterman_reingold(graph.nodes.len(), &layout_edges, CANVAS, 300);
    let max_degree = graph.nodes.iter().map(|n| n.1).max().unwrap_or(1).max(1) as f64;
    html! {
        svg #graph viewBox={"0 0 " (CANVAS) " " (CANVAS)} role="img" aria-label="Actor graph" {
            g.edges {
                @for &Link { a, b, events: n, score, tone } in &graph.edges {
                    @let (ra, rb) = (&graph.nodes[a].0, &graph.nodes[b].0);
                    a.edge href={"/between?a=" (ra.id) "&b=" (rb.id)} data-a=(ra.id) data-b=(rb.id) data-tone=[tone.map(|t| format!("{t:.2}"))] {
                        title {
                            (ra.name) " – " (rb.name) ": " (n) " events, mean score " (format!("{score:+.1}"))
                            @if let Some(t) = tone { ", mean tone " (format!("{t:+.2}")) }
                        }
                        line x1=(format!("{:.1}", pos[a].x)) y1=(format!("{:.1}", pos[a].y))
                             x2=(format!("{:.1}", pos[b].x)) y2=(format!("{:.1}", pos[b].y))
                             stroke=(edge_colour(score)) stroke-linecap="round"
                             stroke-width=(format!("{:.1}", 1.5 + (n as f64).sqrt() * 1.5)) {}
                    }
                }
            }
            g.nodes {
                @for (i, (r, d)) in graph.nodes.iter().enumerate() {
                    @let radius = 6.0 + 14.0 * (*d as f64 / max_degree).sqrt();
                    @let class = format!("node {}", types.get(&r.id).map(String::as_str).unwrap_or(""));
                    a class=(class) href=(entity_href(&r.id)) data-id=(r.id) data-name=(r.name) {
                        title { (r.name) " (" (d) " links)" }
                        circle cx=(format!("{:.1}", pos[i].x)) cy=(format!("{:.1}", pos[i].y)) r=(format!("{radius:.1}")) {}
                        text x=(format!("{:.1}", pos[i].x + radius + 3.0)) y=(format!("{:.1}", pos[i].y + 5.0)) { (r.name) }
                    }
                }
            }
        }
    }
}

#[derive(Deserialize, Default)]
struct OverviewParams {
    since: Option<String>,
    until: Option<String>,
    r#type: Option<String>,
}

pub(crate) fn date_param(d: Option<String>) -> Result<Option<String>, ApiError> {
    match d.filter(|d| !d.trim().is_empty()) {
        None => Ok(None),
        Some(d) => d
            .trim()
            .parse::<jiff::civil::Date>()
            .map(|d| Some(d.to_string()))
            .map_err(|_| ApiError::bad_request(format!("`{d}` is not a date (YYYY-MM-DD)"))),
    }
}

async fn overview(
    State(state): State<AppState>,
    q: Result<Query<OverviewParams>, QueryRejection>,
) -> PageResult {
    let q = q.ok();
    let p = q.map(|Query(p)| p).unwrap_or_default();
    let since = date_param(p.since)?;
    let until = date_param(p.until)?;
    let etype = p.r#type.filter(|t| !t.is_empty()).map(|t| t.to_uppercase());
    let filter = EventFilter {
        etype: etype.clone(),
        since: since.clone(),
        until: until.clone(),
        ..EventFilter::default()
    };
    let (stats, graph, types) = state
        .read(move |store, _| {
            let graph = actor_graph(&store.event_actors(&filter)?, GRAPH_NODES);
            // Types of the drawn actors only (one row each), to colour them.
            let mut types = HashMap::new();
            let mut st = store
                .connection()
                .prepare_cached("SELECT type FROM gentities WHERE id = ?1")?;
            for (r, _) in &graph.nodes {
                if let Some(gid) = r.id.strip_prefix('g').and_then(|n| n.parse::<i64>().ok()) {
                    types.insert(
                        r.id.clone(),
                        st.query_row([gid], |r| r.get::<_, String>(0))?,
                    );
                }
            }
            drop(st);
            Ok((store.stats()?, graph, types))
        })
        .await?;
    let event_types: Vec<&String> = stats.events_by_type.keys().collect();
    let conflicts: u64 = stats.graph.conflicts_by_kind.values().sum();
    let actors: u64 = stats.graph.entities_by_type.values().sum();
    let body = html! {
        h1 { "Overview" }
        div.cards {
            div.card { b { (stats.documents) } span { "articles" } }
            div.card { b { (stats.outlets) } span { "outlets" } }
            div.card { b { (actors) } span { "actors" } }
            div.card { b { (stats.graph.events) } span { "events" } }
            div.card { b { (stats.quotes) } span { "quotes" } }
            div.card { a href="/conflicts" { b { (conflicts) } } span { "conflicts" } }
        }
        div.two {
            section {
                h2 { "Actor graph" }
                div.graph-box {
                    form.graph-tools method="get" action="/" {
                        (date_type_fields(since.as_deref(), until.as_deref(), &event_types, etype.as_deref()))
                    }
                    div.graph-tools {
                        input #graph-filter type="search" placeholder="Highlight actor…" aria-label="Highlight actor";
                        button #zoom-in type="button" aria-label="Zoom in" { "+" }
                        button #zoom-out type="button" aria-label="Zoom out" { "−" }
                        button #zoom-reset type="button" { "Reset" }
                    }
                    @if graph.nodes.is_empty() {
                        p.muted { "No events between actors match." }
                    } @else {
                        (graph_svg(&graph, &types))
                    }
                    p.legend { "Edges: " i style="background:rgb(192,57,43)" {} "conflict" i style="background:rgb(150,150,150)" {} "neutral" i style="background:rgb(46,139,87)" {} "cooperation. Drag to pan, wheel to zoom, click an edge for the events between two actors." }
                }
            }
            section {
                h2 { "Most connected actors" }
                ul.plain {
                    @for (r, d) in graph.nodes.iter().take(15) {
                        li { (entity_link(r)) " " span.muted { (d) " links" } }
                    }
                }
            }
        }
    };
    Ok(page("Overview", body))
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> PageResult {
    let q = q.ok();
    let text = q.and_then(|Query(p)| p.q).unwrap_or_default();
    let needle = text.trim().to_string();
    let rows = if needle.is_empty() {
        Vec::new()
    } else {
        let n = needle.clone();
        state
            .read(move |store, _| Ok(store.entities(None, Some(&n))?))
            .await?
    };
    let body = html! {
        h1 { "Search" }
        form method="get" action="/search" {
            input type="search" name="q" value=(needle) aria-label="Search actors";
            " " button type="submit" { "Search" }
        }
        @if !needle.is_empty() {
            p.muted { (rows.len()) " actors match “" (needle) "”." }
            ul.plain #results {
                @for r in &rows {
                    li {
                        a href=(entity_href(&r.id)) { (r.name) } " "
                        span.tag { (r.etype) }
                        span.muted { (r.mentions) " mentions, " (outlets_label(r.outlets)) }
                        @if !r.aliases.is_empty() { br; span.muted { "also: " (r.aliases.join(", ")) } }
                    }
                }
            }
        }
    };
    Ok(page("Search", body))
}

pub(crate) fn event_line(ev: &EventRow) -> Markup {
    html! {
        span.tag { (ev.etype) }
        @for (i, a) in ev.actors.iter().enumerate() { @if i > 0 { ", " } (entity_link(a)) }
        " → "
        @for (i, r) in ev.recipients.iter().enumerate() { @if i > 0 { ", " } (entity_link(r)) }
        " " span class=(score_class(ev.score)) { (format!("{:+.1}", ev.score)) }
        " " span.muted { (newsgraph_store::query::date_label(ev.date_lo.as_deref(), ev.date_hi.as_deref()).as_deref().unwrap_or("undated")) ", " (ev.sources) " sources" }
        @if let Some(l) = &ev.location {
            " " span.place title=(format!("{} ({:.2}, {:.2})", l.precision, l.lat, l.lon)) {
                "at " (l.name) @if l.precision != "city" { " (" (l.precision) ")" }
            }
        }
        @for a in &ev.amounts {
            " " span.amount title=(a.text) { (amount_label(a)) }
        }
        @if let Some(t) = ev.tone {
            " " span.muted title="tone of the evidence sentences, -1 hostile .. +1 warm" { "tone " (format!("{t:+.2}")) }
        }
        @for (i, e) in ev.evidence.iter().enumerate() {
            " " a.evidence href=(evidence_href(e)) { "[" (i + 1) "]" }
        }
    }
}

/// An amount as a short label: `almost 250,000,000 AUD (= 167,000,000 USD)`.
/// The date range and event type fields of a filter form, shared by the actor graph and the
/// map: a `since` and `until` date, a type chosen among `types`, and the submit button.
pub(crate) fn date_type_fields<S: AsRef<str>>(
    since: Option<&str>,
    until: Option<&str>,
    types: &[S],
    etype: Option<&str>,
) -> Markup {
    html! {
        label { "From " input type="date" name="since" value=[since]; }
        label { "to " input type="date" name="until" value=[until]; }
        select name="type" aria-label="Event type" {
            option value="" { "All event types" }
            @for t in types {
                @let t = t.as_ref();
                option value=(t) selected[etype == Some(t)] { (t) }
            }
        }
        button type="submit" { "Apply" }
    }
}

fn amount_label(a: &newsgraph_store::query::AmountRow) -> String {
    let one = |a: &newsgraph_store::query::AmountRow| {
        let mut s = String::new();
        if let Some(q) = &a.qualifier {
            s.push_str(q);
            s.push(' ');
        }
        s.push_str(&grouped(a.value));
        if let Some(m) = a.max {
            s.push_str(&format!("–{}", grouped(m)));
        }
        if a.unit == "%" {
            s.push('%');
        } else {
            s.push(' ');
            s.push_str(&a.unit);
        }
        s
    };
    let mut s = one(a);
    for c in &a.conversions {
        s.push_str(&format!(" (= {})", one(c)));
    }
    s
}

/// A number with thousands separators (`250,000,000`), decimals only when it has them.
fn grouped(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// `3 outlets`, `1 outlet`, or `outlet unknown` when no document named its outlet.
fn outlets_label(n: u64) -> String {
    match n {
        0 => "outlet unknown".into(),
        1 => "1 outlet".into(),
        n => format!("{n} outlets"),
    }
}

/// Each relation once (same subject, predicate, object and detail), in first-seen order, with
/// the evidence of every statement of it.
fn relations_once(
    rows: &[newsgraph_store::query::RelationRow],
) -> Vec<(&newsgraph_store::query::RelationRow, Vec<&Evidence>)> {
    let mut out: Vec<(&newsgraph_store::query::RelationRow, Vec<&Evidence>)> = Vec::new();
    for r in rows {
        let same = |o: &newsgraph_store::query::RelationRow| {
            o.subject.id == r.subject.id
                && o.predicate == r.predicate
                && o.object.id == r.object.id
                && o.detail == r.detail
        };
        match out.iter_mut().find(|(o, _)| same(o)) {
            Some((_, ev)) => {
                if !ev.contains(&&r.evidence) {
                    ev.push(&r.evidence);
                }
            }
            None => out.push((r, vec![&r.evidence])),
        }
    }
    out
}

async fn entity(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let profile = crate::api::load_profile(&state, id).await?;
    let e = &profile.entity;
    let body = html! {
        h1 { (e.name) " " span.tag { (e.etype) } }
        p.muted { (e.mentions) " mentions, " (outlets_label(e.outlets)) @if let Some(code) = &e.code { " · " (code) } }
        div.two {
            section {
                h2 { "Timeline" }
                ul.plain.timeline {
                    @for item in &profile.timeline {
                        li {
                            span.muted { (item.date.as_deref().unwrap_or("undated")) }
                            span {
                                span.tag { (item.kind) } (item.text)
                                @if let Some(s) = item.score { " " span class=(score_class(s)) { (format!("{s:+.1}")) } }
                                @for ev in &item.evidence { " " a.evidence href=(evidence_href(ev)) { "source" } }
                            }
                        }
                    }
                }
                h2 { "Quotes" }
                ul.plain #quotes {
                    @for q in &profile.quotes {
                        li {
                            blockquote { @if q.direct { "“" (q.text) "”" } @else { (q.text) } }
                            span.muted { (q.date.as_deref().unwrap_or("undated")) @if let Some(o) = &q.outlet { ", " (o) } }
                            " " a.evidence href=(evidence_href(&q.evidence)) { "in the article" }
                        }
                    }
                }
                h2 { "Events as actor" }
                ul.plain { @for ev in &profile.as_actor { li { (event_line(ev)) } } }
                h2 { "Events as recipient" }
                ul.plain { @for ev in &profile.as_recipient { li { (event_line(ev)) } } }
            }
            section {
                h2 { "Names" }
                ul.plain {
                    @for n in &profile.names {
                        li { a href=(evidence_href(&n.evidence)) { (n.name) } " " span.muted { "×" (n.count) } }
                    }
                }
                h2 { "Roles" }
                ul.plain {
                    @for r in &profile.roles {
                        li {
                            a href=(evidence_href(&r.evidence)) { (r.title) }
                            @if let Some(of) = &r.of { " of " (entity_link(of)) }
                            " " span.muted { (r.date.as_deref().unwrap_or("")) }
                        }
                    }
                }
                h2 { "Relations" }
                ul.plain {
                    @for (r, sources) in relations_once(&profile.relations) {
                        li {
                            (entity_link(&r.subject)) " " (r.predicate) " " (entity_link(&r.object))
                            @if let Some(d) = &r.detail { " " span.muted { (d) } }
                            @for (i, e) in sources.iter().enumerate() {
                                " " a.evidence href=(evidence_href(e)) { "[" (i + 1) "]" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&profile.entity.name.clone(), body))
}

#[derive(Deserialize)]
struct BetweenParams {
    a: Option<String>,
    b: Option<String>,
}

async fn between(
    State(state): State<AppState>,
    q: Result<Query<BetweenParams>, QueryRejection>,
) -> PageResult {
    let q = q.ok();
    let Some(Query(BetweenParams {
        a: Some(a),
        b: Some(b),
    })) = q
    else {
        return Err(ApiError::bad_request("both `a` and `b` are required").into());
    };
    let between = crate::api::load_between(&state, a, b).await?;
    let bal = &between.balance;
    let body = html! {
        h1 { (entity_link(&between.a)) " and " (entity_link(&between.b)) }
        p {
            span.score-pos { (bal.cooperation) " cooperative" } ", "
            span.score-neg { (bal.conflict) " conflictual" } ", "
            (bal.neutral) " neutral; weighted score "
            span class=(score_class(bal.weighted_score)) { (format!("{:+.2}", bal.weighted_score)) }
            "; mean tone "
            @match bal.tone {
                Some(t) => span class=(score_class(t)) title="of the sentences stating their events, -1 hostile .. +1 warm" { (format!("{t:+.2}")) },
                None => span.muted { "unknown" },
            }
        }
        ul.plain.timeline {
            @for item in &between.items {
                li {
                    span.muted { (item.date.as_deref().unwrap_or("undated")) }
                    span {
                        span.tag { (item.kind) } (item.text)
                        @for ev in &item.evidence { " " a.evidence href=(evidence_href(ev)) { "source" } }
                    }
                }
            }
        }
    };
    Ok(page("Between", body))
}

async fn conflicts(State(state): State<AppState>) -> PageResult {
    let rows = state.read(|store, _| Ok(store.conflicts()?)).await?;
    let body = html! {
        h1 { "Conflicts between outlets" }
        p.muted { (rows.len()) " contradictions: the same fact reported two ways." }
        div.table-wrap {
            table {
                thead { tr { th { "Kind" } th { "About" } th { "One version" } th { "The other" } } }
                tbody {
                    @for c in &rows {
                        tr {
                            td { span.tag { (c.kind) } }
                            td {
                                @if let Some(e) = &c.entity { (entity_link(e)) }
                                @if let Some(ev) = &c.event { " " span.muted { (ev) } }
                            }
                            @for v in [&c.a, &c.b] {
                                td {
                                    a href=(evidence_href(&v.evidence)) { (v.value) }
                                    br; span.muted { (v.outlet.as_deref().unwrap_or("unknown outlet")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page("Conflicts", body))
}

#[derive(Deserialize)]
struct DocumentParams {
    hl: Option<String>,
}

fn parse_hl(hl: Option<&str>) -> Option<(usize, usize)> {
    let (a, b) = hl?.split_once('-')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a < b).then_some((a, b))
}

/// The largest char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text as HTML: each sentence in a span, those overlapping the evidence highlighted (the
/// first with `id="hl"`), the evidence itself in `<mark>`.
fn render_text(text: &str, sentences: &[(usize, usize)], hl: Option<(usize, usize)>) -> Markup {
    let hl = hl.map(|(a, b)| (floor_boundary(text, a), floor_boundary(text, b)));
    let mut pieces: Vec<Markup> = Vec::new();
    let mut at = 0;
    let mut first = true;
    let mark = |s: usize, e: usize| -> Markup {
        match hl {
            Some((a, b)) if a < e && b > s => {
                let (ms, me) = (a.max(s), b.min(e));
                html! { (&text[s..ms]) mark { (&text[ms..me]) } (&text[me..e]) }
            }
            _ => html! { (&text[s..e]) },
        }
    };
    for &(s, e) in sentences {
        let (s, e) = (floor_boundary(text, s), floor_boundary(text, e));
        if s < at || e < s {
            continue;
        }
        if at < s {
            pieces.push(mark(at, s));
        }
        let lit = hl.is_some_and(|(a, b)| a < e && b > s);
        let id = if lit && first {
            first = false;
            "hl".to_string()
        } else {
            format!("s-{s}-{e}")
        };
        pieces.push(html! { span id=(id) class=(if lit { "s hl" } else { "s" }) { (mark(s, e)) } });
        at = e;
    }
    if at < text.len() {
        pieces.push(mark(at, text.len()));
    }
    html! { div.doc-text { @for p in &pieces { (p) } } }
}

async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<DocumentParams>, QueryRejection>,
) -> PageResult {
    let q = q.ok();
    let hl = q.and_then(|Query(p)| parse_hl(p.hl.as_deref()));
    let doc = crate::api::load_document(&state, id).await?;
    let sentences: Vec<(usize, usize)> = doc
        .sentences()
        .iter()
        .map(|s| (s.span.start as usize, s.span.end as usize))
        .collect();
    let title = doc.meta.title.clone().unwrap_or_else(|| "Article".into());
    let body = html! {
        h1 { (title) }
        p.muted {
            (doc.meta.source.as_deref().unwrap_or("unknown outlet"))
            @if let Some(d) = doc.meta.published { " · " (d.to_string()) }
            @if let Some(u) = &doc.meta.url { " · " a href=(u) rel="noopener noreferrer" { "original" } }
        }
        (render_text(&doc.text, &sentences, hl))
    };
    Ok(page(&title, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_text_marks_evidence_in_its_sentence() {
        let text = "Ana spoke. “Bom dia,” she said.\nDone.";
        let s2 = text.find('“').unwrap();
        let sentences = [(0, 10), (s2, text.find('\n').unwrap())];
        let ev = (s2 + "“".len(), s2 + "“Bom dia".len());
        let html = render_text(text, &sentences, Some(ev)).into_string();
        assert!(html.contains("<mark>Bom dia</mark>"), "{html}");
        assert!(html.contains(r#"id="hl" class="s hl""#), "{html}");
        assert!(html.contains(r#"id="s-0-10" class="s""#), "{html}");
    }

    #[test]
    fn render_text_survives_spans_off_char_boundaries() {
        let text = "“Olá”";
        let html = render_text(text, &[(0, text.len())], Some((1, 4))).into_string();
        assert!(html.contains("<mark>“O</mark>lá”"), "{html}");
    }

    #[test]
    fn parse_hl_reads_start_and_end() {
        assert_eq!(parse_hl(Some("3-9")), Some((3, 9)));
        assert_eq!(parse_hl(Some("9-3")), None);
        assert_eq!(parse_hl(Some("x")), None);
    }

    #[test]
    fn amounts_read_with_separators_and_conversions() {
        assert_eq!(grouped(250_000_000.0), "250,000,000");
        assert_eq!(grouped(12.5), "12.5");
        assert_eq!(grouped(-1000.0), "-1,000");
    }

    #[test]
    fn edge_colour_runs_from_conflict_to_cooperation() {
        assert_eq!(edge_colour(-10.0), "rgb(192,57,43)");
        assert_eq!(edge_colour(0.0), "rgb(150,150,150)");
        assert_eq!(edge_colour(10.0), "rgb(46,139,87)");
    }
}
