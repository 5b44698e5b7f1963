//! Manifest CSV parsing: see `input_manifest` in the shared checks.
#![no_main]

#[path = "../../crates/newsgraph/tests/fuzz_checks.rs"]
#[allow(dead_code)] // each target runs one of the shared checks
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::input_manifest(data));
