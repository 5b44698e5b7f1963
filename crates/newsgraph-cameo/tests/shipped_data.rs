//! Loads the converted files shipped in the repository's `data/` and checks what the events
//! stage will rely on. The sentences are written for this test.

use std::path::Path;
use std::sync::OnceLock;

use newsgraph_cameo::{ActorKind, CaseRule, Date, Dictionaries};

fn dicts() -> &'static Dictionaries {
    static D: OnceLock<Dictionaries> = OnceLock::new();
    D.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        Dictionaries::load(&data, false).expect("the shipped dictionaries load")
    })
}

#[test]
fn shipped_files_load_with_their_sizes() {
    let d = dicts();
    assert!(d.verbs.verbs().len() > 1500, "{}", d.verbs.verbs().len());
    assert!(
        d.verbs.patterns().len() > 4000,
        "{}",
        d.verbs.patterns().len()
    );
    assert!(d.verbs.plover_table().len() > 250);
    assert!(
        d.actors.actors().len() > 25_000,
        "{}",
        d.actors.actors().len()
    );
    assert!(d.actors.agents().len() > 3000);
    assert!(d.actors.name_count() > 30_000, "{}", d.actors.name_count());
}

#[test]
fn every_plover_type_is_reachable_from_some_pattern() {
    let d = dicts();
    let mut types: Vec<&str> = d
        .verbs
        .patterns()
        .iter()
        .filter_map(|p| d.verbs.plover_table().plover(p.code.as_deref()?))
        .map(|p| p.event_type.as_str())
        .collect();
    types.sort_unstable();
    types.dedup();
    for t in [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "MOBILIZE",
        "SANCTION",
        "COERCE",
        "ASSAULT",
    ] {
        assert!(types.contains(&t), "{t} missing from {types:?}");
    }
}

#[test]
fn a_verb_form_and_its_clause_code() {
    let d = dicts();
    assert!(d.verbs.lemmas_of_form("sent").iter().any(|l| l == "send"));
    let m = d.verbs.match_clause(
        "sign",
        &["the", "two", "government"],
        &["a", "peace", "treaty", "on", "monday"],
    );
    let best = m
        .iter()
        .find(|m| m.code.is_some())
        .expect("sign a treaty is coded");
    assert_eq!(
        best.plover.expect("has a PLOVER type").event_type,
        "SUPPORT",
        "{best:?}"
    );
}

#[test]
fn world_knowledge_actors_with_dates() {
    let d = dicts();
    let toks: Vec<&str> =
        "President Bill Clinton met Mahmoud Abbas while the Taliban and Hezbollah watched"
            .split(' ')
            .collect();
    let found = d.actors.find_actors(&toks, CaseRule::SomeCapital);
    let spans: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(spans, [(0, 3), (4, 6), (8, 9), (10, 11)], "{found:?}");
    let clinton = found[0].actors[0];
    let in_1998 = clinton.role_at(Date::new(1998, 3, 1)).unwrap();
    assert_eq!(
        (in_1998.country.as_deref(), in_1998.sectors.as_slice()),
        (Some("USA"), &["GOV".to_string()][..])
    );
    let abbas = found[1]
        .actors
        .iter()
        .find(|a| a.kind == ActorKind::Person)
        .unwrap();
    assert_eq!(
        abbas
            .role_at(Date::new(2010, 1, 1))
            .unwrap()
            .country
            .as_deref(),
        Some("PSE")
    );
    let taliban = found[2].actors[0];
    assert_eq!(
        taliban.role_at(None).unwrap().country.as_deref(),
        Some("AFG")
    );
    assert_eq!(taliban.role_at(None).unwrap().sectors, ["REB"]);
}

/// Words that make `elems` match: each word's first alternative, each synset's first phrase.
fn words_for(d: &Dictionaries, elems: &[newsgraph_cameo::Element], out: &mut Vec<String>) {
    use newsgraph_cameo::Element;
    for e in elems {
        match e {
            Element::Word(w) => out.push(w.split('/').next().unwrap_or("").to_string()),
            Element::Synset(name) => {
                let phrase = d.verbs.synset(name).and_then(|s| s.first());
                out.extend(phrase.into_iter().flatten().cloned());
            }
            Element::Phrase(items) => words_for(d, items, out),
            Element::Prep { prep, object } => {
                out.push(prep.split('/').next().unwrap_or("").to_string());
                words_for(d, object, out);
            }
            Element::Slot(_) => out.push("someone".to_string()),
        }
    }
}

#[test]
fn best_match_is_the_first_candidate_of_match_clause() {
    let d = dicts();
    let key = |m: &newsgraph_cameo::VerbMatch<'_>| {
        (
            m.verb.line,
            m.pattern.map(|p| p.line),
            m.code.map(str::to_string),
            m.weight,
            m.slots_before.clone(),
            m.slots_after.clone(),
            m.after_start,
        )
    };
    let mut compared = 0;
    let mut coded = 0;
    for (n, p) in d.verbs.patterns().iter().enumerate() {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        words_for(d, &p.before, &mut before);
        words_for(d, &p.after, &mut after);
        // the clause as the pattern writes it, with its halves swapped, and with the
        // words of the next pattern as well
        let mut extra = Vec::new();
        if let Some(q) = d.verbs.patterns().get(n + 1) {
            words_for(d, &q.after, &mut extra);
        }
        let mut longer = after.clone();
        longer.extend(extra);
        let clauses = [
            (before.clone(), after.clone()),
            (after.clone(), before.clone()),
            (before, longer),
        ];
        for verb in d
            .verbs
            .verbs()
            .iter()
            .filter(|v| v.block == p.block)
            .take(3)
        {
            for (b, a) in &clauses {
                let mut b: Vec<&str> = b.iter().map(String::as_str).collect();
                let mut a: Vec<&str> = a.iter().map(String::as_str).collect();
                b.extend(verb.before.iter().map(String::as_str));
                let mut after = verb.after.iter().map(String::as_str).collect::<Vec<_>>();
                after.append(&mut a);
                let all = d.verbs.match_clause(&verb.lemma, &b, &after);
                let best = d.verbs.best_match(&verb.lemma, &b, &after);
                assert_eq!(
                    all.first().map(key),
                    best.as_ref().map(key),
                    "{} {b:?} {after:?}",
                    verb.lemma
                );
                compared += 1;
                coded += usize::from(best.is_some_and(|m| m.pattern.is_some()));
            }
        }
    }
    assert!(compared > 10_000 && coded > 3_000, "{compared} {coded}");
}
