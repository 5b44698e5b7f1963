//! Train the statistical name tagger's weights (`data/tagger/weights.bin`).
//!
//! ```text
//! cargo run --release -p newsgraph --example train_tagger -- \
//!     --gmb /work/shared/train/gmb_ner_dataset_csv/ner_dataset.csv \
//!     --uner /work/shared/train/uner_english_ewt \
//!     --epochs 8 --out data/tagger/weights.bin [--holdout]
//! ```
//!
//! An averaged perceptron trained greedily, left to right, with the features and decoding of
//! `newsgraph::stages::tagger` (one definition shared with inference). Corpora:
//!
//! - GMB `ner_dataset.csv` (Windows-1252 CSV): per→PER, org→ORG, geo→LOC, gpe→LOC only when
//!   every token of the name is a proper noun (NNP/NNPS; `Iraqi`/JJ is a demonym, so O); tim,
//!   art, eve, nat → O. GMB puts titles inside person names (`President Bush`, `Mr. Smith`);
//!   CoNLL-style names do not, so leading title-like tokens are cut from PER names. A token is
//!   title-like when it is an abbreviation of 3+ characters ending in `.` (`Mr.`, `Gen.`) or a
//!   word that the same corpus writes in lower case at least 5 times and 5% of the time (`president`,
//!   `prime`, `minister`): the list is derived from the data, not written by hand.
//! - UNER English-EWT IOB2: OTH and the bogus B-O → O.
//!
//! Corpus tokens are split at hyphens as `segment` does (`al-Qaida` → `al` `-` `Qaida`).
//! A fraction of sentences is added again in upper case so headlines tag sensibly.
//! With `--holdout`, every 20th GMB sentence and the UNER dev file are held out and scored
//! after each epoch (to choose the number of epochs); without it, everything is trained on.

