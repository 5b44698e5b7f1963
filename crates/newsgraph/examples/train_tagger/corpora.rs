//! Readers for the training corpora, each turned into documents of sentences whose names are
//! PER/ORG/LOC spans over tokens split at hyphens as `segment` splits them.

use newsgraph::stages::tagger::{split_like_segment, NameKind};
use std::collections::HashMap;
use std::path::Path;

pub type Spans = Vec<(usize, usize, NameKind)>;

#[derive(Clone, Debug)]
pub struct Sent {
    pub tokens: Vec<String>,
    pub spans: Spans,
}

#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub sents: Vec<Sent>,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Spans from IOB tags (IOB1 or IOB2) whose labels `map` turns into a kind (None drops them).
pub fn iob_spans(tags: &[String], map: impl Fn(&str, usize, usize) -> Option<NameKind>) -> Spans {
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
pub fn resegment(tokens: &[String], spans: &Spans) -> Sent {
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

/// Column files: one token a line in column `tok_col` with its tag in
/// the last column, blank lines between sentences, `-DOCSTART-` or `# newdoc` lines between
/// documents.
fn column_docs(
    text: &str,
    sep: char,
    tok_col: usize,
    map: &dyn Fn(&str) -> Option<NameKind>,
) -> Vec<Doc> {
    let mut docs = vec![Doc::default()];
    let (mut toks, mut tags): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let flush = |docs: &mut Vec<Doc>, toks: &mut Vec<String>, tags: &mut Vec<String>| {
        if !toks.is_empty() {
            let spans = iob_spans(tags, |l, _, _| map(l));
            if let Some(d) = docs.last_mut() {
                d.sents.push(resegment(toks, &spans));
            }
        }
        toks.clear();
        tags.clear();
    };
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") || line.starts_with("# newdoc") {
            flush(&mut docs, &mut toks, &mut tags);
            docs.push(Doc::default());
            continue;
        }
        // Comment lines (`# sent_id = ...`); a `#` token has its tag after a tab.
        if line.starts_with('#') && !line.contains(sep) {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut docs, &mut toks, &mut tags);
            continue;
        }
        let cols: Vec<&str> = if sep == ' ' {
            line.split_whitespace().collect()
        } else {
            line.split(sep).collect()
        };
        if cols.len() <= tok_col + 1 {
            continue;
        }
        toks.push(cols[tok_col].to_string());
        tags.push(cols[cols.len() - 1].to_string());
    }
    flush(&mut docs, &mut toks, &mut tags);
    docs.retain(|d| !d.sents.is_empty());
    docs
}

/// Universal NER English-EWT (IOB2, tab-separated, `# newdoc` comments): PER/ORG/LOC kept,
/// OTH and the bogus `B-O` dropped.
pub fn load_uner(path: &Path) -> Vec<Doc> {
    // Columns: index, token, tag, ...: the tag is column 2, not the last.
    let text = read(path);
    let fixed: String = text
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() >= 3 && !l.starts_with('#') {
                format!("{}\t{}\t{}\n", c[0], c[1], c[2])
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    column_docs(&fixed, '\t', 1, &|l| NameKind::from_label(l))
}

/// wikigold (CoNLL IOB1, space-separated, `-DOCSTART-`): MISC dropped.
pub fn load_wikigold(path: &Path) -> Vec<Doc> {
    column_docs(&read(path), ' ', 0, &|l| NameKind::from_label(l))
}

/// WNUT-17 (tab-separated, one tweet or post a sentence, no documents): person → PER,
/// location → LOC, corporation and group → ORG (groups are bands, teams and parties, which
/// CoNLL-style annotation calls organisations); creative works and products dropped. Each
/// sentence is its own document.
pub fn load_wnut(path: &Path) -> Vec<Doc> {
    let docs = column_docs(&read(path), '\t', 0, &|l| match l {
        "person" => Some(NameKind::Person),
        "location" => Some(NameKind::Location),
        "corporation" | "group" => Some(NameKind::Organization),
        _ => None,
    });
    docs.into_iter()
        .flat_map(|d| d.sents.into_iter().map(|s| Doc { sents: vec![s] }))
        .collect()
}

/// True when a span's tokens read as a proper name, as CoNLL-style annotation marks them: every
/// word capitalised except connectors inside (`of`, `and`, `de`, `&`), first and last
/// capitalised. re3d also marks nominal mentions (`U.S. service members`, `the regime`), which
/// are not names.
fn looks_like_name(toks: &[String]) -> bool {
    let cap = |t: &String| {
        t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return false;
    };
    cap(first)
        && cap(last)
        && toks
            .iter()
            .all(|t| cap(t) || t.chars().all(|c| !c.is_alphanumeric()) || t.chars().count() <= 3)
}

/// re3d (IOB2, one document a file, grouped by source folder): Person → PER, Organisation →
/// ORG, Location → LOC, the rest dropped. A leading `the` is cut from a name (CoNLL leaves it
/// out). Spans that are not names by [`looks_like_name`] are dropped, and a sentence with such
/// a span holding a capitalised word after its first token is dropped whole: its names are
/// annotated as part of a nominal and would teach the tagger that they are not names.
pub fn load_re3d(dir: &Path) -> Vec<Doc> {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut f: Vec<_> = std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("read {}: {e}", d.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "conll"))
            .collect();
        f.sort();
        files.extend(f);
    }
    let (mut dropped, mut kept) = (0usize, 0usize);
    let mut out = Vec::new();
    for f in files {
        let text = read(&f);
        let mut docs = column_docs(&text, '\t', 0, &|l| match l {
            "Person" => Some(NameKind::Person),
            "Organisation" => Some(NameKind::Organization),
            "Location" => Some(NameKind::Location),
            _ => None,
        });
        for d in &mut docs {
            d.sents.retain_mut(|s| {
                let mut ok = true;
                let mut spans = Vec::new();
                for &(a, b, k) in &s.spans {
                    let mut a = a;
                    if b - a > 1 && s.tokens[a].eq_ignore_ascii_case("the") {
                        a += 1;
                    }
                    if looks_like_name(&s.tokens[a..b]) {
                        spans.push((a, b, k));
                    } else if s.tokens[a.max(1)..b]
                        .iter()
                        .any(|t| t.chars().next().is_some_and(char::is_uppercase))
                    {
                        ok = false;
                    }
                }
                s.spans = spans;
                if ok {
                    kept += 1;
                } else {
                    dropped += 1;
                }
                ok
            });
        }
        out.extend(docs.into_iter().filter(|d| !d.sents.is_empty()));
    }
    eprintln!("re3d: {kept} sentences kept, {dropped} dropped (names inside nominal mentions)");
    out
}

