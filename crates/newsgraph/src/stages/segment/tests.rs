use super::*;
use std::sync::OnceLock;

fn data() -> &'static SegmentData {
    static DATA: OnceLock<SegmentData> = OnceLock::new();
    DATA.get_or_init(|| SegmentData::load(&DataDir::from_env()).expect("segment data loads"))
}

fn toks(text: &str) -> Vec<&str> {
    tokenize(text, data())
        .iter()
        .map(|t| &text[t.span.start()..t.span.end()])
        .collect()
}

fn sents(text: &str) -> Vec<&str> {
    segment(text, data())
        .sentences
        .iter()
        .map(|s| &text[s.span.start()..s.span.end()])
        .collect()
}

fn dateline(text: &str) -> Option<(String, String)> {
    segment(text, data()).dateline.map(|d| {
        (
            text[d.span.start()..d.span.end()].to_string(),
            d.place.clone(),
        )
    })
}

#[test]
fn tokens_split_punctuation_and_keep_abbreviations() {
    assert_eq!(
        toks("Mr. Smith went to Washington, D.C., on Jan. 5."),
        vec![
            "Mr.",
            "Smith",
            "went",
            "to",
            "Washington",
            ",",
            "D.C.",
            ",",
            "on",
            "Jan.",
            "5",
            "."
        ]
    );
    assert_eq!(
        toks("the U.S.-led order"),
        vec!["the", "U.S.", "-", "led", "order"]
    );
}

#[test]
fn tokens_possessive_split_contraction_kept() {
    assert_eq!(
        toks("China’s view, Kim's plan, don't go"),
        vec!["China", "’s", "view", ",", "Kim", "'s", "plan", ",", "don't", "go"]
    );
    assert_eq!(toks("the U.S.’s role"), vec!["the", "U.S.", "’s", "role"]);
}

#[test]
fn tokens_pretokenized_possessive_is_one_word() {
    let text = "Japan 's team";
    let t = tokenize(text, data());
    assert_eq!(toks(text), vec!["Japan", "'s", "team"]);
    assert_eq!(t[1].kind, TokenKind::Word);
    assert_eq!(
        toks("She said 'so' twice"),
        vec!["She", "said", "'", "so", "'", "twice"]
    );
}

#[test]
fn tokens_plural_possessive_apostrophe_is_a_word() {
    let text = "the allies’ summit";
    let t = tokenize(text, data());
    assert_eq!(toks(text), vec!["the", "allies", "’", "summit"]);
    assert_eq!(t[2].kind, TokenKind::Word);
}

#[test]
fn tokens_hyphens_are_punct_without_space() {
    let text = "Yoon Suk-yeol and 75-year-old";
    let t = tokenize(text, data());
    assert_eq!(
        toks(text),
        vec!["Yoon", "Suk", "-", "yeol", "and", "75", "-", "year", "-", "old"]
    );
    assert!(!t[1].space_after && !t[2].space_after && t[3].space_after);
    assert_eq!(t[2].kind, TokenKind::Punct);
}

#[test]
fn tokens_numbers_with_separators() {
    let text = "It rose 3.5% to $1,000,000 in 2024.";
    let t = tokenize(text, data());
    assert_eq!(
        toks(text),
        vec![
            "It",
            "rose",
            "3.5",
            "%",
            "to",
            "$",
            "1,000,000",
            "in",
            "2024",
            "."
        ]
    );
    assert_eq!(t[2].kind, TokenKind::Number);
    assert_eq!(t[6].kind, TokenKind::Number);
    assert_eq!(t[8].kind, TokenKind::Number);
}

#[test]
fn tokens_quotes_and_dashes() {
    let text = "“Yes,” he said — and \"no\" -- maybe...";
    let t = tokenize(text, data());
    assert_eq!(
        toks(text),
        vec![
            "“", "Yes", ",", "”", "he", "said", "—", "and", "\"", "no", "\"", "--", "maybe", "..."
        ]
    );
    assert_eq!(t[0].kind, TokenKind::Quote);
    assert_eq!(t[3].kind, TokenKind::Quote);
    assert_eq!(t[6].kind, TokenKind::Punct);
}

