//! Contradictions between outlets, recomputed from the graph at every resolve (`conflicts`).
//!
//! Four kinds, each recorded with both versions and the text stating each:
//! - `given_name`: one global person named with two given names (`Richard` / `Robert Marles`:
//!   linked by surname, affiliation and initial, see [`crate::resolve`]); name variants that
//!   resolution treats as the same name (`Chris` / `Christopher`) are not conflicts;
//! - `title`: one person given two titles of the same kind (same head word: `Deputy Prime
//!   Minister` / `Defense Minister`, `President` / `Vice President`) in the same country or
//!   body, by different articles; a title that only adds precision (`Minister` / `Economy
//!   Minister`) is no contradiction, one that adds a rank word (`data/graph/title_ranks.txt`)
//!   is;
//! - `date`: two global events identical but for their dates, both stated to the day and one
//!   or two days apart (the same meeting reported on neighbouring days);
//! - `number`: two mentions of one global event, in different articles, giving different
//!   numbers of the same thing (`30 vehicles` / `40 vehicles`).
//!
//! Why recompute rather than append: a conflict depends on everything linked so far (a third
//! article may bring the second version), and the whole computation is a few linear passes.

use crate::db::{Db, OptionalExtension};
use crate::gevents::{interval, Interval};
use crate::graph::GraphConfig;
use crate::names::{person_key, title_key};
use crate::params;
use crate::resolve::affiliation;
use crate::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One side of a conflict: a value and where it is stated.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Side {
    value: String,
    doc: i64,
    start: i64,
    end: i64,
}

/// Recompute every conflict; returns how many there are.
pub(crate) fn recompute(conn: &Db, cfg: &GraphConfig) -> Result<u64> {
    conn.execute("DELETE FROM conflicts", ())?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO conflicts (id, kind, gid, gevent, value_a, doc_a, start_a, end_a,
             value_b, doc_b, start_b, end_b)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    // Ids numbered here, from 1 at every recompute, rather than by the database (whose
    // counters differ: SQLite starts an emptied table at 1 again, PostgreSQL never goes back).
    let mut n: u64 = 0;
    let mut add = |kind: &str, gid: Option<i64>, gevent: Option<i64>, a: &Side, b: &Side| {
        n += 1;
        insert.execute(params![
            n, kind, gid, gevent, a.value, a.doc, a.start, a.end, b.value, b.doc, b.start, b.end
        ])
    };
    for (gid, a, b) in given_names(conn, cfg)? {
        add("given_name", Some(gid), None, &a, &b)?;
    }
    for (gid, a, b) in titles(conn, cfg)? {
        add("title", Some(gid), None, &a, &b)?;
    }
    for (gevent, a, b) in dates(conn)? {
        add("date", None, Some(gevent), &a, &b)?;
    }
    for (gevent, a, b) in numbers(conn)? {
        add("number", None, Some(gevent), &a, &b)?;
    }
    Ok(n)
}

/// The span of the first mention of entity `ix` written as `name`, else of its first mention.
fn name_evidence(conn: &Db, doc: i64, ix: u32, name: &str) -> Result<(i64, i64)> {
    let span = conn
        .prepare_cached(
            "SELECT span_start, span_end FROM mentions WHERE doc = ?1 AND entity_ix = ?2
             ORDER BY (text = ?3) DESC, ix LIMIT 1",
        )?
        .query_row(params![doc, ix, name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(span.unwrap_or((0, 0)))
}

/// Persons named with two given names.
fn given_names(conn: &Db, cfg: &GraphConfig) -> Result<Vec<(i64, Side, Side)>> {
    let mut st = conn.prepare(
        "SELECT l.gid, l.doc, e.ix, e.name FROM entity_links l
         JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
         JOIN gentities g ON g.id = l.gid
         WHERE g.type = 'PERSON' ORDER BY l.gid, l.doc, e.ix",
    )?;
    // gid → (surname key, given key) → first (doc, ix, name)
    // (surname key, given key, doc, entity ix, name)
    type Named = (String, String, i64, u32, String);
    let mut groups: BTreeMap<i64, Vec<Named>> = BTreeMap::new();
    for row in st.query_map((), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, u32>(2)?,
            r.get::<_, String>(3)?,
        ))
    })? {
        let (gid, doc, ix, name) = row?;
        let Some(pk) = person_key(&name, &cfg.given).filter(|k| k.words >= 2) else {
            continue;
        };
        let list = groups.entry(gid).or_default();
        if !list
            .iter()
            .any(|(l, f, ..)| *l == pk.last && *f == pk.first)
        {
            list.push((pk.last, pk.first, doc, ix, name));
        }
    }
    let mut out = Vec::new();
    for (gid, list) in groups {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let forced = |n: &str| cfg.aliases.same(&crate::names::fold(n)).map(str::to_string);
                if a.0 != b.0 || (forced(&a.4).is_some() && forced(&a.4) == forced(&b.4)) {
                    continue; // another surname, or names the user declared the same
                }
                let side = |(_, _, doc, ix, name): &Named| {
                    name_evidence(conn, *doc, *ix, name).map(|(start, end)| Side {
                        value: name.clone(),
                        doc: *doc,
                        start,
                        end,
                    })
                };
                out.push((gid, side(a)?, side(b)?));
            }
        }
    }
    Ok(out)
}

