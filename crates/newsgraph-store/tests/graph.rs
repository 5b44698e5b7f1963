//! The cross-document graph: entity resolution, events across outlets, near-duplicates,
//! conflicts and the queries over them, on small hand-written articles.

use crate::common::find;
use newsgraph::document::*;
use newsgraph_store::query::EventFilter;
use newsgraph_store::{GraphConfig, Store};
use std::path::Path;

/// Builds an annotated document by naming the words of each fact.
pub struct Builder {
    doc: Document,
    mentions: Vec<(Span, u32, MentionForm)>,
}

impl Builder {
    pub fn new(text: &str, outlet: &str, published: (i16, i8, i8), path: &str) -> Builder {
        let meta = Meta {
            path: Some(path.into()),
            source: Some(outlet.into()),
            published: Some(jiff::civil::date(published.0, published.1, published.2)),
            ..Meta::default()
        };
        let mut doc = Document::new(text.into(), meta);
        let mut sentences = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.trim_end().len();
            sentences.push(Sentence {
                span: Span::new(start, end),
                first_token: TokenIx(0),
                end_token: TokenIx(0),
                paragraph_start: true,
            });
            start += line.len();
        }
        doc.sentences = Some(sentences);
        doc.entities = Some(Vec::new());
        doc.quotes = Some(Vec::new());
        doc.events = Some(Vec::new());
        doc.relations = Some(Vec::new());
        Builder {
            doc,
            mentions: Vec::new(),
        }
    }

    /// An entity and its mentions, each `(text, nth occurrence)`.
    pub fn entity(&mut self, name: &str, etype: EntityType, mentions: &[(&str, usize)]) -> u32 {
        let ix = self.doc.entities().len() as u32;
        let code = match (etype, name) {
            (EntityType::Country, "Australia") => Some("AUS"),
            (EntityType::Country, "Ukraine") => Some("UKR"),
            (EntityType::Country, "New Zealand") => Some("NZL"),
            (EntityType::Country, "United States") => Some("USA"),
            (EntityType::Country, "South Korea") => Some("KOR"),
            (EntityType::Country, "China") => Some("CHN"),
            _ => None,
        };
        self.doc.entities.as_mut().unwrap().push(Entity {
            name: name.into(),
            etype,
            kind: None,
            code: code.map(str::to_string),
            owner: None,
            roles: Vec::new(),
            mentions: Vec::new(),
        });
        for (text, nth) in mentions {
            let form = if text.chars().all(|c| c.is_uppercase()) && text.len() > 1 {
                MentionForm::Abbreviation
            } else {
                MentionForm::Name
            };
            self.mentions
                .push((find(&self.doc.text, text, *nth), ix, form));
        }
        ix
    }

    pub fn role(&mut self, entity: u32, title: &str, of: Option<u32>, evidence: &str) {
        let span = find(&self.doc.text, evidence, 0);
        self.doc.entities.as_mut().unwrap()[entity as usize]
            .roles
            .push(Role {
                title: title.into(),
                of: of.map(EntityIx),
                evidence: span,
            });
    }

    /// An event in sentence `sentence`, triggered by `trigger`, dated by `date` (text, day).
    pub fn event(
        &mut self,
        etype: &str,
        score: f32,
        actors: &[u32],
        recipients: &[u32],
        trigger: &str,
        date: Option<(&str, (i16, i8, i8))>,
    ) {
        let trigger = find(&self.doc.text, trigger, 0);
        let sentence = self.doc.sentence_at(trigger.start).unwrap();
        let span = self.doc.sentences()[sentence].span;
        let date = date.map(|(text, (y, m, d))| EventDate {
            value: Some(jiff::civil::date(y, m, d)),
            end: None,
            precision: DatePrecision::Day,
            text: text.into(),
            span: find(&self.doc.text, text, 0),
        });
        self.doc.events.as_mut().unwrap().push(Event {
            event_type: etype.into(),
            mode: None,
            cameo: "04".into(),
            score,
            actors: actors.iter().map(|a| EntityIx(*a)).collect(),
            recipients: recipients.iter().map(|a| EntityIx(*a)).collect(),
            span,
            trigger,
            modality: Modality::Asserted,
            negated: false,
            date,
        });
    }

    pub fn quote(&mut self, speaker: u32, words: &str) {
        let span = find(&self.doc.text, words, 0);
        self.doc.quotes.as_mut().unwrap().push(Quote {
            span,
            speaker: Some(EntityIx(speaker)),
            speaker_mention: None,
            cue: None,
            direct: true,
            parts: vec![span],
        });
    }

    pub fn build(mut self) -> Document {
        self.mentions.sort_by_key(|(s, ..)| (s.start, s.end));
        let mut mentions = Vec::new();
        for (i, (span, entity, form)) in self.mentions.into_iter().enumerate() {
            mentions.push(Mention {
                span,
                entity: EntityIx(entity),
                form,
            });
            self.doc.entities.as_mut().unwrap()[entity as usize]
                .mentions
                .push(MentionIx(i as u32));
        }
        self.doc.mentions = Some(mentions);
        self.doc
    }
}

