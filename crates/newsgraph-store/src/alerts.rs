//! What saved queries (alerts) have fired, tables `alerts` and `alerts_fired` (schema version
//! 6). The store does not evaluate alerts (the CLI runs them through the ordinary queries of
//! [`crate::query`]); it remembers which items each alert has seen, so that an item fires once
//! across rounds and restarts, and hands fired items to whoever follows them (the web UI).

use crate::db::OptionalExtension;
use crate::error::Result;
use crate::params;
use crate::query::Source;
use crate::Store;
use serde::Serialize;

/// One item an alert fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FiredAlert {
    /// Increasing number: items fired after this one have a larger `seq`.
    pub seq: i64,
    /// The alert as written.
    pub query: String,
    /// The item's name (`event:DOC:START:END`).
    pub item: String,
    /// When it fired (RFC 3339 UTC).
    pub fired_at: String,
    /// The JSON the alert printed or posted.
    pub payload: String,
}

impl Store {
    /// Record `query` as an alert of this database; true when it was not one before (its
    /// current matches are then recorded with [`Store::alert_seen`] rather than fired).
    pub fn alert_register(&self, query: &str) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached("INSERT INTO alerts (query) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([query])?;
        Ok(n == 1)
    }

    /// Whether `query` has already seen `item` (fired or matched when set up).
    pub fn alert_has(&self, query: &str, item: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM alerts_fired WHERE query = ?1 AND item = ?2")?
            .query_row([query, item], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Record `items` as seen by `query` without firing them, in one transaction.
    pub fn alert_seen(&mut self, query: &str, items: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO alerts_fired (query, item) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?;
            for item in items {
                st.execute([query, item])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Record that `query` fired `item` with `payload`; false when it had already (another
    /// process got there first).
    pub fn alert_fired(&self, query: &str, item: &str, payload: &str) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO alerts_fired (query, item, payload) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![query, item, payload])?;
        Ok(n == 1)
    }

    /// Fired items (not those recorded when an alert was set up) with `seq` above `after`,
    /// newest first, at most `limit`.
    pub fn alerts_since(&self, after: i64, limit: usize) -> Result<Vec<FiredAlert>> {
        let mut st = self.conn.prepare_cached(
            "SELECT seq, query, item, fired_at, payload FROM alerts_fired
             WHERE seq > ?1 AND payload IS NOT NULL ORDER BY seq DESC LIMIT ?2",
        )?;
        let rows = st
            .query_map(params![after, limit as i64], |r| {
                Ok(FiredAlert {
                    seq: r.get(0)?,
                    query: r.get(1)?,
                    item: r.get(2)?,
                    fired_at: r.get(3)?,
                    payload: r.get(4)?,
                })
            })?
            .collect::<Result<_>>()?;
        Ok(rows)
    }

    /// The text of the sentences of document `doc` that an evidence span touches (the span
    /// itself when no sentence does); `None` when the document is unknown or the offsets do not
    /// fall on its characters.
    pub fn evidence_sentences(&self, doc: &str, start: i64, end: i64) -> Result<Option<String>> {
        let found: Option<(String, Option<i64>, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT d.text, min(s.span_start), max(s.span_end) FROM documents d
                 LEFT JOIN sentences s ON s.doc = d.seq AND s.span_end > ?2 AND s.span_start < ?3
                 WHERE d.id = ?1 GROUP BY d.seq",
            )?
            .query_row(params![doc, start, end], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((text, lo, hi)) = found else {
            return Ok(None);
        };
        let (lo, hi) = (lo.unwrap_or(start).min(start), hi.unwrap_or(end).max(end));
        let (Ok(lo), Ok(hi)) = (usize::try_from(lo), usize::try_from(hi)) else {
            return Ok(None);
        };
        Ok(text.get(lo..hi).map(|t| t.trim().to_string()))
    }

    /// Where document `doc` came from: outlet, publication day, URL (or path).
    pub fn document_source(&self, doc: &str) -> Result<Option<Source>> {
        self.conn
            .prepare_cached(&format!(
                "{} WHERE d.id = ?1",
                crate::query::events::SOURCE_SELECT
            ))?
            .query_row([doc], crate::query::events::source_of_row)
            .optional()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_fires_once_and_set_up_matches_never_fire() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.alert_register("between China NATO").unwrap());
        assert!(!store.alert_register("between China NATO").unwrap());
        store
            .alert_seen("between China NATO", &["event:d1:0:10".into()])
            .unwrap();
        assert!(store
            .alert_has("between China NATO", "event:d1:0:10")
            .unwrap());
        assert!(!store
            .alert_has("between China NATO", "event:d2:0:10")
            .unwrap());
        assert!(store
            .alert_fired("between China NATO", "event:d2:0:10", "{}")
            .unwrap());
        assert!(!store
            .alert_fired("between China NATO", "event:d2:0:10", "{}")
            .unwrap());
        let fired = store.alerts_since(0, 10).unwrap();
        assert_eq!(fired.len(), 1);
        assert_eq!(fired[0].item, "event:d2:0:10");
        assert!(store.alerts_since(fired[0].seq, 10).unwrap().is_empty());
    }
}
