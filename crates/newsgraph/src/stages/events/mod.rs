//! Events: who did what to whom, when — coded in PLOVER, with modality and resolved dates —
//! and the relations they state.
//!
//! Reads `tokens`, `sentences`, `entities`/`mentions` and `quotes`; writes `events` and
//! `relations`. Per sentence it finds triggers from `data/events/patterns.tsv` ([`patterns`]),
//! finds actors and recipients from the mention layer ([`args`]), decides modality
//! ([`modality`]), attaches a date from the sentence's time expressions ([`time`]), and
//! derives relations ([`relations`]).
//!
//! Choices, written down:
//! - **Actors.** A person or a government body acting for a country keeps both: the event lists
//!   the person (or body) and, after it, the country of its role (`Entity.roles[].of`, through
//!   `owner` when the role is held in a ministry) or its owner.
//! - **Events need participants.** A trigger becomes an event only with an actor and, unless its
//!   pattern says `min=1` (protests, mobilisation, missile launches), a second participant: a
//!   bare `the NATO summit` or `the war` is not an event; `the North Korea-Russia summit` is.
//! - **Things as objects.** Patterns marked `bare` (verbal acts: ACCUSE, REJECT, REQUEST,
//!   AGREE) stand with an actor alone when the object names nobody; a definite event noun as
//!   object (`rejected the protest`, `data/events/anaphors.tsv`) takes as recipient the actor of
//!   the earlier event it refers back to.
//! - **Pronoun and coordinated subjects.** `It`/`they` resolve to the organisation or country
//!   that is the subject of the same or one of the two previous sentences, `he`/`she` to the
//!   person there ([`resolve_pronoun`]); a second verb after `and` shares the first one's subject
//!   (and, for the same type, its recipient). The infinitive complement of a request or promise
//!   (`asked India to cooperate`) is not an event, and a headline before the dateline is skipped.
//! - **Dates.** Only a time expression in the event's own sentence dates it: the one nearest
//!   the trigger, preferring day-precise ones. Inheriting from earlier sentences or the
//!   dateline day guesses too often; such events keep `date: null`.
//! - **Tense.** Expected events resolve weekdays and months forward, all others backward.

pub mod args;
pub mod cameo;
pub mod modality;
pub mod patterns;
pub mod relations;
pub mod time;

use crate::data::DataDir;
use crate::document::{
    DatePrecision, Document, EntityIx, EntityType, Event, Modality, Relation, Span, TokenKind,
};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use args::{Ctx, Stop};
use patterns::{Patterns, Pos, Trigger};
use std::collections::HashMap;
use std::sync::Arc;
use time::{event_date, find_times, lower_text, Tense, TimeData, TimeMention};

mod dates;
mod extract;
mod subjects;
mod triggers;

use dates::*;
pub use extract::*;
pub use subjects::*;
use triggers::*;

/// Function-word classes file.
pub const WORDS_FILE: &str = "events/words.tsv";
/// Keyword classes file.
pub const KEYWORDS_FILE: &str = "events/keywords.tsv";
/// Title-to-relation file.
pub const RELATION_TITLES_FILE: &str = "events/relation_titles.tsv";
/// Anaphoric event nouns (`the protest`, `the sanctions`) and the event types they refer to.
pub const ANAPHORS_FILE: &str = "events/anaphors.tsv";

/// Classes of function words (see `data/events/words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Class {
    Aux,
    Adverb,
    Be,
    Neg,
    Expect,
    Hypo,
    Cond,
    Refuse,
    Report,
    Boundary,
    Relative,
    Pronoun,
    Det,
    Light,
    To,
    From,
    Inside,
    Coord,
    PronPerson,
    PronGroup,
    Future,
    QuotedFuture,
    DetailStop,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "aux" => Class::Aux,
            "adverb" => Class::Adverb,
            "be" => Class::Be,
            "neg" => Class::Neg,
            "expect" => Class::Expect,
            "hypo" => Class::Hypo,
            "cond" => Class::Cond,
            "refuse" => Class::Refuse,
            "report" => Class::Report,
            "boundary" => Class::Boundary,
            "relative" => Class::Relative,
            "pronoun" => Class::Pronoun,
            "det" => Class::Det,
            "light" => Class::Light,
            "to" => Class::To,
            "from" => Class::From,
            "inside" => Class::Inside,
            "coord" => Class::Coord,
            "pron_person" => Class::PronPerson,
            "pron_group" => Class::PronGroup,
            "future" => Class::Future,
            "quoted_future" => Class::QuotedFuture,
            "detail_stop" => Class::DetailStop,
            _ => return None,
        })
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// Everything the event stage reads from `data/events/`.
#[derive(Debug, Clone, Default)]
pub struct EventData {
    /// Trigger patterns.
    pub patterns: Patterns,
    classes: HashMap<String, u32>,
    keywords: HashMap<String, Vec<String>>,
    /// Lower-case title → relation predicate.
    pub relation_titles: HashMap<String, String>,
    /// Anaphoric event noun → the PLOVER types of the earlier event it refers to (empty: any).
    pub anaphors: HashMap<String, Vec<String>>,
    /// Capital (as written) → ISO code of its country, taken from the gazetteer
    /// ([`EventData::with_capitals`]), so that `visited Beijing` can name China when the
    /// article does.
    pub capitals: HashMap<String, String>,
    /// ISO code → the gazetteer's short country name ([`EventData::with_country_names`]), for
    /// countries the actor dictionary adds.
    pub country_names: HashMap<String, String>,
    /// The CAMEO verb and Phoenix actor dictionaries ([`cameo`]); `None` when not loaded.
    pub cameo: Option<Arc<cameo::CameoData>>,
}

