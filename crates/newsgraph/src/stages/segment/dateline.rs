//! The dateline (`SEOUL, South Korea —`) opening the article body, after any headline.

use super::*;

// ---------------------------------------------------------------------------------------------
// Datelines

/// Look for a dateline at the start of the article body: on the first line, or on a later one of
/// the first [`DATELINE_LINES`] lines when only short lines (headline, subhead, byline, section
/// labels like `ABSTRACT.`) come before it. Returns the line index, the first token after the
/// dateline's dash, and the dateline.
pub(super) fn find_dateline_in_opening(
    text: &str,
    tokens: &[Token],
    lines: &[(usize, usize)],
    data: &SegmentData,
) -> Option<(usize, usize, Dateline)> {
    for (li, &(a, b)) in lines.iter().enumerate().take(DATELINE_LINES) {
        if let Some((end, d)) = dateline_at(text, tokens, a, b, data) {
            return Some((li, end, d));
        }
        // A body paragraph without a dateline: the article has none.
        if b - a > HEADING_MAX_TOKENS {
            return None;
        }
    }
    None
}

/// How many opening lines may hold the dateline.
pub(super) const DATELINE_LINES: usize = 6;
/// Lines longer than this (in tokens) are body paragraphs, not headlines or labels.
pub(super) const HEADING_MAX_TOKENS: usize = 60;
/// The most words a dateline's uppercase place may have (`SALT LAKE CITY`).
pub(super) const DATELINE_PLACE_WORDS: usize = 4;

/// True for a word with letters and no lowercase letter (`SEOUL`, `ST.`, `U.S.`).
pub(super) fn is_caps_word(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        } else if c != '.' && !is_apostrophe(c) {
            return false;
        }
    }
    letters > 0
}

/// A dateline at the start of the line `a..b`: returns the first token after its dash.
pub(super) fn dateline_at(
    text: &str,
    tokens: &[Token],
    a: usize,
    b: usize,
    data: &SegmentData,
) -> Option<(usize, Dateline)> {
    let tx = |i: usize| &text[tokens[i].span.start()..tokens[i].span.end()];
    let kind = |i: usize| tokens[i].kind;
    // The place: uppercase words, possibly hyphenated (`WINSTON-SALEM`).
    let mut k = a;
    let mut letters = 0;
    let mut words = 0;
    while k < b && words < DATELINE_PLACE_WORDS {
        let s = tx(k);
        if kind(k) == TokenKind::Word && is_caps_word(s) {
            letters += s.chars().filter(|c| c.is_alphabetic()).count();
            words += 1;
            k += 1;
        } else if s == "-"
            && k > a
            && !tokens[k - 1].space_after
            && !tokens[k].space_after
            && k + 1 < b
            && kind(k + 1) == TokenKind::Word
            && is_caps_word(tx(k + 1))
        {
            k += 1;
        } else {
            break;
        }
    }
    if k == a || letters < 2 || data.not_datelines.contains(tx(a)) {
        return None;
    }
    let head_tokens = k - a;
    let mut place_end = k;
    // `, Region` and `, March 3` parts.
    let mut parts = 0;
    while k < b && tx(k) == "," && parts < 3 {
        k += 1;
        let seg = k;
        let mut has_number = false;
        while k < b && k - seg < 5 {
            let s = tx(k);
            let c = first_char(s);
            match kind(k) {
                TokenKind::Word if c.is_uppercase() => {}
                TokenKind::Number => has_number = true,
                TokenKind::Word if k > seg && k + 1 < b && first_char(tx(k + 1)).is_uppercase() => {
                    // `Republic of Korea`
                }
                TokenKind::Punct if s == "-" && k > seg && !tokens[k - 1].space_after => {}
                _ => break,
            }
            k += 1;
        }
        if k == seg {
            return None;
        }
        if parts == 0 && !has_number {
            place_end = k;
        }
        parts += 1;
    }
    // `(Agency)`.
    let mut agency = false;
    if k < b && tx(k) == "(" {
        let open = k;
        k += 1;
        while k < b && k - open <= 8 && tx(k) != ")" {
            if terminal_of(tx(k), kind(k), data).is_some_and(|t| !matches!(t, Terminal::Abbrev(_)))
            {
                return None;
            }
            k += 1;
        }
        if k >= b || tx(k) != ")" || k == open + 1 {
            return None;
        }
        k += 1;
        agency = true;
    }
    // The dash.
    if k >= b || kind(k) != TokenKind::Punct || !is_dash(tx(k)) {
        return None;
    }
    let dash = k;
    let dash_text = tx(dash);
    if dash_text.starts_with('-') && !tokens[dash - 1].space_after {
        return None; // `US-China`
    }
    k += 1;
    if k >= b || first_char(tx(k)).is_lowercase() {
        return None;
    }
    // An all-caps headline (`SOCCER - JAPAN GET LUCKY WIN`) is not a dateline.
    let words: Vec<usize> = (k..b.min(k + 12))
        .filter(|&i| kind(i) == TokenKind::Word)
        .collect();
    if words.len() >= 2 && words.iter().all(|&i| is_caps_word(tx(i))) {
        return None;
    }
    // The dateline opens a paragraph of sentences; a headline with a dash has no final stop.
    let has_stop = (k..b).any(|i| {
        terminal_of(tx(i), kind(i), data).is_some_and(|t| !matches!(t, Terminal::Abbrev(_)))
    });
    if !has_stop && parts == 0 && !agency {
        return None;
    }
    // A bare acronym with a paired dash is an apposition: `NATO — the alliance — said`.
    if parts == 0 && !agency && head_tokens == 1 {
        for i in k..b {
            let s = tx(i);
            if terminal_of(s, kind(i), data).is_some_and(|t| !matches!(t, Terminal::Abbrev(_))) {
                break;
            }
            if s == dash_text {
                return None;
            }
        }
    }
    let span = Span {
        start: tokens[a].span.start,
        end: tokens[dash].span.end,
    };
    let place_span = Span {
        start: tokens[a].span.start,
        end: tokens[place_end - 1].span.end,
    };
    Some((
        k,
        Dateline {
            span,
            place: text[place_span.start()..place_span.end()].to_string(),
            place_span,
        },
    ))
}
