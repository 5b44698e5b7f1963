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

mod boilerplate;
mod content;
mod depth;
mod metadata;
mod text;

pub use boilerplate::*;
use content::*;
pub use depth::*;
use metadata::*;
use text::*;

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

#[cfg(test)]
mod tests;
