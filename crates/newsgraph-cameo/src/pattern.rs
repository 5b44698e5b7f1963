//! The pattern notation of `data/cameo/verb_patterns.tsv` and its matcher over lemmas.
//!
//! A pattern half is a space-separated list of elements: `word`, `&synset`, `{a b c}` (a noun
//! phrase, consecutive words, the last its head), `(p x ...)` (preposition `p` and the
//! elements of its object) and the slots `SOURCE`, `TARGET`, `SKIP`, `COMPOUND`. A word or
//! preposition written `a/b` matches either.

use std::collections::HashMap;

/// An actor slot a pattern names (PETRARCH's `$`, `+`, `^`, `%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The event's source actor (`$`).
    Source,
    /// The event's target actor (`+`).
    Target,
    /// Skip to the next actor (`^`).
    Skip,
    /// A compound actor (`%`).
    Compound,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A word, lower case (a noun is written as the head of its phrase).
    Word(String),
    /// Any phrase of the named synonym set.
    Synset(String),
    /// Consecutive words or synsets; the last is the head.
    Phrase(Vec<Element>),
    /// A prepositional phrase: the preposition and its object's elements (maybe none).
    Prep {
        /// The preposition, lower case.
        prep: String,
        /// Elements of the object, in order.
        object: Vec<Element>,
    },
    /// An actor slot.
    Slot(Slot),
}

impl Element {
    /// How much of the text the element pins down: words count one each, a slot nothing.
    pub fn weight(&self) -> usize {
        match self {
            Element::Word(_) | Element::Synset(_) => 1,
            Element::Phrase(items) => items.iter().map(Element::weight).sum(),
            Element::Prep { object, .. } => 1 + object.iter().map(Element::weight).sum::<usize>(),
            Element::Slot(_) => 0,
        }
    }
}

/// Parse one pattern half (`-` or empty: no elements).
pub fn parse_elements(text: &str) -> Result<Vec<Element>, String> {
    let text = text.trim();
    if text == "-" || text.is_empty() {
        return Ok(Vec::new());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let out = parse_seq(&chars, &mut pos, None)?;
    if pos != chars.len() {
        return Err(format!("unexpected {:?} in pattern {text:?}", chars[pos]));
    }
    Ok(out)
}

fn parse_seq(chars: &[char], pos: &mut usize, close: Option<char>) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    loop {
        while *pos < chars.len() && chars[*pos] == ' ' {
            *pos += 1;
        }
        if *pos >= chars.len() {
            return match close {
                Some(c) => Err(format!("missing {c:?}")),
                None => Ok(out),
            };
        }
        let c = chars[*pos];
        if Some(c) == close {
            *pos += 1;
            return Ok(out);
        }
        match c {
            '{' => {
                *pos += 1;
                let items = parse_seq(chars, pos, Some('}'))?;
                if items.is_empty()
                    || items
                        .iter()
                        .any(|e| !matches!(e, Element::Word(_) | Element::Synset(_)))
                {
                    return Err("a {phrase} holds only words and &synsets".into());
                }
                out.push(Element::Phrase(items));
            }
            '(' => {
                *pos += 1;
                let mut items = parse_seq(chars, pos, Some(')'))?.into_iter();
                let Some(Element::Word(prep)) = items.next() else {
                    return Err("a (prepositional phrase) starts with its preposition".into());
                };
                out.push(Element::Prep {
                    prep,
                    object: items.collect(),
                });
            }
            '}' | ')' => return Err(format!("unbalanced {c:?}")),
            _ => {
                let start = *pos;
                while *pos < chars.len() && !" {}()".contains(chars[*pos]) {
                    *pos += 1;
                }
                let word: String = chars[start..*pos].iter().collect();
                out.push(atom(&word));
            }
        }
    }
}

fn atom(word: &str) -> Element {
    match word {
        "SOURCE" => Element::Slot(Slot::Source),
        "TARGET" => Element::Slot(Slot::Target),
        "SKIP" => Element::Slot(Slot::Skip),
        "COMPOUND" => Element::Slot(Slot::Compound),
        w => match w.strip_prefix('&') {
            Some(name) => Element::Synset(name.to_string()),
            None => Element::Word(w.to_string()),
        },
    }
}

/// Synonym sets: name → phrases, each a list of words.
pub type Synsets = HashMap<String, Vec<Vec<String>>>;

