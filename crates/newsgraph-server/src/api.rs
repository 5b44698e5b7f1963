//! The JSON API under `/api/`: one handler per CLI query, each a thin call into the store's
//! query functions ([`newsgraph_store::query`]) with parameter checking, pagination and JSON
//! errors, plus the documents (text and the spans to highlight) and ingestion.
//!
//! The OpenAPI 3 description is generated from these handlers by utoipa (`#[utoipa::path]`)
//! and served at `/api/openapi.json`. The store's row types are described as objects; their
//! fields are documented on the store's structs.

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use newsgraph::document::{Document, Meta};
use newsgraph_store::query::EventFilter;
use newsgraph_store::{Store, Stored};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Entity types a filter may name.
const TYPES: [&str; 4] = ["PERSON", "COUNTRY", "ORGANIZATION", "LOCATION"];
/// Page size when none is asked for, and the largest allowed.
const PER_PAGE: u32 = 50;
const MAX_PER_PAGE: u32 = 500;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "newsgraph",
        description = "Actors, events, quotes and conflicts read from news articles, every fact with its evidence span."
    ),
    paths(
        stats, entities, entity, events, quotes, between, conflicts, document, ingest,
        crate::live::alerts
    ),
    components(schemas(
        ErrorBody,
        PageBody,
        IngestRequest,
        IngestResponse,
        DocumentView,
        SpanView
    )),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

/// Declares the `bearer` security scheme that `POST /api/documents` requires.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/api/openapi.json", get(|| async { Json(openapi()) }))
        .route("/api/stats", get(stats))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/events", get(events))
        .route("/api/quotes", get(quotes))
        .route("/api/between", get(between))
        .route("/api/conflicts", get(conflicts))
        .route("/api/documents/{id}", get(document))
        .route("/api/documents", axum::routing::post(ingest))
        .fallback(|| async { ApiError::not_found("no such page") })
        .with_state(state)
}

/// A page of results.
#[derive(Serialize, ToSchema)]
pub(crate) struct PageBody {
    /// How many results there are in all.
    total: u64,
    /// This page (from 1).
    page: u32,
    /// Results per page.
    per_page: u32,
    /// The results of this page.
    #[schema(value_type = Vec<Object>)]
    items: serde_json::Value,
}

/// Pagination parameters.
#[derive(Deserialize, IntoParams, Default)]
pub(crate) struct PageParams {
    /// Page number, from 1.
    page: Option<u32>,
    /// Results per page (1 to 500, default 50).
    per_page: Option<u32>,
}

fn paginate<T: Serialize>(rows: Vec<T>, p: &PageParams) -> Result<PageBody, ApiError> {
    let page = p.page.unwrap_or(1);
    let per_page = p.per_page.unwrap_or(PER_PAGE);
    if page == 0 {
        return Err(ApiError::bad_request("page starts at 1"));
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::bad_request(format!(
            "per_page must be between 1 and {MAX_PER_PAGE}"
        )));
    }
    let total = rows.len() as u64;
    let skip = (page as usize - 1).saturating_mul(per_page as usize);
    let items: Vec<T> = rows
        .into_iter()
        .skip(skip)
        .take(per_page as usize)
        .collect();
    Ok(PageBody {
        total,
        page,
        per_page,
        items: to_json(&items)?,
    })
}

fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(e.to_string()))
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

/// The global entity a user's word means: an id (`g12`) or a name; 404 when none.
pub(crate) fn lookup(store: &Store, state: &AppState, name: &str) -> Result<i64, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::bad_request("empty entity name"));
    }
    store
        .find_entities(name, state.graph())?
        .first()
        .copied()
        .ok_or_else(|| ApiError::not_found(format!("no entity called `{name}`")))
}

