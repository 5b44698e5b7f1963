//! The place gazetteer: cities (GeoNames), US states, countries' centres, and the hand-written
//! seas and regions, in one table indexed by name.

use crate::data::{DataDir, TsvRow};
use crate::document::{GeoPoint, Precision};
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};

/// Cities of 15,000 people or more (GeoNames).
pub const CITIES_FILE: &str = "places/cities.tsv";
/// First-level divisions (the US states).
pub const ADMIN1_FILE: &str = "places/admin1.tsv";
/// Countries' centre points.
pub const COUNTRIES_FILE: &str = "places/countries.tsv";
/// Seas, regions, islands and sub-national regions with their centres.
pub const REGIONS_FILE: &str = "places/regions.tsv";
/// Locative phrases and the words that may stand between them and a place.
pub const LOCATIVES_FILE: &str = "places/locatives.tsv";
/// Nouns that make a preceding place the site of an act (`the Vilnius summit`).
pub const SITE_NOUNS_FILE: &str = "places/site_nouns.txt";

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct PlaceEntry {
    /// Its point.
    pub point: GeoPoint,
    /// First-level division code (`DC`, `TX`), for `City, State` context.
    pub admin1: String,
    /// Population, the prior that settles ambiguous names (for a division: its cities').
    pub population: u64,
    /// The country's capital.
    pub capital: bool,
    /// From the hand-written regions file: its name is the gazetteer's canonical name, so it
    /// wins over any city of that name.
    pub curated: bool,
}

/// Everything the place stage reads.
#[derive(Debug, Default)]
pub struct PlaceData {
    /// Every place.
    pub entries: Vec<PlaceEntry>,
    /// Name or other name → places.
    pub by_name: HashMap<String, Vec<u32>>,
    /// ISO alpha-3 → the country's entry.
    pub countries: HashMap<String, u32>,
    /// Lower-case country or division name or code → (country, division code or ""), for the
    /// `City, State` and `City, Country` context.
    pub qualifiers: HashMap<String, Vec<(String, String)>>,
    /// Locative phrases as lower-case word lists.
    pub locatives: Vec<Vec<String>>,
    /// Words that may stand between a locative and its place.
    pub skips: HashSet<String>,
    /// Nouns that make a preceding place the site of the act.
    pub site_nouns: HashSet<String>,
    /// Words that, after a comma, open another clause.
    pub clause_openers: HashSet<String>,
}

fn number(data: &DataDir, file: &str, row: &TsvRow, i: usize) -> Result<f64> {
    row.get(i).parse::<f64>().map_err(|_| {
        Error::resource(
            data.path_of(file),
            row.line,
            format!("column {} is not a number: {:?}", i + 1, row.get(i)),
        )
    })
}

fn precision(data: &DataDir, row: &TsvRow) -> Result<Precision> {
    Ok(match row.get(1) {
        "city" => Precision::City,
        "admin1" => Precision::Admin1,
        "country" => Precision::Country,
        "region" => Precision::Region,
        "sea" => Precision::Sea,
        other => {
            return Err(Error::resource(
                data.path_of(REGIONS_FILE),
                row.line,
                format!("unknown precision {other:?} (city, admin1, country, region or sea)"),
            ))
        }
    })
}

fn country(code: &str) -> Option<String> {
    (!code.is_empty()).then(|| code.to_string())
}

/// The point a row of `file` describes: its name in column `name`, latitude and longitude in
/// columns `lat` and `lat + 1`, and its ISO alpha-3 country (empty: none) in column `code`.
fn point(
    data: &DataDir,
    file: &str,
    row: &TsvRow,
    name: usize,
    lat: usize,
    code: usize,
    precision: Precision,
) -> Result<GeoPoint> {
    Ok(GeoPoint {
        name: row.get(name).to_string(),
        lat: number(data, file, row, lat)?,
        lon: number(data, file, row, lat + 1)?,
        country: country(row.get(code)),
        precision,
    })
}

impl PlaceData {
    /// Load the place files.
    pub fn load(data: &DataDir) -> Result<PlaceData> {
        let mut out = PlaceData::default();
        for row in data.tsv(REGIONS_FILE)? {
            let point = point(data, REGIONS_FILE, &row, 0, 3, 2, precision(data, &row)?)?;
            out.add(point, String::new(), 0, false, true, &[]);
        }
        for row in data.tsv(COUNTRIES_FILE)? {
            let point = point(data, COUNTRIES_FILE, &row, 1, 2, 0, Precision::Country)?;
            let pop = number(data, COUNTRIES_FILE, &row, 4)? as u64;
            let ix = out.add(point, String::new(), pop, false, false, &[]);
            out.countries.insert(row.get(0).to_string(), ix);
            out.qualify(row.get(1), row.get(0), "");
        }
        for row in data.tsv(ADMIN1_FILE)? {
            let point = point(data, ADMIN1_FILE, &row, 0, 3, 1, Precision::Admin1)?;
            let pop = number(data, ADMIN1_FILE, &row, 5)? as u64;
            out.add(point, row.get(2).to_string(), pop, false, false, &[]);
            out.qualify(row.get(0), row.get(1), row.get(2));
            out.qualify(row.get(2), row.get(1), row.get(2));
        }
        for row in data.tsv(CITIES_FILE)? {
            let point = point(data, CITIES_FILE, &row, 0, 2, 4, Precision::City)?;
            let pop = number(data, CITIES_FILE, &row, 6)? as u64;
            let other = row.list(1);
            out.add(
                point,
                row.get(5).to_string(),
                pop,
                row.get(7) == "capital",
                false,
                &other,
            );
        }
        for row in data.tsv(LOCATIVES_FILE)? {
            let words: Vec<String> = row
                .get(0)
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            match row.get(1) {
                "at" => out.locatives.push(words),
                "skip" => out.skips.extend(words),
                "clause" => out.clause_openers.extend(words),
                other => {
                    return Err(Error::resource(
                        data.path_of(LOCATIVES_FILE),
                        row.line,
                        format!("unknown role {other:?} (at, skip or clause)"),
                    ))
                }
            }
        }
        out.site_nouns = data
            .lines(SITE_NOUNS_FILE)?
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        Ok(out)
    }

    fn add(
        &mut self,
        point: GeoPoint,
        admin1: String,
        population: u64,
        capital: bool,
        curated: bool,
        other: &[&str],
    ) -> u32 {
        let ix = self.entries.len() as u32;
        for name in std::iter::once(point.name.as_str()).chain(other.iter().copied()) {
            self.by_name.entry(name.to_string()).or_default().push(ix);
        }
        self.entries.push(PlaceEntry {
            point,
            admin1,
            population,
            capital,
            curated,
        });
        ix
    }

    fn qualify(&mut self, name: &str, country: &str, admin1: &str) {
        self.qualifiers
            .entry(normalise_qualifier(name))
            .or_default()
            .push((country.to_string(), admin1.to_string()));
    }

    /// The places a name may denote.
    pub fn named(&self, name: &str) -> &[u32] {
        self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The countries and divisions a qualifier after a comma may name (`Lithuania`, `D.C.`, `Texas`).
    pub fn qualifier(&self, text: &str) -> &[(String, String)] {
        self.qualifiers
            .get(&normalise_qualifier(text))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Lower case without periods, so `D.C.` meets the division code `DC`.
pub fn normalise_qualifier(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}
