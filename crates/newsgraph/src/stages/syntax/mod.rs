//! Part of speech and labelled dependencies for the tokens of a document (lemmas on demand):
//! the `syntax` layer, over the `newsgraph-syntax` model shipped in `data/syntax/model.bin` (see
//! `data/syntax/MODEL.md`).
//!
//! Writes [`Document::words`]: one [`Word`] per token of every parsed sentence, with its head
//! inside the same sentence, so each parsed sentence is one tree. A word is four small ids and
//! allocates nothing; its lemma is computed only when asked for ([`SyntaxData::lemma`]).
//!
//! The parser's words are the library's own tokens, one for one: `segment` already splits
//! punctuation and quotation marks off words the way UD does (`“`, `,`, `—` are tokens of their
//! own, which the model tags `PUNCT`), so no second tokenisation is needed and every word points
//! straight at a token.
//!
//! Who parses what: the standard pipeline has no parsing stage of its own. The quote stage
//! parses, through [`SyntaxData::parse_sentences`], only the sentences of the direct quotes its
//! surface rules leave without a speaker (parsing is the most expensive thing the pipeline could
//! do per word, and most quotes never need it). [`SyntaxStage`] parses up front, every sentence
//! or those with a quotation mark ([`SyntaxMode`]), for callers that want the layer itself.

use crate::data::DataDir;
use crate::document::{Document, Sentence, Token, TokenIx, TokenKind, Word};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use newsgraph_syntax::{Model, Parse, Scratch};
use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The model file, relative to `data/`.
pub const MODEL_FILE: &str = "syntax/model.bin";

/// Which sentences [`SyntaxStage`] parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxMode {
    /// Every sentence.
    All,
    /// Only sentences with a quotation mark (the most the quote stage can ask for).
    Needed,
}

/// The loaded model.
pub struct SyntaxData {
    /// The tagger, parser and lemmatiser.
    pub model: Model,
}

/// Parsing done on this thread since the last [`take_parse_stats`]: for `newsgraph bench`,
/// which reports the parser's words per second although parsing happens inside the quote stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseStats {
    /// Sentences parsed.
    pub sentences: u64,
    /// Words (tokens) parsed.
    pub words: u64,
    /// Time spent tagging and parsing them.
    pub time: Duration,
}

thread_local! {
    /// Per-thread parser buffers, so parsing allocates little once warm.
    static SCRATCH: RefCell<(Scratch, Parse)> = RefCell::default();
    static STATS: RefCell<ParseStats> = RefCell::default();
}

/// The parsing done on this thread since the last call, and reset the counts.
pub fn take_parse_stats() -> ParseStats {
    STATS.with(|s| std::mem::take(&mut *s.borrow_mut()))
}

impl SyntaxData {
    /// Load the model from `data`.
    pub fn load(data: &DataDir) -> Result<SyntaxData> {
        let bytes = data.read_bytes(MODEL_FILE)?;
        let origin = data.path_of(MODEL_FILE).display().to_string();
        let model = Model::from_bytes(&bytes, &origin)
            .map_err(|e| Error::resource(data.path_of(MODEL_FILE), 0, e.to_string()))?;
        Ok(SyntaxData { model })
    }

    /// The lemma of a parsed word of `doc` (`say` for `said`).
    pub fn lemma(&self, doc: &Document, word: &Word) -> String {
        self.model.lemma(doc.token_text(word.token.ix()), word.upos)
    }

    /// Parse the sentences of `which` (indices into `sentences`) that `words` has no words for,
    /// and add their words to `words`, which stays in token order. Empty sentences are skipped.
    pub fn parse_sentences(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Sentence],
        which: impl IntoIterator<Item = usize>,
        words: &mut Vec<Word>,
    ) {
        let t0 = Instant::now();
        let before = words.len();
        let mut n_sents = 0;
        let mut sorted = true;
        SCRATCH.with(|s| {
            let (scratch, parse) = &mut *s.borrow_mut();
            let mut forms: Vec<&str> = Vec::new();
            for sent in which.into_iter().filter_map(|i| sentences.get(i)) {
                let range = sent.token_range();
                let Some(toks) = tokens.get(range.clone()).filter(|t| !t.is_empty()) else {
                    continue;
                };
                let at = words.partition_point(|w| w.token.ix() < range.start);
                if words.get(at).is_some_and(|w| w.token.ix() < range.end) {
                    continue; // parsed already
                }
                forms.clear();
                forms.extend(toks.iter().map(|t| &text[t.span.start()..t.span.end()]));
                self.model.parse_into(&forms, scratch, parse);
                n_sents += 1;
                // Appending after a later sentence's words breaks token order: sort below.
                sorted &= words.last().is_none_or(|w| w.token.ix() < range.start);
                let first = sent.first_token.0;
                words.extend(range.enumerate().map(|(i, t)| {
                    let head = parse.heads[i];
                    Word {
                        token: TokenIx(t as u32),
                        upos: parse.upos[i],
                        head: (head > 0).then(|| TokenIx(first + head - 1)),
                        deprel: self.model.relation(parse.deprels[i]),
                    }
                }));
            }
            if !sorted {
                words.sort_unstable_by_key(|w| w.token);
            }
        });
        STATS.with(|s| {
            let mut s = s.borrow_mut();
            s.sentences += n_sents;
            s.words += (words.len() - before) as u64;
            s.time += t0.elapsed();
        });
    }
}

/// The stage: parses sentences into the `words` layer.
pub struct SyntaxStage {
    data: Arc<SyntaxData>,
    mode: SyntaxMode,
}

impl SyntaxStage {
    /// A stage over the model, parsing the sentences `mode` selects.
    pub fn new(data: Arc<SyntaxData>, mode: SyntaxMode) -> SyntaxStage {
        SyntaxStage { data, mode }
    }
}

impl Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Words]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        let mut words = doc.words.take().unwrap_or_default();
        let tokens = doc.tokens();
        let wanted = doc.sentences().iter().enumerate().filter(|(_, s)| {
            let toks = tokens.get(s.token_range()).unwrap_or(&[]);
            self.mode == SyntaxMode::All || toks.iter().any(|t| t.kind == TokenKind::Quote)
        });
        let which: Vec<usize> = wanted.map(|(i, _)| i).collect();
        self.data
            .parse_sentences(&doc.text, tokens, doc.sentences(), which, &mut words);
        doc.words = Some(words);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