pub fn config() -> GraphConfig {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let given = std::fs::read_to_string(data.join("graph/given_names.tsv")).unwrap();
    GraphConfig::from_texts(&given, "", Path::new("aliases.tsv")).unwrap()
}

/// Outlet A: the deputy prime minister meets Zelenskyy and pledges 30 vehicles.
pub fn outlet_a() -> Document {
    let text = "Australian Deputy Prime Minister Richard Marles met Ukrainian President Volodymyr Zelenskyy in Kyiv on Monday.\n\
                Australia will send 30 armoured vehicles, Marles said after the talks with the Ukrainian leader.\n\
                “We stand with Ukraine for as long as it takes,” Marles said.";
    let mut b = Builder::new(text, "Harbour Times", (2025, 3, 11), "a.txt");
    let marles = b.entity(
        "Richard Marles",
        EntityType::Person,
        &[("Richard Marles", 0), ("Marles", 1), ("Marles", 2)],
    );
    let zel = b.entity(
        "Volodymyr Zelenskyy",
        EntityType::Person,
        &[("Volodymyr Zelenskyy", 0)],
    );
    let aus = b.entity("Australia", EntityType::Country, &[("Australia", 0)]);
    let ukr = b.entity(
        "Ukraine",
        EntityType::Country,
        &[("Ukrainian", 0), ("Ukraine", 0)],
    );
    b.role(
        marles,
        "Deputy Prime Minister",
        Some(aus),
        "Australian Deputy Prime Minister Richard Marles",
    );
    b.role(
        zel,
        "President",
        Some(ukr),
        "Ukrainian President Volodymyr Zelenskyy",
    );
    b.event(
        "CONSULT",
        1.0,
        &[marles, aus],
        &[zel, ukr],
        "met",
        Some(("on Monday", (2025, 3, 10))),
    );
    b.event("AID", 7.0, &[aus], &[ukr], "will send", None);
    b.quote(marles, "We stand with Ukraine for as long as it takes,");
    b.build()
}

/// Outlet B: the same meeting, with another first name and another number.
pub fn outlet_b() -> Document {
    let text = "Defence Minister Robert Marles of Australia held talks with President Volodymyr Zelenskiy of Ukraine on Monday.\n\
                Australia will send 40 armoured vehicles to Ukraine, the minister said.";
    let mut b = Builder::new(text, "Daily Ledger", (2025, 3, 11), "b.txt");
    let marles = b.entity("Robert Marles", EntityType::Person, &[("Robert Marles", 0)]);
    let aus = b.entity(
        "Australia",
        EntityType::Country,
        &[("Australia", 0), ("Australia", 1)],
    );
    let zel = b.entity(
        "Volodymyr Zelenskiy",
        EntityType::Person,
        &[("Volodymyr Zelenskiy", 0)],
    );
    let ukr = b.entity(
        "Ukraine",
        EntityType::Country,
        &[("Ukraine", 0), ("Ukraine", 1)],
    );
    b.role(
        marles,
        "Defence Minister",
        Some(aus),
        "Defence Minister Robert Marles of Australia",
    );
    b.role(
        zel,
        "President",
        Some(ukr),
        "President Volodymyr Zelenskiy of Ukraine",
    );
    b.event(
        "CONSULT",
        1.0,
        &[aus, marles],
        &[ukr, zel],
        "held talks",
        Some(("on Monday", (2025, 3, 10))),
    );
    b.event("AID", 7.0, &[aus], &[ukr], "will send", None);
    b.build()
}

