//! The statistical name tagger: a first-order linear-chain model over BILOU tags for PER, ORG
//! and LOC, decoded by BILOU-constrained Viterbi and trained as an averaged structured
//! perceptron by `examples/train_tagger/` from openly licensed corpora; the weights are shipped
//! in `data/tagger/weights.bin` (see `data/tagger/MODEL.md`).
//!
//! Reads `doc.tokens` and `doc.sentences`; appends [`Candidate`](crate::document::Candidate)s
//! with [`CandidateSource::Model`](crate::document::CandidateSource::Model) to `doc.candidates`
//! (creating the layer when no earlier stage did).
//!
//! Why this shape: a linear model over hashed sparse features decodes a token in about a
//! microsecond with no ML framework, so the tagger can run on every sentence of every article.
//! Features (in [`features`]) are computed from token texts, a word table shipped inside the
//! weights file (corpus label statistics, gazetteer membership, word clusters: nothing in
//! `data/tagger/` but the weights file is read at run time) and what the rest of the document
//! says about each word; no part-of-speech tags, so the same functions serve training, where
//! tokens come from corpora, and inference, where they come from `segment`. Every feature is a
//! 64-bit hash of a template number and its parts; the weights file keeps only the features
//! that survived training and pruning, each with a sparse row of quantised weights, so the file
//! stays small and loads in milliseconds. The feature functions, the decoder and the file
//! writer are public because the training program uses them: one definition of the features
//! and the decoding, so training and inference cannot drift apart.
//!
//! One pass per file: `tags` (the BILOU tag set), [`features`] (feature templates, word table,
//! document context), `table` (the hashed weight table), `model` (the weights file),
//! `decode` (emissions, Viterbi, confidences) and `stage` (the pipeline stage).

mod decode;
mod features;
mod model;
mod stage;
mod table;
mod tags;

pub use decode::{viterbi, TagScratch, TaggedName};
pub use features::{
    feat, info, norm_form, norm_hash, static_features, transition_feature, DocContext, WordInfo,
    N_STATIC,
};
pub use model::{write_weights, WEIGHTS_FILE};
pub use stage::{tag_document, TaggerStage};
pub use tags::{
    decode_bilou, encode_bilou, tag_index, tag_name, tag_parts, valid_end, valid_transition, Bilou,
    N_TAGS, START_TAG,
};

use table::WeightTable;

/// The entity types the tagger knows, in tag order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place (countries included: the entity stage decides which places are countries).
    Location,
}

impl NameKind {
    /// All kinds, in tag order.
    pub const ALL: [NameKind; 3] = [NameKind::Person, NameKind::Organization, NameKind::Location];

    /// The CoNLL-style label (`PER`, `ORG`, `LOC`).
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Person => "PER",
            NameKind::Organization => "ORG",
            NameKind::Location => "LOC",
        }
    }

    /// The kind for a CoNLL-style label, if it is one of the three.
    pub fn from_label(label: &str) -> Option<NameKind> {
        NameKind::ALL.into_iter().find(|k| k.as_str() == label)
    }

    fn ix(self) -> usize {
        match self {
            NameKind::Person => 0,
            NameKind::Organization => 1,
            NameKind::Location => 2,
        }
    }
}

/// The tagger's weights: one row of `N_TAGS` quantised weights per kept feature, and the word
/// table the features read.
#[derive(Debug)]
pub struct Tagger {
    words: WordInfo,
    table: WeightTable,
    /// Multiply summed quantised weights by this to get scores.
    scale: f32,
    n_features: usize,
    /// Transition scores: row `prev` (`START_TAG` last) holds the score of each next tag.
    trans: Transitions,
}

/// Transition scores, one row per previous tag (`START_TAG` last).
pub type Transitions = [[f32; N_TAGS]; N_TAGS + 1];

impl Tagger {
    /// The word table the features read.
    pub fn words(&self) -> &WordInfo {
        &self.words
    }

