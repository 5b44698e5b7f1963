//! Resolving candidates into entities, mentions and roles.
//!
//! Reads tokens, sentences and every stage's candidates; writes `entities` and `mentions`.
//!
//! Three proposers disagree at times: the gazetteer knows countries and famous organisations for
//! certain, the name rules know a person when a title stands before the name, and the tagger
//! guesses everything else. This stage decides, in four steps:
//!
//! 1. **Select** non-overlapping spans, most trusted proposer first (gazetteer, rules, tagger),
//!    with two kinds of nesting allowed: a government body keeps the country inside it
//!    (`Chinese` in `the Chinese foreign ministry`), and a longer rule or tagger name swallows a
//!    place inside it (`Washington` in `George Washington University`).
//! 2. **Group** mentions into entities: countries by ISO code, known organisations and places by
//!    canonical name, other organisations by normalised text or acronym, people by name parts
//!    (`Kishida` and `Mr. Kishida` join `Fumio Kishida`).
//! 3. **Propagate** names: a person's surname or an organisation's acronym that the proposers
//!    missed later in the text becomes a mention too, as a careful reader would read it.
//! 4. **Roles**: a title before a name (`Japanese Prime Minister Fumio Kishida`) or in an
//!    apposition after it (`Lin Jian, a spokesman for the Chinese foreign ministry`) becomes a
//!    role, with the country or organisation it is held in.

use crate::document::{
    Candidate, CandidateLabel, CandidateSource, Document, Entity, EntityIx, EntityType, Mention,
    MentionForm, MentionIx, OrgKind, Role, Span, TokenKind,
};
use crate::error::Result;
use crate::stage::{LayerKind, Stage};
use crate::stages::gazetteer::{Country, Gazetteer};
use crate::stages::names::NameData;
use crate::text::case::{capitalise, is_shouting, starts_upper};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

mod group;
mod lone_names;
mod propagate;
mod roles;
mod select;
mod teams;

pub use group::*;
pub use select::*;

/// What the entity stage reads of other stages' data, handed to it when the pipeline is built:
/// it has no files of its own.
pub struct EntityData {
    /// The name rules' word lists (`not_names`, honorifics, team cues, generic bodies).
    pub names: Arc<NameData>,
    /// The gazetteer: countries and capitals for datelines, titles and bodies for roles.
    pub gazetteer: Arc<Gazetteer>,
    /// The agents stage's group nouns (`gunmen`, `rebels`): a sentence's first word that is one
    /// of them is a common noun capitalised by position, not a name, whatever the tagger says.
    pub agents: Arc<crate::stages::agents::AgentData>,
}

/// Resolves candidates into entities, mentions and roles.
pub struct EntityStage {
    res: EntityData,
}

impl EntityStage {
    /// A stage over the name rules' word lists and the gazetteer.
    pub fn new(data: EntityData) -> EntityStage {
        EntityStage { res: data }
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> &[LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Candidates,
        ]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Entities]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        let mut selected = select(doc, &self.res);
        selected.extend(dateline_places(doc, &self.res));
        let mut builder = Builder::new(doc, &self.res);
        for c in &selected {
            builder.add(c);
        }
        builder.propagate();
        builder.roles();
        let (entities, mentions) = builder.finish();
        doc.entities = Some(entities);
        doc.mentions = Some(mentions);
        Ok(())
    }
}

/// Where the entity after `of` starts, when the text between a title and a name is
/// `of [the] <entity>,`.
fn doc_gap_of(doc: &Document, title: Span, name: Span) -> Option<usize> {
    let gap = doc.text.get(title.end()..name.start())?;
    let rest = gap.trim_start().strip_prefix("of ")?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    Some(name.start() - gap.len() + (gap.len() - rest.len()))
}

fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_ignore_hyphens_and_case() {
        assert_eq!(name_key("Yoon Suk-yeol"), name_key("Yoon Suk Yeol"));
        assert_eq!(
            initials("Centre for Security Diplomacy and Strategy"),
            "CSDS"
        );
        assert_eq!(
            normalise_org("the Chinese foreign ministry"),
            "chineseforeignministry"
        );
    }

    #[test]
    fn acronyms_match_the_initials_with_or_without_connectors() {
        let skip: HashSet<String> = ["for", "and", "of"].iter().map(|w| w.to_string()).collect();
        let defra = "Department for Environment, Food and Rural Affairs";
        assert!(is_acronym_of("Defra", defra, &skip));
        assert!(is_acronym_of("DEFRA", defra, &skip));
        assert!(is_acronym_of("DfT", "Department for Transport", &skip));
        assert!(is_acronym_of("IPS", "Institute of Peace Studies", &skip));
        // Too short in mixed case, not the initials, or not one word of letters.
        assert!(!is_acronym_of("Dt", "Department for Transport", &skip));
        assert!(!is_acronym_of("Dora", defra, &skip));
        assert!(!is_acronym_of("D-T", "Department Transport", &skip));
        assert!(!is_acronym_of("Ford", "Ford", &skip));
    }
}
