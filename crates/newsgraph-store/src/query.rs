//! Reading the cross-document graph: entities, entity profiles, events, quotes, what links two
//! actors, and conflicts. Every fact comes with its evidence, `{"doc": id, "start": s, "end": e}`
//! (byte offsets into that document's text), so a reader can always go back to the words.
//!
//! Global ids are printed `g{n}` (entities), `ev{n}` (events) and `c{n}` (conflicts); entity
//! and event ids never change once given (see [`crate::resolve`]). The results are plain
//! serialisable structs; the CLI renders them as tables or JSON.

use crate::names::{fold, person_key};
use crate::{GraphConfig, Result, Store};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a fact is stated: a document id and a byte span of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The document id (content hash).
    pub doc: String,
    /// First byte.
    pub start: i64,
    /// One past the last byte.
    pub end: i64,
}

/// A global entity, as a reference inside other facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// `g{n}`.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One line of `newsgraph entities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRow {
    /// `g{n}`.
    pub id: String,
    /// Display name: the fullest, most frequent name.
    pub name: String,
    /// PERSON, COUNTRY, ORGANIZATION or LOCATION.
    #[serde(rename = "type")]
    pub etype: String,
    /// ISO 3166-1 alpha-3 code of a country (or of the country owning a government body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Every other name it is written with.
    pub aliases: Vec<String>,
    /// Mentions in all documents.
    pub mentions: u64,
    /// Distinct outlets mentioning it (a document without outlet counts as its own).
    pub outlets: u64,
}

/// Documents' metadata needed to place a fact: outlet and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The document id.
    pub doc: String,
    /// Its outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// URL, else the path it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A global event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// `ev{n}`.
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub etype: String,
    /// PLOVER mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// CAMEO root code.
    pub cameo: String,
    /// Mean cooperation (+) / conflict (-) score of its mentions.
    pub score: f64,
    /// True for a denied event.
    pub negated: bool,
    /// The day it happened, when known to the day; else the first possible day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// First possible day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_lo: Option<String>,
    /// Last possible day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_hi: Option<String>,
    /// Who acted.
    pub actors: Vec<EntityRef>,
    /// Who it was done to.
    pub recipients: Vec<EntityRef>,
    /// Per-document mentions.
    pub mentions: u64,
    /// Independent sources (outlets; near-duplicate articles count once).
    pub sources: u64,
    /// Each mention's evidence sentence.
    pub evidence: Vec<Evidence>,
    /// The documents of the mentions.
    pub documents: Vec<Source>,
}

/// Who acted and who was acted on in a global event, and its score: the part of an
/// [`EventRow`] that [`Store::event_actors`] reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventActors {
    /// `ev{n}`.
    pub id: String,
    /// Mean cooperation (+) / conflict (-) score of its mentions.
    pub score: f64,
    /// Who acted, by id.
    pub actors: Vec<EntityRef>,
    /// Who it was done to, by id.
    pub recipients: Vec<EntityRef>,
}

/// A quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteRow {
    /// The speaker, when known.
    pub speaker: Option<EntityRef>,
    /// The quoted words.
    pub text: String,
    /// True for words in quotation marks.
    pub direct: bool,
    /// Its document's publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its document's outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The quoted words' span.
    pub evidence: Evidence,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The value as written.
    pub value: String,
    /// Its outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Where it is stated.
    pub evidence: Evidence,
}

/// A contradiction between outlets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRow {
    /// `c{n}` (renumbered when conflicts are recomputed).
    pub id: String,
    /// given_name, title, date or number.
    pub kind: String,
    /// The person it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityRef>,
    /// The event it concerns (`ev{n}`), with its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// One version.
    pub a: Version,
    /// The other.
    pub b: Version,
}

/// A name an entity is written with, how often, and where first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameRow {
    /// The name as written.
    pub name: String,
    /// Mentions written so.
    pub count: u64,
    /// The first of them.
    pub evidence: Evidence,
}

/// A role held, as one article states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleRow {
    /// The title.
    pub title: String,
    /// What it is held in.
    pub of: Option<EntityRef>,
    /// The article's publication date.
    pub date: Option<String>,
    /// The words stating it.
    pub evidence: Evidence,
}

