use super::*;
use crate::document::{Document, Meta};
use crate::stages::segment::{segment, segment_titled, SegmentData};
use proptest::prelude::*;

fn seg_data() -> SegmentData {
    SegmentData::load(&DataDir::from_env()).expect("segment data")
}

fn sentences(text: &str, title: Option<&str>) -> Vec<String> {
    let seg = segment_titled(text, &seg_data(), title);
    seg.sentences
        .iter()
        .map(|s| text[s.span.start()..s.span.end()].to_string())
        .collect()
}

/// `words` wrapped at `width` columns the way `textwrap` does (greedy, break at spaces).
fn wrap(words: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in words.split_whitespace() {
        let n = w.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += n;
    }
    out
}

const PARA: &str = "The foreign ministers of the three coastal states met in the harbour \
    town of Lorvik on Tuesday to discuss the stalled negotiations over fishing rights in the \
    northern waters, and they agreed to meet again before the end of the season.";

#[test]
fn wrapped_paragraph_is_one_sentence_with_spans_into_the_original() {
    let text = wrap(PARA, 68);
    assert!(text.matches('\n').count() >= 3, "{text}");
    let seg = segment(&text, &seg_data());
    assert_eq!(seg.sentences.len(), 1, "{:?}", sentences(&text, None));
    let s = seg.sentences[0].span;
    assert_eq!((s.start(), s.end()), (0, text.len()));
    let words: Vec<&str> = text[s.start()..s.end()].split_whitespace().collect();
    assert_eq!(words, PARA.split_whitespace().collect::<Vec<_>>());
    assert!(seg.sentences[0].paragraph_start);
}

#[test]
fn wrapped_paragraphs_keep_their_sentences_and_paragraph_starts() {
    let second = "Officials on both sides declined to comment on the talks when asked by \
        reporters. They left the building late in the evening without a word.";
    let text = format!("{}\n{}\n", wrap(PARA, 68), wrap(second, 68));
    let got = sentences(&text, None);
    let want: Vec<String> = [
        PARA,
        "Officials on both sides declined to comment on the talks when asked by reporters.",
        "They left the building late in the evening without a word.",
    ]
    .iter()
    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    .collect();
    let got_norm: Vec<String> = got
        .iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(got_norm, want);
    let seg = segment(&text, &seg_data());
    let starts: Vec<bool> = seg.sentences.iter().map(|s| s.paragraph_start).collect();
    assert_eq!(starts, vec![true, true, false]);
}

#[test]
fn unwrapped_text_has_no_soft_breaks() {
    let d = ReflowData::default();
    let text = format!("{PARA}\nA second paragraph follows here.\n{PARA}\n");
    assert!(soft_breaks(&text, &d).is_empty());
    // Short lines of verse or a list without markers are not wrapped text.
    let verse = "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you\n";
    assert!(soft_breaks(verse, &d).is_empty());
    assert_eq!(wrap_width(verse), None);
    // One sentence a line, lines of nearly one length: not wrapped either.
    let lines = "Japan said it would send ships to the area.\n\
                 China said it would respond to the move.\n\
                 Korea said it was watching the situation.\n\
                 India said it had not been told in advance.\n";
    assert_eq!(wrap_width(lines), None);
    // Prose wrapped at 68 columns is.
    assert!(wrap_width(&wrap(PARA, 68)).is_some_and(|w| w <= 68 && w > 60));
}

#[test]
fn list_items_and_datelines_after_a_single_newline_still_break() {
    let d = ReflowData::load(&DataDir::from_env()).expect("reflow data");
    let lead = wrap(PARA, 68);
    let list = format!(
        "{lead}\n- the first point of the agreement, on quotas for the coming season\n\
         2. the second point, on inspections at sea by the coast guards of all\n"
    );
    let soft = soft_breaks(&list, &d);
    let lines: Vec<&str> = list.lines().collect();
    // Every break inside the wrapped paragraph is soft; the two before the items are hard.
    assert_eq!(soft.len(), lead.matches('\n').count());
    assert!(soft.iter().all(|s| s.end() <= lead.len()));
    assert!(lines.len() >= 5);

    // The headline line is full, but the dateline after it opens a new paragraph.
    let dated = format!(
        "{}\n{}\n",
        "Ministers agree to meet again over fishing rights in the far north",
        wrap(&format!("LORVIK — {PARA}"), 68)
    );
    assert!(!soft_breaks(&dated, &d).iter().any(|s| s.start() < 70));
    let data = seg_data();
    let seg = segment(&dated, &data);
    let dl = seg.dateline.expect("dateline");
    assert_eq!(dl.place, "LORVIK");
    assert!(seg.sentences.iter().all(|s| !s.span.overlaps(dl.span)));
}

