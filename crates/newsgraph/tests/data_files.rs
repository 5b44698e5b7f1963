//! The data compiled into the binary is complete: every file loads from the embedded copy
//! alone, and the pipeline built from it reads like the one built from the repository's data/.

use newsgraph::data::{embedded_files, DataDir};
use newsgraph::output::DocOutput;
use newsgraph::{Document, Meta, Pipeline, Resources};
use std::sync::Arc;

#[test]
fn every_embedded_file_reads_from_the_built_in_copy_alone() {
    let built_in = DataDir::new(None);
    let names: Vec<&str> = embedded_files().collect();
    assert!(names.len() >= 40, "{names:?}");
    for name in names {
        assert!(
            built_in.path_of(name).starts_with("<built-in>"),
            "{name} is not read from the built-in copy"
        );
        let bytes = built_in.read_bytes(name).expect(name);
        assert!(
            !bytes.is_empty() || name == "aliases.tsv",
            "{name} is empty"
        );
        if !name.ends_with(".bin") {
            built_in
                .read(name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn pipeline_from_built_in_data_matches_the_repository_data() {
    let text = "SEOUL, South Korea — South Korean President Lee Min-ho said on Monday that \
                Seoul would send an envoy to Tokyo. “We are ready,” Lee told reporters.";
    let run = |data: DataDir| {
        let resources = Resources::load(data).expect("every data file loads");
        let pipeline = Pipeline::standard(Arc::new(resources)).expect("pipeline");
        let mut doc = Document::new(text.to_string(), Meta::default());
        pipeline.run(&mut doc).expect("runs");
        serde_json::to_string(&DocOutput::from_document(&doc)).expect("serialises")
    };
    let built_in = run(DataDir::new(None));
    let repo = run(DataDir::new(Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
    )));
    assert_eq!(built_in, repo);
    assert!(built_in.contains("\"KOR\""), "{built_in}");
}
