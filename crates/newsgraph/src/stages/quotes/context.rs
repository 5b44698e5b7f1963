//! Pass 4: context — pronoun speakers, continuation of the previous speaker, gender.

use super::*;

/// A speaker and the span that names it (`None` both when the quote has none).
type Speaker = (Option<EntityIx>, Option<Span>);

/// Context pass (4): pronouns, continuation of the previous speaker, gender.
///
/// In text order, because each quote's speaker is context for the next: a pronoun speaker is
/// the most recent salient person of its gender, and a quote with no cue continues the speaker
/// of the quote just before it.
pub(super) fn resolve(ctx: &Ctx<'_>, drafts: &mut [Draft], new_mentions: &mut Vec<Mention>) {
    let mut gender = genders_from_address(ctx);
    let subjects = salient_subjects(ctx);
    let mut speakers: Vec<(usize, EntityIx)> = Vec::new();
    let mut prev_indirect: Option<usize> = None;
    let mut prev_direct: Option<usize> = None;
    for i in 0..drafts.len() {
        let (mut speaker, mut speaker_mention) = match drafts[i].attr.map(|a| a.who) {
            Some(Who::Named { entity, span }) => named_speaker(ctx, entity, span, new_mentions),
            Some(Who::Pronoun { span, gender: g }) => {
                pronoun_speaker(span, g, &mut gender, &subjects, &speakers, new_mentions)
            }
            // An unnamed speaker keeps the words that describe it as its evidence.
            Some(Who::Unnamed(desc)) => (None, desc),
            _ => (None, None),
        };
        let d = &drafts[i];
        if speaker.is_none()
            && d.direct
            && d.attr.is_none()
            && (d.fills || d.leads)
            && d.words > SHORT_QUOTE_WORDS
        {
            (speaker, speaker_mention) =
                speaker_from_context(ctx, drafts, d, prev_direct, prev_indirect);
        }
        let d = &mut drafts[i];
        d.speaker = speaker;
        d.speaker_mention = speaker_mention;
        if let (Some(e), Some(sm)) = (speaker, speaker_mention) {
            if ctx
                .entities
                .get(e.ix())
                .is_some_and(|x| x.etype == EntityType::Person)
            {
                speakers.push((sm.start(), e));
            }
        }
        if d.direct {
            prev_direct = Some(i);
        } else {
            prev_indirect = Some(i);
        }
    }
}

/// Each person's gender as far as a form of address before one of their mentions tells it
/// (`Mr.`, `Mrs.`, `Ms.`), by entity index.
fn genders_from_address(ctx: &Ctx<'_>) -> Vec<Option<Gender>> {
    let mut gender: Vec<Option<Gender>> = vec![None; ctx.entities.len()];
    for m in ctx.mentions {
        if ctx
            .entities
            .get(m.entity.ix())
            .is_none_or(|e| e.etype != EntityType::Person)
        {
            continue;
        }
        let first = ctx.tok_from(m.span.start());
        for t in [first.checked_sub(1), Some(first)].into_iter().flatten() {
            if t < ctx.toks.len() && t < ctx.tok_until(m.span.end()) + 1 {
                let f = ctx.flags(t);
                if f & ADDR_M != 0 {
                    gender[m.entity.ix()] = Some(Gender::Male);
                } else if f & ADDR_F != 0 {
                    gender[m.entity.ix()] = Some(Gender::Female);
                }
            }
        }
    }
    gender
}

/// Salient people: the first person named in each sentence, outside quotation marks, as
/// `(byte offset, entity)` in text order.
fn salient_subjects(ctx: &Ctx<'_>) -> Vec<(usize, EntityIx)> {
    let mut subjects: Vec<(usize, EntityIx)> = Vec::new();
    let mut last_sent = usize::MAX;
    for m in ctx.mentions {
        if !usable(m, ctx.entities) || ctx.entities[m.entity.ix()].etype != EntityType::Person {
            continue;
        }
        let t = ctx.tok_from(m.span.start());
        let s = ctx.tok_sent.get(t).copied().unwrap_or(usize::MAX);
        if s != last_sent && !ctx.inside_quote(m.span.start()) {
            subjects.push((m.span.start(), m.entity));
            last_sent = s;
        }
    }
    subjects
}