#[test]
fn markers_match_their_shapes() {
    let d = ReflowData::load(&DataDir::from_env()).expect("reflow data");
    for yes in [
        "- item", "• item", "1. item", "12) item", "(3) item", "a) item", "(b) item",
    ] {
        assert!(d.starts_list_item(yes), "{yes}");
    }
    for no in [
        "-item",
        "2024. The",
        "123. x",
        "A. Smith",
        "— an aside",
        "1.",
        "word",
    ] {
        assert!(!d.starts_list_item(no), "{no}");
    }
    let mut bad = ReflowData::default();
    assert!(bad.add_marker("a b").is_err());
}

#[test]
fn dateline_shapes() {
    assert!(starts_dateline("SEOUL, South Korea — Officials"));
    assert!(starts_dateline("WASHINGTON (AP) - The"));
    assert!(starts_dateline("TOKYO — The"));
    assert!(!starts_dateline("Tokyo — The"));
    assert!(!starts_dateline("NATO said on Monday"));
    assert!(!starts_dateline("A — b"));
}

#[test]
fn title_is_kept_out_of_the_sentences() {
    let text = "Ports reopen after the storm\n\nThe ports reopened on Monday. Trade resumed.\n";
    let got = sentences(text, Some("Ports reopen after the storm"));
    assert_eq!(got, vec!["The ports reopened on Monday.", "Trade resumed."]);
    // Without a title, or with a title the text does not open with, the line is a sentence.
    assert_eq!(sentences(text, None).len(), 3);
    assert_eq!(sentences(text, Some("Another title")).len(), 3);
}

#[test]
fn hard_and_soft_newlines_for_quotes() {
    let text = wrap(PARA, 40);
    let data = seg_data();
    let seg = segment(&text, &data);
    let nl = text.find('\n').expect("wrapped");
    assert!(!hard_newline(&seg.tokens, nl));
    assert!(same_paragraph(&text, &seg.tokens, 0, text.len()));
    assert_eq!(
        split_paragraphs(&text, &seg.tokens, Span::new(0, text.len())).len(),
        1
    );
    assert_eq!(
        paragraphs(&text, &seg.tokens, &seg.sentences),
        vec![(0, text.len())]
    );
    let two = "One line here.\n\nAnother line.";
    let seg = segment(two, &data);
    assert!(hard_newline(&seg.tokens, 14));
    assert!(!same_paragraph(two, &seg.tokens, 0, two.len()));
    assert_eq!(
        paragraphs(two, &seg.tokens, &seg.sentences),
        vec![(0, 14), (16, 29)]
    );
}

#[test]
fn quote_wrapped_over_three_lines_is_one_quote() {
    let body = "“We have waited for this agreement for a very long time, and now we \
        will make sure that every boat in the northern waters can fish again without \
        fear of the patrols,” Minister Anna Varga told reporters in Lorvik on Tuesday.";
    let text = format!("{}\n\nThe talks end on Friday.\n", wrap(body, 60));
    assert!(text[..text.find("\n\n").unwrap()].matches('\n').count() >= 2);
    let pipeline = crate::pipeline::standard_for_tests();
    let mut doc = Document::new(text.clone(), Meta::default());
    pipeline.run(&mut doc).expect("pipeline");
    let quotes: Vec<&crate::document::Quote> = doc.quotes().iter().filter(|q| q.direct).collect();
    assert_eq!(quotes.len(), 1, "{:?}", doc.quotes());
    let q = quotes[0];
    let said: Vec<&str> = doc.text_of(q.span).split_whitespace().collect();
    assert_eq!(said.first(), Some(&"We"));
    assert_eq!(said.last(), Some(&"patrols,"));
    assert_eq!(q.parts.len(), 1, "one paragraph: {:?}", q.parts);
    let speaker = q.speaker.expect("speaker");
    assert_eq!(doc.entities()[speaker.ix()].name, "Anna Varga");
}

proptest! {
    #[test]
    fn wrapped_sentence_spans_stay_on_boundaries(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "the", "Minister", "said", "“We", "will,”", "Seoul.", "Ünal", "—", "- item",
                "1.", "naïve", "東京", "SEOUL", "talks.", "Jong-", "un", "(AP)", "‘no’", "\n",
                "\n\n", "a", "coast-guard", "...", "U.S.", "«oui»", "\r\n",
            ]),
            0..120,
        ),
        width in 10usize..90,
    ) {
        let text = wrap(&words.join(" "), width);
        let data = seg_data();
        let seg = segment_titled(&text, &data, Some("the Minister"));
        let mut last = 0;
        for s in &seg.sentences {
            prop_assert!(s.span.start() <= s.span.end() && s.span.end() <= text.len());
            prop_assert!(text.is_char_boundary(s.span.start()));
            prop_assert!(text.is_char_boundary(s.span.end()));
            prop_assert!(s.span.start() >= last);
            last = s.span.end();
        }
        for b in soft_breaks(&text, &data.reflow) {
            prop_assert!(text.is_char_boundary(b.start()) && text.is_char_boundary(b.end()));
        }
    }
}
