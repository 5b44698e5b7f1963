//! Resolving candidates into entities, mentions and roles. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::sync::Arc;

/// Resources this stage needs from `data/`.
#[derive(Debug, Default)]
pub struct ResolveData {}

impl ResolveData {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<ResolveData> {
        Ok(ResolveData {})
    }
}

/// The stage.
pub struct EntityStage {
    #[allow(dead_code)]
    res: Arc<Resources>,
}

impl EntityStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> EntityStage {
        EntityStage { res }
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Candidates]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Entities]
    }
    fn run(&self, _doc: &mut Document) -> Result<()> {
        Ok(())
    }
}
