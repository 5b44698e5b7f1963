//! The whole model (tagger, parser, lemmatiser, relation names), its file format and the
//! per-sentence API.
//!
//! File format `NGSYNv02`: magic; relation names; word clusters; tagger weights (first and
//! second pass, and the second pass's margin); transition weights; label
//! weights; the class of `root`; the lemmatiser; a checksum of everything before it. All
//! integers little-endian. A file that is truncated, corrupt or of another version gives an
//! [`Error::Model`] naming the file and the byte offset.

use crate::clusters::Clusters;
use crate::io::{Cursor, Sink};
use crate::lemma::Lemmatizer;
use crate::lexical::{lex, Lex};
use crate::parser::{Parser, State};
use crate::tagger::Tagger;
use crate::weights::Weights;
use crate::{Deprel, Error, Upos};
use std::path::Path;

/// First bytes of a weights file.
pub const MAGIC: &[u8; 8] = b"NGSYNv02";

/// Tagger, parser and lemmatiser.
#[derive(Debug, Clone)]
pub struct Model {
    /// The part-of-speech tagger.
    pub tagger: Tagger,
    /// The dependency parser.
    pub parser: Parser,
    /// The lemmatiser.
    pub lemmatizer: Lemmatizer,
    /// Word clusters read by the tagger's and the parser's features.
    pub clusters: Clusters,
    /// Relation names, by label class (fixed when the model is made: [`Model::new`]).
    pub labels: Vec<String>,
    /// The relation of each label class, as an id (see [`Deprel::lookup`]).
    relations: Vec<Deprel>,
}

/// Reusable buffers for parsing; keep one per thread so parsing allocates nothing once warm.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    buf: String,
    lex: Vec<Lex>,
    tags: Vec<u8>,
    state: State,
    scores: Vec<i32>,
}

/// The analysis of one sentence: one entry per word in each vector.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parse {
    /// Part of speech.
    pub upos: Vec<Upos>,
    /// Head word, 1-based; 0 for the root.
    pub heads: Vec<u32>,
    /// Relation class; [`Model::deprel`] gives its name.
    pub deprels: Vec<u16>,
}

/// One analysed word, for callers that prefer owned values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Part of speech.
    pub upos: Upos,
    /// Lemma.
    pub lemma: String,
    /// Head word, 1-based; 0 for the root.
    pub head: u32,
    /// Relation (UD, with subtype).
    pub deprel: String,
}

impl Model {
    /// A model from its parts; `labels` names the parser's label classes.
    pub fn new(
        tagger: Tagger,
        parser: Parser,
        lemmatizer: Lemmatizer,
        clusters: Clusters,
        labels: Vec<String>,
    ) -> Model {
        Model {
            tagger,
            parser,
            lemmatizer,
            clusters,
            relations: labels.iter().map(|l| Deprel::lookup(l)).collect(),
            labels,
        }
    }

