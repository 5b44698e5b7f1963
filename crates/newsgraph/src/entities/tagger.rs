//! The statistical name tagger. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::sync::Arc;

/// The tagger's weights.
#[derive(Debug)]
pub struct Tagger {}

impl Tagger {
    /// Load the weights from `data/`, or `None` when they are absent.
    pub fn load(_data: &DataDir) -> Result<Option<Tagger>> {
        Ok(None)
    }
}

/// Proposes PERSON / ORGANIZATION / LOCATION candidates from the tagger.
pub struct TaggerStage {
    #[allow(dead_code)]
    res: Arc<Resources>,
}

impl TaggerStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> TaggerStage {
        TaggerStage { res }
    }
}

impl Stage for TaggerStage {
    fn name(&self) -> &'static str {
        "tagger"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Candidates]
    }
    fn run(&self, _doc: &mut Document) -> Result<()> {
        Ok(())
    }
}
