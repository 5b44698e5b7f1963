//! The word table shipped inside the weights file (see `WordInfo` in the tagger): corpus label
//! statistics, gazetteer membership bits and word clusters, per normal form.

use crate::corpora::Sent;
use newsgraph::stages::tagger::{info, norm_hash, split_like_segment, NameKind, WordInfo};
use std::collections::HashMap;
use std::path::Path;

/// Gazetteer and cluster bits per normal-form hash (everything but the label code, which
/// depends on the training fold).
pub type Static = HashMap<u64, u32>;

/// Token label counts `[O, PER, ORG, LOC]` per normal form over `sents`, as label codes.
pub fn label_codes<'a>(sents: impl Iterator<Item = &'a Sent>) -> HashMap<u64, u32> {
    let mut counts: HashMap<u64, [u32; 4]> = HashMap::new();
    for s in sents {
        let mut lab = vec![0usize; s.tokens.len()];
        for &(a, b, k) in &s.spans {
            for l in &mut lab[a..b] {
                *l = 1 + NameKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
            }
        }
        for (t, &l) in s.tokens.iter().zip(&lab) {
            counts.entry(norm_hash(t)).or_default()[l] += 1;
        }
    }
    counts
        .into_iter()
        .map(|(k, c)| (k, WordInfo::label_code(c)))
        .filter(|&(_, c)| c != 0)
        .collect()
}

/// The full word table: label codes merged with the static bits.
pub fn merge(labels: &HashMap<u64, u32>, stat: &Static) -> Vec<(u64, u32)> {
    let mut out: HashMap<u64, u32> = stat.clone();
    for (&k, &c) in labels {
        *out.entry(k).or_default() |= c & info::LABEL_MASK;
    }
    let mut v: Vec<(u64, u32)> = out.into_iter().filter(|&(_, v)| v != 0).collect();
    v.sort_unstable();
    v
}

/// Mark the words of a gazetteer name (split like `segment` splits text) with the unit, first,
/// inner and last bits of its kind.
fn mark(stat: &mut Static, name: &str, bits: [u32; 4]) {
    let toks: Vec<&str> = name
        .split_whitespace()
        .flat_map(|w| split_like_segment(w).into_iter().map(move |r| &w[r]))
        .collect();
    let n = toks.len();
    for (i, t) in toks.iter().enumerate() {
        let b = if n == 1 {
            bits[0]
        } else if i == 0 {
            bits[1]
        } else if i + 1 == n {
            bits[3]
        } else {
            bits[2]
        };
        *stat.entry(norm_hash(t)).or_default() |= b << info::GAZ_SHIFT;
    }
}

const LOC: [u32; 4] = [
    info::LOC_UNIT,
    info::LOC_FIRST,
    info::LOC_INNER,
    info::LOC_LAST,
];
const ORG: [u32; 4] = [
    info::ORG_UNIT,
    info::ORG_FIRST,
    info::ORG_INNER,
    info::ORG_LAST,
];
// A one-word person entry is a surname or a mononym.
const PER: [u32; 4] = [
    info::PER_LAST,
    info::PER_FIRST,
    info::PER_INNER,
    info::PER_LAST,
];

fn tsv_rows(path: &Path) -> Vec<Vec<String>> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(|f| f.trim().to_string()).collect())
        .collect()
}

fn items(row: &[String], cols: &[usize]) -> Vec<String> {
    cols.iter()
        .filter_map(|&c| row.get(c))
        .flat_map(|f| f.split('|'))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Gazetteer bits from the project's own lists in `data/gazetteer/`: countries (names,
/// abbreviations, capitals; demonyms get their own bit), other places, organisations.
pub fn project_gazetteer(data: &Path, stat: &mut Static) -> usize {
    let mut n = 0;
    for row in tsv_rows(&data.join("gazetteer/countries.tsv")) {
        for name in items(&row, &[1, 2, 3, 4, 6]) {
            mark(stat, &name, LOC);
            n += 1;
        }
        for d in items(&row, &[5]) {
            *stat.entry(norm_hash(&d)).or_default() |= info::DEMONYM << info::GAZ_SHIFT;
        }
    }
    for row in tsv_rows(&data.join("gazetteer/locations.tsv")) {
        for name in items(&row, &[0, 3]) {
            mark(stat, &name, LOC);
            n += 1;
        }
    }
    for row in tsv_rows(&data.join("gazetteer/organizations.tsv")) {
        for name in items(&row, &[0, 3, 4]) {
            mark(stat, &name, ORG);
            n += 1;
        }
    }
    n
}

/// Names from a PETRARCH2 / Phoenix actor dictionary (MIT licence). An entry line starts in
/// the first column (`NAME_WITH_UNDERSCORES_ [CODE] # comment`); `+` lines are its synonyms;
/// indented `[CODE date]` lines its roles. In `Phoenix.Countries.actors.txt` an entry whose own
/// line carries a three-letter country code is a country, every other entry a person (synonyms
/// of persons carry their titles, `FOREIGN_MINISTER_GHANI`, so only the entry itself is read);
/// in the international and non-state files entries are organisations (some officials too:
/// the model learns how far to trust the bit).
pub fn petrarch(path: &Path, stat: &mut Static, countries_file: bool) -> usize {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut n = 0;
    let mut current_is_person = false;
    let clean = |raw: &str| -> String {
        raw.split('_')
            .filter(|w| !w.is_empty() && !w.starts_with('('))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with(char::is_whitespace)
        {
            continue;
        }
        let synonym = line.starts_with('+');
        let raw = line
            .trim_start_matches('+')
            .split(|c: char| c.is_whitespace() || c == '[' || c == '#')
            .next()
            .unwrap_or("");
        let name = clean(raw);
        if name.is_empty() || name.chars().all(|c| !c.is_alphabetic()) {
            continue;
        }
        if !synonym {
            current_is_person = countries_file && !has_country_code(line);
        }
        let bits = if !countries_file {
            ORG
        } else if current_is_person {
            if synonym {
                continue;
            }
            PER
        } else {
            LOC
        };
        mark(stat, &name, bits);
        n += 1;
    }
    n
}

/// True when the line holds `[XXX]`: a bare three-letter country code.
fn has_country_code(line: &str) -> bool {
    line.split('[').skip(1).any(|rest| {
        rest.split(']')
            .next()
            .is_some_and(|c| c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()))
    })
}

/// Word clusters from `data/tagger/clusters.tsv` (`word<TAB>path` with the path as `0`/`1`
/// steps, written by `examples/word_clusters.rs`): the path becomes the top bits of the value.
pub fn clusters(path: &Path, stat: &mut Static) -> usize {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let (Some(word), Some(bits)) = (f.next(), f.next()) else {
            continue;
        };
        let mut p: u32 = 1;
        for c in bits.chars().take(11) {
            p = p << 1 | (c == '1') as u32;
        }
        *stat.entry(norm_hash(word)).or_default() |= p << info::CLUSTER_SHIFT;
        n += 1;
    }
    n
}
