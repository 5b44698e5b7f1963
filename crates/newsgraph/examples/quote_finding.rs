//! Run segmentation and the quote stage (without entities) over text files and print the direct
//! quotes found, one JSON object per file: a quick check of quote *finding* on a corpus.
//!
//! `cargo run --release -p newsgraph --example quote_finding -- FILE...`

use newsgraph::stage::Stage;
use newsgraph::{Document, Meta, Resources};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let res = Resources::load_default()?;
    let segment = newsgraph::stages::segment::SegmentStage::new(res.segment.clone());
    let quotes = newsgraph::stages::quotes::QuoteStage::new(res.quotes.clone());
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let mut doc = Document::new(text, Meta::default());
        segment.run(&mut doc)?;
        doc.entities = Some(Vec::new());
        doc.mentions = Some(Vec::new());
        quotes.run(&mut doc)?;
        let qs: Vec<serde_json::Value> = doc
            .quotes()
            .iter()
            .map(|q| {
                serde_json::json!({
                    "text": doc.text_of(q.span),
                    "direct": q.direct,
                    "cue": q.cue.map(|c| doc.text_of(c).to_string()),
                })
            })
            .collect();
        println!("{}", serde_json::json!({ "path": path, "quotes": qs }));
    }
    Ok(())
}
