//! The tagger's features: one definition shared by training (`examples/train_tagger.rs`) and
//! inference, so the two cannot drift apart.
//!
//! Every feature is a 64-bit hash of a template number and its parts. Features read the token
//! texts of the sentence, a per-word table shipped inside the weights file ([`WordInfo`]: the
//! training corpora's majority label for the word, gazetteer membership and a distributional
//! word cluster) and what the rest of the document says about the word ([`DocContext`]: is it
//! written in lower case elsewhere, or capitalised in the middle of an ordinary sentence). The
//! document facts are what lets the tagger tell `Attack` in a Title Case headline from a name:
//! the body writes `attack`.

use super::table::KeyTable;

/// Number of features per token that depend only on the token texts and the document.
pub const N_STATIC: usize = 42;

/// splitmix64's finaliser: a fast, well-mixing 64-bit permutation.
#[inline]
pub(super) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The hash of a feature template and its parts.
#[inline]
pub fn feat(template: u64, parts: &[u64]) -> u64 {
    let mut h = mix(template.wrapping_mul(0x1000_0000_01B3));
    for &p in parts {
        h = mix(h ^ p);
    }
    h | 1 // 0 marks an empty slot in the lookup tables
}

/// FNV-1a over bytes, then mixed.
#[inline]
pub(super) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix(h)
}

/// Token case classes, as [`TokFacts::case`] stores them.
const CASE_NONE: u8 = 0;
const CASE_TITLE: u8 = 1;
const CASE_UPPER: u8 = 2;
const CASE_LOWER: u8 = 3;

/// The per-token facts features are built from, all as hashes.
#[derive(Debug, Clone, Copy, Default)]
struct TokFacts {
    norm: u64,
    form: u64,
    shape: u64,
    full_shape: u64,
    pre2: u64,
    pre3: u64,
    suf2: u64,
    suf3: u64,
    suf4: u64,
    len: u64,
    /// One of the `CASE_*` classes, or 4 for mixed case (`McDonald`, `iPhone`).
    case: u8,
    /// Letters in the token.
    letters: u8,
}

const PAD_BEFORE: u64 = 0x5354_4152_545f_5f31; // sentence-start padding
const PAD_AFTER: u64 = 0x454e_445f_5f5f_5f32; // sentence-end padding

/// Map characters that vary between corpora and real text to one form: curly quotes to straight,
/// dashes to `-`, digits to `0`, letters to lower case.
#[inline]
fn norm_char(c: char) -> char {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '`' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_ascii_digit() => '0',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

#[inline]
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        norm_char(c)
    }
}

/// The case class of a token from its counts of upper- and lower-case letters and characters.
fn case_class(upper: usize, lower: usize, nchars: usize, first_upper: bool) -> u8 {
    if upper + lower == 0 {
        CASE_NONE
    } else if lower == 0 {
        if nchars == 1 || upper == 1 && nchars <= 2 {
            CASE_TITLE
        } else {
            CASE_UPPER
        }
    } else if upper == 0 {
        CASE_LOWER
    } else if first_upper && upper == 1 {
        CASE_TITLE
    } else {
        4
    }
}

