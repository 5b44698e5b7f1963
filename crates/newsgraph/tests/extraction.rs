//! The HTML reader's article text on hand-written pages of varied structure (a news site with
//! navigation, sidebar and comments; a blog; a wire story; an AMP page; related-link lists; a
//! cookie banner; a paywall teaser; a paginated article; a German page; unlabelled div soup),
//! scored word by word against the expected text. `examples/extract_compare.rs` prints the
//! same scores beside those of a readability port.

mod score;

use newsgraph::input::{read_html, InputData};

#[test]
fn extraction_scores_stay_at_their_measured_level() {
    let data = InputData::builtin().unwrap();
    let mut total = 0.0;
    let pages = score::pages();
    assert!(pages.len() >= 10);
    for (name, html, expected) in &pages {
        let doc = read_html(html, name, None, &data).unwrap();
        let s = score::score(&doc.text, expected);
        // Every page keeps its whole story and not much else (measured on 2026-12-02: recall
        // 1.00 everywhere, precision 0.74 at worst, on the unlabelled div soup, whose menu and
        // headline line are kept).
        assert!(
            s.recall >= 0.95 && s.precision >= 0.7,
            "{name}: {s:?}\n{}",
            doc.text
        );
        total += s.f1;
    }
    let macro_f1 = total / pages.len() as f64;
    // Measured 0.967 (examples/extract_compare.rs); dom_smoothie scores 0.950 on these pages.
    assert!(macro_f1 >= 0.95, "macro F1 {macro_f1:.3}");
}
