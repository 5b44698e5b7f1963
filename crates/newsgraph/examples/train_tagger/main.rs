//! Train the statistical name tagger's weights (`data/tagger/weights.bin`).
//!
//! ```text
//! cargo run --release -p newsgraph --example train_tagger -- \
//!     --uner ../shared/train/uner_english_ewt --wikigold ../shared/train/wikigold/wikigold.conll.txt \
//!     --re3d ../shared/train/re3d_ner --wnut ../shared/train/wnut17 \
//!     --petrarch ../shared/resources/petrarch2 --clusters data/tagger/clusters.tsv \
//!     --epochs 6 --out data/tagger/weights.bin
//! ```
//!
//! An averaged perceptron trained greedily, left to right, with the features and decoding of
//! `newsgraph::stages::tagger` (one definition shared with inference). Corpora and their
//! label mappings are in `corpora.rs`; the word table shipped with the weights (label
//! statistics, gazetteer bits from `data/gazetteer/` and PETRARCH2, word clusters) in
//! `words.rs`. A fraction of sentences is added again in upper case and in Title Case, inside
//! the same document, so headlines tag sensibly.
//!
//! `--holdout` holds out the UNER dev file and every 10th document of the other corpora and
//! scores them after each epoch; `--eval FILE` scores a CoNLL-style file (tuning only, never
//! trained on) after each epoch too.

mod corpora;
mod words;

use corpora::{Doc, Sent};
use newsgraph::stages::tagger::{
    encode_bilou, static_features, transition_feature, viterbi, write_weights, DocContext,
    NameKind, Tagger, Transitions, WordInfo, N_STATIC, N_TAGS, START_TAG,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Default)]
