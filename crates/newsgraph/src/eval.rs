//! Scoring the pipeline against gold annotations. (Stub: being written.)

use crate::error::Result;
use crate::pipeline::Pipeline;
use std::path::Path;

/// Precision, recall and F1 per layer.
#[derive(Debug, Default, serde::Serialize)]
pub struct EvalReport {}

impl std::fmt::Display for EvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(no scores yet)")
    }
}

/// Run the pipeline over the gold file's articles and score it.
pub fn evaluate(_pipeline: &Pipeline, _gold: &Path) -> Result<EvalReport> {
    Ok(EvalReport::default())
}