/// An entity id as the API prints it (`g12`, or plain `12`); 400 when malformed, 404 when
/// unknown.
pub(crate) fn entity_id(store: &Store, id: &str) -> Result<i64, ApiError> {
    let n = id
        .strip_prefix('g')
        .unwrap_or(id)
        .parse::<i64>()
        .map_err(|_| ApiError::bad_request(format!("`{id}` is not an entity id (like g12)")))?;
    let exists = store
        .connection()
        .prepare_cached("SELECT 1 FROM gentities WHERE id = ?1")
        .and_then(|mut st| st.exists([n]))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    if exists {
        Ok(n)
    } else {
        Err(ApiError::not_found(format!("no entity {id}")))
    }
}

fn check_type(t: Option<String>) -> Result<Option<String>, ApiError> {
    match t.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if TYPES.contains(&t.to_uppercase().as_str()) => Ok(Some(t.to_uppercase())),
        Some(t) => Err(ApiError::bad_request(format!(
            "unknown type `{t}` (one of {})",
            TYPES.join(", ")
        ))),
    }
}

fn check_date(d: Option<String>, name: &str) -> Result<Option<String>, ApiError> {
    match d.filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .map(|d| Some(d.to_string()))
            .map_err(|_| ApiError::bad_request(format!("{name} `{d}` is not a date (YYYY-MM-DD)"))),
    }
}

/// Counts of everything stored.
#[utoipa::path(get, path = "/api/stats", responses(
    (status = 200, description = "Counts by type (the store's Stats)", body = Object),
))]
async fn stats(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let stats = state.read(|store, _| Ok(store.stats()?)).await?;
    Ok(Json(to_json(&stats)?))
}

/// Parameters of `/api/entities`.
#[derive(Deserialize, IntoParams)]
pub(crate) struct EntitiesParams {
    /// Only entities whose name or an alias contains this text.
    query: Option<String>,
    /// Only entities of this type: PERSON, COUNTRY, ORGANIZATION, LOCATION.
    r#type: Option<String>,
    /// Page number, from 1.
    page: Option<u32>,
    /// Results per page (1 to 500, default 50).
    per_page: Option<u32>,
}

/// The actors of the graph, most mentioned first.
#[utoipa::path(get, path = "/api/entities", params(EntitiesParams), responses(
    (status = 200, description = "A page of EntityRow", body = PageBody),
    (status = 400, description = "Bad parameter", body = ErrorBody),
))]
async fn entities(
    State(state): State<AppState>,
    q: Result<Query<EntitiesParams>, QueryRejection>,
) -> Result<Json<PageBody>, ApiError> {
    let p = query(q)?;
    let etype = check_type(p.r#type)?;
    let text = p.query.filter(|q| !q.trim().is_empty());
    let pages = PageParams {
        page: p.page,
        per_page: p.per_page,
    };
    paginate(Vec::<u8>::new(), &pages)?; // validate before the query
    let page = pages.page.unwrap_or(1);
    let per_page = pages.per_page.unwrap_or(PER_PAGE);
    let offset = u64::from(page - 1) * u64::from(per_page);
    let found = state
        .read(move |store, _| {
            Ok(store.entities_page(
                etype.as_deref(),
                text.as_deref(),
                offset,
                Some(u64::from(per_page)),
            )?)
        })
        .await?;
    Ok(Json(PageBody {
        total: found.total,
        page,
        per_page,
        items: to_json(&found.rows)?,
    }))
}

/// Everything about one actor: names, roles, quotes, events, relations, timeline.
#[utoipa::path(get, path = "/api/entities/{id}",
    params(("id" = String, Path, description = "Entity id, like g12")),
    responses(
        (status = 200, description = "The store's Profile", body = Object),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "Unknown entity", body = ErrorBody),
    ))]
async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let profile = load_profile(&state, id).await?;
    Ok(Json(to_json(&profile)?))
}

/// An entity's profile by id or name; shared by the API and the pages.
pub(crate) async fn load_profile(
    state: &AppState,
    id: String,
) -> Result<newsgraph_store::query::Profile, ApiError> {
    state
        .read(move |store, _| {
            let gid = entity_id(store, &id)?;
            Ok(store.profile(gid)?)
        })
        .await
}

