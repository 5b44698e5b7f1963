//! One-word "persons" that a document names again and again, never by a full name.
//!
//! News introduces a person by full name (`Frank Stronach`) and may shorten it later
//! (`Stronach`); a company, club or agency it names by one word throughout (`Magna`, `Tanjug`).
//! The tagger reads an unfamiliar capitalised word before `said` or `'s` as a surname, so a
//! business story ends up with a "person" named only `Magna`. When the tagger alone calls a
//! single word a person at least [`MIN_MENTIONS`] times in a document, and that word is never
//! part of a longer person's name there and never follows a title or honorific (`Mr.`,
//! `President`), it is read as an organisation.

use super::*;

/// How often a lone word must be proposed as a person before its use says otherwise.
const MIN_MENTIONS: usize = 2;

/// Relabel tagger persons named only by one word, repeatedly, as organisations. `keep` is the
/// selected candidates.
pub(super) fn retype_lone_persons(doc: &Document, keep: &mut [Candidate]) {
    let titles: Vec<Span> = doc
        .candidates()
        .iter()
        .filter(|c| matches!(c.label, CandidateLabel::Title { .. }))
        .map(|c| c.span)
        .collect();
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut blocked: HashSet<String> = HashSet::new();
    for c in keep.iter() {
        if c.label != CandidateLabel::Person {
            continue;
        }
        let range = doc.tokens_in(c.span);
        let words: Vec<String> = range
            .clone()
            .filter(|&i| doc.tokens()[i].kind == TokenKind::Word)
            .map(|i| doc.token_text(i).to_lowercase())
            .collect();
        let after_title = titles.iter().any(|t| {
            t.end() <= c.span.start() && doc.text[t.end()..c.span.start()].trim().is_empty()
        });
        if words.len() == 1 && c.source == CandidateSource::Model && !after_title {
            *count.entry(words[0].clone()).or_default() += 1;
        } else {
            blocked.extend(words);
        }
    }
    for c in keep.iter_mut() {
        if c.label != CandidateLabel::Person || c.source != CandidateSource::Model {
            continue;
        }
        let word = doc.text_of(c.span).to_lowercase();
        if count.get(&word).is_some_and(|&n| n >= MIN_MENTIONS) && !blocked.contains(&word) {
            c.label = CandidateLabel::Organization {
                kind: None,
                canonical: None,
                country: None,
            };
        }
    }
}
