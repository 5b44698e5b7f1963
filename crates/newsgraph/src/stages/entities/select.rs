//! Step 1: select the candidate spans that become mentions, most trusted proposer first.

use super::*;

/// The places a dateline names (`MANILA, Philippines`): the city as a LOCATION, a country as a
/// COUNTRY. They are where the report was filed, not actors, and lie outside every sentence.
pub(super) fn dateline_places(doc: &Document, res: &EntityData) -> Vec<Candidate> {
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
pub(super) fn capital_country<'g>(gaz: &'g Gazetteer, name: &str) -> Option<&'g Country> {
    gaz.countries()
        .iter()
        .find(|c| c.capitals.iter().any(|cap| cap.as_str() == name))
}

/// The trust of a proposer: gazetteer over rules over the tagger, then the proposer's score.
pub(super) fn priority(c: &Candidate) -> f32 {
    let base = match c.source {
        CandidateSource::Gazetteer => 3.0,
        CandidateSource::Rule => 2.0,
        CandidateSource::Model => 1.0,
    };
    base + c.score.clamp(0.0, 1.0)
}

pub(super) fn is_entity_label(label: &CandidateLabel) -> bool {
    !matches!(label, CandidateLabel::Title { .. })
}

/// True for a body the gazetteer built from a country and a noun (`Chinese foreign ministry`).
pub(super) fn is_owned_body(c: &Candidate) -> bool {
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
pub(super) fn is_generic_body(doc: &Document, res: &EntityData, c: &Candidate) -> bool {
    is_owned_body(c)
        && doc
            .text_of(c.span)
            .split_whitespace()
            .next_back()
            .is_some_and(|w| res.names.generic_bodies.contains(&w.to_lowercase()))
}

/// Trim a person candidate to its name: drop leading titles, honorifics and countries the tagger
/// may have included, and a trailing possessive.
pub(super) fn trim_person(doc: &Document, c: &Candidate, blockers: &[Span]) -> Option<Candidate> {
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
        toks[b].kind == TokenKind::Word && starts_upper(next) && !is_initial(next)
    } {
        b += 1;
    }
    (a < b && toks[a].kind == TokenKind::Word && starts_upper(doc.token_text(a))).then(|| {
        Candidate {
            span: Span::new(toks[a].span.start(), toks[b - 1].span.end()),
            ..c.clone()
        }
    })
}

/// An initial: one capital letter and a period (`P.`).
pub(super) fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// Trim punctuation at the edges of a proposer's span (`New York-` from `New York-based`).
pub(super) fn trim_punct(doc: &Document, c: &Candidate) -> Option<Candidate> {
    let toks = doc.tokens();
    let range = doc.tokens_in(c.span);
    let (mut a, mut b) = (range.start, range.end);
    while a < b && toks[a].kind == TokenKind::Punct {
        a += 1;
    }
    while a < b && toks[b - 1].kind == TokenKind::Punct {
        b -= 1;
    }
    // A compound adjective before the name is no part of it: `Minneapolis-based` in
    // `Minneapolis-based First Bank System Inc.` (the place in it is the gazetteer's).
    if let Some(k) = (a + 1..b.saturating_sub(2)).find(|&k| {
        doc.token_text(k) == "-"
            && !toks[k - 1].space_after
            && !toks[k].space_after
            && doc.token_text(k + 1).starts_with(char::is_lowercase)
    }) {
        a = k + 2;
    }
    (a < b).then(|| Candidate {
        span: Span::new(toks[a].span.start(), toks[b - 1].span.end()),
        ..c.clone()
    })
}

/// True when a place (not a country: national teams are named after their country and read
/// as the country) stands where a sports team would: beside `beat`, `v`, `drew`, or followed
/// directly by a score in a sentence with more numbers (`Surrey 3 Kent 2`, `Derbyshire 298`).
pub(super) fn is_team(doc: &Document, res: &EntityData, c: &Candidate) -> bool {
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
pub fn select(doc: &Document, res: &EntityData) -> Vec<Candidate> {
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
    super::teams::spread_teams(doc, &mut keep);
    super::lone_names::retype_lone_persons(doc, &mut keep);
    super::teams::spread_organisations(doc, res, &mut keep);
    keep.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    keep
}

/// Step 1 over one sentence's candidates.
pub(super) fn select_among(
    doc: &Document,
    res: &EntityData,
    cands: &[Candidate],
) -> Vec<Candidate> {
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
                    label: super::teams::team_label(),
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
            if is_group_noun_opening_a_sentence(doc, res, c) {
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

/// `Gunmen kidnapped ...`: a tagger proposal that is one group noun of the agents' list opening
/// a sentence is that noun capitalised by its position; the agents stage makes it a group.
fn is_group_noun_opening_a_sentence(doc: &Document, res: &EntityData, c: &Candidate) -> bool {
    let text = doc.text_of(c.span);
    c.source == CandidateSource::Model
        && !text.contains(char::is_whitespace)
        && doc
            .sentence_at(c.span.start)
            .is_some_and(|i| doc.sentences()[i].span.start == c.span.start)
        && res.agents.phrases.contains_key(&text.to_lowercase())
}