/// Parameters of `/api/events`.
#[derive(Deserialize, IntoParams)]
pub(crate) struct EventsParams {
    /// Only events where this actor (id or name) acts.
    actor: Option<String>,
    /// Only events done to this actor (id or name).
    recipient: Option<String>,
    /// Only this PLOVER type (ACCUSE, CONSULT, ...).
    r#type: Option<String>,
    /// Only events that may have happened on or after this day (YYYY-MM-DD).
    since: Option<String>,
    /// Only events that may have happened on or before this day (YYYY-MM-DD).
    until: Option<String>,
    /// Only events placed near this place (a name, looked up in the stored places, then the
    /// gazetteer).
    near: Option<String>,
    /// The radius of `near`: `100km` (the default), `60mi`.
    within: Option<String>,
    /// Only events placed inside `minlon,minlat,maxlon,maxlat` (degrees).
    bbox: Option<String>,
    /// Only events stating an amount of at least this value.
    min_amount: Option<f64>,
    /// The unit of `min_amount`: a currency (USD), a counted noun (troops, people), `%`, or
    /// a kind (money, count, percent).
    unit: Option<String>,
    /// Page number, from 1.
    page: Option<u32>,
    /// Results per page (1 to 500, default 50).
    per_page: Option<u32>,
}

/// Events across documents, in time order.
#[utoipa::path(get, path = "/api/events", params(EventsParams), responses(
    (status = 200, description = "A page of EventRow", body = PageBody),
    (status = 400, description = "Bad parameter", body = ErrorBody),
    (status = 404, description = "Unknown actor", body = ErrorBody),
))]
async fn events(
    State(state): State<AppState>,
    q: Result<Query<EventsParams>, QueryRejection>,
) -> Result<Json<PageBody>, ApiError> {
    let p = query(q)?;
    let since = check_date(p.since, "since")?;
    let until = check_date(p.until, "until")?;
    let etype = p.r#type.filter(|t| !t.is_empty()).map(|t| t.to_uppercase());
    let pages = PageParams {
        page: p.page,
        per_page: p.per_page,
    };
    paginate(Vec::<u8>::new(), &pages)?;
    let (actor, recipient) = (p.actor, p.recipient);
    let geo = crate::geo::GeoQuery {
        near: p.near,
        within: p.within,
        bbox: p.bbox,
        min_amount: p.min_amount,
        unit: p.unit,
    };
    let rows = state
        .read(move |store, state| {
            let geo = geo.filter(store, state)?;
            let filter = EventFilter {
                actor: actor
                    .as_deref()
                    .map(|a| lookup(store, state, a))
                    .transpose()?,
                recipient: recipient
                    .as_deref()
                    .map(|a| lookup(store, state, a))
                    .transpose()?,
                etype,
                since,
                until,
                ..geo
            };
            Ok(store.events(&filter)?)
        })
        .await?;
    Ok(Json(paginate(rows, &pages)?))
}

/// Parameters of `/api/quotes`.
#[derive(Deserialize, IntoParams)]
pub(crate) struct QuotesParams {
    /// Only quotes by this speaker (id or name).
    by: Option<String>,
    /// Only quotes whose words mention this entity (id or name).
    about: Option<String>,
    /// Page number, from 1.
    page: Option<u32>,
    /// Results per page (1 to 500, default 50).
    per_page: Option<u32>,
}

/// Quotations by a speaker or about an actor.
#[utoipa::path(get, path = "/api/quotes", params(QuotesParams), responses(
    (status = 200, description = "A page of QuoteRow", body = PageBody),
    (status = 400, description = "Bad parameter", body = ErrorBody),
    (status = 404, description = "Unknown entity", body = ErrorBody),
))]
async fn quotes(
    State(state): State<AppState>,
    q: Result<Query<QuotesParams>, QueryRejection>,
) -> Result<Json<PageBody>, ApiError> {
    let p = query(q)?;
    let pages = PageParams {
        page: p.page,
        per_page: p.per_page,
    };
    paginate(Vec::<u8>::new(), &pages)?;
    let (by, about) = (p.by, p.about);
    let rows = state
        .read(move |store, state| {
            let by = by.as_deref().map(|a| lookup(store, state, a)).transpose()?;
            let about = about
                .as_deref()
                .map(|a| lookup(store, state, a))
                .transpose()?;
            Ok(store.quotes(by, about)?)
        })
        .await?;
    Ok(Json(paginate(rows, &pages)?))
}

