//! The polite HTTP client: one request at a time, per-host intervals, redirects followed by hand,
//! conditional requests, bounded bodies.

use std::time::Duration;

use ureq::http::{HeaderMap, Response};
use ureq::Body;
use url::Url;

use crate::error::FetchError;
use crate::media::MediaType;
use crate::politeness::{Clock, HostLimiter, SystemClock};
use crate::record::{Fetched, Hints, Origin};
use crate::robots::{RobotsCache, Rules};
use crate::validators::{MemoryValidators, ValidatorCache, Validators};

/// The User-Agent sent unless [`Options::user_agent`] says otherwise: it names newsgraph and its
/// version, as crawler etiquette asks, so a site's operator can tell who is calling.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "newsgraph/",
    env!("CARGO_PKG_VERSION"),
    " (+https://example.invalid/newsgraph)"
);

/// What the client asks for: pages and every feed format `feed-rs` reads.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
application/rdf+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5";

/// How the client behaves. `Options::default()` is the polite default.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// How long to wait for a connection (DNS and TLS included).
    pub connect_timeout: Duration,
    /// How long to wait for the response headers, and again for the whole body.
    pub read_timeout: Duration,
    /// The largest body accepted, in bytes after gzip is undone (so a gzip bomb stops here too).
    pub max_body: u64,
    /// How many redirects one URL may follow.
    pub max_redirects: u32,
    /// The least time between two requests to the same host (host and port).
    pub host_interval: Duration,
    /// How many items of one feed are followed (the first ones, in feed order).
    pub max_feed_items: usize,
    /// Whether each site's robots.txt is read (once per client) and kept to: a disallowed URL,
    /// or any URL of a site whose robots.txt answers `5xx` or not at all, is not fetched.
    pub obey_robots: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_body: 10 * 1024 * 1024,
            max_redirects: 5,
            host_interval: Duration::from_secs(1),
            max_feed_items: 500,
            obey_robots: true,
        }
    }
}

/// The answer to one [`Client::fetch`].
// One per network request: the size of the value is nothing beside the request.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A body came back.
    Fetched(Fetched),
    /// The server said `304 Not Modified` to the validators from last time: nothing to do.
    Unchanged(Unchanged),
}

/// A URL whose resource has not changed since the validators were remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchanged {
    /// The URL that answered `304` (after redirects).
    pub url: String,
    /// The URL asked for.
    pub requested_url: String,
}

/// A polite, blocking HTTP client. `V` remembers validators between requests (in memory by
/// default; the store will provide one that lasts between runs); `C` is the clock the per-host
/// limiter waits on.
pub struct Client<V: ValidatorCache = MemoryValidators, C: Clock = SystemClock> {
    agent: ureq::Agent,
    pub(crate) options: Options,
    limiter: HostLimiter<C>,
    validators: V,
    robots: RobotsCache,
}

impl Client {
    /// A client with in-memory validators and the real clock.
    pub fn new(options: Options) -> Client {
        Client::with_parts(options, MemoryValidators::new(), SystemClock)
    }
}

impl<V: ValidatorCache> Client<V> {
    /// A client that keeps validators in `validators`.
    pub fn with_validators(options: Options, validators: V) -> Client<V> {
        Client::with_parts(options, validators, SystemClock)
    }
}

