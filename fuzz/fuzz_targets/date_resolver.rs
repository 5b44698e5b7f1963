//! Date resolution never panics, and a resolved range never ends before it starts, whatever
//! the expression and publication date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::resources::DataDir;
use newsgraph::time::{resolve, Tense, TimeData};
use std::sync::OnceLock;

fn data() -> &'static TimeData {
    static D: OnceLock<TimeData> = OnceLock::new();
    D.get_or_init(|| TimeData::load(&DataDir::new(None)).expect("built-in time data"))
}

fuzz_target!(|input: (&str, i16, i8, i8, bool)| {
    let (expr, y, m, d) = (input.0, input.1, input.2, input.3);
    let published = jiff::civil::Date::new(y, m, d).ok();
    let tense = if input.4 { Tense::Future } else { Tense::Past };
    if let Some(r) = resolve(expr, published, tense, data()) {
        if let (Some(a), Some(b)) = (r.value, r.end) {
            assert!(a <= b, "{expr:?}: range {a}..{b}");
        }
    }
});
