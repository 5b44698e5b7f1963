//! An organisation named once is that organisation throughout the document.
//!
//! Once a name stands as a sports team somewhere in a document (a results row, `Surrey beat
//! Kent`, `Derbyshire 298`), its other mentions name the team too: `Surrey closed on 429`,
//! `SURREY` in the headline, `Surrey captain Chris Lewis`. The proposers read those one sentence
//! at a time and call them a place (a county, a city) or, for an unfamiliar word, a person.
//! [`spread_teams`] makes them the team. Likewise the tagger marks a company's name in some
//! sentences and not in others (`Pirelli` four times out of ten): [`spread_organisations`] adds
//! the mentions of an organisation's name that no proposer marked.

use super::*;

/// Relabel place mentions and tagger persons that share a team's name as that team. `keep` is
/// the selected candidates.
pub(super) fn spread_teams(doc: &Document, keep: &mut [Candidate]) {
    let team_names: HashSet<Vec<String>> = keep
        .iter()
        .filter(|c| is_team_label(&c.label))
        .map(|c| words(doc, c.span))
        .collect();
    if team_names.is_empty() {
        return;
    }
    for c in keep.iter_mut() {
        let retype = match c.label {
            CandidateLabel::Location { .. } => c.form == MentionForm::Name,
            CandidateLabel::Person => c.source == CandidateSource::Model,
            _ => false,
        };
        if retype && !before_date(doc, c.span) && team_names.contains(&words(doc, c.span)) {
            c.label = team_label();
            c.form = MentionForm::Name;
        }
    }
}

/// Add, as mentions, the capitalised occurrences of a selected organisation's name (any case:
/// `PIRELLI` in a headline) that lie outside every selected candidate. A one-word name that is
/// a word of `not_names` (`The`) is left alone.
pub(super) fn spread_organisations(doc: &Document, res: &EntityData, keep: &mut Vec<Candidate>) {
    let mut names: HashMap<Vec<String>, CandidateLabel> = HashMap::new();
    for c in keep.iter() {
        if !matches!(c.label, CandidateLabel::Organization { .. })
            || !matches!(c.form, MentionForm::Name | MentionForm::Abbreviation)
        {
            continue;
        }
        let key = words(doc, c.span);
        let text = doc.text_of(c.span);
        let plain_word = key.len() == 1 && res.names.not_names.contains(text);
        if !plain_word && starts_upper(text) && text.chars().any(char::is_alphabetic) {
            names.entry(key).or_insert_with(|| c.label.clone());
        }
    }
    if names.is_empty() {
        return;
    }
    let extra = unmarked_mentions(doc, keep, &names);
    keep.extend(extra);
}

/// True when a full date follows the name (`NEW YORK 1996-08-30`): a dateline's place, which
/// stays the place even in a report about the city's team.
fn before_date(doc: &Document, span: Span) -> bool {
    let rest = doc
        .text
        .get(span.end()..)
        .unwrap_or("")
        .trim_start_matches(' ');
    let next = rest.split_whitespace().next().unwrap_or("");
    next.len() >= 8
        && next.starts_with(|c: char| c.is_ascii_digit())
        && next
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
}

/// True when `word` in lower case is `lower`, without allocating.
fn lower_eq(word: &str, lower: &str) -> bool {
    word.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// The lower-case words of `span`, the key a team's mentions share (`SURREY`, `Surrey`).
fn words(doc: &Document, span: Span) -> Vec<String> {
    doc.tokens_in(span)
        .map(|i| doc.token_text(i).to_lowercase())
        .collect()
}

/// True for the label the team rules give (`OrgKind::Team`).
fn is_team_label(label: &CandidateLabel) -> bool {
    matches!(
        label,
        CandidateLabel::Organization {
            kind: Some(OrgKind::Team),
            ..
        }
    )
}

pub(super) fn team_label() -> CandidateLabel {
    CandidateLabel::Organization {
        kind: Some(OrgKind::Team),
        canonical: None,
        country: None,
    }
}

/// Capitalised occurrences of `names` (lower-case word lists), inside one sentence and outside
/// every kept candidate, as candidates with the name's label.
fn unmarked_mentions(
    doc: &Document,
    keep: &[Candidate],
    names: &HashMap<Vec<String>, CandidateLabel>,
) -> Vec<Candidate> {
    let toks = doc.tokens();
    // Names by their first word.
    let mut by_first: HashMap<&str, Vec<&[String]>> = HashMap::new();
    for name in names.keys() {
        if let Some(first) = name.first() {
            by_first.entry(first.as_str()).or_default().push(name);
        }
    }
    let mut covered = vec![false; toks.len()];
    for c in keep {
        for k in &mut covered[doc.tokens_in(c.span)] {
            *k = true;
        }
    }
    let mut out = Vec::new();
    // One buffer for the lower-case form of each capitalised word looked up.
    let mut lower = String::new();
    for sent in doc.sentences() {
        let range = sent.token_range();
        let mut i = range.start;
        while i < range.end {
            let first = doc.token_text(i);
            let found = (!covered[i] && starts_upper(first))
                .then(|| {
                    lower.clear();
                    lower.extend(first.chars().flat_map(char::to_lowercase));
                    by_first.get(lower.as_str())
                })
                .flatten()
                .and_then(|cands| {
                    cands
                        .iter()
                        .filter(|w| i + w.len() <= range.end)
                        .filter(|w| {
                            w.iter().enumerate().all(|(k, word)| {
                                !covered[i + k] && lower_eq(doc.token_text(i + k), word)
                            })
                        })
                        .max_by_key(|w| w.len())
                });
            match found {
                Some(name) => {
                    let n = name.len();
                    out.push(Candidate {
                        span: Span::new(toks[i].span.start(), toks[i + n - 1].span.end()),
                        label: names[*name].clone(),
                        form: MentionForm::Name,
                        source: CandidateSource::Rule,
                        score: 0.5,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
    }
    out
}
