//! Reading a stored document back into the pipeline's [`Document`] model, layer by layer.
//!
//! The inverse of [`crate::write`]: a document read back equals the one stored, except for the
//! pipeline's working layers (tokens, candidates), which are not stored and come back `None`.
//! Layers whose count column is NULL (stage not run) come back `None`, empty ones `Some(vec![])`.

use crate::db::{Db, OptionalExtension, Row};
use crate::error::{Error, Result};
use newsgraph::document::{
    Amount, Dateline, Document, Entity, EntityIx, EntityPlace, Event, EventDate, EventLocation,
    GeoPoint, Mention, MentionIx, Meta, Quote, Relation, Role, Sentence, Span, TokenIx, Tone,
};
use serde::de::DeserializeOwned;

/// Parse an enum from the name the store keeps (`PERSON`, `nominal`).
fn parse_label<T: DeserializeOwned>(id: &str, s: String) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|e| Error::Invalid {
        id: id.to_string(),
        message: format!("unknown value `{s}` in the store: {e}"),
    })
}

/// Parse a stored `YYYY-MM-DD` date.
fn parse_date(id: &str, s: Option<String>) -> Result<Option<jiff::civil::Date>> {
    s.map(|s| {
        s.parse().map_err(|e| Error::Invalid {
            id: id.to_string(),
            message: format!("bad date `{s}` in the store: {e}"),
        })
    })
    .transpose()
}

fn span(row: &Row, start: usize) -> Result<Span> {
    Ok(Span {
        start: row.get(start)?,
        end: row.get(start + 1)?,
    })
}

fn opt_span(row: &Row, start: usize) -> Result<Option<Span>> {
    let a: Option<u32> = row.get(start)?;
    let b: Option<u32> = row.get(start + 1)?;
    Ok(a.zip(b).map(|(start, end)| Span { start, end }))
}

/// Run a per-document query and collect its rows, or `None` when the layer count is NULL.
fn layer<T>(
    conn: &Db,
    present: bool,
    sql: &str,
    seq: i64,
    f: impl FnMut(&Row) -> Result<T>,
) -> Result<Option<Vec<T>>> {
    if !present {
        return Ok(None);
    }
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([seq], f)?;
    Ok(Some(rows.collect::<Result<Vec<T>>>()?))
}

/// The `documents` row of one stored document: its text, metadata, dateline and which layers
/// were stored (a layer whose count column is NULL was never run and reads back as `None`).
struct Head {
    text: String,
    meta: Meta,
    dateline: Option<Dateline>,
    has_sentences: bool,
    has_entities: bool,
    has_mentions: bool,
    has_quotes: bool,
    has_events: bool,
    has_relations: bool,
    has_places: bool,
    has_locations: bool,
    has_amounts: bool,
    /// The article's tone; `None` when the tone stage did not run.
    tone: Option<f32>,
}

/// Load document `id` with every stored layer, or `None` when it is not stored.
pub(crate) fn document(conn: &Db, id: &str) -> Result<Option<Document>> {
    let seq: Option<i64> = conn
        .prepare_cached("SELECT seq FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(seq) = seq else {
        return Ok(None);
    };
    let Some(head) = head(conn, id, seq)? else {
        return Ok(None);
    };
    // Layers are read in the order the pipeline makes them; mentions come before entities
    // because an entity's mention list is rebuilt from them.
    let sentences = sentences(conn, head.has_sentences, seq)?;
    let mentions = mentions(conn, id, head.has_mentions, seq)?;
    let entities = entities(conn, id, head.has_entities, seq, mentions.as_deref())?;
    let quotes = quotes(conn, head.has_quotes, seq)?;
    let events = events(conn, id, head.has_events, seq)?;
    let relations = relations(conn, head.has_relations, seq)?;
    let places = places(conn, id, head.has_places, seq)?;
    let event_locations = locations(conn, id, head.has_locations, seq)?;
    let amounts = amounts(conn, id, head.has_amounts, seq)?;
    let tone = match head.tone {
        Some(article) => Some(tone(conn, seq, article)?),
        None => None,
    };

    Ok(Some(Document {
        id: id.to_string(),
        text: head.text,
        meta: head.meta,
        dateline: head.dateline,
        tokens: None,
        words: None,
        sentences,
        candidates: None,
        entities,
        mentions,
        quotes,
        events,
        relations,
        places,
        event_locations,
        amounts,
        tone,
    }))
}

