//! Events across documents: each per-document event (`events`) becomes a mention of one global
//! event (`gevents`, through `event_links`).
//!
//! Two event mentions are the same event when they have the same PLOVER type, the same denial,
//! the same global actors and recipients (as sets: `Japan and Korea` = `Korea and Japan`; where
//! a side names a country or body, its persons are left out of the comparison, since a person
//! acting for a country is listed with it: `Lin Jian, China` = `China`), and compatible dates.
//! The global event lists every participant any of its mentions names. A date is an interval: a day is itself, a week, month or year covers its
//! days, a range its span, and an undated event in a dated article happened in the week before
//! publication; two mentions are compatible when their intervals overlap, and the global event
//! keeps the intersection (the most precise statement of when). Events with neither actors nor
//! recipients are never merged: nothing says two of them are the same.
//!
//! Corroboration (`sources`) counts independent reports: the documents mentioning the event
//! are grouped when they come from the same outlet or are near-duplicates of each other
//! (`doc_duplicates`), and each group counts once, so a wire story republished ten times is one
//! source, and ten articles from one outlet are one outlet.

use crate::db::{Db, Stmt};
use crate::params;
use crate::Result;
use jiff::civil::Date;
use jiff::ToSpan;
use std::collections::{BTreeSet, HashMap};

/// A closed interval of days; `None` ends are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// First possible day.
    pub lo: Option<Date>,
    /// Last possible day.
    pub hi: Option<Date>,
}

impl Interval {
    /// The intersection of two intervals, or `None` when they do not overlap.
    pub fn intersect(self, other: Interval) -> Option<Interval> {
        let lo = match (self.lo, other.lo) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let hi = match (self.hi, other.hi) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (lo, hi) {
            (Some(l), Some(h)) if l > h => None,
            _ => Some(Interval { lo, hi }),
        }
    }
}

/// When an event mention may have happened, from its resolved date (`value`, `end`,
/// `precision` as stored) and its article's publication date.
pub fn interval(
    value: Option<Date>,
    end: Option<Date>,
    precision: Option<&str>,
    published: Option<Date>,
) -> Interval {
    let open = Interval { lo: None, hi: None };
    match (value, precision) {
        (Some(v), Some(p)) => {
            let hi = match p {
                "day" => v,
                "week" => v.checked_add(6.days()).unwrap_or(v),
                "month" => v.last_of_month(),
                "year" => v.last_of_year(),
                _ => end.unwrap_or(v),
            };
            Interval {
                lo: Some(v),
                hi: Some(hi.max(v)),
            }
        }
        _ => match published {
            Some(p) => Interval {
                lo: Some(p.checked_sub(7.days()).unwrap_or(p)),
                hi: Some(p),
            },
            None => open,
        },
    }
}

fn parse(s: Option<String>) -> Option<Date> {
    s.and_then(|s| s.parse().ok())
}

/// One per-document event as `merge` reads it, with the interval it may have happened in.
struct EventRow {
    ix: u32,
    etype: String,
    mode: Option<String>,
    cameo: String,
    score: f64,
    negated: bool,
    iv: Interval,
}

/// The statements `merge` writes with, prepared once for all documents.
struct Writes<'c> {
    insert_event: Stmt<'c>,
    insert_part: Stmt<'c>,
    set_dates: Stmt<'c>,
    link: Stmt<'c>,
}

/// Link the events of `docs` (whose entities are linked) to global events.
pub(crate) fn merge(conn: &Db, docs: &[i64]) -> Result<u64> {
    let mut by_key = global_events(conn)?;
    let mut events = conn.prepare_cached(
        "SELECT e.ix, e.event_type, e.mode, e.cameo, e.score, e.negated, e.date_value,
             e.date_end, e.date_precision, d.published
         FROM events e JOIN documents d ON d.seq = e.doc WHERE e.doc = ?1 ORDER BY e.ix",
    )?;
    let mut parts = conn.prepare_cached(
        "SELECT p.event_ix, p.role, l.gid FROM event_participants p
         JOIN entity_links l ON l.doc = p.doc AND l.entity_ix = p.entity_ix
         WHERE p.doc = ?1",
    )?;
    let mut writes = Writes::prepare(conn)?;
    let persons = persons(conn)?;
    let mut linked = 0;
    for &doc in docs {
        let mut who = participants(&mut parts, doc)?;
        for ev in doc_events(&mut events, doc)? {
            let (actors, recipients) = who.remove(&ev.ix).unwrap_or_default();
            let key = event_key(&persons, doc, &ev, &actors, &recipients);
            let list = by_key.entry(key.clone()).or_default();
            let gevent = writes.find_or_insert(list, key, &ev, &actors, &recipients)?;
            writes.link.execute(params![doc, ev.ix, gevent])?;
            linked += 1;
        }
    }
    Ok(linked)
}

