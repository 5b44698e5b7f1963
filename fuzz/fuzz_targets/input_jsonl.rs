//! JSON Lines lines: see `input_jsonl` in the shared checks.
#![no_main]

#[path = "../../crates/newsgraph/tests/fuzz_checks.rs"]
#[allow(dead_code)] // each target runs one of the shared checks
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &str| checks::input_jsonl(line));
