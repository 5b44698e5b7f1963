//! Pass 1: pairing quotation marks on the text, paragraph by paragraph (see the stage's docs).

use super::*;
use crate::text::{is_quotation_mark, mark_kind, MarkKind};

// ---------------------------------------------------------------------------------------------
// Pass 1: pairing quotation marks on the text.

/// A pair of quotation marks found in the text by [`find_marked_quotes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedQuote {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just past the closing mark, or the end of the paragraph when none closes it.
    pub outer_end: usize,
    /// The quoted words: marks and the whitespace just inside them excluded.
    pub inner: Span,
    /// True when a closing mark was found.
    pub closed: bool,
    /// True for double marks, false for single marks.
    pub double: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Open,
    Close,
    /// A closing single mark that may be a plural possessive (`the voters’ choice`).
    WeakClose,
    Either,
}

pub(super) fn opens_after(p: Option<char>) -> bool {
    match p {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(p, '(' | '[' | '{' | '<' | '—' | '–' | '-' | '/')
                || is_quotation_mark(p)
        }
    }
}

pub(super) fn closes_before(n: Option<char>) -> bool {
    match n {
        None => true,
        Some(n) => {
            n.is_whitespace()
                || matches!(
                    n,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                )
                || is_quotation_mark(n)
        }
    }
}

/// `’90s`, `'08`: two digits and no third.
pub(super) fn year_apostrophe(chars: &[(usize, char)], i: usize) -> bool {
    let d = |k: usize| chars.get(i + k).is_some_and(|c| c.1.is_ascii_digit());
    d(1) && d(2) && !d(3)
}

/// Classify the quote character at `chars[i]`: `(double, role)`, or None for an apostrophe or
/// a mark whose side cannot be told.
pub(super) fn classify(chars: &[(usize, char)], i: usize) -> Option<(bool, Role)> {
    let c = chars[i].1;
    let p = i.checked_sub(1).map(|k| chars[k].1);
    let n = chars.get(i + 1).map(|x| x.1);
    let can_open = opens_after(p) && n.is_some_and(|n| !n.is_whitespace());
    let can_close = p.is_some_and(|p| !p.is_whitespace()) && closes_before(n);
    let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    match mark_kind(c) {
        Some(MarkKind::OpensDouble) => Some((
            true,
            if can_close && !can_open {
                Role::Close
            } else {
                Role::Open
            },
        )),
        Some(MarkKind::ClosesDouble) => Some((
            true,
            if can_open && !can_close {
                Role::Open
            } else {
                Role::Close
            },
        )),
        // `'African American outreach,' "`: a space between nested closing marks.
        Some(MarkKind::EitherDouble)
            if p.is_some_and(char::is_whitespace)
                && n.is_none_or(|n| n.is_whitespace())
                && i >= 2
                && matches!(chars[i - 2].1, '\'' | '’') =>
        {
            Some((true, Role::Close))
        }
        Some(MarkKind::EitherDouble) => match (can_open, can_close) {
            (true, false) => Some((true, Role::Open)),
            (false, true) => Some((true, Role::Close)),
            (true, true) => Some((true, Role::Either)),
            (false, false) => None,
        },
        Some(MarkKind::Single) => {
            if (alnum(p) && alnum(n)) || year_apostrophe(chars, i) {
                return None;
            }
            if can_open && !can_close {
                // A `’` that opens is too often an elided letter (`’em`) to trust.
                return (c != '’').then_some((false, Role::Open));
            }
            if can_close && !can_open && c != '‘' {
                let weak = n.is_some_and(char::is_whitespace)
                    && chars.get(i + 2).is_some_and(|x| x.1.is_lowercase());
                return Some((false, if weak { Role::WeakClose } else { Role::Close }));
            }
            None
        }
        _ => None,
    }
}

/// Trim whitespace inside `start..end` and return the span, or None when nothing is left.
pub(super) fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| Span::new(start + lead, start + lead + t.len()))
}

/// The lines of `text` as `(start, end)` byte ranges without their line break, blank ones
/// skipped.
pub(super) fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            out.push((start, start + body.len()));
        }
        start += line.len();
    }
    out
}

/// Pair the quotation marks of `text` (see the module docs for the rules). The result is sorted
/// by `open`; no quote contains another.
pub fn find_marked_quotes(text: &str) -> Vec<MarkedQuote> {
    find_marked_quotes_in(text, &paragraphs(text))
}

