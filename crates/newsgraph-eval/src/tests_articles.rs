//! Unit tests of the article scorer on hand-built documents.

use crate::articles::*;
use crate::*;
use newsgraph::document::{Document, EntityType, MentionForm, Meta};
use newsgraph::document::{Entity, EntityIx, Mention, MentionIx, Quote, Role, Span};
use std::path::Path;

const TEXT: &str = "Japanese Prime Minister Aki Mori said “we are ready,” in Tokyo. \
                    Mori told reporters Japan would act.";

fn at(needle: &str, nth: usize) -> (u32, u32) {
    let s = TEXT
        .match_indices(needle)
        .nth(nth)
        .expect("needle in text")
        .0;
    (s as u32, (s + needle.len()) as u32)
}

fn gm(needle: &str, nth: usize, form: MentionForm) -> GoldMention {
    let (start, end) = at(needle, nth);
    GoldMention {
        start,
        end,
        text: needle.into(),
        form,
    }
}

fn gent(name: &str, etype: EntityType, mentions: Vec<GoldMention>) -> GoldEntity {
    GoldEntity {
        name: name.into(),
        etype,
        kind: None,
        code: None,
        also: vec![],
        owner: None,
        mentions,
        roles: vec![],
    }
}

fn gold() -> GoldArticle {
    let mut mori = gent(
        "Aki Mori",
        EntityType::Person,
        vec![
            gm("Aki Mori", 0, MentionForm::Name),
            gm("Mori", 1, MentionForm::Name),
        ],
    );
    mori.roles.push(GoldRole {
        title: "Prime Minister".into(),
        of: Some("Japan".into()),
        of_alt: vec![],
    });
    let japan = gent(
        "Japan",
        EntityType::Country,
        vec![
            gm("Japanese", 0, MentionForm::Demonym),
            gm("Japan", 1, MentionForm::Name),
        ],
    );
    let tokyo = gent(
        "Tokyo",
        EntityType::Location,
        vec![gm("Tokyo", 0, MentionForm::Name)],
    );
    let (qs, qe) = at("we are ready,", 0);
    let (is, ie) = at("Japan would act", 0);
    GoldArticle {
        path: "x.txt".into(),
        entities: vec![mori, japan, tokyo],
        quotes: vec![
            GoldQuote {
                start: qs,
                end: qe,
                text: "we are ready,".into(),
                speaker: Some("Aki Mori".into()),
                direct: true,
            },
            GoldQuote {
                start: is,
                end: ie,
                text: "Japan would act".into(),
                speaker: Some("Aki Mori".into()),
                direct: false,
            },
        ],
        non_quotes: vec![],
        published: None,
        events: None,
    }
}

/// An output document: entities given as (name, type, [(needle, nth, form)], roles).
/// (name, type, [(needle, nth, form)], roles) of one output entity.
type OutEntity<'a> = (
    &'a str,
    EntityType,
    Vec<(&'a str, usize, MentionForm)>,
    Vec<Role>,
);

fn doc(ents: Vec<OutEntity<'_>>) -> Document {
    let mut d = Document::new(TEXT.into(), Meta::default());
    let mut mentions = vec![];
    let mut entities = vec![];
    for (ei, (name, etype, ms, roles)) in ents.into_iter().enumerate() {
        let mut ixs = vec![];
        for (needle, nth, form) in ms {
            let (s, e) = at(needle, nth);
            ixs.push(MentionIx(mentions.len() as u32));
            mentions.push(Mention {
                span: Span::new(s as usize, e as usize),
                entity: EntityIx(ei as u32),
                form,
            });
        }
        entities.push(Entity {
            name: name.into(),
            etype,
            kind: None,
            code: None,
            owner: None,
            roles,
            mentions: ixs,
        });
    }
    d.entities = Some(entities);
    d.mentions = Some(mentions);
    d.quotes = Some(vec![]);
    d
}

fn role(title: &str, of: Option<u32>) -> Role {
    Role {
        title: title.into(),
        of: of.map(EntityIx),
        evidence: Span::new(0, 1),
    }
}

fn score(d: &Document) -> EvalReport {
    let mut r = EvalReport::default();
    score_document(&gold(), d, &mut r);
    finish_report(&mut r);
    r
}

