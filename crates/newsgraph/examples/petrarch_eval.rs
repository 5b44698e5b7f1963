//! Score the event stage on PETRARCH's coded sentences: the PETRARCH-2 unit-test records and the
//! Universal-PETRARCH gold-standard validation sentences (both XML, read only).
//!
//! ```text
//! cargo run --release -p newsgraph --example petrarch_eval -- \
//!     ../shared/eval/events/petrarch2/PETR.UnitTest.records.xml \
//!     ../shared/eval/events/universalpetrarch/PETR2_GSR_validation.xml \
//!     [--actors ../shared/eval/events/petrarch2/PETR.Validate.actors.txt] \
//!     [--plover ../shared/eval/events/plover/CAMEO2PLOVER-2021.txt] [--show N]
//! ```
//!
//! Each `<Sentence>` with a `<Text>` is run through the standard pipeline as a one-sentence
//! document. Expected events are its `<EventCoding>` elements (`eventcode`, `sourcecode`,
//! `targetcode`); a sentence without one expects no event. Reported per file:
//! - **CAMEO root**: recall = expected events with an output event of the same two-digit root in
//!   the sentence; precision = output events whose root is among the sentence's expected roots.
//! - **PLOVER type**: the same with both codes mapped through the CAMEO→PLOVER table (`--plover`;
//!   our event's own PLOVER type is used for the output side).
//! - **source country**: over root-matched events, the share whose actors include a country whose
//!   code is the first three letters of the expected `sourcecode` (and the same for targets).
//!
//! The unit-test records use invented states (`Arnor`, `Gondor`): with `--actors`, every entry of
//! PETRARCH's validation actor dictionary whose code is three letters is added to a temporary copy
//! of `gazetteer/countries.tsv` (names title-cased, underscores as spaces, grouped by code), so
//! that they are found as countries; longer codes (agents such as `ARNGOV`) are scored by their
//! first three letters. Note that those records are coded with PETRARCH's *validation* verb
//! dictionary, whose codes are partly synthetic (`224`, `80`, `90` are not CAMEO roots), so the
//! Universal-PETRARCH file, coded in real CAMEO over real states, is the meaningful figure.

use newsgraph::document::{Document, EntityType, Meta};
use newsgraph::pipeline::Pipeline;
use newsgraph::{data::DataDir, Resources};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

struct Record {
    id: String,
    text: String,
    /// (eventcode, sourcecode, targetcode)
    codes: Vec<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

fn read_records(path: &Path) -> Vec<Record> {
    let raw = std::fs::read(path).expect("read XML file");
    let text = String::from_utf8_lossy(&raw);
    let mut out = Vec::new();
    let mut rest: &str = &text;
    while let Some(i) = rest.find("<Sentence ") {
        rest = &rest[i + 1..];
        let end = rest.find("<Sentence ").unwrap_or(rest.len());
        let block = &rest[..end];
        let head_end = block.find('>').unwrap_or(block.len());
        let id = attr(&block[..head_end], "id").unwrap_or_default();
        let Some(t0) = block.find("<Text>") else {
            continue;
        };
        let Some(t1) = block[t0..].find("</Text>") else {
            continue;
        };
        let body = &block[t0 + 6..t0 + t1];
        let sentence = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut codes = Vec::new();
        let mut b: &str = block;
        while let Some(k) = b.find("<EventCoding") {
            b = &b[k..];
            let close = b.find('>').unwrap_or(b.len());
            let tag = &b[..close];
            if let Some(code) = attr(tag, "eventcode") {
                codes.push((
                    code,
                    attr(tag, "sourcecode").unwrap_or_default(),
                    attr(tag, "targetcode").unwrap_or_default(),
                ));
            }
            b = &b[close..];
        }
        out.push(Record {
            id,
            text: sentence,
            codes,
        });
    }
    out
}

/// CAMEO code → PLOVER type, from the `NNN: TYPE, mode, ...` lines of the conversion table.
fn read_plover(path: &Path) -> HashMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut map = HashMap::new();
    for line in text.lines() {
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        let code = code.trim();
        if code.is_empty() || !code.bytes().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let ty = rest.split([',', '#']).next().unwrap_or("").trim();
        if !ty.is_empty() && ty.bytes().all(|c| c.is_ascii_uppercase()) {
            map.insert(code.to_string(), ty.to_string());
        }
    }
    map
}

