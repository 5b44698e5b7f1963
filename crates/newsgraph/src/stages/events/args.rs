//! Finding who acts and who receives: subject, object, passive agent and noun-phrase
//! participants of a trigger, as entity indices, from the mention layer.
//!
//! Reads tokens, mentions and the word classes of `data/events/words.tsv`. There is no parser:
//! the rules walk tokens outward from the trigger, skipping auxiliaries, adverbs, time
//! expressions and parenthetical segments (`Lin Jian, a spokesman for ..., accused`), collecting
//! one group of coordinated mentions (`Japan, South Korea, Australia and New Zealand`), and
//! stopping at clause boundaries and speech verbs. Shallow, but fast and predictable.

use super::{Class, EventData};
use crate::document::{Document, EntityIx, TokenKind};

/// Per-document token facts the argument rules read.
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a Document,
    /// ASCII-lower-cased text.
    pub lower: &'a str,
    /// Word lists.
    pub data: &'a EventData,
    /// For each token, the longest mention starting there: (first token, end token, entity).
    pub ment_start: Vec<Option<(usize, usize, EntityIx)>>,
    /// For each token, the longest mention ending there.
    pub ment_end: Vec<Option<(usize, usize, EntityIx)>>,
    /// Tokens inside a time expression.
    pub in_time: Vec<bool>,
    /// Tokens that start a verb trigger.
    pub verb_trigger: Vec<bool>,
    /// Tokens inside a title proposed by the gazetteer (`spokesperson`, `Prime Minister`).
    pub in_title: Vec<bool>,
    /// Each token's word classes as bits ([`Class`]), looked up once: the rules ask about
    /// classes many times per token, and a hash lookup each time was a visible share of the
    /// stage.
    classes: Vec<u32>,
}

/// What stopped a leftward subject search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Start of the sentence or window.
    Start,
    /// A coordinating `and`/`but`/`or` before any subject: a second verb phrase.
    Coordination,
    /// Anything else.
    Other,
}

/// The result of a leftward subject search.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// Entities of the subject, in text order.
    pub entities: Vec<EntityIx>,
    /// Tokens skipped between the subject and the trigger (auxiliaries, adverbs, negation).
    pub chain: Vec<usize>,
    /// First token of the subject, when found.
    pub first: Option<usize>,
    /// What stopped the search, when no subject was found.
    pub stop: Option<Stop>,
    /// The pronoun that is the subject (`It accused Manila`), when the search stopped at one;
    /// the caller resolves it ([`super::resolve_pronoun`]).
    pub pronoun: Option<usize>,
}

/// The keyword class (`data/events/keywords.tsv`) of the words of an amount (`million`,
/// `dollars`, `almost`) that may stand inside an event noun's phrase.
pub const AMOUNT_CLASS: &str = "amount";
/// The keyword class of prepositions that open a time expression (`on Thursday`).
pub const TIME_PREP_CLASS: &str = "timeprep";

/// True when the token at `end` is a currency sign written against the mention that ends
/// before it (`AU$250`, `US$167`): the letters are the currency's, not a participant.
fn currency_prefix(doc: &Document, end: usize) -> bool {
    let tokens = doc.tokens();
    let (Some(prev), Some(next)) = (
        end.checked_sub(1).and_then(|p| tokens.get(p)),
        tokens.get(end),
    ) else {
        return false;
    };
    prev.span.end() == next.span.start()
        && matches!(
            &doc.text[next.span.start()..next.span.end()],
            "$" | "€" | "£"
        )
}

