//! The newsgraph store: annotated documents in one SQLite file, written so that an article is
//! never lost and never stored twice.
//!
//! The store keeps what the pipeline produced (it never re-runs extraction): each document's
//! text and metadata, its sentences, entities, mentions, roles, quotes, events and relations,
//! the outlets that published them and the paths they were read from. The schema, with a comment
//! on every table, is in [`schema`]; it is versioned and older databases are upgraded in place
//! when opened.
//!
//! **Durability.** The database runs in WAL mode with `synchronous = NORMAL`, and
//! [`Store::store_batch`] writes a whole batch in one transaction. A crash or SIGKILL therefore loses at most the batch being written, never a
//! committed one, and never leaves part of a document: all its layers are committed together
//! or not at all. (A power cut may also lose the last few committed batches, but never corrupts
//! the file.) Re-running the same ingest completes the job, because storing is idempotent.
//!
//! **Idempotency.** A document's id is the hash of its text, so the same article from any path
//! is stored once; storing it again writes nothing and reports [`Stored::Existing`]. A changed
//! article under a path already seen is a new document and a new version in that path's chain;
//! the old version stays.
//!
//! ```
//! use newsgraph::document::{Document, Meta};
//! use newsgraph_store::{Ingest, Store, Stored};
//! let mut store = Store::open_in_memory().unwrap();
//! let meta = Meta { path: Some("a.txt".into()), ..Meta::default() };
//! let doc = Document::new("Seoul said so.".into(), meta);
//! let first = store.store_batch(&[Ingest::Document(&doc)]).unwrap();
//! assert_eq!(first[0].as_ref().unwrap(), &Stored::New { version: Some(1) });
//! let again = store.store_batch(&[Ingest::Document(&doc)]).unwrap();
//! assert!(matches!(again[0], Ok(Stored::Existing { .. })));
//! assert_eq!(store.stats().unwrap().documents, 1);
//! ```
#![warn(missing_docs)]

pub mod alerts;
pub mod conflicts;
pub mod db;
mod dialect;
pub mod error;
pub mod export;
pub mod geojson;
pub mod gevents;
pub mod graph;
pub mod minhash;
pub mod names;
pub mod parquet_export;
pub mod query;
mod read;
mod resolve;
pub mod schema;
mod stats;
pub mod validators;
mod write;

pub use error::{Error, Result};
pub use export::ExportFormat;
pub use graph::{Aliases, GraphConfig};
pub use stats::{OutletCount, Stats};
pub use validators::{SaveValidators, UrlValidators};
pub use write::{Ingest, Stored};

use db::{Db, Dialect, OptionalExtension};
use newsgraph::document::Document;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// A document found by full-text search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentHit {
    /// The document id.
    pub id: String,
    /// The matching passage, matched words in `[` `]`.
    pub snippet: String,
}

/// A quotation found by full-text search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteHit {
    /// The document it is in.
    pub document_id: String,
    /// Its index in the document's quotes.
    pub ix: u32,
    /// The quoted words.
    pub text: String,
}

/// What [`Store::resolve`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ResolveReport {
    /// Documents taken into the graph.
    pub documents: u64,
    /// Per-document entities linked to global entities.
    pub entities_linked: u64,
    /// Global entities created.
    pub new_entities: u64,
    /// Per-document events linked to global events.
    pub events_linked: u64,
    /// Near-duplicate pairs found.
    pub duplicates: u64,
    /// Conflicts in the whole graph after resolving.
    pub conflicts: u64,
    /// True when the rules changed and the graph was rebuilt from every document.
    pub rebuilt: bool,
}

/// An open store: one connection to a SQLite file or a PostgreSQL database, upgraded to the
/// current schema.
pub struct Store {
    conn: Db,
    upgraded_from: u32,
}

/// True when `location` names a PostgreSQL database (`postgres://…`, `postgresql://…`) rather
/// than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