use newsgraph::stages::tagger::{
    encode_bilou, history_features, norm_hash, split_like_segment, static_features,
    valid_transition, write_weights, Lexicon, NameKind, Tagger, CONSTRAINED, N_STATIC, N_TAGS,
    START_TAG,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

type Spans = Vec<(usize, usize, NameKind)>;

#[derive(Clone)]
struct Sent {
    tokens: Vec<String>,
    spans: Spans,
}

struct Args {
    gmb: PathBuf,
    uner: PathBuf,
    out: PathBuf,
    epochs: usize,
    holdout: bool,
    upper_frac: f64,
    min_count: u32,
    prune: f32,
    seed: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        gmb: PathBuf::from("/work/shared/train/gmb_ner_dataset_csv/ner_dataset.csv"),
        uner: PathBuf::from("/work/shared/train/uner_english_ewt"),
        out: PathBuf::from("data/tagger/weights.bin"),
        epochs: 8,
        holdout: false,
        upper_frac: 0.15,
        min_count: 2,
        prune: 0.0,
        seed: 20240601,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--gmb" => a.gmb = v.into(),
            "--uner" => a.uner = v.into(),
            "--out" => a.out = v.into(),
            "--epochs" => a.epochs = v.parse().expect("--epochs N"),
            "--upper-frac" => a.upper_frac = v.parse().expect("--upper-frac F"),
            "--min-count" => a.min_count = v.parse().expect("--min-count N"),
            "--prune" => a.prune = v.parse().expect("--prune W"),
            "--seed" => a.seed = v.parse().expect("--seed N"),
            "--holdout" => {
                a.holdout = true;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    a
}

/// xorshift64*: a tiny deterministic generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Spans from IOB tags whose labels `map` turns into a kind (or None to drop).
fn iob_spans(tags: &[String], map: impl Fn(&str, usize, usize) -> Option<NameKind>) -> Spans {
    let mut raw: Vec<(usize, usize, String)> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        if let Some(label) = t.strip_prefix("B-") {
            raw.push((i, i + 1, label.to_string()));
        } else if let Some(label) = t.strip_prefix("I-") {
            match raw.last_mut() {
                Some(last) if last.1 == i && last.2 == label => last.1 = i + 1,
                _ => raw.push((i, i + 1, label.to_string())),
            }
        }
    }
    raw.into_iter()
        .filter_map(|(s, e, l)| map(&l, s, e).map(|k| (s, e, k)))
        .collect()
}

/// Split tokens at hyphens like `segment`, carrying spans along.
fn resegment(tokens: &[String], spans: &Spans) -> Sent {
    let mut out = Vec::new();
    let mut map = Vec::with_capacity(tokens.len() + 1); // old index -> first new index
    for t in tokens {
        map.push(out.len());
        for r in split_like_segment(t) {
            out.push(t[r].to_string());
        }
    }
    map.push(out.len());
    Sent {
        tokens: out,
        spans: spans.iter().map(|&(s, e, k)| (map[s], map[e], k)).collect(),
    }
}

fn load_gmb(path: &Path) -> Vec<Sent> {
    let bytes = std::fs::read(path).expect("read GMB csv");
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sents: Vec<Vec<(String, String, String)>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.expect("GMB csv row");
        let word = rec.get(1).unwrap_or("").to_string();
        let pos = rec.get(2).unwrap_or("").to_string();
        let tag = rec.get(3).unwrap_or("O").to_string();
        if !rec.get(0).unwrap_or("").trim().is_empty() || sents.is_empty() {
            sents.push(Vec::new());
        }
        if let Some(s) = sents.last_mut() {
            s.push((word, pos, tag));
        }
    }
    sents.pop(); // the last sentence is truncated (Excel row limit)

    // Title-like words: abbreviations or words the corpus mostly writes in lower case.
    let mut lower: HashMap<String, u32> = HashMap::new();
    let mut total: HashMap<String, u32> = HashMap::new();
    for s in &sents {
        for (w, _, _) in s {
            let lw = w.to_lowercase();
            if *w == lw {
                *lower.entry(lw.clone()).or_default() += 1;
            }
            *total.entry(lw).or_default() += 1;
        }
    }
    let title_like = |w: &str| -> bool {
        if !w.chars().any(char::is_alphabetic) {
            return true; // stray punctuation at the start of a name
        }
        if w.ends_with('.')
            && w.chars().count() >= 3
            && w.chars().next().is_some_and(char::is_uppercase)
        {
            return true;
        }
        let lw = w.to_lowercase();
        let l = lower.get(&lw).copied().unwrap_or(0);
        let t = total.get(&lw).copied().unwrap_or(1);
        l >= 5 && l as f64 >= 0.05 * t as f64
    };

    let mut out = Vec::with_capacity(sents.len());
    let mut cut = 0usize;
    for s in sents {
        let tokens: Vec<String> = s.iter().map(|(w, _, _)| w.clone()).collect();
        let tags: Vec<String> = s.iter().map(|(_, _, t)| t.clone()).collect();
        let spans = iob_spans(&tags, |label, a, b| match label {
            "per" => Some(NameKind::Person),
            "org" => Some(NameKind::Organization),
            "geo" => Some(NameKind::Location),
            "gpe" => s[a..b]
                .iter()
                .all(|(_, p, _)| p == "NNP" || p == "NNPS")
                .then_some(NameKind::Location),
            _ => None,
        });
        let spans: Spans = spans
            .into_iter()
            .map(|(mut a, b, k)| {
                if k == NameKind::Person {
                    while b - a > 1 && title_like(&tokens[a]) {
                        a += 1;
                        cut += 1;
                    }
                }
                (a, b, k)
            })
            .collect();
        out.push(resegment(&tokens, &spans));
    }
    eprintln!(
        "GMB: {} sentences; {cut} title tokens cut from PER names",
        out.len()
    );
    out
}

fn load_uner(path: &Path) -> Vec<Sent> {
    let text = std::fs::read_to_string(path).expect("read UNER file");
    let mut out = Vec::new();
    let (mut toks, mut tags): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut flush = |toks: &mut Vec<String>, tags: &mut Vec<String>| {
        if !toks.is_empty() {
            let spans = iob_spans(tags, |l, _, _| NameKind::from_label(l));
            out.push(resegment(toks, &spans));
        }
        toks.clear();
        tags.clear();
    };
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut toks, &mut tags);
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        toks.push(cols[1].to_string());
        tags.push(cols[2].to_string());
    }
    flush(&mut toks, &mut tags);
    out
}

fn upper_copy(s: &Sent) -> Sent {
    Sent {
        tokens: s.tokens.iter().map(|t| t.to_uppercase()).collect(),
        spans: s.spans.clone(),
    }
}

/// Span-level precision/recall/F1 of `tagger` on `sents`.
fn score(tagger: &Tagger, sents: &[Sent]) -> (f64, f64, f64) {
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    for s in sents {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        let pred: Vec<(usize, usize, NameKind)> = tagger
            .tag_tokens(&toks)
            .into_iter()
            .map(|n| (n.start, n.end, n.kind))
            .collect();
        np += pred.len();
        ng += s.spans.len();
        tp += pred.iter().filter(|p| s.spans.contains(p)).count();
    }
    let s = newsgraph_eval::Prf::from_counts(ng, np, tp, tp);
    (s.precision, s.recall, s.f1)
}

/// An averaged perceptron over interned feature ids.
struct Perceptron {
    ids: HashMap<u64, u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u64>,
    now: u64,
}

