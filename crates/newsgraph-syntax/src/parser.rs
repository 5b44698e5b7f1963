//! The dependency parser: greedy arc-hybrid transitions (root at the end of the buffer), an
//! averaged perceptron choosing among three unlabelled transitions, and a second perceptron
//! that labels each arc the moment it is made.
//!
//! Why this shape: three classes per decision keep the transition classifier to a few hundred
//! integer additions per word; the label classifier runs once per word, when the dependent's
//! subtree is complete (arc-hybrid only reduces finished words), so it can read the labels of
//! the dependent's own children. Labels are known as soon as an arc exists, so later decisions
//! read them too. Arc-hybrid with the root at the end of the buffer always yields a projective
//! tree with one root word; the training oracle is the dynamic one of Goldberg & Nivre (2013).
//!
//! Positions: words are 1..=n, the root pseudo-word is n+1 (written as head 0 in output),
//! position 0 stands for "no such word" in features.

use crate::hash::{f1, f2, f3, f4};
use crate::lexical::Lex;
use crate::weights::Weights;

/// Move the first buffer word onto the stack.
pub const SHIFT: usize = 0;
/// Make the stack top a dependent of the first buffer word, and pop it.
pub const LEFT: usize = 1;
/// Make the stack top a dependent of the word below it, and pop it.
pub const RIGHT: usize = 2;
/// Number of transitions.
pub const N_TRANS: usize = 3;
/// Features per transition decision.
pub const N_PARSE_FEATS: usize = 78;
/// Features per labelling decision.
pub const N_LABEL_FEATS: usize = 26;

const NONE_TAG: u64 = 17;
const ROOT_TAG: u64 = 18;
/// The label of a word not attached yet.
pub const NO_LABEL: u16 = u16::MAX;
const NONE_WORD: u64 = crate::hash::bytes(b"<none>");
const ROOT_WORD: u64 = crate::hash::bytes(b"<root>");

/// A parser configuration, reused between sentences (no allocation once warm).
#[derive(Debug, Default, Clone)]
pub struct State {
    n: usize,
    /// Stack of positions, top last.
    pub stack: Vec<u32>,
    /// First buffer position (n+1 is the root).
    pub b: usize,
    /// Head of each position (0 = none yet).
    pub heads: Vec<u32>,
    /// Label of each position's arc.
    pub labels: Vec<u16>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    words: Vec<u64>,
    tags: Vec<u64>,
    sufs: Vec<u64>,
    /// Word-cluster classes of each position: a coarse prefix and the whole path.
    cls: Vec<[u64; 2]>,
}

fn reset_vec<T: Copy>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
}

#[inline(always)]
fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

impl State {
    /// Start parsing a sentence of `lex.len()` words tagged `tags`.
    pub fn reset(&mut self, lex: &[Lex], tags: &[u8]) {
        let n = lex.len();
        self.n = n;
        self.stack.clear();
        self.b = 1;
        let m = n + 2;
        reset_vec(&mut self.heads, m, 0);
        reset_vec(&mut self.labels, m, NO_LABEL);
        for v in [&mut self.lc1, &mut self.lc2, &mut self.rc1, &mut self.rc2] {
            reset_vec(v, m, 0);
        }
        reset_vec(&mut self.nl, m, 0);
        reset_vec(&mut self.nr, m, 0);
        reset_vec(&mut self.lset, m, 0);
        reset_vec(&mut self.rset, m, 0);
        self.words.clear();
        self.tags.clear();
        self.sufs.clear();
        self.cls.clear();
        self.cls.push([NONE_WORD; 2]);
        self.words.push(NONE_WORD);
        self.tags.push(NONE_TAG);
        self.sufs.push(NONE_WORD);
        for (l, &t) in lex.iter().zip(tags) {
            self.words.push(l.norm);
            self.tags.push(t as u64);
            self.sufs.push(l.suf[2]);
            self.cls.push([l.cl[1], l.cl[2]]);
        }
        self.cls.push([ROOT_WORD; 2]);
        self.words.push(ROOT_WORD);
        self.tags.push(ROOT_TAG);
        self.sufs.push(ROOT_WORD);
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for an empty sentence.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The root's position.
    pub fn root(&self) -> usize {
        self.n + 1
    }

    /// True when the parse is complete.
    pub fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b == self.n + 1
    }

