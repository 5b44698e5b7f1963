//! Segmentation: tokens, sentences and the dateline. (Stub: being written.)

use crate::document::Document;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};

/// Word lists segmentation needs (abbreviations that do not end a sentence).
#[derive(Debug, Default)]
pub struct SegmentData {}

impl SegmentData {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<SegmentData> {
        Ok(SegmentData {})
    }
}

/// Splits text into tokens and sentences and recognises the dateline.
pub struct SegmentStage {}

impl SegmentStage {
    /// Build from resources.
    pub fn new(_res: &Resources) -> SegmentStage {
        SegmentStage {}
    }
}

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &[LayerKind] {
        &[]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        doc.tokens = Some(Vec::new());
        doc.sentences = Some(Vec::new());
        Ok(())
    }
}
