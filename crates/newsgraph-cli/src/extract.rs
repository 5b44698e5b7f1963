//! `newsgraph extract`: run the pipeline over inputs and print one JSON object per document.
//!
//! Reading is sequential (the library's `Inputs` iterator does the I/O); decoding, HTML
//! extraction and the pipeline run in parallel with rayon over batches of records, and each
//! batch is printed in input order before the next is read, so output order never depends on
//! thread timing and memory stays bounded by the batch size.

use crate::common::{self, DataArgs};
use anyhow::Context;
use newsgraph::input::{Defaults, InputData, Inputs, Record};
use newsgraph::output::DocOutput;
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `newsgraph extract`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Formats by extension: .html/.htm (article extracted, boilerplate dropped), \
                  .jsonl (one {\"text\": ...} object per line), anything else plain text \
                  (UTF-8, else Windows-1252 with a warning). Metadata precedence: manifest, then \
                  the file's own (HTML meta tags, JSON fields), then --published/--source.\n\
                  Exit status: 0 all inputs read, 1 some inputs skipped (reported on stderr), \
                  2 usage or fatal error."
)]
pub struct Args {
    /// Files, directories (read recursively in sorted order, hidden files skipped) or `-` for
    /// standard input (read as plain text). Optional when --manifest is given.
    #[arg(value_name = "PATH", required_unless_present = "manifest")]
    pub paths: Vec<String>,

    /// Publication date (YYYY-MM-DD) for documents whose input states none.
    #[arg(long, value_name = "DATE", value_parser = parse_published)]
    pub published: Option<jiff::civil::Date>,

    /// Outlet name for documents whose input names none.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// CSV file listing inputs with their metadata: header `path,published,source,url,title`
    /// (only `path` required; relative paths resolve against the manifest's directory). Its
    /// files are read before any PATH.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub data: DataArgs,
}

/// Parse `--published`, with a message that says what is expected.
fn parse_published(s: &str) -> Result<jiff::civil::Date, String> {
    let bad = || format!("`{s}` is not a valid date: expected YYYY-MM-DD, e.g. 2024-03-05");
    if s.len() != 10 {
        return Err(bad());
    }
    newsgraph::input::parse_date(s).map_err(|_| bad())
}

/// What one record became: a JSON line or an error message, plus warnings to print.
struct Outcome {
    result: Result<String, String>,
    warnings: Vec<String>,
}

/// Run `newsgraph extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    common::install_panic_hook();
    let data_dir = args.data.data_dir();
    let pipeline = args.data.pipeline()?;
    let input_data = InputData::load(&data_dir).context("loading input resources")?;
    let defaults = Defaults {
        published: args.published,
        source: args.source.clone(),
    };
    let mut inputs = Inputs::new();
    if let Some(manifest) = &args.manifest {
        inputs
            .push_manifest(manifest)
            .with_context(|| format!("reading manifest {}", manifest.display()))?;
    }
    for path in &args.paths {
        inputs.push_path(path);
    }
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        builder = builder.num_threads(n);
    }
    let pool = builder.build().context("starting worker threads")?;
    let batch_size = (pool.current_num_threads() * 32).max(64);

    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut skipped = 0usize;
    loop {
        let batch: Vec<newsgraph::Result<Record>> = inputs.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|record| process(record, &pipeline, &input_data, &defaults))
                .collect()
        });
        for outcome in outcomes {
            for w in &outcome.warnings {
                common::warning(format_args!("{w}"));
            }
            match outcome.result {
                Ok(line) => {
                    if let Err(e) = writeln!(out, "{line}") {
                        return finish_write_error(e);
                    }
                }
                Err(message) => {
                    skipped += 1;
                    common::error(format_args!("{message}"));
                }
            }
        }
        if let Err(e) = out.flush() {
            return finish_write_error(e);
        }
    }
    Ok(if skipped > 0 {
        ExitCode::from(common::EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// A closed stdout ends the run successfully; any other write error is fatal.
fn finish_write_error(e: std::io::Error) -> anyhow::Result<ExitCode> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(anyhow::Error::new(e).context("writing to standard output"))
    }
}

/// Parse one record, run the pipeline, render JSON. Never panics: a panic inside a stage is
/// reported as this document's error.
fn process(
    record: newsgraph::Result<Record>,
    pipeline: &newsgraph::Pipeline,
    input_data: &InputData,
    defaults: &Defaults,
) -> Outcome {
    let mut doc = match record.and_then(|r| r.parse(input_data, defaults)) {
        Ok(doc) => doc,
        Err(e) => {
            return Outcome {
                result: Err(e.to_string()),
                warnings: Vec::new(),
            }
        }
    };
    let path = doc.meta.path.clone().unwrap_or_else(|| doc.id.clone());
    let warnings = doc
        .meta
        .warnings
        .iter()
        .map(|w| format!("{path}: {w}"))
        .collect();
    let result = common::catch(|| {
        pipeline.run(&mut doc).map_err(|e| e.to_string())?;
        let out = DocOutput::from_document(&doc);
        serde_json::to_string(&out).map_err(|e| format!("cannot render JSON: {e}"))
    })
    .and_then(|r| r)
    .map_err(|e| format!("{path}: {e}"));
    Outcome { result, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_published_validates() {
        assert_eq!(
            parse_published("2024-03-05"),
            Ok(jiff::civil::date(2024, 3, 5))
        );
        for bad in [
            "2024-02-30",
            "2024-3-5",
            "yesterday",
            "2024-03-05T00:00:00Z",
        ] {
            let e = parse_published(bad).unwrap_err();
            assert!(e.contains("expected YYYY-MM-DD"), "{e}");
        }
    }
}
