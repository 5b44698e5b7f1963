//! Amounts: money, counts of people and materiel, and percentages, each tied to the event whose
//! sentence holds it.
//!
//! Reads sentences and events; adds `amounts`. Patterns are built once from the word lists in
//! `data/amounts/` (currencies, scales, qualifiers, counted nouns, number words). Why regular
//! expressions over the text rather than tokens: amounts are written in shapes tokenisers split
//! differently (`AU$250`, `£349m`, `1.5bn`), and offsets into the text are what the layer keeps.
//! A parenthesised conversion (`AU$250 million (US$167 million)`) is linked to the amount it
//! converts, so nothing counts it twice. An amount belongs to the event of its sentence whose
//! trigger is nearest, preferring a trigger before it (the object follows the verb in English).

mod data;
mod find;

pub use data::{
    AmountData, COUNTED_FILE, CURRENCIES_FILE, NUMBER_WORDS_FILE, QUALIFIERS_FILE, SCALES_FILE,
};

use crate::document::{Amount, Document};
use crate::error::Result;
use crate::stage::{LayerKind, Stage};
use std::sync::Arc;

/// The amount stage.
pub struct AmountStage {
    data: Arc<AmountData>,
}

impl AmountStage {
    /// A stage over loaded word lists.
    pub fn new(data: Arc<AmountData>) -> AmountStage {
        AmountStage { data }
    }
}

impl Stage for AmountStage {
    fn name(&self) -> &'static str {
        "amounts"
    }

    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Sentences, LayerKind::Events]
    }

    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Amounts]
    }

    fn run(&self, doc: &mut Document) -> Result<()> {
        let mut amounts: Vec<Amount> = Vec::new();
        for s in doc.sentences() {
            let text = doc.text_of(s.span);
            // Every amount has a digit or a number word; most sentences have neither, and this
            // test (one scan of a small automaton, no per-word look-up) is far cheaper than the
            // patterns.
            let has_digit = text.bytes().any(|b| b.is_ascii_digit());
            if !has_digit && !self.data.number_word.is_match(text) {
                continue;
            }
            let offset = amounts.len() as u32;
            let mut found = find::find_amounts(&self.data, text, s.span.start());
            for a in &mut found {
                if let Some(c) = a.conversion_of.as_mut() {
                    *c += offset;
                }
            }
            amounts.extend(found);
        }
        for a in &mut amounts {
            a.event = owning_event(doc, a);
        }
        doc.amounts = Some(amounts);
        Ok(())
    }
}

/// The event whose evidence holds the amount and whose trigger is nearest to it.
fn owning_event(doc: &Document, a: &Amount) -> Option<u32> {
    doc.events()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.span.contains(a.span))
        .min_by_key(|(_, e)| {
            let before = e.trigger.end <= a.span.start;
            let gap = if before {
                a.span.start - e.trigger.end
            } else {
                e.trigger.start.saturating_sub(a.span.end)
            };
            (!before, gap)
        })
        .map(|(i, _)| i as u32)
}

#[cfg(test)]
mod tests;
