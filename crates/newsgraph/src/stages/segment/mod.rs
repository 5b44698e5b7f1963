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
//! - quotation marks (the one set in [`crate::text::marks`]) are `Quote` tokens;
//! - sentences never cross a hard line break (in hard-wrapped text a break inside a paragraph
//!   reads as a space, see [`reflow`]); a closing quote after `.` `?` `!` belongs to the
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

use crate::data::DataDir;
use crate::document::{Dateline, Document, Sentence, Span, Token, TokenIx, TokenKind};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

mod dateline;
pub mod reflow;
mod sentences;
mod tokens;

use dateline::*;
pub use sentences::*;
pub use tokens::*;

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
    pub reflow: reflow::ReflowData,
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
        out.reflow = reflow::ReflowData::load(data)?;
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
/// and the first paragraph left out of the sentences when it reads `title` (see [`reflow`]).
pub fn segment_titled(text: &str, data: &SegmentData, title: Option<&str>) -> Segmented {
    let mut tokens = tokenize(text, data);
    let conll = looks_pretokenized(text, &tokens);
    let title = reflow::shape_tokens(text, &mut tokens, &data.reflow, title, conll);
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
    reflow::drop_title(&mut sentences, title);
    Segmented {
        tokens,
        sentences,
        dateline,
    }
}

// ---------------------------------------------------------------------------------------------
// Stage

/// Splits text into tokens and sentences and recognises the dateline.
pub struct SegmentStage {
    data: Arc<SegmentData>,
}

impl SegmentStage {
    /// A stage over the loaded segmentation data.
    pub fn new(data: Arc<SegmentData>) -> SegmentStage {
        SegmentStage { data }
    }

    /// A stage over the default data, loaded once for all unit tests (other stages' tests
    /// segment their sentences with it).
    #[cfg(test)]
    pub(crate) fn for_tests() -> SegmentStage {
        static DATA: std::sync::OnceLock<Arc<SegmentData>> = std::sync::OnceLock::new();
        let data = DATA.get_or_init(|| {
            Arc::new(SegmentData::load(&DataDir::from_env()).expect("segment data loads"))
        });
        SegmentStage::new(data.clone())
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
mod tests;
