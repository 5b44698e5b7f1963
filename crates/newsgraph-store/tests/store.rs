//! Storing documents: idempotency, path versions, round trips, refusals, search and counts.

use crate::common::{article, as_stored};
use newsgraph::document::{Document, EntityIx, Meta};
use newsgraph_store::{Error, Ingest, Store, Stored};

fn stored(store: &mut Store, docs: &[&Document]) -> Vec<Stored> {
    let items: Vec<Ingest> = docs.iter().map(|d| Ingest::Document(d)).collect();
    store
        .store_batch(&items)
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn store_twice_changes_nothing_the_second_time() {
    let mut store = crate::common::new_store();
    let docs: Vec<Document> = (0..3).map(|i| article(i, &format!("a{i}.txt"))).collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let first = stored(&mut store, &refs);
    assert!(first.iter().all(|s| *s == Stored::New { version: Some(1) }));
    let before = store.stats().unwrap();
    let second = stored(&mut store, &refs);
    for (s, d) in second.iter().zip(&docs) {
        assert_eq!(
            *s,
            Stored::Existing {
                first_path: d.meta.path.clone()
            }
        );
    }
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(before.documents, 3);
    assert_eq!(before.paths, 3);
}

#[test]
fn store_same_text_under_two_paths_is_one_document() {
    let mut store = crate::common::new_store();
    let a = article(1, "feeds/a.txt");
    let mut b = a.clone();
    b.meta.path = Some("mirror/b.txt".into());
    let out = stored(&mut store, &[&a, &b]);
    assert_eq!(out[0], Stored::New { version: Some(1) });
    assert_eq!(
        out[1],
        Stored::Existing {
            first_path: Some("feeds/a.txt".into())
        }
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.paths), (1, 2));
    assert_eq!(store.versions("mirror/b.txt").unwrap(), vec![a.id.clone()]);
    assert_eq!(stats.entities, 5, "layers stored once");
}

#[test]
fn store_changed_file_is_a_new_version_and_the_old_stays() {
    let mut store = crate::common::new_store();
    let v1 = article(1, "story.txt");
    let v2 = article(2, "story.txt");
    assert_eq!(
        stored(&mut store, &[&v1]),
        vec![Stored::New { version: Some(1) }]
    );
    assert_eq!(
        stored(&mut store, &[&v2]),
        vec![Stored::New { version: Some(2) }]
    );
    assert_eq!(
        store.versions("story.txt").unwrap(),
        vec![v1.id.clone(), v2.id.clone()]
    );
    assert!(store.contains(&v1.id).unwrap() && store.contains(&v2.id).unwrap());
    // Re-reading the current text changes nothing; reverting the file points the path back.
    assert!(matches!(
        stored(&mut store, &[&v2])[0],
        Stored::Existing { .. }
    ));
    assert_eq!(store.versions("story.txt").unwrap().len(), 2);
    stored(&mut store, &[&v1]);
    assert_eq!(
        store.versions("story.txt").unwrap(),
        vec![v1.id.clone(), v2.id.clone(), v1.id.clone()]
    );
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.documents, stats.paths, stats.changed_paths),
        (2, 1, 1)
    );
}

#[test]
fn store_round_trips_every_layer() {
    let mut store = crate::common::new_store();
    let doc = article(7, "x.txt");
    store.store(&doc).unwrap();
    let back = store.document(&doc.id).unwrap().expect("stored");
    assert_eq!(back, as_stored(&doc));
    assert_eq!(store.document("0000000000000000").unwrap(), None);
}

#[test]
fn store_layers_not_run_stay_unknown() {
    let mut store = crate::common::new_store();
    let mut doc = Document::new("Plain words only.".into(), Meta::default());
    doc.sentences = Some(Vec::new());
    store.store(&doc).unwrap();
    let back = store.document(&doc.id).unwrap().unwrap();
    assert_eq!(back.sentences, Some(Vec::new()));
    assert_eq!(
        (back.entities, back.quotes, back.events),
        (None, None, None)
    );
    assert!(store.incomplete_documents().unwrap().is_empty());
}

#[test]
fn store_refuses_a_dangling_document_whole_and_keeps_the_batch() {
    let mut store = crate::common::new_store();
    let good = article(1, "good.txt");
    let mut bad = article(2, "bad.txt");
    bad.quotes.as_mut().unwrap()[0].speaker = Some(EntityIx(99));
    let good2 = article(3, "good2.txt");
    let out = store
        .store_batch(&[
            Ingest::Document(&good),
            Ingest::Document(&bad),
            Ingest::Document(&good2),
        ])
        .unwrap();
    assert!(out[0].is_ok() && out[2].is_ok());
    let err = out[1].as_ref().unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("entity 99"), "{err}");
    assert!(!store.contains(&bad.id).unwrap());
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.entities, stats.paths), (2, 10, 2));
    assert!(store.incomplete_documents().unwrap().is_empty());
    assert!(store.integrity_check().unwrap().is_empty());
}

#[test]
fn store_refuses_spans_off_char_boundaries() {
    let mut store = crate::common::new_store();
    let mut doc = article(1, "a.txt");
    let at = doc.text.find('ü').unwrap();
    doc.mentions.as_mut().unwrap()[2].span.end = at as u32 + 1;
    assert!(matches!(store.store(&doc), Err(Error::Invalid { .. })));
    assert_eq!(store.stats().unwrap().documents, 0);
}

