//! Prints every candidate the proposers make for a text file (a debugging aid).
use newsgraph::{Document, Meta, Pipeline, Resources};
use std::sync::Arc;
fn main() {
    let path = std::env::args().nth(1).expect("a path");
    let text = std::fs::read_to_string(&path).expect("readable");
    let res = Arc::new(Resources::load_default().expect("resources"));
    let pipeline = Pipeline::standard(res).expect("pipeline");
    let mut doc = Document::new(text, Meta::default());
    pipeline.run(&mut doc).expect("runs");
    for c in doc.candidates() {
        println!(
            "{:?}\t{:?}\t{:?}\t{}",
            c.source,
            c.label,
            c.form,
            doc.text_of(c.span)
        );
    }
}