/// Outlet C republishes outlet A's story with one word changed.
pub fn outlet_c() -> Document {
    let a = outlet_a();
    let text = a.text.replace("the talks", "the meeting");
    let mut b = Builder::new(&text, "Wire Mirror", (2025, 3, 11), "c.txt");
    let marles = b.entity(
        "Richard Marles",
        EntityType::Person,
        &[("Richard Marles", 0)],
    );
    let zel = b.entity(
        "Volodymyr Zelenskyy",
        EntityType::Person,
        &[("Volodymyr Zelenskyy", 0)],
    );
    let aus = b.entity("Australia", EntityType::Country, &[("Australia", 0)]);
    let ukr = b.entity("Ukraine", EntityType::Country, &[("Ukrainian", 0)]);
    b.role(
        marles,
        "Deputy Prime Minister",
        Some(aus),
        "Australian Deputy Prime Minister Richard Marles",
    );
    b.event(
        "CONSULT",
        1.0,
        &[marles, aus],
        &[zel, ukr],
        "met",
        Some(("on Monday", (2025, 3, 10))),
    );
    b.build()
}

/// Namesakes and name variants: two Clarkes of two countries, short given names, Korean
/// romanisation, NATO by acronym.
pub fn outlet_d() -> Document {
    let text = "New Zealand Prime Minister Chris Hipkins and South Korean President Yoon Suk-yeol met NATO leaders.\n\
                Prime Minister Sarah Clarke of New Zealand and Senator Tom Clarke of the United States also spoke.";
    let mut b = Builder::new(text, "Daily Ledger", (2025, 3, 12), "d.txt");
    let nzl = b.entity(
        "New Zealand",
        EntityType::Country,
        &[("New Zealand", 0), ("New Zealand", 1)],
    );
    let kor = b.entity("South Korea", EntityType::Country, &[("South Korean", 0)]);
    let usa = b.entity(
        "United States",
        EntityType::Country,
        &[("United States", 0)],
    );
    let hip = b.entity("Chris Hipkins", EntityType::Person, &[("Chris Hipkins", 0)]);
    let yoon = b.entity("Yoon Suk-yeol", EntityType::Person, &[("Yoon Suk-yeol", 0)]);
    b.entity("NATO", EntityType::Organization, &[("NATO", 0)]);
    let sarah = b.entity("Sarah Clarke", EntityType::Person, &[("Sarah Clarke", 0)]);
    let tom = b.entity("Tom Clarke", EntityType::Person, &[("Tom Clarke", 0)]);
    b.role(
        hip,
        "Prime Minister",
        Some(nzl),
        "New Zealand Prime Minister Chris Hipkins",
    );
    b.role(
        yoon,
        "President",
        Some(kor),
        "South Korean President Yoon Suk-yeol",
    );
    b.role(
        sarah,
        "Prime Minister",
        Some(nzl),
        "Prime Minister Sarah Clarke of New Zealand",
    );
    b.role(
        tom,
        "Senator",
        Some(usa),
        "Senator Tom Clarke of the United States",
    );
    b.build()
}

/// The other spellings of outlet D's names, and bare surnames.
pub fn outlet_e() -> Document {
    let text = "Christopher Hipkins and Yoon Suk Yeol spoke at the North Atlantic Treaty Organization summit.\n\
                Clarke, speaking for New Zealand, welcomed the statement. Ukraine’s Zelensky thanked them.";
    let mut b = Builder::new(text, "Harbour Times", (2025, 3, 13), "e.txt");
    b.entity(
        "Christopher Hipkins",
        EntityType::Person,
        &[("Christopher Hipkins", 0)],
    );
    b.entity("Yoon Suk Yeol", EntityType::Person, &[("Yoon Suk Yeol", 0)]);
    b.entity(
        "North Atlantic Treaty Organization",
        EntityType::Organization,
        &[("North Atlantic Treaty Organization", 0)],
    );
    b.entity("Clarke", EntityType::Person, &[("Clarke", 0)]);
    b.entity("New Zealand", EntityType::Country, &[("New Zealand", 0)]);
    b.entity("Zelensky", EntityType::Person, &[("Zelensky", 0)]);
    b.entity("Ukraine", EntityType::Country, &[("Ukraine", 0)]);
    b.build()
}