impl<'a> Ctx<'a> {
    /// Build the per-token tables for `doc`.
    pub fn new(doc: &'a Document, lower: &'a str, data: &'a EventData) -> Ctx<'a> {
        let n = doc.tokens().len();
        let mut ment_start: Vec<Option<(usize, usize, EntityIx)>> = vec![None; n];
        let mut ment_end: Vec<Option<(usize, usize, EntityIx)>> = vec![None; n];
        for m in doc.mentions() {
            let r = doc.tokens_in(m.span);
            if r.is_empty() || currency_prefix(doc, r.end) {
                continue;
            }
            let item = (r.start, r.end, m.entity);
            let longer = |old: &Option<(usize, usize, EntityIx)>| {
                old.is_none_or(|(a, b, _)| b - a < r.end - r.start)
            };
            if longer(&ment_start[r.start]) {
                ment_start[r.start] = Some(item);
            }
            if longer(&ment_end[r.end - 1]) {
                ment_end[r.end - 1] = Some(item);
            }
        }
        let mut in_title = vec![false; n];
        for c in doc.candidates() {
            if matches!(c.label, crate::document::CandidateLabel::Title { .. }) {
                for i in doc.tokens_in(c.span) {
                    in_title[i] = true;
                }
            }
        }
        let classes = doc
            .tokens()
            .iter()
            .map(|t| data.class_bits(&lower[t.span.start()..t.span.end()]))
            .collect();
        Ctx {
            doc,
            lower,
            data,
            ment_start,
            ment_end,
            in_time: vec![false; n],
            verb_trigger: vec![false; n],
            in_title,
            classes,
        }
    }

    /// The lower-cased text of token `i`.
    pub fn word(&self, i: usize) -> &'a str {
        let s = self.doc.tokens()[i].span;
        &self.lower[s.start()..s.end()]
    }

    /// True when token `i` has word class `c`.
    pub fn is(&self, i: usize, c: Class) -> bool {
        self.classes.get(i).is_some_and(|b| b & c.bit() != 0)
    }

    /// The kind of token `i`.
    pub fn kind(&self, i: usize) -> TokenKind {
        self.doc.tokens()[i].kind
    }

    fn is_possessive(&self, i: usize) -> bool {
        matches!(self.word(i), "'s" | "’s" | "'" | "’")
    }

    /// True for an adverb of the word list, or a lower-case `-ly` word that is not a name
    /// (`flatly`, `formally`; not `supply`) between a subject and its verb.
    fn adverb_like(&self, i: usize) -> bool {
        if self.is(i, Class::Adverb) {
            return true;
        }
        let w = self.word(i);
        w.len() > 4
            && w.ends_with("ly")
            && !w.ends_with("ply")
            && self.kind(i) == TokenKind::Word
            && !self.capitalised(i)
            && self.ment_end[i].is_none()
    }

    fn capitalised(&self, i: usize) -> bool {
        let s = self.doc.tokens()[i].span;
        crate::text::starts_upper(&self.doc.text[s.start()..])
    }

    /// Collect the mention group ending at token `end` (inclusive) going left: mentions joined
    /// by commas, `and`, `or` and hyphens. Returns the entities and the group's first token.
    fn group_left(&self, end: usize, lo: usize) -> Option<(Vec<EntityIx>, usize)> {
        let (a, _, e) = self.ment_end[end]?;
        let mut ents = vec![e];
        let mut first = a;
        let mut i = a;
        while i > lo {
            // one or two joining tokens (`,` / `and` / `, and`), maybe `the`, then a mention
            let mut j = i - 1;
            if j > lo && self.word(j) == "the" {
                j -= 1;
            }
            if !self.is(j, Class::Coord) {
                break;
            }
            if j > lo && self.word(j) == "and" && self.word(j - 1) == "," {
                j -= 1;
            }
            if j == lo {
                break;
            }
            match self.ment_end[j - 1] {
                Some((a2, _, e2)) if a2 >= lo => {
                    ents.push(e2);
                    first = a2;
                    i = a2;
                }
                _ => break,
            }
        }
        ents.reverse();
        Some((ents, first))
    }

