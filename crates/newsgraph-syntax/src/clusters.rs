//! Word clusters (Koo, Carreras & Collins 2008): each known word has a path of left/right
//! steps in a binary tree of distributionally similar words, and a prefix of the path is a
//! coarser class. The tagger and the parser read path prefixes as features, so a word seen
//! rarely in the treebank shares weights with the words it is used like.
//!
//! The paths come from a `word<TAB>path` file (`data/syntax/MODEL.md` names it and how it was
//! made) when training and are stored inside the model file, so the model reads nothing else
//! at run time. Words are keyed by the hash of their normal form ([`crate::lexical`]).

use crate::hash;
use crate::io::{Cursor, Sink};
use crate::lexical::normalize_into;
use crate::weights::KeyMap;
use crate::Error;

/// Longest path stored (steps).
pub const MAX_DEPTH: u32 = 16;
/// The prefix lengths read as features, shortest first; the last takes the whole path.
pub const PREFIXES: [u32; 3] = [4, 7, MAX_DEPTH];

/// Cluster paths by normal-form hash.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// Packed path: length in the top byte, steps in the low bits (first step highest).
    map: KeyMap<u32>,
}

/// The feature parts of a word with no cluster (one shared class: "rare or unseen").
const UNKNOWN: u64 = hash::bytes(b"<no cluster>");

impl Clusters {
    /// Read `word<TAB>path` lines (`path` a string of `0`/`1`); lines starting with `#` and
    /// blank lines are skipped. `origin` names the text in errors.
    pub fn from_tsv(text: &str, origin: &str) -> Result<Clusters, Error> {
        let mut map = KeyMap::default();
        let mut buf = String::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| Error::Conllu {
                origin: origin.to_string(),
                line: i + 1,
                message,
            };
            let (word, path) = line
                .split_once('\t')
                .ok_or_else(|| bad("expected word<TAB>path".into()))?;
            if path.len() > MAX_DEPTH as usize || !path.bytes().all(|b| b == b'0' || b == b'1') {
                return Err(bad(format!("bad cluster path {path:?}")));
            }
            let bits = path
                .bytes()
                .fold(0u32, |acc, b| (acc << 1) | (b - b'0') as u32);
            normalize_into(word, &mut buf);
            map.insert(
                hash::bytes(buf.as_bytes()),
                (path.len() as u32) << 24 | bits,
            );
        }
        Ok(Clusters { map })
    }

    /// Number of words with a path.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word has a path (a model trained without clusters).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The feature parts of the word whose normal form hashes to `norm`: one per entry of
    /// [`PREFIXES`], each a hash of the prefix and its length.
    #[inline]
    pub fn parts(&self, norm: u64) -> [u64; 3] {
        let Some(&packed) = self.map.get(&norm) else {
            return [UNKNOWN; 3];
        };
        let len = packed >> 24;
        let bits = packed & 0xFF_FFFF;
        PREFIXES.map(|p| {
            let k = p.min(len);
            hash::f2(40, k as u64, (bits >> (len - k)) as u64)
        })
    }

    /// Serialise: count, then (normal-form hash, packed path) sorted by hash.
    pub fn write(&self, out: &mut Sink) {
        let mut entries: Vec<(u64, u32)> = self.map.iter().map(|(&k, &v)| (k, v)).collect();
        entries.sort_unstable();
        out.u32(entries.len() as u32);
        for (k, v) in entries {
            out.u64(k);
            out.u32(v);
        }
    }

    /// Read what [`Clusters::write`] wrote.
    pub fn read(cur: &mut Cursor<'_>) -> Result<Clusters, Error> {
        let n = cur.u32("word clusters")? as usize;
        cur.need(n.saturating_mul(12), "word clusters")?;
        let mut map = KeyMap::default();
        map.reserve(n);
        for _ in 0..n {
            let k = cur.u64("word clusters")?;
            let v = cur.u32("word clusters")?;
            if v >> 24 > MAX_DEPTH {
                return Err(cur.error(format!("word clusters: path of {} steps", v >> 24)));
            }
            map.insert(k, v);
        }
        Ok(Clusters { map })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_group_words_with_shared_paths() {
        let c =
            Clusters::from_tsv("# x\nMonday\t01101100\nfriday\t01101101\ncat\t1\n", "t").unwrap();
        let h = |w: &str| hash::bytes(w.as_bytes());
        let (mon, fri) = (c.parts(h("monday")), c.parts(h("friday")));
        assert_eq!(mon[0], fri[0]);
        assert_eq!(mon[1], fri[1]);
        assert_ne!(mon[2], fri[2]);
        assert_ne!(c.parts(h("cat"))[0], mon[0]);
        assert_eq!(c.parts(h("dog")), [UNKNOWN; 3]);
        let mut sink = Sink::default();
        c.write(&mut sink);
        let bytes = sink.into_bytes();
        let back = Clusters::read(&mut Cursor::new(&bytes, "t")).unwrap();
        assert_eq!(back.parts(h("friday")), fri);
        assert!(Clusters::from_tsv("a\t012\n", "t").is_err());
    }
}