fn store_all(docs: &[Document]) -> Store {
    let mut store = crate::common::new_store();
    for d in docs {
        store.store(d).unwrap();
    }
    store.resolve(&config()).unwrap();
    store
}

fn person_names(store: &Store) -> Vec<(String, Vec<String>)> {
    store
        .entities(Some("PERSON"), None)
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.aliases))
        .collect()
}

fn gid_of(store: &Store, name: &str) -> i64 {
    let found = store.find_entities(name, &config()).unwrap();
    assert!(!found.is_empty(), "{name} not found");
    found[0]
}

#[test]
fn graph_resolution_merges_name_variants() {
    let store = store_all(&[outlet_a(), outlet_b(), outlet_d(), outlet_e()]);
    let people = person_names(&store);
    let names: Vec<&str> = people.iter().map(|(n, _)| n.as_str()).collect();
    let count = |needle: &str| names.iter().filter(|n| n.contains(needle)).count();
    assert_eq!(count("Zelensk"), 1, "{people:?}");
    assert_eq!(count("Yoon"), 1, "{people:?}");
    assert_eq!(count("Hipkins"), 1, "{people:?}");
    assert_eq!(count("Marles"), 1, "{people:?}");
    let zel = store.entity_row(gid_of(&store, "Zelensky")).unwrap();
    assert!(zel.aliases.contains(&"Zelensky".to_string()), "{zel:?}");
    assert_eq!(zel.outlets, 2);
    // Countries by code, NATO by acronym.
    let orgs = store.entities(Some("ORGANIZATION"), None).unwrap();
    assert_eq!(orgs.len(), 1, "{orgs:?}");
    assert!(orgs[0].aliases.contains(&"NATO".to_string()), "{orgs:?}");
    let aus = store.entities(Some("COUNTRY"), Some("australia")).unwrap();
    assert_eq!((aus.len(), aus[0].outlets), (1, 2));
}

#[test]
fn graph_resolution_keeps_namesakes_apart() {
    let store = store_all(&[outlet_d(), outlet_e()]);
    let people = person_names(&store);
    let clarkes: Vec<&(String, Vec<String>)> = people
        .iter()
        .filter(|(n, _)| n.contains("Clarke"))
        .collect();
    assert_eq!(clarkes.len(), 2, "{people:?}");
    // The bare `Clarke` in an article about New Zealand is the New Zealander.
    let sarah = clarkes.iter().find(|(n, _)| n == "Sarah Clarke").unwrap();
    assert!(sarah.1.contains(&"Clarke".to_string()), "{people:?}");
    // With both countries in the article, a bare surname stays on its own.
    let text = "Clarke spoke in New Zealand and in the United States.";
    let mut b = Builder::new(text, "Third Post", (2025, 3, 14), "f.txt");
    b.entity("Clarke", EntityType::Person, &[("Clarke", 0)]);
    b.entity("New Zealand", EntityType::Country, &[("New Zealand", 0)]);
    b.entity(
        "United States",
        EntityType::Country,
        &[("United States", 0)],
    );
    let mut store = store;
    store.store(&b.build()).unwrap();
    store.resolve(&config()).unwrap();
    let people = person_names(&store);
    assert_eq!(
        people.iter().filter(|(n, _)| n.contains("Clarke")).count(),
        3,
        "{people:?}"
    );
}

