//! End-to-end tests of the standard pipeline over short texts written for these tests, and
//! invariants over the example articles shipped in `examples/articles/`.

mod architecture;
mod data_files;
mod extraction;
mod fuzz_checks;
mod fuzz_regressions;
mod properties;
mod snapshots;

use newsgraph::document::{EntityType, MentionForm, OrgKind};
use newsgraph::output::DocOutput;
use newsgraph::{Document, Meta, Pipeline, Resources};
use std::sync::{Arc, OnceLock};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let res = Arc::new(Resources::load_default().expect("resources load"));
        Pipeline::standard(res).expect("standard pipeline is well ordered")
    })
}

fn extract(text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Meta::default());
    pipeline().run(&mut doc).expect("pipeline runs");
    doc
}

/// The entity that has a mention with exactly this text.
fn entity_named<'a>(doc: &'a Document, text: &str) -> &'a newsgraph::document::Entity {
    doc.mentions()
        .iter()
        .find(|m| doc.text_of(m.span) == text)
        .map(|m| &doc.entities()[m.entity.ix()])
        .unwrap_or_else(|| {
            panic!(
                "no mention `{text}` in {:#?}",
                DocOutput::from_document(doc)
            )
        })
}

#[test]
fn title_before_name_gives_role_and_country() {
    let doc = extract(
        "Japanese Prime Minister Aiko Tanabe arrived in Oslo on Monday. \
         Tanabe said the talks had gone well.",
    );
    let person = entity_named(&doc, "Aiko Tanabe");
    assert_eq!(person.etype, EntityType::Person);
    assert_eq!(person.mentions.len(), 2, "the surname joins the full name");
    let role = &person.roles[0];
    assert_eq!(role.title, "Prime Minister");
    let of = &doc.entities()[role.of.expect("role has a country").ix()];
    assert_eq!(of.code.as_deref(), Some("JPN"));
    assert_eq!(entity_named(&doc, "Oslo").etype, EntityType::Location);
}

#[test]
fn apposition_role_points_at_the_government_body() {
    let doc = extract(
        "Wen Bo, a spokesman for the Chinese foreign ministry, told reporters that the \
         exercise was provocative.",
    );
    let person = entity_named(&doc, "Wen Bo");
    let role = person.roles.first().expect("a role from the apposition");
    assert_eq!(role.title, "spokesman");
    let body = &doc.entities()[role.of.expect("an affiliation").ix()];
    assert_eq!(body.etype, EntityType::Organization);
    // China is not otherwise mentioned: the body carries its country's code.
    assert_eq!(body.owner, None);
    assert_eq!(body.code.as_deref(), Some("CHN"));

    // Where the article names China, the body points at that entity.
    let doc =
        extract("China protested. Wen Bo, a spokesman for the Chinese foreign ministry, said so.");
    let body = entity_named(&doc, "Chinese foreign ministry");
    let owner = &doc.entities()[body.owner.expect("the ministry belongs to China").ix()];
    assert_eq!(owner.code.as_deref(), Some("CHN"));
}

#[test]
fn dateline_is_recorded_and_is_no_actor() {
    let doc = extract("SEOUL, South Korea — The government of Chile said on Friday it would wait.");
    let dateline = doc.dateline.as_ref().expect("a dateline");
    assert_eq!(dateline.place, "SEOUL, South Korea");
    // The dateline's place is a location (where the report was filed), never an actor: it lies
    // in no sentence.
    let seoul = entity_named(&doc, "SEOUL");
    assert_eq!(seoul.etype, EntityType::Location);
    assert_eq!(seoul.name, "Seoul");
    assert_eq!(
        entity_named(&doc, "South Korea").code.as_deref(),
        Some("KOR")
    );
    assert!(doc
        .sentences()
        .iter()
        .all(|s| !dateline.span.overlaps(s.span)));
    assert_eq!(entity_named(&doc, "Chile").code.as_deref(), Some("CHL"));
}

#[test]
fn capital_is_a_metonym_when_it_acts_and_a_place_when_it_is_a_place() {
    let doc =
        extract("Beijing accused the alliance of meddling. Leaders met at a summit in Vilnius.");
    let beijing = doc
        .mentions()
        .iter()
        .find(|m| doc.text_of(m.span) == "Beijing")
        .expect("Beijing is a mention");
    assert_eq!(beijing.form, MentionForm::Metonym);
    assert_eq!(
        doc.entities()[beijing.entity.ix()].code.as_deref(),
        Some("CHN")
    );
    assert_eq!(entity_named(&doc, "Vilnius").etype, EntityType::Location);
}

#[test]
fn organisation_found_from_its_shape() {
    let doc = extract(
        "The plan was criticised by Ilse Marten, director of the Institute for Arctic \
         Shipping Studies at Tromvik University.",
    );
    let org = entity_named(&doc, "Institute for Arctic Shipping Studies");
    assert_eq!(org.etype, EntityType::Organization);
    let person = entity_named(&doc, "Ilse Marten");
    assert_eq!(person.roles[0].title, "director");
}

#[test]
fn quote_is_attributed_to_its_speaker() {
    let doc = extract(
        "Japanese Prime Minister Aiko Tanabe spoke on Monday.\n\
         “We will not be intimidated,” Tanabe said.",
    );
    let quote = doc
        .quotes()
        .iter()
        .find(|q| q.direct)
        .expect("a direct quote");
    assert_eq!(doc.text_of(quote.span), "We will not be intimidated,");
    let speaker = &doc.entities()[quote.speaker.expect("a speaker").ix()];
    assert_eq!(speaker.name, "Aiko Tanabe");
}

