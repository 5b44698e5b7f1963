//! The statistical name tagger: a greedy, left-to-right averaged-perceptron tagger over BILOU
//! tags for PER, ORG and LOC, whose weights are trained by `examples/train_tagger.rs` from openly
//! licensed corpora and shipped in `data/tagger/weights.bin` (see `data/tagger/MODEL.md`).
//!
//! Reads `doc.tokens` and `doc.sentences`; appends [`Candidate`]s with
//! [`CandidateSource::Model`] to `doc.candidates` (creating the layer when no earlier stage did).
//!
//! Why this shape: a linear model over hashed sparse features decodes a token in about a
//! microsecond with no ML framework, so the tagger can run on every sentence of every article.
//! Features (in [`features`]) are computed from token texts, a word table shipped inside the
//! weights file (corpus label statistics, gazetteer membership, word clusters) and what the rest
//! of the document says about each word; no part-of-speech tags, so the same functions serve
//! training, where tokens come from corpora, and inference, where they come from `segment`.
//! Every feature is a 64-bit hash of a template number and its parts; the weights file keeps
//! only the features that survived training and pruning, each with a sparse row of quantised
//! weights, so the file stays small and loads in milliseconds. The feature functions and the
//! file writer are public because the training program uses them: one definition of the
//! features, so training and inference cannot drift apart.

mod features;
mod table;

pub use features::{
    feat, info, norm_form, norm_hash, static_features, transition_feature, DocContext, WordInfo,
    N_STATIC,
};

use crate::document::{
    Candidate, CandidateLabel, CandidateSource, Document, MentionForm, Span, Token,
};
use crate::error::{Error, Result};
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use features::hash_bytes;
use std::path::Path;
use std::sync::Arc;
use table::WeightTable;

/// The weights file, relative to `data/`.
pub const WEIGHTS_FILE: &str = "tagger/weights.bin";

/// First bytes of a weights file (format version 3: word table values are `u32`).
const MAGIC: &[u8; 8] = b"NGTAGv03";

/// The entity types the tagger knows, in tag order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place (countries included: the entity stage decides which places are countries).
    Location,
}

impl NameKind {
    /// All kinds, in tag order.
    pub const ALL: [NameKind; 3] = [NameKind::Person, NameKind::Organization, NameKind::Location];

    /// The CoNLL-style label (`PER`, `ORG`, `LOC`).
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Person => "PER",
            NameKind::Organization => "ORG",
            NameKind::Location => "LOC",
        }
    }

    /// The kind for a CoNLL-style label, if it is one of the three.
    pub fn from_label(label: &str) -> Option<NameKind> {
        NameKind::ALL.into_iter().find(|k| k.as_str() == label)
    }

    fn ix(self) -> usize {
        match self {
            NameKind::Person => 0,
            NameKind::Organization => 1,
            NameKind::Location => 2,
        }
    }
}

/// Number of tags: `O` plus B, I, L, U for each of the three kinds.
pub const N_TAGS: usize = 13;

/// The position part of a BILOU tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bilou {
    /// First token of a multi-token name.
    Begin,
    /// Inner token.
    Inside,
    /// Last token of a multi-token name.
    Last,
    /// A one-token name.
    Unit,
}

/// The tag index for a position and kind (`0` is `O`).
pub fn tag_index(pos: Bilou, kind: NameKind) -> usize {
    let p = match pos {
        Bilou::Begin => 0,
        Bilou::Inside => 1,
        Bilou::Last => 2,
        Bilou::Unit => 3,
    };
    1 + kind.ix() * 4 + p
}

/// The position and kind of tag `t`, or `None` for `O`.
pub fn tag_parts(t: usize) -> Option<(Bilou, NameKind)> {
    if t == 0 || t >= N_TAGS {
        return None;
    }
    let pos = [Bilou::Begin, Bilou::Inside, Bilou::Last, Bilou::Unit][(t - 1) % 4];
    Some((pos, NameKind::ALL[(t - 1) / 4]))
}

