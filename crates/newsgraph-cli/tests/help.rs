//! `--help` works for the binary and every command.

use crate::util::run;

#[test]
fn help_top_level_lists_commands() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["--help"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("extract"), "{}", r.stdout);
    assert!(r.stdout.contains("eval"), "{}", r.stdout);
}

#[test]
fn help_extract_describes_every_flag() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["extract", "--help"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for flag in [
        "--published",
        "--source",
        "--manifest",
        "--data",
        "--threads",
        "[PATH]",
    ] {
        assert!(r.stdout.contains(flag), "missing {flag} in {}", r.stdout);
    }
}

#[test]
fn help_eval_describes_flags() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["eval", "--help"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for flag in ["--gold", "--json", "--data"] {
        assert!(r.stdout.contains(flag), "missing {flag} in {}", r.stdout);
    }
}

#[test]
fn usage_error_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["extract"], None);
    assert_eq!(r.status, Some(2));
    let r = run(
        dir.path(),
        &["extract", "--published", "2024-02-30", "x.txt"],
        None,
    );
    assert_eq!(r.status, Some(2));
    assert!(r.stderr.contains("expected YYYY-MM-DD"), "{}", r.stderr);
    let r = run(dir.path(), &["frobnicate"], None);
    assert_eq!(r.status, Some(2));
}

#[test]
fn help_events_describes_place_and_amount_filters() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["events", "--help"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for flag in [
        "--near",
        "--within",
        "--bbox",
        "--min-amount",
        "--unit",
        "--type",
    ] {
        assert!(r.stdout.contains(flag), "missing {flag} in {}", r.stdout);
    }
    let r = run(dir.path(), &["--help"], None);
    assert!(r.stdout.contains("where, how much"), "{}", r.stdout);
}