fn facts(tok: &str, buf: &mut String) -> TokFacts {
    buf.clear();
    let mut shape: u64 = 0xcbf2_9ce4_8422_2325;
    let mut full: u64 = 0x8422_2325_cbf2_9ce4;
    let mut last_shape = '\0';
    let mut run = 0;
    let (mut upper, mut lower, mut nchars) = (0usize, 0usize, 0usize);
    let mut first_upper = false;
    for (i, c) in tok.chars().enumerate() {
        nchars += 1;
        if c.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        }
        buf.push(norm_char(c));
        let s = shape_char(c);
        if s == last_shape {
            run += 1;
        } else {
            run = 1;
            last_shape = s;
            shape = (shape ^ s as u64).wrapping_mul(0x0000_0100_0000_01B3);
        }
        if run <= 4 {
            full = (full ^ s as u64).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    let b = buf.as_bytes();
    // Most tokens are ASCII, where characters are bytes: cut without walking the characters.
    let ascii = b.is_ascii();
    let cut_front = |n: usize| -> &[u8] {
        if ascii {
            return &b[..n.min(b.len())];
        }
        match buf.char_indices().nth(n) {
            Some((i, _)) => &b[..i],
            None => b,
        }
    };
    let nb = if ascii { b.len() } else { buf.chars().count() };
    let cut_back = |n: usize| -> &[u8] {
        if nb <= n {
            b
        } else if ascii {
            &b[nb - n..]
        } else {
            match buf.char_indices().nth(nb - n) {
                Some((i, _)) => &b[i..],
                None => b,
            }
        }
    };
    TokFacts {
        norm: hash_bytes(b),
        form: hash_bytes(tok.as_bytes()),
        shape: mix(shape),
        full_shape: mix(full),
        pre2: hash_bytes(cut_front(2)),
        pre3: hash_bytes(cut_front(3)),
        suf2: hash_bytes(cut_back(2)),
        suf3: hash_bytes(cut_back(3)),
        suf4: hash_bytes(cut_back(4)),
        len: match nchars {
            0..=4 => nchars as u64,
            5..=6 => 5,
            7..=9 => 6,
            _ => 7,
        },
        case: case_class(upper, lower, nchars, first_upper),
        letters: (upper + lower).min(255) as u8,
    }
}

/// The normal-form hash, case class and letter count of a token: the part of [`facts`] that
/// document contexts need, without the affixes and shapes.
fn case_facts(tok: &str, buf: &mut String) -> (u64, u8, u8) {
    buf.clear();
    let (mut upper, mut lower, mut nchars) = (0usize, 0usize, 0usize);
    let mut first_upper = false;
    for (i, c) in tok.chars().enumerate() {
        nchars += 1;
        if c.is_uppercase() {
            upper += 1;
            first_upper |= i == 0;
        } else if c.is_lowercase() {
            lower += 1;
        }
        buf.push(norm_char(c));
    }
    (
        hash_bytes(buf.as_bytes()),
        case_class(upper, lower, nchars, first_upper),
        (upper + lower).min(255) as u8,
    )
}

/// Hash of a token's normal form (lower case, digits as `0`, straight quotes), the key of the
/// [`WordInfo`] table.
pub fn norm_hash(tok: &str) -> u64 {
    let mut buf = String::with_capacity(tok.len());
    buf.extend(tok.chars().map(norm_char));
    hash_bytes(buf.as_bytes())
}

/// The normal form itself (what [`norm_hash`] hashes), for programs that build word tables.
pub fn norm_form(tok: &str) -> String {
    tok.chars().map(norm_char).collect()
}

// ---------------------------------------------------------------------------------------------
// Word facts shipped with the weights
// ---------------------------------------------------------------------------------------------

/// Bit layout of a [`WordInfo`] value: the lexicon code in the low byte, gazetteer bits above
/// it, the word's cluster path in the top 12 bits.
pub mod info {
    /// The lexicon code (see [`super::WordInfo::label_code`]); 0 when the word is too rare.
    pub const LABEL_MASK: u32 = 0xFF;
    /// Where the gazetteer bits start.
    pub const GAZ_SHIFT: u32 = 8;
    /// The gazetteer bits (after shifting).
    pub const GAZ_MASK: u32 = 0xFFF;
    /// Where the cluster path starts: a binary path of up to 11 steps below a leading 1 bit
    /// (0: no cluster).
    pub const CLUSTER_SHIFT: u32 = 20;
    /// Gazetteer bits: the word is a whole place name.
    pub const LOC_UNIT: u32 = 1 << 0;
    /// ... the first word of a longer place name.
    pub const LOC_FIRST: u32 = 1 << 1;
    /// ... an inner word of a longer place name.
    pub const LOC_INNER: u32 = 1 << 2;
    /// ... the last word of a longer place name.
    pub const LOC_LAST: u32 = 1 << 3;
    /// The word is a whole organisation name.
    pub const ORG_UNIT: u32 = 1 << 4;
    /// ... the first word of a longer organisation name.
    pub const ORG_FIRST: u32 = 1 << 5;
    /// ... an inner word of a longer organisation name.
    pub const ORG_INNER: u32 = 1 << 6;
    /// ... the last word of a longer organisation name.
    pub const ORG_LAST: u32 = 1 << 7;
    /// The first word of a listed person's name.
    pub const PER_FIRST: u32 = 1 << 8;
    /// An inner word of a listed person's name.
    pub const PER_INNER: u32 = 1 << 9;
    /// The last word of a listed person's name.
    pub const PER_LAST: u32 = 1 << 10;
    /// A demonym or nationality adjective (`Afghan`, `French`).
    pub const DEMONYM: u32 = 1 << 11;
}

/// What the project knows about a word (by normal form), packed in a `u32` (see [`info`]):
/// which label the training corpora mostly give it, in which gazetteer lists it appears, and
/// its distributional cluster. One lookup per token serves all three.
#[derive(Debug, Default)]
pub struct WordInfo {
    table: Option<KeyTable>,
    values: Vec<u32>,
}

impl WordInfo {
    /// A table from `(norm_hash, value)` pairs.
    pub fn new(entries: &[(u64, u32)]) -> WordInfo {
        let keys: Vec<u64> = entries.iter().map(|e| e.0 | 1).collect();
        WordInfo {
            table: Some(KeyTable::new(&keys)),
            values: entries.iter().map(|e| e.1).collect(),
        }
    }

    /// The lexicon code for a word with token label counts `[O, PER, ORG, LOC]`, or 0 when too
    /// rare to say: the majority label, how sure (≥90%, ≥60%, less) and how frequent (<5, <50,
    /// more). The code is a feature, so the model learns how far to trust it.
    pub fn label_code(counts: [u32; 4]) -> u32 {
        let n: u32 = counts.iter().sum();
        if n < 2 {
            return 0;
        }
        let (d, &top) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(i, c)| (*c, std::cmp::Reverse(i)))
            .unwrap_or((0, &0));
        let f = top as f64 / n as f64;
        let conf = if f >= 0.9 {
            0
        } else if f >= 0.6 {
            1
        } else {
            2
        };
        let freq = if n < 5 {
            0
        } else if n < 50 {
            1
        } else {
            2
        };
        (1 + d * 9 + conf * 3 + freq) as u32
    }

    /// The packed value for a normal-form hash (0 when the word is unknown).
    #[inline]
    pub fn get(&self, norm: u64) -> u32 {
        match &self.table {
            Some(t) => t.get(norm | 1).map_or(0, |i| self.values[i]),
            None => 0,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when the table has no words.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Document context
// ---------------------------------------------------------------------------------------------

/// Document flag: the word is written in lower case somewhere in the document.
const DOC_LOWER: u8 = 1;
/// ... capitalised (`Cable`) inside an ordinary mixed-case sentence, not at its start.
const DOC_TITLE_MID: u8 = 2;
/// ... in capitals (`NATO`) inside an ordinary mixed-case sentence.
const DOC_UPPER_MID: u8 = 4;

/// What a whole document says about each of its words, for the document-level features.
/// Build it once per document from all its sentences ([`DocContext::build`]); a sentence
/// tagged on its own uses a context built from itself.
#[derive(Debug, Default, Clone)]
pub struct DocContext {
    /// `(norm_hash, flags)`, sorted by hash, one entry per word.
    words: Vec<(u64, u8)>,
}

impl DocContext {
    /// The context of a document given as its sentences' token texts.
    pub fn build<'a, S>(sentences: impl IntoIterator<Item = S>) -> DocContext
    where
        S: AsRef<[&'a str]>,
    {
        let mut ctx = DocContext::default();
        let mut buf = String::new();
        let mut sent: Vec<(u64, u8, u8)> = Vec::new();
        for s in sentences {
            sent.clear();
            for tok in s.as_ref() {
                sent.push(case_facts(tok, &mut buf));
            }
            let mode = mode_of(sent.iter().map(|&(_, c, l)| (c, l)));
            for (i, &(norm, case, _)) in sent.iter().enumerate() {
                let flag = match case {
                    CASE_LOWER => DOC_LOWER,
                    CASE_TITLE if mode == 0 && i > 0 => DOC_TITLE_MID,
                    CASE_UPPER if mode == 0 && i > 0 => DOC_UPPER_MID,
                    _ => 0,
                };
                ctx.words.push((norm, flag));
            }
        }
        ctx.words.sort_unstable();
        ctx.words.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 |= b.1;
                true
            } else {
                false
            }
        });
        ctx
    }

    #[inline]
    fn flags(&self, norm: u64) -> u64 {
        match self.words.binary_search_by_key(&norm, |w| w.0) {
            Ok(i) => self.words[i].1 as u64,
            Err(_) => 0,
        }
    }
}

/// The case mode of a sentence from its tokens' `(case, letters)`: 0 mixed (ordinary prose),
/// 1 mostly upper case (headlines, sports tables), 2 all lower case, 3 Title Case (a headline
/// whose every longer word is capitalised).
fn mode_of(tokens: impl Iterator<Item = (u8, u8)>) -> u64 {
    let (mut n, mut upper, mut title, mut lower, mut long_lower) = (0, 0, 0, 0, 0);
    for (case, letters) in tokens {
        match case {
            CASE_NONE => continue,
            CASE_UPPER => upper += 1,
            CASE_TITLE => title += 1,
            CASE_LOWER => {
                lower += 1;
                if letters >= 4 {
                    long_lower += 1;
                }
            }
            _ => {}
        }
        n += 1;
    }
    if n >= 2 && upper * 10 >= n * 6 && title + upper == n - lower && lower * 10 <= n * 2 {
        1
    } else if n >= 3 && lower == n {
        2
    } else if title + upper >= 3 && long_lower == 0 && (title + upper) * 10 >= n * 6 {
        3
    } else {
        0
    }
}

/// Prefix of a cluster path: the first `bits` steps (the whole path when shorter).
#[inline]
fn cluster_prefix(path: u32, bits: u32) -> u64 {
    if path == 0 {
        return 0;
    }
    let depth = 31 - path.leading_zeros();
    if depth <= bits {
        path as u64
    } else {
        (path >> (depth - bits)) as u64
    }
}

/// Compute the static features of every token of a sentence into `out`, `N_STATIC` per token in
/// token order. `doc` is the context of the document the sentence belongs to; `scratch` is
/// reused between calls to avoid allocation.
pub fn static_features(
    tokens: &[&str],
    words: &WordInfo,
    doc: &DocContext,
    scratch: &mut String,
    out: &mut Vec<u64>,
) {
    out.clear();
    let n = tokens.len();
    let f: Vec<TokFacts> = tokens.iter().map(|t| facts(t, scratch)).collect();
    let wi: Vec<u32> = f.iter().map(|t| words.get(t.norm)).collect();
    let mode = mode_of(f.iter().map(|t| (t.case, t.letters)));
    let get = |i: isize| -> Option<&TokFacts> {
        if i < 0 {
            None
        } else {
            f.get(i as usize)
        }
    };
    let pad = |i: isize| if i < 0 { PAD_BEFORE } else { PAD_AFTER };
    let norm = |i: isize| get(i).map_or(pad(i), |t| t.norm);
    let shp = |i: isize| get(i).map_or(pad(i), |t| t.shape);
    let word = |i: isize| -> Option<u32> {
        if i < 0 {
            None
        } else {
            wi.get(i as usize).copied()
        }
    };
    let lx = |i: isize| word(i).map_or(99, |v| (v & info::LABEL_MASK) as u64);
    let gz = |i: isize| {
        word(i).map_or(0x1_0000, |v| {
            ((v >> info::GAZ_SHIFT) & info::GAZ_MASK) as u64
        })
    };
    let cl = |i: isize, bits: u32| {
        word(i).map_or(0x1_0000, |v| cluster_prefix(v >> info::CLUSTER_SHIFT, bits))
    };
    for (i, t) in f.iter().enumerate() {
        let i = i as isize;
        let first = (i == 0) as u64;
        let docf = doc.flags(t.norm);
        let feats: [u64; N_STATIC] = [
            feat(0, &[]),
            feat(1, &[t.norm]),
            feat(2, &[norm(i - 1)]),
            feat(3, &[norm(i + 1)]),
            feat(4, &[norm(i - 2)]),
            feat(5, &[norm(i + 2)]),
            feat(6, &[t.form]),
            feat(7, &[t.shape]),
            feat(8, &[t.full_shape]),
            feat(9, &[shp(i - 1)]),
            feat(10, &[shp(i + 1)]),
            feat(11, &[t.pre2]),
            feat(12, &[t.pre3]),
            feat(13, &[t.suf2]),
            feat(14, &[t.suf3]),
            feat(15, &[t.suf4]),
            feat(16, &[norm(i - 1), t.norm]),
            feat(17, &[t.norm, norm(i + 1)]),
            feat(18, &[shp(i - 1), t.shape, shp(i + 1)]),
            feat(19, &[first, t.full_shape]),
            feat(20, &[mode, t.full_shape]),
            feat(21, &[mode, shp(i - 1), t.shape]),
            feat(22, &[norm(i - 1), t.shape]),
            feat(23, &[t.shape, norm(i + 1)]),
            feat(24, &[t.len, t.shape]),
            feat(25, &[mode, t.norm]),
            feat(26, &[lx(i)]),
            feat(27, &[lx(i - 1)]),
            feat(28, &[lx(i + 1)]),
            feat(29, &[lx(i), t.shape]),
            feat(30, &[lx(i), mode]),
            feat(31, &[gz(i)]),
            feat(32, &[gz(i - 1)]),
            feat(33, &[gz(i + 1)]),
            feat(34, &[gz(i), t.shape]),
            feat(35, &[cl(i, 4)]),
            feat(36, &[cl(i, 8)]),
            feat(37, &[cl(i, 12)]),
            feat(38, &[cl(i - 1, 8)]),
            feat(39, &[cl(i + 1, 8)]),
            feat(40, &[docf, t.case as u64, first, mode]),
            feat(41, &[docf, lx(i), t.shape]),
        ];
        out.extend_from_slice(&feats);
    }
    debug_assert_eq!(out.len(), n * N_STATIC);
}

/// The feature whose weights score moving from tag `prev` (`START_TAG` at the sentence start)
/// to each tag: the tagger is a first-order linear chain, so this is its only history feature.
#[inline]
pub fn transition_feature(prev: usize) -> u64 {
    feat(100, &[prev as u64])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modes(s: &str) -> u64 {
        let mut buf = String::new();
        mode_of(s.split(' ').map(|t| {
            let f = facts(t, &mut buf);
            (f.case, f.letters)
        }))
    }

    #[test]
    fn sentence_modes() {
        assert_eq!(modes("The minister met the envoy in Oslo ."), 0);
        assert_eq!(modes("RAIDS HIT BASES IN NORTH ."), 1);
        assert_eq!(modes("the minister met the envoy ."), 2);
        assert_eq!(modes("U.S. Raids Hit Bases in Northern Province"), 3);
    }

    #[test]
    fn document_flags_record_case_elsewhere() {
        let head = ["Raids", "Hit", "Bases"];
        let body = ["The", "raids", "hit", "a", "base", "near", "Mosul", "."];
        let ctx = DocContext::build([&head[..], &body[..]]);
        assert_eq!(ctx.flags(norm_hash("Raids")), DOC_LOWER as u64);
        assert_eq!(ctx.flags(norm_hash("Mosul")), DOC_TITLE_MID as u64);
        // `Bases` only appears in the headline: nothing is known about it.
        assert_eq!(ctx.flags(norm_hash("Bases")), 0);
        assert_eq!(ctx.flags(norm_hash("absent")), 0);
    }

    #[test]
    fn case_facts_agree_with_facts() {
        let mut buf = String::new();
        for t in [
            "Oslo", "NATO", "the", "U.S.", "McDonald", "2024", "ÉLYSÉE", "’s", "",
        ] {
            let f = facts(t, &mut buf);
            assert_eq!(case_facts(t, &mut buf), (f.norm, f.case, f.letters), "{t}");
        }
    }

    #[test]
    fn cluster_prefixes_cut_paths() {
        // Path 0b1_0110 has depth 4; its 2-step prefix is 0b1_01.
        assert_eq!(cluster_prefix(0b1_0110, 2), 0b101);
        assert_eq!(cluster_prefix(0b1_0110, 8), 0b1_0110);
        assert_eq!(cluster_prefix(0, 4), 0);
    }

    #[test]
    fn word_info_lookup_and_label_codes() {
        let w = WordInfo::new(&[(norm_hash("oslo"), 42)]);
        assert_eq!(w.get(norm_hash("Oslo")), 42);
        assert_eq!(w.get(norm_hash("Bergen")), 0);
        assert_eq!(WordInfo::label_code([0, 0, 0, 1]), 0);
        // 10 of 10 LOC: label 3, sure, frequent (<50).
        assert_eq!(WordInfo::label_code([0, 0, 0, 10]), 1 + 3 * 9 + 1);
    }

    #[test]
    fn static_features_have_fixed_width() {
        let toks = ["Jane", "Holloway", "visited", "Oslo", "."];
        let ctx = DocContext::build([&toks[..]]);
        let mut out = Vec::new();
        static_features(
            &toks,
            &WordInfo::default(),
            &ctx,
            &mut String::new(),
            &mut out,
        );
        assert_eq!(out.len(), toks.len() * N_STATIC);
        assert!(out.iter().all(|&f| f & 1 == 1));
    }
}
