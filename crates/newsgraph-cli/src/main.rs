//! The `newsgraph` command: parses arguments, calls the library, prints results. No logic of its own.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::process::ExitCode;
use std::sync::Arc;

/// Read news articles and rebuild the actors, roles and quotes they describe, with sources.
#[derive(Parser)]
#[command(name = "newsgraph", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print one JSON object per document (JSON Lines) with its sentences, entities and quotes.
    Extract {
        /// Files, directories (read recursively) or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<String>,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsgraph: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { paths } => {
            let resources = Arc::new(newsgraph::Resources::load_default()?);
            let pipeline = newsgraph::Pipeline::standard(resources)?;
            for path in paths {
                let text = std::fs::read_to_string(&path)?;
                let mut doc = newsgraph::input::from_text(
                    text,
                    newsgraph::Meta {
                        path: Some(path),
                        ..Default::default()
                    },
                );
                pipeline.run(&mut doc)?;
                let out = newsgraph::output::DocOutput::from_document(&doc);
                println!("{}", serde_json::to_string(&out)?);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