/// Parameters of `/api/between`.
#[derive(Deserialize, IntoParams)]
pub(crate) struct BetweenParams {
    /// One actor (id or name).
    a: Option<String>,
    /// The other (id or name).
    b: Option<String>,
}

/// Everything linking two actors, in time order, with the cooperation/conflict balance.
#[utoipa::path(get, path = "/api/between", params(BetweenParams), responses(
    (status = 200, description = "The store's Between", body = Object),
    (status = 400, description = "Missing a or b", body = ErrorBody),
    (status = 404, description = "Unknown entity", body = ErrorBody),
))]
async fn between(
    State(state): State<AppState>,
    q: Result<Query<BetweenParams>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let p = query(q)?;
    let (Some(a), Some(b)) = (p.a, p.b) else {
        return Err(ApiError::bad_request("both `a` and `b` are required"));
    };
    let between = load_between(&state, a, b).await?;
    Ok(Json(to_json(&between)?))
}

/// Everything linking two actors named by id or name; shared by the API and the pages.
pub(crate) async fn load_between(
    state: &AppState,
    a: String,
    b: String,
) -> Result<newsgraph_store::query::Between, ApiError> {
    state
        .read(move |store, state| {
            let a = lookup(store, state, &a)?;
            let b = lookup(store, state, &b)?;
            Ok(store.between(a, b)?)
        })
        .await
}

/// Contradictions between outlets, with both versions and their sources.
#[utoipa::path(get, path = "/api/conflicts", params(PageParams), responses(
    (status = 200, description = "A page of ConflictRow", body = PageBody),
    (status = 400, description = "Bad parameter", body = ErrorBody),
))]
async fn conflicts(
    State(state): State<AppState>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<PageBody>, ApiError> {
    let pages = query(q)?;
    paginate(Vec::<u8>::new(), &pages)?;
    let rows = state.read(|store, _| Ok(store.conflicts()?)).await?;
    Ok(Json(paginate(rows, &pages)?))
}

/// A byte span of a document's text.
#[derive(Serialize, ToSchema, Clone)]
pub(crate) struct SpanView {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// What is there: `sentence`, `mention`, `quote`.
    pub kind: String,
    /// The entity a mention refers to (its name in this document).
    pub label: Option<String>,
}

/// A stored document with the spans a reader may highlight.
#[derive(Serialize, ToSchema)]
pub(crate) struct DocumentView {
    /// The document id (a hash of its text).
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The publication date.
    pub published: Option<String>,
    /// The text; every span is a byte range of it.
    pub text: String,
    /// Sentences, mentions and quotes.
    pub spans: Vec<SpanView>,
}

pub(crate) fn document_view(doc: &Document) -> DocumentView {
    let mut spans = Vec::new();
    for s in doc.sentences() {
        spans.push(SpanView {
            start: s.span.start,
            end: s.span.end,
            kind: "sentence".into(),
            label: None,
        });
    }
    let entities = doc.entities();
    for m in doc.mentions.as_deref().unwrap_or(&[]) {
        spans.push(SpanView {
            start: m.span.start,
            end: m.span.end,
            kind: "mention".into(),
            label: entities.get(m.entity.ix()).map(|e| e.name.clone()),
        });
    }
    for q in doc.quotes.as_deref().unwrap_or(&[]) {
        spans.push(SpanView {
            start: q.span.start,
            end: q.span.end,
            kind: "quote".into(),
            label: None,
        });
    }
    DocumentView {
        id: doc.id.clone(),
        title: doc.meta.title.clone(),
        source: doc.meta.source.clone(),
        url: doc.meta.url.clone(),
        published: doc.meta.published.map(|d| d.to_string()),
        text: doc.text.clone(),
        spans,
    }
}

/// A stored document: its text and the spans of its sentences, mentions and quotes.
#[utoipa::path(get, path = "/api/documents/{id}",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The document", body = DocumentView),
        (status = 404, description = "Unknown document", body = ErrorBody),
    ))]
