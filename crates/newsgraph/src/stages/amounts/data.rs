//! The amount stage's word lists, and the patterns built from them once at load.

use crate::data::DataDir;
use crate::error::{Error, Result};
use regex::Regex;
use std::collections::HashMap;

/// Currencies: symbols, codes and words.
pub const CURRENCIES_FILE: &str = "amounts/currencies.tsv";
/// Scale words and suffixes (`million`, `bn`, `m`).
pub const SCALES_FILE: &str = "amounts/scales.tsv";
/// Words that say an amount is not exact.
pub const QUALIFIERS_FILE: &str = "amounts/qualifiers.txt";
/// What is counted.
pub const COUNTED_FILE: &str = "amounts/counted.tsv";
/// Numbers written as words.
pub const NUMBER_WORDS_FILE: &str = "amounts/number_words.tsv";

/// Everything the amount stage reads, with its compiled patterns.
#[derive(Debug)]
pub struct AmountData {
    /// Currency symbol, code or lower-case word → ISO 4217 code.
    pub currency: HashMap<String, String>,
    /// Lower-case scale word → multiplier.
    pub scale: HashMap<String, f64>,
    /// Qualifiers, longest first.
    pub qualifiers: Vec<String>,
    /// Lower-case counted word or phrase → unit.
    pub counted: HashMap<String, String>,
    /// Lower-case number word or phrase → (value, qualifier for a vague quantity).
    pub number_words: HashMap<String, (f64, Option<String>)>,
    /// Words of the number words (`hundreds`, `four`, `dozen`), for a cheap test of a sentence.
    pub number_word: Regex,
    /// Money written with a symbol or code first (`AU$250 million`, `£349m`).
    pub money_before: Regex,
    /// Money written with the currency after (`250 million yuan`).
    pub money_after: Regex,
    /// Percentages.
    pub percent: Regex,
    /// Counts of people or things (`30 Bushmaster vehicles`, `hundreds of protesters`).
    pub count: Regex,
    /// Outcomes after a bare number (`four were killed`).
    pub outcome: Regex,
}

/// A number in digits: `1,000`, `3.5`, `250`.
/// An ASCII word boundary. Unicode `\b` makes the regex crate's fast DFA give up on any
/// sentence with a non-ASCII character (curly quotes, dashes: most news sentences) and fall
/// back to a much slower engine; amounts are written in ASCII letters and digits, so the ASCII
/// boundary finds the same amounts.
const B: &str = r"(?-u:\b)";
const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

fn alternation<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let mut v: Vec<S> = items.collect();
    // Longest first, so `AU$` is tried before `$` and `tens of thousands of` before `thousands of`.
    v.sort_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        b.len().cmp(&a.len()).then(a.cmp(b))
    });
    v.dedup_by(|a, b| a.as_ref() == b.as_ref());
    v.iter()
        .map(|s| regex::escape(s.as_ref()).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

impl AmountData {
    /// Load the word lists and build the patterns.
    pub fn load(data: &DataDir) -> Result<AmountData> {
        let mut currency = HashMap::new();
        let mut before = Vec::new();
        let mut after = Vec::new();
        for row in data.tsv(CURRENCIES_FILE)? {
            let code = row.get(0).to_string();
            for b in row.list(1) {
                currency.insert(b.to_string(), code.clone());
                before.push(b.to_string());
            }
            for a in row.list(2) {
                currency.insert(a.to_lowercase(), code.clone());
                after.push(a.to_lowercase());
            }
        }
        let mut scale = HashMap::new();
        for row in data.tsv(SCALES_FILE)? {
            let m: f64 = row.get(1).parse().map_err(|_| {
                Error::resource(
                    data.path_of(SCALES_FILE),
                    row.line,
                    "multiplier is not a number",
                )
            })?;
            scale.insert(row.get(0).to_lowercase(), m);
        }
        let mut qualifiers: Vec<String> = data
            .lines(QUALIFIERS_FILE)?
            .into_iter()
            .map(|q| q.to_lowercase())
            .collect();
        qualifiers.sort_by_key(|q| std::cmp::Reverse(q.len()));
        let mut counted = HashMap::new();
        let mut outcomes = Vec::new();
        for row in data.tsv(COUNTED_FILE)? {
            for w in row.list(1) {
                counted.insert(w.to_lowercase(), row.get(0).to_string());
                if row.get(2) == "outcome" {
                    outcomes.push(w.to_lowercase());
                }
            }
        }
        let mut number_words = HashMap::new();
        for row in data.tsv(NUMBER_WORDS_FILE)? {
            let v: f64 = row.get(1).parse().map_err(|_| {
                Error::resource(
                    data.path_of(NUMBER_WORDS_FILE),
                    row.line,
                    "value is not a number",
                )
            })?;
            let q = (!row.get(2).is_empty()).then(|| row.get(2).to_string());
            number_words.insert(row.get(0).to_lowercase(), (v, q));
        }
        // A suffix scale sticks to the number (`£349m`); a word scale follows a space.
        let attached = alternation(scale.keys());
        let spaced = alternation(scale.keys().filter(|k| k.len() >= 2));
        let before_alt = alternation(before.iter());
        let after_alt = alternation(after.iter());
        let words_alt = alternation(number_words.keys());
        let counted_alt = alternation(counted.keys().filter(|k| !outcomes.contains(k)));
        let outcome_alt = alternation(outcomes.iter());
        let amount = format!(r"(?:{NUM})(?:(?i:{attached}){B}|\s+(?i:{spaced}){B})?");
        let build = |p: String| {
            Regex::new(&p).map_err(|e| {
                Error::resource(
                    data.path_of(CURRENCIES_FILE),
                    0,
                    format!("bad pattern: {e}"),
                )
            })
        };
        Ok(AmountData {
            money_before: build(format!(
                r"(?P<cur>{before_alt})\s?(?P<amt>{amount})(?:\s?(?:-|–|to|and)\s?(?:{before_alt})?\s?(?P<max>{amount}))?"
            ))?,
            money_after: build(format!(
                r"{B}(?P<amt>{amount})(?:\s?(?:-|–|to)\s?(?P<max>{amount}))?\s+(?P<cur>(?i:{after_alt})){B}"
            ))?,
            percent: build(format!(
                r"{B}(?P<amt>{NUM})(?:\s?(?:-|–|to)\s?(?P<max>{NUM}))?\s?(?:%|(?i:percent|per\s+cent){B})"
            ))?,
            count: build(format!(
                r"{B}(?P<amt>{amount}|(?i:{words_alt}))(?:\s?(?:-|–|to)\s?(?P<max>{NUM}))?\s+(?:[A-Za-z][A-Za-z0-9-]*\s+){{0,2}}?(?P<noun>(?i:{counted_alt})){B}"
            ))?,
            outcome: build(format!(
                r"{B}(?P<amt>{NUM}|(?i:{words_alt}))(?:\s?(?:-|–|to)\s?(?P<max>{NUM}))?\s+(?:(?i:were|have\s+been|had\s+been|was|are)\s+)?(?P<noun>(?i:{outcome_alt})){B}"
            ))?,
            // Every word of the number phrases but `a` and `of`, which any sentence has.
            number_word: build(format!(
                "{B}(?i:{}){B}",
                alternation(
                    number_words
                        .keys()
                        .flat_map(|k| k.split(' '))
                        .filter(|w| !matches!(*w, "a" | "of"))
                )
            ))?,
            currency,
            scale,
            qualifiers,
            counted,
            number_words,
        })
    }
}
