//! Tagging a sentence: emission scores from the features, BILOU-constrained Viterbi decoding,
//! and a confidence for each name found.

use super::tags::{decode_bilou, valid_end, valid_transition, START_TAG};
use super::{static_features, DocContext, NameKind, Tagger, Transitions, N_STATIC, N_TAGS};

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
    // Transitions BILOU forbids score -inf, so the inner loop needs no validity test: a
    // forbidden step, or one from an unreachable tag (-inf), sums to -inf and never beats the
    // best so far, which starts at -inf, exactly as when such steps were skipped. Rows are
    // padded to `LANES` (the padding stays -inf) and updated by selects rather than branches,
    // so the compiler can run the loop over all next tags in vector registers.
    const LANES: usize = 16;
    let mut allowed = [[NONE; LANES]; N_TAGS + 1];
    for (prev, row) in allowed.iter_mut().enumerate() {
        for (t, a) in row.iter_mut().enumerate().take(N_TAGS) {
            if valid_transition(prev, t) {
                *a = trans[prev][t];
            }
        }
    }
    let mut score = [NONE; LANES];
    for t in 0..N_TAGS {
        score[t] = first[t] + allowed[START_TAG][t];
    }
    back.push([0; N_TAGS]);
    for e in &emissions[1..] {
        let mut next = [NONE; LANES];
        let mut ptr = [0u8; LANES];
        for (prev, &s) in score.iter().enumerate().take(N_TAGS) {
            let row = &allowed[prev];
            for t in 0..LANES {
                let v = s + row[t];
                let better = v > next[t];
                next[t] = if better { v } else { next[t] };
                ptr[t] = if better { prev as u8 } else { ptr[t] };
            }
        }
        for (n, &x) in next.iter_mut().zip(e) {
            if *n > NONE {
                *n += x;
            }
        }
        score = next;
        let mut p = [0u8; N_TAGS];
        p.copy_from_slice(&ptr[..N_TAGS]);
        back.push(p);
    }
    let mut best = 0;
    for (t, &s) in score.iter().enumerate().take(N_TAGS) {
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
