//! Hard-wrapped text: which line breaks are inside a paragraph (soft) and which end one (hard).
//!
//! Plain-text news often comes wrapped at a fixed width (68 or 72 columns in e-mail, wire feeds
//! and archives). Read line by line, every wrapped line would be a sentence boundary and every
//! quotation would stop at the end of its first line. This pass looks at the text's shape and
//! classifies each single line break between two non-blank lines:
//!
//! - the text counts as hard-wrapped when its lines that run on into another line share a
//!   ceiling width `W` (at most [`MAX_WRAP_WIDTH`] characters), at least half of them are full
//!   (the next line's first word would not have fitted after them within `W`), and most full
//!   lines end mid-sentence (a list of one sentence a line is not wrapped text);
//! - in such text a break is **soft** when the next word would not have fitted (the wrapper
//!   broke the line, not the writer), unless the next line opens a list item (a marker from
//!   [`LIST_MARKERS_FILE`]), a dateline (`SEOUL, South Korea —`), or is indented deeper than a
//!   line that is not a list item;
//! - every other break is **hard**: blank lines, breaks in text that is not wrapped (one
//!   paragraph a line, as most news files are), form feeds and paragraph separators.
//!
//! The text itself is never changed: spans stay byte offsets into the original. Segmentation
//! clears [`Token::line_start`] on the first token after a soft break ([`join_soft_breaks`]),
//! so the break counts as a space; stages that look at paragraphs (quotations) ask the tokens
//! whether a newline is hard ([`hard_newline`], [`paragraphs`]). Text that is not wrapped has no
//! soft breaks, and reads exactly as it did without this pass.

use crate::data::DataDir;
use crate::document::{Sentence, Span, Token, TokenKind};
use crate::error::{Error, Result};
use std::borrow::Cow;

/// Resource file: markers that open a list item at the start of a line.
pub const LIST_MARKERS_FILE: &str = "segment/list_markers.txt";

/// The widest column a text may be wrapped at; lines longer than this are paragraphs of their own.
pub const MAX_WRAP_WIDTH: usize = 160;
/// The narrowest wrap width considered: below it, lines are verse, tables or lists.
pub const MIN_WRAP_WIDTH: usize = 24;
/// How many lines must have been broken by a wrapper before the text counts as wrapped.
const MIN_WRAPPED_LINES: usize = 2;

/// One piece of a list marker: literal text, a number of one or two digits, or one letter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Number,
    Letter,
}

/// Markers that open list items, loaded from [`LIST_MARKERS_FILE`].
#[derive(Debug, Clone, Default)]
pub struct ReflowData {
    markers: Vec<Vec<Piece>>,
}

impl ReflowData {
    /// Load from `data/` ([`LIST_MARKERS_FILE`]).
    pub fn load(data: &DataDir) -> Result<ReflowData> {
        let mut out = ReflowData::default();
        for (i, line) in data.lines(LIST_MARKERS_FILE)?.iter().enumerate() {
            out.add_marker(line).map_err(|m| {
                Error::resource(data.path_of(LIST_MARKERS_FILE), i + 1, m.to_string())
            })?;
        }
        Ok(out)
    }

    /// Add a marker written as in [`LIST_MARKERS_FILE`] (`{n}.`, `({a})`, `•`).
    pub fn add_marker(&mut self, marker: &str) -> std::result::Result<(), &'static str> {
        let mut pieces = Vec::new();
        let mut rest = marker;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("{n}") {
                pieces.push(Piece::Number);
                rest = r;
            } else if let Some(r) = rest.strip_prefix("{a}") {
                pieces.push(Piece::Letter);
                rest = r;
            } else {
                let end = rest
                    .char_indices()
                    .skip(1)
                    .find(|&(_, c)| c == '{')
                    .map_or(rest.len(), |(i, _)| i);
                let lit = &rest[..end];
                if lit.chars().any(char::is_whitespace) {
                    return Err("a list marker holds no whitespace");
                }
                pieces.push(Piece::Lit(lit.to_string()));
                rest = &rest[end..];
            }
        }
        if pieces.is_empty() {
            return Err("empty list marker");
        }
        self.markers.push(pieces);
        Ok(())
    }

    /// True when `line` (indentation already removed) opens with a list marker and a space.
    pub fn starts_list_item(&self, line: &str) -> bool {
        self.markers.iter().any(|m| {
            match_marker(m, line)
                .is_some_and(|n| line[n..].starts_with([' ', '\t']) && !line[n..].trim().is_empty())
        })
    }
}

