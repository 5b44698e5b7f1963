//! Direct and indirect quotations and their speakers. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::sync::Arc;

/// Resources this stage needs from `data/`.
#[derive(Debug, Default)]
pub struct QuoteData {}

impl QuoteData {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<QuoteData> {
        Ok(QuoteData {})
    }
}

/// The stage.
pub struct QuoteStage {
    #[allow(dead_code)]
    res: Arc<Resources>,
}

impl QuoteStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> QuoteStage {
        QuoteStage { res }
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Sentences, LayerKind::Entities]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Quotes]
    }
    fn run(&self, _doc: &mut Document) -> Result<()> {
        Ok(())
    }
}
