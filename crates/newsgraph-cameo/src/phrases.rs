//! Longest-match lookup of multi-word phrases in a token sequence (Aho-Corasick, anchored at
//! each token), shared by the actor and agent dictionaries.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use std::collections::HashMap;

use crate::Error;

/// Normalised words of a phrase or text: lower case, `’` as `'`, a trailing possessive `'s`
/// split off as its own word (`Lord's` → `lord 's`), hyphenated words split at the hyphen
/// and lone hyphens dropped, so that `Ki-moon`, `Ki - moon` and `ki-moon` meet. Returns each
/// word with the index of the input token it came from.
pub fn normalise(tokens: &[&str]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        let t = tok.to_lowercase().replace('’', "'");
        for part in t.split('-').filter(|p| !p.is_empty()) {
            match part.strip_suffix("'s") {
                Some(stem) if !stem.is_empty() => {
                    out.push((stem.to_string(), i));
                    out.push(("'s".to_string(), i));
                }
                _ => out.push((part.to_string(), i)),
            }
        }
    }
    out
}

/// One phrase to index: its words (already split on blanks), whether its last word may
/// continue (PETRARCH's stem match), and the payload it stands for.
pub struct Entry<T> {
    /// The phrase as written in the data file (blank-separated words).
    pub phrase: String,
    /// Last word is a prefix (`afghan*` meets `Afghanistan`).
    pub stem: bool,
    /// What a match returns.
    pub value: T,
}

/// A match: token span `[start, end)` of the input and the values of every entry whose
/// phrase matched there (several actors may share a name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span<'a, T> {
    /// First input token.
    pub start: usize,
    /// One past the last input token.
    pub end: usize,
    /// The values of the entries with this phrase.
    pub values: &'a [T],
}

/// The index.
pub struct PhraseIndex<T> {
    ac: Option<AhoCorasick>,
    values: Vec<Vec<T>>,
}

impl<T> std::fmt::Debug for PhraseIndex<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhraseIndex({} phrases)", self.values.len())
    }
}

impl<T> PhraseIndex<T> {
    /// Build from entries; equal phrases (after normalising) share one pattern.
    pub fn build(entries: impl IntoIterator<Item = Entry<T>>) -> Result<Self, Error> {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut patterns = Vec::new();
        let mut values: Vec<Vec<T>> = Vec::new();
        for e in entries {
            let words: Vec<&str> = e.phrase.split(' ').collect();
            let norm: Vec<String> = normalise(&words).into_iter().map(|(w, _)| w).collect();
            if norm.is_empty() {
                continue;
            }
            // Exact phrases end at a word boundary (the trailing blank); stems need not.
            let mut pat = norm.join(" ");
            if !e.stem {
                pat.push(' ');
            }
            let id = *ids.entry(pat.clone()).or_insert_with(|| {
                patterns.push(pat);
                values.push(Vec::new());
                values.len() - 1
            });
            values[id].push(e.value);
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(&patterns)
                    .map_err(|e| Error::Index(e.to_string()))?,
            )
        };
        Ok(PhraseIndex { ac, values })
    }

    /// Number of distinct phrases.
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// Longest matches, left to right, not overlapping. `accept(start, end)` may veto a span
    /// (the case rule); the next shorter match at the same start is not tried then, as the
    /// longest phrase is the one a reader would take.
    pub fn find(&self, tokens: &[&str], accept: impl Fn(usize, usize) -> bool) -> Vec<Span<'_, T>> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let words = normalise(tokens);
        let mut hay = String::new();
        let mut starts = Vec::with_capacity(words.len());
        for (w, _) in &words {
            starts.push(hay.len());
            hay.push_str(w);
            hay.push(' ');
        }
        let mut out = Vec::new();
        let mut wi = 0;
        while wi < words.len() {
            // A word that merely continues the previous token (`'s`, the rest of a hyphenated
            // word) cannot start a name.
            if wi > 0 && words[wi].1 == words[wi - 1].1 {
                wi += 1;
                continue;
            }
            let input = Input::new(&hay)
                .span(starts[wi]..hay.len())
                .anchored(Anchored::Yes);
            let Some(m) = ac.find(input) else {
                wi += 1;
                continue;
            };
            // The match covers every word it touches; a stem's last word is taken whole.
            let last_word = starts.partition_point(|&s| s < m.end()) - 1;
            let mut end_word = last_word;
            // A match must end where an input token ends (`Ki` alone is not `Ki-moon`'s start).
            while end_word + 1 < words.len()
                && words[end_word + 1].1 == words[end_word].1
                && words[end_word + 1].0 != "'s"
            {
                end_word += 1;
            }
            let hay_end_ok = end_word == last_word;
            let (start, end) = (words[wi].1, words[end_word].1 + 1);
            if hay_end_ok && accept(start, end) {
                out.push(Span {
                    start,
                    end,
                    values: &self.values[m.pattern().as_usize()],
                });
                wi = end_word + 1;
            } else {
                wi += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(phrases: &[(&str, bool)]) -> PhraseIndex<usize> {
        PhraseIndex::build(phrases.iter().enumerate().map(|(i, (p, stem))| Entry {
            phrase: p.to_string(),
            stem: *stem,
            value: i,
        }))
        .unwrap()
    }

    fn spans(ix: &PhraseIndex<usize>, text: &str) -> Vec<(usize, usize, Vec<usize>)> {
        let toks: Vec<&str> = text.split(' ').collect();
        ix.find(&toks, |_, _| true)
            .into_iter()
            .map(|s| (s.start, s.end, s.values.to_vec()))
            .collect()
    }

    #[test]
    fn longest_match_wins_and_matches_do_not_overlap() {
        let ix = index(&[
            ("bill clinton", false),
            ("president bill clinton", false),
            ("clinton", false),
        ]);
        assert_eq!(
            spans(&ix, "Then President Bill Clinton met Clinton"),
            vec![(1, 4, vec![1]), (5, 6, vec![2])]
        );
    }

    #[test]
    fn hyphens_possessives_and_stems() {
        let ix = index(&[
            ("ban ki-moon", false),
            ("lord's resistance army", false),
            ("afghan", true),
        ]);
        assert_eq!(spans(&ix, "Ban Ki - moon said"), vec![(0, 4, vec![0])]);
        assert_eq!(spans(&ix, "Ban Ki-moon's aide"), vec![(0, 2, vec![0])]);
        assert_eq!(
            spans(&ix, "the Lord 's Resistance Army"),
            vec![(1, 5, vec![1])]
        );
        assert_eq!(
            spans(&ix, "Afghanistan and Afghans"),
            vec![(0, 1, vec![2]), (2, 3, vec![2])]
        );
        assert!(spans(&ix, "Ban Ki").is_empty());
    }

    #[test]
    fn shared_names_return_every_value_and_vetoes_skip() {
        let ix = index(&[("abbas", false), ("abbas", false)]);
        assert_eq!(spans(&ix, "Abbas spoke"), vec![(0, 1, vec![0, 1])]);
        let toks = ["abbas", "spoke"];
        assert!(ix.find(&toks, |_, _| false).is_empty());
    }
}
