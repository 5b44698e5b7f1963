//! Unit tests of the sentence scorer on hand-built documents.

use crate::sentences::*;
use crate::*;
use newsgraph::document::{Document, EntityType, MentionForm, Meta};
use newsgraph::document::{Entity, EntityIx, Event, Mention, MentionIx, Modality, Role, Span};
use newsgraph::pipeline::Pipeline;

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).expect("needle in text");
    Span::new(s, s + needle.len())
}

fn entity(name: &str, etype: EntityType, code: Option<&str>) -> Entity {
    Entity {
        name: name.into(),
        etype,
        kind: None,
        code: code.map(String::from),
        owner: None,
        roles: vec![],
        mentions: vec![],
    }
}

fn event(doc: &Document, t: &str, cameo: &str, actors: &[u32], recipients: &[u32]) -> Event {
    Event {
        event_type: t.into(),
        mode: None,
        cameo: cameo.into(),
        score: 1.0,
        actors: actors.iter().map(|&i| EntityIx(i)).collect(),
        recipients: recipients.iter().map(|&i| EntityIx(i)).collect(),
        span: Span::new(0, doc.text.len()),
        trigger: Span::new(0, 1),
        modality: Modality::Asserted,
        negated: false,
        date: None,
    }
}

fn gold_event(t: &str, cameo: &str, source: &[&str], target: &[&str]) -> GoldSentenceEvent {
    GoldSentenceEvent {
        event_type: t.into(),
        cameo: cameo.into(),
        source: source.iter().map(|s| s.to_string()).collect(),
        target: target.iter().map(|s| s.to_string()).collect(),
    }
}

fn gold(id: &str, text: &str, events: Vec<GoldSentenceEvent>) -> GoldSentence {
    GoldSentence {
        id: id.into(),
        text: text.into(),
        events,
    }
}

/// Three sentences with known outputs: type, CAMEO root, participants, ignored outputs.
fn scored() -> SentenceReport {
    let mut report = SentenceReport::default();

    // 1. Type and cameo right, source right, target missing; a false PROTEST; a negated
    //    ASSAULT that is not counted.
    let g1 = gold(
        "a",
        "French guns shelled Chad.",
        vec![gold_event("ASSAULT", "194", &["FRA"], &["TCD"])],
    );
    let mut d1 = Document::new(g1.text.clone(), Meta::default());
    d1.entities = Some(vec![entity("France", EntityType::Country, Some("FRA"))]);
    let mut negated = event(&d1, "ASSAULT", "19", &[0], &[]);
    negated.negated = true;
    d1.events = Some(vec![
        event(&d1, "ASSAULT", "19", &[0], &[]),
        event(&d1, "PROTEST", "14", &[0], &[]),
        negated,
    ]);
    score_sentence(&g1, &d1, &mut report);

    // 2. CONSULT found, source through person -> ministry -> country, target an IGO by
    //    its acronym; THREATEN missed, but an AGREE output with root 13 scores the root.
    let text2 = "Mali's minister Awa Keita met the UN envoy and warned him.";
    let g2 = gold(
        "b",
        text2,
        vec![
            gold_event("CONSULT", "042", &["MLI"], &["UN"]),
            gold_event("THREATEN", "130", &["MLI"], &[]),
        ],
    );
    let mut d2 = Document::new(text2.into(), Meta::default());
    let mali = entity("Mali", EntityType::Country, Some("MLI"));
    let mut ministry = entity(
        "Ministry of Foreign Affairs",
        EntityType::Organization,
        None,
    );
    ministry.owner = Some(EntityIx(0));
    let mut keita = entity("Awa Keita", EntityType::Person, None);
    keita.roles.push(Role {
        title: "minister".into(),
        of: Some(EntityIx(1)),
        evidence: span_of(text2, "minister"),
    });
    let mut un = entity("United Nations", EntityType::Organization, None);
    un.mentions.push(MentionIx(0));
    d2.entities = Some(vec![mali, ministry, keita, un]);
    d2.mentions = Some(vec![Mention {
        span: span_of(text2, "UN envoy"),
        entity: EntityIx(3),
        form: MentionForm::Name,
    }]);
    d2.events = Some(vec![
        event(&d2, "CONSULT", "04", &[2], &[3]),
        event(&d2, "AGREE", "13", &[2], &[]),
    ]);
    score_sentence(&g2, &d2, &mut report);

    // 3. No gold event; one counted false COERCE and one hypothetical one left out.
    let g3 = gold("c", "Peru may arrest them.", vec![]);
    let mut d3 = Document::new(g3.text.clone(), Meta::default());
    d3.entities = Some(vec![entity("Peru", EntityType::Country, Some("PER"))]);
    let mut hypothetical = event(&d3, "COERCE", "17", &[0], &[]);
    hypothetical.modality = Modality::Hypothetical;
    d3.events = Some(vec![event(&d3, "COERCE", "17", &[0], &[]), hypothetical]);
    score_sentence(&g3, &d3, &mut report);

    report.finish();
    report
}