/// A relation with another entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationRow {
    /// The subject.
    pub subject: EntityRef,
    /// member_of, leader_of, ...
    pub predicate: String,
    /// The object.
    pub object: EntityRef,
    /// Extra detail.
    pub detail: Option<String>,
    /// The article's publication date.
    pub date: Option<String>,
    /// The evidence sentence.
    pub evidence: Evidence,
}

/// One dated item of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineItem {
    /// The date (event date, else the article's).
    pub date: Option<String>,
    /// event, quote, role or relation.
    pub kind: String,
    /// A one-line description.
    pub text: String,
    /// Cooperation/conflict score, for events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Where it is stated (the first mention for an event).
    pub evidence: Vec<Evidence>,
}

/// Everything about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRow,
    /// Every name with its evidence.
    pub names: Vec<NameRow>,
    /// Roles, oldest article first.
    pub roles: Vec<RoleRow>,
    /// What it said.
    pub quotes: Vec<QuoteRow>,
    /// Events it took part in as actor.
    pub as_actor: Vec<EventRow>,
    /// Events done to it.
    pub as_recipient: Vec<EventRow>,
    /// Relations with others.
    pub relations: Vec<RelationRow>,
    /// All of the above in time order.
    pub timeline: Vec<TimelineItem>,
}

/// What links two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Between {
    /// The first actor.
    pub a: EntityRef,
    /// The second actor.
    pub b: EntityRef,
    /// Events, quotes and relations linking them, in time order.
    pub items: Vec<TimelineItem>,
    /// Cooperation against conflict.
    pub balance: Balance,
}

/// The balance of cooperation and conflict over events (each weighted by its sources).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Balance {
    /// Events with a positive score.
    pub cooperation: u64,
    /// Events with a negative score.
    pub conflict: u64,
    /// Events scored zero.
    pub neutral: u64,
    /// Sum of event scores, each times its number of sources.
    pub weighted_score: f64,
}

/// Filters of [`Store::events`].
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events where this global entity acts.
    pub actor: Option<i64>,
    /// Only events done to this global entity.
    pub recipient: Option<i64>,
    /// Only this PLOVER type (case-insensitive).
    pub etype: Option<String>,
    /// Only events that may have happened on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only events that may have happened on or before this day.
    pub until: Option<String>,
}

/// A page of [`Store::entities_page`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityPage {
    /// How many entities match in all.
    pub total: u64,
    /// The entities of the page, in the listing's order.
    pub rows: Vec<EntityRow>,
}

/// A `gentities` row read as `SELECT id, name, type, code, mentions, outlets`, aliases not yet
/// filled in.
fn base_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, EntityRow)> {
    let gid: i64 = r.get(0)?;
    Ok((
        gid,
        EntityRow {
            id: gid_label(gid),
            name: r.get(1)?,
            etype: r.get(2)?,
            code: r.get(3)?,
            aliases: Vec::new(),
            mentions: r.get::<_, i64>(4)?.max(0) as u64,
            outlets: r.get::<_, i64>(5)?.max(0) as u64,
        },
    ))
}

/// Recount the mentions and outlets kept on the rows of the global entities that documents
/// not yet in the graph (`graph_documents`) link to. Run by [`Store::resolve`] after linking
/// and before marking the documents: links are only ever added, by resolving new documents,
/// so every other entity's counts are unchanged.
pub(crate) fn recount_entities(conn: &Connection) -> Result<()> {
    conn.prepare_cached(
        "UPDATE gentities SET mentions = c.n, outlets = c.o FROM (
             SELECT l.gid AS gid,
                    sum((SELECT count(*) FROM mentions m
                         WHERE m.doc = l.doc AND m.entity_ix = l.entity_ix)) AS n,
                    count(DISTINCT coalesce(d.outlet_id, -d.seq)) AS o
             FROM entity_links l JOIN documents d ON d.seq = l.doc
             WHERE l.gid IN (SELECT gid FROM entity_links
                             WHERE doc NOT IN (SELECT doc FROM graph_documents))
             GROUP BY l.gid
         ) AS c WHERE c.gid = gentities.id",
    )?
    .execute([])?;
    Ok(())
}

/// `g12` for global entity 12.
pub fn gid_label(gid: i64) -> String {
    format!("g{gid}")
}

fn ev(doc: String, start: i64, end: i64) -> Evidence {
    Evidence { doc, start, end }
}

