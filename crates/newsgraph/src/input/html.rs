//! Extracting a news article's text and metadata from an HTML page.
//!
//! **Text.** The article body is the first of these that holds enough text: the largest
//! `<article>`, the largest `[itemprop=articleBody]`, the `<main>`; failing those, the element
//! whose `<p>` children hold the most text (a paragraph counts fully for its parent and half for
//! its grandparent, as in readability-style extractors); failing that, `<body>`. "Enough" means
//! at least half the paragraph text of that best paragraph container, so that a teaser
//! `<article>` in a sidebar does not win over the story. Inside the body, each block element
//! (`<p>`, `<li>`, `<div>`, headings, `<br>`...) becomes one line: the document text is the
//! paragraphs joined with `\n`, whitespace inside a paragraph collapsed to single spaces,
//! entities decoded, no-break spaces made plain spaces, soft hyphens and zero-width spaces
//! dropped.
//!
//! **Dropped.** `nav`, `header`, `footer`, `aside`, `script`, `style`, `noscript`, `template`,
//! `figure` and `figcaption` (captions and photo credits are not the story), embedded media,
//! buttons, hidden elements, ARIA navigation/banner/contentinfo/complementary regions, `<form>`s
//! that hold no `<p>` (a page wrapped in one ASP.NET form keeps its text), the `<h1>` headline
//! (it becomes the title instead), elements whose class or id has a boilerplate part (`share`,
//! `newsletter`, `comments`...), and short paragraphs that are boilerplate ("Advertisement",
//! "Read more", "Sign up for our newsletter"...). The cues live in `data/input/boilerplate.txt`.
//! When class-based dropping would leave no text at all, the page is read again without it.
//!
//! **Metadata.** Title: `og:title`, `twitter:title`, the first `<h1>` (of the article if it has
//! one), `<title>` (less a trailing " | Site name"). Date: `article:published_time`,
//! `og:published_time`, `<meta name=date|pubdate|publish-date|dc.date|dc.date.issued>`,
//! `itemprop=datePublished`, a `<time datetime>` inside the article, JSON-LD `datePublished`;
//! the first that parses wins, and the date is taken as written. Source: `og:site_name`. URL:
//! `og:url`, `<link rel=canonical>`.
//!
//! **Robustness.** html5ever never fails, but some of its algorithms scan the stack of open
//! elements, which makes absurdly deep nesting quadratic. [`limit_depth`] first drops start
//! tags nested deeper than [`MAX_DEPTH`] (and their end tags) in one linear pass; every walk
//! over the tree here is iterative. Offsets index the extracted text: no map back to the markup
//! is kept.

use crate::data::DataDir;
use crate::document::Meta;
use crate::error::{Error, Result};
use aho_corasick::AhoCorasick;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Start tags nested deeper than this are dropped before parsing (browsers cap depth similarly).
pub const MAX_DEPTH: usize = 256;

/// Paragraphs longer than this many words are never treated as boilerplate.
pub const BOILERPLATE_MAX_WORDS: usize = 40;

/// The data file with boilerplate cues.
pub const BOILERPLATE_FILE: &str = "input/boilerplate.txt";

/// Elements whose whole subtree is never article text.
const SKIP_TAGS: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "template",
    "figure",
    "figcaption",
    "svg",
    "math",
    "button",
    "iframe",
    "select",
    "textarea",
    "head",
    "title",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "dialog",
    "menu",
];

/// ARIA roles that mark the same regions as `nav`, `header`, `footer`, `aside`.
const SKIP_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "complementary"];

/// Elements that start and end a line of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements without end tags; they do not nest.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Elements whose end tag may be left out; the parser closes them itself, so they do not count
/// towards depth.
const OPTIONAL_END_TAGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_TAGS: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Cues for boilerplate, from `data/input/boilerplate.txt`.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    exact: HashSet<String>,
    prefix: Vec<String>,
    contains: Option<AhoCorasick>,
    classes: HashSet<String>,
}

