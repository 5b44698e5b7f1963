//! Subjects: coordinated, clause and sentence subjects, pronouns, counted groups and anaphors.

use super::*;

/// The subject a coordinated verb shares (`summoned X and filed a protest`): the subject of
/// the sentence's previous trigger; else, after a bare `and`, the subject of the clause it
/// continues (`said Japan would accelerate ... and expand`); else the sentence's subject,
/// resolving an opening pronoun.
pub(super) fn coordinated_subject(
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
pub(super) fn clause_subject(ctx: &Ctx<'_>, lo: usize, a: usize) -> Option<Vec<EntityIx>> {
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
pub(super) fn count_word(data: &EventData, w: &str) -> Option<usize> {
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
pub(super) fn anaphor_at<'d>(ctx: &Ctx<'d>, from: usize, hi: usize) -> Option<&'d Vec<String>> {
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
pub(super) fn antecedent_actors(
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

pub(super) fn group_left_pub(
    ctx: &Ctx<'_>,
    end: usize,
    lo: usize,
) -> Option<(Vec<EntityIx>, usize)> {
    // The mention group ending at `end`, through the subject search from just after it.
    let s = ctx.subject(end + 1, lo);
    (!s.entities.is_empty()).then(|| (s.entities, s.first.unwrap_or(end)))
}

/// The first mention group of a sentence, when it opens the sentence (after a determiner or
/// a time expression): the subject a second verb phrase shares.
pub(super) fn sentence_subject(
    ctx: &Ctx<'_>,
    s0: usize,
    t: usize,
) -> Option<(Vec<EntityIx>, usize)> {
    let mut i = s0;
    while i < t && (ctx.in_time[i] || ctx.is(i, Class::Det) || ctx.word(i) == ",") {
        i += 1;
    }
    if i < t && ctx.ment_start[i].is_some() {
        return ctx.group_right(i, t);
    }
    None
}