#[test]
fn scare_quote_has_no_invented_speaker() {
    let doc = extract("The alliance upgraded Norway to a “strategic concern” last year.");
    for q in doc.quotes().iter().filter(|q| q.direct) {
        assert_eq!(q.speaker, None, "{:?}", doc.text_of(q.span));
    }
}

fn example_articles() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples/articles exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("example is UTF-8");
            (p.display().to_string(), text)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 15, "at least 15 example articles");
    out
}

#[test]
fn every_span_of_the_examples_matches_its_text_and_runs_are_deterministic() {
    for (path, text) in example_articles() {
        let doc = extract(&text);
        let again = extract(&text);
        assert_eq!(doc, again, "{path}: extraction is deterministic");
        let out = DocOutput::from_document(&doc);
        for e in &out.entities {
            for m in &e.mentions {
                let slice = text
                    .get(m.start as usize..m.end as usize)
                    .unwrap_or_else(|| {
                        panic!("{path}: span {}..{} off boundaries", m.start, m.end)
                    });
                assert_eq!(slice, m.text, "{path}");
            }
            for r in &e.roles {
                assert!(
                    text.get(r.start as usize..r.end as usize).is_some(),
                    "{path}"
                );
            }
        }
        for q in &out.quotes {
            // An interrupted quote's text is its parts joined; a plain one's is its slice.
            let expected = if q.parts.len() > 1 {
                let parts: Vec<&str> = q
                    .parts
                    .iter()
                    .map(|p| text[p.start as usize..p.end as usize].trim())
                    .collect();
                parts.join(" ")
            } else {
                text[q.start as usize..q.end as usize].to_string()
            };
            assert_eq!(expected, q.text, "{path}");
            if let Some(s) = &q.speaker {
                assert!(
                    out.entities.iter().any(|e| &e.id == s),
                    "{path}: speaker id exists"
                );
            }
        }
        let mut last = 0;
        for s in &out.sentences {
            assert!(
                s.start >= last && s.end > s.start,
                "{path}: sentences sorted"
            );
            last = s.end;
        }
    }
}

#[test]
fn a_country_government_named_three_ways_is_one_organisation() {
    // Issue 14, item 4: the demonym's, the capital's and the bare `the government` of an
    // article about Norway are one government.
    let doc = extract(
        "The Norwegian government said on Monday that it would widen its Arctic patrols. \
         Norway's fishing fleet has complained about the plan for months. \
         Russia's foreign ministry called the patrols a provocation. \
         The Oslo government has asked Moscow for talks. \
         Norwegian officials said the government would publish the patrol routes in May.",
    );
    let governments: Vec<_> = doc
        .mentions()
        .iter()
        .filter(|m| doc.text_of(m.span) == "government")
        .map(|m| m.entity)
        .collect();
    assert_eq!(governments.len(), 3, "each `government` is a mention");
    assert!(
        governments.iter().all(|e| *e == governments[0]),
        "{governments:?}"
    );
    let government = &doc.entities()[governments[0].ix()];
    assert_eq!(government.name, "Norwegian government");
    assert_eq!(government.etype, EntityType::Organization);
    let owner = &doc.entities()[government.owner.expect("Norway's").ix()];
    assert_eq!(owner.code.as_deref(), Some("NOR"));
    // The Russian ministry stays apart, though it is the government body named last.
    assert_ne!(entity_named(&doc, "Russia's foreign ministry"), government);
}

#[test]
fn a_department_and_its_acronym_are_one_organisation() {
    let doc = extract(
        "The Department for Environment, Food and Rural Affairs (Defra) said on Tuesday that \
         the flood defences near Tarnby would be repaired. Defra said the work would take a year.",
    );
    let department = entity_named(&doc, "Department for Environment, Food and Rural Affairs");
    assert_eq!(department.etype, EntityType::Organization);
    let acronyms: Vec<_> = doc
        .mentions()
        .iter()
        .filter(|m| doc.text_of(m.span) == "Defra")
        .collect();
    assert_eq!(acronyms.len(), 2, "both `Defra`s are mentions");
    for m in acronyms {
        assert_eq!(&doc.entities()[m.entity.ix()], department);
        assert_eq!(m.form, MentionForm::Abbreviation);
    }
}

#[test]
fn a_team_in_a_results_table_is_the_team_in_the_report_too() {
    let doc = extract(
        "Marlow closed on 312 for six against Dunholt on Saturday.\n\
         Marlow 312-6 , Dunholt 144 .\n\
         Results:\n\
         Marlow 3 Dunholt 1\n\
         Kestrel Vale 0 Oxbury 2\n",
    );
    for name in ["Marlow", "Dunholt", "Kestrel Vale", "Oxbury"] {
        let team = entity_named(&doc, name);
        assert_eq!(team.etype, EntityType::Organization, "{name}");
        assert_eq!(team.kind, Some(OrgKind::Team), "{name}");
    }
    let marlows = doc
        .mentions()
        .iter()
        .filter(|m| doc.text_of(m.span) == "Marlow")
        .count();
    assert_eq!(marlows, 3, "every `Marlow` is a mention of the team");
}

#[test]
fn companies_joined_by_and_after_a_legal_form_are_two() {
    let doc = extract(
        "Analysts said Harwick Controls Inc and Brenlow Corp would bid for the seating maker.",
    );
    let a = entity_named(&doc, "Harwick Controls Inc");
    let b = entity_named(&doc, "Brenlow Corp");
    assert_eq!(a.etype, EntityType::Organization);
    assert_eq!(b.etype, EntityType::Organization);
    assert_ne!(a, b);
}
