//! How far the converted dictionaries reach on a PLOVER gold file, without the pipeline.
//!
//! ```text
//! cargo run --release -p newsgraph-cameo --example coverage -- ../shared/eval/events/plover/PLOVER_GSR_dev.json
//! ```
//!
//! For each gold sentence: every token that is a form of a dictionary verb (the dictionary's
//! own form lists: no other lemmatiser) is coded with [`VerbDictionary::match_clause`] over a
//! window of the words around it, and the PLOVER types proposed are compared with the gold
//! event's type (type recall, an upper bound: any verb of the sentence may propose it) and
//! counted when they differ (spurious). The same is done with the project's own trigger list
//! (`data/events/patterns.tsv`, read naively: its phrases and forms, options ignored) for
//! comparison. Gold source actors are looked up in the actor dictionary and counted when a
//! name found over the actor's text has a role valid on the gold date in the gold country.
//!
//! The gold file uses PLOVER 0.5 type names; they are mapped to the 2021 table's names that
//! the dictionaries and the project use (see `GOLD_TYPE_2021`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use newsgraph_cameo::{singular, CaseRule, Date, Dictionaries, VerbDictionary};
use serde_json::Value;

/// PLOVER 0.5 (the gold file) → 2021 (the CAMEO-to-PLOVER table): DEMAND became REQUEST,
/// DISAPPROVE and INVESTIGATE became modes of ACCUSE, FIGHT merged into ASSAULT.
const GOLD_TYPE_2021: [(&str, &str); 4] = [
    ("DEMAND", "REQUEST"),
    ("DISAPPROVE", "ACCUSE"),
    ("INVESTIGATE", "ACCUSE"),
    ("FIGHT", "ASSAULT"),
];

/// Words around a verb the patterns may use: a stand-in for the clause.
const BEFORE: usize = 8;
const AFTER: usize = 12;

fn gold_type(t: &str) -> String {
    GOLD_TYPE_2021
        .iter()
        .find(|(old, _)| *old == t)
        .map_or(t, |(_, new)| new)
        .to_string()
}

/// Words and punctuation; a possessive `'s` and edge punctuation split off.
fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let lead: String = raw.chars().take_while(|c| !c.is_alphanumeric()).collect();
        let rest = &raw[lead.len()..];
        let body = rest.trim_end_matches(|c: char| !c.is_alphanumeric());
        let trail = &rest[body.len()..];
        out.extend(lead.chars().map(String::from));
        let body = body.replace('’', "'");
        match body.strip_suffix("'s") {
            Some(stem) if !stem.is_empty() => {
                out.push(stem.to_string());
                out.push("'s".to_string());
            }
            _ if !body.is_empty() => out.push(body),
            _ => {}
        }
        out.extend(trail.chars().map(String::from));
    }
    out
}

/// The types the dictionary proposes: (best candidate per verb token, any pattern match).
/// Tokens inside a name (`United` of `United Nations`) are not taken for verbs.
fn dictionary_types(
    verbs: &VerbDictionary,
    lower: &[&str],
    in_name: &[bool],
) -> (BTreeSet<String>, BTreeSet<String>, Vec<String>) {
    let (mut best, mut any, mut hits) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
    for (i, tok) in lower.iter().enumerate().filter(|(i, _)| !in_name[*i]) {
        for lemma in verbs.lemmas_of_form(tok) {
            let before = &lower[i.saturating_sub(BEFORE)..i];
            let after = &lower[i + 1..(i + 1 + AFTER).min(lower.len())];
            let m = verbs.match_clause(lemma, before, after);
            if let Some(p) = m.first().and_then(|m| m.plover) {
                best.insert(p.event_type.clone());
                hits.push(format!("{lemma}:{}", p.event_type));
            }
            any.extend(
                m.iter()
                    .filter_map(|m| m.plover)
                    .map(|p| p.event_type.clone()),
            );
        }
    }
    (best, any, hits)
}

/// A row of the project's trigger list: the word sequences it matches and its type.
struct Trigger {
    forms: Vec<Vec<String>>,
    event_type: String,
}

fn verb_forms(v: &str) -> Vec<String> {
    let third = if v.ends_with(['s', 'x', 'z']) || v.ends_with("ch") || v.ends_with("sh") {
        format!("{v}es")
    } else if let Some(stem) = v
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{v}s")
    };
    let (past, ing) = if let Some(stem) = v.strip_suffix('e') {
        (format!("{v}d"), format!("{stem}ing"))
    } else {
        (format!("{v}ed"), format!("{v}ing"))
    };
    vec![v.to_string(), third, past, ing]
}

