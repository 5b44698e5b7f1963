//! Per-word hashes every model reads: normal form, exact form, word shape, prefixes and
//! suffixes. Computed once per word, so each feature template only combines ready-made numbers
//! and no feature builds a string.

use crate::clusters::Clusters;
use crate::hash;

/// The hashes of one word.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lex {
    /// Normal form: lower case, digits as `0`, curly quotes straightened.
    pub norm: u64,
    /// The form as written.
    pub exact: u64,
    /// Shape: `X` upper, `x` lower, `d` digit, others kept, runs cut at two (`Xxx`, `dd.dd`).
    pub shape: u64,
    /// Suffixes of the normal form of 1..=4 characters (the whole form when shorter).
    pub suf: [u64; 4],
    /// Prefixes of the normal form of 1..=3 characters.
    pub pre: [u64; 3],
    /// Word-cluster path prefixes ([`Clusters::parts`]).
    pub cl: [u64; 3],
}

/// The pseudo-word before a sentence.
pub const BEFORE: Lex = Lex::boundary("<s>");
/// The pseudo-word after a sentence.
pub const AFTER: Lex = Lex::boundary("</s>");

impl Lex {
    /// The pseudo-word before the sentence, after it, or standing for "no word".
    pub const fn boundary(name: &str) -> Lex {
        let h = hash::bytes(name.as_bytes());
        Lex {
            norm: h,
            exact: h,
            shape: h,
            suf: [h; 4],
            pre: [h; 3],
            cl: [h; 3],
        }
    }
}

/// Normal form of a character: lower case, digits as `0`, typographic quotes and dashes as
/// their ASCII forms (news text uses them, the treebank mostly does not).
#[inline]
fn push_norm(c: char, out: &mut String) {
    match c {
        '0'..='9' => out.push('0'),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => out.push('"'),
        '\u{2013}' => out.push('-'),
        '\u{2014}' => out.push_str("--"),
        c if c.is_ascii() => out.push(c),
        c => out.extend(c.to_lowercase()),
    }
}

/// Write the normal form of `word` into `out` (cleared first).
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        push_norm(c, out);
    }
}

/// The hashes of `word` and its cluster in `clusters`; `buf` is scratch space (reused, so no
/// allocation once warm).
pub fn lex(word: &str, buf: &mut String, clusters: &Clusters) -> Lex {
    normalize_into(word, buf);
    let norm = hash::bytes(buf.as_bytes());
    let mut suf = [0u64; 4];
    let mut pre = [0u64; 3];
    // Character boundaries from the end and from the start of the normal form.
    let mut ends = [0usize; 4];
    let mut n_end = 0;
    for (i, _) in buf.char_indices().rev() {
        if n_end == 4 {
            break;
        }
        ends[n_end] = i;
        n_end += 1;
    }
    for (k, s) in suf.iter_mut().enumerate() {
        let start = ends[k.min(n_end.saturating_sub(1))];
        *s = hash::f1(k as u64 + 1, hash::bytes(&buf.as_bytes()[start..]));
    }
    let mut starts = buf.char_indices().map(|(i, _)| i).skip(1);
    for (k, p) in pre.iter_mut().enumerate() {
        let end = starts.next().unwrap_or(buf.len());
        *p = hash::f1(k as u64 + 11, hash::bytes(&buf.as_bytes()[..end]));
    }
    let exact = hash::bytes(word.as_bytes());
    // Shape, hashed on the fly.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = s;
        }
        h ^= s as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    Lex {
        norm,
        exact,
        shape: hash::finish(h),
        suf,
        pre,
        cl: clusters.parts(norm),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms_fold_case_digits_and_quotes() {
        let mut b = String::new();
        let none = Clusters::default();
        normalize_into("Don\u{2019}t 1999", &mut b);
        assert_eq!(b, "don't 0000");
        let a = lex("Running", &mut b, &none);
        let c = lex("running", &mut b, &none);
        assert_eq!(a.norm, c.norm);
        assert_ne!(a.exact, c.exact);
        assert_ne!(a.shape, c.shape);
        assert_eq!(a.suf, c.suf);
        let d = lex("é", &mut b, &none);
        let e = lex("dé", &mut b, &none);
        assert_eq!(d.suf[0], e.suf[0], "same last character");
    }
}
