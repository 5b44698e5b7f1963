//! The cross-document graph step that ends every `newsgraph ingest`: load the resolution rules
//! (given-name variants from the data directory, the alias file) and bring the store's graph
//! up to date. The work itself is the store's ([`newsgraph_store::Store::resolve`]).

use crate::common::DataArgs;
use anyhow::Context;
use newsgraph_store::{GraphConfig, ResolveReport, Store};
use std::path::Path;

/// Resolve the documents of `db` not yet in its graph.
pub fn resolve(
    db: &Path,
    data: &DataArgs,
    aliases: Option<&Path>,
) -> anyhow::Result<ResolveReport> {
    let config = GraphConfig::load(&data.data_dir(), aliases).context("loading the graph rules")?;
    let mut store =
        Store::open(db).with_context(|| format!("opening {}", newsgraph_store::db::shown(db)))?;
    store.resolve(&config).with_context(|| {
        format!(
            "{}: linking documents into the graph",
            newsgraph_store::db::shown(db)
        )
    })
}

/// One line saying what resolving did.
pub fn summary(r: &ResolveReport) -> String {
    let mut s = format!(
        "graph: {} documents linked ({} entities, {} new; {} events), {} near-duplicate pairs, \
         {} conflicts",
        r.documents, r.entities_linked, r.new_entities, r.events_linked, r.duplicates, r.conflicts
    );
    if r.rebuilt {
        s.push_str(" (rules changed: graph rebuilt)");
    }
    s
}