impl Store {
    /// Open the store at `path`, creating the file when it does not exist and upgrading an
    /// older schema in place. A `postgres://` or `postgresql://` URL opens that PostgreSQL
    /// database instead (creating the schema in an empty one).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if let Some(url) = path.to_str().filter(|p| is_postgres_url(p)) {
            return Store::from_db(Db::postgres(url)?);
        }
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::from_connection(conn).map_err(|e| match e {
            Error::Sqlite(source) => Error::Open {
                path: path.to_path_buf(),
                source,
            },
            e => e,
        })
    }

    /// Open an existing store; fails with [`Error::Missing`] rather than creating a file (or,
    /// for a PostgreSQL URL, a schema in a database that has none).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if let Some(url) = path.to_str().filter(|p| is_postgres_url(p)) {
            let db = Db::postgres(url)?;
            if dialect::version(&db)? == 0 {
                return Err(Error::Missing {
                    path: path.to_path_buf(),
                });
            }
            return Store::from_db(db);
        }
        if !path.is_file() {
            return Err(Error::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::from_connection(conn)
    }

    /// A store in memory, for tests and one-off work.
    pub fn open_in_memory() -> Result<Store> {
        Store::from_connection(Connection::open_in_memory()?)
    }

    /// Configure a connection (WAL, foreign keys, busy timeout) and upgrade its schema.
    pub fn from_connection(conn: Connection) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "cache_size", -65536)?; // KiB: 64 MiB
        conn.set_prepared_statement_cache_capacity(64);
        Store::from_db(Db::sqlite(conn))
    }

    /// Upgrade an open database's schema and wrap it.
    pub fn from_db(db: Db) -> Result<Store> {
        let upgraded_from = schema::migrate(&db)?;
        Ok(Store {
            conn: db,
            upgraded_from,
        })
    }

    /// The schema version the database had when opened, when opening upgraded it (0 for a
    /// new file); `None` when it was already current.
    pub fn upgraded_from(&self) -> Option<u32> {
        (self.upgraded_from < schema::CURRENT_VERSION).then_some(self.upgraded_from)
    }

    /// The underlying connection, for read queries the store has no method for.
    pub fn connection(&self) -> &Db {
        &self.conn
    }

    /// Which database this store is in.
    pub fn dialect(&self) -> Dialect {
        self.conn.dialect()
    }

    /// The database's schema version.
    pub fn schema_version(&self) -> Result<u32> {
        schema::version(&self.conn)
    }

    /// True when a document with this id (content hash) is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([id])
    }

    /// Store a batch in one transaction: all of it is committed, or (on a crash or a database
    /// error) none of it. Each document is written whole or not at all: one the store refuses
    /// ([`Error::Invalid`], or an insert that fails) is left out and reported in its place
    /// while the rest is committed. The outer error means nothing was committed.
    pub fn store_batch(&mut self, items: &[Ingest<'_>]) -> Result<Vec<Result<Stored>>> {
        self.store_batch_with(items, &[])
    }

    /// [`Store::store_batch`], also remembering the HTTP validators of the URLs the batch's
    /// documents were fetched from, in the same transaction: a row of `validators` is written
    /// only when every item it `requires` was stored, so a URL is never marked as seen while its
    /// documents are missing (see [`validators`]).
    pub fn store_batch_with(
        &mut self,
        items: &[Ingest<'_>],
        validators: &[SaveValidators<'_>],
    ) -> Result<Vec<Result<Stored>>> {
        // Fast path: no savepoints, because each savepoint makes FTS5 flush its pending terms
        // into a new segment (one per document, then merged: many times the writes). A
        // document refused by validation has written nothing yet, so it needs no rollback; any
        // other error rolls the batch back and it is redone with a savepoint per document.
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match write::store(&tx, *item) {
                Ok(stored) => out.push(Ok(stored)),
                Err(e @ Error::Invalid { .. }) => out.push(Err(e)),
                Err(_) => {
                    drop(tx); // rolls back
                    return self.store_batch_isolated(items, validators);
                }
            }
        }
        validators::save_stored(&tx, validators, &out)?;
        tx.commit()?;
        Ok(out)
    }

    /// [`Store::store_batch`] with each item in its own savepoint, so that one failing
    /// document is left out whole while the rest of the batch is committed.
    fn store_batch_isolated(
        &mut self,
        items: &[Ingest<'_>],
        validators: &[SaveValidators<'_>],
    ) -> Result<Vec<Result<Stored>>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(tx.savepoint(|db| write::store(db, *item)));
        }
        validators::save_stored(&tx, validators, &out)?;
        tx.commit()?;
        Ok(out)
    }

    /// Store one annotated document in its own transaction.
    pub fn store(&mut self, doc: &Document) -> Result<Stored> {
        self.store_batch(&[Ingest::Document(doc)])?
            .pop()
            .unwrap_or(Err(Error::Invalid {
                id: doc.id.clone(),
                message: "nothing stored".into(),
            }))
    }

    /// The HTTP validators remembered for `url` (written by [`Store::store_batch_with`]).
    pub fn validators(&self, url: &str) -> Result<Option<UrlValidators>> {
        validators::get(&self.conn, url)
    }

    /// When a document was last stored under `path` (for a fetched page, its URL), as RFC 3339
    /// UTC (`2026-03-02T10:00:00.000Z`); `None` when never. `watch` fetches a sitemap's page
    /// again only when its `lastmod` is later.
    pub fn last_ingested(&self, path: &str) -> Result<Option<String>> {
        validators::last_ingested(&self.conn, path)
    }

    /// Load a stored document with its layers (tokens and candidates are not stored and come
    /// back `None`; sentences come back without token ranges), or `None` when not stored.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        read::document(&self.conn, id)
    }

    /// The documents stored under `path`, oldest version first.
    pub fn versions(&self, path: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id FROM paths p JOIN documents d ON d.seq = p.doc
             WHERE p.path = ?1 ORDER BY p.version",
        )?;
        let ids = st.query_map([path], |r| r.get(0))?;
        ids.collect::<Result<_>>()
    }

    /// Counts of everything stored, by type.
    pub fn stats(&self) -> Result<Stats> {
        stats::stats(&self.conn)
    }

    /// Documents whose text matches an FTS5 query (`minister AND Seoul`, `"prime minister"`),
    /// best first.
    pub fn search_documents(&self, query: &str, limit: usize) -> Result<Vec<DocumentHit>> {
        let mut st = self
            .conn
            .prepare_cached(dialect::search_documents_sql(self.dialect()))?;
        let hits = st.query_map(crate::params![query, limit as i64], |r| {
            Ok(DocumentHit {
                id: r.get(0)?,
                snippet: r.get(1)?,
            })
        })?;
        hits.collect::<Result<_>>()
    }

    /// Quotations whose words match an FTS5 query, best first.
    pub fn search_quotes(&self, query: &str, limit: usize) -> Result<Vec<QuoteHit>> {
        let mut st = self
            .conn
            .prepare_cached(dialect::search_quotes_sql(self.dialect()))?;
        let hits = st.query_map(crate::params![query, limit as i64], |r| {
            Ok(QuoteHit {
                document_id: r.get(0)?,
                ix: r.get(1)?,
                text: r.get(2)?,
            })
        })?;
        hits.collect::<Result<_>>()
    }

    /// Bring the cross-document graph up to date: compute near-duplicate signatures, link
    /// the entities and events of every document not yet in the graph to global entities and
    /// events, and recompute counts and conflicts, all in one transaction. When `config`'s
    /// rules differ from those the graph was built with, the graph is first cleared and rebuilt
    /// from every document. Cheap when nothing is new.
    pub fn resolve(&mut self, config: &GraphConfig) -> Result<ResolveReport> {
        let tx = self.conn.transaction()?;
        let old: Option<String> = tx
            .query_row(
                "SELECT value FROM graph_meta WHERE key = 'rules'",
                (),
                |r| r.get(0),
            )
            .optional()?;
        let rebuilt = old.is_some() && old.as_deref() != Some(config.fingerprint.as_str());
        if rebuilt {
            // Signatures and duplicates do not depend on the rules and are kept.
            tx.execute_batch(
                "DELETE FROM conflicts; DELETE FROM event_links; DELETE FROM gevent_participants;
                 DELETE FROM gevents; DELETE FROM entity_links; DELETE FROM gentity_keys;
                 DELETE FROM gentities; DELETE FROM graph_documents;",
            )?;
            dialect::restart_ids(&tx, &["gevents", "gentities"])?;
        }
        tx.execute(
            "INSERT INTO graph_meta (key, value) VALUES ('rules', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [&config.fingerprint],
        )?;
        let docs: Vec<i64> = tx
            .prepare(
                "SELECT seq FROM documents WHERE seq NOT IN (SELECT doc FROM graph_documents)
                 ORDER BY seq",
            )?
            .query_map((), |r| r.get(0))?
            .collect::<Result<_>>()?;
        let mut report = ResolveReport {
            documents: docs.len() as u64,
            rebuilt,
            ..ResolveReport::default()
        };
        if docs.is_empty() {
            tx.commit()?;
            return Ok(report);
        }
        let unsigned: Vec<i64> = tx
            .prepare(
                "SELECT seq FROM documents WHERE seq NOT IN (SELECT doc FROM doc_minhash)
                 ORDER BY seq",
            )?
            .query_map((), |r| r.get(0))?
            .collect::<Result<_>>()?;
        report.duplicates = minhash::add(&tx, &unsigned)?;
        let mut index = resolve::Index::load(&tx)?;
        for &doc in &docs {
            index.link_document(&tx, config, doc)?;
        }
        index.update_names(&tx)?;
        query::recount_entities(&tx)?;
        report.entities_linked = index.linked;
        report.new_entities = index.created;
        report.events_linked = gevents::merge(&tx, &docs)?;
        gevents::recount(&tx)?;
        report.conflicts = conflicts::recompute(&tx, config)?;
        let mut mark = tx.prepare("INSERT INTO graph_documents (doc) VALUES (?1)")?;
        for doc in &docs {
            mark.execute([doc])?;
        }
        drop(mark);
        tx.commit()?;
        Ok(report)
    }

    /// Check the database: on SQLite its `integrity_check`, foreign keys, and both full-text
    /// indexes against their tables (PostgreSQL enforces these itself). Returns the problems
    /// found; empty means sound.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        dialect::integrity_problems(&self.conn)
    }

    /// Ids of documents whose layers are not all there: a layer table holding a different
    /// number of rows than the document's count column says, or a document read from a path
    /// that is missing from the path history. Empty for a sound store.
    pub fn incomplete_documents(&self) -> Result<Vec<String>> {
        let mut checks = String::new();
        for (column, table) in [
            ("sentence_count", "sentences"),
            ("entity_count", "entities"),
            ("mention_count", "mentions"),
            ("role_count", "roles"),
            ("quote_count", "quotes"),
            ("event_count", "events"),
            ("relation_count", "relations"),
            ("place_count", "entity_places"),
            ("location_count", "event_locations"),
            ("amount_count", "amounts"),
        ] {
            checks.push_str(&format!(
                "coalesce(d.{column}, 0) != (SELECT count(*) FROM {table} x WHERE x.doc = d.seq) OR "
            ));
        }
        let sql = format!(
            "SELECT d.id FROM documents d WHERE {checks}
             (d.path IS NOT NULL AND NOT EXISTS (SELECT 1 FROM paths p WHERE p.doc = d.seq))
             ORDER BY d.seq"
        );
        let mut st = self.conn.prepare(&sql)?;
        let ids = st.query_map((), |r| r.get(0))?;
        ids.collect::<Result<_>>()
    }
}
