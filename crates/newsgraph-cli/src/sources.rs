//! Where `extract` and `ingest` get documents from, in the order the arguments name them: files
//! and directories through the library's `Inputs`; `http://` and `https://` URLs (pages, or
//! feeds followed to their items) through `newsgraph-fetch`; `.warc` / `.warc.gz` archives,
//! named or found in a directory, streamed one record at a time by `newsgraph-fetch`.
//!
//! Fetched and archived pages are read by the library's HTML reader, then given what the page
//! lacks: the final URL, the feed item's title, date and outlet, an archived record's date.
//!
//! **Validators.** Each URL on the command line is walked on its own (a feed and the pages it
//! leads to), so everything that fails can be blamed on the walk it belongs to. A page's
//! `ETag`/`Last-Modified` travel with its document and are saved in the transaction that
//! stores it; what is left at the end of a walk (the feed's own validators) travels in a
//! [`Source::WalkDone`] after all the walk's pages and is saved only if none of them failed,
//! so a crash or an error never leaves a feed marked as seen while its articles are missing.

use crate::common::{InputArgs, Parsed, Reader};
use anyhow::Context;
use newsgraph::input::{read_html, Defaults, Format, Inputs, Record};
use newsgraph::Document;
use newsgraph_fetch::{
    Client, FetchAll, Fetched, Options, Origin, Progress, SystemClock, ValidatorCache, Validators,
    WarcOptions, WarcRecords, WarcStats,
};
use newsgraph_store::{Store, UrlValidators};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

/// Flags for fetching URLs, shared by `extract` and `ingest`.
#[derive(clap::Args, Debug, Clone)]
pub struct FetchArgs {
    /// Least time between two requests to the same host, in seconds (politeness).
    #[arg(long, value_name = "SECS", default_value_t = 1.0, value_parser = parse_secs)]
    pub host_interval: f64,

    /// The User-Agent sent with every request (default: newsgraph and its version).
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
}

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=3600.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 3600"
        )),
    }
}

impl FetchArgs {
    /// The client options these flags choose.
    pub fn options(&self) -> Options {
        let mut options = Options {
            host_interval: Duration::from_secs_f64(self.host_interval),
            ..Options::default()
        };
        if let Some(ua) = &self.user_agent {
            options.user_agent.clone_from(ua);
        }
        options
    }
}

/// The inputs of `--manifest`, before any PATH (which [`Sources`] reads in its turn).
pub fn manifest_inputs(args: &InputArgs) -> anyhow::Result<Inputs> {
    let mut inputs = Inputs::new();
    if let Some(manifest) = &args.manifest {
        inputs
            .push_manifest(manifest)
            .with_context(|| format!("reading manifest {}", manifest.display()))?;
    }
    Ok(inputs)
}

/// True for an argument that names a URL rather than a path.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// One thing to read.
// Sources are moved once per document, whose body is on the heap anyway.
#[allow(clippy::large_enum_variant)]
pub enum Source {
    /// A file, or a line of a JSON Lines file, as the library read it.
    Record(newsgraph::Result<Record>),
    /// A page fetched from the web or read from an archive.
    Page(Box<Page>),
    /// A URL or archive record that could not be read; the message names it.
    Failed {
        /// `URL: HTTP 404`, `crawl.warc.gz: corrupt record at byte 1234: ...`.
        message: String,
        /// The walk it belongs to (for a URL).
        walk: Option<usize>,
    },
    /// The walk from one command-line URL is over; `leftover` are validators of responses that
    /// were not pages (the feed itself), to save once every page of the walk is stored.
    WalkDone {
        /// The walk.
        walk: usize,
        /// URL and validators.
        leftover: Vec<(String, Validators)>,
    },
}

/// A fetched or archived page and what to do with it besides reading it.
pub struct Page {
    /// The response.
    pub fetched: Fetched,
    /// Its name in messages: the URL, or `archive@offset` for an archived record.
    pub label: String,
    /// The walk it belongs to (for a fetched page).
    pub walk: Option<usize>,
    /// Validators to save under `fetched.url` once its document is stored.
    pub validators: Option<Validators>,
}

