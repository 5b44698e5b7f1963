//! Fetches URLs (pages or feeds) and reads WARC files, printing one line per record: how the CLI
//! is meant to drive this crate, and a way to try it by hand.
//!
//! ```text
//! cargo run -p newsgraph-fetch --example fetch -- https://example.org/feed.xml crawl.warc.gz
//! ```
//!
//! Output, tab-separated: status, URL, media type, body size, title hint.

use std::path::Path;
use std::process::ExitCode;

use newsgraph_fetch::{fetch_all, Fetched, Options, Progress, WarcOptions, WarcRecords};

fn print(record: &Fetched) {
    println!(
        "{}\t{}\t{}\t{}\t{}",
        record.status,
        record.url,
        record.content_type.as_deref().unwrap_or("-"),
        record.body.len(),
        record.hints.title.as_deref().unwrap_or("-"),
    );
}

fn main() -> ExitCode {
    let (urls, files): (Vec<String>, Vec<String>) = std::env::args()
        .skip(1)
        .partition(|a| a.starts_with("http://") || a.starts_with("https://"));
    let mut failures = 0;
    let progress = |p: Progress<'_>| match p {
        Progress::Fetching { url, done, queued } => {
            eprintln!("[{done} done, {queued} queued] {url}")
        }
        Progress::Feed {
            url,
            items,
            followed,
            ..
        } => {
            eprintln!("{url}: feed of {items} items, following {followed}")
        }
        Progress::Unchanged { url } => eprintln!("{url}: unchanged"),
        Progress::Skipped { url, reason } => eprintln!("{url}: skipped, {reason}"),
        _ => {}
    };
    for result in fetch_all(urls, Options::default(), progress) {
        match result {
            Ok(record) => print(&record),
            Err(e) => {
                eprintln!("error: {e}");
                failures += 1;
            }
        }
    }
    for file in files {
        let mut warc = match WarcRecords::open(Path::new(&file), WarcOptions::default()) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("error: {file}: {e}");
                failures += 1;
                continue;
            }
        };
        for result in warc.by_ref() {
            match result {
                Ok(record) => print(&record),
                Err(e) => {
                    eprintln!("error: {file}: {e}");
                    failures += 1;
                }
            }
        }
        let stats = warc.stats();
        eprintln!(
            "{file}: {} documents, {} skipped {:?}, {} corrupt",
            stats.documents,
            stats.skipped_total(),
            stats.skipped,
            stats.corrupt
        );
    }
    if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
