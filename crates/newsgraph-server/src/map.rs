//! The map page (`/map`): located events as points on a world map, filterable by date and
//! event type; each point links to the list of its events below the map, and each event to its
//! evidence.
//!
//! The world is Natural Earth's 1:110m country outlines (public domain), converted into
//! `data/map/countries.tsv` by `scripts/convert_naturalearth.py` and compiled in, drawn in an
//! equirectangular projection (x = longitude, y = −latitude) so an event's point is simply
//! `(lon, -lat)`. No tiles, no third-party script, no network: pan and zoom are the actor
//! graph's (`assets/app.js`). A country-level point is drawn as a ring, not a dot, because it
//! marks a country's centre, not where the act happened.

use crate::error::ApiError;
use crate::state::AppState;
use crate::ui::{date_param, event_line, page, PageResult};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use maud::{html, Markup};
use newsgraph_store::query::{EventFilter, EventRow};
use serde::Deserialize;

/// The country outlines: `code<TAB>name<TAB>svg path` lines after `#` comments.
const COUNTRIES: &str = include_str!("../../../data/map/countries.tsv");

/// Located events drawn at most (the most recent first beyond that).
const MAX_EVENTS: usize = 2000;

#[derive(Deserialize, Default)]
pub(crate) struct MapParams {
    since: Option<String>,
    until: Option<String>,
    r#type: Option<String>,
}

/// One place on the map and the events placed there.
struct Spot<'a> {
    name: &'a str,
    lat: f64,
    lon: f64,
    precision: &'a str,
    events: Vec<&'a EventRow>,
}

/// Group located events by their point, in first-seen order.
fn spots(events: &[EventRow]) -> Vec<Spot<'_>> {
    let mut out: Vec<Spot<'_>> = Vec::new();
    for e in events {
        let Some(l) = &e.location else { continue };
        match out
            .iter_mut()
            .find(|s| s.lat == l.lat && s.lon == l.lon && s.name == l.name)
        {
            Some(s) => s.events.push(e),
            None => out.push(Spot {
                name: &l.name,
                lat: l.lat,
                lon: l.lon,
                precision: &l.precision,
                events: vec![e],
            }),
        }
    }
    out
}

/// The world's outlines as SVG paths.
fn world() -> Markup {
    html! {
        g.land {
            @for line in COUNTRIES.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
                @let mut cols = line.splitn(3, '\t');
                @let (code, name, d) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""), cols.next().unwrap_or(""));
                path d=(d) data-code=(code) { title { (name) } }
            }
        }
    }
}

fn map_svg(spots: &[Spot<'_>]) -> Markup {
    html! {
        svg #graph.map viewBox="-180 -90 360 180" role="img" aria-label="Map of located events" {
            (world())
            g.points {
                @for (i, s) in spots.iter().enumerate() {
                    @let r = 0.8 + (s.events.len() as f64).sqrt() * 0.6;
                    a class={"point " (s.precision)} href={"#place-" (i)} data-name=(s.name) {
                        title { (s.name) " (" (s.precision) "): " (s.events.len()) " events" }
                        circle cx=(format!("{:.3}", s.lon)) cy=(format!("{:.3}", -s.lat)) r=(format!("{r:.2}")) {}
                    }
                }
            }
        }
    }
}

pub(crate) async fn map(
    State(state): State<AppState>,
    q: Result<Query<MapParams>, QueryRejection>,
) -> PageResult {
    let p = q.ok().map(|Query(p)| p).unwrap_or_default();
    let since = date_param(p.since)?;
    let until = date_param(p.until)?;
    let etype = p.r#type.filter(|t| !t.is_empty()).map(|t| t.to_uppercase());
    let filter = EventFilter {
        etype: etype.clone(),
        since: since.clone(),
        until: until.clone(),
        // Every located event: a box holding the whole world.
        bbox: Some(newsgraph_store::query::BBox {
            min_lon: -180.0,
            min_lat: -90.0,
            max_lon: 180.0,
            max_lat: 90.0,
        }),
        ..EventFilter::default()
    };
    let (mut events, types) = state
        .read(move |store, _| {
            let types: Vec<String> = store.stats()?.events_by_type.into_keys().collect();
            Ok::<_, ApiError>((store.events(&filter)?, types))
        })
        .await?;
    if events.len() > MAX_EVENTS {
        events.drain(..events.len() - MAX_EVENTS);
    }
    let spots = spots(&events);
    let body = html! {
        h1 { "Map" }
        div.graph-box {
            form.graph-tools method="get" action="/map" {
                (crate::ui::date_type_fields(since.as_deref(), until.as_deref(), &types, etype.as_deref()))
                button #zoom-in type="button" aria-label="Zoom in" { "+" }
                button #zoom-out type="button" aria-label="Zoom out" { "−" }
                button #zoom-reset type="button" { "Reset" }
            }
            (map_svg(&spots))
            p.legend {
                (events.len()) " located events at " (spots.len()) " places. "
                "A dot is a city or a division; a ring is a country, sea or region (its centre, not where the act happened). "
                "Drag to pan, wheel to zoom, click a point for its events."
            }
        }
        @if spots.is_empty() {
            p.muted { "No located events match." }
        }
        @for (i, s) in spots.iter().enumerate() {
            section.place id={"place-" (i)} {
                h2 { (s.name) " " span.muted { (s.precision) " · " (format!("{:.2}, {:.2}", s.lat, s.lon)) } }
                ul.plain {
                    @for e in &s.events {
                        li { (event_line(e)) }
                    }
                }
            }
        }
    };
    Ok(page("Map", body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_has_outlines_for_the_countries() {
        let rows: Vec<&str> = COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        assert!(rows.len() > 150, "{} countries", rows.len());
        for code in ["LTU", "USA", "AUS", "UKR", "CHN"] {
            let row = rows
                .iter()
                .find(|r| r.starts_with(&format!("{code}\t")))
                .unwrap_or_else(|| panic!("{code} missing"));
            assert!(row.split('\t').nth(2).is_some_and(|d| d.starts_with('M')));
        }
        let svg = world().into_string();
        assert!(svg.contains("data-code=\"LTU\""));
    }
}
