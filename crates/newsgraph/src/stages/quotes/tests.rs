use super::*;
use crate::document::MentionIx;
use crate::testing::DocBuilder;
use proptest::strategy::Strategy;
use std::sync::OnceLock;

fn data() -> Arc<QuoteData> {
    static DATA: OnceLock<Arc<QuoteData>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(QuoteData::load(&DataDir::from_env()).expect("quote data")))
        .clone()
}

/// Segment `text` and add one entity per name group: every occurrence of each listed form
/// becomes a mention (`Name`, or `Nominal` for forms starting with a lowercase `the`).
fn doc_with(text: &str, ents: &[(EntityType, &[&str])]) -> Document {
    let mut builder = DocBuilder::new(text).segmented().no_entities();
    for (etype, forms) in ents {
        builder = builder.entity(*etype, forms);
    }
    let mut doc = builder.build();
    QuoteStage::new(data()).run(&mut doc).expect("quotes");
    doc
}

fn people(text: &str, names: &[&[&str]]) -> Document {
    let ents: Vec<(EntityType, &[&str])> = names.iter().map(|n| (EntityType::Person, *n)).collect();
    doc_with(text, &ents)
}

/// The quote whose text is `q`.
fn quote<'d>(doc: &'d Document, q: &str) -> &'d Quote {
    doc.quotes()
        .iter()
        .find(|x| doc.text_of(x.span) == q)
        .unwrap_or_else(|| {
            let all: Vec<_> = doc
                .quotes()
                .iter()
                .map(|x| (doc.text_of(x.span), x.direct))
                .collect();
            panic!("no quote {q:?}; have {all:?}")
        })
}

fn speaker_name(doc: &Document, q: &Quote) -> Option<String> {
    q.speaker.map(|e| doc.entities()[e.ix()].name.clone())
}

fn marked(text: &str) -> Vec<&str> {
    find_marked_quotes(text)
        .iter()
        .map(|q| &text[q.inner.start()..q.inner.end()])
        .collect()
}

#[test]
fn marks_guillemets_pair_like_curly_marks() {
    // Every mark the tokenizer makes a quote token is pairable by its kind (text::marks):
    // French spacing inside «…», German »…« the other way round.
    assert_eq!(
        marked("Il a dit « nous partirons » lundi.\n»Ja«, sagte er."),
        vec!["nous partirons", "Ja"]
    );
}

#[test]
fn marks_curly_with_apostrophes_inside() {
    let t = "“It’s time for China’s leaders to act,” she said of the ’90s.";
    assert_eq!(marked(t), vec!["It’s time for China’s leaders to act,"]);
}

#[test]
fn marks_straight_pairs_by_position() {
    let t = "He said \"we won't go\" and then (\"never\") -- 'fine' or 'rock' n' roll don't.";
    assert_eq!(marked(t), vec!["we won't go", "never", "fine", "rock"]);
}

#[test]
fn marks_single_plural_possessive_is_not_a_close() {
    let t = "The headline read ‘the voters’ choice is final’ on Monday.";
    assert_eq!(marked(t), vec!["the voters’ choice is final"]);
}

#[test]
fn marks_nested_singles_stay_inside() {
    let t = "“He told me, ‘Go home,’ and I did,” Kim said.";
    assert_eq!(marked(t), vec!["He told me, ‘Go home,’ and I did,"]);
}

#[test]
fn marks_unbalanced_stop_at_paragraph_end() {
    let t = "Lee said “this never ends.\n\nA new paragraph with “a real quote” here.\n";
    assert_eq!(marked(t), vec!["this never ends.", "a real quote"]);
    let t = "A stray ” closing mark.\n“Then a quote.”";
    assert_eq!(marked(t), vec!["Then a quote."]);
}

#[test]
fn marks_multi_paragraph_quote_is_one_span() {
    let t = "“First paragraph of the quote.\n\n“Second paragraph ends it,” Park said.\nAfter.";
    assert_eq!(
        marked(t),
        vec!["First paragraph of the quote.\n\n“Second paragraph ends it,"]
    );
}

