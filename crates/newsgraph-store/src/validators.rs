//! HTTP validators per URL (`ETag`, `Last-Modified`), table `validators` (schema version 5).
//!
//! The store knows nothing of HTTP: it keeps the two header values verbatim for whoever fetches
//! (the CLI adapts them to `newsgraph-fetch`'s `ValidatorCache`). Rows are written only through
//! [`crate::Store::store_batch_with`], in the transaction that stores the documents fetched from
//! the URL, and only when those documents were stored: a URL is never remembered as seen while
//! its documents are missing.

use crate::db::{Db, OptionalExtension};
use crate::error::Result;
use crate::params;
use crate::write::Stored;

/// The validators a server last sent for a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlValidators {
    /// The `ETag` header, verbatim.
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
}

/// Validators to save with a batch, once the documents they depend on are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveValidators<'a> {
    /// The URL (after redirects).
    pub url: &'a str,
    /// What to remember; both `None` forgets the URL.
    pub validators: UrlValidators,
    /// Indices into the batch's items that must all be stored (new or existing) for the row to
    /// be written: the page's document, or every page of a feed that is in this batch.
    pub requires: Vec<usize>,
}

/// The validators remembered for `url`, if any.
pub(crate) fn get(conn: &Db, url: &str) -> Result<Option<UrlValidators>> {
    conn.prepare_cached("SELECT etag, last_modified FROM validators WHERE url = ?1")?
        .query_row([url], |r| {
            Ok(UrlValidators {
                etag: r.get(0)?,
                last_modified: r.get(1)?,
            })
        })
        .optional()
}

/// The time now as the schema writes it (`2024-07-03T10:00:00.000Z`, UTC), made here rather
/// than by the database so that both backends write the same.
fn now() -> String {
    let t = jiff::Timestamp::now();
    format!(
        "{}.{:03}Z",
        t.strftime("%Y-%m-%dT%H:%M:%S"),
        t.subsec_millisecond()
    )
}

/// When a document was last stored under `path` (a URL, for fetched pages), as RFC 3339 UTC.
pub(crate) fn last_ingested(conn: &Db, path: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT max(ingested_at) FROM paths WHERE path = ?1")?
        .query_row([path], |r| r.get(0))
}

/// Write (or forget) one URL's validators.
pub(crate) fn put(conn: &Db, url: &str, v: &UrlValidators) -> Result<()> {
    if v.etag.is_none() && v.last_modified.is_none() {
        conn.prepare_cached("DELETE FROM validators WHERE url = ?1")?
            .execute([url])?;
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO validators (url, etag, last_modified) VALUES (?1, ?2, ?3)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
             last_modified = excluded.last_modified,
             updated = ?4",
    )?
    .execute(params![url, v.etag, v.last_modified, now()])?;
    Ok(())
}

/// Write the rows of `save` whose required items were all stored (new or already there).
pub(crate) fn save_stored(
    conn: &Db,
    save: &[SaveValidators<'_>],
    results: &[Result<Stored>],
) -> Result<()> {
    for row in save {
        let stored = row.requires.iter().all(|&i| {
            matches!(
                results.get(i),
                Some(Ok(Stored::New { .. } | Stored::Existing { .. }))
            )
        });
        if stored {
            put(conn, row.url, &row.validators)?;
        }
    }
    Ok(())
}
