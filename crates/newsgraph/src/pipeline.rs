//! The order of the stages, written once.
//!
//! Each stage is a small [`Stage`] that reads layers of a [`Document`] and adds its own. The
//! [`Pipeline`] checks at construction that every layer a stage requires is provided by an
//! earlier stage, so a mis-ordered pipeline fails before it sees a document, and it adds the
//! stage's name and the document id to any error.
//!
//! The default order is:
//!
//! 1. `segment`: tokens, sentences and the dateline;
//! 2. `gazetteer`: countries, demonyms, metonyms, known organisations, places and titles from `data/`;
//! 3. `tagger`: names proposed by the statistical tagger trained on openly licensed corpora;
//! 4. `names`: person and organisation names found from their shape and context;
//! 5. `entities`: candidates resolved into entities and mentions, with roles;
//! 6. `coref`: nominal mentions (`the prime minister`, `the alliance`) linked to their entities;
//! 7. `quotes`: direct and indirect quotations with their speakers;
//! 8. `events`: PLOVER-coded events with actors, recipients, modality and resolved dates, and
//!    the relations (`leader_of`, `supplies`, ...) they and the roles state.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::resources::Resources;
use std::sync::Arc;

/// The annotation layers of a [`Document`], for declaring what stages read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// `tokens`.
    Tokens,
    /// `sentences` (and the dateline).
    Sentences,
    /// `candidates`.
    Candidates,
    /// `entities` and `mentions`.
    Entities,
    /// `quotes`.
    Quotes,
    /// `events`.
    Events,
    /// `relations`.
    Relations,
}

/// One step of the pipeline: reads some layers of a document and adds others. Built once from
/// the loaded [`Resources`]; `run` does no I/O, so stages can run on many threads at once.
pub trait Stage: Send + Sync {
    /// A short name for errors and timings.
    fn name(&self) -> &'static str;
    /// The layers this stage reads.
    fn requires(&self) -> &[LayerKind];
    /// The layers this stage adds or extends.
    fn provides(&self) -> &[LayerKind];
    /// Annotate the document.
    fn run(&self, doc: &mut Document) -> Result<()>;
}

/// An ordered, validated list of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// A pipeline from stages in order; fails when a stage requires a layer no earlier stage provides.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline> {
        let mut have: Vec<LayerKind> = Vec::new();
        for stage in &stages {
            if let Some(&layer) = stage.requires().iter().find(|l| !have.contains(l)) {
                return Err(Error::PipelineOrder {
                    stage: stage.name(),
                    layer,
                });
            }
            have.extend_from_slice(stage.provides());
        }
        Ok(Pipeline { stages })
    }

    /// The standard pipeline over the given resources.
    pub fn standard(resources: Arc<Resources>) -> Result<Pipeline> {
        Pipeline::new(vec![
            Box::new(crate::segment::SegmentStage::new(&resources)),
            Box::new(crate::entities::gazetteer::GazetteerStage::new(
                resources.clone(),
            )),
            Box::new(crate::entities::tagger::TaggerStage::new(resources.clone())),
            Box::new(crate::entities::names::NamesStage::new(resources.clone())),
            Box::new(crate::entities::resolve::EntityStage::new(
                resources.clone(),
            )),
            Box::new(crate::coref::CorefStage::new(resources.clone())),
            Box::new(crate::quotes::QuoteStage::new(resources.clone())),
            Box::new(crate::entities::agents::AgentStage::new(resources.clone())),
            Box::new(crate::events::EventStage::new(resources.clone())),
        ])
    }

    /// The stages, in order (benchmarks time them one at a time).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    /// The names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage over the document, in order.
    pub fn run(&self, doc: &mut Document) -> Result<()> {
        self.run_timed(doc, |_, _| {})
    }

    /// Run every stage, reporting how long each took to `on_stage(name, elapsed)`.
    pub fn run_timed(
        &self,
        doc: &mut Document,
        mut on_stage: impl FnMut(&'static str, std::time::Duration),
    ) -> Result<()> {
        for stage in &self.stages {
            let t = std::time::Instant::now();
            stage.run(doc).map_err(|e| match e {
                e @ Error::Stage { .. } => e,
                other => Error::Stage {
                    stage: stage.name(),
                    doc: doc.id.clone(),
                    message: other.to_string(),
                },
            })?;
            on_stage(stage.name(), t.elapsed());
        }
        Ok(())
    }
}

/// The standard pipeline over the default resources, built once for all unit tests of the
/// crate (loading the tagger's weights is the slow part).
#[cfg(test)]
pub(crate) fn standard_for_tests() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let res = Arc::new(Resources::load_default().expect("resources"));
        Pipeline::standard(res).expect("pipeline")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, Vec<LayerKind>, Vec<LayerKind>);
    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &[LayerKind] {
            &self.1
        }
        fn provides(&self) -> &[LayerKind] {
            &self.2
        }
        fn run(&self, _: &mut Document) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pipeline_rejects_stage_before_its_inputs() {
        let bad = Pipeline::new(vec![
            Box::new(Fake("b", vec![LayerKind::Tokens], vec![])),
            Box::new(Fake("a", vec![], vec![LayerKind::Tokens])),
        ]);
        assert!(matches!(bad, Err(Error::PipelineOrder { stage: "b", .. })));
        let good = Pipeline::new(vec![
            Box::new(Fake("a", vec![], vec![LayerKind::Tokens])),
            Box::new(Fake("b", vec![LayerKind::Tokens], vec![])),
        ]);
        assert!(good.is_ok());
    }
}
