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

/// How an event's date reads to a person, from the interval it may have happened in: the day
/// (`2022-07-14`), a whole month (`2022-07`), a whole year (`2022`), else the range
/// (`2022-07-11..2022-07-17`); `None` when undated. A date the text gives only to the year is
/// never shown as its first day.
pub fn date_label(lo: Option<&str>, hi: Option<&str>) -> Option<String> {
    let (lo, hi) = (lo?, hi.unwrap_or(lo?));
    if lo == hi {
        return Some(lo.to_string());
    }
    let (Ok(a), Ok(b)) = (
        lo.parse::<jiff::civil::Date>(),
        hi.parse::<jiff::civil::Date>(),
    ) else {
        return Some(format!("{lo}..{hi}"));
    };
    if a.day() == 1 && a.month() == 1 && b == a.last_of_year() {
        return Some(format!("{:04}", a.year()));
    }
    if a.day() == 1 && b == a.last_of_month() {
        return Some(format!("{:04}-{:02}", a.year(), a.month()));
    }
    Some(format!("{lo}..{hi}"))
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
                    location: None,
                    amounts: Vec::new(),
                    tone: None,
                    distance_km: None,
                })
            })?;
        (row.location, row.amounts, row.tone) = self.event_geo(id)?;
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
            .map(|(id, _)| {
                let mut row = self.event_row(id)?;
                if let (Some(near), Some(l)) = (&filter.near, &row.location) {
                    row.distance_km = Some(geo::haversine_km(near.lat, near.lon, l.lat, l.lon));
                }
                Ok(row)
            })
            .collect()
    }

    /// The ids and scores of the global events matching a filter, in the listing's order.
    pub(super) fn filtered_events(&self, filter: &EventFilter) -> Result<Vec<(i64, f64)>> {
        let (extra, extra_values) = geo::filter_sql(filter, 6);
        let mut st = self.conn.prepare(&format!(
            "SELECT g.id, g.score FROM gevents g
             WHERE (CAST(?1 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM gevent_participants p
                    WHERE p.gevent = g.id AND p.role = 'actor' AND p.gid = ?1))
               AND (CAST(?2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM gevent_participants p
                    WHERE p.gevent = g.id AND p.role = 'recipient' AND p.gid = ?2))
               AND (CAST(?3 AS TEXT) IS NULL OR g.event_type = upper(?3))
               AND (CAST(?4 AS TEXT) IS NULL OR g.date_hi IS NULL OR g.date_hi >= ?4)
               AND (CAST(?5 AS TEXT) IS NULL OR g.date_lo IS NULL OR g.date_lo <= ?5){extra}
             ORDER BY g.date_lo IS NULL, g.date_lo, g.id"
        ))?;
        let mut values = params![
            filter.actor,
            filter.recipient,
            filter.etype,
            filter.since,
            filter.until
        ];
        values.extend(extra_values);
        let rows = st
            .query_map(values, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_>>()?;
        match &filter.near {
            Some(near) => self.keep_near(rows, near),
            None => Ok(rows),
        }
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
        let tones = self.event_tones()?;
        let mut rows: Vec<EventActors> = found
            .into_iter()
            .map(|(id, score)| EventActors {
                id: format!("ev{id}"),
                score,
                actors: Vec::new(),
                recipients: Vec::new(),
                tone: tones.get(&id).copied(),
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

#[cfg(test)]
mod tests {
    use super::date_label;

    #[test]
    fn dates_read_at_their_precision() {
        let l = |a: &str, b: &str| date_label(Some(a), Some(b)).unwrap();
        assert_eq!(l("2022-07-14", "2022-07-14"), "2022-07-14");
        assert_eq!(l("2022-07-01", "2022-07-31"), "2022-07");
        assert_eq!(l("2022-01-01", "2022-12-31"), "2022");
        assert_eq!(l("2022-07-11", "2022-07-17"), "2022-07-11..2022-07-17");
        assert_eq!(date_label(None, None), None);
    }
}