/// The length of `marker` matched at the start of `s`.
fn match_marker(marker: &[Piece], s: &str) -> Option<usize> {
    let mut at = 0;
    for p in marker {
        let rest = &s[at..];
        match p {
            Piece::Lit(l) => {
                if !rest.starts_with(l.as_str()) {
                    return None;
                }
                at += l.len();
            }
            Piece::Number => {
                let n = rest.bytes().take_while(u8::is_ascii_digit).count();
                if !(1..=2).contains(&n) {
                    return None;
                }
                at += n;
            }
            Piece::Letter => {
                if !rest.starts_with(|c: char| c.is_ascii_lowercase()) {
                    return None;
                }
                at += 1;
            }
        }
    }
    Some(at)
}

/// One line of the text: its bytes without the break, and the break after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    start: usize,
    end: usize,
    /// One past the line break (equal to `end` for the last line).
    break_end: usize,
    /// The break may be soft: `\n`, `\r\n`, `\r` or U+2028, not a form feed or U+2029.
    plain_break: bool,
}

fn lines_of(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let (len, plain) = match c {
            '\r' if it.peek().is_some_and(|&(_, n)| n == '\n') => {
                it.next();
                (2, true)
            }
            '\n' | '\r' | '\u{2028}' => (c.len_utf8(), true),
            '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2029}' => (c.len_utf8(), false),
            _ => continue,
        };
        out.push(Line {
            start,
            end: i,
            break_end: i + len,
            plain_break: plain,
        });
        start = i + len;
    }
    out.push(Line {
        start,
        end: text.len(),
        break_end: text.len(),
        plain_break: false,
    });
    out
}

/// Width in characters, trailing whitespace left out (as a wrapper counts columns).
fn width(s: &str) -> usize {
    s.trim_end().chars().count()
}

fn indent(s: &str) -> usize {
    s.chars().take_while(|c| c.is_whitespace()).count()
}

/// Would `next`'s first word have fitted after `line` within `width` columns?
fn next_word_fits(line: &str, next: &str, wrap: usize) -> bool {
    let line = line.trim_end();
    let word = next.split_whitespace().next().unwrap_or("");
    // A wrapper that breaks after a hyphen (`well-` / `known`) puts no space between.
    let gap = usize::from(!ends_with_hyphen_break(line));
    width(line) + gap + word.chars().count() <= wrap
}

/// True when `line` ends with a hyphen glued to a letter (`Jong-`).
fn ends_with_hyphen_break(line: &str) -> bool {
    let mut rev = line.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// True when `s` opens with a dateline: an uppercase place, optional `, Region` or
/// `(Agency)`, then a spaced dash (`SEOUL, South Korea — `, `WASHINGTON (AP) - `).
pub fn starts_dateline(s: &str) -> bool {
    let s = s.trim_start();
    let place_end = s
        .find(|c: char| !(c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’')))
        .unwrap_or(s.len());
    let place = s[..place_end].trim_end();
    if place.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let mut rest = s[place.len()..].trim_start();
    if let Some(r) = rest.strip_prefix(',') {
        // `, South Korea` or `, March 3`: up to the dash, short and without a sentence stop.
        let Some(d) = r.find(['—', '–', '-']) else {
            return false;
        };
        if d > 40 || r[..d].contains(['.', ';', '"', '“']) {
            return false;
        }
        rest = &r[d..];
    } else if let Some(r) = rest.strip_prefix('(') {
        let Some(close) = r.find(')').filter(|&c| c <= 30) else {
            return false;
        };
        rest = r[close + 1..].trim_start();
    }
    ["—", "–", "--", "-"]
        .iter()
        .any(|d| rest.strip_prefix(d).is_some_and(|r| r.starts_with(' ')))
}

/// The wrap width of `text` when it looks hard-wrapped (see the module docs), else `None`.
pub fn wrap_width(text: &str) -> Option<usize> {
    let lines = lines_of(text);
    wrap_width_of(text, &lines)
}

fn wrap_width_of(text: &str, lines: &[Line]) -> Option<usize> {
    let body = |l: &Line| &text[l.start..l.end];
    // Lines that run on into a non-blank line: only these can have been broken by a wrapper.
    let runs_on: Vec<(&str, &str)> = lines
        .windows(2)
        .filter(|w| w[0].plain_break && !body(&w[0]).trim().is_empty())
        .filter(|w| !body(&w[1]).trim().is_empty())
        .map(|w| (body(&w[0]), body(&w[1])))
        .collect();
    let wrap = runs_on.iter().map(|(l, _)| width(l)).max()?;
    if !(MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&wrap) {
        return None;
    }
    let broken: Vec<&str> = runs_on
        .iter()
        .filter(|(l, n)| !next_word_fits(l, n, wrap))
        .map(|(l, _)| *l)
        .collect();
    // A wrapper breaks lines mid-sentence far more often than at a sentence's end; lines that
    // all end a sentence are one sentence a line, however alike their lengths.
    let mid = broken.iter().filter(|l| !ends_sentence(l)).count();
    (broken.len() >= MIN_WRAPPED_LINES
        && broken.len() * 2 >= runs_on.len()
        && mid * 2 >= broken.len())
    .then_some(wrap)
}

/// True when `line` ends with a sentence's final mark, possibly inside closing quotes or brackets.
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '?', '!', '…', ':'])
}

