//! Segmentation: tokens, sentences and the dateline, the first stage of the pipeline.
//!
//! Reads [`Document::text`]; writes [`Document::tokens`], [`Document::sentences`] and
//! [`Document::dateline`]. Every later stage walks these layers and none re-tokenises, so the
//! tokenization contract is fixed here:
//!
//! - abbreviations keep their periods in one `Word` token (`U.S.`, `Mr.`, `Jan.`, initials `J.`);
//!   a sentence-final period is its own `Punct` token;
//! - a possessive `'s`/`’s` is its own `Word` token; other apostrophes stay inside (`don't`);
//! - hyphens and dashes are `Punct` tokens, `space_after` records whether whitespace follows;
//! - quotation marks are `Quote` tokens;
//! - sentences never cross a hard line break (in hard-wrapped text a break inside a paragraph
//!   reads as a space, see [`crate::reflow`]); a closing quote after `.` `?` `!` belongs to the
//!   sentence it closes; a dateline (`SEOUL, South Korea —`) opening the article body (the first
//!   line, or a later opening line after a headline, subhead or label) is recorded in
//!   [`Document::dateline`] and lies in no sentence; its tokens still exist.
//!
//! Why it is shaped so: speed and predictability. The tokenizer is one pass over the bytes with an
//! ASCII fast path and no regex; sentence splitting and dateline detection then work on the token
//! array. Word knowledge (abbreviations, sentence starters, labels that look like datelines) lives
//! in `data/` and is loaded once into hash sets ([`SegmentData`]). Input where tokens are already
//! separated by spaces, one sentence per line (CoNLL style), is detected from the spacing of its
//! punctuation, and then every line is exactly one sentence.
//!
//! The algorithm is the plain function [`segment`]; [`SegmentStage`] is the glue to the pipeline.

use crate::document::{Dateline, Document, Sentence, Span, Token, TokenIx, TokenKind};
use crate::error::{Error, Result};
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::collections::{HashMap, HashSet};

/// Resource file: abbreviations that keep their period, with their class.
pub const ABBREVIATIONS_FILE: &str = "abbreviations.txt";
/// Resource file: capitalised words that commonly start a sentence.
pub const STARTERS_FILE: &str = "segment/sentence_starters.txt";
/// Resource file: uppercase labels that look like a dateline's place but are not one.
pub const NOT_DATELINES_FILE: &str = "segment/not_datelines.txt";

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// Stands before a name (`Mr.`, `Gen.`): never ends a sentence.
    Prefix,
    /// Only an abbreviation before a number (`No. 2`).
    Number,
    /// May end a sentence when the next word is a common sentence starter (`Inc.`, `U.S.`).
    Any,
}

/// Word lists segmentation needs: abbreviations that do not end a sentence, sentence starters
/// and labels that are not datelines.
#[derive(Debug, Clone, Default)]
pub struct SegmentData {
    /// Abbreviations as written, period included.
    abbrevs: HashMap<String, AbbrevClass>,
    /// The same, uppercased, for all-caps text.
    abbrevs_upper: HashMap<String, AbbrevClass>,
    /// Capitalised words that open sentences.
    starters: HashSet<String>,
    /// First words of lines that look like datelines but are not.
    not_datelines: HashSet<String>,
    /// List markers for telling soft line breaks from hard ones in hard-wrapped text.
    pub reflow: crate::reflow::ReflowData,
}

impl SegmentData {
    /// Load from `data/`: [`ABBREVIATIONS_FILE`], [`STARTERS_FILE`], [`NOT_DATELINES_FILE`].
    pub fn load(data: &DataDir) -> Result<SegmentData> {
        let mut out = SegmentData::default();
        for row in data.tsv(ABBREVIATIONS_FILE)? {
            let abbr = row.get(0);
            if !abbr.ends_with('.') || abbr.len() < 2 || abbr.chars().any(char::is_whitespace) {
                return Err(Error::resource(
                    data.path_of(ABBREVIATIONS_FILE),
                    row.line,
                    format!("abbreviation `{abbr}` must be one word ending with a period"),
                ));
            }
            let class = match AbbrevClass::parse(row.get(1)) {
                Some(c) => c,
                None => {
                    return Err(Error::resource(
                        data.path_of(ABBREVIATIONS_FILE),
                        row.line,
                        format!(
                            "unknown abbreviation class `{}` (expected prefix, number or any)",
                            row.get(1)
                        ),
                    ))
                }
            };
            out.add_abbreviation(abbr, class);
        }
        out.starters = data.lines(STARTERS_FILE)?.into_iter().collect();
        out.not_datelines = data.lines(NOT_DATELINES_FILE)?.into_iter().collect();
        out.reflow = crate::reflow::ReflowData::load(data)?;
        Ok(out)
    }

    /// Add an abbreviation (period included) of the given class.
    pub fn add_abbreviation(&mut self, abbr: &str, class: AbbrevClass) {
        self.abbrevs.insert(abbr.to_string(), class);
        self.abbrevs_upper.insert(abbr.to_uppercase(), class);
    }

