//! Which place a name denotes: CLAVIN-style disambiguation over the gazetteer's candidates.
//!
//! Why these evidences, in this order of weight: a qualifier after a comma (`Vilnius,
//! Lithuania`, `Washington, D.C.`, `Paris, Texas`) settles a name outright; the countries the
//! article talks about make their own cities likelier; then the prior: capitals and populous
//! places are named far more often than their namesakes. A city beats a division of the same
//! name (`New York`, `Washington`) because news names cities far more often than states.

use super::gazetteer::{PlaceData, PlaceEntry};
use crate::document::{Document, EntityIx, EntityType, GeoPoint, Precision, Span, TokenKind};
use std::collections::HashMap;

/// Weight of a comma qualifier naming the candidate's country or division.
const QUALIFIED: f64 = 20.0;
/// Weight of the candidate's country being discussed in the article (plus log of its mentions).
const COUNTRY_IN_ARTICLE: f64 = 3.0;
/// Weight of being the country's capital.
const CAPITAL: f64 = 3.0;
/// Weight of being a city rather than a division of the same name.
const CITY: f64 = 1.5;

/// The countries an article talks about, with how many mentions each has.
pub fn article_countries(doc: &Document) -> HashMap<&str, usize> {
    let mut out: HashMap<&str, usize> = HashMap::new();
    for e in doc.entities() {
        if e.etype == EntityType::Country {
            if let Some(code) = &e.code {
                *out.entry(code.as_str()).or_default() += e.mentions.len().max(1);
            }
        }
    }
    out
}

/// The point of each place entity of the document, by entity.
pub fn resolve_entities(
    data: &PlaceData,
    doc: &Document,
    countries: &HashMap<&str, usize>,
) -> Vec<(EntityIx, GeoPoint)> {
    let mut out = Vec::new();
    for (i, e) in doc.entities().iter().enumerate() {
        let point = match e.etype {
            EntityType::Country => {
                e.code
                    .as_deref()
                    .and_then(|c| data.countries.get(c))
                    .map(|&ix| {
                        let mut p = data.entries[ix as usize].point.clone();
                        p.name = e.name.clone();
                        p
                    })
            }
            EntityType::Location => {
                let mut qualifiers: Vec<Vec<(String, String)>> = e
                    .mentions
                    .iter()
                    .map(|&m| qualifier_after(data, doc, doc.mentions()[m.ix()].span))
                    .collect();
                // A name that holds its own qualifier (`Washington, D.C.`, `Vilnius, Lithuania`).
                let name = match e.name.split_once(", ") {
                    Some((name, rest)) if data.named(&e.name).is_empty() => {
                        qualifiers.push(data.qualifier(rest).to_vec());
                        name
                    }
                    _ => e.name.as_str(),
                };
                best(data, data.named(name), &qualifiers, countries, None)
            }
            _ => None,
        };
        if let Some(p) = point {
            out.push((EntityIx(i as u32), p));
        }
    }
    out
}

/// Resolve a dateline's place (`SEOUL, South Korea`, `WASHINGTON`): the part before the first
/// comma is the name, in any case; the rest qualifies it.
pub fn resolve_dateline(
    data: &PlaceData,
    doc: &Document,
    countries: &HashMap<&str, usize>,
) -> Option<(GeoPoint, Span)> {
    let d = doc.dateline.as_ref()?;
    let (name, rest) = match d.place.split_once(',') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (d.place.trim(), ""),
    };
    // Datelines are written in capitals (`WASHINGTON`, `NEW YORK`): look the name up as a name.
    let cands = data.named(&title_case(name));
    let qualifiers = if rest.is_empty() {
        vec![]
    } else {
        vec![data.qualifier(rest).to_vec()]
    };
    // A dateline names where the reporter files from: a city, never a country's centre.
    let p = best(data, cands, &qualifiers, countries, Some(Precision::City))?;
    let start = d.place_span.start;
    Some((p, Span::new(start as usize, start as usize + name.len())))
}

/// `NEW YORK` → `New York`, `WASHINGTON` → `Washington`.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// The qualifiers written after a comma that follows `span` (`, Lithuania`, `, D.C.`), up to
/// three words.
fn qualifier_after(data: &PlaceData, doc: &Document, span: Span) -> Vec<(String, String)> {
    let toks = doc.tokens();
    let i = toks.partition_point(|t| t.span.start < span.end);
    if toks.get(i).map(|t| doc.text_of(t.span)) != Some(",") {
        return vec![];
    }
    let mut words = String::new();
    let mut best = vec![];
    for t in toks.iter().skip(i + 1).take(3) {
        if t.kind != TokenKind::Word && doc.text_of(t.span) != "." {
            break;
        }
        if !words.is_empty() && t.span.start > 0 && doc.text.as_bytes()[t.span.start() - 1] == b' '
        {
            words.push(' ');
        }
        words.push_str(doc.text_of(t.span));
        let found = data.qualifier(&words);
        if !found.is_empty() {
            best = found.to_vec();
        }
    }
    best
}

fn score(
    e: &PlaceEntry,
    qualifiers: &[Vec<(String, String)>],
    countries: &HashMap<&str, usize>,
) -> f64 {
    let mut s = (1.0 + e.population as f64).ln();
    let country = e.point.country.as_deref().unwrap_or("");
    if qualifiers.iter().flatten().any(|(c, a)| {
        c == country && (a.is_empty() || *a == e.admin1) && e.point.precision != Precision::Country
    }) {
        s += QUALIFIED;
    }
    if let Some(&n) = countries.get(country) {
        s += COUNTRY_IN_ARTICLE + (n as f64).ln();
    }
    if e.capital {
        s += CAPITAL;
    }
    if e.point.precision == Precision::City {
        s += CITY;
    }
    s
}

fn best(
    data: &PlaceData,
    candidates: &[u32],
    qualifiers: &[Vec<(String, String)>],
    countries: &HashMap<&str, usize>,
    only: Option<Precision>,
) -> Option<GeoPoint> {
    let entries = candidates
        .iter()
        .map(|&i| &data.entries[i as usize])
        .filter(|e| only.is_none_or(|p| p == e.point.precision));
    // The hand-written regions carry the gazetteer's own canonical names: when one matches, the
    // entity is that place (`Luhansk` the region, as the name gazetteer decided).
    let mut curated = entries.clone().filter(|e| e.curated);
    if let Some(e) = curated.next() {
        return Some(e.point.clone());
    }
    entries
        .map(|e| (score(e, qualifiers, countries), e))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| e.point.clone())
}
