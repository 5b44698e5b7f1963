//! The CAMEO verb dictionary: verbs by lemma and form, their blocks' patterns, and a matcher
//! over the lemmas of a clause.

use std::collections::HashMap;

use crate::pattern::{parse_elements, singular, Element, Matcher, SlotAt, Synsets};
use crate::plover::{Plover, PloverTable};
use crate::tsv::{rows, Source};
use crate::Error;

/// A verb of a synonym block (`data/cameo/verbs.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    /// The block whose patterns apply to the verb.
    pub block: String,
    /// The verb's lemma (the verb word of a multi-word verb).
    pub lemma: String,
    /// Words of a multi-word verb right before the verb (`wire` of `wire tap`).
    pub before: Vec<String>,
    /// Words right after it (`off` of `cordon off`).
    pub after: Vec<String>,
    /// Inflected forms (without the lemma).
    pub forms: Vec<String>,
    /// CAMEO code of the verb alone; `None`: the bare verb is no event.
    pub code: Option<String>,
    /// Line in the dictionary source.
    pub line: u32,
}

/// A pattern of a verb block (`data/cameo/verb_patterns.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The block whose verbs the pattern applies to.
    pub block: String,
    /// Elements before the verb (in text order).
    pub before: Vec<Element>,
    /// Elements after the verb.
    pub after: Vec<Element>,
    /// CAMEO code; `None`: the construction is no event (PETRARCH's `---`).
    pub code: Option<String>,
    /// CAMEO code of the reversed event (target acts on source), if any.
    pub reverse: Option<String>,
    /// Line in the dictionary source.
    pub line: u32,
}

impl Pattern {
    /// How much text the pattern pins down; a longer pattern wins, as in PETRARCH.
    pub fn weight(&self) -> usize {
        self.before
            .iter()
            .chain(&self.after)
            .map(Element::weight)
            .sum()
    }
}

/// A candidate coding of a verb in a clause, from [`VerbDictionary::match_clause`].
#[derive(Debug, Clone)]
pub struct VerbMatch<'d> {
    /// The dictionary verb that matched (with its particles, if any).
    pub verb: &'d Verb,
    /// The pattern that matched; `None`: the bare verb's own code.
    pub pattern: Option<&'d Pattern>,
    /// CAMEO code; `None`: this reading is explicitly no event.
    pub code: Option<&'d str>,
    /// PLOVER of `code` (`None` also for CAMEO 01/02, which PLOVER dropped).
    pub plover: Option<&'d Plover>,
    /// CAMEO code of the reversed event, if the pattern gives one.
    pub reverse: Option<&'d str>,
    /// Pattern weight plus the verb's particles: higher is more specific.
    pub weight: usize,
    /// Where the pattern's slots fall in the `after` tokens (`before` slots index `before`).
    pub slots_after: Vec<SlotAt>,
    /// Slots in the `before` tokens.
    pub slots_before: Vec<SlotAt>,
    /// Index into `after` of the first token the pattern's post-verb part matched.
    pub after_start: Option<usize>,
}

/// The verb dictionary with its lookups.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    synsets: Synsets,
    verbs: Vec<Verb>,
    patterns: Vec<Pattern>,
    plover: PloverTable,
    by_lemma: HashMap<String, Vec<usize>>,
    lemmas_by_form: HashMap<String, Vec<String>>,
    by_block: HashMap<String, Vec<usize>>,
    /// Lemma → its candidates (bare verbs and their blocks' patterns) in the order
    /// [`VerbDictionary::match_clause`] returns them when all match.
    ranked: HashMap<String, Vec<Ranked>>,
    /// Per pattern, words one of which the clause must hold for it to match.
    anchors: Vec<Anchor>,
    /// Singular of an anchor word → its id in [`Anchor::Words`] and the bits of the synsets
    /// ([`Anchor::Synset`]) one of whose phrases it starts.
    anchor_words: HashMap<String, (u32, u64)>,
}

/// One candidate reading of a lemma: a verb entry, bare or with a pattern of its block.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    verb: u32,
    pattern: Option<u32>,
}

