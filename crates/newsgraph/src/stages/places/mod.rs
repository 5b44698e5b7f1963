//! Places: coordinates for place entities, and where each event happened.
//!
//! Reads tokens, sentences, entities, mentions and events; adds `places` (a point and its
//! precision for each LOCATION and COUNTRY entity the gazetteer knows) and `event_locations`.
//! The gazetteer is GeoNames' cities of 15,000 people or more, the US states, countries'
//! centres and hand-written seas and regions (`data/places/`, converted by
//! `scripts/convert_geonames.py`). Precision is always explicit: a country is a country, never
//! its capital's coordinates, so a map does not pretend to know more than the text says.

mod gazetteer;
mod locate;
mod resolve;

pub use gazetteer::{
    PlaceData, ADMIN1_FILE, CITIES_FILE, COUNTRIES_FILE, LOCATIVES_FILE, REGIONS_FILE,
    SITE_NOUNS_FILE,
};
pub use locate::country_of;

use crate::document::{Document, EntityPlace};
use crate::error::Result;
use crate::stage::{LayerKind, Stage};
use std::sync::Arc;

/// The place stage.
pub struct PlacesStage {
    data: Arc<PlaceData>,
}

impl PlacesStage {
    /// A stage over loaded place data.
    pub fn new(data: Arc<PlaceData>) -> PlacesStage {
        PlacesStage { data }
    }
}

impl Stage for PlacesStage {
    fn name(&self) -> &'static str {
        "places"
    }

    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Entities, LayerKind::Events]
    }

    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Places]
    }

    fn run(&self, doc: &mut Document) -> Result<()> {
        let countries = resolve::article_countries(doc);
        let places = resolve::resolve_entities(&self.data, doc, &countries)
            .into_iter()
            .map(|(entity, point)| EntityPlace { entity, point })
            .collect();
        let dateline = resolve::resolve_dateline(&self.data, doc, &countries);
        doc.places = Some(places);
        doc.event_locations = Some(locate::locate_events(&self.data, doc, dateline.as_ref()));
        Ok(())
    }
}

#[cfg(test)]
mod tests;
