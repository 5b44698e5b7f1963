//! Walking a list of URLs: pages are yielded, feeds are opened and their items followed (one level
//! deep), unchanged resources and repeats are skipped, and a failure is yielded as an error so the
//! caller reports it and the walk goes on.

use std::collections::{HashSet, VecDeque};

use url::Url;

use crate::client::{Client, Options, Outcome};
use crate::error::FetchError;
use crate::feed::{looks_like_feed, parse_feed, ParsedFeed};
use crate::politeness::{Clock, SystemClock};
use crate::record::{Fetched, Hints, Origin};
use crate::sitemap::{looks_like_sitemap, parse_sitemap, Sitemap, SitemapKind};
use crate::validators::{MemoryValidators, ValidatorCache};

/// What [`FetchAll`] is doing, for a progress display or a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// About to fetch `url`; `done` URLs are finished and `queued` wait (feed items included).
    Fetching {
        /// The URL.
        url: &'a str,
        /// URLs fetched so far (whatever the outcome).
        done: usize,
        /// URLs still to fetch.
        queued: usize,
    },
    /// `url` was a feed with `items` items, of which `followed` were queued or read from the feed.
    Feed {
        /// The feed's URL.
        url: &'a str,
        /// The feed's title.
        title: Option<&'a str>,
        /// How many items the feed has.
        items: usize,
        /// How many of them will become records (at most `Options::max_feed_items`).
        followed: usize,
    },
    /// `url` has not changed since its validators were remembered (`304`); nothing is yielded.
    Unchanged {
        /// The URL.
        url: &'a str,
    },
    /// `url` was a sitemap (or sitemap index) with `entries` entries, of which `queued` are new
    /// or changed since they were last kept and will be fetched.
    Sitemap {
        /// The sitemap's URL.
        url: &'a str,
        /// Whether it is an index of sitemaps.
        index: bool,
        /// How many entries it lists.
        entries: usize,
        /// How many of them are fetched.
        queued: usize,
    },
    /// `url` was not fetched, or its body not yielded, for `reason`.
    Skipped {
        /// The URL.
        url: &'a str,
        /// Why.
        reason: &'a str,
    },
}

/// How a URL came to be fetched, which bounds what it may lead to: feeds and sitemap indexes
/// are opened only when named directly, sitemaps when named or listed in an index, so no walk
/// can run away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    /// Named by the caller.
    Arg,
    /// Listed in a feed.
    Feed,
    /// Listed in a sitemap index.
    Index,
    /// Listed in a sitemap.
    Sitemap,
}

/// One URL waiting to be fetched; `hints` are set when a feed item pointed at it.
struct Job {
    url: String,
    hints: Option<Hints>,
    via: Via,
}

/// The iterator returned by [`fetch_all`] and [`Client::fetch_all`]: one item per page (or
/// feed item with its own content) and one error per URL that failed.
pub struct FetchAll<V: ValidatorCache, C: Clock, P: FnMut(Progress<'_>)> {
    client: Client<V, C>,
    queue: VecDeque<Job>,
    ready: VecDeque<Fetched>,
    seen: HashSet<String>,
    done: usize,
    progress: P,
}