impl Boilerplate {
    /// Load the cues: a TSV of `kind<TAB>phrase`, kind one of `exact` (the whole paragraph),
    /// `prefix` (how it starts), `contains` (anywhere in it) or `class` (a part of a class or
    /// id name, split on `-`, `_`). Phrases are matched lowercased with outer punctuation
    /// trimmed, and only in paragraphs of at most [`BOILERPLATE_MAX_WORDS`] words.
    pub fn load(data: &DataDir) -> Result<Boilerplate> {
        let mut bp = Boilerplate::default();
        let mut contains = Vec::new();
        for row in data.tsv(BOILERPLATE_FILE)? {
            let phrase = normalize(row.get(1));
            if phrase.is_empty() {
                return Err(Error::resource(
                    data.path_of(BOILERPLATE_FILE),
                    row.line,
                    "missing phrase",
                ));
            }
            match row.get(0) {
                "exact" => {
                    bp.exact.insert(phrase);
                }
                "prefix" => bp.prefix.push(phrase),
                "contains" => contains.push(phrase),
                "class" => {
                    bp.classes.insert(phrase);
                }
                other => {
                    return Err(Error::resource(
                        data.path_of(BOILERPLATE_FILE),
                        row.line,
                        format!(
                            "unknown kind `{other}` (expected exact, prefix, contains or class)"
                        ),
                    ))
                }
            }
        }
        if !contains.is_empty() {
            let ac = AhoCorasick::new(&contains)
                .map_err(|e| Error::resource(data.path_of(BOILERPLATE_FILE), 0, e.to_string()))?;
            bp.contains = Some(ac);
        }
        Ok(bp)
    }

    /// True when a paragraph is boilerplate: short and matching a cue.
    pub fn is_boilerplate(&self, paragraph: &str) -> bool {
        if paragraph
            .split_whitespace()
            .nth(BOILERPLATE_MAX_WORDS)
            .is_some()
        {
            return false;
        }
        let norm = normalize(paragraph);
        if norm.is_empty() {
            return true;
        }
        self.exact.contains(&norm)
            || self.prefix.iter().any(|p| norm.starts_with(p.as_str()))
            || self.contains.as_ref().is_some_and(|ac| ac.is_match(&norm))
    }

    /// True when an element's class or id names boilerplate (`share-tools`, `newsletter_box`).
    fn is_boilerplate_element(&self, el: &scraper::node::Element) -> bool {
        if self.classes.is_empty() {
            return false;
        }
        let parts = |name: &str| -> bool {
            name.split(['-', '_'])
                .any(|p| !p.is_empty() && self.classes.contains(&p.to_ascii_lowercase()))
        };
        el.classes().any(parts) || el.id().is_some_and(parts)
    }
}

/// Lowercase, typographic apostrophes made plain, whitespace collapsed, punctuation and symbols
/// trimmed from both ends.
fn normalize(s: &str) -> String {
    let lower = s.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// An article extracted from a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The article's paragraphs, one per line.
    pub text: String,
    /// Title, date, source and URL found in the page (`path` unset).
    pub meta: Meta,
}

/// Extract the article with the built-in boilerplate cues (for fuzzing and quick use).
pub fn parse(html: &str) -> Page {
    static BUILTIN: OnceLock<Boilerplate> = OnceLock::new();
    let bp = BUILTIN.get_or_init(|| Boilerplate::load(&DataDir::new(None)).unwrap_or_default());
    parse_with(html, bp)
}

/// Extract the article's text and metadata from a page.
pub fn parse_with(html: &str, bp: &Boilerplate) -> Page {
    let html = limit_depth(html, MAX_DEPTH);
    let doc = Html::parse_document(&html);
    let root = doc.tree.root();
    let scan = Scan::run(root, bp);
    let container = scan
        .choose()
        .and_then(|id| doc.tree.get(id))
        .unwrap_or(root);
    let mut text = extract_text(container, bp, &scan.forms_with_p, true);
    if text.is_empty() {
        text = extract_text(container, bp, &scan.forms_with_p, false);
    }
    let meta = extract_meta(root, container, &scan);
    Page { text, meta }
}

/// What one pass over the tree learns: candidate containers and their text lengths.
#[derive(Default)]
struct Scan {
    articles: Vec<(NodeId, usize)>,
    bodies: Vec<(NodeId, usize)>,
    mains: Vec<(NodeId, usize)>,
    body: Option<NodeId>,
    p_score: HashMap<NodeId, usize>,
    forms_with_p: HashSet<NodeId>,
    article_h1: Option<String>,
    first_h1: Option<String>,
}

