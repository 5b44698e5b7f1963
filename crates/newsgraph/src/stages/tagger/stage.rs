//! The pipeline stage: tags every sentence of a document in the context of the whole document
//! and appends the names as model candidates.

use super::{DocContext, NameKind, TagScratch, Tagger};
use crate::document::{
    Candidate, CandidateLabel, CandidateSource, Document, MentionForm, Span, Token,
};
use crate::error::Result;
use crate::stage::{LayerKind, Stage};
use std::sync::Arc;

/// Proposes PERSON / ORGANIZATION / LOCATION candidates from the tagger.
pub struct TaggerStage {
    tagger: Option<Arc<Tagger>>,
}

impl TaggerStage {
    /// A stage over the loaded tagger; without weights it proposes nothing.
    pub fn new(tagger: Option<Arc<Tagger>>) -> TaggerStage {
        TaggerStage { tagger }
    }
}

/// Tag every sentence of `doc` with `tagger`, appending candidates to `doc.candidates`.
pub fn tag_document(tagger: &Tagger, doc: &mut Document) {
    let (Some(tokens), Some(sentences)) = (doc.tokens.as_ref(), doc.sentences.as_ref()) else {
        return;
    };
    let mut scratch = TagScratch::default();
    let text_of = |t: &Token| &doc.text[t.span.start()..t.span.end()];
    let all: Vec<&str> = tokens.iter().map(text_of).collect();
    let ctx = DocContext::build(sentences.iter().filter_map(|s| all.get(s.token_range())));
    let mut found = Vec::new();
    for sentence in sentences {
        let range = sentence.token_range();
        let Some(toks) = tokens.get(range.clone()) else {
            continue;
        };
        let Some(texts) = all.get(range) else {
            continue;
        };
        for name in tagger.tag_in_doc(texts, &ctx, &mut scratch) {
            let span = Span::new(toks[name.start].span.start(), toks[name.end - 1].span.end());
            let label = match name.kind {
                NameKind::Person => CandidateLabel::Person,
                NameKind::Organization => CandidateLabel::Organization {
                    kind: None,
                    canonical: None,
                    country: None,
                },
                NameKind::Location => CandidateLabel::Location {
                    canonical: None,
                    country: None,
                },
            };
            found.push(Candidate {
                span,
                label,
                form: MentionForm::Name,
                source: CandidateSource::Model,
                score: name.score,
            });
        }
    }
    doc.candidates.get_or_insert_with(Vec::new).extend(found);
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
    fn run(&self, doc: &mut Document) -> Result<()> {
        if let Some(tagger) = &self.tagger {
            tag_document(tagger, doc);
        } else {
            doc.candidates.get_or_insert_with(Vec::new);
        }
        Ok(())
    }
}
