//! Compare article-text extractors on the hand-written pages of `tests/extraction/`: the
//! library's own HTML reader and `dom_smoothie` (a Rust port of Mozilla's Readability).
//! Prints token-level precision, recall and F1 per page and the macro average.
//!
//! ```sh
//! cargo run -p newsgraph --example extract_compare
//! ```

#[path = "../tests/extraction/score.rs"]
mod score;

use newsgraph::input::{read_html, InputData};
use score::Score;

fn readability(html: &[u8]) -> String {
    let text = String::from_utf8_lossy(html);
    let parsed =
        dom_smoothie::Readability::new(text.as_ref(), None, None).and_then(|mut r| r.parse());
    match parsed {
        Ok(article) => article.text_content.to_string(),
        Err(_) => String::new(),
    }
}

fn main() {
    let data = InputData::builtin().expect("built-in data");
    let pages = score::pages();
    let mut sums = [Score::default(), Score::default()];
    println!(
        "{:<16} {:>22} {:>22}",
        "page", "newsgraph P/R/F1", "dom_smoothie P/R/F1"
    );
    for (name, html, expected) in &pages {
        let ours = read_html(html, name, None, &data)
            .map(|d| d.text)
            .unwrap_or_default();
        let theirs = readability(html);
        let scores = [
            score::score(&ours, expected),
            score::score(&theirs, expected),
        ];
        let cell = |s: &Score| format!("{:.2}/{:.2}/{:.2}", s.precision, s.recall, s.f1);
        println!(
            "{name:<16} {:>22} {:>22}",
            cell(&scores[0]),
            cell(&scores[1])
        );
        for (sum, s) in sums.iter_mut().zip(scores) {
            sum.precision += s.precision;
            sum.recall += s.recall;
            sum.f1 += s.f1;
        }
    }
    let n = pages.len() as f64;
    let avg = |s: &Score| format!("{:.3}/{:.3}/{:.3}", s.precision / n, s.recall / n, s.f1 / n);
    println!(
        "{:<16} {:>22} {:>22}",
        "macro",
        avg(&sums[0]),
        avg(&sums[1])
    );
}