    /// Collect the mention group starting at token `start` going right. Titles between a
    /// demonym and a name stay in the group (`Ukrainian President Volodymyr Zelenskyy`).
    pub fn group_right(&self, start: usize, hi: usize) -> Option<(Vec<EntityIx>, usize)> {
        let (_, b, e) = self.ment_start[start]?;
        let mut ents = vec![e];
        let mut i = b;
        loop {
            if i >= hi {
                break;
            }
            // Demonym + title + name.
            let mut k = i;
            while k < hi
                && k < i + 3
                && self.ment_start[k].is_none()
                && (self.capitalised(k) || self.in_title[k])
            {
                k += 1;
            }
            if k > i && k < hi {
                if let Some((_, b2, e2)) = self.ment_start[k] {
                    ents.push(e2);
                    i = b2;
                    continue;
                }
            }
            if !self.is(i, Class::Coord) || self.is_possessive(i) {
                break;
            }
            let mut j = i + 1;
            if j < hi && self.word(i) == "," && self.word(j) == "and" {
                j += 1;
            }
            // `China, the United Arab Emirates and Turkey`: `the` only inside a list that goes on
            if j + 1 < hi && self.word(j) == "the" {
                let continues = self.ment_start[j + 1]
                    .is_some_and(|(_, b, _)| b < hi && matches!(self.word(b), "," | "and" | "or"));
                if !continues && self.word(i) == "," {
                    break;
                }
                j += 1;
            }
            match self.ment_start.get(j).copied().flatten() {
                Some((_, b2, e2)) if j < hi && b2 <= hi => {
                    ents.push(e2);
                    i = b2;
                }
                _ => break,
            }
        }
        Some((ents, i))
    }

    /// The comma opening a parenthetical segment `, ... ,` that ends with the comma at `j`,
    /// when the segment opens like one (a determiner, relative, adverb, speech word, name or
    /// `who`).
    fn parenthetical_before(&self, j: usize, lo: usize) -> Option<usize> {
        let p = (lo..j).rev().find(|&k| self.word(k) == ",")?;
        let first = p + 1;
        if first >= j {
            return None;
        }
        let opens = self.is(first, Class::Det)
            || self.is(first, Class::Relative)
            || self.is(first, Class::Adverb)
            || self.is(first, Class::Boundary)
            || self.is(first, Class::Report)
            || self.capitalised(first)
            || self.ment_start[first].is_some()
            || self.word(first) == "who";
        opens.then_some(p)
    }

