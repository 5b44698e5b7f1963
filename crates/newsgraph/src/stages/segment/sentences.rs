//! Sentences: lines split at terminals, pre-tokenized input detected, overlong sentences cut.

use super::*;

/// The most tokens one sentence may hold. Real sentences in news stay far below it; a line of
/// text with no sentence punctuation (a table, a dump, a list without stops) would otherwise
/// become one huge sentence, and the stages that look back and forth within a sentence would
/// slow down with its square.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Split over-long sentences into pieces of at most [`MAX_SENTENCE_TOKENS`] tokens, cutting
/// after the last comma, semicolon or colon of a piece where there is one.
pub(super) fn cap_sentences(
    text: &str,
    tokens: &[Token],
    sentences: Vec<Sentence>,
) -> Vec<Sentence> {
    if sentences
        .iter()
        .all(|s| s.token_range().len() <= MAX_SENTENCE_TOKENS)
    {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut a = s.first_token.ix();
        let end = s.end_token.ix();
        let mut first = true;
        while end - a > MAX_SENTENCE_TOKENS {
            let window = a + MAX_SENTENCE_TOKENS;
            let cut = (a + MAX_SENTENCE_TOKENS / 2..window)
                .rev()
                .find(|&i| {
                    matches!(
                        &text[tokens[i].span.start()..tokens[i].span.end()],
                        "," | ";" | ":"
                    )
                })
                .map_or(window, |i| i + 1);
            out.push(Sentence {
                span: Span::new(tokens[a].span.start(), tokens[cut - 1].span.end()),
                first_token: TokenIx(a as u32),
                end_token: TokenIx(cut as u32),
                paragraph_start: s.paragraph_start && first,
            });
            first = false;
            a = cut;
        }
        out.push(Sentence {
            span: Span::new(tokens[a].span.start(), s.span.end()),
            first_token: TokenIx(a as u32),
            end_token: s.end_token,
            paragraph_start: s.paragraph_start && first,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Lines and sentences

/// Token ranges `(first, end)` of the lines that have tokens.
pub(super) fn lines_of(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut a = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.line_start && i > a {
            lines.push((a, i));
            a = i;
        }
    }
    if a < tokens.len() {
        lines.push((a, tokens.len()));
    }
    lines
}

/// True for text whose punctuation stands apart from the words (`runs .`, `Somerset ,`), as in
/// CoNLL-style data with one sentence per line.
pub(super) fn looks_pretokenized(text: &str, tokens: &[Token]) -> bool {
    let mut spaced = 0usize;
    let mut attached = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Punct || t.line_start || i == 0 {
            continue;
        }
        let s = &text[t.span.start()..t.span.end()];
        if s != "." && s != "," {
            continue;
        }
        if tokens[i - 1].space_after {
            spaced += 1;
        } else {
            attached += 1;
        }
    }
    spaced > attached
}

pub(super) fn push_sentence(
    tokens: &[Token],
    out: &mut Vec<Sentence>,
    a: usize,
    b: usize,
    paragraph_start: bool,
) {
    if a >= b {
        return;
    }
    out.push(Sentence {
        span: Span {
            start: tokens[a].span.start,
            end: tokens[b - 1].span.end,
        },
        first_token: TokenIx(a as u32),
        end_token: TokenIx(b as u32),
        paragraph_start,
    });
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Terminal {
    /// `.`
    Period,
    /// `?`, `!`
    Strong,
    /// `…`, `...`
    Ellipsis,
    /// A word ending with its abbreviation period.
    Abbrev(AbbrevClass),
}

pub(super) fn terminal_of(s: &str, kind: TokenKind, data: &SegmentData) -> Option<Terminal> {
    match kind {
        TokenKind::Punct => match s {
            "." => Some(Terminal::Period),
            "?" | "!" | "\u{FF1F}" | "\u{FF01}" | "\u{3002}" | "\u{203C}" | "\u{2047}"
            | "\u{2048}" | "\u{2049}" => Some(Terminal::Strong),
            "\u{2026}" => Some(Terminal::Ellipsis),
            _ if s.len() >= 2 && s.bytes().all(|b| b == b'.') => Some(Terminal::Ellipsis),
            _ => None,
        },
        TokenKind::Word if s.len() >= 2 && s.ends_with('.') => Some(Terminal::Abbrev(
            data.abbreviation(s).unwrap_or(AbbrevClass::Any),
        )),
        _ => None,
    }
}

/// Tokens that may follow the end of a sentence without a space and belong to it.
pub(super) fn is_closer(s: &str, kind: TokenKind) -> bool {
    match kind {
        TokenKind::Quote => !is_opening_quote(s),
        TokenKind::Punct => matches!(s, ")" | "]" | "}" | "?" | "!" | "." | "\u{2026}"),
        _ => false,
    }
}

/// Split the tokens `a..b` of one line into sentences.
pub(super) fn split_line(
    text: &str,
    tokens: &[Token],
    a: usize,
    b: usize,
    data: &SegmentData,
    out: &mut Vec<Sentence>,
) {
    let tx = |i: usize| &text[tokens[i].span.start()..tokens[i].span.end()];
    let mut start = a;
    let mut i = a;
    while i < b {
        let Some(term) = terminal_of(tx(i), tokens[i].kind, data) else {
            i += 1;
            continue;
        };
        // Absorb closing quotes, brackets and more terminal marks glued to the end.
        let mut j = i + 1;
        while j < b && !tokens[j - 1].space_after && is_closer(tx(j), tokens[j].kind) {
            j += 1;
        }
        if j >= b {
            break;
        }
        if !tokens[j - 1].space_after {
            i = j;
            continue;
        }
        let next = tx(j);
        let c = first_char(next);
        // A sentence does not start with closing or continuing punctuation (`leaders. … Our`).
        // An attribution dash after a quotation (`.” ― Ana Ruiz`) also continues it.
        let continues = tokens[j].kind == TokenKind::Punct
            && (terminal_of(next, TokenKind::Punct, data).is_some()
                || is_dash(next)
                || matches!(next, "," | ";" | ":" | ")" | "]" | "}" | "%"));
        let split = !continues
            && match term {
                Terminal::Period | Terminal::Strong => !c.is_lowercase(),
                Terminal::Ellipsis => {
                    c.is_uppercase()
                        || (tokens[j].kind == TokenKind::Quote
                            && j + 1 < b
                            && first_char(tx(j + 1)).is_uppercase())
                }
                Terminal::Abbrev(AbbrevClass::Prefix) => false,
                Terminal::Abbrev(_) => tokens[j].kind == TokenKind::Word && data.is_starter(next),
            };
        if split {
            push_sentence(
                tokens,
                out,
                start,
                j,
                start == a || tokens[start].line_start,
            );
            start = j;
        }
        i = j;
    }
    push_sentence(
        tokens,
        out,
        start,
        b,
        start == a || tokens[start].line_start,
    );
}