    /// Read a weights file.
    pub fn load(path: &Path) -> Result<Model, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Model::from_bytes(&bytes, &path.display().to_string())
    }

    /// Read a model from bytes; `origin` names them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Model, Error> {
        let mut cur = Cursor::new(bytes, origin);
        if cur.raw(8, "magic")? != MAGIC {
            return Err(Error::Model {
                origin: origin.to_string(),
                offset: 0,
                message: format!("not a syntax model (expected {:?})", "NGSYNv02"),
            });
        }
        let body = bytes.len().saturating_sub(8);
        if body < 8 || crate::hash::checksum(&bytes[..body]).to_le_bytes() != bytes[body..] {
            return Err(Error::Model {
                origin: origin.to_string(),
                offset: body,
                message: "checksum mismatch (file truncated or corrupt)".into(),
            });
        }
        let n = cur.u32("relation names")? as usize;
        cur.need(n.saturating_mul(4), "relation names")?;
        let labels: Vec<String> = (0..n)
            .map(|_| cur.str("relation names").map(str::to_string))
            .collect::<Result<_, _>>()?;
        let clusters = Clusters::read(&mut cur)?;
        let tagger = Tagger {
            weights: Weights::read(&mut cur, "tagger weights")?,
            second: Weights::read(&mut cur, "second-pass tagger weights")?,
            margin: cur.u32("second-pass margin")? as i32,
        };
        if tagger.weights.classes() != Upos::ALL.len() || tagger.second.classes() != Upos::ALL.len()
        {
            return Err(cur.error("tagger weights: wrong number of tags".into()));
        }
        let trans = Weights::read(&mut cur, "transition weights")?;
        let label_w = Weights::read(&mut cur, "label weights")?;
        let root_label = cur.u32("root label")?;
        if trans.classes() != crate::parser::N_TRANS
            || label_w.classes() != labels.len()
            || root_label as usize >= labels.len()
        {
            return Err(cur.error("parser weights do not match the relation names".into()));
        }
        let lemmatizer = Lemmatizer::read(&mut cur)?;
        if cur.pos() != body {
            return Err(cur.error("unexpected bytes before the checksum".into()));
        }
        let parser = Parser {
            trans,
            labels: label_w,
            root_label: root_label as u16,
        };
        Ok(Model::new(tagger, parser, lemmatizer, clusters, labels))
    }

    /// The model as file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Sink::default();
        out.raw(MAGIC);
        out.u32(self.labels.len() as u32);
        for l in &self.labels {
            out.str(l);
        }
        self.clusters.write(&mut out);
        self.tagger.weights.write(&mut out);
        self.tagger.second.write(&mut out);
        out.u32(self.tagger.margin as u32);
        self.parser.trans.write(&mut out);
        self.parser.labels.write(&mut out);
        out.u32(self.parser.root_label as u32);
        self.lemmatizer.write(&mut out);
        let sum = crate::hash::checksum(out.as_bytes());
        out.u64(sum);
        out.into_bytes()
    }

    /// The name of relation class `id` (`"dep"` for an unknown class).
    pub fn deprel(&self, id: u16) -> &str {
        self.labels.get(id as usize).map_or("dep", String::as_str)
    }

    /// The relation of label class `id` as an id (`dep` for an unknown class).
    pub fn relation(&self, id: u16) -> Deprel {
        self.relations
            .get(id as usize)
            .copied()
            .unwrap_or(Deprel::DEP)
    }

    fn prepare<S: AsRef<str>>(&self, words: &[S], scratch: &mut Scratch) {
        scratch.lex.clear();
        for w in words {
            let l = lex(w.as_ref(), &mut scratch.buf, &self.clusters);
            scratch.lex.push(l);
        }
        self.tagger.tag(&scratch.lex, &mut scratch.tags);
    }

    /// Tag a sentence: `upos` is cleared and gets one tag per word.
    pub fn tag_into<S: AsRef<str>>(
        &self,
        words: &[S],
        scratch: &mut Scratch,
        upos: &mut Vec<Upos>,
    ) {
        self.prepare(words, scratch);
        upos.clear();
        upos.extend(scratch.tags.iter().map(|&t| Upos::ALL[t as usize]));
    }

    /// Tag and parse a sentence into `out` (its vectors are cleared first).
    pub fn parse_into<S: AsRef<str>>(&self, words: &[S], scratch: &mut Scratch, out: &mut Parse) {
        self.prepare(words, scratch);
        out.upos.clear();
        out.upos
            .extend(scratch.tags.iter().map(|&t| Upos::ALL[t as usize]));
        scratch.state.reset(&scratch.lex, &scratch.tags);
        self.parser.parse(&mut scratch.state, &mut scratch.scores);
        out.heads.clear();
        out.heads.extend(scratch.state.output_heads());
        out.deprels.clear();
        out.deprels.extend(&scratch.state.labels[1..=words.len()]);
    }

    /// Tag and parse a sentence (allocates; see [`Model::parse_into`] for the reusable form).
    pub fn parse<S: AsRef<str>>(&self, words: &[S]) -> Parse {
        let mut out = Parse::default();
        self.parse_into(words, &mut Scratch::default(), &mut out);
        out
    }

    /// Write the lemma of `word` tagged `upos` into `out`; `buf` is scratch space.
    pub fn lemma_into(&self, word: &str, upos: Upos, out: &mut String, buf: &mut String) {
        self.lemmatizer.lemma_into(word, upos, out, buf);
    }

    /// The lemma of `word` tagged `upos`.
    pub fn lemma(&self, word: &str, upos: Upos) -> String {
        self.lemmatizer.lemma(word, upos)
    }

    /// Everything about every word of a sentence, as owned values.
    pub fn analyze<S: AsRef<str>>(&self, words: &[S]) -> Vec<Word> {
        let p = self.parse(words);
        words
            .iter()
            .enumerate()
            .map(|(i, w)| Word {
                upos: p.upos[i],
                lemma: self.lemma(w.as_ref(), p.upos[i]),
                head: p.heads[i],
                deprel: self.deprel(p.deprels[i]).to_string(),
            })
            .collect()
    }
}
