//! Countries: the gazetteer's view of a country and the look-ups by code, surface and capital.

use super::*;

/// A country as the gazetteer knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (`XKX` for Kosovo).
    pub code: String,
    /// Short canonical name (`South Korea`).
    pub name: String,
    /// Official long names (`Republic of Korea`).
    pub official: Vec<String>,
    /// Other names (`Britain`).
    pub other: Vec<String>,
    /// Abbreviations (`ROK`).
    pub abbreviations: Vec<String>,
    /// Demonyms and adjectives; the first is the adjective (`South Korean`).
    pub demonyms: Vec<String>,
    /// Capitals and seats of government that are also places (`Seoul`).
    pub capitals: Vec<String>,
    /// Buildings and streets that always stand for the government (`Kremlin`).
    pub seats: Vec<String>,
}

impl Country {
    /// The adjective used in built names (`Chinese Foreign Ministry`): the first demonym, or the
    /// name when the list has none.
    pub fn adjective(&self) -> &str {
        self.demonyms
            .first()
            .map(String::as_str)
            .unwrap_or(&self.name)
    }
}

impl Gazetteer {
    /// Every country, in file order.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Every capital with its country's code (`Seoul`, `KOR`), in file order; `-` means none.
    pub fn capitals(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.countries.iter().flat_map(|c| {
            c.capitals
                .iter()
                .filter(|cap| *cap != "-")
                .map(move |cap| (cap.as_str(), c.code.as_str()))
        })
    }

    /// The country with this alpha-3 code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.by_code.get(code).map(|&i| &self.countries[i as usize])
    }

    /// The country a surface names, as a name, abbreviation or demonym, exactly as written
    /// (`Japanese` → Japan, `U.S.` → United States).
    pub fn country_for(&self, surface: &str) -> Option<&Country> {
        self.country_surfaces
            .get(surface)
            .map(|&i| &self.countries[i as usize])
    }
}