fn plover_of(map: &HashMap<String, String>, code: &str) -> Option<String> {
    (1..=code.len())
        .rev()
        .find_map(|n| map.get(&code[..n]).cloned())
}

fn title_case(name: &str) -> String {
    name.split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A temporary data directory whose country gazetteer also lists the dictionary's invented
/// states.
fn data_with_actors(actors: &Path) -> (tempfile::TempDir, DataDir) {
    let text = std::fs::read_to_string(actors).expect("read actor dictionary");
    let mut by_code: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        let (Some(a), Some(b)) = (line.find('['), line.find(']')) else {
            continue;
        };
        if line.starts_with('#') || line.starts_with('<') || b < a {
            continue;
        }
        let code = line[a + 1..b].trim().to_uppercase();
        let name = title_case(line[..a].trim());
        if code.len() != 3 || name.is_empty() || !code.bytes().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let names = by_code.entry(code).or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let base = DataDir::from_env();
    let mut countries = base.read("gazetteer/countries.tsv").expect("countries.tsv");
    let known: Vec<String> = base
        .tsv("gazetteer/countries.tsv")
        .expect("countries.tsv")
        .iter()
        .map(|r| r.get(0).to_string())
        .collect();
    for (code, names) in &by_code {
        if known.contains(code) {
            continue;
        }
        countries.push_str(&format!(
            "{code}\t{}\t-\t{}\t-\t-\t-\t-\n",
            names[0],
            if names.len() > 1 {
                names[1..].join("|")
            } else {
                "-".to_string()
            }
        ));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("gazetteer")).expect("mkdir");
    std::fs::write(dir.path().join("gazetteer/countries.tsv"), countries).expect("write");
    let data = DataDir::new(Some(dir.path().to_path_buf()));
    (dir, data)
}

#[derive(Default)]
struct Score {
    sentences: usize,
    expected: usize,
    output: usize,
    root_found: usize,
    root_correct_out: usize,
    plover_found: usize,
    plover_correct_out: usize,
    source_right: usize,
    target_right: usize,
    by_root: BTreeMap<String, (usize, usize)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn score_file(
    path: &Path,
    pipeline: &Pipeline,
    plover: &HashMap<String, String>,
    show: usize,
) -> Score {
    let mut s = Score::default();
    let mut shown = 0;
    for rec in read_records(path) {
        let mut doc = Document::new(rec.text.clone(), Meta::default());
        if pipeline.run(&mut doc).is_err() {
            continue;
        }
        s.sentences += 1;
        let ents = doc.entities();
        let country_of = |e: &newsgraph::document::EntityIx| -> Option<String> {
            let x = ents.get(e.ix())?;
            (x.etype == EntityType::Country)
                .then(|| x.code.clone())
                .flatten()
        };
        let outs: Vec<(String, String, Vec<String>, Vec<String>)> = doc
            .events()
            .iter()
            .filter(|e| !e.negated)
            .map(|e| {
                (
                    e.cameo.clone(),
                    e.event_type.clone(),
                    e.actors.iter().filter_map(country_of).collect(),
                    e.recipients.iter().filter_map(country_of).collect(),
                )
            })
            .collect();
        let exp_roots: Vec<String> = rec
            .codes
            .iter()
            .map(|c| c.0.chars().take(2).collect())
            .collect();
        let exp_plover: Vec<String> = rec
            .codes
            .iter()
            .filter_map(|c| plover_of(plover, &c.0))
            .collect();
        s.expected += rec.codes.len();
        s.output += outs.len();
        let mut used = vec![false; outs.len()];
        let mut missed = Vec::new();
        for (code, src, tgt) in &rec.codes {
            let root: String = code.chars().take(2).collect();
            let entry = s.by_root.entry(root.clone()).or_default();
            entry.0 += 1;
            let hit = (0..outs.len()).find(|&i| !used[i] && outs[i].0 == root);
            if let Some(i) = hit {
                used[i] = true;
                s.root_found += 1;
                entry.1 += 1;
                let src3: String = src.chars().take(3).collect();
                let tgt3: String = tgt.chars().take(3).collect();
                if outs[i].2.contains(&src3) {
                    s.source_right += 1;
                }
                if outs[i].3.contains(&tgt3) {
                    s.target_right += 1;
                }
            } else {
                missed.push(code.clone());
            }
            if let Some(p) = plover_of(plover, code) {
                if outs.iter().any(|o| o.1 == p) {
                    s.plover_found += 1;
                }
            }
        }
        s.root_correct_out += outs.iter().filter(|o| exp_roots.contains(&o.0)).count();
        s.plover_correct_out += outs.iter().filter(|o| exp_plover.contains(&o.1)).count();
        let wrong: Vec<String> = outs
            .iter()
            .filter(|o| !exp_roots.contains(&o.0))
            .map(|o| format!("{}:{}", o.0, o.1))
            .collect();
        if shown < show && (!missed.is_empty() || !wrong.is_empty()) {
            shown += 1;
            println!(
                "  {} missed {:?} extra {:?}: {}",
                rec.id, missed, wrong, rec.text
            );
        }
    }
    s
}

fn report(name: &str, s: &Score) {
    let rp = ratio(s.root_correct_out, s.output);
    let rr = ratio(s.root_found, s.expected);
    let pp = ratio(s.plover_correct_out, s.output);
    let pr = ratio(s.plover_found, s.expected);
    let f = |p: f64, r: f64| {
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    };
    println!(
        "{name}: {} sentences, {} expected events, {} output events",
        s.sentences, s.expected, s.output
    );
    println!("  CAMEO root   P {rp:.3}  R {rr:.3}  F1 {:.3}", f(rp, rr));
    println!("  PLOVER type  P {pp:.3}  R {pr:.3}  F1 {:.3}", f(pp, pr));
    println!(
        "  over root-matched events: source country right {:.3} ({}/{}), target right {:.3}",
        ratio(s.source_right, s.root_found),
        s.source_right,
        s.root_found,
        ratio(s.target_right, s.root_found)
    );
    let per: Vec<String> = s
        .by_root
        .iter()
        .map(|(r, (n, k))| format!("{r}:{k}/{n}"))
        .collect();
    println!("  recall per expected root: {}", per.join(" "));
}

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut actors: Option<PathBuf> = None;
    let mut plover_path = PathBuf::from("../shared/eval/events/plover/CAMEO2PLOVER-2021.txt");
    let mut show = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--actors" => actors = args.next().map(PathBuf::from),
            "--plover" => plover_path = args.next().map(PathBuf::from).unwrap_or(plover_path),
            "--show" => show = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            _ => files.push(PathBuf::from(a)),
        }
    }
    if files.is_empty() {
        eprintln!("usage: petrarch_eval FILE.xml... [--actors DICT] [--plover TABLE] [--show N]");
        std::process::exit(2);
    }
    let plover = read_plover(&plover_path);
    let plain = Pipeline::standard(Arc::new(Resources::load_default().expect("resources")))
        .expect("pipeline");
    let (_keep, with_actors) = match &actors {
        Some(p) => {
            let (dir, data) = data_with_actors(p);
            let res = Resources::load(data).expect("resources with actors");
            (
                Some(dir),
                Some(Pipeline::standard(Arc::new(res)).expect("pipeline")),
            )
        }
        None => (None, None),
    };
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let p = match (&with_actors, name.contains("UnitTest")) {
            (Some(p), true) => p,
            _ => &plain,
        };
        let s = score_file(f, p, &plover, show);
        report(name, &s);
    }
}