#[test]
fn marks_straight_block_then_curly_paragraph_is_not_continued() {
    let t = "\"Quoted excerpt without an end.\n“A separate quote,” she said.";
    assert_eq!(
        marked(t),
        vec!["Quoted excerpt without an end.", "A separate quote,"]
    );
}

#[test]
fn speaker_after_quote_name_then_verb() {
    let d = people(
        "“We will respond firmly to any provocation,” Lin Jian said on Monday.",
        &[&["Lin Jian"]],
    );
    let q = quote(&d, "We will respond firmly to any provocation,");
    assert!(q.direct);
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Lin Jian"));
    assert_eq!(d.text_of(q.cue.expect("cue")), "said");
    assert_eq!(d.text_of(q.speaker_mention.expect("mention")), "Lin Jian");
}

#[test]
fn speaker_after_quote_verb_then_name_with_apposition() {
    let d = people(
        "“The talks are over for now,” said Maria Lopez, director of the Andes Institute.",
        &[&["Maria Lopez"]],
    );
    let q = quote(&d, "The talks are over for now,");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn speaker_after_quote_told_reporters_and_appositive() {
    let d = doc_with(
        "“Nobody wants a war here,” Tom Reed, a spokesman for the Harbor Alliance, told reporters. \
         “The numbers do not add up at all,” Ana Silva wrote in a commentary.",
        &[
            (EntityType::Person, &["Tom Reed"]),
            (EntityType::Organization, &["Harbor Alliance"]),
            (EntityType::Person, &["Ana Silva"]),
        ],
    );
    let q = quote(&d, "Nobody wants a war here,");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Tom Reed"));
    assert_eq!(d.text_of(q.cue.expect("cue")), "told reporters");
    let q = quote(&d, "The numbers do not add up at all,");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
    assert_eq!(d.text_of(q.cue.expect("cue")), "wrote in a commentary");
}

#[test]
fn speaker_with_parenthesis_after_name() {
    let d = people(
        "\"Subpoenas are not optional for anyone,\" panel chairman Rep. Dan Fuller (R-Ohio) said after the vote.",
        &[&["Dan Fuller", "Fuller"]],
    );
    let q = quote(&d, "Subpoenas are not optional for anyone,");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Dan Fuller"));
}

#[test]
fn speaker_before_quote_colon_that_and_according_to() {
    let d = doc_with(
        "Omar Haddad said: “The border stays open.” Later Omar Haddad told the council that \
         “nothing has changed since spring.” According to the Harbor Alliance, “the ships will sail on time.” \
         Omar Haddad said in an interview with the Daily Star: “We are ready for talks.”",
        &[
            (EntityType::Person, &["Omar Haddad"]),
            (EntityType::Organization, &["the Harbor Alliance", "Daily Star"]),
        ],
    );
    for q in [
        "The border stays open.",
        "nothing has changed since spring.",
        "We are ready for talks.",
    ] {
        assert_eq!(
            speaker_name(&d, quote(&d, q)).as_deref(),
            Some("Omar Haddad"),
            "{q}"
        );
    }
    let q = quote(&d, "the ships will sail on time.");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("the Harbor Alliance"));
    assert_eq!(d.text_of(q.cue.expect("cue")), "According to");
}

#[test]
fn partial_quote_takes_the_sentence_speaker() {
    let d = doc_with(
        "Wang Yi accused NATO of “stoking confrontation.”",
        &[
            (EntityType::Person, &["Wang Yi"]),
            (EntityType::Organization, &["NATO"]),
        ],
    );
    let q = quote(&d, "stoking confrontation.");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Wang Yi"));
}

#[test]
fn scare_quotes_and_titles_have_no_speaker() {
    let d = doc_with(
        "Sam Ortiz met the press.\nThe alliance upgraded China to a “systemic challenge” last year.\n\
         A report titled “The Long Road Back From The Brink Of War” came out.",
        &[
            (EntityType::Person, &["Sam Ortiz"]),
            (EntityType::Country, &["China"]),
        ],
    );
    assert_eq!(quote(&d, "systemic challenge").speaker, None);
    assert_eq!(
        quote(&d, "The Long Road Back From The Brink Of War").speaker,
        None
    );
}

