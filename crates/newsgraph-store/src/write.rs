//! Writing one document into the schema of [`crate::schema`], inside the caller's transaction.
//!
//! The store never re-runs or second-guesses extraction: it writes the layers the pipeline
//! produced, as they are, after checking that every index and span points somewhere real (a
//! dangling index would make the stored graph lie); the check runs before anything of the
//! document is written, so a refused document needs no rollback. Layers that are `None` (stage not run) get a
//! NULL count; tokens and candidates are the pipeline's working layers and are not stored.
//!
//! Idempotency lives here: a document whose id (content hash) is already stored is not written
//! again; only its path is recorded when the path is new or now holds this text.

use crate::db::{Db, OptionalExtension};
use crate::error::{Error, Result};
use crate::params;
use newsgraph::document::{Document, Span};
use serde::Serialize;

/// One item of a batch to store.
#[derive(Debug, Clone, Copy)]
pub enum Ingest<'a> {
    /// An annotated document: stored unless its text already is.
    Document(&'a Document),
    /// A document the caller knows is stored already (it skipped the pipeline for it): only its
    /// path is recorded. `path` as in `Meta::path`.
    Known {
        /// The document id (content hash).
        id: &'a str,
        /// Where it was read this time.
        path: Option<&'a str>,
    },
}

/// What storing one item did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Stored for the first time. `version` is its number in its path's version chain: 1 for
    /// a path seen for the first time, more when the file at that path changed (the earlier
    /// versions stay); `None` when it has no path (standard input).
    New {
        /// Version under its path.
        version: Option<u32>,
    },
    /// The same text was stored before (from this path or another); nothing of the document
    /// was written again. `first_path` is the path it was first stored from.
    Existing {
        /// Where the stored copy was first read.
        first_path: Option<String>,
    },
    /// A [`Ingest::Known`] item whose id is not in the store (it must be ingested in full).
    Missing,
}

/// The name `newsgraph extract` prints for an enum value (`PERSON`, `nominal`, `asserted`).
fn label<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// Store one item in the open transaction (or savepoint) `conn`.
pub(crate) fn store(conn: &Db, item: Ingest<'_>) -> Result<Stored> {
    let (id, path, doc) = match item {
        Ingest::Document(doc) => (doc.id.as_str(), doc.meta.path.as_deref(), Some(doc)),
        Ingest::Known { id, path } => (id, path, None),
    };
    let path = path.filter(|p| *p != "-");
    let stored: Option<(i64, Option<String>)> = conn
        .prepare_cached("SELECT seq, path FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((seq, first_path)) = stored {
        if let Some(path) = path {
            record_path(conn, path, seq)?;
        }
        return Ok(Stored::Existing { first_path });
    }
    let Some(doc) = doc else {
        return Ok(Stored::Missing);
    };
    validate(doc)?;
    let seq = insert_document(conn, doc, path)?;
    let version = match path {
        Some(path) => Some(record_path(conn, path, seq)?),
        None => None,
    };
    Ok(Stored::New { version })
}

/// Make `path`'s latest version point at document `seq`, adding a version when it pointed
/// elsewhere; returns the path's version that holds it.
fn record_path(conn: &Db, path: &str, seq: i64) -> Result<u32> {
    let latest: Option<(u32, i64)> = conn
        .prepare_cached(
            "SELECT version, doc FROM paths WHERE path = ?1 ORDER BY version DESC LIMIT 1",
        )?
        .query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let version = match latest {
        Some((v, doc)) if doc == seq => return Ok(v),
        Some((v, _)) => v + 1,
        None => 1,
    };
    conn.prepare_cached("INSERT INTO paths (path, version, doc) VALUES (?1, ?2, ?3)")?
        .execute(params![path, version, seq])?;
    Ok(version)
}

/// The outlet id for a name, adding the outlet when new.
fn outlet_id(conn: &Db, name: &str) -> Result<Option<i64>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    conn.prepare_cached("INSERT INTO outlets (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])?;
    Ok(Some(
        conn.prepare_cached("SELECT id FROM outlets WHERE name = ?1")?
            .query_row([name], |r| r.get(0))?,
    ))
}