#[test]
fn graph_events_merge_across_outlets_and_duplicates_count_once() {
    let store = store_all(&[outlet_a(), outlet_b(), outlet_c()]);
    let stats = store.stats().unwrap();
    assert_eq!(stats.graph.near_duplicates, 1, "{stats:?}");
    let marles = gid_of(&store, "Marles");
    let events = store
        .events(&EventFilter {
            actor: Some(marles),
            etype: Some("consult".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.mentions, 3);
    assert_eq!(e.sources, 2, "the mirror of outlet A counts once");
    assert_eq!(e.date.as_deref(), Some("2025-03-10"));
    assert_eq!(e.evidence.len(), 3);
    let a = outlet_a();
    let first = &e.evidence[0];
    assert_eq!(first.doc, a.id);
    assert!(a.text[first.start as usize..first.end as usize].contains("met Ukrainian"));
    // The undated aid pledges of A and B (published the same day) are one event too.
    let aid = store
        .events(&EventFilter {
            etype: Some("AID".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!((aid.len(), aid[0].sources), (1, 2), "{aid:?}");
}

#[test]
fn graph_conflicts_name_both_versions_with_sources() {
    let store = store_all(&[outlet_a(), outlet_b()]);
    let conflicts = store.conflicts().unwrap();
    let (a, b) = (outlet_a(), outlet_b());
    let text_of = |v: &newsgraph_store::query::Version| {
        let doc = if v.evidence.doc == a.id { &a } else { &b };
        doc.text[v.evidence.start as usize..v.evidence.end as usize].to_string()
    };
    let given = conflicts
        .iter()
        .find(|c| c.kind == "given_name")
        .expect("given name");
    let mut versions = [given.a.value.clone(), given.b.value.clone()];
    versions.sort();
    assert_eq!(versions, ["Richard Marles", "Robert Marles"]);
    assert_eq!(text_of(&given.a), given.a.value);
    assert_eq!(text_of(&given.b), given.b.value);
    assert_eq!(given.a.outlet.as_deref(), Some("Harbour Times"));
    let number = conflicts
        .iter()
        .find(|c| c.kind == "number")
        .expect("number");
    assert_eq!(
        (number.a.value.as_str(), number.b.value.as_str()),
        ("30 armoured", "40 armoured")
    );
    assert_eq!(text_of(&number.b), "40 armoured");
    let title = conflicts.iter().find(|c| c.kind == "title").expect("title");
    assert_eq!(
        (title.a.value.as_str(), title.b.value.as_str()),
        ("Deputy Prime Minister", "Defence Minister")
    );
    assert_eq!(
        store
            .stats()
            .unwrap()
            .graph
            .conflicts_by_kind
            .values()
            .sum::<u64>(),
        conflicts.len() as u64
    );
}

#[test]
fn graph_resolution_is_incremental_and_stable() {
    let docs = [outlet_a(), outlet_b(), outlet_d(), outlet_e()];
    let all_at_once = store_all(&docs);
    let mut one_by_one = crate::common::new_store();
    for d in &docs {
        one_by_one.store(d).unwrap();
        one_by_one.resolve(&config()).unwrap();
    }
    let ids = |s: &Store| {
        let mut v: Vec<(String, String)> = s
            .entities(None, None)
            .unwrap()
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(&all_at_once), ids(&one_by_one));
    // Nothing new: nothing to do.
    let again = one_by_one.resolve(&config()).unwrap();
    assert_eq!((again.documents, again.rebuilt), (0, false));
}

#[test]
fn graph_aliases_force_and_forbid_merges_and_rebuild() {
    let docs = [outlet_a(), outlet_b(), outlet_d(), outlet_e()];
    let mut store = store_all(&docs);
    let base = config();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let given = std::fs::read_to_string(data.join("graph/given_names.tsv")).unwrap();
    let aliases = "different\tRobert Marles\tRichard Marles\nsame\tSarah Clarke\tTom Clarke\n";
    let cfg = GraphConfig::from_texts(&given, aliases, Path::new("mine.tsv")).unwrap();
    assert_ne!(cfg.fingerprint, base.fingerprint);
    let report = store.resolve(&cfg).unwrap();
    assert!(report.rebuilt && report.documents == 4, "{report:?}");
    let people = person_names(&store);
    assert_eq!(
        people.iter().filter(|(n, _)| n.contains("Marles")).count(),
        2,
        "{people:?}"
    );
    assert_eq!(
        people.iter().filter(|(n, _)| n.contains("Clarke")).count(),
        1,
        "{people:?}"
    );
    assert!(store
        .conflicts()
        .unwrap()
        .iter()
        .all(|c| c.kind != "given_name"));
}

#[test]
fn graph_queries_profile_between_and_quotes() {
    let store = store_all(&[outlet_a(), outlet_b(), outlet_c()]);
    let marles = gid_of(&store, "Richard Marles");
    assert_eq!(gid_of(&store, &format!("g{marles}")), marles);
    let p = store.profile(marles).unwrap();
    assert_eq!(p.roles.len(), 3, "{:?}", p.roles);
    assert!(p.names.iter().any(|n| n.name == "Robert Marles"));
    assert_eq!(p.as_actor.len(), 1);
    assert_eq!(p.quotes.len(), 1);
    assert!(!p.timeline.is_empty());
    let ukraine = gid_of(&store, "Ukraine");
    let about = store.quotes(None, Some(ukraine)).unwrap();
    assert_eq!(about.len(), 1);
    assert!(about[0].text.starts_with("We stand with Ukraine"));
    let australia = gid_of(&store, "Australia");
    let between = store.between(australia, ukraine).unwrap();
    assert_eq!(between.balance.cooperation, 2, "{between:?}");
    assert_eq!(between.balance.conflict, 0);
    let dates: Vec<_> = between.items.iter().map(|i| i.date.clone()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| (d.is_none(), d.clone()));
    assert_eq!(dates, sorted);
    let json = serde_json::to_value(store.entities(None, None).unwrap()).unwrap();
    for e in json.as_array().unwrap() {
        for k in ["id", "name", "type", "aliases", "mentions", "outlets"] {
            assert!(e.get(k).is_some(), "{k} missing in {e}");
        }
    }
}

/// Fifteen short wire items naming thirty made-up companies and towns, each a different
/// number of times, so that counts tie and the listing spans several pages.
fn many_entities() -> Vec<Document> {
    (0..15)
        .map(|d| {
            let chosen: Vec<usize> = (0..30).filter(|i| (i + d) % 3 != 0).collect();
            let name = |i: usize| {
                if i.is_multiple_of(4) {
                    format!("Velmar{i:02}")
                } else {
                    format!("Tarvo{i:02} Works")
                }
            };
            let mut text = String::new();
            for &i in &chosen {
                for _ in 0..1 + (i + d) % 3 {
                    text.push_str(&format!("{} reported gains.\n", name(i)));
                }
                if !i.is_multiple_of(4) && i.is_multiple_of(3) {
                    text.push_str(&format!("Tarvo{i:02} said so.\n"));
                }
            }
            let outlet = ["Wire A", "Wire B", "Wire C"][d % 3];
            let mut b = Builder::new(&text, outlet, (2024, 3, 1 + d as i8), &format!("w{d}.txt"));
            for &i in &chosen {
                let repeats = 1 + (i + d) % 3;
                let mut mentions: Vec<(String, usize)> =
                    (0..repeats).map(|k| (name(i), k)).collect();
                if !i.is_multiple_of(4) && i.is_multiple_of(3) {
                    mentions.push((format!("Tarvo{i:02}"), repeats));
                }
                let refs: Vec<(&str, usize)> =
                    mentions.iter().map(|(t, k)| (t.as_str(), *k)).collect();
                let etype = if i.is_multiple_of(4) {
                    EntityType::Location
                } else {
                    EntityType::Organization
                };
                b.entity(&name(i), etype, &refs);
            }
            b.build()
        })
        .collect()
}

#[test]
fn entities_page_equals_slice_of_full_listing() {
    let docs = many_entities();
    let mut store = crate::common::new_store();
    // Two resolves: the second adds mentions to entities the first counted.
    for batch in docs.chunks(8) {
        for d in batch {
            store.store(d).unwrap();
        }
        store.resolve(&config()).unwrap();
    }
    let all = store.entities(None, None).unwrap();
    assert!(all.len() >= 30, "{}", all.len());
    // Counts kept on the rows equal counting the layers.
    for e in &all {
        let gid: i64 = e.id[1..].parse().unwrap();
        let (mentions, outlets): (i64, i64) = store
            .connection()
            .query_row(
                "SELECT (SELECT count(*) FROM entity_links l JOIN mentions m
                         ON m.doc = l.doc AND m.entity_ix = l.entity_ix WHERE l.gid = ?1),
                        (SELECT count(DISTINCT coalesce(d.outlet_id, -d.seq)) FROM entity_links l
                         JOIN documents d ON d.seq = l.doc WHERE l.gid = ?1)",
                [gid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (e.mentions, e.outlets),
            (mentions as u64, outlets as u64),
            "{e:?}"
        );
    }
    // Most mentioned first, then by name, then by id; ties exist.
    let key = |e: &newsgraph_store::query::EntityRow| {
        (
            std::cmp::Reverse(e.mentions),
            e.name.clone(),
            e.id[1..].parse::<i64>().unwrap(),
        )
    };
    assert!(all.windows(2).all(|w| key(&w[0]) < key(&w[1])), "{all:?}");
    assert!(all.windows(2).any(|w| w[0].mentions == w[1].mentions));
    assert!(
        all.iter().any(|e| e.aliases == vec!["Tarvo03".to_string()]),
        "{all:?}"
    );
    for (etype, query) in [
        (None, None),
        (Some("ORGANIZATION"), None),
        (Some("location"), None),
        (None, Some("tarvo0")),
        (Some("ORGANIZATION"), Some("TARVO1")),
    ] {
        let full = store.entities(etype, query).unwrap();
        assert!(!full.is_empty(), "{etype:?} {query:?}");
        let per_page = 7;
        let mut joined = Vec::new();
        for page in 0..=full.len() / per_page + 1 {
            let offset = page * per_page;
            let got = store
                .entities_page(etype, query, offset as u64, Some(per_page as u64))
                .unwrap();
            assert_eq!(got.total, full.len() as u64, "{etype:?} {query:?}");
            let want = &full[offset.min(full.len())..(offset + per_page).min(full.len())];
            assert_eq!(got.rows, want, "{etype:?} {query:?} page {page}");
            joined.extend(got.rows);
        }
        assert_eq!(joined, full, "{etype:?} {query:?}");
        // One entity's row reads the same alone.
        let one = store.entity_row(full[0].id[1..].parse().unwrap()).unwrap();
        assert_eq!(one, full[0]);
    }
}

/// An organisation whose country one report names and another does not.
fn party_report(text: &str, path: &str, owner: Option<&str>, org: &str) -> Document {
    let mut b = Builder::new(text, "Outlet Z", (2024, 7, 8), path);
    let o = b.entity(org, EntityType::Organization, &[(org, 0)]);
    if let Some(country) = owner {
        let c = b.entity(country, EntityType::Country, &[(country, 0)]);
        b.doc.entities.as_mut().unwrap()[o as usize].owner = Some(EntityIx(c));
    }
    b.build()
}

#[test]
fn graph_organisation_without_owner_joins_the_one_owned_namesake() {
    let store = store_all(&[
        party_report(
            "The Labour Party won in Australia.\n",
            "a.txt",
            Some("Australia"),
            "Labour Party",
        ),
        party_report("The Labour Party met.\n", "b.txt", None, "Labour Party"),
        party_report(
            "The Foreign Ministry of China spoke.\n",
            "c.txt",
            Some("China"),
            "Foreign Ministry",
        ),
        party_report(
            "The Foreign Ministry of South Korea spoke.\n",
            "d.txt",
            Some("South Korea"),
            "Foreign Ministry",
        ),
        party_report(
            "The Foreign Ministry spoke.\n",
            "e.txt",
            None,
            "Foreign Ministry",
        ),
    ]);
    let orgs = store.entities(Some("ORGANIZATION"), None).unwrap();
    let count = |name: &str| orgs.iter().filter(|e| e.name == name).count();
    assert_eq!(count("Labour Party"), 1, "{orgs:?}");
    // two owned namesakes: the ownerless one is neither of them
    assert_eq!(count("Foreign Ministry"), 3, "{orgs:?}");
}
