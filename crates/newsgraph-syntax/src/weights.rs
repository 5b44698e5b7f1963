//! Weight tables of the three linear models (tagger, transition classifier, arc labeller).
//!
//! Two layouts, chosen per table when training:
//! - *keyed*: an open-addressing table of 8-byte slots (32-bit fingerprint + row number) over
//!   the features that survived training, each with a row of `i16` weights. Exact, and small
//!   when few features survive (the tagger).
//! - *hashed* (the hashing trick): the top `bits` bits of the feature key pick a row of a dense
//!   table; features that share a row share weights, and training learns around that. A lookup
//!   is one read at a computed address: no probing, no branch, and the table has a fixed size
//!   chosen to stay in cache (the parser, whose configurations produce millions of distinct
//!   features). Rows of three classes are padded to four so one read fetches a whole row.
//!
//! Weights are quantised averaged-perceptron weights; only the argmax matters, so one scale per
//! table is enough. [`TrainWeights`] keeps integer perceptron weights and the running sums for
//! averaging (Daumé's trick: `avg = w - acc / t`) in the same layout.

use crate::io::{Cursor, Sink};
use crate::Error;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Largest `bits` of a hashed table.
pub const MAX_BITS: u32 = 24;

/// How a table finds a feature's row.
#[derive(Debug, Clone)]
enum Layout {
    /// Open addressing: `fingerprint << 32 | row`, 0 = empty (fingerprints are never 0).
    Keyed {
        mask: usize,
        slots: Vec<u64>,
        keys: Vec<u64>,
    },
    /// Row = top `bits` bits of the key.
    Hashed { bits: u32 },
}

/// A quantised weight table for inference.
#[derive(Debug, Clone)]
pub struct Weights {
    classes: usize,
    /// Weights per row in memory (classes, or 4 for tables of 3).
    stride: usize,
    layout: Layout,
    rows: Vec<i16>,
}

#[inline(always)]
fn fingerprint(key: u64) -> u64 {
    (key >> 32).max(1)
}

fn stride_for(classes: usize) -> usize {
    if classes == 3 {
        4
    } else {
        classes
    }
}

/// Keys whose slots are read ahead in one batch.
const MAX_KEYS: usize = 96;

impl Weights {
    /// A keyed table from distinct keys and their rows (`keys.len() * classes` weights); `None`
    /// when a key repeats.
    pub fn keyed(classes: usize, keys: Vec<u64>, rows: Vec<i16>) -> Option<Weights> {
        debug_assert_eq!(keys.len() * classes, rows.len());
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![0u64; cap];
        for (row, &key) in keys.iter().enumerate() {
            let mut i = key as usize & mask;
            while slots[i] != 0 {
                if slots[i] >> 32 == fingerprint(key)
                    && keys[(slots[i] & 0xFFFF_FFFF) as usize] == key
                {
                    return None;
                }
                i = (i + 1) & mask;
            }
            slots[i] = fingerprint(key) << 32 | row as u64;
        }
        Some(Weights {
            classes,
            stride: classes,
            layout: Layout::Keyed { mask, slots, keys },
            rows,
        })
    }

    /// A hashed table of `2^bits` rows given as `2^bits * classes` weights.
    pub fn hashed(classes: usize, bits: u32, weights: &[i16]) -> Weights {
        Weights::hashed_from(classes, bits, weights.chunks_exact(classes))
    }

