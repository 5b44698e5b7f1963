//! Where, how much and in what tone: the location, amounts and tone of a global event (from
//! its mentions' `event_locations`, `amounts` and sentence tone), places looked up by name, and
//! the SQL of the place and amount filters of [`EventFilter`].

use super::*;
use crate::db::Value;

/// Mean Earth radius, kilometres (IUGG), for great-circle distances.
const EARTH_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres between two points (haversine formula).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}

impl Near {
    /// The smallest box holding the circle, so the database can discard far events before
    /// distances are computed (longitude spans the whole world near the poles).
    pub fn bbox(&self) -> BBox {
        let dlat = self.km / 111.195;
        let cos = self.lat.to_radians().cos();
        let dlon = if cos < 1e-6 { 360.0 } else { dlat / cos };
        let (min_lat, max_lat) = ((self.lat - dlat).max(-90.0), (self.lat + dlat).min(90.0));
        if dlon >= 180.0 || min_lat <= -90.0 || max_lat >= 90.0 {
            return BBox {
                min_lon: -180.0,
                max_lon: 180.0,
                min_lat,
                max_lat,
            };
        }
        let wrap = |l: f64| ((l + 540.0) % 360.0) - 180.0;
        BBox {
            min_lon: wrap(self.lon - dlon),
            max_lon: wrap(self.lon + dlon),
            min_lat,
            max_lat,
        }
    }

    /// True when the point lies within the radius.
    pub fn holds(&self, lat: f64, lon: f64) -> bool {
        haversine_km(self.lat, self.lon, lat, lon) <= self.km
    }
}

impl BBox {
    /// True when the point lies in the box.
    pub fn holds(&self, lat: f64, lon: f64) -> bool {
        let lon_ok = if self.min_lon <= self.max_lon {
            (self.min_lon..=self.max_lon).contains(&lon)
        } else {
            lon >= self.min_lon || lon <= self.max_lon
        };
        lon_ok && (self.min_lat..=self.max_lat).contains(&lat)
    }
}

/// How precise a place is, most precise first: the order in which a global event's mentions'
/// places are preferred.
fn precision_rank(p: &str) -> u8 {
    match p {
        "city" => 0,
        "admin1" => 1,
        "country" => 2,
        "sea" => 3,
        _ => 4,
    }
}

/// The `WHERE` clauses (each `AND …`) and parameters the place and amount filters add to the
/// event listing's query over `gevents g`, numbering parameters from `next`.
pub(super) fn filter_sql(filter: &EventFilter, mut next: usize) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut values = Vec::new();
    let mut p = |v: Value, values: &mut Vec<Value>| {
        values.push(v);
        next += 1;
        format!("?{}", next - 1)
    };
    for bbox in filter
        .bbox
        .iter()
        .chain(filter.near.map(|n| n.bbox()).as_ref())
    {
        let (w, s, e, n) = (
            p(Value::Real(bbox.min_lon), &mut values),
            p(Value::Real(bbox.min_lat), &mut values),
            p(Value::Real(bbox.max_lon), &mut values),
            p(Value::Real(bbox.max_lat), &mut values),
        );
        let lon = if bbox.min_lon <= bbox.max_lon {
            format!("x.lon >= {w} AND x.lon <= {e}")
        } else {
            format!("(x.lon >= {w} OR x.lon <= {e})")
        };
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM event_links l JOIN event_locations x
                 ON x.doc = l.doc AND x.event_ix = l.event_ix
               WHERE l.gevent = g.id AND x.lat >= {s} AND x.lat <= {n} AND {lon})"
        ));
    }
    if let Some(min) = filter.min_amount {
        let v = p(Value::Real(min), &mut values);
        let unit = match &filter.unit {
            Some(u) => {
                let u = p(Value::Text(u.clone()), &mut values);
                format!(" AND (upper(a.unit) = upper({u}) OR a.kind = lower({u}))")
            }
            None => String::new(),
        };
        // An amount of the event, or a conversion of one.
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM event_links l JOIN amounts a ON a.doc = l.doc
               WHERE l.gevent = g.id AND a.value >= {v}{unit}
                 AND (a.event_ix = l.event_ix OR a.conversion_of IN
                      (SELECT o.ix FROM amounts o WHERE o.doc = l.doc AND o.event_ix = l.event_ix)))"
        ));
    }
    (sql, values)
}

/// A distance as a user writes it (`100km`, `100 km`, `60mi`, `60 miles`; a bare number is
/// kilometres), in kilometres.
pub fn parse_distance_km(s: &str) -> std::result::Result<f64, String> {
    let t = s.trim().to_ascii_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a distance (write e.g. `100km` or `60mi`)"))?;
    let factor = match unit.trim() {
        "" | "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => 1.0,
        "mi" | "mile" | "miles" => 1.609_344,
        "nm" | "nmi" => 1.852,
        other => {
            return Err(format!(
                "`{s}`: unknown distance unit `{other}` (km, mi or nmi)"
            ))
        }
    };
    if !value.is_finite() || value < 0.0 {
        return Err(format!("`{s}` is not a distance"));
    }
    Ok(value * factor)
}

