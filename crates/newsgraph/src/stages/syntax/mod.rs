//! Part of speech, lemma and labelled dependencies for the tokens of a document: the `syntax`
//! stage, over the `newsgraph-syntax` model shipped in `data/syntax/model.bin` (see
//! `data/syntax/MODEL.md`).
//!
//! Reads `tokens` and `sentences`; writes [`Document::words`]: one [`Word`] per token of every
//! parsed sentence, with its head inside the same sentence, so each parsed sentence is one tree.
//!
//! The parser's words are the library's own tokens, one for one: `segment` already splits
//! punctuation and quotation marks off words the way UD does (`“`, `,`, `—` are tokens of their
//! own, which the model tags `PUNCT`), so no second tokenisation is needed and every word points
//! straight at a token. Which sentences are parsed is [`SyntaxMode`]'s choice: all of them, or
//! only those a later stage reads the parse of (see [`SyntaxMode::Needed`]).

use crate::data::DataDir;
use crate::document::{Document, Token, TokenIx, TokenKind, Word};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use newsgraph_syntax::{Model, Parse, Scratch};
use std::cell::RefCell;
use std::sync::Arc;

/// The model file, relative to `data/`.
pub const MODEL_FILE: &str = "syntax/model.bin";

/// Which sentences the stage parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxMode {
    /// Every sentence.
    All,
    /// Only sentences with a quotation mark: the sentences whose parse the quote stage reads.
    /// (Parsing also the sentences with a speech verb cost as much again on the BBC corpus.)
    Needed,
}

/// The loaded model.
pub struct SyntaxData {
    /// The tagger, parser and lemmatiser.
    pub model: Model,
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

thread_local! {
    /// Per-thread parser buffers, so parsing allocates little once warm.
    static SCRATCH: RefCell<(Scratch, Parse, String, String)> = RefCell::default();
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
        let words = SCRATCH.with(|s| {
            let (scratch, parse, lemma, buf) = &mut *s.borrow_mut();
            let mut words = Vec::new();
            let mut forms: Vec<&str> = Vec::new();
            for sent in doc.sentences() {
                let toks = doc.tokens().get(sent.token_range()).unwrap_or(&[]);
                if toks.is_empty() || !self.wanted(toks) {
                    continue;
                }
                forms.clear();
                forms.extend(toks.iter().map(|t| &doc.text[t.span.start()..t.span.end()]));
                self.data.model.parse_into(&forms, scratch, parse);
                for (i, t) in sent.token_range().enumerate() {
                    let upos = parse.upos[i];
                    self.data.model.lemma_into(forms[i], upos, lemma, buf);
                    let head = parse.heads[i];
                    words.push(Word {
                        token: TokenIx(t as u32),
                        upos: upos.as_str().to_string(),
                        lemma: lemma.clone(),
                        head: (head > 0).then(|| TokenIx(sent.first_token.0 + head - 1)),
                        deprel: self.data.model.deprel(parse.deprels[i]).to_string(),
                    });
                }
            }
            words
        });
        doc.words = Some(words);
        Ok(())
    }
}

impl SyntaxStage {
    /// Whether the mode asks for this sentence to be parsed.
    fn wanted(&self, toks: &[Token]) -> bool {
        match self.mode {
            SyntaxMode::All => true,
            SyntaxMode::Needed => toks.iter().any(|t| t.kind == TokenKind::Quote),
        }
    }
}

#[cfg(test)]
mod tests;
