//! Event trigger patterns (`data/events/patterns.tsv`): loading, inflection and matching.
//!
//! Reads nothing of a document but its lower-cased token words. A pattern is a phrase whose
//! first word (verbs) or last word (nouns) is inflected here, so the data file lists lemmas;
//! irregular forms are listed in the file. Matching is a hash lookup on the first word followed
//! by a comparison of the rest, longest phrase first, so its cost is one lookup per token.

use crate::data::DataDir;
use crate::error::{Error, Result};
use std::collections::HashMap;

/// The event patterns file.
pub const PATTERNS_FILE: &str = "events/patterns.tsv";

/// Part of speech of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// A verb: subject acts, object receives.
    Verb,
    /// A noun naming an event (`summit`, `invasion`): participants come from the noun phrase.
    Noun,
}

/// One row of the patterns file.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The phrase as listed.
    pub phrase: String,
    /// Verb or noun.
    pub pos: Pos,
    /// PLOVER type, `None` for relation-only phrases.
    pub event_type: Option<String>,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO root.
    pub cameo: String,
    /// Cooperation–conflict score.
    pub score: f32,
    /// Relation the event states between actor and recipient.
    pub relation: Option<String>,
    /// A keyword class that must follow the trigger.
    pub requires: Option<String>,
    /// Participants needed (actors + recipients).
    pub min: usize,
    /// All participants act (`meet`, `cooperate`).
    pub sym: bool,
    /// For relational nouns, a name before the noun is the object (`U.S. ally`).
    pub mod_recipient: bool,
    /// The recipient may be the subject of a following `that` clause (`insisted that NATO ...`).
    pub clause: bool,
    /// The event stands with an actor alone when the object is a thing, not a named
    /// participant (`accused Western governments of ...`, `agreed to expand a programme`).
    pub bare: bool,
    /// A keyword class whose word right after the trigger (within 3 words) cancels it
    /// (`struck a deal`, `struck a defiant tone`).
    pub unless: Option<String>,
    /// How far `unless` looks (default 3 words).
    pub unless_within: usize,
    /// How many words after the trigger `requires` looks (default 7).
    pub within: usize,
    /// A joint act (`signed an agreement with X`, `met X`): the object acts too, and the event
    /// lists every participant as an actor.
    pub joint: bool,
    /// An obligation stated in a reported clause (`declared that China must drop barriers`):
    /// the speaker of the reporting verb acts, and the clause's subject receives.
    pub reported: bool,
}

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    /// First token (document index).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Index into [`Patterns::all`].
    pub pattern: usize,
}

/// The loaded patterns with a first-word index.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    all: Vec<Pattern>,
    /// first word form → (pattern, remaining words), longest first.
    index: HashMap<String, Vec<(usize, Vec<String>)>>,
}

fn ends_consonant_y(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'y' && !b"aeiou".contains(&b[b.len() - 2])
}

fn doubles_final(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let vowel = |c: u8| b"aeiou".contains(&c);
    let groups =
        b.windows(2).filter(|p| !vowel(p[0]) && vowel(p[1])).count() + usize::from(vowel(b[0]));
    let (x, y, z) = (b[b.len() - 3], b[b.len() - 2], b[b.len() - 1]);
    groups == 1 && !vowel(x) && vowel(y) && !vowel(z) && !b"wxy".contains(&z)
}

/// The -s, -ed and -ing forms of a regular English verb (and the verb itself).
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let third = if lemma.ends_with(['s', 'x', 'z', 'o'])
        || lemma.ends_with("sh")
        || lemma.ends_with("ch")
    {
        format!("{lemma}es")
    } else if ends_consonant_y(lemma) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    let (past, ing) = if lemma.ends_with("ee") {
        (format!("{lemma}d"), format!("{lemma}ing"))
    } else if let Some(stem) = lemma.strip_suffix('e') {
        (format!("{lemma}d"), format!("{stem}ing"))
    } else if ends_consonant_y(lemma) {
        (
            format!("{}ied", &lemma[..lemma.len() - 1]),
            format!("{lemma}ing"),
        )
    } else if doubles_final(lemma) {
        let last = &lemma[lemma.len() - 1..];
        (format!("{lemma}{last}ed"), format!("{lemma}{last}ing"))
    } else {
        (format!("{lemma}ed"), format!("{lemma}ing"))
    };
    out.extend([third, past, ing]);
    out
}

