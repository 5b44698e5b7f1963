//! What every command shares: the `--data` flag and resource loading, messages on stderr, exit
//! codes, and turning a panic in a pipeline stage into a reported, skipped document.

use anyhow::Context;
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
    pub fn data_dir(&self) -> newsgraph::resources::DataDir {
        match &self.data {
            Some(dir) => newsgraph::resources::DataDir::new(Some(dir.clone())),
            None => newsgraph::resources::DataDir::from_env(),
        }
    }

    /// Load the resources once and build the standard pipeline over them.
    pub fn pipeline(&self) -> anyhow::Result<newsgraph::Pipeline> {
        let dir = self.data_dir();
        if let Some(d) = &self.data {
            anyhow::ensure!(d.is_dir(), "--data {}: not a directory", d.display());
        }
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
    fn broken_pipe_is_detected_through_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::new(io).context("writing");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
