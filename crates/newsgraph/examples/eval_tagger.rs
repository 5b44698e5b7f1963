//! Score the name tagger alone on a CoNLL-2003-style file (token per line, IOB2 tag in the last
//! column, blank lines between sentences, `-DOCSTART-` lines between documents).
//!
//! ```text
//! cargo run --release -p newsgraph --example eval_tagger -- /work/shared/eval/ner/dev.txt [weights.bin]
//! ```
//!
//! Exact-span micro P/R/F1 over PER, LOC and ORG (gold MISC is not scored), per-type F1, and
//! tagging speed in tokens per second on one thread. Corpus tokens are split at hyphens as
//! `segment` would split them; predicted names are mapped back to the corpus tokens. Sentences
//! are tagged in their document (between `-DOCSTART-` lines), as the pipeline tags them.

use newsgraph::data::DataDir;
use newsgraph::stages::tagger::{split_like_segment, DocContext, NameKind, TagScratch, Tagger};
use std::path::Path;
use std::time::Instant;

struct Sent {
    /// Index of the document the sentence belongs to.
    doc: usize,
    tokens: Vec<String>,
    gold: Vec<(usize, usize, NameKind)>,
}

fn read_conll(path: &Path) -> Vec<Sent> {
    let text = std::fs::read_to_string(path).expect("read CoNLL file");
    let mut out = Vec::new();
    let mut doc = 0;
    let (mut toks, mut tags): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut flush = |toks: &mut Vec<String>, tags: &mut Vec<String>, doc: usize| {
        if !toks.is_empty() {
            let mut gold: Vec<(usize, usize, String)> = Vec::new();
            for (i, t) in tags.iter().enumerate() {
                if let Some(l) = t.strip_prefix("B-") {
                    gold.push((i, i + 1, l.to_string()));
                } else if let Some(l) = t.strip_prefix("I-") {
                    match gold.last_mut() {
                        Some(g) if g.1 == i && g.2 == l => g.1 = i + 1,
                        _ => gold.push((i, i + 1, l.to_string())),
                    }
                }
            }
            out.push(Sent {
                doc,
                tokens: std::mem::take(toks),
                gold: gold
                    .into_iter()
                    .filter_map(|(s, e, l)| NameKind::from_label(&l).map(|k| (s, e, k)))
                    .collect(),
            });
        }
        toks.clear();
        tags.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            flush(&mut toks, &mut tags, doc);
            doc += line.starts_with("-DOCSTART-") as usize;
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        toks.push(cols[0].to_string());
        tags.push(cols.last().copied().unwrap_or("O").to_string());
    }
    flush(&mut toks, &mut tags, doc);
    out
}

/// The document context of each sentence's document, indexed by `Sent::doc`.
fn contexts(sents: &[Sent]) -> Vec<DocContext> {
    let n = sents.last().map_or(0, |s| s.doc + 1);
    (0..n)
        .map(|d| {
            let pieces: Vec<Vec<&str>> = sents
                .iter()
                .filter(|s| s.doc == d)
                .map(|s| pieces(&s.tokens).0)
                .collect();
            DocContext::build(pieces.iter().map(Vec::as_slice))
        })
        .collect()
}

/// Split tokens like `segment`; returns the pieces and, per piece, its corpus token.
fn pieces(tokens: &[String]) -> (Vec<&str>, Vec<usize>) {
    let mut p = Vec::new();
    let mut owner = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        for r in split_like_segment(t) {
            p.push(&t[r]);
            owner.push(i);
        }
    }
    (p, owner)
}

fn predict(
    tagger: &Tagger,
    s: &Sent,
    ctx: &DocContext,
    scratch: &mut TagScratch,
) -> Vec<(usize, usize, NameKind)> {
    let (p, owner) = pieces(&s.tokens);
    tagger
        .tag_in_doc(&p, ctx, scratch)
        .into_iter()
        .map(|n| (owner[n.start], owner[n.end - 1] + 1, n.kind))
        .collect()
}

