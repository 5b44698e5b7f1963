//! `newsgraph serve`: an HTTP server over the store written by `newsgraph ingest`.
//!
//! It reads the same SQLite file through the store's query functions
//! ([`newsgraph_store::query`]) and never re-implements a query: the JSON API under `/api/`
//! mirrors the CLI's `stats`, `entities`, `entity`, `events`, `quotes`, `between` and
//! `conflicts`, plus the documents with the spans to highlight, and the web UI at `/` renders
//! the same answers as HTML on the server. The OpenAPI 3 description at `/api/openapi.json` is
//! generated from the handlers with utoipa. `/map` draws the located events on a world map. `/live` shows the items alerts fire (`newsgraph
//! watch --alert`) as they arrive, polling `/api/alerts`.
//!
//! The server is read-only unless a token is configured; then `POST /api/documents` runs the
//! standard pipeline over an article and stores it through one writer connection behind a
//! mutex (SQLite WAL lets readers go on meanwhile). Reads run on tokio's blocking pool over a
//! small pool of connections.
#![warn(missing_docs)]

mod api;
mod error;
mod geo;
pub mod layout;
mod live;
mod map;
mod state;
mod ui;

pub use error::ApiError;
pub use state::{AppState, Config};

use axum::Router;
use std::net::SocketAddr;

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] newsgraph_store::Error),
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The whole application: the JSON API under `/api/` and the web UI.
pub fn router(state: AppState) -> Router {
    api::routes(state.clone())
        .merge(live::routes(state.clone()))
        .merge(ui::routes(state))
}

/// Bind `addr` and serve until interrupted (Ctrl-C). `on_bound` is told the bound address
/// (useful with port 0).
pub async fn serve(
    config: Config,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), Error> {
    let state = AppState::new(config)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
