//! Upgrading a database written by the first schema version.

use crate::common::article;
use newsgraph_store::schema::{self, APPLICATION_ID, CURRENT_VERSION};
use newsgraph_store::Store;
use rusqlite::Connection;

/// Schema version 1 exactly as released, frozen here: the migration in the code must never
/// change, or databases in the wild would no longer match it.
const V1_AS_RELEASED: &str = include_str!("schema_v1.sql");

/// Build a version-1 database by hand, as the first release wrote it.
fn v1_database(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").ok();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch(V1_AS_RELEASED).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute_batch(
        "INSERT INTO outlets (id, name) VALUES (1, 'Old Wire');
         INSERT INTO documents (seq, id, text, path, title, outlet_id, published,
             sentence_count, entity_count, mention_count, role_count, quote_count)
         VALUES (1, '00000000000000aa', '“Hold the line,” the general said.', 'old.txt',
             'Old story', 1, '2019-06-01', 1, 1, 1, 0, 1);
         INSERT INTO paths (path, version, doc) VALUES ('old.txt', 1, 1);
         INSERT INTO sentences VALUES (1, 0, 0, 38, 1);
         INSERT INTO entities VALUES (1, 0, 'general', 'PERSON', NULL, NULL, NULL);
         INSERT INTO mentions VALUES (1, 0, 0, 21, 32, 'nominal', 'the general');
         INSERT INTO quotes (doc, ix, span_start, span_end, text, speaker_ix, direct)
             VALUES (1, 0, 3, 17, 'Hold the line,', 0, 1);",
    )
    .unwrap();
}

#[test]
fn migrate_v1_schema_is_frozen() {
    assert_eq!(schema::MIGRATIONS[0], V1_AS_RELEASED);
}

#[test]
fn migrate_v1_database_upgrades_in_place_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    v1_database(&path);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.upgraded_from(), Some(1));
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);

    let old = store.document("00000000000000aa").unwrap().expect("kept");
    assert_eq!(old.text, "“Hold the line,” the general said.");
    assert_eq!(old.meta.source.as_deref(), Some("Old Wire"));
    assert_eq!(old.entities().len(), 1);
    assert_eq!(old.mentions().len(), 1);
    assert_eq!(old.text_of(old.quotes()[0].span), "Hold the line,");
    // Layers that did not exist in version 1 are unknown, not empty.
    assert_eq!(
        (old.events.is_none(), old.relations.is_none()),
        (true, true)
    );
    assert_eq!(
        (
            old.places.is_none(),
            old.event_locations.is_none(),
            old.amounts.is_none(),
            old.tone.is_none()
        ),
        (true, true, true, true)
    );
    // Old quotes get one part each, and the new quote index covers them.
    assert_eq!(old.quotes()[0].parts, vec![old.quotes()[0].span]);
    assert_eq!(store.search_quotes("line", 5).unwrap().len(), 1);
    assert_eq!(store.search_documents("general", 5).unwrap().len(), 1);

    // The upgraded store takes documents with the new layers.
    let doc = article(1, "new.txt");
    store.store(&doc).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.events, stats.quotes), (2, 1, 2));
    assert!(store.integrity_check().unwrap().is_empty());
    assert!(store.incomplete_documents().unwrap().is_empty());
    drop(store);

    // Opening again finds nothing to do.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.upgraded_from(), None);
}