#[test]
fn pronoun_speaker_in_next_paragraph_adds_a_mention() {
    let d = people(
        "Mr. Kenji Sato arrived in Seoul on Monday.\n\n“It’s time to talk about trade again,” he said.\n",
        &[&["Kenji Sato"]],
    );
    let q = quote(&d, "It’s time to talk about trade again,");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Kenji Sato"));
    assert_eq!(d.text_of(q.speaker_mention.expect("mention")), "he");
    let he = d
        .mentions()
        .iter()
        .position(|m| m.form == MentionForm::Pronoun)
        .expect("pronoun mention");
    assert!(d
        .mentions()
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start));
    assert!(d.entities()[0].mentions.contains(&MentionIx(he as u32)));
    let starts: Vec<u32> = d.entities()[0]
        .mentions
        .iter()
        .map(|m| d.mentions()[m.ix()].span.start)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn pronoun_respects_gender_from_forms_of_address() {
    let d = people(
        "Ms. Ana Silva met Mr. Tom Reed in Lima.\n“We agreed on nothing at all today,” she said.",
        &[&["Ana Silva"], &["Tom Reed"]],
    );
    let q = quote(&d, "We agreed on nothing at all today,");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
}

#[test]
fn quote_only_paragraph_continues_previous_speaker() {
    let d = people(
        "“The first part of what I said stands,” Ana Silva said on Tuesday.\n\
         “And the second part is just as true for all of us.”\n",
        &[&["Ana Silva"]],
    );
    let q = quote(&d, "And the second part is just as true for all of us.");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
    assert_eq!(q.cue, None);
}

#[test]
fn quote_only_paragraph_after_attribution_sentence() {
    let d = people(
        "Ana Silva spoke on Tuesday.\nAna Silva added:\n“We will not accept these terms, not now and not later.”\n",
        &[&["Ana Silva"]],
    );
    let q = quote(&d, "We will not accept these terms, not now and not later.");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
}

#[test]
fn quote_followed_by_message_from_sentence() {
    let d = doc_with(
        "“Stand together and the storm will pass us by.” That was the message from the Harbor Alliance.",
        &[(EntityType::Organization, &["Harbor Alliance"])],
    );
    let q = quote(&d, "Stand together and the storm will pass us by.");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Harbor Alliance"));
}

#[test]
fn nominal_and_organisation_speakers() {
    let d = doc_with(
        "“The budget will pass this week,” the prime minister said. \
         “Our door remains open to new members,” NATO says on its homepage. \
         “These claims are groundless and absurd,” Beijing said.",
        &[
            (EntityType::Person, &["the prime minister"]),
            (EntityType::Organization, &["NATO"]),
            (EntityType::Country, &["Beijing"]),
        ],
    );
    let names: Vec<_> = d
        .quotes()
        .iter()
        .filter(|q| q.direct)
        .map(|q| speaker_name(&d, q))
        .collect();
    assert_eq!(
        names,
        vec![
            Some("the prime minister".to_string()),
            Some("NATO".to_string()),
            Some("Beijing".to_string())
        ]
    );
}

#[test]
fn unnamed_speaker_stays_unknown() {
    let d = people(
        "Ana Silva left early. “We have nothing more to add here,” a spokesman said.",
        &[&["Ana Silva"]],
    );
    let q = quote(&d, "We have nothing more to add here,");
    assert_eq!(q.speaker, None);
    assert!(q.cue.is_some());
}

#[test]
fn interrupted_quote_is_merged() {
    let d = people(
        "“The first half,” Ana Silva said, “and the second half belong together.”\n\
         “One sentence here,” Tom Reed said. “Another sentence after it.”\n",
        &[&["Ana Silva"], &["Tom Reed"]],
    );
    let q = quote(
        &d,
        "The first half,” Ana Silva said, “and the second half belong together.",
    );
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
    let q = quote(
        &d,
        "One sentence here,” Tom Reed said. “Another sentence after it.",
    );
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Tom Reed"));
}

#[test]
fn multi_paragraph_quote_gets_speaker_from_last_paragraph() {
    let d = people(
        "“We came here to build something lasting.\n\n“And we will finish it,” Park Min said.\n",
        &[&["Park Min"]],
    );
    let q = quote(
        &d,
        "We came here to build something lasting.\n\n“And we will finish it,",
    );
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Park Min"));
}