/// Where a pattern's slot falls in the tokens it was matched against: the index of the token
/// right after the element before the slot (for `(to TARGET)`, the word after `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotAt {
    /// Which slot.
    pub slot: Slot,
    /// Token index (may equal the sequence length when the slot ends the pattern).
    pub index: usize,
}

/// How far a prepositional phrase's object may lie after the preposition, in tokens
/// (`for much-needed financial aid` reaches `aid` from `for`).
const PREP_OBJECT_REACH: usize = 4;

/// Whether a text token and a dictionary word are the same word up to a regular plural
/// (or a regular 3rd-person -s), so that a pattern's `talks` meets the lemma `talk` and
/// `&aircraft`'s `planes` meets `plane`.
pub fn same_word(token: &str, word: &str) -> bool {
    if token == word {
        return true;
    }
    // `singular` keeps a word's first byte, so most pairs differ there; the rest compare
    // without allocating (this runs for every token a pattern element is tried at)
    if token.as_bytes().first() != word.as_bytes().first() {
        return false;
    }
    let ((a, ay), (b, by)) = (singular_parts(token), singular_parts(word));
    match (ay, by) {
        (false, false) | (true, true) => a == b,
        (true, false) => b.len() == a.len() + 1 && b.starts_with(a) && b.ends_with('y'),
        (false, true) => a.len() == b.len() + 1 && a.starts_with(b) && a.ends_with('y'),
    }
}

/// The singular of a regular plural; other words unchanged.
pub fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    match singular_parts(word) {
        (stem, true) => format!("{stem}y").into(),
        (stem, false) => stem.into(),
    }
}

/// [`singular`] as a prefix of `word` and whether a `y` follows it (`cities` → `cit` + `y`).
fn singular_parts(word: &str) -> (&str, bool) {
    if word.len() > 4 && word.ends_with("ies") {
        return (&word[..word.len() - 3], true);
    }
    for suffix in ["sses", "ches", "shes", "xes"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            return (&word[..word.len() - 2], false);
        }
    }
    let keep = ["ss", "us", "is"].iter().any(|e| word.ends_with(e));
    if word.len() > 3 && word.ends_with('s') && !keep {
        return (&word[..word.len() - 1], false);
    }
    (word, false)
}

/// Matches pattern elements against a token sequence (lower-case lemmas or words).
pub struct Matcher<'a> {
    pub(crate) synsets: &'a Synsets,
    pub(crate) tokens: &'a [&'a str],
}