#[test]
fn tokens_initials_and_number_abbreviation() {
    assert_eq!(
        toks("J.K. Rowling met John F. Kennedy"),
        vec!["J.K.", "Rowling", "met", "John", "F.", "Kennedy"]
    );
    assert_eq!(toks("No. 2 and no."), vec!["No.", "2", "and", "no", "."]);
}

#[test]
fn tokens_line_start_and_space_after() {
    let text = "One two\r\nThree";
    let t = tokenize(text, data());
    assert_eq!(toks(text), vec!["One", "two", "Three"]);
    assert!(t[0].line_start && !t[1].line_start && t[2].line_start);
    assert!(t[1].space_after && !t[2].space_after);
}

#[test]
fn sentences_split_on_period_question_exclamation() {
    assert_eq!(
        sents("It rained. Was it cold? Yes! Very."),
        vec!["It rained.", "Was it cold?", "Yes!", "Very."]
    );
}

#[test]
fn sentences_keep_title_and_month_abbreviations() {
    assert_eq!(
        sents(
            "Mr. Lee and Dr. Park met Gen. Ahn on Sept. 3. Sen. Kim, Rep. Cho and Gov. Yi agreed."
        ),
        vec![
            "Mr. Lee and Dr. Park met Gen. Ahn on Sept. 3.",
            "Sen. Kim, Rep. Cho and Gov. Yi agreed."
        ]
    );
    assert_eq!(
        sents("Lt. Col. Ito of Acme Inc. and Foo Corp. spoke. Bar Ltd. and Baz Co. did not."),
        vec![
            "Lt. Col. Ito of Acme Inc. and Foo Corp. spoke.",
            "Bar Ltd. and Baz Co. did not."
        ]
    );
    assert_eq!(
        sents("He lives on Elm St. near the U.K. border, vs. the rest, etc. and more."),
        vec!["He lives on Elm St. near the U.K. border, vs. the rest, etc. and more."]
    );
}

#[test]
fn sentences_abbreviation_at_sentence_end_before_starter() {
    assert_eq!(
        sents("The talks were held in the U.S. The next day they left."),
        vec!["The talks were held in the U.S.", "The next day they left."]
    );
    assert_eq!(
        sents("Officials in the U.S. Army declined."),
        vec!["Officials in the U.S. Army declined."]
    );
    assert_eq!(
        sents("It makes chips, phones, etc. But profits fell."),
        vec!["It makes chips, phones, etc.", "But profits fell."]
    );
}

#[test]
fn sentences_keep_initials() {
    assert_eq!(
        sents("John F. Kennedy met J.K. Rowling. She smiled."),
        vec!["John F. Kennedy met J.K. Rowling.", "She smiled."]
    );
}

#[test]
fn sentences_keep_decimals_and_numbered_items() {
    assert_eq!(
        sents("Growth was 2.5 percent. It ranks No. 2 in Asia."),
        vec!["Growth was 2.5 percent.", "It ranks No. 2 in Asia."]
    );
}

#[test]
fn sentences_ellipsis() {
    assert_eq!(
        sents("We waited… and waited... Then it came. Well ... maybe."),
        vec![
            "We waited… and waited...",
            "Then it came.",
            "Well ... maybe."
        ]
    );
}

#[test]
fn sentences_ellipsis_between_quoted_sentences_joins_the_first() {
    assert_eq!(
        sents("“We met. … Our plan holds.” He left."),
        vec!["“We met. …", "Our plan holds.”", "He left."]
    );
}

#[test]
fn sentences_quote_spanning_two_sentences() {
    assert_eq!(
        sents("“We are ready. We will act,” she said. Then she left."),
        vec![
            "“We are ready.",
            "We will act,” she said.",
            "Then she left."
        ]
    );
    assert_eq!(
        sents("He said: “It is over.” The crowd cheered."),
        vec!["He said: “It is over.”", "The crowd cheered."]
    );
    assert_eq!(
        sents("She said: \"It is over.\" The crowd cheered."),
        vec!["She said: \"It is over.\"", "The crowd cheered."]
    );
}

