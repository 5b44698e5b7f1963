//! Person and organisation names from their shape and context. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::sync::Arc;

/// Resources this stage needs from `data/`.
#[derive(Debug, Default)]
pub struct NameData {}

impl NameData {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<NameData> {
        Ok(NameData {})
    }
}

/// The stage.
pub struct NamesStage {
    #[allow(dead_code)]
    res: Arc<Resources>,
}

impl NamesStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> NamesStage {
        NamesStage { res }
    }
}

impl Stage for NamesStage {
    fn name(&self) -> &'static str {
        "names"
    }
    fn requires(&self) -> &[LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Candidates,
        ]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Candidates]
    }
    fn run(&self, _doc: &mut Document) -> Result<()> {
        Ok(())
    }
}