    /// The subject of the verb trigger starting at token `t`, searched leftward down to `lo`.
    pub fn subject(&self, t: usize, lo: usize) -> Subject {
        let mut out = Subject::default();
        let mut i = t;
        let mut words = 0;
        // Phase 1: skip auxiliaries, adverbs, negation, time, parentheticals.
        while i > lo {
            let j = i - 1;
            if self.in_time[j] || self.kind(j) == TokenKind::Quote {
                i = j;
                continue;
            }
            if self.ment_end[j].is_some() {
                break;
            }
            let w = self.word(j);
            // `Serbia on Thursday rejected`: the preposition of a time is part of it
            if j + 1 < i && self.in_time[j + 1] && self.data.keyword(TIME_PREP_CLASS, w) {
                i = j;
                continue;
            }
            if self.is(j, Class::Aux) || self.adverb_like(j) || self.is(j, Class::Neg) {
                out.chain.push(j);
                i = j;
                continue;
            }
            if w == "," {
                // A parenthetical segment `, ... ,` before the verb is skipped whole.
                if let Some(p) = self.parenthetical_before(j, lo) {
                    i = p;
                    continue;
                }
                out.stop = Some(Stop::Other);
                return out;
            }
            if self.is(j, Class::Relative) {
                // `China, which ... opposes`: the antecedent before the comma.
                let mut k = j;
                if k > lo && self.word(k - 1) == "," {
                    k -= 1;
                }
                if k > lo {
                    if let Some((ents, first)) = self.group_left(k - 1, lo) {
                        out.entities = ents;
                        out.first = Some(first);
                        return out;
                    }
                }
                out.stop = Some(Stop::Other);
                return out;
            }
            if matches!(w, "and" | "but" | "or") {
                out.stop = Some(Stop::Coordination);
                return out;
            }
            break;
        }
        if i == lo {
            out.stop = Some(Stop::Start);
            return out;
        }
        // Phase 2: the subject noun phrase.
        while i > lo {
            let j = i - 1;
            if let Some((a, _, _)) = self.ment_end[j] {
                if a < lo {
                    break;
                }
                let Some((ents, first)) = self.group_left(j, lo) else {
                    break;
                };
                for e in ents {
                    if !out.entities.contains(&e) {
                        out.entities.push(e);
                    }
                }
                out.first = Some(first);
                i = first;
                // Continue through `of`/`for`/possessive/titles only to reach a head name
                // (`the leaders of Japan` has none; `Russian President Putin` has `Russian`).
                continue;
            }
            let w = self.word(j);
            // `The Asia-Pacific Economic Cooperation (APEC) forum`: an abbreviation in
            // parentheses after a name is passed over to the name
            if w == ")" {
                let open = (j.saturating_sub(6).max(lo)..j)
                    .rev()
                    .find(|&k| self.word(k) == "(");
                if let Some(open) = open.filter(|&o| o > lo && self.ment_end[o - 1].is_some()) {
                    i = open;
                    continue;
                }
            }
            // `Israeli helicopters and tanks shelled`: common nouns joined by `and` right
            // before the verb (not `its reluctance to criticise`) are one subject
            let joined_nouns =
                w == "and" && words > 0 && out.entities.is_empty() && out.chain.is_empty();
            if !joined_nouns
                && (self.is(j, Class::Boundary)
                    || self.is(j, Class::Relative)
                    || self.kind(j) == TokenKind::Quote
                    || self.verb_trigger[j]
                    || matches!(w, "," | "and" | "or" | "." | "?" | "!"))
            {
                break;
            }
            if self.is(j, Class::Pronoun) || self.is(j, Class::Light) {
                if words == 0 && out.entities.is_empty() && self.is(j, Class::Pronoun) {
                    out.pronoun = Some(j);
                }
                break;
            }
            if (self.is(j, Class::To) || self.is(j, Class::From)) && !self.is(j, Class::Inside) {
                break;
            }
            if self.is_possessive(j) || self.is(j, Class::Inside) || self.is(j, Class::Det) {
                i = j;
                continue;
            }
            if self.kind(j) == TokenKind::Punct && w != "-" {
                break;
            }
            if out.entities.is_empty()
                && (self.is(j, Class::Aux) || self.is(j, Class::Adverb) || self.is(j, Class::Neg))
            {
                out.chain.push(j);
                i = j;
                continue;
            }
            words += 1;
            if words > 4 {
                break;
            }
            i = j;
        }
        if out.entities.is_empty() && out.stop.is_none() {
            out.stop = Some(Stop::Other);
        }
        out
    }

    /// The first mention group to the right of token `from` (exclusive of `hi`), passing over at
    /// most `max_words` other words, stopping at boundaries and other verb triggers. Returns
    /// the entities, the group's first token and one past its last token.
    pub fn object(
        &self,
        from: usize,
        hi: usize,
        max_words: usize,
        through_that: bool,
    ) -> Option<(Vec<EntityIx>, usize, usize)> {
        let mut i = from;
        let mut words = 0;
        while i < hi {
            if self.in_time[i] {
                i += 1;
                continue;
            }
            if self.ment_start[i].is_some() {
                let (ents, end) = self.group_right(i, hi)?;
                return Some((ents, i, end));
            }
            let w = self.word(i);
            if self.kind(i) == TokenKind::Quote {
                i += 1;
                continue;
            }
            if through_that && w == "that" {
                i += 1;
                continue;
            }
            // `accused the firms of helping Russia`: who is helped is not the recipient
            if w == "of" && i + 1 < hi && self.word(i + 1).ends_with("ing") {
                return None;
            }
            if self.is(i, Class::Boundary)
                || self.is(i, Class::Relative)
                || self.verb_trigger[i]
                || matches!(w, "," | "." | "?" | "!")
            {
                return None;
            }
            words += 1;
            if words > max_words {
                return None;
            }
            i += 1;
        }
        None
    }