/// The plural of a regular English noun (and the noun itself).
pub fn noun_forms(noun: &str) -> Vec<String> {
    let plural = if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("sh") || noun.ends_with("ch")
    {
        format!("{noun}es")
    } else if ends_consonant_y(noun) {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    };
    vec![noun.to_string(), plural]
}

impl Patterns {
    /// Load `data/events/patterns.tsv`.
    pub fn load(data: &DataDir) -> Result<Patterns> {
        let mut p = Patterns::default();
        for row in data.tsv(PATTERNS_FILE)? {
            let bad = |m: String| Error::resource(data.path_of(PATTERNS_FILE), row.line, m);
            let opt = |i: usize| {
                let v = row.get(i);
                (!v.is_empty() && v != "-").then(|| v.to_string())
            };
            let phrase = row.get(0).to_lowercase();
            if phrase.is_empty() {
                return Err(bad("empty phrase".into()));
            }
            let (pos, inflect) = match row.get(1) {
                "v" => (Pos::Verb, 'v'),
                "n" => (Pos::Noun, 'n'),
                "x" => (Pos::Verb, 'x'),
                other => return Err(bad(format!("pos must be v, n or x, not {other:?}"))),
            };
            let pos = if inflect == 'x' && phrase.starts_with("war ") {
                Pos::Noun
            } else {
                pos
            };
            let score: f32 = row
                .get(5)
                .parse()
                .map_err(|_| bad(format!("bad score {:?}", row.get(5))))?;
            if !(-10.0..=10.0).contains(&score) {
                return Err(bad("score must be in -10..=10".into()));
            }
            let event_type = opt(2);
            let cameo = opt(4).unwrap_or_default();
            if event_type.is_some()
                && (cameo.len() != 2 || !cameo.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(bad(format!("CAMEO root must be two digits, not {cameo:?}")));
            }
            let is_event = event_type.is_some();
            // Meeting, praising, cooperating and giving need a partner to be an event
            // (`expected every member to meet the target` is not a meeting).
            let needs_partner = matches!(
                event_type.as_deref(),
                Some("CONSULT" | "SUPPORT" | "COOPERATE" | "AID")
            );
            let mut pat = Pattern {
                phrase: phrase.clone(),
                pos,
                event_type,
                mode: opt(3),
                cameo,
                score,
                relation: opt(6),
                requires: None,
                // A verb with a subject is an act even when its object names nobody
                // (`Police arrested 30 people`); a noun needs two participants.
                min: if pos == Pos::Verb && is_event && !needs_partner {
                    1
                } else {
                    2
                },
                sym: false,
                mod_recipient: false,
                clause: false,
                bare: false,
                unless: None,
                unless_within: 3,
                within: 7,
                joint: false,
                reported: false,
            };
            for o in row.list(8) {
                if o == "-" {
                    continue;
                }
                if let Some(c) = o.strip_prefix("requires=") {
                    pat.requires = Some(c.to_string());
                } else if let Some(n) = o.strip_prefix("min=") {
                    pat.min = n.parse().map_err(|_| bad(format!("bad option {o:?}")))?;
                } else if o == "sym" {
                    pat.sym = true;
                } else if o == "mod=recipient" {
                    pat.mod_recipient = true;
                } else if o == "clause" {
                    pat.clause = true;
                } else if o == "joint" {
                    pat.joint = true;
                    pat.sym = true;
                } else if o == "bare" {
                    pat.bare = true;
                } else if o == "reported" {
                    pat.reported = true;
                } else if let Some(n) = o.strip_prefix("unlesswithin=") {
                    pat.unless_within = n.parse().map_err(|_| bad(format!("bad option {o:?}")))?;
                } else if let Some(c) = o.strip_prefix("unless=") {
                    pat.unless = Some(c.to_string());
                } else if let Some(n) = o.strip_prefix("within=") {
                    pat.within = n.parse().map_err(|_| bad(format!("bad option {o:?}")))?;
                } else {
                    return Err(bad(format!("unknown option {o:?}")));
                }
            }
            let words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
            let mut phrases: Vec<Vec<String>> = Vec::new();
            match inflect {
                'v' => {
                    for f in verb_forms(&words[0]) {
                        let mut w = words.clone();
                        w[0] = f;
                        phrases.push(w);
                    }
                }
                'n' => {
                    let last = words.len() - 1;
                    for f in noun_forms(&words[last]) {
                        let mut w = words.clone();
                        w[last] = f;
                        phrases.push(w);
                    }
                }
                _ => phrases.push(words.clone()),
            }
            for extra in row.list(7) {
                if extra == "-" {
                    continue;
                }
                let mut w: Vec<String> = extra.split_whitespace().map(str::to_lowercase).collect();
                if w.len() == 1 && words.len() > 1 {
                    w.extend(words[1..].iter().cloned());
                }
                phrases.push(w);
            }
            let ix = p.all.len();
            p.all.push(pat);
            for w in phrases {
                let entry = p.index.entry(w[0].clone()).or_default();
                let rest = w[1..].to_vec();
                if !entry.iter().any(|(i, r)| *i == ix && *r == rest) {
                    entry.push((ix, rest));
                }
            }
        }
        for v in p.index.values_mut() {
            v.sort_by_key(|(_, rest)| std::cmp::Reverse(rest.len()));
        }
        Ok(p)
    }

