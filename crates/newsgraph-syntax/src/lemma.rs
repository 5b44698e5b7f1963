//! The lemmatiser, learned from the treebank: edit rules ("lower-case, strip 3 characters,
//! append `y`") chosen by the word's UPOS and its longest known suffix, plus a list of the words
//! whose lemma the suffix rules get wrong (`was` → `be`, `better` → `good`). Keeping only
//! exceptions makes the table small; the suffix rules cover words the treebank never saw.

use crate::hash::{self, f2, f3};
use crate::io::{Cursor, Sink};
use crate::weights::KeyMap;
use crate::{Error, Upos};
use std::collections::HashMap;

/// Longest suffix (in characters) the rules look at.
pub const MAX_SUFFIX: usize = 5;

/// How to turn a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule {
    /// Lower-case the form first.
    pub lower: bool,
    /// Characters to remove from the end.
    pub strip: u8,
    /// Text to append.
    pub append: String,
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

impl Rule {
    /// The rule that turns `form` into `lemma` with the least editing.
    pub fn learn(form: &str, lemma: &str) -> Rule {
        let make = |base: &str, lower: bool| {
            let p = common_prefix_chars(base, lemma);
            let strip = (base.chars().count() - p).min(255) as u8;
            let append: String = lemma.chars().skip(p).collect();
            Rule {
                lower,
                strip,
                append,
            }
        };
        let keep = make(form, false);
        let low = make(&form.to_lowercase(), true);
        let cost = |r: &Rule| r.strip as usize + r.append.chars().count();
        // On a tie (`the` -> `the`) a lower-case lemma says the rule lower-cases, so that the
        // same rule gives `The` -> `the`.
        let lower_lemma = !lemma.chars().any(char::is_uppercase);
        if cost(&low) < cost(&keep) || (cost(&low) == cost(&keep) && lower_lemma) {
            low
        } else {
            keep
        }
    }

    /// Apply the rule to `form`, writing the lemma into `out` (cleared first).
    pub fn apply(&self, form: &str, out: &mut String) {
        out.clear();
        if self.lower {
            out.extend(form.chars().flat_map(char::to_lowercase));
        } else {
            out.push_str(form);
        }
        for _ in 0..self.strip {
            if out.pop().is_none() {
                break;
            }
        }
        out.push_str(&self.append);
    }
}

fn word_key(lower: &str, upos: Upos) -> u64 {
    f2(40, hash::bytes(lower.as_bytes()), upos as u64)
}

fn exact_key(form: &str, upos: Upos) -> u64 {
    f2(42, hash::bytes(form.as_bytes()), upos as u64)
}

fn suffix_key(upos: Upos, k: usize, suffix: &str) -> u64 {
    f3(41, upos as u64, k as u64, hash::bytes(suffix.as_bytes()))
}

/// The start (byte offset) of each suffix of `s` of 0..=MAX_SUFFIX characters, shortest first;
/// stops at the whole word.
fn suffix_starts(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    std::iter::once((0, s.len())).chain(
        s.char_indices()
            .rev()
            .take(MAX_SUFFIX)
            .enumerate()
            .map(|(k, (i, _))| (k + 1, i)),
    )
}

/// Each key's most frequent rule (ties: the smaller rule), sorted by key.
fn majority(counts: HashMap<(String, Upos), HashMap<Rule, usize>>) -> Vec<((String, Upos), Rule)> {
    let mut v: Vec<_> = counts
        .into_iter()
        .filter_map(|(k, rules)| {
            let best = rules
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            Some((k, best.0))
        })
        .collect();
    v.sort();
    v
}

/// The trained lemmatiser.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    rules: Vec<Rule>,
    exceptions: KeyMap<u32>,
    suffixes: KeyMap<u32>,
    /// Keys in insertion order, so the file is written deterministically.
    order: (Vec<u64>, Vec<u64>),
}

impl Lemmatizer {
    fn suffix_rule(&self, lower: &str, upos: Upos) -> Option<u32> {
        let mut best = None;
        for (k, start) in suffix_starts(lower) {
            if let Some(&r) = self.suffixes.get(&suffix_key(upos, k, &lower[start..])) {
                best = Some(r);
            }
        }
        best
    }

    /// The rule for `form`: its own exception, else its lower-cased form's, else the suffix
    /// rule.
    fn rule_for(&self, form: &str, upos: Upos, buf: &mut String) -> Option<u32> {
        if let Some(&r) = self.exceptions.get(&exact_key(form, upos)) {
            return Some(r);
        }
        buf.clear();
        buf.extend(form.chars().flat_map(char::to_lowercase));
        self.exceptions
            .get(&word_key(buf, upos))
            .copied()
            .or_else(|| self.suffix_rule(buf, upos))
    }

    /// Write the lemma of `form` tagged `upos` into `out`; `buf` is scratch space.
    pub fn lemma_into(&self, form: &str, upos: Upos, out: &mut String, buf: &mut String) {
        let rule = self.rule_for(form, upos, buf);
        match rule.and_then(|r| self.rules.get(r as usize)) {
            Some(r) => r.apply(form, out),
            None => {
                out.clear();
                out.push_str(form);
            }
        }
    }

