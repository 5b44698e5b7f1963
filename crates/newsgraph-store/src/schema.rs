//! The database schema, written down once as an ordered list of migrations.
//!
//! `MIGRATIONS[i]` upgrades a database from schema version `i` to `i + 1`; the version lives in
//! SQLite's `PRAGMA user_version`, so a fresh file (version 0) runs them all and an older store is
//! upgraded in place, each step in its own transaction together with the version bump (a crash
//! mid-upgrade leaves the previous version intact). A migration, once released, is never edited:
//! a change to the schema is a new migration appended to the list. The tests keep a frozen copy
//! of version 1 and check that an old database opens, upgrades and keeps its data.
//!
//! Conventions of every table:
//! - a document is identified by `id`, the content hash the pipeline gives (`Document::id`), so
//!   the same text from any path is one row; rows are written once and never updated;
//! - every layer row carries `doc`, its document's `seq` (an integer, so that rows are appended
//!   in order and keys stay small, where the random content hash would scatter inserts all over
//!   each B-tree), and its index `ix` in the document's layer (the pipeline's `EntityIx`,
//!   `MentionIx`…); references between layer items (`entity_ix`, `owner_ix`, `speaker_ix`) are
//!   those indices, within the same document;
//! - `span_start`/`span_end` are half-open **byte** offsets into `documents.text` (SQLite's
//!   `substr` counts characters, so the text a span covers is also stored where it is queried);
//! - enumerations are stored as the names `newsgraph extract` prints (`PERSON`, `nominal`);
//! - a document's `*_count` column is NULL when the stage providing that layer did not run and
//!   otherwise the number of rows it has in the layer's table, which is how a reader checks that
//!   a document is complete (see `Store::incomplete_documents`).

use crate::db::{Db, Dialect};
use crate::dialect;
use crate::error::{Error, Result};

/// `PRAGMA application_id` of a newsgraph store ("NGRS"): a SQLite file with another
/// application id is refused rather than written into.
pub const APPLICATION_ID: i32 = 0x4E47_5253;