    /// Add a pattern that no word matches by itself (the dictionary's stand-in for a CAMEO
    /// code, [`super::cameo`]); returns its index.
    pub fn push_unindexed(&mut self, p: Pattern) -> usize {
        self.all.push(p);
        self.all.len() - 1
    }

    /// Every pattern, in file order.
    pub fn all(&self) -> &[Pattern] {
        &self.all
    }

    /// The pattern at an index.
    pub fn get(&self, ix: usize) -> &Pattern {
        &self.all[ix]
    }

    /// True when `word` can start some pattern.
    pub fn starts(&self, word: &str) -> bool {
        self.index.contains_key(word)
    }

    /// Triggers over `words` (lower-cased token texts; `base` is the document index of
    /// `words[0]`). At each position the longest phrase wins; a word that is both a verb and a
    /// noun trigger yields both, and the caller picks by context.
    pub fn find(&self, words: &[&str], base: usize) -> Vec<Trigger> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut best_len = 0;
            if let Some(cands) = self.index.get(words[i]) {
                for (ix, rest) in cands {
                    let n = rest.len();
                    if i + 1 + n > words.len() {
                        continue;
                    }
                    if rest.iter().zip(&words[i + 1..]).all(|(a, b)| a == b) {
                        if n + 1 < best_len {
                            break;
                        }
                        best_len = n + 1;
                        out.push(Trigger {
                            start: base + i,
                            end: base + i + n + 1,
                            pattern: *ix,
                        });
                    }
                }
            }
            i += best_len.max(1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_regular_and_spelling_rules() {
        assert_eq!(
            verb_forms("accuse"),
            ["accuse", "accuses", "accused", "accusing"]
        );
        assert_eq!(
            verb_forms("supply"),
            ["supply", "supplies", "supplied", "supplying"]
        );
        assert_eq!(verb_forms("ban"), ["ban", "bans", "banned", "banning"]);
        assert_eq!(
            verb_forms("visit"),
            ["visit", "visits", "visited", "visiting"]
        );
        assert_eq!(
            verb_forms("agree"),
            ["agree", "agrees", "agreed", "agreeing"]
        );
        assert_eq!(verb_forms("attack")[2], "attacked");
        assert_eq!(noun_forms("sanction"), ["sanction", "sanctions"]);
        assert_eq!(noun_forms("ally"), ["ally", "allies"]);
    }

    #[test]
    fn patterns_load_and_match_longest_phrase() {
        let p = Patterns::load(&DataDir::from_env()).expect("patterns");
        let words = ["japan", "held", "talks", "and", "accused", "nato"];
        let found = p.find(&words, 10);
        let phrases: Vec<&str> = found
            .iter()
            .map(|t| p.get(t.pattern).phrase.as_str())
            .collect();
        assert!(phrases.contains(&"hold talks"), "{phrases:?}");
        assert!(phrases.contains(&"accuse"));
        let talks = found
            .iter()
            .find(|t| p.get(t.pattern).phrase == "hold talks")
            .expect("hold talks");
        assert_eq!((talks.start, talks.end), (11, 13));
        assert!(
            !phrases.contains(&"talks"),
            "inner word of a longer match: {phrases:?}"
        );
    }
}