fn project_triggers(path: &Path) -> Vec<Trigger> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 8 || c[2] == "-" {
            continue;
        }
        let words: Vec<String> = c[0].split(' ').map(str::to_string).collect();
        let mut forms: Vec<Vec<String>> = match c[1] {
            "v" => verb_forms(&words[0])
                .into_iter()
                .map(|f| {
                    std::iter::once(f)
                        .chain(words[1..].iter().cloned())
                        .collect()
                })
                .collect(),
            "n" => {
                let mut plural = words.clone();
                if let Some(w) = plural.last_mut() {
                    w.push('s');
                }
                vec![words.clone(), plural]
            }
            _ => vec![words.clone()],
        };
        if c[7] != "-" {
            for f in c[7].split('|') {
                let fw: Vec<String> = f.split(' ').map(str::to_string).collect();
                // In `v` rows the forms are the first word's; in `x` rows whole phrases.
                forms.push(if c[1] == "v" {
                    std::iter::once(fw[0].clone())
                        .chain(words[1..].iter().cloned())
                        .collect()
                } else {
                    fw
                });
            }
        }
        out.push(Trigger {
            forms,
            event_type: c[2].to_string(),
        });
    }
    out
}

fn project_types(triggers: &[Trigger], lower: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in triggers {
        let hit = t.forms.iter().any(|f| {
            lower.windows(f.len()).any(|w| {
                w.iter()
                    .zip(f)
                    .all(|(a, b)| *a == b || singular(a) == singular(b))
            })
        });
        if hit {
            out.insert(t.event_type.clone());
        }
    }
    out
}

/// Whether a gold source actor is found by the actor dictionary with its gold country.
fn source_found(
    d: &Dictionaries,
    tokens: &[&str],
    actor: &Value,
    date: Option<Date>,
) -> (bool, bool) {
    let (Some(text), Some(code)) = (actor["actorText"].as_str(), actor["code"].as_str()) else {
        return (false, false);
    };
    let want: Vec<String> = tokenize(text);
    let Some(start) = tokens
        .windows(want.len())
        .position(|w| w.iter().zip(&want).all(|(a, b)| a == b))
    else {
        return (false, false);
    };
    let end = start + want.len();
    let mut named = false;
    for m in d.actors.find_actors(tokens, CaseRule::SomeCapital) {
        if m.end <= start || m.start >= end {
            continue;
        }
        named = true;
        let right = m.actors.iter().any(|a| {
            a.role_at(date).is_some_and(|r| {
                r.country.as_deref() == Some(code)
                    || (r.country.is_none() && r.code.starts_with(code))
            })
        });
        if right {
            return (true, true);
        }
    }
    (named, false)
}

#[derive(Default)]
struct Tally {
    events: usize,
    dict_best: usize,
    dict_any: usize,
    project: usize,
    union: usize,
    spurious_best: usize,
    spurious_any: usize,
    spurious_project: usize,
    sources: usize,
    sources_named: usize,
    sources_right: usize,
}

fn pct(a: usize, b: usize) -> String {
    format!("{a}/{b} ({:.1}%)", 100.0 * a as f64 / b.max(1) as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(gold_path) = args.first() else {
        eprintln!("usage: coverage GOLD.json [DATA_DIR]");
        std::process::exit(2);
    };
    let data = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"));
    let d = Dictionaries::load(&data, false).unwrap_or_else(|e| panic!("{e}"));
    let triggers = project_triggers(&data.join("events/patterns.tsv"));
    let gold: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(gold_path).expect("read gold"))
            .expect("gold JSON");

    // `--misses` (after the paths) lists the gold source actors not found with their country.
    let show_misses = args.iter().any(|a| a == "--misses");
    let mut t = Tally::default();
    // type -> [events, dict best, dict any, project]
    let mut per_type: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut dict_only: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut spurious_by_verb: BTreeMap<String, usize> = BTreeMap::new();
    for rec in &gold {
        let (Some(text), Some(event)) = (rec["text"].as_str(), rec["event"].as_str()) else {
            continue;
        };
        let want = gold_type(event);
        let tokens = tokenize(text);
        let tok: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let lower_s: Vec<String> = tokens.iter().map(|s| s.to_lowercase()).collect();
        let lower: Vec<&str> = lower_s.iter().map(String::as_str).collect();
        let mut in_name = vec![false; tok.len()];
        for m in d.actors.find_actors(&tok, CaseRule::SomeCapital) {
            in_name[m.start..m.end].iter_mut().for_each(|x| *x = true);
        }
        let (best, any, hits) = dictionary_types(&d.verbs, &lower, &in_name);
        let own = project_types(&triggers, &lower);
        t.events += 1;
        let row = per_type.entry(want.clone()).or_default();
        row[0] += 1;
        let (b, a, p) = (
            best.contains(&want),
            any.contains(&want),
            own.contains(&want),
        );
        t.dict_best += b as usize;
        t.dict_any += a as usize;
        t.project += p as usize;
        t.union += (b || p) as usize;
        row[1] += b as usize;
        row[2] += a as usize;
        row[3] += p as usize;
        t.spurious_best += best.iter().filter(|x| **x != want).count();
        t.spurious_any += any.iter().filter(|x| **x != want).count();
        t.spurious_project += own.iter().filter(|x| **x != want).count();
        for h in hits.iter().filter(|h| !h.ends_with(&format!(":{want}"))) {
            *spurious_by_verb.entry(h.clone()).or_default() += 1;
        }
        if b && !p {
            let lemmas = hits
                .iter()
                .filter(|h| h.ends_with(&format!(":{want}")))
                .cloned();
            dict_only.entry(want.clone()).or_default().extend(lemmas);
        }
        let date = rec["date"].as_str().and_then(Date::parse);
        for src in rec["source"].as_array().into_iter().flatten() {
            let (named, right) = source_found(&d, &tok, src, date);
            if !right && show_misses {
                println!(
                    "miss {}: {} {} named={named}",
                    rec["id"], src["actorText"], src["code"]
                );
            }
            t.sources += 1;
            t.sources_named += named as usize;
            t.sources_right += right as usize;
        }
    }
    report(&t, &per_type, &dict_only);
    reach(&d.verbs, &triggers);
    let mut worst: Vec<(usize, String)> =
        spurious_by_verb.into_iter().map(|(k, v)| (v, k)).collect();
    worst.sort_by(|a, b| b.cmp(a));
    let top: Vec<String> = worst
        .iter()
        .take(15)
        .map(|(n, h)| format!("{h} {n}"))
        .collect();
    println!(
        "most frequent spurious dictionary proposals (verb:type count): {}",
        top.join(", ")
    );
}

