//! HTTP validators: saved with the documents fetched from a URL, never before them; and the
//! upgrade from schema version 4 that added their table.

use crate::common::article;
use newsgraph::document::EntityIx;
use newsgraph_store::schema::{self, CURRENT_VERSION};
use newsgraph_store::{Ingest, SaveValidators, Store, UrlValidators};
use rusqlite::Connection;

fn etag(tag: &str) -> UrlValidators {
    UrlValidators {
        etag: Some(tag.to_string()),
        last_modified: Some("Mon, 02 Nov 2026 10:00:00 GMT".to_string()),
    }
}

#[test]
fn validators_are_saved_only_when_their_documents_are_stored() {
    let mut store = crate::common::new_store();
    let good = article(1, "http://news.test/a");
    let mut bad = article(2, "http://news.test/b");
    bad.quotes.as_mut().unwrap()[0].speaker = Some(EntityIx(99));
    let save = [
        SaveValidators {
            url: "http://news.test/a",
            validators: etag("\"a1\""),
            requires: vec![0],
        },
        SaveValidators {
            url: "http://news.test/b",
            validators: etag("\"b1\""),
            requires: vec![1],
        },
        // A feed that led to both pages: one was refused, so the feed is not remembered.
        SaveValidators {
            url: "http://news.test/feed",
            validators: etag("\"f1\""),
            requires: vec![0, 1],
        },
    ];
    let out = store
        .store_batch_with(&[Ingest::Document(&good), Ingest::Document(&bad)], &save)
        .unwrap();
    assert!(out[0].is_ok() && out[1].is_err());
    assert_eq!(
        store.validators("http://news.test/a").unwrap(),
        Some(etag("\"a1\""))
    );
    assert_eq!(store.validators("http://news.test/b").unwrap(), None);
    assert_eq!(store.validators("http://news.test/feed").unwrap(), None);

    // Storing the same page again (already stored) updates its validators; empty ones forget it.
    store
        .store_batch_with(
            &[Ingest::Document(&good)],
            &[SaveValidators {
                url: "http://news.test/a",
                validators: etag("\"a2\""),
                requires: vec![0],
            }],
        )
        .unwrap();
    assert_eq!(
        store.validators("http://news.test/a").unwrap(),
        Some(etag("\"a2\""))
    );
    store
        .store_batch_with(
            &[],
            &[SaveValidators {
                url: "http://news.test/a",
                validators: UrlValidators::default(),
                requires: vec![],
            }],
        )
        .unwrap();
    assert_eq!(store.validators("http://news.test/a").unwrap(), None);
}

#[test]
fn validators_of_a_missing_known_document_are_not_saved() {
    let mut store = crate::common::new_store();
    let out = store
        .store_batch_with(
            &[Ingest::Known {
                id: "ffffffffffffffff",
                path: Some("http://news.test/gone"),
            }],
            &[SaveValidators {
                url: "http://news.test/gone",
                validators: etag("\"g\""),
                requires: vec![0],
            }],
        )
        .unwrap();
    assert!(matches!(out[0], Ok(newsgraph_store::Stored::Missing)));
    assert_eq!(store.validators("http://news.test/gone").unwrap(), None);
}

#[test]
fn validators_table_is_added_to_a_version_4_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    {
        let conn = newsgraph_store::db::Db::sqlite(Connection::open(&path).unwrap());
        schema::migrate_to(&conn, 4).unwrap();

        conn.execute_batch(
            "INSERT INTO documents (seq, id, text, path, title, sentence_count)
             VALUES (1, '00000000000000bb', 'Seoul said so.', 'old.txt', 'Old story', 1);
             INSERT INTO paths (path, version, doc) VALUES ('old.txt', 1, 1);
             INSERT INTO sentences VALUES (1, 0, 0, 14, 1);",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.upgraded_from(), Some(4));
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    assert!(store.contains("00000000000000bb").unwrap());
    assert_eq!(store.validators("http://news.test/a").unwrap(), None);
    let a = article(2, "http://news.test/a");
    store
        .store_batch_with(
            &[Ingest::Document(&a)],
            &[SaveValidators {
                url: "http://news.test/a",
                validators: etag("\"a\""),
                requires: vec![0],
            }],
        )
        .unwrap();
    assert_eq!(
        store.validators("http://news.test/a").unwrap(),
        Some(etag("\"a\""))
    );
    assert_eq!(store.stats().unwrap().documents, 2);
}