/// True for elements skipped by tag, role, `hidden` or inline `display:none`.
fn skipped_by_markup(el: &scraper::node::Element) -> bool {
    let name = el.name();
    SKIP_TAGS.contains(&name)
        || el
            .attr("role")
            .is_some_and(|r| SKIP_ROLES.iter().any(|s| r.eq_ignore_ascii_case(s)))
        || el.attr("hidden").is_some()
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

/// Elements never skipped for their class: dropping them would drop the story.
fn is_container_tag(name: &str) -> bool {
    matches!(name, "html" | "body" | "article" | "main")
}

impl Scan {
    fn run(root: NodeRef<'_, Node>, bp: &Boilerplate) -> Scan {
        let mut scan = Scan::default();
        // Per open element: (id, visible text length below it, skipped?).
        let mut stack: Vec<(NodeId, usize, bool)> = Vec::new();
        let mut skip = 0usize;
        let mut open_forms: Vec<NodeId> = Vec::new();
        let mut open_articles = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if let Node::Text(t) = node.value() {
                        if skip == 0 {
                            let n = visible_len(t);
                            if let Some(top) = stack.last_mut() {
                                top.1 += n;
                            }
                        }
                        continue;
                    }
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    let name = el.name();
                    let skipped = skipped_by_markup(el)
                        || (!is_container_tag(name)
                            && el.attr("itemprop") != Some("articleBody")
                            && bp.is_boilerplate_element(el));
                    if skipped {
                        skip += 1;
                    }
                    match name {
                        "form" => open_forms.push(node.id()),
                        "p" => scan.forms_with_p.extend(open_forms.iter().copied()),
                        "article" => open_articles += 1,
                        "body" if scan.body.is_none() => scan.body = Some(node.id()),
                        "h1" => {
                            let want_article = open_articles > 0 && scan.article_h1.is_none();
                            if want_article || scan.first_h1.is_none() {
                                let h = collapse(&text_of(node));
                                if !h.is_empty() {
                                    if want_article {
                                        scan.article_h1 = Some(h.clone());
                                    }
                                    scan.first_h1.get_or_insert(h);
                                }
                            }
                        }
                        _ => {}
                    }
                    stack.push((node.id(), 0, skipped));
                }
                Edge::Close(node) => {
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    let Some((id, len, skipped)) = stack.pop() else {
                        continue;
                    };
                    if skipped {
                        skip -= 1;
                    }
                    if let Some(parent) = stack.last_mut() {
                        parent.1 += len;
                    }
                    match el.name() {
                        "form" => {
                            open_forms.pop();
                        }
                        "article" => {
                            open_articles -= 1;
                            scan.articles.push((id, len));
                        }
                        "main" => scan.mains.push((id, len)),
                        "p" if skip == 0 && len > 0 => {
                            let parent = node.parent();
                            if let Some(p) = parent {
                                *scan.p_score.entry(p.id()).or_default() += len;
                                if let Some(g) = p.parent() {
                                    *scan.p_score.entry(g.id()).or_default() += len / 2;
                                }
                            }
                        }
                        _ => {}
                    }
                    if el.attr("itemprop") == Some("articleBody") {
                        scan.bodies.push((id, len));
                    }
                }
            }
        }
        scan
    }

    /// The container of the story, by the order in the module docs.
    fn choose(&self) -> Option<NodeId> {
        let best_p = self
            .p_score
            .iter()
            .max_by_key(|(id, score)| (**score, std::cmp::Reverse(**id)))
            .map(|(id, score)| (*id, *score));
        let need = best_p.map_or(1, |(_, s)| (s / 2).max(1));
        for tier in [&self.articles, &self.bodies, &self.mains] {
            // Largest by text; among equals, the first in the page.
            let best = tier
                .iter()
                .max_by_key(|(id, len)| (*len, std::cmp::Reverse(*id)));
            if let Some(&(id, len)) = best {
                if len >= need {
                    return Some(id);
                }
            }
        }
        best_p.map(|(id, _)| id).or(self.body)
    }
}

/// Length of a text node's content without whitespace runs, for scoring.
fn visible_len(t: &str) -> usize {
    t.split_whitespace().map(str::len).sum()
}

/// All text below a node (scripts and styles included; used for `<h1>` and `<title>` only).
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            s.push_str(t);
        }
    }
    s
}

/// Whitespace collapsed to single spaces and trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.retain(|c| !matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}'));
    out
}

/// Builds lines of text, collapsing whitespace as a browser does.
struct Lines<'b> {
    out: String,
    line: String,
    space: bool,
    bp: &'b Boilerplate,
}