    /// Which transitions are allowed. The root takes a dependent only when it is the last word
    /// on the stack, so every tree has exactly one root word.
    #[inline]
    pub fn valid(&self) -> [bool; N_TRANS] {
        let k = self.stack.len();
        let at_root = self.b == self.n + 1;
        [!at_root, k > 0 && (!at_root || k == 1), k > 1]
    }

    #[inline(always)]
    fn s(&self, i: usize) -> usize {
        let k = self.stack.len();
        if i < k {
            self.stack[k - 1 - i] as usize
        } else {
            0
        }
    }

    #[inline(always)]
    fn bi(&self, i: usize) -> usize {
        let p = self.b + i;
        if p <= self.n + 1 {
            p
        } else {
            0
        }
    }

    /// The head and dependent of the arc transition `t` would make (`t` must be valid).
    pub fn arc(&self, t: usize) -> Option<(usize, usize)> {
        match t {
            LEFT => Some((self.b, self.s(0))),
            RIGHT => Some((self.s(1), self.s(0))),
            _ => None,
        }
    }

    /// Apply transition `t` (valid), labelling its arc `label`.
    pub fn apply(&mut self, t: usize, label: u16) {
        match self.arc(t) {
            None => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            Some((h, d)) => {
                self.stack.pop();
                self.heads[d] = h as u32;
                self.labels[d] = label;
                let bit = 1u64 << (label % 64);
                if d < h {
                    self.lc2[h] = self.lc1[h];
                    self.lc1[h] = d as u32;
                    self.nl[h] = self.nl[h].saturating_add(1);
                    self.lset[h] |= bit;
                } else {
                    self.rc2[h] = self.rc1[h];
                    self.rc1[h] = d as u32;
                    self.nr[h] = self.nr[h].saturating_add(1);
                    self.rset[h] |= bit;
                }
            }
        }
    }