/// Read the `documents` row of `seq`: text, metadata, dateline and the layer-present flags.
fn head(conn: &Db, id: &str, seq: i64) -> Result<Option<Head>> {
    type HeadRow = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<(Span, String, Span)>,
        Option<String>,
        [bool; 9],
        Option<f64>,
    );
    let row: Option<HeadRow> = conn
        .prepare_cached(
            "SELECT d.text, d.path, d.title, d.url, d.published, o.name,
                 d.dateline_start, d.dateline_end, d.dateline_place, d.place_start, d.place_end,
                 d.warnings, d.sentence_count IS NOT NULL, d.entity_count IS NOT NULL,
                 d.mention_count IS NOT NULL, d.quote_count IS NOT NULL,
                 d.event_count IS NOT NULL, d.relation_count IS NOT NULL,
                 d.place_count IS NOT NULL, d.location_count IS NOT NULL,
                 d.amount_count IS NOT NULL, d.tone
             FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id WHERE d.seq = ?1",
        )?
        .query_row([seq], |r| {
            let dateline = match (opt_span(r, 6)?, r.get::<_, Option<String>>(8)?) {
                (Some(s), Some(place)) => Some((
                    s,
                    place,
                    opt_span(r, 9)?.unwrap_or(Span { start: 0, end: 0 }),
                )),
                _ => None,
            };
            let mut present = [false; 9];
            for (i, p) in present.iter_mut().enumerate() {
                *p = r.get(12 + i)?;
            }
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                dateline,
                r.get(11)?,
                present,
                r.get(21)?,
            ))
        })
        .optional()?;
    let Some((text, path, title, url, published, source, dateline, warnings, present, tone)) = row
    else {
        return Ok(None);
    };
    let [has_sentences, has_entities, has_mentions, has_quotes, has_events, has_relations, has_places, has_locations, has_amounts] =
        present;
    let warnings: Vec<String> = match warnings {
        Some(w) => serde_json::from_str(&w).map_err(|e| Error::Invalid {
            id: id.to_string(),
            message: format!("bad warnings in the store: {e}"),
        })?,
        None => Vec::new(),
    };
    let meta = Meta {
        path,
        title,
        source,
        url,
        published: parse_date(id, published)?,
        warnings,
    };
    Ok(Some(Head {
        text,
        meta,
        dateline: dateline.map(|(span, place, place_span)| Dateline {
            span,
            place,
            place_span,
        }),
        has_sentences,
        has_entities,
        has_mentions,
        has_quotes,
        has_events,
        has_relations,
        has_places,
        has_locations,
        has_amounts,
        tone: tone.map(|t| t as f32),
    }))
}

/// The sentence layer; token indices are not stored (tokens are a working layer) and read as 0.
fn sentences(conn: &Db, present: bool, seq: i64) -> Result<Option<Vec<Sentence>>> {
    layer(
        conn,
        present,
        "SELECT span_start, span_end, paragraph_start FROM sentences
         WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| {
            Ok(Sentence {
                span: span(r, 0)?,
                first_token: TokenIx(0),
                end_token: TokenIx(0),
                paragraph_start: r.get(2)?,
            })
        },
    )
}

/// The mention layer. Forms are parsed after the query so a bad label is a store error naming
/// the document rather than a SQLite conversion error.
fn mentions(conn: &Db, id: &str, present: bool, seq: i64) -> Result<Option<Vec<Mention>>> {
    let raw_mentions = layer(
        conn,
        present,
        "SELECT span_start, span_end, entity_ix, form FROM mentions
         WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| Ok((span(r, 0)?, r.get::<_, u32>(2)?, r.get::<_, String>(3)?)),
    )?;
    raw_mentions
        .map(|ms| {
            ms.into_iter()
                .map(|(span, entity, form)| {
                    Ok(Mention {
                        span,
                        entity: EntityIx(entity),
                        form: parse_label(id, form)?,
                    })
                })
                .collect::<Result<Vec<_>>>()
        })
        .transpose()
}