/// A readable name for tag `t` (`O`, `B-PER`, ...), for reports.
pub fn tag_name(t: usize) -> String {
    match tag_parts(t) {
        None => "O".to_string(),
        Some((pos, kind)) => {
            let p = match pos {
                Bilou::Begin => "B",
                Bilou::Inside => "I",
                Bilou::Last => "L",
                Bilou::Unit => "U",
            };
            format!("{p}-{}", kind.as_str())
        }
    }
}

/// The pseudo-tag used for "before the sentence" in history features.
pub const START_TAG: usize = N_TAGS;

/// True when tag `next` may follow tag `prev` (`START_TAG` for the sentence start) in BILOU.
/// Decoding only considers sequences whose every step is valid, so a name is always whole: it
/// starts with B and ends with L, or is one U token.
pub fn valid_transition(prev: usize, next: usize) -> bool {
    let open = match tag_parts(prev) {
        Some((Bilou::Begin | Bilou::Inside, kind)) => Some(kind),
        _ => None,
    };
    match (open, tag_parts(next)) {
        (Some(kind), Some((Bilou::Inside | Bilou::Last, k))) => k == kind,
        (Some(_), _) => false,
        (None, Some((Bilou::Inside | Bilou::Last, _))) => false,
        (None, _) => true,
    }
}

/// True when a sentence may end with tag `t`: no name left open.
pub fn valid_end(t: usize) -> bool {
    !matches!(tag_parts(t), Some((Bilou::Begin | Bilou::Inside, _)))
}

/// Encode spans `(start, end, kind)` over `n` tokens as BILOU tag indices.
pub fn encode_bilou(n: usize, spans: &[(usize, usize, NameKind)]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &(s, e, kind) in spans {
        if s >= e || e > n {
            continue;
        }
        if e - s == 1 {
            tags[s] = tag_index(Bilou::Unit, kind);
        } else {
            tags[s] = tag_index(Bilou::Begin, kind);
            for t in &mut tags[s + 1..e - 1] {
                *t = tag_index(Bilou::Inside, kind);
            }
            tags[e - 1] = tag_index(Bilou::Last, kind);
        }
    }
    tags
}

/// Decode BILOU tags into spans `(start, end, kind)`, closing any name the tags leave open.
pub fn decode_bilou(tags: &[usize]) -> Vec<(usize, usize, NameKind)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, NameKind)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_parts(t) {
            None => {
                if let Some((s, k)) = open.take() {
                    spans.push((s, i, k));
                }
            }
            Some((pos, kind)) => {
                if let Some((s, k)) = open {
                    if k != kind || matches!(pos, Bilou::Begin | Bilou::Unit) {
                        spans.push((s, i, k));
                        open = None;
                    }
                }
                match pos {
                    Bilou::Unit => spans.push((i, i + 1, kind)),
                    Bilou::Begin => open = Some((i, kind)),
                    Bilou::Inside | Bilou::Last => {
                        let s = open.map_or(i, |(s, _)| s);
                        if pos == Bilou::Last {
                            spans.push((s, i + 1, kind));
                            open = None;
                        } else {
                            open = Some((s, kind));
                        }
                    }
                }
            }
        }
    }
    if let Some((s, k)) = open {
        spans.push((s, tags.len(), k));
    }
    spans
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/// A name found by [`Tagger::tag_tokens`]: tokens `start..end` of the input slice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaggedName {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it names.
    pub kind: NameKind,
    /// Confidence in 0..=1: the lowest per-token probability of the chosen tag.
    pub score: f32,
}

/// The tagger's weights: one row of `N_TAGS` quantised weights per kept feature, and the word
/// table the features read.
#[derive(Debug)]
pub struct Tagger {
    words: WordInfo,
    table: WeightTable,
    /// Multiply summed quantised weights by this to get scores.
    scale: f32,
    n_features: usize,
    /// Transition scores: row `prev` (`START_TAG` last) holds the score of each next tag.
    trans: Transitions,
}

