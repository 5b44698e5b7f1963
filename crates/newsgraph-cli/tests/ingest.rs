//! `newsgraph ingest` and `newsgraph stats` end to end: idempotency, versions, bad inputs, and a
//! run killed mid-way that a second run completes.

use crate::util::{run, write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A short invented article; `n` makes each text different.
fn article(n: usize) -> String {
    format!(
        "SEOUL, South Korea — Foreign Minister Park Ji-won met Japan’s ambassador on day {n}.\n\
         “We will keep talking,” Park said after the meeting. Officials in Tokyo said the talks \
         would resume next week.\n\
         The United Nations welcomed the meeting, its spokesman said.\n"
    )
}

/// `stats --format json` of the database in `dir`.
fn stats(dir: &Path, db: &str) -> serde_json::Value {
    let r = run(dir, &["stats", "--db", db, "--format", "json"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn ingest_twice_stores_each_text_once_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(dir.path(), &format!("in/a{i}.txt"), article(i));
    }
    write(dir.path(), "in/copy.txt", article(1));
    let r = run(dir.path(), &["ingest", "in"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("newsgraph.db: 3 new, 1 already stored, 0 skipped"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("note: in/copy.txt: same text as in/a1.txt; stored once"),
        "{}",
        r.stderr
    );
    let first = stats(dir.path(), "newsgraph.db");
    assert_eq!(first["documents"], 3);
    assert_eq!(first["paths"], 4);
    assert!(first["entities"].as_u64().unwrap() > 0, "{first}");

    let r = run(dir.path(), &["ingest", "in"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("newsgraph.db: 0 new, 4 already stored, 0 skipped"),
        "{}",
        r.stdout
    );
    assert_eq!(stats(dir.path(), "newsgraph.db"), first);
}

#[test]
fn ingest_changed_file_is_a_new_version_and_the_old_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", article(1));
    let r = run(dir.path(), &["ingest", "story.txt", "--db", "s.db"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    write(dir.path(), "story.txt", article(2));
    let r = run(
        dir.path(),
        &["ingest", "./story.txt", "--db", "s.db", "-v"],
        None,
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "s.db: 1 new, 0 already stored, 0 skipped (1 changed files stored as new versions"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("stored as version 2"), "{}", r.stderr);
    let s = stats(dir.path(), "s.db");
    assert_eq!(
        (s["documents"].as_u64(), s["paths"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(s["changed_paths"], 1);
}

#[test]
fn ingest_bad_files_are_named_and_skipped_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "corpus/good.txt", article(1));
    write(
        dir.path(),
        "corpus/blob.bin",
        b"\x7fELF\x02\x01\x01\x00\x00\x00",
    );
    write(dir.path(), "corpus/empty.txt", "  \n");
    write(
        dir.path(),
        "corpus/feed.jsonl",
        format!(
            "{{\"text\":{:?},\"source\":\"Wire\"}}\n{{oops\n",
            article(2)
        ),
    );
    write(
        dir.path(),
        "corpus/legacy.txt",
        b"Jos\xE9 Mart\xEDnez said yes in Lima.",
    );
    let r = run(dir.path(), &["ingest", "corpus", "--db", "b.db"], None);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    for expected in [
        "newsgraph: corpus/blob.bin: binary file",
        "newsgraph: corpus/empty.txt: empty file",
        "newsgraph: corpus/feed.jsonl:2: not JSON",
        "newsgraph: warning: corpus/legacy.txt: not valid UTF-8; decoded as windows-1252",
    ] {
        assert!(
            r.stderr.contains(expected),
            "missing {expected:?} in {}",
            r.stderr
        );
    }
    assert!(
        r.stdout
            .starts_with("b.db: 3 new, 0 already stored, 3 skipped (1 warning)"),
        "{}",
        r.stdout
    );
    let s = stats(dir.path(), "b.db");
    assert_eq!(s["documents"], 3);
    assert_eq!(s["documents_by_outlet"][0]["name"], "Wire");
}

#[test]
fn ingest_quiet_prints_only_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", article(1));
    write(dir.path(), "b.txt", article(1));
    write(dir.path(), "c.txt", b"M\xFCller said no.");
    let r = run(
        dir.path(),
        &["ingest", "-q", "a.txt", "b.txt", "c.txt", "nope.txt"],
        None,
    );
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("newsgraph: nope.txt: "),
        "{}",
        r.stderr
    );
}

#[test]
fn stats_table_and_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["stats", "--db", "none.db"], None);
    assert_eq!(r.status, Some(2));
    assert!(r.stderr.contains("no such database"), "{}", r.stderr);
    assert!(!dir.path().join("none.db").exists());

    write(dir.path(), "a.txt", article(1));
    let r = run(
        dir.path(),
        &["ingest", "--source", "Test Wire", "a.txt"],
        None,
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let r = run(dir.path(), &["stats"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for row in [
        "documents",
        "outlets",
        "entities",
        "  PERSON",
        "mentions",
        "quotes",
        "Test Wire",
    ] {
        assert!(r.stdout.contains(row), "missing {row:?} in {}", r.stdout);
    }
}

#[test]
fn help_ingest_and_stats_describe_their_flags() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["ingest", "--help"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for flag in [
        "--db",
        "--published",
        "--source",
        "--manifest",
        "--data",
        "--quiet",
        "--verbose",
    ] {
        assert!(r.stdout.contains(flag), "missing {flag} in {}", r.stdout);
    }
    let r = run(dir.path(), &["stats", "--help"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for flag in ["--db", "--format"] {
        assert!(r.stdout.contains(flag), "missing {flag} in {}", r.stdout);
    }
}

/// Documents committed so far, read without taking any lock a writer needs.
fn committed(db: &Path) -> u64 {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    rusqlite::Connection::open_with_flags(db, flags)
        .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0)))
        .map_or(0, |n| n as u64)
}

#[test]
fn ingest_killed_midway_loses_nothing_committed_and_a_rerun_completes() {
    const TOTAL: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..TOTAL {
        // Three paragraphs' worth, so that the run lasts long enough to be interrupted.
        let text = format!("{}{}{}", article(i), article(i + 1000), article(i + 2000));
        write(dir.path(), &format!("corpus/{i:04}.txt"), text);
    }
    let db = dir.path().join("k.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args([
            "ingest", "corpus", "--db", "k.db", "--batch", "4", "-j", "2",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first commits, then SIGKILL the process in the middle of its work.
    let deadline = Instant::now() + Duration::from_secs(60);
    while committed(&db) < 8 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(
        still_running,
        "the ingest finished before it could be killed"
    );

    let store = newsgraph_store::Store::open_existing(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
    assert_eq!(store.incomplete_documents().unwrap(), Vec::<String>::new());
    let kept = store.stats().unwrap().documents as usize;
    assert!((8..TOTAL).contains(&kept), "{kept} documents at the kill");
    drop(store);

    let r = run(dir.path(), &["ingest", "corpus", "--db", "k.db"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let expected = format!(
        "k.db: {} new, {kept} already stored, 0 skipped",
        TOTAL - kept
    );
    assert!(
        r.stdout.starts_with(&expected),
        "{} (expected {expected})",
        r.stdout
    );
    let store = newsgraph_store::Store::open_existing(&db).unwrap();
    assert_eq!(store.stats().unwrap().documents as usize, TOTAL);
    assert!(store.integrity_check().unwrap().is_empty());
    assert!(store.incomplete_documents().unwrap().is_empty());
}
