//! Training: the averaged-perceptron loops for the tagger and the parser, jackknifed tags for
//! parser training, and scoring. Used by `examples/train.rs`; never run at inference.
//!
//! Everything is deterministic: sentence order is shuffled with a seeded xorshift generator and
//! every table is written in a fixed order, so one command reproduces one weights file.

use crate::clusters::Clusters;
use crate::conllu::{self, Gold};
use crate::lexical::{lex, Lex};
use crate::parser::{argmax_valid, Parser, State, NO_LABEL, N_LABEL_FEATS, N_PARSE_FEATS, N_TRANS};
use crate::tagger::{self, Tagger};
use crate::weights::{TrainWeights, Weights};
use crate::{Error, Model, Upos};
use std::collections::BTreeSet;
use std::path::Path;

/// A training or scoring sentence with its gold annotation in model terms.
#[derive(Debug, Clone)]
pub struct Sent {
    /// Word forms.
    pub forms: Vec<String>,
    /// Gold lemmas.
    pub lemmas: Vec<String>,
    /// Word hashes.
    pub lex: Vec<Lex>,
    /// Gold tags (indices into [`Upos::ALL`]).
    pub upos: Vec<u8>,
    /// Gold head of each position (index 0 unused; the root is n+1).
    pub heads: Vec<u32>,
    /// Gold relation of each position (index 0 unused), as a label class.
    pub labels: Vec<u16>,
    /// Gold relations as written.
    pub deprels: Vec<String>,
}

/// A small seeded random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Shuffle a slice.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Read a CoNLL-U file's sentences with their gold annotation.
pub fn read_gold(path: &Path) -> Result<Vec<Gold>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let sents = conllu::parse(&text, &origin)?;
    sents
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Gold::of(s).ok_or_else(|| Error::Conllu {
                origin: origin.clone(),
                line: 0,
                message: format!("sentence {} has a missing or out-of-range head", i + 1),
            })
        })
        .collect()
}

/// The relation names of a corpus, sorted.
pub fn label_set(gold: &[Gold]) -> Vec<String> {
    let set: BTreeSet<&str> = gold
        .iter()
        .flat_map(|g| g.deprels.iter().map(String::as_str))
        .collect();
    set.into_iter().map(str::to_string).collect()
}

/// Turn gold sentences into training sentences over `labels` (unknown relations and tags
/// become the first class), with the word clusters of `clusters`.
pub fn prepare(gold: &[Gold], labels: &[String], clusters: &Clusters) -> Vec<Sent> {
    let mut buf = String::new();
    gold.iter()
        .map(|g| {
            let n = g.forms.len();
            let mut heads = vec![0u32; n + 2];
            let mut labs = vec![NO_LABEL; n + 2];
            for i in 0..n {
                heads[i + 1] = if g.heads[i] == 0 {
                    n as u32 + 1
                } else {
                    g.heads[i]
                };
                labs[i + 1] = labels.iter().position(|l| *l == g.deprels[i]).unwrap_or(0) as u16;
            }
            Sent {
                forms: g.forms.clone(),
                lemmas: g.lemmas.clone(),
                lex: g.forms.iter().map(|f| lex(f, &mut buf, clusters)).collect(),
                upos: g
                    .upos
                    .iter()
                    .map(|u| Upos::parse(u).map_or(Upos::X as u8, |u| u as u8))
                    .collect(),
                heads,
                labels: labs,
                deprels: g.deprels.clone(),
            }
        })
        .collect()
}

/// Train one pass's weights for `epochs` epochs; `first` holds the first pass's tags of every
/// sentence when training the second pass. `report(epoch, weights)` is called after each epoch
/// with the averaged weights so far.
fn train_pass(
    sents: &[Sent],
    first: Option<&[Vec<u8>]>,
    epochs: usize,
    seed: u64,
    prune: f64,
    mut report: impl FnMut(usize, Weights),
) -> Weights {
    let mut w = TrainWeights::new(Upos::ALL.len());
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let f = first.map(|f| f[i].as_slice());
            tagger::train_sentence(&mut w, &sents[i].lex, &sents[i].upos, f);
        }
        report(epoch, w.averaged(prune));
    }
    w.averaged(prune)
}