impl<V: ValidatorCache, C: Clock> Client<V, C> {
    /// A client with the given validator cache and clock.
    pub fn with_parts(options: Options, validators: V, clock: C) -> Client<V, C> {
        let config = ureq::Agent::config_builder()
            // Statuses are answers to report, not transport failures.
            .http_status_as_error(false)
            // Redirects are followed here, so every hop passes the per-host limiter and the
            // validator cache, and a redirect to a non-HTTP scheme is refused.
            .max_redirects(0)
            .user_agent(options.user_agent.as_str())
            .timeout_connect(Some(options.connect_timeout))
            .timeout_recv_response(Some(options.read_timeout))
            .timeout_recv_body(Some(options.read_timeout))
            .build();
        Client {
            agent: config.into(),
            limiter: HostLimiter::with_clock(options.host_interval, clock),
            options,
            validators,
            robots: RobotsCache::default(),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The validator cache (to inspect or hand back).
    pub fn validators(&mut self) -> &mut V {
        &mut self.validators
    }

    /// Fetches one URL, following at most [`Options::max_redirects`] redirects.
    ///
    /// A `2xx` gives [`Outcome::Fetched`] (and its validators are remembered under the final
    /// URL); a `304` to the validators sent gives [`Outcome::Unchanged`]; any other status is
    /// [`FetchError::Status`].
    pub fn fetch(&mut self, url: &str) -> Result<Outcome, FetchError> {
        let mut current = parse_http_url(url)?;
        let mut hops = 0;
        loop {
            self.check_robots(url, &current)?;
            let mut response = self.request(url, &current)?;
            let status = response.status().as_u16();
            match status {
                200..=299 => {
                    let fetched = self.read(url, &current, &mut response, status)?;
                    self.validators.put(
                        &fetched.url,
                        Validators {
                            etag: fetched.etag.clone(),
                            last_modified: fetched.last_modified.clone(),
                        },
                    );
                    return Ok(Outcome::Fetched(fetched));
                }
                304 => {
                    return Ok(Outcome::Unchanged(Unchanged {
                        url: current.to_string(),
                        requested_url: url.to_string(),
                    }))
                }
                301 | 302 | 303 | 307 | 308 => {
                    if hops == self.options.max_redirects {
                        return Err(FetchError::Redirect {
                            url: url.to_string(),
                            reason: format!(
                                "more than {} redirects (last at {current})",
                                self.options.max_redirects
                            ),
                        });
                    }
                    hops += 1;
                    current = redirect_target(url, &current, response.headers())?;
                }
                _ => {
                    return Err(FetchError::Status {
                        url: url.to_string(),
                        at: current.to_string(),
                        status,
                    })
                }
            }
        }
    }

    /// The rules of `at`'s site, read from its robots.txt the first time the site is asked;
    /// `Err` when the site did not answer at all (not remembered, so the next URL asks again).
    pub fn robots(&mut self, url: &str, at: &Url) -> Result<&Rules, FetchError> {
        let origin = origin(at);
        if self.robots.get(&origin).is_none() {
            let rules = self.read_robots(url, at)?;
            self.robots.insert(origin.clone(), rules);
        }
        Ok(self.robots.get(&origin).unwrap_or(&Rules::AllowAll))
    }

    fn check_robots(&mut self, url: &str, at: &Url) -> Result<(), FetchError> {
        if !self.options.obey_robots || at.path() == "/robots.txt" {
            return Ok(());
        }
        self.robots(url, at)?
            .check(at.as_str())
            .map_err(|reason| FetchError::Robots {
                url: url.to_string(),
                at: at.to_string(),
                reason,
            })
    }

    /// Fetches and reads a site's robots.txt: `2xx` is parsed, `4xx` means no rules, and a
    /// `5xx` or too many redirects mean the site may not be crawled now (RFC 9309). No answer
    /// at all is the transport error of `url`, which could not have been fetched either.
    fn read_robots(&mut self, url: &str, at: &Url) -> Result<Rules, FetchError> {
        let Ok(mut current) = at.join("/robots.txt") else {
            return Ok(Rules::AllowAll);
        };
        for _ in 0..=self.options.max_redirects {
            self.limiter.wait(&host_key(&current));
            let mut response = self
                .agent
                .get(current.as_str())
                .call()
                .map_err(|e| transport_error(url, &current, e))?;
            let status = response.status().as_u16();
            match status {
                200..=299 => {
                    // RFC 9309 asks crawlers to read at least 500 KiB of it; a larger one is
                    // no robots.txt a site meant, and is read as no rules.
                    let body = response
                        .body_mut()
                        .with_config()
                        .limit(512 * 1024)
                        .read_to_vec();
                    return match body {
                        Ok(body) => Ok(Rules::parse(&body)),
                        Err(ureq::Error::BodyExceedsLimit(_)) => Ok(Rules::AllowAll),
                        Err(e) => Err(transport_error(url, &current, e)),
                    };
                }
                300..=399 => match redirect_target(url, &current, response.headers()) {
                    Ok(next) => current = next,
                    Err(_) => return Ok(Rules::AllowAll),
                },
                400..=499 => return Ok(Rules::AllowAll),
                _ => return Ok(Rules::DenyAll(format!("{current} answered HTTP {status}"))),
            }
        }
        Ok(Rules::DenyAll(format!("{current}: too many redirects")))
    }

    /// Sends one GET to `at`, after waiting its host's turn, with the validators known for it.
    fn request(&mut self, url: &str, at: &Url) -> Result<Response<Body>, FetchError> {
        self.limiter.wait(&host_key(at));
        let mut request = self.agent.get(at.as_str()).header("Accept", ACCEPT);
        if let Some(v) = self.validators.get(at.as_str()) {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(date) = &v.last_modified {
                request = request.header("If-Modified-Since", date.as_str());
            }
        }
        request.call().map_err(|e| transport_error(url, at, e))
    }

    /// Reads a successful response's body (bounded) into a record.
    fn read(
        &self,
        url: &str,
        at: &Url,
        response: &mut Response<Body>,
        status: u16,
    ) -> Result<Fetched, FetchError> {
        let limit = self.options.max_body;
        let headers = response.headers().clone();
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            at: at.to_string(),
            limit,
        };
        // A declared length over the limit is refused before a byte of the body is read.
        if header(&headers, "content-length")
            .and_then(|n| n.trim().parse::<u64>().ok())
            .is_some_and(|n| n > limit)
        {
            return Err(too_large());
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => too_large(),
                e => transport_error(url, at, e),
            })?;
        let media = header(&headers, "content-type")
            .map(MediaType::parse)
            .unwrap_or_default();
        Ok(Fetched {
            url: at.to_string(),
            requested_url: url.to_string(),
            status,
            content_type: media.essence(),
            charset: media.charset,
            body,
            fetched_at: Some(jiff::Timestamp::now()),
            date: header(&headers, "date").map(str::to_string),
            last_modified: header(&headers, "last-modified").map(str::to_string),
            etag: header(&headers, "etag").map(str::to_string),
            hints: Hints::default(),
            origin: Origin::Http,
        })
    }
}

