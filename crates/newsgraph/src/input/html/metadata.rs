//! Metadata: title, date, source and URL from meta tags, headings and JSON-LD.

use super::*;

/// Meta keys that carry the publication date, in the order they are trusted.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "datepublished",
];

/// Title, date, source and URL from meta tags, headings, `<time>` and JSON-LD.
pub(super) fn extract_meta(
    root: NodeRef<'_, Node>,
    container: NodeRef<'_, Node>,
    scan: &Scan,
) -> Meta {
    /// Meta keys read for the title, outlet and URL; the date's keys are `PUBLISHED_KEYS`.
    const WANTED: &[&str] = &["og:title", "twitter:title", "og:site_name", "og:url"];
    let mut metas: HashMap<&'static str, String> = HashMap::new();
    let mut canonical = None;
    let mut title_tag = None;
    let mut ld_json: Vec<String> = Vec::new();
    for node in root.descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "link" => {
                let is_canonical = el.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical && canonical.is_none() {
                    canonical = el.attr("href").map(str::trim).filter(|h| !h.is_empty());
                }
            }
            "title" if title_tag.is_none() => title_tag = Some(collapse(&text_of(node))),
            "script" => {
                let ld = el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if ld {
                    ld_json.push(text_of(node));
                }
            }
            _ => {}
        }
        for key_attr in ["property", "name", "itemprop"] {
            let Some(key) = el.attr(key_attr) else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let Some(&wanted) = WANTED.iter().chain(PUBLISHED_KEYS).find(|w| **w == key) else {
                continue;
            };
            let value = el.attr("content").or_else(|| el.attr("datetime"));
            if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
                metas.entry(wanted).or_insert_with(|| v.to_string());
            }
        }
    }
    let get = |k: &str| metas.get(k).map(|v| collapse(v)).filter(|v| !v.is_empty());

    let source = get("og:site_name");
    let title = get("og:title")
        .or_else(|| get("twitter:title"))
        .or_else(|| scan.article_h1.clone())
        .or_else(|| scan.first_h1.clone())
        .or_else(|| {
            title_tag
                .filter(|t| !t.is_empty())
                .map(|t| strip_site_suffix(t, source.as_deref()))
        });
    let url = get("og:url").or_else(|| canonical.map(str::to_string));

    let article = article_of(container);
    let time_in_article = || {
        article.descendants().find_map(|n| match n.value() {
            Node::Element(el) if el.name() == "time" => el.attr("datetime").map(str::to_string),
            _ => None,
        })
    };
    let published = PUBLISHED_KEYS
        .iter()
        .filter_map(|k| metas.get(k))
        .find_map(|v| lenient_date(v))
        .or_else(|| time_in_article().and_then(|v| lenient_date(&v)))
        .or_else(|| {
            ld_json
                .iter()
                .filter_map(|s| ld_date_published(s))
                .find_map(|v| lenient_date(&v))
        });

    Meta {
        title,
        source,
        url,
        published,
        ..Meta::default()
    }
}

/// The `<article>` that holds the container (or the container itself).
pub(super) fn article_of(container: NodeRef<'_, Node>) -> NodeRef<'_, Node> {
    let mut n = Some(container);
    while let Some(node) = n {
        if let Node::Element(el) = node.value() {
            if el.name() == "article" {
                return node;
            }
        }
        n = node.parent();
    }
    container
}

/// `Headline | Site` → `Headline` when `Site` is the page's site name.
pub(super) fn strip_site_suffix(title: String, site: Option<&str>) -> String {
    let Some(site) = site else {
        return title;
    };
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if tail.trim().eq_ignore_ascii_case(site) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title
}

/// A date from a meta value: a strict [`crate::input::parse_date`], else a leading `YYYY-MM-DD`.
pub(super) fn lenient_date(v: &str) -> Option<jiff::civil::Date> {
    let v = v.trim();
    crate::input::parse_date(v)
        .ok()
        .or_else(|| v.get(..10).and_then(|h| crate::input::parse_date(h).ok()))
}

/// The first string `datePublished` anywhere in a JSON-LD block.
pub(super) fn ld_date_published(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json.trim()).ok()?;
    let mut stack = vec![&value];
    let mut budget = 10_000usize;
    while let Some(v) = stack.pop() {
        budget = budget.checked_sub(1)?;
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(s)) = map.get("datePublished") {
                    return Some(s.clone());
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}
