//! The store on PostgreSQL: several writers at once, and a document never half-written. These
//! tests need a server (`NEWSGRAPH_PG_URL`) and skip without one; the rest of the suite runs on
//! PostgreSQL too when `NEWSGRAPH_TEST_BACKEND=postgres` (see `.ci/run`).

use crate::common::{article, fresh_pg_schema, pg_url};
use crate::graph::{config, outlet_a, outlet_b, outlet_c, outlet_d, outlet_e};
use newsgraph::document::Document;
use newsgraph_store::{Error, Ingest, Store};

/// The graph with its ids left out (they depend on the order documents arrived in): entities
/// by type and name with their aliases and counts, events with their participants' names,
/// near-duplicate pairs, conflicts.
pub fn graph_summary(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for e in store.entities(None, None).unwrap() {
        let mut aliases = e.aliases.clone();
        aliases.sort();
        out.push(format!(
            "entity {} {} {:?} {:?} {} {}",
            e.etype, e.name, e.code, aliases, e.mentions, e.outlets
        ));
    }
    for e in store.events(&Default::default()).unwrap() {
        let names = |v: &[newsgraph_store::query::EntityRef]| {
            let mut n: Vec<&str> = v.iter().map(|r| r.name.as_str()).collect();
            n.sort();
            n.join("+")
        };
        out.push(format!(
            "event {} {} {:.3} {} {:?} {:?} {} -> {} m{} s{}",
            e.etype,
            e.cameo,
            e.score,
            e.negated,
            e.date_lo,
            e.date_hi,
            names(&e.actors),
            names(&e.recipients),
            e.mentions,
            e.sources
        ));
    }
    for (a, b, sim) in store.duplicate_pairs().unwrap() {
        // The earlier of the two comes first: which is earlier depends on arrival.
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        out.push(format!("duplicate {a} {b} {sim:.3}"));
    }
    for c in store.conflicts().unwrap() {
        let (a, b) = if c.a.value <= c.b.value {
            (&c.a, &c.b)
        } else {
            (&c.b, &c.a)
        };
        out.push(format!("conflict {} {} / {}", c.kind, a.value, b.value));
    }
    out.sort();
    out
}

fn docs() -> Vec<Document> {
    let mut docs = vec![outlet_a(), outlet_b(), outlet_c(), outlet_d(), outlet_e()];
    docs.extend((0..12).map(|i| article(i, &format!("a{i}.txt"))));
    docs
}

#[test]
fn postgres_concurrent_writers_store_each_document_once_and_build_one_graph() {
    let Some(base) = pg_url() else { return };
    let docs = docs();
    // What one writer builds from all the documents.
    let mut single = Store::open(fresh_pg_schema(&base)).unwrap();
    for d in &docs {
        single.store(d).unwrap();
    }
    single.resolve(&config()).unwrap();
    let expected = graph_summary(&single);
    // Four writers on overlapping halves, each storing in small batches and linking after
    // each, all at once.
    let url = fresh_pg_schema(&base);
    std::thread::scope(|s| {
        for w in 0..4 {
            let (url, docs) = (&url, &docs);
            s.spawn(move || {
                let mut store = Store::open(url).unwrap();
                let mine: Vec<&Document> = docs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (i + w) % 4 < 2)
                    .map(|(_, d)| d)
                    .collect();
                for chunk in mine.chunks(3) {
                    let items: Vec<Ingest> = chunk.iter().map(|d| Ingest::Document(d)).collect();
                    for r in store.store_batch(&items).unwrap() {
                        r.unwrap();
                    }
                    store.resolve(&config()).unwrap();
                }
            });
        }
    });
    let store = Store::open_existing(&url).unwrap();
    assert_eq!(store.stats().unwrap().documents as usize, docs.len());
    assert!(store.incomplete_documents().unwrap().is_empty());
    assert_eq!(graph_summary(&store), expected);
    assert_eq!(store.stats().unwrap(), single.stats().unwrap());
}

#[test]
fn postgres_failed_insert_leaves_that_document_out_whole() {
    let Some(base) = pg_url() else { return };
    let mut store = Store::open(fresh_pg_schema(&base)).unwrap();
    // A database error in the middle of one document's rows (after its entities and mentions).
    store
        .connection()
        .execute_batch(
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF new.text LIKE '%explode%' THEN RAISE EXCEPTION 'boom'; END IF;
             RETURN new; END $$;
             CREATE TRIGGER boom BEFORE INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION boom();",
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
    assert!(matches!(err, Error::Postgres(_)), "{err}");
    assert!(err.to_string().contains("boom"), "{err}");
    assert!(!store.contains(&bad.id).unwrap());
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.documents, stats.entities, stats.mentions),
        (2, 10, 12)
    );
    assert!(store.incomplete_documents().unwrap().is_empty());
}

#[test]
fn postgres_open_existing_refuses_an_empty_database_and_foreign_tables() {
    let Some(base) = pg_url() else { return };
    let url = fresh_pg_schema(&base);
    assert!(matches!(
        Store::open_existing(&url),
        Err(Error::Missing { .. })
    ));
    newsgraph_store::db::Db::postgres(&url)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT)")
        .unwrap();
    let err = Store::open(&url).err().expect("refused");
    assert!(matches!(err, Error::NotAStore), "{err}");
}
