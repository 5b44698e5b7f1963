//! Gazetteer matching: countries (names, abbreviations, demonyms, metonyms), known
//! organisations, government bodies named after their country, places and titles.
//!
//! Reads [`Document::tokens`], [`Document::sentences`] and [`Document::dateline`]; appends
//! [`Candidate`]s with [`CandidateSource::Gazetteer`] to [`Document::candidates`] (other stages
//! append too; the resolver sorts and decides between overlapping proposals).
//!
//! Why it is shaped so:
//! - Every list lives in `data/gazetteer/` (see `data/README.md`) and is compiled once, in
//!   [`Gazetteer::load`], into aho-corasick automata: one case-sensitive automaton for names
//!   (so `US` matches and `us` does not, `China` matches and `china` does not), one over the
//!   same names upper-cased for all-caps sentences (`JAPAN BEAT SYRIA`), one case-insensitive
//!   automaton for titles and one for government bodies.
//! - Automata run over the raw text of each sentence (so the dateline, which lies in no
//!   sentence, is skipped) and report every overlapping match; a match counts only when it
//!   starts and ends on token boundaries (`U.S.` in `U.S.-led`, never `US` in `USB` or `Oman`
//!   in `Romania`), and of overlapping matches the leftmost-longest wins.
//! - A capital is ambiguous between its government and the place. The choice is made from the
//!   words around it (`data/gazetteer/metonym_cues.tsv`): `Beijing said`, `Beijing's ambition`,
//!   `ties with Pyongyang` give a COUNTRY metonym; `in Washington`, `Washington-based` give a
//!   LOCATION; with no cue the place reading is proposed with a lower score. Capitals joined by
//!   `and`/`,` share one decision (`between Beijing and Washington`). Seats such as `the
//!   Kremlin` are always metonyms; `Brussels` as an actor stands for the European Union.
//! - Government bodies are found from a pattern, `<demonym | country | country's | capital's>
//!   <body>` (`the Chinese foreign ministry`, `Seoul's intelligence agency`), whose canonical
//!   name is built from the country's adjective and the body's canonical form, so that
//!   `Japan's Ministry of Foreign Affairs` and `the Japanese foreign ministry` agree. The
//!   country inside is proposed as well.
//!
//! The algorithm is [`Gazetteer::propose`], a pure function of the document; [`GazetteerStage`]
//! is the glue to the pipeline.

use crate::data::{DataDir, TsvRow};
use crate::document::{
    Candidate, CandidateLabel, CandidateSource, Document, MentionForm, OrgKind, Span, Token,
    TokenKind,
};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use crate::text::{capitalise, starts_upper};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

mod bodies;
mod countries;
mod load;
mod matching;
mod metonyms;
mod titles;

pub use countries::*;
use load::*;
use matching::*;

/// Resource file: countries with their names, abbreviations, demonyms, capitals and seats.
pub const COUNTRIES_FILE: &str = "gazetteer/countries.tsv";
/// Resource file: organisations with kind, owner, abbreviations and metonyms.
pub const ORGANIZATIONS_FILE: &str = "gazetteer/organizations.tsv";
/// Resource file: regions, seas and cities that are not capitals.
pub const LOCATIONS_FILE: &str = "gazetteer/locations.tsv";
/// Resource file: titles with class and case rule.
pub const TITLES_FILE: &str = "gazetteer/titles.tsv";
/// Resource file: words that extend a title (`Deputy`, `Acting`).
pub const TITLE_PREFIXES_FILE: &str = "gazetteer/title_prefixes.tsv";
/// Resource file: government bodies named after their country (`foreign ministry`).
pub const BODIES_FILE: &str = "gazetteer/bodies.tsv";
/// Resource file: context words deciding metonym against place.
pub const METONYM_CUES_FILE: &str = "gazetteer/metonym_cues.tsv";
/// Resource file: names that are often persons or places elsewhere.
pub const AMBIGUOUS_FILE: &str = "gazetteer/ambiguous.tsv";

/// What a title is, by the class column of `titles.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleInfo {
    /// Canonical form (`Prime Minister`).
    pub canonical: String,
    /// Class (`head_of_government`, `spokesperson`, `honorific`, ...).
    pub class: String,
}

/// How the text of a title must be written for it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    Any,
    Cap,
    Name,
}

#[derive(Debug, Clone)]
struct TitleEntry {
    info: u32,
    rule: CaseRule,
}

/// What a name surface may be. One surface may carry several (`Washington`: a capital).
#[derive(Debug, Clone)]
enum Entry {
    Country { country: u16, form: MentionForm },
    Capital { country: u16, canonical: u32 },
    Seat { country: u16 },
    Org { org: u32, form: MentionForm },
    OrgMetonym { org: u32 },
    Location { loc: u32 },
}