/// The line breaks of `text` that lie inside a paragraph, as spans of the break's bytes, in text
/// order. Empty when the text is not hard-wrapped.
pub fn soft_breaks(text: &str, data: &ReflowData) -> Vec<Span> {
    let lines = lines_of(text);
    let Some(wrap) = wrap_width_of(text, &lines) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for w in lines.windows(2) {
        let (line, next) = (&w[0], &w[1]);
        let (l, n) = (&text[line.start..line.end], &text[next.start..next.end]);
        if !line.plain_break || l.trim().is_empty() || n.trim().is_empty() {
            continue;
        }
        if next_word_fits(l, n, wrap) || opens_block(l, n, data) {
            continue;
        }
        out.push(Span::new(line.end, line.break_end));
    }
    out
}

/// True when the line `n` after `l` starts something new: a list item, a dateline, or a
/// paragraph indented deeper than `l` (unless `l` is a list item, whose continuation lines are
/// indented under its text).
fn opens_block(l: &str, n: &str, data: &ReflowData) -> bool {
    let body = n.trim_start();
    if data.starts_list_item(body) || starts_dateline(body) {
        return true;
    }
    indent(n) > indent(l) && !data.starts_list_item(l.trim_start())
}

/// Segmentation's step between tokenizing and splitting lines: the soft breaks of `text` become
/// spaces for `tokens` (none in pre-tokenized text, one sentence a line), and the span of the
/// first paragraph is returned when it reads `title`, to be kept out of the sentences.
pub fn shape_tokens(
    text: &str,
    tokens: &mut [Token],
    data: &ReflowData,
    title: Option<&str>,
    pretokenized: bool,
) -> Option<Span> {
    let soft = if pretokenized {
        Vec::new()
    } else {
        soft_breaks(text, data)
    };
    join_soft_breaks(text, tokens, &soft);
    title_span(text, title, &soft)
}

/// Make each soft break a space for the tokens: the first token after it no longer starts a
/// line, and a hyphen the wrapper broke after (`Jong-` / `un`) stays glued to the next word.
pub fn join_soft_breaks(text: &str, tokens: &mut [Token], soft: &[Span]) {
    for s in soft {
        let t = tokens.partition_point(|t| t.span.start < s.end);
        if t >= tokens.len() || t == 0 {
            continue;
        }
        // Only the first token of the very next line (a line of invisible characters has none).
        let gap = &text[s.end()..tokens[t].span.start()];
        if gap.contains(|c: char| is_break_char(c)) {
            continue;
        }
        tokens[t].line_start = false;
        let prev = &mut tokens[t - 1];
        if prev.kind == TokenKind::Punct
            && &text[prev.span.start()..prev.span.end()] == "-"
            && ends_with_hyphen_break(text[..s.start()].trim_end())
            && tokens[t].kind == TokenKind::Word
        {
            tokens[t - 1].space_after = false;
        }
    }
}

