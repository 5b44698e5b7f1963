//! What every command shares: the `--data` flag and resource loading, the input flags and the
//! per-document work of `extract` and `ingest` (parse a record, run the pipeline), messages on
//! stderr, exit codes, and turning a panic in a pipeline stage into a reported, skipped document.

use anyhow::Context;
use newsgraph::input::{Defaults, InputData, Inputs, Record};
use newsgraph::Document;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// Exit status when some inputs were skipped.
pub const EXIT_SKIPPED: u8 = 1;
/// Exit status for usage and fatal errors.
pub const EXIT_FATAL: u8 = 2;

/// Where the pipeline's resources come from.
#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// Directory of resource files (gazetteers, word lists) that override the built-in copies;
    /// defaults to $NEWSGRAPH_DATA, else the repository's data/ when run from a checkout.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    /// The data directory these flags choose.
    pub fn data_dir(&self) -> newsgraph::data::DataDir {
        match &self.data {
            Some(dir) => newsgraph::data::DataDir::new(Some(dir.clone())),
            None => newsgraph::data::DataDir::from_env(),
        }
    }

    /// The data directory, after checking that a `--data` given is a directory.
    pub fn checked_dir(&self) -> anyhow::Result<newsgraph::data::DataDir> {
        if let Some(d) = &self.data {
            anyhow::ensure!(d.is_dir(), "--data {}: not a directory", d.display());
        }
        Ok(self.data_dir())
    }

    /// Load the resources once and build the standard pipeline over them.
    pub fn pipeline(&self) -> anyhow::Result<newsgraph::Pipeline> {
        let dir = self.checked_dir()?;
        let resources = newsgraph::Resources::load(dir).context("loading resources")?;
        newsgraph::Pipeline::standard(Arc::new(resources)).context("building the pipeline")
    }
}

/// Print `newsgraph: <message>` on stderr; a closed stderr is ignored.
pub fn error(message: fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "newsgraph: {message}");
}

/// Print `newsgraph: warning: <message>` on stderr.
pub fn warning(message: fmt::Arguments<'_>) {
    error(format_args!("warning: {message}"));
}

/// True when an error is (caused by) a write to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install a panic hook that, inside [`catch`], records the message for the caller to report
/// instead of printing it; elsewhere the default hook runs.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CATCHING.with(Cell::get) {
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{payload}{at}")));
        } else {
            default(info);
        }
    }));
}

/// Run `f`, turning a panic into `Err("internal error: …")` (needs [`install_panic_hook`] for
/// the message; without it the default hook prints it too).
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = CATCHING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|_| {
        let msg = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "unknown panic".into());
        format!("internal error (please report): {msg}")
    })
}

/// Where documents come from and how they are read: the flags `extract` and `ingest` share.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Files, directories (read recursively in sorted order, hidden files skipped), `-` for
    /// standard input (read as plain text), http:// or https:// URLs of pages or feeds, or
    /// .warc/.warc.gz archives. Optional when --manifest is given.
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
pub fn parse_published(s: &str) -> Result<jiff::civil::Date, String> {
    let bad = || format!("`{s}` is not a valid date: expected YYYY-MM-DD, e.g. 2024-03-05");
    if s.len() != 10 {
        return Err(bad());
    }
    newsgraph::input::parse_date(s).map_err(|_| bad())
}

impl InputArgs {
    /// The inputs these flags name, in order: the manifest's files, then each PATH.
    pub fn inputs(&self) -> anyhow::Result<Inputs> {
        let mut inputs = Inputs::new();
        if let Some(manifest) = &self.manifest {
            inputs
                .push_manifest(manifest)
                .with_context(|| format!("reading manifest {}", manifest.display()))?;
        }
        for path in &self.paths {
            inputs.push_path(path);
        }
        Ok(inputs)
    }

    /// Load what reading and annotating needs (resources, pipeline, worker threads), once.
    pub fn reader(&self) -> anyhow::Result<Reader> {
        let data_dir = self.data.data_dir();
        let pipeline = self.data.pipeline()?;
        let input_data = InputData::load(&data_dir).context("loading input resources")?;
        let defaults = Defaults {
            published: self.published,
            source: self.source.clone(),
        };
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            builder = builder.num_threads(n);
        }
        let pool = builder.build().context("starting worker threads")?;
        Ok(Reader {
            pipeline,
            input_data,
            defaults,
            pool,
        })
    }
}

/// Everything needed to turn records into annotated documents, shared by the worker threads.
pub struct Reader {
    /// The pipeline.
    pub pipeline: newsgraph::Pipeline,
    /// Input resources (HTML boilerplate cues).
    pub input_data: InputData,
    /// `--published` and `--source`.
    pub defaults: Defaults,
    /// The worker threads.
    pub pool: rayon::ThreadPool,
}

/// A record decoded into a document, or why it could not be.
pub struct Parsed {
    /// The document, or the message naming the input and its problem.
    pub doc: Result<Document, String>,
    /// Non-fatal problems, each naming the input (`path: not valid UTF-8; …`).
    pub warnings: Vec<String>,
}

impl Reader {
    /// Records per batch handed to the workers: enough to keep every thread busy, few enough
    /// to bound memory.
    pub fn batch_size(&self) -> usize {
        (self.pool.current_num_threads() * 32).max(64)
    }

    /// Decode and parse one record. Pure CPU: safe on any worker thread.
    pub fn parse(&self, record: newsgraph::Result<Record>) -> Parsed {
        match record.and_then(|r| r.parse(&self.input_data, &self.defaults)) {
            Ok(doc) => {
                let path = doc.meta.path.clone().unwrap_or_else(|| doc.id.clone());
                let warnings = doc
                    .meta
                    .warnings
                    .iter()
                    .map(|w| format!("{path}: {w}"))
                    .collect();
                Parsed {
                    doc: Ok(doc),
                    warnings,
                }
            }
            Err(e) => Parsed {
                doc: Err(e.to_string()),
                warnings: Vec::new(),
            },
        }
    }

    /// Run the pipeline over a document; a stage error or panic becomes a message naming the
    /// document's path.
    pub fn annotate(&self, doc: &mut Document) -> Result<(), String> {
        let path = doc.meta.path.clone().unwrap_or_else(|| doc.id.clone());
        catch(|| self.pipeline.run(doc).map_err(|e| e.to_string()))
            .and_then(|r| r)
            .map_err(|e| format!("{path}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catch_turns_panic_into_message() {
        install_panic_hook();
        let r: Result<(), String> = catch(|| panic!("boom"));
        let msg = r.unwrap_err();
        assert!(msg.contains("boom"), "{msg}");
        assert_eq!(catch(|| 3), Ok(3));
    }

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

    #[test]
    fn broken_pipe_is_detected_through_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::new(io).context("writing");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