/// A header's value as text, when present and visible ASCII.
fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Parses a URL and checks that it is one this client fetches.
fn parse_http_url(url: &str) -> Result<Url, FetchError> {
    let bad = |reason: String| FetchError::BadUrl {
        url: url.to_string(),
        reason,
    };
    let parsed = Url::parse(url.trim()).map_err(|e| bad(e.to_string()))?;
    check_http(&parsed).map_err(bad)?;
    Ok(parsed)
}

fn check_http(url: &Url) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("scheme {:?} is not http or https", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("no host".to_string());
    }
    Ok(())
}

/// Where a redirect points, resolved against the URL that sent it.
fn redirect_target(url: &str, at: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let fail = |reason: String| FetchError::Redirect {
        url: url.to_string(),
        reason,
    };
    let location = header(headers, "location")
        .ok_or_else(|| fail(format!("redirect from {at} without Location")))?;
    let next = at
        .join(location.trim())
        .map_err(|e| fail(format!("redirect from {at} to unusable {location:?}: {e}")))?;
    check_http(&next).map_err(|e| fail(format!("redirect from {at} to {next}: {e}")))?;
    Ok(next)
}

/// The site a robots.txt governs: scheme, host and port.
fn origin(url: &Url) -> String {
    format!("{}://{}", url.scheme(), host_key(url))
}

/// The key the limiter spaces requests by: host and port.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

fn transport_error(url: &str, at: &Url, e: ureq::Error) -> FetchError {
    let timeout = match &e {
        ureq::Error::Timeout(_) => true,
        ureq::Error::Io(io) => io.kind() == std::io::ErrorKind::TimedOut,
        _ => false,
    };
    let source: Box<dyn std::error::Error + Send + Sync> = if at.as_str() == url {
        Box::new(e)
    } else {
        format!("at {at}: {e}").into()
    };
    FetchError::Transport {
        url: url.to_string(),
        timeout,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_hosts_are_fetched() {
        assert!(parse_http_url("https://example.org/a").is_ok());
        for bad in [
            "ftp://example.org/",
            "file:///etc/passwd",
            "not a url",
            "http://",
        ] {
            let err = parse_http_url(bad).unwrap_err();
            assert!(matches!(err, FetchError::BadUrl { .. }), "{bad}: {err}");
            assert_eq!(err.url(), bad);
        }
    }

    #[test]
    fn host_key_keeps_the_port() {
        let a = Url::parse("http://127.0.0.1:8080/x").unwrap();
        let b = Url::parse("https://Example.org/y").unwrap();
        assert_eq!(host_key(&a), "127.0.0.1:8080");
        assert_eq!(host_key(&b), "example.org:443");
    }
}
