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

/// The output's description of the unnamed speaker of the direct quote containing `words`.
fn description_of(doc: &Document, words: &str) -> Option<(String, Option<String>)> {
    let out = crate::output::DocOutput::from_document(doc);
    let q = out
        .quotes
        .iter()
        .find(|q| q.direct && q.text.contains(words))
        .unwrap_or_else(|| panic!("no direct quote with {words:?}: {:?}", out.quotes));
    assert_eq!(q.speaker, None, "an unnamed speaker is no entity");
    let d = q.speaker_description.as_ref()?;
    let country = d.country.as_ref().map(|id| {
        out.entities
            .iter()
            .find(|e| &e.id == id)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    });
    Some((d.text.clone(), country))
}

#[test]
fn a_described_minister_is_an_unnamed_speaker_with_a_country() {
    let doc = run("Britain and France clashed over fishing rights on Monday. \
                   \"We will not accept these terms,\" a British minister said.");
    let (text, country) = description_of(&doc, "accept these terms").expect("a description");
    assert_eq!(text, "a British minister");
    assert_eq!(country.as_deref(), Some("United Kingdom"));
}

#[test]
fn an_inverted_cue_keeps_the_description_after_the_verb() {
    let doc = run("The talks in Geneva ran late into the night. \
                   \"Nobody is leaving this room without a text,\" said a senior official.");
    let (text, country) = description_of(&doc, "leaving this room").expect("a description");
    assert_eq!(text, "a senior official");
    assert_eq!(country, None);
}

#[test]
fn a_pronoun_is_no_description() {
    let doc = run("The farmers blocked the motorway on Friday. \
                   \"We have nothing left to lose,\" they said.");
    assert_eq!(description_of(&doc, "nothing left"), None);
}

#[test]
fn the_campaign_is_the_organisation_named_before() {
    let doc = run(
        "The Green Future Party launched its campaign in Leeds on Saturday. \
                   \"Voters want cheaper trains,\" the party said.",
    );
    let who = speaker_of(&doc, "cheaper trains").expect("a speaker");
    assert!(who.contains("Green Future"), "{who}");
}

#[test]
fn a_relative_clause_takes_the_speaker_of_its_verb() {
    let doc = run(
        "Ministers discussed Iran, which the Gulf Cooperation Council declared \"a \
                   destabilising force\" on Tuesday.",
    );
    let who = speaker_of(&doc, "destabilising force").expect("a speaker");
    assert!(who.contains("Gulf Cooperation Council"), "{who}");
}

#[test]
fn a_bare_quote_paragraph_continues_the_previous_speaker() {
    let doc = run(
        "Foreign Minister Ida Sorensen spoke to reporters in Oslo on Thursday. \
                   \"We have always backed dialogue,\" she said.\n\n\
                   \"We will keep working with our partners until the ceasefire holds.\"",
    );
    let who = speaker_of(&doc, "ceasefire holds").expect("a speaker");
    assert!(who.contains("Sorensen"), "{who}");
}

#[test]
fn a_bare_quote_paragraph_continues_an_unnamed_speaker() {
    let doc = run("The talks in Geneva ran late into the night. \
                   \"Nobody is leaving this room without a text,\" a senior diplomat said.\n\n\
                   \"We have been here before and we will be here again tomorrow.\"");
    let (text, _) = description_of(&doc, "here again tomorrow").expect("a description");
    assert_eq!(text, "a senior diplomat");
}

#[test]
fn a_person_possessor_does_not_speak_for_their_aide() {
    let doc = run("Senator Mara Quill hired a new team in March. \
                   \"The numbers are moving our way,\" Quill's former campaign strategist said.");
    assert_eq!(speaker_of(&doc, "numbers are moving"), None);
}