struct Args {
    uner: Option<PathBuf>,
    wikigold: Option<PathBuf>,
    re3d: Option<PathBuf>,
    wnut: Option<PathBuf>,
    gmb: Option<PathBuf>,
    petrarch: Option<PathBuf>,
    clusters: Option<PathBuf>,
    data: PathBuf,
    eval: Option<PathBuf>,
    out: PathBuf,
    epochs: usize,
    holdout: bool,
    no_gazetteer: bool,
    upper_frac: f64,
    title_frac: f64,
    min_count: u32,
    prune: f32,
    seed: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        data: PathBuf::from("data"),
        out: PathBuf::from("data/tagger/weights.bin"),
        epochs: 6,
        upper_frac: 0.15,
        title_frac: 0.05,
        min_count: 2,
        // Averaged weights below 1.0 in magnitude are dropped: on CoNLL dev this keeps F1 and
        // cuts the features from ~100k to ~61k, so the table the tagger probes halves.
        prune: 1.0,
        seed: 20240601,
        ..Args::default()
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        if args[i] == "--holdout" || args[i] == "--no-gazetteer" {
            a.holdout |= args[i] == "--holdout";
            a.no_gazetteer |= args[i] == "--no-gazetteer";
            i += 1;
            continue;
        }
        match args[i].as_str() {
            "--uner" => a.uner = Some(v.into()),
            "--wikigold" => a.wikigold = Some(v.into()),
            "--re3d" => a.re3d = Some(v.into()),
            "--wnut" => a.wnut = Some(v.into()),
            "--gmb" => a.gmb = Some(v.into()),
            "--petrarch" => a.petrarch = Some(v.into()),
            "--clusters" => a.clusters = Some(v.into()),
            "--data" => a.data = v.into(),
            "--eval" => a.eval = Some(v.into()),
            "--out" => a.out = v.into(),
            "--epochs" => a.epochs = v.parse().expect("--epochs N"),
            "--upper-frac" => a.upper_frac = v.parse().expect("--upper-frac F"),
            "--title-frac" => a.title_frac = v.parse().expect("--title-frac F"),
            "--min-count" => a.min_count = v.parse().expect("--min-count N"),
            "--prune" => a.prune = v.parse().expect("--prune W"),
            "--seed" => a.seed = v.parse().expect("--seed N"),
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

/// Span-level true positives, predictions and gold names per kind, over documents.
fn score(tagger: &Tagger, docs: &[Doc]) -> ([usize; 3], [usize; 3], [usize; 3]) {
    let (mut tp, mut np, mut ng) = ([0usize; 3], [0usize; 3], [0usize; 3]);
    let kix = |k: NameKind| NameKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
    let mut scratch = Default::default();
    for d in docs {
        let toks: Vec<Vec<&str>> = d
            .sents
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let ctx = DocContext::build(toks.iter().map(Vec::as_slice));
        for (s, t) in d.sents.iter().zip(&toks) {
            for n in tagger.tag_in_doc(t, &ctx, &mut scratch) {
                np[kix(n.kind)] += 1;
                if s.spans.contains(&(n.start, n.end, n.kind)) {
                    tp[kix(n.kind)] += 1;
                }
            }
            for g in &s.spans {
                ng[kix(g.2)] += 1;
            }
        }
    }
    (tp, np, ng)
}

fn f1(tp: usize, np: usize, ng: usize) -> f64 {
    newsgraph_eval::Prf::from_counts(ng, np, tp, tp).f1
}

fn report(name: &str, tagger: &Tagger, docs: &[Doc]) -> String {
    let (tp, np, ng) = score(tagger, docs);
    let sum = |v: [usize; 3]| v.iter().sum::<usize>();
    format!(
        "{name} F1 {:.4} (PER {:.3} ORG {:.3} LOC {:.3})",
        f1(sum(tp), sum(np), sum(ng)),
        f1(tp[0], np[0], ng[0]),
        f1(tp[1], np[1], ng[1]),
        f1(tp[2], np[2], ng[2])
    )
}

/// An averaged perceptron over interned feature ids.
#[derive(Default)]
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
        for &i in ids.iter().filter(|&&i| i != u32::MAX) {
            let row = &self.w[i as usize * N_TAGS..(i as usize + 1) * N_TAGS];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }

    fn update(&mut self, ids: &[u32], tag: usize, delta: f32) {
        for &i in ids.iter().filter(|&&i| i != u32::MAX) {
            let j = i as usize * N_TAGS + tag;
            self.total[j] += (self.now - self.stamp[j]) as f64 * self.w[j] as f64;
            self.stamp[j] = self.now;
            self.w[j] += delta;
        }
    }

    fn averaged(&self, prune: f32) -> Vec<(u64, [f32; N_TAGS])> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let mut row = [0f32; N_TAGS];
                for (t, r) in row.iter_mut().enumerate() {
                    let j = i * N_TAGS + t;
                    let tot = self.total[j] + (self.now - self.stamp[j]) as f64 * self.w[j] as f64;
                    let x = (tot / self.now.max(1) as f64) as f32;
                    *r = if x.abs() < prune { 0.0 } else { x };
                }
                (k, row)
            })
            .collect()
    }
}

/// The training sentences with what their features need: document, jackknife fold.
struct Example {
    doc: usize,
    sent: Sent,
}

fn load_all(a: &Args) -> (Vec<Doc>, Vec<Doc>) {
    let (mut train, mut held) = (Vec::new(), Vec::new());
    let mut add = |name: &str, docs: Vec<Doc>, held_every: usize| {
        corpora::describe(name, &docs);
        for (i, d) in docs.into_iter().enumerate() {
            if a.holdout && held_every > 0 && i % held_every == held_every - 1 {
                held.push(d);
            } else {
                train.push(d);
            }
        }
    };
    if let Some(dir) = &a.uner {
        add(
            "UNER train",
            corpora::load_uner(&dir.join("en_ewt-ud-train.prerelease-0c7ce0d.iob2")),
            0,
        );
        let dev = corpora::load_uner(&dir.join("en_ewt-ud-dev.iob2"));
        add("UNER dev", dev, if a.holdout { 1 } else { 0 });
        add(
            "UNER test",
            corpora::load_uner(&dir.join("en_ewt-ud-test.iob2")),
            0,
        );
    }
    if let Some(p) = &a.wikigold {
        add("wikigold", corpora::load_wikigold(p), 10);
    }
    if let Some(p) = &a.re3d {
        add("re3d", corpora::load_re3d(p), 10);
    }
    if let Some(p) = &a.wnut {
        add(
            "WNUT-17 train",
            corpora::load_wnut(&p.join("wnut17train.conll")),
            10,
        );
        add(
            "WNUT-17 dev",
            corpora::load_wnut(&p.join("emerging.dev.conll")),
            10,
        );
    }
    if let Some(p) = &a.gmb {
        add("GMB", corpora::load_gmb(p), 20);
    }
    (train, held)
}

