//! Feature hashing. Every feature is a 64-bit key built from a template number and small parts
//! (word hashes, tag and label numbers); the weight tables are keyed by it. Keys are computed
//! the same way in training and inference, so the two cannot drift apart.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Fold one part into a running hash (FxHash-style: cheap, good enough before [`finish`]).
#[inline(always)]
pub fn combine(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// The splitmix64 finaliser: spreads every input bit over the key, so the low bits (table slot)
/// and the high bits (fingerprint) are both well mixed.
#[inline(always)]
pub const fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a of a byte string, finalised.
#[inline]
pub const fn bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    finish(h)
}

/// The key of a feature with one part.
#[inline(always)]
pub fn f1(t: u64, a: u64) -> u64 {
    finish(combine(combine(t, a), 1))
}

/// The key of a feature with two parts.
#[inline(always)]
pub fn f2(t: u64, a: u64, b: u64) -> u64 {
    finish(combine(combine(combine(t, a), b), 2))
}

/// The key of a feature with three parts.
#[inline(always)]
pub fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(combine(combine(combine(combine(t, a), b), c), 3))
}

/// The key of a feature with four parts.
#[inline(always)]
pub fn f4(t: u64, a: u64, b: u64, c: u64, d: u64) -> u64 {
    finish(combine(
        combine(combine(combine(combine(t, a), b), c), d),
        4,
    ))
}

/// A checksum of a byte string (FNV-1a, finalised), for the end of the weights file.
pub fn checksum(b: &[u8]) -> u64 {
    bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_in_different_order_give_different_keys() {
        assert_ne!(f2(1, 2, 3), f2(1, 3, 2));
        assert_ne!(f1(1, 2), f1(2, 1));
        assert_ne!(f2(1, 0, 0), f3(1, 0, 0, 0));
    }
}
