//! `newsgraph stats`: what the store holds, as a table or as JSON. The counting is the store's
//! ([`newsgraph_store::Store::stats`]); this module only renders.

use anyhow::Context;
use newsgraph_store::{Stats, Store};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `newsgraph stats`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// One JSON object.
    Json,
}

/// Flags of `newsgraph stats`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SQLite database written by `newsgraph ingest`, or a PostgreSQL database as a
    /// `postgres://user@host/db` URL.
    #[arg(long, value_name = "FILE", default_value = "newsgraph.db")]
    pub db: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run `newsgraph stats`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(&args.db)
        .with_context(|| format!("opening {}", newsgraph_store::db::shown(&args.db)))?;
    let stats = store.stats().context("counting")?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&stats)? + "\n",
        Format::Table => table(&stats),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// How many outlets the table lists by name.
const TOP_OUTLETS: usize = 10;

/// The counts as an aligned table: each total, then its breakdown indented below it.
fn table(s: &Stats) -> String {
    let mut rows: Vec<(String, u64)> = Vec::new();
    let mut add = |label: &str, n: u64| rows.push((label.to_string(), n));
    let by = |rows: &mut Vec<(String, u64)>, m: &BTreeMap<String, u64>| {
        let mut v: Vec<_> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, n) in v {
            rows.push((format!("  {k}"), *n));
        }
    };
    add("documents", s.documents);
    add("  paths read", s.paths);
    add("  changed paths", s.changed_paths);
    add("outlets", s.outlets);
    add("sentences", s.sentences);
    add("entities", s.entities);
    by(&mut rows, &s.entities_by_type);
    rows.push(("mentions".into(), s.mentions));
    by(&mut rows, &s.mentions_by_type);
    rows.push(("roles".into(), s.roles));
    rows.push(("quotes".into(), s.quotes));
    by(&mut rows, &s.quotes_by_kind);
    rows.push(("  with a speaker".into(), s.quotes_with_speaker));
    rows.push(("events".into(), s.events));
    by(&mut rows, &s.events_by_type);
    rows.push(("relations".into(), s.relations));
    by(&mut rows, &s.relations_by_predicate);
    let g = &s.graph;
    rows.push((
        "graph entities (across documents)".into(),
        g.entities_by_type.values().sum(),
    ));
    by(&mut rows, &g.entities_by_type);
    rows.push(("graph events (across documents)".into(), g.events));
    rows.push(("  reported by 2+ sources".into(), g.corroborated_events));
    rows.push(("near-duplicate article pairs".into(), g.near_duplicates));
    rows.push(("conflicts".into(), g.conflicts_by_kind.values().sum()));
    by(&mut rows, &g.conflicts_by_kind);
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let nwidth = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for (label, n) in &rows {
        let _ = writeln!(out, "{label:<width$}  {n:>nwidth$}");
    }
    if !s.documents_by_outlet.is_empty() || s.documents_without_outlet > 0 {
        let _ = writeln!(out, "\ndocuments by outlet");
        for o in s.documents_by_outlet.iter().take(TOP_OUTLETS) {
            let _ = writeln!(out, "  {:>nwidth$}  {}", o.documents, o.name);
        }
        let rest = s.documents_by_outlet.len().saturating_sub(TOP_OUTLETS);
        if rest > 0 {
            let _ = writeln!(out, "  … and {rest} more outlets");
        }
        if s.documents_without_outlet > 0 {
            let _ = writeln!(
                out,
                "  {:>nwidth$}  (no outlet named)",
                s.documents_without_outlet
            );
        }
    }
    let _ = writeln!(out, "\nschema version {}", s.schema_version);
    out
}
