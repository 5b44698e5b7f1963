//! Hand-built documents with every layer, so store tests do not depend on what the pipeline
//! happens to find.

use newsgraph::document::*;

/// The span of the `nth` occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in {text:?}"))
        .0;
    Span::new(start, start + needle.len())
}

/// An article (numbered, so that each `n` is a different text) with sentences, a dateline,
/// entities, mentions, a role, a quote in two parts, an event and a relation.
pub fn article(n: usize, path: &str) -> Document {
    let text = format!(
        "SEOUL — Prime Minister Kim Min-jun met NATO officials in Brüssel on day {n}.\n\
         “We are ready,” Kim said. “Truly.”\n\
         South Korea’s army joined the drill."
    );
    let meta = Meta {
        path: Some(path.to_string()),
        title: Some(format!("Talks, day {n}")),
        source: Some("Test Wire".into()),
        url: Some(format!("https://news.example/{n}")),
        published: Some(jiff::civil::date(2024, 3, 5)),
        warnings: vec!["not valid UTF-8; decoded as windows-1252".into()],
    };
    let mut doc = Document::new(text, meta);
    let t = doc.text.clone();
    let line1_end = t.find('\n').unwrap();
    let line2_end = line1_end + 1 + t[line1_end + 1..].find('\n').unwrap();
    doc.dateline = Some(Dateline {
        span: Span::new(0, find(&t, "—", 0).end()),
        place: "SEOUL".into(),
        place_span: find(&t, "SEOUL", 0),
    });
    doc.tokens = Some(Vec::new());
    doc.candidates = Some(Vec::new());
    doc.sentences = Some(vec![
        Sentence {
            span: Span::new(find(&t, "Prime", 0).start(), line1_end),
            first_token: TokenIx(0),
            end_token: TokenIx(0),
            paragraph_start: true,
        },
        Sentence {
            span: Span::new(line1_end + 1, line2_end),
            first_token: TokenIx(0),
            end_token: TokenIx(0),
            paragraph_start: true,
        },
        Sentence {
            span: Span::new(line2_end + 1, t.len()),
            first_token: TokenIx(0),
            end_token: TokenIx(0),
            paragraph_start: true,
        },
    ]);
    // Mentions in text order: Kim Min-jun, NATO, Brüssel, Kim, South Korea, army.
    let mention = |s: Span, e: u32, form| Mention {
        span: s,
        entity: EntityIx(e),
        form,
    };
    doc.mentions = Some(vec![
        mention(find(&t, "Kim Min-jun", 0), 0, MentionForm::Name),
        mention(find(&t, "NATO", 0), 1, MentionForm::Abbreviation),
        mention(find(&t, "Brüssel", 0), 2, MentionForm::Name),
        mention(find(&t, "Kim", 1), 0, MentionForm::Name),
        mention(find(&t, "South Korea", 0), 3, MentionForm::Name),
        mention(find(&t, "army", 0), 4, MentionForm::Nominal),
    ]);
    let entity = |name: &str, etype, mentions: Vec<u32>| Entity {
        name: name.into(),
        etype,
        kind: None,
        code: None,
        owner: None,
        roles: Vec::new(),
        mentions: mentions.into_iter().map(MentionIx).collect(),
    };
    let mut kim = entity("Kim Min-jun", EntityType::Person, vec![0, 3]);
    kim.roles.push(Role {
        title: "Prime Minister".into(),
        of: Some(EntityIx(3)),
        evidence: Span::new(
            find(&t, "Prime", 0).start(),
            find(&t, "Kim Min-jun", 0).end(),
        ),
    });
    let mut nato = entity(
        "North Atlantic Treaty Organization",
        EntityType::Organization,
        vec![1],
    );
    nato.kind = Some(OrgKind::Alliance);
    let brussels = entity("Brussels", EntityType::Location, vec![2]);
    let mut korea = entity("South Korea", EntityType::Country, vec![4]);
    korea.code = Some("KOR".into());
    let mut army = entity("Republic of Korea Army", EntityType::Organization, vec![5]);
    army.kind = Some(OrgKind::Military);
    army.owner = Some(EntityIx(3));
    doc.entities = Some(vec![kim, nato, brussels, korea, army]);
    let part1 = find(&t, "We are ready,", 0);
    let part2 = find(&t, "Truly.", 0);
    doc.quotes = Some(vec![Quote {
        span: Span::new(part1.start(), part2.end()),
        speaker: Some(EntityIx(0)),
        speaker_mention: Some(find(&t, "Kim", 1)),
        cue: Some(find(&t, "said", 0)),
        direct: true,
        parts: vec![part1, part2],
    }]);
    doc.events = Some(vec![Event {
        event_type: "CONSULT".into(),
        mode: Some("meet".into()),
        cameo: "04".into(),
        score: 1.5,
        actors: vec![EntityIx(0), EntityIx(3)],
        recipients: vec![EntityIx(1)],
        span: doc.sentences()[0].span,
        trigger: find(&t, "met", 0),
        modality: Modality::Asserted,
        negated: false,
        date: Some(EventDate {
            value: Some(jiff::civil::date(2024, 3, 4)),
            end: None,
            precision: DatePrecision::Day,
            text: format!("day {n}"),
            span: find(&t, &format!("day {n}"), 0),
        }),
    }]);
    doc.relations = Some(vec![Relation {
        subject: EntityIx(4),
        predicate: "member_of".into(),
        object: EntityIx(3),
        detail: None,
        span: doc.sentences()[2].span,
    }]);
    add_geo(&mut doc, n);
    doc
}

