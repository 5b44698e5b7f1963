//! Development aid: dev accuracy, size and speed of a model with its small weights dropped.
//! `cargo run --release -p newsgraph-syntax --example prune -- MODEL DEV_FILE MIN...`
use newsgraph_syntax::{train, Model, Parse, Scratch};
use std::time::Instant;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    let model = Model::load(a[1].as_ref())?;
    let gold = train::read_gold(a[2].as_ref())?;
    let sents = train::prepare(&gold, &model.labels);
    for t in &a[3..] {
        let mins: Vec<i16> = t.split(',').map(|x| x.parse().unwrap_or(0)).collect();
        let mut m = model.clone();
        m.tagger.weights = m.tagger.weights.pruned(mins[0]);
        m.parser.trans = m.parser.trans.pruned(mins[1 % mins.len()]);
        m.parser.labels = m.parser.labels.pruned(mins[2 % mins.len()]);
        let s = train::score(&m, &sents, true);
        let mut scratch = Scratch::default();
        let mut p = Parse::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            for s in &sents {
                m.parse_into(&s.forms, &mut scratch, &mut p);
            }
        }
        let wps = 3.0 * s.words as f64 / t0.elapsed().as_secs_f64();
        println!(
            "min {t}: UPOS {:.4} UAS {:.4} LAS {:.4}; features {} / {} / {}; {} bytes; {wps:.0} words/s",
            s.upos,
            s.uas,
            s.las,
            m.tagger.weights.len(),
            m.parser.trans.len(),
            m.parser.labels.len(),
            m.to_bytes().len()
        );
    }
    Ok(())
}
