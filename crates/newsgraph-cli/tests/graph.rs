//! The graph commands end to end: ingest three invented articles from three outlets (one a
//! near-copy of another, one naming the minister differently), then query.

use crate::util::{run, write};
use std::path::Path;

const A: &str = "CANBERRA — Australian Deputy Prime Minister Richard Marles met Ukrainian President Volodymyr Zelenskyy in Kyiv on Monday.\n\
“We will stand with Ukraine for as long as it takes,” Marles said after the talks.\n\
China’s Foreign Ministry spokesman Lin Jian accused NATO of stoking confrontation in the Asia-Pacific.\n";

const B: &str = "KYIV — Defense Minister Robert Marles of Australia met Ukrainian President Volodymyr Zelenskiy on Monday.\n\
Chinese Foreign Ministry spokesman Lin Jian told reporters that “NATO should stop creating tensions in the region.”\n";

/// Ingest the three articles into `g.db` in a fresh directory.
fn ingested() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.txt", A);
    write(dir.path(), "in/b.txt", B);
    write(
        dir.path(),
        "in/c.txt",
        A.replace("after the talks", "after the meeting"),
    );
    write(
        dir.path(),
        "manifest.csv",
        "path,published,source\nin/a.txt,2025-03-11,Harbour Times\n\
         in/b.txt,2025-03-11,Daily Ledger\nin/c.txt,2025-03-12,Wire Mirror\n",
    );
    let r = run(
        dir.path(),
        &["ingest", "--manifest", "manifest.csv", "--db", "g.db"],
        None,
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("1 near-duplicate pairs"), "{}", r.stdout);
    dir
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--db", "g.db", "--format", "json"]);
    let r = run(dir, &all, None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// Every `{"doc", "start", "end"}` in a JSON value.
fn evidence(v: &serde_json::Value, out: &mut Vec<(String, u64, u64)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(d), Some(s), Some(e)) = (m.get("doc"), m.get("start"), m.get("end")) {
                if let (Some(d), Some(s), Some(e)) = (d.as_str(), s.as_u64(), e.as_u64()) {
                    out.push((d.to_string(), s, e));
                }
            }
            m.values().for_each(|x| evidence(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| evidence(x, out)),
        _ => {}
    }
}

