//! What every request shares: the database path, a small pool of read connections, the one
//! writer (created at start-up when ingesting is allowed, behind a mutex so that writes are
//! serialised) and the graph rules used to read the names users type, loaded once.
//!
//! Reads run on tokio's blocking pool ([`AppState::read`]): SQLite calls block, and a pooled
//! connection keeps its prepared-statement cache between requests.

use crate::error::ApiError;
use newsgraph::data::DataDir;
use newsgraph::pipeline::Pipeline;
use newsgraph_store::{GraphConfig, Store};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// How many idle read connections are kept.
const POOL_SIZE: usize = 8;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite database written by `newsgraph ingest`.
    pub db: PathBuf,
    /// The bearer token that enables `POST /api/documents`; `None` keeps the server read-only.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes (413 above it).
    pub body_limit: usize,
    /// Where the pipeline's data files and the graph rules come from.
    pub data: DataDir,
    /// The alias file; `None` reads the data directory's `aliases.tsv`.
    pub aliases: Option<PathBuf>,
}

impl Config {
    /// A read-only configuration over `db` with the default body limit (5 MB).
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            token: None,
            body_limit: 5 * 1024 * 1024,
            data: DataDir::from_env(),
            aliases: None,
        }
    }
}

/// The writer: one connection and the pipeline that annotates ingested articles.
pub(crate) struct Writer {
    pub store: Store,
    pub pipeline: Pipeline,
}

struct Inner {
    config: Config,
    graph: GraphConfig,
    pool: Mutex<Vec<Store>>,
    writer: Mutex<Option<Writer>>,
    /// The place gazetteer, loaded on the first `near` that the store's places cannot answer
    /// (`None` inside when it failed to load).
    places: std::sync::OnceLock<Option<newsgraph::stages::places::PlaceData>>,
}

/// The state shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// Open the store (it must exist unless a token allows ingesting, which creates it) and
    /// load the graph rules and, when ingesting is allowed, the pipeline's resources, all once
    /// and before serving: a broken data or alias file stops the server from starting.
    pub fn new(config: Config) -> Result<AppState, newsgraph_store::Error> {
        // On a thread of its own: opening a PostgreSQL store blocks, which the async thread
        // that usually calls this must not do.
        std::thread::scope(|s| {
            s.spawn(|| AppState::open(config))
                .join()
                .unwrap_or_else(|_| Err(newsgraph_store::Error::NotFound))
        })
    }

    fn open(config: Config) -> Result<AppState, newsgraph_store::Error> {
        let store = if config.token.is_some() {
            Store::open(&config.db)?
        } else {
            Store::open_existing(&config.db)?
        };
        let graph = GraphConfig::load(&config.data, config.aliases.as_deref())?;
        let writer = match config.token {
            Some(_) => {
                let resources = newsgraph::Resources::load(config.data.clone())?;
                Some(Writer {
                    store: Store::open(&config.db)?,
                    pipeline: Pipeline::standard(Arc::new(resources))?,
                })
            }
            None => None,
        };
        Ok(AppState(Arc::new(Inner {
            config,
            graph,
            pool: Mutex::new(vec![store]),
            writer: Mutex::new(writer),
            places: std::sync::OnceLock::new(),
        })))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The place gazetteer of the data directory, loaded once; `None` when it cannot be read.
    pub(crate) fn places(&self) -> Option<&newsgraph::stages::places::PlaceData> {
        self.0
            .places
            .get_or_init(|| newsgraph::stages::places::PlaceData::load(&self.0.config.data).ok())
            .as_ref()
    }

    /// The graph rules (for reading names).
    pub(crate) fn graph(&self) -> &GraphConfig {
        &self.0.graph
    }

    fn take(&self) -> Result<Store, ApiError> {
        let pooled = self.0.pool.lock().ok().and_then(|mut p| p.pop());
        match pooled {
            Some(store) => Ok(store),
            None => Ok(Store::open_existing(&self.0.config.db)?),
        }
    }

    fn give(&self, store: Store) {
        if let Ok(mut pool) = self.0.pool.lock() {
            if pool.len() < POOL_SIZE {
                pool.push(store);
            }
        }
    }

    /// Run a read on the blocking pool with a pooled connection.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &AppState) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.take()?;
            let out = f(&store, &state);
            state.give(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }

    /// Run a write on the blocking pool with the one writer (opened, and the pipeline
    /// loaded, at start-up when a token allows writing).
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Writer, &GraphConfig) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = state
                .0
                .writer
                .lock()
                .map_err(|_| ApiError::internal("the writer failed earlier"))?;
            match guard.as_mut() {
                Some(writer) => f(writer, &state.0.graph),
                None => Err(ApiError::internal("the server is read-only")),
            }
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }
}
