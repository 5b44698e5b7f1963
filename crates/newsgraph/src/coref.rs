//! Coreference within a document: nominals and short names. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::sync::Arc;

/// Resources this stage needs from `data/`.
#[derive(Debug, Default)]
pub struct CorefData {}

impl CorefData {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<CorefData> {
        Ok(CorefData {})
    }
}

/// The stage.
pub struct CorefStage {
    #[allow(dead_code)]
    res: Arc<Resources>,
}

impl CorefStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> CorefStage {
        CorefStage { res }
    }
}

impl Stage for CorefStage {
    fn name(&self) -> &'static str {
        "coref"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Entities]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Entities]
    }
    fn run(&self, _doc: &mut Document) -> Result<()> {
        Ok(())
    }
}
