//! `newsgraph watch`: keep a database up to date from folders, files and feed URLs.
//!
//! Every `--interval` seconds a round runs: each folder or file is walked for files that are new
//! or changed since the last round (by modification time and size), each URL whose backoff has
//! run out is fetched again (with the validators `ingest` keeps, so an unchanged feed costs one
//! `304`), and what they hold goes through exactly the path of `ingest`: one transaction per
//! batch, then the graph. A URL that fails waits twice as long after each failure (the interval
//! times 2^failures, at most [`MAX_BACKOFF`]); a round that cannot write the database is retried
//! the same way. A file is marked as seen only once its round is committed.
//!
//! Ctrl-C stops after the batch being written is committed (a second Ctrl-C exits at once).
//! The database is in WAL mode, so `newsgraph serve` can read it all the while.

use crate::common::{self, InputArgs, Reader};
use crate::ingest::{self, Ui};
use crate::sources::{self, is_url, FetchArgs, Sources};
use anyhow::Context;
use newsgraph_store::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The longest a failing source (or the database) is left alone.
pub const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// Flags of `newsgraph watch`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Each round ingests the files that are new or changed (modification time or \
                  size) under each PATH, and fetches each URL again with conditional requests. \
                  A failing URL is retried after the interval times 2^failures (at most an \
                  hour). Ctrl-C stops after the current batch is committed. Runs beside \
                  `newsgraph serve` on the same database.\n\
                  Exit status: 0 stopped by Ctrl-C, 2 usage or fatal error."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// SQLite database to keep up to date; created when missing.
    #[arg(long, value_name = "FILE", default_value = "newsgraph.db")]
    pub db: PathBuf,

    /// Seconds between two rounds.
    #[arg(long, value_name = "SECS", default_value_t = 300.0, value_parser = parse_interval)]
    pub interval: f64,

    /// Print only errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Alias file for the graph (see `ingest --aliases`).
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
}

fn parse_interval(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.05..=86_400.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0.05 and 86400"
        )),
    }
}

/// Failures in a row of one source, and when it may be tried again.
#[derive(Debug, Clone, Copy)]
struct Backoff {
    failures: u32,
    due: Instant,
}

impl Backoff {
    fn ready(&self, now: Instant) -> bool {
        now >= self.due
    }

    /// Record a failure: wait `interval × 2^failures`, at most [`MAX_BACKOFF`].
    fn fail(&mut self, interval: Duration, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        let factor = 2u32.saturating_pow(self.failures.min(16));
        self.due = now + interval.saturating_mul(factor).min(MAX_BACKOFF);
    }
}

/// A file's modification time and size, to tell a changed file.
type Stamp = (Option<SystemTime>, u64);

