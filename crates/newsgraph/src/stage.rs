//! The contract every stage keeps: read some layers of a [`Document`], add others.
//!
//! This file sits below every stage and below the pipeline: stages implement [`Stage`], and only
//! `pipeline.rs` knows which stages exist and in what order.

use crate::document::Document;
use crate::error::Result;

pub use crate::document::LayerKind;

/// One step of the pipeline: reads some layers of a document and adds others. Built once from
/// its loaded data; `run` does no I/O, so stages can run on many threads at once.
pub trait Stage: Send + Sync {
    /// A short name for errors and timings; also the name of the stage's folder under `stages/`.
    fn name(&self) -> &'static str;
    /// The layers this stage reads.
    fn requires(&self) -> &[LayerKind];
    /// The layers this stage adds or extends.
    fn provides(&self) -> &[LayerKind];
    /// Annotate the document.
    fn run(&self, doc: &mut Document) -> Result<()>;
}
