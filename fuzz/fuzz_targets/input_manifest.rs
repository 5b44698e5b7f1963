//! Manifest CSV parsing never panics, and every row it accepts has a path and a line number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::input::manifest;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = manifest::parse(data, "fuzz.csv") {
        for row in rows.into_iter().flatten() {
            assert!(!row.path.as_os_str().is_empty());
            assert!(row.line >= 1);
        }
    }
});