/// A cue that names its speaker: that entity, with a `Name` mention added where the entity
/// stage did not mark this one (a name found by `name_at`).
fn named_speaker(
    ctx: &Ctx<'_>,
    entity: EntityIx,
    span: Span,
    new_mentions: &mut Vec<Mention>,
) -> Speaker {
    let k = ctx.mentions.partition_point(|m| m.span.start < span.start);
    let known = ctx.mentions[k..]
        .iter()
        .take_while(|m| m.span.start == span.start)
        .any(|m| m.span == span);
    if !known && !new_mentions.iter().any(|m| m.span == span) {
        new_mentions.push(Mention {
            span,
            entity,
            form: MentionForm::Name,
        });
    }
    (Some(entity), Some(span))
}

/// `he`/`she` said: the most recent earlier salient person (a sentence's first person or an
/// earlier speaker) of a compatible gender, who then has this gender; the pronoun becomes a
/// `Pronoun` mention of them.
fn pronoun_speaker(
    span: Span,
    g: Gender,
    gender: &mut [Option<Gender>],
    subjects: &[(usize, EntityIx)],
    speakers: &[(usize, EntityIx)],
    new_mentions: &mut Vec<Mention>,
) -> Speaker {
    let pos = span.start();
    let compatible = |e: EntityIx| gender[e.ix()].is_none_or(|x| x == g);
    let k = subjects.partition_point(|x| x.0 < pos);
    let from_subjects = subjects[..k]
        .iter()
        .rev()
        .find(|x| compatible(x.1))
        .copied();
    let from_speakers = speakers
        .iter()
        .rev()
        .find(|x| x.0 < pos && compatible(x.1))
        .copied();
    let best = match (from_subjects, from_speakers) {
        (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    let Some((_, e)) = best else {
        return (None, None);
    };
    gender[e.ix()] = Some(g);
    if !new_mentions.iter().any(|m| m.span == span) {
        new_mentions.push(Mention {
            span,
            entity: e,
            form: MentionForm::Pronoun,
        });
    }
    (Some(e), Some(span))
}

/// The speaker of a quote that fills its sentences and has no cue, from what surrounds it: the
/// previous quote's speaker when that quote ended in the previous sentence (failing that, the
/// speaker of reported speech there: `America’s top diplomat said ... “That’s part of ...”`),
/// else an attribution sentence just before (`X said on Tuesday.`), else a `the message from X`
/// sentence just after.
fn speaker_from_context(
    ctx: &Ctx<'_>,
    drafts: &[Draft],
    d: &Draft,
    prev_direct: Option<usize>,
    prev_indirect: Option<usize>,
) -> Speaker {
    // An unnamed speaker described before (`a senior official said`) goes on speaking too.
    let recent = |p: &&Draft| {
        (p.speaker.is_some() || p.speaker_mention.is_some())
            && p.last_sent != usize::MAX
            && p.last_sent + 1 >= d.first_sent
    };
    let prev = prev_direct
        .map(|p| &drafts[p])
        .filter(recent)
        .or_else(|| prev_indirect.map(|p| &drafts[p]).filter(recent));
    if let Some(p) = prev {
        return (p.speaker, p.speaker_mention);
    }
    let around = d
        .first_sent
        .checked_sub(1)
        .filter(|&s| s != usize::MAX - 1)
        .and_then(|s| ctx.sentence_attribution(s))
        .or_else(|| {
            let n = d.last_sent + 1;
            (n < ctx.sents.len())
                .then(|| ctx.source_sentence(n))
                .flatten()
        });
    match around.map(|a| a.who) {
        Some(Who::Named { entity, span }) => (Some(entity), Some(span)),
        _ => (None, None),
    }
}
