//! Coreference within a document for definite noun phrases: `the prime minister`, `the
//! alliance`, `the ministry` become mentions (form `nominal`) of the entity they refer back to.
//!
//! Reads tokens, entities and mentions; adds mentions. Short names (`Kishida`, `Mr. Kishida`)
//! are joined to full names by the entity stage, and pronouns that speak quotes by the quote
//! stage, which knows who is speaking; this stage handles only the nominals, which need the roles
//! the entity stage found. Why so narrow: a nominal is linked only when the article has already
//! named an entity that fits it (a person holding that title, an organisation of that kind),
//! the most recent one winning, which is right far more often than a general resolver without a
//! parser would be.

use crate::data::DataDir;
use crate::document::{Document, EntityIx, EntityType, Mention, MentionForm, OrgKind, Span};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use std::collections::HashMap;
use std::sync::Arc;

/// What a nominal phrase can refer to.
#[derive(Debug, Clone, PartialEq)]
pub enum NominalTarget {
    /// A person holding this title.
    Title(String),
    /// An organisation of this kind.
    Org(OrgKind),
    /// Any entity of this type.
    Type(EntityType),
}

/// Nominal phrases and what they refer to (`data/coref/nominals.tsv`).
#[derive(Debug, Default)]
pub struct CorefData {
    /// Phrase (lowercase words joined by one space) to what it may refer to.
    pub nominals: HashMap<String, Vec<NominalTarget>>,
    /// The longest phrase, in words.
    pub max_words: usize,
}

impl CorefData {
    /// Load from `data/coref/`.
    pub fn load(data: &DataDir) -> Result<CorefData> {
        let rel = "coref/nominals.tsv";
        let mut nominals = HashMap::new();
        let mut max_words = 0;
        for row in data.tsv(rel)? {
            let bad = |what: &str| Error::resource(data.path_of(rel), row.line, what.to_string());
            let target = match row.get(1) {
                "title" => NominalTarget::Title(row.get(2).to_string()),
                "org" => NominalTarget::Org(
                    OrgKind::from_name(row.get(2))
                        .ok_or_else(|| bad("unknown organisation kind"))?,
                ),
                "type" => NominalTarget::Type(match row.get(2) {
                    "PERSON" => EntityType::Person,
                    "COUNTRY" => EntityType::Country,
                    "ORGANIZATION" => EntityType::Organization,
                    "LOCATION" => EntityType::Location,
                    _ => return Err(bad("unknown entity type")),
                }),
                _ => return Err(bad("second column must be title, org or type")),
            };
            let phrase = row.get(0).to_lowercase();
            max_words = max_words.max(phrase.split_whitespace().count());
            nominals.entry(phrase).or_insert_with(Vec::new).push(target);
        }
        Ok(CorefData {
            nominals,
            max_words,
        })
    }
}

/// Links definite nominals to the entities they refer back to.
pub struct CorefStage {
    data: Arc<CorefData>,
}

impl CorefStage {
    /// A stage over the nominal word lists.
    pub fn new(data: Arc<CorefData>) -> CorefStage {
        CorefStage { data }
    }
}

impl Stage for CorefStage {
    fn name(&self) -> &'static str {
        "coref"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Entities]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Entities]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        let found = find_nominals(doc, &self.data);
        doc.insert_mentions(found);
        Ok(())
    }
}

/// True when entity `e` fits the target.
fn fits(doc: &Document, e: EntityIx, target: &NominalTarget) -> bool {
    let ent = &doc.entities()[e.ix()];
    match target {
        NominalTarget::Title(t) => {
            ent.etype == EntityType::Person
                && ent.roles.iter().any(|r| r.title.eq_ignore_ascii_case(t))
        }
        NominalTarget::Org(k) => ent.etype == EntityType::Organization && ent.kind == Some(*k),
        NominalTarget::Type(t) => ent.etype == *t,
    }
}

