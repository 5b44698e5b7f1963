//! Modality of an event: asserted, reported, expected, hypothetical or negated.
//!
//! Reads the tokens skipped between the subject and the trigger (the auxiliary chain), the
//! sentence before the trigger, and the quote layer. Precedence: negated, then hypothetical,
//! then expected, then reported, then asserted, so `would not supply` is negated and `said it
//! will supply` is expected; an event inside a quotation, or in a sentence with `according to`,
//! is reported unless a stronger cue applies. A `would` inside reported speech is the future
//! of the past (`Kishida said Japan would conduct ...`) and reads as expected.

use super::args::Ctx;
use super::Class;
use crate::document::Modality;

/// Decide the modality of a trigger at token `t` in the sentence starting at token `lo`.
/// `chain` holds the tokens between subject and trigger; `in_quote` says whether the trigger
/// lies inside a quotation (direct or indirect).
pub fn modality(ctx: &Ctx<'_>, t: usize, lo: usize, chain: &[usize], in_quote: bool) -> Modality {
    let mut negated = false;
    let mut hypo = false;
    let mut expected = false;
    for &i in chain {
        if ctx.is(i, Class::Neg) {
            negated = true;
        }
        if ctx.is(i, Class::Hypo) {
            if ctx.is(i, Class::QuotedFuture) && in_quote {
                expected = true;
            } else {
                hypo = true;
            }
        }
        if ctx.is(i, Class::Expect) {
            // `set`/`expected`/`plans` count only before `to`; `will` (class `future`) always.
            let next_is_to = ctx.word(i + 1) == "to";
            if ctx.is(i, Class::Future) || next_is_to {
                expected = true;
            }
        }
    }
    // `refused to X`, `declined to X` just before the chain.
    let start = chain.iter().copied().min().unwrap_or(t);
    if (start.saturating_sub(1).max(lo)..t).any(|i| ctx.is(i, Class::Refuse)) {
        negated = true;
    }
    // `if` / `unless` earlier in the sentence.
    if (lo..start).any(|i| ctx.is(i, Class::Cond)) {
        hypo = true;
    }
    let reported = in_quote
        || (lo..t).any(|i| ctx.is(i, Class::Report) && ctx.word(i + 1) == "to")
        || (t..(t + 40).min(ctx.doc.tokens().len()))
            .take_while(|&i| ctx.word(i) != ".")
            .any(|i| ctx.is(i, Class::Report) && ctx.word(i + 1) == "to");
    if negated {
        Modality::Negated
    } else if hypo {
        Modality::Hypothetical
    } else if expected {
        Modality::Expected
    } else if reported {
        Modality::Reported
    } else {
        Modality::Asserted
    }
}
