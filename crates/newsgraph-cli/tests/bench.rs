//! `newsgraph bench`: figures as a table and as JSON, repeats, skipped inputs.

use crate::util::{run, write};

const ARTICLE: &str = "TOKYO — Japanese Prime Minister Aiko Tanabe said on Monday that \
                       “the talks went well,” according to a ministry spokesman.\n";

#[test]
fn bench_json_counts_documents_and_every_stage() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.txt", ARTICLE);
    write(dir.path(), "in/b.txt", ARTICLE.replace("Monday", "Friday"));
    let r = run(
        dir.path(),
        &["bench", "--threads", "1", "--repeat", "3", "--json", "in"],
        None,
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert_eq!(v["documents"], 6, "{v}");
    assert_eq!(v["threads"], 1);
    assert_eq!(v["repeat"], 3);
    assert!(v["words"].as_u64().unwrap() > 6 * 10, "{v}");
    assert!(v["docs_per_s"].as_f64().unwrap() > 0.0);
    let stages: Vec<&str> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for want in [
        "read (I/O)",
        "parse (decode)",
        "segment",
        "tagger",
        "quotes",
    ] {
        assert!(stages.contains(&want), "no {want} in {stages:?}");
    }
}

#[test]
fn bench_table_reports_throughput_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    let r = run(dir.path(), &["bench", "-j", "2", "a.txt"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    for want in [
        "documents/s",
        "MB/s",
        "words/s",
        "peak RSS",
        "tagger",
        "2 threads",
    ] {
        assert!(r.stdout.contains(want), "no {want} in {}", r.stdout);
    }
}

#[test]
fn bench_reports_skipped_input_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.txt", ARTICLE);
    write(
        dir.path(),
        "in/bad.bin",
        [0u8, 1, 2, 0, 0, 255, 0, 7].repeat(64),
    );
    let r = run(dir.path(), &["bench", "--json", "in"], None);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("bad.bin"), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert_eq!(v["documents"], 1);
    assert_eq!(v["skipped"], 1);
}
