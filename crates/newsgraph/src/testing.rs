//! Scaffolding for tests of single stages: a [`DocBuilder`] that makes a [`Document`] with
//! only the layers a stage needs, and [`assert_span`], which names the text a wrong span covers.
//!
//! Why it is public: the crate's unit tests and its integration tests (and other crates'
//! tests) build the same documents; it is small and reads nothing but the built-in data.

use crate::data::DataDir;
use crate::document::{Document, Entity, EntityIx, EntityType, Mention, MentionForm, Meta, Span};
use crate::stage::Stage;
use crate::stages::segment::{SegmentData, SegmentStage};
use std::sync::{Arc, OnceLock};

/// Builds a [`Document`] layer by layer: segmented with the default data, then with entities
/// and mentions written by hand instead of by the entity stages.
#[derive(Debug)]
pub struct DocBuilder {
    doc: Document,
    entities: Option<(Vec<Entity>, Vec<Mention>)>,
}

impl DocBuilder {
    /// A document over `text` with no layers.
    pub fn new(text: &str) -> DocBuilder {
        DocBuilder {
            doc: Document::new(text.to_string(), Meta::default()),
            entities: None,
        }
    }

    /// Set the publication date (for date resolution).
    pub fn published(mut self, date: jiff::civil::Date) -> DocBuilder {
        self.doc.meta.published = Some(date);
        self
    }

    /// Add `tokens`, `sentences` and the dateline from the segment stage over the default data.
    pub fn segmented(mut self) -> DocBuilder {
        static DATA: OnceLock<Arc<SegmentData>> = OnceLock::new();
        let data = DATA.get_or_init(|| {
            Arc::new(SegmentData::load(&DataDir::from_env()).expect("segment data loads"))
        });
        SegmentStage::new(data.clone())
            .run(&mut self.doc)
            .expect("segmentation never fails");
        self
    }

    /// Add an entity of type `etype` whose mentions are every whole-word occurrence of each of
    /// `forms` not already taken (a form starting with `the ` is a nominal mention, others
    /// names); its name is the first form. Entities and mentions become layers at [`build`].
    ///
    /// [`build`]: DocBuilder::build
    pub fn entity(mut self, etype: EntityType, forms: &[&str]) -> DocBuilder {
        let (entities, mentions) = self.entities.get_or_insert_with(Default::default);
        let ix = EntityIx(entities.len() as u32);
        let text = self.doc.text.as_str();
        for form in forms {
            for (pos, _) in text.match_indices(form) {
                let span = Span::new(pos, pos + form.len());
                let before_ok = text[..pos]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = text[span.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok && !mentions.iter().any(|m| m.span.overlaps(span)) {
                    let form = if form.starts_with("the ") {
                        MentionForm::Nominal
                    } else {
                        MentionForm::Name
                    };
                    mentions.push(Mention {
                        span,
                        entity: ix,
                        form,
                    });
                }
            }
        }
        entities.push(Entity {
            name: forms.first().map(|f| f.to_string()).unwrap_or_default(),
            etype,
            kind: None,
            code: None,
            owner: None,
            roles: Vec::new(),
            mentions: Vec::new(),
        });
        self
    }

    /// Declare the entity layers present even when no entity was added (a stage that reads
    /// them then runs on a document where nobody is named).
    pub fn no_entities(mut self) -> DocBuilder {
        self.entities.get_or_insert_with(Default::default);
        self
    }

    /// The document, with its mentions sorted and each entity's mention list filled.
    pub fn build(mut self) -> Document {
        if let Some((mut entities, mut mentions)) = self.entities.take() {
            mentions.sort_by_key(|m| m.span.start);
            for (i, m) in mentions.iter().enumerate() {
                entities[m.entity.ix()]
                    .mentions
                    .push(crate::document::MentionIx(i as u32));
            }
            self.doc.entities = Some(entities);
            self.doc.mentions = Some(mentions);
        }
        self.doc
    }
}

/// Assert that `span` covers exactly `expected` in `doc`'s text, saying what it covers when
/// it does not.
#[track_caller]
pub fn assert_span(doc: &Document, span: Span, expected: &str) {
    let got = doc.text.get(span.start()..span.end());
    assert_eq!(
        got,
        Some(expected),
        "span {}..{} covers {got:?}, not {expected:?}",
        span.start,
        span.end
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_adds_only_the_layers_asked_for() {
        let doc = DocBuilder::new("Mori met Lee. Mori left.").build();
        assert!(doc.tokens.is_none() && doc.entities.is_none());
        let doc = DocBuilder::new("Mori met Lee. Mori left.")
            .segmented()
            .entity(EntityType::Person, &["Mori"])
            .entity(EntityType::Person, &["Lee"])
            .build();
        assert_eq!(doc.sentences().len(), 2);
        assert_eq!(doc.mentions().len(), 3);
        assert_eq!(doc.entities()[0].mentions.len(), 2);
        assert_span(&doc, doc.mentions()[1].span, "Lee");
        assert!(doc.events.is_none());
    }

    #[test]
    #[should_panic(expected = "covers Some(\"Mori\"), not \"Lee\"")]
    fn assert_span_names_what_the_span_covers() {
        let doc = DocBuilder::new("Mori met Lee.").build();
        assert_span(&doc, Span::new(0, 4), "Lee");
    }
}