fn no_second() -> Weights {
    TrainWeights::new(Upos::ALL.len()).averaged(0.0)
}

/// Train a tagger for `epochs` epochs per pass: the first pass, then, when `first` gives
/// jackknifed first-pass tags of the training sentences ([`jackknife_first`]), the second
/// pass. `report(pass, epoch, tagger)` is called after each epoch (for choosing the number of
/// epochs on development data).
pub fn train_tagger(
    sents: &[Sent],
    first: Option<&[Vec<u8>]>,
    epochs: usize,
    seed: u64,
    prune: f64,
    mut report: impl FnMut(usize, usize, &Tagger),
) -> Tagger {
    let w1 = train_pass(sents, None, epochs, seed, prune, |e, w| {
        let t = Tagger {
            weights: w,
            second: no_second(),
            margin: i32::MAX,
        };
        report(1, e, &t)
    });
    let Some(first) = first else {
        return Tagger {
            weights: w1,
            second: no_second(),
            margin: i32::MAX,
        };
    };
    let w2 = train_pass(sents, Some(first), epochs, seed + 1000, prune, |e, w| {
        let t = Tagger {
            weights: w1.clone(),
            second: w,
            margin: i32::MAX,
        };
        report(2, e, &t)
    });
    Tagger {
        weights: w1,
        second: w2,
        margin: i32::MAX,
    }
}

/// Choose the second pass's margin on development sentences: the smallest among the margins
/// below which 10%, 15%, 20%, 30% or 50% of the words' first-pass margins fall whose UPOS
/// accuracy is within `tolerance` of running the second pass on every word. Returns the margin
/// and (share, margin, accuracy) of each candidate, the last with every word.
pub fn choose_margin(tagger: &Tagger, dev: &[Sent], tolerance: f64) -> (i32, Vec<(f64, i32, f64)>) {
    let mut margins = Vec::new();
    for s in dev {
        tagger.first_margins(&s.lex, &mut margins);
    }
    margins.sort_unstable();
    let accuracy = |m: i32| {
        let t = Tagger {
            margin: m,
            ..tagger.clone()
        };
        let (mut right, mut n) = (0, 0);
        let mut tags = Vec::new();
        for s in dev {
            t.tag(&s.lex, &mut tags);
            right += tags.iter().zip(&s.upos).filter(|(a, b)| a == b).count();
            n += tags.len();
        }
        right as f64 / n.max(1) as f64
    };
    let full = accuracy(i32::MAX);
    let mut tried = Vec::new();
    let mut chosen = i32::MAX;
    for share in [0.1, 0.15, 0.2, 0.3, 0.5] {
        let m = margins
            .get((share * margins.len() as f64) as usize)
            .copied()
            .unwrap_or(i32::MAX);
        let a = accuracy(m);
        tried.push((share, m, a));
        if chosen == i32::MAX && a >= full - tolerance {
            chosen = m;
        }
    }
    tried.push((1.0, i32::MAX, full));
    (chosen, tried)
}

/// First-pass tags for every training sentence from first-pass taggers that did not see it
/// (`folds` parts, sentence i in part i % folds), and those taggers.
pub fn jackknife_first(
    sents: &[Sent],
    folds: usize,
    epochs: usize,
    seed: u64,
) -> (Vec<Vec<u8>>, Vec<Weights>) {
    let mut tags = vec![Vec::new(); sents.len()];
    let mut taggers = Vec::new();
    for f in 0..folds {
        let train: Vec<Sent> = sents
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, s)| s.clone())
            .collect();
        let t = Tagger {
            weights: train_pass(&train, None, epochs, seed + f as u64, 0.0, |_, _| {}),
            second: no_second(),
            margin: i32::MAX,
        };
        for (i, s) in sents.iter().enumerate().filter(|(i, _)| i % folds == f) {
            t.tag(&s.lex, &mut tags[i]);
        }
        taggers.push(t.weights);
    }
    (tags, taggers)
}