fn report(
    t: &Tally,
    per_type: &BTreeMap<String, [usize; 4]>,
    dict_only: &BTreeMap<String, BTreeSet<String>>,
) {
    println!(
        "gold events: {} (window: {BEFORE} words before the verb, {AFTER} after)",
        t.events
    );
    println!("type recall upper bound (gold type among the sentence's proposals):");
    println!(
        "  dictionary, best candidate per verb: {}",
        pct(t.dict_best, t.events)
    );
    println!(
        "  dictionary, any matching pattern:    {}",
        pct(t.dict_any, t.events)
    );
    println!(
        "  project patterns.tsv (naive):        {}",
        pct(t.project, t.events)
    );
    println!(
        "  dictionary best or project:          {}",
        pct(t.union, t.events)
    );
    println!("spurious types proposed (types other than the gold one, summed over sentences):");
    println!(
        "  dictionary best: {} ({:.2}/sentence); any: {} ({:.2}); project: {} ({:.2})",
        t.spurious_best,
        t.spurious_best as f64 / t.events.max(1) as f64,
        t.spurious_any,
        t.spurious_any as f64 / t.events.max(1) as f64,
        t.spurious_project,
        t.spurious_project as f64 / t.events.max(1) as f64
    );
    println!("gold source actors: {}", t.sources);
    println!(
        "  named by the actor dictionary (a match over the actor's text): {}",
        pct(t.sources_named, t.sources)
    );
    println!(
        "  ... with the gold country on the gold date:                   {}",
        pct(t.sources_right, t.sources)
    );
    println!("per type (2021 names): events  dict-best  dict-any  project");
    for (ty, [n, b, a, p]) in per_type {
        println!("  {ty:<10} {n:>4} {b:>9} {a:>9} {p:>8}");
    }
    println!("verbs that found the gold type where the project's list did not:");
    for (ty, lemmas) in dict_only {
        let l: Vec<&str> = lemmas
            .iter()
            .map(|s| s.split(':').next().unwrap_or(s))
            .collect();
        println!("  {ty}: {}", l.join(", "));
    }
}

/// What the dictionary holds per PLOVER type: verbs whose bare code has the type, patterns,
/// the modes reached out of those the 2021 table lists, and verb lemmas of the type that the
/// project's trigger list lacks.
fn reach(verbs: &VerbDictionary, triggers: &[Trigger]) {
    let table = verbs.plover_table();
    let mut modes_listed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, p) in table.iter() {
        if let Some(p) = p {
            let e = modes_listed.entry(p.event_type.as_str()).or_default();
            e.extend(p.mode.as_deref());
        }
    }
    let own: BTreeSet<&str> = triggers
        .iter()
        .flat_map(|t| t.forms.iter().map(|f| f[0].as_str()))
        .collect();
    let mut bare: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for v in verbs.verbs() {
        if let Some(p) = v.code.as_deref().and_then(|c| table.plover(c)) {
            bare.entry(p.event_type.as_str())
                .or_default()
                .insert(v.lemma.as_str());
        }
    }
    let mut pats: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for p in verbs.patterns() {
        if let Some(pl) = p.code.as_deref().and_then(|c| table.plover(c)) {
            let e = pats.entry(pl.event_type.as_str()).or_default();
            e.0 += 1;
            e.1.extend(pl.mode.as_deref());
        }
    }
    println!("dictionary reach per PLOVER type: verbs with a bare code, patterns, modes reached/listed, verb lemmas not in patterns.tsv");
    for (ty, listed) in &modes_listed {
        let b = bare.get(ty).map_or(0, BTreeSet::len);
        let missing = bare
            .get(ty)
            .map_or(0, |l| l.iter().filter(|l| !own.contains(*l)).count());
        let (n, modes) = pats.get(ty).map_or((0, 0), |(n, m)| (*n, m.len()));
        println!(
            "  {ty:<10} {b:>5} {n:>6} {modes:>4}/{:<3} {missing:>5}",
            listed.len()
        );
    }
}
