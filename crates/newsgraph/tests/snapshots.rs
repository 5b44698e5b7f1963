//! Snapshots of `extract`'s output on three of the example articles (`examples/articles/`), so
//! that any change in what the pipeline finds shows up as a reviewable diff
//! (`tests/snapshots/*.snap`; update with `INSTA_UPDATE=always` or `cargo insta review`).

use crate::pipeline;
use newsgraph::output::DocOutput;
use newsgraph::{Document, Meta};
use std::path::Path;

fn extract_example(name: &str) -> DocOutput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/articles")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let meta = Meta {
        // The file name alone, so the snapshot does not depend on where the checkout is.
        path: Some(name.to_string()),
        ..Meta::default()
    };
    let mut doc: Document = newsgraph::input::from_text(text, meta);
    pipeline().run(&mut doc).expect("pipeline runs");
    DocOutput::from_document(&doc)
}

#[test]
fn snapshot_extract_tokyo_coast_guard() {
    insta::assert_json_snapshot!(extract_example("01_tokyo_coast_guard.txt"));
}

#[test]
fn snapshot_extract_brussels_nato_ministers() {
    insta::assert_json_snapshot!(extract_example("02_brussels_nato_ministers.txt"));
}

#[test]
fn snapshot_extract_analysis_quad_aukus() {
    insta::assert_json_snapshot!(extract_example("04_analysis_quad_aukus.txt"));
}
