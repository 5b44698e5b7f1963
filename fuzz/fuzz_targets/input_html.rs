//! HTML decoding and article extraction never panic; extracted text has no blank lines and no
//! line with leading or trailing spaces (a page without text gives empty text, no lines).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::input::{html, text};

fuzz_target!(|data: &[u8]| {
    let _ = text::decode_html(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let limited = html::limit_depth(s, 8);
        assert!(limited.len() <= s.len());
        let page = html::parse(s);
        // A page without text (an empty input, say) gives empty text: no lines at all.
        if !page.text.is_empty() {
            for line in page.text.split('\n') {
                assert!(!line.is_empty());
                assert_eq!(line, line.trim());
            }
        }
    }
});
