//! The two reports, their counts and rates, and the tables `newsgraph eval` prints.

use crate::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Precision, recall and F1 per layer, summed over all articles (micro averages).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    /// The gold file scored against.
    pub gold: String,
    /// Articles scored.
    pub articles: usize,
    /// Mentions: exact span and type, pronouns and nominals excluded.
    pub mentions: Prf,
    /// Mentions per entity type (`PERSON`, ...).
    pub mentions_by_type: BTreeMap<String, Prf>,
    /// Recall of gold mentions per form (`name`, `abbreviation`, `demonym`, `metonym`).
    pub mention_recall_by_form: BTreeMap<String, Ratio>,
    /// Entities aligned one-to-one through shared mention spans of the same type.
    pub entities: Prf,
    /// Aligned entities whose output name is the gold name or an accepted alternative.
    pub entity_names: Ratio,
    /// (person, title, of) triples.
    pub roles: Prf,
    /// (person, of) pairs, title ignored.
    pub roles_ignoring_title: Prf,
    /// Direct quotes found with >= 60% word overlap.
    pub direct_quotes: Prf,
    /// Found direct quotes with a named gold speaker whose output speaker is right.
    pub direct_speakers: Ratio,
    /// Indirect quotes found with >= 60% word overlap.
    pub indirect_quotes: Prf,
    /// Found indirect quotes with a named gold speaker whose output speaker is right.
    pub indirect_speakers: Ratio,
    /// Gold non-quotes (scare quotes, titles) that the output reported as direct quotes.
    pub non_quotes_output_as_quotes: Ratio,
    /// Events: type, actors and recipients right, in the same sentence.
    pub events: Prf,
    /// Events: type right in the same sentence, participants ignored.
    pub event_types: Prf,
    /// Events (type, actors, recipients) per PLOVER type.
    pub events_by_type: BTreeMap<String, Prf>,
    /// Matched events with a gold date whose output date has the same first day.
    pub event_dates: Ratio,
}

impl EvalReport {
    pub(crate) fn finish(&mut self) {
        for p in [
            &mut self.mentions,
            &mut self.entities,
            &mut self.roles,
            &mut self.roles_ignoring_title,
            &mut self.direct_quotes,
            &mut self.indirect_quotes,
            &mut self.events,
            &mut self.event_types,
        ] {
            p.finish();
        }
        self.events_by_type.values_mut().for_each(Prf::finish);
        self.mentions_by_type.values_mut().for_each(Prf::finish);
        self.mention_recall_by_form
            .values_mut()
            .for_each(Ratio::finish);
        for r in [
            &mut self.entity_names,
            &mut self.direct_speakers,
            &mut self.indirect_speakers,
            &mut self.non_quotes_output_as_quotes,
            &mut self.event_dates,
        ] {
            r.finish();
        }
    }
}

/// The header of the P/R/F1 table both reports print.
pub(crate) fn write_table_header(f: &mut fmt::Formatter<'_>) -> fmt::Result {
    writeln!(
        f,
        "{:<22} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "layer", "gold", "output", "P", "R", "F1"
    )
}

/// One row of that table.
pub(crate) fn write_prf_row(f: &mut fmt::Formatter<'_>, name: &str, p: &Prf) -> fmt::Result {
    writeln!(
        f,
        "{:<22} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3}",
        name, p.gold, p.predicted, p.precision, p.recall, p.f1
    )
}

/// A share line under the table (`direct-quote speakers right  0.788 (149/189)`).
pub(crate) fn write_ratio_row(f: &mut fmt::Formatter<'_>, name: &str, r: &Ratio) -> fmt::Result {
    writeln!(f, "{:<36} {:>6.3} ({}/{})", name, r.rate, r.right, r.total)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "newsgraph eval: {} articles ({})",
            self.articles, self.gold
        )?;
        write_table_header(f)?;
        let row = write_prf_row;
        row(f, "mentions", &self.mentions)?;
        for (t, p) in &self.mentions_by_type {
            row(f, &format!("  {t}"), p)?;
        }
        row(f, "entities", &self.entities)?;
        row(f, "roles", &self.roles)?;
        row(f, "roles (no title)", &self.roles_ignoring_title)?;
        row(f, "direct quotes", &self.direct_quotes)?;
        row(f, "indirect quotes", &self.indirect_quotes)?;
        row(f, "events", &self.events)?;
        for (t, p) in &self.events_by_type {
            row(f, &format!("  {t}"), p)?;
        }
        row(f, "event types only", &self.event_types)?;
        let share = write_ratio_row;
        for (form, r) in &self.mention_recall_by_form {
            share(f, &format!("mention recall, form {form}"), r)?;
        }
        share(f, "entity canonical names right", &self.entity_names)?;
        share(f, "direct-quote speakers right", &self.direct_speakers)?;
        share(f, "indirect-quote speakers right", &self.indirect_speakers)?;
        share(
            f,
            "scare quotes/titles output as quotes",
            &self.non_quotes_output_as_quotes,
        )?;
        share(f, "event dates right", &self.event_dates)
    }
}

