//! Aligning output to gold: entities by shared mentions, participants through roles and
//! owners, quotes by word overlap, speakers by alignment or surname.

use crate::*;
use newsgraph::document::Document;
use std::collections::{HashMap, HashSet};

/// Minimum word overlap for an output quote to count as finding a gold quote.
pub const QUOTE_OVERLAP: f64 = 0.6;

/// True when gold entities `a` and `b` are tied by a role (`of`, `of_alt`) or an owner, either way.
pub(crate) fn tied(gold: &GoldArticle, a: usize, b: usize) -> bool {
    let ties = |x: usize, y: usize| {
        let e = &gold.entities[x];
        let target = gold.entities[y].name.as_str();
        e.owner.as_deref() == Some(target)
            || e.roles
                .iter()
                .any(|r| r.of.as_deref() == Some(target) || r.of_alt.iter().any(|o| o == target))
    };
    ties(a, b) || ties(b, a)
}

/// True when every gold participant is, or is tied to, an output participant (aligned to gold
/// indices; `None` = unaligned, never right), and every output participant is, or is tied to,
/// a gold one: `Lin Jian` + `China` matches a gold `China`, and a gold `Wen` + `China` is
/// matched by the ministry Wen speaks for + `China`.
pub(crate) fn participants_match(
    gold: &GoldArticle,
    index: &HashMap<&str, usize>,
    want: &[String],
    got: &[Option<usize>],
) -> bool {
    let want: Vec<usize> = want
        .iter()
        .filter_map(|n| index.get(n.as_str()).copied())
        .collect();
    let close = |a: usize, b: usize| a == b || tied(gold, a, b);
    want.iter()
        .all(|w| got.iter().flatten().any(|g| close(*w, *g)))
        && got.iter().all(|g| match g {
            Some(g) => want.iter().any(|w| close(*w, *g)),
            None => false,
        })
}

/// For each output entity, the index of the gold entity it is aligned to. An output entity is
/// aligned to the gold entity of the same type with which it shares the most mention spans (any
/// form); pairs are taken greedily by that count, each side at most once.
pub fn align_entities(gold: &GoldArticle, doc: &Document) -> Vec<Option<usize>> {
    let mut gold_at: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (gi, e) in gold.entities.iter().enumerate() {
        for m in &e.mentions {
            gold_at.entry((m.start, m.end)).or_default().push(gi);
        }
    }
    let mentions = doc.mentions();
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for (oi, e) in doc.entities().iter().enumerate() {
        let mut seen = HashSet::new();
        for mi in &e.mentions {
            let Some(m) = mentions.get(mi.ix()) else {
                continue;
            };
            if !seen.insert((m.span.start, m.span.end)) {
                continue;
            }
            for &gi in gold_at
                .get(&(m.span.start, m.span.end))
                .into_iter()
                .flatten()
            {
                if gold.entities[gi].etype == e.etype {
                    *shared.entry((oi, gi)).or_default() += 1;
                }
            }
        }
    }
    let mut pairs: Vec<((usize, usize), usize)> = shared.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut align = vec![None; doc.entities().len()];
    let mut taken = vec![false; gold.entities.len()];
    for ((oi, gi), _) in pairs {
        if align[oi].is_none() && !taken[gi] {
            align[oi] = Some(gi);
            taken[gi] = true;
        }
    }
    align
}

/// Lower case, straight apostrophes, single spaces, no leading `the`.
pub(crate) fn norm_name(s: &str) -> String {
    let s = s.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
}

/// The shared scorer's text normalisation: lower case, straight quotes, letters, digits and
/// apostrophes only, single spaces.
pub(crate) fn norm_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' => '\'',
            c => c,
        };
        for c in c.to_lowercase() {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'' {
                out.push(c);
            } else {
                out.push(' ');
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How much two quote texts overlap, in 0..=1: the length ratio when one contains the other,
/// otherwise shared words over the larger word count (as in the shared PolNeAR scorer).
pub fn quote_overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (norm_quote(a), norm_quote(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.contains(&b) || b.contains(&a) {
        return a.len().min(b.len()) as f64 / a.len().max(b.len()) as f64;
    }
    let wa: HashSet<&str> = a.split(' ').collect();
    let wb: HashSet<&str> = b.split(' ').collect();
    wa.intersection(&wb).count() as f64 / wa.len().max(wb.len()) as f64
}

/// A speaker is right when the output speaker entity is aligned to the gold speaker, or, as in
/// the shared scorer, when one of its names shares the last word of the gold speaker's name.
pub(crate) fn speaker_right(
    gold: &GoldArticle,
    doc: &Document,
    align: &[Option<usize>],
    gold_speaker: Option<usize>,
    out_speaker: Option<usize>,
) -> bool {
    let (Some(gi), Some(oi)) = (gold_speaker, out_speaker) else {
        return false;
    };
    if align.get(oi).copied().flatten() == Some(gi) {
        return true;
    }
    let Some(e) = doc.entities().get(oi) else {
        return false;
    };
    let gold_name = norm_quote(&gold.entities[gi].name);
    let Some(last) = gold_name.split(' ').next_back() else {
        return false;
    };
    let mentions = doc.mentions();
    std::iter::once(e.name.as_str())
        .chain(
            e.mentions
                .iter()
                .filter_map(|m| mentions.get(m.ix()))
                .map(|m| doc.text_of(m.span)),
        )
        .any(|n| norm_quote(n).split(' ').any(|w| w == last))
}

// ---------------------------------------------------------------------------------------------
// Sentence-level event coding (`newsgraph eval --sentences FILE`).
//
// A JSON Lines file of single sentences, each with the events a careful coder gives it (PLOVER
// type, CAMEO code, source and target countries as ISO alpha-3 codes or IGO short names); the
// format and coding rules are in `eval/gold/SENTENCES.md`. Each sentence is run through the
// pipeline as its own document and scored on type, CAMEO root and the countries of the
// participants. Scoring works on `Document`s ([`score_sentence`]) so that the arithmetic is
// tested on hand-built documents, independent of the extractor's quality.
// ---------------------------------------------------------------------------------------------
