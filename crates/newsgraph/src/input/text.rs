//! Turning a file's bytes into text: refusing binary and empty files, and choosing an encoding.
//!
//! Plain text is taken unchanged so that offsets into the document are offsets into the file:
//!
//! - valid UTF-8 is used as is, except that a leading UTF-8 byte-order mark (`EF BB BF`) is
//!   dropped, which shifts every offset by 3 bytes against the file;
//! - a UTF-16 byte-order mark selects UTF-16 (little or big endian) and the text is re-encoded as
//!   UTF-8, with a warning;
//! - other bytes that are not valid UTF-8 but look like text are decoded as Windows-1252 (the
//!   usual encoding of legacy Western news files; every byte maps to a character) and a warning
//!   is returned. Offsets then index the decoded UTF-8 text, not the file.
//!
//! A file is binary when its first 8 KiB hold a NUL byte or more than a quarter control bytes
//! (other than tab, line feed, form feed, carriage return and escape). A file that is empty or
//! whitespace only after decoding is refused too: there is nothing to extract from it.
//!
//! HTML ([`decode_html`]) follows the same rules, but a non-UTF-8 page first tries the charset
//! its `<meta charset>` declares.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::fmt;

/// The UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many leading bytes are inspected to tell text from binary.
pub const SNIFF_LEN: usize = 8 * 1024;

/// Why bytes could not be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// NUL bytes or mostly control bytes.
    Binary,
    /// Nothing but whitespace.
    Empty,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Problem::Binary => "binary file",
            Problem::Empty => "empty file",
        })
    }
}

/// Text decoded from bytes, with a warning when it was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, as UTF-8.
    pub text: String,
    /// Set when the bytes were decoded from another encoding, e.g. Windows-1252.
    pub warning: Option<String>,
}

/// True when the first [`SNIFF_LEN`] bytes hold a NUL or more than a quarter control bytes.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    let mut control = 0usize;
    for &b in head {
        match b {
            0 => return true,
            b'\t' | b'\n' | b'\x0C' | b'\r' | b'\x1B' => {}
            0x01..=0x1F | 0x7F => control += 1,
            _ => {}
        }
    }
    control * 4 > head.len()
}

/// Decode a plain-text file's bytes (see the module docs for the rules).
pub fn decode(bytes: &[u8]) -> Result<Decoded, Problem> {
    decode_with(bytes, None)
}

/// Decode an HTML file's bytes: like [`decode`], but a page that is not UTF-8 is decoded with the
/// charset its `<meta>` declares, when that is a known label, before falling back to
/// Windows-1252.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded, Problem> {
    decode_html_as(bytes, None)
}

/// Decode a fetched HTML page: like [`decode_html`], but the charset the server declared (the
/// `Content-Type` parameter, a label such as `iso-8859-1`) is tried first when the bytes are not
/// UTF-8; an unknown label is ignored.
pub fn decode_html_as(bytes: &[u8], charset: Option<&str>) -> Result<Decoded, Problem> {
    let declared = charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| declared_charset(bytes));
    decode_with(bytes, declared)
}

fn decode_with(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, Problem> {
    if looks_binary(bytes) {
        return Err(Problem::Binary);
    }
    let decoded = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_16LE || enc == UTF_16BE {
            let (text, _) = enc.decode_without_bom_handling(body);
            Decoded {
                text: text.into_owned(),
                warning: Some(format!("decoded as {} (byte-order mark)", enc.name())),
            }
        } else {
            utf8_or_fallback(body, declared)
        }
    } else {
        utf8_or_fallback(bytes, declared)
    };
    if decoded.text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    Ok(decoded)
}

fn utf8_or_fallback(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            warning: None,
        };
    }
    let enc = declared
        .filter(|e| *e != encoding_rs::UTF_8 && *e != UTF_16LE && *e != UTF_16BE)
        .unwrap_or(WINDOWS_1252);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        warning: Some(format!("not valid UTF-8; decoded as {}", enc.name())),
    }
}

/// The encoding named by `charset=` in the first 1 KiB of an HTML page, if any.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decode_utf8_is_unchanged() {
        let text = "SEOUL — “We will,” Yoon said.\r\nNext line.\n";
        let d = decode(text.as_bytes()).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.warning, None);
    }

    #[test]
    fn decode_strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFTokyo said.").unwrap();
        assert_eq!(d.text, "Tokyo said.");
        assert_eq!(d.warning, None);
    }

    #[test]
    fn decode_windows_1252_with_warning() {
        // "Café" and curly quotes in Windows-1252: é = E9, “ = 93, ” = 94, — = 97.
        let bytes = b"Caf\xE9 owner \x93Kim\x94 said \x97 yes.";
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "Café owner “Kim” said — yes.");
        assert!(d.warning.unwrap().contains("windows-1252"));
    }

    #[test]
    fn decode_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hi Seoul".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Hi Seoul");
        assert!(d.warning.is_some());
    }

    #[test]
    fn decode_refuses_binary_nul() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00abc"), Err(Problem::Binary));
    }

    #[test]
    fn decode_refuses_mostly_control_bytes() {
        let bytes: Vec<u8> = (0..100)
            .map(|i| if i % 2 == 0 { 1 } else { b'a' })
            .collect();
        assert_eq!(decode(&bytes), Err(Problem::Binary));
    }

    #[test]
    fn decode_refuses_empty_and_whitespace() {
        assert_eq!(decode(b""), Err(Problem::Empty));
        assert_eq!(decode(b" \n\t \r\n"), Err(Problem::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF\n"), Err(Problem::Empty));
    }

    #[test]
    fn decode_html_uses_declared_charset() {
        let page = b"<html><head><meta charset=\"iso-8859-2\"></head><body>\xB1</body></html>";
        let d = decode_html(page).unwrap();
        assert!(d.text.contains('ą'), "{}", d.text);
    }

    proptest! {
        #[test]
        fn decode_never_panics_and_keeps_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            if let Ok(d) = decode(&bytes) {
                prop_assert!(!d.text.trim().is_empty());
                if let Ok(s) = std::str::from_utf8(&bytes) {
                    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
                    prop_assert_eq!(d.text, s);
                }
            }
        }

        #[test]
        fn decode_text_roundtrips(s in "\\PC{1,200}") {
            prop_assume!(!s.trim().is_empty() && !s.starts_with('\u{feff}'));
            prop_assume!(!looks_binary(s.as_bytes()));
            prop_assert_eq!(decode(s.as_bytes()).unwrap().text, s);
        }
    }
}
