//! Plain-text decoding never panics, and what it accepts is non-blank text that equals the
//! input when the input was UTF-8 (less a byte-order mark).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::input::text;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = text::decode(data) {
        assert!(!decoded.text.trim().is_empty());
        if let Ok(s) = std::str::from_utf8(data) {
            if !text::looks_binary(data) && !data.starts_with(text::UTF8_BOM) {
                assert_eq!(decoded.text, s);
            }
        }
    }
});
