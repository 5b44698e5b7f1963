//! The order of the stages, written once.
//!
//! Each stage is a small [`Stage`] that reads layers of a [`Document`] and adds its own. The
//! [`Pipeline`] checks at construction that every layer a stage requires is provided by an
//! earlier stage, so a mis-ordered pipeline fails before it sees a document, and it adds the
//! stage's name and the document id to any error.
//!
//! This is the only file that lists the stages. The default order is:
//!
//! 1. `segment`: tokens, sentences and the dateline;
//! 2. `gazetteer`: countries, demonyms, metonyms, known organisations, places and titles from `data/`;
//! 3. `tagger`: names proposed by the statistical tagger trained on openly licensed corpora;
//! 4. `names`: person and organisation names found from their shape and context;
//! 5. `entities`: candidates resolved into entities and mentions, with roles;
//! 6. `coref`: nominal mentions (`the prime minister`, `the alliance`) linked to their entities;
//! 7. `quotes`: direct and indirect quotations with their speakers; it parses (part of speech
//!    and dependency tree, the `words` layer) only the sentences of the direct quotes its
//!    surface rules leave without a speaker;
//! 8. `agents`: groups named by a common noun (`Syrian rebels`, `police`) as entities;
//! 9. `events`: PLOVER-coded events with actors, recipients, modality and resolved dates, and
//!    the relations (`leader_of`, `supplies`, ...) they and the roles state;
//! 10. `places`: coordinates of places and countries, and where each event happened;
//! 11. `amounts`: money, counts and percentages, tied to their events;
//! 12. `tone`: how warm or hostile each sentence, quote and the article read.
//!
//! (`syntax::SyntaxStage` parses up front instead, for callers that want the whole layer.)

use crate::data::DataDir;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::stages::{
    agents, amounts, coref, entities, events, gazetteer, names, places, quotes, segment, syntax,
    tagger, tone,
};
use std::sync::Arc;

pub use crate::stage::{LayerKind, Stage};

/// Every stage's data, loaded once from one [`DataDir`] and shared (read-only) by all threads.
/// Each stage receives only its own part, plus what [`Pipeline::standard`] hands it explicitly
/// of another's (the entity stage reads the gazetteer and the name rules' lists; the event stage
/// learns the gazetteer's capitals).
pub struct Resources {
    /// Where the files came from.
    pub data: DataDir,
    /// Abbreviations and other facts segmentation needs.
    pub segment: Arc<segment::SegmentData>,
    /// The syntax model.
    pub syntax: Arc<syntax::SyntaxData>,
    /// Countries, demonyms, metonyms, organisations, places and titles.
    pub gazetteer: Arc<gazetteer::Gazetteer>,
    /// The statistical name tagger, when its weights are present.
    pub tagger: Option<Arc<tagger::Tagger>>,
    /// Word lists for recognising names from their shape and context.
    pub names: Arc<names::NameData>,
    /// Word lists for coreference (nominals, pronouns).
    pub coref: Arc<coref::CorefData>,
    /// Agent nouns (`troops`, `rebels`, `police`).
    pub agents: Arc<agents::AgentData>,
    /// Speech verbs and other quote cues.
    pub quotes: Arc<quotes::QuoteData>,
    /// Month, weekday and relative-time words (the event stage's date resolver).
    pub time: Arc<events::time::TimeData>,
    /// Event patterns and the word lists of the event stage, with the gazetteer's capitals.
    pub events: Arc<events::EventData>,
    /// The place gazetteer (cities, divisions, countries' centres, seas and regions).
    pub places: Arc<places::PlaceData>,
    /// Currencies, scales and counted nouns.
    pub amounts: Arc<amounts::AmountData>,
    /// The tone lexicon.
    pub tone: Arc<tone::ToneData>,
}

impl Resources {
    /// Load every stage's data from `data`.
    pub fn load(data: DataDir) -> Result<Resources> {
        // The syntax model first: while it is built its 23 MB file is in memory too, and that
        // peak is lower with nothing else loaded yet (peak RSS is the process's high-water mark).
        let syntax = syntax::SyntaxData::load(&data)?;
        let gazetteer = gazetteer::Gazetteer::load(&data)?;
        let events = events::EventData::load(&data)?
            .with_capitals(gazetteer.capitals())
            .with_country_names(
                gazetteer
                    .countries()
                    .iter()
                    .map(|c| (c.code.as_str(), c.name.as_str())),
            );
        let quotes = quotes::QuoteData::load(&data)?;
        Ok(Resources {
            segment: Arc::new(segment::SegmentData::load(&data)?),
            tagger: tagger::Tagger::load(&data)?.map(Arc::new),
            names: Arc::new(names::NameData::load(&data)?),
            coref: Arc::new(coref::CorefData::load(&data)?),
            agents: Arc::new(agents::AgentData::load(&data)?),
            quotes: Arc::new(quotes),
            syntax: Arc::new(syntax),
            time: Arc::new(events::time::TimeData::load(&data)?),
            events: Arc::new(events),
            places: Arc::new(places::PlaceData::load(&data)?),
            amounts: Arc::new(amounts::AmountData::load(&data)?),
            tone: Arc::new(tone::ToneData::load(&data)?),
            gazetteer: Arc::new(gazetteer),
            data,
        })
    }

    /// Load from `NEWSGRAPH_DATA`, the repository's `data/`, or the built-in copy.
    pub fn load_default() -> Result<Resources> {
        Resources::load(DataDir::from_env())
    }
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

    /// The standard pipeline over the given resources: the one list of the stages, in order.
    pub fn standard(resources: Arc<Resources>) -> Result<Pipeline> {
        let r = &*resources;
        Pipeline::new(vec![
            Box::new(segment::SegmentStage::new(r.segment.clone())),
            Box::new(gazetteer::GazetteerStage::new(r.gazetteer.clone())),
            Box::new(tagger::TaggerStage::new(r.tagger.clone())),
            Box::new(names::NamesStage::new(r.names.clone())),
            Box::new(entities::EntityStage::new(entities::EntityData {
                names: r.names.clone(),
                gazetteer: r.gazetteer.clone(),
                agents: r.agents.clone(),
            })),
            Box::new(coref::CorefStage::new(r.coref.clone())),
            Box::new(quotes::QuoteStage::with_parser(
                r.quotes.clone(),
                r.syntax.clone(),
            )),
            Box::new(agents::AgentStage::new(r.agents.clone())),
            Box::new(events::EventStage::new(r.events.clone(), r.time.clone())),
            Box::new(places::PlacesStage::new(r.places.clone())),
            Box::new(amounts::AmountStage::new(r.amounts.clone())),
            Box::new(tone::ToneStage::new(r.tone.clone())),
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