/// The entity layer with each entity's roles (from `roles`) and mention list (rebuilt from
/// `mentions`, which the store does not keep twice).
fn entities(
    conn: &Db,
    id: &str,
    present: bool,
    seq: i64,
    mentions: Option<&[Mention]>,
) -> Result<Option<Vec<Entity>>> {
    let raw_entities = layer(
        conn,
        present,
        "SELECT name, type, kind, code, owner_ix FROM entities WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<u32>>(4)?,
            ))
        },
    )?;
    let Some(raw) = raw_entities else {
        return Ok(None);
    };
    let mut entities = Vec::with_capacity(raw.len());
    for (name, etype, kind, code, owner) in raw {
        entities.push(Entity {
            name,
            etype: parse_label(id, etype)?,
            kind: kind.map(|k| parse_label(id, k)).transpose()?,
            code,
            owner: owner.map(EntityIx),
            roles: Vec::new(),
            mentions: Vec::new(),
        });
    }
    let mut st = conn.prepare_cached(
        "SELECT entity_ix, title, of_ix, span_start, span_end FROM roles
         WHERE doc = ?1 ORDER BY entity_ix, ix",
    )?;
    let roles = st.query_map([seq], |r| {
        Ok((
            r.get::<_, usize>(0)?,
            Role {
                title: r.get(1)?,
                of: r.get::<_, Option<u32>>(2)?.map(EntityIx),
                evidence: span(r, 3)?,
            },
        ))
    })?;
    for role in roles {
        let (ix, role) = role?;
        if let Some(e) = entities.get_mut(ix) {
            e.roles.push(role);
        }
    }
    for (mx, m) in mentions.into_iter().flatten().enumerate() {
        if let Some(e) = entities.get_mut(m.entity.ix()) {
            e.mentions.push(MentionIx(mx as u32));
        }
    }
    Ok(Some(entities))
}

/// The quote layer with each quote's parts (from `quote_parts`).
fn quotes(conn: &Db, present: bool, seq: i64) -> Result<Option<Vec<Quote>>> {
    let mut quotes = layer(
        conn,
        present,
        "SELECT span_start, span_end, speaker_ix, speaker_start, speaker_end, cue_start, cue_end,
             direct
         FROM quotes WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| {
            Ok(Quote {
                span: span(r, 0)?,
                speaker: r.get::<_, Option<u32>>(2)?.map(EntityIx),
                speaker_mention: opt_span(r, 3)?,
                cue: opt_span(r, 5)?,
                direct: r.get(7)?,
                parts: Vec::new(),
            })
        },
    )?;
    if let Some(quotes) = quotes.as_mut() {
        let mut st = conn.prepare_cached(
            "SELECT quote_ix, span_start, span_end FROM quote_parts
             WHERE doc = ?1 ORDER BY quote_ix, ix",
        )?;
        let parts = st.query_map([seq], |r| Ok((r.get::<_, usize>(0)?, span(r, 1)?)))?;
        for p in parts {
            let (ix, part) = p?;
            if let Some(q) = quotes.get_mut(ix) {
                q.parts.push(part);
            }
        }
    }
    Ok(quotes)
}