    /// Mentions after `by` within the next few words (the agent of a passive).
    pub fn agent(&self, from: usize, hi: usize) -> Option<Vec<EntityIx>> {
        let mut i = from;
        let mut words = 0;
        while i < hi && words < 10 {
            let w = self.word(i);
            if w == "by" {
                // `by a water cannon from a Chinese coast guard ship`
                return self.object(i + 1, hi, 6, false).map(|(e, _, _)| e);
            }
            if matches!(w, "." | ";") || self.is(i, Class::Relative) {
                return None;
            }
            words += 1;
            i += 1;
        }
        None
    }

    /// True when the trigger at `t` is a passive participle: a form of `be` before it, with
    /// only adverbs and negation between.
    pub fn passive(&self, t: usize, lo: usize) -> bool {
        let w = self.word(t);
        if w.ends_with("ing") || w.ends_with('s') && !w.ends_with("ss") {
            return false;
        }
        let mut i = t;
        while i > lo {
            let j = i - 1;
            if self.is(j, Class::Be) {
                return true;
            }
            if self.is(j, Class::Adverb) || self.is(j, Class::Neg) || self.in_time[j] {
                i = j;
                continue;
            }
            return false;
        }
        false
    }

    /// Participants named inside the noun phrase before a noun trigger: a possessive
    /// (`Australia’s ... package`) and name modifiers (`the North Korea-Russia summit`).
    /// Returns (possessor entities, modifier entities, first token of the noun phrase).
    pub fn noun_left(&self, t: usize, lo: usize) -> (Vec<EntityIx>, Vec<EntityIx>, usize) {
        let mut poss = Vec::new();
        let mut mods = Vec::new();
        let mut i = t;
        let mut words = 0;
        while i > lo {
            let j = i - 1;
            if let Some((a, _, _)) = self.ment_end[j] {
                if a < lo {
                    break;
                }
                if let Some((ents, first)) = self.group_left(j, lo) {
                    if mods.is_empty() && poss.is_empty() {
                        mods = ents;
                    } else {
                        mods.extend(ents);
                    }
                    i = first;
                    continue;
                }
                break;
            }
            let w = self.word(j);
            if self.is_possessive(j) {
                if j > lo {
                    if let Some((ents, first)) = self.group_left(j - 1, lo) {
                        poss = ents;
                        i = first;
                        // a determiner may precede the possessor (`the U.S.'s`)
                        if i > lo && self.is(i - 1, Class::Det) {
                            i -= 1;
                        }
                    } else {
                        // `the world's largest`: a possessive that names nobody
                        i = j.saturating_sub(1).max(lo);
                        if i > lo && self.is(i - 1, Class::Det) {
                            i -= 1;
                        }
                    }
                }
                break;
            }
            if self.is(j, Class::Det) {
                i = j;
                break;
            }
            if self.kind(j) == TokenKind::Quote {
                i = j;
                continue;
            }
            // an amount (`almost $250 million (US$167 million) military aid`) or a
            // parenthesis inside the noun phrase does not count against its length
            if w == ")" {
                match (j.saturating_sub(8).max(lo)..j)
                    .rev()
                    .find(|&k| self.word(k) == "(")
                {
                    Some(open) => {
                        i = open;
                        continue;
                    }
                    None => break,
                }
            }
            if self.kind(j) == TokenKind::Number
                || matches!(w, "$" | "€" | "£")
                || self.data.keyword(AMOUNT_CLASS, w)
            {
                i = j;
                continue;
            }
            if self.kind(j) == TokenKind::Punct && w != "-" {
                break;
            }
            if self.is(j, Class::Boundary)
                || self.is(j, Class::Aux)
                || self.is(j, Class::Relative)
                || self.is(j, Class::To)
                || self.is(j, Class::Light)
                || self.verb_trigger[j]
            {
                break;
            }
            words += 1;
            if words > 3 {
                break;
            }
            i = j;
        }
        // modifiers that are possessors' own modifiers are not kept separately
        mods.retain(|e| !poss.contains(e));
        (poss, mods, i)
    }