/// A box as `minlon,minlat,maxlon,maxlat` (GeoJSON's order), in degrees.
pub fn parse_bbox(s: &str) -> std::result::Result<BBox, String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| format!("`{s}`: a box is four numbers, minlon,minlat,maxlon,maxlat"))?;
    let [min_lon, min_lat, max_lon, max_lat] = v[..] else {
        return Err(format!(
            "`{s}`: a box is four numbers, minlon,minlat,maxlon,maxlat"
        ));
    };
    if !(-90.0..=90.0).contains(&min_lat)
        || !(-90.0..=90.0).contains(&max_lat)
        || min_lat > max_lat
        || !(-180.0..=180.0).contains(&min_lon)
        || !(-180.0..=180.0).contains(&max_lon)
    {
        return Err(format!(
            "`{s}`: latitudes run -90..90 (south first), longitudes -180..180"
        ));
    }
    Ok(BBox {
        min_lon,
        min_lat,
        max_lon,
        max_lat,
    })
}

/// Where a stored amount sits: its document, its index there, and the amount it converts.
type AmountKey = (i64, i64, Option<i64>);

/// A place the store knows by name: the stored event locations first (where events are), then
/// place entities. Case-insensitive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedPlace {
    /// The name as stored.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// city, admin1, country, region or sea.
    pub precision: String,
}

