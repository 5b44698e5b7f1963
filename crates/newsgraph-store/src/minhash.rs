//! Near-duplicate articles: MinHash signatures over word 5-shingles, with LSH banding so that
//! a new document is compared only with the documents sharing a band, not with all of them.
//!
//! Why MinHash: a wire story republished with a new headline, a trimmed paragraph or a fixed
//! typo keeps most of its 5-word shingles, so the estimated Jaccard similarity of two copies
//! stays high while two articles on the same event from different newsrooms share few
//! shingles. Signatures are stored (`doc_minhash`), so each document is hashed once; the hash
//! is FNV-1a with SplitMix64 permutations, stable across builds and platforms.

use crate::db::Db;
use crate::params;
use crate::Result;
use newsgraph::text::hash::{splitmix64 as splitmix, Fnv};
use std::collections::BTreeSet;

/// Number of hash functions in a signature.
pub const HASHES: usize = 64;
/// LSH bands (of `HASHES / BANDS` rows each): with 16 bands of 4, pairs of similarity 0.7 are
/// candidates with probability 0.98, pairs of 0.3 with 0.12.
const BANDS: usize = 16;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Estimated similarity from which two documents are near-duplicates.
pub const THRESHOLD: f64 = 0.7;

/// The MinHash signature of a text's word 5-shingles (words: lower-cased alphanumeric runs);
/// `None` for texts shorter than one shingle.
pub fn signature(text: &str) -> Option<Vec<u64>> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < SHINGLE {
        return None;
    }
    let mut sig = vec![u64::MAX; HASHES];
    let seeds: Vec<u64> = (0..HASHES as u64).map(|i| splitmix(i + 1)).collect();
    for w in words.windows(SHINGLE) {
        let mut h = Fnv::new();
        for word in w {
            h.write(word.as_bytes());
            h.write(b" ");
        }
        let base = h.finish();
        for (slot, seed) in sig.iter_mut().zip(&seeds) {
            let v = splitmix(base ^ seed);
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig)
}

/// The estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

fn band_hashes(sig: &[u64]) -> Vec<i64> {
    sig.chunks(HASHES / BANDS)
        .map(|rows| {
            let mut h = Fnv::new();
            for r in rows {
                h.write(&r.to_le_bytes());
            }
            h.finish() as i64
        })
        .collect()
}

fn to_blob(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn from_blob(blob: &[u8]) -> Vec<u64> {
    blob.chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            u64::from_le_bytes(b)
        })
        .collect()
}

/// Compute and store the signatures of `docs`, and link each to the earlier documents it
/// nearly duplicates; returns the number of pairs found.
pub(crate) fn add(conn: &Db, docs: &[i64]) -> Result<u64> {
    let mut text_of = conn.prepare_cached("SELECT text FROM documents WHERE seq = ?1")?;
    let mut insert_sig = conn.prepare_cached(
        "INSERT INTO doc_minhash (doc, signature) VALUES (?1, ?2)
         ON CONFLICT (doc) DO UPDATE SET signature = excluded.signature",
    )?;
    let mut insert_band = conn.prepare_cached(
        "INSERT INTO doc_minhash_bands (band, bucket, doc) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?;
    let mut same_bucket = conn.prepare_cached(
        "SELECT b.doc, m.signature FROM doc_minhash_bands b JOIN doc_minhash m ON m.doc = b.doc
         WHERE b.band = ?1 AND b.bucket = ?2 AND b.doc != ?3",
    )?;
    let mut insert_pair = conn.prepare_cached(
        "INSERT INTO doc_duplicates (doc_a, doc_b, similarity) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?;
    let mut pairs = 0;
    for &doc in docs {
        let text: String = text_of.query_row([doc], |r| r.get(0))?;
        let Some(sig) = signature(&text) else {
            continue;
        };
        let bands = band_hashes(&sig);
        let mut seen = BTreeSet::new();
        for (band, bucket) in bands.iter().enumerate() {
            let rows = same_bucket.query_map(params![band as i64, bucket, doc], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            for row in rows {
                let (other, blob) = row?;
                if !seen.insert(other) {
                    continue;
                }
                let s = similarity(&sig, &from_blob(&blob));
                if s >= THRESHOLD {
                    let (a, b) = (other.min(doc), other.max(doc));
                    pairs += insert_pair.execute(params![a, b, s])? as u64;
                }
            }
        }
        insert_sig.execute(params![doc, to_blob(&sig)])?;
        for (band, bucket) in bands.iter().enumerate() {
            insert_band.execute(params![band as i64, bucket, doc])?;
        }
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Foreign ministers of the four Pacific partners met in the capital on \
        Tuesday and agreed to expand joint patrols, share satellite data and hold a second \
        round of talks before the end of the year, officials said after the meeting.";

    #[test]
    fn similarity_high_for_republished_copy_low_for_other_story() {
        let copy = STORY.replace("officials said", "officials told reporters");
        let other = "The central bank left interest rates unchanged on Thursday, citing \
                     stubborn inflation in services and a weaker outlook for exports next year.";
        let a = signature(STORY).unwrap();
        assert!(similarity(&a, &signature(&copy).unwrap()) >= THRESHOLD);
        assert!(similarity(&a, &signature(other).unwrap()) < 0.2);
        assert_eq!(signature("too short"), None);
    }

    #[test]
    fn signature_is_stable_and_round_trips() {
        let a = signature(STORY).unwrap();
        assert_eq!(a, signature(STORY).unwrap());
        assert_eq!(from_blob(&to_blob(&a)), a);
        assert_eq!(band_hashes(&a).len(), BANDS);
    }
}