/// The place, amount and tone layers of [`article`]: Brüssel's and South Korea's coordinates,
/// the meeting located in Brüssel, an amount with its conversion, and a tone per sentence and
/// quote. `n` moves the point, so articles differ on the map.
fn add_geo(doc: &mut Document, n: usize) {
    let t = doc.text.clone();
    let brussels = GeoPoint {
        name: "Brussels".into(),
        lat: 50.8505 + n as f64 / 1000.0,
        lon: 4.3488,
        country: Some("BEL".into()),
        precision: Precision::City,
    };
    doc.places = Some(vec![
        EntityPlace {
            entity: EntityIx(2),
            point: brussels.clone(),
        },
        EntityPlace {
            entity: EntityIx(3),
            point: GeoPoint {
                name: "South Korea".into(),
                lat: 36.5,
                lon: 127.9,
                country: Some("KOR".into()),
                precision: Precision::Country,
            },
        },
    ]);
    doc.event_locations = Some(vec![EventLocation {
        event: 0,
        point: brussels,
        span: find(&t, "Brüssel", 0),
        from_dateline: false,
    }]);
    // `day {n}` stands in for an amount's words: the store keeps spans, not meanings.
    let day = find(&t, &format!("day {n}"), 0);
    doc.amounts = Some(vec![
        Amount {
            kind: AmountKind::Money,
            value: 250_000_000.0 + n as f64,
            max: None,
            unit: "AUD".into(),
            qualifier: Some("almost".into()),
            span: day,
            event: Some(0),
            conversion_of: None,
        },
        Amount {
            kind: AmountKind::Money,
            value: 167_000_000.0,
            max: Some(168_000_000.0),
            unit: "USD".into(),
            qualifier: None,
            span: day,
            event: None,
            conversion_of: Some(0),
        },
    ]);
    doc.tone = Some(Tone {
        sentences: vec![0.25, 0.5, -0.125],
        quotes: vec![0.375],
        article: 0.2083,
    });
}

/// What a document looks like after a trip through the store: the working layers (tokens,
/// candidates) and sentence token ranges are not stored.
pub fn as_stored(doc: &Document) -> Document {
    let mut d = doc.clone();
    d.tokens = None;
    // The store keeps no syntax layer (it is rebuilt by running the pipeline).
    d.words = None;
    d.candidates = None;
    for s in d.sentences.iter_mut().flatten() {
        s.first_token = TokenIx(0);
        s.end_token = TokenIx(0);
    }
    d
}

pub use newsgraph_testserver::pg_url;

/// A URL of `base` whose tables live in a new, empty schema of their own, so that tests
/// sharing one server do not see each other.
pub fn fresh_pg_schema(base: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let schema = format!(
        "t{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    newsgraph_store::db::postgres_schema_url(base, &schema).expect("create a schema")
}

/// A new, empty store for a test: SQLite in memory, or a fresh schema on the PostgreSQL server
/// when `NEWSGRAPH_TEST_BACKEND=postgres` (how `.ci/run` runs this whole suite a second time).
pub fn new_store() -> newsgraph_store::Store {
    if std::env::var("NEWSGRAPH_TEST_BACKEND").as_deref() == Ok("postgres") {
        let url = pg_url().expect("NEWSGRAPH_TEST_BACKEND=postgres needs NEWSGRAPH_PG_URL");
        return newsgraph_store::Store::open(fresh_pg_schema(&url)).expect("open PostgreSQL");
    }
    newsgraph_store::Store::open_in_memory().unwrap()
}
