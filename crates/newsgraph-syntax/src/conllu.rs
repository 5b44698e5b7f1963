//! Reading and writing CoNLL-U (<https://universaldependencies.org/format.html>).
//!
//! A sentence keeps every line it was read with: comments, multiword-token lines (`1-2`), empty
//! nodes (`3.1`) and words, each with its ten columns, so writing it back gives the same text
//! and a parser only fills the columns it predicts. Malformed lines are errors naming the
//! source and line, never panics.

use crate::Error;
use std::fmt::Write;

/// The number of columns of a token line.
pub const COLUMNS: usize = 10;

/// Column numbers (0-based).
pub mod col {
    /// ID.
    pub const ID: usize = 0;
    /// FORM.
    pub const FORM: usize = 1;
    /// LEMMA.
    pub const LEMMA: usize = 2;
    /// UPOS.
    pub const UPOS: usize = 3;
    /// XPOS.
    pub const XPOS: usize = 4;
    /// FEATS.
    pub const FEATS: usize = 5;
    /// HEAD.
    pub const HEAD: usize = 6;
    /// DEPREL.
    pub const DEPREL: usize = 7;
    /// DEPS.
    pub const DEPS: usize = 8;
    /// MISC.
    pub const MISC: usize = 9;
}

/// What a token line's ID says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id {
    /// A syntactic word, numbered from 1.
    Word(u32),
    /// A multiword token spanning words `start..=end`.
    Range(u32, u32),
    /// An empty node `major.minor` (enhanced dependencies).
    Empty(u32, u32),
}

impl Id {
    fn parse(s: &str) -> Option<Id> {
        fn num(s: &str) -> Option<u32> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        if let Some((a, b)) = s.split_once('-') {
            let (a, b) = (num(a)?, num(b)?);
            return (a >= 1 && b >= a).then_some(Id::Range(a, b));
        }
        if let Some((a, b)) = s.split_once('.') {
            return Some(Id::Empty(num(a)?, num(b)?));
        }
        let n = num(s)?;
        (n >= 1).then_some(Id::Word(n))
    }
}

/// A token line: its ID and its ten columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The parsed ID column.
    pub id: Id,
    /// All ten columns as written (`_` for empty).
    pub cols: [String; COLUMNS],
}

/// One line of a sentence block.
// Nearly every line is a token: boxing rows to shrink comments would cost an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A `#` comment, without the newline.
    Comment(String),
    /// A token line.
    Token(Row),
}

/// A sentence: its lines in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comments and token lines as read.
    pub lines: Vec<Line>,
}

impl Sentence {
    /// The syntactic words' rows, in order.
    pub fn words(&self) -> impl Iterator<Item = &Row> {
        self.lines.iter().filter_map(|l| match l {
            Line::Token(r) if matches!(r.id, Id::Word(_)) => Some(r),
            _ => None,
        })
    }

