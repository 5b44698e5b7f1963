//! The arithmetic of scores: precision, recall and F1 from counts, and shares.

use serde::Serialize;

/// Precision, recall and F1 with the counts behind them. For quotes the correct counts differ
/// by side: `correct_gold` gold items were found, `correct_predicted` outputs found something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Gold items.
    pub gold: usize,
    /// Output items.
    pub predicted: usize,
    /// Gold items that an output matched.
    pub correct_gold: usize,
    /// Output items that matched a gold item.
    pub correct_predicted: usize,
    /// `correct_predicted / predicted`.
    pub precision: f64,
    /// `correct_gold / gold`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// Precision, recall and F1 from counts (for harnesses outside this module).
    pub fn from_counts(
        gold: usize,
        predicted: usize,
        correct_gold: usize,
        correct_predicted: usize,
    ) -> Prf {
        let mut p = Prf::default();
        p.add(gold, predicted, correct_gold, correct_predicted);
        p.finish();
        p
    }

    pub(crate) fn add(
        &mut self,
        gold: usize,
        predicted: usize,
        correct_gold: usize,
        correct_predicted: usize,
    ) {
        self.gold += gold;
        self.predicted += predicted;
        self.correct_gold += correct_gold;
        self.correct_predicted += correct_predicted;
    }

    pub(crate) fn finish(&mut self) {
        self.precision = ratio(self.correct_predicted, self.predicted);
        self.recall = ratio(self.correct_gold, self.gold);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

/// A share: `right` of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratio {
    /// How many were right.
    pub right: usize,
    /// Out of how many.
    pub total: usize,
    /// `right / total`, 0 when there are none.
    pub rate: f64,
}

impl Ratio {
    pub(crate) fn add(&mut self, right: usize, total: usize) {
        self.right += right;
        self.total += total;
    }

    pub(crate) fn finish(&mut self) {
        self.rate = ratio(self.right, self.total);
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
