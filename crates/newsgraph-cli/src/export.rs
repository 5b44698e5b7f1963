//! `newsgraph export`: write the cross-document graph for other tools (JSON Lines, a GDELT-style
//! CSV of events, GeoJSON of located events, GraphML and GEXF actor graphs for Gephi and NetworkX, RDF as Turtle or
//! JSON-LD, Parquet tables partitioned by month). The formats and the RDF vocabulary are the store's
//! ([`newsgraph_store::export`]); this module picks the output.

use anyhow::Context;
use newsgraph_store::{ExportFormat, Store};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Export formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Everything, one JSON object a line (`record`: document, duplicate, entity, event, quote,
    /// relation, conflict).
    Jsonl,
    /// GDELT-style events table, with ActionGeo-style place columns, amounts and tone.
    Csv,
    /// Located events as a GeoJSON FeatureCollection (points with the event id, type, dates,
    /// actors, evidence and sources).
    Geojson,
    /// Actor graph (GraphML), weighted cooperation/conflict edges.
    Graphml,
    /// Actor graph (GEXF 1.2), for Gephi.
    Gexf,
    /// RDF, Turtle.
    Turtle,
    /// RDF, JSON-LD.
    Jsonld,
    /// Parquet files under the `--out` folder: events, entities, mentions and quotes,
    /// partitioned by month (`events/month=2024-07/part-0.parquet`).
    Parquet,
}

/// Flags of `newsgraph export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SQLite database written by `newsgraph ingest`, or a PostgreSQL database as a
    /// `postgres://user@host/db` URL.
    #[arg(long, value_name = "FILE", default_value = "newsgraph.db")]
    pub db: PathBuf,

    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,

    /// Write to FILE instead of standard output (for `parquet`: the folder to write into,
    /// required).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Run `newsgraph export`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(&args.db)
        .with_context(|| format!("opening {}", newsgraph_store::db::shown(&args.db)))?;
    let format = match args.format {
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Csv => ExportFormat::Csv,
        Format::Geojson => ExportFormat::Geojson,
        Format::Graphml => ExportFormat::Graphml,
        Format::Gexf => ExportFormat::Gexf,
        Format::Turtle => ExportFormat::Turtle,
        Format::Jsonld => ExportFormat::Jsonld,
        Format::Parquet => {
            let Some(dir) = &args.out else {
                anyhow::bail!("--format parquet writes a folder of files: give it with --out DIR");
            };
            let written = store
                .export_parquet(dir)
                .with_context(|| format!("writing {}", dir.display()))?;
            let rows: usize = written.iter().map(|(_, n)| n).sum();
            eprintln!(
                "{}: {} Parquet files, {rows} rows",
                dir.display(),
                written.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
    };
    match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            store
                .export(format, &mut out)
                .with_context(|| format!("writing {}", path.display()))?;
            out.flush()
                .with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            store
                .export(format, &mut out)
                .context("writing to standard output")?;
            out.flush().context("writing to standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