/// Transition scores, one row per previous tag (`START_TAG` last).
pub type Transitions = [[f32; N_TAGS]; N_TAGS + 1];

/// Reused buffers for tagging, so that tagging a sentence allocates nothing once warm.
#[derive(Debug, Default)]
pub struct TagScratch {
    text: String,
    statics: Vec<u64>,
    emissions: Vec<[f32; N_TAGS]>,
    back: Vec<[u8; N_TAGS]>,
    tags: Vec<usize>,
    probs: Vec<f32>,
}

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

    /// The word table the features read.
    pub fn words(&self) -> &WordInfo {
        &self.words
    }

    /// Number of words in the word table.
    pub fn n_words(&self) -> usize {
        self.words.len()
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The emission scores of all tags for one token, from its static features. The training
    /// program uses the same decoding ([`viterbi`]) with its own scores.
    #[inline]
    pub fn emissions(&self, statics: &[u64]) -> [f32; N_TAGS] {
        let mut sum = [0i32; N_TAGS];
        for &f in statics {
            if let Some(w) = self.table.get(f) {
                for (s, &w) in sum.iter_mut().zip(w) {
                    *s += w as i32;
                }
            }
        }
        sum.map(|s| s as f32 * self.scale)
    }

    /// The transition scores.
    pub fn transitions(&self) -> &Transitions {
        &self.trans
    }

    /// Tag a sentence given as token texts, on its own (the sentence is its own document);
    /// returns the names found, in order.
    pub fn tag_tokens(&self, tokens: &[&str]) -> Vec<TaggedName> {
        let mut scratch = TagScratch::default();
        self.tag_with(tokens, &mut scratch)
    }

    /// Like [`Tagger::tag_tokens`], reusing `scratch`'s buffers.
    pub fn tag_with(&self, tokens: &[&str], scratch: &mut TagScratch) -> Vec<TaggedName> {
        let doc = DocContext::build([tokens]);
        self.tag_in_doc(tokens, &doc, scratch)
    }

    /// Tag one sentence of a document whose [`DocContext`] is `doc`.
    pub fn tag_in_doc(
        &self,
        tokens: &[&str],
        doc: &DocContext,
        scratch: &mut TagScratch,
    ) -> Vec<TaggedName> {
        let n = tokens.len();
        if n == 0 {
            return Vec::new();
        }
        static_features(
            tokens,
            &self.words,
            doc,
            &mut scratch.text,
            &mut scratch.statics,
        );
        scratch.emissions.clear();
        scratch.emissions.extend(
            scratch
                .statics
                .chunks_exact(N_STATIC)
                .map(|st| self.emissions(st)),
        );
        viterbi(
            &scratch.emissions,
            &self.trans,
            &mut scratch.back,
            &mut scratch.tags,
        );
        // Confidence of each chosen name tag: its probability among the tags allowed after the
        // chosen previous tag (softmax of emission plus transition). Only name tokens need it
        // (a name's score is its least sure token), and `exp` is not free.
        scratch.probs.clear();
        let mut prev = START_TAG;
        for (e, &t) in scratch.emissions.iter().zip(&scratch.tags) {
            let mut p = 1.0;
            if t != 0 {
                let row = &self.trans[prev];
                let chosen = e[t] + row[t];
                let z: f32 = (0..N_TAGS)
                    .filter(|&u| valid_transition(prev, u))
                    .map(|u| (e[u] + row[u] - chosen).exp())
                    .sum();
                p = 1.0 / z.max(1.0);
            }
            scratch.probs.push(p);
            prev = t;
        }
        decode_bilou(&scratch.tags)
            .into_iter()
            .map(|(start, end, kind)| TaggedName {
                start,
                end,
                kind,
                score: scratch.probs[start..end]
                    .iter()
                    .copied()
                    .fold(1.0, f32::min),
            })
            .collect()
    }
}

