//! Weight tables of the three linear models (tagger, transition classifier, arc labeler).
//!
//! Inference: [`Weights`] maps a feature key to a row of `i16` weights, one per class, through an
//! open-addressing table of 8-byte slots (32-bit fingerprint + row number). A lookup reads one
//! slot and one short row, so a model of a few hundred thousand features stays cache-friendly;
//! unknown features cost one slot read. Rows are quantised averaged-perceptron weights; only the
//! argmax matters, so one scale per table is enough.
//!
//! Training: [`TrainWeights`] keeps integer perceptron weights and the running sums for
//! averaging (Daumé's trick: `avg = w - acc / t`), and turns into a pruned, quantised
//! [`Weights`] at the end.

use crate::io::{Cursor, Sink};
use crate::Error;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A quantised weight table for inference.
#[derive(Debug, Clone)]
pub struct Weights {
    classes: usize,
    mask: usize,
    /// Tables of up to three classes keep the weights in the slot itself
    /// (`fingerprint16 << 48 | w0 << 32 | w1 << 16 | w2`), so a lookup is one memory read;
    /// wider tables keep `fingerprint32 << 32 | row`. 0 is an empty slot (fingerprints are
    /// never 0).
    slots: Vec<u64>,
    inline: bool,
    rows: Vec<i16>,
    keys: Vec<u64>,
}

#[inline(always)]
fn fingerprint(key: u64) -> u64 {
    (key >> 32).max(1)
}

#[inline(always)]
fn fingerprint16(key: u64) -> u64 {
    (key >> 48).max(1)
}

/// Most classes a table keeps inline.
const INLINE: usize = 3;

impl Weights {
    /// Build a table from distinct keys and their rows (`keys.len() * classes` weights); `None`
    /// when a key repeats.
    pub fn new(classes: usize, keys: Vec<u64>, rows: Vec<i16>) -> Option<Weights> {
        debug_assert_eq!(keys.len() * classes, rows.len());
        let inline = classes <= INLINE;
        // Inline tables are probed more often per word: keep them sparser.
        let cap = (keys.len() * if inline { 3 } else { 2 })
            .next_power_of_two()
            .max(16);
        let mask = cap - 1;
        let mut slots = vec![0u64; cap];
        for (row, &key) in keys.iter().enumerate() {
            let mut i = key as usize & mask;
            while slots[i] != 0 {
                if !inline && slots[i] >> 32 == fingerprint(key) {
                    let other = (slots[i] & 0xFFFF_FFFF) as usize;
                    if keys[other] == key {
                        return None;
                    }
                }
                i = (i + 1) & mask;
            }
            slots[i] = if inline {
                let mut v = fingerprint16(key) << 48;
                for (c, &w) in rows[row * classes..(row + 1) * classes].iter().enumerate() {
                    v |= (w as u16 as u64) << (32 - 16 * c);
                }
                v
            } else {
                fingerprint(key) << 32 | row as u64
            };
        }
        let rows = if inline { Vec::new() } else { rows };
        let mut w = Weights {
            classes,
            mask,
            slots,
            inline,
            rows,
            keys,
        };
        if inline {
            // Keep the rows for writing the table back out.
            w.rows = w.keys.iter().flat_map(|&k| w.inline_row(k)).collect();
        }
        Some(w)
    }

    fn inline_row(&self, key: u64) -> Vec<i16> {
        let mut s = [0i32; INLINE];
        self.add_inline(&[key], &mut s);
        s[..self.classes].iter().map(|&x| x as i16).collect()
    }

