//! Sitemaps (sitemaps.org 0.9): a `<urlset>` lists a site's pages, each with an optional
//! `<lastmod>`; a `<sitemapindex>` lists further sitemaps. News sites publish them beside (or
//! instead of) feeds, often with every article of the last days.
//!
//! Only the two fields newsgraph uses are read (`loc`, `lastmod`); news/image extensions are
//! ignored by local name. Entries that are not absolute `http(s)` URLs are dropped.

use quick_xml::events::Event;
use quick_xml::Reader;
use url::Url;

use crate::error::FetchError;
use crate::feed::root_element;
use crate::media::skip_space;

/// The most entries one sitemap may hand out (the protocol's own limit is 50,000).
pub const MAX_ENTRIES: usize = 50_000;

/// Which kind of sitemap a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapKind {
    /// `<urlset>`: pages.
    UrlSet,
    /// `<sitemapindex>`: other sitemaps.
    Index,
}

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// The absolute URL.
    pub loc: String,
    /// When the resource last changed, when the sitemap says (W3C datetime; a bare day counts
    /// as its midnight UTC).
    pub lastmod: Option<jiff::Timestamp>,
}

/// A parsed sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitemap {
    /// A list of pages or an index of sitemaps.
    pub kind: SitemapKind,
    /// Its entries in document order (at most [`MAX_ENTRIES`]).
    pub entries: Vec<SitemapEntry>,
}

/// Whether a body is a sitemap or a sitemap index, by its root element (servers label them
/// `application/xml`, `text/xml` or anything at all).
pub fn looks_like_sitemap(body: &[u8]) -> Option<SitemapKind> {
    let head = skip_space(body);
    let head = &head[..head.len().min(8 * 1024)];
    let name = root_element(head)?;
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    match local {
        b"urlset" => Some(SitemapKind::UrlSet),
        b"sitemapindex" => Some(SitemapKind::Index),
        _ => None,
    }
}

/// Parses a sitemap or sitemap index fetched from `url`.
pub fn parse_sitemap(body: &[u8], url: &str) -> Result<Sitemap, FetchError> {
    let fail = |reason: String| FetchError::Sitemap {
        url: url.to_string(),
        reason,
    };
    let kind =
        looks_like_sitemap(body).ok_or_else(|| fail("no <urlset> or <sitemapindex>".into()))?;
    let entry_tag: &[u8] = match kind {
        SitemapKind::UrlSet => b"url",
        SitemapKind::Index => b"sitemap",
    };
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut entries = Vec::new();
    // The entry being read, and which of its fields the text belongs to.
    let mut current: Option<(Option<String>, Option<String>)> = None;
    let mut field: Option<&'static str> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| fail(format!("at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                if name.as_ref() == entry_tag && current.is_none() {
                    current = Some((None, None));
                } else if current.is_some() {
                    field = match name.as_ref() {
                        b"loc" => Some("loc"),
                        b"lastmod" => Some("lastmod"),
                        _ => None,
                    };
                }
            }
            Event::Text(t) => {
                if let (Some((loc, lastmod)), Some(f)) = (current.as_mut(), field) {
                    let text = t
                        .unescape()
                        .map_err(|e| fail(e.to_string()))?
                        .trim()
                        .to_string();
                    if f == "loc" {
                        *loc = Some(text);
                    } else {
                        *lastmod = Some(text);
                    }
                }
            }
            Event::CData(t) => {
                if let (Some((loc, _)), Some("loc")) = (current.as_mut(), field) {
                    *loc = Some(String::from_utf8_lossy(&t).trim().to_string());
                }
            }
            Event::End(e) => {
                field = None;
                if e.local_name().as_ref() == entry_tag {
                    if let Some((Some(loc), lastmod)) = current.take() {
                        if let Some(loc) = absolute_http(&loc) {
                            entries.push(SitemapEntry {
                                loc,
                                lastmod: lastmod.as_deref().and_then(parse_lastmod),
                            });
                        }
                    }
                    if entries.len() == MAX_ENTRIES {
                        break;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(Sitemap { kind, entries })
}

fn absolute_http(loc: &str) -> Option<String> {
    let url = Url::parse(loc).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// A W3C datetime (`2026-03-02`, `2026-03-02T10:00Z`, `2026-03-02T10:00:00+01:00`).
pub fn parse_lastmod(text: &str) -> Option<jiff::Timestamp> {
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    // Minutes without seconds are allowed by the W3C profile but not by RFC 3339.
    if let Some((day, rest)) = text.split_once('T') {
        let (clock, zone) = match rest.find(['Z', '+', '-']) {
            Some(i) => rest.split_at(i),
            None => (rest, "Z"),
        };
        if clock.len() == 5 {
            return format!("{day}T{clock}:00{zone}").parse().ok();
        }
    }
    let day: jiff::civil::Date = text.parse().ok()?;
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urlset_gives_its_pages_with_lastmod() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.test/a.html</loc><lastmod>2026-03-02</lastmod>
       <news:news><news:title>Ignored</news:title></news:news></url>
  <url><loc> https://news.test/b?x=1&amp;y=2 </loc><lastmod>2026-03-02T10:30+01:00</lastmod></url>
  <url><loc>ftp://news.test/c</loc></url>
  <url><loc>https://news.test/d.html</loc><lastmod>not a date</lastmod></url>
</urlset>"#;
        assert_eq!(looks_like_sitemap(xml), Some(SitemapKind::UrlSet));
        let s = parse_sitemap(xml, "https://news.test/sitemap.xml").unwrap();
        assert_eq!(s.kind, SitemapKind::UrlSet);
        let locs: Vec<&str> = s.entries.iter().map(|e| e.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                "https://news.test/a.html",
                "https://news.test/b?x=1&y=2",
                "https://news.test/d.html"
            ]
        );
        assert_eq!(s.entries[0].lastmod, "2026-03-02T00:00:00Z".parse().ok());
        assert_eq!(s.entries[1].lastmod, "2026-03-02T09:30:00Z".parse().ok());
        assert_eq!(s.entries[2].lastmod, None);
    }

    #[test]
    fn an_index_lists_sitemaps_and_pages_are_not_sitemaps() {
        let xml = b"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
            <sitemap><loc>http://news.test/s1.xml</loc><lastmod>2026-01-01T00:00:00Z</lastmod></sitemap>\
            </sitemapindex>";
        let s = parse_sitemap(xml, "http://news.test/index.xml").unwrap();
        assert_eq!(s.kind, SitemapKind::Index);
        assert_eq!(s.entries.len(), 1);
        assert_eq!(looks_like_sitemap(b"<!DOCTYPE html><html>"), None);
        assert_eq!(looks_like_sitemap(b"<rss version=\"2.0\">"), None);
        assert!(parse_sitemap(b"<html></html>", "http://x.test/").is_err());
    }

    #[test]
    fn broken_xml_is_an_error_naming_the_url() {
        let err = parse_sitemap(
            b"<urlset><url><loc>http://a.test/</url></urlset>",
            "http://a.test/s.xml",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("http://a.test/s.xml: not a readable sitemap"),
            "{err}"
        );
    }
}