/// What a clause must contain for a pattern to match: some token whose singular is one of
/// some words ([`singular`], as [`crate::pattern::same_word`] compares), or the singular of
/// some phrase head of a synset. A necessary condition only, checked before the matcher.
#[derive(Debug, Clone)]
enum Anchor {
    /// Nothing checked (the pattern has only slots, or nothing).
    Any,
    /// One of these words (ids into [`VerbDictionary::anchor_words`]).
    Words(Vec<u32>),
    /// A head of the synset with this bit.
    Synset(u64),
}

/// An element's anchor before interning: word singulars or a synset name.
enum RawAnchor<'e> {
    Any,
    Words(Vec<String>),
    Synset(&'e str),
}

/// The anchor of an element that must match for its sequence to match.
fn anchor_of(e: &Element) -> RawAnchor<'_> {
    match e {
        Element::Word(w) | Element::Prep { prep: w, .. } => {
            RawAnchor::Words(w.split('/').map(|w| singular(w).into_owned()).collect())
        }
        Element::Synset(name) => RawAnchor::Synset(name),
        Element::Phrase(items) => items.first().map_or(RawAnchor::Any, anchor_of),
        Element::Slot(_) => RawAnchor::Any,
    }
}

/// The most selective anchor among a pattern's elements: a word list before a synset.
fn pattern_anchor(p: &Pattern) -> RawAnchor<'_> {
    let mut best = RawAnchor::Any;
    for e in p.before.iter().chain(&p.after) {
        best = match (anchor_of(e), best) {
            (RawAnchor::Words(a), RawAnchor::Words(b)) if b.len() <= a.len() => RawAnchor::Words(b),
            (a @ RawAnchor::Words(_), _) => a,
            (RawAnchor::Synset(a), RawAnchor::Any) => RawAnchor::Synset(a),
            (_, b) => b,
        };
    }
    best
}

/// The number of particles of `verb` when they stand next to it in the clause.
fn particles_fit(verb: &Verb, before: &[&str], after: &[&str]) -> Option<usize> {
    let (n_before, n_after) = (verb.before.len(), verb.after.len());
    let ok = before.len() >= n_before
        && after.len() >= n_after
        && verb
            .before
            .iter()
            .zip(&before[before.len() - n_before..])
            .all(|(w, t)| w == t)
        && verb.after.iter().zip(after).all(|(w, t)| w == t);
    ok.then_some(n_before + n_after)
}

fn words(s: Option<&str>) -> Vec<String> {
    s.map(|s| s.split(' ').map(str::to_string).collect())
        .unwrap_or_default()
}

fn line_of(row: &crate::tsv::Row<'_>, i: usize) -> Result<u32, Error> {
    row.cells[i]
        .parse()
        .map_err(|_| row.error(format!("line column {:?} is not a number", row.cells[i])))
}

fn code_cell(row: &crate::tsv::Row<'_>, i: usize) -> Result<Option<String>, Error> {
    match row.opt(i) {
        None => Ok(None),
        Some(c) if (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(c.to_string()))
        }
        Some(c) => Err(row.error(format!("CAMEO code {c:?} is not 2-4 digits"))),
    }
}

