//! Fetching news for newsgraph: web pages, feeds and web archives, as raw bytes plus metadata.
//!
//! Analysts follow feeds and sites or work from crawls; this crate turns those into
//! [`Fetched`] records (a body, its URL, its content type and charset, its dates, and hints
//! from the feed item that pointed at it). It knows nothing of newsgraph's `Document`: the
//! CLI hands each record's body and hints to the library's HTML reader, so this crate and the
//! library can change independently.
//!
//! Three ways in:
//! - [`Client::fetch`] fetches one URL politely: a User-Agent naming newsgraph, timeouts, a
//!   body size limit, at most a few redirects (each followed by hand, so every hop waits its
//!   turn at its host), gzip, and conditional requests from a [`ValidatorCache`] so a feed
//!   fetched again costs a `304 Not Modified`. Each site's robots.txt is read once per client
//!   and kept to ([`Options::obey_robots`]).
//! - [`fetch_all`] / [`Client::fetch_all`] walk a list of URLs, open feeds (RSS 0.9x/1.0/2.0,
//!   Atom, JSON Feed, via `feed-rs`) and sitemaps (a `<urlset>`, or a `<sitemapindex>` of
//!   them), and follow their items to the pages, yielding one
//!   `Result<Fetched, FetchError>` per page so one failed URL never stops the rest.
//! - [`WarcRecords`] streams a `.warc` or `.warc.gz` file: each HTML response record becomes a
//!   [`Fetched`], other records are counted in [`WarcStats`], and a corrupt record is reported
//!   with its byte offset before the reader resynchronises on the next record.
#![deny(missing_docs)]

mod client;
mod crawl;
mod error;
mod feed;
mod media;
mod politeness;
mod record;
mod robots;
mod sitemap;
mod validators;
mod warc;
mod webhook;

pub use client::{Client, Options, Outcome, Unchanged, DEFAULT_USER_AGENT};
pub use crawl::{fetch_all, FetchAll, Progress};
pub use error::{FetchError, WarcError};
pub use feed::{looks_like_feed, parse_feed, FeedItem, ParsedFeed};
pub use media::{is_html, MediaType};
pub use politeness::{Clock, HostLimiter, SystemClock};
pub use record::{Fetched, Hints, Origin};
pub use robots::{Rules as RobotsRules, ROBOTS_AGENT};
pub use sitemap::{
    looks_like_sitemap, parse_lastmod, parse_sitemap, Sitemap, SitemapEntry, SitemapKind,
};
pub use validators::{MemoryValidators, ValidatorCache, Validators};
pub use warc::{WarcOptions, WarcRecords, WarcStats};
pub use webhook::post_json;