/// What the sources met besides documents, for the closing summary.
#[derive(Debug, Default)]
pub struct Report {
    /// Pages fetched (feeds not counted).
    pub fetched: usize,
    /// Feeds opened.
    pub feeds: usize,
    /// URLs that answered `304 Not Modified` to the validators of an earlier run.
    pub unchanged: usize,
    /// URLs that failed.
    pub failed: usize,
    /// The command-line URLs whose walk had a failure (the URL itself or a page of its feed).
    pub failed_urls: Vec<String>,
    /// Each archive read, with its counts.
    pub archives: Vec<(String, WarcStats)>,
}

impl Report {
    /// Lines for the summary: one for the web, one per archive; none when neither was read.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.fetched + self.unchanged + self.failed + self.feeds > 0 {
            let feeds = if self.feeds == 1 { "feed" } else { "feeds" };
            lines.push(format!(
                "web: {} pages fetched, {} {feeds} read, {} unchanged since the last fetch, {} failed",
                self.fetched, self.feeds, self.unchanged, self.failed
            ));
        }
        for (path, stats) in &self.archives {
            let mut line = format!(
                "{path}: {} HTML responses, {} other records skipped",
                stats.documents,
                stats.skipped_total()
            );
            if !stats.skipped.is_empty() {
                let kinds: Vec<String> = stats
                    .skipped
                    .iter()
                    .map(|(kind, n)| format!("{kind} {n}"))
                    .collect();
                line.push_str(&format!(" ({})", kinds.join(", ")));
            }
            line.push_str(&format!(", {} corrupt", stats.corrupt));
            lines.push(line);
        }
        lines
    }
}

/// Validators for one run: the store's (looked up as URLs are requested) and those of the
/// responses this run received, held here until their documents are committed.
pub struct RunValidators {
    store: Option<Store>,
    pending: Rc<RefCell<HashMap<String, Validators>>>,
}

impl ValidatorCache for RunValidators {
    fn get(&mut self, url: &str) -> Option<Validators> {
        if let Some(v) = self.pending.borrow().get(url) {
            return Some(v.clone());
        }
        // A failed lookup is a miss: it costs one full download, never a document.
        let stored = self.store.as_ref()?.validators(url).ok()??;
        Some(Validators {
            etag: stored.etag,
            last_modified: stored.last_modified,
        })
    }

    fn put(&mut self, url: &str, validators: Validators) {
        self.pending
            .borrow_mut()
            .insert(url.to_string(), validators);
    }
}

/// Convert for the store.
pub fn to_store(v: &Validators) -> UrlValidators {
    UrlValidators {
        etag: v.etag.clone(),
        last_modified: v.last_modified.clone(),
    }
}

