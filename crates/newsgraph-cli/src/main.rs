//! The `newsgraph` command: parses arguments, calls the library, prints results. No logic of its
//! own beyond error policy.
//!
//! Each subcommand lives in its own module with an `Args` struct (clap derive) and a
//! `run(args) -> anyhow::Result<ExitCode>`; adding a command is one module plus one variant of
//! [`Command`]. Exit status: 0 success, 1 when some input was skipped (each reported on stderr as
//! `newsgraph: <path>[:line]: <problem>`), 2 for usage and fatal errors. A closed stdout (e.g.
//! `newsgraph extract … | head`) ends the run quietly with status 0.

mod alert;
mod bench;
mod common;
mod eval;
mod export;
mod extract;
mod geo;
mod graph;
mod ingest;
mod parse;
mod query;
mod serve;
mod sources;
mod stats;
mod watch;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Read news articles and rebuild the actors, quotes and events they describe (who did what to
/// whom, when, where, how much, in what tone), with the byte
/// offsets of the evidence for every fact.
#[derive(Parser)]
#[command(name = "newsgraph", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate articles: entities, roles, quotes, events (who did what to whom, when, where,
    /// how much), relations and tone; one JSON object per document on stdout (JSON Lines), in
    /// input order.
    Extract(extract::Args),
    /// Score the pipeline against a gold file of annotated articles.
    Eval(eval::Args),
    /// Measure throughput, peak memory and time per stage of the whole pipeline (no output).
    Bench(bench::Args),
    /// Run the pipeline over inputs and store the results (SQLite file or PostgreSQL), each
    /// article once, then link actors and events across articles; interrupted runs resume
    /// where they stopped.
    Ingest(ingest::Args),
    /// Count what a database written by `ingest` holds: documents, outlets, entities,
    /// mentions, quotes, events, relations, by type.
    Stats(stats::Args),
    /// List the actors of the graph: one line per real actor across all documents.
    Entities(query::EntitiesArgs),
    /// Everything about one actor: names, roles over time, quotes, events, relations.
    Entity(query::EntityArgs),
    /// List events across documents (who did what to whom, when, where, how much, in what
    /// tone), each with its mentions and independent sources; filter by actor, type, date,
    /// place (--near, --bbox) and amount (--min-amount).
    Events(query::EventsArgs),
    /// List quotations by a speaker or about an actor.
    Quotes(query::QuotesArgs),
    /// Everything linking two actors, in time order, with the cooperation/conflict balance and
    /// the mean tone of their events.
    Between(query::BetweenArgs),
    /// List the contradictions between outlets, with both versions and their sources.
    Conflicts(query::ConflictsArgs),
    /// Write the graph for other tools: jsonl, csv (GDELT-style events with places), geojson
    /// (located events), graphml, gexf, turtle, jsonld, parquet.
    Export(export::Args),
    /// Serve the JSON API and the web UI (overview graph, actors, map, conflicts, live alerts)
    /// over a database (read-only unless a token is set).
    Serve(serve::Args),
    /// Tag, lemmatise and dependency-parse CoNLL-U (gold words) or plain text; CoNLL-U out.
    Parse(parse::Args),
    /// Keep a database up to date from folders (new or changed files) and feed URLs, polling
    /// at an interval, until Ctrl-C.
    Watch(watch::Args),
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) if common::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            common::error(format_args!("error: {err:#}"));
            ExitCode::from(common::EXIT_FATAL)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; clap knows which stream and code to use.
            let _ = e.print();
            return Ok(ExitCode::from(e.exit_code().clamp(0, 255) as u8));
        }
    };
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Entities(args) => query::entities(args),
        Command::Entity(args) => query::entity(args),
        Command::Events(args) => query::events(args),
        Command::Quotes(args) => query::quotes(args),
        Command::Between(args) => query::between(args),
        Command::Conflicts(args) => query::conflicts(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Watch(args) => watch::run(args),
    }
}
