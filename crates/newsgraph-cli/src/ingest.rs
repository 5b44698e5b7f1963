//! `newsgraph ingest`: run the pipeline over inputs and store the results in the SQLite store.
//!
//! Three kinds of work overlap. The main thread reads records in batches (sequential I/O, as
//! `extract` does) and hands each batch to the rayon workers, which decode it; documents whose
//! text is already stored are not annotated again (the id is a hash of the text, so a re-run
//! costs reading and hashing only), the others go through the pipeline on the workers. The batch
//! then goes to a single writer thread, which commits it as one transaction and reports each
//! document in input order while the main thread reads the next batch. A bounded channel keeps
//! at most two batches waiting, so memory stays bounded.
//!
//! Durability comes from the store (one transaction per batch, WAL): killing the process loses
//! at most the batches not yet committed, and running the same command again completes the job.
//! Paths are recorded in their canonical absolute form, so the same file reached by another
//! relative path is the same path in the store's version history.

use crate::common::{self, InputArgs, Parsed, Reader};
use crate::sources::{self, FetchArgs, Page, Source, Sources};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use newsgraph::input::Record;
use newsgraph::Document;
use newsgraph_fetch::Validators;
use newsgraph_store::{Ingest, SaveValidators, Store, Stored};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Flags of `newsgraph ingest`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Inputs are read as by `extract`: .html/.htm pages, .jsonl (one article a line), \
                  .warc/.warc.gz archives, http(s) URLs of pages or feeds (fetched again with \
                  conditional requests: an unchanged feed costs one 304), \
                  anything else plain text (UTF-8, else Windows-1252 with a warning); manifest \
                  metadata wins over the file's own, which wins over --published/--source.\n\
                  The same text from any path is stored once; a changed file under a path \
                  already stored is a new version (the old one stays). Each batch is one \
                  transaction: an interrupted run loses at most the batch in flight, and \
                  running the same command again completes the job.\n\
                  Exit status: 0 all inputs stored, 1 some inputs skipped (reported on stderr), \
                  2 usage or fatal error."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// SQLite database to store into, or a PostgreSQL database as a `postgres://user@host/db`
    /// URL (several ingests may write one PostgreSQL database at once); created when
    /// missing, upgraded when older.
    #[arg(long, value_name = "FILE", default_value = "newsgraph.db")]
    pub db: PathBuf,

    /// Documents per transaction (default: 32 per thread, at least 64).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: Option<u32>,

    /// Print only errors: no progress bar, warnings, notes or summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Also print a line for every document stored or found already stored.
    #[arg(long, short = 'v', conflicts_with = "quiet")]
    pub verbose: bool,

    /// Alias file forcing or forbidding merges of entities across documents (default: the
    /// data directory's aliases.tsv; see README, "Graph").
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
}

/// What the workers made of one record.
enum Work {
    /// A new text, annotated, to be stored.
    Annotated(Box<Document>),
    /// A text the store already holds: only its path is recorded.
    Known { id: String, path: Option<String> },
    /// Could not be read, parsed or annotated: the message names the input.
    Failed(String),
    /// The walk from a command-line URL is over: validators left to save (a feed's) once every
    /// page of the walk is stored.
    WalkDone(Vec<(String, Validators)>),
}

/// One record on its way to the writer.
struct Item {
    /// The input's name as the user gave it (`dir/a.txt`, `feed.jsonl:3`), for messages.
    label: String,
    /// Reading warnings, already naming the input.
    warnings: Vec<String>,
    work: Work,
    /// The walk from a command-line URL this came from.
    walk: Option<usize>,
    /// Validators of the URL the document was fetched from, saved with it: (URL, validators).
    validators: Option<(String, Validators)>,
}

/// Running totals, kept by the writer.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub read: u64,
    pub new: u64,
    pub changed: u64,
    pub existing: u64,
    pub duplicates: u64,
    pub skipped: u64,
    pub warnings: u64,
}

impl Counts {
    fn progress(&self) -> String {
        let mut s = format!("{} new, {} already stored", self.new, self.existing);
        if self.skipped > 0 {
            s.push_str(&format!(", {} skipped", self.skipped));
        }
        s
    }
}

