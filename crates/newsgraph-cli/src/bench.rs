//! `newsgraph bench`: run the whole pipeline (no store, no output) over inputs and report
//! throughput (documents/s, MB/s, words/s), peak resident memory and the time spent in each stage.
//!
//! It reads exactly as `extract` does (the library's `Inputs` iterator, sequentially) and runs
//! decoding plus the pipeline on a rayon pool of `--threads` workers, one bounded batch at a
//! time; each batch's documents are dropped before the next batch is read, so memory does not
//! grow with the number of documents (`--repeat K` reads the inputs K times to show it). Stage
//! times come from [`newsgraph::Pipeline::run_timed`] and are summed over all threads, so with
//! several threads they add up to more than the wall time; `read` is the sequential I/O done on
//! the main thread, `parse` the per-document decoding. Peak memory is the process's high-water
//! mark (`getrusage` `ru_maxrss`), so it includes the loaded resources.

use crate::common::{self, InputArgs, Reader};
use newsgraph::document::TokenKind;
use newsgraph::input::Record;
use newsgraph::stages::syntax::{take_parse_stats, ParseStats};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Flags of `newsgraph bench`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Inputs are read as by `extract` (files, directories, .html, .jsonl). Stage times \
                  are summed over all worker threads; `read` is sequential I/O, `parse` decoding \
                  and HTML/JSON extraction. Peak RSS is the process's high-water mark.\n\
                  Exit status: 0 all inputs read, 1 some inputs skipped, 2 usage or fatal error."
)]
pub struct Args {
    /// Inputs, threads (`--threads 1` gives per-core figures) and data, as for `extract`.
    #[command(flatten)]
    pub input: InputArgs,

    /// Read and process the inputs K times over (to show that memory does not grow).
    #[arg(
        long,
        value_name = "K",
        default_value_t = 1,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub repeat: u32,

    /// Documents per batch handed to the workers (default: 32 per thread, at least 64).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: Option<u32>,

    /// Print the figures as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Counts and times gathered over documents; summed across threads.
#[derive(Debug, Clone, Default)]
struct Totals {
    docs: u64,
    bytes: u64,
    words: u64,
    parse: Duration,
    /// Tagging and dependency parsing, wherever in the pipeline it happened.
    syntax: ParseStats,
    /// Time per pipeline stage, in pipeline order.
    stages: Vec<Duration>,
    /// Messages for skipped records.
    errors: Vec<String>,
    /// Warnings about records that were read (decoding fallbacks).
    warnings: Vec<String>,
}

impl Totals {
    fn new(stages: usize) -> Totals {
        Totals {
            stages: vec![Duration::ZERO; stages],
            ..Totals::default()
        }
    }

    fn merge(mut self, other: Totals) -> Totals {
        self.docs += other.docs;
        self.bytes += other.bytes;
        self.words += other.words;
        self.parse += other.parse;
        self.syntax.sentences += other.syntax.sentences;
        self.syntax.words += other.syntax.words;
        self.syntax.time += other.syntax.time;
        for (a, b) in self.stages.iter_mut().zip(other.stages) {
            *a += b;
        }
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self
    }

