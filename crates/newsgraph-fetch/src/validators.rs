//! Conditional requests: the validators (`ETag`, `Last-Modified`) a server gave for a URL, kept so
//! the next request can ask "changed since?" and get a bodiless `304 Not Modified` if not.

use std::collections::HashMap;

/// What a server said identifies the version of a resource it sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, verbatim; sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim; sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether neither validator is set (nothing to send, nothing worth keeping).
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Where validators are remembered between runs, keyed by URL.
///
/// Methods are infallible on purpose: validators only save work, so an implementation backed by
/// something that can fail (the store's database) treats a failed `get` as a miss and drops a
/// failed `put`; the cost is one full download next time, never a lost document.
pub trait ValidatorCache {
    /// The validators last seen for `url`, if any.
    fn get(&mut self, url: &str) -> Option<Validators>;
    /// Remembers the validators a successful response for `url` carried.
    fn put(&mut self, url: &str, validators: Validators);
    /// When a page at `url` was last fetched and kept, if ever: a sitemap entry whose
    /// `lastmod` is not later is not fetched again. The default knows nothing, so every entry
    /// is fetched (conditionally, where validators are known).
    fn last_kept(&mut self, _url: &str) -> Option<jiff::Timestamp> {
        None
    }
}

/// A [`ValidatorCache`] in memory, for one run (or for tests).
#[derive(Debug, Clone, Default)]
pub struct MemoryValidators {
    map: HashMap<String, Validators>,
}

impl MemoryValidators {
    /// An empty cache.
    pub fn new() -> MemoryValidators {
        MemoryValidators::default()
    }

    /// How many URLs have validators.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no URL has validators.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl ValidatorCache for MemoryValidators {
    fn get(&mut self, url: &str) -> Option<Validators> {
        self.map.get(url).cloned()
    }

    fn put(&mut self, url: &str, validators: Validators) {
        if validators.is_empty() {
            self.map.remove(url);
        } else {
            self.map.insert(url.to_string(), validators);
        }
    }
}

impl<C: ValidatorCache + ?Sized> ValidatorCache for &mut C {
    fn get(&mut self, url: &str) -> Option<Validators> {
        (**self).get(url)
    }

    fn put(&mut self, url: &str, validators: Validators) {
        (**self).put(url, validators)
    }

    fn last_kept(&mut self, url: &str) -> Option<jiff::Timestamp> {
        (**self).last_kept(url)
    }
}
