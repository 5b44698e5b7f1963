//! Token-level scoring of extracted article text against the expected text: both are cut into
//! lower-case words (letters and digits), counted as multisets; precision is the share of the
//! extracted words that are expected, recall the share of the expected words extracted.
//! Shared by `tests/extraction.rs` and `examples/extract_compare.rs`.

use std::collections::HashMap;

/// Precision, recall and F1 of one page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Score `got` against `expected`.
pub fn score(got: &str, expected: &str) -> Score {
    let (g, e) = (words(got), words(expected));
    let overlap: usize = g
        .iter()
        .map(|(w, n)| (*n).min(e.get(w).copied().unwrap_or(0)))
        .sum();
    let total = |b: &HashMap<String, usize>| b.values().sum::<usize>();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(overlap, total(&g));
    let recall = ratio(overlap, total(&e));
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
    }
}

/// The pages of `tests/extraction/`: name, HTML, expected text, in name order.
pub fn pages() -> Vec<(String, Vec<u8>, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/extraction exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".html").map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let html = std::fs::read(dir.join(format!("{n}.html"))).expect("page");
            let txt = std::fs::read_to_string(dir.join(format!("{n}.txt"))).expect("expected");
            (n, html, txt)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_counts_words_as_multisets() {
        let s = score("the cat the dog", "The cat sat");
        assert!((s.precision - 0.5).abs() < 1e-9, "{s:?}");
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9, "{s:?}");
        assert_eq!(score("", "a").f1, 0.0);
    }
}