    /// Add a sentence starter.
    pub fn add_starter(&mut self, word: &str) {
        self.starters.insert(word.to_string());
    }

    /// The class of an abbreviation written `word` (period included), if it is one.
    pub fn abbreviation(&self, word: &str) -> Option<AbbrevClass> {
        if let Some(&c) = self.abbrevs.get(word) {
            return Some(c);
        }
        if word.chars().any(char::is_lowercase) {
            return None;
        }
        self.abbrevs_upper.get(word).copied()
    }

    /// True when `word` commonly opens a sentence.
    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }
}

impl AbbrevClass {
    fn parse(s: &str) -> Option<AbbrevClass> {
        match s {
            "" | "any" => Some(AbbrevClass::Any),
            "prefix" => Some(AbbrevClass::Prefix),
            "number" => Some(AbbrevClass::Number),
            _ => None,
        }
    }
}

/// The result of [`segment`]: the three layers segmentation provides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Segmented {
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// The dateline, when the article opens with one.
    pub dateline: Option<Dateline>,
}

/// Split `text` into tokens, sentences and the dateline.
pub fn segment(text: &str, data: &SegmentData) -> Segmented {
    segment_titled(text, data, None)
}

/// [`segment`], with the line breaks of hard-wrapped text inside a paragraph read as spaces
/// and the first paragraph left out of the sentences when it reads `title` (see
/// [`crate::reflow`]).
pub fn segment_titled(text: &str, data: &SegmentData, title: Option<&str>) -> Segmented {
    let mut tokens = tokenize(text, data);
    let conll = looks_pretokenized(text, &tokens);
    let title = crate::reflow::shape_tokens(text, &mut tokens, &data.reflow, title, conll);
    let lines = lines_of(&tokens);
    let mut sentences = Vec::with_capacity(tokens.len() / 16 + 1);
    let mut dateline = None;
    let mut dateline_line = usize::MAX;
    let mut dateline_end = 0;
    if !conll {
        if let Some((li, end, d)) = find_dateline_in_opening(text, &tokens, &lines, data) {
            dateline_line = li;
            dateline_end = end;
            dateline = Some(d);
        }
    }
    for (li, &(a, b)) in lines.iter().enumerate() {
        let start = if li == dateline_line { dateline_end } else { a };
        if conll {
            push_sentence(&tokens, &mut sentences, start, b, true);
        } else {
            split_line(text, &tokens, start, b, data, &mut sentences);
        }
    }
    let mut sentences = cap_sentences(text, &tokens, sentences);
    crate::reflow::drop_title(&mut sentences, title);
    Segmented {
        tokens,
        sentences,
        dateline,
    }
}