/// Persons given two titles of the same kind in the same country or body.
fn titles(conn: &Db, cfg: &GraphConfig) -> Result<Vec<(i64, Side, Side)>> {
    let mut st = conn.prepare(
        "SELECT l.gid, r.doc, r.title, r.span_start, r.span_end, o.type, o.code, o.name, ow.code
         FROM entity_links l
         JOIN roles r ON r.doc = l.doc AND r.entity_ix = l.entity_ix
         LEFT JOIN entities o ON o.doc = r.doc AND o.ix = r.of_ix
         LEFT JOIN entities ow ON ow.doc = o.doc AND ow.ix = o.owner_ix
         ORDER BY l.gid, r.doc, r.entity_ix, r.ix",
    )?;
    type Role = (String, BTreeSet<String>, Side);
    let mut by_gid: BTreeMap<i64, Vec<Role>> = BTreeMap::new();
    for row in st.query_map((), |r| {
        let aff: BTreeSet<String> = affiliation(r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)
            .into_iter()
            .collect();
        Ok((
            r.get::<_, i64>(0)?,
            aff,
            Side {
                value: r.get(2)?,
                doc: r.get(1)?,
                start: r.get(3)?,
                end: r.get(4)?,
            },
        ))
    })? {
        let (gid, aff, side) = row?;
        let key = title_key(&side.value);
        let list = by_gid.entry(gid).or_default();
        if !list.iter().any(|(k, ..)| *k == key) {
            list.push((key, aff, side));
        }
    }
    let mut out = Vec::new();
    for (gid, list) in by_gid {
        for (i, (ka, aa, sa)) in list.iter().enumerate() {
            for (kb, ab, sb) in &list[i + 1..] {
                let head = |k: &str| k.rsplit(' ').next().map(str::to_string);
                let same_body = aa.is_empty() || ab.is_empty() || !aa.is_disjoint(ab);
                if sa.doc != sb.doc && head(ka) == head(kb) && same_body && rival(ka, kb, cfg) {
                    out.push((gid, sa.clone(), sb.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// True when two titles (folded) contradict each other: neither's words are all in the other
/// (`Deputy Prime Minister` / `Defense Minister`), or the extra words change the rank
/// (`Prime Minister` / `Deputy Prime Minister`). A title that is only more precise (`Minister` /
/// `Economy Minister`) is no contradiction.
fn rival(a: &str, b: &str, cfg: &GraphConfig) -> bool {
    let wa: BTreeSet<&str> = a.split(' ').collect();
    let wb: BTreeSet<&str> = b.split(' ').collect();
    let (small, big) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if !small.is_subset(big) {
        return true;
    }
    big.difference(small).any(|w| cfg.title_ranks.contains(*w))
}

/// Identical events stated on different days less than a week apart.
fn dates(conn: &Db) -> Result<Vec<(i64, Side, Side)>> {
    let mut st = conn.prepare(
        "SELECT g.id, g.key, g.date_lo, g.date_hi FROM gevents g
         WHERE g.date_lo IS NOT NULL AND g.date_lo = g.date_hi ORDER BY g.id",
    )?;
    let mut by_key: HashMap<String, Vec<(i64, Interval)>> = HashMap::new();
    for row in st.query_map((), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, key, lo) = row?;
        let day = lo.parse().ok();
        by_key
            .entry(key)
            .or_default()
            .push((id, interval(day, None, Some("day"), None)));
    }
    let mut evidence = conn.prepare_cached(
        "SELECT e.doc, e.date_text, e.date_value, e.date_span_start, e.date_span_end
         FROM event_links l JOIN events e ON e.doc = l.doc AND e.ix = l.event_ix
         WHERE l.gevent = ?1 AND e.date_precision = 'day' ORDER BY e.doc, e.ix LIMIT 1",
    )?;
    let mut out = Vec::new();
    let mut keys: Vec<&String> = by_key.keys().collect();
    keys.sort();
    for key in keys {
        let list = &by_key[key];
        for (i, (ga, ia)) in list.iter().enumerate() {
            for (gb, ib) in &list[i + 1..] {
                let (Some(a), Some(b)) = (ia.lo, ib.lo) else {
                    continue;
                };
                let apart = (a - b).get_days().abs();
                if apart == 0 || apart > 2 {
                    continue;
                }
                let mut side = |g: i64| {
                    evidence
                        .query_row([g], |r| {
                            Ok(Side {
                                value: format!(
                                    "{} ({})",
                                    r.get::<_, String>(1)?,
                                    r.get::<_, String>(2)?
                                ),
                                doc: r.get(0)?,
                                start: r.get(3)?,
                                end: r.get(4)?,
                            })
                        })
                        .optional()
                };
                if let (Some(sa), Some(sb)) = (side(*ga)?, side(*gb)?) {
                    if sa.doc != sb.doc {
                        out.push((*ga, sa, sb));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Numbers in a sentence with the word they count: `(number as written, folded next word,
/// byte span of number and word)`. Ordinals (`75th`) and years are skipped.
pub fn numbers_in(text: &str) -> Vec<(String, String, (usize, usize))> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (matches!(bytes[i], b',' | b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let number = &text[start..i];
        if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue; // 75th, 3rd, 10km
        }
        let is_year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
        let rest = &text[i..];
        let trimmed = rest.trim_start_matches(' ');
        let word_start = i + (rest.len() - trimmed.len());
        let word_len = trimmed
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(trimmed.len(), |(k, _)| k);
        if is_year || word_len < 2 || word_start == i {
            continue;
        }
        let word = crate::names::fold(&trimmed[..word_len]);
        out.push((number.to_string(), word, (start, word_start + word_len)));
    }
    out
}

/// Mentions of one event in different articles that give different numbers of one thing.
fn numbers(conn: &Db) -> Result<Vec<(i64, Side, Side)>> {
    let mut st = conn.prepare(
        "SELECT l.gevent, e.doc, e.span_start, e.span_end FROM event_links l
         JOIN events e ON e.doc = l.doc AND e.ix = l.event_ix
         WHERE l.gevent IN (SELECT gevent FROM event_links GROUP BY gevent
                            HAVING count(DISTINCT doc) > 1)
         ORDER BY l.gevent, e.doc, e.ix",
    )?;
    let rows: Vec<(i64, i64, usize, usize)> = st
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_>>()?;
    let mut texts: HashMap<i64, String> = HashMap::new();
    let mut text_of = conn.prepare_cached("SELECT text FROM documents WHERE seq = ?1")?;
    // gevent → unit → first (number, side) per distinct number
    let mut seen: BTreeMap<i64, BTreeMap<String, Vec<(String, Side)>>> = BTreeMap::new();
    for (gevent, doc, s, e) in rows {
        if let std::collections::hash_map::Entry::Vacant(slot) = texts.entry(doc) {
            slot.insert(text_of.query_row([doc], |r| r.get(0))?);
        }
        let text = &texts[&doc];
        let Some(sentence) = text.get(s..e) else {
            continue;
        };
        for (number, unit, (a, b)) in numbers_in(sentence) {
            let units = seen.entry(gevent).or_default().entry(unit).or_default();
            if !units.iter().any(|(n, _)| *n == number) {
                units.push((
                    number,
                    Side {
                        value: sentence[a..b].to_string(),
                        doc,
                        start: (s + a) as i64,
                        end: (s + b) as i64,
                    },
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (gevent, units) in seen {
        for list in units.values() {
            for (i, (_, sa)) in list.iter().enumerate() {
                for (_, sb) in &list[i + 1..] {
                    if sa.doc != sb.doc {
                        out.push((gevent, sa.clone(), sb.clone()));
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rival_titles_differ_in_office_or_rank() {
        let cfg = GraphConfig::default();
        let cfg = GraphConfig {
            title_ranks: ["deputy".to_string()].into(),
            ..cfg
        };
        assert!(rival("deputy prime minister", "defense minister", &cfg));
        assert!(rival("prime minister", "deputy prime minister", &cfg));
        assert!(!rival("minister", "economy minister", &cfg));
        assert!(!rival("chancellor", "chancellor chancellor", &cfg));
    }

    #[test]
    fn numbers_in_finds_counts_not_ordinals_or_years() {
        let s =
            "It sent 30 Bushmaster vehicles and $1,500 dollars at its 75th summit in 2024 days.";
        let found: Vec<(String, String)> = numbers_in(s)
            .into_iter()
            .map(|(n, w, (a, b))| {
                assert!(s[a..b].starts_with(&n));
                (n, w)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("30".to_string(), "bushmaster".to_string()),
                ("1,500".to_string(), "dollars".to_string())
            ]
        );
        assert!(numbers_in("été 3 ans").iter().all(|(_, w, _)| w == "ans"));
    }
}