    /// Number of classes (weights per row).
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features stored.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no feature is stored.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    #[inline(always)]
    fn add_inline(&self, keys: &[u64], scores: &mut [i32]) {
        let mut acc = [0i32; INLINE];
        for &k in keys {
            let fp = fingerprint16(k);
            let mut i = k as usize & self.mask;
            loop {
                let s = self.slots[i];
                if s == 0 {
                    break;
                }
                if s >> 48 == fp {
                    acc[0] += (s >> 32) as u16 as i16 as i32;
                    acc[1] += (s >> 16) as u16 as i16 as i32;
                    acc[2] += s as u16 as i16 as i32;
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s += a;
        }
    }

    #[inline(always)]
    fn row(&self, key: u64) -> Option<&[i16]> {
        let fp = fingerprint(key);
        let mut i = key as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s >> 32 == fp {
                let r = (s & 0xFFFF_FFFF) as usize * self.classes;
                return Some(&self.rows[r..r + self.classes]);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Add the rows of `keys` to `scores` (`scores.len() == classes`).
    #[inline]
    pub fn add_scores(&self, keys: &[u64], scores: &mut [i32]) {
        if self.inline {
            self.add_inline(keys, scores);
            return;
        }
        for &k in keys {
            if let Some(row) = self.row(k) {
                for (s, &w) in scores.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
    }

    /// Serialise: class count, feature count, keys, rows.
    pub fn write(&self, out: &mut Sink) {
        out.u32(self.classes as u32);
        out.u32(self.keys.len() as u32);
        for &k in &self.keys {
            out.u64(k);
        }
        for &w in &self.rows {
            out.i16(w);
        }
    }

    /// Read what [`Weights::write`] wrote.
    pub fn read(cur: &mut Cursor<'_>, what: &str) -> Result<Weights, Error> {
        let classes = cur.u32(what)? as usize;
        let n = cur.u32(what)? as usize;
        if classes == 0 || classes > 1024 {
            return Err(cur.error(format!("{what}: implausible class count {classes}")));
        }
        cur.need(n.saturating_mul(8 + 2 * classes), what)?;
        let keys: Vec<u64> = cur
            .raw(n * 8, what)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let rows: Vec<i16> = cur
            .raw(n * classes * 2, what)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Weights::new(classes, keys, rows)
            .ok_or_else(|| cur.error(format!("{what}: duplicate feature keys")))
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
    map: KeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<i32>,
    acc: Vec<i64>,
    /// Instances seen so far (the averaging clock).
    pub tick: i64,
}

/// Marks a feature the table does not hold yet.
pub const MISSING: u32 = u32::MAX;

impl TrainWeights {
    /// An empty table for `classes` classes.
    pub fn new(classes: usize) -> TrainWeights {
        TrainWeights {
            classes,
            map: KeyMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            acc: Vec::new(),
            tick: 1,
        }
    }

    /// Number of features seen in updates.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True before the first update.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Current (not averaged) scores of the features `keys`.
    pub fn scores(&self, keys: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for k in keys {
            if let Some(&r) = self.map.get(k) {
                let r = r as usize * self.classes;
                for (s, &w) in scores.iter_mut().zip(&self.w[r..r + self.classes]) {
                    *s += w;
                }
            }
        }
    }

    fn row(&mut self, key: u64) -> usize {
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

    /// The averaged weights, quantised to `i16`; features whose largest weight is below
    /// `prune` times the largest weight of the table are dropped (0: only rows that round to
    /// all zeros).
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
        let mut keys = Vec::new();
        let mut rows = Vec::new();
        for (i, &k) in self.keys.iter().enumerate() {
            let row = &avg[i * self.classes..(i + 1) * self.classes];
            let q: Vec<i16> = row.iter().map(|&x| (x * scale).round() as i16).collect();
            let top = row.iter().fold(0f64, |m, &x| m.max(x.abs()));
            if q.iter().any(|&x| x != 0) && top >= prune * max {
                keys.push(k);
                rows.extend(q);
            }
        }
        Weights::new(self.classes, keys, rows).expect("training keys are distinct")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaged_table_scores_like_training_table() {
        let mut t = TrainWeights::new(3);
        for _ in 0..10 {
            t.update(&[11, 22], 0, 1);
            t.next();
        }
        t.update(&[22, 33], 2, 0);
        t.next();
        let w = t.averaged(0.0);
        let mut s = [0i32; 3];
        w.add_scores(&[11, 22, 44], &mut s);
        assert!(s[0] > s[2] && s[2] > s[1], "{s:?}");
        let mut sink = Sink::default();
        w.write(&mut sink);
        let bytes = sink.into_bytes();
        let mut cur = Cursor::new(&bytes, "test");
        let back = Weights::read(&mut cur, "weights").unwrap();
        let mut s2 = [0i32; 3];
        back.add_scores(&[11, 22, 44], &mut s2);
        assert_eq!(s, s2);
    }
}