/// The most tokens one sentence may hold. Real sentences in news stay far below it; a line of
/// text with no sentence punctuation (a table, a dump, a list without stops) would otherwise
/// become one huge sentence, and the stages that look back and forth within a sentence would
/// slow down with its square.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Split over-long sentences into pieces of at most [`MAX_SENTENCE_TOKENS`] tokens, cutting
/// after the last comma, semicolon or colon of a piece where there is one.
fn cap_sentences(text: &str, tokens: &[Token], sentences: Vec<Sentence>) -> Vec<Sentence> {
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

/// Split `text` into tokens only (see the module docs for the contract).
pub fn tokenize(text: &str, data: &SegmentData) -> Vec<Token> {
    let mut t = Tokenizer {
        text,
        bytes: text.as_bytes(),
        data,
        toks: Vec::with_capacity(text.len() / 5 + 1),
        line_start: true,
        single_open: false,
    };
    t.run();
    t.toks
}

// ---------------------------------------------------------------------------------------------
// Characters

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that are neither tokens nor whitespace: zero-width spaces, joiners, the BOM.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{FF02}'
            | '\u{300C}'
            | '\u{300D}'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Quotation marks that only ever open a quotation.
fn is_opening_quote(s: &str) -> bool {
    matches!(
        s,
        "\u{201C}" | "\u{2018}" | "\u{201E}" | "\u{201A}" | "\u{00AB}" | "\u{2039}" | "\u{300C}"
    )
}

fn is_dash(s: &str) -> bool {
    matches!(
        s,
        "\u{2014}" | "\u{2013}" | "\u{2015}" | "\u{2012}" | "-" | "--" | "---"
    )
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// The character at byte `i` (which must be a char boundary) and its length.
#[inline]
fn char_at(text: &str, bytes: &[u8], i: usize) -> (char, usize) {
    let b = bytes[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => (' ', 1),
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

struct Tokenizer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    data: &'a SegmentData,
    toks: Vec<Token>,
    /// The next token starts a line.
    line_start: bool,
    /// A single quotation mark is open on this line (so `’` after `s` closes it).
    single_open: bool,
}

impl Tokenizer<'_> {
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.toks.push(Token {
            span: Span::new(start, end),
            kind,
            space_after: false,
            line_start: self.line_start,
        });
        self.line_start = false;
    }

    fn mark_space(&mut self) {
        if let Some(t) = self.toks.last_mut() {
            t.space_after = true;
        }
    }

    fn char_at(&self, i: usize) -> Option<char> {
        (i < self.bytes.len()).then(|| char_at(self.text, self.bytes, i).0)
    }

    /// True when the previous token ends exactly at `i` and is a word or number.
    fn word_ends_at(&self, i: usize) -> bool {
        self.toks.last().is_some_and(|t| {
            t.span.end() == i && matches!(t.kind, TokenKind::Word | TokenKind::Number)
        })
    }

    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            let b = self.bytes[i];
            // ASCII fast path: most of the text.
            if b < 0x80 {
                match b {
                    b' ' | b'\t' => self.mark_space(),
                    b'\n' | b'\r' | 0x0B | 0x0C => {
                        self.mark_space();
                        self.line_start = true;
                        self.single_open = false;
                    }
                    _ if b.is_ascii_alphanumeric() => {
                        i = self.word(i);
                        continue;
                    }
                    b'"' | b'\'' | b'`' => {
                        i = self.quote(i, b as char, 1);
                        continue;
                    }
                    b'.' | b'-' => {
                        let mut j = i + 1;
                        while j < n && self.bytes[j] == b {
                            j += 1;
                        }
                        self.push(i, j, TokenKind::Punct);
                        i = j;
                        continue;
                    }
                    // Other control characters count as space.
                    _ if b < 0x20 || b == 0x7F => self.mark_space(),
                    _ => self.push(i, i + 1, TokenKind::Punct),
                }
                i += 1;
                continue;
            }
            let (c, len) = char_at(self.text, self.bytes, i);
            if is_line_break(c) {
                self.mark_space();
                self.line_start = true;
                self.single_open = false;
                i += len;
            } else if c.is_whitespace() {
                self.mark_space();
                i += len;
            } else if is_ignorable(c) {
                i += len;
            } else if is_quote_char(c) {
                i = self.quote(i, c, len);
            } else if is_word_char(c) {
                i = self.word(i);
            } else {
                self.push(i, i + len, TokenKind::Punct);
                i += len;
            }
        }
    }

    /// A quotation mark or apostrophe at `i`; returns where scanning goes on.
    fn quote(&mut self, i: usize, c: char, len: usize) -> usize {
        let after = i + len;
        let next = self.char_at(after);
        let glued = self.word_ends_at(i);
        // A possessive the word scanner could not see: after a period (`U.S.’s`) or standing
        // alone in pre-tokenized text (`Japan 's`).
        if is_apostrophe(c)
            && matches!(next, Some('s' | 'S'))
            && !self.char_at(after + 1).is_some_and(is_word_char)
            && self
                .toks
                .last()
                .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        {
            self.push(i, after + 1, TokenKind::Word);
            return after + 1;
        }
        if is_apostrophe(c) && glued {
            // Plural possessive `allies’` unless a single quotation is open.
            let prev_s = self
                .toks
                .last()
                .is_some_and(|t| self.text[t.span.start()..t.span.end()].ends_with(['s', 'S']));
            if prev_s && !self.single_open && !next.is_some_and(is_word_char) {
                self.push(i, after, TokenKind::Word);
                return after;
            }
        }
        match c {
            '\u{2018}' | '\u{201A}' => self.single_open = true,
            '\u{2019}' => self.single_open = false,
            '\'' => {
                // Opens before a word when not glued to one; anything else closes.
                self.single_open = !glued && next.is_some_and(is_word_char);
            }
            _ => {}
        }
        self.push(i, after, TokenKind::Quote);
        after
    }

    /// A word or number starting at `start`; returns where scanning goes on.
    fn word(&mut self, start: usize) -> usize {
        let n = self.bytes.len();
        let mut j = start;
        let mut prev = ' ';
        let mut seg = 0usize; // letters since the last inner period
        let mut inner_dot = false;
        let mut numeric = true;
        let mut last_apos: Option<usize> = None;
        while j < n {
            let b = self.bytes[j];
            if b.is_ascii_alphanumeric() {
                numeric &= b.is_ascii_digit();
                seg += 1;
                prev = b as char;
                j += 1;
                continue;
            }
            let (c, len) = char_at(self.text, self.bytes, j);
            if is_word_char(c) {
                if !c.is_ascii_digit() {
                    numeric = false;
                }
                seg += 1;
                prev = c;
                j += len;
                continue;
            }
            let next = self.char_at(j + len);
            match c {
                '\'' | '\u{2019}'
                    if prev.is_alphabetic() && next.is_some_and(char::is_alphabetic) =>
                {
                    numeric = false;
                    last_apos = Some(j);
                }
                '.' if prev.is_ascii_digit()
                    && numeric
                    && next.is_some_and(|c| c.is_ascii_digit()) => {}
                '.' if prev.is_alphabetic()
                    && seg <= 2
                    && next.is_some_and(char::is_alphabetic)
                    && self.letters_from(j + 1) <= 2 =>
                {
                    inner_dot = true;
                    seg = 0;
                }
                ',' if prev.is_ascii_digit()
                    && numeric
                    && next.is_some_and(|c| c.is_ascii_digit()) => {}
                _ => break,
            }
            prev = c;
            j += len;
        }
        let end = j;
        if let Some(a) = last_apos {
            let tail = &self.text[a..end];
            if a > start && matches!(tail, "'s" | "'S" | "\u{2019}s" | "\u{2019}S") {
                self.push(start, a, TokenKind::Word);
                self.push(a, end, TokenKind::Word);
                return end;
            }
        }
        let kind = if numeric {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        let period_follows =
            end < n && self.bytes[end] == b'.' && !(end + 1 < n && self.bytes[end + 1] == b'.');
        if period_follows && !numeric && self.keeps_period(start, end, inner_dot) {
            self.push(start, end + 1, TokenKind::Word);
            return end + 1;
        }
        self.push(start, end, kind);
        end
    }

    /// Alphabetic characters from `i` up to the next other character.
    fn letters_from(&self, i: usize) -> usize {
        self.text
            .get(i..)
            .map(|s| s.chars().take_while(|c| c.is_alphabetic()).take(3).count())
            .unwrap_or(0)
    }

    /// Whether the period after the word `start..end` belongs to it (an abbreviation).
    fn keeps_period(&self, start: usize, end: usize, inner_dot: bool) -> bool {
        if inner_dot {
            return true;
        }
        let word = &self.text[start..end];
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_uppercase() {
                return true; // an initial
            }
        }
        match self.data.abbreviation(&self.text[start..end + 1]) {
            None => false,
            Some(AbbrevClass::Number) => {
                // Only before a number on the same line: `No. 2`.
                let rest = &self.text[end + 1..];
                let rest = rest.trim_start_matches([' ', '\t', '\u{A0}']);
                rest.starts_with(|c: char| c.is_ascii_digit())
            }
            Some(_) => true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lines and sentences

/// Token ranges `(first, end)` of the lines that have tokens.
fn lines_of(tokens: &[Token]) -> Vec<(usize, usize)> {
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
fn looks_pretokenized(text: &str, tokens: &[Token]) -> bool {
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

fn push_sentence(
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
enum Terminal {
    /// `.`
    Period,
    /// `?`, `!`
    Strong,
    /// `…`, `...`
    Ellipsis,
    /// A word ending with its abbreviation period.
    Abbrev(AbbrevClass),
}

fn terminal_of(s: &str, kind: TokenKind, data: &SegmentData) -> Option<Terminal> {
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
fn is_closer(s: &str, kind: TokenKind) -> bool {
    match kind {
        TokenKind::Quote => !is_opening_quote(s),
        TokenKind::Punct => matches!(s, ")" | "]" | "}" | "?" | "!" | "." | "\u{2026}"),
        _ => false,
    }
}

/// Split the tokens `a..b` of one line into sentences.
fn split_line(
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

// ---------------------------------------------------------------------------------------------
// Datelines

/// Look for a dateline at the start of the article body: on the first line, or on a later one of
/// the first [`DATELINE_LINES`] lines when only short lines (headline, subhead, byline, section
/// labels like `ABSTRACT.`) come before it. Returns the line index, the first token after the
/// dateline's dash, and the dateline.
fn find_dateline_in_opening(
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
const DATELINE_LINES: usize = 6;
/// Lines longer than this (in tokens) are body paragraphs, not headlines or labels.
const HEADING_MAX_TOKENS: usize = 60;
/// The most words a dateline's uppercase place may have (`SALT LAKE CITY`).
const DATELINE_PLACE_WORDS: usize = 4;

/// True for a word with letters and no lowercase letter (`SEOUL`, `ST.`, `U.S.`).
fn is_caps_word(s: &str) -> bool {
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
fn dateline_at(
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

// ---------------------------------------------------------------------------------------------
// Stage

/// Splits text into tokens and sentences and recognises the dateline.
pub struct SegmentStage {
    data: SegmentData,
}

impl SegmentStage {
    /// Build from resources.
    pub fn new(res: &Resources) -> SegmentStage {
        SegmentStage {
            data: res.segment.clone(),
        }
    }

    /// Build from segmentation data alone.
    pub fn from_data(data: SegmentData) -> SegmentStage {
        SegmentStage { data }
    }
}

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &[LayerKind] {
        &[]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        let seg = segment_titled(&doc.text, &self.data, doc.meta.title.as_deref());
        doc.tokens = Some(seg.tokens);
        doc.sentences = Some(seg.sentences);
        doc.dateline = seg.dateline;
        Ok(())
    }
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    #[test]
    fn overlong_line_is_cut_into_bounded_sentences() {
        let data = SegmentData::load(&DataDir::from_env()).expect("segment data");
        let text = "word and, ".repeat(300);
        let seg = segment(&text, &data);
        assert!(seg.sentences.len() >= 4);
        let mut next = seg.sentences[0].first_token.ix();
        for s in &seg.sentences {
            assert!(s.token_range().len() <= MAX_SENTENCE_TOKENS);
            assert_eq!(
                s.first_token.ix(),
                next,
                "pieces cover every token in order"
            );
            next = s.end_token.ix();
            // Cuts fall after a comma.
            assert!(text[..s.span.end()].ends_with(',') || s.span.end() == text.trim_end().len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn data() -> &'static SegmentData {
        static DATA: OnceLock<SegmentData> = OnceLock::new();
        DATA.get_or_init(|| SegmentData::load(&DataDir::from_env()).expect("segment data loads"))
    }

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, data())
            .iter()
            .map(|t| &text[t.span.start()..t.span.end()])
            .collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        segment(text, data())
            .sentences
            .iter()
            .map(|s| &text[s.span.start()..s.span.end()])
            .collect()
    }

    fn dateline(text: &str) -> Option<(String, String)> {
        segment(text, data()).dateline.map(|d| {
            (
                text[d.span.start()..d.span.end()].to_string(),
                d.place.clone(),
            )
        })
    }

    #[test]
    fn tokens_split_punctuation_and_keep_abbreviations() {
        assert_eq!(
            toks("Mr. Smith went to Washington, D.C., on Jan. 5."),
            vec![
                "Mr.",
                "Smith",
                "went",
                "to",
                "Washington",
                ",",
                "D.C.",
                ",",
                "on",
                "Jan.",
                "5",
                "."
            ]
        );
        assert_eq!(
            toks("the U.S.-led order"),
            vec!["the", "U.S.", "-", "led", "order"]
        );
    }

    #[test]
    fn tokens_possessive_split_contraction_kept() {
        assert_eq!(
            toks("China’s view, Kim's plan, don't go"),
            vec!["China", "’s", "view", ",", "Kim", "'s", "plan", ",", "don't", "go"]
        );
        assert_eq!(toks("the U.S.’s role"), vec!["the", "U.S.", "’s", "role"]);
    }

    #[test]
    fn tokens_pretokenized_possessive_is_one_word() {
        let text = "Japan 's team";
        let t = tokenize(text, data());
        assert_eq!(toks(text), vec!["Japan", "'s", "team"]);
        assert_eq!(t[1].kind, TokenKind::Word);
        assert_eq!(
            toks("She said 'so' twice"),
            vec!["She", "said", "'", "so", "'", "twice"]
        );
    }

    #[test]
    fn tokens_plural_possessive_apostrophe_is_a_word() {
        let text = "the allies’ summit";
        let t = tokenize(text, data());
        assert_eq!(toks(text), vec!["the", "allies", "’", "summit"]);
        assert_eq!(t[2].kind, TokenKind::Word);
    }

    #[test]
    fn tokens_hyphens_are_punct_without_space() {
        let text = "Yoon Suk-yeol and 75-year-old";
        let t = tokenize(text, data());
        assert_eq!(
            toks(text),
            vec!["Yoon", "Suk", "-", "yeol", "and", "75", "-", "year", "-", "old"]
        );
        assert!(!t[1].space_after && !t[2].space_after && t[3].space_after);
        assert_eq!(t[2].kind, TokenKind::Punct);
    }

    #[test]
    fn tokens_numbers_with_separators() {
        let text = "It rose 3.5% to $1,000,000 in 2024.";
        let t = tokenize(text, data());
        assert_eq!(
            toks(text),
            vec![
                "It",
                "rose",
                "3.5",
                "%",
                "to",
                "$",
                "1,000,000",
                "in",
                "2024",
                "."
            ]
        );
        assert_eq!(t[2].kind, TokenKind::Number);
        assert_eq!(t[6].kind, TokenKind::Number);
        assert_eq!(t[8].kind, TokenKind::Number);
    }

    #[test]
    fn tokens_quotes_and_dashes() {
        let text = "“Yes,” he said — and \"no\" -- maybe...";
        let t = tokenize(text, data());
        assert_eq!(
            toks(text),
            vec![
                "“", "Yes", ",", "”", "he", "said", "—", "and", "\"", "no", "\"", "--", "maybe",
                "..."
            ]
        );
        assert_eq!(t[0].kind, TokenKind::Quote);
        assert_eq!(t[3].kind, TokenKind::Quote);
        assert_eq!(t[6].kind, TokenKind::Punct);
    }

    #[test]
    fn tokens_initials_and_number_abbreviation() {
        assert_eq!(
            toks("J.K. Rowling met John F. Kennedy"),
            vec!["J.K.", "Rowling", "met", "John", "F.", "Kennedy"]
        );
        assert_eq!(toks("No. 2 and no."), vec!["No.", "2", "and", "no", "."]);
    }

    #[test]
    fn tokens_line_start_and_space_after() {
        let text = "One two\r\nThree";
        let t = tokenize(text, data());
        assert_eq!(toks(text), vec!["One", "two", "Three"]);
        assert!(t[0].line_start && !t[1].line_start && t[2].line_start);
        assert!(t[1].space_after && !t[2].space_after);
    }

    #[test]
    fn sentences_split_on_period_question_exclamation() {
        assert_eq!(
            sents("It rained. Was it cold? Yes! Very."),
            vec!["It rained.", "Was it cold?", "Yes!", "Very."]
        );
    }

    #[test]
    fn sentences_keep_title_and_month_abbreviations() {
        assert_eq!(
            sents("Mr. Lee and Dr. Park met Gen. Ahn on Sept. 3. Sen. Kim, Rep. Cho and Gov. Yi agreed."),
            vec![
                "Mr. Lee and Dr. Park met Gen. Ahn on Sept. 3.",
                "Sen. Kim, Rep. Cho and Gov. Yi agreed."
            ]
        );
        assert_eq!(
            sents("Lt. Col. Ito of Acme Inc. and Foo Corp. spoke. Bar Ltd. and Baz Co. did not."),
            vec![
                "Lt. Col. Ito of Acme Inc. and Foo Corp. spoke.",
                "Bar Ltd. and Baz Co. did not."
            ]
        );
        assert_eq!(
            sents("He lives on Elm St. near the U.K. border, vs. the rest, etc. and more."),
            vec!["He lives on Elm St. near the U.K. border, vs. the rest, etc. and more."]
        );
    }

    #[test]
    fn sentences_abbreviation_at_sentence_end_before_starter() {
        assert_eq!(
            sents("The talks were held in the U.S. The next day they left."),
            vec!["The talks were held in the U.S.", "The next day they left."]
        );
        assert_eq!(
            sents("Officials in the U.S. Army declined."),
            vec!["Officials in the U.S. Army declined."]
        );
        assert_eq!(
            sents("It makes chips, phones, etc. But profits fell."),
            vec!["It makes chips, phones, etc.", "But profits fell."]
        );
    }

    #[test]
    fn sentences_keep_initials() {
        assert_eq!(
            sents("John F. Kennedy met J.K. Rowling. She smiled."),
            vec!["John F. Kennedy met J.K. Rowling.", "She smiled."]
        );
    }

    #[test]
    fn sentences_keep_decimals_and_numbered_items() {
        assert_eq!(
            sents("Growth was 2.5 percent. It ranks No. 2 in Asia."),
            vec!["Growth was 2.5 percent.", "It ranks No. 2 in Asia."]
        );
    }

    #[test]
    fn sentences_ellipsis() {
        assert_eq!(
            sents("We waited… and waited... Then it came. Well ... maybe."),
            vec![
                "We waited… and waited...",
                "Then it came.",
                "Well ... maybe."
            ]
        );
    }

    #[test]
    fn sentences_ellipsis_between_quoted_sentences_joins_the_first() {
        assert_eq!(
            sents("“We met. … Our plan holds.” He left."),
            vec!["“We met. …", "Our plan holds.”", "He left."]
        );
    }

    #[test]
    fn sentences_quote_spanning_two_sentences() {
        assert_eq!(
            sents("“We are ready. We will act,” she said. Then she left."),
            vec![
                "“We are ready.",
                "We will act,” she said.",
                "Then she left."
            ]
        );
        assert_eq!(
            sents("He said: “It is over.” The crowd cheered."),
            vec!["He said: “It is over.”", "The crowd cheered."]
        );
        assert_eq!(
            sents("She said: \"It is over.\" The crowd cheered."),
            vec!["She said: \"It is over.\"", "The crowd cheered."]
        );
    }

    #[test]
    fn sentences_question_and_exclamation_in_quotes() {
        assert_eq!(
            sents("“Why now?” he asked. “Because!” she said. “Go!” Nobody moved."),
            vec![
                "“Why now?” he asked.",
                "“Because!” she said.",
                "“Go!”",
                "Nobody moved."
            ]
        );
    }

    #[test]
    fn sentences_end_with_question_or_exclamation_inside_quotes() {
        assert_eq!(
            sents("She asked: “Is it over?” The room fell silent. He shouted “Stop!” Nobody did."),
            vec![
                "She asked: “Is it over?”",
                "The room fell silent.",
                "He shouted “Stop!”",
                "Nobody did."
            ]
        );
        assert_eq!(
            sents("He asked \"why?\" and left. It ended!) Then quiet."),
            vec!["He asked \"why?\" and left.", "It ended!)", "Then quiet."]
        );
    }

    #[test]
    fn sentences_keep_attribution_dash_after_quote() {
        assert_eq!(
            sents("“We will vote. It matters.” ― Ana Ruiz"),
            vec!["“We will vote.", "It matters.” ― Ana Ruiz"]
        );
    }

    #[test]
    fn sentences_never_cross_lines_and_headline_is_own_sentence() {
        let text = "Leaders meet in Vilnius\r\nThe summit opened. It ended\nlate at night.\r\n";
        let s = segment(text, data());
        let got: Vec<&str> = s
            .sentences
            .iter()
            .map(|x| &text[x.span.start()..x.span.end()])
            .collect();
        assert_eq!(
            got,
            vec![
                "Leaders meet in Vilnius",
                "The summit opened.",
                "It ended",
                "late at night."
            ]
        );
        let starts: Vec<bool> = s.sentences.iter().map(|x| x.paragraph_start).collect();
        assert_eq!(starts, vec![true, true, false, true]);
    }

    #[test]
    fn sentences_lowercase_after_period_does_not_split() {
        assert_eq!(
            sents("The approx. total was high. Markets fell."),
            vec!["The approx. total was high.", "Markets fell."]
        );
    }

    #[test]
    fn dateline_simple_forms() {
        assert_eq!(
            dateline("SEOUL, South Korea — Key allies met on Monday."),
            Some(("SEOUL, South Korea —".into(), "SEOUL, South Korea".into()))
        );
        assert_eq!(
            dateline("WASHINGTON (news agencies) — Leaders met."),
            Some(("WASHINGTON (news agencies) —".into(), "WASHINGTON".into()))
        );
        assert_eq!(
            dateline("WASHINGTON — Leaders met."),
            Some(("WASHINGTON —".into(), "WASHINGTON".into()))
        );
        assert_eq!(
            dateline("LONDON (Reuters) - Shares fell."),
            Some(("LONDON (Reuters) -".into(), "LONDON".into()))
        );
        assert_eq!(
            dateline("NEW YORK, March 3 (AP) — Stocks rose."),
            Some(("NEW YORK, March 3 (AP) —".into(), "NEW YORK".into()))
        );
        assert_eq!(
            dateline("KYIV, Ukraine – Sirens sounded overnight."),
            Some(("KYIV, Ukraine –".into(), "KYIV, Ukraine".into()))
        );
        assert_eq!(
            dateline("WASHINGTON, D.C. — Talks began."),
            Some(("WASHINGTON, D.C. —".into(), "WASHINGTON, D.C.".into()))
        );
    }

    #[test]
    fn dateline_more_forms() {
        assert_eq!(
            dateline("ST. LOUIS (AP) — Storms hit."),
            Some(("ST. LOUIS (AP) —".into(), "ST. LOUIS".into()))
        );
        assert_eq!(
            dateline("BEIJING, Nov. 5 (Xinhua) -- Trade grew."),
            Some(("BEIJING, Nov. 5 (Xinhua) --".into(), "BEIJING".into()))
        );
        assert_eq!(
            dateline("WASHINGTON—Four countries met."),
            Some(("WASHINGTON—".into(), "WASHINGTON".into()))
        );
        assert_eq!(
            dateline("UNITED NATIONS (AP) — The council voted."),
            Some(("UNITED NATIONS (AP) —".into(), "UNITED NATIONS".into()))
        );
        assert_eq!(
            dateline("WINSTON-SALEM, N.C. — Votes were counted."),
            Some(("WINSTON-SALEM, N.C. —".into(), "WINSTON-SALEM, N.C.".into()))
        );
    }

    #[test]
    fn dateline_rejects_headline_with_dash() {
        assert_eq!(dateline("NATO - Allies meet in Vilnius\nThey met."), None);
    }

    #[test]
    fn dateline_is_outside_every_sentence() {
        let text = "SEOUL, South Korea — Key allies met. They agreed.";
        let s = segment(text, data());
        let d = s.dateline.expect("dateline");
        let got: Vec<&str> = s
            .sentences
            .iter()
            .map(|x| &text[x.span.start()..x.span.end()])
            .collect();
        assert_eq!(got, vec!["Key allies met.", "They agreed."]);
        assert!(s.sentences.iter().all(|x| !x.span.overlaps(d.span)));
        assert!(s.sentences[0].paragraph_start);
        assert_eq!(
            &text[d.place_span.start()..d.place_span.end()],
            "SEOUL, South Korea"
        );
        assert_eq!(s.tokens[0].span, Span::new(0, 5));
    }

    #[test]
    fn dateline_on_second_line_after_headline() {
        let text = "Allies grow closer\nWASHINGTON — Four countries met.\nMore later.";
        let s = segment(text, data());
        assert_eq!(
            s.dateline.as_ref().map(|d| d.place.as_str()),
            Some("WASHINGTON")
        );
        let got: Vec<&str> = s
            .sentences
            .iter()
            .map(|x| &text[x.span.start()..x.span.end()])
            .collect();
        assert_eq!(
            got,
            vec!["Allies grow closer", "Four countries met.", "More later."]
        );
    }

    #[test]
    fn dateline_after_headline_subhead_and_labels() {
        let text = "Leaders weigh new plans.\n\nAfter the vote, the bloc looks inward.\n\nFULL TEXT.\n\nBRUSSELS - Leaders met Friday.";
        assert_eq!(
            dateline(text),
            Some(("BRUSSELS -".into(), "BRUSSELS".into()))
        );
        assert_eq!(
            dateline("Headline here.\nHEMPSTEAD, N.Y., Sept. 26 (UPI) — A candidate spoke."),
            Some((
                "HEMPSTEAD, N.Y., Sept. 26 (UPI) —".into(),
                "HEMPSTEAD, N.Y.".into()
            ))
        );
        assert_eq!(
            dateline("WASHINGTON (AP) — The latest on the race (all times EDT):\nMore."),
            Some(("WASHINGTON (AP) —".into(), "WASHINGTON".into()))
        );
    }

    #[test]
    fn dateline_not_after_a_body_paragraph_or_late_in_the_text() {
        let long = "word ".repeat(70);
        assert_eq!(
            dateline(&format!("{long}end.\nWASHINGTON — Four countries met.")),
            None
        );
        assert_eq!(
            dateline("A.\nB.\nC.\nD.\nE.\nF.\nWASHINGTON — Four countries met."),
            None
        );
        assert_eq!(
            dateline(
                "Oz faces critics.\nCONGRESS HAS INVESTIGATED HIM TWICE — Oz went to a hearing."
            ),
            None
        );
    }

    #[test]
    fn dateline_rejects_ordinary_openings() {
        assert_eq!(dateline("NATO said it would expand."), None);
        assert_eq!(dateline("The US-China talks - which failed - ended."), None);
        assert_eq!(dateline("US-China talks resumed."), None);
        assert_eq!(dateline("NATO — the alliance — grew."), None);
        assert_eq!(dateline("FILE — A photo of the summit."), None);
        assert_eq!(dateline("Seoul — Allies met."), None);
        assert_eq!(
            dateline("SOCCER - JAPAN GET LUCKY WIN , CHINA LOSE ."),
            None
        );
    }

    #[test]
    fn conll_lines_are_one_sentence_each() {
        let text = "Leicestershire beat Somerset by an innings and 39 runs . Mr. Smith played .\n\
                    SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\n\
                    LONDON 1996-08-30\n";
        let s = segment(text, data());
        let got: Vec<&str> = s
            .sentences
            .iter()
            .map(|x| &text[x.span.start()..x.span.end()])
            .collect();
        assert_eq!(
            got,
            vec![
                "Leicestershire beat Somerset by an innings and 39 runs . Mr. Smith played .",
                "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
                "LONDON 1996-08-30"
            ]
        );
        assert!(s.dateline.is_none());
    }

    #[test]
    fn segment_handles_degenerate_inputs() {
        for text in [
            "",
            " ",
            "\n\n",
            ".",
            "“",
            "'",
            "...",
            "?!?!",
            "— —",
            "\r\n\r\n.",
        ] {
            let s = segment(text, data());
            check_invariants(text, &s);
        }
        assert!(segment("", data()).sentences.is_empty());
    }

    #[test]
    fn stage_fills_layers() {
        let mut doc = Document::new("WASHINGTON — It works.".into(), Default::default());
        SegmentStage::from_data(data().clone())
            .run(&mut doc)
            .expect("runs");
        assert_eq!(doc.sentences().len(), 1);
        assert_eq!(doc.tokens().len(), 5);
        assert!(doc.dateline.is_some());
    }

    fn check_invariants(text: &str, s: &Segmented) {
        let mut prev_end = 0;
        for t in &s.tokens {
            let (a, b) = (t.span.start(), t.span.end());
            assert!(
                a < b && b <= text.len(),
                "token {a}..{b} out of {}",
                text.len()
            );
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            assert!(a >= prev_end, "tokens overlap or unsorted at {a}");
            prev_end = b;
        }
        let mut prev_end = 0;
        let mut prev_tok = 0;
        for x in &s.sentences {
            let (a, b) = (x.span.start(), x.span.end());
            assert!(a < b && b <= text.len());
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            assert!(a >= prev_end, "sentences overlap or unsorted");
            assert!(x.first_token.ix() >= prev_tok && x.first_token < x.end_token);
            prev_end = b;
            prev_tok = x.end_token.ix();
            // The token range covers exactly the tokens inside the span.
            let inside: Vec<usize> = (0..s.tokens.len())
                .filter(|&i| x.span.contains(s.tokens[i].span))
                .collect();
            assert_eq!(inside, x.token_range().collect::<Vec<_>>());
            assert!(
                crate::reflow::same_paragraph(text, &s.tokens, a, b),
                "sentence crosses a paragraph break"
            );
        }
        if let Some(d) = &s.dateline {
            assert!(d.span.contains(d.place_span));
            assert!(s.sentences.iter().all(|x| !x.span.overlaps(d.span)));
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn newsish() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("Mr.".to_string()),
                Just("U.S.".to_string()),
                Just("WASHINGTON".to_string()),
                Just(" — ".to_string()),
                Just("“".to_string()),
                Just("”".to_string()),
                Just("’s".to_string()),
                Just("'".to_string()),
                Just("\"".to_string()),
                Just(". ".to_string()),
                Just("...".to_string()),
                Just("…".to_string()),
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just(", ".to_string()),
                Just("(AP)".to_string()),
                Just("-".to_string()),
                Just("3.5".to_string()),
                "[A-Za-z]{1,8}",
                "[ ?!.]{1,3}",
                any::<char>().prop_map(String::from),
            ];
            prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn segment_invariants_hold_on_newsish_text(text in newsish()) {
                check_invariants(&text, &segment(&text, data()));
            }

            #[test]
            fn segment_invariants_hold_on_any_unicode(text in "\\PC{0,80}") {
                check_invariants(&text, &segment(&text, data()));
            }

            #[test]
            fn segment_invariants_hold_on_arbitrary_chars(chars in prop::collection::vec(any::<char>(), 0..60)) {
                let text: String = chars.into_iter().collect();
                check_invariants(&text, &segment(&text, data()));
            }
        }
    }
}
