//! Typed errors. Each names the URL (or the archive offset) it is about, so a caller can report
//! it and go on with the next input.

use std::error::Error as StdError;

/// Why a URL could not be fetched. Every variant names the URL that was asked for.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL does not parse, or is not `http`/`https`, or has no host.
    #[error("{url}: not a URL newsgraph can fetch: {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server answered with a status other than success, redirect or `304`.
    #[error("{url}: HTTP {status}{}", at_suffix(url, at))]
    Status {
        /// The URL as asked for.
        url: String,
        /// The URL that answered (differs from `url` after redirects).
        at: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The body is larger than [`Options::max_body`](crate::Options::max_body).
    #[error(
        "{url}: body larger than the limit of {limit} bytes{}",
        at_suffix(url, at)
    )]
    TooLarge {
        /// The URL as asked for.
        url: String,
        /// The URL whose body was too large.
        at: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// More redirects than [`Options::max_redirects`](crate::Options::max_redirects), or a
    /// redirect without a usable `Location`.
    #[error("{url}: {reason}")]
    Redirect {
        /// The URL as asked for.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// No answer: DNS, connection, TLS, timeout or a broken stream.
    #[error("{url}: {}{source}", if *timeout { "timed out: " } else { "" })]
    Transport {
        /// The URL as asked for.
        url: String,
        /// Whether a timeout ran out (connect, response or body).
        timeout: bool,
        /// The cause, from the HTTP client.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
    /// The body looked like a feed but did not parse as one.
    #[error("{url}: not a readable feed: {reason}")]
    Feed {
        /// The feed's URL.
        url: String,
        /// The parser's complaint.
        reason: String,
    },
    /// The body looked like a sitemap but did not parse as one.
    #[error("{url}: not a readable sitemap: {reason}")]
    Sitemap {
        /// The sitemap's URL.
        url: String,
        /// The parser's complaint.
        reason: String,
    },
    /// The site's robots.txt does not let newsgraph fetch this URL (or could not be read).
    #[error("{url}: not fetched: {reason}{}", at_suffix(url, at))]
    Robots {
        /// The URL as asked for.
        url: String,
        /// The URL refused (differs from `url` after redirects).
        at: String,
        /// Why: `disallowed by robots.txt`, or why robots.txt could not be read.
        reason: String,
    },
}

impl FetchError {
    /// The URL the error is about (the one asked for).
    pub fn url(&self) -> &str {
        match self {
            FetchError::BadUrl { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Redirect { url, .. }
            | FetchError::Transport { url, .. }
            | FetchError::Feed { url, .. }
            | FetchError::Sitemap { url, .. }
            | FetchError::Robots { url, .. } => url,
        }
    }

    /// The HTTP status, when the server gave one.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

fn at_suffix(url: &str, at: &str) -> String {
    if url == at {
        String::new()
    } else {
        format!(" (at {at})")
    }
}

/// A problem in a WARC file. Reading goes on after a [`WarcError::Corrupt`] record; an
/// [`WarcError::Io`] error ends the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WarcError {
    /// A record (or, in a `.warc.gz`, a gzip member) that could not be read. The reader skips
    /// ahead to the next record.
    #[error("corrupt record at byte {offset}{}: {reason}", member_suffix(*in_member))]
    Corrupt {
        /// Byte offset in the file: the record's, or in a `.warc.gz` the gzip member's (the
        /// offset an index such as CDX uses).
        offset: u64,
        /// In a `.warc.gz`, the record's offset inside the decompressed member.
        in_member: Option<u64>,
        /// What is wrong.
        reason: String,
    },
    /// The file itself could not be read.
    #[error("read error at byte {offset}: {source}")]
    Io {
        /// Byte offset in the file where reading failed.
        offset: u64,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl WarcError {
    /// The byte offset the error is about.
    pub fn offset(&self) -> u64 {
        match self {
            WarcError::Corrupt { offset, .. } | WarcError::Io { offset, .. } => *offset,
        }
    }
}

fn member_suffix(in_member: Option<u64>) -> String {
    match in_member {
        Some(n) if n > 0 => format!(" (gzip member, {n} bytes in)"),
        Some(_) => " (gzip member)".to_string(),
        None => String::new(),
    }
}
