//! The properties every fuzz target asserts, one function per target. The targets in
//! `fuzz/fuzz_targets/` include this file (`#[path]`), and `fuzz_regressions.rs` replays the
//! kept corpus through the same functions on stable Rust, so the two cannot drift apart.

use newsgraph::input::{html, jsonl, manifest, text};
use newsgraph::stages::events::time::{resolve, Tense, TimeData};
use newsgraph::{Document, Meta, Pipeline, Span};

/// Plain-text decoding never panics, and what it accepts is non-blank text that equals the
/// input when the input was UTF-8 (less a byte-order mark).
pub fn input_text(data: &[u8]) {
    if let Ok(decoded) = text::decode(data) {
        assert!(!decoded.text.trim().is_empty());
        if let Ok(s) = std::str::from_utf8(data) {
            if !text::looks_binary(data) && !data.starts_with(text::UTF8_BOM) {
                assert_eq!(decoded.text, s);
            }
        }
    }
}

/// HTML decoding and article extraction never panic; extracted text has no blank lines and no
/// line with leading or trailing spaces (a page without text gives empty text, no lines).
pub fn input_html(data: &[u8]) {
    let _ = text::decode_html(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let limited = html::limit_depth(s, 8);
        assert!(limited.len() <= s.len());
        let page = html::parse(s);
        // A page without text (an empty input, say) gives empty text: no lines at all.
        if !page.text.is_empty() {
            for line in page.text.split('\n') {
                assert!(!line.is_empty());
                assert_eq!(line, line.trim());
            }
        }
    }
}

/// A JSON Lines line either parses into an article with non-blank text or is an error message.
pub fn input_jsonl(line: &str) {
    if let Ok(Some(article)) = jsonl::parse_line(line) {
        assert!(!article.text.trim().is_empty());
    }
}

/// Manifest CSV parsing never panics, and every row it accepts has a path and a line number.
pub fn input_manifest(data: &[u8]) {
    if let Ok(rows) = manifest::parse(data, "fuzz.csv") {
        for row in rows.into_iter().flatten() {
            assert!(!row.path.as_os_str().is_empty());
            assert!(row.line >= 1);
        }
    }
}

/// Date resolution never panics, and a resolved range never ends before it starts, whatever
/// the expression and publication date.
pub fn date_resolver(data: &TimeData, (expr, y, m, d, future): (&str, i16, i8, i8, bool)) {
    let published = jiff::civil::Date::new(y, m, d).ok();
    let tense = if future { Tense::Future } else { Tense::Past };
    if let Some(r) = resolve(expr, published, tense, data) {
        if let (Some(a), Some(b)) = (r.value, r.end) {
            assert!(a <= b, "{expr:?}: range {a}..{b}");
        }
    }
}

/// The whole standard pipeline never fails or panics on any text, and every span it reports
/// lies inside the text, on character boundaries.
pub fn pipeline(pipeline: &Pipeline, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut doc = Document::new(text.to_string(), Meta::default());
    pipeline
        .run(&mut doc)
        .expect("the pipeline accepts any text");
    let ok = |s: Span| {
        s.start <= s.end
            && doc.text.is_char_boundary(s.start())
            && doc.text.is_char_boundary(s.end())
    };
    let spans = doc
        .tokens()
        .iter()
        .map(|t| t.span)
        .chain(doc.sentences().iter().map(|s| s.span))
        .chain(doc.mentions().iter().map(|m| m.span))
        .chain(doc.quotes().iter().flat_map(|q| {
            std::iter::once(q.span)
                .chain(q.cue)
                .chain(q.parts.iter().copied())
        }))
        .chain(doc.events().iter().flat_map(|e| [e.span, e.trigger]));
    for s in spans {
        assert!(
            ok(s),
            "span {}..{} in a text of {} bytes",
            s.start,
            s.end,
            text.len()
        );
    }
    let _ = newsgraph::output::DocOutput::from_document(&doc);
}
