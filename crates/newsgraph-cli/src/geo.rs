//! The place and amount flags of `events` (`--near`, `--within`, `--bbox`, `--min-amount`,
//! `--unit`), how a place name becomes a point, and how an event's place and amounts read in a
//! table.

use anyhow::{anyhow, bail};
use newsgraph_store::query::{
    gazetteer_place, parse_bbox, parse_distance_km, AmountRow, EventFilter, EventRow, Near,
};
use newsgraph_store::Store;

/// Where and how much: filters of `events` (and of an alert's `events …`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct GeoArgs {
    /// Only events placed near this place (a city, region, country or sea; looked up in the
    /// stored places, then in the gazetteer of data/places).
    #[arg(long, value_name = "PLACE")]
    pub near: Option<String>,
    /// The radius of --near: `100km` (the default), `60mi`.
    #[arg(long, value_name = "DIST", value_parser = parse_distance_km, requires = "near")]
    pub within: Option<f64>,
    /// Only events placed inside this box: minlon,minlat,maxlon,maxlat (degrees).
    #[arg(long, value_name = "BOX", value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<newsgraph_store::query::BBox>,
    /// Only events stating an amount of at least N (money in its currency, people, things, %).
    #[arg(long, value_name = "N")]
    pub min_amount: Option<f64>,
    /// The unit of --min-amount: a currency (USD, AUD), a counted noun (troops, killed,
    /// people, vehicles), `%`, or a kind (money, count, percent).
    #[arg(long, value_name = "UNIT", requires = "min_amount")]
    pub unit: Option<String>,
}

/// The radius of `--near` when `--within` is not given, kilometres.
const DEFAULT_KM: f64 = 100.0;

/// Turns a place name into latitude and longitude, or says why it cannot.
pub type Place<'a> = dyn FnMut(&str) -> anyhow::Result<(f64, f64)> + 'a;

impl GeoArgs {
    /// The place and amount part of the store's filter.
    pub fn filter(&self, place: &mut Place<'_>) -> anyhow::Result<EventFilter> {
        let near = match &self.near {
            Some(name) => {
                let (lat, lon) = place(name)?;
                Some(Near {
                    lat,
                    lon,
                    km: self.within.unwrap_or(DEFAULT_KM),
                })
            }
            None => None,
        };
        Ok(EventFilter {
            near,
            bbox: self.bbox,
            min_amount: self.min_amount,
            unit: self.unit.clone(),
            ..Default::default()
        })
    }
}

/// The point of a place name: a place stored in `store` (where events were placed, then place
/// entities), else the gazetteer's (data/places); an error naming the place when neither
/// knows it.
pub fn place_point(
    store: &Store,
    data: &newsgraph::data::DataDir,
    name: &str,
) -> anyhow::Result<(f64, f64)> {
    if name.trim().is_empty() {
        bail!("--near needs a place name");
    }
    if let Some(p) = store.place_named(name)? {
        return Ok((p.lat, p.lon));
    }
    let places = newsgraph::stages::places::PlaceData::load(data)
        .map_err(|e| anyhow!("loading the place gazetteer: {e}"))?;
    gazetteer_place(&places, name)
        .map(|p| (p.lat, p.lon))
        .ok_or_else(|| {
            anyhow!(
                "unknown place `{name}`: no stored event or entity is placed there and the \
                 gazetteer (data/places) has no place of that name"
            )
        })
}

/// An event's place for a table: `Vilnius, LTU (city)`, `†` marking a dateline's place.
pub fn place_cell(e: &EventRow) -> String {
    let Some(l) = &e.location else {
        return String::new();
    };
    let mut s = l.name.clone();
    if let Some(c) = l.country.as_deref().filter(|c| *c != l.name) {
        s.push_str(&format!(", {c}"));
    }
    if l.precision != "city" {
        s.push_str(&format!(" ({})", l.precision));
    }
    if l.dateline {
        s.push_str(" †");
    }
    if let Some(d) = e.distance_km {
        s.push_str(&format!(" {d:.0} km"));
    }
    s
}

/// An event's amounts for a table: `250m AUD (= 167m USD); 30 vehicles`.
pub fn amounts_cell(amounts: &[AmountRow]) -> String {
    amounts
        .iter()
        .map(|a| {
            let mut s = amount_text(a);
            for c in &a.conversions {
                s.push_str(&format!(" (= {})", amount_text(c)));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn amount_text(a: &AmountRow) -> String {
    let mut s = String::new();
    if let Some(q) = &a.qualifier {
        s.push_str(q);
        s.push(' ');
    }
    s.push_str(&short_number(a.value));
    if let Some(m) = a.max {
        s.push('-');
        s.push_str(&short_number(m));
    }
    if a.unit == "%" {
        s.push('%');
    } else {
        s.push(' ');
        s.push_str(&a.unit);
    }
    s
}

/// `250000000` → `250m`, `1500000000` → `1.5bn`, `3000` → `3000`.
fn short_number(v: f64) -> String {
    let trim = |x: f64| {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if v.abs() >= 1e9 {
        format!("{}bn", trim(v / 1e9))
    } else if v.abs() >= 1e6 {
        format!("{}m", trim(v / 1e6))
    } else {
        trim(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_short_with_their_conversions() {
        let ev = newsgraph_store::query::Evidence {
            doc: "d".into(),
            start: 0,
            end: 1,
        };
        let amount = |value, unit: &str| AmountRow {
            kind: "money".into(),
            value,
            max: None,
            unit: unit.into(),
            qualifier: None,
            text: String::new(),
            conversions: Vec::new(),
            evidence: ev.clone(),
        };
        let mut aud = amount(250e6, "AUD");
        aud.qualifier = Some("almost".into());
        aud.conversions.push(amount(167e6, "USD"));
        let pct = amount(12.5, "%");
        assert_eq!(
            amounts_cell(&[aud, pct]),
            "almost 250m AUD (= 167m USD); 12.5%"
        );
        assert_eq!(short_number(1.5e9), "1.5bn");
    }
}