/// How much to say.
#[derive(Clone)]
pub(crate) struct Ui {
    bar: ProgressBar,
    quiet: bool,
    verbose: bool,
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool) -> Ui {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
            let style =
                ProgressStyle::with_template("{spinner} {pos} documents  {rate}  {elapsed}  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner())
                    .with_key(
                        "rate",
                        |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.0} documents/s", state.per_sec());
                        },
                    );
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(125));
            bar
        };
        Ui {
            bar,
            quiet,
            verbose,
        }
    }

    pub fn error(&self, message: &str) {
        self.bar
            .suspend(|| common::error(format_args!("{message}")));
    }

    fn warning(&self, message: &str) {
        if !self.quiet {
            self.bar
                .suspend(|| common::warning(format_args!("{message}")));
        }
    }

    pub fn note(&self, message: &str) {
        if !self.quiet {
            self.bar
                .suspend(|| common::error(format_args!("note: {message}")));
        }
    }

    fn detail(&self, message: &str) {
        if self.verbose {
            self.bar
                .suspend(|| common::error(format_args!("{message}")));
        }
    }
}

/// The key a path is stored under: its canonical absolute form (`:line` kept for JSON Lines),
/// so the same file named two ways is one path; standard input stays `-`.
fn store_path(origin: &str, line: Option<usize>) -> String {
    let base = if origin == "-" {
        origin.to_string()
    } else {
        std::fs::canonicalize(origin)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| origin.to_string())
    };
    match line {
        Some(line) => format!("{base}:{line}"),
        None => base,
    }
}

/// Parse one record and give its document the path key it is stored under.
fn parse(record: newsgraph::Result<Record>, reader: &Reader) -> (String, Parsed) {
    let key = record.as_ref().ok().map(|r| store_path(&r.origin, r.line));
    let mut parsed = reader.parse(record);
    let mut label = String::new();
    if let Ok(doc) = parsed.doc.as_mut() {
        label = doc.meta.path.clone().unwrap_or_else(|| doc.id.clone());
        if key.is_some() {
            doc.meta.path = key;
        }
    }
    (label, parsed)
}

/// Read one source: a file record as before, a page through the HTML reader (its path is its
/// URL, kept as is), or a failure or end of walk passed along.
fn parse_source(source: Source, reader: &Reader) -> (Item, Option<Parsed>) {
    let item = |label: String, work: Work, walk: Option<usize>| Item {
        label,
        warnings: Vec::new(),
        work,
        walk,
        validators: None,
    };
    match source {
        Source::Record(record) => {
            let (label, parsed) = parse(record, reader);
            (item(label, Work::Failed(String::new()), None), Some(parsed))
        }
        Source::Page(page) => {
            let parsed = sources::parse_page(reader, &page);
            let Page {
                fetched,
                label,
                walk,
                validators,
            } = *page;
            let mut it = item(label, Work::Failed(String::new()), walk);
            it.validators = validators.map(|v| (fetched.url, v));
            (it, Some(parsed))
        }
        Source::Failed { message, walk } => {
            (item(message.clone(), Work::Failed(message), walk), None)
        }
        Source::WalkDone { walk, leftover } => (
            item(String::new(), Work::WalkDone(leftover), Some(walk)),
            None,
        ),
    }
}