impl Perceptron {
    fn id(&mut self, key: u64) -> u32 {
        if let Some(&i) = self.ids.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.ids.insert(key, i);
        self.keys.push(key);
        self.w.extend([0.0; N_TAGS]);
        self.total.extend([0.0; N_TAGS]);
        self.stamp.extend([0; N_TAGS]);
        i
    }

    fn scores(&self, ids: &[u32], scores: &mut [f32; N_TAGS]) {
        for &i in ids {
            if i == u32::MAX {
                continue;
            }
            let row = &self.w[i as usize * N_TAGS..(i as usize + 1) * N_TAGS];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }

    fn update(&mut self, ids: &[u32], tag: usize, delta: f32) {
        for &i in ids {
            if i == u32::MAX {
                continue;
            }
            let j = i as usize * N_TAGS + tag;
            self.total[j] += (self.now - self.stamp[j]) as f64 * self.w[j] as f64;
            self.stamp[j] = self.now;
            self.w[j] += delta;
        }
    }

    fn averaged(&self) -> Vec<(u64, [f32; N_TAGS])> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let mut row = [0f32; N_TAGS];
                for (t, r) in row.iter_mut().enumerate() {
                    let j = i * N_TAGS + t;
                    let tot = self.total[j] + (self.now - self.stamp[j]) as f64 * self.w[j] as f64;
                    *r = (tot / self.now.max(1) as f64) as f32;
                }
                (k, row)
            })
            .collect()
    }
}

