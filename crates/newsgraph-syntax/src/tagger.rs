//! The part-of-speech tagger: greedy left to right, averaged perceptron over 17 UPOS tags.
//!
//! Features: the normal and exact form of the word, its shape, prefixes and suffixes, the words
//! two to each side, suffixes and shapes of the neighbours, word bigrams, and the two tags
//! already chosen. Static features (from words only) are computed once per word; the four
//! history features depend on the previous tags.

use crate::hash::{f1, f2, f3};
use crate::lexical::{Lex, AFTER, BEFORE};
use crate::weights::{TrainWeights, Weights};
use crate::Upos;

/// Number of tags.
pub const N_TAGS: usize = Upos::ALL.len();
/// Static features per word.
pub const N_STATIC: usize = 30;
/// History features per word.
pub const N_DYNAMIC: usize = 5;
/// All features per word in the first pass.
pub const N_FEATS: usize = N_STATIC + N_DYNAMIC;
/// Features of the second pass that read the first pass's tags.
pub const N_LOOKAHEAD: usize = 6;
/// All features per word in the second pass.
pub const N_FEATS2: usize = N_FEATS + N_LOOKAHEAD;
/// The history tag before the sentence.
pub const START: u64 = N_TAGS as u64;
/// The first-pass tag after the sentence.
pub const END: u64 = N_TAGS as u64 + 1;
/// Flag on a first-pass tag whose margin is large enough that the second pass keeps it (set
/// and cleared inside [`Tagger::tag`], so the tags need no second buffer).
const SURE: u8 = 0x80;

/// The words around position `i`, with boundary pseudo-words outside the sentence.
struct Window<'a> {
    lex: &'a [Lex],
}

impl Window<'_> {
    #[inline(always)]
    fn at(&self, i: isize) -> &Lex {
        if i < 0 {
            &BEFORE
        } else if i as usize >= self.lex.len() {
            &AFTER
        } else {
            &self.lex[i as usize]
        }
    }
}

/// The static features of word `i`.
pub fn static_features(lex: &[Lex], i: usize, out: &mut [u64; N_FEATS2]) {
    let w = Window { lex };
    let i = i as isize;
    let (m2, m1, w0, p1, p2) = (w.at(i - 2), w.at(i - 1), w.at(i), w.at(i + 1), w.at(i + 2));
    *out = [0; N_FEATS2];
    out[0] = f1(0, 0);
    out[1] = f1(1, w0.norm);
    out[2] = f1(2, w0.exact);
    out[3] = f1(3, m1.norm);
    out[4] = f1(4, p1.norm);
    out[5] = f1(5, m2.norm);
    out[6] = f1(6, p2.norm);
    out[7] = f1(7, w0.suf[0]);
    out[8] = f1(8, w0.suf[1]);
    out[9] = f1(9, w0.suf[2]);
    out[10] = f1(10, w0.suf[3]);
    out[11] = f1(11, w0.pre[0]);
    out[12] = f1(12, w0.pre[1]);
    out[13] = f1(13, w0.pre[2]);
    out[14] = f1(14, w0.shape);
    out[15] = f2(15, m1.shape, w0.shape);
    out[16] = f2(16, w0.shape, p1.shape);
    out[17] = f2(17, m1.norm, w0.norm);
    out[18] = f2(18, w0.norm, p1.norm);
    out[19] = f1(19, m1.suf[2]);
    out[20] = f1(20, p1.suf[2]);
    out[21] = f2(21, (i == 0) as u64, w0.exact);
    // Word clusters: coarse and fine classes of the word and its neighbours.
    out[22] = f1(22, w0.cl[0]);
    out[23] = f1(23, w0.cl[1]);
    out[24] = f1(24, w0.cl[2]);
    out[25] = f1(25, m1.cl[2]);
    out[26] = f1(26, p1.cl[2]);
    out[27] = f1(27, m2.cl[1]);
    out[28] = f1(28, p2.cl[1]);
    out[29] = f2(29, w0.cl[1], p1.cl[1]);
}

/// The history features of word `i` given the two previous tags.
#[inline(always)]
pub fn dynamic_features(lex: &[Lex], i: usize, t1: u64, t2: u64, out: &mut [u64; N_FEATS2]) {
    let w0 = &lex[i];
    out[N_STATIC] = f1(30, t1);
    out[N_STATIC + 1] = f2(31, t2, t1);
    out[N_STATIC + 2] = f2(32, t1, w0.norm);
    out[N_STATIC + 3] = f3(33, t1, w0.suf[2], 0);
    out[N_STATIC + 4] = f2(34, t1, w0.cl[1]);
}