type Walk = FetchAll<RunValidators, SystemClock, Box<dyn FnMut(Progress<'_>)>>;

/// An archive being read.
struct Archive {
    path: String,
    records: WarcRecords<BufReader<File>>,
}

/// The sources named on the command line, as an iterator of [`Source`]s in argument order.
pub struct Sources {
    args: VecDeque<String>,
    files: Inputs,
    client: Option<Client<RunValidators>>,
    pending: Rc<RefCell<HashMap<String, Validators>>>,
    walk: Option<(usize, Walk)>,
    /// The command-line URL of each walk, by walk number less one.
    walk_urls: Vec<String>,
    archive: Option<Archive>,
    report: Rc<RefCell<Report>>,
    status: Option<indicatif::ProgressBar>,
}

impl Sources {
    /// Sources for `args` (read after whatever `files` already holds, e.g. a manifest's rows).
    /// `store` gives the validators of earlier runs; without it every URL is fetched in full.
    /// `status`, when given, shows the URL being fetched.
    pub fn new(
        files: Inputs,
        args: &[String],
        options: Options,
        store: Option<Store>,
        status: Option<indicatif::ProgressBar>,
    ) -> Sources {
        let pending = Rc::new(RefCell::new(HashMap::new()));
        let cache = RunValidators {
            store,
            pending: pending.clone(),
        };
        Sources {
            args: args.iter().cloned().collect(),
            files,
            client: Some(Client::with_validators(options, cache)),
            pending,
            walk: None,
            walk_urls: Vec::new(),
            archive: None,
            report: Rc::new(RefCell::new(Report::default())),
            status,
        }
    }

    /// What was met so far besides documents.
    pub fn report(&self) -> std::cell::Ref<'_, Report> {
        self.report.borrow()
    }

    /// Start walking `url` (a page or a feed).
    fn start_walk(&mut self, url: String) {
        let Some(client) = self.client.take() else {
            return;
        };
        let report = self.report.clone();
        let status = self.status.clone();
        let progress: Box<dyn FnMut(Progress<'_>)> = Box::new(move |p| match p {
            Progress::Fetching { url, .. } => {
                if let Some(bar) = &status {
                    bar.set_message(format!("fetching {url}"));
                }
            }
            Progress::Feed { .. } => report.borrow_mut().feeds += 1,
            Progress::Unchanged { .. } => report.borrow_mut().unchanged += 1,
            _ => {}
        });
        self.walk_urls.push(url.clone());
        self.walk = Some((self.walk_urls.len(), client.fetch_all([url], progress)));
    }

    /// The next item of the walk in progress; at its end, the client is kept for the next walk
    /// and what is left of its validators is handed out.
    fn next_of_walk(&mut self) -> Option<Source> {
        let (walk, fetch) = self.walk.as_mut()?;
        let walk = *walk;
        match fetch.next() {
            Some(Ok(fetched)) => {
                self.report.borrow_mut().fetched += 1;
                let validators = self.pending.borrow_mut().remove(&fetched.url);
                Some(Source::Page(Box::new(Page {
                    label: fetched.url.clone(),
                    fetched,
                    walk: Some(walk),
                    validators,
                })))
            }
            Some(Err(e)) => {
                let mut report = self.report.borrow_mut();
                report.failed += 1;
                let url = &self.walk_urls[walk - 1];
                if !report.failed_urls.contains(url) {
                    report.failed_urls.push(url.clone());
                }
                Some(Source::Failed {
                    message: e.to_string(),
                    walk: Some(walk),
                })
            }
            None => {
                let (_, fetch) = self.walk.take()?;
                self.client = Some(fetch.into_client());
                let leftover: Vec<(String, Validators)> =
                    self.pending.borrow_mut().drain().collect();
                Some(Source::WalkDone { walk, leftover })
            }
        }
    }

    /// The next item of the archive being read; at its end its counts go to the report.
    fn next_of_archive(&mut self) -> Option<Source> {
        let archive = self.archive.as_mut()?;
        match archive.records.next() {
            Some(Ok(fetched)) => {
                let offset = match &fetched.origin {
                    Origin::Warc { offset, .. } => *offset,
                    _ => 0,
                };
                Some(Source::Page(Box::new(Page {
                    label: format!("{}@{offset}", archive.path),
                    fetched,
                    walk: None,
                    validators: None,
                })))
            }
            Some(Err(e)) => Some(Source::Failed {
                message: format!("{}: {e}", archive.path),
                walk: None,
            }),
            None => {
                let archive = self.archive.take()?;
                let stats = archive.records.stats().clone();
                self.report
                    .borrow_mut()
                    .archives
                    .push((archive.path, stats));
                None
            }
        }
    }

    /// Open an archive the library named (it does not read archives itself).
    fn open_archive(&mut self, path: String) -> Option<Source> {
        match WarcRecords::open(Path::new(&path), WarcOptions::default()) {
            Ok(records) => {
                self.archive = Some(Archive { path, records });
                None
            }
            Err(e) => Some(Source::Failed {
                message: format!("{path}: {e}"),
                walk: None,
            }),
        }
    }
}

impl Iterator for Sources {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        loop {
            if self.archive.is_some() {
                match self.next_of_archive() {
                    Some(item) => return Some(item),
                    None => continue,
                }
            }
            if self.walk.is_some() {
                match self.next_of_walk() {
                    Some(Source::WalkDone { leftover, .. }) if leftover.is_empty() => continue,
                    Some(item) => return Some(item),
                    None => continue,
                }
            }
            match self.files.next() {
                Some(Ok(record)) if record.format == Format::Warc => {
                    if let Some(failed) = self.open_archive(record.origin) {
                        return Some(failed);
                    }
                    continue;
                }
                Some(record) => return Some(Source::Record(record)),
                None => {}
            }
            let arg = self.args.pop_front()?;
            if is_url(&arg) {
                self.start_walk(arg);
            } else {
                self.files.push_path(&arg);
            }
        }
    }
}

