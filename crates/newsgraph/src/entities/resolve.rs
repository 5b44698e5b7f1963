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
use crate::entities::names::is_capitalised;
use crate::error::Result;
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::collections::HashMap;
use std::sync::Arc;

/// Resources the entity stage needs beyond the name lists (none yet: its words live in
/// `data/names/`, shared with the name rules).
#[derive(Debug, Default)]
pub struct ResolveData {}

impl ResolveData {
    /// Load from `data/`.
    pub fn load(_data: &DataDir) -> Result<ResolveData> {
        Ok(ResolveData {})
    }
}

/// Resolves candidates into entities, mentions and roles.
pub struct EntityStage {
    res: Arc<Resources>,
}

impl EntityStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> EntityStage {
        EntityStage { res }
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

/// The places a dateline names (`MANILA, Philippines`): the city as a LOCATION, a country as a
/// COUNTRY. They are where the report was filed, not actors, and lie outside every sentence.
fn dateline_places(doc: &Document, res: &Resources) -> Vec<Candidate> {
    let Some(dateline) = &doc.dateline else {
        return Vec::new();
    };
    let gaz = &res.gazetteer;
    let mut out = Vec::new();
    let mut at = dateline.place_span.start();
    for part in doc.text_of(dateline.place_span).split(',') {
        let start = at + (part.len() - part.trim_start().len());
        at += part.len() + 1;
        let name = part.trim();
        if name.is_empty() || !name.chars().any(char::is_alphabetic) {
            continue;
        }
        let titled = name
            .split(' ')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" ");
        let country = gaz.country_for(name).or_else(|| gaz.country_for(&titled));
        let capital_of = capital_country(gaz, &titled);
        let label = match (country, capital_of) {
            (Some(c), _) => CandidateLabel::Country {
                code: c.code.clone(),
            },
            (None, capital) => CandidateLabel::Location {
                canonical: Some(titled),
                country: capital.map(|c| c.code.clone()),
            },
        };
        out.push(Candidate {
            span: Span::new(start, start + name.len()),
            label,
            form: MentionForm::Name,
            source: CandidateSource::Gazetteer,
            score: 1.0,
        });
    }
    out
}

/// The country whose capital this is (`Seoul` → South Korea).
fn capital_country<'g>(
    gaz: &'g crate::entities::gazetteer::Gazetteer,
    name: &str,
) -> Option<&'g crate::entities::gazetteer::Country> {
    gaz.countries()
        .iter()
        .find(|c| c.capitals.iter().any(|cap| cap.as_str() == name))
}

/// The trust of a proposer: gazetteer over rules over the tagger, then the proposer's score.
fn priority(c: &Candidate) -> f32 {
    let base = match c.source {
        CandidateSource::Gazetteer => 3.0,
        CandidateSource::Rule => 2.0,
        CandidateSource::Model => 1.0,
    };
    base + c.score.clamp(0.0, 1.0)
}

fn is_entity_label(label: &CandidateLabel) -> bool {
    !matches!(label, CandidateLabel::Title { .. })
}

/// True for a body the gazetteer built from a country and a noun (`Chinese foreign ministry`).
fn is_owned_body(c: &Candidate) -> bool {
    c.source == CandidateSource::Gazetteer
        && matches!(
            c.label,
            CandidateLabel::Organization {
                country: Some(_),
                ..
            }
        )
}

/// True for `<country> <body>` phrases that describe rather than name (`the U.S. government`,
/// `Iraqi troops`): only the country in them is a mention.
fn is_generic_body(doc: &Document, res: &Resources, c: &Candidate) -> bool {
    is_owned_body(c)
        && doc
            .text_of(c.span)
            .split_whitespace()
            .next_back()
            .is_some_and(|w| res.names.generic_bodies.contains(&w.to_lowercase()))
}

/// Trim a person candidate to its name: drop leading titles, honorifics and countries the tagger
/// may have included, and a trailing possessive.
fn trim_person(doc: &Document, c: &Candidate, blockers: &[Span]) -> Option<Candidate> {
    let toks = doc.tokens();
    let range = doc.tokens_in(c.span);
    let (mut a, mut b) = (range.start, range.end);
    while a < b && blockers.iter().any(|s| s.contains(toks[a].span)) {
        a += 1;
    }
    while a < b && {
        let w = doc.token_text(b - 1);
        w == "’s" || w == "'s" || toks[b - 1].kind != TokenKind::Word
    } {
        b -= 1;
    }
    // A name never ends in an initial: `P. Simmons` when the tagger stopped at `P.`.
    let sentence_end = doc
        .sentence_at(c.span.start)
        .map_or(toks.len(), |i| doc.sentences()[i].end_token.ix());
    while a < b && b < sentence_end && is_initial(doc.token_text(b - 1)) && {
        let next = doc.token_text(b);
        toks[b].kind == TokenKind::Word && is_capitalised(next) && !is_initial(next)
    } {
        b += 1;
    }
    (a < b && toks[a].kind == TokenKind::Word && is_capitalised(doc.token_text(a))).then(|| {
        Candidate {
            span: Span::new(toks[a].span.start(), toks[b - 1].span.end()),
            ..c.clone()
        }
    })
}

