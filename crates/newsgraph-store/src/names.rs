//! Name keys for cross-document entity resolution: pure functions from a name as written to
//! the strings that decide whether two names may be the same actor.
//!
//! Why keys rather than a similarity score: resolution must be incremental and deterministic
//! (a new document's entities are linked to the global entities already stored, and processing
//! the same documents in the same order always gives the same graph), and an exact lookup by key
//! in an index is both. Each key absorbs one kind of variation seen in news copy:
//!
//! - [`fold`]: case, diacritics and punctuation (`Brüssel` / `brussel`, `U.S.` / `us`);
//! - [`skeleton`]: transliteration noise in one word: doubled letters and `y`/`i`/`iy` endings
//!   (`Zelenskyy`, `Zelenskiy`, `Zelensky` → `zelensk`);
//! - [`person_key`]: the whole name with word boundaries removed, so hyphenation and spacing of
//!   romanised names do not matter (`Yoon Suk Yeol` / `Yoon Suk-yeol`), and the first word mapped
//!   through the given-name variants (`Chris` → `christopher`);
//! - [`title_key`]: titles compared without case and hyphens (`Secretary-General`).

use std::collections::HashMap;

/// Latin letters with diacritics and their base letter (lower case), for [`fold`].
const DIACRITICS: &[(&str, char)] = &[
    ("àáâãäåāăąǎ", 'a'),
    ("çćĉċč", 'c'),
    ("ďđ", 'd'),
    ("èéêëēĕėęěə", 'e'),
    ("ĝğġģ", 'g'),
    ("ĥħ", 'h'),
    ("ìíîïĩīĭįıǐ", 'i'),
    ("ĵ", 'j'),
    ("ķ", 'k'),
    ("ĺļľŀł", 'l'),
    ("ñńņňŉ", 'n'),
    ("òóôõöøōŏőǒ", 'o'),
    ("ŕŗř", 'r'),
    ("śŝşšș", 's'),
    ("ţťŧț", 't'),
    ("ùúûüũūŭůűųǔ", 'u'),
    ("ŵ", 'w'),
    ("ýÿŷ", 'y'),
    ("źżž", 'z'),
];

/// One character folded to lower case without diacritics (`É` → `e`); other characters are
/// lower-cased.
fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii() {
        return lower;
    }
    for (set, base) in DIACRITICS {
        if set.contains(lower) {
            return *base;
        }
    }
    lower
}

/// A name folded for comparison: lower case, no diacritics, every run of characters that are
/// not letters or digits replaced by one space, apostrophes and periods dropped (`U.S.` → `us`,
/// `O’Brien` → `obrien`), trimmed.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if matches!(c, '.' | '\'' | '’' | '‘' | 'ʼ') {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(fold_char(c));
        } else {
            space = true;
        }
    }
    out
}

/// The words of a name after [`fold`] (hyphens and spaces both separate words).
pub fn words(name: &str) -> Vec<String> {
    fold(name).split(' ').map(str::to_string).collect()
}

/// One word reduced to its transliteration skeleton: doubled letters collapsed, then a final
/// `iy`, `y` or `i` dropped when at least three letters remain (`zelenskyy` → `zelensk`).
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    let cut = if out.ends_with("iy") {
        2
    } else if out.ends_with('y') || out.ends_with('i') {
        1
    } else {
        0
    };
    if cut > 0 && out.chars().count() >= cut + 3 {
        out.truncate(out.len() - cut);
    }
    out
}

/// Given-name variants: each short form or spelling variant mapped to one canonical given name
/// (`chris` → `christopher`), all folded.
#[derive(Debug, Clone, Default)]
pub struct GivenNames {
    canonical: HashMap<String, String>,
}

impl GivenNames {
    /// Build from pairs of (canonical name, its variants).
    pub fn new<'a>(rows: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>) -> GivenNames {
        let mut canonical = HashMap::new();
        for (name, variants) in rows {
            let name = fold(name);
            for v in variants {
                canonical.insert(fold(v), name.clone());
            }
            canonical.insert(name.clone(), name);
        }
        GivenNames { canonical }
    }

    /// The canonical form of a folded given name, or the name itself.
    pub fn canonical<'a>(&'a self, word: &'a str) -> &'a str {
        self.canonical.get(word).map_or(word, String::as_str)
    }

    /// True when the folded word is a known given name.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.canonical.contains_key(word)
    }
}

/// The keys of a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonKeys {
    /// The whole name: skeletons of its words, the first word canonicalised as a given name,
    /// concatenated without separators.
    pub full: String,
    /// The skeleton of the first word (canonicalised as a given name).
    pub first: String,
    /// The skeleton of the last word.
    pub last: String,
    /// How many words the name has.
    pub words: usize,
}