/// Two-pass tags for every training sentence from taggers that did not see it, so the parser
/// learns from tags as wrong as they will be on new text: fold f's first pass is
/// `first_taggers[f]`, its second pass is trained on the other folds' jackknifed first-pass
/// tags `first`; words whose first-pass margin reaches `margin` keep their first-pass tag, as
/// at run time.
pub fn jackknife_second(
    sents: &[Sent],
    first: &[Vec<u8>],
    first_taggers: &[Weights],
    epochs: usize,
    seed: u64,
    margin: i32,
) -> Vec<Vec<u8>> {
    let folds = first_taggers.len();
    let mut tags = vec![Vec::new(); sents.len()];
    for (f, w1) in first_taggers.iter().enumerate() {
        let (train, ftags): (Vec<Sent>, Vec<Vec<u8>>) = sents
            .iter()
            .zip(first)
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, (s, t))| (s.clone(), t.clone()))
            .unzip();
        let t = Tagger {
            weights: w1.clone(),
            second: train_pass(
                &train,
                Some(&ftags),
                epochs,
                seed + 1000 + f as u64,
                0.0,
                |_, _| {},
            ),
            margin,
        };
        for (i, s) in sents.iter().enumerate().filter(|(i, _)| i % folds == f) {
            t.tag(&s.lex, &mut tags[i]);
        }
    }
    tags
}

/// Parser training settings.
#[derive(Debug, Clone, Copy)]
pub struct ParserConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// After the first pass, how often to follow a wrong prediction (error exploration).
    pub explore: f64,
    /// Pruning threshold (see [`TrainWeights::averaged`]).
    pub prune: f64,
    /// Rows of the hashed transition table, as a power of two (0: keyed).
    pub trans_bits: u32,
    /// Rows of the hashed label table, as a power of two (0: keyed).
    pub label_bits: u32,
}

struct Trainer {
    trans: TrainWeights,
    labels: TrainWeights,
    root_label: u16,
    state: State,
    scores: Vec<i32>,
}

impl Trainer {
    fn label(&mut self, h: usize, d: usize, gold: &Sent) -> u16 {
        if h == self.state.root() {
            return self.root_label;
        }
        let mut feats = [0u64; N_LABEL_FEATS];
        self.state.label_features(h, d, &mut feats);
        self.labels.scores(&feats, &mut self.scores);
        self.scores[self.root_label as usize] = i32::MIN;
        let mut p = 0;
        for (i, &s) in self.scores.iter().enumerate() {
            if s > self.scores[p] {
                p = i;
            }
        }
        if gold.heads[d] as usize == h {
            let g = gold.labels[d] as usize;
            if g != p && g != self.root_label as usize {
                self.labels.update(&feats, g, p);
            }
            self.labels.next();
        }
        p as u16
    }

    fn sentence(&mut self, s: &Sent, tags: &[u8], explore: f64, rng: &mut Rng) {
        self.state.reset(&s.lex, tags);
        let mut feats = [0u64; N_PARSE_FEATS];
        let mut scores = [0i32; N_TRANS];
        while !self.state.terminal() {
            let valid = self.state.valid();
            let costs = self.state.costs(&s.heads);
            let t = if valid.iter().filter(|&&v| v).count() == 1 {
                valid.iter().position(|&v| v).unwrap_or(0)
            } else {
                self.state.parse_features(&mut feats);
                self.trans.scores(&feats, &mut scores);
                let pred = argmax_valid(&scores, &valid);
                let min = *costs.iter().min().unwrap_or(&0);
                let zero: [bool; N_TRANS] = std::array::from_fn(|i| valid[i] && costs[i] == min);
                let best = argmax_valid(&scores, &zero);
                if costs[pred] > min {
                    self.trans.update(&feats, best, pred);
                }
                self.trans.next();
                if costs[pred] == min || rng.unit() < explore {
                    pred
                } else {
                    best
                }
            };
            let label = match self.state.arc(t) {
                Some((h, d)) => self.label(h, d, s),
                None => NO_LABEL,
            };
            self.state.apply(t, label);
        }
    }