/// Find `the <nominal>` and `<Country>’s <nominal>` phrases and link each to the most recent
/// fitting entity before it (for the possessive, one whose role is held in that country).
pub fn find_nominals(doc: &Document, data: &CorefData) -> Vec<Mention> {
    let toks = doc.tokens();
    let mentions = doc.mentions();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < toks.len() {
        let word = doc.token_text(i);
        // `America’s top diplomat`: the possessor, when a country or organisation.
        let possessor = if word == "’s" || word == "'s" {
            let end = toks[i].span.start;
            match mentions.iter().find(|m| m.span.end == end) {
                Some(m) if doc.entities()[m.entity.ix()].etype != EntityType::Person => {
                    Some(m.entity)
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
        } else if word.eq_ignore_ascii_case("the") {
            None
        } else {
            i += 1;
            continue;
        };
        // Longest phrase first: `the military alliance` before `the military`.
        let mut best: Option<(usize, &Vec<NominalTarget>)> = None;
        let mut phrase = String::new();
        for n in 1..=data.max_words.min(toks.len() - i - 1) {
            let t = toks[i + n];
            let w = doc.text_of(t.span);
            if n > 1 {
                // `secretary-general` is three tokens joined without spaces.
                if toks[i + n - 1].space_after {
                    phrase.push(' ');
                }
            }
            phrase.push_str(&w.to_lowercase());
            if let Some(target) = data.nominals.get(&phrase) {
                best = Some((n, target));
            }
        }
        let Some((n, target)) = best else {
            i += 1;
            continue;
        };
        let span = Span::new(toks[i + 1].span.start(), toks[i + n].span.end());
        i += n + 1;
        // `the prime minister of Japan` introduces someone rather than referring back; a
        // capitalised word after the phrase means it is a title before a name.
        let next = toks.get(i).map(|t| doc.text_of(t.span)).unwrap_or("");
        if next == "of" || next.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        // Inside an existing mention (`the Chinese foreign ministry`): not a nominal.
        if mentions.iter().any(|m| m.span.overlaps(span)) {
            continue;
        }
        let held_there = |e: EntityIx| {
            possessor.is_none_or(|p| {
                let ent = &doc.entities()[e.ix()];
                ent.etype != EntityType::Person || ent.roles.iter().any(|r| r.of == Some(p))
            })
        };
        let antecedent = mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= span.start)
            .find(|m| target.iter().any(|t| fits(doc, m.entity, t)) && held_there(m.entity));
        if let Some(m) = antecedent {
            out.push(Mention {
                span,
                entity: m.entity,
                form: MentionForm::Nominal,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, MentionIx, Role, Token, TokenKind};

    fn doc_with(
        text: &str,
        ents: &[(&str, EntityType, Option<OrgKind>, Option<&str>)],
    ) -> Document {
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            let sep = c == ' ' || c == '.' || c == ',';
            match (start, sep) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    tokens.push(Token {
                        span: Span::new(s, i),
                        kind: TokenKind::Word,
                        space_after: c == ' ',
                        line_start: s == 0,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        let mut entities = Vec::new();
        let mut mentions = Vec::new();
        for (k, (name, etype, kind, title)) in ents.iter().enumerate() {
            let at = text.find(name).expect("entity in text");
            mentions.push(Mention {
                span: Span::new(at, at + name.len()),
                entity: EntityIx(k as u32),
                form: MentionForm::Name,
            });
            entities.push(Entity {
                name: name.to_string(),
                etype: *etype,
                kind: *kind,
                code: None,
                owner: None,
                roles: title
                    .map(|t| Role {
                        title: t.into(),
                        of: None,
                        evidence: Span::new(0, 0),
                    })
                    .into_iter()
                    .collect(),
                mentions: vec![MentionIx(k as u32)],
            });
        }
        Document {
            text: text.into(),
            tokens: Some(tokens),
            entities: Some(entities),
            mentions: Some(mentions),
            ..Document::default()
        }
    }

    fn data() -> CorefData {
        CorefData::load(&DataDir::from_env()).expect("coref data loads")
    }

    #[test]
    fn prime_minister_refers_to_the_person_with_that_role() {
        let mut d = doc_with(
            "Ana Ruiz arrived. Later the prime minister spoke.",
            &[("Ana Ruiz", EntityType::Person, None, Some("Prime Minister"))],
        );
        let found = find_nominals(&d, &data());
        assert_eq!(found.len(), 1);
        assert_eq!(d.text_of(found[0].span), "prime minister");
        d.insert_mentions(found);
        assert_eq!(d.entities()[0].mentions.len(), 2);
    }

    #[test]
    fn alliance_refers_to_the_latest_alliance() {
        let d = doc_with(
            "NATO met. The alliance said so.",
            &[(
                "NATO",
                EntityType::Organization,
                Some(OrgKind::Alliance),
                None,
            )],
        );
        let found = find_nominals(&d, &data());
        assert_eq!(found.len(), 1);
        assert_eq!(d.text_of(found[0].span), "alliance");
    }

    #[test]
    fn nominal_without_antecedent_or_before_a_name_is_left_alone() {
        let d = doc_with("The prime minister of Peru spoke.", &[]);
        assert!(find_nominals(&d, &data()).is_empty());
        let d = doc_with(
            "Ana Ruiz came. The President Ana Ruiz spoke.",
            &[("Ana Ruiz", EntityType::Person, None, Some("President"))],
        );
        assert!(find_nominals(&d, &data()).is_empty());
    }
}
