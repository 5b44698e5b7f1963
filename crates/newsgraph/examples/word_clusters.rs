//! Compute the word clusters the name tagger uses as features (`data/tagger/clusters.tsv`) from
//! unlabelled text.
//!
//! ```text
//! cargo run --release -p newsgraph --example word_clusters -- --out data/tagger/clusters.tsv \
//!     --conll ../shared/train/ud_english_ewt/en_ewt-ud-train.conllu ... \
//!     --text ../shared/eval/corpus/bbc-fulltext
//! ```
//!
//! (`data/tagger/MODEL.md` has the full command that made the shipped file.) `--conll FILE`
//! reads the token column of a CoNLL / CoNLL-U file (column 2 when lines start with a number,
//! else column 1), `--conll DIR` every `.conll` file below DIR; `--text DIR` reads every `.txt`
//! file below DIR as plain text split at spaces and punctuation. Words are taken in their
//! normal form (lower case, digits as 0), as the tagger looks words up.
//!
//! Method (distributional, hierarchical, deterministic): each word seen at least `--min-count`
//! times gets a vector of positive pointwise mutual information (context counts smoothed by the
//! power 0.75) with the 300 most frequent words at offsets -2, -1, +1, +2, normalised; then the
//! words are split in two by spherical 2-means, recursively, to a depth of 11. A word's cluster
//! is its path of left/right steps, so a prefix of the path is a coarser cluster, as with Brown
//! clusters. Why not Brown clustering itself: this takes seconds on a small corpus and gives
//! the same kind of coarse-to-fine word classes.

use newsgraph::stages::tagger::{norm_form, split_like_segment};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const CONTEXTS: usize = 300;
const DIM: usize = 4 * CONTEXTS;
const DEPTH: usize = 11;

fn conll_tokens(path: &Path, out: &mut Vec<Vec<String>>) {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut sent = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            if !sent.is_empty() {
                out.push(std::mem::take(&mut sent));
            }
            continue;
        }
        if line.starts_with('#') && !line.contains('\t') {
            continue;
        }
        let cols: Vec<&str> = line.split(['\t', ' ']).collect();
        let numbered = cols[0]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.');
        let tok = if numbered && cols.len() > 1 {
            if cols[0].contains(['-', '.']) {
                continue; // CoNLL-U multiword token or empty node
            }
            cols[1]
        } else {
            cols[0]
        };
        for r in split_like_segment(tok) {
            sent.push(norm_form(&tok[r]));
        }
    }
    if !sent.is_empty() {
        out.push(sent);
    }
}

