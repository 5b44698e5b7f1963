//! Measures the gazetteer: load time and matching throughput over a folder of `.txt` articles.
//!
//! `cargo run --release -p newsgraph --example gazetteer_bench -- DIR [top] [FILTER]`:
//! with `top`, also prints the 150 most frequent candidates of the first 400 documents; with
//! FILTER, prints up to 25 candidates whose `form surface` contains it, in context.
use newsgraph::data::DataDir;
use newsgraph::document::{Document, Meta};
use newsgraph::stages::gazetteer::Gazetteer;
use newsgraph::stages::segment::{segment, SegmentData};
use std::time::Instant;

fn main() {
    let data = DataDir::from_env();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let g = Gazetteer::load(&data).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(&g);
    }
    println!("load: best of 5 = {:.1} ms", best * 1e3);
    let g = Gazetteer::load(&data).unwrap();
    let sd = SegmentData::load(&data).unwrap();
    let dir = std::env::args().nth(1).unwrap();
    let mut docs = Vec::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "txt") && e.file_name() != "README.TXT" {
            let bytes = std::fs::read(e.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut d = Document::new(text, Meta::default());
            let s = segment(&d.text, &sd);
            d.tokens = Some(s.tokens);
            d.sentences = Some(s.sentences);
            d.dateline = s.dateline;
            docs.push(d);
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let toks: usize = docs.iter().map(|d| d.tokens().len()).sum();
    let mut n = 0;
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        n = 0;
        for d in &docs {
            n += g.propose(d).len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} docs, {:.1} MB, {} tokens, {} candidates: {:.3} s = {:.1} MB/s, {:.0} docs/s, {:.2} M tokens/s",
        docs.len(), bytes as f64 / 1e6, toks, n, best, bytes as f64 / 1e6 / best, docs.len() as f64 / best, toks as f64 / 1e6 / best
    );
    if let Some(want) = std::env::args().nth(3) {
        let mut shown = 0;
        for d in &docs {
            for c in g.propose(d) {
                let key = format!("{:?} {}", c.form, d.text_of(c.span));
                if key.contains(&want) && shown < 25 {
                    shown += 1;
                    let a = d
                        .text
                        .floor_char_boundary(c.span.start().saturating_sub(60));
                    let b = d
                        .text
                        .ceil_char_boundary((c.span.end() + 60).min(d.text.len()));
                    println!("[{key}] {}", d.text[a..b].replace('\n', " "));
                }
            }
        }
        return;
    }
    if std::env::args().nth(2).is_some() {
        use std::collections::HashMap;
        let mut counts: HashMap<String, usize> = HashMap::new();
        for d in docs.iter().take(400) {
            for c in g.propose(d) {
                let key = format!("{:?} {:?} | {}", c.form, c.label, d.text_of(c.span));
                *counts.entry(key).or_default() += 1;
            }
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (k, n) in v.iter().take(150) {
            println!("{n:5} {k}");
        }
    }
}
