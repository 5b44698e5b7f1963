//! Speakers from the parse, on sentences written for these tests, through the whole pipeline.

use crate::document::{Document, Meta};

fn run(text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Meta::default());
    crate::pipeline::standard_for_tests()
        .run(&mut doc)
        .expect("pipeline");
    doc
}

/// The speaker's entity name of the direct quote that contains `words`.
fn speaker_of(doc: &Document, words: &str) -> Option<String> {
    let q = doc
        .quotes()
        .iter()
        .find(|q| q.direct && doc.text_of(q.span).contains(words))
        .unwrap_or_else(|| panic!("no direct quote with {words:?}: {:?}", doc.quotes()));
    q.speaker.map(|e| doc.entities()[e.ix()].name.clone())
}

#[test]
fn inverted_cue_with_a_spokesman_named_before() {
    let doc = run(
        "Government spokesman Peter Brandt opened the briefing in Oslo on Monday. \
                   \"We will not change course on the pipeline,\" said the spokesman.",
    );
    let who = speaker_of(&doc, "change course").expect("a speaker");
    assert!(who.contains("Brandt"), "{who}");
}

#[test]
fn coordinated_speech_verb_takes_the_first_verb_subject() {
    let doc = run("NATO met in Brussels on Tuesday and warned that China was \
                   \"a decisive enabler of the war\" in its final statement.");
    let who = speaker_of(&doc, "decisive enabler").expect("a speaker");
    assert!(
        who.contains("NATO") || who.contains("North Atlantic"),
        "{who}"
    );
}

#[test]
fn partial_quote_attributed_by_its_sentence() {
    let doc = run("NATO declared Russia a \"direct threat\" to the alliance on Wednesday.");
    let who = speaker_of(&doc, "direct threat").expect("a speaker");
    assert!(
        who.contains("NATO") || who.contains("North Atlantic"),
        "{who}"
    );
}

#[test]
fn scare_quote_without_attribution_has_no_speaker() {
    let doc = run("The alliance moved its \"rapid response\" troops to the border on Friday.");
    assert_eq!(speaker_of(&doc, "rapid response"), None);
}

#[test]
fn the_daily_is_the_outlet_named_before() {
    let doc = run("The Guardian published the leaked memo on Sunday. \
                   \"The documents show a clear pattern of abuse,\" the daily said.");
    let who = speaker_of(&doc, "clear pattern").expect("a speaker");
    assert!(who.contains("Guardian"), "{who}");
}

#[test]
fn the_statement_is_the_body_that_issued_it() {
    let doc = run(
        "The European Commission issued a statement on the trade dispute on Monday. \
                   \"Retaliation will be proportionate,\" the statement said.",
    );
    let who = speaker_of(&doc, "proportionate").expect("a speaker");
    assert!(who.contains("Commission"), "{who}");
}

/// Item 5: an interrupted quote's text in the output is its parts joined.
#[test]
fn interrupted_quote_text_is_the_parts_joined() {
    let doc = run("\"We are ready,\" Maria Lopez said on Monday, \"and we will win.\"");
    let out = crate::output::DocOutput::from_document(&doc);
    let q = out
        .quotes
        .iter()
        .find(|q| q.text.contains("ready"))
        .expect("quote");
    assert_eq!(q.text, "We are ready, and we will win.");
}
