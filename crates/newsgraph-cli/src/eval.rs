//! `newsgraph eval`: score the pipeline against gold annotations and print the report.
//!
//! `--gold FILE` scores whole annotated articles (entities, roles, quotes, events);
//! `--sentences FILE` scores single-sentence event coding (PLOVER type, CAMEO root, source and
//! target countries) and `--show N` lists the first N misses, false positives and wrong
//! participants; `--places FILE` scores event locations and amounts. Several may be given;
//! each report is printed in turn.

use crate::common::DataArgs;
use anyhow::Context;
use newsgraph_eval::{SentenceErrorKind, SentenceReport};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `newsgraph eval`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("input").required(true).multiple(true).args(["gold", "sentences", "places"])))]
pub struct Args {
    /// Gold file: articles with their expected entities, roles and quotes.
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,

    /// Sentence gold file (JSON Lines): single sentences with their coded PLOVER events.
    #[arg(long, value_name = "FILE")]
    pub sentences: Option<PathBuf>,

    /// Place gold file (JSON Lines): single sentences with where their event happened and the
    /// amounts they state.
    #[arg(long, value_name = "FILE")]
    pub places: Option<PathBuf>,

    /// With --sentences or --places: list the first N misses, false positives and wrong participants.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show: usize,

    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub data: DataArgs,
}

/// Run `newsgraph eval`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.data.pipeline()?;
    let mut out = std::io::stdout().lock();
    if let Some(gold) = &args.gold {
        let report = newsgraph_eval::evaluate(&pipeline, gold)
            .with_context(|| format!("evaluating against {}", gold.display()))?;
        if args.json {
            serde_json::to_writer_pretty(&mut out, &report).context("writing the report")?;
            writeln!(out).context("writing the report")?;
        } else {
            writeln!(out, "{report}").context("writing the report")?;
        }
    }
    if let Some(sentences) = &args.sentences {
        let mut report = newsgraph_eval::evaluate_sentences(&pipeline, sentences)
            .with_context(|| format!("evaluating against {}", sentences.display()))?;
        if args.json {
            if args.show == 0 {
                report.errors.clear();
            }
            serde_json::to_writer_pretty(&mut out, &report).context("writing the report")?;
            writeln!(out).context("writing the report")?;
        } else {
            writeln!(out, "{report}").context("writing the report")?;
            write_errors(&mut out, &report, args.show).context("writing the report")?;
        }
    }
    if let Some(places) = &args.places {
        let mut report = newsgraph_eval::evaluate_places(&pipeline, places)
            .with_context(|| format!("evaluating against {}", places.display()))?;
        report.errors.truncate(args.show);
        if args.json {
            serde_json::to_writer_pretty(&mut out, &report).context("writing the report")?;
            writeln!(out).context("writing the report")?;
        } else {
            writeln!(out, "{report}").context("writing the report")?;
            for e in &report.errors {
                writeln!(out, "  {e}").context("writing the report")?;
            }
        }
    }
    out.flush().context("writing the report")?;
    Ok(ExitCode::SUCCESS)
}

/// The first `n` errors of each kind, one block per error.
fn write_errors(out: &mut impl Write, report: &SentenceReport, n: usize) -> std::io::Result<()> {
    if n == 0 {
        return Ok(());
    }
    for (kind, title) in [
        (SentenceErrorKind::Miss, "misses"),
        (SentenceErrorKind::FalsePositive, "false positives"),
        (SentenceErrorKind::WrongSource, "wrong source"),
        (SentenceErrorKind::WrongTarget, "wrong target"),
    ] {
        let errors = report.errors_of(kind, n);
        let total = report.errors.iter().filter(|e| e.kind == kind).count();
        writeln!(out, "\n== {title} ({} of {total}) ==", errors.len())?;
        for e in errors {
            writeln!(out, "{} {}", e.id, e.text)?;
            if !e.gold.is_empty() {
                writeln!(out, "    gold:   {}", e.gold)?;
            }
            if !e.output.is_empty() {
                writeln!(out, "    output: {}", e.output)?;
            }
        }
    }
    Ok(())
}
