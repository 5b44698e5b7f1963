//! Where each event happened: a place its own sentence puts it in, else the dateline's city when
//! the act is local to it, else nowhere.
//!
//! A place counts for an event only when the text says something happened there: a locative
//! phrase right before it (`in Vilnius`, `off the coast of Taiwan`, `in southern Sudan`) or the
//! place naming a gathering (`the Vilnius summit`). A country that acts (`China warned`) is an
//! actor, not a location. Of several such places in a sentence, the one nearest the event's
//! trigger wins. The dateline places an event only when one of its participants belongs to the
//! dateline's country (a reporter in Seoul writing about South Korea's acts); otherwise it says
//! where the reporter was, not where the act was.

use super::gazetteer::PlaceData;
use crate::document::{Document, EntityIx, EntityType, EventLocation, GeoPoint, Precision, Span};

/// How many tokens a place may stand from the event's trigger: further away, it is mostly the
/// place of another phrase of a long sentence.
const MAX_DISTANCE: usize = 15;

/// True when no clause boundary (`;`, `:`, a dash, or a comma followed by `and`, `but`, `while`
/// ...) lies between tokens `a` and `b`.
fn same_clause(data: &PlaceData, doc: &Document, a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    (lo + 1..hi).all(|i| {
        let t = doc.token_text(i);
        let comma_clause = t == ","
            && i + 1 < hi
            && data
                .clause_openers
                .contains(&doc.token_text(i + 1).to_lowercase());
        !(matches!(t, ";" | ":" | "—" | "–") || comma_clause)
    })
}

/// A place a sentence says something happened at.
struct Site {
    /// First token of the place's mention (for distance to a trigger).
    token: usize,
    span: Span,
    entity: EntityIx,
}

/// The locations of the document's events.
pub fn locate_events(
    data: &PlaceData,
    doc: &Document,
    dateline: Option<&(GeoPoint, Span)>,
) -> Vec<EventLocation> {
    let sites = sites(data, doc);
    let mut out = Vec::new();
    for (i, ev) in doc.events().iter().enumerate() {
        let trigger = doc.tokens_in(ev.trigger).start;
        let nearest = sites
            .iter()
            .filter(|s| ev.span.contains(s.span))
            .filter(|s| s.token.abs_diff(trigger) <= MAX_DISTANCE)
            .filter(|s| same_clause(data, doc, trigger, s.token))
            .min_by_key(|s| (s.token.abs_diff(trigger), s.token < trigger));
        if let Some(site) = nearest {
            let (span, entity) = more_specific(data, doc, site).unwrap_or((site.span, site.entity));
            if let Some(point) = doc.place_of(entity) {
                out.push(EventLocation {
                    event: i as u32,
                    point: point.clone(),
                    span,
                    from_dateline: false,
                });
                continue;
            }
        }
        if let Some((point, span)) = dateline {
            let local = ev.actors.iter().chain(&ev.recipients).any(|&e| {
                country_of(doc, e).is_some() && country_of(doc, e) == point.country.as_deref()
            });
            if local {
                out.push(EventLocation {
                    event: i as u32,
                    point: point.clone(),
                    span: *span,
                    from_dateline: true,
                });
            }
        }
    }
    out
}

/// How near (in tokens) a city must stand to a country or division to narrow it down.
const NARROWING_DISTANCE: usize = 6;

/// `the city of Goma in eastern Congo`, `Kharkiv, in northeastern Ukraine`: when the marked
/// place is a country or division and a city of it is named right beside it in the same clause,
/// the city is where the act was.
fn more_specific(data: &PlaceData, doc: &Document, site: &Site) -> Option<(Span, EntityIx)> {
    let outer = doc.place_of(site.entity)?;
    if !matches!(outer.precision, Precision::Country | Precision::Admin1) {
        return None;
    }
    doc.mentions()
        .iter()
        .filter(|m| m.entity != site.entity)
        .filter_map(|m| {
            let p = doc.place_of(m.entity)?;
            let t = doc.tokens_in(m.span).start;
            let near = t.abs_diff(site.token) <= NARROWING_DISTANCE;
            (p.precision == Precision::City
                && p.country.is_some()
                && p.country == outer.country
                && near
                && same_clause(data, doc, t, site.token))
            .then_some((t.abs_diff(site.token), m.span, m.entity))
        })
        .min_by_key(|x| x.0)
        .map(|(_, span, e)| (span, e))
}

/// The country an entity belongs to: a country's own code, a body's owner, a person's role's
/// country, a place's country.
pub fn country_of(doc: &Document, e: EntityIx) -> Option<&str> {
    let ent = doc.entities().get(e.ix())?;
    if ent.etype == EntityType::Country {
        return ent.code.as_deref();
    }
    let via = |o: EntityIx| {
        doc.entities()
            .get(o.ix())
            .filter(|x| x.etype == EntityType::Country)
            .and_then(|x| x.code.as_deref())
    };
    ent.owner
        .and_then(via)
        .or_else(|| ent.roles.iter().filter_map(|r| r.of).find_map(via))
        .or_else(|| doc.place_of(e).and_then(|p| p.country.as_deref()))
}

/// Every mention of a located entity that a locative phrase or a following gathering noun marks
/// as the place where something happened.
fn sites(data: &PlaceData, doc: &Document) -> Vec<Site> {
    let toks = doc.tokens();
    let lower = |i: usize| doc.token_text(i).to_lowercase();
    let mut out = Vec::new();
    for m in doc.mentions() {
        if doc.place_of(m.entity).is_none() {
            continue;
        }
        let range = doc.tokens_in(m.span);
        if range.is_empty() {
            continue;
        }
        // Walk back over the words that may stand between a locative and its place.
        let mut a = range.start;
        while a > 0 && data.skips.contains(&lower(a - 1)) {
            a -= 1;
        }
        let locative = data.locatives.iter().any(|phrase| {
            a >= phrase.len()
                && phrase
                    .iter()
                    .enumerate()
                    .all(|(k, w)| lower(a - phrase.len() + k) == *w)
        });
        let gathering = range.end < toks.len()
            && range.start > 0
            && lower(range.start - 1) == "the"
            && data.site_nouns.contains(&lower(range.end));
        if locative || gathering {
            out.push(Site {
                token: range.start,
                span: m.span,
                entity: m.entity,
            });
        }
    }
    out
}
