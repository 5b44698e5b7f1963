//! Train the tagger, lemmatiser and parser on UD English-EWT and write `model.bin`.
//!
//! ```text
//! cargo run --release -p newsgraph-syntax --example train -- \
//!     --train ../shared/train/ud_english_ewt/en_ewt-ud-train.conllu \
//!     --dev ../shared/train/ud_english_ewt/en_ewt-ud-dev.conllu --out data/syntax/
//! ```
//!
//! Options (defaults in brackets): `--clusters FILE` [none] (word clusters, `word<TAB>path`
//! lines, stored in the model), `--tagger-epochs N` [8], `--parser-epochs N` [15],
//! `--folds K` [4] (jackknifed training tags, at least 2), `--passes N` [2] (tagger passes: 1 or
//! 2, the second reading the first's tags of the next words),
//! `--explore P` [0.9], `--lemma-min N` [2], `--seed S` [20261202], `--prune X` [0] (drop
//! tagger features whose weights are all below X times the largest), `--parser-prune X` [0] (the
//! same for keyed parser tables), `--trans-bits B` [19] and
//! `--label-bits B` [16] (hashed tables of 2^B rows for the parser; 0 = one row per feature). The development file is used
//! only for the per-epoch figures printed on stderr (to choose epochs) and the final report.

use newsgraph_syntax::clusters::Clusters;
use newsgraph_syntax::lemma::Lemmatizer;
use newsgraph_syntax::train::{self, ParserConfig};
use newsgraph_syntax::{Model, Upos};
use std::path::PathBuf;
use std::time::Instant;

