//! Words per second of tagging and of tagging + parsing over a CoNLL-U file's words (a
//! development aid; the Criterion benchmark in `benches/` uses text written for the project).
//! `cargo run --release -p newsgraph-syntax --example speed -- MODEL FILE [ROUNDS]`
use newsgraph_syntax::{train, Model, Parse, Scratch};
use std::time::Instant;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 3 {
        return Err("usage: speed MODEL FILE [ROUNDS]".into());
    }
    let t = Instant::now();
    let model = Model::load(a[1].as_ref())?;
    eprintln!("loaded in {:.0?}", t.elapsed());
    let gold = train::read_gold(a[2].as_ref())?;
    let words: usize = gold.iter().map(|g| g.forms.len()).sum();
    let mut scratch = Scratch::default();
    let mut p = Parse::default();
    let rounds: usize = a.get(3).and_then(|r| r.parse().ok()).unwrap_or(3);
    for round in 0..rounds {
        let t = Instant::now();
        for g in &gold {
            model.tag_into(&g.forms, &mut scratch, &mut p.upos);
        }
        let tag = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for g in &gold {
            model.parse_into(&g.forms, &mut scratch, &mut p);
        }
        let all = t.elapsed().as_secs_f64();
        println!(
            "round {round}: tagger {:.0} words/s, tagger+parser {:.0} words/s ({words} words)",
            words as f64 / tag,
            words as f64 / all
        );
    }
    Ok(())
}
