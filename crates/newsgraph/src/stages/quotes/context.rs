//! Pass 4: context — pronoun speakers, continuation of the previous speaker, gender.

use super::*;

/// Context pass (4): pronouns, continuation of the previous speaker, gender.
pub(super) fn resolve(ctx: &Ctx<'_>, drafts: &mut [Draft], new_mentions: &mut Vec<Mention>) {
    let ne = ctx.entities.len();
    let mut gender: Vec<Option<Gender>> = vec![None; ne];
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
    // Salient people: the first person named in each sentence, outside quotation marks.
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
    let mut speakers: Vec<(usize, EntityIx)> = Vec::new();
    let mut prev_indirect: Option<usize> = None;
    let mut prev_direct: Option<usize> = None;
    for i in 0..drafts.len() {
        let attr = drafts[i].attr;
        let mut speaker = None;
        let mut speaker_mention = None;
        match attr.map(|a| a.who) {
            Some(Who::Named { entity, span }) => {
                speaker = Some(entity);
                speaker_mention = Some(span);
                // A name the entity stage did not mark here (found by `name_at`).
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
            }
            Some(Who::Pronoun { span, gender: g }) => {
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
                if let Some((_, e)) = best {
                    speaker = Some(e);
                    speaker_mention = Some(span);
                    gender[e.ix()] = Some(g);
                    if !new_mentions.iter().any(|m| m.span == span) {
                        new_mentions.push(Mention {
                            span,
                            entity: e,
                            form: MentionForm::Pronoun,
                        });
                    }
                }
            }
            _ => {}
        }
        let d = &drafts[i];
        if speaker.is_none()
            && d.direct
            && d.attr.is_none()
            && d.fills
            && d.words > SHORT_QUOTE_WORDS
        {
            // The previous quote's speaker, when it ended in the previous sentence.
            // Failing that, the speaker of reported speech in the previous sentence
            // (`America’s top diplomat said ... “That’s part of ...”`).
            let recent = |p: &&Draft| {
                p.speaker.is_some() && p.last_sent != usize::MAX && p.last_sent + 1 >= d.first_sent
            };
            let prev = prev_direct
                .map(|p| &drafts[p])
                .filter(recent)
                .or_else(|| prev_indirect.map(|p| &drafts[p]).filter(recent));
            if let Some(p) = prev {
                speaker = p.speaker;
                speaker_mention = p.speaker_mention;
            } else if let Some(a) = d
                .first_sent
                .checked_sub(1)
                .filter(|&s| s != usize::MAX - 1)
                .and_then(|s| ctx.sentence_attribution(s))
                .or_else(|| {
                    let n = d.last_sent + 1;
                    (n < ctx.sents.len())
                        .then(|| ctx.source_sentence(n))
                        .flatten()
                })
            {
                if let Who::Named { entity, span } = a.who {
                    speaker = Some(entity);
                    speaker_mention = Some(span);
                }
            }
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