/// Run `newsgraph ingest`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    common::install_panic_hook();
    let started = Instant::now();
    let reader = args.input.reader()?;
    let db = newsgraph_store::db::shown(&args.db);
    let ui = Ui::new(args.quiet, args.verbose);
    let store = open_store(&args.db, &ui)?;
    let remembered = Store::open(&args.db).with_context(|| format!("opening {db}"))?;
    let mut inputs = Sources::new(
        sources::manifest_inputs(&args.input)?,
        &args.input.paths,
        args.fetch.options(),
        Some(remembered),
        Some(ui.bar.clone()),
    );
    let batch_size = args
        .batch
        .map_or_else(|| reader.batch_size(), |n| n as usize);
    let counts = ingest_sources(&reader, &args.db, store, &mut inputs, batch_size, &ui, None)?;
    ui.bar.finish_and_clear();
    let graph = crate::graph::resolve(&args.db, &args.input.data, args.aliases.as_deref())?;
    if !args.quiet {
        println!("{}", summary(&db, &counts, started.elapsed()));
        for line in inputs.report().lines() {
            println!("{line}");
        }
        println!("{db}: {}", crate::graph::summary(&graph));
    }
    Ok(if counts.skipped > 0 {
        ExitCode::from(common::EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Open (create, upgrade) the database to write into, noting an upgrade.
pub(crate) fn open_store(path: &Path, ui: &Ui) -> anyhow::Result<Store> {
    let db = newsgraph_store::db::shown(path);
    let store = Store::open(path).with_context(|| format!("opening {db}"))?;
    if let Some(from) = store.upgraded_from().filter(|v| *v > 0) {
        ui.note(&format!(
            "{db}: upgraded the database schema from version {from} to {}",
            newsgraph_store::schema::CURRENT_VERSION
        ));
    }
    Ok(store)
}

/// Read `sources` in batches, annotate what is new and commit each batch through `store` on a
/// writer thread; returns the counts once every batch read is committed. When `stop` is set,
/// no further batch is read: the one in flight is still committed, so nothing read is lost.
pub(crate) fn ingest_sources(
    reader: &Reader,
    db: &Path,
    store: Store,
    inputs: &mut Sources,
    batch_size: usize,
    ui: &Ui,
    stop: Option<&AtomicBool>,
) -> anyhow::Result<Counts> {
    let lookup =
        Store::open(db).with_context(|| format!("opening {}", newsgraph_store::db::shown(db)))?;
    let (send, receive) = mpsc::sync_channel::<Vec<Item>>(2);
    let writer = {
        let ui = ui.clone();
        std::thread::spawn(move || write_batches(store, receive, &ui))
    };
    loop {
        if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
            break;
        }
        let records: Vec<Source> = inputs.by_ref().take(batch_size).collect();
        if records.is_empty() {
            break;
        }
        let parsed: Vec<(Item, Option<Parsed>)> = reader.pool.install(|| {
            records
                .into_par_iter()
                .map(|record| parse_source(record, reader))
                .collect()
        });
        let mut items = Vec::with_capacity(parsed.len());
        for (mut item, parsed) in parsed {
            if let Some(Parsed { doc, warnings }) = parsed {
                item.warnings = warnings;
                item.work = match doc {
                    Err(message) => Work::Failed(message),
                    Ok(doc) if lookup.contains(&doc.id)? => Work::Known {
                        id: doc.id,
                        path: doc.meta.path,
                    },
                    Ok(doc) => Work::Annotated(Box::new(doc)),
                };
            }
            items.push(item);
        }
        reader.pool.install(|| {
            items.par_iter_mut().for_each(|item| {
                if let Work::Annotated(doc) = &mut item.work {
                    if let Err(message) = reader.annotate(doc) {
                        item.work = Work::Failed(message);
                    }
                }
            })
        });
        if send.send(items).is_err() {
            break; // the writer stopped on an error, which `join` returns
        }
    }
    drop(send);
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("the database writer thread panicked"))?
}

/// The writer thread: commit each batch in one transaction, then report its items in order.
fn write_batches(
    mut store: Store,
    batches: mpsc::Receiver<Vec<Item>>,
    ui: &Ui,
) -> anyhow::Result<Counts> {
    let mut counts = Counts::default();
    // Where each text was first read in this run, to name duplicates as the user named them.
    let mut first_seen: HashMap<String, String> = HashMap::new();
    // Walks from command-line URLs with a page that failed: their feeds' validators are not
    // saved, so the next run fetches the feed again and retries the page.
    let mut failed_walks: HashSet<usize> = HashSet::new();
    for batch in batches {
        let (ingest, save) = plan_batch(&batch, &mut failed_walks);
        let results = store
            .store_batch_with(&ingest, &save)
            .context("writing to the database")?;
        for (item, result) in batch.iter().filter(|i| is_stored(&i.work)).zip(&results) {
            if !matches!(result, Ok(Stored::New { .. } | Stored::Existing { .. })) {
                failed_walks.extend(item.walk);
            }
        }
        let mut results = results.into_iter();
        for item in &batch {
            if matches!(item.work, Work::WalkDone(_)) {
                continue;
            }
            counts.read += 1;
            for w in &item.warnings {
                counts.warnings += 1;
                ui.warning(w);
            }
            let id = match &item.work {
                Work::Failed(message) => {
                    counts.skipped += 1;
                    ui.error(message);
                    continue;
                }
                Work::Annotated(doc) => doc.id.as_str(),
                Work::Known { id, .. } => id.as_str(),
                Work::WalkDone(_) => continue,
            };
            let label = &item.label;
            match results.next() {
                Some(Ok(Stored::New { version })) => {
                    counts.new += 1;
                    first_seen.insert(id.to_string(), label.clone());
                    match version {
                        Some(v) if v > 1 => {
                            counts.changed += 1;
                            ui.detail(&format!("{label}: stored as version {v} ({id})"));
                        }
                        _ => ui.detail(&format!("{label}: stored ({id})")),
                    }
                }
                Some(Ok(Stored::Existing { first_path })) => {
                    counts.existing += 1;
                    let here = match &item.work {
                        Work::Annotated(doc) => doc.meta.path.as_deref(),
                        Work::Known { path, .. } => path.as_deref(),
                        Work::Failed(_) | Work::WalkDone(_) => None,
                    };
                    if first_path.is_some() && first_path.as_deref() != here {
                        counts.duplicates += 1;
                        let first = first_seen
                            .get(id)
                            .cloned()
                            .or(first_path)
                            .unwrap_or_default();
                        ui.note(&format!("{label}: same text as {first}; stored once"));
                    } else {
                        ui.detail(&format!("{label}: already stored ({id})"));
                    }
                }
                Some(Ok(Stored::Missing)) => {
                    counts.skipped += 1;
                    ui.error(&format!(
                        "{label}: document {id} vanished from the store while ingesting; run again"
                    ));
                }
                Some(Err(e)) => {
                    counts.skipped += 1;
                    ui.error(&format!("{label}: not stored: {e}"));
                }
                None => {
                    counts.skipped += 1;
                    ui.error(&format!("{label}: not stored: no result from the store"));
                }
            }
        }
        let documents = batch
            .iter()
            .filter(|i| !matches!(i.work, Work::WalkDone(_)));
        ui.bar.inc(documents.count() as u64);
        ui.bar.set_message(counts.progress());
    }
    Ok(counts)
}

/// Whether an item goes to the store as a document (new or known).
fn is_stored(work: &Work) -> bool {
    matches!(work, Work::Annotated(_) | Work::Known { .. })
}

/// What to hand the store for one batch: the documents, and the validators to save with them
/// (a page's when its document is stored; a finished walk's leftover, a feed's, when no page of
/// the walk failed so far and every one in this batch is stored).
fn plan_batch<'b>(
    batch: &'b [Item],
    failed_walks: &mut HashSet<usize>,
) -> (Vec<Ingest<'b>>, Vec<SaveValidators<'b>>) {
    let mut ingest = Vec::new();
    let mut save = Vec::new();
    // Indices into `ingest` of this batch's documents, by walk.
    let mut in_walk: HashMap<usize, Vec<usize>> = HashMap::new();
    for item in batch {
        let index = ingest.len();
        match &item.work {
            Work::Annotated(doc) => ingest.push(Ingest::Document(doc)),
            Work::Known { id, path } => ingest.push(Ingest::Known {
                id,
                path: path.as_deref(),
            }),
            Work::Failed(_) => {
                failed_walks.extend(item.walk);
                continue;
            }
            Work::WalkDone(leftover) => {
                let walk = item.walk.unwrap_or(usize::MAX);
                if !failed_walks.contains(&walk) {
                    let requires = in_walk.remove(&walk).unwrap_or_default();
                    for (url, v) in leftover {
                        save.push(SaveValidators {
                            url,
                            validators: sources::to_store(v),
                            requires: requires.clone(),
                        });
                    }
                }
                continue;
            }
        }
        if let Some(walk) = item.walk {
            in_walk.entry(walk).or_default().push(index);
        }
        if let Some((url, v)) = &item.validators {
            save.push(SaveValidators {
                url,
                validators: sources::to_store(v),
                requires: vec![index],
            });
        }
    }
    (ingest, save)
}

