//! Speakers read from the dependency parse (the `syntax` stage's words), for the direct quotes
//! the surface rules of [`cues`](super::cues) leave without one.
//!
//! The speech verb is the attribution's cue when the rules found one, else the verb the quote
//! hangs from (`NATO declared China a “decisive facilitator”`: `facilitator` → `declared`), or
//! a speech verb attached to the quote's own verb (`“…,” said the spokesman`, parsed as
//! parataxis). Its speaker is its nominal subject; a verb without one takes the subject of the
//! verb it is coordinated with (`NATO upgraded … and said`); `which`/`who` is replaced by the
//! noun the relative clause modifies. The subject word becomes a speaker through, in order: a
//! mention covering it or its name parts, a mention in apposition, a possessor (`her campaign`,
//! `the ministry's spokesman`), a `he`/`she`, a body named inside its phrase (`a statement from
//! the ministry`), and for the nouns of `data/quotes/speaker_nouns.tsv` the entity the noun
//! stands for: the person earlier given the title (`the spokesman`), the nearest earlier outlet
//! (`the daily`), government body or company (`the ministry`, `the company`), or the speaker of
//! the nearest earlier sentence naming the same kind of text (`the communiqué`).
//!
//! Only the sentences such quotes need are parsed ([`Ctx::sentences_to_parse`]): the quote's
//! own and its cue's, and of those only the ones with a quotation mark, as when every such
//! sentence was parsed up front (a quote's parse is then the same either way).
//!
//! A quote whose head chain reaches no speech verb (a scare quote in `upgraded China to a
//! “systemic challenge”`) gets nothing here, so it keeps no speaker.

use super::*;
use crate::document::{Deprel, OrgKind, TokenKind, Upos};

/// What a common noun standing as a speech verb's subject refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NounClass {
    /// A spokesperson.
    Representative,
    /// A news outlet.
    Media,
    /// A government body.
    Government,
    /// A business.
    Company,
    /// Any organisation.
    Organization,
    /// A text a body issued.
    Document,
    /// A person described by what they are (`the businessman`, `the senator`).
    Person,
}

impl NounClass {
    pub(super) fn from_name(s: &str) -> Option<NounClass> {
        Some(match s {
            "representative" => NounClass::Representative,
            "media" => NounClass::Media,
            "government" => NounClass::Government,
            "company" => NounClass::Company,
            "organization" => NounClass::Organization,
            "document" => NounClass::Document,
            "person" => NounClass::Person,
            _ => return None,
        })
    }
}

/// How many sentences back a noun subject looks for the entity it stands for.
const NOUN_REACH: usize = 12;
/// How many sentences back `the businessman` looks for the person it describes.
const PERSON_REACH: usize = 3;
/// How many heads up from a quote a speech verb is looked for.
const HEAD_STEPS: usize = 2;