#[test]
fn sentences_question_and_exclamation_in_quotes() {
    assert_eq!(
        sents("“Why now?” he asked. “Because!” she said. “Go!” Nobody moved."),
        vec![
            "“Why now?” he asked.",
            "“Because!” she said.",
            "“Go!”",
            "Nobody moved."
        ]
    );
}

#[test]
fn sentences_end_with_question_or_exclamation_inside_quotes() {
    assert_eq!(
        sents("She asked: “Is it over?” The room fell silent. He shouted “Stop!” Nobody did."),
        vec![
            "She asked: “Is it over?”",
            "The room fell silent.",
            "He shouted “Stop!”",
            "Nobody did."
        ]
    );
    assert_eq!(
        sents("He asked \"why?\" and left. It ended!) Then quiet."),
        vec!["He asked \"why?\" and left.", "It ended!)", "Then quiet."]
    );
}

#[test]
fn sentences_keep_attribution_dash_after_quote() {
    assert_eq!(
        sents("“We will vote. It matters.” ― Ana Ruiz"),
        vec!["“We will vote.", "It matters.” ― Ana Ruiz"]
    );
}

#[test]
fn sentences_never_cross_lines_and_headline_is_own_sentence() {
    let text = "Leaders meet in Vilnius\r\nThe summit opened. It ended\nlate at night.\r\n";
    let s = segment(text, data());
    let got: Vec<&str> = s
        .sentences
        .iter()
        .map(|x| &text[x.span.start()..x.span.end()])
        .collect();
    assert_eq!(
        got,
        vec![
            "Leaders meet in Vilnius",
            "The summit opened.",
            "It ended",
            "late at night."
        ]
    );
    let starts: Vec<bool> = s.sentences.iter().map(|x| x.paragraph_start).collect();
    assert_eq!(starts, vec![true, true, false, true]);
}

#[test]
fn sentences_lowercase_after_period_does_not_split() {
    assert_eq!(
        sents("The approx. total was high. Markets fell."),
        vec!["The approx. total was high.", "Markets fell."]
    );
}

#[test]
fn dateline_simple_forms() {
    assert_eq!(
        dateline("SEOUL, South Korea — Key allies met on Monday."),
        Some(("SEOUL, South Korea —".into(), "SEOUL, South Korea".into()))
    );
    assert_eq!(
        dateline("WASHINGTON (news agencies) — Leaders met."),
        Some(("WASHINGTON (news agencies) —".into(), "WASHINGTON".into()))
    );
    assert_eq!(
        dateline("WASHINGTON — Leaders met."),
        Some(("WASHINGTON —".into(), "WASHINGTON".into()))
    );
    assert_eq!(
        dateline("LONDON (Reuters) - Shares fell."),
        Some(("LONDON (Reuters) -".into(), "LONDON".into()))
    );
    assert_eq!(
        dateline("NEW YORK, March 3 (AP) — Stocks rose."),
        Some(("NEW YORK, March 3 (AP) —".into(), "NEW YORK".into()))
    );
    assert_eq!(
        dateline("KYIV, Ukraine – Sirens sounded overnight."),
        Some(("KYIV, Ukraine –".into(), "KYIV, Ukraine".into()))
    );
    assert_eq!(
        dateline("WASHINGTON, D.C. — Talks began."),
        Some(("WASHINGTON, D.C. —".into(), "WASHINGTON, D.C.".into()))
    );
}

