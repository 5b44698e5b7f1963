//! Part-of-speech tagging, lemmatisation and labelled dependency parsing of English, with
//! models trained by the project on UD English-EWT (see `data/syntax/MODEL.md`).
//!
//! Given one sentence's words, a [`Model`] returns for each word its UPOS tag, its lemma, its
//! head (0 for the root) and its relation (UD, with subtypes such as `nsubj:pass`).
//!
//! Design, for speed (the whole newsgraph pipeline spends about a millisecond on an article):
//! - three linear models (tagger, transition classifier, arc labeller), each a table from a
//!   64-bit feature hash to a short row of `i16` weights ([`weights::Weights`]); a word costs a
//!   few hundred table reads and integer additions, no floating point and no allocation once the
//!   caller's [`Scratch`] is warm;
//! - greedy decoding everywhere: a left-to-right tagger, an arc-hybrid transition parser, labels
//!   chosen when each arc is made ([`parser`]);
//! - a lemmatiser of learned suffix rules plus exceptions ([`lemma`]), run only when asked, so a
//!   caller that needs no lemmas pays nothing;
//! - one function per sentence, so a pipeline stage can parse only the sentences it needs.
//!
//! Training code lives in [`train`] and is run by `examples/train.rs`; it uses the same feature
//! functions as inference, so the two cannot drift apart.

pub mod clusters;
pub mod conllu;
mod deprel;
pub mod hash;
pub mod io;
pub mod lemma;
pub mod lexical;
mod model;
pub mod parser;
pub mod tagger;
pub mod train;
pub mod weights;

pub use deprel::Deprel;
pub use model::{Model, Parse, Scratch, Word, MAGIC};

use std::path::PathBuf;

/// Errors of this crate: each names the file (and line or byte offset) it comes from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A weights file is truncated, corrupt or of another format.
    #[error("{origin}: byte {offset}: {message}")]
    Model {
        /// The file (or another name for the bytes).
        origin: String,
        /// Where reading stopped.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// A CoNLL-U line is malformed.
    #[error("{origin}:{line}: {message}")]
    Conllu {
        /// The file.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Universal part-of-speech tags (<https://universaldependencies.org/u/pos/>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
}

impl Upos {
    /// All tags, in index order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as UD writes it (`NOUN`).
    pub fn as_str(self) -> &'static str {
        [
            "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
        ][self as usize]
    }

    /// The tag for a UD name.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// The tag with index `i` (as [`Upos::ALL`] orders them).
    pub fn from_index(i: usize) -> Option<Upos> {
        Upos::ALL.get(i).copied()
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