/// Every global event already stored, by key, with its interval.
fn global_events(conn: &Db) -> Result<HashMap<String, Vec<(i64, Interval)>>> {
    let mut by_key: HashMap<String, Vec<(i64, Interval)>> = HashMap::new();
    let mut st = conn.prepare("SELECT id, key, date_lo, date_hi FROM gevents ORDER BY id")?;
    for row in st.query_map((), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            parse(r.get(2)?),
            parse(r.get(3)?),
        ))
    })? {
        let (id, key, lo, hi) = row?;
        by_key
            .entry(key)
            .or_default()
            .push((id, Interval { lo, hi }));
    }
    Ok(by_key)
}

/// The global entities that are persons, which [`side_key`] leaves out beside a country.
fn persons(conn: &Db) -> Result<BTreeSet<i64>> {
    let mut persons: BTreeSet<i64> = BTreeSet::new();
    let mut st = conn.prepare("SELECT id FROM gentities WHERE type = 'PERSON'")?;
    for row in st.query_map((), |r| r.get::<_, i64>(0))? {
        persons.insert(row?);
    }
    Ok(persons)
}

/// The key of one side (actors or recipients). Persons acting for a country are listed with it
/// (`Lin Jian, China`); the key keeps the countries and bodies only, so `China accused NATO` in
/// another article is the same event. A side of persons only keeps them all.
fn side_key(persons: &BTreeSet<i64>, set: &BTreeSet<i64>) -> String {
    let bodies: Vec<String> = set
        .iter()
        .filter(|g| !persons.contains(g))
        .map(i64::to_string)
        .collect();
    if bodies.is_empty() {
        set.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    } else {
        bodies.join(",")
    }
}

/// The merge key of one event mention. An event with no participants gets a key of its own
/// (document and index): nothing says two of them are the same.
fn event_key(
    persons: &BTreeSet<i64>,
    doc: i64,
    ev: &EventRow,
    actors: &BTreeSet<i64>,
    recipients: &BTreeSet<i64>,
) -> String {
    if actors.is_empty() && recipients.is_empty() {
        format!("{}|#{doc}:{}", ev.etype, ev.ix)
    } else {
        format!(
            "{}|{}|{}|{}",
            ev.etype,
            u8::from(ev.negated),
            side_key(persons, actors),
            side_key(persons, recipients)
        )
    }
}

/// The global actors and recipients of one event.
type Sides = (BTreeSet<i64>, BTreeSet<i64>);

/// The global actors and recipients of each event of `doc`, by event index.
fn participants(parts: &mut Stmt<'_>, doc: i64) -> Result<HashMap<u32, Sides>> {
    let mut who: HashMap<u32, Sides> = HashMap::new();
    for row in parts.query_map([doc], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (ix, role, gid) = row?;
        let entry = who.entry(ix).or_default();
        if role == "actor" {
            entry.0.insert(gid);
        } else {
            entry.1.insert(gid);
        }
    }
    Ok(who)
}

/// The events of `doc` in order, each with its interval.
fn doc_events(events: &mut Stmt<'_>, doc: i64) -> Result<Vec<EventRow>> {
    let rows = events
        .query_map([doc], |r| {
            let iv = interval(
                parse(r.get(6)?),
                parse(r.get(7)?),
                r.get::<_, Option<String>>(8)?.as_deref(),
                parse(r.get(9)?),
            );
            Ok(EventRow {
                ix: r.get(0)?,
                etype: r.get(1)?,
                mode: r.get(2)?,
                cameo: r.get(3)?,
                score: r.get(4)?,
                negated: r.get(5)?,
                iv,
            })
        })?
        .collect::<Result<_>>()?;
    Ok(rows)
}