/// Run `newsgraph watch` until Ctrl-C.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    common::install_panic_hook();
    let stop = Arc::new(AtomicBool::new(false));
    on_interrupt(stop.clone())?;
    let reader = args.input.reader()?;
    let interval = Duration::from_secs_f64(args.interval);
    let ui = Ui::new(true, false);
    let mut seen: HashMap<PathBuf, Stamp> = HashMap::new();
    let mut urls: HashMap<String, Backoff> = HashMap::new();
    let mut database = Backoff {
        failures: 0,
        due: Instant::now(),
    };
    let mut first = true;
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if database.ready(now) {
            match round(&args, &reader, &ui, &stop, first, &mut seen, &mut urls) {
                Ok(()) => database.failures = 0,
                Err(e) => {
                    database.fail(interval, Instant::now());
                    common::error(format_args!("{e:#}; retrying later"));
                }
            }
            first = false;
        }
        sleep(interval, &stop);
    }
    if !args.quiet {
        println!("watch: stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// One round: what changed, ingested like `ingest` does.
fn round(
    args: &Args,
    reader: &Reader,
    ui: &Ui,
    stop: &AtomicBool,
    first: bool,
    seen: &mut HashMap<PathBuf, Stamp>,
    urls: &mut HashMap<String, Backoff>,
) -> anyhow::Result<()> {
    let now = Instant::now();
    let interval = Duration::from_secs_f64(args.interval);
    let mut due = Vec::new();
    let mut stamps = Vec::new();
    for arg in &args.input.paths {
        if is_url(arg) {
            let backoff = urls.entry(arg.clone()).or_insert(Backoff {
                failures: 0,
                due: now,
            });
            if backoff.ready(now) {
                due.push(arg.clone());
            }
        } else {
            for (path, stamp) in changed_files(Path::new(arg), seen) {
                due.push(path.display().to_string());
                stamps.push((path, stamp));
            }
        }
    }
    let manifest = if first {
        sources::manifest_inputs(&args.input)?
    } else {
        newsgraph::input::Inputs::new()
    };
    if due.is_empty() && !(first && args.input.manifest.is_some()) {
        return Ok(());
    }
    let store = ingest::open_store(&args.db, ui)?;
    let remembered = Store::open(&args.db).context("opening the database")?;
    let mut inputs = Sources::new(manifest, &due, args.fetch.options(), Some(remembered), None);
    let started = Instant::now();
    let counts = ingest::ingest_sources(
        reader,
        &args.db,
        store,
        &mut inputs,
        reader.batch_size(),
        ui,
        Some(stop),
    )?;
    let report = inputs.report();
    for url in due.iter().filter(|u| is_url(u)) {
        if let Some(b) = urls.get_mut(url) {
            if report.failed_urls.contains(url) {
                b.fail(interval, Instant::now());
            } else {
                b.failures = 0;
            }
        }
    }
    // Marked as seen only now that their documents are committed. A round cut short by
    // Ctrl-C marks nothing: the next run reads those files again and finds them stored.
    if !stop.load(Ordering::SeqCst) {
        seen.extend(stamps);
    }
    if counts.new > 0 {
        let graph = crate::graph::resolve(&args.db, &args.input.data, args.aliases.as_deref())?;
        if !args.quiet {
            println!("{}: {}", args.db.display(), crate::graph::summary(&graph));
        }
    }
    if !args.quiet && counts.read > 0 {
        let db = args.db.display().to_string();
        println!("{}", ingest::summary(&db, &counts, started.elapsed()));
        for line in report.lines() {
            println!("{line}");
        }
    }
    Ok(())
}

/// Files under `root` (itself, when it is a file) whose stamp differs from the one in `seen`,
/// in sorted order, hidden entries skipped as `ingest` skips them.
fn changed_files(root: &Path, seen: &HashMap<PathBuf, Stamp>) -> Vec<(PathBuf, Stamp)> {
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
        });
    let mut out = Vec::new();
    for entry in walk.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let stamp = (meta.modified().ok(), meta.len());
        if seen.get(entry.path()) != Some(&stamp) {
            out.push((entry.into_path(), stamp));
        }
    }
    out
}

/// Sleep for `interval`, waking early when `stop` is set.
fn sleep(interval: Duration, stop: &AtomicBool) {
    let until = Instant::now() + interval;
    while !stop.load(Ordering::SeqCst) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        std::thread::sleep(left.min(Duration::from_millis(100)));
    }
}

/// Set `stop` on the first Ctrl-C; exit at once on the second.
fn on_interrupt(stop: Arc<AtomicBool>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the signal handler")?;
    let (ready, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        runtime.block_on(async {
            // Register the handler before `watch` goes on, so an early Ctrl-C is not lost.
            let first = tokio::signal::ctrl_c();
            tokio::pin!(first);
            let _ = futures_poll_once(&mut first).await;
            let _ = ready.send(());
            if first.await.is_ok() {
                stop.store(true, Ordering::SeqCst);
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        })
    });
    let _ = wait.recv_timeout(Duration::from_secs(5));
    Ok(())
}

/// Poll a future once (so that `ctrl_c` installs its handler), whatever it answers.
async fn futures_poll_once<F: std::future::Future + Unpin>(f: &mut F) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        std::task::Poll::Ready(match std::pin::Pin::new(&mut *f).poll(cx) {
            std::task::Poll::Ready(v) => Some(v),
            std::task::Poll::Pending => None,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let now = Instant::now();
        let mut b = Backoff {
            failures: 0,
            due: now,
        };
        let interval = Duration::from_secs(60);
        b.fail(interval, now);
        assert_eq!(b.due - now, Duration::from_secs(120));
        b.fail(interval, now);
        assert_eq!(b.due - now, Duration::from_secs(240));
        for _ in 0..40 {
            b.fail(interval, now);
        }
        assert_eq!(b.due - now, MAX_BACKOFF);
        assert!(!b.ready(now) && b.ready(now + MAX_BACKOFF));
    }

    #[test]
    fn changed_files_are_new_or_touched_and_hidden_ones_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "one").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "no").unwrap();
        let mut seen = HashMap::new();
        let first = changed_files(dir.path(), &seen);
        assert_eq!(first.len(), 1);
        seen.extend(first);
        assert!(changed_files(dir.path(), &seen).is_empty());
        std::fs::write(dir.path().join("a.txt"), "one, longer").unwrap();
        std::fs::write(dir.path().join("b.txt"), "two").unwrap();
        let names: Vec<String> = changed_files(dir.path(), &seen)
            .iter()
            .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
    }
}