impl EventData {
    /// Load the event word lists.
    pub fn load(data: &DataDir) -> Result<EventData> {
        let mut out = EventData {
            patterns: Patterns::load(data)?,
            ..EventData::default()
        };
        for row in data.tsv(WORDS_FILE)? {
            let c = Class::parse(row.get(1)).ok_or_else(|| {
                Error::resource(
                    data.path_of(WORDS_FILE),
                    row.line,
                    format!("unknown class {:?}", row.get(1)),
                )
            })?;
            *out.classes.entry(row.get(0).to_lowercase()).or_default() |= c.bit();
        }
        for row in data.tsv(KEYWORDS_FILE)? {
            out.keywords.insert(
                row.get(0).to_string(),
                row.list(1).iter().map(|s| s.to_lowercase()).collect(),
            );
        }
        for row in data.tsv(RELATION_TITLES_FILE)? {
            out.relation_titles
                .insert(row.get(0).to_lowercase(), row.get(1).to_string());
        }
        for row in data.tsv(ANAPHORS_FILE)? {
            let types: Vec<String> = row
                .list(1)
                .iter()
                .filter(|t| **t != "*")
                .map(|t| t.to_string())
                .collect();
            for form in patterns::noun_forms(&row.get(0).to_lowercase()) {
                out.anaphors.insert(form, types.clone());
            }
        }
        out.cameo = Some(Arc::new(cameo::CameoData::load(data, &mut out.patterns)?));
        for p in out.patterns.all() {
            for r in p.requires.iter().chain(p.unless.iter()) {
                if !out.keywords.contains_key(r) {
                    return Err(Error::resource(
                        data.path_of(patterns::PATTERNS_FILE),
                        0,
                        format!("pattern {:?} requires unknown class {r:?}", p.phrase),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Learn the capitals of countries (`Seoul` → `KOR`), which the gazetteer reads; the
    /// pipeline hands them over when it builds this stage.
    pub fn with_capitals<'a>(
        mut self,
        capitals: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        for (capital, code) in capitals {
            self.capitals.insert(capital.to_string(), code.to_string());
        }
        self
    }

    /// Learn the countries' short names by ISO code (`KOR` → `South Korea`), which the
    /// gazetteer reads; the pipeline hands them over when it builds this stage.
    pub fn with_country_names<'a>(
        mut self,
        names: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        for (code, name) in names {
            self.country_names
                .insert(code.to_string(), name.to_string());
        }
        self
    }

    /// The classes of `word` (lower case) as bits.
    fn class_bits(&self, word: &str) -> u32 {
        self.classes.get(word).copied().unwrap_or(0)
    }

    /// True when `word` (lower case) has class `c`.
    pub fn has(&self, word: &str, c: Class) -> bool {
        self.classes.get(word).is_some_and(|b| b & c.bit() != 0)
    }

    fn keyword(&self, class: &str, word: &str) -> bool {
        self.keywords
            .get(class)
            .is_some_and(|ws| ws.iter().any(|w| w == word))
    }
}

/// The event stage.
pub struct EventStage {
    data: Arc<EventData>,
    time: Arc<TimeData>,
}

impl EventStage {
    /// A stage over the event data and the time words of its date resolver.
    pub fn new(data: Arc<EventData>, time: Arc<TimeData>) -> EventStage {
        EventStage { data, time }
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> &[LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Entities,
            LayerKind::Quotes,
        ]
    }

    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Events, LayerKind::Relations]
    }

    fn run(&self, doc: &mut Document) -> Result<()> {
        let known = cameo::known_countries(doc, &self.data);
        let (events, relations) = extract_with(doc, &self.data, &self.time, &known);
        doc.events = Some(events);
        doc.relations = Some(relations);
        Ok(())
    }
}

/// Precision as used by the output model.
pub fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Range => "range",
    }
}

/// Modality as used by the output model.
pub fn modality_name(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Expected => "expected",
        Modality::Hypothetical => "hypothetical",
        Modality::Negated => "negated",
    }
}

#[cfg(test)]
mod tests;
