//! The located events as GeoJSON (RFC 7946): a FeatureCollection of points, one per global
//! event with a location, for GIS tools and web maps. Coordinates are `[lon, lat]`; each
//! feature's `precision` says what the point means (a country's point is its centre, not a
//! city), so a map can draw a country-level event differently from a city-level one.

use crate::query::{AmountRow, EventRow};
use crate::{Result, Store};
use serde_json::{json, Value};
use std::io::Write;

/// Amounts as one field: `250000000 AUD (= 167000000 USD);30 vehicles`.
pub(crate) fn amounts_field(amounts: &[AmountRow]) -> String {
    let one = |a: &AmountRow| {
        let mut s = format!("{}", a.value);
        if let Some(m) = a.max {
            s.push_str(&format!("-{m}"));
        }
        s.push(' ');
        s.push_str(&a.unit);
        s
    };
    amounts
        .iter()
        .map(|a| {
            let mut s = one(a);
            for c in &a.conversions {
                s.push_str(&format!(" (= {})", one(c)));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// One event as a GeoJSON feature, or `None` when it has no location.
pub fn feature(e: &EventRow) -> Option<Value> {
    let l = e.location.as_ref()?;
    let names = |list: &[crate::query::EntityRef]| -> Vec<Value> {
        list.iter()
            .map(|r| json!({"id": r.id, "name": r.name}))
            .collect()
    };
    Some(json!({
        "type": "Feature",
        "id": e.id,
        "geometry": {"type": "Point", "coordinates": [l.lon, l.lat]},
        "properties": {
            "event": e.id,
            "type": e.etype,
            "mode": e.mode,
            "cameo": e.cameo,
            "score": e.score,
            "negated": e.negated,
            "date_from": e.date_lo,
            "date_to": e.date_hi,
            "actors": names(&e.actors),
            "recipients": names(&e.recipients),
            "place": l.name,
            "country": l.country,
            "precision": l.precision,
            "from_dateline": l.dateline,
            "amounts": e.amounts,
            "tone": e.tone,
            "evidence": e.evidence,
            "sources": e.documents,
        }
    }))
}

impl Store {
    pub(crate) fn export_geojson(&self, out: &mut dyn Write) -> Result<()> {
        let features: Vec<Value> = self
            .events(&Default::default())?
            .iter()
            .filter_map(feature)
            .collect();
        let fc = json!({"type": "FeatureCollection", "features": features});
        serde_json::to_writer(&mut *out, &fc).map_err(|e| crate::Error::Io(e.into()))?;
        out.write_all(b"\n")?;
        Ok(())
    }
}
