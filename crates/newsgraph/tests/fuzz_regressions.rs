//! Replays the fuzz corpus kept in `tests/fuzz_regressions/<target>/` through the same functions
//! and the same assertions as the fuzz targets in `fuzz/fuzz_targets/`, on stable Rust.
//!
//! The files are a small selection of what `cargo +nightly fuzz` found (minimised corpus entries,
//! crash reproducers, inputs that reach unusual paths); see `fuzz/README.md`. Each file is fed
//! exactly as libFuzzer feeds it: raw bytes for the `&[u8]` targets, and decoded with
//! `arbitrary` (the decoder `libfuzzer-sys` uses, same version range) for the typed targets, so
//! a file can also be handed back to the fuzzer as a corpus entry. A failure names the file.

use arbitrary::{Arbitrary, Unstructured};
use newsgraph::input::{html, jsonl, manifest, text};
use newsgraph::resources::DataDir;
use newsgraph::time::{resolve, Tense, TimeData};
use std::path::{Path, PathBuf};

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
    replay("input_text", |data| {
        if let Ok(decoded) = text::decode(data) {
            assert!(!decoded.text.trim().is_empty());
            if let Ok(s) = std::str::from_utf8(data) {
                if !text::looks_binary(data) && !data.starts_with(text::UTF8_BOM) {
                    assert_eq!(decoded.text, s);
                }
            }
        }
    });
}

#[test]
fn fuzz_regressions_input_html() {
    replay("input_html", |data| {
        let _ = text::decode_html(data);
        if let Ok(s) = std::str::from_utf8(data) {
            let limited = html::limit_depth(s, 8);
            assert!(limited.len() <= s.len());
            let page = html::parse(s);
            if !page.text.is_empty() {
                for line in page.text.split('\n') {
                    assert!(!line.is_empty());
                    assert_eq!(line, line.trim());
                }
            }
        }
    });
}

#[test]
fn fuzz_regressions_input_jsonl() {
    replay("input_jsonl", |data| {
        if let Some(line) = decode::<&str>(data) {
            if let Ok(Some(article)) = jsonl::parse_line(line) {
                assert!(!article.text.trim().is_empty());
            }
        }
    });
}

#[test]
fn fuzz_regressions_input_manifest() {
    replay("input_manifest", |data| {
        if let Ok(rows) = manifest::parse(data, "fuzz.csv") {
            for row in rows.into_iter().flatten() {
                assert!(!row.path.as_os_str().is_empty());
                assert!(row.line >= 1);
            }
        }
    });
}

#[test]
fn fuzz_regressions_date_resolver() {
    let data = TimeData::load(&DataDir::new(None)).expect("built-in time data");
    replay("date_resolver", |bytes| {
        let Some((expr, y, m, d, future)) = decode::<(&str, i16, i8, i8, bool)>(bytes) else {
            return;
        };
        let published = jiff::civil::Date::new(y, m, d).ok();
        let tense = if future { Tense::Future } else { Tense::Past };
        if let Some(r) = resolve(expr, published, tense, &data) {
            if let (Some(a), Some(b)) = (r.value, r.end) {
                assert!(a <= b, "{expr:?}: range {a}..{b}");
            }
        }
    });
}