/// The second pass's features that read the first pass's tags of word `i` and the two words
/// after it (`first`), so the tag of a word can depend on what follows it.
#[inline(always)]
pub fn lookahead_features(lex: &[Lex], i: usize, t1: u64, first: &[u8], out: &mut [u64; N_FEATS2]) {
    let f = |j: usize| first.get(j).map_or(END, |&t| (t & !SURE) as u64);
    let (f0, f1_, f2_) = (f(i), f(i + 1), f(i + 2));
    let w0 = &lex[i];
    out[N_FEATS] = f1(50, f0);
    out[N_FEATS + 1] = f1(51, f1_);
    out[N_FEATS + 2] = f2(52, f1_, f2_);
    out[N_FEATS + 3] = f2(53, t1, f1_);
    out[N_FEATS + 4] = f2(54, f1_, w0.norm);
    out[N_FEATS + 5] = f2(55, f1_, w0.suf[2]);
}

#[inline(always)]
fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Best score minus the second best.
#[inline(always)]
fn margin(scores: &[i32; N_TAGS], best: usize) -> i32 {
    let mut second = i32::MIN;
    for (i, &s) in scores.iter().enumerate() {
        if i != best && s > second {
            second = s;
        }
    }
    scores[best].saturating_sub(second)
}

/// The trained tagger: a first left-to-right pass, and (when trained) a second one that also
/// reads the first pass's tags of the next two words. The second pass runs only on words whose
/// first-pass margin is below `margin`: most words are tagged with a wide margin and the second
/// pass would keep their tag anyway, so skipping them saves most of its cost.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// First-pass weights, one class per tag.
    pub weights: Weights,
    /// Second-pass weights (empty: one pass only).
    pub second: Weights,
    /// First-pass margin (best score minus second best) from which a tag is kept without the
    /// second pass (`i32::MAX`: every word goes through it).
    pub margin: i32,
}

impl Tagger {
    /// Tag a sentence; `tags` is cleared and filled with tag indices.
    pub fn tag(&self, lex: &[Lex], tags: &mut Vec<u8>) {
        tags.clear();
        let two = !self.second.is_empty();
        let mut feats = [0u64; N_FEATS2];
        self.first_pass(lex, &mut feats, |t, scores| {
            let sure = !two || margin(scores, t) >= self.margin;
            tags.push(t as u8 | if sure && two { SURE } else { 0 });
        });
        if !two {
            return;
        }
        // In place: word i reads first-pass tags at i.. only, and its own history from t1/t2.
        let (mut t1, mut t2) = (START, START);
        for i in 0..lex.len() {
            let t = if tags[i] & SURE != 0 {
                (tags[i] & !SURE) as usize
            } else {
                static_features(lex, i, &mut feats);
                dynamic_features(lex, i, t1, t2, &mut feats);
                lookahead_features(lex, i, t1, tags, &mut feats);
                let mut scores = [0i32; N_TAGS];
                self.second.add_scores(&feats, &mut scores);
                argmax(&scores)
            };
            tags[i] = t as u8;
            t2 = t1;
            t1 = t as u64;
        }
    }
}

impl Tagger {
    /// The first-pass margin of every word (for choosing [`Tagger::margin`] when training).
    pub fn first_margins(&self, lex: &[Lex], out: &mut Vec<i32>) {
        let mut feats = [0u64; N_FEATS2];
        self.first_pass(lex, &mut feats, |t, scores| out.push(margin(scores, t)));
    }

    /// The first pass: greedy, left to right, each word's tag read from its own features and
    /// the two tags before it; `each(tag, scores)` sees every word in order.
    fn first_pass(
        &self,
        lex: &[Lex],
        feats: &mut [u64; N_FEATS2],
        mut each: impl FnMut(usize, &[i32; N_TAGS]),
    ) {
        let (mut t1, mut t2) = (START, START);
        for i in 0..lex.len() {
            static_features(lex, i, feats);
            dynamic_features(lex, i, t1, t2, feats);
            let mut scores = [0i32; N_TAGS];
            self.weights.add_scores(&feats[..N_FEATS], &mut scores);
            let t = argmax(&scores);
            each(t, &scores);
            t2 = t1;
            t1 = t as u64;
        }
    }
}

/// Train on one sentence (greedy decoding with the current weights, update on each error);
/// returns the number of correct tags. `first` gives the first pass's tags when training the
/// second pass.
pub fn train_sentence(
    w: &mut TrainWeights,
    lex: &[Lex],
    gold: &[u8],
    first: Option<&[u8]>,
) -> usize {
    let mut feats = [0u64; N_FEATS2];
    let n = if first.is_some() { N_FEATS2 } else { N_FEATS };
    let (mut t1, mut t2) = (START, START);
    let mut correct = 0;
    let mut scores = [0i32; N_TAGS];
    for (i, &g) in gold.iter().enumerate().take(lex.len()) {
        static_features(lex, i, &mut feats);
        dynamic_features(lex, i, t1, t2, &mut feats);
        if let Some(f) = first {
            lookahead_features(lex, i, t1, f, &mut feats);
        }
        w.scores(&feats[..n], &mut scores);
        let p = argmax(&scores);
        let g = g as usize;
        if p == g {
            correct += 1;
        } else {
            w.update(&feats[..n], g, p);
        }
        w.next();
        t2 = t1;
        t1 = p as u64;
    }
    correct
}