/// Check that every span lies on char boundaries inside the text and every index points at an
/// existing item, so that nothing dangling is stored.
fn validate(doc: &Document) -> Result<()> {
    let bad = |message: String| Error::Invalid {
        id: doc.id.clone(),
        message,
    };
    let span_ok = |s: Span| {
        s.start <= s.end
            && s.end() <= doc.text.len()
            && doc.text.is_char_boundary(s.start())
            && doc.text.is_char_boundary(s.end())
    };
    let check_span = |what: &str, s: Span| {
        if span_ok(s) {
            Ok(())
        } else {
            Err(bad(format!(
                "{what} span {s} is outside the text or not on a character boundary"
            )))
        }
    };
    let n_entities = doc.entities().len() as u32;
    let n_mentions = doc.mentions().len() as u32;
    let check_entity = |what: &str, ix: u32| {
        if ix < n_entities {
            Ok(())
        } else {
            Err(bad(format!(
                "{what} refers to entity {ix}, but there are {n_entities}"
            )))
        }
    };
    if let Some(d) = &doc.dateline {
        check_span("dateline", d.span)?;
        check_span("dateline place", d.place_span)?;
    }
    for s in doc.sentences() {
        check_span("sentence", s.span)?;
    }
    for e in doc.entities() {
        if let Some(o) = e.owner {
            check_entity("an entity's owner", o.0)?;
        }
        for m in &e.mentions {
            if m.0 >= n_mentions {
                return Err(bad(format!(
                    "entity `{}` lists mention {}, but there are {n_mentions}",
                    e.name, m.0
                )));
            }
        }
        for r in &e.roles {
            check_span("role", r.evidence)?;
            if let Some(of) = r.of {
                check_entity("a role", of.0)?;
            }
        }
    }
    for m in doc.mentions() {
        check_span("mention", m.span)?;
        check_entity("a mention", m.entity.0)?;
    }
    for q in doc.quotes() {
        check_span("quote", q.span)?;
        if let Some(s) = q.speaker {
            check_entity("a quote's speaker", s.0)?;
        }
        for p in &q.parts {
            check_span("quote part", *p)?;
        }
        for s in q.speaker_mention.iter().chain(&q.cue) {
            check_span("quote attribution", *s)?;
        }
    }
    for ev in doc.events() {
        check_span("event", ev.span)?;
        check_span("event trigger", ev.trigger)?;
        if let Some(d) = &ev.date {
            check_span("event date", d.span)?;
        }
        for a in ev.actors.iter().chain(&ev.recipients) {
            check_entity("an event", a.0)?;
        }
    }
    for r in doc.relations() {
        check_span("relation", r.span)?;
        check_entity("a relation's subject", r.subject.0)?;
        check_entity("a relation's object", r.object.0)?;
    }
    validate_geo(doc, &check_span, &check_entity)
}

/// The checks of [`validate`] for the place, amount and tone layers: every event and amount
/// index points at an item, every span into the text, and the tone has one score per sentence
/// and per quote (the store keeps a score on each sentence and quote row).
fn validate_geo(
    doc: &Document,
    check_span: &dyn Fn(&str, Span) -> Result<()>,
    check_entity: &dyn Fn(&str, u32) -> Result<()>,
) -> Result<()> {
    let bad = |message: String| Error::Invalid {
        id: doc.id.clone(),
        message,
    };
    let n_events = doc.events().len();
    let n_amounts = doc.amounts().len();
    let check_event = |what: &str, ix: u32| {
        if (ix as usize) < n_events {
            Ok(())
        } else {
            Err(bad(format!(
                "{what} refers to event {ix}, but there are {n_events}"
            )))
        }
    };
    for p in doc.places() {
        check_entity("a place", p.entity.0)?;
    }
    for l in doc.event_locations() {
        check_span("event location", l.span)?;
        check_event("an event location", l.event)?;
    }
    for a in doc.amounts() {
        check_span("amount", a.span)?;
        if let Some(e) = a.event {
            check_event("an amount", e)?;
        }
        if a.conversion_of.is_some_and(|c| c as usize >= n_amounts) {
            return Err(bad(format!(
                "an amount converts amount {:?}, but there are {n_amounts}",
                a.conversion_of
            )));
        }
    }
    if let Some(t) = &doc.tone {
        let (ns, nq) = (doc.sentences().len(), doc.quotes().len());
        if t.sentences.len() != ns || t.quotes.len() != nq {
            return Err(bad(format!(
                "tone has {} sentence and {} quote scores for {ns} sentences and {nq} quotes",
                t.sentences.len(),
                t.quotes.len()
            )));
        }
    }
    Ok(())
}