#[test]
fn graph_commands_answer_from_one_graph() {
    let dir = ingested();
    let d = dir.path();
    let people = json(d, &["entities", "--type", "PERSON"]);
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.contains("Marles")).count(),
        1,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.contains("Zelensk")).count(),
        1,
        "{names:?}"
    );
    let marles = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str().unwrap().contains("Marles"))
        .unwrap();
    assert_eq!(marles["outlets"], 3);
    let id = marles["id"].as_str().unwrap();

    // The same id in every command.
    let profile = json(d, &["entity", "Robert Marles"]);
    assert_eq!(profile["id"], id);
    assert!(profile["roles"].as_array().unwrap().len() >= 2, "{profile}");
    let by_id = json(d, &["entity", id]);
    assert_eq!(by_id["name"], profile["name"]);

    let conflicts = json(d, &["conflicts"]);
    let given = conflicts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "given_name")
        .expect("given-name conflict");
    assert_eq!(given["entity"]["id"], id);
    let mut versions = [
        given["a"]["value"].as_str().unwrap(),
        given["b"]["value"].as_str().unwrap(),
    ];
    versions.sort();
    assert_eq!(versions, ["Richard Marles", "Robert Marles"]);

    let quotes = json(d, &["quotes", "--by", "Lin Jian"]);
    assert!(quotes.as_array().unwrap().len() >= 2, "{quotes}");
    let events = json(d, &["events", "--actor", "Marles", "--since", "2025-03-01"]);
    let consult = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "CONSULT")
        .expect("meeting");
    assert_eq!(
        consult["sources"], 2,
        "the near-copy counts once: {consult}"
    );
    assert_eq!(
        json(d, &["events", "--until", "2020-01-01"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let between = json(d, &["between", "Lin Jian", "NATO"]);
    assert!(
        between["balance"]["conflict"].as_u64().unwrap() >= 1,
        "{between}"
    );

    // Every piece of evidence points at real text of a stored document.
    let texts = [
        A.to_string(),
        B.to_string(),
        A.replace("after the talks", "after the meeting"),
    ];
    let mut all = Vec::new();
    for v in [&people, &profile, &conflicts, &quotes, &events, &between] {
        evidence(v, &mut all);
    }
    assert!(!all.is_empty());
    for (_, s, e) in all {
        assert!(
            texts
                .iter()
                .any(|t| t.get(s as usize..e as usize).is_some()),
            "{s}..{e}"
        );
    }

    let table = run(d, &["conflicts", "--db", "g.db"], None);
    assert!(table.stdout.contains("given_name"), "{}", table.stdout);
    let stats = json(d, &["stats"]);
    assert!(
        stats["graph"]["conflicts_by_kind"]["given_name"]
            .as_u64()
            .unwrap()
            >= 1,
        "{stats}"
    );
}

#[test]
fn graph_unknown_name_is_an_error() {
    let dir = ingested();
    let r = run(
        dir.path(),
        &["entity", "Nobody Atall", "--db", "g.db"],
        None,
    );
    assert_eq!(r.status, Some(2));
    assert!(
        r.stderr.contains("no entity called `Nobody Atall`"),
        "{}",
        r.stderr
    );
}

#[test]
fn graph_queries_read_the_aliases_and_data_given() {
    let dir = ingested();
    write(dir.path(), "bad_aliases.tsv", "merge\tA\tB\n");
    for args in [
        &["entities", "--db", "g.db", "--aliases", "bad_aliases.tsv"][..],
        &[
            "entity",
            "Ana Ribeiro",
            "--db",
            "g.db",
            "--aliases",
            "bad_aliases.tsv",
        ][..],
    ] {
        let r = run(dir.path(), args, None);
        assert_eq!(r.status, Some(2), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("bad_aliases.tsv:1: unknown rule `merge`"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = run(
        dir.path(),
        &["entities", "--db", "g.db", "--data", "no-such-dir"],
        None,
    );
    assert_eq!(r.status, Some(2));
    assert!(
        r.stderr.contains("--data no-such-dir: not a directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn graph_export_writes_every_format() {
    let dir = ingested();
    let d = dir.path();
    for format in ["jsonl", "csv", "graphml", "gexf", "turtle", "jsonld"] {
        let out = format!("g.{format}");
        let r = run(
            d,
            &["export", "--db", "g.db", "--format", format, "--out", &out],
            None,
        );
        assert_eq!(r.status, Some(0), "{format}: {}", r.stderr);
        let text = std::fs::read_to_string(d.join(&out)).unwrap();
        assert!(!text.is_empty(), "{format}");
        match format {
            "jsonl" => {
                for line in text.lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    assert!(v["record"].is_string(), "{line}");
                }
            }
            "jsonld" => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert!(v["@graph"].as_array().is_some_and(|g| !g.is_empty()));
            }
            "csv" => assert!(text.starts_with("event_id,date,"), "{text}"),
            "graphml" | "gexf" => assert!(text.starts_with("<?xml"), "{text}"),
            _ => assert!(text.contains("@prefix ng: <urn:newsgraph:ns#>"), "{text}"),
        }
    }
    // Standard output by default.
    let r = run(d, &["export", "--db", "g.db", "--format", "csv"], None);
    assert!(r.stdout.starts_with("event_id,"), "{}", r.stdout);
}

#[test]
fn graph_events_by_place_with_clear_errors() {
    let dir = ingested();
    let d = dir.path();
    let types = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["events"];
        all.extend(args);
        json(d, &all)
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect()
    };
    // The meeting in Kyiv; Lviv (the gazetteer's, not a stored place) is about 470 km away.
    let near_kyiv = json(d, &["events", "--near", "Kyiv", "--within", "50km"]);
    let meeting = near_kyiv
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "CONSULT")
        .unwrap_or_else(|| panic!("{near_kyiv}"));
    assert_eq!(meeting["location"]["name"], "Kyiv");
    assert_eq!(meeting["location"]["precision"], "city");
    assert!(meeting["distance_km"].as_f64().unwrap() < 1.0);
    assert!(!types(&["--near", "Lviv", "--within", "100km"]).contains(&"CONSULT".into()));
    assert!(types(&["--near", "Lviv", "--within", "350mi"]).contains(&"CONSULT".into()));
    assert!(types(&["--bbox", "20,45,40,55"]).contains(&"CONSULT".into()));
    assert!(types(&["--bbox", "-10,35,5,45"]).is_empty());
    let r = run(d, &["events", "--db", "g.db", "--near", "Xyzzyville"], None);
    assert_eq!(r.status, Some(2));
    assert!(
        r.stderr.contains("unknown place `Xyzzyville`"),
        "{}",
        r.stderr
    );
    let r = run(
        d,
        &[
            "events", "--db", "g.db", "--near", "Kyiv", "--within", "far",
        ],
        None,
    );
    assert_eq!(r.status, Some(2));
    assert!(r.stderr.contains("not a distance"), "{}", r.stderr);
    // The table shows where.
    let r = run(d, &["events", "--db", "g.db"], None);
    assert!(
        r.stdout.contains("where") && r.stdout.contains("Kyiv, UKR"),
        "{}",
        r.stdout
    );
}
