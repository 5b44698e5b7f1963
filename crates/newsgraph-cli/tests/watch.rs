//! `newsgraph watch` end to end: a file added to a watched folder is stored, and Ctrl-C
//! (SIGINT) ends the run cleanly with the database intact.

use crate::util::write;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Documents in the database, or 0 while it or its tables do not exist yet.
fn documents(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn watch_stores_a_new_file_and_stops_cleanly_on_sigint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let db = dir.path().join("w.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["watch", "--db", "w.db", "--interval", "0.2", "in"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the newsgraph binary runs");
    std::thread::sleep(Duration::from_millis(500));
    write(
        dir.path(),
        "in/a.txt",
        "SEOUL, South Korea — Foreign Minister Park Ji-won met Japan’s ambassador on Tuesday.\n\
         “We will keep talking,” Park said after the meeting.\n",
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while documents(&db) < 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(documents(&db), 1, "the new file was not stored in time");

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("watch did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 new"), "{stdout}");
    assert!(stdout.trim_end().ends_with("watch: stopped"), "{stdout}");
    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(documents(&db), 1);
}
