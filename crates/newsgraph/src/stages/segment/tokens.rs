//! Tokens: one pass over the bytes with an ASCII fast path (see the stage's docs for the
//! tokenization contract).

use super::*;

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

pub(super) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that are neither tokens nor whitespace: zero-width spaces, joiners, the BOM.
pub(super) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

pub(super) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

pub(super) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Quotation marks that only ever open a quotation.
pub(super) fn is_opening_quote(s: &str) -> bool {
    matches!(
        s,
        "\u{201C}" | "\u{2018}" | "\u{201E}" | "\u{201A}" | "\u{00AB}" | "\u{2039}" | "\u{300C}"
    )
}

pub(super) fn is_dash(s: &str) -> bool {
    matches!(
        s,
        "\u{2014}" | "\u{2013}" | "\u{2015}" | "\u{2012}" | "-" | "--" | "---"
    )
}

pub(super) fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// The character at byte `i` (which must be a char boundary) and its length.
#[inline]
pub(super) fn char_at(text: &str, bytes: &[u8], i: usize) -> (char, usize) {
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

pub(super) struct Tokenizer<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) data: &'a SegmentData,
    pub(super) toks: Vec<Token>,
    /// The next token starts a line.
    pub(super) line_start: bool,
    /// A single quotation mark is open on this line (so `’` after `s` closes it).
    pub(super) single_open: bool,
}

impl Tokenizer<'_> {
    pub(super) fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.toks.push(Token {
            span: Span::new(start, end),
            kind,
            space_after: false,
            line_start: self.line_start,
        });
        self.line_start = false;
    }

    pub(super) fn mark_space(&mut self) {
        if let Some(t) = self.toks.last_mut() {
            t.space_after = true;
        }
    }

    pub(super) fn char_at(&self, i: usize) -> Option<char> {
        (i < self.bytes.len()).then(|| char_at(self.text, self.bytes, i).0)
    }

    /// True when the previous token ends exactly at `i` and is a word or number.
    pub(super) fn word_ends_at(&self, i: usize) -> bool {
        self.toks.last().is_some_and(|t| {
            t.span.end() == i && matches!(t.kind, TokenKind::Word | TokenKind::Number)
        })
    }

    pub(super) fn run(&mut self) {
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
            } else if crate::text::is_quotation_mark(c) {
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
    pub(super) fn quote(&mut self, i: usize, c: char, len: usize) -> usize {
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
    pub(super) fn word(&mut self, start: usize) -> usize {
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
    pub(super) fn letters_from(&self, i: usize) -> usize {
        self.text
            .get(i..)
            .map(|s| s.chars().take_while(|c| c.is_alphabetic()).take(3).count())
            .unwrap_or(0)
    }

    /// Whether the period after the word `start..end` belongs to it (an abbreviation).
    pub(super) fn keeps_period(&self, start: usize, end: usize, inner_dot: bool) -> bool {
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