    /// Parse one record and run the pipeline over it, adding its counts and times. A panic in a
    /// stage is recorded as this record's error.
    fn add(&mut self, record: newsgraph::Result<Record>, reader: &Reader, warn: bool) {
        let t = Instant::now();
        let parsed = reader.parse(record);
        self.parse += t.elapsed();
        if warn {
            self.warnings.extend(parsed.warnings);
        }
        let mut doc = match parsed.doc {
            Ok(doc) => doc,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let stages = &mut self.stages;
        let ran = common::catch(|| {
            let mut i = 0;
            reader.pipeline.run_timed(&mut doc, |_, elapsed| {
                if let Some(slot) = stages.get_mut(i) {
                    *slot += elapsed;
                }
                i += 1;
            })
        });
        let parsed = take_parse_stats();
        self.syntax.sentences += parsed.sentences;
        self.syntax.words += parsed.words;
        self.syntax.time += parsed.time;
        let path = doc.meta.path.as_deref().unwrap_or(&doc.id);
        match ran {
            Ok(Ok(())) => {
                self.docs += 1;
                self.bytes += doc.text.len() as u64;
                self.words += doc
                    .tokens()
                    .iter()
                    .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
                    .count() as u64;
            }
            Ok(Err(e)) => self.errors.push(format!("{path}: {e}")),
            Err(e) => self.errors.push(format!("{path}: {e}")),
        }
    }
}

/// One row of the per-stage table.
#[derive(Debug, Serialize)]
struct StageReport {
    name: &'static str,
    /// Seconds, summed over threads.
    total_s: f64,
    /// Microseconds per processed document.
    us_per_doc: f64,
    /// Share of the summed time of all rows.
    share: f64,
}

/// The part-of-speech tagger and dependency parser, timed apart from the stage that calls it.
#[derive(Debug, Serialize)]
struct SyntaxReport {
    /// Sentences parsed.
    sentences: u64,
    /// Words (tokens) parsed.
    words: u64,
    /// Seconds, summed over threads (part of the calling stage's time).
    total_s: f64,
    /// Microseconds per processed document.
    us_per_doc: f64,
    /// Words parsed per second of parsing.
    words_per_s: f64,
}

/// Everything `bench` reports.
#[derive(Debug, Serialize)]
struct Report {
    documents: u64,
    skipped: u64,
    bytes: u64,
    words: u64,
    threads: usize,
    repeat: u32,
    load_s: f64,
    wall_s: f64,
    docs_per_s: f64,
    mb_per_s: f64,
    words_per_s: f64,
    peak_rss_bytes: Option<u64>,
    stages: Vec<StageReport>,
    syntax: SyntaxReport,
}

/// Run `newsgraph bench`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    common::install_panic_hook();
    let t_load = Instant::now();
    let reader = args.input.reader()?;
    let load = t_load.elapsed();
    let names = reader.pipeline.stage_names();
    let threads = reader.pool.current_num_threads();
    let batch_size = args
        .batch
        .map_or_else(|| reader.batch_size(), |b| b as usize);

    let n = names.len();
    let mut totals = Totals::new(n);
    let mut read = Duration::ZERO;
    let start = Instant::now();
    for pass in 0..args.repeat {
        let mut inputs = args.input.inputs()?;
        loop {
            let t = Instant::now();
            let batch: Vec<newsgraph::Result<Record>> = inputs.by_ref().take(batch_size).collect();
            read += t.elapsed();
            if batch.is_empty() {
                break;
            }
            let part = reader.pool.install(|| {
                batch
                    .into_par_iter()
                    .fold(
                        || Totals::new(n),
                        |mut acc, record| {
                            acc.add(record, &reader, pass == 0);
                            acc
                        },
                    )
                    .reduce(|| Totals::new(n), Totals::merge)
            });
            totals = totals.merge(part);
        }
    }
    let wall = start.elapsed();

    for w in &totals.warnings {
        common::warning(format_args!("{w}"));
    }
    for e in &totals.errors {
        common::error(format_args!("{e}"));
    }
    let report = build_report(&totals, &names, read, load, wall, threads, args.repeat);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &report)?;
    }
    out.flush()?;
    Ok(if totals.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(common::EXIT_SKIPPED)
    })
}