impl VerbDictionary {
    /// Parse the four files: `plover.tsv`, `synsets.tsv`, `verbs.tsv`, `verb_patterns.tsv`.
    pub fn parse(
        plover: Source<'_>,
        synsets: Source<'_>,
        verbs: Source<'_>,
        patterns: Source<'_>,
    ) -> Result<Self, Error> {
        let mut d = VerbDictionary {
            plover: PloverTable::parse(plover)?,
            ..Default::default()
        };
        for row in rows(synsets, 2)? {
            let phrases = row.list(1).into_iter().map(|p| words(Some(p))).collect();
            d.synsets.insert(row.cells[0].to_string(), phrases);
        }
        for row in rows(verbs, 10)? {
            let Some(lemma) = row.opt(1) else {
                return Err(row.error("verb column is empty"));
            };
            let forms: Vec<String> = row.list(4).into_iter().map(str::to_string).collect();
            if let Some(f) = forms.iter().find(|f| !f.chars().any(char::is_alphabetic)) {
                return Err(row.error(format!("verb form {f:?} has no letter")));
            }
            d.verbs.push(Verb {
                block: row.cells[0].to_string(),
                lemma: lemma.to_string(),
                before: words(row.opt(2)),
                after: words(row.opt(3)),
                forms,
                code: code_cell(&row, 5)?,
                line: line_of(&row, 9)?,
            });
        }
        for row in rows(patterns, 9)? {
            let half = |i: usize| parse_elements(row.cells[i]).map_err(|e| row.error(e));
            let (before, after) = (half(1)?, half(2)?);
            for e in before.iter().chain(&after) {
                d.check_synsets(e)
                    .map_err(|name| row.error(format!("unknown synset &{name}")))?;
            }
            d.patterns.push(Pattern {
                block: row.cells[0].to_string(),
                before,
                after,
                code: code_cell(&row, 3)?,
                reverse: code_cell(&row, 7)?,
                line: line_of(&row, 8)?,
            });
        }
        d.index();
        Ok(d)
    }