    /// The lemma of `form` tagged `upos`.
    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        let (mut out, mut buf) = (String::new(), String::new());
        self.lemma_into(form, upos, &mut out, &mut buf);
        out
    }

    /// Learn from `(form, upos, lemma)` triples. Suffix statistics count word types (each
    /// distinct lower-cased word and tag once, with its most frequent rule), which generalises
    /// to unseen words better than counting tokens; a suffix rule needs `min_types` types.
    pub fn train<'a>(
        data: impl Iterator<Item = (&'a str, Upos, &'a str)>,
        min_types: usize,
    ) -> Lemmatizer {
        let mut by_type: HashMap<(String, Upos), HashMap<Rule, usize>> = HashMap::new();
        let mut by_form: HashMap<(String, Upos), HashMap<Rule, usize>> = HashMap::new();
        for (form, upos, lemma) in data {
            if lemma == "_" {
                continue;
            }
            let rule = Rule::learn(form, lemma);
            *by_form
                .entry((form.to_string(), upos))
                .or_default()
                .entry(rule.clone())
                .or_default() += 1;
            *by_type
                .entry((form.to_lowercase(), upos))
                .or_default()
                .entry(rule)
                .or_default() += 1;
        }
        let types = majority(by_type);
        let forms = majority(by_form);
        let mut lem = Lemmatizer::default();
        let mut rule_ids: HashMap<Rule, u32> = HashMap::new();
        let mut id_of = |r: &Rule, rules: &mut Vec<Rule>| {
            *rule_ids.entry(r.clone()).or_insert_with(|| {
                rules.push(r.clone());
                rules.len() as u32 - 1
            })
        };
        // Suffix statistics: (upos, k, suffix) -> rule -> types.
        let mut stats: HashMap<(Upos, usize, String), HashMap<u32, usize>> = HashMap::new();
        for ((lower, upos), rule) in &types {
            let id = id_of(rule, &mut lem.rules);
            for (k, start) in suffix_starts(lower) {
                *stats
                    .entry((*upos, k, lower[start..].to_string()))
                    .or_default()
                    .entry(id)
                    .or_default() += 1;
            }
        }
        let mut entries: Vec<_> = stats
            .into_iter()
            .filter_map(|(key, rules)| {
                let total: usize = rules.values().sum();
                let (rule, _) = rules
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                (key.1 == 0 || total >= min_types).then_some((key, rule))
            })
            .collect();
        entries.sort();
        for ((upos, k, suffix), rule) in entries {
            let key = suffix_key(upos, k, &suffix);
            lem.suffixes.insert(key, rule);
            lem.order.1.push(key);
        }
        for ((lower, upos), rule) in &types {
            let id = id_of(rule, &mut lem.rules);
            if lem.suffix_rule(lower, *upos) != Some(id) {
                let key = word_key(lower, *upos);
                lem.exceptions.insert(key, id);
                lem.order.0.push(key);
            }
        }
        // Forms whose own lemma differs from their lower-cased form's (`i` -> `I`).
        let mut buf = String::new();
        for ((form, upos), rule) in &forms {
            let id = id_of(rule, &mut lem.rules);
            if lem.rule_for(form, *upos, &mut buf) != Some(id) {
                let key = exact_key(form, *upos);
                lem.exceptions.insert(key, id);
                lem.order.0.push(key);
            }
        }
        lem
    }

    /// Number of (rules, exceptions, suffix entries).
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.rules.len(), self.exceptions.len(), self.suffixes.len())
    }

    /// Serialise.
    pub fn write(&self, out: &mut Sink) {
        out.u32(self.rules.len() as u32);
        for r in &self.rules {
            out.u8(r.lower as u8);
            out.u8(r.strip);
            out.str(&r.append);
        }
        for (keys, map) in [
            (&self.order.0, &self.exceptions),
            (&self.order.1, &self.suffixes),
        ] {
            out.u32(keys.len() as u32);
            for k in keys {
                out.u64(*k);
                out.u32(map[k]);
            }
        }
    }

    /// Read what [`Lemmatizer::write`] wrote.
    pub fn read(cur: &mut Cursor<'_>) -> Result<Lemmatizer, Error> {
        let what = "lemma rules";
        let n = cur.u32(what)? as usize;
        cur.need(n.saturating_mul(6), what)?;
        let mut lem = Lemmatizer::default();
        for _ in 0..n {
            let lower = cur.u8(what)? != 0;
            let strip = cur.u8(what)?;
            let append = cur.str(what)?.to_string();
            lem.rules.push(Rule {
                lower,
                strip,
                append,
            });
        }
        for what in ["lemma exceptions", "lemma suffixes"] {
            let n = cur.u32(what)? as usize;
            cur.need(n.saturating_mul(12), what)?;
            for _ in 0..n {
                let k = cur.u64(what)?;
                let r = cur.u32(what)?;
                if r as usize >= lem.rules.len() {
                    return Err(cur.error(format!("{what}: rule {r} out of range")));
                }
                if what == "lemma exceptions" {
                    lem.exceptions.insert(k, r);
                    lem.order.0.push(k);
                } else {
                    lem.suffixes.insert(k, r);
                    lem.order.1.push(k);
                }
            }
        }
        Ok(lem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_edit_the_end_and_fold_case() {
        let r = Rule::learn("Studies", "study");
        assert_eq!(
            r,
            Rule {
                lower: true,
                strip: 3,
                append: "y".into()
            }
        );
        let mut out = String::new();
        r.apply("Ponies", &mut out);
        assert_eq!(out, "pony");
        assert!(!Rule::learn("Obama", "Obama").lower);
        assert!(Rule::learn("the", "the").lower);
    }
}
