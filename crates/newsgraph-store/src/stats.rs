//! Counts over the whole store for `newsgraph stats`: documents, outlets, and each layer by
//! type. Plain aggregate queries; the caller renders them.

use crate::db::Db;
use crate::error::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// Documents from one outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    /// The outlet's name.
    pub name: String,
    /// How many documents it published in the store.
    pub documents: u64,
}

/// What the store holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Schema version of the database.
    pub schema_version: u32,
    /// Distinct article texts.
    pub documents: u64,
    /// Distinct paths documents were read from.
    pub paths: u64,
    /// Paths whose text changed between ingests (more than one version stored).
    pub changed_paths: u64,
    /// Outlets (sources).
    pub outlets: u64,
    /// Documents per outlet, most first.
    pub documents_by_outlet: Vec<OutletCount>,
    /// Documents that name no outlet.
    pub documents_without_outlet: u64,
    /// Sentences.
    pub sentences: u64,
    /// Entities (per document: the same person in two articles counts twice).
    pub entities: u64,
    /// Entities by type (PERSON, COUNTRY, ORGANIZATION, LOCATION).
    pub entities_by_type: BTreeMap<String, u64>,
    /// Mentions.
    pub mentions: u64,
    /// Mentions by the type of the entity they name.
    pub mentions_by_type: BTreeMap<String, u64>,
    /// Mentions by form (name, abbreviation, demonym, metonym, nominal, pronoun).
    pub mentions_by_form: BTreeMap<String, u64>,
    /// Roles held by persons.
    pub roles: u64,
    /// Quotations.
    pub quotes: u64,
    /// Quotations by kind (direct, indirect).
    pub quotes_by_kind: BTreeMap<String, u64>,
    /// Quotations whose speaker is known.
    pub quotes_with_speaker: u64,
    /// Events.
    pub events: u64,
    /// Events by PLOVER type.
    pub events_by_type: BTreeMap<String, u64>,
    /// Relations between entities.
    pub relations: u64,
    /// Relations by predicate.
    pub relations_by_predicate: BTreeMap<String, u64>,
    /// The cross-document graph: global entities and events, near-duplicates, conflicts.
    pub graph: crate::query::GraphCounts,
}

fn one(conn: &Db, sql: &str) -> Result<u64> {
    Ok(conn.query_row(sql, (), |r| r.get::<_, i64>(0))? as u64)
}

fn grouped(conn: &Db, sql: &str) -> Result<BTreeMap<String, u64>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map((), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    rows.collect::<Result<_>>()
}

/// Count everything.
pub(crate) fn stats(conn: &Db) -> Result<Stats> {
    let mut st = conn.prepare(
        "SELECT o.name, count(*) AS n FROM documents d JOIN outlets o ON o.id = d.outlet_id
         GROUP BY o.id ORDER BY n DESC, o.name",
    )?;
    let documents_by_outlet = st
        .query_map((), |r| {
            Ok(OutletCount {
                name: r.get(0)?,
                documents: r.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<Result<Vec<_>>>()?;
    Ok(Stats {
        schema_version: crate::schema::version(conn)?,
        documents: one(conn, "SELECT count(*) FROM documents")?,
        paths: one(conn, "SELECT count(DISTINCT path) FROM paths")?,
        changed_paths: one(
            conn,
            "SELECT count(DISTINCT path) FROM paths WHERE version > 1",
        )?,
        outlets: one(conn, "SELECT count(*) FROM outlets")?,
        documents_by_outlet,
        documents_without_outlet: one(
            conn,
            "SELECT count(*) FROM documents WHERE outlet_id IS NULL",
        )?,
        sentences: one(conn, "SELECT count(*) FROM sentences")?,
        entities: one(conn, "SELECT count(*) FROM entities")?,
        entities_by_type: grouped(conn, "SELECT type, count(*) FROM entities GROUP BY type")?,
        mentions: one(conn, "SELECT count(*) FROM mentions")?,
        mentions_by_type: grouped(
            conn,
            "SELECT e.type, count(*) FROM mentions m
             JOIN entities e ON e.doc = m.doc AND e.ix = m.entity_ix
             GROUP BY e.type",
        )?,
        mentions_by_form: grouped(conn, "SELECT form, count(*) FROM mentions GROUP BY form")?,
        roles: one(conn, "SELECT count(*) FROM roles")?,
        quotes: one(conn, "SELECT count(*) FROM quotes")?,
        quotes_by_kind: grouped(
            conn,
            "SELECT CASE direct WHEN 1 THEN 'direct' ELSE 'indirect' END, count(*) FROM quotes
             GROUP BY direct",
        )?,
        quotes_with_speaker: one(
            conn,
            "SELECT count(*) FROM quotes WHERE speaker_ix IS NOT NULL",
        )?,
        events: one(conn, "SELECT count(*) FROM events")?,
        events_by_type: grouped(
            conn,
            "SELECT event_type, count(*) FROM events GROUP BY event_type",
        )?,
        relations: one(conn, "SELECT count(*) FROM relations")?,
        relations_by_predicate: grouped(
            conn,
            "SELECT predicate, count(*) FROM relations GROUP BY predicate",
        )?,
        graph: crate::query::graph_counts(conn)?,
    })
}
