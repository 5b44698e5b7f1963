//! The place and amount parameters of `/api/events` and of the map page: `near` (a place name)
//! with `within`, `bbox`, `min_amount` with `unit`, read into the store's [`EventFilter`].

use crate::error::ApiError;
use crate::state::AppState;
use newsgraph_store::query::{gazetteer_place, parse_bbox, parse_distance_km, EventFilter, Near};
use newsgraph_store::Store;

/// The radius of `near` when `within` is not given, kilometres.
const DEFAULT_KM: f64 = 100.0;

/// A parameter's value, trimmed, when it has one.
fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The place and amount parameters as the request gave them.
#[derive(Debug, Clone, Default)]
pub(crate) struct GeoQuery {
    pub near: Option<String>,
    pub within: Option<String>,
    pub bbox: Option<String>,
    pub min_amount: Option<f64>,
    pub unit: Option<String>,
}

impl GeoQuery {
    /// The place and amount part of the filter; 400 for a bad distance or box, 404 for a
    /// place neither the store nor the gazetteer knows.
    pub fn filter(&self, store: &Store, state: &AppState) -> Result<EventFilter, ApiError> {
        let km = match nonempty(&self.within) {
            Some(w) => parse_distance_km(w).map_err(ApiError::bad_request)?,
            None => DEFAULT_KM,
        };
        let near = match nonempty(&self.near) {
            Some(name) => {
                let point = match store.place_named(name)? {
                    Some(p) => Some((p.lat, p.lon)),
                    None => state
                        .places()
                        .and_then(|g| gazetteer_place(g, name))
                        .map(|p| (p.lat, p.lon)),
                };
                let (lat, lon) = point.ok_or_else(|| {
                    ApiError::not_found(format!(
                        "unknown place `{name}`: no stored event or entity is placed there and \
                         the gazetteer has no place of that name"
                    ))
                })?;
                Some(Near { lat, lon, km })
            }
            None => None,
        };
        let bbox = nonempty(&self.bbox)
            .map(parse_bbox)
            .transpose()
            .map_err(ApiError::bad_request)?;
        if self.min_amount.is_some_and(|v| !v.is_finite()) {
            return Err(ApiError::bad_request("min_amount must be a number"));
        }
        Ok(EventFilter {
            near,
            bbox,
            min_amount: self.min_amount,
            unit: nonempty(&self.unit).map(str::to_string),
            ..Default::default()
        })
    }
}