#[test]
fn dateline_more_forms() {
    assert_eq!(
        dateline("ST. LOUIS (AP) — Storms hit."),
        Some(("ST. LOUIS (AP) —".into(), "ST. LOUIS".into()))
    );
    assert_eq!(
        dateline("BEIJING, Nov. 5 (Xinhua) -- Trade grew."),
        Some(("BEIJING, Nov. 5 (Xinhua) --".into(), "BEIJING".into()))
    );
    assert_eq!(
        dateline("WASHINGTON—Four countries met."),
        Some(("WASHINGTON—".into(), "WASHINGTON".into()))
    );
    assert_eq!(
        dateline("UNITED NATIONS (AP) — The council voted."),
        Some(("UNITED NATIONS (AP) —".into(), "UNITED NATIONS".into()))
    );
    assert_eq!(
        dateline("WINSTON-SALEM, N.C. — Votes were counted."),
        Some(("WINSTON-SALEM, N.C. —".into(), "WINSTON-SALEM, N.C.".into()))
    );
}

#[test]
fn dateline_rejects_headline_with_dash() {
    assert_eq!(dateline("NATO - Allies meet in Vilnius\nThey met."), None);
}

#[test]
fn dateline_is_outside_every_sentence() {
    let text = "SEOUL, South Korea — Key allies met. They agreed.";
    let s = segment(text, data());
    let d = s.dateline.expect("dateline");
    let got: Vec<&str> = s
        .sentences
        .iter()
        .map(|x| &text[x.span.start()..x.span.end()])
        .collect();
    assert_eq!(got, vec!["Key allies met.", "They agreed."]);
    assert!(s.sentences.iter().all(|x| !x.span.overlaps(d.span)));
    assert!(s.sentences[0].paragraph_start);
    assert_eq!(
        &text[d.place_span.start()..d.place_span.end()],
        "SEOUL, South Korea"
    );
    assert_eq!(s.tokens[0].span, Span::new(0, 5));
}

#[test]
fn dateline_on_second_line_after_headline() {
    let text = "Allies grow closer\nWASHINGTON — Four countries met.\nMore later.";
    let s = segment(text, data());
    assert_eq!(
        s.dateline.as_ref().map(|d| d.place.as_str()),
        Some("WASHINGTON")
    );
    let got: Vec<&str> = s
        .sentences
        .iter()
        .map(|x| &text[x.span.start()..x.span.end()])
        .collect();
    assert_eq!(
        got,
        vec!["Allies grow closer", "Four countries met.", "More later."]
    );
}

#[test]
fn dateline_after_headline_subhead_and_labels() {
    let text = "Leaders weigh new plans.\n\nAfter the vote, the bloc looks inward.\n\nFULL TEXT.\n\nBRUSSELS - Leaders met Friday.";
    assert_eq!(
        dateline(text),
        Some(("BRUSSELS -".into(), "BRUSSELS".into()))
    );
    assert_eq!(
        dateline("Headline here.\nHEMPSTEAD, N.Y., Sept. 26 (UPI) — A candidate spoke."),
        Some((
            "HEMPSTEAD, N.Y., Sept. 26 (UPI) —".into(),
            "HEMPSTEAD, N.Y.".into()
        ))
    );
    assert_eq!(
        dateline("WASHINGTON (AP) — The latest on the race (all times EDT):\nMore."),
        Some(("WASHINGTON (AP) —".into(), "WASHINGTON".into()))
    );
}

#[test]
fn dateline_not_after_a_body_paragraph_or_late_in_the_text() {
    let long = "word ".repeat(70);
    assert_eq!(
        dateline(&format!("{long}end.\nWASHINGTON — Four countries met.")),
        None
    );
    assert_eq!(
        dateline("A.\nB.\nC.\nD.\nE.\nF.\nWASHINGTON — Four countries met."),
        None
    );
    assert_eq!(
        dateline("Oz faces critics.\nCONGRESS HAS INVESTIGATED HIM TWICE — Oz went to a hearing."),
        None
    );
}

#[test]
fn dateline_rejects_ordinary_openings() {
    assert_eq!(dateline("NATO said it would expand."), None);
    assert_eq!(dateline("The US-China talks - which failed - ended."), None);
    assert_eq!(dateline("US-China talks resumed."), None);
    assert_eq!(dateline("NATO — the alliance — grew."), None);
    assert_eq!(dateline("FILE — A photo of the summit."), None);
    assert_eq!(dateline("Seoul — Allies met."), None);
    assert_eq!(
        dateline("SOCCER - JAPAN GET LUCKY WIN , CHINA LOSE ."),
        None
    );
}

