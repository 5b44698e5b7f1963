//! The field's event-coding dictionaries as newsgraph data: PETRARCH2's CAMEO verb dictionary
//! and Phoenix actor and agent dictionaries, converted by `scripts/convert_petrarch2.py` into
//! `data/cameo/` and `data/actors/` (MIT; notice in `data/cameo/LICENSE.petrarch2`), and the
//! 2021 CAMEO-to-PLOVER table (`data/cameo/plover.tsv`).
//!
//! This crate loads those files (from text or from the data directory) and answers:
//!
//! * [`VerbDictionary`]: which verbs a form belongs to (`brought` → `bring`), which patterns
//!   apply to a verb, and [`VerbDictionary::match_clause`], a matcher over the lemmas of a
//!   clause that returns candidate CAMEO codes with their PLOVER type, mode and context, most
//!   specific first, and where the pattern puts the source and target.
//! * [`ActorDictionary`]: longest-match lookup of actor names in a token sequence (one
//!   Aho-Corasick automaton over some 34,000 distinct names of 27,000 actors), each actor with dated roles
//!   ([`Actor::role_at`] picks the role valid on the article's date), and agent nouns.
//!
//! # Files and notation
//!
//! All files are tab-separated with `#` comment lines (each file's header documents its
//! columns), `-` for an empty cell and `|` between list items; `data/README.md` has the
//! overview. PETRARCH's notation is translated as follows.
//!
//! **Verbs** (`verbs.tsv`): PETRARCH's synonym blocks (`--- NAME [CODE] ---`) become a `block`
//! column; each verb row has its lemma, the particles of a multi-word verb before and after
//! it (PETRARCH's `WIRE_+TAP`, `+CORDON_OFF`), its inflected forms (the listed `{...}` forms,
//! else PETRARCH's regular -s/-ed/-ing), and its own code or the block's. A pattern
//! (`verb_patterns.tsv`) applies to every verb of its block.
//!
//! **Patterns**: PETRARCH writes `- PRE * POST [CODE]`; here `before` and `after` hold the
//! elements on either side of the verb:
//!
//! | PETRARCH | newsgraph | meaning |
//! |---|---|---|
//! | `AID` | `aid` | a word (a noun is the head of its phrase) |
//! | `&FOOD` | `&food` | any phrase of synset `food` (`synsets.tsv`, kept as a referenced set) |
//! | `{FINANCIAL AID}`, `AIR_STRIKE` | `{financial aid}`, `{air strike}` | consecutive words, last is head |
//! | `(FOR AID)` | `(for aid)` | preposition and the elements of its object |
//! | `$` `+` `^` `%` | `SOURCE` `TARGET` `SKIP` `COMPOUND` | actor slots |
//! | `[042:043]` | code `042`, reverse `043` | the event as coded, and with source and target swapped |
//! | `[---]` | code `-` | the construction is no event |
//! | `(BY/WITH &WEAPON)` | `(by/with &weapon)` | kept; the matcher reads `a/b` as either word (PETRARCH would not) |
//!
//! Synsets are kept as sets (`&name`) rather than expanded into patterns: 849 of the
//! patterns refer to one of the 40 sets, and expanding them would multiply those rows; the
//! matcher expands them as it goes. PETRARCH's regular plurals of synset nouns are listed in
//! the set.
//!
//! **Actors** (`countries.tsv`, `persons.tsv`, `organizations.tsv`, one schema): a row per
//! dictionary record with its name variants (PETRARCH's `+` synonyms), and roles
//! `CODE@FROM..TO` from PETRARCH's date restrictions (`[USAGOV 930120-010120]` →
//! `USAGOV@1993-01-20..2001-01-20`; `<date` and `>date` leave one end open; a role without
//! dates is the default), with each role's country as ISO 3166-1 alpha-3
//! (`data/actors/country_codes.tsv` translates CAMEO's other codes). A code is a country (3
//! letters) followed by 3-letter sector codes; [`Role::sectors`] splits them.
//!
//! **Agents** (`agents.tsv`): PETRARCH's `MINISTER [~GOV]` becomes phrase `minister`,
//! plurals, sector `GOV` and attach `after` (`NGO~`: `before`).
//!
//! # Case
//!
//! PETRARCH upper-cases its input, so names match in any case. On running text that finds
//! `us` and `turkey`; [`CaseRule::SomeCapital`] (the default) asks that some word of the
//! match be capitalised. Names match whole words unless stems are switched on.