/// Which side of the score a [`SentenceError`] is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceErrorKind {
    /// A gold event with no output event of its type in the sentence.
    Miss,
    /// An output event that matched no gold event.
    FalsePositive,
    /// A type-matched event whose actors include no entity of a gold source country.
    WrongSource,
    /// A type-matched event whose recipients include no entity of a gold target country.
    WrongTarget,
}

/// One error of the sentence scorer, for `--show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceError {
    /// What went wrong.
    pub kind: SentenceErrorKind,
    /// The sentence id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// The gold event, `TYPE/cameo src -> tgt` (empty for a false positive).
    pub gold: String,
    /// The output event concerned (empty for a miss), or every output event of the sentence
    /// for a miss, `; `-separated.
    pub output: String,
}

/// Scores of single-sentence event coding, summed over the sentences (micro averages).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SentenceReport {
    /// The gold file scored against.
    pub gold: String,
    /// Sentences scored.
    pub sentences: usize,
    /// Sentences with no gold event.
    pub empty_sentences: usize,
    /// Sentences with no gold event where the output has at least one counted event.
    pub empty_with_output: usize,
    /// Output events left out of the score: negated, or of hypothetical or negated modality.
    pub output_ignored: usize,
    /// PLOVER type in the sentence, each output event matched at most once.
    pub types: Prf,
    /// The same per PLOVER type.
    pub by_type: BTreeMap<String, Prf>,
    /// CAMEO root (first two digits) in the sentence, matched independently of the type.
    pub cameo_roots: Prf,
    /// Over type-matched events whose gold source is not empty: an actor is of a gold source.
    pub source_country: Ratio,
    /// Over type-matched events whose gold target is not empty: a recipient is of a gold target
    /// (for a mutual event, where the gold source and target share a label, two of the gold
    /// targets among the actors also count).
    pub target_country: Ratio,
    /// Misses, false positives and wrong participants, in file order.
    pub errors: Vec<SentenceError>,
}

impl SentenceReport {
    /// Compute the rates from the counts (called by [`evaluate_sentences`]; call it yourself
    /// after scoring with [`score_sentence`]).
    pub fn finish(&mut self) {
        self.types.finish();
        self.cameo_roots.finish();
        self.by_type.values_mut().for_each(Prf::finish);
        self.source_country.finish();
        self.target_country.finish();
    }

    /// The first `n` errors of one kind.
    pub fn errors_of(&self, kind: SentenceErrorKind, n: usize) -> Vec<&SentenceError> {
        self.errors
            .iter()
            .filter(|e| e.kind == kind)
            .take(n)
            .collect()
    }
}

impl fmt::Display for SentenceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "newsgraph eval: {} sentences ({}), {} without events",
            self.sentences, self.gold, self.empty_sentences
        )?;
        write_table_header(f)?;
        let row = write_prf_row;
        row(f, "event types", &self.types)?;
        for (t, p) in &self.by_type {
            row(f, &format!("  {t}"), p)?;
        }
        row(f, "cameo roots", &self.cameo_roots)?;
        let share = write_ratio_row;
        share(
            f,
            "source country right (type-matched)",
            &self.source_country,
        )?;
        share(
            f,
            "target country right (type-matched)",
            &self.target_country,
        )?;
        let empty = Ratio {
            right: self.empty_with_output,
            total: self.empty_sentences,
            rate: ratio(self.empty_with_output, self.empty_sentences),
        };
        share(f, "no-event sentences with output", &empty)?;
        write!(
            f,
            "output events ignored (negated/hypothetical): {}",
            self.output_ignored
        )
    }
}
