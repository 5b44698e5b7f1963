//! Roles through the whole pipeline, on sentences written for these tests: each name its own
//! title, the country from the title's own words or the person's stated affiliation, and the
//! prefixes that change what the title means kept.

use crate::document::{Document, Meta};

fn run(text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Meta::default());
    crate::pipeline::standard_for_tests()
        .run(&mut doc)
        .expect("pipeline");
    doc
}

/// `(title, country or body name)` of every role of the person whose name contains `name`.
fn roles_of(doc: &Document, name: &str) -> Vec<(String, Option<String>)> {
    let e = doc
        .entities()
        .iter()
        .find(|e| e.name.contains(name))
        .unwrap_or_else(|| panic!("no entity {name:?} in {:?}", doc.entities()));
    e.roles
        .iter()
        .map(|r| {
            let of = r.of.map(|o| doc.entities()[o.ix()].name.clone());
            (r.title.clone(), of)
        })
        .collect()
}

#[test]
fn two_leaders_in_one_phrase_each_get_their_own_title_and_no_shared_country() {
    let doc = run(
        "OTTAWA (Reuters) - Fishing quotas topped the agenda of a summit between \
                   President Harlan Vose and Prime Minister Claire Duval on Monday.",
    );
    let vose = roles_of(&doc, "Vose");
    let duval = roles_of(&doc, "Duval");
    assert_eq!(vose, vec![("President".to_string(), None)], "{vose:?}");
    assert_eq!(
        duval,
        vec![("Prime Minister".to_string(), None)],
        "{duval:?}"
    );
}

#[test]
fn dateline_does_not_override_the_affiliation_stated_later() {
    let doc = run(
        "WASHINGTON (AP) - Foreign Minister Elodie Marchand arrived for talks on \
                   Monday. Marchand, Canada's foreign minister, met officials at the State \
                   Department.",
    );
    let roles = roles_of(&doc, "Marchand");
    assert!(!roles.is_empty(), "{roles:?}");
    for (title, of) in &roles {
        assert_eq!(of.as_deref(), Some("Canada"), "{title} of {of:?}");
    }
}

#[test]
fn the_title_own_demonym_gives_the_country() {
    let doc = run(
        "WASHINGTON (AP) - Canadian Trade Minister Owen Pritchard said the tariffs \
                   would hurt both economies.",
    );
    let roles = roles_of(&doc, "Pritchard");
    assert_eq!(roles[0].1.as_deref(), Some("Canada"), "{roles:?}");
}

#[test]
fn shadow_former_acting_and_deputy_stay_in_the_title() {
    let doc = run(
        "Shadow home secretary Derek Hollis attacked the plan. Former Prime Minister \
                   Ruth Abney, acting Defence Secretary Colin Marsh and Deputy Foreign Minister \
                   Ana Petrov also spoke.",
    );
    let title = |n: &str| roles_of(&doc, n).first().map(|r| r.0.clone());
    assert_eq!(title("Hollis").as_deref(), Some("Shadow home secretary"));
    assert_eq!(title("Abney").as_deref(), Some("Former Prime Minister"));
    assert_eq!(title("Marsh").as_deref(), Some("acting Defence Secretary"));
    assert_eq!(title("Petrov").as_deref(), Some("Deputy Foreign Minister"));
}
