
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