#[test]
fn score_sentence_counts_types_roots_and_participants() {
    let r = scored();
    assert_eq!(r.sentences, 3);
    assert_eq!((r.empty_sentences, r.empty_with_output), (1, 1));
    assert_eq!(r.output_ignored, 2);
    assert_eq!(
        (r.types.gold, r.types.predicted, r.types.correct_gold),
        (3, 5, 2)
    );
    assert!((r.types.precision - 0.4).abs() < 1e-9);
    assert!((r.types.recall - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        (
            r.cameo_roots.gold,
            r.cameo_roots.predicted,
            r.cameo_roots.correct_gold
        ),
        (3, 5, 3)
    );
    assert_eq!((r.source_country.right, r.source_country.total), (2, 2));
    assert_eq!((r.target_country.right, r.target_country.total), (1, 2));
    let assault = r.by_type["ASSAULT"];
    assert_eq!(
        (assault.gold, assault.predicted, assault.correct_gold),
        (1, 1, 1)
    );
    assert_eq!(r.by_type["THREATEN"].recall, 0.0);
    assert_eq!(r.by_type["COERCE"].predicted, 1);
}

#[test]
fn score_sentence_lists_errors_by_kind() {
    let r = scored();
    let ids = |k| {
        r.errors_of(k, 10)
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(SentenceErrorKind::Miss), ["b"]);
    assert_eq!(ids(SentenceErrorKind::FalsePositive), ["a", "b", "c"]);
    assert_eq!(ids(SentenceErrorKind::WrongTarget), ["a"]);
    assert!(ids(SentenceErrorKind::WrongSource).is_empty());
    assert_eq!(r.errors_of(SentenceErrorKind::FalsePositive, 1).len(), 1);
    assert!(r.to_string().contains("cameo roots"));
}

#[test]
fn load_sentences_reads_lines_and_rejects_bad_codes() {
    let dir = std::env::temp_dir().join(format!("ng-sent-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("good.jsonl");
    std::fs::write(
        &good,
        "# comment\n{\"id\":\"x1\",\"text\":\"Chad protested.\",\"events\":[{\"type\":\"PROTEST\",\"cameo\":\"14\",\"source\":[\"TCD\"]}]}\n\n{\"id\":\"x2\",\"text\":\"Nothing.\"}\n",
    )
    .expect("write");
    let s = load_sentences(&good).expect("loads");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].events[0].source, ["TCD"]);
    assert!(s[1].events.is_empty());
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"x1\",\"text\":\"Chad protested.\",\"events\":[{\"type\":\"PROTEST\",\"cameo\":\"1a\"}]}\n",
    )
    .expect("write");
    let err = load_sentences(&bad).expect_err("bad cameo");
    assert!(err.to_string().contains("line 1"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn evaluate_sentences_runs_each_sentence_through_the_pipeline() {
    let dir = std::env::temp_dir().join(format!("ng-sent-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("s.jsonl");
    std::fs::write(
        &path,
        concat!(
            "{\"id\":\"e1\",\"text\":\"Chadian troops shelled rebel camps near the Sudanese border.\",",
            "\"events\":[{\"type\":\"ASSAULT\",\"cameo\":\"194\",\"source\":[\"TCD\"],\"target\":[]}]}\n",
            "{\"id\":\"e2\",\"text\":\"Peru recalled its ambassador from Ecuador.\",",
            "\"events\":[{\"type\":\"SANCTION\",\"cameo\":\"161\",\"source\":[\"PER\"],\"target\":[\"ECU\"]}]}\n",
            "{\"id\":\"e3\",\"text\":\"Rice prices in Lima rose by four percent.\"}\n",
        ),
    )
    .expect("write");
    let res = std::sync::Arc::new(newsgraph::Resources::load_default().expect("resources"));
    let pipeline = Pipeline::standard(res).expect("pipeline");
    let r = evaluate_sentences(&pipeline, &path).expect("scores");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!((r.sentences, r.empty_sentences), (3, 1));
    assert_eq!(r.types.gold, 2);
    assert!(r.types.correct_predicted <= r.types.predicted);
    assert_eq!(r.types.correct_gold, r.types.correct_predicted);
    assert!(r.source_country.total <= r.types.correct_gold);
}

#[test]
fn score_sentence_accepts_mutual_events_with_both_as_actors() {
    let g = gold(
        "m",
        "Chad and Niger met.",
        vec![gold_event(
            "CONSULT",
            "04",
            &["TCD", "NER"],
            &["NER", "TCD"],
        )],
    );
    let mut d = Document::new(g.text.clone(), Meta::default());
    d.entities = Some(vec![
        entity("Chad", EntityType::Country, Some("TCD")),
        entity("Niger", EntityType::Country, Some("NER")),
    ]);
    d.events = Some(vec![event(&d, "CONSULT", "04", &[0, 1], &[])]);
    let mut r = SentenceReport::default();
    score_sentence(&g, &d, &mut r);
    // Only one of the two among the actors: not enough.
    d.events = Some(vec![event(&d, "CONSULT", "04", &[0], &[])]);
    score_sentence(&g, &d, &mut r);
    r.finish();
    assert_eq!((r.target_country.right, r.target_country.total), (1, 2));
    assert_eq!((r.source_country.right, r.source_country.total), (2, 2));
}