/// Fetches `urls` with a new client (validators in memory), following feeds to their items.
/// `progress` hears of each step.
///
/// ```no_run
/// use newsgraph_fetch::{fetch_all, Options};
/// for result in fetch_all(["https://example.org/feed.xml"], Options::default(), |_| {}) {
///     match result {
///         Ok(page) => println!("{} ({} bytes)", page.url, page.body.len()),
///         Err(e) => eprintln!("{e}"),
///     }
/// }
/// ```
pub fn fetch_all<I, S, P>(
    urls: I,
    options: Options,
    progress: P,
) -> FetchAll<MemoryValidators, SystemClock, P>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
    P: FnMut(Progress<'_>),
{
    Client::new(options).fetch_all(urls, progress)
}

impl<V: ValidatorCache, C: Clock> Client<V, C> {
    /// Fetches `urls` with this client, following feeds to their items; see [`fetch_all`]. The
    /// client comes back from [`FetchAll::into_client`].
    pub fn fetch_all<I, S, P>(self, urls: I, progress: P) -> FetchAll<V, C, P>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
        P: FnMut(Progress<'_>),
    {
        let queue = urls
            .into_iter()
            .map(|u| Job {
                url: u.into(),
                hints: None,
                via: Via::Arg,
            })
            .collect();
        FetchAll {
            client: self,
            queue,
            ready: VecDeque::new(),
            seen: HashSet::new(),
            done: 0,
            progress,
        }
    }
}

impl<V: ValidatorCache, C: Clock, P: FnMut(Progress<'_>)> FetchAll<V, C, P> {
    /// The client, with its validator cache, once the walk is over (or abandoned).
    pub fn into_client(self) -> Client<V, C> {
        self.client
    }

    /// Queues a feed's items: links to fetch, link-less items with content as ready records.
    fn open_feed(&mut self, feed: ParsedFeed, fetched: &Fetched) {
        let max = self.client.options.max_feed_items;
        let followed = feed.items.len().min(max);
        (self.progress)(Progress::Feed {
            url: &fetched.requested_url,
            title: feed.title.as_deref(),
            items: feed.items.len(),
            followed,
        });
        for item in feed.items.into_iter().take(max) {
            if let Some(link) = item.link {
                self.queue.push_back(Job {
                    url: link,
                    hints: Some(item.hints),
                    via: Via::Feed,
                });
            } else if let Some(content) = item.content {
                let url = item_url(&fetched.url, &item.id);
                if !self.seen.insert(url.clone()) {
                    continue;
                }
                self.ready.push_back(Fetched {
                    url,
                    requested_url: fetched.requested_url.clone(),
                    status: fetched.status,
                    content_type: item.content_type,
                    charset: Some("utf-8".to_string()),
                    body: content.into_bytes(),
                    fetched_at: fetched.fetched_at,
                    date: fetched.date.clone(),
                    last_modified: None,
                    etag: None,
                    hints: item.hints,
                    origin: Origin::FeedContent { item_id: item.id },
                });
            } else {
                (self.progress)(Progress::Skipped {
                    url: &fetched.url,
                    reason: "feed item with neither link nor content",
                });
            }
        }
    }

    /// Queues a sitemap's entries that are new, or changed (by `lastmod`) since the page was
    /// last kept; an index's sitemaps are always read again, their pages sorted out there.
    fn open_sitemap(&mut self, sitemap: Sitemap, url: &str) {
        let entries = sitemap.entries.len();
        let index = sitemap.kind == SitemapKind::Index;
        let mut queued = 0;
        for entry in sitemap.entries {
            if !index {
                let kept = self.client.validators().last_kept(&entry.loc);
                let changed = match (kept, entry.lastmod) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(kept), Some(lastmod)) => lastmod > kept,
                };
                if !changed {
                    continue;
                }
            }
            queued += 1;
            self.queue.push_back(Job {
                url: entry.loc,
                hints: None,
                via: if index { Via::Index } else { Via::Sitemap },
            });
        }
        (self.progress)(Progress::Sitemap {
            url,
            index,
            entries,
            queued,
        });
    }
}

/// A URL naming a feed item that has none of its own: the feed's, with the item id as fragment.
fn item_url(feed_url: &str, id: &str) -> String {
    match Url::parse(feed_url) {
        Ok(mut u) => {
            u.set_fragment(Some(id));
            u.to_string()
        }
        Err(_) => format!("{feed_url}#{id}"),
    }
}

impl<V: ValidatorCache, C: Clock, P: FnMut(Progress<'_>)> Iterator for FetchAll<V, C, P> {
    type Item = Result<Fetched, FetchError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(ready) = self.ready.pop_front() {
                return Some(Ok(ready));
            }
            let job = self.queue.pop_front()?;
            if !self.seen.insert(job.url.clone()) {
                (self.progress)(Progress::Skipped {
                    url: &job.url,
                    reason: "already fetched in this run",
                });
                continue;
            }
            (self.progress)(Progress::Fetching {
                url: &job.url,
                done: self.done,
                queued: self.queue.len(),
            });
            let outcome = self.client.fetch(&job.url);
            self.done += 1;
            let mut fetched = match outcome {
                Err(e) => return Some(Err(e)),
                Ok(Outcome::Unchanged(u)) => {
                    (self.progress)(Progress::Unchanged {
                        url: &u.requested_url,
                    });
                    continue;
                }
                Ok(Outcome::Fetched(f)) => f,
            };
            if let Some(kind) = looks_like_sitemap(&fetched.body) {
                let allowed = match kind {
                    SitemapKind::Index => job.via == Via::Arg,
                    SitemapKind::UrlSet => matches!(job.via, Via::Arg | Via::Index),
                };
                if !allowed {
                    (self.progress)(Progress::Skipped {
                        url: &job.url,
                        reason: "a sitemap reached this way is not followed",
                    });
                    continue;
                }
                match parse_sitemap(&fetched.body, &fetched.url) {
                    Ok(sitemap) => self.open_sitemap(sitemap, &job.url),
                    Err(e) => return Some(Err(e)),
                }
                continue;
            }
            if !looks_like_feed(fetched.content_type.as_deref(), &fetched.body) {
                if let Some(hints) = job.hints {
                    fetched.hints = hints;
                }
                return Some(Ok(fetched));
            }
            if job.via != Via::Arg {
                // Feeds are followed one level deep, so a feed of feeds cannot run away.
                (self.progress)(Progress::Skipped {
                    url: &job.url,
                    reason: "a feed reached from a feed is not followed",
                });
                continue;
            }
            match parse_feed(&fetched.body, &fetched.url) {
                Ok(feed) => self.open_feed(feed, &fetched),
                Err(e) => {
                    let reason = match e {
                        FetchError::Feed { reason, .. } => reason,
                        other => other.to_string(),
                    };
                    return Some(Err(FetchError::Feed {
                        url: job.url,
                        reason,
                    }));
                }
            }
        }
    }
}