#[derive(Debug, Clone)]
struct Org {
    canonical: String,
    kind: OrgKind,
    country: Option<String>,
}

#[derive(Debug, Clone)]
struct Place {
    canonical: String,
    country: Option<String>,
}

#[derive(Debug, Clone)]
struct Body {
    canonical: String,
    kind: OrgKind,
    words: usize,
}

#[derive(Debug, Clone)]
struct Alt {
    loc: u32,
    cues: Vec<String>,
}

/// Context cue words for the metonym/place decision, lower-cased.
#[derive(Debug, Default)]
struct Cues {
    gov_after: HashSet<String>,
    aux_after: HashSet<String>,
    place_after_aux: HashSet<String>,
    skip_after_aux: HashSet<String>,
    gov_before: HashSet<String>,
    place_before: HashSet<String>,
    place_after: HashSet<String>,
    place_owned: HashSet<String>,
    place_suffix: Vec<String>,
    /// Words before `to` that make it a destination (`travelled to Seoul`), where other words
    /// make it an addressee (`a message to Moscow`).
    motion_before_to: HashSet<String>,
}

/// Everything the gazetteer stage needs from `data/gazetteer/`, compiled into automata.
#[derive(Debug)]
pub struct Gazetteer {
    countries: Vec<Country>,
    by_code: HashMap<String, u16>,
    orgs: Vec<Org>,
    places: Vec<Place>,
    /// Entries per surface group; pattern ids map to groups through `name_group`.
    groups: Vec<Vec<Entry>>,
    /// The surface of each group (for the ambiguity lists).
    group_surface: Vec<String>,
    names: AhoCorasick,
    name_group: Vec<u32>,
    names_upper: AhoCorasick,
    upper_group: Vec<u32>,
    titles: AhoCorasick,
    title_entries: Vec<TitleEntry>,
    title_infos: Vec<TitleInfo>,
    title_by_canonical: HashMap<String, u32>,
    /// Lower-cased prefix (one or two words) -> kept in the canonical form.
    title_prefixes: HashMap<String, bool>,
    bodies: AhoCorasick,
    body_entries: Vec<Body>,
    cues: Cues,
    person_risky: HashSet<String>,
    alts: HashMap<String, Alt>,
    /// Surface -> country index, for [`Gazetteer::country_for`].
    country_surfaces: HashMap<String, u16>,
    /// Every name surface -> its group.
    group_of: HashMap<String, u32>,
}

impl Default for Gazetteer {
    fn default() -> Gazetteer {
        Gazetteer::from_parts(Parts::default()).expect("an empty gazetteer always builds")
    }
}

impl Gazetteer {
    /// The class of a canonical title (`Prime Minister` → `head_of_government`); prefixed titles
    /// (`Deputy Foreign Minister`) answer with their base title's class.
    pub fn title_info(&self, canonical: &str) -> Option<&TitleInfo> {
        let mut rest = canonical;
        loop {
            if let Some(&i) = self.title_by_canonical.get(rest) {
                return Some(&self.title_infos[i as usize]);
            }
            rest = rest.split_once([' ', '-'])?.1;
        }
    }

    /// Propose candidates for a segmented document. Pure: reads tokens, sentences and the
    /// dateline, returns the candidates in text order.
    pub fn propose(&self, doc: &Document) -> Vec<Candidate> {
        let mut out = Vec::new();
        let tokens = doc.tokens();
        if tokens.is_empty() {
            return out;
        }
        let text = crate::stages::segment::reflow::reading_text(&doc.text, doc.sentences());
        let mut cx = Cx {
            g: self,
            text: &text,
            tokens,
            raw: Vec::new(),
            lower: String::new(),
            doc_words: None,
        };
        let dateline = doc.dateline.as_ref().map(|d| d.span);
        for sent in doc.sentences() {
            let range = sent.token_range();
            if range.is_empty() {
                continue;
            }
            cx.sentence(range.start, range.end, dateline, &mut out);
        }
        out
    }
}

/// The stage: runs [`Gazetteer::propose`] and appends its candidates to the document.
pub struct GazetteerStage {
    data: Arc<Gazetteer>,
}

impl GazetteerStage {
    /// A stage over the loaded gazetteer.
    pub fn new(data: Arc<Gazetteer>) -> GazetteerStage {
        GazetteerStage { data }
    }
}

impl Stage for GazetteerStage {
    fn name(&self) -> &'static str {
        "gazetteer"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Candidates]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        let found = self.data.propose(doc);
        doc.candidates.get_or_insert_with(Vec::new).extend(found);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
