//! Extraction: triggers, participants, modality and dates put together into events, sentence by
//! sentence.

use super::*;

/// The entities an actor stands for: itself and the country it acts for (through a role's
/// `of`, and that entity's `owner`), unless that country is already in `exclude` (a group's
/// owner is kept even then).
///
/// `known` gives the country the actor dictionary knows for entities the text gives none
/// ([`super::cameo::known_countries`]).
pub(super) fn expand(
    doc: &Document,
    ents: &[EntityIx],
    exclude: &[EntityIx],
    known: &HashMap<EntityIx, EntityIx>,
) -> Vec<EntityIx> {
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
        // A group's owner stands even when the other side is of the same country (a domestic
        // act: `Indonesian police arrested three Indonesian militants`, IDN -> IDN); a person's
        // role is read from the text near the name and is dropped when it names the other
        // side (`Prime Minister X visited Beijing`).
        let domestic = ent.etype != EntityType::Person && ent.owner.is_some();
        if let Some(c) = country.or_else(|| known.get(&e).copied()) {
            if domestic || !exclude.contains(&c) {
                push(c, &mut out);
            }
        }
    }
    out
}

/// A group named only by a common noun (`police`, `gunmen`) with no country (see
/// the `agents` stage).
pub(super) fn is_unowned_agent(doc: &Document, e: EntityIx) -> bool {
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

pub(super) fn dedup(v: &mut Vec<EntityIx>) {
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

/// The keyword class (`data/events/keywords.tsv`) of the event types, lower case, whose
/// expected events are intents to act, coded [`INTENT_TYPE`].
const INTENT_CLASS: &str = "intent";
/// PLOVER's type for an intent to cooperate.
const INTENT_TYPE: &str = "AGREE";
/// Its CAMEO root.
const INTENT_CAMEO: &str = "03";

pub(super) struct Found {
    pub(super) event: Event,
    pub(super) sentence: usize,
    pub(super) trigger_tok: usize,
    pub(super) pos: Pos,
}

/// Find the events and relations of an annotated document (the stage's work, callable on its
/// own).
pub fn extract(doc: &Document, data: &EventData, time: &TimeData) -> (Vec<Event>, Vec<Relation>) {
    extract_with(doc, data, time, &HashMap::new())
}

/// What the per-trigger passes read about the document.
struct Env<'a, 'd> {
    ctx: &'a Ctx<'d>,
    data: &'a EventData,
    times: &'a [TimeMention],
    quote_spans: &'a [Span],
    known: &'a HashMap<EntityIx, EntityIx>,
}

/// What a sentence's earlier triggers leave for its later ones.
#[derive(Default)]
struct SentenceState {
    /// Subject of the sentence's latest verb that had one, for coordinated verbs.
    last_subject: Option<Vec<EntityIx>>,
    /// Index into the events found and recipients of the sentence's latest event.
    last_event: Option<(usize, Vec<EntityIx>)>,
}

/// [`extract`], with the countries the actor dictionary knows for entities the text gives
/// none ([`super::cameo::known_countries`]).
pub fn extract_with(
    doc: &Document,
    data: &EventData,
    time: &TimeData,
    known: &HashMap<EntityIx, EntityIx>,
) -> (Vec<Event>, Vec<Relation>) {
    let lower = lower_text(doc);
    let times = find_times(doc, &lower, time);
    let mut ctx = Ctx::new(doc, &lower, data);
    for m in &times {
        for i in m.first_token..m.end_token {
            ctx.in_time[i] = true;
        }
    }
    let quote_spans: Vec<Span> = doc.quotes().iter().map(|q| q.span).collect();
    let per_sentence = sentence_triggers(&mut ctx, data);
    let env = Env {
        ctx: &ctx,
        data,
        times: &times,
        quote_spans: &quote_spans,
        known,
    };
    let mut found: Vec<Found> = Vec::new();
    let mut rel_items: Vec<relations::FromEvent> = Vec::new();
    // A headline (a line before the dateline) restates the story; its events are not listed.
    let body_start = doc.dateline.as_ref().map_or(0, |d| d.span.start());
    for (si, s) in doc.sentences().iter().enumerate() {
        if s.span.end() <= body_start {
            continue;
        }
        let mut st = SentenceState::default();
        for trig in &per_sentence[si] {
            code_trigger(
                &env,
                si,
                trig,
                &per_sentence[si],
                &mut st,
                &mut found,
                &mut rel_items,
            );
        }
    }
    let events = drop_repeats(found);
    let mut rels = relations::from_roles(doc, data);
    rels.extend(relations::from_events(&rel_items));
    (events, relations::finish(rels))
}

/// The triggers of each sentence: the project's patterns, then the dictionary's for words
/// they leave, kept where their conditions hold; marks verb triggers in `ctx`.
fn sentence_triggers(ctx: &mut Ctx<'_>, data: &EventData) -> Vec<Vec<Trigger>> {
    let doc = ctx.doc;
    let mut per_sentence: Vec<Vec<Trigger>> = Vec::with_capacity(doc.sentences().len());
    for s in doc.sentences() {
        let r = s.token_range();
        let words: Vec<&str> = (r.clone()).map(|i| ctx.word(i)).collect();
        let mut trig = data.patterns.find(&words, r.start);
        choose_pos(ctx, &mut trig, data);
        let extra = cameo::dictionary_triggers(ctx, data, r.clone(), &trig);
        if !extra.is_empty() {
            trig.extend(extra);
            trig.sort_by_key(|t| t.start);
        }
        trig.retain(|t| !ctx.in_time[t.start] && conditions_hold(ctx, data, t, r.end));
        prefer_conditioned(&mut trig, data);
        for t in &trig {
            if data.patterns.get(t.pattern).pos == Pos::Verb {
                ctx.verb_trigger[t.start] = true;
            }
        }
        per_sentence.push(trig);
    }
    per_sentence
}

/// Code one trigger of sentence `si` into an event (pushed to `found`) and the relation it
/// states (pushed to `rel_items`), when it is an event of its own and has its participants.
#[allow(clippy::too_many_arguments)]
fn code_trigger(
    env: &Env<'_, '_>,
    si: usize,
    trig: &Trigger,
    sentence: &[Trigger],
    st: &mut SentenceState,
    found: &mut Vec<Found>,
    rel_items: &mut Vec<relations::FromEvent>,
) {
    let (ctx, data) = (env.ctx, env.data);
    let doc = ctx.doc;
    let tokens = doc.tokens();
    let s = &doc.sentences()[si];
    let (s0, s1) = (s.first_token.ix(), s.end_token.ix());
    let pat = data.patterns.get(trig.pattern);
    let t = trig.start;
    if not_an_event_of_its_own(ctx, data, sentence, trig, (s0, s1)) {
        return;
    }
    let tspan = Span::new(tokens[t].span.start(), tokens[trig.end - 1].span.end());
    let quote = env.quote_spans.iter().find(|q| q.contains(tspan));
    let lo = quote
        .map(|q| doc.tokens_in(*q).start.max(s0))
        .unwrap_or(s0)
        .min(t);
    let (mut actors, mut recipients, chain) = match pat.pos {
        Pos::Verb => verb_participants(env, si, trig, lo, st, found),
        Pos::Noun => noun_participants(ctx, si, trig, pat, lo, st),
    };
    settle_participants(ctx, data, pat, &mut actors, &mut recipients);

    // Two participants: an actor and a recipient, or (symmetric events such as `meet`)
    // two actors.
    let modality = modality::modality(ctx, t, lo.min(s0.max(lo)), &chain, quote.is_some());
    // an attack without a perpetrator is coded only when it happened (`if it is attacked`
    // is no attack)
    let unattributed = matches!(modality, Modality::Asserted | Modality::Reported)
        && unattributed_attack(ctx, data, pat, t, lo, &actors, &recipients);
    let enough = unattributed
        || match pat.min {
            _ if pat.bare => !actors.is_empty(),
            0 | 1 => !actors.is_empty(),
            _ => !actors.is_empty() && (!recipients.is_empty() || (pat.sym && actors.len() >= 2)),
        };
    if !enough {
        return;
    }
    let negated = modality == Modality::Negated;
    if let Some(pred) = &pat.relation {
        rel_items.push(relations::FromEvent {
            predicate: pred.clone(),
            subjects: actors.clone(),
            objects: recipients.clone(),
            span: s.span,
            detail: (pred == "supplies")
                .then(|| supply_detail(ctx, trig.end, s1))
                .flatten(),
            modality,
        });
    }
    let Some(event_type) = &pat.event_type else {
        return;
    };
    let tense = if modality == Modality::Expected {
        Tense::Future
    } else {
        Tense::Past
    };
    let date = pick_time(ctx, env.times, si, t).and_then(|m| event_date(doc, m, tense));
    let mode = pat.mode.clone().or_else(|| {
        (event_type == "AID")
            .then(|| aid_mode(ctx, t.saturating_sub(4).max(s0), (trig.end + 8).min(s1)))
            .flatten()
    });
    // PLOVER codes a cooperative act that is promised or intended (`will support`,
    // `said it would send troops`) as AGREE (CAMEO 03, "express intent to ..."); the
    // modality stays `expected`. A noun under a light verb (`will conduct a joint exercise`,
    // `will hold talks`) is a scheduled act, coded as the act.
    let intent = modality == Modality::Expected
        && pat.pos == Pos::Verb
        && data.keyword(INTENT_CLASS, &event_type.to_ascii_lowercase());
    let exp_actors = expand(doc, &actors, &recipients, env.known);
    let exp_recipients = expand(doc, &recipients, &exp_actors, env.known);
    st.last_event = Some((found.len(), recipients.clone()));
    found.push(Found {
        event: Event {
            event_type: if intent {
                INTENT_TYPE.to_string()
            } else {
                event_type.clone()
            },
            mode,
            cameo: if intent {
                INTENT_CAMEO.to_string()
            } else {
                pat.cameo.clone()
            },
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

/// True when the trigger is part of another event's wording rather than an event: the
/// infinitive complement of a request or promise, a noun object of a verb trigger, a reduced
/// relative, a subordinate act.
fn not_an_event_of_its_own(
    ctx: &Ctx<'_>,
    data: &EventData,
    sentence: &[Trigger],
    trig: &Trigger,
    (s0, s1): (usize, usize),
) -> bool {
    let t = trig.start;
    match data.patterns.get(trig.pattern).pos {
        Pos::Verb => {
            is_obligation_content(data, sentence, t)
                || is_asked_for(ctx, data, t, s0)
                || is_complement(ctx, data, sentence, t, s0)
                || is_reduced_relative(ctx, data, sentence, t, (s0, s1))
                || is_subordinate_act(ctx, data, sentence, t, s0)
        }
        Pos::Noun => is_verb_object(ctx, data, sentence, t),
    }
}

/// Actors, recipients and the auxiliary chain of a verb trigger: its subject (through
/// gerunds, coordination, pronouns, statements and counted groups), and its object, passive
/// agent, governed complement or the recipients of the act it refers back to.
fn verb_participants(
    env: &Env<'_, '_>,
    si: usize,
    trig: &Trigger,
    lo: usize,
    st: &mut SentenceState,
    found: &[Found],
) -> (Vec<EntityIx>, Vec<EntityIx>, Vec<usize>) {
    let (ctx, data) = (env.ctx, env.data);
    let doc = ctx.doc;
    let tokens = doc.tokens();
    let quote_spans = env.quote_spans;
    let s = &doc.sentences()[si];
    let (s0, s1) = (s.first_token.ix(), s.end_token.ix());
    let t = trig.start;
    let (mut actors, recipients, chain);

    let gerund_of =
        t >= s0 + 2 && ctx.word(t).ends_with("ing") && matches!(ctx.word(t - 1), "of" | "for");
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
        subj_ents = coordinated_subject(ctx, st.last_subject.as_ref(), from, t, si);
        if subj_ents.is_empty() && lo > s0 {
            subj_ents = coordinated_subject(ctx, None, s0, t, si);
        }
    }
    if subj_ents.is_empty() {
        if let Some(p) = subj.pronoun {
            subj_ents = resolve_pronoun(ctx, p, si);
        }
    }
    // `issued a joint statement condemning ...`: the statement's issuer acts
    if subj_ents.is_empty() && ctx.word(t).ends_with("ing") {
        if let Some(lv) = statement_verb(ctx, data, s0, t) {
            subj_ents = counted_group(ctx, data, s0, lv, si);
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
        if let Some((ents, _)) = rel.and_then(|r| group_left_pub(ctx, r - 2, s0)) {
            subj_ents = ents;
        } else if let Some((ents, _)) = sentence_subject(ctx, s0, t) {
            subj_ents = ents;
        } else if let Some(i) = (s0..t).find(|&i| {
            ctx.ment_start[i].is_some() && !quote_spans.iter().any(|q| q.contains(tokens[i].span))
        }) {
            if let Some((ents, _)) = ctx.group_right(i, t) {
                subj_ents = ents;
            }
        }
    }
    // `Four Pacific countries ...`, `The two sides agreed`
    if subj_ents.is_empty() {
        subj_ents = counted_group(ctx, data, s0, t, si);
    }
    if !subj_ents.is_empty() {
        st.last_subject = Some(subj_ents.clone());
    }
    chain = subj.chain.clone();
    if data.patterns.get(trig.pattern).reported {
        // `declared that China must drop barriers`: the speaker demands of the subject
        let speaker = reporting_speaker(ctx, data, subj.first.unwrap_or(t), s0, si);
        return (speaker, subj_ents, chain);
    }
    if ctx.passive(t, lo) {
        recipients = subj_ents;
        actors = ctx.agent(trig.end, s1).unwrap_or_default();
    } else {
        actors = subj_ents;
        recipients = active_recipients(env, si, trig, s1, &mut actors, subj.stop, st, found);
    }
    (actors, recipients, chain)
}

/// The keyword class (`data/events/keywords.tsv`) of the verbs that report what someone
/// said (`said`, `declared`, `reiterated`), whose subject is the speaker of the clause after.
const SPEECH_CLASS: &str = "speech";

/// The subject of the speech verb that governs the clause starting at `from` (`The Bush
/// administration declared Tuesday that ...`): the nearest speech verb within twelve tokens
/// before it, passing over `that`, times and adverbs but no punctuation.
fn reporting_speaker(
    ctx: &Ctx<'_>,
    data: &EventData,
    from: usize,
    s0: usize,
    si: usize,
) -> Vec<EntityIx> {
    let lo = from.saturating_sub(12).max(s0);
    let verb = (lo..from)
        .rev()
        .take_while(|&i| ctx.kind(i) != TokenKind::Punct || ctx.in_time[i])
        .find(|&i| data.keyword(SPEECH_CLASS, ctx.word(i)));
    let Some(v) = verb else {
        return Vec::new();
    };
    let sub = ctx.subject(v, s0);
    if sub.entities.is_empty() {
        sub.pronoun
            .map(|p| resolve_pronoun(ctx, p, si))
            .unwrap_or_default()
    } else {
        sub.entities
    }
}

/// The recipients of an active verb trigger: its object, the object of the act it governs
/// (`threatened to impose sanctions on India`), a counted group after it, the recipients of the
/// act an anaphor names or of a coordinated verb of the same type. For a symmetric act (`signed
/// agreements with Solomon Islands`) the object joins the actors instead.
#[allow(clippy::too_many_arguments)]
fn active_recipients(
    env: &Env<'_, '_>,
    si: usize,
    trig: &Trigger,
    s1: usize,
    actors: &mut Vec<EntityIx>,
    subject_stop: Option<Stop>,
    st: &SentenceState,
    found: &[Found],
) -> Vec<EntityIx> {
    let (ctx, data) = (env.ctx, env.data);
    let pat = data.patterns.get(trig.pattern);
    let mut recipients = ctx
        .object(trig.end, s1, 6, pat.clause)
        .map(|(e, _, _)| e)
        .unwrap_or_default();
    if recipients.is_empty() && governs(data, pat) {
        recipients = complement_object(ctx, trig.end, s1);
    }
    // `urged the two sides to ...`
    if recipients.is_empty() {
        recipients = counted_group(ctx, data, trig.end, (trig.end + 4).min(s1), si);
    }
    if pat.joint && !actors.is_empty() {
        actors.append(&mut recipients);
    }
    if recipients.is_empty() {
        if let Some(types) = anaphor_at(ctx, trig.end, s1) {
            recipients = antecedent_actors(found, types, si, actors);
        }
    }
    // `summoned a Chinese diplomat and filed a protest`: a coordinated verb of the same type
    // whose object names nobody keeps the first one's
    if recipients.is_empty() && subject_stop == Some(Stop::Coordination) {
        if let Some((ix, r)) = &st.last_event {
            if found
                .get(*ix)
                .is_some_and(|f| Some(&f.event.event_type) == pat.event_type.as_ref())
            {
                recipients = r.clone();
            }
        }
    }
    recipients
}

/// Actors, recipients and chain of a noun trigger: possessors and modifiers before it, `by`
/// and `with` phrases after it, and the subject of a light verb (`held talks`).
fn noun_participants(
    ctx: &Ctx<'_>,
    si: usize,
    trig: &Trigger,
    pat: &patterns::Pattern,
    lo: usize,
    st: &SentenceState,
) -> (Vec<EntityIx>, Vec<EntityIx>, Vec<usize>) {
    let s = &ctx.doc.sentences()[si];
    let s1 = s.end_token.ix();
    let t = trig.start;
    let (mut actors, mut recipients, chain);

    let (poss, mods, np) = ctx.noun_left(t, lo);
    let (ra, rr) = ctx.noun_right(trig.end, s1);
    // `Australia announced a military aid package for Ukraine`: the quotes stage reads what
    // was announced as an indirect quote, whose cue is the light verb of the noun opening it
    let s0 = s.first_token.ix();
    let (light, lo) = match ctx.light_verb(np, lo) {
        None if np == lo && lo > s0 => (ctx.light_verb(np, s0), s0),
        found => (found, lo),
    };
    let lsub = light.map(|lv| ctx.subject(lv, lo));
    let mut lents = lsub
        .as_ref()
        .map(|s| s.entities.clone())
        .unwrap_or_default();
    if let (Some(ls), Some(lv), true) = (&lsub, light, lents.is_empty()) {
        if ls.stop == Some(Stop::Coordination) {
            lents = coordinated_subject(ctx, st.last_subject.as_ref(), lo, lv, si);
        } else if let Some(p) = ls.pronoun {
            lents = resolve_pronoun(ctx, p, si);
        }
    }
    chain = lsub.map(|s| s.chain).unwrap_or_default();
    if pat.mod_recipient {
        actors = poss;
        actors.extend(lents);
        // appositive: `Australia, a strong U.S. ally`
        if np > lo + 1 && ctx.word(np - 1) == "," {
            if let Some((ents, _)) =
                ctx.ment_end[np - 2].and_then(|_| group_left_pub(ctx, np - 2, lo))
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
    (actors, recipients, chain)
}

/// Keep the participants that can take part: no places (but a visit's destination, a capital
/// standing for its country), no unnamed groups as recipients, each once, and nobody on both
/// sides.
fn settle_participants(
    ctx: &Ctx<'_>,
    data: &EventData,
    pat: &patterns::Pattern,
    actors: &mut Vec<EntityIx>,
    recipients: &mut Vec<EntityIx>,
) {
    let doc = ctx.doc;

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
    dedup(actors);
    dedup(recipients);
    // `Japanese Prime Minister X will represent Japan`: the named object wins over the
    // demonym in the subject.
    if actors.iter().any(|a| !recipients.contains(a)) {
        actors.retain(|a| !recipients.contains(a));
    } else {
        recipients.retain(|e| !actors.contains(e));
    }
}

/// Drop repeats: a noun event right after a verb event of the same type, an identical event
/// in the same sentence, an event without actor beside one of the same type with one.
fn drop_repeats(found: Vec<Found>) -> Vec<Event> {
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
            // `were wounded when Hezbollah guerrillas fired rockets`: the act without a
            // perpetrator is the one with it
            let unattributed = a.event.actors.is_empty() && !b.event.actors.is_empty();
            if repeat_noun || same || unattributed {
                keep[i] = false;
                break;
            }
        }
    }
    found
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(f, _)| f.event)
        .collect()
}

/// AID's mode from the words around the trigger (`military aid`, `financial support`).
pub(super) fn aid_mode(ctx: &Ctx<'_>, a: usize, b: usize) -> Option<String> {
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
pub(super) fn supply_detail(ctx: &Ctx<'_>, from: usize, hi: usize) -> Option<String> {
    let doc = ctx.doc;
    let tokens = doc.tokens();
    let stop = |i: usize| {
        let w = ctx.word(i);
        matches!(w, "," | "." | ";")
            || ctx.is(i, Class::DetailStop)
            || ctx.is(i, Class::Boundary)
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