/// The files below `dir` whose names end in `.ext`, sorted.
fn files_below(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Plain text: one line a unit; words split at spaces, punctuation split off.
fn text_tokens(dir: &Path, out: &mut Vec<Vec<String>>) {
    for f in files_below(dir, "txt") {
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let mut sent = Vec::new();
            for w in line.split_whitespace() {
                let mut w = w;
                let mut tail = Vec::new();
                while let Some(c) = w.chars().last().filter(|c| !c.is_alphanumeric()) {
                    tail.push(c.to_string());
                    w = &w[..w.len() - c.len_utf8()];
                }
                while let Some(c) = w.chars().next().filter(|c| !c.is_alphanumeric()) {
                    sent.push(c.to_string());
                    w = &w[c.len_utf8()..];
                }
                if let Some(stem) = w.strip_suffix("'s") {
                    if !stem.is_empty() {
                        for r in split_like_segment(stem) {
                            sent.push(norm_form(&stem[r]));
                        }
                        sent.push("'s".to_string());
                        w = "";
                    }
                }
                for r in split_like_segment(w) {
                    sent.push(norm_form(&w[r]));
                }
                sent.extend(tail.into_iter().rev());
            }
            if !sent.is_empty() {
                out.push(sent);
            }
        }
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalise(v: &mut [f32]) {
    let norm = dot(v, v).sqrt().max(1e-6);
    v.iter_mut().for_each(|x| *x /= norm);
}

/// The mean of rows `ixs`.
fn mean(vecs: &[Vec<f32>], ixs: &[usize]) -> Vec<f32> {
    let mut m = vec![0f32; DIM];
    for &i in ixs {
        for (x, v) in m.iter_mut().zip(&vecs[i]) {
            *x += v;
        }
    }
    m.iter_mut().for_each(|x| *x /= ixs.len().max(1) as f32);
    m
}

/// Split `ixs` (rows of `vecs`) in two by spherical 2-means on the rows centred on their mean,
/// seeded deterministically: the row least like the mean, then the row least like that one.
fn split(vecs: &[Vec<f32>], ixs: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let m = mean(vecs, ixs);
    let centred: Vec<Vec<f32>> = ixs
        .iter()
        .map(|&i| {
            let mut v: Vec<f32> = vecs[i].iter().zip(&m).map(|(a, b)| a - b).collect();
            normalise(&mut v);
            v
        })
        .collect();
    let far = |from: &[f32]| -> usize {
        (0..centred.len())
            .min_by(|&x, &y| dot(from, &centred[x]).total_cmp(&dot(from, &centred[y])))
            .unwrap_or(0)
    };
    let a0 = far(&centred[0]);
    let b0 = far(&centred[a0]);
    let (mut ca, mut cb) = (centred[a0].clone(), centred[b0].clone());
    let mut side = vec![false; centred.len()];
    for _ in 0..10 {
        for (j, v) in centred.iter().enumerate() {
            side[j] = dot(v, &cb) > dot(v, &ca);
        }
        for (c, want) in [(&mut ca, false), (&mut cb, true)] {
            c.iter_mut().for_each(|x| *x = 0.0);
            for (_, v) in centred.iter().enumerate().filter(|(j, _)| side[*j] == want) {
                for (x, y) in c.iter_mut().zip(v) {
                    *x += y;
                }
            }
            normalise(c);
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (j, &i) in ixs.iter().enumerate() {
        if side[j] {
            right.push(i);
        } else {
            left.push(i);
        }
    }
    (left, right)
}

/// Each vocabulary word's PPMI vector over (offset, context word), context counts smoothed by
/// the power 0.75 (Levy et al. 2015), normalised.
fn ppmi_vectors(
    sents: &[Vec<String>],
    word_ix: &HashMap<&str, usize>,
    ctx_ix: &HashMap<&str, usize>,
) -> Vec<Vec<f32>> {
    // Co-occurrence counts: word × (offset, context word).
    let mut co: Vec<HashMap<usize, f32>> = vec![HashMap::new(); word_ix.len()];
    let mut ctx_total = vec![0f32; 4 * CONTEXTS];
    for s in sents {
        for (p, w) in s.iter().enumerate() {
            let Some(&wi) = word_ix.get(w.as_str()) else {
                continue;
            };
            for (slot, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                let q = p as isize + off;
                if q < 0 || q as usize >= s.len() {
                    continue;
                }
                if let Some(&ci) = ctx_ix.get(s[q as usize].as_str()) {
                    let c = slot * CONTEXTS + ci;
                    *co[wi].entry(c).or_default() += 1.0;
                    ctx_total[c] += 1.0;
                }
            }
        }
    }
    // PPMI with context counts smoothed by the power 0.75 (Levy et al. 2015), normalised.
    let smoothed: Vec<f32> = ctx_total.iter().map(|&c| c.powf(0.75)).collect();
    let smoothed_total: f32 = smoothed.iter().sum();
    co.iter()
        .map(|row| {
            let row_total: f32 = row.values().sum();
            let mut v = vec![0f32; DIM];
            for (&c, &n) in row {
                let pmi = (n * smoothed_total / (row_total * smoothed[c])).ln();
                if pmi > 0.0 {
                    v[c] = pmi;
                }
            }
            normalise(&mut v);
            v
        })
        .collect()
}

/// Binary cluster paths (strings of 0/1) by recursive spherical 2-means.
fn cluster_paths(vecs: &[Vec<f32>]) -> Vec<String> {
    // Recursive 2-means; paths as strings of 0/1.
    let mut paths = vec![String::new(); vecs.len()];
    let mut stack: Vec<(Vec<usize>, String)> = vec![((0..vecs.len()).collect(), String::new())];
    while let Some((ixs, path)) = stack.pop() {
        if path.len() >= DEPTH || ixs.len() < 4 {
            for &i in &ixs {
                paths[i] = path.clone();
            }
            continue;
        }
        let (l, r) = split(vecs, &ixs);
        if l.is_empty() || r.is_empty() {
            for &i in &ixs {
                paths[i] = path.clone();
            }
            continue;
        }
        stack.push((l, format!("{path}0")));
        stack.push((r, format!("{path}1")));
    }
    paths
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = PathBuf::from("data/tagger/clusters.tsv");
    let mut min_count = 3usize;
    let mut sents = Vec::new();
    let mut sources = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--out" => out = PathBuf::from(&v),
            "--min-count" => min_count = v.parse().expect("--min-count N"),
            "--conll" if Path::new(&v).is_dir() => {
                for f in files_below(Path::new(&v), "conll") {
                    conll_tokens(&f, &mut sents);
                }
            }
            "--conll" => conll_tokens(Path::new(&v), &mut sents),
            "--text" => text_tokens(Path::new(&v), &mut sents),
            other => panic!("unknown argument {other}"),
        }
        if args[i] == "--conll" || args[i] == "--text" {
            sources.push(v);
        }
        i += 2;
    }
    let n_tokens: usize = sents.iter().map(Vec::len).sum();
    eprintln!("{} sentences, {n_tokens} tokens", sents.len());

    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in &sents {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, usize)> = freq.iter().map(|(&w, &c)| (w, c)).collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let ctx_ix: HashMap<&str, usize> = vocab
        .iter()
        .take(CONTEXTS)
        .enumerate()
        .map(|(i, &(w, _))| (w, i))
        .collect();
    vocab.retain(|&(w, c)| c >= min_count && w.chars().any(char::is_alphabetic));
    let word_ix: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| (w, i))
        .collect();
    eprintln!("{} words to cluster", vocab.len());

    let vecs = ppmi_vectors(&sents, &word_ix, &ctx_ix);
    // `CLUSTER_PROBE=london,monday` prints those words' nearest neighbours, to eyeball quality.
    if let Ok(probe) = std::env::var("CLUSTER_PROBE") {
        for w in probe.split(',') {
            if let Some(&i) = word_ix.get(w) {
                let mut sims: Vec<(f32, &str)> = vecs
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (dot(v, &vecs[i]), vocab[j].0))
                    .collect();
                sims.sort_by(|a, b| b.0.total_cmp(&a.0));
                eprintln!("{w}: {:?}", &sims[..10]);
            }
        }
    }
    let paths = cluster_paths(&vecs);
    let mut text = String::new();
    text.push_str("# Word clusters for the name tagger's features; written by\n");
    text.push_str("# crates/newsgraph/examples/word_clusters.rs (see data/tagger/MODEL.md).\n");
    text.push_str(&format!(
        "# {n_tokens} tokens of unlabelled text; min count {min_count}; {} words.\n",
        vocab.len()
    ));
    for s in &sources {
        let name = Path::new(s)
            .components()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        text.push_str(&format!("# source: {name}\n"));
    }
    for (i, &(w, _)) in vocab.iter().enumerate() {
        if w.contains(['\t', '\n']) {
            continue;
        }
        text.push_str(&format!("{w}\t{}\n", paths[i]));
    }
    std::fs::write(&out, text).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    eprintln!("wrote {}", out.display());
}
