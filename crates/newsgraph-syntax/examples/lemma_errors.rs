//! Print the most frequent lemma errors on a CoNLL-U file with gold tags (a development aid).
//! `cargo run --release -p newsgraph-syntax --example lemma_errors -- MODEL FILE`
use newsgraph_syntax::{train, Model, Upos};
use std::collections::HashMap;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    let model = Model::load(a[1].as_ref())?;
    let gold = train::read_gold(a[2].as_ref())?;
    let mut errs: HashMap<(String, String, String, String), usize> = HashMap::new();
    let (mut n, mut ok) = (0, 0);
    for g in &gold {
        for i in 0..g.forms.len() {
            let u = Upos::parse(&g.upos[i]).unwrap_or(Upos::X);
            let l = model.lemma(&g.forms[i], u);
            n += 1;
            if l == g.lemmas[i] {
                ok += 1;
            } else {
                *errs
                    .entry((
                        g.forms[i].clone(),
                        g.upos[i].clone(),
                        l,
                        g.lemmas[i].clone(),
                    ))
                    .or_default() += 1;
            }
        }
    }
    println!("gold-tag lemma accuracy {:.4}", ok as f64 / n as f64);
    let mut v: Vec<_> = errs.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    for (k, c) in v.iter().take(40) {
        println!("{c}\t{k:?}");
    }
    Ok(())
}