async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    let doc = load_document(&state, id).await?;
    Ok(Json(document_view(&doc)))
}

/// A stored document by id (404 when unknown); shared by the API and the pages.
pub(crate) async fn load_document(
    state: &AppState,
    id: String,
) -> Result<newsgraph::Document, ApiError> {
    state
        .read(move |store, _| {
            store
                .document(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document {id}")))
        })
        .await
}

/// An article to ingest (a JSON body; a `text/plain` body is the text alone).
#[derive(Deserialize, ToSchema)]
pub(crate) struct IngestRequest {
    /// The article text.
    text: String,
    /// The headline.
    title: Option<String>,
    /// Where it was published; also the key under which changed versions are chained.
    url: Option<String>,
    /// The outlet.
    source: Option<String>,
    /// The publication date, YYYY-MM-DD.
    published: Option<String>,
}

/// What ingesting did.
#[derive(Serialize, ToSchema)]
pub(crate) struct IngestResponse {
    /// The document id.
    id: String,
    /// `new` or `existing` (the same text was stored before).
    stored: String,
}

fn authorised(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    // Constant time in the token's length.
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Ingest an article: run the pipeline, store it, update the graph. Needs the bearer token.
#[utoipa::path(post, path = "/api/documents",
    request_body(content = IngestRequest, description = "JSON, or text/plain with the text alone"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored", body = IngestResponse),
        (status = 200, description = "Already stored", body = IngestResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "Ingestion disabled (no token configured)", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
    ))]
async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(token) = state.config().token.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingestion is disabled: start the server with --token",
        ));
    };
    if !authorised(&headers, &token) {
        let mut response = ApiError::new(StatusCode::UNAUTHORIZED, "missing or wrong bearer token")
            .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return Ok(response);
    }
    let limit = state.config().body_limit;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {limit} bytes"),
        )
    })?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let request = if json {
        serde_json::from_slice::<IngestRequest>(&bytes)
            .map_err(|e| ApiError::bad_request(format!("bad JSON: {e}")))?
    } else {
        IngestRequest {
            text: String::from_utf8(bytes.to_vec())
                .map_err(|_| ApiError::bad_request("the body is not UTF-8"))?,
            title: None,
            url: None,
            source: None,
            published: None,
        }
    };
    if request.text.trim().is_empty() {
        return Err(ApiError::bad_request("empty text"));
    }
    let published = match request.published.as_deref().filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(d.parse::<jiff::civil::Date>().map_err(|_| {
            ApiError::bad_request(format!("published `{d}` is not a date (YYYY-MM-DD)"))
        })?),
    };
    let meta = Meta {
        path: request.url.clone(),
        title: request.title,
        source: request.source,
        url: request.url,
        published,
        warnings: Vec::new(),
    };
    let text = request.text;
    let (id, stored) = state
        .write(move |writer, graph| {
            let mut doc = Document::new(text, meta);
            writer
                .pipeline
                .run(&mut doc)
                .map_err(|e| ApiError::internal(format!("pipeline: {e}")))?;
            let stored = writer.store.store(&doc)?;
            writer.store.resolve(graph)?;
            Ok((doc.id, stored))
        })
        .await?;
    let (status, stored) = match stored {
        Stored::New { .. } => (StatusCode::CREATED, "new"),
        _ => (StatusCode::OK, "existing"),
    };
    Ok((
        status,
        Json(IngestResponse {
            id,
            stored: stored.into(),
        }),
    )
        .into_response())
}