    /// Heads in output numbering (0 = root), one per word.
    pub fn output_heads(&self) -> impl Iterator<Item = u32> + '_ {
        let root = self.root() as u32;
        self.heads[1..=self.n]
            .iter()
            .map(move |&h| if h == root { 0 } else { h })
    }

    /// Features of the transition decision.
    pub fn parse_features(&self, out: &mut [u64; N_PARSE_FEATS]) {
        let w = |p: usize| self.words[p];
        let t = |p: usize| self.tags[p];
        let l = |p: usize| self.labels[p] as u64;
        let (s0, s1, s2) = (self.s(0), self.s(1), self.s(2));
        let (b0, b1, b2) = (self.bi(0), self.bi(1), self.bi(2));
        let (s0l, s0l2, s0r, s0r2) = (
            self.lc1[s0] as usize,
            self.lc2[s0] as usize,
            self.rc1[s0] as usize,
            self.rc2[s0] as usize,
        );
        let (s1l, s1r) = (self.lc1[s1] as usize, self.rc1[s1] as usize);
        let (b0l, b0l2) = (self.lc1[b0] as usize, self.lc2[b0] as usize);
        let (s0w, s0t, s1w, s1t, b0w, b0t) = (w(s0), t(s0), w(s1), t(s1), w(b0), t(b0));
        let root = self.n + 1;
        let d = if s0 == 0 {
            0
        } else if b0 == root {
            8
        } else {
            bucket(b0 - s0)
        };
        let d10 = if s1 == 0 || s0 == 0 {
            0
        } else {
            bucket(s0 - s1)
        };
        let c = |p: usize| self.cls[p][1];
        let cc = |p: usize| self.cls[p][0];
        let s0wt = f2(0, s0w, s0t);
        let b0wt = f2(0, b0w, b0t);
        let s1wt = f2(0, s1w, s1t);
        *out = [
            f1(1, s0wt),
            f1(2, s0w),
            f1(3, s0t),
            f1(4, b0wt),
            f1(5, b0w),
            f1(6, b0t),
            f2(7, w(b1), t(b1)),
            f1(8, w(b1)),
            f1(9, t(b1)),
            f1(10, t(b2)),
            f1(11, w(b2)),
            f1(12, s1wt),
            f1(13, s1w),
            f1(14, s1t),
            f1(15, t(s2)),
            f1(16, w(s2)),
            f2(17, s0wt, b0wt),
            f2(18, s0wt, b0w),
            f2(19, s0w, b0wt),
            f2(20, s0wt, b0t),
            f2(21, s0t, b0wt),
            f2(22, s0w, b0w),
            f2(23, s0t, b0t),
            f2(24, b0t, t(b1)),
            f2(25, s1w, s0w),
            f2(26, s1t, s0t),
            f2(27, s1wt, s0t),
            f2(28, s1t, s0wt),
            f3(29, b0t, t(b1), t(b2)),
            f3(30, s0t, b0t, t(b1)),
            f3(31, s1t, s0t, b0t),
            f3(32, t(s2), s1t, s0t),
            f3(33, s0t, t(s0l), b0t),
            f3(34, s0t, t(s0r), b0t),
            f3(35, s0t, b0t, t(b0l)),
            f3(36, s1t, t(s1r), s0t),
            f3(37, s1t, s0t, t(s0l)),
            f2(38, s0w, d),
            f2(39, s0t, d),
            f2(40, b0w, d),
            f2(41, b0t, d),
            f3(42, s0w, b0w, d),
            f3(43, s0t, b0t, d),
            f3(44, s1t, s0t, d10),
            f3(45, s1w, s0w, d10),
            f2(46, s0w, self.nr[s0] as u64),
            f2(47, s0t, self.nr[s0] as u64),
            f2(48, s0w, self.nl[s0] as u64),
            f2(49, s0t, self.nl[s0] as u64),
            f2(50, b0w, self.nl[b0] as u64),
            f2(51, b0t, self.nl[b0] as u64),
            f2(52, s1t, self.nr[s1] as u64),
            f1(53, w(s0l)),
            f2(54, t(s0l), l(s0l)),
            f1(55, w(s0r)),
            f2(56, t(s0r), l(s0r)),
            f1(57, w(b0l)),
            f2(58, t(b0l), l(b0l)),
            f2(59, t(s1r), l(s1r)),
            f2(60, t(s1l), l(s1l)),
            f2(61, t(s0l2), l(s0l2)),
            f2(62, t(s0r2), l(s0r2)),
            f2(63, t(b0l2), l(b0l2)),
            f3(64, s0t, t(s0l), t(s0l2)),
            f3(65, s0t, t(s0r), t(s0r2)),
            f3(66, b0t, t(b0l), t(b0l2)),
            // Word clusters in place of words (full path) and of tags (prefix).
            f1(67, c(s0)),
            f1(68, c(b0)),
            f1(69, c(s1)),
            f1(70, c(b1)),
            f2(71, c(s0), c(b0)),
            f2(72, cc(s0), cc(b0)),
            f2(73, c(s0), b0t),
            f2(74, s0t, c(b0)),
            f2(75, c(s1), c(s0)),
            f3(76, cc(s1), cc(s0), cc(b0)),
            f3(77, cc(s0), cc(b0), d),
            f2(78, cc(b0), cc(b1)),
        ];
    }

    /// Features of labelling the arc `h` → `d`.
    pub fn label_features(&self, h: usize, d: usize, out: &mut [u64; N_LABEL_FEATS]) {
        let w = |p: usize| self.words[p];
        let t = |p: usize| self.tags[p];
        let (dw, dt, hw, ht) = (w(d), t(d), w(h), t(h));
        let left = (d < h) as u64;
        let dist = if h == self.n + 1 {
            8
        } else {
            bucket(h.abs_diff(d))
        };
        let hset = if d < h { self.lset[h] } else { self.rset[h] };
        let dl = self.lc1[d] as usize;
        let dr = self.rc1[d] as usize;
        let next = if d < self.n { d + 1 } else { 0 };
        *out = [
            f1(100, 0),
            f1(101, dw),
            f1(102, dt),
            f2(103, dw, dt),
            f1(104, hw),
            f1(105, ht),
            f2(106, hw, ht),
            f2(107, dt, ht),
            f2(108, dw, ht),
            f2(109, dt, hw),
            f2(110, dw, hw),
            f4(111, dt, ht, left, dist),
            f2(112, dt, self.lset[d]),
            f2(113, dt, self.rset[d]),
            f3(114, dt, ht, self.lset[d] | self.rset[d]),
            f4(115, ht, left, hset, dt),
            f2(116, self.sufs[d], dt),
            f3(117, t(d - 1), t(next), dt),
            f3(118, dt, ht, w(dl)),
            f2(119, dw, left),
            f4(120, dt, ht, t(dl), t(dr)),
            f1(121, self.cls[d][1]),
            f1(122, self.cls[h][1]),
            f2(123, self.cls[d][0], self.cls[h][0]),
            f2(124, self.cls[d][1], ht),
            f2(125, dt, self.cls[h][1]),
        ];
    }

    /// Cost of each transition under the dynamic oracle: how many gold arcs still reachable it
    /// would make unreachable (`i32::MAX` when not allowed). `gold` holds each position's gold
    /// head, the root as n+1.
    pub fn costs(&self, gold: &[u32]) -> [i32; N_TRANS] {
        let v = self.valid();
        let mut c = [i32::MAX; N_TRANS];
        let b0 = self.b;
        let n = self.n;
        let k = self.stack.len();
        if v[SHIFT] {
            let mut x = 0;
            for (i, &s) in self.stack.iter().enumerate() {
                if gold[s as usize] as usize == b0 {
                    x += 1;
                }
                if i + 1 < k && gold[b0] == s {
                    x += 1;
                }
            }
            c[SHIFT] = x;
        }
        if v[LEFT] || v[RIGHT] {
            let s0 = self.s(0);
            let deps = (b0..=n).filter(|&d| gold[d] as usize == s0).count() as i32;
            let g = gold[s0] as usize;
            if v[LEFT] {
                let lost = g != b0 && ((k > 1 && g == self.s(1)) || g > b0);
                c[LEFT] = deps + lost as i32;
            }
            if v[RIGHT] {
                c[RIGHT] = deps + (g >= b0) as i32;
            }
        }
        c
    }
}

