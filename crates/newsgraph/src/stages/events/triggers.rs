//! Triggers: which pattern matches stand as events (complements, reduced relatives, conditions,
//! part of speech).

use super::*;

/// True when the verb trigger at `t` is the infinitive complement of an earlier request, promise,
/// threat or refusal in its sentence (`asked India to cooperate`, `agreed to lift`): what was
/// asked or promised has not happened, and the governing verb is the event.
pub(super) fn is_complement(
    ctx: &Ctx<'_>,
    data: &EventData,
    trig: &[Trigger],
    t: usize,
    s0: usize,
) -> bool {
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

/// True when the verb trigger at `t` is what a reported obligation asks for (`declared that
/// China must drop barriers`, `must be ready to mediate`): the demand is the event, and what
/// is demanded has not happened.
pub(super) fn is_obligation_content(data: &EventData, trig: &[Trigger], t: usize) -> bool {
    trig.iter()
        .any(|o| data.patterns.get(o.pattern).reported && o.end <= t && t - o.end <= 3)
}

/// The keyword class (`data/events/keywords.tsv`) of event types (lower case) coded without
/// an actor when the text names none behind the act (`were killed by a roadside bomb`).
const UNATTRIBUTED_CLASS: &str = "unattributed";
/// The keyword class of weapons and attacks that stand as the subject of a violent verb (`A
/// car bomb killed two policemen`).
const WEAPON_CLASS: &str = "weapon";

/// True when the verb trigger at `t`, which has a recipient but no actor, is an act event
/// data codes without one: a violent act whose victims are named but whose perpetrator is
/// not, in the passive (`Three US servicemen were killed`) or with a weapon or attack as its
/// subject (`A roadside bombing ... killed one U.S. soldier`).
pub(super) fn unattributed_attack(
    ctx: &Ctx<'_>,
    data: &EventData,
    pat: &patterns::Pattern,
    t: usize,
    lo: usize,
    actors: &[EntityIx],
    recipients: &[EntityIx],
) -> bool {
    let typed = pat
        .event_type
        .as_deref()
        .is_some_and(|ty| data.keyword(UNATTRIBUTED_CLASS, &ty.to_lowercase()));
    if !typed || pat.pos != Pos::Verb || !actors.is_empty() || recipients.is_empty() {
        return false;
    }
    ctx.passive(t, lo)
        || (lo..t)
            .rev()
            .take(12)
            .take_while(|&i| {
                !matches!(ctx.word(i), "," | ";" | ":")
                    && !ctx.is(i, Class::Boundary)
                    && !ctx.verb_trigger[i]
            })
            .any(|i| data.keyword(WEAPON_CLASS, ctx.word(i)) && heads_subject(ctx, i, lo))
}

/// True when the noun at `i` heads a noun phrase that opens its clause: a determiner (after
/// at most two modifiers: `A roadside bombing`, `a suicide car bomb`) or the clause start
/// before it, not a preposition (`parts end up in missiles fired at ...`).
fn heads_subject(ctx: &Ctx<'_>, i: usize, lo: usize) -> bool {
    for k in (i.saturating_sub(2).max(lo)..=i).rev() {
        if k == lo || ctx.is(k - 1, Class::Det) {
            return true;
        }
        if ctx.kind(k - 1) != TokenKind::Word {
            return false;
        }
    }
    false
}

/// The keyword class of nouns for what is asked (`appeal`, `demand`, `call`).
const ASK_NOUN_CLASS: &str = "asknoun";

/// True when the verb trigger at `t` is a gerund naming what a request noun asks for (`a
/// United Nations appeal for deploying army troops`): the request is what happened.
pub(super) fn is_asked_for(ctx: &Ctx<'_>, data: &EventData, t: usize, s0: usize) -> bool {
    t >= s0 + 2
        && ctx.word(t).ends_with("ing")
        && matches!(ctx.word(t - 1), "for" | "of")
        && data.keyword(ASK_NOUN_CLASS, ctx.word(t - 2))
}

/// True for event types whose verb governs an infinitive complement (`threatened to`, `agreed
/// to`, `refused to`; `data/events/keywords.tsv` class `governs`).
pub(super) fn governs(data: &EventData, pat: &patterns::Pattern) -> bool {
    pat.event_type
        .as_deref()
        .is_some_and(|ty| data.keyword("governs", &ty.to_lowercase()))
}

/// The first mention group in the infinitive complement after a governing verb (`to impose
/// sanctions on India`), within a dozen tokens and before any clause boundary.
pub(super) fn complement_object(ctx: &Ctx<'_>, from: usize, hi: usize) -> Vec<EntityIx> {
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
pub(super) fn is_subordinate_act(
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
pub(super) fn is_reduced_relative(
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
pub(super) fn is_verb_object(ctx: &Ctx<'_>, data: &EventData, trig: &[Trigger], t: usize) -> bool {
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
pub(super) fn conditions_hold(ctx: &Ctx<'_>, data: &EventData, t: &Trigger, s1: usize) -> bool {
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
pub(super) fn prefer_conditioned(trig: &mut Vec<Trigger>, data: &EventData) {
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

/// The light verb of `issued a joint statement condemning`: a light verb before `t` whose
/// object is a statement-like noun (`data/events/keywords.tsv` class `statement`), with only
/// modifiers, quotation marks and a time between them and the gerund.
pub(super) fn statement_verb(
    ctx: &Ctx<'_>,
    data: &EventData,
    s0: usize,
    t: usize,
) -> Option<usize> {
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

/// When a word is both a verb and a noun trigger (`support`), keep the reading its left
/// neighbour calls for: a determiner, possessive or adjective before it makes it a noun.
pub(super) fn choose_pos(ctx: &Ctx<'_>, trig: &mut Vec<Trigger>, data: &EventData) {
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
                && (ctx.is(t - 2, Class::Det)
                    || ctx.is(t - 2, Class::Light)
                    || matches!(ctx.word(t - 2), "'s" | "’s"))
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