mod actors;
mod pattern;
mod phrases;
mod plover;
mod tsv;
mod verbs;

use std::path::{Path, PathBuf};

pub use actors::{
    Actor, ActorDictionary, ActorKind, ActorMatch, Agent, AgentMatch, CaseRule, Date, Role,
};
pub use pattern::{parse_elements, same_word, singular, Element, Slot, SlotAt};
pub use phrases::normalise;
pub use plover::{Plover, PloverTable};
pub use tsv::Source;
pub use verbs::{Pattern, Verb, VerbDictionary, VerbMatch};

/// Errors loading the dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row is malformed.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file, as named by its [`Source`].
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The name index could not be built.
    #[error("building the name index: {0}")]
    Index(String),
}

/// The verb and actor dictionaries together.
#[derive(Debug)]
pub struct Dictionaries {
    /// CAMEO verbs and patterns with PLOVER.
    pub verbs: VerbDictionary,
    /// Phoenix actors and agents.
    pub actors: ActorDictionary,
}

/// The files, relative to the data directory.
pub const VERB_FILES: [&str; 4] = [
    "cameo/plover.tsv",
    "cameo/synsets.tsv",
    "cameo/verbs.tsv",
    "cameo/verb_patterns.tsv",
];
/// The actor files (one schema), relative to the data directory.
pub const ACTOR_FILES: [&str; 3] = [
    "actors/countries.tsv",
    "actors/persons.tsv",
    "actors/organizations.tsv",
];
/// The agent file, relative to the data directory.
pub const AGENT_FILE: &str = "actors/agents.tsv";

fn read(dir: &Path, rel: &str) -> Result<(String, String), Error> {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok((path.display().to_string(), text))
}

impl Dictionaries {
    /// Load every file from a data directory (the repository's `data/`). `stems`: see
    /// [`ActorDictionary::parse`].
    pub fn load(data_dir: &Path, stems: bool) -> Result<Self, Error> {
        Ok(Dictionaries {
            verbs: VerbDictionary::load(data_dir)?,
            actors: ActorDictionary::load(data_dir, stems)?,
        })
    }
}

impl VerbDictionary {
    /// Load [`VERB_FILES`] from a data directory.
    pub fn load(data_dir: &Path) -> Result<Self, Error> {
        let f = VERB_FILES.map(|rel| read(data_dir, rel));
        let [p, s, v, pa] = f;
        let (p, s, v, pa) = (p?, s?, v?, pa?);
        VerbDictionary::parse(
            Source::new(&p.0, &p.1),
            Source::new(&s.0, &s.1),
            Source::new(&v.0, &v.1),
            Source::new(&pa.0, &pa.1),
        )
    }
}

impl ActorDictionary {
    /// Load [`ACTOR_FILES`] and [`AGENT_FILE`] from a data directory.
    pub fn load(data_dir: &Path, stems: bool) -> Result<Self, Error> {
        let files = ACTOR_FILES
            .iter()
            .map(|rel| read(data_dir, rel))
            .collect::<Result<Vec<_>, _>>()?;
        let sources: Vec<Source<'_>> = files.iter().map(|(n, t)| Source::new(n, t)).collect();
        let agents = read(data_dir, AGENT_FILE)?;
        ActorDictionary::parse(&sources, Source::new(&agents.0, &agents.1), stems)
    }
}