#[test]
fn mentions_need_exact_span_and_type() {
    let d = doc(vec![
        (
            "Aki Mori",
            EntityType::Person,
            vec![
                ("Aki Mori", 0, MentionForm::Name),
                ("we", 0, MentionForm::Pronoun),
            ],
            vec![],
        ),
        // Right span, wrong type; and a span that is too long.
        (
            "Japan",
            EntityType::Location,
            vec![("Japan", 1, MentionForm::Name)],
            vec![],
        ),
        (
            "Tokyo.",
            EntityType::Location,
            vec![("Tokyo.", 0, MentionForm::Name)],
            vec![],
        ),
    ]);
    let r = score(&d);
    // Gold scored mentions: Aki Mori, Mori, Japanese, Japan, Tokyo = 5; output: 3 (pronoun left out).
    assert_eq!((r.mentions.gold, r.mentions.predicted), (5, 3));
    assert_eq!(r.mentions.correct_gold, 1);
    assert!((r.mentions.precision - 1.0 / 3.0).abs() < 1e-9);
    assert!((r.mentions.recall - 0.2).abs() < 1e-9);
    assert_eq!(r.mentions_by_type["PERSON"].correct_gold, 1);
    assert_eq!(r.mentions_by_type["COUNTRY"].predicted, 0);
    assert_eq!(r.mention_recall_by_form["demonym"].right, 0);
    assert_eq!(r.mention_recall_by_form["name"].total, 4);
}

#[test]
fn entities_align_through_shared_spans_and_names_are_checked() {
    let d = doc(vec![
        (
            "Mori",
            EntityType::Person,
            vec![("Mori", 1, MentionForm::Name)],
            vec![],
        ),
        (
            "Japan",
            EntityType::Country,
            vec![("Japanese", 0, MentionForm::Demonym)],
            vec![],
        ),
        (
            "Ghost",
            EntityType::Person,
            vec![("reporters", 0, MentionForm::Name)],
            vec![],
        ),
    ]);
    let g = gold();
    assert_eq!(align_entities(&g, &d), vec![Some(0), Some(1), None]);
    let r = score(&d);
    assert_eq!(
        (
            r.entities.gold,
            r.entities.predicted,
            r.entities.correct_gold
        ),
        (3, 3, 2)
    );
    // "Mori" is not the canonical "Aki Mori"; "Japan" is.
    assert_eq!((r.entity_names.right, r.entity_names.total), (1, 2));
}

#[test]
fn roles_match_through_alignment_ignoring_case() {
    let d = doc(vec![
        (
            "Aki Mori",
            EntityType::Person,
            vec![("Aki Mori", 0, MentionForm::Name)],
            vec![role("prime minister", Some(1)), role("Leader", Some(1))],
        ),
        (
            "Japan",
            EntityType::Country,
            vec![("Japan", 1, MentionForm::Name)],
            vec![],
        ),
    ]);
    let r = score(&d);
    assert_eq!(
        (r.roles.gold, r.roles.predicted, r.roles.correct_gold),
        (1, 2, 1)
    );
    assert!((r.roles.precision - 0.5).abs() < 1e-9);
    // Without titles both output roles are the same (person, of) pair.
    assert_eq!(r.roles_ignoring_title.predicted, 1);
    assert_eq!(r.roles_ignoring_title.correct_gold, 1);
}

#[test]
fn role_with_wrong_of_is_wrong() {
    let d = doc(vec![
        (
            "Aki Mori",
            EntityType::Person,
            vec![("Aki Mori", 0, MentionForm::Name)],
            vec![role("Prime Minister", Some(1))],
        ),
        (
            "Tokyo",
            EntityType::Location,
            vec![("Tokyo", 0, MentionForm::Name)],
            vec![],
        ),
    ]);
    assert_eq!(score(&d).roles.correct_gold, 0);
}

#[test]
fn quotes_found_by_overlap_and_speaker_checked() {
    let mut d = doc(vec![(
        "Aki Mori",
        EntityType::Person,
        vec![("Aki Mori", 0, MentionForm::Name)],
        vec![],
    )]);
    let (s, e) = at("we are ready", 0);
    let (is, ie) = at("reporters Japan would act", 0);
    d.quotes = Some(vec![
        Quote {
            span: Span::new(s as usize, e as usize),
            speaker: Some(EntityIx(0)),
            speaker_mention: None,
            cue: None,
            direct: true,
            parts: vec![],
        },
        Quote {
            span: Span::new(is as usize, ie as usize),
            speaker: None,
            speaker_mention: None,
            cue: None,
            direct: false,
            parts: vec![],
        },
    ]);
    let r = score(&d);
    assert_eq!(
        (r.direct_quotes.correct_gold, r.direct_quotes.predicted),
        (1, 1)
    );
    assert_eq!((r.direct_speakers.right, r.direct_speakers.total), (1, 1));
    // "reporters japan would act" contains "japan would act": 15/25 chars = 0.6, found.
    assert_eq!(r.indirect_quotes.correct_gold, 1);
    assert_eq!(
        (r.indirect_speakers.right, r.indirect_speakers.total),
        (0, 1)
    );
}

#[test]
fn quote_overlap_follows_shared_scorer() {
    assert_eq!(quote_overlap("We are ready,", "we are READY"), 1.0);
    assert_eq!(quote_overlap("", "x"), 0.0);
    assert!((quote_overlap("a b c d", "a b x y") - 0.5).abs() < 1e-9);
    assert_eq!(quote_overlap("it’s fine", "it's fine"), 1.0);
}

