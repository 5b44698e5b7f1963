//! Date resolution: see `date_resolver` in the shared checks.
#![no_main]

#[path = "../../crates/newsgraph/tests/fuzz_checks.rs"]
#[allow(dead_code)] // each target runs one of the shared checks
mod checks;

use libfuzzer_sys::fuzz_target;
use newsgraph::data::DataDir;
use newsgraph::stages::events::time::TimeData;
use std::sync::OnceLock;

fn data() -> &'static TimeData {
    static D: OnceLock<TimeData> = OnceLock::new();
    D.get_or_init(|| TimeData::load(&DataDir::new(None)).expect("built-in time data"))
}

fuzz_target!(|input: (&str, i16, i8, i8, bool)| checks::date_resolver(data(), input));