/// Read a page into a document: the library's HTML reader (or its text reader, for a feed
/// item's plain-text content), then the final URL, the feed's hints, an archived record's date
/// and the command-line defaults for what the page lacks. The document's path is its URL, so
/// a page that changes is stored as a new version under its URL.
pub fn parse_page(reader: &Reader, page: &Page) -> Parsed {
    let f = &page.fetched;
    let doc = read_page(reader, page).map(|mut doc| {
        fill_metadata(&mut doc, f, &reader.defaults);
        doc
    });
    match doc {
        Ok(doc) => {
            let warnings = doc
                .meta
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", page.label))
                .collect();
            Parsed {
                doc: Ok(doc),
                warnings,
            }
        }
        Err(e) => Parsed {
            doc: Err(e),
            warnings: Vec::new(),
        },
    }
}

fn read_page(reader: &Reader, page: &Page) -> Result<Document, String> {
    let f = &page.fetched;
    let media = f.content_type.as_deref();
    let html = newsgraph_fetch::is_html(media, &f.body);
    if !html && media == Some("text/plain") {
        let record = Record {
            origin: page.label.clone(),
            line: None,
            format: Format::Text,
            bytes: f.body.clone(),
            overrides: Default::default(),
        };
        return record
            .parse(&reader.input_data, &Defaults::default())
            .map_err(|e| e.to_string());
    }
    if !html {
        let what = media.unwrap_or("unknown type");
        return Err(format!("{}: not an HTML page ({what})", page.label));
    }
    read_html(
        &f.body,
        &page.label,
        f.charset.as_deref(),
        &reader.input_data,
    )
    .map_err(|e| e.to_string())
}

/// The page's own metadata wins; the feed item's hints fill what it lacks, then an archived
/// record's date, then `--published` / `--source`.
fn fill_metadata(doc: &mut Document, f: &Fetched, defaults: &Defaults) {
    let meta = &mut doc.meta;
    meta.url = Some(f.url.clone());
    meta.path = Some(f.url.clone());
    if meta.title.is_none() {
        meta.title.clone_from(&f.hints.title);
    }
    if meta.source.is_none() {
        meta.source = f.hints.source.clone().or_else(|| defaults.source.clone());
    }
    if meta.published.is_none() {
        let archived = match f.origin {
            Origin::Warc { .. } => f.fetched_at,
            _ => None,
        };
        meta.published = f
            .hints
            .published
            .or(archived)
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            .or(defaults.published);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("http://example.test/feed.xml"));
        assert!(is_url("HTTPS://example.test/"));
        assert!(!is_url("http.txt"));
        assert!(!is_url("dir/https://x"));
        assert!(!is_url("-"));
    }

    #[test]
    fn hints_fill_only_what_the_page_lacks() {
        let mut doc = Document::new("Seoul said so.".into(), Default::default());
        doc.meta.title = Some("Page title".into());
        let f = Fetched {
            url: "http://example.test/a".into(),
            requested_url: "http://example.test/a".into(),
            status: 200,
            content_type: Some("text/html".into()),
            charset: None,
            body: Vec::new(),
            fetched_at: None,
            date: None,
            last_modified: None,
            etag: None,
            hints: newsgraph_fetch::Hints {
                title: Some("Feed title".into()),
                source: Some("Example Wire".into()),
                published: "2026-03-01T23:30:00Z".parse().ok(),
                ..Default::default()
            },
            origin: Origin::Http,
        };
        let defaults = Defaults {
            published: Some(jiff::civil::date(2020, 1, 1)),
            source: Some("Default".into()),
        };
        fill_metadata(&mut doc, &f, &defaults);
        assert_eq!(doc.meta.title.as_deref(), Some("Page title"));
        assert_eq!(doc.meta.source.as_deref(), Some("Example Wire"));
        assert_eq!(doc.meta.published, Some(jiff::civil::date(2026, 3, 1)));
        assert_eq!(doc.meta.url.as_deref(), Some("http://example.test/a"));
        assert_eq!(doc.meta.path.as_deref(), Some("http://example.test/a"));
    }
}