    fn averaged(&self, prune: f64) -> Parser {
        Parser {
            trans: self.trans.averaged(prune),
            labels: self.labels.averaged(prune),
            root_label: self.root_label,
        }
    }
}

/// Train the parser on `sents` with `tags` (jackknifed); `report(epoch, parser)` is called
/// after each pass.
pub fn train_parser(
    sents: &[Sent],
    tags: &[Vec<u8>],
    labels: &[String],
    cfg: ParserConfig,
    mut report: impl FnMut(usize, &Parser),
) -> Parser {
    let root_label = labels.iter().position(|l| l == "root").unwrap_or(0) as u16;
    let mut tr = Trainer {
        trans: TrainWeights::with_bits(N_TRANS, cfg.trans_bits),
        labels: TrainWeights::with_bits(labels.len(), cfg.label_bits),
        root_label,
        state: State::default(),
        scores: vec![0; labels.len()],
    };
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        let explore = if epoch > 1 { cfg.explore } else { 0.0 };
        for &i in &order {
            tr.sentence(&sents[i], &tags[i], explore, &mut rng);
        }
        report(epoch, &tr.averaged(cfg.prune));
    }
    tr.averaged(cfg.prune)
}

/// Accuracy figures over all syntactic words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (relations without subtypes, as the CoNLL 2018 scorer).
    pub las: f64,
}

fn base(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Score a model on gold sentences; `parse` false scores the tagger and lemmatiser only.
pub fn score(model: &Model, sents: &[Sent], parse: bool) -> Scores {
    let (mut n, mut upos, mut lemma, mut uas, mut las) = (0, 0, 0, 0, 0);
    let mut scratch = crate::Scratch::default();
    let mut p = crate::Parse::default();
    let (mut out, mut buf) = (String::new(), String::new());
    for s in sents {
        if parse {
            model.parse_into(&s.forms, &mut scratch, &mut p);
        } else {
            model.tag_into(&s.forms, &mut scratch, &mut p.upos);
        }
        let m = s.forms.len();
        for i in 0..m {
            n += 1;
            upos += (p.upos[i] as u8 == s.upos[i]) as usize;
            model.lemma_into(&s.forms[i], p.upos[i], &mut out, &mut buf);
            lemma += (out == s.lemmas[i]) as usize;
            if parse {
                let gh = if s.heads[i + 1] as usize == m + 1 {
                    0
                } else {
                    s.heads[i + 1]
                };
                if p.heads[i] == gh {
                    uas += 1;
                    las += (base(model.deprel(p.deprels[i])) == base(&s.deprels[i])) as usize;
                }
            }
        }
    }
    let f = |x: usize| x as f64 / n.max(1) as f64;
    Scores {
        words: n,
        upos: f(upos),
        lemma: f(lemma),
        uas: f(uas),
        las: f(las),
    }
}

/// Score a parser alone on given tags (for per-epoch reports during training).
pub fn score_parser(
    parser: &Parser,
    labels: &[String],
    sents: &[Sent],
    tags: &[Vec<u8>],
) -> (f64, f64) {
    let (mut n, mut uas, mut las) = (0, 0, 0);
    let mut st = State::default();
    let mut scores = Vec::new();
    for (s, t) in sents.iter().zip(tags) {
        st.reset(&s.lex, t);
        parser.parse(&mut st, &mut scores);
        for d in 1..=s.forms.len() {
            n += 1;
            if st.heads[d] == s.heads[d] {
                uas += 1;
                let pl = labels.get(st.labels[d] as usize).map_or("", String::as_str);
                las += (base(pl) == base(&s.deprels[d - 1])) as usize;
            }
        }
    }
    (uas as f64 / n.max(1) as f64, las as f64 / n.max(1) as f64)
}
