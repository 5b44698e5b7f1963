//! `newsgraph extract`: run the pipeline over inputs and print one JSON object per document.
//!
//! Reading is sequential (the library's `Inputs` iterator does the I/O); decoding, HTML
//! extraction and the pipeline run in parallel with rayon over batches of records, and each
//! batch is printed in input order before the next is read, so output order never depends on
//! thread timing and memory stays bounded by the batch size.

use crate::common::{self, InputArgs, Parsed, Reader};
use crate::sources::{self, FetchArgs, Source, Sources};
use newsgraph::output::DocOutput;
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Flags of `newsgraph extract`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Formats by extension: .html/.htm (article extracted, boilerplate dropped), \
                  .jsonl (one {\"text\": ...} object per line), .warc/.warc.gz (each HTML \
                  response a document), anything else plain text (UTF-8, else Windows-1252 \
                  with a warning). http:// and https:// URLs are fetched: a page, or a feed \
                  (RSS, Atom, JSON Feed) whose items are followed. Metadata precedence: manifest, then \
                  the file's own (HTML meta tags, JSON fields), then --published/--source.\n\
                  Exit status: 0 all inputs read, 1 some inputs skipped (reported on stderr), \
                  2 usage or fatal error."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// What one record became: a JSON line or an error message, plus warnings to print.
struct Outcome {
    result: Result<String, String>,
    warnings: Vec<String>,
}

/// Run `newsgraph extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    common::install_panic_hook();
    let reader = args.input.reader()?;
    // No store here: every URL is fetched in full.
    let mut inputs = Sources::new(
        sources::manifest_inputs(&args.input)?,
        &args.input.paths,
        args.fetch.options(),
        None,
        None,
    );
    let batch_size = reader.batch_size();

    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut skipped = 0usize;
    loop {
        let batch: Vec<Source> = inputs.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<Option<Outcome>> = reader.pool.install(|| {
            batch
                .into_par_iter()
                .map(|record| process(record, &reader))
                .collect()
        });
        for outcome in outcomes.into_iter().flatten() {
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
    for line in inputs.report().lines() {
        common::error(format_args!("note: {line}"));
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
fn process(source: Source, reader: &Reader) -> Option<Outcome> {
    let Parsed { doc, warnings } = match source {
        Source::Record(record) => reader.parse(record),
        Source::Page(page) => sources::parse_page(reader, &page),
        Source::Failed { message, .. } => Parsed {
            doc: Err(message),
            warnings: Vec::new(),
        },
        Source::WalkDone { .. } => return None,
    };
    let result = doc.and_then(|mut doc| {
        reader.annotate(&mut doc)?;
        let out = DocOutput::from_document(&doc);
        serde_json::to_string(&out).map_err(|e| {
            let path = doc.meta.path.as_deref().unwrap_or(&doc.id);
            format!("{path}: cannot render JSON: {e}")
        })
    });
    Some(Outcome { result, warnings })
}
