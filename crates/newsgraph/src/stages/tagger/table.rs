//! The tagger's lookup tables. Looking features up is the tagger's hot spot (some 45 lookups a
//! token, most of them misses on a multi-megabyte table), so both tables are open-addressing
//! arrays probed linearly, and the weight table keeps each feature's weights inside its slot:
//! a hit or a miss touches one cache line, where a key table plus a separate weight array
//! touches two.

use super::N_TAGS;

/// Open-addressing table from 64-bit key to row number. A slot packs the key's high 32 bits
/// (a fingerprint; the low bits chose the slot) with the row number plus one.
#[derive(Debug)]
pub(super) struct KeyTable {
    slots: Vec<u64>,
    mask: usize,
}

impl KeyTable {
    /// A table over `keys` (non-zero); row `i` is `keys[i]`.
    pub(super) fn new(keys: &[u64]) -> KeyTable {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = KeyTable {
            slots: vec![0; cap],
            mask: cap - 1,
        };
        for (row, &k) in keys.iter().enumerate() {
            let mut i = (k as usize) & t.mask;
            while t.slots[i] != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = (k & 0xFFFF_FFFF_0000_0000) | (row as u64 + 1);
        }
        t
    }

    #[inline]
    pub(super) fn get(&self, k: u64) -> Option<usize> {
        let fp = k & 0xFFFF_FFFF_0000_0000;
        let mut i = (k as usize) & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if slot & 0xFFFF_FFFF_0000_0000 == fp {
                return Some((slot & 0xFFFF_FFFF) as usize - 1);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// One slot of the weight table: a 32-bit fingerprint of the feature (0: empty) and its
/// quantised weights, 32 bytes aligned so that a slot never straddles two cache lines.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    fp: u32,
    w: [i16; N_TAGS],
}

const EMPTY: Slot = Slot {
    fp: 0,
    w: [0; N_TAGS],
};

/// Open-addressing table from feature hash to its row of `N_TAGS` quantised weights.
#[derive(Debug)]
pub(super) struct WeightTable {
    slots: Vec<Slot>,
    mask: usize,
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

impl WeightTable {
    /// A table over `(feature hash, weights)` rows; keys must be distinct.
    pub(super) fn new(rows: impl ExactSizeIterator<Item = (u64, [i16; N_TAGS])>) -> WeightTable {
        // Load factor at most 1/2: a miss (the common case) then probes ~2.5 slots, which
        // is within one or two cache lines.
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut t = WeightTable {
            slots: vec![EMPTY; cap],
            mask: cap - 1,
        };
        for (k, w) in rows {
            let mut i = (k as usize) & t.mask;
            while t.slots[i].fp != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = Slot {
                fp: fingerprint(k),
                w,
            };
        }
        t
    }

    /// The weights of feature `k`, if it has any.
    #[inline]
    pub(super) fn get(&self, k: u64) -> Option<&[i16; N_TAGS]> {
        let fp = fingerprint(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.fp == 0 {
                return None;
            }
            if slot.fp == fp {
                return Some(&slot.w);
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_find_their_keys_and_nothing_else() {
        let keys: Vec<u64> = (1..500u64)
            .map(|i| super::super::features::feat(7, &[i]))
            .collect();
        let kt = KeyTable::new(&keys);
        let wt = WeightTable::new(keys.iter().enumerate().map(|(i, &k)| {
            let mut w = [0i16; N_TAGS];
            w[i % N_TAGS] = i as i16;
            (k, w)
        }));
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(kt.get(k), Some(i));
            assert_eq!(wt.get(k).map(|w| w[i % N_TAGS]), Some(i as i16));
        }
        let absent = super::super::features::feat(8, &[1]);
        assert_eq!(kt.get(absent), None);
        assert!(wt.get(absent).is_none());
    }
}
