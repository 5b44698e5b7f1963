//! Feeds: telling a feed from a page, and turning a feed's items into URLs to follow (or, for an
//! item that carries its whole text and no link, into content) with metadata hints.

use feed_rs::model::{Entry, Link};
use url::Url;

use crate::error::FetchError;
use crate::media::skip_space;
use crate::record::Hints;

/// Media types that only feeds use.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
];

/// Root elements of RSS 0.9x/2.0 (`rss`), Atom (`feed`) and RSS 1.0 (`rdf:RDF`), by local name.
const FEED_ROOTS: &[&[u8]] = &[b"rss", b"feed", b"RDF"];

/// How far into a body sniffing looks: prologs, comments and doctypes are short.
const SNIFF_WINDOW: usize = 8 * 1024;

/// Whether a response is a feed rather than a page: by a feed media type, or, since servers
/// often label feeds `text/xml`, `text/html` or nothing at all, by the root element of an XML
/// body or the JSON Feed version URL of a JSON body.
pub fn looks_like_feed(essence: Option<&str>, body: &[u8]) -> bool {
    if essence.is_some_and(|e| FEED_TYPES.contains(&e)) {
        return true;
    }
    let head = skip_space(body);
    let head = &head[..head.len().min(SNIFF_WINDOW)];
    match head.first() {
        Some(b'{') => contains(head, b"jsonfeed.org/version"),
        Some(b'<') => root_element(head).is_some_and(|name| {
            let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
            FEED_ROOTS.contains(&local)
        }),
        _ => false,
    }
}

/// The name of the first element, after any XML declaration, comments and doctype.
pub(crate) fn root_element(mut rest: &[u8]) -> Option<&[u8]> {
    loop {
        rest = skip_space(rest);
        let skip_to = |rest: &[u8], end: &[u8]| find(rest, end).map(|i| i + end.len());
        let next = if rest.starts_with(b"<?") {
            skip_to(rest, b"?>")?
        } else if rest.starts_with(b"<!--") {
            skip_to(rest, b"-->")?
        } else if rest.starts_with(b"<!") {
            skip_to(rest, b">")?
        } else if let Some(tag) = rest.strip_prefix(b"<") {
            let end = tag
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .unwrap_or(tag.len());
            return (end > 0).then(|| &tag[..end]);
        } else {
            return None;
        };
        rest = &rest[next..];
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// A parsed feed: its own metadata and its items, in feed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    /// The feed's title.
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub link: Option<String>,
    /// The items.
    pub items: Vec<FeedItem>,
}

/// One item of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's id (`guid`, Atom `id`, JSON Feed `id`, or one `feed-rs` made up).
    pub id: String,
    /// The page to follow, absolute, when the item has one.
    pub link: Option<String>,
    /// The item's own text (HTML or plain), when it has no link to follow.
    pub content: Option<String>,
    /// The media type of `content`.
    pub content_type: Option<String>,
    /// Title, date, author and source for the page's metadata.
    pub hints: Hints,
}

/// Parses an RSS 0.9x/1.0/2.0, Atom or JSON Feed body fetched from `feed_url`. Relative links
/// are resolved against the feed's URL.
pub fn parse_feed(body: &[u8], feed_url: &str) -> Result<ParsedFeed, FetchError> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url))
        .build()
        .parse(body)
        .map_err(|e| FetchError::Feed {
            url: feed_url.to_string(),
            reason: e.to_string(),
        })?;
    let base = Url::parse(feed_url).ok();
    let title = feed.title.map(|t| t.content).filter(|t| !t.is_empty());
    let link = pick_link(&feed.links, base.as_ref());
    let items = feed
        .entries
        .into_iter()
        .map(|entry| item(entry, feed_url, base.as_ref(), title.as_deref()))
        .collect();
    Ok(ParsedFeed { title, link, items })
}

fn item(entry: Entry, feed_url: &str, base: Option<&Url>, feed_title: Option<&str>) -> FeedItem {
    // An RSS guid is a permalink unless it says otherwise, so a link-less item whose id is an
    // http(s) URL is followed there.
    let link = pick_link(&entry.links, base).or_else(|| absolute_http(&entry.id, None));
    let (content, content_type) = if link.is_some() {
        (None, None)
    } else if let Some(c) = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_ref().filter(|b| !b.trim().is_empty())?;
        Some((body.clone(), c.content_type.to_string()))
    }) {
        (Some(c.0), Some(c.1))
    } else if let Some(s) = entry.summary.as_ref().filter(|s| !s.content.is_empty()) {
        (Some(s.content.clone()), Some(s.content_type.to_string()))
    } else {
        (None, None)
    };
    let published = entry
        .published
        .or(entry.updated)
        .and_then(|d| jiff::Timestamp::new(d.timestamp(), d.timestamp_subsec_nanos() as i32).ok());
    let hints = Hints {
        title: entry.title.map(|t| t.content).filter(|t| !t.is_empty()),
        link: link.clone(),
        published,
        source: feed_title.map(str::to_string),
        author: entry
            .authors
            .into_iter()
            .find_map(|p| p.name)
            .filter(|n| !n.is_empty()),
        feed_url: Some(feed_url.to_string()),
    };
    FeedItem {
        id: entry.id,
        link,
        content,
        content_type,
        hints,
    }
}

/// The link that points at the item's page: Atom's `alternate` (or unlabelled) link, not
/// `self`, `enclosure`, `replies` or `edit`.
fn pick_link(links: &[Link], base: Option<&Url>) -> Option<String> {
    links
        .iter()
        .filter(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .find_map(|l| absolute_http(&l.href, base))
}

fn absolute_http(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_told_from_pages_by_type_or_root_element() {
        assert!(looks_like_feed(Some("application/rss+xml"), b""));
        let rss = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- hi --><rss version=\"2.0\">";
        assert!(looks_like_feed(Some("text/html"), rss));
        assert!(looks_like_feed(
            Some("text/xml"),
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(looks_like_feed(None, b"<rdf:RDF xmlns:rdf=\"x\">"));
        let json = br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#;
        assert!(looks_like_feed(Some("application/json"), json));
        assert!(!looks_like_feed(
            Some("text/html"),
            b"<!DOCTYPE html><html><body>"
        ));
        assert!(!looks_like_feed(Some("application/json"), b"{\"a\": 1}"));
        assert!(!looks_like_feed(None, b"<?xml version=\"1.0\""));
        assert!(!looks_like_feed(None, b""));
    }
}