#[test]
fn indirect_speech_patterns() {
    let d = doc_with(
        "Ana Silva said that the talks had failed. \
         Tom Reed told reporters the ships would sail on Friday. \
         The border will reopen next week, the Harbor Alliance said. \
         According to Tom Reed, the deal is already dead. \
         Ana Silva accused the Harbor Alliance of hiding the real costs. \
         A spokesman said the plan was fine.",
        &[
            (EntityType::Person, &["Ana Silva"]),
            (EntityType::Person, &["Tom Reed"]),
            (EntityType::Organization, &["the Harbor Alliance"]),
        ],
    );
    let got: Vec<(&str, Option<String>)> = d
        .quotes()
        .iter()
        .filter(|q| !q.direct)
        .map(|q| (d.text_of(q.span), speaker_name(&d, q)))
        .collect();
    let want = vec![
        ("the talks had failed", Some("Ana Silva".to_string())),
        (
            "the ships would sail on Friday",
            Some("Tom Reed".to_string()),
        ),
        (
            "The border will reopen next week",
            Some("the Harbor Alliance".to_string()),
        ),
        ("the deal is already dead", Some("Tom Reed".to_string())),
        ("hiding the real costs", Some("Ana Silva".to_string())),
        // Reported speech from an unnamed source is kept, with no speaker invented.
        ("the plan was fine", None),
    ];
    assert_eq!(got, want);
}

#[test]
fn speaker_named_only_elsewhere_is_found_and_marked() {
    // The entity stage marked only `Ana Nervo`, not the later `Nervo`.
    let d = people(
        "Judge Ana Nervo ruled first. “The court will not act beyond its role,” Nervo wrote.",
        &[&["Ana Nervo"]],
    );
    let q = quote(&d, "The court will not act beyond its role,").clone();
    assert_eq!(q.speaker, Some(EntityIx(0)));
    let m = q.speaker_mention.expect("mention");
    assert_eq!(d.text_of(m), "Nervo");
    assert!(d
        .mentions()
        .iter()
        .any(|x| x.span == m && x.form == MentionForm::Name));
    assert_eq!(d.entities()[0].mentions.len(), 2);
}

#[test]
fn speaker_after_byline_dash() {
    let d = people(
        "“Nobody asked us what we wanted from this deal at all.” ― Carla Ruiz
",
        &[&["Carla Ruiz"]],
    );
    let q = quote(&d, "Nobody asked us what we wanted from this deal at all.");
    assert_eq!(speaker_name(&d, q).as_deref(), Some("Carla Ruiz"));
}

#[test]
fn indirect_speech_skips_direct_quotes() {
    let d = people(
        "Ana Silva said “we are leaving for good.”",
        &[&["Ana Silva"]],
    );
    assert_eq!(d.quotes().len(), 1);
    assert!(d.quotes()[0].direct);
}

#[test]
fn quotes_sorted_and_on_boundaries() {
    let d = people(
        "“A first quote here,” Ana Silva said. Ana Silva said the rest was “not ready.”",
        &[&["Ana Silva"]],
    );
    let qs = d.quotes();
    assert!(qs.windows(2).all(|w| w[0].span.start <= w[1].span.start));
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_are_valid(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[A-Za-z ,.]{0,12}").expect("regex"),
                proptest::sample::select(vec![
                    "“", "”", "‘", "’", "\"", "'", "\n", "\n\n", " said ", " he said. ",
                    "Ana Silva", " according to ", "—", "’90s", "don’t", ": ", "é",
                ]).prop_map(str::to_string),
            ],
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let d = people(&text, &[&["Ana Silva"]]);
        for q in d.quotes() {
            proptest::prop_assert!(q.span.start <= q.span.end);
            proptest::prop_assert!(q.span.end() <= text.len());
            proptest::prop_assert!(text.is_char_boundary(q.span.start()));
            proptest::prop_assert!(text.is_char_boundary(q.span.end()));
        }
        for m in d.mentions() {
            proptest::prop_assert!(text.is_char_boundary(m.span.start()));
        }
    }
}
