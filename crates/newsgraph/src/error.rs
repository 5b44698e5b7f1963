//! Errors of the newsgraph library. Each variant carries the context a user needs to act on it:
//! the file and line of a bad resource or input, or the stage and document that failed.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A resource file in `data/` is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Resource {
        /// The resource file.
        path: PathBuf,
        /// 1-based line number, 0 when the problem is the whole file.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// An input could not be turned into a document.
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The input's path (`-` for standard input).
        path: String,
        /// 1-based line number for line-oriented formats (JSON Lines, CSV).
        line: Option<usize>,
        /// What is wrong with it.
        message: String,
    },
    /// A pipeline is built in an order that reads a layer before any stage provides it.
    #[error("stage `{stage}` requires layer {layer:?}, which no earlier stage provides")]
    PipelineOrder {
        /// The stage that would read too early.
        stage: &'static str,
        /// The missing layer.
        layer: crate::document::LayerKind,
    },
    /// A stage failed on a document.
    #[error("stage `{stage}` failed on document {doc}: {message}")]
    Stage {
        /// The stage.
        stage: &'static str,
        /// The document id.
        doc: String,
        /// What went wrong.
        message: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An input error without a line number.
    pub fn input(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    /// A resource error at a line.
    pub fn resource(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Error {
        Error::Resource {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}