impl Matcher<'_> {
    /// End of `e` if it matches starting exactly at `i` (slots match nothing here).
    fn at(&self, e: &Element, i: usize) -> Option<usize> {
        let t = self.tokens;
        match e {
            // `by/with`: the dictionary writes alternatives so in 9 patterns (PETRARCH itself
            // would look for the literal word).
            // (the `/` test first: splitting every word for every token tried was a visible
            // share of the event stage)
            Element::Word(w) => (i < t.len()
                && if w.as_bytes().contains(&b'/') {
                    w.split('/').any(|w| same_word(t[i], w))
                } else {
                    same_word(t[i], w)
                })
            .then_some(i + 1),
            Element::Synset(name) => self
                .synsets
                .get(name)?
                .iter()
                .filter_map(|ph| self.words_at(ph, i))
                .max(),
            Element::Phrase(items) => items.iter().try_fold(i, |j, item| self.at(item, j)),
            Element::Prep { prep, object } => {
                if i >= t.len() || !prep.split('/').any(|p| t[i] == p) {
                    return None;
                }
                let limit = (i + 1 + PREP_OBJECT_REACH).min(t.len());
                let sub = Matcher {
                    synsets: self.synsets,
                    tokens: &t[..limit],
                };
                sub.seq(object, i + 1, &mut Vec::new()).map(|(end, _)| end)
            }
            Element::Slot(_) => Some(i),
        }
    }

    fn words_at(&self, words: &[String], i: usize) -> Option<usize> {
        let t = self.tokens;
        if i + words.len() > t.len() {
            return None;
        }
        words
            .iter()
            .zip(&t[i..])
            .all(|(w, tok)| same_word(tok, w))
            .then_some(i + words.len())
    }

    /// Match `elems` in order from `start`, each at its earliest position (gaps allowed
    /// between elements). Returns the end and pushes each slot's position to `slots`.
    pub(crate) fn seq(
        &self,
        elems: &[Element],
        start: usize,
        slots: &mut Vec<SlotAt>,
    ) -> Option<(usize, usize)> {
        let mut pos = start;
        let mut first = None;
        for e in elems {
            match e {
                Element::Slot(s) => slots.push(SlotAt {
                    slot: *s,
                    index: pos,
                }),
                Element::Prep { object, .. }
                    if object.iter().any(|o| matches!(o, Element::Slot(_))) =>
                {
                    let (i, end) =
                        (pos..self.tokens.len()).find_map(|i| self.at(e, i).map(|end| (i, end)))?;
                    let mut inner = Vec::new();
                    let sub = Matcher {
                        synsets: self.synsets,
                        tokens: self.tokens,
                    };
                    sub.seq(object, i + 1, &mut inner);
                    slots.extend(inner);
                    first.get_or_insert(i);
                    pos = end;
                }
                _ => {
                    let (i, end) =
                        (pos..self.tokens.len()).find_map(|i| self.at(e, i).map(|end| (i, end)))?;
                    first.get_or_insert(i);
                    pos = end;
                }
            }
        }
        Some((pos, first.unwrap_or(start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_word_is_equality_of_singulars() {
        let words = [
            "", "a", "s", "cities", "city", "citys", "cit", "talks", "talk", "boxes", "box",
            "classes", "class", "bus", "buses", "crisis", "ties", "tie", "aircraft", "planes",
            "plane", "plan", "marches", "march", "y", "ys", "flies", "fly", "flys", "ies", "xies",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    same_word(a, b),
                    a == b || singular(a) == singular(b),
                    "{a:?} {b:?}"
                );
            }
        }
        assert!(same_word("cities", "city") && same_word("talks", "talk"));
        assert!(!same_word("plan", "planes"));
    }

    fn w(s: &str) -> Element {
        Element::Word(s.into())
    }

    #[test]
    fn parses_the_notation() {
        let e = parse_elements("{passenger cars} (to TARGET) &food (against) SOURCE").unwrap();
        assert_eq!(
            e,
            vec![
                Element::Phrase(vec![w("passenger"), w("cars")]),
                Element::Prep {
                    prep: "to".into(),
                    object: vec![Element::Slot(Slot::Target)]
                },
                Element::Synset("food".into()),
                Element::Prep {
                    prep: "against".into(),
                    object: vec![]
                },
                Element::Slot(Slot::Source),
            ]
        );
        assert_eq!(parse_elements("-").unwrap(), vec![]);
        assert!(parse_elements("(to aid").is_err());
        assert!(parse_elements("aid)").is_err());
        assert!(parse_elements("(TARGET)").is_err());
    }

    #[test]
    fn plural_insensitive_words() {
        assert!(same_word("talk", "talks"));
        assert!(same_word("ally", "allies"));
        assert!(same_word("crisis", "crisis"));
        assert!(!same_word("bus", "bu"));
        assert!(same_word("attacks", "attack"));
    }

    #[test]
    fn matches_in_order_with_gaps_and_records_slots() {
        let mut syn = Synsets::new();
        syn.insert(
            "food".into(),
            vec![vec!["rice".into()], vec!["baby".into(), "formula".into()]],
        );
        let toks = [
            "the",
            "baby",
            "formula",
            "to",
            "the",
            "village",
            "for",
            "much-needed",
            "flood",
            "relief",
        ];
        let m = Matcher {
            synsets: &syn,
            tokens: &toks,
        };
        let pat = parse_elements("&food (to TARGET) (for relief)").unwrap();
        let mut slots = Vec::new();
        let (end, first) = m.seq(&pat, 0, &mut slots).unwrap();
        assert_eq!((first, end), (1, 10));
        assert_eq!(
            slots,
            vec![SlotAt {
                slot: Slot::Target,
                index: 4
            }]
        );
        // `to` (3) is too far from `flood` (8); `for` (6) is near enough.
        let alternatives = parse_elements("(to/for flood/storm)").unwrap();
        let first = m
            .seq(&alternatives, 0, &mut Vec::new())
            .map(|(_, first)| first);
        assert_eq!(first, Some(6));
        let miss = parse_elements("(for food)").unwrap();
        assert!(m.seq(&miss, 0, &mut Vec::new()).is_none());
        let out_of_order = parse_elements("relief &food").unwrap();
        assert!(m.seq(&out_of_order, 0, &mut Vec::new()).is_none());
    }
}
