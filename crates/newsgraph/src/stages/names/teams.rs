//! Sports teams in results tables: the rows of a score list (`Blackpool 0 Wycombe 0`) and of a
//! league table (`Rudar 4 1 0 3 1 7 3`, `PITTSBURGH 56 77 .421 15`).
//!
//! Wire copy prints sports results as lines of names and numbers. Those names are teams, whatever
//! else they name (`Wigan`, `Minnesota`), and most are unknown words (`Ssangbangwool`, `Zemun`)
//! that no tagger trained on running text proposes: a table row has no sentence around it. The
//! shape of the line is the evidence, so it is read line by line (a row is never wrapped), and
//! only two shapes count:
//!
//! - a **score row**: name, one score, name, one score (`Karlsruhe 2 Hansa Rostock 0`), each name
//!   optionally followed by a bracket (`Alba ( Germany ) 75 Red Star ( Yugoslavia ) 70`);
//! - a **table row**: one name, then at least [`MIN_TABLE_NUMBERS`] numbers, most of them small
//!   whole numbers (played, won, drawn, lost, points), which financial tables' decimals are not.
//!
//! A name is one to [`MAX_NAME_WORDS`] capitalised words (connectors such as `of` inside:
//! `Queen of South`), none of them a word that never names (`Total`). Other stages decide
//! between these and other proposals; the entity stage also reads the same names elsewhere in the
//! document as the team (`Wigan` in `Wigan's manager said ...`).

use super::NameData;
use crate::document::{
    Candidate, CandidateLabel, CandidateSource, Document, MentionForm, OrgKind, Span,
};

/// A table row lists at least this many numbers after the name.
const MIN_TABLE_NUMBERS: usize = 4;
/// A team's name has at most this many words.
const MAX_NAME_WORDS: usize = 5;
/// The proposer's score: above the tagger's guesses, below a title-anchored person.
const SCORE: f32 = 0.85;

/// One whitespace-separated piece of a line, as a byte range of the document's text.
#[derive(Debug, Clone, Copy)]
enum Item {
    /// Capitalised words (and connectors) forming a candidate name.
    Name(usize, usize),
    /// A run of numbers: how many, and how many are small whole numbers (at most three digits).
    Numbers { count: usize, small: usize },
}

/// Team candidates from the results rows of `doc`.
pub(super) fn table_teams(doc: &Document, data: &NameData) -> Vec<Candidate> {
    let tokens = doc.tokens();
    let mut out = Vec::new();
    let mut a = 0;
    while a < tokens.len() {
        let mut b = a + 1;
        while b < tokens.len() && !tokens[b].line_start {
            b += 1;
        }
        let span = Span::new(tokens[a].span.start(), tokens[b - 1].span.end());
        if let Some(items) = items_of(&doc.text, span, data) {
            for (s, e) in team_names(&items) {
                out.push(team(s, e));
            }
        }
        a = b;
    }
    out
}

/// The team candidate for the bytes `start..end`.
fn team(start: usize, end: usize) -> Candidate {
    Candidate {
        span: Span::new(start, end),
        label: CandidateLabel::Organization {
            kind: Some(OrgKind::Team),
            canonical: None,
            country: None,
        },
        form: MentionForm::Name,
        source: CandidateSource::Rule,
        score: SCORE,
    }
}

/// The names of a score row or a table row, else nothing.
fn team_names(items: &[Item]) -> Vec<(usize, usize)> {
    match items {
        [Item::Name(a, b), Item::Numbers { count: 1, small: 1 }, Item::Name(c, d), Item::Numbers { count: 1, small: 1 }] =>
        {
            vec![(*a, *b), (*c, *d)]
        }
        [Item::Name(a, b), Item::Numbers { count, small }]
            if *count >= MIN_TABLE_NUMBERS && *small * 4 >= *count * 3 =>
        {
            vec![(*a, *b)]
        }
        _ => Vec::new(),
    }
}

