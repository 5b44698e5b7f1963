//! Dates: which time expression of the sentence dates an event.

use super::*;

/// True when a time expression belongs to another clause than the trigger at `t`: a clause
/// word (`while`, `although`, `but`, ...; `data/events/keywords.tsv` class `clausebreak`) lies
/// between them, or the time sits in a `, which ... ,` / `, who ... ,` aside that the trigger is
/// outside of (`China, which NATO on Wednesday called ..., opposes`).
pub(super) fn other_clause(ctx: &Ctx<'_>, m: &TimeMention, t: usize, s0: usize, s1: usize) -> bool {
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
pub(super) fn pick_time<'m>(
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