/// GMB `ner_dataset.csv` (Windows-1252 CSV; no document boundaries, so runs of 20 sentences
/// stand in for documents): per→PER, org→ORG, geo→LOC, gpe→LOC only when every token of the
/// name is a proper noun (NNP/NNPS; `Iraqi`/JJ is a demonym); tim, art, eve, nat → O. GMB puts
/// titles inside person names (`President Bush`); CoNLL-style names do not, so leading
/// title-like tokens are cut: abbreviations of 3+ characters ending in `.` (`Mr.`) and words the
/// same corpus writes in lower case at least 5 times and 5% of the time (`president`).
pub fn load_gmb(path: &Path) -> Vec<Doc> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
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
            return true;
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
    let mut docs: Vec<Doc> = Vec::new();
    for (i, s) in sents.into_iter().enumerate() {
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
                    }
                }
                (a, b, k)
            })
            .collect();
        if i % 20 == 0 {
            docs.push(Doc::default());
        }
        if let Some(d) = docs.last_mut() {
            d.sents.push(resegment(&tokens, &spans));
        }
    }
    docs
}

/// A copy of a sentence in upper case (headlines, sports tables).
pub fn upper_copy(s: &Sent) -> Sent {
    Sent {
        tokens: s.tokens.iter().map(|t| t.to_uppercase()).collect(),
        spans: s.spans.clone(),
    }
}

/// A copy of a sentence in headline Title Case: every lower-case word of four or more letters
/// capitalised (`U.S. Raids Hit Bases in the North`).
pub fn title_copy(s: &Sent) -> Sent {
    let title = |t: &String| -> String {
        if t.chars().count() >= 4 && t.chars().all(char::is_lowercase) {
            let mut c = t.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        } else {
            t.clone()
        }
    };
    Sent {
        tokens: s.tokens.iter().map(title).collect(),
        spans: s.spans.clone(),
    }
}

/// Counts of sentences, tokens and names, for the log.
pub fn describe(name: &str, docs: &[Doc]) {
    let sents: usize = docs.iter().map(|d| d.sents.len()).sum();
    let toks: usize = docs
        .iter()
        .flat_map(|d| &d.sents)
        .map(|s| s.tokens.len())
        .sum();
    let mut k = [0usize; 3];
    for s in docs.iter().flat_map(|d| &d.sents) {
        for &(_, _, kind) in &s.spans {
            k[NameKind::ALL.iter().position(|&x| x == kind).unwrap_or(0)] += 1;
        }
    }
    eprintln!(
        "{name}: {} docs, {sents} sentences, {toks} tokens; PER {} ORG {} LOC {}",
        docs.len(),
        k[0],
        k[1],
        k[2]
    );
}