/// Schema version 1: outlets, documents and their path history, sentences, entities, mentions,
/// roles, quotes, and full-text search over article text.
pub const V1: &str = r#"
-- News outlets (sources), one row per name; names compare case-insensitively.
CREATE TABLE outlets (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

-- One row per distinct article text. `id` is the content hash; `seq` (the rowid) gives
-- insertion order, is what layer rows refer to (`doc`) and links the full-text index. `path` is where the text was first read;
-- the full history of paths is in `paths`. Metadata is the first ingest's and never changes.
CREATE TABLE documents (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    text           TEXT NOT NULL,
    path           TEXT,
    title          TEXT,
    url            TEXT,
    published      TEXT,                       -- YYYY-MM-DD
    outlet_id      INTEGER REFERENCES outlets(id),
    dateline_start INTEGER,                    -- the whole dateline, dash included
    dateline_end   INTEGER,
    dateline_place TEXT,                       -- the place it names, as written
    place_start    INTEGER,
    place_end      INTEGER,
    warnings       TEXT,                       -- JSON array of reading warnings; NULL if none
    ingested_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sentence_count INTEGER,                    -- layer sizes: NULL = stage not run
    entity_count   INTEGER,
    mention_count  INTEGER,
    role_count     INTEGER,
    quote_count    INTEGER
);
CREATE INDEX documents_outlet ON documents(outlet_id);
CREATE INDEX documents_published ON documents(published);

-- Where documents were read from, as a version chain per path: version 1 is the first text
-- read from the path, and each time the file's text changes a new document is stored and a
-- row with the next version points to it. Old versions stay. Standard input has no row.
CREATE TABLE paths (
    path        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (path, version)
) WITHOUT ROWID;
CREATE INDEX paths_document ON paths(doc);

-- Sentences of a document, in text order.
CREATE TABLE sentences (
    doc             INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix              INTEGER NOT NULL,
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    paragraph_start INTEGER NOT NULL,          -- 1 when the sentence opens a paragraph
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;

-- Entities as one document tells them (cross-document identity is a later layer). `ix` is
-- the pipeline's EntityIx: `newsgraph extract` prints it as `e{ix + 1}`.
CREATE TABLE entities (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix          INTEGER NOT NULL,
    name        TEXT NOT NULL,                 -- canonical name
    type        TEXT NOT NULL,                 -- PERSON, COUNTRY, ORGANIZATION, LOCATION
    kind        TEXT,                          -- organisation kind (government, media, ...)
    code        TEXT,                          -- ISO 3166-1 alpha-3 of a country
    owner_ix    INTEGER,                       -- the country owning a ministry or army
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;
CREATE INDEX entities_name ON entities(type, name);
CREATE INDEX entities_code ON entities(code) WHERE code IS NOT NULL;

-- Every place in the text that refers to an entity, in text order.
CREATE TABLE mentions (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix          INTEGER NOT NULL,
    entity_ix   INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    form        TEXT NOT NULL,                 -- name, abbreviation, demonym, metonym, ...
    text        TEXT NOT NULL,                 -- the mention as written
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(doc, entity_ix);

-- Roles (title and affiliation) a person entity holds, with the text that states them.
CREATE TABLE roles (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    entity_ix   INTEGER NOT NULL,
    ix          INTEGER NOT NULL,              -- position in the entity's list of roles
    title       TEXT NOT NULL,
    of_ix       INTEGER,                       -- the country or organisation it is held in
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    PRIMARY KEY (doc, entity_ix, ix)
) WITHOUT ROWID;
CREATE INDEX roles_title ON roles(title);

-- Quotations, direct and indirect, with their speakers. `id` links the full-text index.
CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    doc           INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix            INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,               -- the quoted words
    speaker_ix    INTEGER,
    speaker_start INTEGER,                     -- the mention that attributes the quote
    speaker_end   INTEGER,
    cue_start     INTEGER,                     -- the attributing verb (`said`)
    cue_end       INTEGER,
    direct        INTEGER NOT NULL,            -- 1 inside quotation marks, 0 reported speech
    UNIQUE (doc, ix)
);
CREATE INDEX quotes_speaker ON quotes(doc, speaker_ix);

-- Full-text search over titles and article text (external content: the text lives once, in
-- `documents`; triggers keep the index in step).
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
"#;

/// Schema version 2: the event and relation layers, the parts of interrupted quotes, and
/// full-text search over quotes (built for the quotes already stored).
pub const V2: &str = r#"
-- Layer sizes of the new layers; NULL for documents stored before they existed.
ALTER TABLE documents ADD COLUMN event_count INTEGER;
ALTER TABLE documents ADD COLUMN relation_count INTEGER;

-- Events coded in PLOVER with their CAMEO root: who did what to whom, with evidence.
CREATE TABLE events (
    doc             INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix              INTEGER NOT NULL,
    event_type      TEXT NOT NULL,             -- PLOVER type (ACCUSE, CONSULT, ...)
    mode            TEXT,                      -- PLOVER mode
    cameo           TEXT NOT NULL,             -- CAMEO root code, two digits
    score           REAL NOT NULL,             -- cooperation (+) to conflict (-), -10..10
    span_start      INTEGER NOT NULL,          -- the evidence sentence
    span_end        INTEGER NOT NULL,
    trigger_start   INTEGER NOT NULL,          -- the word that triggered it
    trigger_end     INTEGER NOT NULL,
    modality        TEXT NOT NULL,             -- asserted, reported, expected, ...
    negated         INTEGER NOT NULL,
    date_value      TEXT,                      -- resolved date, YYYY-MM-DD
    date_end        TEXT,                      -- last day of a range
    date_precision  TEXT,                      -- day, week, month, year, range; NULL = no date
    date_text       TEXT,                      -- the time expression as written
    date_span_start INTEGER,
    date_span_end   INTEGER,
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;
CREATE INDEX events_type ON events(event_type);

-- The actors and recipients of each event, in the order the event lists them.
CREATE TABLE event_participants (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    event_ix    INTEGER NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position    INTEGER NOT NULL,
    entity_ix   INTEGER NOT NULL,
    PRIMARY KEY (doc, event_ix, role, position)
) WITHOUT ROWID;
CREATE INDEX event_participants_entity ON event_participants(doc, entity_ix);

-- Relations between two entities stated by the text (member_of, leader_of, supplies, ...).
CREATE TABLE relations (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix          INTEGER NOT NULL,
    subject_ix  INTEGER NOT NULL,
    predicate   TEXT NOT NULL,
    object_ix   INTEGER NOT NULL,
    detail      TEXT,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;
CREATE INDEX relations_predicate ON relations(predicate);

-- The pieces of each quotation without the narrator's words between them: one part for a
-- plain quote, several for one interrupted by its attribution or running over paragraphs.
-- Quotes stored by version 1 get one part, their whole span.
CREATE TABLE quote_parts (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    quote_ix    INTEGER NOT NULL,
    ix          INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    PRIMARY KEY (doc, quote_ix, ix)
) WITHOUT ROWID;
INSERT INTO quote_parts (doc, quote_ix, ix, span_start, span_end)
    SELECT doc, ix, 0, span_start, span_end FROM quotes;

-- Full-text search over quoted words, filled from the quotes already stored.
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
"#;

/// Schema version 3: the cross-document graph. Per-document layers stay as they were; these
/// tables say which per-document items are the same real actor or event, which articles are
/// near-duplicates, and where outlets disagree. They are derived: `Store::resolve` fills them at
/// the end of each ingest (and rebuilds them when the resolution rules change), so dropping
/// their rows loses nothing that cannot be recomputed.
pub const V3: &str = r#"
-- Global entities: one row per real actor across all documents. `id` is printed `g{id}` and
-- never changes once given; `key` is the resolution key of the first entity linked to it;
-- `name` the fullest, most frequent name its entities carry; `code` a country's ISO code.
CREATE TABLE gentities (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    code        TEXT,
    key         TEXT NOT NULL
);
CREATE INDEX gentities_type ON gentities(type, name);

-- Every resolution key a global entity answers to (exact name, acronym, surname, ...), so a
-- new document's entity is linked by lookup rather than by comparing with every entity.
CREATE TABLE gentity_keys (
    key         TEXT NOT NULL,
    gid         INTEGER NOT NULL REFERENCES gentities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, gid)
) WITHOUT ROWID;

-- Which global entity each per-document entity is, and the rule that linked it
-- (new, exact, acronym, surname, given_name, alias).
CREATE TABLE entity_links (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    entity_ix   INTEGER NOT NULL,
    gid         INTEGER NOT NULL REFERENCES gentities(id) ON DELETE CASCADE,
    rule        TEXT NOT NULL,
    PRIMARY KEY (doc, entity_ix)
) WITHOUT ROWID;
CREATE INDEX entity_links_gid ON entity_links(gid);

-- Documents the graph has taken in (entities linked, events merged, signature computed).
CREATE TABLE graph_documents (
    doc         INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE
);

-- MinHash signature of each document's word 5-shingles (64 little-endian u64 minima), for
-- near-duplicate detection; `bands` holds its LSH band hashes for candidate lookup.
CREATE TABLE doc_minhash (
    doc         INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
    signature   BLOB NOT NULL
);
CREATE TABLE doc_minhash_bands (
    band        INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, doc)
) WITHOUT ROWID;

-- Pairs of near-duplicate documents (the same story republished with small edits), `doc_a`
-- the earlier; `similarity` is the estimated Jaccard similarity of their shingles.
CREATE TABLE doc_duplicates (
    doc_a       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    doc_b       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    similarity  REAL NOT NULL,
    PRIMARY KEY (doc_a, doc_b)
) WITHOUT ROWID;

-- Global events: one row per real event across documents (same type, same global actors and
-- recipients, compatible dates). `date_lo`/`date_hi` bound when it happened (NULL: unknown);
-- `mentions` counts its per-document events, `sources` the independent outlets reporting it
-- (near-duplicate articles count once); `score` is the mean of its mentions' scores.
CREATE TABLE gevents (
    id          INTEGER PRIMARY KEY,
    event_type  TEXT NOT NULL,
    mode        TEXT,
    cameo       TEXT NOT NULL,
    score       REAL NOT NULL,
    negated     INTEGER NOT NULL,
    date_lo     TEXT,
    date_hi     TEXT,
    key         TEXT NOT NULL,
    mentions    INTEGER NOT NULL DEFAULT 0,
    sources     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX gevents_key ON gevents(key);

-- The global actors and recipients of each global event.
CREATE TABLE gevent_participants (
    gevent      INTEGER NOT NULL REFERENCES gevents(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    gid         INTEGER NOT NULL REFERENCES gentities(id) ON DELETE CASCADE,
    PRIMARY KEY (gevent, role, gid)
) WITHOUT ROWID;
CREATE INDEX gevent_participants_gid ON gevent_participants(gid);

-- Which global event each per-document event is a mention of.
CREATE TABLE event_links (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    event_ix    INTEGER NOT NULL,
    gevent      INTEGER NOT NULL REFERENCES gevents(id) ON DELETE CASCADE,
    PRIMARY KEY (doc, event_ix)
) WITHOUT ROWID;
CREATE INDEX event_links_gevent ON event_links(gevent);

-- Contradictions between outlets: two versions of one fact (a person's given name or title,
-- an event's date, a number in an event) with the text stating each. `gid` is the person (or
-- NULL), `gevent` the event (or NULL); recomputed at every resolve.
CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,                 -- given_name, title, date, number
    gid         INTEGER REFERENCES gentities(id) ON DELETE CASCADE,
    gevent      INTEGER REFERENCES gevents(id) ON DELETE CASCADE,
    value_a     TEXT NOT NULL,
    doc_a       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    start_a     INTEGER NOT NULL,
    end_a       INTEGER NOT NULL,
    value_b     TEXT NOT NULL,
    doc_b       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    start_b     INTEGER NOT NULL,
    end_b       INTEGER NOT NULL
);

-- Settings the graph was built with (`rules`: a fingerprint of the alias file and name
-- variants); when they change, the next resolve rebuilds the graph from scratch.
CREATE TABLE graph_meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
"#;

/// Schema version 4: each global entity's mention and outlet counts, kept on its row so that
/// listing entities most mentioned first reads one index page by page instead of counting every
/// entity's mentions per request. `Store::resolve` recounts the entities that new documents link
/// to; this step counts the entities already stored.
pub const V4: &str = r#"
-- Mentions in all documents, and distinct outlets (a document without outlet counts as its own).
ALTER TABLE gentities ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE gentities ADD COLUMN outlets INTEGER NOT NULL DEFAULT 0;
UPDATE gentities SET mentions = c.n, outlets = c.o FROM (
    SELECT l.gid AS gid,
           sum((SELECT count(*) FROM mentions m
                WHERE m.doc = l.doc AND m.entity_ix = l.entity_ix)) AS n,
           count(DISTINCT coalesce(d.outlet_id, -d.seq)) AS o
    FROM entity_links l JOIN documents d ON d.seq = l.doc
    GROUP BY l.gid
) AS c WHERE c.gid = gentities.id;
-- The listing's order (most mentioned first, then by name, then oldest), whole and by type.
CREATE INDEX gentities_rank ON gentities(mentions DESC, name, id);
CREATE INDEX gentities_type_rank ON gentities(type, mentions DESC, name, id);
"#;

/// Schema version 5: HTTP validators of the URLs `ingest` fetched, so that fetching a feed or a
/// page again sends a conditional request and costs a `304 Not Modified` when nothing changed.
pub const V5: &str = r#"
-- The `ETag` and `Last-Modified` a server last sent for a URL (the final URL, after
-- redirects), verbatim. A row is written in the same transaction as the documents fetched from
-- that URL (for a feed: after every page it led to was stored), so a crash never leaves a URL
-- marked as seen whose documents are missing; losing a row costs one full download, never a
-- document.
CREATE TABLE validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    updated       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
"#;

/// Schema version 6: the alerts `newsgraph watch --alert` runs, and what each has fired, so a
/// restart never fires an item twice.
pub const V6: &str = r#"
-- A saved query (`between China NATO`, `quotes --by "Lin Jian"`), as written, and when it was
-- first run against this database. What matched then is recorded in `alerts_fired` without a
-- payload: an alert fires for what arrives after it was set up, not for the whole archive.
CREATE TABLE alerts (
    query   TEXT PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;

-- One item an alert matched: `item` names it by kind and evidence (`event:DOC:START:END`,
-- `quote:DOC:START:END`), so the same fact found again is the same item. `payload` is the JSON
-- the alert printed or posted (NULL for the items that matched when the alert was set up).
-- `seq` orders the items for readers that follow new ones (the web UI's live page).
CREATE TABLE alerts_fired (
    seq      INTEGER PRIMARY KEY,
    query    TEXT NOT NULL REFERENCES alerts(query) ON DELETE CASCADE,
    item     TEXT NOT NULL,
    fired_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    payload  TEXT,
    UNIQUE (query, item)
);
"#;

/// Schema version 7: where events happened, the amounts the text states and its tone (the
/// `places`, `amounts` and `tone` stages). Documents stored before have NULL counts and tone:
/// those layers are unknown for them, not empty.
pub const V7: &str = r#"
-- Layer sizes of the new layers (NULL: the stage did not run), and the article's tone.
ALTER TABLE documents ADD COLUMN place_count INTEGER;
ALTER TABLE documents ADD COLUMN location_count INTEGER;
ALTER TABLE documents ADD COLUMN amount_count INTEGER;
ALTER TABLE documents ADD COLUMN tone REAL;               -- -1 hostile .. +1 warm; NULL = not run
-- Each sentence's and quote's tone (NULL when the document's tone is).
ALTER TABLE sentences ADD COLUMN tone REAL;
ALTER TABLE quotes ADD COLUMN tone REAL;

-- Coordinates of place entities (LOCATION, COUNTRY) from the place gazetteer.
CREATE TABLE entity_places (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    entity_ix   INTEGER NOT NULL,
    name        TEXT NOT NULL,                 -- the gazetteer's name
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    country     TEXT,                          -- ISO 3166-1 alpha-3
    precision   TEXT NOT NULL,                 -- city, admin1, country, region, sea
    PRIMARY KEY (doc, entity_ix)
) WITHOUT ROWID;
CREATE INDEX entity_places_name ON entity_places(name);

-- Where the text places an event: at most one row per event. `span_*` are the place's words;
-- `dateline` is 1 when they are the dateline's rather than the event sentence's.
CREATE TABLE event_locations (
    doc         INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix          INTEGER NOT NULL,              -- position in the document's list
    event_ix    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    country     TEXT,
    precision   TEXT NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    dateline    INTEGER NOT NULL,
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;
CREATE INDEX event_locations_event ON event_locations(doc, event_ix);
CREATE INDEX event_locations_point ON event_locations(lat, lon);
CREATE INDEX event_locations_name ON event_locations(name);

-- Money, counts and percentages, in text order. `unit` is an ISO 4217 code for money, the
-- counted noun (`troops`, `killed`) for a count, `%` for a percentage; `max_value` a range's
-- upper bound; `conversion_of` the amount (`ix`) a parenthesised conversion restates.
CREATE TABLE amounts (
    doc           INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    ix            INTEGER NOT NULL,
    event_ix      INTEGER,
    kind          TEXT NOT NULL,               -- money, count, percent
    value         REAL NOT NULL,
    max_value     REAL,
    unit          TEXT NOT NULL,
    qualifier     TEXT,                        -- about, more than, hundreds of ...
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,               -- the amount as written
    conversion_of INTEGER,
    PRIMARY KEY (doc, ix)
) WITHOUT ROWID;
CREATE INDEX amounts_event ON amounts(doc, event_ix);
CREATE INDEX amounts_unit ON amounts(unit, value);
"#;

/// Every migration in order: `MIGRATIONS[i]` takes a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The schema version this code reads and writes.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

/// The schema version of an open database (SQLite: `PRAGMA user_version`; PostgreSQL: the
/// `newsgraph_meta` row, see [`crate::dialect`]).
pub fn version(db: &Db) -> Result<u32> {
    dialect::version(db)
}

/// The migration that takes a database of `dialect` from version `v` to `v + 1`.
pub fn migration(dialect: Dialect, v: u32) -> String {
    let sql = MIGRATIONS[v as usize];
    match dialect {
        Dialect::Sqlite => sql.to_string(),
        Dialect::Postgres => dialect::postgres_migration(v, sql),
    }
}

/// Upgrade the database to `target` (at most [`CURRENT_VERSION`]), one transaction per step;
/// returns the version it had before. A new, empty database is stamped with
/// [`APPLICATION_ID`]; a database of another application, or of a newer schema, is refused.
pub fn migrate_to(db: &Db, target: u32) -> Result<u32> {
    let target = target.min(CURRENT_VERSION);
    let before = dialect::version(db)?;
    loop {
        // The write transaction (SQLite: IMMEDIATE; PostgreSQL: the writers' advisory lock)
        // is taken before reading the version, so two processes opening the same old
        // database cannot both run the same step.
        let tx = db.transaction()?;
        let v = dialect::version(&tx)?;
        if !dialect::is_store(&tx)? {
            if v != 0 || !dialect::is_empty(&tx)? {
                return Err(Error::NotAStore);
            }
            dialect::stamp(&tx)?;
        }
        if v > CURRENT_VERSION {
            return Err(Error::TooNew {
                found: v,
                supported: CURRENT_VERSION,
            });
        }
        if v >= target {
            tx.commit()?;
            return Ok(before);
        }
        tx.execute_batch(&migration(tx.dialect(), v))
            .map_err(|source| Error::Migration {
                version: v + 1,
                source: Box::new(source),
            })?;
        dialect::set_version(&tx, v + 1)?;
        tx.commit()?;
    }
}

/// Upgrade the database to [`CURRENT_VERSION`]; returns the version it had before.
pub fn migrate(db: &Db) -> Result<u32> {
    migrate_to(db, CURRENT_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn mem() -> Db {
        Db::sqlite(Connection::open_in_memory().unwrap())
    }

    #[test]
    fn migrate_fresh_database_reaches_current_version() {
        let conn = mem();
        assert_eq!(migrate(&conn).unwrap(), 0);
        assert_eq!(version(&conn).unwrap(), CURRENT_VERSION);
        // Running again is a no-op.
        assert_eq!(migrate(&conn).unwrap(), CURRENT_VERSION);
    }

    #[test]
    fn migrate_refuses_foreign_database() {
        let conn = mem();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(migrate(&conn), Err(Error::NotAStore)));
    }

    #[test]
    fn migrate_refuses_newer_schema() {
        let conn = mem();
        migrate(&conn).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", CURRENT_VERSION + 1))
            .unwrap();
        assert!(matches!(migrate(&conn), Err(Error::TooNew { .. })));
    }

    #[test]
    fn migrate_every_step_is_valid_sql() {
        for target in 1..=CURRENT_VERSION {
            let conn = mem();
            migrate_to(&conn, target).unwrap();
            assert_eq!(version(&conn).unwrap(), target);
        }
    }
}
