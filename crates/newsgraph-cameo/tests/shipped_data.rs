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
