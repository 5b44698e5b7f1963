//! Event locations and amounts (`newsgraph eval --places FILE`).
//!
//! A JSON Lines file of single sentences, each with where its event happened (or `null` when the
//! sentence places no act) and the amounts it states; the format is in `eval/gold/PLACES.md`.
//! Each sentence runs through the pipeline as its own document.
//!
//! - **locations**: an output event location is right when it lies within 50 km of the gold
//!   point, or, for a gold place of `country`, `region` or `sea` precision, when it has that
//!   precision and the same name or country (a country's centre is a marker, not a point to
//!   measure from). Recall counts gold sentences with a right located event; precision counts
//!   located output events that are right.
//! - **amounts**: a gold amount is found when an output amount (not a conversion) has its unit
//!   and a value within 0.5%; precision over the output amounts.

use crate::*;
use newsgraph::document::{Document, Meta, Precision};
use newsgraph::pipeline::Pipeline;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// How far a located event may lie from the gold point and still be right.
const MAX_KM: f64 = 50.0;

/// One gold sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPlaceSentence {
    /// Unique id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// Where its event happened; `None` when it places no act.
    pub location: Option<GoldLocation>,
    /// The amounts it states (conversions left out).
    #[serde(default)]
    pub amounts: Vec<GoldAmount>,
}

/// A gold location.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldLocation {
    /// The place's name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Its precision.
    pub precision: Precision,
}

/// A gold amount.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldAmount {
    /// The value in units.
    pub value: f64,
    /// ISO 4217 code, counted noun or `%`.
    pub unit: String,
}

/// Scores of event locations and amounts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlaceReport {
    /// The gold file.
    pub gold: String,
    /// Sentences scored.
    pub sentences: usize,
    /// Located events.
    pub locations: Prf,
    /// Amounts with the right value and unit.
    pub amounts: Prf,
    /// What went wrong, one line per sentence with an error.
    pub errors: Vec<String>,
}

impl fmt::Display for PlaceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({} sentences)", self.gold, self.sentences)?;
        writeln!(
            f,
            "{:<20} {:>9} {:>7} {:>7}",
            "", "precision", "recall", "F1"
        )?;
        for (name, p) in [
            ("event locations", &self.locations),
            ("amounts", &self.amounts),
        ] {
            writeln!(
                f,
                "{name:<20} {:>9.3} {:>7.3} {:>7.3}   ({}/{} gold, {}/{} output)",
                p.precision,
                p.recall,
                p.f1,
                p.correct_gold,
                p.gold,
                p.correct_predicted,
                p.predicted
            )?;
        }
        Ok(())
    }
}

/// Read a place gold file (JSON Lines; blank lines and `#` lines skipped).
pub fn load_place_sentences(path: &Path) -> Result<Vec<GoldPlaceSentence>> {
    let raw = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (n, line) in raw.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |message: String| Error::Gold {
            path: path.to_path_buf(),
            message: format!("line {}: {message}", n + 1),
        };
        let s: GoldPlaceSentence =
            serde_json::from_str(line).map_err(|e| bad(format!("not a place sentence: {e}")))?;
        if !ids.insert(s.id.clone()) {
            return Err(bad(format!("id {:?} is used twice", s.id)));
        }
        if let Some(l) = &s.location {
            if !(-90.0..=90.0).contains(&l.lat) || !(-180.0..=180.0).contains(&l.lon) {
                return Err(bad(format!("{}: coordinates out of range", l.name)));
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// Run the pipeline over each sentence and score locations and amounts.
pub fn evaluate_places(pipeline: &Pipeline, gold: &Path) -> Result<PlaceReport> {
    let sentences = load_place_sentences(gold)?;
    let mut report = PlaceReport {
        gold: gold.display().to_string(),
        ..PlaceReport::default()
    };
    for s in &sentences {
        let mut doc = newsgraph::input::from_text(s.text.clone(), Meta::default());
        pipeline.run(&mut doc)?;
        score_place_sentence(s, &doc, &mut report);
    }
    report.sentences = sentences.len();
    report.locations.finish();
    report.amounts.finish();
    Ok(report)
}

/// Great-circle distance in kilometres.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let (dla, dlo) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn right_place(gold: &GoldLocation, out: &newsgraph::document::GeoPoint) -> bool {
    match gold.precision {
        Precision::City | Precision::Admin1 => {
            km((gold.lat, gold.lon), (out.lat, out.lon)) <= MAX_KM
        }
        _ => {
            out.precision == gold.precision
                && (out.name == gold.name || km((gold.lat, gold.lon), (out.lat, out.lon)) <= MAX_KM)
        }
    }
}

/// Score one sentence's document (public for tests on hand-built documents).
pub fn score_place_sentence(s: &GoldPlaceSentence, doc: &Document, report: &mut PlaceReport) {
    let located = doc.event_locations();
    let right = located
        .iter()
        .filter(|l| {
            s.location
                .as_ref()
                .is_some_and(|g| right_place(g, &l.point))
        })
        .count();
    let gold_n = usize::from(s.location.is_some());
    report.locations.add(
        gold_n,
        located.len(),
        usize::from(right > 0).min(gold_n),
        right,
    );
    if right < located.len() || (gold_n == 1 && right == 0) {
        let got: Vec<String> = located
            .iter()
            .map(|l| format!("{} ({:?})", l.point.name, l.point.precision))
            .collect();
        report.errors.push(format!(
            "{} location: gold {:?}, output [{}]",
            s.id,
            s.location.as_ref().map(|g| &g.name),
            got.join(", ")
        ));
    }
    let amounts: Vec<_> = doc
        .amounts()
        .iter()
        .filter(|a| a.conversion_of.is_none())
        .collect();
    let matches = |g: &GoldAmount, a: &newsgraph::document::Amount| {
        a.unit == g.unit && (a.value - g.value).abs() <= g.value.abs() * 0.005
    };
    let found = s
        .amounts
        .iter()
        .filter(|g| amounts.iter().any(|a| matches(g, a)))
        .count();
    let right_out = amounts
        .iter()
        .filter(|a| s.amounts.iter().any(|g| matches(g, a)))
        .count();
    report
        .amounts
        .add(s.amounts.len(), amounts.len(), found, right_out);
    if found < s.amounts.len() || right_out < amounts.len() {
        let got: Vec<String> = amounts
            .iter()
            .map(|a| format!("{} {}", a.value, a.unit))
            .collect();
        let want: Vec<String> = s
            .amounts
            .iter()
            .map(|a| format!("{} {}", a.value, a.unit))
            .collect();
        report.errors.push(format!(
            "{} amounts: gold [{}], output [{}]",
            s.id,
            want.join(", "),
            got.join(", ")
        ));
    }
}
