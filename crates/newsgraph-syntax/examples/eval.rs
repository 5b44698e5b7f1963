//! Score a model on a CoNLL-U file: UPOS, lemma, UAS, LAS (relations without subtypes), with
//! the model's own tags and, for comparison, with the gold tags given to the parser.
//! `cargo run --release -p newsgraph-syntax --example eval -- MODEL FILE`
use newsgraph_syntax::{train, Model};
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 3 {
        return Err("usage: eval MODEL FILE".into());
    }
    let model = Model::load(a[1].as_ref())?;
    let gold = train::read_gold(a[2].as_ref())?;
    let sents = train::prepare(&gold, &model.labels, &model.clusters);
    let s = train::score(&model, &sents, true);
    println!(
        "UPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4} ({} words)",
        s.upos, s.lemma, s.uas, s.las, s.words
    );
    let tags: Vec<Vec<u8>> = sents.iter().map(|s| s.upos.clone()).collect();
    let (uas, las) = train::score_parser(&model.parser, &model.labels, &sents, &tags);
    println!("with gold UPOS: UAS {uas:.4} LAS {las:.4}");
    Ok(())
}