/// The closing line: `newsgraph.db: 3 new, 2 already stored, 0 skipped (5 documents in …)`.
pub(crate) fn summary(db: &str, c: &Counts, elapsed: Duration) -> String {
    let mut s = format!(
        "{db}: {} new, {} already stored, {} skipped",
        c.new, c.existing, c.skipped
    );
    let mut extra = Vec::new();
    if c.changed > 0 {
        extra.push(format!(
            "{} changed files stored as new versions",
            c.changed
        ));
    }
    if c.duplicates > 0 {
        extra.push(format!("{} duplicate texts", c.duplicates));
    }
    if c.warnings > 0 {
        let plural = if c.warnings == 1 { "" } else { "s" };
        extra.push(format!("{} warning{plural}", c.warnings));
    }
    if !extra.is_empty() {
        s.push_str(&format!(" ({})", extra.join(", ")));
    }
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        c.read as f64 / secs
    } else {
        0.0
    };
    let documents = if c.read == 1 { "document" } else { "documents" };
    s.push_str(&format!(
        "; {} {documents} in {secs:.1} s, {rate:.0} documents/s",
        c.read
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_counts_and_extras() {
        let c = Counts {
            read: 6,
            new: 3,
            changed: 1,
            existing: 2,
            duplicates: 1,
            skipped: 1,
            warnings: 1,
        };
        let s = summary("x.db", &c, Duration::from_secs(2));
        assert!(
            s.starts_with("x.db: 3 new, 2 already stored, 1 skipped (1 changed files stored as new versions, 1 duplicate texts, 1 warning); 6 documents in 2.0 s, 3 documents/s"),
            "{s}"
        );
    }

    #[test]
    fn store_path_is_canonical_and_keeps_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.jsonl");
        std::fs::write(&file, "{}").unwrap();
        let canonical = std::fs::canonicalize(&file).unwrap();
        let roundabout = dir.path().join(".").join("a.jsonl");
        assert_eq!(
            store_path(&roundabout.display().to_string(), Some(3)),
            format!("{}:3", canonical.display())
        );
        assert_eq!(store_path("-", None), "-");
    }
}