struct Args {
    train: PathBuf,
    dev: PathBuf,
    out: PathBuf,
    clusters: Option<PathBuf>,
    tagger_epochs: usize,
    parser_epochs: usize,
    folds: usize,
    passes: usize,
    explore: f64,
    lemma_min: usize,
    seed: u64,
    prune: f64,
    parser_prune: f64,
    trans_bits: u32,
    label_bits: u32,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        train: PathBuf::new(),
        dev: PathBuf::new(),
        out: PathBuf::from("data/syntax"),
        clusters: None,
        tagger_epochs: 8,
        parser_epochs: 15,
        folds: 4,
        passes: 2,
        explore: 0.9,
        lemma_min: 2,
        seed: 20261202,
        prune: 0.0,
        parser_prune: 0.0,
        trans_bits: 19,
        label_bits: 16,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.parse::<u64>().map_err(|e| format!("{v}: {e}"));
        match flag.as_str() {
            "--train" => a.train = value()?.into(),
            "--dev" => a.dev = value()?.into(),
            "--out" => a.out = value()?.into(),
            "--clusters" => a.clusters = Some(value()?.into()),
            "--tagger-epochs" => a.tagger_epochs = num(value()?)? as usize,
            "--parser-epochs" => a.parser_epochs = num(value()?)? as usize,
            "--folds" => a.folds = num(value()?)?.max(2) as usize,
            "--passes" => a.passes = num(value()?)?.clamp(1, 2) as usize,
            "--lemma-min" => a.lemma_min = num(value()?)? as usize,
            "--seed" => a.seed = num(value()?)?,
            "--trans-bits" => a.trans_bits = num(value()?)? as u32,
            "--label-bits" => a.label_bits = num(value()?)? as u32,
            "--explore" => {
                let v = value()?;
                a.explore = v.parse().map_err(|e| format!("{v}: {e}"))?
            }
            "--parser-prune" => {
                let v = value()?;
                a.parser_prune = v.parse().map_err(|e| format!("{v}: {e}"))?
            }
            "--prune" => {
                let v = value()?;
                a.prune = v.parse().map_err(|e| format!("{v}: {e}"))?
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if a.train.as_os_str().is_empty() || a.dev.as_os_str().is_empty() {
        return Err("--train FILE and --dev FILE are required".into());
    }
    Ok(a)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("train: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let a = args()?;
    let t0 = Instant::now();
    let gold_train = train::read_gold(&a.train)?;
    let gold_dev = train::read_gold(&a.dev)?;
    let labels = train::label_set(&gold_train);
    let clusters = match &a.clusters {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Clusters::from_tsv(&text, &p.display().to_string())?
        }
        None => Clusters::default(),
    };
    let sents = train::prepare(&gold_train, &labels, &clusters);
    let dev = train::prepare(&gold_dev, &labels, &clusters);
    eprintln!(
        "{} training sentences, {} dev sentences, {} relations, {} clustered words",
        sents.len(),
        dev.len(),
        labels.len(),
        clusters.len()
    );

    let lemmatizer = Lemmatizer::train(
        sents.iter().flat_map(|s| {
            s.forms
                .iter()
                .zip(&s.upos)
                .zip(&s.lemmas)
                .map(|((f, &u), l)| (f.as_str(), Upos::ALL[u as usize], l.as_str()))
        }),
        a.lemma_min,
    );
    eprintln!(
        "lemmatiser: (rules, exceptions, suffixes) = {:?}",
        lemmatizer.sizes()
    );

    let mut model = Model::new(
        newsgraph_syntax::tagger::Tagger {
            weights: newsgraph_syntax::weights::TrainWeights::new(Upos::ALL.len()).averaged(0.0),
            second: newsgraph_syntax::weights::TrainWeights::new(Upos::ALL.len()).averaged(0.0),
            margin: i32::MAX,
        },
        newsgraph_syntax::parser::Parser {
            trans: newsgraph_syntax::weights::TrainWeights::new(3).averaged(0.0),
            labels: newsgraph_syntax::weights::TrainWeights::new(labels.len()).averaged(0.0),
            root_label: 0,
        },
        lemmatizer,
        clusters,
        labels.clone(),
    );

    let tags = tagger_and_training_tags(&a, &sents, &dev, &mut model, t0);
    let dev_tags: Vec<Vec<u8>> = dev
        .iter()
        .map(|s| {
            let mut t = Vec::new();
            model.tagger.tag(&s.lex, &mut t);
            t
        })
        .collect();

    let cfg = ParserConfig {
        epochs: a.parser_epochs,
        seed: a.seed,
        explore: a.explore,
        prune: a.parser_prune,
        trans_bits: a.trans_bits,
        label_bits: a.label_bits,
    };
    let parser = train::train_parser(&sents, &tags, &labels, cfg, |epoch, p| {
        let (uas, las) = train::score_parser(p, &labels, &dev, &dev_tags);
        eprintln!(
            "parser epoch {epoch}: dev UAS {uas:.4} LAS {las:.4} ({} transition, {} label features) [{:.0?}]",
            p.trans.len(),
            p.labels.len(),
            t0.elapsed()
        );
    });
    model.parser = parser;

    let bytes = model.to_bytes();
    std::fs::create_dir_all(&a.out)?;
    let path = a.out.join("model.bin");
    std::fs::write(&path, &bytes)?;
    let back = Model::load(&path)?;
    let s = train::score(&back, &dev, true);
    eprintln!(
        "wrote {} ({} bytes); dev: UPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4} over {} words [{:.0?}]",
        path.display(),
        bytes.len(),
        s.upos,
        s.lemma,
        s.uas,
        s.las,
        s.words,
        t0.elapsed()
    );
    Ok(())
}

/// Train the tagger into `model` (first pass, then the second and its margin when `--passes 2`)
/// and return the jackknifed tags of the training sentences for the parser.
fn tagger_and_training_tags(
    a: &Args,
    sents: &[train::Sent],
    dev: &[train::Sent],
    model: &mut Model,
    t0: Instant,
) -> Vec<Vec<u8>> {
    let (jk1, first_taggers) = train::jackknife_first(sents, a.folds, a.tagger_epochs, a.seed);
    let two = a.passes > 1;
    let tagger = train::train_tagger(
        sents,
        two.then_some(jk1.as_slice()),
        a.tagger_epochs,
        a.seed,
        a.prune,
        |pass, epoch, t| {
            let mut m = model.clone();
            m.tagger = t.clone();
            let s = train::score(&m, dev, false);
            eprintln!(
                "tagger pass {pass} epoch {epoch}: dev UPOS {:.4} lemma {:.4} ({} + {} features) [{:.0?}]",
                s.upos,
                s.lemma,
                t.weights.len(),
                t.second.len(),
                t0.elapsed()
            );
        },
    );
    model.tagger = tagger;
    if two {
        let (m, tried) = train::choose_margin(&model.tagger, dev, 0.0002);
        for (share, margin, upos) in tried {
            eprintln!("second pass on {share:.2} of dev words (margin < {margin}): UPOS {upos:.4}");
        }
        eprintln!("second-pass margin: {m}");
        model.tagger.margin = m;
    }

    let tags = if two {
        let m = model.tagger.margin;
        train::jackknife_second(sents, &jk1, &first_taggers, a.tagger_epochs, a.seed, m)
    } else {
        jk1
    };
    let jk = tags.iter().zip(sents).fold((0, 0), |(c, n), (t, s)| {
        (
            c + t.iter().zip(&s.upos).filter(|(a, b)| a == b).count(),
            n + t.len(),
        )
    });
    eprintln!(
        "training tags ({} folds, {} passes): accuracy {:.4} [{:.0?}]",
        a.folds,
        a.passes,
        jk.0 as f64 / jk.1.max(1) as f64,
        t0.elapsed()
    );
    tags
}