/// An initial: one capital letter and a period (`P.`).
fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// Trim punctuation at the edges of a proposer's span (`New York-` from `New York-based`).
fn trim_punct(doc: &Document, c: &Candidate) -> Option<Candidate> {
    let toks = doc.tokens();
    let range = doc.tokens_in(c.span);
    let (mut a, mut b) = (range.start, range.end);
    while a < b && toks[a].kind == TokenKind::Punct {
        a += 1;
    }
    while a < b && toks[b - 1].kind == TokenKind::Punct {
        b -= 1;
    }
    (a < b).then(|| Candidate {
        span: Span::new(toks[a].span.start(), toks[b - 1].span.end()),
        ..c.clone()
    })
}

/// True when a place (not a country: national teams are named after their country and read
/// as the country) stands where a sports team would: beside `beat`, `v`, `drew`, or followed
/// directly by a score in a sentence with more numbers (`Surrey 3 Kent 2`, `Derbyshire 298`).
fn is_team(doc: &Document, res: &Resources, c: &Candidate) -> bool {
    if !matches!(c.label, CandidateLabel::Location { .. }) || c.form != MentionForm::Name {
        return false;
    }
    let toks = doc.tokens();
    let range = doc.tokens_in(c.span);
    let Some(sent) = doc.sentence_at(c.span.start).map(|i| doc.sentences()[i]) else {
        return false;
    };
    let sr = sent.token_range();
    let word = |i: usize| doc.token_text(i);
    let cue = |i: usize| sr.contains(&i) && res.names.team_cues.contains(word(i));
    if (range.start > 0 && cue(range.start - 1)) || cue(range.end) {
        return true;
    }
    let numbers = toks[sr.clone()]
        .iter()
        .filter(|t| t.kind == TokenKind::Number)
        .count();
    // A score has at most three digits; a year (`LONDON 1996-08-30`) is a dateline.
    range.end < sr.end
        && toks[range.end].kind == TokenKind::Number
        && toks[range.end].span.len() <= 3
        && numbers >= 2
}

/// Step 1: choose the spans that become mentions.
///
/// Proposals never cross a sentence, so the choice is made sentence by sentence, which also
/// keeps its cost linear in the length of the document.
pub fn select(doc: &Document, res: &Resources) -> Vec<Candidate> {
    let n = doc.sentences().len();
    let mut by_sentence: Vec<Vec<Candidate>> = vec![Vec::new(); n + 1];
    for c in doc.candidates() {
        let s = doc.sentence_at(c.span.start).unwrap_or(n);
        by_sentence[s].push(c.clone());
    }
    let mut keep: Vec<Candidate> = by_sentence
        .iter()
        .flat_map(|cands| select_among(doc, res, cands))
        .collect();
    keep.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    keep
}

/// Step 1 over one sentence's candidates.
fn select_among(doc: &Document, res: &Resources, cands: &[Candidate]) -> Vec<Candidate> {
    let title_spans: Vec<Span> = cands
        .iter()
        .filter(|c| !is_entity_label(&c.label))
        .map(|c| c.span)
        .collect();
    let country_spans: Vec<Span> = cands
        .iter()
        .filter(|c| matches!(c.label, CandidateLabel::Country { .. }))
        .map(|c| c.span)
        .collect();
    let mut pool: Vec<Candidate> = cands
        .iter()
        .filter(|c| {
            // A name has a letter or digit in it; a tagger's stray `-` is none.
            is_entity_label(&c.label)
                && doc.text_of(c.span).chars().any(char::is_alphanumeric)
                && !is_generic_body(doc, res, c)
        })
        .filter_map(|c| {
            if is_team(doc, res, c) {
                return Some(Candidate {
                    label: CandidateLabel::Organization {
                        kind: Some(OrgKind::Other),
                        canonical: None,
                        country: None,
                    },
                    form: MentionForm::Name,
                    ..c.clone()
                });
            }
            if c.source == CandidateSource::Gazetteer {
                return Some(c.clone());
            }
            // A lone function word (`The`) is never a name, whatever the tagger says.
            if res.names.not_names.contains(doc.text_of(c.span)) {
                return None;
            }
            if c.label == CandidateLabel::Person {
                let blockers: Vec<Span> =
                    title_spans.iter().chain(&country_spans).copied().collect();
                trim_person(doc, c, &blockers)
            } else {
                trim_punct(doc, c)
            }
        })
        .collect();
    // A longer name from the rules or the tagger swallows a place or country name inside it
    // (`U.S. Institute of Peace`, `Nanjing University`), but not a demonym or an acronym
    // standing at the edge of a person's name.
    let swallowed: Vec<bool> = pool
        .iter()
        .map(|inner| {
            inner.source == CandidateSource::Gazetteer
                && matches!(
                    inner.label,
                    CandidateLabel::Country { .. } | CandidateLabel::Location { .. }
                )
                && pool.iter().any(|outer| {
                    outer.source != CandidateSource::Gazetteer
                        && outer.span.contains(inner.span)
                        && outer.span != inner.span
                        && doc.tokens_in(outer.span).len() >= 2
                        && match outer.label {
                            CandidateLabel::Organization { .. } => true,
                            CandidateLabel::Person => {
                                inner.form == MentionForm::Name
                                    && outer.source == CandidateSource::Rule
                            }
                            _ => false,
                        }
                })
        })
        .collect();
    let mut keep: Vec<Candidate> = Vec::new();
    let mut order: Vec<usize> = (0..pool.len()).filter(|&i| !swallowed[i]).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&pool[x], &pool[y]);
        let boost = |c: &Candidate| {
            // A rule or tagger name that swallowed a gazetteer name outranks it.
            if c.source != CandidateSource::Gazetteer
                && pool
                    .iter()
                    .zip(&swallowed)
                    .any(|(o, &s)| s && c.span.contains(o.span))
            {
                2.0
            } else {
                0.0
            }
        };
        // A named government body outranks the country inside it: `Chinese Foreign Ministry`
        // is one mention, of the ministry, which records China as its owner.
        let body = |c: &Candidate| if is_owned_body(c) { 1.0 } else { 0.0 };
        (priority(b) + boost(b) + body(b))
            .total_cmp(&(priority(a) + boost(a) + body(a)))
            .then(b.span.len().cmp(&a.span.len()))
            .then(a.span.start.cmp(&b.span.start))
    });
    for i in order {
        let c = &pool[i];
        let clash = keep.iter().any(|k| k.span.overlaps(c.span));
        if !clash {
            keep.push(c.clone());
        }
    }
    pool.clear();
    keep.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    keep
}