fn entity_ref(conn: &Connection, gid: i64) -> Result<EntityRef> {
    let name: String = conn
        .prepare_cached("SELECT name FROM gentities WHERE id = ?1")?
        .query_row([gid], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    Ok(EntityRef {
        id: gid_label(gid),
        name,
    })
}

impl Store {
    /// Global entities, most mentioned first (then by name, then oldest id), optionally of one
    /// type and whose name or an alias contains `query` (case- and accent-insensitive).
    pub fn entities(&self, etype: Option<&str>, query: Option<&str>) -> Result<Vec<EntityRow>> {
        Ok(self.entities_page(etype, query, 0, None)?.rows)
    }

    /// One page of [`Store::entities`]: the `limit` rows (all when `None`) after the first
    /// `offset`, in the same order, and how many match in all. Without `query` the cost is that
    /// of the page: the order is an index of the counts kept on each entity's row, and names
    /// are read for the page's entities only. A `query` reads every name once to match it.
    pub fn entities_page(
        &self,
        etype: Option<&str>,
        query: Option<&str>,
        offset: u64,
        limit: Option<u64>,
    ) -> Result<EntityPage> {
        let conn = &self.conn;
        let etype = etype.map(str::to_uppercase);
        let cols = "SELECT id, name, type, code, mentions, outlets FROM gentities";
        let order = "ORDER BY mentions DESC, name, id";
        let folded = query.map(fold).filter(|q| !q.is_empty());
        let (total, base) = match &folded {
            None => {
                let total: i64 = match &etype {
                    Some(t) => conn
                        .prepare_cached("SELECT count(*) FROM gentities WHERE type = ?1")?
                        .query_row([t], |r| r.get(0))?,
                    None => conn
                        .prepare_cached("SELECT count(*) FROM gentities")?
                        .query_row([], |r| r.get(0))?,
                };
                let lim = limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
                let off = offset.min(i64::MAX as u64) as i64;
                let base = match &etype {
                    Some(t) => conn
                        .prepare_cached(&format!(
                            "{cols} WHERE type = ?1 {order} LIMIT ?2 OFFSET ?3"
                        ))?
                        .query_map(params![t, lim, off], base_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                    None => conn
                        .prepare_cached(&format!("{cols} {order} LIMIT ?1 OFFSET ?2"))?
                        .query_map(params![lim, off], base_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                };
                (total as u64, base)
            }
            Some(q) => {
                // Every name an entity is written with, matched folded.
                let mut st = conn.prepare_cached(
                    "SELECT id, name FROM gentities
                     UNION SELECT l.gid, e.name FROM entity_links l
                       JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
                     UNION SELECT l.gid, m.text FROM entity_links l
                       JOIN mentions m ON m.doc = l.doc AND m.entity_ix = l.entity_ix
                       WHERE m.form IN ('name', 'abbreviation')",
                )?;
                let mut hits = HashSet::new();
                for row in
                    st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                {
                    let (gid, name) = row?;
                    if !hits.contains(&gid) && fold(&name).contains(q.as_str()) {
                        hits.insert(gid);
                    }
                }
                let all = match &etype {
                    Some(t) => conn
                        .prepare_cached(&format!("{cols} WHERE type = ?1 {order}"))?
                        .query_map([t], base_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                    None => conn
                        .prepare_cached(&format!("{cols} {order}"))?
                        .query_map([], base_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                };
                let matching: Vec<(i64, EntityRow)> =
                    all.into_iter().filter(|r| hits.contains(&r.0)).collect();
                let total = matching.len() as u64;
                let page = matching
                    .into_iter()
                    .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                    .take(limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX)))
                    .collect();
                (total, page)
            }
        };
        let rows = self.with_aliases(base)?;
        Ok(EntityPage { total, rows })
    }

    /// Entity rows with their aliases, read for those entities only (in batches of a few
    /// hundred ids).
    fn with_aliases(&self, rows: Vec<(i64, EntityRow)>) -> Result<Vec<EntityRow>> {
        const BATCH: usize = 400;
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        let gids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        for chunk in gids.chunks(BATCH) {
            let marks = (1..=chunk.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(",");
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT l.gid, e.name FROM entity_links l
                 JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix WHERE l.gid IN ({marks})
                 UNION
                 SELECT l.gid, m.text FROM entity_links l
                 JOIN mentions m INDEXED BY mentions_entity
                   ON m.doc = l.doc AND m.entity_ix = l.entity_ix
                 WHERE l.gid IN ({marks}) AND m.form IN ('name', 'abbreviation')"
            ))?;
            for row in st.query_map(rusqlite::params_from_iter(chunk), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })? {
                let (gid, name) = row?;
                names.entry(gid).or_default().push(name);
            }
        }
        Ok(rows
            .into_iter()
            .map(|(gid, mut row)| {
                let mut aliases: Vec<String> = names
                    .remove(&gid)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| *a != row.name)
                    .collect();
                aliases.sort();
                aliases.dedup();
                row.aliases = aliases;
                row
            })
            .collect())
    }

    /// One global entity's row.
    pub fn entity_row(&self, gid: i64) -> Result<EntityRow> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, name, type, code, mentions, outlets FROM gentities WHERE id = ?1",
            )?
            .query_row([gid], base_row)?;
        Ok(self
            .with_aliases(vec![row])?
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                unreachable!("with_aliases returns one row for each row it is given")
            }))
    }

    /// The global entities a user's name for one may mean, best first: an id (`g12`), an
    /// exact name or alias, the same person key (`Zelensky` finds `Volodymyr Zelenskyy`'s
    /// surname), then names containing the words.
    pub fn find_entities(&self, name: &str, config: &GraphConfig) -> Result<Vec<i64>> {
        let conn = &self.conn;
        if let Some(n) = name.strip_prefix('g').and_then(|n| n.parse::<i64>().ok()) {
            let exists = conn
                .prepare_cached("SELECT 1 FROM gentities WHERE id = ?1")?
                .exists([n])?;
            if exists {
                return Ok(vec![n]);
            }
        }
        let folded = fold(name);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let by_mentions = |ids: Vec<i64>| -> Result<Vec<i64>> {
            let mut scored: Vec<(u64, i64)> = Vec::new();
            let mut st = conn.prepare_cached("SELECT mentions FROM gentities WHERE id = ?1")?;
            for g in ids {
                scored.push((st.query_row([g], |r| r.get::<_, i64>(0))?.max(0) as u64, g));
            }
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.dedup_by_key(|x| x.1);
            Ok(scored.into_iter().map(|(_, g)| g).collect())
        };
        // Exact names and aliases.
        let mut st = conn.prepare_cached(
            "SELECT id, name FROM gentities
             UNION ALL SELECT l.gid, e.name FROM entity_links l
               JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
             UNION ALL SELECT l.gid, m.text FROM entity_links l
               JOIN mentions m ON m.doc = l.doc AND m.entity_ix = l.entity_ix
               WHERE m.form IN ('name', 'abbreviation')",
        )?;
        let all: Vec<(i64, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let exact: Vec<i64> = all
            .iter()
            .filter(|(_, n)| fold(n) == folded)
            .map(|(g, _)| *g)
            .collect();
        if !exact.is_empty() {
            return by_mentions(exact);
        }
        // Keys: the person key, a country code, a surname.
        if let Some(pk) = person_key(name, &config.given) {
            let mut keys = vec![
                format!("P:{}", pk.full),
                format!("C:{}", name.to_uppercase()),
            ];
            if pk.words == 1 {
                keys.push(format!("P:S:{}", pk.last));
                keys.push(format!("P:F:{}", pk.first));
            }
            let mut found = Vec::new();
            let mut st = conn.prepare_cached("SELECT gid FROM gentity_keys WHERE key = ?1")?;
            for k in keys {
                for g in st.query_map([k], |r| r.get::<_, i64>(0))? {
                    found.push(g?);
                }
            }
            if !found.is_empty() {
                return by_mentions(found);
            }
        }
        let contains: Vec<i64> = all
            .iter()
            .filter(|(_, n)| fold(n).contains(&folded))
            .map(|(g, _)| *g)
            .collect();
        by_mentions(contains)
    }

    fn source(&self, doc: i64) -> Result<Source> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT d.id, o.name, d.published, coalesce(d.url, d.path) FROM documents d
                 LEFT JOIN outlets o ON o.id = d.outlet_id WHERE d.seq = ?1",
            )?
            .query_row([doc], |r| {
                Ok(Source {
                    doc: r.get(0)?,
                    outlet: r.get(1)?,
                    published: r.get(2)?,
                    location: r.get(3)?,
                })
            })?)
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
            .collect::<rusqlite::Result<_>>()?;
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
            .collect::<rusqlite::Result<_>>()?;
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
    fn filtered_events(&self, filter: &EventFilter) -> Result<Vec<(i64, f64)>> {
        let mut st = self.conn.prepare(
            "SELECT g.id, g.score FROM gevents g
             WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM gevent_participants p
                    WHERE p.gevent = g.id AND p.role = 'actor' AND p.gid = ?1))
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM gevent_participants p
                    WHERE p.gevent = g.id AND p.role = 'recipient' AND p.gid = ?2))
               AND (?3 IS NULL OR g.event_type = upper(?3))
               AND (?4 IS NULL OR g.date_hi IS NULL OR g.date_hi >= ?4)
               AND (?5 IS NULL OR g.date_lo IS NULL OR g.date_lo <= ?5)
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
            .collect::<rusqlite::Result<_>>()?;
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
        let parts = st.query_map([], |r| {
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

    /// Quotations, oldest article first: by a speaker (`by`), and/or mentioning an entity in
    /// the quoted words (`about`).
    pub fn quotes(&self, by: Option<i64>, about: Option<i64>) -> Result<Vec<QuoteRow>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, q.span_start, q.span_end, q.text, q.direct, l.gid, d.published, o.name
             FROM quotes q JOIN documents d ON d.seq = q.doc
             LEFT JOIN outlets o ON o.id = d.outlet_id
             LEFT JOIN entity_links l ON l.doc = q.doc AND l.entity_ix = q.speaker_ix
             WHERE (?1 IS NULL OR l.gid = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM mentions m JOIN entity_links a
                      ON a.doc = m.doc AND a.entity_ix = m.entity_ix
                    WHERE m.doc = q.doc AND a.gid = ?2
                      AND m.span_start >= q.span_start AND m.span_end <= q.span_end))
             ORDER BY d.published IS NULL, d.published, q.doc, q.ix",
        )?;
        type Raw = (
            Evidence,
            String,
            bool,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Raw> = st
            .query_map(params![by, about], |r| {
                Ok((
                    ev(r.get(0)?, r.get(1)?, r.get(2)?),
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(evidence, text, direct, speaker, date, outlet)| {
                Ok(QuoteRow {
                    speaker: speaker.map(|g| entity_ref(&self.conn, g)).transpose()?,
                    text,
                    direct,
                    date,
                    outlet,
                    evidence,
                })
            })
            .collect()
    }

    /// Every conflict with both versions.
    pub fn conflicts(&self) -> Result<Vec<ConflictRow>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.kind, c.gid, c.gevent, c.value_a, da.id, c.start_a, c.end_a, oa.name,
                 c.value_b, db.id, c.start_b, c.end_b, ob.name
             FROM conflicts c
             JOIN documents da ON da.seq = c.doc_a LEFT JOIN outlets oa ON oa.id = da.outlet_id
             JOIN documents db ON db.seq = c.doc_b LEFT JOIN outlets ob ON ob.id = db.outlet_id
             ORDER BY c.id",
        )?;
        type Raw = (i64, String, Option<i64>, Option<i64>, Version, Version);
        let rows: Vec<Raw> = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    Version {
                        value: r.get(4)?,
                        evidence: ev(r.get(5)?, r.get(6)?, r.get(7)?),
                        outlet: r.get(8)?,
                    },
                    Version {
                        value: r.get(9)?,
                        evidence: ev(r.get(10)?, r.get(11)?, r.get(12)?),
                        outlet: r.get(13)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, kind, gid, gevent, a, b)| {
                Ok(ConflictRow {
                    id: format!("c{id}"),
                    kind,
                    entity: gid.map(|g| entity_ref(&self.conn, g)).transpose()?,
                    event: gevent.map(|e| format!("ev{e}")),
                    a,
                    b,
                })
            })
            .collect()
    }

    /// Relations in which a global entity is subject or object (or, with `other`, those
    /// between the two).
    pub fn relations_of(&self, gid: i64, other: Option<i64>) -> Result<Vec<RelationRow>> {
        let mut st = self.conn.prepare(
            "SELECT ls.gid, r.predicate, lo.gid, r.detail, d.published, d.id, r.span_start,
                 r.span_end
             FROM relations r JOIN documents d ON d.seq = r.doc
             JOIN entity_links ls ON ls.doc = r.doc AND ls.entity_ix = r.subject_ix
             JOIN entity_links lo ON lo.doc = r.doc AND lo.entity_ix = r.object_ix
             WHERE (ls.gid = ?1 AND (?2 IS NULL OR lo.gid = ?2))
                OR (lo.gid = ?1 AND (?2 IS NULL OR ls.gid = ?2))
             ORDER BY d.published IS NULL, d.published, r.doc, r.ix",
        )?;
        type Raw = (i64, String, i64, Option<String>, Option<String>, Evidence);
        let rows: Vec<Raw> = st
            .query_map(params![gid, other], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    ev(r.get(5)?, r.get(6)?, r.get(7)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(s, predicate, o, detail, date, evidence)| {
                Ok(RelationRow {
                    subject: entity_ref(&self.conn, s)?,
                    predicate,
                    object: entity_ref(&self.conn, o)?,
                    detail,
                    date,
                    evidence,
                })
            })
            .collect()
    }

    /// Everything known about one global entity.
    pub fn profile(&self, gid: i64) -> Result<Profile> {
        let conn = &self.conn;
        let entity = self.entity_row(gid)?;
        let mut st = conn.prepare_cached(
            "SELECT m.text, d.id, m.span_start, m.span_end FROM entity_links l
             JOIN mentions m ON m.doc = l.doc AND m.entity_ix = l.entity_ix
             JOIN documents d ON d.seq = l.doc
             WHERE l.gid = ?1 AND m.form IN ('name', 'abbreviation') ORDER BY l.doc, m.ix",
        )?;
        let mut names: Vec<NameRow> = Vec::new();
        for row in st.query_map([gid], |r| {
            Ok((r.get::<_, String>(0)?, ev(r.get(1)?, r.get(2)?, r.get(3)?)))
        })? {
            let (name, evidence) = row?;
            match names.iter_mut().find(|n| n.name == name) {
                Some(n) => n.count += 1,
                None => names.push(NameRow {
                    name,
                    count: 1,
                    evidence,
                }),
            }
        }
        let mut st = conn.prepare_cached(
            "SELECT r.title, lo.gid, d.published, d.id, r.span_start, r.span_end
             FROM entity_links l JOIN roles r ON r.doc = l.doc AND r.entity_ix = l.entity_ix
             JOIN documents d ON d.seq = l.doc
             LEFT JOIN entity_links lo ON lo.doc = r.doc AND lo.entity_ix = r.of_ix
             WHERE l.gid = ?1 ORDER BY d.published IS NULL, d.published, l.doc, r.ix",
        )?;
        type RawRole = (String, Option<i64>, Option<String>, Evidence);
        let raw: Vec<RawRole> = st
            .query_map([gid], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    ev(r.get(3)?, r.get(4)?, r.get(5)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let roles = raw
            .into_iter()
            .map(|(title, of, date, evidence)| {
                Ok(RoleRow {
                    title,
                    of: of.map(|g| entity_ref(conn, g)).transpose()?,
                    date,
                    evidence,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let quotes = self.quotes(Some(gid), None)?;
        let as_actor = self.events(&EventFilter {
            actor: Some(gid),
            ..EventFilter::default()
        })?;
        let as_recipient = self.events(&EventFilter {
            recipient: Some(gid),
            ..EventFilter::default()
        })?;
        let relations = self.relations_of(gid, None)?;
        let mut timeline = Vec::new();
        for r in &roles {
            timeline.push(TimelineItem {
                date: r.date.clone(),
                kind: "role".into(),
                text: match &r.of {
                    Some(of) => format!("{} ({})", r.title, of.name),
                    None => r.title.clone(),
                },
                score: None,
                evidence: vec![r.evidence.clone()],
            });
        }
        timeline.extend(quote_items(&quotes));
        let mut seen = Vec::new();
        for e in as_actor.iter().chain(&as_recipient) {
            if !seen.contains(&e.id) {
                seen.push(e.id.clone());
                timeline.push(event_item(e));
            }
        }
        timeline.extend(relation_items(&relations));
        sort_timeline(&mut timeline);
        Ok(Profile {
            entity,
            names,
            roles,
            quotes,
            as_actor,
            as_recipient,
            relations,
            timeline,
        })
    }

    /// Everything that links two global entities, in time order, with the balance of
    /// cooperation and conflict of the events between them.
    pub fn between(&self, a: i64, b: i64) -> Result<Between> {
        let mut st = self.conn.prepare(
            "SELECT pa.gevent FROM gevent_participants pa
             JOIN gevent_participants pb ON pb.gevent = pa.gevent
             WHERE pa.gid = ?1 AND pb.gid = ?2 GROUP BY pa.gevent",
        )?;
        let ids: Vec<i64> = st
            .query_map([a, b], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut balance = Balance::default();
        let mut items = Vec::new();
        for id in ids {
            let e = self.event_row(id)?;
            if e.negated {
                continue;
            }
            match e.score.partial_cmp(&0.0) {
                Some(std::cmp::Ordering::Greater) => balance.cooperation += 1,
                Some(std::cmp::Ordering::Less) => balance.conflict += 1,
                _ => balance.neutral += 1,
            }
            balance.weighted_score += e.score * e.sources.max(1) as f64;
            items.push(event_item(&e));
        }
        let mut quotes = self.quotes(Some(a), Some(b))?;
        quotes.extend(self.quotes(Some(b), Some(a))?);
        items.extend(quote_items(&quotes));
        items.extend(relation_items(&self.relations_of(a, Some(b))?));
        sort_timeline(&mut items);
        Ok(Between {
            a: entity_ref(&self.conn, a)?,
            b: entity_ref(&self.conn, b)?,
            items,
            balance,
        })
    }
}

fn names(list: &[EntityRef]) -> String {
    list.iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An event as a timeline line: `Lin Jian, China ACCUSE North Atlantic Treaty Organization`.
fn event_item(e: &EventRow) -> TimelineItem {
    let mut text = format!("{} {}", names(&e.actors), e.etype);
    if let Some(m) = &e.mode {
        text.push_str(&format!(" ({m})"));
    }
    if !e.recipients.is_empty() {
        text.push_str(&format!(" {}", names(&e.recipients)));
    }
    if e.negated {
        text.push_str(" [denied]");
    }
    let plural = if e.sources == 1 { "" } else { "s" };
    text.push_str(&format!(" [{} source{plural}]", e.sources));
    let date = e
        .date_lo
        .clone()
        .or_else(|| e.documents.iter().find_map(|d| d.published.clone()));
    TimelineItem {
        date,
        kind: "event".into(),
        text,
        score: Some(e.score),
        evidence: e.evidence.clone(),
    }
}

fn quote_items(quotes: &[QuoteRow]) -> Vec<TimelineItem> {
    quotes
        .iter()
        .map(|q| TimelineItem {
            date: q.date.clone(),
            kind: "quote".into(),
            text: format!(
                "{}: “{}”",
                q.speaker.as_ref().map_or("(unnamed)", |s| s.name.as_str()),
                q.text
            ),
            score: None,
            evidence: vec![q.evidence.clone()],
        })
        .collect()
}

fn relation_items(relations: &[RelationRow]) -> Vec<TimelineItem> {
    relations
        .iter()
        .map(|r| TimelineItem {
            date: r.date.clone(),
            kind: "relation".into(),
            text: format!("{} {} {}", r.subject.name, r.predicate, r.object.name),
            score: None,
            evidence: vec![r.evidence.clone()],
        })
        .collect()
}

fn sort_timeline(items: &mut [TimelineItem]) {
    items.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.kind).cmp(&(b.date.is_none(), &b.date, &b.kind))
    });
}

/// Counts of the graph for `newsgraph stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GraphCounts {
    /// Global entities by type.
    pub entities_by_type: BTreeMap<String, u64>,
    /// Global events.
    pub events: u64,
    /// Global events reported by more than one independent source.
    pub corroborated_events: u64,
    /// Near-duplicate document pairs.
    pub near_duplicates: u64,
    /// Conflicts by kind.
    pub conflicts_by_kind: BTreeMap<String, u64>,
}

/// Count the graph.
pub(crate) fn graph_counts(conn: &Connection) -> Result<GraphCounts> {
    let grouped = |sql: &str| -> Result<BTreeMap<String, u64>> {
        let mut st = conn.prepare(sql)?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let one =
        |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    Ok(GraphCounts {
        entities_by_type: grouped("SELECT type, count(*) FROM gentities GROUP BY type")?,
        events: one("SELECT count(*) FROM gevents")?,
        corroborated_events: one("SELECT count(*) FROM gevents WHERE sources > 1")?,
        near_duplicates: one("SELECT count(*) FROM doc_duplicates")?,
        conflicts_by_kind: grouped("SELECT kind, count(*) FROM conflicts GROUP BY kind")?,
    })
}
