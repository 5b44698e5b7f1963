//! What the API and browser tests share: example articles written for the tests.

/// Example articles written for these tests.
pub const ARTICLES: [(&str, &str, &str); 3] = [
    (
        "2025-03-02",
        "Harbor Post",
        "LISBON, Portugal — Portuguese Foreign Minister Ana Ribeiro met Canadian Foreign Minister \
         Mark Dubois in Lisbon on Monday to discuss fishing quotas.\n\n\
         \u{201c}We want a fair agreement for both fleets,\u{201d} Ribeiro said after the meeting.\n\n\
         Dubois said Canada would send a delegation to Portugal next month.",
    ),
    (
        "2025-03-05",
        "Northern Ledger",
        "OTTAWA — Canada accused Portugal of ignoring the fishing agreement on Wednesday.\n\n\
         \u{201c}The rules are clear and they were broken,\u{201d} Canadian Foreign Minister \
         Mark Dubois told reporters in Ottawa.\n\n\
         Portuguese Foreign Minister Ana Ribeiro rejected the claim.",
    ),
    (
        "2025-03-09",
        "Harbor Post",
        "Portugal and Canada signed a fishing agreement in Lisbon on Sunday, officials said.\n\n\
         \u{201c}This is a good day for our coasts,\u{201d} said Ana Ribeiro, Portugal\u{2019}s \
         foreign minister.",
    ),
];

/// Where a test's store lives: `dir/news.db`, or a fresh schema on the PostgreSQL server of
/// `NEWSGRAPH_PG_URL` when `NEWSGRAPH_TEST_BACKEND=postgres` (how `.ci/run` runs the API tests
/// a second time).
#[allow(dead_code)] // the browser tests use the file
pub fn db_location(dir: &std::path::Path) -> std::path::PathBuf {
    if std::env::var("NEWSGRAPH_TEST_BACKEND").as_deref() != Ok("postgres") {
        return dir.join("news.db");
    }
    let base = newsgraph_testserver::pg_url()
        .expect("NEWSGRAPH_TEST_BACKEND=postgres needs NEWSGRAPH_PG_URL");
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let schema = format!(
        "api{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    // On a thread of its own: the async test's thread must not block on the database.
    std::thread::spawn(move || newsgraph_store::db::postgres_schema_url(&base, &schema))
        .join()
        .expect("the thread ran")
        .expect("create a schema")
        .into()
}