fn is_break_char(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The text as the matchers read it: every line break inside a sentence (a soft break of
/// hard-wrapped text; sentences never cross a hard one) read as a space, so that names match
/// over it (`North` / `Korea`). Only ASCII breaks are replaced, byte for byte, so every offset and
/// character boundary of `text` holds in the copy; without such breaks `text` itself is returned.
pub fn reading_text<'a>(text: &'a str, sentences: &[Sentence]) -> Cow<'a, str> {
    let inside = |s: &Sentence| text.as_bytes()[s.span.start()..s.span.end()].contains(&b'\n');
    if !sentences.iter().any(inside) {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for s in sentences {
        for b in &mut bytes[s.span.start()..s.span.end()] {
            if matches!(*b, b'\n' | b'\r') {
                *b = b' ';
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the copy is still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// `s` on one line: when it holds a line break (a name wrapped over two lines, `Anna` / `Varga`),
/// its words joined by single spaces; otherwise `s` as it is.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.contains(is_break_char) {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(s)
    }
}

/// True when the newline at byte `pos` ends a paragraph: the next token starts a line (a soft
/// break leaves the next token's [`Token::line_start`] unset), or no token follows.
pub fn hard_newline(tokens: &[Token], pos: usize) -> bool {
    let t = tokens.partition_point(|t| t.span.start() <= pos);
    tokens.get(t).is_none_or(|t| t.line_start)
}

/// True when no paragraph break lies between the byte offsets `a` and `b`.
pub fn same_paragraph(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    !text.as_bytes()[lo..hi]
        .iter()
        .enumerate()
        .any(|(i, &c)| c == b'\n' && hard_newline(tokens, lo + i))
}

/// The pieces of `span` between paragraph breaks, as byte ranges (breaks left out).
pub fn split_paragraphs(text: &str, tokens: &[Token], span: Span) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = span.start();
    for (i, c) in text[span.start()..span.end()].bytes().enumerate() {
        let p = span.start() + i;
        if c == b'\n' && hard_newline(tokens, p) {
            out.push((at, p));
            at = p + 1;
        }
    }
    out.push((at, span.end()));
    out
}

/// The span of `text`'s first paragraph (its first non-blank line, joined over the `soft`
/// breaks that follow it), trimmed.
pub fn first_paragraph(text: &str, soft: &[Span]) -> Option<Span> {
    let lead = text.len() - text.trim_start().len();
    let mut end = lead;
    loop {
        let rest = &text[end..];
        let line_end = end + rest.find(is_break_char).unwrap_or(rest.len());
        match soft.binary_search_by_key(&line_end, |s| s.start()) {
            Ok(i) => end = soft[i].end(),
            Err(_) => {
                end = line_end;
                break;
            }
        }
    }
    let first = text[lead..end].trim_end();
    (!first.is_empty()).then(|| Span::new(lead, lead + first.len()))
}

/// The span of `text`'s first paragraph when it reads `title` (whitespace runs compared as one
/// space): the headline that input took from the text (see `input::headline`), or a title the
/// text repeats as its first line.
pub fn title_span(text: &str, title: Option<&str>, soft: &[Span]) -> Option<Span> {
    let title = title?;
    let first = first_paragraph(text, soft)?;
    let words = text[first.start()..first.end()].split_whitespace();
    words.eq(title.split_whitespace()).then_some(first)
}

/// Leave out of `sentences` those that lie inside the title line: the title is not a sentence
/// of the body (the title's tokens still exist, like the dateline's).
pub fn drop_title(sentences: &mut Vec<Sentence>, title: Option<Span>) {
    if let Some(t) = title {
        sentences.retain(|s| !t.contains(s.span));
    }
}

/// The paragraphs of a segmented text as `(start, end)` byte ranges without their line breaks:
/// its lines, blank ones skipped, joined over soft breaks; a line that no sentence reaches (a
/// title kept out of the body) is left out. Without soft breaks and a title these are exactly
/// the text's non-blank lines.
pub fn paragraphs(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let (s, e) = (start, start + body.len());
        start += line.len();
        if body.trim().is_empty() {
            continue;
        }
        let t = tokens.partition_point(|t| t.span.start() < s);
        let joined = tokens
            .get(t)
            .is_some_and(|t| t.span.start() < e && !t.line_start);
        match out.last_mut() {
            Some(last) if joined && s > 0 => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    if !sentences.is_empty() {
        out.retain(|&(s, e)| {
            let i = sentences.partition_point(|x| x.span.end() <= s);
            sentences.get(i).is_some_and(|x| x.span.start() < e)
        });
    }
    out
}

#[cfg(test)]
mod tests;