/// The keys of a person's name (see [`PersonKeys`]); `None` for a name with no letters.
pub fn person_key(name: &str, given: &GivenNames) -> Option<PersonKeys> {
    let ws = words(name);
    let ws: Vec<&str> = ws
        .iter()
        .map(String::as_str)
        .filter(|w| !w.is_empty())
        .collect();
    let (first, rest) = ws.split_first()?;
    let first = skeleton(given.canonical(first));
    let mut full = first.clone();
    for w in rest {
        full.push_str(&skeleton(w));
    }
    let last = ws.last().map_or_else(String::new, |w| skeleton(w));
    Some(PersonKeys {
        full,
        first,
        last,
        words: ws.len(),
    })
}

/// The initials of a multi-word organisation name, skipping lower-case function words
/// (`North Atlantic Treaty Organization` → `nato`, `Ministry of Foreign Affairs` → `mfa`);
/// `None` for names of fewer than two capitalised words.
pub fn acronym(name: &str) -> Option<String> {
    let mut out = String::new();
    for w in name.split(|c: char| c.is_whitespace() || c == '-') {
        match w.chars().next() {
            Some(c) if c.is_uppercase() => out.push(fold_char(c)),
            _ => {}
        }
    }
    (out.chars().count() >= 2).then_some(out)
}

/// True when a name looks like an acronym: one word of 2 to 8 letters, all capitals
/// (`NATO`, `AUKUS`, `U.S.`).
pub fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=8).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && !name.contains(char::is_whitespace)
}

/// A title folded for comparison: `Secretary-General` and `secretary general` are one title.
pub fn title_key(title: &str) -> String {
    fold(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn given() -> GivenNames {
        GivenNames::new([
            ("Christopher", vec!["Chris", "Kit"]),
            ("Anthony", vec!["Antony", "Tony"]),
        ])
    }

    #[test]
    fn fold_drops_case_diacritics_and_periods() {
        assert_eq!(fold("Brüssel"), "brussel");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("  Yoon Suk-yeol "), "yoon suk yeol");
        assert_eq!(fold("O’Brien"), "obrien");
        assert_eq!(fold("EL PAÍS"), "el pais");
    }

    #[test]
    fn skeleton_merges_transliterations() {
        for n in ["Zelenskyy", "Zelenskiy", "Zelensky"] {
            assert_eq!(skeleton(&fold(n)), "zelensk", "{n}");
        }
        assert_eq!(skeleton("kim"), "kim");
        assert_eq!(skeleton("li"), "li", "short words keep their ending");
    }

    #[test]
    fn person_key_ignores_hyphenation_and_short_forms() {
        let g = given();
        let a = person_key("Yoon Suk Yeol", &g).unwrap();
        let b = person_key("Yoon Suk-yeol", &g).unwrap();
        assert_eq!(a.full, b.full);
        assert_eq!(a.first, "yon", "doubled letters collapse");
        assert_eq!(
            person_key("Chris Hipkins", &g).unwrap().full,
            person_key("Christopher Hipkins", &g).unwrap().full
        );
        assert_eq!(
            person_key("Volodymyr Zelenskyy", &g).unwrap().full,
            person_key("Volodymyr Zelenskiy", &g).unwrap().full
        );
        assert_ne!(
            person_key("Richard Marles", &g).unwrap().full,
            person_key("Robert Marles", &g).unwrap().full
        );
        assert_eq!(person_key("Robert Marles", &g).unwrap().last, "marles");
        assert_eq!(person_key("...", &g), None);
    }

    #[test]
    fn acronym_of_capitalised_words() {
        assert_eq!(
            acronym("North Atlantic Treaty Organization").as_deref(),
            Some("nato")
        );
        assert_eq!(
            acronym("Ministry of Foreign Affairs").as_deref(),
            Some("mfa")
        );
        assert_eq!(acronym("Reuters"), None);
        assert!(is_acronym("NATO") && is_acronym("U.S.") && !is_acronym("Nato"));
    }

    proptest! {
        #[test]
        fn fold_is_idempotent_and_spaced(s in "\\PC{0,40}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f.clone());
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
        }

        #[test]
        fn person_key_ignores_spacing_and_hyphens(parts in proptest::collection::vec("[A-Z][a-z]{1,8}", 2..4)) {
            let g = GivenNames::default();
            let spaced = parts.join(" ");
            let hyphened = format!("{} {}", parts[0], parts[1..].join("-"));
            prop_assert_eq!(
                person_key(&spaced, &g).map(|k| k.full),
                person_key(&hyphened, &g).map(|k| k.full)
            );
        }
    }
}