    /// Number of words in the word table.
    pub fn n_words(&self) -> usize {
        self.words.len()
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The transition scores.
    pub fn transitions(&self) -> &Transitions {
        &self.trans
    }
}

// ---------------------------------------------------------------------------------------------
// Token helpers shared by training and evaluation
// ---------------------------------------------------------------------------------------------

/// Split a corpus token the way `segment` tokenises text: hyphens and dashes between other
/// characters become tokens of their own (`al-Qaida` → `al` `-` `Qaida`). Returns the byte
/// ranges of the pieces within `tok`. Corpora tokenise hyphenated words as one token, the
/// pipeline as three; training and evaluation split corpus tokens so the tagger sees the
/// pipeline's tokens.
pub fn split_like_segment(tok: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let is_dash = |c: char| c == '-' || ('\u{2010}'..='\u{2015}').contains(&c);
    if tok.chars().all(is_dash) {
        out.push(0..tok.len());
        return out;
    }
    let mut start = 0;
    for (i, c) in tok.char_indices() {
        if is_dash(c) {
            if i > start {
                out.push(start..i);
            }
            out.push(i..i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    if start < tok.len() {
        out.push(start..tok.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataDir;
    use crate::document::{CandidateLabel, CandidateSource, Document, Span, Token};
    use crate::error::Error;
    use std::path::Path;

    fn shipped() -> Tagger {
        let data = DataDir::new(Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        ));
        Tagger::load(&data)
            .expect("weights parse")
            .expect("weights present")
    }

    const SENTENCE: &str =
        "Prime Minister Jane Holloway met officials of the Nordic Trade Council in Oslo .";

    fn names(t: &Tagger, text: &str) -> Vec<(String, NameKind)> {
        let toks: Vec<&str> = text.split(' ').collect();
        t.tag_tokens(&toks)
            .into_iter()
            .map(|n| (toks[n.start..n.end].join(" "), n.kind))
            .collect()
    }

    #[test]
    fn weights_load_and_are_small() {
        let t = shipped();
        assert!(t.n_features() > 10_000);
        assert!(t.n_words() > 1_000);
    }

    #[test]
    fn tag_tokens_finds_person_org_and_location() {
        let found = names(&shipped(), SENTENCE);
        let kinds: Vec<NameKind> = found.iter().map(|f| f.1).collect();
        assert!(kinds.contains(&NameKind::Person), "{found:?}");
        assert!(kinds.contains(&NameKind::Organization), "{found:?}");
        assert!(kinds.contains(&NameKind::Location), "{found:?}");
        assert!(
            found.contains(&("Oslo".to_string(), NameKind::Location)),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(s, k)| *k == NameKind::Person && s.ends_with("Holloway")),
            "{found:?}"
        );
    }

    #[test]
    fn tag_tokens_is_deterministic() {
        let t = shipped();
        let toks: Vec<&str> = SENTENCE.split(' ').collect();
        let a = t.tag_tokens(&toks);
        let mut scratch = TagScratch::default();
        let _ = t.tag_with(&["Hello", "world"], &mut scratch);
        let b = t.tag_with(&toks, &mut scratch);
        assert_eq!(a, b);
        assert!(a.iter().all(|n| n.start < n.end && n.end <= toks.len()));
        assert!(a.iter().all(|n| (0.0..=1.0).contains(&n.score)));
    }

    #[test]
    fn tag_tokens_handles_empty_and_odd_input() {
        let t = shipped();
        assert!(t.tag_tokens(&[]).is_empty());
        let odd = ["“", "—", "ÉLYSÉE", "’s", "", "2024", "U.S.", "-", "led"];
        for n in t.tag_tokens(&odd) {
            assert!(n.start < n.end && n.end <= odd.len());
        }
    }

    #[test]
    fn stage_appends_candidates_on_token_boundaries() {
        let text = "Prime Minister Jane Holloway met officials of the Nordic Trade Council in \
                    Oslo. Later, Holloway flew home.";
        let mut doc = Document::new(text.to_string(), Default::default());
        // Tokens by hand: words split at spaces, the final periods and comma split off.
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            let is_punct = c == '.' || c == ',';
            if c == ' ' || is_punct {
                if let Some(s) = start.take() {
                    tokens.push(Token {
                        span: Span::new(s, i),
                        kind: crate::document::TokenKind::Word,
                        space_after: c == ' ',
                        line_start: false,
                    });
                }
                if is_punct {
                    tokens.push(Token {
                        span: Span::new(i, i + 1),
                        kind: crate::document::TokenKind::Punct,
                        space_after: true,
                        line_start: false,
                    });
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        let first_end = tokens
            .iter()
            .position(|t| &text[t.span.start()..t.span.end()] == ".")
            .expect("a period")
            + 1;
        let sentence = |a: usize, b: usize| crate::document::Sentence {
            span: Span::new(tokens[a].span.start(), tokens[b - 1].span.end()),
            first_token: crate::document::TokenIx(a as u32),
            end_token: crate::document::TokenIx(b as u32),
            paragraph_start: a == 0,
        };
        let sentences = vec![sentence(0, first_end), sentence(first_end, tokens.len())];
        let first_end_byte = tokens[first_end - 1].span.end;
        doc.tokens = Some(tokens.clone());
        doc.sentences = Some(sentences);
        doc.candidates = Some(vec![]);
        tag_document(&shipped(), &mut doc);
        let cands = doc.candidates.as_ref().expect("candidates layer");
        assert!(!cands.is_empty());
        for c in cands {
            assert_eq!(c.source, CandidateSource::Model);
            assert!(tokens.iter().any(|t| t.span.start == c.span.start));
            assert!(tokens.iter().any(|t| t.span.end == c.span.end));
        }
        let texts: Vec<(&str, &CandidateLabel)> = cands
            .iter()
            .map(|c| (doc.text_of(c.span), &c.label))
            .collect();
        assert!(texts.iter().any(|(t, _)| *t == "Oslo"), "{texts:?}");
        // The full name is a person. The bare surname later on is proposed as a name, but its
        // label is the tagger's guess from its own sentence (the model has no document-level
        // label consistency; the entities stage carries `Jane Holloway`'s type to it).
        assert!(
            cands.iter().any(|c| c.label == CandidateLabel::Person
                && doc.text_of(c.span).ends_with("Holloway")
                && c.span.start < first_end_byte),
            "{texts:?}"
        );
        assert!(
            cands
                .iter()
                .any(|c| doc.text_of(c.span) == "Holloway" && c.span.start > first_end_byte),
            "{texts:?}"
        );
    }

    #[test]
    fn corrupt_weights_are_a_resource_error() {
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/tagger/weights.bin"),
        )
        .expect("weights file");
        let p = Path::new("weights.bin");
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            let r = Tagger::from_bytes(&bytes[..cut], p);
            assert!(matches!(r, Err(Error::Resource { .. })), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let mid = flipped.len() / 3;
        flipped[mid] ^= 0x55;
        assert!(matches!(
            Tagger::from_bytes(&flipped, p),
            Err(Error::Resource { .. })
        ));
        assert!(matches!(
            Tagger::from_bytes(b"not a weights file at all", p),
            Err(Error::Resource { .. })
        ));
    }

    #[test]
    fn written_weights_round_trip() {
        let mut row = [0f32; N_TAGS];
        row[tag_index(Bilou::Unit, NameKind::Location)] = 2.0;
        let bytes = write_weights(&[(feat(1, &[norm_hash("oslo")]), row)], &[]);
        let t = Tagger::from_bytes(&bytes, Path::new("mem")).expect("round trip");
        assert_eq!(t.n_features(), 1);
        let found = t.tag_tokens(&["in", "Oslo"]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].kind), (1, NameKind::Location));
    }

    #[test]
    fn bilou_round_trips_and_repairs() {
        let spans = vec![
            (0, 2, NameKind::Person),
            (3, 4, NameKind::Location),
            (5, 8, NameKind::Organization),
        ];
        assert_eq!(decode_bilou(&encode_bilou(8, &spans)), spans);
        // A name left open at the end, and an O right after a B, still close.
        let b = tag_index(Bilou::Begin, NameKind::Person);
        assert_eq!(
            decode_bilou(&[b, 0, b]),
            vec![(0, 1, NameKind::Person), (2, 3, NameKind::Person)]
        );
        assert!(valid_transition(START_TAG, b));
        assert!(!valid_transition(
            0,
            tag_index(Bilou::Last, NameKind::Person)
        ));
    }

    /// The transition table agrees with BILOU stated over positions and kinds.
    #[test]
    fn valid_transitions_follow_bilou() {
        for prev in 0..=START_TAG {
            let open = match tag_parts(prev) {
                Some((Bilou::Begin | Bilou::Inside, kind)) => Some(kind),
                _ => None,
            };
            for next in 0..N_TAGS + 2 {
                let expected = match (open, tag_parts(next)) {
                    (Some(kind), Some((Bilou::Inside | Bilou::Last, k))) => k == kind,
                    (Some(_), _) => false,
                    (None, Some((Bilou::Inside | Bilou::Last, _))) => false,
                    (None, _) => true,
                };
                assert_eq!(valid_transition(prev, next), expected, "{prev} -> {next}");
            }
        }
    }

    #[test]
    fn split_like_segment_splits_hyphens() {
        let parts = |t: &str| -> Vec<String> {
            split_like_segment(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect()
        };
        assert_eq!(parts("al-Qaida"), ["al", "-", "Qaida"]);
        assert_eq!(parts("U.S.-led"), ["U.S.", "-", "led"]);
        assert_eq!(parts("--"), ["--"]);
        assert_eq!(parts("Oslo"), ["Oslo"]);
    }
}
