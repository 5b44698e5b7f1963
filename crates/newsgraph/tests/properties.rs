//! Property tests of the whole pipeline: on arbitrary Unicode text and on text assembled from
//! news-like fragments (names, titles, quotation marks curly and straight, datelines, dashes,
//! scripts other than Latin), written for these tests, the standard pipeline
//!
//! - never panics and never fails;
//! - puts every span (every `{start, end}` in the document's layers and in its JSON output) on
//!   UTF-8 character boundaries inside the text, with `start <= end`;
//! - gives every mention and quote a `text` equal to the slice of the document it points at;
//! - is deterministic: two runs over the same text give the same document and the same output.
//!
//! Spans are found generically, by walking the serialised document and output for objects with
//! numeric `start` and `end`, so layers added later (events, dates) are checked too. Case counts
//! are kept modest so that `cargo test` stays quick.

use crate::pipeline;
use newsgraph::output::DocOutput;
use newsgraph::{Document, Meta};
use proptest::prelude::*;
use serde_json::Value;

/// Run the pipeline over `text`, returning the document and its output rendered as JSON values.
fn run(text: &str) -> (Document, Value, Value) {
    let mut doc = Document::new(text.to_string(), Meta::default());
    pipeline()
        .run(&mut doc)
        .expect("the pipeline accepts any text");
    let out = serde_json::to_value(DocOutput::from_document(&doc)).expect("output serialises");
    let layers = serde_json::to_value(&doc).expect("document serialises");
    (doc, layers, out)
}

/// Check every `{start, end, [text]}` object under `v` against `text`; `path` names where it is.
fn check_spans(text: &str, v: &Value, path: &mut String) -> Result<usize, TestCaseError> {
    let mut n = 0;
    match v {
        Value::Object(map) => {
            if let (Some(s), Some(e)) = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
            ) {
                let (s, e) = (s as usize, e as usize);
                prop_assert!(s <= e, "{path}: start {s} after end {e}");
                prop_assert!(
                    e <= text.len(),
                    "{path}: end {e} past the text ({})",
                    text.len()
                );
                prop_assert!(
                    text.is_char_boundary(s) && text.is_char_boundary(e),
                    "{path}: {s}..{e} not on char boundaries in {text:?}"
                );
                // A quote with parts (interrupted) has as text its parts joined, not its slice.
                let has_parts = map
                    .get("parts")
                    .and_then(Value::as_array)
                    .is_some_and(|p| p.len() > 1);
                if let (Some(t), false) = (map.get("text").and_then(Value::as_str), has_parts) {
                    prop_assert_eq!(t, &text[s..e], "{}: text differs from its slice", path);
                }
                n += 1;
            }
            for (k, child) in map {
                let len = path.len();
                path.push('.');
                path.push_str(k);
                n += check_spans(text, child, path)?;
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                n += check_spans(text, child, path)?;
                path.truncate(len);
            }
        }
        _ => {}
    }
    Ok(n)
}

/// All the properties, for one text.
fn check(text: &str) -> Result<(), TestCaseError> {
    let (doc, layers, out) = run(text);
    check_spans(text, &layers, &mut String::from("doc"))?;
    check_spans(text, &out, &mut String::from("out"))?;
    for m in doc.mentions() {
        prop_assert!(doc.text.get(m.span.start()..m.span.end()).is_some());
    }
    let (doc2, layers2, out2) = run(text);
    prop_assert!(doc == doc2, "two runs over {text:?} differ");
    prop_assert_eq!(layers, layers2);
    prop_assert_eq!(out, out2);
    Ok(())
}

/// Pieces of news text: names, titles, countries, organisations, speech verbs, quotation marks
/// of every kind, datelines, dashes, numbers, and characters that are several bytes long.
const FRAGMENTS: &[&str] = &[
    "Aiko Tanabe",
    "Tanabe",
    "Mr.",
    "Ms. Okafor",
    "Jean-Pierre Lévêque",
    "Zoë O'Neill",
    "Park Min-jun",
    "Prime Minister",
    "the foreign minister",
    "a spokeswoman for the ministry",
    "President",
    "Defence Secretary",
    "China",
    "China’s",
    "the U.S.",
    "U.S.-led",
    "South Korea",
    "Türkiye",
    "Beijing",
    "Japanese",
    "NATO",
    "the United Nations",
    "Ministry of Defence",
    "Norvane Shipbuilding Co.",
    "said",
    "told reporters",
    "according to",
    "warned",
    "said on Monday that",
    "he said",
    "she added",
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "SEOUL, South Korea —",
    "WASHINGTON (AP) —",
    "TOKYO —",
    "—",
    "–",
    "-",
    ".",
    ",",
    ":",
    ";",
    "(",
    ")",
    "?",
    "!",
    "...",
    "…",
    "2024",
    "3.5",
    "1,200",
    "Jan. 5",
    "on Friday",
    "the talks",
    "would not comment",
    "北京",
    "القاهرة",
    "🚢",
    "e\u{301}",
    "\u{200d}",
    "\u{a0}",
    "\u{feff}",
    "\t",
];

/// Separators between fragments: spaces, line and paragraph breaks, nothing.
const SEPARATORS: &[&str] = &[" ", " ", " ", "", "\n", "\n\n", "\r\n", "  "];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(FRAGMENTS),
            prop::sample::select(SEPARATORS),
        ),
        0..60,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (f, sep) in parts {
            s.push_str(f);
            s.push_str(sep);
        }
        s
    })
}

/// Arbitrary text: any characters, or a dense mix of the characters that tokenisers trip on.
fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,300}",
        prop::collection::vec(
            prop::sample::select(vec![
                'a', 'Z', ' ', '\n', '\r', '.', '\'', '"', '“', '”', '‘', '’', '—', '-', '(', ')',
                'É', 'ß', 'İ', 'ǅ', '０', '٣', '\u{301}', '\u{200b}', '\u{2028}', '😀', '\0',
            ]),
            0..200,
        )
        .prop_map(|cs| cs.into_iter().collect::<String>()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_properties_hold_on_arbitrary_text(text in arbitrary_text()) {
        check(&text)?;
    }

    #[test]
    fn pipeline_properties_hold_on_news_like_text(text in news_like()) {
        check(&text)?;
    }
}

#[test]
fn properties_hold_on_edge_cases() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "“",
        "”Unbalanced quote.",
        "SEOUL, South Korea —",
        "WASHINGTON (AP) — “We will not,” said Aiko Tanabe, the Prime Minister.",
        "‘’“”\"'",
        "Mr.",
        "U.S.",
        "e\u{301}e\u{301} said “\u{a0}”",
    ] {
        check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}

#[test]
fn span_check_finds_spans_in_output() {
    let (_, layers, out) = run("“We will not,” said Aiko Tanabe, the Prime Minister of Japan.");
    let n = check_spans(
        "“We will not,” said Aiko Tanabe, the Prime Minister of Japan.",
        &out,
        &mut String::new(),
    )
    .expect("spans are valid");
    assert!(n > 3, "only {n} spans found in {out}");
    assert!(
        layers.get("tokens").is_some(),
        "document layers serialise by name"
    );
}
