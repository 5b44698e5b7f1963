//! Criterion benchmarks of ingestion into SQLite: storing annotated documents (one transaction
//! per batch, as `newsgraph ingest` does) into a fresh file-backed database in WAL mode, storing
//! the same batch again (the idempotent path: every document already there), and rebuilding the
//! cross-document graph. The documents are the example articles in `examples/articles/` (texts
//! written for the project), annotated once by the standard pipeline outside the measurement.
//!
//! `cargo bench -p newsgraph-store --bench ingest` (add `-- store` to run one). Throughput is in
//! documents.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsgraph::input::{Defaults, InputData, Inputs};
use newsgraph::{Document, Pipeline, Resources};
use newsgraph_store::{GraphConfig, Ingest, Store};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The example articles, annotated by the standard pipeline.
fn annotated() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let data = InputData::builtin().expect("input resources load");
    let resources = Arc::new(Resources::load_default().expect("resources load"));
    let pipeline = Pipeline::standard(resources).expect("standard pipeline");
    let mut inputs = Inputs::new();
    inputs.push_path(dir.to_str().expect("UTF-8 path"));
    let docs: Vec<Document> = inputs
        .filter_map(|r| r.and_then(|r| r.parse(&data, &Defaults::default())).ok())
        .map(|mut d| {
            pipeline.run(&mut d).expect("pipeline runs");
            d
        })
        .collect();
    assert!(!docs.is_empty(), "no articles in {}", dir.display());
    docs
}

fn ingest(c: &mut Criterion) {
    let docs = annotated();
    let items: Vec<Ingest<'_>> = docs.iter().map(Ingest::Document).collect();
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("store", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = Store::open(dir.path().join("bench.db")).expect("open store");
                (dir, store)
            },
            |(dir, mut store)| {
                let out = store.store_batch(&items).expect("batch stored");
                assert!(out.iter().all(|r| r.is_ok()));
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("store_again", |b| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("bench.db")).expect("open store");
        store.store_batch(&items).expect("batch stored");
        b.iter(|| store.store_batch(&items).expect("batch stored again"))
    });
    group.bench_function("resolve", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let mut store = Store::open(dir.path().join("bench.db")).expect("open store");
                store.store_batch(&items).expect("batch stored");
                (dir, store)
            },
            |(dir, mut store)| {
                store.resolve(&GraphConfig::default()).expect("graph built");
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
}

criterion_group! {
    name = benches;
    config = config();
    targets = ingest
}
criterion_main!(benches);