/// The static word bits: gazetteers and clusters.
fn static_words(a: &Args) -> words::Static {
    let mut stat = words::Static::new();
    if !a.no_gazetteer {
        let n = words::project_gazetteer(&a.data, &mut stat);
        eprintln!("project gazetteer: {n} names");
        if let Some(dir) = &a.petrarch {
            for (f, countries) in [
                ("Phoenix.Countries.actors.txt", true),
                ("Phoenix.International.actors.txt", false),
                ("Phoenix.MilNonState.actors.txt", false),
            ] {
                let n = words::petrarch(&dir.join(f), &mut stat, countries);
                eprintln!("PETRARCH2 {f}: {n} names");
            }
        }
    }
    if let Some(p) = &a.clusters {
        let n = words::clusters(p, &mut stat);
        eprintln!("clusters: {n} words");
    }
    stat
}

/// The training sentences, with upper-case and Title Case copies added inside the same
/// document (as a headline would be).
fn examples(docs: &[Doc], args: &Args, rng: &mut Rng) -> Vec<Example> {
    let mut ex: Vec<Example> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for s in &doc.sents {
            ex.push(Example {
                doc: d,
                sent: s.clone(),
            });
            let copy = if rng.unit() < args.upper_frac {
                Some(corpora::upper_copy(s))
            } else if rng.unit() < args.title_frac {
                Some(corpora::title_copy(s))
            } else {
                None
            };
            if let Some(sent) = copy {
                ex.push(Example { doc: d, sent });
            }
        }
    }
    eprintln!(
        "training sentences: {} in {} documents",
        ex.len(),
        docs.len()
    );
    ex
}

/// The document context of each document, over its sentences and their copies.
fn contexts(ex: &[Example], n_docs: usize) -> Vec<DocContext> {
    let mut by_doc: Vec<Vec<&Sent>> = vec![Vec::new(); n_docs];
    for e in ex {
        by_doc[e.doc].push(&e.sent);
    }
    by_doc
        .iter()
        .map(|sents| {
            DocContext::build(
                sents
                    .iter()
                    .map(|s| s.tokens.iter().map(String::as_str).collect::<Vec<_>>()),
            )
        })
        .collect()
}

/// Every example's static features, with the features seen at least `min_count` times
/// interned in `p` (the others get `u32::MAX`, which the perceptron skips).
fn feature_ids(
    ex: &[Example],
    fold_words: &[WordInfo; 2],
    ctx: &[DocContext],
    min_count: u32,
    p: &mut Perceptron,
) -> Vec<Vec<u32>> {
    let mut scratch = String::new();
    let mut feats = Vec::new();
    let mut statics: Vec<Vec<u64>> = Vec::with_capacity(ex.len());
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for e in ex {
        let toks: Vec<&str> = e.sent.tokens.iter().map(String::as_str).collect();
        static_features(
            &toks,
            &fold_words[e.doc % 2],
            &ctx[e.doc],
            &mut scratch,
            &mut feats,
        );
        for &f in &feats {
            *counts.entry(f).or_default() += 1;
        }
        statics.push(feats.clone());
    }
    let mut kept: Vec<u64> = counts
        .iter()
        .filter(|&(_, &c)| c >= min_count)
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
    statics
        .iter()
        .map(|st| {
            st.iter()
                .map(|f| p.ids.get(f).copied().unwrap_or(u32::MAX))
                .collect()
        })
        .collect()
}

