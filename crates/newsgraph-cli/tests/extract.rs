//! `newsgraph extract` end to end.

use crate::util::{run, write};

#[test]
fn extract_preserves_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..40).map(|i| format!("f{:02}.txt", 39 - i)).collect();
    for (i, name) in names.iter().enumerate() {
        write(
            dir.path(),
            name,
            format!("Story number {i} says hello to Paris."),
        );
    }
    let args: Vec<&str> = ["extract", "-j", "4"]
        .into_iter()
        .chain(names.iter().map(String::as_str))
        .collect();
    let r = run(dir.path(), &args, None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert_eq!(r.paths(), names);
}

#[test]
fn extract_directory_reports_bad_files_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "corpus/good.txt",
        "The minister spoke in Tokyo on Monday.",
    );
    write(
        dir.path(),
        "corpus/blob.bin",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00",
    );
    write(dir.path(), "corpus/empty.txt", "   \n");
    let r = run(dir.path(), &["extract", "corpus"], None);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert_eq!(r.paths(), vec!["corpus/good.txt"]);
    assert!(
        r.stderr.contains("newsgraph: corpus/blob.bin: binary file"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("newsgraph: corpus/empty.txt: empty file"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
}

#[test]
fn extract_reads_stdin_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let text = "WASHINGTON — “We are ready,” the senator said.";
    let r = run(
        dir.path(),
        &[
            "extract",
            "--published",
            "2024-03-05",
            "--source",
            "Test Wire",
            "-",
        ],
        Some(text.as_bytes()),
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0]["doc"];
    assert_eq!(doc["path"], "-");
    assert_eq!(doc["published"], "2024-03-05");
    assert_eq!(doc["source"], "Test Wire");
}

#[test]
fn extract_jsonl_bad_line_is_reported_with_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "feed.jsonl",
        "{\"text\":\"First.\",\"title\":\"One\"}\n{oops\n{\"text\":\"Third.\"}\n",
    );
    let r = run(dir.path(), &["extract", "feed.jsonl"], None);
    assert_eq!(r.status, Some(1));
    assert_eq!(r.paths(), vec!["feed.jsonl:1", "feed.jsonl:3"]);
    assert!(
        r.stderr.starts_with("newsgraph: feed.jsonl:2: not JSON"),
        "{}",
        r.stderr
    );
}

#[test]
fn extract_windows_1252_warns_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.txt", b"Jos\xE9 Mart\xEDnez said yes.");
    let r = run(dir.path(), &["extract", "old.txt"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("newsgraph: warning: old.txt: not valid UTF-8; decoded as windows-1252"),
        "{}",
        r.stderr
    );
    assert_eq!(r.docs().len(), 1);
}

#[test]
fn extract_manifest_gives_metadata() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.html", "<html><head><meta property='og:site_name' content='Page Site'></head><body><article><p>The Danish prime minister met reporters.</p></article></body></html>");
    write(dir.path(), "in/b.txt", "Second article text.");
    write(
        dir.path(),
        "in/list.csv",
        "path,published,source,url,title\na.html,2023-01-02,,,Title A\nb.txt,,Wire B,,\nnope.txt,,,,\n",
    );
    let r = run(
        dir.path(),
        &["extract", "--manifest", "in/list.csv", "--source", "CLI"],
        None,
    );
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["doc"]["title"], "Title A");
    assert_eq!(docs[0]["doc"]["source"], "Page Site");
    assert_eq!(docs[0]["doc"]["published"], "2023-01-02");
    assert_eq!(docs[1]["doc"]["source"], "Wire B");
    assert!(
        r.stderr.contains("newsgraph: in/list.csv:4: no such file"),
        "{}",
        r.stderr
    );
}

#[test]
fn extract_missing_manifest_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["extract", "--manifest", "none.csv"], None);
    assert_eq!(r.status, Some(2));
    assert!(r.stderr.starts_with("newsgraph: error:"), "{}", r.stderr);
}

#[test]
fn extract_missing_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", "Fine text.");
    let r = run(dir.path(), &["extract", "nope.txt", "ok.txt"], None);
    assert_eq!(r.status, Some(1));
    assert_eq!(r.paths(), vec!["ok.txt"]);
    assert!(
        r.stderr.starts_with("newsgraph: nope.txt: "),
        "{}",
        r.stderr
    );
}

#[test]
fn extract_output_offsets_index_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Ms. Kim said “no” — twice.\nShe left Seoul.";
    write(dir.path(), "s.txt", text);
    let r = run(dir.path(), &["extract", "s.txt"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let docs = r.docs();
    for s in docs[0]["sentences"].as_array().unwrap() {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b) && a <= b && b <= text.len());
    }
}

#[test]
fn extract_html_page_drops_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site/page.html",
        "<html><head><meta property='og:title' content='Harbour talks'>\
         <meta property='article:published_time' content='2022-07-01T09:00:00+09:00'></head>\
         <body><nav>Home | World</nav><article><h1>Harbour talks</h1>\
         <p>Officials met at the harbour on Friday.</p><p>Advertisement</p>\
         <p>They will meet again.</p></article>\
         <div class='comments'><p>Great article!</p></div></body></html>",
    );
    let r = run(dir.path(), &["extract", "site"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(docs[0]["doc"]["title"], "Harbour talks");
    assert_eq!(docs[0]["doc"]["published"], "2022-07-01");
    assert_eq!(docs[0]["doc"]["path"], "site/page.html");
    // Two paragraphs, one line each: the sentences end before the line break.
    let ends: Vec<u64> = docs[0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["end"].as_u64().unwrap())
        .collect();
    let text = "Officials met at the harbour on Friday.\nThey will meet again.";
    assert_eq!(ends.last().copied(), Some(text.len() as u64));
}

#[test]
fn extract_closed_stdout_is_success() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..3000)
        .map(|i| format!("{{\"text\":\"Article {i} about Paris and Berlin.\"}}\n"))
        .collect();
    write(dir.path(), "many.jsonl", lines);
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["extract", "many.jsonl"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("many.jsonl:1"), "{first}");
    // The reader is dropped here: the pipe closes while the binary still has output.
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn extract_oversized_file_is_refused_by_name_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", "Fine text.");
    // A sparse file past the size limit: refused before it is read.
    let big = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    big.set_len(newsgraph::input::MAX_INPUT_BYTES as u64 + 1)
        .unwrap();
    let r = run(dir.path(), &["extract", "huge.txt", "ok.txt"], None);
    assert_eq!(r.status, Some(1));
    assert_eq!(r.paths(), vec!["ok.txt"]);
    assert!(
        r.stderr.contains("huge.txt: ") && r.stderr.contains("limit for one article"),
        "{}",
        r.stderr
    );
}

#[test]
fn extract_long_line_without_stops_is_cut_into_sentences() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "line.txt",
        "officials met in Oslo and talked, ".repeat(400),
    );
    let r = run(dir.path(), &["extract", "line.txt"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    assert!(doc["sentences"].as_array().unwrap().len() > 10);
}