/// Turn the totals into the report's figures.
fn build_report(
    totals: &Totals,
    names: &[&'static str],
    read: Duration,
    load: Duration,
    wall: Duration,
    threads: usize,
    repeat: u32,
) -> Report {
    let wall_s = wall.as_secs_f64().max(1e-9);
    let docs = totals.docs.max(1) as f64;
    let mut rows: Vec<(&'static str, Duration)> =
        vec![("read (I/O)", read), ("parse (decode)", totals.parse)];
    rows.extend(names.iter().copied().zip(totals.stages.iter().copied()));
    let sum: f64 = rows
        .iter()
        .map(|(_, d)| d.as_secs_f64())
        .sum::<f64>()
        .max(1e-12);
    let stages = rows
        .into_iter()
        .map(|(name, d)| StageReport {
            name,
            total_s: d.as_secs_f64(),
            us_per_doc: d.as_secs_f64() * 1e6 / docs,
            share: d.as_secs_f64() / sum,
        })
        .collect();
    Report {
        documents: totals.docs,
        skipped: totals.errors.len() as u64,
        bytes: totals.bytes,
        words: totals.words,
        threads,
        repeat,
        load_s: load.as_secs_f64(),
        wall_s,
        docs_per_s: totals.docs as f64 / wall_s,
        mb_per_s: totals.bytes as f64 / 1e6 / wall_s,
        words_per_s: totals.words as f64 / wall_s,
        peak_rss_bytes: peak_rss_bytes(),
        stages,
        syntax: SyntaxReport {
            sentences: totals.syntax.sentences,
            words: totals.syntax.words,
            total_s: totals.syntax.time.as_secs_f64(),
            us_per_doc: totals.syntax.time.as_secs_f64() * 1e6 / docs,
            words_per_s: totals.syntax.words as f64 / totals.syntax.time.as_secs_f64().max(1e-12),
        },
    }
}

/// The readable form of the report.
fn write_table(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{} documents ({} skipped), {:.1} MB of text, {} words; {} thread{}, repeat {}",
        r.documents,
        r.skipped,
        r.bytes as f64 / 1e6,
        r.words,
        r.threads,
        if r.threads == 1 { "" } else { "s" },
        r.repeat
    )?;
    writeln!(out)?;
    writeln!(out, "{:<16} {:>12}", "resources load", fmt_s(r.load_s))?;
    writeln!(out, "{:<16} {:>12}", "wall time", fmt_s(r.wall_s))?;
    writeln!(out, "{:<16} {:>12.1}", "documents/s", r.docs_per_s)?;
    writeln!(out, "{:<16} {:>12.2}", "MB/s", r.mb_per_s)?;
    writeln!(out, "{:<16} {:>12.0}", "words/s", r.words_per_s)?;
    let rss = r.peak_rss_bytes.map_or_else(
        || "unknown".to_string(),
        |b| format!("{:.1} MB", b as f64 / 1e6),
    );
    writeln!(out, "{:<16} {:>12}", "peak RSS", rss)?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<16} {:>10} {:>10} {:>7}",
        "stage", "total s", "µs/doc", "share"
    )?;
    for s in &r.stages {
        writeln!(
            out,
            "{:<16} {:>10.3} {:>10.1} {:>6.1}%",
            s.name,
            s.total_s,
            s.us_per_doc,
            s.share * 100.0
        )?;
    }
    let total: f64 = r.stages.iter().map(|s| s.total_s).sum();
    writeln!(
        out,
        "{:<16} {:>10.3} {:>10.1} {:>6.1}%",
        "sum",
        total,
        total * 1e6 / r.documents.max(1) as f64,
        100.0
    )?;
    let y = &r.syntax;
    writeln!(out)?;
    writeln!(
        out,
        "tagger+parser (inside the stages above): {} sentences, {} words, {:.3} s, {:.1} µs/doc, \
         {:.0} words/s",
        y.sentences, y.words, y.total_s, y.us_per_doc, y.words_per_s
    )
}

/// Seconds with a unit that keeps them readable.
fn fmt_s(s: f64) -> String {
    if s < 1.0 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

/// The process's peak resident set size in bytes, if the platform reports it.
#[cfg(unix)]
fn peak_rss_bytes() -> Option<u64> {
    // SAFETY: getrusage only writes into the zeroed struct we pass it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if rc != 0 {
        return None;
    }
    let max = u64::try_from(usage.ru_maxrss).ok()?;
    // Linux and most BSDs report kilobytes; macOS reports bytes.
    Some(if cfg!(target_os = "macos") {
        max
    } else {
        max * 1024
    })
}

/// The process's peak resident set size in bytes, if the platform reports it.
#[cfg(not(unix))]
fn peak_rss_bytes() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_merge_adds_counts_and_stage_times() {
        let mut a = Totals::new(2);
        a.docs = 2;
        a.stages[1] = Duration::from_millis(5);
        let mut b = Totals::new(2);
        b.docs = 3;
        b.stages[1] = Duration::from_millis(7);
        b.errors.push("x".into());
        let m = a.merge(b);
        assert_eq!(m.docs, 5);
        assert_eq!(m.stages[1], Duration::from_millis(12));
        assert_eq!(m.errors, vec!["x".to_string()]);
    }

    #[test]
    fn report_shares_sum_to_one() {
        let mut t = Totals::new(2);
        t.docs = 4;
        t.stages = vec![Duration::from_millis(30), Duration::from_millis(10)];
        let r = build_report(
            &t,
            &["a", "b"],
            Duration::from_millis(10),
            Duration::ZERO,
            Duration::from_secs(1),
            1,
            1,
        );
        let share: f64 = r.stages.iter().map(|s| s.share).sum();
        assert!((share - 1.0).abs() < 1e-9, "{share}");
        assert_eq!(r.stages[2].name, "a");
        assert!((r.docs_per_s - 4.0).abs() < 1e-9);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_rss_is_reported_on_linux() {
        assert!(peak_rss_bytes().is_some_and(|b| b > 0));
    }
}