#[test]
fn store_known_item_records_its_path_or_is_missing() {
    let mut store = crate::common::new_store();
    let doc = article(1, "a.txt");
    store.store(&doc).unwrap();
    let out = store
        .store_batch(&[
            Ingest::Known {
                id: &doc.id,
                path: Some("copy.txt"),
            },
            Ingest::Known {
                id: "ffffffffffffffff",
                path: Some("gone.txt"),
            },
        ])
        .unwrap();
    assert!(matches!(out[0], Ok(Stored::Existing { .. })));
    assert!(matches!(out[1], Ok(Stored::Missing)));
    assert_eq!(store.versions("copy.txt").unwrap(), vec![doc.id.clone()]);
    assert!(store.versions("gone.txt").unwrap().is_empty());
}

#[test]
fn store_standard_input_has_no_path_history() {
    let mut store = crate::common::new_store();
    let doc = article(1, "-");
    assert_eq!(store.store(&doc).unwrap(), Stored::New { version: None });
    assert_eq!(store.stats().unwrap().paths, 0);
    assert!(store.incomplete_documents().unwrap().is_empty());
}

#[test]
fn store_searches_text_and_quotes() {
    let mut store = crate::common::new_store();
    let a = article(1, "a.txt");
    let mut b = Document::new("The harbour was quiet on Sunday.".into(), Meta::default());
    b.quotes = Some(Vec::new());
    store.store(&a).unwrap();
    store.store(&b).unwrap();
    let hits = store.search_documents("harbour", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, b.id);
    assert!(hits[0].snippet.contains("[harbour]"), "{}", hits[0].snippet);
    // SQLite's index folds diacritics ("Brussel" finds "Brüssel"); PostgreSQL's `simple`
    // configuration does not, and finds the word as written.
    let word = match store.dialect() {
        newsgraph_store::db::Dialect::Sqlite => "brussel",
        newsgraph_store::db::Dialect::Postgres => "brüssel",
    };
    assert_eq!(store.search_documents(word, 10).unwrap()[0].id, a.id);
    let q = store.search_quotes("ready", 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].document_id.as_str(), q[0].ix), (a.id.as_str(), 0));
    assert!(q[0].text.starts_with("We are ready"), "{}", q[0].text);
}

#[test]
fn store_stats_count_by_type() {
    let mut store = crate::common::new_store();
    let a = article(1, "a.txt");
    let b = article(2, "b.txt");
    let mut c = Document::new("No outlet here.".into(), Meta::default());
    c.meta.source = None;
    store.store(&a).unwrap();
    store.store(&b).unwrap();
    store.store(&c).unwrap();
    let s = store.stats().unwrap();
    assert_eq!(
        (s.documents, s.outlets, s.documents_without_outlet),
        (3, 1, 1)
    );
    assert_eq!(s.documents_by_outlet[0].name, "Test Wire");
    assert_eq!(s.documents_by_outlet[0].documents, 2);
    assert_eq!(s.entities, 10);
    assert_eq!(s.entities_by_type["ORGANIZATION"], 4);
    assert_eq!(s.mentions_by_type["PERSON"], 4);
    assert_eq!(s.mentions_by_form["nominal"], 2);
    assert_eq!(
        (s.quotes, s.quotes_by_kind["direct"], s.quotes_with_speaker),
        (2, 2, 2)
    );
    assert_eq!((s.roles, s.events, s.relations), (2, 2, 2));
    assert_eq!(s.events_by_type["CONSULT"], 2);
    assert_eq!(s.relations_by_predicate["member_of"], 2);
    assert_eq!(s.sentences, 6);
}

#[test]
fn store_outlet_names_compare_without_case() {
    let mut store = crate::common::new_store();
    let a = article(1, "a.txt");
    let mut b = article(2, "b.txt");
    b.meta.source = Some("TEST WIRE".into());
    store.store(&a).unwrap();
    store.store(&b).unwrap();
    assert_eq!(store.stats().unwrap().outlets, 1);
}

#[test]
fn store_file_survives_reopen_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let doc = article(1, "a.txt");
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.upgraded_from(), Some(0));
        store.store(&doc).unwrap();
    }
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(store.upgraded_from(), None);
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", (), |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(store.document(&doc.id).unwrap().unwrap(), as_stored(&doc));
    assert!(store.integrity_check().unwrap().is_empty());
}

#[test]
fn store_open_existing_refuses_missing_file_and_foreign_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    assert!(matches!(
        Store::open_existing(&missing),
        Err(Error::Missing { .. })
    ));
    assert!(!missing.exists());
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT)")
        .unwrap();
    let err = Store::open(&other).err().expect("refused");
    assert!(matches!(err, Error::NotAStore), "{err}");
}

#[test]
fn store_failed_insert_leaves_that_document_out_whole() {
    // SQLite's own trigger syntax (the PostgreSQL counterpart is in tests/on_postgres.rs).
    let mut store = Store::open_in_memory().unwrap();
    // A database error in the middle of one document's rows (after its entities and mentions).
    store
        .connection()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.quotes WHEN new.text GLOB '*explode*'
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let good = article(1, "good.txt");
    let mut bad = article(2, "bad.txt");
    bad.text = bad.text.replace("We are ready", "We explode!!");
    bad.id = Document::id_for_text(&bad.text);
    let good2 = article(3, "good2.txt");
    let out = store
        .store_batch(&[
            Ingest::Document(&good),
            Ingest::Document(&bad),
            Ingest::Document(&good2),
        ])
        .unwrap();
    assert!(out[0].is_ok() && out[2].is_ok(), "{out:?}");
    let err = out[1].as_ref().unwrap_err();
    assert!(matches!(err, Error::Sqlite(_)), "{err}");
    assert!(err.to_string().contains("boom"), "{err}");
    assert!(!store.contains(&bad.id).unwrap());
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.documents, stats.entities, stats.mentions),
        (2, 10, 12)
    );
    assert!(store.incomplete_documents().unwrap().is_empty());
    assert!(store.integrity_check().unwrap().is_empty());
}
