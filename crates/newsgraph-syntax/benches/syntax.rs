//! Criterion benchmarks of the tagger alone and of tagger + parser, in words per second, on
//! sentences written for this benchmark (news-like English, tokenised PTB-style).
//!
//! `cargo bench -p newsgraph-syntax` (needs `data/syntax/model.bin`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph_syntax::{Model, Parse, Scratch, Upos};
use std::hint::black_box;
use std::path::Path;

const TEXT: &str = "\
The foreign minister said on Tuesday that talks with the rebels had failed .
Police arrested three men after a bomb exploded near the central market , officials said .
The company , which employs 4,000 people , reported a loss of $ 12 million in the third quarter .
\" We will not accept these terms , \" the union leader told reporters in the capital .
Elections were postponed until next year because of the fighting in the north .
The government has denied the accusations and called for an independent inquiry .
Thousands of people marched through the city to protest against the new law .
She was elected mayor in 2019 and has since promised to build more schools .
Prices rose sharply last month , driven by higher fuel and food costs .
The two leaders agreed to meet again in June to discuss trade and security .
An aid convoy reached the besieged town after weeks of negotiations .
Critics say the plan does n't go far enough to cut emissions .";

fn sentences() -> Vec<Vec<&'static str>> {
    TEXT.lines()
        .map(|l| l.split_whitespace().collect())
        .collect()
}

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/syntax/model.bin");
    let model = Model::load(&path).expect("data/syntax/model.bin loads");
    let sents = sentences();
    let words: usize = sents.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Elements(words as u64));
    let mut scratch = Scratch::default();
    let mut upos: Vec<Upos> = Vec::new();
    group.bench_function("tagger", |b| {
        b.iter(|| {
            for s in &sents {
                model.tag_into(black_box(s), &mut scratch, &mut upos);
            }
        })
    });
    let mut parse = Parse::default();
    group.bench_function("tagger+parser", |b| {
        b.iter(|| {
            for s in &sents {
                model.parse_into(black_box(s), &mut scratch, &mut parse);
            }
        })
    });
    let (mut lemma, mut buf) = (String::new(), String::new());
    group.bench_function("tagger+parser+lemmas", |b| {
        b.iter(|| {
            for s in &sents {
                model.parse_into(black_box(s), &mut scratch, &mut parse);
                for (w, &u) in s.iter().zip(&parse.upos) {
                    model.lemma_into(w, u, &mut lemma, &mut buf);
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
