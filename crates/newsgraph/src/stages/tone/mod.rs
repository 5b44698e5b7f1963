//! Tone: how warm or hostile each sentence, quote and the whole article read, from -1 to +1.
//!
//! Reads tokens, sentences and quotes; adds `tone`. The lexicon is VADER's (Hutto & Gilbert 2014;
//! MIT; converted by `scripts/convert_vader.py` into `data/tone/`), and so is the arithmetic,
//! kept to what news needs: a negation in the three words before a sentiment word flips and
//! damps it (× -0.74), a booster or dampener there adds to its magnitude (less with distance),
//! `but` halves what comes before it and strengthens what follows (× 0.5 / × 1.5), and the sum
//! is normalised as VADER's compound score, `s / sqrt(s² + 15)`. Why a lexicon and not a model:
//! it is explainable word by word, needs no training data, and costs a hash lookup per token,
//! which is what a per-core speed target allows; GDELT's tone is a lexicon score too.

use crate::data::DataDir;
use crate::document::{Document, Span, TokenKind, Tone};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The sentiment lexicon.
pub const LEXICON_FILE: &str = "tone/lexicon.tsv";
/// Negations, boosters and dampeners.
pub const MODIFIERS_FILE: &str = "tone/modifiers.tsv";

/// VADER's negation scalar.
const NEGATION: f32 = -0.74;
/// VADER's normalisation constant: the sum at which the compound score reaches about ±0.25.
const ALPHA: f32 = 15.0;
/// How far back (in words) a negation or booster reaches.
const WINDOW: usize = 3;

/// The tone lexicon and its modifiers, as one table: a word is looked up once per token, so the
/// three lists of VADER (valences, negations, boosters) are merged at load, with VADER's
/// precedence (a booster before a negation before a sentiment word).
#[derive(Debug, Default)]
pub struct ToneData {
    /// Lower-case word → what it is to the scorer.
    words: FxHashMap<Box<str>, Word>,
}

impl ToneData {
    /// Load the lexicon and the modifiers.
    pub fn load(data: &DataDir) -> Result<ToneData> {
        let mut out = ToneData::default();
        for row in data.tsv(LEXICON_FILE)? {
            let v: f32 = row.get(1).parse().map_err(|_| {
                Error::resource(
                    data.path_of(LEXICON_FILE),
                    row.line,
                    "valence is not a number",
                )
            })?;
            out.words
                .insert(row.get(0).to_lowercase().into(), Word::Sentiment(v));
        }
        // `but` is the scorer's own, whatever the lexicon says of it.
        out.words.insert("but".into(), Word::But);
        // Modifiers after the lexicon, so they take precedence; boosters after negations.
        let mut boosters = Vec::new();
        for row in data.tsv(MODIFIERS_FILE)? {
            let w: Box<str> = row.get(0).to_lowercase().into();
            if row.get(1) == "negation" {
                out.words.insert(w, Word::Negation);
            } else {
                let v: f32 = row.get(1).parse().map_err(|_| {
                    Error::resource(
                        data.path_of(MODIFIERS_FILE),
                        row.line,
                        format!("role must be `negation` or a number, not {:?}", row.get(1)),
                    )
                })?;
                boosters.push((w, Word::Booster(v)));
            }
        }
        out.words.extend(boosters);
        Ok(out)
    }

    /// What a lower-case word is to the scorer.
    fn classify(&self, w: &str) -> Word {
        match self.words.get(w) {
            Some(&Word::Booster(b)) => Word::Booster(b),
            _ if w.ends_with("n't") => Word::Negation,
            Some(&word) => word,
            None => Word::Plain,
        }
    }

    /// The compound score of a stretch of words (lower case), from -1 to +1.
    pub fn score<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> f32 {
        let words: Vec<Word> = words.into_iter().map(|w| self.classify(w)).collect();
        compound(&words)
    }
}

/// A word as the scorer sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    Plain,
    Sentiment(f32),
    Negation,
    Booster(f32),
    But,
}

