//! Criterion benchmarks of every pipeline stage on its own, and of the whole pipeline, over the
//! example articles shipped in `examples/articles/` (texts written for the project).
//!
//! `cargo bench -p newsgraph --bench stages` (add `-- tagger` to run one; `-- syntax` for the
//! part-of-speech tagger and parser in words per second). Each stage is timed on
//! documents that already carry the layers it reads: the earlier stages run once, outside the
//! measurement, and each iteration runs the stage on a fresh copy of those documents (the copy is
//! made outside the timing too). The stages are taken from [`Pipeline::standard`], so stages
//! added to the pipeline (events, dates) are benchmarked without changes here. Throughput is
//! reported in bytes of article text.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsgraph::input::{Defaults, InputData, Inputs};
use newsgraph::pipeline::Stage;
use newsgraph::{Document, Pipeline, Resources};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The example articles, decoded into documents with no annotation yet.
fn corpus() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let data = InputData::builtin().expect("input resources load");
    let mut inputs = Inputs::new();
    inputs.push_path(dir.to_str().expect("UTF-8 path"));
    let docs: Vec<Document> = inputs
        .filter_map(|r| r.and_then(|r| r.parse(&data, &Defaults::default())).ok())
        .collect();
    assert!(!docs.is_empty(), "no articles in {}", dir.display());
    docs
}

fn text_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let resources = Arc::new(Resources::load_default().expect("resources load"));
    let pipeline = Pipeline::standard(resources).expect("standard pipeline");
    let raw = corpus();
    let bytes = text_bytes(&raw);

    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(bytes));
    // `docs` holds the articles annotated by every stage before the one being measured.
    let mut docs = raw.clone();
    for stage in pipeline.stages() {
        group.bench_function(stage.name(), |b| {
            b.iter_batched(
                || docs.clone(),
                |mut batch| {
                    for doc in &mut batch {
                        stage.run(doc).expect("stage runs");
                    }
                    batch
                },
                BatchSize::LargeInput,
            )
        });
        for doc in &mut docs {
            stage.run(doc).expect("stage runs");
        }
    }
    group.finish();

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("full", |b| {
        b.iter_batched(
            || raw.clone(),
            |mut batch| {
                for doc in &mut batch {
                    pipeline.run(doc).expect("pipeline runs");
                }
                batch
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The part-of-speech tagger and dependency parser over every sentence of the articles (the
/// pipeline parses only the sentences its quote stage needs, inside that stage), in words
/// (tokens) per second.
fn syntax(c: &mut Criterion) {
    let resources = Resources::load_default().expect("resources load");
    let mut docs = corpus();
    let segment = newsgraph::stages::segment::SegmentStage::new(resources.segment.clone());
    for doc in &mut docs {
        segment.run(doc).expect("segment runs");
    }
    let words: u64 = docs.iter().map(|d| d.tokens().len() as u64).sum();
    let data = resources.syntax.clone();
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Elements(words));
    group.bench_function("tagger+parser, all sentences", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            for doc in &docs {
                out.clear();
                let all = 0..doc.sentences().len();
                data.parse_sentences(&doc.text, doc.tokens(), doc.sentences(), all, &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

fn input(c: &mut Criterion) {
    let data = InputData::builtin().expect("input resources load");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut inputs = Inputs::new();
    inputs.push_path(dir.to_str().expect("UTF-8 path"));
    let records: Vec<_> = inputs.filter_map(Result::ok).collect();
    let bytes: u64 = records.iter().map(|r| r.bytes.len() as u64).sum();
    let mut group = c.benchmark_group("input");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for r in &records {
                black_box(r.parse(&data, &Defaults::default()).expect("parses"));
            }
        })
    });
    group.finish();
}

fn config() -> Criterion {
    // Small samples keep a full run to about a minute on a two-core machine.
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages, syntax, input
}
criterion_main!(benches);