/// The size of a layer for the `*_count` columns: NULL when the stage did not run.
fn count<T>(layer: &Option<Vec<T>>) -> Option<i64> {
    layer.as_ref().map(|v| v.len() as i64)
}

/// Insert the document row and every layer's rows; returns the document's `seq`.
fn insert_document(conn: &Db, doc: &Document, path: Option<&str>) -> Result<i64> {
    let id = insert_row(conn, doc, path)?;
    insert_sentences(conn, doc, id)?;
    insert_entities(conn, doc, id)?;
    insert_mentions(conn, doc, id)?;
    insert_quotes(conn, doc, id)?;
    insert_events(conn, doc, id)?;
    insert_relations(conn, doc, id)?;
    insert_places(conn, doc, id)?;
    insert_locations(conn, doc, id)?;
    insert_amounts(conn, doc, id)?;
    Ok(id)
}

/// The `documents` row, with the layer counts; returns its `seq`.
fn insert_row(conn: &Db, doc: &Document, path: Option<&str>) -> Result<i64> {
    let outlet = match &doc.meta.source {
        Some(name) => outlet_id(conn, name)?,
        None => None,
    };
    let warnings = (!doc.meta.warnings.is_empty())
        .then(|| serde_json::to_string(&doc.meta.warnings).unwrap_or_default());
    let dl = doc.dateline.as_ref();
    let role_count = doc
        .entities
        .as_ref()
        .map(|es| es.iter().map(|e| e.roles.len() as i64).sum::<i64>());
    let id = conn
        .prepare_cached(
            "INSERT INTO documents (id, text, path, title, url, published, outlet_id,
             dateline_start, dateline_end, dateline_place, place_start, place_end, warnings,
             sentence_count, entity_count, mention_count, role_count, quote_count,
             event_count, relation_count, place_count, location_count, amount_count, tone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22, ?23, ?24)
         RETURNING seq",
        )?
        .query_row(
            params![
                doc.id,
                doc.text,
                path,
                doc.meta.title,
                doc.meta.url,
                doc.meta.published.map(|d| d.to_string()),
                outlet,
                dl.map(|d| d.span.start),
                dl.map(|d| d.span.end),
                dl.map(|d| d.place.as_str()),
                dl.map(|d| d.place_span.start),
                dl.map(|d| d.place_span.end),
                warnings,
                count(&doc.sentences),
                count(&doc.entities),
                count(&doc.mentions),
                role_count,
                count(&doc.quotes),
                count(&doc.events),
                count(&doc.relations),
                count(&doc.places),
                count(&doc.event_locations),
                count(&doc.amounts),
                doc.tone.as_ref().map(|t| t.article),
            ],
            |r| r.get::<_, i64>(0),
        )?;
    Ok(id)
}

