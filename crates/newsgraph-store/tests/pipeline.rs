//! Whatever the real pipeline produces can be stored and read back unchanged.

use crate::common::as_stored;
use newsgraph::document::{Document, Meta};
use newsgraph_store::Stored;
use std::sync::Arc;

#[test]
fn pipeline_output_round_trips_through_the_store() {
    let data = newsgraph::data::DataDir::new(Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
    ));
    let resources = newsgraph::Resources::load(data).unwrap();
    let pipeline = newsgraph::Pipeline::standard(Arc::new(resources)).unwrap();
    let texts = [
        "TOKYO — Japan’s Foreign Minister Aiko Tanaka said on Monday that “the talks will go on,” \
         and NATO officials agreed.\n\nChina’s foreign ministry said Beijing would respond.",
        "WASHINGTON (AP) — “We are ready,” said Senator Ruth Okafor, a Democrat from Ohio. \
         “Ready now.”\nThe State Department declined to comment.",
    ];
    let mut store = crate::common::new_store();
    for (i, text) in texts.iter().enumerate() {
        let meta = Meta {
            path: Some(format!("p{i}.txt")),
            ..Meta::default()
        };
        let mut doc = Document::new(text.to_string(), meta);
        pipeline.run(&mut doc).unwrap();
        assert!(!doc.entities().is_empty());
        assert_eq!(store.store(&doc).unwrap(), Stored::New { version: Some(1) });
        let back = store.document(&doc.id).unwrap().unwrap();
        assert_eq!(back, as_stored(&doc));
    }
    assert!(store.incomplete_documents().unwrap().is_empty());
}

#[test]
fn groups_without_a_country_stay_per_document_in_the_graph() {
    let data = newsgraph::data::DataDir::new(Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
    ));
    let resources = newsgraph::Resources::load(data).unwrap();
    let pipeline = newsgraph::Pipeline::standard(Arc::new(resources)).unwrap();
    let texts = [
        "Gunmen kidnapped two engineers on Monday. Syrian rebels shelled a village. \
         The government said students would be safe.",
        "Gunmen attacked a convoy on Friday. Syrian rebels shelled an army post.",
    ];
    let mut store = crate::common::new_store();
    for (i, text) in texts.iter().enumerate() {
        let meta = Meta {
            path: Some(format!("g{i}.txt")),
            ..Meta::default()
        };
        let mut doc = Document::new(text.to_string(), meta);
        pipeline.run(&mut doc).unwrap();
        store.store(&doc).unwrap();
    }
    store
        .resolve(&newsgraph_store::GraphConfig::default())
        .unwrap();
    let orgs = store.entities(Some("ORGANIZATION"), None).unwrap();
    let count = |name: &str| orgs.iter().filter(|e| e.name == name).count();
    // `gunmen` in one report is nobody in particular in another; Syrian rebels are one actor.
    assert_eq!(count("gunmen"), 2, "{orgs:?}");
    assert_eq!(count("Syrian rebels"), 1, "{orgs:?}");
    // a group no country names and that does nothing stays out of the graph
    assert_eq!(count("government") + count("students"), 0, "{orgs:?}");
}

#[test]
fn an_unnamed_speaker_description_survives_the_store() {
    let data = newsgraph::data::DataDir::new(Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
    ));
    let resources = newsgraph::Resources::load(data).unwrap();
    let pipeline = newsgraph::Pipeline::standard(Arc::new(resources)).unwrap();
    let text = "Britain and France clashed over fishing on Monday. \
                “We will not accept these terms,” a senior British minister said.";
    let mut doc = Document::new(text.to_string(), Meta::default());
    pipeline.run(&mut doc).unwrap();
    let mut store = crate::common::new_store();
    store.store(&doc).unwrap();
    let back = store.document(&doc.id).unwrap().unwrap();
    let out = newsgraph::output::DocOutput::from_document(&back);
    let q = out.quotes.iter().find(|q| q.direct).expect("the quote");
    assert_eq!(q.speaker, None);
    let d = q.speaker_description.as_ref().expect("its description");
    assert_eq!(d.text, "a senior British minister");
    assert!(d.country.is_some(), "British names the country");
}
