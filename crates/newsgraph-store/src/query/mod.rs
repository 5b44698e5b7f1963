//! Reading the cross-document graph: entities, entity profiles, events, quotes, what links two
//! actors, and conflicts. Every fact comes with its evidence, `{"doc": id, "start": s, "end": e}`
//! (byte offsets into that document's text), so a reader can always go back to the words.
//!
//! Global ids are printed `g{n}` (entities), `ev{n}` (events) and `c{n}` (conflicts); entity
//! and event ids never change once given (see [`crate::resolve`]). The results are plain
//! serialisable structs; the CLI renders them as tables or JSON.

use crate::db::{Db, OptionalExtension};
use crate::names::{fold, person_key};
use crate::params;
use crate::{GraphConfig, Result, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

mod conflicts;
mod entities;
pub(crate) mod events;
mod geo;
mod profile;
mod quotes;
mod rows;

pub use entities::*;
pub use events::date_label;
pub use geo::{gazetteer_place, haversine_km, parse_bbox, parse_distance_km, NamedPlace};
pub use rows::*;

fn ev(doc: String, start: i64, end: i64) -> Evidence {
    Evidence { doc, start, end }
}

/// Count the graph.
pub(crate) fn graph_counts(conn: &Db) -> Result<GraphCounts> {
    let grouped = |sql: &str| -> Result<BTreeMap<String, u64>> {
        let mut st = conn.prepare(sql)?;
        let rows = st.query_map((), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        rows.collect::<Result<_>>()
    };
    let one =
        |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, (), |r| r.get::<_, i64>(0))? as u64) };
    Ok(GraphCounts {
        entities_by_type: grouped("SELECT type, count(*) FROM gentities GROUP BY type")?,
        events: one("SELECT count(*) FROM gevents")?,
        corroborated_events: one("SELECT count(*) FROM gevents WHERE sources > 1")?,
        near_duplicates: one("SELECT count(*) FROM doc_duplicates")?,
        conflicts_by_kind: grouped("SELECT kind, count(*) FROM conflicts GROUP BY kind")?,
    })
}