    /// The syntactic words' rows, mutable, in order.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.lines.iter_mut().filter_map(|l| match l {
            Line::Token(r) if matches!(r.id, Id::Word(_)) => Some(r),
            _ => None,
        })
    }

    /// The forms of the syntactic words.
    pub fn forms(&self) -> Vec<&str> {
        self.words().map(|r| r.cols[col::FORM].as_str()).collect()
    }

    /// Append this sentence as CoNLL-U (lines, then a blank line).
    pub fn write_to(&self, out: &mut String) {
        for line in &self.lines {
            match line {
                Line::Comment(c) => out.push_str(c),
                Line::Token(r) => {
                    for (i, c) in r.cols.iter().enumerate() {
                        if i > 0 {
                            out.push('\t');
                        }
                        out.push_str(c);
                    }
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

fn err(origin: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Conllu {
        origin: origin.to_string(),
        line,
        message: message.into(),
    }
}

/// Parse one token line (`line` is its 1-based number, for errors).
fn parse_row(text: &str, origin: &str, line: usize) -> Result<Row, Error> {
    let mut cols: [String; COLUMNS] = Default::default();
    let mut n = 0;
    for (i, c) in text.split('\t').enumerate() {
        if i >= COLUMNS {
            return Err(err(origin, line, "more than 10 tab-separated columns"));
        }
        if c.is_empty() {
            return Err(err(origin, line, format!("column {} is empty", i + 1)));
        }
        cols[i] = c.to_string();
        n = i + 1;
    }
    if n != COLUMNS {
        return Err(err(
            origin,
            line,
            format!("{n} columns, expected 10 tab-separated"),
        ));
    }
    let id = Id::parse(&cols[col::ID])
        .ok_or_else(|| err(origin, line, format!("bad ID {:?}", cols[col::ID])))?;
    if let Id::Word(_) = id {
        let h = &cols[col::HEAD];
        if h != "_" && !h.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(origin, line, format!("bad HEAD {h:?}")));
        }
    }
    Ok(Row { id, cols })
}

/// Read every sentence of a CoNLL-U text. `origin` names the source in errors. Words must be
/// numbered 1, 2, 3, ... within each sentence; a final sentence without its blank line is kept.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut words = 0u32;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        if l.trim().is_empty() {
            if !cur.lines.is_empty() {
                if words == 0 {
                    return Err(err(origin, line, "sentence without words"));
                }
                out.push(std::mem::take(&mut cur));
                words = 0;
            }
            continue;
        }
        if l.starts_with('#') {
            if words > 0 {
                return Err(err(origin, line, "comment inside a sentence"));
            }
            cur.lines.push(Line::Comment(l.to_string()));
            continue;
        }
        let row = parse_row(l, origin, line)?;
        if let Id::Word(n) = row.id {
            if n != words + 1 {
                return Err(err(
                    origin,
                    line,
                    format!("word {n} where {} was expected", words + 1),
                ));
            }
            words = n;
        }
        cur.lines.push(Line::Token(row));
    }
    if !cur.lines.is_empty() {
        if words == 0 {
            return Err(err(
                origin,
                text.split('\n').count(),
                "sentence without words",
            ));
        }
        out.push(cur);
    }
    Ok(out)
}

/// Write sentences as CoNLL-U text.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        s.write_to(&mut out);
    }
    out
}

/// A sentence of plain words as CoNLL-U rows (IDs 1..n, other columns `_`), for writing the
/// parse of ordinary text.
pub fn from_words(words: &[&str], comments: &[String]) -> Sentence {
    let mut s = Sentence::default();
    for c in comments {
        let mut line = String::new();
        let _ = write!(line, "# {c}");
        s.lines.push(Line::Comment(line));
    }
    for (i, w) in words.iter().enumerate() {
        let mut cols: [String; COLUMNS] = Default::default();
        cols.iter_mut().for_each(|c| *c = "_".to_string());
        cols[col::ID] = (i + 1).to_string();
        cols[col::FORM] = w.to_string();
        s.lines.push(Line::Token(Row {
            id: Id::Word(i as u32 + 1),
            cols,
        }));
    }
    s
}

/// Gold annotation of one sentence, for training and scoring.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// Forms.
    pub forms: Vec<String>,
    /// Lemmas.
    pub lemmas: Vec<String>,
    /// UPOS strings.
    pub upos: Vec<String>,
    /// Heads (0 = root).
    pub heads: Vec<u32>,
    /// Relations, with subtypes.
    pub deprels: Vec<String>,
}

impl Gold {
    /// The gold columns of a sentence's words; `None` when a head is missing or out of range.
    pub fn of(s: &Sentence) -> Option<Gold> {
        let mut g = Gold::default();
        for r in s.words() {
            g.forms.push(r.cols[col::FORM].clone());
            g.lemmas.push(r.cols[col::LEMMA].clone());
            g.upos.push(r.cols[col::UPOS].clone());
            g.heads.push(r.cols[col::HEAD].parse().ok()?);
            g.deprels.push(r.cols[col::DEPREL].clone());
        }
        let n = g.forms.len() as u32;
        g.heads.iter().all(|&h| h <= n).then_some(g)
    }
}