/// Token label counts `[O, PER, ORG, LOC]` per normal form, over the sentences `pick` accepts.
fn lexicon_entries(sents: &[Sent], pick: impl Fn(usize) -> bool) -> Vec<(u64, u8)> {
    let mut counts: HashMap<u64, [u32; 4]> = HashMap::new();
    for (si, s) in sents.iter().enumerate() {
        if !pick(si) {
            continue;
        }
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
    let mut v: Vec<(u64, u8)> = counts
        .into_iter()
        .map(|(k, c)| (k, Lexicon::code(c)))
        .filter(|&(_, c)| c != 0)
        .collect();
    v.sort_unstable();
    v
}

fn build(rows: &[(u64, [f32; N_TAGS])], prune: f32, lexicon: &[(u64, u8)]) -> Vec<u8> {
    let pruned: Vec<(u64, [f32; N_TAGS])> = rows
        .iter()
        .map(|(k, w)| {
            let mut w = *w;
            for x in &mut w {
                if x.abs() < prune {
                    *x = 0.0;
                }
            }
            (*k, w)
        })
        .collect();
    write_weights(&pruned, lexicon)
}

fn main() {
    let args = parse_args();
    let t0 = std::time::Instant::now();
    let gmb = load_gmb(&args.gmb);
    let uner_train = load_uner(&args.uner.join("en_ewt-ud-train.prerelease-0c7ce0d.iob2"));
    let uner_dev = load_uner(&args.uner.join("en_ewt-ud-dev.iob2"));
    let uner_test = load_uner(&args.uner.join("en_ewt-ud-test.iob2"));
    eprintln!(
        "UNER: train {} dev {} test {} sentences ({:.1}s)",
        uner_train.len(),
        uner_dev.len(),
        uner_test.len(),
        t0.elapsed().as_secs_f64()
    );

    let mut train: Vec<Sent> = Vec::new();
    let mut held_gmb: Vec<Sent> = Vec::new();
    let mut held_uner: Vec<Sent> = Vec::new();
    for (i, s) in gmb.into_iter().enumerate() {
        if args.holdout && i % 20 == 0 {
            held_gmb.push(s);
        } else {
            train.push(s);
        }
    }
    train.extend(uner_train);
    if args.holdout {
        held_uner = uner_dev;
    } else {
        train.extend(uner_dev);
        train.extend(uner_test);
    }
    let mut rng = Rng(args.seed | 1);
    let n_orig = train.len();
    let mut copy_of = Vec::new();
    for i in 0..n_orig {
        if rng.unit() < args.upper_frac {
            let u = upper_copy(&train[i]);
            train.push(u);
            copy_of.push(i);
        }
    }
    eprintln!(
        "training sentences: {} ({} upper-cased copies)",
        train.len(),
        train.len() - n_orig
    );

    // The lexicon: label counts per word. For training features, two folds (by original
    // sentence, so an upper-cased copy shares its original's fold): each fold's features read
    // the lexicon of the other, so the model learns how far to trust it on unseen text.
    let fold = |si: usize| -> usize {
        let orig = if si < n_orig {
            si
        } else {
            copy_of[si - n_orig]
        };
        orig % 2
    };
    let lex_full = lexicon_entries(&train, |_| true);
    let lex_fold = [
        Lexicon::new(&lexicon_entries(&train, |si| fold(si) != 0)),
        Lexicon::new(&lexicon_entries(&train, |si| fold(si) != 1)),
    ];
    eprintln!("lexicon: {} words", lex_full.len());

    // Static features, counted and pruned.
    let mut scratch = String::new();
    let mut feats = Vec::new();
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for (si, s) in train.iter().enumerate() {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        static_features(&toks, &lex_fold[fold(si)], &mut scratch, &mut feats);
        for &f in &feats {
            *counts.entry(f).or_default() += 1;
        }
    }
    let mut p = Perceptron {
        ids: HashMap::new(),
        keys: Vec::new(),
        w: Vec::new(),
        total: Vec::new(),
        stamp: Vec::new(),
        now: 0,
    };
    let mut kept: Vec<u64> = counts
        .iter()
        .filter(|&(_, &c)| c >= args.min_count)
        .map(|(&k, _)| k)
        .collect();
    kept.sort_unstable();
    for k in kept {
        p.id(k);
    }
    eprintln!(
        "static features: {} distinct, {} kept",
        counts.len(),
        p.keys.len()
    );
    drop(counts);
    let mut stat_ids: Vec<Vec<u32>> = Vec::with_capacity(train.len());
    let mut statics: Vec<Vec<u64>> = Vec::with_capacity(train.len());
    let mut gold: Vec<Vec<usize>> = Vec::with_capacity(train.len());
    for (si, s) in train.iter().enumerate() {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        static_features(&toks, &lex_fold[fold(si)], &mut scratch, &mut feats);
        stat_ids.push(
            feats
                .iter()
                .map(|f| p.ids.get(f).copied().unwrap_or(u32::MAX))
                .collect(),
        );
        statics.push(feats.clone());
        gold.push(encode_bilou(s.tokens.len(), &s.spans));
    }
    eprintln!("features ready ({:.1}s)", t0.elapsed().as_secs_f64());

    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut hist_ids = [0u32; 4];
    for epoch in 1..=args.epochs {
        // Fisher-Yates with the fixed-seed generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut correct, mut seen) = (0usize, 0usize);
        for &si in &order {
            let ids = &stat_ids[si];
            let st = &statics[si];
            let g = &gold[si];
            let (mut prev, mut prev2) = (START_TAG, START_TAG);
            for (i, &gt) in g.iter().enumerate() {
                p.now += 1;
                let sid = &ids[i * N_STATIC..(i + 1) * N_STATIC];
                let hist = history_features(&st[i * N_STATIC..(i + 1) * N_STATIC], prev, prev2);
                for (h, &f) in hist_ids.iter_mut().zip(&hist) {
                    *h = p.id(f);
                }
                let mut scores = [0f32; N_TAGS];
                p.scores(sid, &mut scores);
                p.scores(&hist_ids, &mut scores);
                let mut best = 0;
                let mut best_s = f32::NEG_INFINITY;
                for (t, &s) in scores.iter().enumerate() {
                    if (!CONSTRAINED || valid_transition(prev, t)) && s > best_s {
                        best = t;
                        best_s = s;
                    }
                }
                if best != gt {
                    p.update(sid, gt, 1.0);
                    p.update(&hist_ids, gt, 1.0);
                    p.update(sid, best, -1.0);
                    p.update(&hist_ids, best, -1.0);
                } else {
                    correct += 1;
                }
                seen += 1;
                prev2 = prev;
                prev = best;
            }
        }
        eprint!(
            "epoch {epoch}: train token acc {:.4} ({:.1}s)",
            correct as f64 / seen as f64,
            t0.elapsed().as_secs_f64()
        );
        if args.holdout {
            let bytes = build(&p.averaged(), args.prune, &lex_full);
            let tagger = Tagger::from_bytes(&bytes, Path::new("memory")).expect("own weights");
            let (gp, gr, gf) = score(&tagger, &held_gmb);
            let (up, ur, uf) = score(&tagger, &held_uner);
            eprint!(
                "  held-out GMB P {gp:.4} R {gr:.4} F {gf:.4}; UNER-dev P {up:.4} R {ur:.4} F {uf:.4}; {} bytes",
                bytes.len()
            );
        }
        eprintln!();
    }
    let bytes = build(&p.averaged(), args.prune, &lex_full);
    let tagger = Tagger::from_bytes(&bytes, Path::new("memory")).expect("own weights");
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).expect("create output dir");
    }
    std::fs::write(&args.out, &bytes).expect("write weights");
    eprintln!(
        "wrote {} ({} bytes, {} features, {} lexicon words) in {:.1}s",
        args.out.display(),
        bytes.len(),
        tagger.n_features(),
        tagger.n_lexicon(),
        t0.elapsed().as_secs_f64()
    );
}
