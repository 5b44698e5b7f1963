//! Pass 3: merging interrupted quotes (`“A,” X said. “B.”`) into one.

use super::*;

pub(super) fn who_end(w: Who) -> usize {
    match w {
        Who::Named { span, .. } | Who::Pronoun { span, .. } => span.end(),
        Who::Unnamed(_) | Who::Unknown => 0,
    }
}

pub(super) fn who_start(w: Who) -> Option<usize> {
    match w {
        Who::Named { span, .. } | Who::Pronoun { span, .. } => Some(span.start()),
        Who::Unnamed(_) | Who::Unknown => None,
    }
}

/// Merge interrupted quotes (pass 3): `“A,” X said. “B.”` becomes one quote.
pub(super) fn merge_interrupted(ctx: &Ctx<'_>, drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        if let Some(prev) = out.last_mut() {
            if can_merge(ctx, prev, &d) {
                prev.span = prev.span.cover(d.span);
                prev.parts.extend(d.parts);
                prev.outer_end = d.outer_end;
                prev.words += d.words;
                prev.last_sent = prev.last_sent.max(d.last_sent);
                prev.fills = prev.fills || d.fills;
                if prev.attr.is_none() {
                    prev.attr = d.attr;
                    prev.attr_after = d.attr_after;
                }
                continue;
            }
        }
        out.push(d);
    }
    out
}

pub(super) fn can_merge(ctx: &Ctx<'_>, a: &Draft, b: &Draft) -> bool {
    if !a.direct || !b.direct || b.open < a.outer_end || !ctx.same_paragraph(a.outer_end, b.open) {
        return false;
    }
    let gap = &ctx.text[a.outer_end..b.open];
    let separate_cues = a.attr.zip(b.attr).is_some_and(|(x, y)| x.cue != y.cue);
    if gap.trim().is_empty() {
        return b.attr.is_none() || a.attr.is_none();
    }
    // A list of quoted phrases: `"losers" and "sad"`.
    let (g0, g1) = (ctx.tok_from(a.outer_end), ctx.tok_from(b.open));
    if g1 > g0
        && g1 - g0 <= 2
        && !separate_cues
        && (g0..g1).all(|k| ctx.is_punct(k, ",") || ctx.flags(k) & CONJ != 0)
    {
        return true;
    }
    let Some(at) = a.attr else { return false };
    if !a.attr_after || at.end > b.open {
        return false;
    }
    // `b` may have found the same cue before it; any other cue of its own keeps it apart.
    if b.attr.is_some_and(|bt| bt.cue != at.cue) {
        return false;
    }
    // A long interruption (`said X, a lawyer who …`) keeps the parts apart: the span would be
    // mostly the narrator's words.
    let gap_words = gap.split_whitespace().count();
    if gap_words > MAX_INTERRUPTION_WORDS || gap_words > a.words + b.words {
        return false;
    }
    let rest = &ctx.text[at.end..b.open];
    // `“…,” he told the host, “it was …”`: the sentence goes on inside the second part.
    let continues = gap.trim_end().ends_with(',')
        && ctx.text[b.span.start()..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    if continues && !rest.contains(['.', '?', '!', ':', ';']) {
        return true;
    }
    let ob = ctx.tok_from(b.open);
    let starts_sentence = ctx
        .tok_sent
        .get(ob)
        .is_some_and(|&s| s != usize::MAX && ctx.sents[s].first_token.ix() == ob);
    rest.chars()
        .all(|c| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';'))
        || (starts_sentence && (b.words > SHORT_QUOTE_WORDS || b.fills))
}
