//! Events: single rows, filtered lists and their actors.

use super::*;

/// A document's [`Source`] columns with its outlet joined; each caller adds its `WHERE`.
pub(crate) const SOURCE_SELECT: &str = "SELECT d.id, o.name, d.published, \
     coalesce(d.url, d.path) FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id";

/// A [`Source`] from a row of [`SOURCE_SELECT`].
pub(crate) fn source_of_row(r: &crate::db::Row) -> Result<Source> {
    Ok(Source {
        doc: r.get(0)?,
        outlet: r.get(1)?,
        published: r.get(2)?,
        location: r.get(3)?,
    })
}

impl Store {
    pub(super) fn source(&self, doc: i64) -> Result<Source> {
        self.conn
            .prepare_cached(&format!("{SOURCE_SELECT} WHERE d.seq = ?1"))?
            .query_row([doc], source_of_row)
    }

    /// One global event.
    pub fn event_row(&self, id: i64) -> Result<EventRow> {
        let conn = &self.conn;
        let mut row = conn
            .prepare_cached(
                "SELECT event_type, mode, cameo, score, negated, date_lo, date_hi, mentions,
                     sources FROM gevents WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let lo: Option<String> = r.get(5)?;
                let hi: Option<String> = r.get(6)?;
                Ok(EventRow {
                    id: format!("ev{id}"),
                    etype: r.get(0)?,
                    mode: r.get(1)?,
                    cameo: r.get(2)?,
                    score: r.get(3)?,
                    negated: r.get(4)?,
                    date: lo.clone(),
                    date_lo: lo,
                    date_hi: hi,
                    actors: Vec::new(),
                    recipients: Vec::new(),
                    mentions: r.get::<_, i64>(7)? as u64,
                    sources: r.get::<_, i64>(8)? as u64,
                    evidence: Vec::new(),
                    documents: Vec::new(),
                })
            })?;
        let mut st = conn.prepare_cached(
            "SELECT role, gid FROM gevent_participants WHERE gevent = ?1 ORDER BY role, gid",
        )?;
        let parts: Vec<(String, i64)> = st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_>>()?;
        for (role, g) in parts {
            let e = entity_ref(conn, g)?;
            if role == "actor" {
                row.actors.push(e);
            } else {
                row.recipients.push(e);
            }
        }
        let mut st = conn.prepare_cached(
            "SELECT l.doc, d.id, e.span_start, e.span_end FROM event_links l
             JOIN events e ON e.doc = l.doc AND e.ix = l.event_ix
             JOIN documents d ON d.seq = l.doc WHERE l.gevent = ?1 ORDER BY l.doc, l.event_ix",
        )?;
        let mentions: Vec<(i64, String, i64, i64)> = st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_>>()?;
        let mut seen = Vec::new();
        for (seq, doc, s, e) in mentions {
            row.evidence.push(ev(doc, s, e));
            if !seen.contains(&seq) {
                seen.push(seq);
                row.documents.push(self.source(seq)?);
            }
        }
        Ok(row)
    }

    /// Global events matching a filter, in time order (undated last).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        self.filtered_events(filter)?
            .into_iter()
            .map(|(id, _)| self.event_row(id))
            .collect()
    }

    /// The ids and scores of the global events matching a filter, in the listing's order.
    pub(super) fn filtered_events(&self, filter: &EventFilter) -> Result<Vec<(i64, f64)>> {
        let mut st = self.conn.prepare(
            "SELECT g.id, g.score FROM gevents g
             WHERE (CAST(?1 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM gevent_participants p
                    WHERE p.gevent = g.id AND p.role = 'actor' AND p.gid = ?1))
               AND (CAST(?2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM gevent_participants p
                    WHERE p.gevent = g.id AND p.role = 'recipient' AND p.gid = ?2))
               AND (CAST(?3 AS TEXT) IS NULL OR g.event_type = upper(?3))
               AND (CAST(?4 AS TEXT) IS NULL OR g.date_hi IS NULL OR g.date_hi >= ?4)
               AND (CAST(?5 AS TEXT) IS NULL OR g.date_lo IS NULL OR g.date_lo <= ?5)
             ORDER BY g.date_lo IS NULL, g.date_lo, g.id",
        )?;
        let rows = st
            .query_map(
                params![
                    filter.actor,
                    filter.recipient,
                    filter.etype,
                    filter.since,
                    filter.until
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<Result<_>>()?;
        Ok(rows)
    }

    /// The actors, recipients and score of the global events matching a filter, in the order
    /// of [`Store::events`]: what drawing the actor graph needs, read in two queries rather
    /// than a full [`EventRow`] (evidence and documents) per event.
    pub fn event_actors(&self, filter: &EventFilter) -> Result<Vec<EventActors>> {
        let found = self.filtered_events(filter)?;
        let index: HashMap<i64, usize> = found
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let mut rows: Vec<EventActors> = found
            .into_iter()
            .map(|(id, score)| EventActors {
                id: format!("ev{id}"),
                score,
                actors: Vec::new(),
                recipients: Vec::new(),
            })
            .collect();
        let mut st = self.conn.prepare(
            "SELECT p.gevent, p.role, p.gid, coalesce(g.name, '') FROM gevent_participants p
             LEFT JOIN gentities g ON g.id = p.gid ORDER BY p.gevent, p.role, p.gid",
        )?;
        let parts = st.query_map((), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for part in parts {
            let (gevent, role, gid, name) = part?;
            let Some(&i) = index.get(&gevent) else {
                continue;
            };
            let e = EntityRef {
                id: gid_label(gid),
                name,
            };
            if role == "actor" {
                rows[i].actors.push(e);
            } else {
                rows[i].recipients.push(e);
            }
        }
        Ok(rows)
    }
}