impl<'c> Writes<'c> {
    fn prepare(conn: &'c Db) -> Result<Self> {
        Ok(Writes {
            insert_event: conn.prepare_cached(
                "INSERT INTO gevents (event_type, mode, cameo, score, negated, date_lo, date_hi, key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            )?,
            insert_part: conn.prepare_cached(
                "INSERT INTO gevent_participants (gevent, role, gid) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )?,
            set_dates: conn
                .prepare_cached("UPDATE gevents SET date_lo = ?2, date_hi = ?3 WHERE id = ?1")?,
            link: conn.prepare_cached(
                "INSERT INTO event_links (doc, event_ix, gevent) VALUES (?1, ?2, ?3)",
            )?,
        })
    }

    /// The global event of `ev`: the first one under its key whose interval overlaps `ev`'s
    /// (narrowed to the overlap, and given any new participants), or a new one added to `list`.
    fn find_or_insert(
        &mut self,
        list: &mut Vec<(i64, Interval)>,
        key: String,
        ev: &EventRow,
        actors: &BTreeSet<i64>,
        recipients: &BTreeSet<i64>,
    ) -> Result<i64> {
        let iv = ev.iv;
        let found = list
            .iter_mut()
            .find_map(|(id, have)| have.intersect(iv).map(|both| (id, have, both)));
        if let Some((id, have, both)) = found {
            self.add_participants(*id, actors, recipients)?;
            if both != *have {
                *have = both;
                self.set_dates.execute(params![
                    *id,
                    both.lo.map(|d| d.to_string()),
                    both.hi.map(|d| d.to_string())
                ])?;
            }
            return Ok(*id);
        }
        let id: i64 = self.insert_event.query_row(
            params![
                ev.etype,
                ev.mode,
                ev.cameo,
                ev.score,
                ev.negated,
                iv.lo.map(|d| d.to_string()),
                iv.hi.map(|d| d.to_string()),
                key
            ],
            |r| r.get(0),
        )?;
        self.add_participants(id, actors, recipients)?;
        list.push((id, iv));
        Ok(id)
    }

    /// List every participant any mention names on global event `id` (duplicates are ignored).
    fn add_participants(
        &mut self,
        id: i64,
        actors: &BTreeSet<i64>,
        recipients: &BTreeSet<i64>,
    ) -> Result<()> {
        for (role, set) in [("actor", actors), ("recipient", recipients)] {
            for g in set {
                self.insert_part.execute(params![id, role, g])?;
            }
        }
        Ok(())
    }
}

/// A tiny union-find over small integer sets.
fn find(parent: &mut HashMap<i64, i64>, x: i64) -> i64 {
    let p = *parent.get(&x).unwrap_or(&x);
    if p == x {
        return x;
    }
    let root = find(parent, p);
    parent.insert(x, root);
    root
}

/// The number of independent sources among documents: documents from one outlet, or
/// near-duplicates of each other, count once. `outlet` maps a document to its outlet (if any);
/// `dups` lists near-duplicate pairs.
pub fn independent_sources(
    docs: &BTreeSet<i64>,
    outlet: &HashMap<i64, i64>,
    dups: &[(i64, i64)],
) -> usize {
    let mut parent: HashMap<i64, i64> = HashMap::new();
    let union = |parent: &mut HashMap<i64, i64>, a: i64, b: i64| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    };
    let mut first_of_outlet: HashMap<i64, i64> = HashMap::new();
    for &d in docs {
        if let Some(o) = outlet.get(&d) {
            let first = *first_of_outlet.entry(*o).or_insert(d);
            union(&mut parent, first, d);
        }
    }
    for &(a, b) in dups {
        if docs.contains(&a) && docs.contains(&b) {
            union(&mut parent, a, b);
        }
    }
    docs.iter()
        .map(|&d| find(&mut parent, d))
        .collect::<BTreeSet<_>>()
        .len()
}

/// Recompute every global event's mention count, source count and mean score.
pub(crate) fn recount(conn: &Db) -> Result<()> {
    let mut outlet = HashMap::new();
    let mut st =
        conn.prepare("SELECT seq, outlet_id FROM documents WHERE outlet_id IS NOT NULL")?;
    for row in st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (d, o) = row?;
        outlet.insert(d, o);
    }
    let mut st = conn.prepare("SELECT doc_a, doc_b FROM doc_duplicates ORDER BY doc_a, doc_b")?;
    let dups: Vec<(i64, i64)> = st
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_>>()?;
    let mut st = conn.prepare(
        "SELECT l.gevent, l.doc, e.score FROM event_links l
         JOIN events e ON e.doc = l.doc AND e.ix = l.event_ix
         ORDER BY l.gevent, l.doc, l.event_ix",
    )?;
    let mut per: HashMap<i64, (BTreeSet<i64>, u32, f64)> = HashMap::new();
    for row in st.query_map((), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, f64>(2)?,
        ))
    })? {
        let (g, d, score) = row?;
        let e = per.entry(g).or_default();
        e.0.insert(d);
        e.1 += 1;
        e.2 += score;
    }
    let mut update = conn.prepare_cached(
        "UPDATE gevents SET mentions = ?2, sources = ?3, score = ?4 WHERE id = ?1",
    )?;
    for (g, (docs, n, sum)) in per {
        let sources = independent_sources(&docs, &outlet, &dups);
        update.execute(params![g, n, sources as i64, sum / f64::from(n.max(1))])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn interval_by_precision() {
        let d = date(2024, 7, 9);
        let day = interval(Some(d), None, Some("day"), None);
        assert_eq!((day.lo, day.hi), (Some(d), Some(d)));
        let month = interval(Some(date(2024, 7, 1)), None, Some("month"), None);
        assert_eq!(month.hi, Some(date(2024, 7, 31)));
        let undated = interval(None, None, None, Some(d));
        assert_eq!((undated.lo, undated.hi), (Some(date(2024, 7, 2)), Some(d)));
        assert!(month.intersect(day).is_some());
        let other_day = interval(Some(date(2024, 7, 10)), None, Some("day"), None);
        assert!(day.intersect(other_day).is_none());
        assert_eq!(month.intersect(day), Some(day));
    }

    #[test]
    fn independent_sources_count_outlets_and_duplicates_once() {
        let docs: BTreeSet<i64> = [1, 2, 3, 4].into();
        let outlet: HashMap<i64, i64> = [(1, 10), (2, 10), (3, 11), (4, 12)].into();
        assert_eq!(independent_sources(&docs, &outlet, &[]), 3);
        // 4 republishes 3's wire story.
        assert_eq!(independent_sources(&docs, &outlet, &[(3, 4)]), 2);
        // Without outlets, each document counts unless duplicated.
        assert_eq!(independent_sources(&docs, &HashMap::new(), &[(1, 2)]), 3);
    }
}