#[test]
fn prf_is_zero_without_items() {
    let r = score(&doc(vec![]));
    assert_eq!(r.mentions.precision, 0.0);
    assert_eq!(r.mentions.f1, 0.0);
    assert_eq!(r.entities.recall, 0.0);
}

#[test]
fn load_gold_rejects_span_that_does_not_read_its_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "Tokyo — Japan.").expect("write");
    let gold = dir.path().join("gold.json");
    std::fs::write(
        &gold,
        r#"{"version":1,"articles":[{"path":"a.txt","entities":[{"name":"Japan",
           "type":"COUNTRY","mentions":[{"start":10,"end":15,"text":"Japan","form":"name"}]}],
           "quotes":[]}]}"#,
    )
    .expect("write");
    assert!(load_gold(&gold).is_ok());
    std::fs::write(
        &gold,
        r#"{"version":1,"articles":[{"path":"a.txt","entities":[{"name":"Japan",
           "type":"COUNTRY","mentions":[{"start":9,"end":14,"text":"Japan","form":"name"}]}]}]}"#,
    )
    .expect("write");
    let err = load_gold(&gold).expect_err("bad span");
    assert!(matches!(err, Error::Gold { .. }));
    let msg = err.to_string();
    assert!(msg.contains("gold.json") && msg.contains("a.txt"), "{msg}");
    std::fs::write(&gold, r#"{"version":1,"articles":[{"path":"a.txt"}]}"#).expect("write");
    assert!(matches!(load_gold(&gold), Err(Error::Gold { .. })));
}

#[test]
fn shipped_gold_is_valid() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/gold/gold.json");
    let (parsed, texts) = load_gold(&gold).expect("eval/gold/gold.json loads");
    assert!(parsed.articles.len() >= 18);
    assert_eq!(parsed.articles.len(), texts.len());
}

#[test]
fn events_match_type_participants_and_date() {
    use newsgraph::document::{DatePrecision, Event, EventDate, Modality, Span};
    let mut g = gold();
    let (ts, te) = at("act", 0);
    let gd: jiff::civil::Date = "2024-07-08".parse().expect("date");
    g.events = Some(vec![GoldEvent {
        event_type: "MOBILIZE".into(),
        actors: vec!["Japan".into()],
        recipients: vec![],
        start: ts,
        end: te,
        text: "act".into(),
        date: Some(gd),
    }]);
    let mut d = doc(vec![
        (
            "Aki Mori",
            EntityType::Person,
            vec![("Aki Mori", 0, MentionForm::Name)],
            vec![],
        ),
        (
            "Japan",
            EntityType::Country,
            vec![("Japan", 1, MentionForm::Name)],
            vec![],
        ),
        (
            "Tokyo",
            EntityType::Location,
            vec![("Tokyo", 0, MentionForm::Name)],
            vec![],
        ),
    ]);
    let sentence = Span::new(at("Mori told", 0).0 as usize, TEXT.len());
    let ev = |actors: Vec<u32>, ty: &str, date: Option<jiff::civil::Date>| Event {
        event_type: ty.into(),
        mode: None,
        cameo: "15".into(),
        score: -7.2,
        actors: actors.into_iter().map(EntityIx).collect(),
        recipients: vec![],
        span: sentence,
        trigger: Span::new(ts as usize, te as usize),
        modality: Modality::Expected,
        negated: false,
        date: date.map(|v| EventDate {
            value: Some(v),
            end: None,
            precision: DatePrecision::Day,
            text: "Monday".into(),
            span: sentence,
        }),
    };
    let run = |d: &Document| {
        let mut r = EvalReport::default();
        score_document(&g, d, &mut r);
        finish_report(&mut r);
        r
    };
    // The prime minister beside his country is right (tied by the gold role).
    d.events = Some(vec![ev(vec![0, 1], "MOBILIZE", Some(gd))]);
    let r = run(&d);
    assert_eq!((r.events.correct_gold, r.events.predicted), (1, 1));
    assert_eq!((r.event_dates.right, r.event_dates.total), (1, 1));
    // A place that is not tied to the actor is wrong; the type alone still matches.
    d.events = Some(vec![ev(vec![1, 2], "MOBILIZE", None)]);
    let r = run(&d);
    assert_eq!(r.events.correct_gold, 0);
    assert_eq!(r.event_types.correct_gold, 1);
    // Wrong type.
    d.events = Some(vec![ev(vec![1], "ASSAULT", Some(gd))]);
    let r = run(&d);
    assert_eq!(r.event_types.correct_gold, 0);
    assert_eq!(r.events_by_type["MOBILIZE"].gold, 1);
    assert_eq!(r.events_by_type["ASSAULT"].predicted, 1);
}

#[test]
fn report_serializes_and_displays() {
    let r = score(&doc(vec![]));
    let json = serde_json::to_value(&r).expect("json");
    assert!(json["mentions"]["f1"].is_number());
    assert!(r.to_string().contains("direct quotes"));
}
