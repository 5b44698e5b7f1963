//! Every export loads back with a real parser and says what the store says.

use crate::graph::{config, outlet_a, outlet_b, outlet_c, outlet_d, outlet_e};
use newsgraph_store::{ExportFormat, Store};
use quick_xml::events::Event;

fn store() -> Store {
    let mut store = crate::common::new_store();
    for d in [outlet_a(), outlet_b(), outlet_c(), outlet_d(), outlet_e()] {
        store.store(&d).unwrap();
    }
    store.resolve(&config()).unwrap();
    store
}

fn export(store: &Store, format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    store.export(format, &mut out).unwrap();
    out
}

#[test]
fn export_jsonl_holds_every_kind() {
    let store = store();
    let text = String::from_utf8(export(&store, ExportFormat::Jsonl)).unwrap();
    let mut kinds = std::collections::BTreeMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        *kinds
            .entry(v["record"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    for k in [
        "document",
        "duplicate",
        "entity",
        "event",
        "quote",
        "conflict",
    ] {
        assert!(kinds.contains_key(k), "{k} missing: {kinds:?}");
    }
    assert_eq!(kinds["document"], 5);
    assert_eq!(kinds["entity"], store.entities(None, None).unwrap().len());
}

#[test]
fn export_csv_has_one_row_per_event() {
    let store = store();
    let bytes = export(&store, ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let events = store.events(&Default::default()).unwrap();
    assert_eq!(rows.len(), events.len());
    let consult = rows
        .iter()
        .find(|r| &r[col("plover_type")] == "CONSULT")
        .unwrap();
    assert_eq!(&consult[col("date")], "2025-03-10");
    assert_eq!(&consult[col("num_mentions")], "3");
    assert_eq!(&consult[col("num_sources")], "2");
    assert!(
        consult[col("actor_country_codes")].contains("AUS"),
        "{consult:?}"
    );
    assert!(consult[col("source_urls")].contains("a.txt"), "{consult:?}");
}

/// (nodes, edges with their endpoints) of a GraphML or GEXF file, read with quick-xml.
fn xml_graph(bytes: &[u8]) -> (Vec<String>, Vec<(String, String)>) {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .map(|a| a.unwrap())
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.unescape_value().unwrap().into_owned())
                };
                match e.name().as_ref() {
                    b"node" => nodes.push(attr(b"id").unwrap()),
                    b"edge" => edges.push((attr(b"source").unwrap(), attr(b"target").unwrap())),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    (nodes, edges)
}

#[test]
fn export_graphml_and_gexf_parse_and_match_the_actor_graph() {
    let store = store();
    let (nodes, edges) = store.actor_graph().unwrap();
    assert!(!edges.is_empty());
    for format in [ExportFormat::Graphml, ExportFormat::Gexf] {
        let (n, e) = xml_graph(&export(&store, format));
        assert_eq!(n.len(), nodes.len(), "{format:?}");
        assert_eq!(e.len(), edges.len(), "{format:?}");
        for (a, b) in &e {
            assert!(
                n.contains(a) && n.contains(b),
                "{format:?}: dangling edge {a} → {b}"
            );
        }
    }
}

#[test]
fn export_rdf_parses_back_to_the_same_triples() {
    let store = store();
    let triples = store.triples().unwrap();
    let turtle = export(&store, ExportFormat::Turtle);
    let parsed: Vec<oxrdf::Triple> = oxttl::TurtleParser::new()
        .for_slice(&turtle)
        .map(|t| t.unwrap())
        .collect();
    assert_eq!(parsed.len(), triples.len());
    let ground = |ts: &[oxrdf::Triple]| {
        let mut v: Vec<String> = ts
            .iter()
            .filter(|t| !t.subject.is_blank_node() && !t.object.is_blank_node())
            .map(|t| t.to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(ground(&parsed), ground(&triples));
    assert!(ground(&parsed).iter().any(|t| t.contains("Robert Marles")));
    let jsonld = export(&store, ExportFormat::Jsonld);
    let quads: Vec<oxrdf::Quad> = oxjsonld::JsonLdParser::new()
        .for_slice(&jsonld)
        .map(|q| q.unwrap())
        .collect();
    assert_eq!(quads.len(), triples.len());
}

/// Every string of a column across a file's record batches (nulls as `None`).
fn strings(batches: &[arrow_array::RecordBatch], column: &str) -> Vec<Option<String>> {
    use arrow_array::cast::AsArray;
    let mut out = Vec::new();
    for b in batches {
        let col = b.column_by_name(column).unwrap().as_string::<i32>();
        out.extend(col.iter().map(|s| s.map(str::to_string)));
    }
    out
}

fn read_parquet(path: &std::path::Path) -> Vec<arrow_array::RecordBatch> {
    let file = std::fs::File::open(path).unwrap();
    parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

#[test]
fn export_parquet_reads_back_with_the_arrow_reader() {
    let store = store();
    let dir = tempfile::tempdir().unwrap();
    let written = store.export_parquet(dir.path()).unwrap();
    // Events: one row per global event over all month partitions, the ids the query gives.
    let mut ids = Vec::new();
    let mut files = 0;
    for (path, rows) in &written {
        let rel = path
            .strip_prefix(dir.path())
            .unwrap()
            .to_string_lossy()
            .to_string();
        if !rel.starts_with("events/") {
            continue;
        }
        files += 1;
        let month = rel.split('/').nth(1).unwrap();
        assert!(month.starts_with("month="), "{rel}");
        let batches = read_parquet(path);
        let n: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(n, *rows, "{rel}");
        ids.extend(strings(&batches, "id").into_iter().flatten());
    }
    assert!(files >= 1);
    let mut expected: Vec<String> = store
        .events(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    expected.sort();
    ids.sort();
    assert_eq!(ids, expected);
    // Entities: one file, the names the listing gives.
    let batches = read_parquet(&dir.path().join("entities/part-0.parquet"));
    let mut names: Vec<String> = strings(&batches, "name").into_iter().flatten().collect();
    let mut listed: Vec<String> = store
        .entities(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    names.sort();
    listed.sort();
    assert_eq!(names, listed);
    // Quotes: the words of every quote, under the month of their article.
    let quotes: Vec<String> = written
        .iter()
        .filter(|(p, _)| p.strip_prefix(dir.path()).unwrap().starts_with("quotes"))
        .flat_map(|(p, _)| strings(&read_parquet(p), "text"))
        .flatten()
        .collect();
    assert_eq!(quotes.len(), store.stats().unwrap().quotes as usize);
    // Exporting again replaces the files rather than adding to them.
    let again = store.export_parquet(dir.path()).unwrap();
    assert_eq!(again.len(), written.len());
}