    /// A light verb (`conduct`, `signed`, `announced`) just before a noun phrase starting at
    /// `np`, if any: its token index.
    pub fn light_verb(&self, np: usize, lo: usize) -> Option<usize> {
        let mut i = np;
        let mut steps = 0;
        while i > lo && steps < 3 {
            let j = i - 1;
            if self.is(j, Class::Light) {
                return Some(j);
            }
            if self.is(j, Class::Det) || self.is(j, Class::Adverb) {
                i = j;
                steps += 1;
                continue;
            }
            return None;
        }
        None
    }

    /// Participants after a noun trigger: `of/to/for/with/against/on X` (recipients), `from/by
    /// X` (actors), `between A and B` (A acts, B receives).
    pub fn noun_right(&self, end: usize, hi: usize) -> (Vec<EntityIx>, Vec<EntityIx>) {
        let mut i = end;
        let mut words = 0;
        let (mut actors, mut recipients) = (Vec::new(), Vec::new());
        while i < hi && words < 5 {
            let w = self.word(i);
            if w == "between" {
                if let Some((mut ents, _, _)) = self.object(i + 1, hi, 3, false) {
                    if ents.len() >= 2 {
                        let first = ents.remove(0);
                        actors.push(first);
                        recipients.extend(ents);
                    }
                }
                break;
            }
            if self.is(i, Class::To) || self.is(i, Class::From) {
                let is_from = self.is(i, Class::From);
                if let Some((ents, _, e)) = self.object(i + 1, hi, 3, false) {
                    if is_from {
                        actors.extend(ents);
                    } else {
                        recipients.extend(ents);
                    }
                    // a second phrase: `aid for Ukraine from Australia`
                    i = e;
                    words += 1;
                    continue;
                }
                break;
            }
            // what the thing is worth (`a package worth C$90 million for Moldova`, or set off
            // by commas: `a package, worth almost AU$250 million (US$167 million), for
            // Ukraine`) belongs to the noun's phrase and does not end it
            if let Some(next) = self.amount_after(i, hi) {
                i = next;
                continue;
            }
            if self.is(i, Class::Boundary)
                || self.is(i, Class::Relative)
                || self.verb_trigger[i]
                || matches!(w, "," | "." | ";")
            {
                break;
            }
            if self.ment_start[i].is_some() {
                break;
            }
            words += 1;
            i += 1;
        }
        (actors, recipients)
    }

    /// An amount starting at `i` (after a comma that opens it, then closed by another): the
    /// token after it, when it holds a number.
    fn amount_after(&self, i: usize, hi: usize) -> Option<usize> {
        let opened = self.word(i) == ",";
        let mut j = if opened { i + 1 } else { i };
        let mut number = false;
        while j < hi {
            let w = self.word(j);
            if self.kind(j) == TokenKind::Number {
                number = true;
            } else if w == "(" {
                // a conversion in brackets: `(US$167 million)`
                match (j + 1..hi.min(j + 8)).find(|&k| self.word(k) == ")") {
                    Some(close) => j = close,
                    None => break,
                }
            } else if !(matches!(w, "$" | "€" | "£")
                || self.data.keyword(AMOUNT_CLASS, w)
                // the letters of a currency glued to its sign: `AU$`, `US$`
                || (j + 1 < hi && currency_prefix(self.doc, j + 1)))
            {
                break;
            }
            j += 1;
        }
        if !number {
            return None;
        }
        if opened {
            return (j < hi && self.word(j) == ",").then_some(j + 1);
        }
        Some(j)
    }
}