/// The sentences, in text order.
fn insert_sentences(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO sentences (doc, ix, span_start, span_end, paragraph_start, tone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let tones = doc.tone.as_ref().map(|t| t.sentences.as_slice());
    for (ix, s) in doc.sentences().iter().enumerate() {
        let tone = tones.and_then(|t| t.get(ix));
        st.execute(params![
            id,
            ix,
            s.span.start,
            s.span.end,
            s.paragraph_start,
            tone
        ])?;
    }
    Ok(())
}

/// The entities and the roles each holds.
fn insert_entities(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO entities (doc, ix, name, type, kind, code, owner_ix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut role = conn.prepare_cached(
        "INSERT INTO roles (doc, entity_ix, ix, title, of_ix, span_start, span_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (ix, e) in doc.entities().iter().enumerate() {
        st.execute(params![
            id,
            ix,
            e.name,
            e.etype.as_str(),
            e.kind.as_ref().map(label),
            e.code,
            e.owner.map(|o| o.0),
        ])?;
        for (rx, r) in e.roles.iter().enumerate() {
            role.execute(params![
                id,
                ix,
                rx,
                r.title,
                r.of.map(|o| o.0),
                r.evidence.start,
                r.evidence.end,
            ])?;
        }
    }
    Ok(())
}

/// The mentions, with the words each covers.
fn insert_mentions(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO mentions (doc, ix, entity_ix, span_start, span_end, form, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (ix, m) in doc.mentions().iter().enumerate() {
        st.execute(params![
            id,
            ix,
            m.entity.0,
            m.span.start,
            m.span.end,
            label(&m.form),
            doc.text_of(m.span),
        ])?;
    }
    Ok(())
}

/// The quotes and their parts.
fn insert_quotes(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO quotes (doc, ix, span_start, span_end, text, speaker_ix,
             speaker_start, speaker_end, cue_start, cue_end, direct, tone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut part = conn.prepare_cached(
        "INSERT INTO quote_parts (doc, quote_ix, ix, span_start, span_end)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (ix, q) in doc.quotes().iter().enumerate() {
        for (px, p) in q.parts.iter().enumerate() {
            part.execute(params![id, ix, px, p.start, p.end])?;
        }
        st.execute(params![
            id,
            ix,
            q.span.start,
            q.span.end,
            doc.text_of(q.span),
            q.speaker.map(|s| s.0),
            q.speaker_mention.map(|s| s.start),
            q.speaker_mention.map(|s| s.end),
            q.cue.map(|s| s.start),
            q.cue.map(|s| s.end),
            q.direct,
            doc.tone.as_ref().and_then(|t| t.quotes.get(ix)),
        ])?;
    }
    Ok(())
}

/// The events and their actors and recipients.
fn insert_events(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO events (doc, ix, event_type, mode, cameo, score, span_start,
             span_end, trigger_start, trigger_end, modality, negated, date_value, date_end,
             date_precision, date_text, date_span_start, date_span_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18)",
    )?;
    let mut part = conn.prepare_cached(
        "INSERT INTO event_participants (doc, event_ix, role, position, entity_ix)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (ix, ev) in doc.events().iter().enumerate() {
        let date = ev.date.as_ref();
        st.execute(params![
            id,
            ix,
            ev.event_type,
            ev.mode,
            ev.cameo,
            f64::from(ev.score),
            ev.span.start,
            ev.span.end,
            ev.trigger.start,
            ev.trigger.end,
            label(&ev.modality),
            ev.negated,
            date.and_then(|d| d.value).map(|v| v.to_string()),
            date.and_then(|d| d.end).map(|v| v.to_string()),
            date.map(|d| label(&d.precision)),
            date.map(|d| d.text.as_str()),
            date.map(|d| d.span.start),
            date.map(|d| d.span.end),
        ])?;
        for (role, list) in [("actor", &ev.actors), ("recipient", &ev.recipients)] {
            for (pos, e) in list.iter().enumerate() {
                part.execute(params![id, ix, role, pos, e.0])?;
            }
        }
    }
    Ok(())
}

/// The relations between entities.
fn insert_relations(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO relations (doc, ix, subject_ix, predicate, object_ix, detail,
             span_start, span_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (ix, r) in doc.relations().iter().enumerate() {
        st.execute(params![
            id,
            ix,
            r.subject.0,
            r.predicate,
            r.object.0,
            r.detail,
            r.span.start,
            r.span.end,
        ])?;
    }
    Ok(())
}

/// The coordinates of place entities.
fn insert_places(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO entity_places (doc, entity_ix, name, lat, lon, country, precision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for p in doc.places() {
        let g = &p.point;
        st.execute(params![
            id,
            p.entity.0,
            g.name,
            g.lat,
            g.lon,
            g.country,
            label(&g.precision)
        ])?;
    }
    Ok(())
}

/// Where events happened.
fn insert_locations(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO event_locations (doc, ix, event_ix, name, lat, lon, country, precision,
             span_start, span_end, dateline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (ix, l) in doc.event_locations().iter().enumerate() {
        let g = &l.point;
        st.execute(params![
            id,
            ix,
            l.event,
            g.name,
            g.lat,
            g.lon,
            g.country,
            label(&g.precision),
            l.span.start,
            l.span.end,
            l.from_dateline,
        ])?;
    }
    Ok(())
}

/// The amounts, with the words each covers.
fn insert_amounts(conn: &Db, doc: &Document, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO amounts (doc, ix, event_ix, kind, value, max_value, unit, qualifier,
             span_start, span_end, text, conversion_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (ix, a) in doc.amounts().iter().enumerate() {
        st.execute(params![
            id,
            ix,
            a.event,
            label(&a.kind),
            a.value,
            a.max,
            a.unit,
            a.qualifier,
            a.span.start,
            a.span.end,
            doc.text_of(a.span),
            a.conversion_of,
        ])?;
    }
    Ok(())
}