/// VADER's compound score of classified words.
fn compound(words: &[Word]) -> f32 {
    let but = words.iter().rposition(|w| *w == Word::But);
    let mut sum = 0.0f32;
    for (i, w) in words.iter().enumerate() {
        let Word::Sentiment(mut v) = *w else {
            continue;
        };
        let before = &words[i.saturating_sub(WINDOW)..i];
        for (d, prev) in before.iter().rev().enumerate() {
            if let Word::Booster(b) = prev {
                let b = b * (1.0 - 0.05 * d as f32);
                v += if v > 0.0 { b } else { -b };
            }
        }
        if before.contains(&Word::Negation) {
            v *= NEGATION;
        }
        if let Some(b) = but {
            v *= if i < b { 0.5 } else { 1.5 };
        }
        sum += v;
    }
    if sum == 0.0 {
        0.0
    } else {
        sum / (sum * sum + ALPHA).sqrt()
    }
}

/// The tone stage.
pub struct ToneStage {
    data: Arc<ToneData>,
}

impl ToneStage {
    /// A stage over a loaded lexicon.
    pub fn new(data: Arc<ToneData>) -> ToneStage {
        ToneStage { data }
    }

    /// Each token classified once (words only; punctuation is `Plain` and skipped by ranges).
    fn classify_tokens(&self, doc: &Document) -> Vec<Word> {
        let mut buf = String::new();
        doc.tokens()
            .iter()
            .map(|t| {
                if t.kind != TokenKind::Word {
                    return Word::Plain;
                }
                buf.clear();
                buf.extend(doc.text_of(t.span).chars().flat_map(char::to_lowercase));
                self.data.classify(&buf)
            })
            .collect()
    }
}

/// The score of the words of `span`, from the document's classified tokens.
fn score_span(doc: &Document, words: &[Word], span: Span) -> f32 {
    compound(&words[doc.tokens_in(span)])
}

impl Stage for ToneStage {
    fn name(&self) -> &'static str {
        "tone"
    }

    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Quotes]
    }

    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Tone]
    }

    fn run(&self, doc: &mut Document) -> Result<()> {
        let words = self.classify_tokens(doc);
        let sentences: Vec<f32> = doc
            .sentences()
            .iter()
            .map(|s| compound(&words[s.token_range()]))
            .collect();
        let quotes = doc
            .quotes()
            .iter()
            .map(|q| {
                // An interrupted quote's tone is its own words', not the narrator's.
                if q.parts.len() > 1 {
                    let parts: Vec<f32> = q
                        .parts
                        .iter()
                        .map(|p| score_span(doc, &words, *p))
                        .collect();
                    parts.iter().sum::<f32>() / parts.len() as f32
                } else {
                    score_span(doc, &words, q.span)
                }
            })
            .collect();
        let article = if sentences.is_empty() {
            0.0
        } else {
            sentences.iter().sum::<f32>() / sentences.len() as f32
        };
        doc.tone = Some(Tone {
            sentences,
            quotes,
            article,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn data() -> &'static ToneData {
        static D: OnceLock<ToneData> = OnceLock::new();
        D.get_or_init(|| ToneData::load(&DataDir::from_env()).expect("tone data loads"))
    }

    fn score(s: &str) -> f32 {
        let lower = s.to_lowercase();
        data().score(lower.split_whitespace())
    }

    #[test]
    fn hostile_words_score_below_zero_and_warm_ones_above() {
        assert!(score("the ministry condemned the deadly attack") < -0.5);
        assert!(score("the leaders praised the friendly and fruitful talks") > 0.5);
        assert_eq!(score("the delegation arrived on tuesday"), 0.0);
    }

    #[test]
    fn negation_flips_and_boosters_strengthen() {
        let plain = score("the talks were good");
        assert!(score("the talks were not good") < 0.0);
        assert!(score("the talks were extremely good") > plain);
    }

    #[test]
    fn but_weighs_what_follows() {
        assert!(score("the visit was pleasant but the talks failed") < 0.0);
    }
}