#[test]
fn conll_lines_are_one_sentence_each() {
    let text = "Leicestershire beat Somerset by an innings and 39 runs . Mr. Smith played .\n\
                SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\n\
                LONDON 1996-08-30\n";
    let s = segment(text, data());
    let got: Vec<&str> = s
        .sentences
        .iter()
        .map(|x| &text[x.span.start()..x.span.end()])
        .collect();
    assert_eq!(
        got,
        vec![
            "Leicestershire beat Somerset by an innings and 39 runs . Mr. Smith played .",
            "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
            "LONDON 1996-08-30"
        ]
    );
    assert!(s.dateline.is_none());
}

#[test]
fn segment_handles_degenerate_inputs() {
    for text in [
        "",
        " ",
        "\n\n",
        ".",
        "“",
        "'",
        "...",
        "?!?!",
        "— —",
        "\r\n\r\n.",
    ] {
        let s = segment(text, data());
        check_invariants(text, &s);
    }
    assert!(segment("", data()).sentences.is_empty());
}

#[test]
fn stage_fills_layers() {
    let mut doc = Document::new("WASHINGTON — It works.".into(), Default::default());
    SegmentStage::for_tests().run(&mut doc).expect("runs");
    assert_eq!(doc.sentences().len(), 1);
    assert_eq!(doc.tokens().len(), 5);
    assert!(doc.dateline.is_some());
}

fn check_invariants(text: &str, s: &Segmented) {
    let mut prev_end = 0;
    for t in &s.tokens {
        let (a, b) = (t.span.start(), t.span.end());
        assert!(
            a < b && b <= text.len(),
            "token {a}..{b} out of {}",
            text.len()
        );
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        assert!(a >= prev_end, "tokens overlap or unsorted at {a}");
        prev_end = b;
    }
    let mut prev_end = 0;
    let mut prev_tok = 0;
    for x in &s.sentences {
        let (a, b) = (x.span.start(), x.span.end());
        assert!(a < b && b <= text.len());
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        assert!(a >= prev_end, "sentences overlap or unsorted");
        assert!(x.first_token.ix() >= prev_tok && x.first_token < x.end_token);
        prev_end = b;
        prev_tok = x.end_token.ix();
        // The token range covers exactly the tokens inside the span.
        let inside: Vec<usize> = (0..s.tokens.len())
            .filter(|&i| x.span.contains(s.tokens[i].span))
            .collect();
        assert_eq!(inside, x.token_range().collect::<Vec<_>>());
        assert!(
            reflow::same_paragraph(text, &s.tokens, a, b),
            "sentence crosses a paragraph break"
        );
    }
    if let Some(d) = &s.dateline {
        assert!(d.span.contains(d.place_span));
        assert!(s.sentences.iter().all(|x| !x.span.overlaps(d.span)));
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn newsish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Mr.".to_string()),
            Just("U.S.".to_string()),
            Just("WASHINGTON".to_string()),
            Just(" — ".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("’s".to_string()),
            Just("'".to_string()),
            Just("\"".to_string()),
            Just(". ".to_string()),
            Just("...".to_string()),
            Just("…".to_string()),
            Just("\r\n".to_string()),
            Just("\n".to_string()),
            Just(", ".to_string()),
            Just("(AP)".to_string()),
            Just("-".to_string()),
            Just("3.5".to_string()),
            "[A-Za-z]{1,8}",
            "[ ?!.]{1,3}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn segment_invariants_hold_on_newsish_text(text in newsish()) {
            check_invariants(&text, &segment(&text, data()));
        }

        #[test]
        fn segment_invariants_hold_on_any_unicode(text in "\\PC{0,80}") {
            check_invariants(&text, &segment(&text, data()));
        }

        #[test]
        fn segment_invariants_hold_on_arbitrary_chars(chars in prop::collection::vec(any::<char>(), 0..60)) {
            let text: String = chars.into_iter().collect();
            check_invariants(&text, &segment(&text, data()));
        }
    }
}
