//! `newsgraph` on PostgreSQL end to end: several ingest processes at once on overlapping
//! inputs, an ingest killed mid-batch, queries and the Parquet export. Needs a server
//! (`NEWSGRAPH_PG_URL`); skips without one unless `NEWSGRAPH_PG_REQUIRED=1` (`.ci/run`).

use crate::util::{run, write};
use newsgraph_store::Store;
use newsgraph_testserver::pg_url;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A URL of a new, empty schema on the server.
fn fresh(base: &str, name: &str) -> String {
    let schema = format!("cli_{name}_{}", std::process::id());
    newsgraph_store::db::postgres_schema_url(base, &schema).unwrap()
}

/// An invented article: `n` picks who meets whom, so the graph has shared actors and events.
fn article(n: usize) -> String {
    let people = [
        ("Foreign Minister Ana Ribeiro", "Portugal", "Ribeiro"),
        ("Foreign Minister Mark Dubois", "Canada", "Dubois"),
        ("Prime Minister Kim Min-jun", "South Korea", "Kim"),
    ];
    let (who, country, short) = people[n % 3];
    let (_, other, _) = people[(n + 1) % 3];
    format!(
        "LISBON — {country}'s {who} met officials from {other} on day {n} to discuss fishing.\n\
         “We want a fair agreement,” {short} said after the meeting.\n\
         {other} accused {country} of ignoring the rules, its ministry said on day {n}.\n"
    )
}

fn spawn_ingest(dir: &Path, input: &str, url: &str, batch: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["ingest", input, "--db", url, "--batch", batch, "-q"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The graph without its ids (they depend on the order documents arrived in).
fn summary(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for e in store.entities(None, None).unwrap() {
        let mut aliases = e.aliases.clone();
        aliases.sort();
        out.push(format!(
            "{} {} {aliases:?} {} {}",
            e.etype, e.name, e.mentions, e.outlets
        ));
    }
    for e in store.events(&Default::default()).unwrap() {
        let names = |v: &[newsgraph_store::query::EntityRef]| {
            let mut n: Vec<String> = v.iter().map(|r| r.name.clone()).collect();
            n.sort();
            n.join("+")
        };
        out.push(format!(
            "{} {} {} -> {} {} {} {:?}",
            e.etype,
            e.cameo,
            names(&e.actors),
            names(&e.recipients),
            e.mentions,
            e.sources,
            e.date_lo
        ));
    }
    out.sort();
    out
}

#[test]
fn postgres_concurrent_ingests_store_each_document_once_and_agree_with_one() {
    let Some(base) = pg_url() else { return };
    const N: usize = 24;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..N {
        write(dir.path(), &format!("all/{i:02}.txt"), article(i));
        // Three overlapping inputs: each file is in two of them.
        for part in [i % 3, (i + 1) % 3] {
            write(dir.path(), &format!("p{part}/{i:02}.txt"), article(i));
        }
    }
    let url = fresh(&base, "many");
    let children: Vec<Child> = (0..3)
        .map(|p| spawn_ingest(dir.path(), &format!("p{p}"), &url, "2"))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let one = fresh(&base, "one");
    let r = run(dir.path(), &["ingest", "all", "--db", &one, "-q"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);

    let many = Store::open_existing(&url).unwrap();
    let single = Store::open_existing(&one).unwrap();
    assert_eq!(many.stats().unwrap().documents as usize, N);
    assert!(many.incomplete_documents().unwrap().is_empty());
    let (a, b) = (summary(&many), summary(&single));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    // The query commands read it like a file.
    let r = run(
        dir.path(),
        &["stats", "--db", &url, "--format", "json"],
        None,
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let stats: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(stats["documents"], N);
    let r = run(dir.path(), &["entities", "--db", &url], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("Ribeiro"), "{}", r.stdout);
}

fn committed(url: &str) -> u64 {
    Store::open_existing(url)
        .and_then(|s| s.stats())
        .map_or(0, |s| s.documents)
}

#[test]
fn postgres_killed_ingest_leaves_no_partial_document_and_a_rerun_completes() {
    let Some(base) = pg_url() else { return };
    const TOTAL: usize = 150;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..TOTAL {
        let text = format!("{}{}{}", article(i), article(i + 1000), article(i + 2000));
        write(dir.path(), &format!("corpus/{i:04}.txt"), text);
    }
    let url = fresh(&base, "kill");
    let mut child = spawn_ingest(dir.path(), "corpus", &url, "4");
    let deadline = Instant::now() + Duration::from_secs(60);
    while committed(&url) < 8 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix: the open transaction is rolled back
    child.wait().unwrap();
    assert!(
        still_running,
        "the ingest finished before it could be killed"
    );

    let store = Store::open_existing(&url).unwrap();
    assert_eq!(store.incomplete_documents().unwrap(), Vec::<String>::new());
    let kept = store.stats().unwrap().documents as usize;
    assert!((8..TOTAL).contains(&kept), "{kept} documents at the kill");
    drop(store);

    let r = run(dir.path(), &["ingest", "corpus", "--db", &url], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "{} new, {kept} already stored, 0 skipped",
            TOTAL - kept
        )),
        "{}",
        r.stdout
    );
    let store = Store::open_existing(&url).unwrap();
    assert_eq!(store.stats().unwrap().documents as usize, TOTAL);
    assert!(store.incomplete_documents().unwrap().is_empty());
}

#[test]
fn postgres_parquet_export_matches_the_file_store() {
    let Some(base) = pg_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    for i in 0..6 {
        write(dir.path(), &format!("in/{i}.txt"), article(i));
    }
    let url = fresh(&base, "parquet");
    for db in [url.as_str(), "p.db"] {
        let r = run(dir.path(), &["ingest", "in", "--db", db, "-q"], None);
        assert_eq!(r.status, Some(0), "{}", r.stderr);
    }
    for (db, out) in [(url.as_str(), "pg"), ("p.db", "file")] {
        let r = run(
            dir.path(),
            &["export", "--db", db, "--format", "parquet", "--out", out],
            None,
        );
        assert_eq!(r.status, Some(0), "{}", r.stderr);
    }
    // Same files, same rows (the ids agree too: one process, same order).
    let list = |root: &str| {
        let mut v: Vec<String> = walk(&dir.path().join(root))
            .into_iter()
            .map(|p| {
                p.strip_prefix(dir.path().join(root))
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(list("pg"), list("file"));
    assert!(list("pg").iter().any(|p| p.starts_with("events/month=")));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