impl Ctx<'_> {
    fn word(&self, t: usize) -> Option<&Word> {
        let i = self.words.partition_point(|w| w.token.ix() < t);
        self.words.get(i).filter(|w| w.token.ix() == t)
    }

    fn head(&self, t: usize) -> Option<usize> {
        self.word(t).and_then(|w| w.head).map(|h| h.ix())
    }

    fn rel(&self, t: usize) -> Option<Deprel> {
        self.word(t).map(|w| w.deprel)
    }

    /// The words whose head is `t`, in order.
    fn children(&self, t: usize) -> impl Iterator<Item = &Word> + '_ {
        let s = self.tok_sent.get(t).copied().unwrap_or(usize::MAX);
        let range = self.sents.get(s).map_or(0..0, |s| s.token_range());
        let lo = self.words.partition_point(|w| w.token.ix() < range.start);
        let hi = self.words.partition_point(|w| w.token.ix() < range.end);
        self.words[lo..hi]
            .iter()
            .filter(move |w| w.head.is_some_and(|h| h.ix() == t))
    }

    fn is_speech_verb(&self, t: usize) -> bool {
        self.flags(t) & VERB != 0
            && self
                .word(t)
                .is_some_and(|w| matches!(w.upos, Upos::Verb | Upos::Aux | Upos::Noun))
    }

    /// Whether [`Ctx::parse_attribution`] would read the parse for this draft.
    fn wants_parse(d: &Draft) -> bool {
        d.direct && !d.attr.is_some_and(|a| a.who.speaks())
    }

    /// The sentences [`Ctx::parse_attribution`] reads the parse of for `drafts`, ascending: those
    /// of each quote's tokens and of its cue, when they hold a quotation mark.
    pub(super) fn sentences_to_parse(&self, drafts: &[Draft]) -> Vec<usize> {
        let mut out = Vec::new();
        for d in drafts.iter().filter(|d| Self::wants_parse(d)) {
            let (a, b) = (self.tok_from(d.open), self.tok_from(d.outer_end));
            let cue = d.attr.map(|a| self.tok_from(a.cue.start()));
            let sent = |t: usize| self.tok_sent.get(t).copied().filter(|&s| s != usize::MAX);
            let (Some(first), Some(last)) = (sent(a), b.checked_sub(1).and_then(sent)) else {
                continue;
            };
            out.extend(first..=last);
            out.extend(cue.and_then(sent));
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&s| {
            let range = self.sents[s].token_range();
            self.toks
                .get(range)
                .is_some_and(|t| t.iter().any(|t| t.kind == TokenKind::Quote))
        });
        out
    }

    /// Give a direct quote without a speaker the one its parse names, if any.
    pub(super) fn parse_attribution(&self, d: &mut Draft) {
        if !Self::wants_parse(d) || self.words.is_empty() {
            return;
        }
        let verb = match d.attr {
            Some(a) => {
                let t = self.tok_from(a.cue.start());
                self.is_speech_verb(t).then_some(t)
            }
            None => self.verb_of_quote(d),
        };
        let Some(v) = verb else { return };
        let Some(s) = self.subject_of(v, 0) else {
            return;
        };
        let who = match self.speaker_of_word(s) {
            Some(who) => who,
            // A subject that names no entity (`said one senior source on the panel`) is kept
            // as the description of an unnamed speaker, unless the rules found one already.
            None => match d.attr.map(|a| a.who) {
                Some(Who::Unnamed(Some(_))) => return,
                _ => match self.subject_phrase(s) {
                    Some(desc) => Who::Unnamed(Some(desc)),
                    None => return,
                },
            },
        };
        let cue = d.attr.map_or(self.toks[v].span, |a| a.cue);
        d.attr = Some(Attribution {
            cue,
            who,
            end: who_end(who).max(cue.end()),
        });
    }

    /// The speech verb a quote hangs from, or one attached to the quote's own words.
    fn verb_of_quote(&self, d: &Draft) -> Option<usize> {
        let (a, b) = (self.tok_from(d.open), self.tok_from(d.outer_end));
        let inside = |t: usize| (a..b).contains(&t);
        for t in a..b {
            if let Some(v) = self.children(t).map(|w| w.token.ix()).find(|&c| {
                !inside(c)
                    && self.is_speech_verb(c)
                    && matches!(self.rel(c), Some(Deprel::PARATAXIS | Deprel::CONJ))
            }) {
                return Some(v);
            }
            let Some(mut h) = self.head(t) else { continue };
            if inside(h) {
                continue;
            }
            for _ in 0..HEAD_STEPS {
                if self.is_speech_verb(h) {
                    return Some(h);
                }
                h = self.head(h)?;
            }
        }
        None
    }

    /// The subject word of verb `v`: its `nsubj`, else that of the verb it is coordinated with;
    /// a relative pronoun stands for the noun its clause modifies.
    fn subject_of(&self, v: usize, depth: usize) -> Option<usize> {
        if let Some(s) = self.children(v).find(|w| w.deprel == Deprel::NSUBJ) {
            let s = s.token.ix();
            let relative = matches!(
                self.tok_text(s).to_lowercase().as_str(),
                "which" | "who" | "that"
            );
            if relative && self.rel(v) == Some(Deprel::ACL_RELCL) {
                return self.head(v);
            }
            return Some(s);
        }
        if depth < 2 && matches!(self.rel(v), Some(Deprel::CONJ | Deprel::XCOMP)) {
            return self.subject_of(self.head(v)?, depth + 1);
        }
        None
    }

    /// The words of the subject at `s` (its subtree without relative clauses and punctuation),
    /// as a description of an unnamed speaker; `None` for a pronoun.
    fn subject_phrase(&self, s: usize) -> Option<Span> {
        let sent = self.sents.get(*self.tok_sent.get(s)?)?;
        let range = sent.token_range();
        let lo = self.words.partition_point(|w| w.token.ix() < range.start);
        let hi = self.words.partition_point(|w| w.token.ix() < range.end);
        let (mut first, mut last) = (s, s);
        for w in &self.words[lo..hi] {
            if w.deprel == Deprel::PUNCT {
                continue;
            }
            let mut t = w.token.ix();
            let mut inside = false;
            for _ in 0..8 {
                if t == s {
                    inside = true;
                    break;
                }
                if self.rel(t) == Some(Deprel::ACL_RELCL) {
                    break;
                }
                let Some(h) = self.head(t) else { break };
                t = h;
            }
            if inside {
                first = first.min(w.token.ix());
                last = last.max(w.token.ix());
            }
        }
        self.description(first, last)
    }

    /// Whether the noun at `s` speaks for its possessor `m`: always for a body's noun, and
    /// for a person only when the noun stands for something of theirs that speaks for them
    /// (`her campaign`, `his statement`), not for another person (`Obama’s strategist`).
    fn speaks_for_possessor(&self, s: usize, m: &Mention) -> bool {
        if self.entities[m.entity.ix()].etype != EntityType::Person {
            return true;
        }
        let noun = self.tok_text(s).to_lowercase();
        matches!(
            self.data.speaker_nouns.get(&noun),
            Some(NounClass::Organization | NounClass::Document | NounClass::Media)
        )
    }

    fn mention_covering(&self, t: usize) -> Option<&Mention> {
        let span = self.toks[t].span;
        let k = self
            .mentions
            .partition_point(|m| m.span.start <= span.start);
        self.mentions[..k]
            .iter()
            .rev()
            .take(8)
            .find(|m| m.span.contains(span) && usable(m, self.entities))
    }

    /// The speaker a subject word names.
    fn speaker_of_word(&self, s: usize) -> Option<Who> {
        if let Some(m) = self.mention_covering(s) {
            return Some(Self::named(m));
        }
        if let Some(who) = self.pronoun(s) {
            return Some(who);
        }
        let kids: Vec<&Word> = self.children(s).collect();
        for rels in [
            &[Deprel::FLAT, Deprel::COMPOUND, Deprel::APPOS][..],
            &[Deprel::NMOD_POSS],
            &[Deprel::NMOD],
        ] {
            for w in kids.iter().filter(|w| rels.contains(&w.deprel)) {
                let c = w.token.ix();
                if let Some(m) = self.mention_covering(c) {
                    // `Obama’s former strategist said` is not Obama speaking; `her campaign`
                    // and `the ministry’s spokesman` speak for their possessor.
                    if w.deprel == Deprel::NMOD_POSS && !self.speaks_for_possessor(s, m) {
                        continue;
                    }
                    return Some(Self::named(m));
                }
                if w.deprel == Deprel::NMOD_POSS {
                    if let Some(who) = self.pronoun(c) {
                        return Some(who);
                    }
                }
            }
        }
        let indefinite = kids
            .iter()
            .any(|w| w.deprel == Deprel::DET && self.flags(w.token.ix()) & INDEF != 0);
        if indefinite {
            return None;
        }
        let noun = self.tok_text(s).to_lowercase();
        let class = *self.data.speaker_nouns.get(&noun)?;
        self.noun_referent(s, class, &noun)
    }

    /// The entity a definite speaker noun stands for, named before token `s`.
    fn noun_referent(&self, s: usize, class: NounClass, noun: &str) -> Option<Who> {
        let start = self.toks[s].span.start;
        let sent = self.tok_sent.get(s).copied()?;
        let lo_sent = sent.saturating_sub(NOUN_REACH);
        let lo = self.sents.get(lo_sent)?.span.start;
        let k = self.mentions.partition_point(|m| m.span.start < start);
        let mut earlier = self.mentions[..k]
            .iter()
            .rev()
            .take_while(|m| m.span.start >= lo)
            .filter(|m| usable(m, self.entities) && !self.inside_quote(m.span.start()));
        let kind_is = |m: &Mention, kinds: &[OrgKind]| {
            let e = &self.entities[m.entity.ix()];
            e.etype == EntityType::Organization && e.kind.is_some_and(|k| kinds.contains(&k))
        };
        let found = match class {
            NounClass::Representative => earlier.find(|m| {
                self.entities[m.entity.ix()]
                    .roles
                    .iter()
                    .any(|r| r.title.to_lowercase().starts_with("spokes"))
            }),
            NounClass::Media => earlier.find(|m| kind_is(m, &[OrgKind::Media])),
            NounClass::Government => {
                earlier.find(|m| kind_is(m, &[OrgKind::Government, OrgKind::Military]))
            }
            NounClass::Company => earlier.find(|m| kind_is(m, &[OrgKind::Company])),
            NounClass::Organization => {
                earlier.find(|m| self.entities[m.entity.ix()].etype == EntityType::Organization)
            }
            NounClass::Document => return self.issuer(sent, lo_sent, noun),
            NounClass::Person => return self.salient_person(sent, start),
        };
        found.map(Self::named)
    }

    /// The person `the businessman` stands for: the first person named (outside quotes) in the
    /// nearest of this and the few sentences before, ahead of byte `start`.
    fn salient_person(&self, sent: usize, start: u32) -> Option<Who> {
        for s in (sent.saturating_sub(PERSON_REACH)..=sent).rev() {
            let span = self.sents.get(s)?.span;
            let k = self.mentions.partition_point(|m| m.span.start < span.start);
            let first = self.mentions[k..]
                .iter()
                .take_while(|m| m.span.end <= span.end && m.span.start < start)
                .find(|m| {
                    usable(m, self.entities)
                        && !self.inside_quote(m.span.start())
                        && self.entities[m.entity.ix()].etype == EntityType::Person
                });
            if let Some(m) = first {
                return Some(Self::named(m));
            }
        }
        None
    }

    /// The body that issued `the statement`: the first speaker named in the nearest earlier
    /// sentence that mentions the same noun.
    fn issuer(&self, sent: usize, lo_sent: usize, noun: &str) -> Option<Who> {
        for s in (lo_sent..sent).rev() {
            let range = self.sents[s].token_range();
            let names_noun = range
                .clone()
                .any(|t| self.tok_text(t).eq_ignore_ascii_case(noun));
            if !names_noun {
                continue;
            }
            let span = self.sents[s].span;
            let k = self.mentions.partition_point(|m| m.span.start < span.start);
            return self.mentions[k..]
                .iter()
                .take_while(|m| m.span.end <= span.end)
                .find(|m| {
                    usable(m, self.entities)
                        && !self.inside_quote(m.span.start())
                        && self.entities[m.entity.ix()].etype != EntityType::Location
                })
                .map(Self::named);
        }
        None
    }
}

#[cfg(test)]
#[path = "syntax_tests.rs"]
mod tests;
