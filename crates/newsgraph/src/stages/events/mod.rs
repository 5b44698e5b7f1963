//! Events: who did what to whom, when — coded in PLOVER, with modality and resolved dates —
//! and the relations they state.
//!
//! Reads `tokens`, `sentences`, `entities`/`mentions` and `quotes`; writes `events` and
//! `relations`. Per sentence it finds triggers from `data/events/patterns.tsv` ([`patterns`]),
//! finds actors and recipients from the mention layer ([`args`]), decides modality
//! ([`modality`]), attaches a date from the sentence's time expressions ([`time`]), and
//! derives relations ([`relations`]).
//!
//! Choices, written down:
//! - **Actors.** A person or a government body acting for a country keeps both: the event lists
//!   the person (or body) and, after it, the country of its role (`Entity.roles[].of`, through
//!   `owner` when the role is held in a ministry) or its owner.
//! - **Events need participants.** A trigger becomes an event only with an actor and, unless its
//!   pattern says `min=1` (protests, mobilisation, missile launches), a second participant: a
//!   bare `the NATO summit` or `the war` is not an event; `the North Korea-Russia summit` is.
//! - **Things as objects.** Patterns marked `bare` (verbal acts: ACCUSE, REJECT, REQUEST,
//!   AGREE) stand with an actor alone when the object names nobody; a definite event noun as
//!   object (`rejected the protest`, `data/events/anaphors.tsv`) takes as recipient the actor of
//!   the earlier event it refers back to.
//! - **Pronoun and coordinated subjects.** `It`/`they` resolve to the organisation or country
//!   that is the subject of the same or one of the two previous sentences, `he`/`she` to the
//!   person there ([`resolve_pronoun`]); a second verb after `and` shares the first one's subject
//!   (and, for the same type, its recipient). The infinitive complement of a request or promise
//!   (`asked India to cooperate`) is not an event, and a headline before the dateline is skipped.
//! - **Dates.** Only a time expression in the event's own sentence dates it: the one nearest
//!   the trigger, preferring day-precise ones. Inheriting from earlier sentences or the
//!   dateline day guesses too often; such events keep `date: null`.
//! - **Tense.** Expected events resolve weekdays and months forward, all others backward.

pub mod args;
pub mod modality;
pub mod patterns;
pub mod relations;
pub mod time;

use crate::data::DataDir;
use crate::document::{
    DatePrecision, Document, EntityIx, EntityType, Event, Modality, Relation, Span, TokenKind,
};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use args::{Ctx, Stop};
use patterns::{Patterns, Pos, Trigger};
use std::collections::HashMap;
use std::sync::Arc;
use time::{event_date, find_times, lower_text, Tense, TimeData, TimeMention};

/// Function-word classes file.
pub const WORDS_FILE: &str = "events/words.tsv";
/// Keyword classes file.
pub const KEYWORDS_FILE: &str = "events/keywords.tsv";
/// Title-to-relation file.
pub const RELATION_TITLES_FILE: &str = "events/relation_titles.tsv";
/// Anaphoric event nouns (`the protest`, `the sanctions`) and the event types they refer to.
pub const ANAPHORS_FILE: &str = "events/anaphors.tsv";

/// Classes of function words (see `data/events/words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Class {
    Aux,
    Adverb,
    Be,
    Neg,
    Expect,
    Hypo,
    Cond,
    Refuse,
    Report,
    Boundary,
    Relative,
    Pronoun,
    Det,
    Light,
    To,
    From,
    Inside,
    Coord,
    PronPerson,
    PronGroup,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "aux" => Class::Aux,
            "adverb" => Class::Adverb,
            "be" => Class::Be,
            "neg" => Class::Neg,
            "expect" => Class::Expect,
            "hypo" => Class::Hypo,
            "cond" => Class::Cond,
            "refuse" => Class::Refuse,
            "report" => Class::Report,
            "boundary" => Class::Boundary,
            "relative" => Class::Relative,
            "pronoun" => Class::Pronoun,
            "det" => Class::Det,
            "light" => Class::Light,
            "to" => Class::To,
            "from" => Class::From,
            "inside" => Class::Inside,
            "coord" => Class::Coord,
            "pron_person" => Class::PronPerson,
            "pron_group" => Class::PronGroup,
            _ => return None,
        })
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// Everything the event stage reads from `data/events/`.
#[derive(Debug, Clone, Default)]
pub struct EventData {
    /// Trigger patterns.
    pub patterns: Patterns,
    classes: HashMap<String, u32>,
    keywords: HashMap<String, Vec<String>>,
    /// Lower-case title → relation predicate.
    pub relation_titles: HashMap<String, String>,
    /// Anaphoric event noun → the PLOVER types of the earlier event it refers to (empty: any).
    pub anaphors: HashMap<String, Vec<String>>,
    /// Capital (as written) → ISO code of its country, taken from the gazetteer
    /// ([`EventData::with_capitals`]), so that `visited Beijing` can name China when the
    /// article does.
    pub capitals: HashMap<String, String>,
}

