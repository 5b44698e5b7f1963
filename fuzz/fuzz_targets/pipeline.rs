//! The whole standard pipeline on arbitrary text: see `pipeline` in the shared checks. The
//! pipeline is built once, from the data compiled into the binary.
#![no_main]

#[path = "../../crates/newsgraph/tests/fuzz_checks.rs"]
#[allow(dead_code)] // each target runs one of the shared checks
mod checks;

use libfuzzer_sys::fuzz_target;
use newsgraph::data::DataDir;
use newsgraph::{Pipeline, Resources};
use std::sync::{Arc, OnceLock};

fn standard() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let resources = Resources::load(DataDir::new(None)).expect("built-in data loads");
        Pipeline::standard(Arc::new(resources)).expect("standard pipeline")
    })
}

fuzz_target!(|data: &[u8]| checks::pipeline(standard(), data));