/// The gazetteer's place for a name (exact, then capitalised as a name is, `vilnius` →
/// `Vilnius`): a hand-written region or sea first, then the most populous. `None` when the
/// gazetteer does not know the name.
pub fn gazetteer_place(
    places: &newsgraph::stages::places::PlaceData,
    name: &str,
) -> Option<NamedPlace> {
    let name = name.trim();
    let titled: String = name
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| {
                    f.to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ");
    let ids = [name, titled.as_str()]
        .into_iter()
        .map(|n| places.named(n))
        .find(|ids| !ids.is_empty())?;
    let best = ids
        .iter()
        .filter_map(|&i| places.entries.get(i as usize))
        .max_by_key(|e| (e.curated, e.population, e.capital))?;
    Some(NamedPlace {
        name: best.point.name.clone(),
        lat: best.point.lat,
        lon: best.point.lon,
        precision: serde_json::to_value(best.point.precision)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    })
}

impl Store {
    /// The point of a place named `name` in the store (event locations, then place entities),
    /// the most often stored point first; `None` when the store has no place of that name.
    pub fn place_named(&self, name: &str) -> Result<Option<NamedPlace>> {
        for table in ["event_locations", "entity_places"] {
            let sql = format!(
                "SELECT name, lat, lon, precision FROM {table} WHERE lower(name) = lower(?1)
                 GROUP BY name, lat, lon, precision ORDER BY count(*) DESC, name LIMIT 1"
            );
            let found = self
                .conn
                .prepare(&sql)?
                .query_row([name], |r| {
                    Ok(NamedPlace {
                        name: r.get(0)?,
                        lat: r.get(1)?,
                        lon: r.get(2)?,
                        precision: r.get(3)?,
                    })
                })
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// The location, amounts and tone of global event `id`, from its mentions.
    pub(super) fn event_geo(
        &self,
        id: i64,
    ) -> Result<(Option<PlaceRow>, Vec<AmountRow>, Option<f64>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.name, x.lat, x.lon, x.country, x.precision, x.dateline, d.id,
                 x.span_start, x.span_end
             FROM event_links l JOIN event_locations x ON x.doc = l.doc AND x.event_ix = l.event_ix
             JOIN documents d ON d.seq = l.doc WHERE l.gevent = ?1 ORDER BY l.doc, x.ix",
        )?;
        let places: Vec<PlaceRow> = st
            .query_map([id], |r| {
                Ok(PlaceRow {
                    name: r.get(0)?,
                    lat: r.get(1)?,
                    lon: r.get(2)?,
                    country: r.get(3)?,
                    precision: r.get(4)?,
                    dateline: r.get(5)?,
                    evidence: ev(r.get(6)?, r.get(7)?, r.get(8)?),
                })
            })?
            .collect::<Result<_>>()?;
        // The sentence's own place before the dateline's, then the most precise.
        let location = places
            .into_iter()
            .min_by_key(|p| (p.dateline, precision_rank(&p.precision)));
        let tone: Option<f64> = self
            .conn
            .prepare_cached(
                "SELECT avg(s.tone) FROM event_links l
                 JOIN events e ON e.doc = l.doc AND e.ix = l.event_ix
                 JOIN sentences s ON s.doc = e.doc AND s.span_start <= e.trigger_start
                      AND s.span_end > e.trigger_start
                 WHERE l.gevent = ?1",
            )?
            .query_row([id], |r| r.get(0))?;
        Ok((location, self.event_amounts(id)?, tone))
    }

    /// The amounts of global event `id`'s mentions with their conversions; an amount stated by
    /// several mentions (same kind, value and unit) is listed once.
    fn event_amounts(&self, id: i64) -> Result<Vec<AmountRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.doc, a.ix, a.conversion_of, a.kind, a.value, a.max_value, a.unit,
                 a.qualifier, a.text, d.id, a.span_start, a.span_end
             FROM event_links l JOIN amounts a ON a.doc = l.doc
             JOIN documents d ON d.seq = l.doc
             WHERE l.gevent = ?1 AND (a.event_ix = l.event_ix OR a.conversion_of IN
                   (SELECT o.ix FROM amounts o WHERE o.doc = l.doc AND o.event_ix = l.event_ix))
             ORDER BY a.doc, a.ix",
        )?;
        let rows: Vec<(AmountKey, AmountRow)> = st
            .query_map([id], |r| {
                Ok((
                    (r.get(0)?, r.get(1)?, r.get(2)?),
                    AmountRow {
                        kind: r.get(3)?,
                        value: r.get(4)?,
                        max: r.get(5)?,
                        unit: r.get(6)?,
                        qualifier: r.get(7)?,
                        text: r.get(8)?,
                        conversions: Vec::new(),
                        evidence: ev(r.get(9)?, r.get(10)?, r.get(11)?),
                    },
                ))
            })?
            .collect::<Result<_>>()?;
        let mut out: Vec<((i64, i64), AmountRow)> = Vec::new();
        let mut conversions = Vec::new();
        for ((doc, ix, of), a) in rows {
            match of {
                Some(of) => conversions.push(((doc, of), a)),
                None => out.push(((doc, ix), a)),
            }
        }
        for (key, c) in conversions {
            if let Some((_, a)) = out.iter_mut().find(|(k, _)| *k == key) {
                a.conversions.push(c);
            }
        }
        let mut seen = HashSet::new();
        Ok(out
            .into_iter()
            .map(|(_, a)| a)
            .filter(|a| seen.insert((a.kind.clone(), a.value.to_bits(), a.unit.clone())))
            .collect())
    }

    /// Mean tone of the evidence sentences of every global event, by event id.
    pub(super) fn event_tones(&self) -> Result<HashMap<i64, f64>> {
        let mut st = self.conn.prepare(
            "SELECT l.gevent, avg(s.tone) FROM event_links l
             JOIN events e ON e.doc = l.doc AND e.ix = l.event_ix
             JOIN sentences s ON s.doc = e.doc AND s.span_start <= e.trigger_start
                  AND s.span_end > e.trigger_start
             WHERE s.tone IS NOT NULL GROUP BY l.gevent",
        )?;
        let rows = st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?)))?;
        rows.collect()
    }

    /// Keep the events of `rows` (ids with scores) that have a mention placed within `near`.
    pub(super) fn keep_near(&self, rows: Vec<(i64, f64)>, near: &Near) -> Result<Vec<(i64, f64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.lat, x.lon FROM event_links l JOIN event_locations x
               ON x.doc = l.doc AND x.event_ix = l.event_ix WHERE l.gevent = ?1",
        )?;
        let mut kept = Vec::new();
        for (id, score) in rows {
            let points: Vec<(f64, f64)> = st
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_>>()?;
            if points.iter().any(|&(lat, lon)| near.holds(lat, lon)) {
                kept.push((id, score));
            }
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_vilnius_to_warsaw_is_about_390_km() {
        // Vilnius (54.6892, 25.2798) to Warsaw (52.2297, 21.0122): 391 km by great circle.
        let d = haversine_km(54.6892, 25.2798, 52.2297, 21.0122);
        assert!((385.0..397.0).contains(&d), "{d}");
        assert_eq!(haversine_km(10.0, 20.0, 10.0, 20.0), 0.0);
    }

    #[test]
    fn distances_and_boxes_parse_with_clear_errors() {
        assert_eq!(parse_distance_km("100km"), Ok(100.0));
        assert_eq!(parse_distance_km(" 100 km "), Ok(100.0));
        assert!((parse_distance_km("10mi").unwrap() - 16.09344).abs() < 1e-9);
        assert!(parse_distance_km("far")
            .unwrap_err()
            .contains("not a distance"));
        assert!(parse_distance_km("3 parsecs")
            .unwrap_err()
            .contains("unknown"));
        let b = parse_bbox("20,50,30,60").unwrap();
        assert_eq!(
            (b.min_lon, b.min_lat, b.max_lon, b.max_lat),
            (20.0, 50.0, 30.0, 60.0)
        );
        assert!(parse_bbox("20,50,30").is_err());
        assert!(parse_bbox("20,60,30,50").is_err());
    }

    #[test]
    fn near_box_holds_the_circle_and_wraps_the_antimeridian() {
        let near = Near {
            lat: 0.0,
            lon: 179.5,
            km: 200.0,
        };
        let b = near.bbox();
        assert!(b.min_lon > b.max_lon, "{b:?}");
        assert!(b.holds(0.0, -179.5) && b.holds(0.0, 179.0) && !b.holds(0.0, 0.0));
        assert!(near.holds(0.0, -179.5) && !near.holds(0.0, 170.0));
        let polar = Near {
            lat: 89.5,
            lon: 0.0,
            km: 100.0,
        }
        .bbox();
        assert_eq!((polar.min_lon, polar.max_lon), (-180.0, 180.0));
    }
}
