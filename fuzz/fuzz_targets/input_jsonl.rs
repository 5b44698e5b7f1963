//! A JSON Lines line either parses into an article with non-blank text or is an error message;
//! it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::input::jsonl;

fuzz_target!(|line: &str| {
    if let Ok(Some(article)) = jsonl::parse_line(line) {
        assert!(!article.text.trim().is_empty());
    }
});