    fn check_synsets<'e>(&self, e: &'e Element) -> Result<(), &'e str> {
        match e {
            Element::Synset(name) if !self.synsets.contains_key(name) => Err(name),
            Element::Phrase(items) | Element::Prep { object: items, .. } => {
                items.iter().try_for_each(|i| self.check_synsets(i))
            }
            _ => Ok(()),
        }
    }

    fn index(&mut self) {
        for (i, v) in self.verbs.iter().enumerate() {
            self.by_lemma.entry(v.lemma.clone()).or_default().push(i);
            for f in std::iter::once(&v.lemma).chain(&v.forms) {
                let lemmas = self.lemmas_by_form.entry(f.clone()).or_default();
                if !lemmas.contains(&v.lemma) {
                    lemmas.push(v.lemma.clone());
                }
            }
        }
        for (i, p) in self.patterns.iter().enumerate() {
            self.by_block.entry(p.block.clone()).or_default().push(i);
        }
        // synsets get a bit each (the first 64 in name order; any others are not checked)
        let mut names: Vec<&String> = self.synsets.keys().collect();
        names.sort();
        let bits: HashMap<&str, u64> = names
            .iter()
            .take(64)
            .enumerate()
            .map(|(i, n)| (n.as_str(), 1u64 << i))
            .collect();
        let mut anchor_words: HashMap<String, (u32, u64)> = HashMap::new();
        for (name, phrases) in &self.synsets {
            let Some(&bit) = bits.get(name.as_str()) else {
                continue;
            };
            for head in phrases.iter().filter_map(|ph| ph.first()) {
                let next = anchor_words.len() as u32;
                anchor_words
                    .entry(singular(head).into_owned())
                    .or_insert((next, 0))
                    .1 |= bit;
            }
        }
        let mut anchors = Vec::with_capacity(self.patterns.len());
        for p in &self.patterns {
            anchors.push(match pattern_anchor(p) {
                RawAnchor::Any => Anchor::Any,
                RawAnchor::Synset(name) => {
                    bits.get(name).map_or(Anchor::Any, |&b| Anchor::Synset(b))
                }
                RawAnchor::Words(words) => Anchor::Words(
                    words
                        .into_iter()
                        .map(|w| {
                            let next = anchor_words.len() as u32;
                            anchor_words.entry(w).or_insert((next, 0)).0
                        })
                        .collect(),
                ),
            });
        }
        self.anchors = anchors;
        self.anchor_words = anchor_words;
        // the order of match_clause: entries in file order, each bare then its block's
        // patterns, sorted (stably) most specific first, then by line
        let mut ranked: HashMap<String, Vec<(Ranked, usize, u32)>> = HashMap::new();
        for (vi, v) in self.verbs.iter().enumerate() {
            let particles = v.before.len() + v.after.len();
            let list = ranked.entry(v.lemma.clone()).or_default();
            let bare = Ranked {
                verb: vi as u32,
                pattern: None,
            };
            list.push((bare, particles, v.line));
            for &pi in self.by_block.get(&v.block).into_iter().flatten() {
                let p = &self.patterns[pi];
                let r = Ranked {
                    verb: vi as u32,
                    pattern: Some(pi as u32),
                };
                list.push((r, particles + p.weight(), p.line));
            }
        }
        self.ranked = ranked
            .into_iter()
            .map(|(lemma, mut list)| {
                list.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
                (lemma, list.into_iter().map(|(r, _, _)| r).collect())
            })
            .collect();
    }

    /// All verbs.
    pub fn verbs(&self) -> &[Verb] {
        &self.verbs
    }

    /// All patterns.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The CAMEO-to-PLOVER table.
    pub fn plover_table(&self) -> &PloverTable {
        &self.plover
    }

    /// PLOVER type, mode and context of a pattern's or verb's CAMEO code.
    pub fn plover(&self, code: Option<&str>) -> Option<&Plover> {
        self.plover.plover(code?)
    }

    /// The phrases of a synonym set (each a list of words).
    pub fn synset(&self, name: &str) -> Option<&[Vec<String>]> {
        self.synsets.get(name).map(Vec::as_slice)
    }

    /// The dictionary's entries for a verb lemma (lower case); one per block it is listed in.
    pub fn verbs_for_lemma(&self, lemma: &str) -> impl Iterator<Item = &Verb> {
        self.by_lemma
            .get(lemma)
            .into_iter()
            .flatten()
            .map(|&i| &self.verbs[i])
    }

    /// Lemmas whose listed or generated forms include `form` (lower case): `brought` → `bring`.
    pub fn lemmas_of_form(&self, form: &str) -> &[String] {
        self.lemmas_by_form
            .get(form)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The patterns that apply to a verb.
    pub fn patterns_for(&self, verb: &Verb) -> impl Iterator<Item = &Pattern> {
        self.by_block
            .get(&verb.block)
            .into_iter()
            .flatten()
            .map(|&i| &self.patterns[i])
    }

    /// Code a verb in its clause from lemmas alone, before a parse exists.
    ///
    /// `before` are the lower-case lemmas of the clause before the verb (in text order),
    /// `after` those after it. Every entry of the lemma is tried: its particles must stand
    /// right next to the verb (`call` + `off`), then each pattern of its block is matched, its
    /// elements in order with gaps allowed (a prepositional object within a few words of its
    /// preposition; plurals meet singulars). The bare verb is a candidate too. Candidates come
    /// most specific first (ties in dictionary order); the first is PETRARCH's choice, and a
    /// first candidate with `code: None` means the clause is no event.
    pub fn match_clause(&self, lemma: &str, before: &[&str], after: &[&str]) -> Vec<VerbMatch<'_>> {
        let mut out = Vec::new();
        for verb in self.verbs_for_lemma(lemma) {
            let Some(particles) = particles_fit(verb, before, after) else {
                continue;
            };
            out.push(self.candidate(verb, None, particles, Vec::new(), Vec::new(), None));
            for p in self.patterns_for(verb) {
                if let Some(m) = self.try_pattern(verb, p, before, after) {
                    out.push(m);
                }
            }
        }
        out.sort_by(|a, b| {
            b.weight.cmp(&a.weight).then_with(|| {
                let line = |m: &VerbMatch<'_>| m.pattern.map_or(m.verb.line, |p| p.line);
                line(a).cmp(&line(b))
            })
        });
        out
    }

    /// The first candidate of [`VerbDictionary::match_clause`] (PETRARCH's choice), found
    /// without matching every pattern: the lemma's candidates are tried most specific first
    /// and the first that matches is the answer, and a pattern none of whose anchor words
    /// (a word or preposition it needs, or the first words of a synset it needs) is among
    /// the clause's words is skipped unmatched. Blocks hold up to 189 patterns, and matching
    /// them all for every verb-like word was most of the event stage's time.
    pub fn best_match(
        &self,
        lemma: &str,
        before: &[&str],
        after: &[&str],
    ) -> Option<VerbMatch<'_>> {
        let ranked = self.ranked.get(lemma)?;
        // the clause's anchor words and synset heads, looked up once
        let mut window: Option<(Vec<u32>, u64)> = None;
        for r in ranked {
            let verb = &self.verbs[r.verb as usize];
            let Some(particles) = particles_fit(verb, before, after) else {
                continue;
            };
            let Some(pi) = r.pattern else {
                return Some(self.candidate(verb, None, particles, Vec::new(), Vec::new(), None));
            };
            let (ids, heads) = window.get_or_insert_with(|| {
                let mut ids = Vec::new();
                let mut heads = 0;
                for t in before.iter().chain(after) {
                    if let Some(&(id, bits)) = self.anchor_words.get(singular(t).as_ref()) {
                        ids.push(id);
                        heads |= bits;
                    }
                }
                (ids, heads)
            });
            let present = match &self.anchors[pi as usize] {
                Anchor::Any => true,
                Anchor::Words(alts) => alts.iter().any(|a| ids.contains(a)),
                Anchor::Synset(bit) => *heads & bit != 0,
            };
            if !present {
                continue;
            }
            if let Some(m) = self.try_pattern(verb, &self.patterns[pi as usize], before, after) {
                return Some(m);
            }
        }
        None
    }

    /// Match one pattern of `verb`'s block around it.
    fn try_pattern<'d>(
        &'d self,
        verb: &'d Verb,
        p: &'d Pattern,
        before: &[&str],
        after: &[&str],
    ) -> Option<VerbMatch<'d>> {
        let particles = particles_fit(verb, before, after)?;
        let (n_before, n_after) = (verb.before.len(), verb.after.len());
        let (pre, post) = (&before[..before.len() - n_before], &after[n_after..]);
        let (mut sb, mut sa) = (Vec::new(), Vec::new());
        let m_pre = Matcher {
            synsets: &self.synsets,
            tokens: pre,
        };
        m_pre.seq(&p.before, 0, &mut sb)?;
        let m_post = Matcher {
            synsets: &self.synsets,
            tokens: post,
        };
        let (_, first) = m_post.seq(&p.after, 0, &mut sa)?;
        for s in &mut sa {
            s.index += n_after;
        }
        let start = (!p.after.is_empty()).then_some(first + n_after);
        Some(self.candidate(verb, Some(p), particles, sb, sa, start))
    }

    fn candidate<'d>(
        &'d self,
        verb: &'d Verb,
        pattern: Option<&'d Pattern>,
        particles: usize,
        slots_before: Vec<SlotAt>,
        slots_after: Vec<SlotAt>,
        after_start: Option<usize>,
    ) -> VerbMatch<'d> {
        let code = match pattern {
            Some(p) => p.code.as_deref(),
            None => verb.code.as_deref(),
        };
        VerbMatch {
            verb,
            pattern,
            code,
            plover: code.and_then(|c| self.plover.plover(c)),
            reverse: pattern.and_then(|p| p.reverse.as_deref()),
            weight: particles + pattern.map_or(0, Pattern::weight),
            slots_after,
            slots_before,
            after_start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::Slot;

    const PLOVER: &str = "04\tCONSULT\t-\t-\t-\n042\tCONSULT\tvisit\t-\tMake a visit\n\
        043\tCONSULT\tvisit\t-\tHost a visit\n07\tAID\t-\t-\t-\n073\tAID\t-\thumanitarian\tHumanitarian aid\n\
        16\tSANCTION\t-\t-\t-\n160\tSANCTION\t-\t-\tReduce relations\n";
    const SYNSETS: &str = "food\trice|baby formula\n";
    const VERBS: &str = "# block verb before after forms code type mode context line\n\
        send\tsend\t-\t-\tsending|sends|sent\t-\t-\t-\t-\t1\n\
        send\tship\t-\t-\tshipped|shipping|ships\t-\t-\t-\t-\t2\n\
        cancel\tcall\t-\toff\tcalled|calling|calls\t160\tSANCTION\t-\t-\t3\n\
        travel\ttravel\t-\t-\ttravelled|travels\t-\t-\t-\t-\t4\n";
    const PATTERNS: &str = "send\t-\t&food (to TARGET)\t073\tAID\t-\thumanitarian\t-\t10\n\
        send\t-\t&food\t073\tAID\t-\thumanitarian\t-\t11\n\
        send\t-\tletter\t-\t-\t-\t-\t-\t12\n\
        travel\t-\t(to TARGET)\t042\tCONSULT\tvisit\t-\t043\t13\n";

    fn dict() -> VerbDictionary {
        VerbDictionary::parse(
            Source::new("plover.tsv", PLOVER),
            Source::new("synsets.tsv", SYNSETS),
            Source::new("verbs.tsv", VERBS),
            Source::new("verb_patterns.tsv", PATTERNS),
        )
        .unwrap()
    }

    #[test]
    fn lookups_by_lemma_and_form() {
        let d = dict();
        assert_eq!(d.lemmas_of_form("sent"), ["send"]);
        assert_eq!(d.lemmas_of_form("ship"), ["ship"]);
        assert!(d.lemmas_of_form("sended").is_empty());
        let ship = d.verbs_for_lemma("ship").next().unwrap();
        assert_eq!(
            d.patterns_for(ship).count(),
            3,
            "block patterns apply to every verb of the block"
        );
        assert_eq!(d.synset("food").unwrap()[1], ["baby", "formula"]);
    }

    #[test]
    fn most_specific_pattern_first_with_its_slot() {
        let d = dict();
        let after = ["bag", "of", "rice", "to", "the", "flood", "victims"];
        let m = d.match_clause("ship", &["aid", "group"], &after);
        let best = &m[0];
        assert_eq!(best.code, Some("073"));
        assert_eq!(best.plover.unwrap().event_type, "AID");
        assert_eq!(best.pattern.unwrap().line, 10);
        assert_eq!(best.after_start, Some(2));
        assert_eq!(
            best.slots_after,
            vec![SlotAt {
                slot: Slot::Target,
                index: 4
            }]
        );
        assert_eq!(m.last().unwrap().pattern, None, "the bare verb comes last");
    }

    #[test]
    fn null_code_and_reverse_code() {
        let d = dict();
        let m = d.match_clause("send", &[], &["a", "letter"]);
        assert_eq!(
            m[0].code, None,
            "`send a letter` is no event in this dictionary"
        );
        let m = d.match_clause("travel", &[], &["to", "Ghana"]);
        assert_eq!((m[0].code, m[0].reverse), (Some("042"), Some("043")));
    }

    #[test]
    fn particles_must_be_next_to_the_verb() {
        let d = dict();
        let m = d.match_clause("call", &[], &["off", "the", "talks"]);
        assert_eq!(m[0].code, Some("160"));
        assert!(d
            .match_clause("call", &[], &["the", "talks", "off"])
            .is_empty());
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let bad = "send\t-\t&drink\t073\tAID\t-\t-\t-\t10\n";
        let err = VerbDictionary::parse(
            Source::new("plover.tsv", PLOVER),
            Source::new("synsets.tsv", SYNSETS),
            Source::new("verbs.tsv", VERBS),
            Source::new("verb_patterns.tsv", bad),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "verb_patterns.tsv:1: unknown synset &drink"
        );
        let bad = "send\t-\t(to\t073\tAID\t-\t-\t-\t10\n";
        let err = VerbDictionary::parse(
            Source::new("plover.tsv", PLOVER),
            Source::new("synsets.tsv", SYNSETS),
            Source::new("verbs.tsv", VERBS),
            Source::new("verb_patterns.tsv", bad),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("verb_patterns.tsv:1: missing"),
            "{err}"
        );
        let bad = "send\tsend\t-\t-\t-\t7x\t-\t-\t-\t1\n";
        let err = VerbDictionary::parse(
            Source::new("plover.tsv", PLOVER),
            Source::new("synsets.tsv", SYNSETS),
            Source::new("verbs.tsv", bad),
            Source::new("verb_patterns.tsv", PATTERNS),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "verbs.tsv:1: CAMEO code \"7x\" is not 2-4 digits"
        );
    }
}
