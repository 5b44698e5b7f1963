//! Integration tests for newsgraph-fetch: HTTP against a loopback server started per test, WARC
//! files written by hand. Nothing leaves 127.0.0.1.

mod feeds;
mod http;
mod sitemaps;
mod warc;
