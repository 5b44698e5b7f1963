//! Replays the fuzz corpus kept in `tests/fuzz_regressions/<target>/` through the checks the
//! fuzz targets in `fuzz/fuzz_targets/` run (`fuzz_checks.rs`, shared with them), on stable Rust.
//!
//! The files are a small selection of what `cargo +nightly fuzz` found (minimised corpus entries,
//! crash reproducers, inputs that reach unusual paths); see `fuzz/README.md`. Each file is fed
//! exactly as libFuzzer feeds it: raw bytes for the `&[u8]` targets, and decoded with
//! `arbitrary` (the decoder `libfuzzer-sys` uses, same version range) for the typed targets, so
//! a file can also be handed back to the fuzzer as a corpus entry. A failure names the file.

use crate::fuzz_checks;
use arbitrary::{Arbitrary, Unstructured};
use newsgraph::data::DataDir;
use newsgraph::stages::events::time::TimeData;
use newsgraph::{Pipeline, Resources};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The corpus files of one target, sorted; at least one must exist.
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no corpus files", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// Decode a typed fuzz input as `libfuzzer-sys` does: too short for the type's minimum size,
/// or undecodable, means the fuzzer never runs the body.
fn decode<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    if bytes.len() < T::size_hint(0).0 {
        return None;
    }
    T::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

/// Run `check` on every file of `target`, naming the file when it panics.
fn replay(target: &str, check: impl Fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        if let Err(e) = outcome {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{}: {msg}", path.display());
        }
    }
}

#[test]
fn fuzz_regressions_input_text() {
    replay("input_text", fuzz_checks::input_text);
}

#[test]
fn fuzz_regressions_input_html() {
    replay("input_html", fuzz_checks::input_html);
}

#[test]
fn fuzz_regressions_input_jsonl() {
    replay("input_jsonl", |data| {
        if let Some(line) = decode::<&str>(data) {
            fuzz_checks::input_jsonl(line);
        }
    });
}

#[test]
fn fuzz_regressions_input_manifest() {
    replay("input_manifest", fuzz_checks::input_manifest);
}

#[test]
fn fuzz_regressions_date_resolver() {
    let data = TimeData::load(&DataDir::new(None)).expect("built-in time data");
    replay("date_resolver", |bytes| {
        if let Some(input) = decode::<(&str, i16, i8, i8, bool)>(bytes) {
            fuzz_checks::date_resolver(&data, input);
        }
    });
}

#[test]
fn fuzz_regressions_pipeline() {
    let resources = Resources::load(DataDir::new(None)).expect("built-in data loads");
    let pipeline = Pipeline::standard(Arc::new(resources)).expect("standard pipeline");
    replay("pipeline", |bytes| fuzz_checks::pipeline(&pipeline, bytes));
}
