//! The tag set: `O` plus B(egin), I(nside), L(ast) and U(nit) for each [`NameKind`], the
//! transitions BILOU allows, and conversion between name spans and tag sequences.

use super::NameKind;

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
#[inline]
pub fn valid_transition(prev: usize, next: usize) -> bool {
    match VALID.get(prev).and_then(|row| row.get(next)) {
        Some(&v) => v,
        None => valid_by_rule(prev, next),
    }
}

/// [`valid_transition`] for every pair of tags (`START_TAG` last), computed once: the decoder
/// asks it for every pair at every token.
const VALID: [[bool; N_TAGS]; N_TAGS + 1] = {
    let mut table = [[false; N_TAGS]; N_TAGS + 1];
    let mut prev = 0;
    while prev <= N_TAGS {
        let mut next = 0;
        while next < N_TAGS {
            table[prev][next] = valid_by_rule(prev, next);
            next += 1;
        }
        prev += 1;
    }
    table
};

/// The BILOU rule on tag indices (see [`tag_index`]: tag `t > 0` has position `(t - 1) % 4`,
/// B I L U, and kind `(t - 1) / 4`): after B or I only I or L of the same kind; elsewhere
/// anything but I or L. Tags out of range (`START_TAG`) count as `O`.
const fn valid_by_rule(prev: usize, next: usize) -> bool {
    let open = prev >= 1 && prev < N_TAGS && (prev - 1) % 4 <= 1;
    let cont = next >= 1 && next < N_TAGS && matches!((next - 1) % 4, 1 | 2);
    if open {
        cont && (next - 1) / 4 == (prev - 1) / 4
    } else {
        !cont
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
