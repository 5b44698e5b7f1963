//! Errors of the store. Each says what to do about it: a file that is not a newsgraph store, a
//! schema newer than this build, a document the pipeline produced inconsistently.

use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database file could not be opened or configured.
    #[error("{}: {source}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// `open_existing` was asked for a file that does not exist.
    #[error("{}: no such database (run `newsgraph ingest` first)", path.display())]
    Missing {
        /// The database file.
        path: PathBuf,
    },
    /// The file is a SQLite database of some other application.
    #[error("not a newsgraph database (it holds tables of another application)")]
    NotAStore,
    /// The database was written by a newer newsgraph.
    #[error("database schema version {found} is newer than this newsgraph supports ({supported}); upgrade newsgraph")]
    TooNew {
        /// The database's version.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// A schema upgrade failed; the database keeps its previous version.
    #[error("upgrading the database schema to version {version}: {source}")]
    Migration {
        /// The version the failed step would have reached.
        version: u32,
        /// What the database said.
        source: Box<Error>,
    },
    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("{url}: {source}")]
    Connect {
        /// The connection string, password hidden.
        url: String,
        /// What the driver said.
        source: postgres::Error,
    },
    /// A query that must return a row returned none.
    #[error("no such row")]
    NotFound,
    /// A column did not hold the type the code reads it as.
    #[error("column {index}: {message}")]
    Column {
        /// 0-based column index.
        index: usize,
        /// What was found.
        message: String,
    },
    /// A document's layers refer to items that do not exist; nothing of it was stored.
    #[error("document {id}: {message}")]
    Invalid {
        /// The document id.
        id: String,
        /// What is inconsistent.
        message: String,
    },
    /// A resource file of the graph (given-name variants) could not be read.
    #[error("{0}")]
    Data(#[from] newsgraph::Error),
    /// The alias file could not be read or has a bad line.
    #[error("{}:{line}: {message}", path.display())]
    Aliases {
        /// The alias file.
        path: PathBuf,
        /// 1-based line number (0 when the file could not be read).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Writing an export failed.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// Any other SQLite error.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Any other PostgreSQL error.
    #[error("database: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
}

/// A PostgreSQL error with the server's detail (the driver's own text is only "db error").
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