    /// A hashed table from its rows of `classes` weights, written straight into the padded
    /// layout (a model file's rows go in without a second full-size copy of the table).
    fn hashed_from<'a>(
        classes: usize,
        bits: u32,
        weights: impl Iterator<Item = &'a [i16]>,
    ) -> Weights {
        let stride = stride_for(classes);
        let mut rows = vec![0i16; (1usize << bits) * stride];
        for (r, w) in weights.enumerate().take(1usize << bits) {
            rows[r * stride..r * stride + classes].copy_from_slice(w);
        }
        Weights {
            classes,
            stride,
            layout: Layout::Hashed { bits },
            rows,
        }
    }

    /// Number of classes (weights per row).
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of rows stored (features of a keyed table).
    pub fn len(&self) -> usize {
        self.rows.len() / self.stride
    }

    /// True when no row is stored.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Add the rows of `keys` to `scores` (`scores.len() == classes`).
    #[inline]
    pub fn add_scores(&self, keys: &[u64], scores: &mut [i32]) {
        match &self.layout {
            Layout::Hashed { bits } => {
                let shift = 64 - bits;
                if self.stride == 4 {
                    let mut acc = [0i32; 4];
                    for &k in keys {
                        let r = (k >> shift) as usize * 4;
                        let row = &self.rows[r..r + 4];
                        for c in 0..4 {
                            acc[c] += row[c] as i32;
                        }
                    }
                    for (s, a) in scores.iter_mut().zip(acc) {
                        *s += a;
                    }
                } else {
                    let c = self.stride;
                    for &k in keys {
                        let r = (k >> shift) as usize * c;
                        for (s, &w) in scores.iter_mut().zip(&self.rows[r..r + c]) {
                            *s += w as i32;
                        }
                    }
                }
            }
            Layout::Keyed { mask, slots, .. } => {
                // Read every key's first slot before looking at any, so the memory reads
                // overlap instead of waiting on one another's branches.
                let mut first = [0u64; MAX_KEYS];
                let n = keys.len().min(MAX_KEYS);
                for (f, &k) in first.iter_mut().zip(&keys[..n]) {
                    *f = slots[k as usize & mask];
                }
                for (j, &k) in keys.iter().enumerate() {
                    let mut i = k as usize & mask;
                    let mut s = if j < n { first[j] } else { slots[i] };
                    let fp = fingerprint(k);
                    while s != 0 && s >> 32 != fp {
                        i = (i + 1) & mask;
                        s = slots[i];
                    }
                    if s != 0 {
                        let r = (s & 0xFFFF_FFFF) as usize * self.classes;
                        for (s, &w) in scores.iter_mut().zip(&self.rows[r..r + self.classes]) {
                            *s += w as i32;
                        }
                    }
                }
            }
        }
    }

    /// A copy without the rows whose largest weight (in absolute value) is below `min` (keyed
    /// tables; a hashed table is returned unchanged).
    pub fn pruned(&self, min: i16) -> Weights {
        let Layout::Keyed { keys, .. } = &self.layout else {
            return self.clone();
        };
        let c = self.classes;
        let mut kept = Vec::new();
        let mut rows = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let row = &self.rows[i * c..(i + 1) * c];
            if row.iter().any(|w| w.unsigned_abs() >= min.unsigned_abs()) {
                kept.push(k);
                rows.extend_from_slice(row);
            }
        }
        Weights::keyed(c, kept, rows).unwrap_or_else(|| self.clone())
    }

    /// Serialise: layout (0 keyed, 1 hashed), class count, then feature count, keys and rows
    /// (keyed) or `bits` and every row (hashed).
    pub fn write(&self, out: &mut Sink) {
        match &self.layout {
            Layout::Keyed { keys, .. } => {
                out.u8(0);
                out.u32(self.classes as u32);
                out.u32(keys.len() as u32);
                for &k in keys {
                    out.u64(k);
                }
                for &w in &self.rows {
                    out.i16(w);
                }
            }
            Layout::Hashed { bits } => {
                out.u8(1);
                out.u32(self.classes as u32);
                out.u32(*bits);
                for row in self.rows.chunks_exact(self.stride) {
                    for &w in &row[..self.classes] {
                        out.i16(w);
                    }
                }
            }
        }
    }

    /// Read what [`Weights::write`] wrote.
    pub fn read(cur: &mut Cursor<'_>, what: &str) -> Result<Weights, Error> {
        let layout = cur.u8(what)?;
        let classes = cur.u32(what)? as usize;
        if classes == 0 || classes > 1024 {
            return Err(cur.error(format!("{what}: implausible class count {classes}")));
        }
        let i16s = |b: &[u8]| -> Vec<i16> {
            b.chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect()
        };
        match layout {
            0 => {
                let n = cur.u32(what)? as usize;
                cur.need(n.saturating_mul(8 + 2 * classes), what)?;
                let keys: Vec<u64> = cur
                    .raw(n * 8, what)?
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                    .collect();
                let rows = i16s(cur.raw(n * classes * 2, what)?);
                Weights::keyed(classes, keys, rows)
                    .ok_or_else(|| cur.error(format!("{what}: duplicate feature keys")))
            }
            1 => {
                let bits = cur.u32(what)?;
                if bits == 0 || bits > MAX_BITS {
                    return Err(cur.error(format!("{what}: implausible table size 2^{bits}")));
                }
                let n = (1usize << bits) * classes;
                let bytes = cur.raw(n * 2, what)?;
                let mut row = vec![0i16; classes];
                let mut t = Weights::hashed_from(classes, bits, std::iter::empty());
                for (r, b) in bytes.chunks_exact(classes * 2).enumerate() {
                    for (w, c) in row.iter_mut().zip(b.chunks_exact(2)) {
                        *w = i16::from_le_bytes([c[0], c[1]]);
                    }
                    t.rows[r * t.stride..r * t.stride + classes].copy_from_slice(&row);
                }
                Ok(t)
            }
            x => Err(cur.error(format!("{what}: unknown table layout {x}"))),
        }
    }
}

/// A hasher that passes already-mixed 64-bit keys through.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = crate::hash::combine(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature keys.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Perceptron weights while training.
pub struct TrainWeights {
    classes: usize,
    /// 0: keyed (a row per distinct feature); else hashed into `2^bits` rows.
    bits: u32,
    map: KeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<i32>,
    acc: Vec<i64>,
    /// Instances seen so far (the averaging clock).
    pub tick: i64,
}

