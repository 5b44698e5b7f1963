//! Gazetteer matching: countries, demonyms, metonyms, known organisations, places and titles. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::sync::Arc;

/// Resources this stage needs from `data/`.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<Gazetteer> {
        Ok(Gazetteer {})
    }
}

/// The stage.
pub struct GazetteerStage {
    #[allow(dead_code)]
    res: Arc<Resources>,
}

impl GazetteerStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> GazetteerStage {
        GazetteerStage { res }
    }
}

impl Stage for GazetteerStage {
    fn name(&self) -> &'static str {
        "gazetteer"
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
