//! The tagger's lookup tables. Looking features up is the tagger's hot spot (some 45 lookups a
//! token, most of them misses), so both tables are open-addressing arrays probed linearly, and
//! the weight table probes a compact array of fingerprints that stays in cache, reading a
//! feature's weights only when it has some.

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

/// Open-addressing table from feature hash to its row of `N_TAGS` quantised weights.
///
/// The probe reads only `fps`, an array of 32-bit fingerprints (0: empty) small enough to stay
/// in the CPU's caches (4 bytes a slot: 16 slots a cache line); the weights of slot `i` are
/// `rows[i]`, read only on a hit. Most lookups are misses, so most cost one cached read, where
/// slots holding fingerprint and weights together (32 bytes) spread the same probes over a table
/// eight times larger, which missed the caches.
#[derive(Debug)]
pub(super) struct WeightTable {
    fps: Vec<u32>,
    rows: Vec<[i16; N_TAGS]>,
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
        // is within one cache line of fingerprints.
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut t = WeightTable {
            fps: vec![0; cap],
            rows: vec![[0; N_TAGS]; cap],
            mask: cap - 1,
        };
        for (k, w) in rows {
            let mut i = (k as usize) & t.mask;
            while t.fps[i] != 0 {
                i = (i + 1) & t.mask;
            }
            t.fps[i] = fingerprint(k);
            t.rows[i] = w;
        }
        t
    }

    /// The weights of feature `k`, if it has any.
    #[inline]
    pub(super) fn get(&self, k: u64) -> Option<&[i16; N_TAGS]> {
        let fp = fingerprint(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let f = self.fps[i];
            if f == 0 {
                return None;
            }
            if f == fp {
                return Some(&self.rows[i]);
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