/// One epoch of the structured perceptron over the examples in `order`: decode each sentence
/// with Viterbi under the current weights and, where the best sequence is not the gold one,
/// move the weights of the features that differ. Returns the token accuracy while training.
fn epoch(p: &mut Perceptron, order: &[usize], ids: &[Vec<u32>], gold: &[Vec<usize>]) -> f64 {
    let trans_ids: Vec<u32> = (0..=START_TAG)
        .map(|t| p.id(transition_feature(t)))
        .collect();
    let (mut em, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    let (mut correct, mut seen) = (0usize, 0usize);
    for &si in order {
        let (ids, g) = (&ids[si], &gold[si]);
        p.now += 1;
        em.clear();
        for sid in ids.chunks_exact(N_STATIC) {
            let mut e = [0f32; N_TAGS];
            p.scores(sid, &mut e);
            em.push(e);
        }
        let mut trans: Transitions = [[0f32; N_TAGS]; N_TAGS + 1];
        for (row, &id) in trans.iter_mut().zip(&trans_ids) {
            p.scores(&[id], row);
        }
        viterbi(&em, &trans, &mut back, &mut pred);
        let (mut gp, mut pp) = (START_TAG, START_TAG);
        for ((sid, &gt), &pt) in ids.chunks_exact(N_STATIC).zip(g.iter()).zip(pred.iter()) {
            if pt != gt {
                p.update(sid, gt, 1.0);
                p.update(sid, pt, -1.0);
            } else {
                correct += 1;
            }
            if (gp, gt) != (pp, pt) {
                p.update(&[trans_ids[gp]], gt, 1.0);
                p.update(&[trans_ids[pp]], pt, -1.0);
            }
            (gp, pp) = (gt, pt);
            seen += 1;
        }
    }
    correct as f64 / seen.max(1) as f64
}

fn main() {
    let args = parse_args();
    let t0 = std::time::Instant::now();
    let (train_docs, held) = load_all(&args);
    let eval_docs = args.eval.as_ref().map(|p| corpora::load_wikigold(p));
    let stat = static_words(&args);
    let mut rng = Rng(args.seed | 1);
    let ex = examples(&train_docs, &args, &mut rng);
    let ctx = contexts(&ex, train_docs.len());

    // The word table. For training features, two folds by document: each fold's features read
    // the label codes of the other, so the model learns how far to trust them on unseen text.
    let full = words::merge(&words::label_codes(ex.iter().map(|e| &e.sent)), &stat);
    let fold_words = [0, 1].map(|f| {
        WordInfo::new(&words::merge(
            &words::label_codes(ex.iter().filter(|e| e.doc % 2 != f).map(|e| &e.sent)),
            &stat,
        ))
    });
    eprintln!("word table: {} words", full.len());

    let mut p = Perceptron::default();
    let ids = feature_ids(&ex, &fold_words, &ctx, args.min_count, &mut p);
    let gold: Vec<Vec<usize>> = ex
        .iter()
        .map(|e| encode_bilou(e.sent.tokens.len(), &e.sent.spans))
        .collect();
    let mut order: Vec<usize> = (0..ex.len()).collect();
    for n in 1..=args.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let acc = epoch(&mut p, &order, &ids, &gold);
        eprint!(
            "epoch {n}: train token acc {acc:.4} ({:.1}s)",
            t0.elapsed().as_secs_f64()
        );
        if args.holdout || eval_docs.is_some() {
            let bytes = write_weights(&p.averaged(args.prune), &full);
            let tagger = Tagger::from_bytes(&bytes, Path::new("memory")).expect("own weights");
            if args.holdout {
                eprint!("; {}", report("held-out", &tagger, &held));
            }
            if let Some(d) = &eval_docs {
                eprint!("; {}", report("eval", &tagger, d));
            }
            eprint!("; {} bytes", bytes.len());
        }
        eprintln!();
    }
    let bytes = write_weights(&p.averaged(args.prune), &full);
    let tagger = Tagger::from_bytes(&bytes, Path::new("memory")).expect("own weights");
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).expect("create output dir");
    }
    std::fs::write(&args.out, &bytes).expect("write weights");
    eprintln!(
        "wrote {} ({} bytes, {} features, {} words) in {:.1}s",
        args.out.display(),
        bytes.len(),
        tagger.n_features(),
        tagger.n_words(),
        t0.elapsed().as_secs_f64()
    );
}