impl TrainWeights {
    /// An empty keyed table for `classes` classes.
    pub fn new(classes: usize) -> TrainWeights {
        TrainWeights::with_bits(classes, 0)
    }

    /// An empty table: keyed when `bits` is 0, else hashed into `2^bits` rows.
    pub fn with_bits(classes: usize, bits: u32) -> TrainWeights {
        let bits = bits.min(MAX_BITS);
        let n = if bits == 0 {
            0
        } else {
            (1usize << bits) * classes
        };
        TrainWeights {
            classes,
            bits,
            map: KeyMap::default(),
            keys: Vec::new(),
            w: vec![0; n],
            acc: vec![0; n],
            tick: 1,
        }
    }

    /// Number of rows in use.
    pub fn len(&self) -> usize {
        if self.bits == 0 {
            self.keys.len()
        } else {
            self.w
                .chunks_exact(self.classes)
                .filter(|r| r.iter().any(|&x| x != 0))
                .count()
        }
    }

    /// True before the first update.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        if self.bits == 0 {
            self.map.get(&key).map(|&r| r as usize * self.classes)
        } else {
            Some((key >> (64 - self.bits)) as usize * self.classes)
        }
    }

    /// Current (not averaged) scores of the features `keys`.
    pub fn scores(&self, keys: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for &k in keys {
            if let Some(r) = self.find(k) {
                for (s, &w) in scores.iter_mut().zip(&self.w[r..r + self.classes]) {
                    *s += w;
                }
            }
        }
    }

    fn row(&mut self, key: u64) -> usize {
        if self.bits > 0 {
            return (key >> (64 - self.bits)) as usize * self.classes;
        }
        let next = self.keys.len() as u32;
        let r = *self.map.entry(key).or_insert(next);
        if r == next {
            self.keys.push(key);
            self.w.extend(std::iter::repeat_n(0, self.classes));
            self.acc.extend(std::iter::repeat_n(0, self.classes));
        }
        r as usize * self.classes
    }

    /// Perceptron update: reward class `good`, penalise class `bad`.
    pub fn update(&mut self, keys: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let t = self.tick;
        for &k in keys {
            let r = self.row(k);
            self.w[r + good] += 1;
            self.acc[r + good] += t;
            self.w[r + bad] -= 1;
            self.acc[r + bad] -= t;
        }
    }

    /// Advance the averaging clock by one instance.
    pub fn next(&mut self) {
        self.tick += 1;
    }

    /// The averaged weights, quantised to `i16`. In a keyed table, features whose largest
    /// weight is below `prune` times the largest weight of the table are dropped (0: only rows
    /// that round to all zeros).
    pub fn averaged(&self, prune: f64) -> Weights {
        let t = self.tick as f64;
        let avg: Vec<f64> = self
            .w
            .iter()
            .zip(&self.acc)
            .map(|(&w, &a)| w as f64 - a as f64 / t)
            .collect();
        let max = avg.iter().fold(0f64, |m, &x| m.max(x.abs())).max(1e-9);
        let scale = 32000.0 / max;
        let q = |x: f64| (x * scale).round() as i16;
        if self.bits > 0 {
            let rows: Vec<i16> = avg.iter().map(|&x| q(x)).collect();
            return Weights::hashed(self.classes, self.bits, &rows);
        }
        let mut keys = Vec::new();
        let mut rows = Vec::new();
        for (i, &k) in self.keys.iter().enumerate() {
            let row = &avg[i * self.classes..(i + 1) * self.classes];
            let top = row.iter().fold(0f64, |m, &x| m.max(x.abs()));
            if row.iter().any(|&x| q(x) != 0) && top >= prune * max {
                keys.push(k);
                rows.extend(row.iter().map(|&x| q(x)));
            }
        }
        Weights::keyed(self.classes, keys, rows).expect("training keys are distinct")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(t: &TrainWeights) {
        let w = t.averaged(0.0);
        let mut s = [0i32; 3];
        w.add_scores(&[11 << 56, 22 << 56, 44 << 56], &mut s);
        assert!(s[0] > s[2] && s[2] > s[1], "{s:?}");
        let mut sink = Sink::default();
        w.write(&mut sink);
        let bytes = sink.into_bytes();
        let mut cur = Cursor::new(&bytes, "test");
        let back = Weights::read(&mut cur, "weights").unwrap();
        let mut s2 = [0i32; 3];
        back.add_scores(&[11 << 56, 22 << 56, 44 << 56], &mut s2);
        assert_eq!(s, s2);
    }

    #[test]
    fn averaged_tables_score_like_training_tables() {
        for bits in [0, 12] {
            let mut t = TrainWeights::with_bits(3, bits);
            for _ in 0..10 {
                t.update(&[11 << 56, 22 << 56], 0, 1);
                t.next();
            }
            t.update(&[22 << 56, 33 << 56], 2, 0);
            t.next();
            check(&t);
        }
    }
}
