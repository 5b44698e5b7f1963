//! The weights file: loading and checking it ([`Tagger::load`], [`Tagger::from_bytes`]) and
//! writing it ([`write_weights`], called by the training program). One file holds the sorted
//! feature keys, the word table, the sparse quantised weight rows and a checksum, so a corrupt
//! or truncated file is an error that names it rather than a silently wrong model.

use super::features::hash_bytes;
use super::table::WeightTable;
use super::{transition_feature, Tagger, WordInfo, N_TAGS};
use crate::data::DataDir;
use crate::error::{Error, Result};
use std::path::Path;

/// The weights file, relative to `data/`.
pub const WEIGHTS_FILE: &str = "tagger/weights.bin";

/// First bytes of a weights file (format version 3: word table values are `u32`).
const MAGIC: &[u8; 8] = b"NGTAGv03";

impl Tagger {
    /// Load the weights from `data/`, or `None` when they are absent.
    pub fn load(data: &DataDir) -> Result<Option<Tagger>> {
        let bytes = match data.read_bytes(WEIGHTS_FILE) {
            Ok(b) => b,
            Err(Error::Resource {
                line: 0, message, ..
            }) if message == "resource file not found" => return Ok(None),
            Err(e) => return Err(e),
        };
        Tagger::from_bytes(&bytes, &data.path_of(WEIGHTS_FILE)).map(Some)
    }

    /// Parse a weights file; `path` is only for error messages.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Tagger> {
        let bad = |m: &str| Error::resource(path, 0, format!("bad tagger weights: {m}"));
        if bytes.len() < MAGIC.len() + 8 + 8 || &bytes[..8] != MAGIC {
            return Err(bad("not a weights file (wrong magic or too short)"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let stored = u64::from_le_bytes(sum.try_into().map_err(|_| bad("checksum"))?);
        if hash_bytes(body) != stored {
            return Err(bad("checksum mismatch (truncated or corrupt)"));
        }
        let mut r = Reader { b: body, at: 8 };
        let n_tags = r.u32().ok_or_else(|| bad("truncated header"))? as usize;
        if n_tags != N_TAGS {
            return Err(bad(&format!("{n_tags} tags, expected {N_TAGS}")));
        }
        let scale = r.f32().ok_or_else(|| bad("truncated header"))?;
        let n = r.u32().ok_or_else(|| bad("truncated header"))? as usize;
        if n > body.len() / 8 {
            return Err(bad("feature count larger than the file"));
        }
        let mut keys = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.u64().ok_or_else(|| bad("truncated keys"))?;
            if k == 0 || keys.last().is_some_and(|&p| p >= k) {
                return Err(bad("feature keys not sorted, distinct and non-zero"));
            }
            keys.push(k);
        }
        let n_words = r.u32().ok_or_else(|| bad("truncated word table"))? as usize;
        if n_words > body.len() / 12 {
            return Err(bad("word table larger than the file"));
        }
        let mut words = Vec::with_capacity(n_words);
        for _ in 0..n_words {
            let k = r.u64().ok_or_else(|| bad("truncated word table"))?;
            let v = r.u32().ok_or_else(|| bad("truncated word table"))?;
            words.push((k, v));
        }
        let mut rows = Vec::with_capacity(n);
        for &k in &keys {
            let nnz = r.u8().ok_or_else(|| bad("truncated weights"))? as usize;
            let mut w = [0i16; N_TAGS];
            for _ in 0..nnz {
                let t = r.u8().ok_or_else(|| bad("truncated weights"))? as usize;
                let q = r.i16().ok_or_else(|| bad("truncated weights"))?;
                *w.get_mut(t).ok_or_else(|| bad("tag index out of range"))? = q;
            }
            rows.push((k, w));
        }
        if r.at != body.len() {
            return Err(bad("trailing bytes"));
        }
        let table = WeightTable::new(rows.into_iter());
        let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
        for (prev, row) in trans.iter_mut().enumerate() {
            if let Some(w) = table.get(transition_feature(prev)) {
                *row = w.map(|q| q as f32 * scale);
            }
        }
        Ok(Tagger {
            words: WordInfo::new(&words),
            table,
            scale,
            n_features: n,
            trans,
        })
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let s = self.b.get(self.at..self.at + N)?;
        self.at += N;
        s.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn i16(&mut self) -> Option<i16> {
        self.take::<2>().map(i16::from_le_bytes)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take::<8>().map(u64::from_le_bytes)
    }
    fn f32(&mut self) -> Option<f32> {
        self.take::<4>().map(f32::from_le_bytes)
    }
}

/// Serialise trained weights: `rows` pairs a feature hash with its `N_TAGS` weights. Weights
/// are quantised to `i16` with one global scale; weights that quantise to zero are dropped, and
/// so are features left with no weight. `words` holds `(norm_hash, value)` pairs (see
/// [`WordInfo`]). The training program calls this.
pub fn write_weights(rows: &[(u64, [f32; N_TAGS])], words: &[(u64, u32)]) -> Vec<u8> {
    let max = rows
        .iter()
        .flat_map(|(_, w)| w.iter())
        .fold(0f32, |m, w| m.max(w.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    let mut kept: Vec<(u64, Vec<(u8, i16)>)> = rows
        .iter()
        .filter(|(k, _)| *k != 0)
        .map(|(k, w)| {
            let nz: Vec<(u8, i16)> = w
                .iter()
                .enumerate()
                .map(|(t, &x)| (t as u8, (x / scale).round() as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            (*k, nz)
        })
        .filter(|(_, nz)| !nz.is_empty())
        .collect();
    kept.sort_by_key(|(k, _)| *k);
    kept.dedup_by_key(|(k, _)| *k);
    let mut words = words.to_vec();
    words.sort_unstable();
    words.dedup_by_key(|w| w.0);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
    for (k, _) in &kept {
        out.extend_from_slice(&k.to_le_bytes());
    }
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for &(k, v) in &words {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (_, nz) in &kept {
        out.push(nz.len() as u8);
        for &(t, q) in nz {
            out.push(t);
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    let sum = hash_bytes(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}
