//! The unit this crate hands out: one fetched (or archived) resource plus what is known about it.

/// One resource: a page fetched over HTTP, a feed item's own content, or an archived response.
///
/// The body is raw bytes (after `Content-Encoding` is undone): decoding to text is the
/// reader's job, helped by [`Fetched::charset`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    /// The URL that was asked for (before redirects).
    pub requested_url: String,
    /// The HTTP status (200 for a feed item's own content).
    pub status: u16,
    /// The media type, lower-case and without parameters (`text/html`), when known.
    pub content_type: Option<String>,
    /// The charset from the `Content-Type` parameters, lower-case, when given.
    pub charset: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// When it was fetched: now for HTTP, the `WARC-Date` for an archive record.
    pub fetched_at: Option<jiff::Timestamp>,
    /// The server's `Date` header, verbatim.
    pub date: Option<String>,
    /// The server's `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
    /// The server's `ETag` header, verbatim (quotes and `W/` kept).
    pub etag: Option<String>,
    /// Metadata from the feed item that led here; empty for a URL given directly.
    pub hints: Hints,
    /// How the record was obtained.
    pub origin: Origin,
}

/// Metadata from a feed item. The page's own metadata wins; these fill what it lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// The item's title.
    pub title: Option<String>,
    /// The item's link (absolute).
    pub link: Option<String>,
    /// The item's publication date (or its update date when it has none).
    pub published: Option<jiff::Timestamp>,
    /// The outlet: the feed's title.
    pub source: Option<String>,
    /// The item's first author.
    pub author: Option<String>,
    /// The feed's URL.
    pub feed_url: Option<String>,
}

impl Hints {
    /// Whether no hint is set.
    pub fn is_empty(&self) -> bool {
        *self == Hints::default()
    }
}

/// How a [`Fetched`] record was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// An HTTP request.
    Http,
    /// A feed item with no link but its full content in the feed.
    FeedContent {
        /// The item's id (its `guid`, Atom `id` or JSON Feed `id`).
        item_id: String,
    },
    /// A response record in a WARC file.
    Warc {
        /// Byte offset in the file: the record's, or in a `.warc.gz` its gzip member's.
        offset: u64,
        /// The `WARC-Record-ID`, when present.
        record_id: Option<String>,
    },
}