/// Lower-case letters and digits of a name, without spaces, hyphens, periods or apostrophes:
/// `Yoon Suk-yeol` and `Yoon Suk Yeol` both give `yoonsukyeol`.
pub fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a person's name, each as a [`name_key`], hyphenated parts joined.
fn name_parts(doc: &Document, span: Span) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut glue = false;
    for t in &doc.tokens()[doc.tokens_in(span)] {
        let w = doc.text_of(t.span);
        if w == "-" {
            glue = true;
            continue;
        }
        let k = name_key(w);
        if k.is_empty() {
            continue;
        }
        match parts.last_mut() {
            Some(last) if glue => last.push_str(&k),
            _ => parts.push(k),
        }
        glue = false;
    }
    parts
}

/// The initials of the capitalised words of a name: `Centre for Security Diplomacy and
/// Strategy` gives `CSDS`.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

fn normalise_org(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    name_key(s)
}

struct Draft {
    entity: Entity,
    key: String,
    /// For people: the name parts of the longest name.
    parts: Vec<String>,
    /// For organisations: the ISO code of the owning country.
    owner_code: Option<String>,
}

struct Builder<'a> {
    doc: &'a Document,
    res: &'a Resources,
    drafts: Vec<Draft>,
    mentions: Vec<Mention>,
    by_key: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    fn new(doc: &'a Document, res: &'a Resources) -> Builder<'a> {
        Builder {
            doc,
            res,
            drafts: Vec::new(),
            mentions: Vec::new(),
            by_key: HashMap::new(),
        }
    }

    fn new_entity(&mut self, key: String, entity: Entity) -> usize {
        let ix = self.drafts.len();
        self.by_key.insert(key.clone(), ix);
        self.drafts.push(Draft {
            entity,
            key,
            parts: Vec::new(),
            owner_code: None,
        });
        ix
    }

    fn blank(name: String, etype: EntityType) -> Entity {
        Entity {
            name,
            etype,
            kind: None,
            code: None,
            owner: None,
            roles: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn mention(&mut self, ix: usize, span: Span, form: MentionForm) {
        self.mentions.push(Mention {
            span,
            entity: EntityIx(ix as u32),
            form,
        });
    }

    /// The person entity a name belongs to, by its parts, most recent first.
    fn find_person(&self, parts: &[String]) -> Option<usize> {
        let joined = parts.concat();
        let people = || {
            self.drafts
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, d)| d.entity.etype == EntityType::Person)
        };
        if let Some((i, _)) = people().find(|(_, d)| d.parts.concat() == joined) {
            return Some(i);
        }
        match parts {
            // One word: a surname (last part) or, for family-name-first names, the first part.
            [one] => people()
                .find(|(_, d)| d.parts.len() > 1 && d.parts.last() == Some(one))
                .or_else(|| people().find(|(_, d)| d.parts.len() > 1 && d.parts[0] == *one))
                .map(|(i, _)| i),
            // A longer name whose last word is a person known so far by one word only, or the
            // end of a longer name (`Suu Kyi` after `Aung San Suu Kyi`).
            [.., last] => people()
                .find(|(_, d)| d.parts.len() == 1 && d.parts[0] == *last)
                .or_else(|| {
                    people().find(|(_, d)| d.parts.len() > parts.len() && d.parts.ends_with(parts))
                })
                .map(|(i, _)| i),
            [] => None,
        }
    }

    fn add(&mut self, c: &Candidate) {
        let text = crate::reflow::one_line(self.doc.text_of(c.span)).into_owned();
        match &c.label {
            CandidateLabel::Country { code } => {
                let key = format!("C:{code}");
                let ix = match self.by_key.get(&key) {
                    Some(&ix) => ix,
                    None => {
                        let name = self
                            .res
                            .gazetteer
                            .country(code)
                            .map_or_else(|| text.clone(), |c| c.name.clone());
                        let mut e = Self::blank(name, EntityType::Country);
                        e.code = Some(code.clone());
                        self.new_entity(key, e)
                    }
                };
                self.mention(ix, c.span, c.form);
            }
            CandidateLabel::Location { canonical, country } => {
                let name = canonical.clone().unwrap_or_else(|| text.clone());
                let key = format!("L:{}", name_key(&name));
                let ix = match self.by_key.get(&key) {
                    Some(&ix) => ix,
                    None => {
                        let ix = self.new_entity(key, Self::blank(name, EntityType::Location));
                        // Kept only to resolve roles; a place has no owner in the output.
                        self.drafts[ix].owner_code = country.clone();
                        ix
                    }
                };
                self.mention(ix, c.span, c.form);
            }
            CandidateLabel::Organization {
                kind,
                canonical,
                country,
            } => {
                let name = canonical
                    .clone()
                    .unwrap_or_else(|| strip_article(&text).to_string());
                let key = format!("O:{}", normalise_org(&name));
                let acronym_of = (canonical.is_none()
                    && text.len() >= 2
                    && text.chars().all(|ch| ch.is_uppercase()))
                .then(|| {
                    self.drafts.iter().position(|d| {
                        d.entity.etype == EntityType::Organization
                            && initials(&d.entity.name) == text
                    })
                })
                .flatten();
                let ix = match self.by_key.get(&key).copied().or(acronym_of) {
                    Some(ix) => ix,
                    None => {
                        let mut e = Self::blank(name, EntityType::Organization);
                        e.kind = *kind;
                        let ix = self.new_entity(key, e);
                        self.drafts[ix].owner_code = country.clone();
                        ix
                    }
                };
                let d = &mut self.drafts[ix].entity;
                if d.kind.is_none() || d.kind == Some(OrgKind::Other) {
                    d.kind = kind.or(d.kind);
                }
                let form = if canonical.is_none() && text.chars().all(|ch| !ch.is_lowercase()) {
                    MentionForm::Abbreviation
                } else {
                    c.form
                };
                self.mention(ix, c.span, form);
            }
            CandidateLabel::Person => {
                let parts = name_parts(self.doc, c.span);
                if parts.is_empty() {
                    return;
                }
                let ix = match self.find_person(&parts) {
                    Some(ix) => ix,
                    None => {
                        let key = format!("P:{}:{}", parts.concat(), self.drafts.len());
                        self.new_entity(key, Self::blank(text.clone(), EntityType::Person))
                    }
                };
                let d = &mut self.drafts[ix];
                if parts.len() > d.parts.len() {
                    d.parts = parts;
                    d.entity.name = text;
                }
                self.mention(ix, c.span, MentionForm::Name);
            }
            CandidateLabel::Title { .. } => {}
        }
    }

    /// Step 3: later bare mentions of known names that no proposer marked — a person's surname
    /// (`Kishida told reporters`), an organisation's acronym — become mentions too. Also
    /// re-types tagger mentions that are really a known person's surname.
    fn propagate(&mut self) {
        let doc = self.doc;
        let toks = doc.tokens();
        let model_only = self.model_only();
        // Tagger guesses that are a known person's name part become that person's mentions.
        for m in 0..self.mentions.len() {
            let (span, entity) = (self.mentions[m].span, self.mentions[m].entity);
            let d = &self.drafts[entity.ix()];
            if d.entity.etype == EntityType::Person || !d.entity.mentions.is_empty() {
                continue;
            }
            let parts = name_parts(doc, span);
            if parts.len() != 1 || !model_only[entity.ix()] {
                continue;
            }
            if let Some(p) = self.find_person(&parts) {
                self.mentions[m].entity = EntityIx(p as u32);
                self.mentions[m].form = MentionForm::Name;
            }
        }
        // Bare surnames and acronyms anywhere in sentences.
        let mut covered = vec![false; toks.len()];
        for m in &self.mentions {
            for c in &mut covered[doc.tokens_in(m.span)] {
                *c = true;
            }
        }
        let mut lookup: HashMap<String, usize> = HashMap::new();
        for (i, d) in self.drafts.iter().enumerate() {
            match d.entity.etype {
                EntityType::Person if d.parts.len() > 1 => {
                    if let Some(last) = d.parts.last() {
                        lookup.entry(last.clone()).or_insert(i);
                    }
                }
                EntityType::Organization => {
                    let ini = initials(&d.entity.name);
                    if ini.len() >= 3 && d.entity.name.split_whitespace().count() >= 3 {
                        lookup.entry(format!("#{ini}")).or_insert(i);
                    }
                }
                _ => {}
            }
        }
        if lookup.is_empty() {
            return;
        }
        let mut extra = Vec::new();
        for sent in doc.sentences() {
            if crate::entities::names::is_shouting(doc, &toks[sent.token_range()]) {
                continue;
            }
            for i in sent.token_range() {
                if covered[i] || toks[i].kind != TokenKind::Word {
                    continue;
                }
                let w = doc.token_text(i);
                if !is_capitalised(w) || self.res.names.not_names.contains(w) {
                    continue;
                }
                // Part of a longer capitalised name we do not know: leave it.
                let joined_prev = i > sent.first_token.ix()
                    && toks[i - 1].kind == TokenKind::Word
                    && is_capitalised(doc.token_text(i - 1))
                    && !covered[i - 1]
                    && !self.res.names.not_names.contains(doc.token_text(i - 1))
                    && i - 1 != sent.first_token.ix();
                let joined_next = i + 1 < sent.end_token.ix()
                    && toks[i + 1].kind == TokenKind::Word
                    && is_capitalised(doc.token_text(i + 1))
                    && !covered[i + 1];
                if joined_prev || joined_next {
                    continue;
                }
                let hit = if w.chars().all(|c| c.is_uppercase()) && w.len() >= 3 {
                    lookup.get(&format!("#{w}"))
                } else {
                    lookup.get(&name_key(w))
                };
                if let Some(&ix) = hit {
                    let form = if self.drafts[ix].entity.etype == EntityType::Person {
                        MentionForm::Name
                    } else {
                        MentionForm::Abbreviation
                    };
                    extra.push((ix, toks[i].span, form));
                }
            }
        }
        for (ix, span, form) in extra {
            self.mention(ix, span, form);
        }
    }

    /// For each draft, true when every one of its mentions came from the tagger alone (no list
    /// or rule proposed that span).
    fn model_only(&self) -> Vec<bool> {
        let vouched: std::collections::HashSet<Span> = self
            .doc
            .candidates()
            .iter()
            .filter(|c| is_entity_label(&c.label) && c.source != CandidateSource::Model)
            .map(|c| c.span)
            .collect();
        let mut only = vec![true; self.drafts.len()];
        for m in &self.mentions {
            if vouched.contains(&m.span) {
                only[m.entity.ix()] = false;
            }
        }
        only
    }

    /// Step 4: roles from titles before names, in appositions after them, and after a copula.
    fn roles(&mut self) {
        let doc = self.doc;
        let titles: Vec<Span> = doc
            .candidates()
            .iter()
            .filter_map(|c| match &c.label {
                // `Mr.` is no office, nor is a title that ends in one (`Under Mr.`).
                CandidateLabel::Title { canonical }
                    if !canonical
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| self.res.names.honorifics.contains(w)) =>
                {
                    Some(c.span)
                }
                _ => None,
            })
            .collect();
        if titles.is_empty() {
            return;
        }
        let mut titles = titles;
        titles.sort_by_key(|t| (t.start, t.end));
        let mut mentions = self.mentions.clone();
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let home = self.dateline_country();
        // Two passes: a role stated through another person (`his adviser`) needs that person's
        // roles, which the first pass finds; the second only fills affiliations left empty.
        for _ in 0..2 {
            self.role_pass(&titles, &mentions, home);
        }
    }

    fn role_pass(&mut self, titles: &[Span], mentions: &[Mention], home: Option<EntityIx>) {
        let mut found: Vec<(usize, Role)> = Vec::new();
        for m in mentions {
            if self.drafts[m.entity.ix()].entity.etype != EntityType::Person
                || m.form != MentionForm::Name
            {
                continue;
            }
            // Only the sentence's titles and mentions matter (and the cost stays linear).
            let Some(sent) = self.doc.sentence_at(m.span.start) else {
                continue;
            };
            let sent = self.doc.sentences()[sent].span;
            let in_sent_t = |v: &[Span]| {
                let a = v.partition_point(|t| t.start < sent.start);
                let b = v.partition_point(|t| t.start < sent.end);
                a..b
            };
            let a = mentions.partition_point(|x| x.span.start < sent.start);
            let b = mentions.partition_point(|x| x.span.start < sent.end);
            let (ts, ms) = (&titles[in_sent_t(titles)], &mentions[a..b]);
            let roles = [
                self.role_before(m.span, ts, ms, mentions),
                self.role_after(m.span, ts, ms, mentions),
            ];
            found.extend(roles.into_iter().flatten().map(|r| (m.entity.ix(), r)));
        }
        for (ix, mut role) in found {
            if role.of.is_none() && self.is_national_office(&role.title) {
                // The dateline's country, unless the sentence names another country, which
                // may well be the office's (`Prime Minister X will represent Japan`).
                let foreign = |home: EntityIx| {
                    let sent = self.doc.sentence_at(role.evidence.start);
                    mentions.iter().any(|m| {
                        m.entity != home
                            && self.drafts[m.entity.ix()].entity.etype == EntityType::Country
                            && self.doc.sentence_at(m.span.start) == sent
                    })
                };
                role.of = self
                    .country_of_place_in(role.evidence, mentions)
                    .or(home.filter(|&h| !foreign(h)));
            }
            let roles = &mut self.drafts[ix].entity.roles;
            let same = roles
                .iter()
                .position(|r| r.title.eq_ignore_ascii_case(&role.title));
            match same {
                Some(p) if roles[p].of.is_none() && role.of.is_some() => roles[p] = role,
                Some(_) => {}
                None => roles.push(role),
            }
        }
    }

    /// The title as written, tidied (`spokesman`, `Defence Minister`), or the list's canonical
    /// form where the text abbreviates it (`Gen.`, `Rear Adm.`, `PM`).
    fn title_text(&self, span: Span) -> String {
        let text = self.doc.text_of(span);
        if text.contains('.') || !text.chars().any(char::is_lowercase) {
            let canonical = self.doc.candidates().iter().find_map(|c| match &c.label {
                CandidateLabel::Title { canonical } if c.span == span => Some(canonical),
                _ => None,
            });
            if let Some(c) = canonical {
                return c.clone();
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// True for offices held in a national government (`President`, `Prime Minister`, a
    /// minister), which an article datelined in that country need not qualify.
    fn is_national_office(&self, title: &str) -> bool {
        let gaz = &self.res.gazetteer;
        let info = gaz.title_info(title).or_else(|| {
            let capitalised: Vec<String> = title.split(' ').map(capitalise).collect();
            gaz.title_info(&capitalised.join(" "))
        });
        info.is_some_and(|i| {
            matches!(
                i.class.as_str(),
                "head_of_state" | "head_of_government" | "minister"
            )
        })
    }

    /// The country of a place named in the sentence of `evidence` (`In Tokyo, Chief Cabinet
    /// Secretary ...`), when the article mentions that country.
    fn country_of_place_in(&self, evidence: Span, mentions: &[Mention]) -> Option<EntityIx> {
        let sent = self
            .doc
            .sentences()
            .get(self.doc.sentence_at(evidence.start)?)?
            .span;
        let code = mentions
            .iter()
            .filter(|m| sent.contains(m.span))
            .find_map(|m| {
                let d = &self.drafts[m.entity.ix()];
                let place = d.entity.etype == EntityType::Location
                    || (d.entity.etype == EntityType::Country && m.form == MentionForm::Metonym);
                place.then(|| d.owner_code.clone().or_else(|| d.entity.code.clone()))?
            })?;
        self.drafts
            .iter()
            .position(|d| {
                d.entity.etype == EntityType::Country
                    && d.entity.code.as_deref() == Some(code.as_str())
            })
            .map(|i| EntityIx(i as u32))
    }

    /// The country entity of the dateline's place (`MANILA, Philippines` → the Philippines),
    /// when the article mentions that country.
    fn dateline_country(&self) -> Option<EntityIx> {
        let place = &self.doc.dateline.as_ref()?.place;
        let gaz = &self.res.gazetteer;
        let code = place.split(',').find_map(|part| {
            let part = part.trim();
            let titled: String = part
                .split(' ')
                .map(capitalise)
                .collect::<Vec<_>>()
                .join(" ");
            let lookup = |p: &str| {
                gaz.country_for(p)
                    .or_else(|| capital_country(gaz, p))
                    .map(|c| c.code.clone())
            };
            lookup(part).or_else(|| lookup(&titled))
        })?;
        self.drafts
            .iter()
            .position(|d| d.entity.code.as_deref() == Some(code.as_str()))
            .map(|i| EntityIx(i as u32))
    }

    /// `his principal deputy national security adviser, Kim Tae-hyo`: an office stated through
    /// `his`/`her` is in the country where the last person named before holds office.
    fn possessor_country(&self, title: Span, name: Span, mentions: &[Mention]) -> Option<EntityIx> {
        let before = self.doc.text[..title.start()].trim_end();
        if !(before.ends_with(" his") || before.ends_with(" her")) {
            return None;
        }
        let from = title.start.min(name.start);
        mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= from)
            .map(|m| &self.drafts[m.entity.ix()].entity)
            .find(|e| e.etype == EntityType::Person)
            .and_then(|e| e.roles.iter().find_map(|r| r.of))
            .filter(|o| self.drafts[o.ix()].entity.etype == EntityType::Country)
    }

    /// The gap between two spans is only whitespace (and optionally a possessive `’s`).
    fn adjacent(&self, left: Span, right: Span, allow_possessive: bool) -> bool {
        if left.end > right.start {
            return false;
        }
        let gap = self.doc.text[left.end()..right.start()].trim();
        gap.is_empty() || (allow_possessive && (gap == "’s" || gap == "'s"))
    }

    fn entity_ending_at(&self, end_before: Span, mentions: &[Mention]) -> Option<(EntityIx, Span)> {
        mentions
            .iter()
            .filter(|m| {
                self.drafts[m.entity.ix()].entity.etype != EntityType::Person
                    && self.adjacent(m.span, end_before, true)
            })
            .max_by_key(|m| m.span.len())
            .map(|m| (m.entity, m.span))
    }

    /// The title that introduces a name: right before it (`Prime Minister Fumio Kishida`), before
    /// a comma (`The U.S. ambassador to Japan, Richard Hallworth,`) or before a posting
    /// (`Ambassador to the Philippines Margaret Ellery`).
    fn title_before(&self, name: Span, titles: &[Span], mentions: &[Mention]) -> Option<Span> {
        let sent = self
            .doc
            .sentences()
            .get(self.doc.sentence_at(name.start)?)?
            .span;
        titles
            .iter()
            .filter(|t| t.end <= name.start && t.start >= sent.start)
            .filter(|t| {
                let gap = self.doc.text[t.end()..name.start()].trim();
                if gap.is_empty() || gap == "," {
                    return true;
                }
                // `to Japan,` / `in London,` / `to the Philippines`
                let gap = gap.strip_suffix(',').unwrap_or(gap).trim_end();
                let Some(rest) = gap
                    .strip_prefix("to ")
                    .or_else(|| gap.strip_prefix("in "))
                    .or_else(|| gap.strip_prefix("at "))
                    .or_else(|| gap.strip_prefix("of "))
                else {
                    return false;
                };
                let rest = rest.strip_prefix("the ").unwrap_or(rest);
                let at = name.start()
                    - (self.doc.text[..name.start()].len() - {
                        let before = &self.doc.text[..name.start()];
                        let trimmed = before.trim_end();
                        let trimmed = trimmed.strip_suffix(',').unwrap_or(trimmed).trim_end();
                        trimmed.len()
                    });
                mentions
                    .iter()
                    .any(|m| m.span.end() == at && self.doc.text_of(m.span) == rest.trim())
            })
            .max_by_key(|t| t.end)
            .copied()
    }

    /// `[Japanese|NATO|South Korea’s] <Title> [, | to <place>,] <Name>`.
    fn role_before(
        &self,
        name: Span,
        titles: &[Span],
        mentions: &[Mention],
        all: &[Mention],
    ) -> Option<Role> {
        let tspan = self.title_before(name, titles, mentions)?;
        // Chains like `Deputy` + `Prime Minister` read as one title.
        let mut first = tspan;
        if let Some(&p) = titles
            .iter()
            .find(|s| **s != tspan && self.adjacent(**s, first, false))
        {
            first = p;
        }
        let title = self.title_text(first.cover(tspan));
        // `the president of South Korea, Yoon Suk Yeol`: the office is of what follows `of`.
        let of_after = doc_gap_of(self.doc, tspan, name).and_then(|at| {
            mentions
                .iter()
                .find(|m| m.span.start() == at)
                .map(|m| (m.entity, m.span))
        });
        let of = of_after
            .or_else(|| self.entity_ending_at(first, mentions))
            .or_else(|| self.possessor_country(first, name, all).map(|e| (e, first)));
        Some(Role {
            title,
            of: of.map(|(e, _)| e),
            evidence: of.map_or(first, |(_, s)| s).cover(name),
        })
    }

    /// `<Name>, (a|the|his)? [Japanese] <title> (of|for|at) [the] <Org|Country>` and
    /// `<Name> is a <title> at <Org>`.
    fn role_after(
        &self,
        name: Span,
        titles: &[Span],
        mentions: &[Mention],
        all: &[Mention],
    ) -> Option<Role> {
        let doc = self.doc;
        let sent = doc.sentence_at(name.start)?;
        let sent_end = doc.sentences()[sent].span.end;
        let toks = doc.tokens();
        let after = doc.tokens_in(Span::new(name.end(), sent_end as usize));
        let lead = after.clone().next()?;
        let opener = doc.text_of(toks[lead].span);
        let skip = match opener {
            "," => 1,
            // `X is a senior fellow at ...`, not `X was accompanied by Defence Secretary Y`.
            "is" | "was" => {
                let det = after.clone().nth(1).map(|i| doc.text_of(toks[i].span));
                if !matches!(det, Some("a" | "an" | "the")) {
                    return None;
                }
                1
            }
            _ => return None,
        };
        // Within the next few tokens there must be a title, with only determiners and
        // modifiers before it.
        let mut title: Option<Span> = None;
        let mut demonym: Option<EntityIx> = None;
        for i in after.clone().skip(skip).take(6) {
            let t = toks[i];
            if let Some(&s) = titles.iter().find(|s| s.start == t.span.start) {
                title = Some(s);
                break;
            }
            if let Some(m) = mentions.iter().find(|m| m.span.start == t.span.start) {
                if self.drafts[m.entity.ix()].entity.etype == EntityType::Person {
                    return None;
                }
                demonym = Some(m.entity);
                continue;
            }
            let w = doc.text_of(t.span);
            let modifier = t.kind == TokenKind::Word
                && (w.chars().next().is_some_and(char::is_lowercase) || w == "’s" || w == "'s");
            if !modifier && !mentions.iter().any(|m| m.span.contains(t.span)) {
                return None;
            }
        }
        let tspan = title?;
        // Adjacent title words (`senior` + `fellow`) read as one.
        let mut tend = tspan;
        while let Some(&n) = titles
            .iter()
            .find(|s| self.adjacent(tend, **s, false) && **s != tend)
        {
            tend = n;
        }
        // `Fumio Kishida, NATO Secretary-General Jens Stoltenberg`: the title introduces the
        // next name, not this one.
        if mentions.iter().any(|m| {
            self.drafts[m.entity.ix()].entity.etype == EntityType::Person
                && self.adjacent(tend, m.span, false)
        }) {
            return None;
        }
        // The affiliation: after `of`, `for`, `at`, `with`, before the clause ends, an
        // organisation first, else a country; a place used as a modifier (`Bengaluru-based`)
        // is skipped.
        let mut org = None;
        let mut country = None;
        let mut prep = false;
        for i in doc
            .tokens_in(Span::new(tend.end(), sent_end as usize))
            .take(16)
        {
            let t = toks[i];
            let w = doc.text_of(t.span);
            if matches!(
                w,
                "," | ";" | "." | "—" | "(" | ":" | "who" | "which" | "that"
            ) {
                break;
            }
            if matches!(w, "of" | "for" | "at" | "with" | "to" | "in") {
                prep = true;
                continue;
            }
            // `analyst on China and East Asia at the U.S. Institute of Peace`: a topic, not an
            // affiliation.
            if matches!(w, "on" | "about" | "and") {
                prep = false;
                continue;
            }
            if !prep {
                continue;
            }
            let Some(m) = mentions.iter().find(|m| m.span.start == t.span.start) else {
                continue;
            };
            let modifier = doc.text[m.span.end()..].starts_with('-');
            match self.drafts[m.entity.ix()].entity.etype {
                EntityType::Person => break,
                EntityType::Organization if !modifier => {
                    org = Some((m.entity, m.span));
                    break;
                }
                EntityType::Country if !modifier && country.is_none() => {
                    country = Some((m.entity, m.span))
                }
                _ => {}
            }
        }
        let of = org.or(country);
        Some(Role {
            title: self.title_text(tspan.cover(tend)),
            of: of
                .map(|(e, _)| e)
                .or(demonym)
                .or_else(|| self.possessor_country(tspan, name, all)),
            evidence: name.cover(of.map_or(tend, |(_, s)| s)),
        })
    }

    fn finish(mut self) -> (Vec<Entity>, Vec<Mention>) {
        // Order entities by first mention; renumber mentions accordingly.
        let mut mentions = std::mem::take(&mut self.mentions);
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        mentions.dedup_by_key(|m| (m.span, m.entity));
        // Pieces of one name proposed apart (`Suu` + `Kyi`) become one mention.
        let text = &self.doc.text;
        let drafts = &self.drafts;
        mentions.dedup_by(|next, prev| {
            let joinable = prev.entity == next.entity
                && prev.form == MentionForm::Name
                && next.form == MentionForm::Name
                && drafts[prev.entity.ix()].entity.etype == EntityType::Person
                && prev.span.end <= next.span.start
                && text[prev.span.end()..next.span.start()]
                    .chars()
                    .all(|c| c == ' ' || c == '-');
            if joinable {
                prev.span = prev.span.cover(next.span);
            }
            joinable
        });
        let mut order: Vec<usize> = Vec::new();
        let mut new_ix = vec![usize::MAX; self.drafts.len()];
        for m in &mentions {
            let old = m.entity.ix();
            if new_ix[old] == usize::MAX {
                new_ix[old] = order.len();
                order.push(old);
            }
        }
        // Owners of government bodies: the country entity with that code, when mentioned.
        let code_of: HashMap<String, usize> = self
            .drafts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.entity.code.clone().map(|c| (c, i)))
            .filter(|(_, i)| new_ix[*i] != usize::MAX)
            .collect();
        let remap = |e: EntityIx| EntityIx(new_ix[e.ix()] as u32);
        let mut entities: Vec<Entity> = order
            .iter()
            .map(|&old| {
                let d = &self.drafts[old];
                let mut e = d.entity.clone();
                if let (Some(code), EntityType::Organization) = (&d.owner_code, e.etype) {
                    e.owner = code_of.get(code).map(|&i| EntityIx(new_ix[i] as u32));
                    if e.owner.is_none() {
                        e.code = Some(code.clone());
                    }
                }
                for r in &mut e.roles {
                    r.of = r.of.filter(|o| new_ix[o.ix()] != usize::MAX).map(remap);
                }
                let _ = &d.key;
                e
            })
            .collect();
        for (i, m) in mentions.iter_mut().enumerate() {
            m.entity = remap(m.entity);
            entities[m.entity.ix()].mentions.push(MentionIx(i as u32));
        }
        (entities, mentions)
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

fn capitalise(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) => c
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
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
}