/// The best BILOU-valid tag sequence for a sentence (Viterbi over a first-order chain) given
/// each token's emission scores and the transition scores; `back` is scratch space. Every name
/// in the result is whole (B…L or U), which greedy decoding could not promise. Training calls
/// this too, so that it decodes exactly as inference does.
pub fn viterbi(
    emissions: &[[f32; N_TAGS]],
    trans: &Transitions,
    back: &mut Vec<[u8; N_TAGS]>,
    tags: &mut Vec<usize>,
) {
    const NONE: f32 = f32::NEG_INFINITY;
    tags.clear();
    back.clear();
    let Some(first) = emissions.first() else {
        return;
    };
    let mut score = [NONE; N_TAGS];
    for (t, s) in score.iter_mut().enumerate() {
        if valid_transition(START_TAG, t) {
            *s = first[t] + trans[START_TAG][t];
        }
    }
    back.push([0; N_TAGS]);
    for e in &emissions[1..] {
        let mut next = [NONE; N_TAGS];
        let mut ptr = [0u8; N_TAGS];
        for (t, (n, p)) in next.iter_mut().zip(ptr.iter_mut()).enumerate() {
            for (prev, &s) in score.iter().enumerate() {
                if s == NONE || !valid_transition(prev, t) {
                    continue;
                }
                let v = s + trans[prev][t];
                if v > *n {
                    *n = v;
                    *p = prev as u8;
                }
            }
            if *n > NONE {
                *n += e[t];
            }
        }
        score = next;
        back.push(ptr);
    }
    let mut best = 0;
    for (t, &s) in score.iter().enumerate() {
        if valid_end(t) && s > score[best] {
            best = t;
        }
    }
    tags.resize(emissions.len(), 0);
    for (tag, ptr) in tags.iter_mut().zip(back.iter()).rev() {
        *tag = best;
        best = ptr[best] as usize;
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

// ---------------------------------------------------------------------------------------------
// Token helpers shared by training and evaluation
// ---------------------------------------------------------------------------------------------

/// Split a corpus token the way `segment` tokenises text: hyphens and dashes between other
/// characters become tokens of their own (`al-Qaida` → `al` `-` `Qaida`). Returns the byte
/// ranges of the pieces within `tok`. Corpora tokenise hyphenated words as one token, the
/// pipeline as three; training and evaluation split corpus tokens so the tagger sees the
/// pipeline's tokens.
pub fn split_like_segment(tok: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let is_dash = |c: char| c == '-' || ('\u{2010}'..='\u{2015}').contains(&c);
    if tok.chars().all(is_dash) {
        out.push(0..tok.len());
        return out;
    }
    let mut start = 0;
    for (i, c) in tok.char_indices() {
        if is_dash(c) {
            if i > start {
                out.push(start..i);
            }
            out.push(i..i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    if start < tok.len() {
        out.push(start..tok.len());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The stage
// ---------------------------------------------------------------------------------------------

/// Proposes PERSON / ORGANIZATION / LOCATION candidates from the tagger.
pub struct TaggerStage {
    res: Arc<Resources>,
}

impl TaggerStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> TaggerStage {
        TaggerStage { res }
    }
}

/// Tag every sentence of `doc` with `tagger`, appending candidates to `doc.candidates`.
pub fn tag_document(tagger: &Tagger, doc: &mut Document) {
    let (Some(tokens), Some(sentences)) = (doc.tokens.as_ref(), doc.sentences.as_ref()) else {
        return;
    };
    let mut scratch = TagScratch::default();
    let text_of = |t: &Token| &doc.text[t.span.start()..t.span.end()];
    let all: Vec<&str> = tokens.iter().map(text_of).collect();
    let ctx = DocContext::build(sentences.iter().filter_map(|s| all.get(s.token_range())));
    let mut found = Vec::new();
    for sentence in sentences {
        let range = sentence.token_range();
        let Some(toks) = tokens.get(range.clone()) else {
            continue;
        };
        let Some(texts) = all.get(range) else {
            continue;
        };
        for name in tagger.tag_in_doc(texts, &ctx, &mut scratch) {
            let span = Span::new(toks[name.start].span.start(), toks[name.end - 1].span.end());
            let label = match name.kind {
                NameKind::Person => CandidateLabel::Person,
                NameKind::Organization => CandidateLabel::Organization {
                    kind: None,
                    canonical: None,
                    country: None,
                },
                NameKind::Location => CandidateLabel::Location {
                    canonical: None,
                    country: None,
                },
            };
            found.push(Candidate {
                span,
                label,
                form: MentionForm::Name,
                source: CandidateSource::Model,
                score: name.score,
            });
        }
    }
    doc.candidates.get_or_insert_with(Vec::new).extend(found);
}

impl Stage for TaggerStage {
    fn name(&self) -> &'static str {
        "tagger"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Candidates]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        if let Some(tagger) = &self.res.tagger {
            tag_document(tagger, doc);
        } else {
            doc.candidates.get_or_insert_with(Vec::new);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Tagger {
        let data = DataDir::new(Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        ));
        Tagger::load(&data)
            .expect("weights parse")
            .expect("weights present")
    }

    const SENTENCE: &str =
        "Prime Minister Jane Holloway met officials of the Nordic Trade Council in Oslo .";

    fn names(t: &Tagger, text: &str) -> Vec<(String, NameKind)> {
        let toks: Vec<&str> = text.split(' ').collect();
        t.tag_tokens(&toks)
            .into_iter()
            .map(|n| (toks[n.start..n.end].join(" "), n.kind))
            .collect()
    }

    #[test]
    fn weights_load_and_are_small() {
        let t = shipped();
        assert!(t.n_features() > 10_000);
        assert!(t.n_words() > 1_000);
    }

    #[test]
    fn tag_tokens_finds_person_org_and_location() {
        let found = names(&shipped(), SENTENCE);
        let kinds: Vec<NameKind> = found.iter().map(|f| f.1).collect();
        assert!(kinds.contains(&NameKind::Person), "{found:?}");
        assert!(kinds.contains(&NameKind::Organization), "{found:?}");
        assert!(kinds.contains(&NameKind::Location), "{found:?}");
        assert!(
            found.contains(&("Oslo".to_string(), NameKind::Location)),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(s, k)| *k == NameKind::Person && s.ends_with("Holloway")),
            "{found:?}"
        );
    }

    #[test]
    fn tag_tokens_is_deterministic() {
        let t = shipped();
        let toks: Vec<&str> = SENTENCE.split(' ').collect();
        let a = t.tag_tokens(&toks);
        let mut scratch = TagScratch::default();
        let _ = t.tag_with(&["Hello", "world"], &mut scratch);
        let b = t.tag_with(&toks, &mut scratch);
        assert_eq!(a, b);
        assert!(a.iter().all(|n| n.start < n.end && n.end <= toks.len()));
        assert!(a.iter().all(|n| (0.0..=1.0).contains(&n.score)));
    }

    #[test]
    fn tag_tokens_handles_empty_and_odd_input() {
        let t = shipped();
        assert!(t.tag_tokens(&[]).is_empty());
        let odd = ["“", "—", "ÉLYSÉE", "’s", "", "2024", "U.S.", "-", "led"];
        for n in t.tag_tokens(&odd) {
            assert!(n.start < n.end && n.end <= odd.len());
        }
    }

    #[test]
    fn stage_appends_candidates_on_token_boundaries() {
        let text = "Prime Minister Jane Holloway met officials of the Nordic Trade Council in \
                    Oslo. Later, Holloway flew home.";
        let mut doc = Document::new(text.to_string(), Default::default());
        // Tokens by hand: words split at spaces, the final periods and comma split off.
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            let is_punct = c == '.' || c == ',';
            if c == ' ' || is_punct {
                if let Some(s) = start.take() {
                    tokens.push(Token {
                        span: Span::new(s, i),
                        kind: crate::document::TokenKind::Word,
                        space_after: c == ' ',
                        line_start: false,
                    });
                }
                if is_punct {
                    tokens.push(Token {
                        span: Span::new(i, i + 1),
                        kind: crate::document::TokenKind::Punct,
                        space_after: true,
                        line_start: false,
                    });
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        let first_end = tokens
            .iter()
            .position(|t| &text[t.span.start()..t.span.end()] == ".")
            .expect("a period")
            + 1;
        let sentence = |a: usize, b: usize| crate::document::Sentence {
            span: Span::new(tokens[a].span.start(), tokens[b - 1].span.end()),
            first_token: crate::document::TokenIx(a as u32),
            end_token: crate::document::TokenIx(b as u32),
            paragraph_start: a == 0,
        };
        let sentences = vec![sentence(0, first_end), sentence(first_end, tokens.len())];
        doc.tokens = Some(tokens.clone());
        doc.sentences = Some(sentences);
        doc.candidates = Some(vec![]);
        tag_document(&shipped(), &mut doc);
        let cands = doc.candidates.as_ref().expect("candidates layer");
        assert!(!cands.is_empty());
        for c in cands {
            assert_eq!(c.source, CandidateSource::Model);
            assert!(tokens.iter().any(|t| t.span.start == c.span.start));
            assert!(tokens.iter().any(|t| t.span.end == c.span.end));
        }
        let texts: Vec<&str> = cands.iter().map(|c| doc.text_of(c.span)).collect();
        assert!(texts.contains(&"Oslo"), "{texts:?}");
        assert!(
            cands
                .iter()
                .any(|c| c.label == CandidateLabel::Person && doc.text_of(c.span) == "Holloway"),
            "{texts:?}"
        );
    }

    #[test]
    fn corrupt_weights_are_a_resource_error() {
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/tagger/weights.bin"),
        )
        .expect("weights file");
        let p = Path::new("weights.bin");
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            let r = Tagger::from_bytes(&bytes[..cut], p);
            assert!(matches!(r, Err(Error::Resource { .. })), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let mid = flipped.len() / 3;
        flipped[mid] ^= 0x55;
        assert!(matches!(
            Tagger::from_bytes(&flipped, p),
            Err(Error::Resource { .. })
        ));
        assert!(matches!(
            Tagger::from_bytes(b"not a weights file at all", p),
            Err(Error::Resource { .. })
        ));
    }

    #[test]
    fn written_weights_round_trip() {
        let mut row = [0f32; N_TAGS];
        row[tag_index(Bilou::Unit, NameKind::Location)] = 2.0;
        let bytes = write_weights(&[(feat(1, &[norm_hash("oslo")]), row)], &[]);
        let t = Tagger::from_bytes(&bytes, Path::new("mem")).expect("round trip");
        assert_eq!(t.n_features(), 1);
        let found = t.tag_tokens(&["in", "Oslo"]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].kind), (1, NameKind::Location));
    }

    #[test]
    fn bilou_round_trips_and_repairs() {
        let spans = vec![
            (0, 2, NameKind::Person),
            (3, 4, NameKind::Location),
            (5, 8, NameKind::Organization),
        ];
        assert_eq!(decode_bilou(&encode_bilou(8, &spans)), spans);
        // A name left open at the end, and an O right after a B, still close.
        let b = tag_index(Bilou::Begin, NameKind::Person);
        assert_eq!(
            decode_bilou(&[b, 0, b]),
            vec![(0, 1, NameKind::Person), (2, 3, NameKind::Person)]
        );
        assert!(valid_transition(START_TAG, b));
        assert!(!valid_transition(
            0,
            tag_index(Bilou::Last, NameKind::Person)
        ));
    }

    #[test]
    fn split_like_segment_splits_hyphens() {
        let parts = |t: &str| -> Vec<String> {
            split_like_segment(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect()
        };
        assert_eq!(parts("al-Qaida"), ["al", "-", "Qaida"]);
        assert_eq!(parts("U.S.-led"), ["U.S.", "-", "led"]);
        assert_eq!(parts("--"), ["--"]);
        assert_eq!(parts("Oslo"), ["Oslo"]);
    }
}