/// [`find_marked_quotes`] over given paragraphs (`(start, end)` byte ranges, in text order),
/// e.g. those of hard-wrapped text joined over its soft breaks ([`reflow::paragraphs`]).
pub fn find_marked_quotes_in(text: &str, paras: &[(usize, usize)]) -> Vec<MarkedQuote> {
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut marks: Vec<Vec<(usize, usize, bool, Role)>> = Vec::with_capacity(paras.len());
    for &(s, e) in paras {
        chars.clear();
        chars.extend(text[s..e].char_indices().map(|(i, c)| (s + i, c)));
        let mut line_marks = Vec::new();
        for i in 0..chars.len() {
            if is_quotation_mark(chars[i].1) {
                if let Some((double, role)) = classify(&chars, i) {
                    line_marks.push((chars[i].0, chars[i].1.len_utf8(), double, role));
                }
            }
        }
        marks.push(line_marks);
    }

    let mut out: Vec<MarkedQuote> = Vec::new();
    // Doubles, with the multi-paragraph convention.
    let mut open: Option<(usize, usize)> = None; // (byte, mark length)
    for (p, line_marks) in marks.iter().enumerate() {
        let continued = open.is_some();
        for (k, &(pos, len, double, role)) in line_marks.iter().enumerate() {
            if !double || (continued && k == 0) {
                continue;
            }
            match (role, open) {
                (Role::Open | Role::Either, None) => open = Some((pos, len)),
                (Role::Open, Some(_)) => open = Some((pos, len)),
                (Role::Close | Role::Either | Role::WeakClose, Some((o, ol))) => {
                    if let Some(inner) = trimmed(text, o + ol, pos) {
                        out.push(MarkedQuote {
                            open: o,
                            outer_end: pos + len,
                            inner,
                            closed: true,
                            double: true,
                        });
                    }
                    open = None;
                }
                (Role::Close | Role::WeakClose, None) => {}
            }
        }
        if let Some((o, ol)) = open {
            let next_opens = marks.get(p + 1).is_some_and(|m| {
                m.first().is_some_and(|&(pos, _, double, role)| {
                    // The same style of mark: a straight block quote followed by a curly
                    // paragraph is a quote of a quote, not its continuation.
                    double
                        && matches!(role, Role::Open | Role::Either)
                        && (text.as_bytes()[pos] == b'"') == (text.as_bytes()[o] == b'"')
                        && text[paras[p + 1].0..pos].trim().is_empty()
                })
            });
            if !next_opens {
                let end = paras[p].1;
                if let Some(inner) = trimmed(text, o + ol, end) {
                    out.push(MarkedQuote {
                        open: o,
                        outer_end: end,
                        inner,
                        closed: false,
                        double: true,
                    });
                }
                open = None;
            }
        }
    }
    let doubles = out.len();
    // Singles, outside double quotes and within one paragraph.
    let mut d = 0;
    for line_marks in &marks {
        let mut open: Option<(usize, usize)> = None;
        // The first weak close, preferring one that does not look like `voters’ choice`.
        let mut weak: Option<(usize, usize)> = None;
        let mut poss: Option<(usize, usize)> = None;
        let emit = |o: (usize, usize), c: (usize, usize), out: &mut Vec<MarkedQuote>| {
            if let Some(inner) = trimmed(text, o.0 + o.1, c.0) {
                out.push(MarkedQuote {
                    open: o.0,
                    outer_end: c.0 + c.1,
                    inner,
                    closed: true,
                    double: false,
                });
            }
        };
        for &(pos, len, double, role) in line_marks {
            if double {
                continue;
            }
            while d < doubles && out[d].outer_end <= pos {
                d += 1;
            }
            if d < doubles && out[d].open <= pos {
                continue;
            }
            match role {
                Role::Open | Role::Either => {
                    if let (Some(o), Some(w)) = (open, weak.or(poss)) {
                        emit(o, w, &mut out);
                    }
                    open = Some((pos, len));
                    (weak, poss) = (None, None);
                }
                Role::Close => {
                    if let Some(o) = open.take() {
                        emit(o, (pos, len), &mut out);
                        (weak, poss) = (None, None);
                    }
                }
                Role::WeakClose => {
                    let plural = text[..pos].ends_with(['s', 'S']);
                    if open.is_some() && plural && poss.is_none() {
                        poss = Some((pos, len));
                    } else if open.is_some() && !plural && weak.is_none() {
                        weak = Some((pos, len));
                    }
                }
            }
        }
        if let (Some(o), Some(w)) = (open, weak.or(poss)) {
            emit(o, w, &mut out);
        }
    }
    // A single quote around a double one is an apostrophe mistaken for a mark: drop it.
    let (dbl, sgl) = out.split_at(doubles);
    let mut kept: Vec<MarkedQuote> = dbl.to_vec();
    kept.extend(sgl.iter().filter(|q| {
        let k = dbl.partition_point(|d| d.outer_end <= q.open);
        dbl.get(k).is_none_or(|d| d.open >= q.outer_end)
    }));
    kept.sort_by_key(|q| q.open);
    kept
}

/// The pieces of a quote that runs over paragraphs: each line's words without the
/// continuation marks and surrounding space.
pub(super) fn paragraph_parts(text: &str, toks: &[Token], inner: Span) -> Vec<Span> {
    let mut parts = Vec::new();
    for (at, end) in reflow::split_paragraphs(text, toks, inner) {
        let line = &text[at..end];
        let lead = line.len()
            - line
                .trim_start_matches(|c: char| c.is_whitespace() || is_quotation_mark(c))
                .len();
        let body =
            line[lead..].trim_end_matches(|c: char| c.is_whitespace() || is_quotation_mark(c));
        if !body.is_empty() {
            parts.push(Span::new(at + lead, at + lead + body.len()));
        }
    }
    if parts.is_empty() {
        parts.push(inner);
    }
    parts
}