impl Lines<'_> {
    fn push_text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                self.space = true;
            } else if matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}') {
                continue;
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    fn flush(&mut self) {
        self.space = false;
        if self.line.is_empty() {
            return;
        }
        if !self.bp.is_boilerplate(&self.line) {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(&self.line);
        }
        self.line.clear();
    }
}

/// The container's paragraphs, one per line, boilerplate dropped.
fn extract_text(
    container: NodeRef<'_, Node>,
    bp: &Boilerplate,
    forms_with_p: &HashSet<NodeId>,
    by_class: bool,
) -> String {
    let mut lines = Lines {
        out: String::new(),
        line: String::new(),
        space: false,
        bp,
    };
    let mut skip = 0usize;
    // Whether each open element was skipped, to undo `skip` on close.
    let mut stack: Vec<bool> = Vec::new();
    for edge in container.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) if skip == 0 => lines.push_text(t),
                Node::Element(el) => {
                    let name = el.name();
                    let is_root = node.id() == container.id();
                    let skipped = skipped_by_markup(el)
                        || name == "h1"
                        || (name == "form" && !forms_with_p.contains(&node.id()))
                        || (by_class
                            && !is_root
                            && !is_container_tag(name)
                            && el.attr("itemprop") != Some("articleBody")
                            && bp.is_boilerplate_element(el));
                    if skipped {
                        skip += 1;
                    }
                    stack.push(skipped);
                    if skip == 0 && BLOCK_TAGS.contains(&name) {
                        lines.flush();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if stack.pop() == Some(true) {
                        skip -= 1;
                    }
                    if skip == 0 && BLOCK_TAGS.contains(&el.name()) {
                        lines.flush();
                    }
                }
            }
        }
    }
    lines.flush();
    lines.out
}