/// The best-scoring class among those allowed.
#[inline(always)]
pub fn argmax_valid(scores: &[i32], valid: &[bool]) -> usize {
    let mut best = usize::MAX;
    for i in 0..scores.len() {
        if valid[i] && (best == usize::MAX || scores[i] > scores[best]) {
            best = i;
        }
    }
    best
}

/// The trained parser: transition and label weights.
#[derive(Debug, Clone)]
pub struct Parser {
    /// Transition classifier (3 classes).
    pub trans: Weights,
    /// Arc labeller (one class per relation).
    pub labels: Weights,
    /// The class of `root`.
    pub root_label: u16,
}

impl Parser {
    /// The label of the arc `h` → `d` in `state`.
    #[inline]
    pub fn label(&self, state: &State, h: usize, d: usize, scores: &mut Vec<i32>) -> u16 {
        if h == state.root() {
            return self.root_label;
        }
        let mut feats = [0u64; N_LABEL_FEATS];
        state.label_features(h, d, &mut feats);
        scores.clear();
        scores.resize(self.labels.classes(), 0);
        self.labels.add_scores(&feats, scores);
        scores[self.root_label as usize] = i32::MIN;
        let mut best = 0;
        for (i, &s) in scores.iter().enumerate() {
            if s > scores[best] {
                best = i;
            }
        }
        best as u16
    }

    /// Parse the sentence `state` was reset with.
    pub fn parse(&self, state: &mut State, scores: &mut Vec<i32>) {
        let mut feats = [0u64; N_PARSE_FEATS];
        while !state.terminal() {
            let valid = state.valid();
            let t = if valid.iter().filter(|&&v| v).count() == 1 {
                valid.iter().position(|&v| v).unwrap_or(SHIFT)
            } else {
                state.parse_features(&mut feats);
                let mut s = [0i32; N_TRANS];
                self.trans.add_scores(&feats, &mut s);
                argmax_valid(&s, &valid)
            };
            let label = match state.arc(t) {
                Some((h, d)) => self.label(state, h, d, scores),
                None => NO_LABEL,
            };
            state.apply(t, label);
        }
    }
}