impl EventData {
    /// Load the event word lists.
    pub fn load(data: &DataDir) -> Result<EventData> {
        let mut out = EventData {
            patterns: Patterns::load(data)?,
            ..EventData::default()
        };
        for row in data.tsv(WORDS_FILE)? {
            let c = Class::parse(row.get(1)).ok_or_else(|| {
                Error::resource(
                    data.path_of(WORDS_FILE),
                    row.line,
                    format!("unknown class {:?}", row.get(1)),
                )
            })?;
            *out.classes.entry(row.get(0).to_lowercase()).or_default() |= c.bit();
        }
        for row in data.tsv(KEYWORDS_FILE)? {
            out.keywords.insert(
                row.get(0).to_string(),
                row.list(1).iter().map(|s| s.to_lowercase()).collect(),
            );
        }
        for row in data.tsv(RELATION_TITLES_FILE)? {
            out.relation_titles
                .insert(row.get(0).to_lowercase(), row.get(1).to_string());
        }
        for row in data.tsv(ANAPHORS_FILE)? {
            let types: Vec<String> = row
                .list(1)
                .iter()
                .filter(|t| **t != "*")
                .map(|t| t.to_string())
                .collect();
            for form in patterns::noun_forms(&row.get(0).to_lowercase()) {
                out.anaphors.insert(form, types.clone());
            }
        }
        for p in out.patterns.all() {
            for r in p.requires.iter().chain(p.unless.iter()) {
                if !out.keywords.contains_key(r) {
                    return Err(Error::resource(
                        data.path_of(patterns::PATTERNS_FILE),
                        0,
                        format!("pattern {:?} requires unknown class {r:?}", p.phrase),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Learn the capitals of countries (`Seoul` → `KOR`), which the gazetteer reads; the
    /// pipeline hands them over when it builds this stage.
    pub fn with_capitals<'a>(
        mut self,
        capitals: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        for (capital, code) in capitals {
            self.capitals.insert(capital.to_string(), code.to_string());
        }
        self
    }

    /// True when `word` (lower case) has class `c`.
    pub fn has(&self, word: &str, c: Class) -> bool {
        self.classes.get(word).is_some_and(|b| b & c.bit() != 0)
    }

    fn keyword(&self, class: &str, word: &str) -> bool {
        self.keywords
            .get(class)
            .is_some_and(|ws| ws.iter().any(|w| w == word))
    }
}

/// The event stage.
pub struct EventStage {
    data: Arc<EventData>,
    time: Arc<TimeData>,
}

impl EventStage {
    /// A stage over the event data and the time words of its date resolver.
    pub fn new(data: Arc<EventData>, time: Arc<TimeData>) -> EventStage {
        EventStage { data, time }
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> &[LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Entities,
            LayerKind::Quotes,
        ]
    }

    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Events, LayerKind::Relations]
    }

    fn run(&self, doc: &mut Document) -> Result<()> {
        let (events, relations) = extract(doc, &self.data, &self.time);
        doc.events = Some(events);
        doc.relations = Some(relations);
        Ok(())
    }
}

/// The entities an actor stands for: itself and the country it acts for (through a role's
/// `of`, and that entity's `owner`), unless that country is already in `exclude`.
fn expand(doc: &Document, ents: &[EntityIx], exclude: &[EntityIx]) -> Vec<EntityIx> {
    let all = doc.entities();
    let mut out: Vec<EntityIx> = Vec::new();
    let push = |e: EntityIx, out: &mut Vec<EntityIx>| {
        if !out.contains(&e) {
            out.push(e);
        }
    };
    for &e in ents {
        push(e, &mut out);
        let Some(ent) = all.get(e.ix()) else { continue };
        let mut country = None;
        if ent.etype == EntityType::Person {
            for r in &ent.roles {
                if let Some(of) = r.of {
                    let of_ent = &all[of.ix()];
                    country = match of_ent.etype {
                        EntityType::Country => Some(of),
                        _ => of_ent.owner.or(Some(of)),
                    };
                    if country.is_some() {
                        break;
                    }
                }
            }
        } else if matches!(
            ent.kind,
            Some(
                crate::document::OrgKind::Government
                    | crate::document::OrgKind::Military
                    | crate::document::OrgKind::Rebel
                    | crate::document::OrgKind::Opposition
                    | crate::document::OrgKind::Civilian
            )
        ) {
            // event data codes a group by its country and its sector (`Syrian rebels`: SYR +
            // REB); the group itself stays first
            country = ent.owner;
        }
        if let Some(c) = country {
            if !exclude.contains(&c) {
                push(c, &mut out);
            }
        }
    }
    out
}

/// A group named only by a common noun (`police`, `gunmen`) with no country (see
/// [`crate::stages::agents`]).
fn is_unowned_agent(doc: &Document, e: EntityIx) -> bool {
    let Some(ent) = doc.entities().get(e.ix()) else {
        return false;
    };
    ent.etype == EntityType::Organization
        && ent.owner.is_none()
        && !ent.mentions.is_empty()
        && ent.mentions.iter().all(|m| {
            doc.mentions()
                .get(m.ix())
                .is_some_and(|m| m.form == crate::document::MentionForm::Nominal)
        })
}

fn dedup(v: &mut Vec<EntityIx>) {
    let mut seen = Vec::with_capacity(v.len());
    v.retain(|e| {
        if seen.contains(e) {
            false
        } else {
            seen.push(*e);
            true
        }
    });
}

struct Found {
    event: Event,
    sentence: usize,
    trigger_tok: usize,
    pos: Pos,
}

/// Find the events and relations of an annotated document (the stage's work, callable on its
/// own).
pub fn extract(doc: &Document, data: &EventData, time: &TimeData) -> (Vec<Event>, Vec<Relation>) {
    let lower = lower_text(doc);
    let times = find_times(doc, &lower, time);
    let mut ctx = Ctx::new(doc, &lower, data);
    for m in &times {
        for i in m.first_token..m.end_token {
            ctx.in_time[i] = true;
        }
    }
    let tokens = doc.tokens();
    let quote_spans: Vec<Span> = doc.quotes().iter().map(|q| q.span).collect();
    // Triggers per sentence.
    let mut per_sentence: Vec<Vec<Trigger>> = Vec::with_capacity(doc.sentences().len());
    for s in doc.sentences() {
        let r = s.token_range();
        let words: Vec<&str> = (r.clone()).map(|i| ctx.word(i)).collect();
        let mut trig = data.patterns.find(&words, r.start);
        choose_pos(&ctx, &mut trig, data);
        trig.retain(|t| !ctx.in_time[t.start] && conditions_hold(&ctx, data, t, r.end));
        prefer_conditioned(&mut trig, data);
        for t in &trig {
            if data.patterns.get(t.pattern).pos == Pos::Verb {
                ctx.verb_trigger[t.start] = true;
            }
        }
        per_sentence.push(trig);
    }
    let mut found: Vec<Found> = Vec::new();
    let mut rel_items: Vec<relations::FromEvent> = Vec::new();
    // A headline (a line before the dateline) restates the story; its events are not listed.
    let body_start = doc.dateline.as_ref().map_or(0, |d| d.span.start());
    for (si, s) in doc.sentences().iter().enumerate() {
        let (s0, s1) = (s.first_token.ix(), s.end_token.ix());
        if s.span.end() <= body_start {
            continue;
        }
        let mut last_subject: Option<Vec<EntityIx>> = None;
        // type and recipients of the sentence's latest event, for coordinated verbs
        let mut last_event: Option<(usize, Vec<EntityIx>)> = None;
        for trig in &per_sentence[si] {
            let pat = data.patterns.get(trig.pattern);
            let t = trig.start;
            if pat.pos == Pos::Verb && is_complement(&ctx, data, &per_sentence[si], t, s0) {
                continue;
            }
            if pat.pos == Pos::Noun && is_verb_object(&ctx, data, &per_sentence[si], t) {
                continue;
            }
            if pat.pos == Pos::Verb
                && is_reduced_relative(&ctx, data, &per_sentence[si], t, (s0, s1))
            {
                continue;
            }
            if pat.pos == Pos::Verb && is_subordinate_act(&ctx, data, &per_sentence[si], t, s0) {
                continue;
            }
            let tspan = Span::new(tokens[t].span.start(), tokens[trig.end - 1].span.end());
            let quote = quote_spans.iter().find(|q| q.contains(tspan));
            let lo = quote
                .map(|q| doc.tokens_in(*q).start.max(s0))
                .unwrap_or(s0)
                .min(t);
            let (mut actors, mut recipients, chain);
            match pat.pos {
                Pos::Verb => {
                    let gerund_of = t >= s0 + 2
                        && ctx.word(t).ends_with("ing")
                        && matches!(ctx.word(t - 1), "of" | "for");
                    let subj = match gerund_of.then(|| ctx.ment_end[t - 2]).flatten() {
                        Some(_) => {
                            let sub = ctx.subject(t - 1, s0);
                            // `accused Pyongyang of supplying`: the mention before `of`
                            let mut sub2 = args::Subject::default();
                            if let Some((a, _, e)) = ctx.ment_end[t - 2] {
                                sub2.entities = vec![e];
                                sub2.first = Some(a);
                            }
                            if sub2.entities.is_empty() {
                                sub
                            } else {
                                sub2
                            }
                        }
                        None => {
                            let sub = ctx.subject(t, lo);
                            // a quotation that starts mid-sentence: the subject may precede it
                            if sub.entities.is_empty()
                                && sub.stop != Some(Stop::Coordination)
                                && sub.pronoun.is_none()
                                && lo > s0
                            {
                                ctx.subject(t, s0)
                            } else {
                                sub
                            }
                        }
                    };
                    let mut subj_ents = subj.entities.clone();
                    if subj_ents.is_empty() && subj.stop == Some(Stop::Coordination) {
                        // reported speech that runs on (`said that ... and accused X`): after
                        // `, and` the speaker is the subject
                        let comma_and = t >= s0 + 2
                            && (s0..t)
                                .rev()
                                .find(|&i| matches!(ctx.word(i), "and" | "but"))
                                .is_some_and(|a| a > s0 && ctx.word(a - 1) == ",");
                        let from = if comma_and { s0 } else { lo };
                        subj_ents = coordinated_subject(&ctx, last_subject.as_ref(), from, t, si);
                        if subj_ents.is_empty() && lo > s0 {
                            subj_ents = coordinated_subject(&ctx, None, s0, t, si);
                        }
                    }
                    if subj_ents.is_empty() {
                        if let Some(p) = subj.pronoun {
                            subj_ents = resolve_pronoun(&ctx, p, si);
                        }
                    }
                    // `issued a joint statement condemning ...`: the statement's issuer acts
                    if subj_ents.is_empty() && ctx.word(t).ends_with("ing") {
                        if let Some(lv) = statement_verb(&ctx, data, s0, t) {
                            subj_ents = counted_group(&ctx, data, s0, lv, si);
                            if subj_ents.is_empty() {
                                subj_ents = ctx.subject(lv, s0).entities;
                            }
                        }
                    }
                    // `told reporters after meeting her counterpart`: a gerund after a
                    // time conjunction has the sentence's subject
                    if subj_ents.is_empty()
                        && t > s0
                        && ctx.word(t).ends_with("ing")
                        && data.keyword("gerundlead", ctx.word(t - 1))
                    {
                        // inside `X, which ... by signing`: the relative clause's antecedent
                        let rel = (s0 + 2..t)
                            .rev()
                            .find(|&i| ctx.is(i, Class::Relative) && ctx.word(i - 1) == ",");
                        if let Some((ents, _)) = rel.and_then(|r| group_left_pub(&ctx, r - 2, s0)) {
                            subj_ents = ents;
                        } else if let Some((ents, _)) = sentence_subject(&ctx, s0, t) {
                            subj_ents = ents;
                        } else if let Some(i) = (s0..t).find(|&i| {
                            ctx.ment_start[i].is_some()
                                && !quote_spans.iter().any(|q| q.contains(tokens[i].span))
                        }) {
                            if let Some((ents, _)) = ctx.group_right(i, t) {
                                subj_ents = ents;
                            }
                        }
                    }
                    // `Four Pacific countries ...`, `The two sides agreed`
                    if subj_ents.is_empty() {
                        subj_ents = counted_group(&ctx, data, s0, t, si);
                    }
                    if !subj_ents.is_empty() {
                        last_subject = Some(subj_ents.clone());
                    }
                    chain = subj.chain.clone();
                    if ctx.passive(t, lo) {
                        recipients = subj_ents;
                        actors = ctx.agent(trig.end, s1).unwrap_or_default();
                    } else {
                        actors = subj_ents;
                        recipients = ctx
                            .object(trig.end, s1, 6, pat.clause)
                            .map(|(e, _, _)| e)
                            .unwrap_or_default();
                        // `threatened to impose sanctions on India`: the threat is aimed at
                        // whoever the promised or threatened act is aimed at.
                        if recipients.is_empty() && governs(data, pat) {
                            recipients = complement_object(&ctx, trig.end, s1);
                        }
                        // `urged the two sides to ...`
                        if recipients.is_empty() {
                            recipients =
                                counted_group(&ctx, data, trig.end, (trig.end + 4).min(s1), si);
                        }
                        // a symmetric act (`signed agreements with Solomon Islands`): all act
                        if pat.joint && !actors.is_empty() {
                            actors.append(&mut recipients);
                        }
                        if recipients.is_empty() {
                            if let Some(types) = anaphor_at(&ctx, trig.end, s1) {
                                recipients = antecedent_actors(&found, types, si, &actors);
                            }
                        }
                        // `summoned a Chinese diplomat and filed a protest`: a coordinated verb
                        // of the same type whose object names nobody keeps the first one's
                        if recipients.is_empty() && subj.stop == Some(Stop::Coordination) {
                            if let Some((ix, r)) = &last_event {
                                if found.get(*ix).is_some_and(|f| {
                                    Some(&f.event.event_type) == pat.event_type.as_ref()
                                }) {
                                    recipients = r.clone();
                                }
                            }
                        }
                    }
                }
                Pos::Noun => {
                    let (poss, mods, np) = ctx.noun_left(t, lo);
                    let (ra, rr) = ctx.noun_right(trig.end, s1);
                    let light = ctx.light_verb(np, lo);
                    let lsub = light.map(|lv| ctx.subject(lv, lo));
                    let mut lents = lsub
                        .as_ref()
                        .map(|s| s.entities.clone())
                        .unwrap_or_default();
                    if let (Some(ls), Some(lv), true) = (&lsub, light, lents.is_empty()) {
                        if ls.stop == Some(Stop::Coordination) {
                            lents = coordinated_subject(&ctx, last_subject.as_ref(), lo, lv, si);
                        } else if let Some(p) = ls.pronoun {
                            lents = resolve_pronoun(&ctx, p, si);
                        }
                    }
                    chain = lsub.map(|s| s.chain).unwrap_or_default();
                    if pat.mod_recipient {
                        actors = poss;
                        actors.extend(lents);
                        // appositive: `Australia, a strong U.S. ally`
                        if np > lo + 1 && ctx.word(np - 1) == "," {
                            if let Some((ents, _)) =
                                ctx.ment_end[np - 2].and_then(|_| group_left_pub(&ctx, np - 2, lo))
                            {
                                actors.extend(ents);
                            }
                        }
                        // `NATO member Turkey`
                        if let Some((_, _, e)) = ctx.ment_start.get(trig.end).copied().flatten() {
                            actors.push(e);
                        }
                        recipients = mods;
                        recipients.extend(rr);
                    } else {
                        actors = poss;
                        actors.extend(ra);
                        actors.extend(lents);
                        if actors.is_empty() && !pat.sym && mods.len() >= 2 && rr.is_empty() {
                            let mut m = mods.clone();
                            actors.push(m.remove(0));
                            recipients = m;
                        } else {
                            actors.extend(mods);
                            recipients = rr;
                        }
                    }
                }
            }
            // Places act only as metonyms, which the entity stage types as countries.
            let ents = doc.entities();
            let actor_like = |e: &EntityIx| {
                ents.get(e.ix())
                    .is_some_and(|x| x.etype != EntityType::Location)
            };
            actors.retain(actor_like);
            // A visit's destination may be a place (`visited Moscow`, `arrived in Lahore`); a
            // capital stands for its country when the article names that country.
            if pat.mode.as_deref() != Some("visit") {
                recipients.retain(actor_like);
            } else {
                for r in recipients.iter_mut() {
                    let Some(place) = ents.get(r.ix()) else {
                        continue;
                    };
                    if place.etype != EntityType::Location {
                        continue;
                    }
                    let Some(code) = data.capitals.get(&place.name) else {
                        continue;
                    };
                    if let Some(c) = ents
                        .iter()
                        .position(|e| e.code.as_deref() == Some(code.as_str()))
                    {
                        *r = EntityIx(c as u32);
                    }
                }
            }
            // `accused Western governments`, `urged the military`: a group no country names
            // is too vague to be on the receiving end of an event (it still acts: `Gunmen
            // kidnapped ...`).
            recipients.retain(|e| !is_unowned_agent(doc, *e));
            dedup(&mut actors);
            dedup(&mut recipients);
            // `Japanese Prime Minister X will represent Japan`: the named object wins over the
            // demonym in the subject.
            if actors.iter().any(|a| !recipients.contains(a)) {
                actors.retain(|a| !recipients.contains(a));
            } else {
                recipients.retain(|e| !actors.contains(e));
            }
            // Two participants: an actor and a recipient, or (symmetric events such as `meet`)
            // two actors.
            let enough = match pat.min {
                _ if pat.bare => !actors.is_empty(),
                0 | 1 => !actors.is_empty(),
                _ => {
                    !actors.is_empty() && (!recipients.is_empty() || (pat.sym && actors.len() >= 2))
                }
            };
            if !enough {
                continue;
            }
            let modality = modality::modality(&ctx, t, lo.min(s0.max(lo)), &chain, quote.is_some());
            let negated = modality == Modality::Negated;
            if let Some(pred) = &pat.relation {
                rel_items.push(relations::FromEvent {
                    predicate: pred.clone(),
                    subjects: actors.clone(),
                    objects: recipients.clone(),
                    span: s.span,
                    detail: (pred == "supplies")
                        .then(|| supply_detail(&ctx, trig.end, s1))
                        .flatten(),
                    modality,
                });
            }
            let Some(event_type) = &pat.event_type else {
                continue;
            };
            let tense = if modality == Modality::Expected {
                Tense::Future
            } else {
                Tense::Past
            };
            let date = pick_time(&ctx, &times, si, t).and_then(|m| event_date(doc, m, tense));
            let mode = pat.mode.clone().or_else(|| {
                (event_type == "AID")
                    .then(|| aid_mode(&ctx, t.saturating_sub(4).max(s0), (trig.end + 8).min(s1)))
                    .flatten()
            });
            let exp_actors = expand(doc, &actors, &recipients);
            let exp_recipients = expand(doc, &recipients, &exp_actors);
            last_event = Some((found.len(), recipients.clone()));
            found.push(Found {
                event: Event {
                    event_type: event_type.clone(),
                    mode,
                    cameo: pat.cameo.clone(),
                    score: pat.score,
                    actors: exp_actors,
                    recipients: exp_recipients,
                    span: s.span,
                    trigger: tspan,
                    modality,
                    negated,
                    date,
                },
                sentence: si,
                trigger_tok: t,
                pos: pat.pos,
            });
        }
    }
    // A noun event right after a verb event of the same type (`attended a NATO summit`,
    // `imposed sanctions`) repeats it; so does an identical event in the same sentence.
    let mut keep = vec![true; found.len()];
    for i in 0..found.len() {
        for j in 0..found.len() {
            if i == j || !keep[j] {
                continue;
            }
            let (a, b) = (&found[i], &found[j]);
            if a.sentence != b.sentence || a.event.event_type != b.event.event_type {
                continue;
            }
            let repeat_noun = a.pos == Pos::Noun
                && b.pos == Pos::Verb
                && a.trigger_tok > b.trigger_tok
                && a.trigger_tok <= b.trigger_tok + 5;
            let same = j < i
                && (a.pos == Pos::Noun || b.pos == Pos::Noun)
                && a.event.actors == b.event.actors
                && a.event.recipients == b.event.recipients;
            if repeat_noun || same {
                keep[i] = false;
                break;
            }
        }
    }
    let events: Vec<Event> = found
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(f, _)| f.event)
        .collect();
    let mut rels = relations::from_roles(doc, data);
    rels.extend(relations::from_events(&rel_items));
    (events, relations::finish(rels))
}

/// True when the verb trigger at `t` is the infinitive complement of an earlier request, promise,
/// threat or refusal in its sentence (`asked India to cooperate`, `agreed to lift`): what was
/// asked or promised has not happened, and the governing verb is the event.
fn is_complement(ctx: &Ctx<'_>, data: &EventData, trig: &[Trigger], t: usize, s0: usize) -> bool {
    if t == s0 || ctx.word(t - 1) != "to" {
        return false;
    }
    trig.iter().any(|o| {
        let p = data.patterns.get(o.pattern);
        o.end <= t
            && o.end + 10 >= t
            && (s0..t).contains(&o.start)
            && p.pos == Pos::Verb
            && governs(data, p)
    })
}

/// True for event types whose verb governs an infinitive complement (`threatened to`, `agreed
/// to`, `refused to`; `data/events/keywords.tsv` class `governs`).
fn governs(data: &EventData, pat: &patterns::Pattern) -> bool {
    pat.event_type
        .as_deref()
        .is_some_and(|ty| data.keyword("governs", &ty.to_lowercase()))
}

/// The first mention group in the infinitive complement after a governing verb (`to impose
/// sanctions on India`), within a dozen tokens and before any clause boundary.
fn complement_object(ctx: &Ctx<'_>, from: usize, hi: usize) -> Vec<EntityIx> {
    // the trigger may end in `to` itself (`refused to`, `offered to`)
    if from >= hi || (ctx.word(from) != "to" && (from == 0 || ctx.word(from - 1) != "to")) {
        return Vec::new();
    }
    let end = (from + 12).min(hi);
    for i in from + 1..end {
        let w = ctx.word(i);
        if matches!(
            w,
            "," | "." | ";" | ":" | "that" | "if" | "unless" | "because"
        ) || ctx.is(i, Class::Relative)
            || ctx.is(i, Class::Boundary)
        {
            break;
        }
        if ctx.ment_start[i].is_some() {
            if let Some((ents, _)) = ctx.group_right(i, hi) {
                return ents;
            }
        }
    }
    Vec::new()
}

/// True when the verb trigger at `t` is not the act the sentence reports but its purpose or
/// what was asked for: an infinitive after an earlier act (`blocked roads to demand subsidies`,
/// `sent troops to attack`), or the verb of a `that` clause after a request (`demanded that
/// Iraq release the prisoners`).
fn is_subordinate_act(
    ctx: &Ctx<'_>,
    data: &EventData,
    trig: &[Trigger],
    t: usize,
    s0: usize,
) -> bool {
    let earlier_act = trig.iter().any(|o| {
        let p = data.patterns.get(o.pattern);
        p.pos == Pos::Verb && p.event_type.is_some() && o.end < t
    });
    if t > s0 && ctx.word(t - 1) == "to" && earlier_act {
        return true;
    }
    // `that` between an earlier request verb and this one, with no sentence boundary between
    let that = (s0..t).rev().find(|&i| ctx.word(i) == "that");
    if let Some(th) = that {
        return trig.iter().any(|o| {
            let p = data.patterns.get(o.pattern);
            p.pos == Pos::Verb
                && p.event_type.as_deref() == Some("REQUEST")
                && o.end <= th
                && th - o.end <= 2
        });
    }
    false
}

/// True when the verb trigger at `t` is a participle modifying a noun rather than the verb of
/// a clause: `50 jailed guerrillas`, `diplomats accused of spying` and `a trafficker arrested
/// in Tijuana` after another event verb (`expelled three Russian diplomats accused of ...`).
fn is_reduced_relative(
    ctx: &Ctx<'_>,
    data: &EventData,
    trig: &[Trigger],
    t: usize,
    (s0, s1): (usize, usize),
) -> bool {
    if t == s0 || !ctx.word(t).ends_with("ed") {
        return false;
    }
    let p = t - 1;
    if ctx.kind(p) == TokenKind::Number || ctx.is(p, Class::Det) {
        return true;
    }
    // `The civilians imprisoned for ... were released`: the clause's own verb comes later.
    if ctx.kind(p) == TokenKind::Word
        && !ctx.is(p, Class::Aux)
        && !ctx.is(p, Class::Be)
        && (t + 1..(t + 9).min(s1))
            .take_while(|&i| !matches!(ctx.word(i), "," | ";" | "and" | "but"))
            .any(|i| ctx.is(i, Class::Be) && i + 1 < s1 && ctx.word(i + 1).ends_with("ed"))
    {
        return true;
    }
    if ctx.kind(p) != TokenKind::Word
        || ctx.is(p, Class::Aux)
        || ctx.is(p, Class::Be)
        || ctx.is(p, Class::Neg)
        || ctx.is(p, Class::Adverb)
        || ctx.is(p, Class::Pronoun)
        || ctx.is(p, Class::PronPerson)
        || ctx.is(p, Class::PronGroup)
    {
        return false;
    }
    trig.iter().any(|o| {
        let pat = data.patterns.get(o.pattern);
        pat.pos == Pos::Verb
            && pat.event_type.is_some()
            && o.end < t
            && t - o.end <= 12
            && (o.end..t).all(|i| {
                !matches!(
                    ctx.word(i),
                    "," | ";" | ":" | "and" | "but" | "or" | "that" | "as" | "after" | "before"
                ) && !ctx.is(i, Class::Relative)
                    && !ctx.is(i, Class::Boundary)
                    && !ctx.is(i, Class::Report)
                    && !ctx.verb_trigger[i]
            })
    })
}

/// True when the noun trigger at `t` is the object of a verb trigger just before it
/// (`rejected Israeli demands`, `condemned the attack`, `imposed sanctions`): the verb is the
/// act the sentence reports, and the noun names what it is about, which event coders do not
/// count again.
fn is_verb_object(ctx: &Ctx<'_>, data: &EventData, trig: &[Trigger], t: usize) -> bool {
    trig.iter().any(|o| {
        let p = data.patterns.get(o.pattern);
        p.pos == Pos::Verb
            && p.event_type.is_some()
            && o.end <= t
            && t - o.end <= 6
            && (o.end..t).all(|i| {
                !matches!(
                    ctx.word(i),
                    "," | ";" | ":" | "." | "and" | "but" | "after" | "before"
                ) && !ctx.is(i, Class::Boundary)
                    && !ctx.is(i, Class::Relative)
            })
    })
}

/// True when a trigger's `requires` class follows it closely enough and no `unless` word does.
fn conditions_hold(ctx: &Ctx<'_>, data: &EventData, t: &Trigger, s1: usize) -> bool {
    let pat = data.patterns.get(t.pattern);
    if let Some(class) = &pat.requires {
        let hi = (t.end + pat.within).min(s1);
        if !(t.end..hi).any(|i| data.keyword(class, ctx.word(i))) {
            return false;
        }
    }
    if let Some(class) = &pat.unless {
        let hi = (t.end + pat.unless_within).min(s1);
        if (t.end..hi).any(|i| data.keyword(class, ctx.word(i))) {
            return false;
        }
    }
    true
}

/// Where a word starts two patterns of the same part of speech and the one with a `requires`
/// condition holds (`suspend ... visas`), the unconditioned reading is dropped.
fn prefer_conditioned(trig: &mut Vec<Trigger>, data: &EventData) {
    let conditioned: Vec<(usize, Pos)> = trig
        .iter()
        .filter(|t| data.patterns.get(t.pattern).requires.is_some())
        .map(|t| (t.start, data.patterns.get(t.pattern).pos))
        .collect();
    trig.retain(|t| {
        let p = data.patterns.get(t.pattern);
        p.requires.is_some() || !conditioned.contains(&(t.start, p.pos))
    });
}

/// The subject a coordinated verb shares (`summoned X and filed a protest`): the subject of
/// the sentence's previous trigger; else, after a bare `and`, the subject of the clause it
/// continues (`said Japan would accelerate ... and expand`); else the sentence's subject,
/// resolving an opening pronoun.
fn coordinated_subject(
    ctx: &Ctx<'_>,
    last: Option<&Vec<EntityIx>>,
    lo: usize,
    t: usize,
    si: usize,
) -> Vec<EntityIx> {
    if let Some(prev) = last {
        return prev.clone();
    }
    let and = (lo..t)
        .rev()
        .find(|&i| ctx.is(i, Class::Coord) && ctx.word(i) != ",");
    if let Some(a) = and {
        let comma = a > lo && ctx.word(a - 1) == ",";
        if !comma {
            if let Some(ents) = clause_subject(ctx, lo, a) {
                return ents;
            }
        }
    }
    if let Some((ents, _)) = sentence_subject(ctx, lo, t) {
        return ents;
    }
    let mut i = lo;
    while i < t && (ctx.in_time[i] || ctx.word(i) == ",") {
        i += 1;
    }
    if i < t && ctx.is(i, Class::Pronoun) {
        return resolve_pronoun(ctx, i, si);
    }
    Vec::new()
}

/// The nearest mention group before `a` that opens a clause (after a boundary word such as
/// `said` or `that`, or at the window's start).
fn clause_subject(ctx: &Ctx<'_>, lo: usize, a: usize) -> Option<Vec<EntityIx>> {
    let mut j = a;
    while j > lo {
        j -= 1;
        if matches!(ctx.word(j), "." | ";") {
            return None;
        }
        let Some((f, _, _)) = ctx.ment_end[j] else {
            continue;
        };
        if f < lo {
            return None;
        }
        let sub = ctx.subject(j + 1, lo);
        let first = sub.first.unwrap_or(f);
        let mut b = first;
        if b > lo && ctx.is(b - 1, Class::Det) {
            b -= 1;
        }
        if b == lo || ctx.is(b - 1, Class::Boundary) {
            return (!sub.entities.is_empty()).then_some(sub.entities);
        }
        j = first;
    }
    None
}

/// The entity a subject pronoun stands for, looked up in its own sentence and the two before:
/// `he`/`she` take a person, `it`/`they` an organisation or country. In each sentence, newest
/// first, the sentence's subject wins when it fits (`The China Coast Guard said ... It accused
/// Manila`); a person pronoun otherwise takes the sentence's last-named person.
pub fn resolve_pronoun(ctx: &Ctx<'_>, p: usize, si: usize) -> Vec<EntityIx> {
    let person = ctx.is(p, Class::PronPerson);
    let group = ctx.is(p, Class::PronGroup);
    if !person && !group {
        return Vec::new();
    }
    let all = ctx.doc.entities();
    let fits = |e: &EntityIx| match all.get(e.ix()).map(|x| x.etype) {
        Some(EntityType::Person) => person,
        Some(EntityType::Organization | EntityType::Country) => group,
        _ => false,
    };
    let sents = ctx.doc.sentences();
    for k in (si.saturating_sub(2)..=si.min(sents.len().saturating_sub(1))).rev() {
        let s = &sents[k];
        let a = s.first_token.ix();
        let b = if k == si { p } else { s.end_token.ix() };
        if a >= b {
            continue;
        }
        if let Some((ents, _)) = sentence_subject(ctx, a, b) {
            let f: Vec<EntityIx> = ents.into_iter().filter(|e| fits(e)).collect();
            if !f.is_empty() {
                return f;
            }
        }
        if person {
            let last = (a..b)
                .rev()
                .find_map(|i| ctx.ment_end[i].filter(|m| m.0 >= a && fits(&m.2)));
            if let Some((_, _, e)) = last {
                return vec![e];
            }
        }
    }
    Vec::new()
}

/// The light verb of `issued a joint statement condemning`: a light verb before `t` whose
/// object is a statement-like noun (`data/events/keywords.tsv` class `statement`), with only
/// modifiers, quotation marks and a time between them and the gerund.
fn statement_verb(ctx: &Ctx<'_>, data: &EventData, s0: usize, t: usize) -> Option<usize> {
    let lo = t.saturating_sub(10).max(s0);
    let noun = (lo..t)
        .rev()
        .find(|&i| data.keyword("statement", ctx.word(i)))?;
    let lv = (noun.saturating_sub(4).max(s0)..noun)
        .rev()
        .find(|&i| ctx.is(i, Class::Light))?;
    let clean = (noun + 1..t).all(|i| {
        ctx.in_time[i]
            || ctx.kind(i) == TokenKind::Quote
            || ctx.is(i, Class::Adverb)
            || matches!(ctx.word(i), "on" | "in" | "at")
    });
    clean.then_some(lv)
}

/// A counted group (`Four Indo-Pacific countries`, `the two sides`, `Both governments`) within
/// the first seven tokens from `s0` and before `upto` — a sentence's subject, or a verb's object
/// when `s0` is the token after the verb — resolved to the nearest list of exactly that many
/// countries or organisations in this sentence or the two before and after it.
pub fn counted_group(
    ctx: &Ctx<'_>,
    data: &EventData,
    s0: usize,
    upto: usize,
    si: usize,
) -> Vec<EntityIx> {
    let end = upto.min(s0 + 7);
    let mut n = None;
    let mut head = None;
    for i in s0..end {
        let w = ctx.word(i);
        if n.is_none() {
            if let Some(k) = count_word(data, w) {
                n = Some(k);
            }
            continue;
        }
        if data.keyword("groupnoun", w) {
            head = Some(i);
            break;
        }
        let t = ctx.kind(i);
        if !(t == TokenKind::Word || (t == TokenKind::Punct && w == "-")) {
            return Vec::new();
        }
    }
    let (Some(n), Some(head)) = (n, head) else {
        return Vec::new();
    };
    if n < 2 {
        return Vec::new();
    }
    let all = ctx.doc.entities();
    let sents = ctx.doc.sentences();
    let order = [
        si as isize,
        si as isize + 1,
        si as isize - 1,
        si as isize + 2,
        si as isize - 2,
    ];
    for k in order {
        let Some(s) = usize::try_from(k).ok().and_then(|k| sents.get(k)) else {
            continue;
        };
        let r = s.token_range();
        let mut i = r.start;
        while i < r.end {
            if k as usize == si && i <= head {
                i = head + 1;
                continue;
            }
            if ctx.ment_start[i].is_some() {
                if let Some((ents, e2)) = ctx.group_right(i, r.end) {
                    let states: Vec<EntityIx> = ents
                        .into_iter()
                        .filter(|e| {
                            all.get(e.ix()).is_some_and(|x| {
                                matches!(x.etype, EntityType::Country | EntityType::Organization)
                            })
                        })
                        .collect();
                    if states.len() == n {
                        return states;
                    }
                    i = e2.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
    }
    Vec::new()
}

/// `two` → 2, `both` → 2, `4` → 4 (`data/events/keywords.tsv` class `numbers`, in order from
/// two).
fn count_word(data: &EventData, w: &str) -> Option<usize> {
    if let Ok(n) = w.parse::<usize>() {
        return Some(n);
    }
    if w == "both" {
        return Some(2);
    }
    data.keywords
        .get("numbers")
        .and_then(|ws| ws.iter().position(|x| x == w))
        .map(|p| p + 2)
}

/// When the object after a verb is a definite event noun (`rejected the protest`, `condemned
/// the sanctions`), the event types it can refer back to.
fn anaphor_at<'d>(ctx: &Ctx<'d>, from: usize, hi: usize) -> Option<&'d Vec<String>> {
    if from >= hi || !ctx.is(from, Class::Det) || matches!(ctx.word(from), "a" | "an" | "any") {
        return None;
    }
    for i in from + 1..(from + 4).min(hi) {
        if ctx.ment_start[i].is_some() || ctx.is(i, Class::Boundary) {
            return None;
        }
        if let Some(types) = ctx.data.anaphors.get(ctx.word(i)) {
            return Some(types);
        }
    }
    None
}

/// The actors of the latest earlier event (within thirty sentences) of one of `types` (any
/// type when empty) whose actors are not the current ones: whom a reaction answers.
fn antecedent_actors(
    found: &[Found],
    types: &[String],
    si: usize,
    actors: &[EntityIx],
) -> Vec<EntityIx> {
    for f in found.iter().rev() {
        if f.sentence + 30 < si {
            break;
        }
        if !types.is_empty() && !types.contains(&f.event.event_type) {
            continue;
        }
        if f.event.actors.iter().any(|a| actors.contains(a)) {
            continue;
        }
        return f.event.actors.clone();
    }
    Vec::new()
}

fn group_left_pub(ctx: &Ctx<'_>, end: usize, lo: usize) -> Option<(Vec<EntityIx>, usize)> {
    // The mention group ending at `end`, through the subject search from just after it.
    let s = ctx.subject(end + 1, lo);
    (!s.entities.is_empty()).then(|| (s.entities, s.first.unwrap_or(end)))
}

/// The first mention group of a sentence, when it opens the sentence (after a determiner or
/// a time expression): the subject a second verb phrase shares.
fn sentence_subject(ctx: &Ctx<'_>, s0: usize, t: usize) -> Option<(Vec<EntityIx>, usize)> {
    let mut i = s0;
    while i < t && (ctx.in_time[i] || ctx.is(i, Class::Det) || ctx.word(i) == ",") {
        i += 1;
    }
    if i < t && ctx.ment_start[i].is_some() {
        return ctx.group_right(i, t);
    }
    None
}

/// When a word is both a verb and a noun trigger (`support`), keep the reading its left
/// neighbour calls for: a determiner, possessive or adjective before it makes it a noun.
fn choose_pos(ctx: &Ctx<'_>, trig: &mut Vec<Trigger>, data: &EventData) {
    let mut drop = vec![false; trig.len()];
    for i in 0..trig.len() {
        for j in 0..trig.len() {
            if i == j || trig[i].start != trig[j].start {
                continue;
            }
            let (pi, pj) = (
                data.patterns.get(trig[i].pattern),
                data.patterns.get(trig[j].pattern),
            );
            if pi.pos == pj.pos {
                continue;
            }
            let t = trig[i].start;
            let prev = t.checked_sub(1).map(|p| ctx.word(p)).unwrap_or("");
            // `a dramatic protest`: determiner, adjective, noun
            let adjective_after_det = t > 1
                && (ctx.is(t - 2, Class::Det) || ctx.is(t - 2, Class::Light))
                && ctx.kind(t - 1) == TokenKind::Word
                && !ctx.is(t - 1, Class::Aux)
                && !ctx.is(t - 1, Class::Adverb)
                && !ctx.is(t - 1, Class::Neg)
                && !ctx.is(t - 1, Class::Pronoun);
            let nounish = t > 0
                && (ctx.is(t - 1, Class::Det)
                    || ctx.is(t - 1, Class::Light)
                    || matches!(prev, "'s" | "’s")
                    || data.keyword("aidmode", prev)
                    || ctx.ment_end[t - 1].is_some()
                    || adjective_after_det);
            let verb_reading = pi.pos == Pos::Verb;
            if verb_reading == nounish {
                drop[i] = true;
            }
        }
    }
    // A verb form after a determiner or possessive is a noun (`the supplies`, `its attack`); so
    // is a bare lemma between a determiner-led name and a noun (`a Philippine supply boat`).
    for (i, t) in trig.iter().enumerate() {
        let pat = data.patterns.get(t.pattern);
        if pat.pos == Pos::Verb && t.start > 0 {
            let prev = ctx.word(t.start - 1);
            let modifier = pat.phrase.split(' ').next() == Some(ctx.word(t.start))
                && ctx.ment_end[t.start - 1]
                    .is_some_and(|(a, _, _)| a > 0 && matches!(ctx.word(a - 1), "a" | "an"));
            if modifier
                || ctx.is(t.start - 1, Class::Det)
                || matches!(prev, "'s" | "’s")
                || data.keyword("aidmode", prev)
            {
                drop[i] = true;
            }
        }
    }
    let mut k = 0;
    trig.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// True when a time expression belongs to another clause than the trigger at `t`: a clause
/// word (`while`, `although`, `but`, ...; `data/events/keywords.tsv` class `clausebreak`) lies
/// between them, or the time sits in a `, which ... ,` / `, who ... ,` aside that the trigger is
/// outside of (`China, which NATO on Wednesday called ..., opposes`).
fn other_clause(ctx: &Ctx<'_>, m: &TimeMention, t: usize, s0: usize, s1: usize) -> bool {
    let (a, b) = if m.first_token > t {
        (t + 1, m.first_token)
    } else {
        (m.end_token, t)
    };
    if (a..b).any(|i| ctx.data.keyword("clausebreak", ctx.word(i))) {
        return true;
    }
    // the comma-delimited segment around the time
    let seg_start = (s0..m.first_token)
        .rev()
        .find(|&i| ctx.word(i) == ",")
        .map_or(s0, |i| i + 1);
    let seg_end = (m.end_token..s1)
        .find(|&i| ctx.word(i) == ",")
        .unwrap_or(s1);
    let aside = (seg_start..m.first_token).any(|i| ctx.is(i, Class::Relative));
    // only an aside before the trigger (in its subject); one after it may date its object
    // (`will attend the summit, which starts Tuesday`)
    aside && m.first_token < t && !(seg_start..seg_end).contains(&t)
}

/// The nearest time expression of the trigger's clause, day-precise ones preferred.
fn pick_time<'m>(
    ctx: &Ctx<'_>,
    times: &'m [TimeMention],
    si: usize,
    t: usize,
) -> Option<&'m TimeMention> {
    let s = &ctx.doc.sentences()[si];
    let (s0, s1) = (s.first_token.ix(), s.end_token.ix());
    times
        .iter()
        .filter(|m| m.sentence == si && !other_clause(ctx, m, t, s0, s1))
        .min_by_key(|m| {
            let dist = if m.first_token > t {
                m.first_token - t
            } else {
                t - m.end_token.min(t)
            };
            let penalty = match &m.expr {
                crate::stages::events::time::TimeExpr::Date { .. }
                | crate::stages::events::time::TimeExpr::MonthDay { .. }
                | crate::stages::events::time::TimeExpr::Weekday(_)
                | crate::stages::events::time::TimeExpr::RelDay(_) => 0,
                crate::stages::events::time::TimeExpr::Streak => 8,
                _ => 3,
            };
            dist + penalty
        })
}

/// AID's mode from the words around the trigger (`military aid`, `financial support`).
fn aid_mode(ctx: &Ctx<'_>, a: usize, b: usize) -> Option<String> {
    for mode in ["military", "economic", "humanitarian"] {
        let class = format!("mode:{mode}");
        if (a..b).any(|i| ctx.data.keyword(&class, ctx.word(i))) {
            return Some(mode.to_string());
        }
    }
    None
}

/// What is supplied: the words after `with` (`supplied Russia with ammunition`) or between the
/// verb and `to` (`supplied artillery ammunition to the Pentagon`), up to a boundary.
fn supply_detail(ctx: &Ctx<'_>, from: usize, hi: usize) -> Option<String> {
    let doc = ctx.doc;
    let tokens = doc.tokens();
    let stop = |i: usize| {
        let w = ctx.word(i);
        matches!(
            w,
            "," | "." | ";" | "that" | "which" | "while" | "to" | "for"
        ) || ctx.is(i, Class::Boundary)
            || ctx.in_time[i]
            || tokens[i].kind == TokenKind::Quote
    };
    let mut i = from;
    // skip a recipient group right after the verb
    if i < hi && ctx.ment_start[i].is_some() {
        if let Some((_, e)) = ctx.group_right(i, hi) {
            i = e;
        }
        if i < hi && ctx.word(i) == "with" {
            i += 1;
        } else {
            return None;
        }
    }
    while i < hi && ctx.is(i, Class::Det) {
        i += 1;
    }
    let start = i;
    while i < hi && !stop(i) && ctx.ment_start[i].is_none() && i < start + 8 {
        i += 1;
    }
    (i > start).then(|| doc.text[tokens[start].span.start()..tokens[i - 1].span.end()].to_string())
}

/// Precision as used by the output model.
pub fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Range => "range",
    }
}

/// Modality as used by the output model.
pub fn modality_name(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Expected => "expected",
        Modality::Hypothetical => "hypothetical",
        Modality::Negated => "negated",
    }
}

#[cfg(test)]
mod tests;