/// Title, date, source and URL from meta tags, headings, `<time>` and JSON-LD.
fn extract_meta(root: NodeRef<'_, Node>, container: NodeRef<'_, Node>, scan: &Scan) -> Meta {
    const WANTED: &[&str] = &[
        "og:title",
        "twitter:title",
        "og:site_name",
        "og:url",
        "article:published_time",
        "og:published_time",
        "date",
        "pubdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "datepublished",
    ];
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
            let Some(&wanted) = WANTED.iter().find(|w| **w == key) else {
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
    let published = [
        "article:published_time",
        "og:published_time",
        "date",
        "pubdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "datepublished",
    ]
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
fn article_of(container: NodeRef<'_, Node>) -> NodeRef<'_, Node> {
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
fn strip_site_suffix(title: String, site: Option<&str>) -> String {
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

/// A date from a meta value: a strict [`super::parse_date`], else a leading `YYYY-MM-DD`.
fn lenient_date(v: &str) -> Option<jiff::civil::Date> {
    let v = v.trim();
    super::parse_date(v)
        .ok()
        .or_else(|| v.get(..10).and_then(|h| super::parse_date(h).ok()))
}

/// The first string `datePublished` anywhere in a JSON-LD block.
fn ld_date_published(json: &str) -> Option<String> {
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

/// Drop start tags nested deeper than `max` (and the end tags that close them), so that the
/// parser never sees pathological depth. Linear in the input; returns the input unchanged
/// (borrowed) when nothing is dropped. Comments, doctypes and raw-text elements (`script`,
/// `style`...) are copied through untouched; void and optional-end elements do not count.
pub fn limit_depth(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // Copied up to here (when `out` is Some).
    let mut copied = 0usize;
    let mut stack: Vec<String> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut i = 0usize;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|b| matches!(b, b'!' | b'?')) {
            i = memchr(b'>', rest).map_or(bytes.len(), |e| lt + 1 + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        let mut drop_tag = false;
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(pos);
            } else if let Some(n) = dropped.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                drop_tag = true;
            }
        } else if RAW_TEXT_TAGS.contains(&name.as_str()) && !self_closing {
            // Skip the raw text up to its end tag, whatever it holds.
            let close = format!("</{name}");
            let body_end = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            i = body_end;
            continue;
        } else if !self_closing
            && !VOID_TAGS.contains(&name.as_str())
            && !OPTIONAL_END_TAGS.contains(&name.as_str())
        {
            if stack.len() >= max {
                *dropped.entry(name).or_default() += 1;
                drop_tag = true;
            } else {
                stack.push(name);
            }
        }
        if drop_tag {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..lt]);
            copied = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// One past the `>` that ends a tag whose name ends at `from`, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                // A quote only opens a value right after `=` (possibly with spaces).
                let prev = bytes[from..from + k]
                    .iter()
                    .rev()
                    .find(|c| !c.is_ascii_whitespace());
                if prev == Some(&b'=') {
                    quote = Some(b);
                }
            }
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Position of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    memmem(hay, needle, false).map(|p| from + p)
}

/// Like [`find`], ASCII case-insensitive.
fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    memmem(hay, needle, true).map(|p| from + p)
}

/// Linear-time substring search (needles here are short and start with `<` or `-`).
fn memmem(hay: &[u8], needle: &[u8], ci: bool) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = 0;
    while let Some(p) = memchr(first, &hay[i..]) {
        let at = i + p;
        let cand = hay.get(at..at + needle.len())?;
        let same = if ci {
            cand.eq_ignore_ascii_case(needle)
        } else {
            cand == needle
        };
        if same {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bp() -> Boilerplate {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        Boilerplate::load(&DataDir::new(Some(dir))).unwrap()
    }

    const STORY: &str = r#"<!DOCTYPE html>
<html><head>
<title>Ministers meet in Oslo | The Harbour Times</title>
<meta property="og:title" content="Ministers meet in Oslo &amp; agree on fish quotas">
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:url" content="https://harbour.example/oslo-fish">
<meta property="article:published_time" content="2023-11-08T21:30:00-05:00">
<script>var x = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head>
<body>
<header><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li>Politics</li><li>Sport</li></ul></nav>
<main>
<article>
  <h1>Ministers meet in Oslo</h1>
  <div class="byline">By Ola Nordmann</div>
  <figure><img src="a.jpg"><figcaption>The harbour at dawn. Photo: A. Person/Agency</figcaption></figure>
  <p>OSLO, Norway &mdash; Fisheries ministers from three countries met on Wednesday
     to agree on   quotas.</p>
  <p>Advertisement</p>
  <p>&ldquo;We have a deal,&rdquo; said the Norwegian minister, Kari Hansen.<br>She smiled.</p>
  <div class="share-tools"><p>Share this article on social media</p></div>
  <p>Sign up for our daily newsletter</p>
  <p>Talks will resume in March.</p>
  <p>We use cookies to improve your experience.</p>
  <p>Please read our comment policy before posting.</p>
  <p>Read more: Oslo port expands</p>
  <form action="/subscribe"><input type="email"><button>Subscribe</button></form>
</article>
<aside><p>Most read: a very long sidebar story that has nothing to do with fish at all and that goes on and on.</p></aside>
</main>
<section id="comments"><p>Comments are closed. Please read our comment policy.</p>
<p>User123: I disagree with all of this and I will keep writing to make this long enough.</p></section>
<footer><p>&copy; 2023 The Harbour Times. All rights reserved.</p></footer>
</body></html>"#;

    #[test]
    fn parse_extracts_article_paragraphs() {
        let page = parse_with(STORY, &bp());
        assert_eq!(
            page.text,
            "By Ola Nordmann\n\
             OSLO, Norway — Fisheries ministers from three countries met on Wednesday to agree on quotas.\n\
             “We have a deal,” said the Norwegian minister, Kari Hansen.\n\
             She smiled.\n\
             Talks will resume in March."
        );
    }

    #[test]
    fn parse_reads_meta_tags() {
        let page = parse_with(STORY, &bp());
        assert_eq!(
            page.meta.title.as_deref(),
            Some("Ministers meet in Oslo & agree on fish quotas")
        );
        assert_eq!(page.meta.source.as_deref(), Some("The Harbour Times"));
        assert_eq!(
            page.meta.url.as_deref(),
            Some("https://harbour.example/oslo-fish")
        );
        // The date as written, not converted to UTC.
        assert_eq!(page.meta.published, Some(jiff::civil::date(2023, 11, 8)));
    }

    #[test]
    fn parse_title_falls_back_to_h1_then_title_tag() {
        let page = parse_with(
            "<html><head><title>Rain in Lima | Andes Post</title>\
             <meta property='og:site_name' content='Andes Post'></head>\
             <body><p>It rained in Lima on Monday.</p></body></html>",
            &bp(),
        );
        assert_eq!(page.meta.title.as_deref(), Some("Rain in Lima"));
        let page = parse_with(
            "<title>T</title><body><h1> Big  news </h1><p>Text here.</p></body>",
            &bp(),
        );
        assert_eq!(page.meta.title.as_deref(), Some("Big news"));
    }

    #[test]
    fn parse_date_from_time_in_article_and_json_ld() {
        let page = parse_with(
            "<body><article><time datetime='2022-01-31'>Jan 31</time><p>Body text.</p></article></body>",
            &bp(),
        );
        assert_eq!(page.meta.published, Some(jiff::civil::date(2022, 1, 31)));
        let page = parse_with(
            r#"<head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2021-06-02T08:00:00Z"}]}</script></head><body><p>Body.</p></body>"#,
            &bp(),
        );
        assert_eq!(page.meta.published, Some(jiff::civil::date(2021, 6, 2)));
        let page = parse_with(
            "<head><meta name='DC.date.issued' content='2020-05-06'><link rel='canonical' href='https://c.example/x'></head><body><p>B.</p></body>",
            &bp(),
        );
        assert_eq!(page.meta.published, Some(jiff::civil::date(2020, 5, 6)));
        assert_eq!(page.meta.url.as_deref(), Some("https://c.example/x"));
    }

    #[test]
    fn parse_prefers_container_with_most_paragraph_text() {
        let html = "<body><div class='teaser'><p>Short teaser.</p></div>\
                    <div id='story'><p>First real paragraph of the story, long enough.</p>\
                    <p>Second real paragraph of the story, also long.</p></div></body>";
        let page = parse_with(html, &bp());
        assert_eq!(
            page.text,
            "First real paragraph of the story, long enough.\nSecond real paragraph of the story, also long."
        );
    }

    #[test]
    fn parse_itemprop_article_body() {
        let html = "<body><div><p>Menu junk that is long long long long long long long.</p></div>\
                    <div itemprop='articleBody'><p>The story itself is here, and it is the longest text.</p></div></body>";
        assert_eq!(
            parse_with(html, &bp()).text,
            "The story itself is here, and it is the longest text."
        );
    }

    #[test]
    fn parse_page_wrapped_in_form_keeps_text() {
        let html =
            "<body><form id='aspnetForm'><div><p>Story text in a form.</p></div></form></body>";
        assert_eq!(parse_with(html, &bp()).text, "Story text in a form.");
    }

    #[test]
    fn parse_class_fallback_when_wrapper_looks_like_boilerplate() {
        let html = "<body><div class='layout-sidebar'><p>Only story.</p></div></body>";
        assert_eq!(parse_with(html, &bp()).text, "Only story.");
    }

    #[test]
    fn parse_deep_nesting_is_fast_and_keeps_text() {
        let html = format!("<body>{}<p>Deep text.</p></body>", "<div>".repeat(200_000));
        let t = std::time::Instant::now();
        let page = parse_with(&html, &bp());
        assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
        assert_eq!(page.text, "Deep text.");
    }

    #[test]
    fn limit_depth_drops_only_deep_tags() {
        let html = "<div><div><div>x</div></div></div><p>y";
        assert_eq!(limit_depth(html, 5), html);
        assert_eq!(limit_depth(html, 1), "<div>x</div><p>y");
        // Raw text and comments are not counted.
        let html = "<script><div><div></script><!-- <div><div> --><b>z</b>";
        assert_eq!(limit_depth(html, 1), html);
    }

    #[test]
    fn boilerplate_only_short_paragraphs() {
        let bp = bp();
        assert!(bp.is_boilerplate("ADVERTISEMENT"));
        assert!(bp.is_boilerplate("Read more: Talks collapse"));
        assert!(bp.is_boilerplate("Sign up for our newsletter!"));
        assert!(!bp.is_boilerplate("The minister said the talks would go on."));
        let long = format!("We use cookies {}", "and more words ".repeat(20));
        assert!(!bp.is_boilerplate(&long));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,300}") {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_tag_soup(s in "(<(/)?(div|p|b|article|main|script|table|td|a)( class=\"share\")?>|[a-z ]{0,8}|&amp;|<!--|-->){0,60}") {
            let page = parse(&s);
            prop_assert!(!page.text.contains("\n\n"));
            let _ = limit_depth(&s, 3);
        }
    }
}
