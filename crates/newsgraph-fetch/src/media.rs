//! Content types: parsing `Content-Type` headers and recognising HTML.

/// A parsed `Content-Type`: the media type and its charset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaType {
    /// The media type, lower-case, without parameters (`text/html`); empty when absent.
    pub essence: String,
    /// The `charset` parameter, lower-case and unquoted.
    pub charset: Option<String>,
}

impl MediaType {
    /// Parses a `Content-Type` header value; never fails (an odd value gives odd fields).
    pub fn parse(value: &str) -> MediaType {
        let mut parts = value.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let charset = parts.find_map(|p| {
            let (name, val) = p.split_once('=')?;
            if !name.trim().eq_ignore_ascii_case("charset") {
                return None;
            }
            let val = val.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!val.is_empty()).then(|| val.to_ascii_lowercase())
        });
        MediaType { essence, charset }
    }

    /// The essence, or `None` when empty.
    pub fn essence(&self) -> Option<String> {
        (!self.essence.is_empty()).then(|| self.essence.clone())
    }
}

/// Whether a resource is HTML: by its media type when it has one, else by its first bytes.
pub fn is_html(essence: Option<&str>, body: &[u8]) -> bool {
    match essence {
        Some("text/html" | "application/xhtml+xml") => true,
        Some(e) if !e.is_empty() => false,
        _ => sniff_html(body),
    }
}

/// Whether a body opens like an HTML document (the WHATWG sniffing table's common cases).
fn sniff_html(body: &[u8]) -> bool {
    let head = skip_space(body);
    let head = &head[..head.len().min(64)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| lower.starts_with(tag))
}

/// The body without a UTF-8 byte order mark and leading white space.
pub(crate) fn skip_space(body: &[u8]) -> &[u8] {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    &body[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_type_parses_charset_in_any_case_and_quotes() {
        let m = MediaType::parse("Text/HTML; Charset=\"ISO-8859-1\"");
        assert_eq!(m.essence, "text/html");
        assert_eq!(m.charset.as_deref(), Some("iso-8859-1"));
        let m = MediaType::parse("application/rss+xml");
        assert_eq!(m.charset, None);
        assert_eq!(MediaType::parse("").essence(), None);
    }

    #[test]
    fn html_is_recognised_by_type_or_by_sniffing() {
        assert!(is_html(Some("text/html"), b""));
        assert!(!is_html(Some("image/png"), b"<html>"));
        assert!(is_html(None, b"\xEF\xBB\xBF  <!DOCTYPE html><p>"));
        assert!(!is_html(None, b"%PDF-1.4"));
    }
}