/// The event layer with its participants (from `event_participants`).
fn events(conn: &Db, id: &str, present: bool, seq: i64) -> Result<Option<Vec<Event>>> {
    if !present {
        return Ok(None);
    }
    let mut events = event_rows(conn, id, seq)?;
    let mut st = conn.prepare_cached(
        "SELECT event_ix, role, entity_ix FROM event_participants
         WHERE doc = ?1 ORDER BY event_ix, role, position",
    )?;
    let parts = st.query_map([seq], |r| {
        Ok((
            r.get::<_, usize>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })?;
    for p in parts {
        let (ix, role, entity) = p?;
        if let Some(ev) = events.get_mut(ix) {
            let list = if role == "actor" {
                &mut ev.actors
            } else {
                &mut ev.recipients
            };
            list.push(EntityIx(entity));
        }
    }
    Ok(Some(events))
}

/// The `events` rows of `seq`, without participants. Labels and dates are parsed after the
/// query so a bad value is a store error naming the document.
fn event_rows(conn: &Db, id: &str, seq: i64) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(
        "SELECT event_type, mode, cameo, score, span_start, span_end, trigger_start,
             trigger_end, modality, negated, date_value, date_end, date_precision, date_text,
             date_span_start, date_span_end
         FROM events WHERE doc = ?1 ORDER BY ix",
    )?;
    let rows = st.query_map([seq], |r| {
        Ok((
            (
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, f64>(3)?,
            ),
            (span(r, 4)?, span(r, 6)?),
            (r.get::<_, String>(8)?, r.get::<_, bool>(9)?),
            (
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<String>>(12)?,
                r.get::<_, Option<String>>(13)?,
                opt_span(r, 14)?,
            ),
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let ((event_type, mode, cameo, score), (sp, trigger), (modality, negated), date) = row?;
        let (value, end, precision, text, dspan) = date;
        let date = match precision {
            Some(p) => Some(EventDate {
                value: parse_date(id, value)?,
                end: parse_date(id, end)?,
                precision: parse_label(id, p)?,
                text: text.unwrap_or_default(),
                span: dspan.unwrap_or(Span { start: 0, end: 0 }),
            }),
            None => None,
        };
        events.push(Event {
            event_type,
            mode,
            cameo,
            score: score as f32,
            actors: Vec::new(),
            recipients: Vec::new(),
            span: sp,
            trigger,
            modality: parse_label(id, modality)?,
            negated,
            date,
        });
    }
    Ok(events)
}

/// The relation layer.
fn relations(conn: &Db, present: bool, seq: i64) -> Result<Option<Vec<Relation>>> {
    layer(
        conn,
        present,
        "SELECT subject_ix, predicate, object_ix, detail, span_start, span_end FROM relations
         WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| {
            Ok(Relation {
                subject: EntityIx(r.get(0)?),
                predicate: r.get(1)?,
                object: EntityIx(r.get(2)?),
                detail: r.get(3)?,
                span: span(r, 4)?,
            })
        },
    )
}

/// A [`GeoPoint`] from five columns: name, lat, lon, country, precision.
fn geo_point(r: &Row, at: usize) -> Result<(GeoPoint, String)> {
    Ok((
        GeoPoint {
            name: r.get(at)?,
            lat: r.get(at + 1)?,
            lon: r.get(at + 2)?,
            country: r.get(at + 3)?,
            // Parsed by the caller, which knows the document.
            precision: PLACEHOLDER_PRECISION,
        },
        r.get(at + 4)?,
    ))
}

/// Stands in for a point's precision until its stored label is parsed.
const PLACEHOLDER_PRECISION: newsgraph::document::Precision = newsgraph::document::Precision::City;

/// The coordinates of place entities.
fn places(conn: &Db, id: &str, present: bool, seq: i64) -> Result<Option<Vec<EntityPlace>>> {
    let raw = layer(
        conn,
        present,
        "SELECT entity_ix, name, lat, lon, country, precision FROM entity_places
         WHERE doc = ?1 ORDER BY entity_ix",
        seq,
        |r| Ok((r.get::<_, u32>(0)?, geo_point(r, 1)?)),
    )?;
    raw.map(|rows| {
        rows.into_iter()
            .map(|(entity, (mut point, precision))| {
                point.precision = parse_label(id, precision)?;
                Ok(EntityPlace {
                    entity: EntityIx(entity),
                    point,
                })
            })
            .collect()
    })
    .transpose()
}

/// Where events happened.
fn locations(conn: &Db, id: &str, present: bool, seq: i64) -> Result<Option<Vec<EventLocation>>> {
    let raw = layer(
        conn,
        present,
        "SELECT event_ix, name, lat, lon, country, precision, span_start, span_end, dateline
         FROM event_locations WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| {
            Ok((
                r.get::<_, u32>(0)?,
                geo_point(r, 1)?,
                span(r, 6)?,
                r.get::<_, bool>(8)?,
            ))
        },
    )?;
    raw.map(|rows| {
        rows.into_iter()
            .map(|(event, (mut point, precision), span, from_dateline)| {
                point.precision = parse_label(id, precision)?;
                Ok(EventLocation {
                    event,
                    point,
                    span,
                    from_dateline,
                })
            })
            .collect()
    })
    .transpose()
}

/// The amounts, in text order.
fn amounts(conn: &Db, id: &str, present: bool, seq: i64) -> Result<Option<Vec<Amount>>> {
    let raw = layer(
        conn,
        present,
        "SELECT kind, value, max_value, unit, qualifier, span_start, span_end, event_ix,
             conversion_of
         FROM amounts WHERE doc = ?1 ORDER BY ix",
        seq,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                Amount {
                    // Parsed below, where a bad label can name the document.
                    kind: newsgraph::document::AmountKind::Count,
                    value: r.get(1)?,
                    max: r.get(2)?,
                    unit: r.get(3)?,
                    qualifier: r.get(4)?,
                    span: span(r, 5)?,
                    event: r.get(7)?,
                    conversion_of: r.get(8)?,
                },
            ))
        },
    )?;
    raw.map(|rows| {
        rows.into_iter()
            .map(|(kind, mut a)| {
                a.kind = parse_label(id, kind)?;
                Ok(a)
            })
            .collect()
    })
    .transpose()
}

/// The tone layer: the article's score (from the `documents` row) and each sentence's and
/// quote's, in order.
fn tone(conn: &Db, seq: i64, article: f32) -> Result<Tone> {
    let scores = |sql: &str| -> Result<Vec<f32>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map([seq], |r| {
            Ok(r.get::<_, Option<f64>>(0)?.unwrap_or(0.0) as f32)
        })?;
        rows.collect()
    };
    Ok(Tone {
        sentences: scores("SELECT tone FROM sentences WHERE doc = ?1 ORDER BY ix")?,
        quotes: scores("SELECT tone FROM quotes WHERE doc = ?1 ORDER BY ix")?,
        article,
    })
}
