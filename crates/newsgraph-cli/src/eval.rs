//! `newsgraph eval`: score the pipeline against gold annotations and print the report.

use crate::common::DataArgs;
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `newsgraph eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold file: articles with their expected entities, roles and quotes.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,

    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub data: DataArgs,
}

/// Run `newsgraph eval`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.data.pipeline()?;
    let report = newsgraph::eval::evaluate(&pipeline, &args.gold)
        .with_context(|| format!("evaluating against {}", args.gold.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).context("writing the report")?;
        writeln!(out).context("writing the report")?;
    } else {
        writeln!(out, "{report}").context("writing the report")?;
    }
    out.flush().context("writing the report")?;
    Ok(ExitCode::SUCCESS)
}