fn f1(tp: usize, np: usize, ng: usize) -> (f64, f64, f64) {
    let s = newsgraph_eval::Prf::from_counts(ng, np, tp, tp);
    (s.precision, s.recall, s.f1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .map(String::as_str)
        .unwrap_or("/work/shared/eval/ner/dev.txt");
    let t = Instant::now();
    let tagger = match args.get(1) {
        Some(w) => {
            let bytes = std::fs::read(w).expect("read weights");
            Tagger::from_bytes(&bytes, Path::new(w)).expect("parse weights")
        }
        None => Tagger::load(&DataDir::from_env())
            .expect("load weights")
            .expect("no weights in data/"),
    };
    eprintln!(
        "loaded {} features in {:.1} ms",
        tagger.n_features(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let sents = read_conll(Path::new(path));
    let ctx = contexts(&sents);
    let mut scratch = TagScratch::default();
    let (mut tp, mut np, mut ng) = ([0usize; 3], [0usize; 3], [0usize; 3]);
    let kix = |k: NameKind| NameKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
    let show_errors = std::env::var_os("EVAL_ERRORS").is_some();
    for s in &sents {
        let pred = predict(&tagger, s, &ctx[s.doc], &mut scratch);
        if show_errors {
            let show = |v: &[(usize, usize, NameKind)]| -> String {
                v.iter()
                    .map(|&(a, b, k)| format!("[{} {}]", s.tokens[a..b].join(" "), k.as_str()))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let missed: Vec<_> = s
                .gold
                .iter()
                .filter(|g| !pred.contains(g))
                .copied()
                .collect();
            let wrong: Vec<_> = pred
                .iter()
                .filter(|p| !s.gold.contains(p))
                .copied()
                .collect();
            if !missed.is_empty() || !wrong.is_empty() {
                println!(
                    "# {}
  missed: {}
  wrong:  {}",
                    s.tokens.join(" "),
                    show(&missed),
                    show(&wrong)
                );
            }
        }
        for p in &pred {
            np[kix(p.2)] += 1;
            if s.gold.contains(p) {
                tp[kix(p.2)] += 1;
            }
        }
        for g in &s.gold {
            ng[kix(g.2)] += 1;
        }
    }
    let (p, r, f) = f1(tp.iter().sum(), np.iter().sum(), ng.iter().sum());
    println!("PER/LOC/ORG micro  P {p:.4}  R {r:.4}  F1 {f:.4}");
    for (i, k) in NameKind::ALL.iter().enumerate() {
        let (p, r, f) = f1(tp[i], np[i], ng[i]);
        println!(
            "  {}  P {p:.4}  R {r:.4}  F1 {f:.4}  (gold {}, predicted {})",
            k.as_str(),
            ng[i],
            np[i]
        );
    }

    // Speed: tag the whole file repeatedly for at least a second, one thread, document
    // contexts included.
    let texts: Vec<(Vec<&str>, Vec<usize>)> = sents.iter().map(|s| pieces(&s.tokens)).collect();
    let mut groups: Vec<Vec<&[&str]>> = vec![Vec::new(); ctx.len()];
    for (s, (p, _)) in sents.iter().zip(&texts) {
        groups[s.doc].push(p.as_slice());
    }
    let n_tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
    let start = Instant::now();
    let mut rounds = 0;
    let mut found = 0usize;
    while rounds == 0 || start.elapsed().as_secs_f64() < 1.0 {
        for doc in &groups {
            let c = DocContext::build(doc.iter().copied());
            for p in doc {
                found += tagger.tag_in_doc(p, &c, &mut scratch).len();
            }
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "speed: {:.0} tokens/s on one thread ({} rounds of {} tokens, {} names)",
        (n_tokens * rounds) as f64 / secs,
        rounds,
        n_tokens,
        found / rounds
    );
}