/// The line `span` of `text` as names and number runs, brackets left out; `None` when a piece
/// is neither (a lower-case word, a stray mark), since then the line is prose, not a row.
fn items_of(text: &str, span: Span, data: &NameData) -> Option<Vec<Item>> {
    let line = text.get(span.start()..span.end())?;
    let mut items: Vec<Item> = Vec::new();
    let mut in_bracket = false;
    let mut words = 0;
    for (off, piece) in pieces(line) {
        let (s, e) = (span.start() + off, span.start() + off + piece.len());
        if in_bracket {
            in_bracket = piece != ")";
            continue;
        }
        if piece == "(" {
            in_bracket = true;
            continue;
        }
        if let Some(small) = number(piece) {
            match items.last_mut() {
                Some(Item::Numbers { count, small: sm }) => {
                    *count += 1;
                    *sm += usize::from(small);
                }
                _ => items.push(Item::Numbers {
                    count: 1,
                    small: usize::from(small),
                }),
            }
            continue;
        }
        let capitalised = piece.chars().next().is_some_and(char::is_uppercase)
            && piece.chars().any(char::is_alphabetic)
            && !data.not_names.contains(piece);
        let connector = data.org_connectors.contains(piece) || piece == "'s";
        match items.last_mut() {
            Some(Item::Name(_, end)) if capitalised || connector => {
                words += 1;
                *end = e;
            }
            _ if capitalised => {
                words = 1;
                items.push(Item::Name(s, e));
            }
            _ => return None,
        }
        if words > MAX_NAME_WORDS {
            return None;
        }
    }
    // A name never ends on a connector (`Queen of` would be a cut name).
    let ends_on_connector = items.iter().any(|it| {
        matches!(it, Item::Name(_, e) if text[..*e].rsplit(' ').next().is_some_and(|w| {
            data.org_connectors.contains(w) || w == "'s"
        }))
    });
    (!ends_on_connector).then_some(items)
}

/// Whitespace-separated pieces of `line` with their byte offsets.
fn pieces(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(' ')
        .scan(0, |at, p| {
            let off = *at;
            *at += p.len() + 1;
            Some((off, p))
        })
        .filter(|(_, p)| !p.is_empty())
}

/// `Some(small)` when `piece` is a number as results print them (`3`, `.421`, `1/2`, `1-0`):
/// digits and separators only; `small` when it is a whole number of at most three digits.
fn number(piece: &str) -> Option<bool> {
    let numeric = piece.chars().any(|c| c.is_ascii_digit())
        && piece
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | '-' | ':'));
    numeric.then(|| piece.len() <= 3 && piece.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataDir;

    fn names(line: &str) -> Vec<&str> {
        let data = NameData::load(&DataDir::from_env()).expect("names data loads");
        let span = Span::new(0, line.len());
        items_of(line, span, &data)
            .map(|items| team_names(&items))
            .unwrap_or_default()
            .into_iter()
            .map(|(s, e)| &line[s..e])
            .collect()
    }

    #[test]
    fn score_rows_name_two_teams() {
        assert_eq!(
            names("Ashford 2 Kelso Rovers 1"),
            ["Ashford", "Kelso Rovers"]
        );
        assert_eq!(
            names("Brennan ( Norway ) 75 Castle Vale ( Wales ) 70 ( 42-41 )"),
            ["Brennan", "Castle Vale"]
        );
        assert_eq!(
            names("Queen of Marsh 0 Tolland 3"),
            ["Queen of Marsh", "Tolland"]
        );
    }

    #[test]
    fn league_table_rows_name_one_team() {
        assert_eq!(
            names("Dunmore Athletic 4 1 0 3 1 7 3"),
            ["Dunmore Athletic"]
        );
        assert_eq!(names("HARTWELL 56 77 .421 15"), ["HARTWELL"]);
    }

    #[test]
    fn prose_and_financial_rows_name_no_team() {
        // Decimals are money, not results; lower-case words are prose; three numbers are few.
        assert!(names("Revenue 9.06 9.31 8.42 7.90").is_empty());
        assert!(names("Net sales 289.1 vs 256.9").is_empty());
        assert!(names("Ashford won 2 1 in the end").is_empty());
        assert!(names("Ashford 4 1 0").is_empty());
        assert!(names("The 2 Ashford 1").is_empty());
    }
}
