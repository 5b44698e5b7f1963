//! Exports of the cross-document graph for other tools, all built from the same queries as the
//! CLI ([`crate::query`]), so an export says exactly what `newsgraph events` and friends say.
//!
//! | format | what | written with |
//! |---|---|---|
//! | `jsonl` | everything: one JSON object a line, `"record"` = document, entity, event, quote, relation, duplicate, conflict | serde_json |
//! | `csv` | a GDELT-style events table, one row per global event, with ActionGeo-style place columns, amounts and tone | csv |
//! | `geojson` | the located events as a GeoJSON FeatureCollection (points; properties: event id, type, date, actors, evidence, sources) | serde_json |
//! | `graphml`, `gexf` | the actor graph: global entities, and an edge actor → recipient weighted by cooperation and conflict | quick-xml |
//! | `turtle`, `jsonld` | RDF in the small vocabulary below | oxttl, oxjsonld |
//!
//! **Actor graph.** Nodes are the entities that take part in an event with a recipient; an
//! edge `a → b` sums the events where `a` acts on `b` (denied events left out): `events` (how
//! many), `weight` (their independent sources), `cooperation` and `conflict` (the positive and
//! negative scores, each times its sources) and `score` (cooperation − conflict).
//!
//! **RDF vocabulary** (`ng:` = `urn:newsgraph:ns#`). Resources: `urn:newsgraph:entity:g12`,
//! `urn:newsgraph:event:ev7`, `urn:newsgraph:doc:<id>`, `urn:newsgraph:quote:<doc>:<start>`,
//! `urn:newsgraph:conflict:c1`. Classes `ng:Person`, `ng:Country`, `ng:Organization`,
//! `ng:Location`, `ng:Event`, `ng:Document`, `ng:Quote`, `ng:Relation`, `ng:Conflict`.
//! Properties: `rdfs:label`, `ng:alias`, `ng:countryCode`, `ng:mentions`, `ng:outlets`;
//! `ng:eventType`, `ng:mode`, `ng:cameo`, `ng:score`, `ng:negated`, `ng:dateFrom`, `ng:dateTo`,
//! `ng:actor`, `ng:recipient`, `ng:sources`; `ng:outlet`, `ng:published`, `ng:url`,
//! `ng:nearDuplicateOf`; `ng:speaker`, `ng:text`, `ng:direct`; `ng:subject`, `ng:predicate`,
//! `ng:object` (and the plain triple `subject ng:<predicate> object`); `ng:kind`, `ng:about`,
//! `ng:valueA`, `ng:valueB`, `ng:evidenceA`, `ng:evidenceB`. Evidence is a blank node
//! `[ ng:document <doc> ; ng:start n ; ng:end n ]` under `ng:evidence`.

use crate::query::{EntityRow, EventRow, Evidence};
use crate::{Result, Store};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, Subject, Term, Triple};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Everything, one JSON object a line.
    Jsonl,
    /// GDELT-style events table.
    Csv,
    /// Located events as a GeoJSON FeatureCollection.
    Geojson,
    /// Actor graph as GraphML.
    Graphml,
    /// Actor graph as GEXF 1.2.
    Gexf,
    /// RDF as Turtle.
    Turtle,
    /// RDF as JSON-LD.
    Jsonld,
}

/// The RDF vocabulary's namespace.
pub const NS: &str = "urn:newsgraph:ns#";

/// The edges of the actor graph by (source id, target id), in id order.
pub type Edges = BTreeMap<(String, String), Edge>;

/// One edge of the actor graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edge {
    /// Events where the source acts on the target.
    pub events: u64,
    /// Their independent sources.
    pub weight: f64,
    /// Positive scores times sources.
    pub cooperation: f64,
    /// Negative scores (as positive numbers) times sources.
    pub conflict: f64,
}

fn io(e: impl std::error::Error + Send + Sync + 'static) -> crate::Error {
    crate::Error::Io(std::io::Error::other(e))
}

impl Store {
    /// Write the graph in `format` to `out`.
    pub fn export(&self, format: ExportFormat, out: &mut dyn Write) -> Result<()> {
        match format {
            ExportFormat::Jsonl => self.export_jsonl(out),
            ExportFormat::Csv => self.export_csv(out),
            ExportFormat::Geojson => self.export_geojson(out),
            ExportFormat::Graphml => self.export_graphml(out),
            ExportFormat::Gexf => self.export_gexf(out),
            ExportFormat::Turtle => self.export_turtle(out),
            ExportFormat::Jsonld => self.export_jsonld(out),
        }
    }

    /// The country code of each global entity: a country's own, an organisation's owner's,
    /// a person's most frequent role country.
    pub fn country_codes(&self) -> Result<HashMap<i64, String>> {
        let mut codes = HashMap::new();
        let mut st = self.conn.prepare(
            "SELECT l.gid, coalesce(o.code, ow.code) AS c, count(*) AS n FROM entity_links l
             JOIN roles r ON r.doc = l.doc AND r.entity_ix = l.entity_ix
             JOIN entities o ON o.doc = r.doc AND o.ix = r.of_ix
             LEFT JOIN entities ow ON ow.doc = o.doc AND ow.ix = o.owner_ix
             WHERE coalesce(o.code, ow.code) IS NOT NULL GROUP BY l.gid, c ORDER BY n DESC, c",
        )?;
        for row in st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (g, c) = row?;
            codes.entry(g).or_insert(c);
        }
        let mut st = self
            .conn
            .prepare("SELECT id, code FROM gentities WHERE code IS NOT NULL")?;
        for row in st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (g, c) = row?;
            codes.insert(g, c);
        }
        Ok(codes)
    }

    /// The actor graph: nodes (entities in an event with a recipient) and weighted edges.
    pub fn actor_graph(&self) -> Result<(Vec<EntityRow>, Edges)> {
        let mut edges = Edges::new();
        for e in self.events(&Default::default())? {
            if e.negated {
                continue;
            }
            let sources = e.sources.max(1) as f64;
            for a in &e.actors {
                for r in &e.recipients {
                    if a.id == r.id {
                        continue;
                    }
                    let edge = edges.entry((a.id.clone(), r.id.clone())).or_default();
                    edge.events += 1;
                    edge.weight += sources;
                    if e.score > 0.0 {
                        edge.cooperation += e.score * sources;
                    } else {
                        edge.conflict -= e.score * sources;
                    }
                }
            }
        }
        let mut ids: Vec<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
        ids.sort_by_key(|id| id[1..].parse::<i64>().unwrap_or(0));
        ids.dedup();
        let nodes = ids
            .into_iter()
            .map(|id| self.entity_row(id[1..].parse().unwrap_or(0)))
            .collect::<Result<Vec<_>>>()?;
        Ok((nodes, edges))
    }

    fn export_jsonl(&self, out: &mut dyn Write) -> Result<()> {
        let mut line = |kind: &str, value: serde_json::Value| -> Result<()> {
            let mut obj = serde_json::Map::new();
            obj.insert("record".into(), kind.into());
            if let serde_json::Value::Object(m) = value {
                obj.extend(m);
            }
            serde_json::to_writer(&mut *out, &obj).map_err(io)?;
            out.write_all(b"\n")?;
            Ok(())
        };
        let mut st = self.conn.prepare(
            "SELECT d.id, o.name, d.published, d.title, d.url, d.path, d.tone FROM documents d
             LEFT JOIN outlets o ON o.id = d.outlet_id ORDER BY d.seq",
        )?;
        let docs: Vec<serde_json::Value> = st
            .query_map((), |r| {
                Ok(serde_json::json!({
                    "id": r.get::<_, String>(0)?, "outlet": r.get::<_, Option<String>>(1)?,
                    "published": r.get::<_, Option<String>>(2)?,
                    "title": r.get::<_, Option<String>>(3)?,
                    "url": r.get::<_, Option<String>>(4)?, "path": r.get::<_, Option<String>>(5)?,
                    "tone": r.get::<_, Option<f64>>(6)?,
                }))
            })?
            .collect::<Result<_>>()?;
        for d in docs {
            line("document", d)?;
        }
        for (a, b, s) in self.duplicate_pairs()? {
            line(
                "duplicate",
                serde_json::json!({"a": a, "b": b, "similarity": s}),
            )?;
        }
        let json = |v: &dyn erased::Ser| v.value();
        for e in self.entities(None, None)? {
            line("entity", json(&e))?;
        }
        for e in self.events(&Default::default())? {
            line("event", json(&e))?;
        }
        for q in self.quotes(None, None)? {
            line("quote", json(&q))?;
        }
        for r in self.all_relations()? {
            line("relation", json(&r))?;
        }
        for c in self.conflicts()? {
            line("conflict", json(&c))?;
        }
        Ok(())
    }

    /// Near-duplicate pairs as (document id, document id, similarity).
    pub fn duplicate_pairs(&self) -> Result<Vec<(String, String, f64)>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, b.id, p.similarity FROM doc_duplicates p
             JOIN documents a ON a.seq = p.doc_a JOIN documents b ON b.seq = p.doc_b
             ORDER BY p.doc_a, p.doc_b",
        )?;
        let rows = st.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_>>()
    }

    /// Every relation between global entities.
    pub fn all_relations(&self) -> Result<Vec<crate::query::RelationRow>> {
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT ls.gid FROM relations r JOIN entity_links ls ON ls.doc = r.doc AND ls.entity_ix = r.subject_ix ORDER BY ls.gid")?;
        let subjects: Vec<i64> = st.query_map((), |r| r.get(0))?.collect::<Result<_>>()?;
        let mut out = Vec::new();
        for s in subjects {
            let id = format!("g{s}");
            out.extend(
                self.relations_of(s, None)?
                    .into_iter()
                    .filter(|r| r.subject.id == id),
            );
        }
        Ok(out)
    }

    fn export_csv(&self, out: &mut dyn Write) -> Result<()> {
        let codes = self.country_codes()?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "event_id",
            "date",
            "date_from",
            "date_to",
            "actor_names",
            "actor_ids",
            "actor_country_codes",
            "recipient_names",
            "recipient_ids",
            "recipient_country_codes",
            "plover_type",
            "plover_mode",
            "cameo_root",
            "score",
            "negated",
            "num_mentions",
            "num_sources",
            "source_urls",
            "action_geo_name",
            "action_geo_country",
            "action_geo_lat",
            "action_geo_lon",
            "action_geo_precision",
            "amounts",
            "tone",
        ])
        .map_err(io)?;
        for e in self.events(&Default::default())? {
            let join = |list: &[crate::query::EntityRef],
                        f: &dyn Fn(&crate::query::EntityRef) -> String| {
                list.iter().map(f).collect::<Vec<_>>().join(";")
            };
            let code = |r: &crate::query::EntityRef| {
                r.id[1..]
                    .parse::<i64>()
                    .ok()
                    .and_then(|g| codes.get(&g).cloned())
                    .unwrap_or_default()
            };
            let date = match (&e.date_lo, &e.date_hi) {
                (Some(a), Some(b)) if a == b => a.clone(),
                _ => String::new(),
            };
            let loc = e.location.as_ref();
            let urls: Vec<String> = e
                .documents
                .iter()
                .filter_map(|d| d.location.clone())
                .collect();
            w.write_record([
                e.id.clone(),
                date,
                e.date_lo.clone().unwrap_or_default(),
                e.date_hi.clone().unwrap_or_default(),
                join(&e.actors, &|r| r.name.clone()),
                join(&e.actors, &|r| r.id.clone()),
                join(&e.actors, &code),
                join(&e.recipients, &|r| r.name.clone()),
                join(&e.recipients, &|r| r.id.clone()),
                join(&e.recipients, &code),
                e.etype.clone(),
                e.mode.clone().unwrap_or_default(),
                e.cameo.clone(),
                format!("{:.2}", e.score),
                e.negated.to_string(),
                e.mentions.to_string(),
                e.sources.to_string(),
                urls.join(" "),
                loc.map(|l| l.name.clone()).unwrap_or_default(),
                loc.and_then(|l| l.country.clone()).unwrap_or_default(),
                loc.map(|l| format!("{:.4}", l.lat)).unwrap_or_default(),
                loc.map(|l| format!("{:.4}", l.lon)).unwrap_or_default(),
                loc.map(|l| l.precision.clone()).unwrap_or_default(),
                crate::geojson::amounts_field(&e.amounts),
                e.tone.map(|t| format!("{t:.3}")).unwrap_or_default(),
            ])
            .map_err(io)?;
        }
        w.flush()?;
        Ok(())
    }

    fn export_graphml(&self, out: &mut dyn Write) -> Result<()> {
        let (nodes, edges) = self.actor_graph()?;
        let codes = self.country_codes()?;
        let mut w = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("graphml")
            .with_attributes([
                ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
                ),
            ])
            .write_inner_content(|w| {
                let keys = [
                    ("label", "node", "string"),
                    ("type", "node", "string"),
                    ("code", "node", "string"),
                    ("mentions", "node", "int"),
                    ("weight", "edge", "double"),
                    ("events", "edge", "int"),
                    ("cooperation", "edge", "double"),
                    ("conflict", "edge", "double"),
                    ("score", "edge", "double"),
                ];
                for (name, domain, ty) in keys {
                    w.create_element("key")
                        .with_attributes([
                            ("id", name),
                            ("for", domain),
                            ("attr.name", name),
                            ("attr.type", ty),
                        ])
                        .write_empty()?;
                }
                w.create_element("graph")
                    .with_attributes([("id", "actors"), ("edgedefault", "directed")])
                    .write_inner_content(|w| {
                        for n in &nodes {
                            let code = node_code(&codes, n);
                            w.create_element("node")
                                .with_attribute(("id", n.id.as_str()))
                                .write_inner_content(|w| {
                                    data(w, "label", &n.name)?;
                                    data(w, "type", &n.etype)?;
                                    if !code.is_empty() {
                                        data(w, "code", &code)?;
                                    }
                                    data(w, "mentions", &n.mentions.to_string())
                                })?;
                        }
                        for (i, ((a, b), e)) in edges.iter().enumerate() {
                            w.create_element("edge")
                                .with_attributes([
                                    ("id", format!("e{i}").as_str()),
                                    ("source", a.as_str()),
                                    ("target", b.as_str()),
                                ])
                                .write_inner_content(|w| {
                                    data(w, "weight", &num(e.weight))?;
                                    data(w, "events", &e.events.to_string())?;
                                    data(w, "cooperation", &num(e.cooperation))?;
                                    data(w, "conflict", &num(e.conflict))?;
                                    data(w, "score", &num(e.cooperation - e.conflict))
                                })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        w.get_mut().write_all(b"\n")?;
        Ok(())
    }

    fn export_gexf(&self, out: &mut dyn Write) -> Result<()> {
        let (nodes, edges) = self.actor_graph()?;
        let codes = self.country_codes()?;
        let mut w = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("gexf")
            .with_attributes([
                ("xmlns", "http://www.gexf.net/1.2draft"),
                ("version", "1.2"),
            ])
            .write_inner_content(|w| {
                w.create_element("meta").write_inner_content(|w| {
                    w.create_element("creator")
                        .write_text_content(BytesText::new("newsgraph"))?;
                    w.create_element("description")
                        .write_text_content(BytesText::new(
                            "Actors and the events between them: edge weight = independent sources",
                        ))?;
                    Ok(())
                })?;
                w.create_element("graph")
                    .with_attributes([("mode", "static"), ("defaultedgetype", "directed")])
                    .write_inner_content(|w| {
                        attributes(
                            w,
                            "node",
                            &[
                                ("0", "type", "string"),
                                ("1", "code", "string"),
                                ("2", "mentions", "integer"),
                            ],
                        )?;
                        attributes(
                            w,
                            "edge",
                            &[
                                ("0", "events", "integer"),
                                ("1", "cooperation", "double"),
                                ("2", "conflict", "double"),
                                ("3", "score", "double"),
                            ],
                        )?;
                        w.create_element("nodes").write_inner_content(|w| {
                            for n in &nodes {
                                let code = node_code(&codes, n);
                                w.create_element("node")
                                    .with_attributes([
                                        ("id", n.id.as_str()),
                                        ("label", n.name.as_str()),
                                    ])
                                    .write_inner_content(|w| {
                                        attvalues(
                                            w,
                                            &[
                                                ("0", n.etype.clone()),
                                                ("1", code),
                                                ("2", n.mentions.to_string()),
                                            ],
                                        )
                                    })?;
                            }
                            Ok(())
                        })?;
                        w.create_element("edges").write_inner_content(|w| {
                            for (i, ((a, b), e)) in edges.iter().enumerate() {
                                w.create_element("edge")
                                    .with_attributes([
                                        ("id", i.to_string().as_str()),
                                        ("source", a.as_str()),
                                        ("target", b.as_str()),
                                        ("weight", num(e.weight).as_str()),
                                    ])
                                    .write_inner_content(|w| {
                                        attvalues(
                                            w,
                                            &[
                                                ("0", e.events.to_string()),
                                                ("1", num(e.cooperation)),
                                                ("2", num(e.conflict)),
                                                ("3", num(e.cooperation - e.conflict)),
                                            ],
                                        )
                                    })?;
                            }
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        w.get_mut().write_all(b"\n")?;
        Ok(())
    }

    /// The graph as RDF triples (see the module documentation for the vocabulary).
    pub fn triples(&self) -> Result<Vec<Triple>> {
        let mut t = Triples::default();
        let mut st = self.conn.prepare(
            "SELECT d.id, o.name, d.published, d.url, d.path FROM documents d
             LEFT JOIN outlets o ON o.id = d.outlet_id ORDER BY d.seq",
        )?;
        type Doc = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let docs: Vec<Doc> = st
            .query_map((), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<_>>()?;
        for (id, outlet, published, url, path) in docs {
            let d = res(&format!("doc:{id}"));
            t.add(&d, rdf::TYPE, ng("Document"));
            if let Some(o) = outlet {
                t.add(&d, ng("outlet"), lit(&o));
            }
            if let Some(p) = published {
                t.add(&d, ng("published"), typed(&p, xsd::DATE.into()));
            }
            if let Some(u) = url {
                t.add(&d, ng("url"), lit(&u));
            }
            if let Some(p) = path {
                t.add(&d, ng("path"), lit(&p));
            }
        }
        for (a, b, _) in self.duplicate_pairs()? {
            t.add(
                &res(&format!("doc:{b}")),
                ng("nearDuplicateOf"),
                res(&format!("doc:{a}")),
            );
        }
        let codes = self.country_codes()?;
        for e in self.entities(None, None)? {
            let s = res(&format!("entity:{}", e.id));
            let class = match e.etype.as_str() {
                "PERSON" => "Person",
                "COUNTRY" => "Country",
                "ORGANIZATION" => "Organization",
                _ => "Location",
            };
            t.add(&s, rdf::TYPE, ng(class));
            t.add(&s, rdfs::LABEL, lit(&e.name));
            for a in &e.aliases {
                t.add(&s, ng("alias"), lit(a));
            }
            let code = node_code(&codes, &e);
            if !code.is_empty() {
                t.add(&s, ng("countryCode"), lit(&code));
            }
            t.add(&s, ng("mentions"), int(e.mentions));
            t.add(&s, ng("outlets"), int(e.outlets));
        }
        for e in self.events(&Default::default())? {
            let s = res(&format!("event:{}", e.id));
            add_event(&mut t, &s, &e);
        }
        for q in self.quotes(None, None)? {
            let s = res(&format!("quote:{}:{}", q.evidence.doc, q.evidence.start));
            t.add(&s, rdf::TYPE, ng("Quote"));
            if let Some(sp) = &q.speaker {
                t.add(&s, ng("speaker"), res(&format!("entity:{}", sp.id)));
            }
            t.add(&s, ng("text"), lit(&q.text));
            t.add(
                &s,
                ng("direct"),
                typed(&q.direct.to_string(), xsd::BOOLEAN.into()),
            );
            t.evidence(&s, "evidence", &q.evidence);
        }
        for (i, r) in self.all_relations()?.iter().enumerate() {
            let subject = res(&format!("entity:{}", r.subject.id));
            let object = res(&format!("entity:{}", r.object.id));
            if let Ok(p) = NamedNode::new(format!("{NS}{}", r.predicate)) {
                t.add(&subject, p, object.clone());
            }
            let s = res(&format!("relation:{i}"));
            t.add(&s, rdf::TYPE, ng("Relation"));
            t.add(&s, ng("subject"), subject);
            t.add(&s, ng("predicate"), lit(&r.predicate));
            t.add(&s, ng("object"), object);
            t.evidence(&s, "evidence", &r.evidence);
        }
        for c in self.conflicts()? {
            let s = res(&format!("conflict:{}", c.id));
            t.add(&s, rdf::TYPE, ng("Conflict"));
            t.add(&s, ng("kind"), lit(&c.kind));
            if let Some(e) = &c.entity {
                t.add(&s, ng("about"), res(&format!("entity:{}", e.id)));
            }
            if let Some(e) = &c.event {
                t.add(&s, ng("about"), res(&format!("event:{e}")));
            }
            t.add(&s, ng("valueA"), lit(&c.a.value));
            t.add(&s, ng("valueB"), lit(&c.b.value));
            t.evidence(&s, "evidenceA", &c.a.evidence);
            t.evidence(&s, "evidenceB", &c.b.evidence);
        }
        Ok(t.triples)
    }

    fn export_turtle(&self, out: &mut dyn Write) -> Result<()> {
        let mut s = oxttl::TurtleSerializer::new()
            .with_prefix("ng", NS)
            .and_then(|s| s.with_prefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#"))
            .and_then(|s| s.with_prefix("xsd", "http://www.w3.org/2001/XMLSchema#"))
            .map_err(io)?
            .for_writer(out);
        for t in self.triples()? {
            s.serialize_triple(&t)?;
        }
        s.finish()?;
        Ok(())
    }

    fn export_jsonld(&self, out: &mut dyn Write) -> Result<()> {
        let mut s = oxjsonld::JsonLdSerializer::new()
            .with_prefix("ng", NS)
            .and_then(|s| s.with_prefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#"))
            .map_err(io)?
            .for_writer(&mut *out);
        for t in self.triples()? {
            s.serialize_quad(t.as_ref().in_graph(oxrdf::GraphNameRef::DefaultGraph))?;
        }
        s.finish()?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// A number for XML attributes: at most three decimals (scores are `f32` underneath, so more
/// digits would only be noise), no trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn node_code(codes: &HashMap<i64, String>, e: &EntityRow) -> String {
    e.id[1..]
        .parse::<i64>()
        .ok()
        .and_then(|g| codes.get(&g).cloned())
        .or(e.code.clone())
        .unwrap_or_default()
}

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> std::io::Result<()> {
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn attributes<W: Write>(
    w: &mut Writer<W>,
    class: &str,
    list: &[(&str, &str, &str)],
) -> std::io::Result<()> {
    w.create_element("attributes")
        .with_attribute(("class", class))
        .write_inner_content(|w| {
            for (id, title, ty) in list {
                w.create_element("attribute")
                    .with_attributes([("id", *id), ("title", *title), ("type", *ty)])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn attvalues<W: Write>(w: &mut Writer<W>, list: &[(&str, String)]) -> std::io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (id, value) in list {
            w.create_element("attvalue")
                .with_attributes([("for", *id), ("value", value.as_str())])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A resource of the graph: `urn:newsgraph:<local>`.
fn res(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("urn:newsgraph:{}", iri_safe(local)))
}

/// A term of the vocabulary.
fn ng(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NS}{local}"))
}

/// Characters outside `[A-Za-z0-9:._-]` percent-encoded, so ids from any input make valid IRIs.
fn iri_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b':' | b'.' | b'_' | b'-') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn lit(s: &str) -> Term {
    Literal::new_simple_literal(s).into()
}

fn typed(s: &str, datatype: NamedNode) -> Term {
    Literal::new_typed_literal(s, datatype).into()
}

fn int(n: u64) -> Term {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
}

#[derive(Default)]
struct Triples {
    triples: Vec<Triple>,
    blanks: u64,
}

impl Triples {
    fn add(&mut self, s: &NamedNode, p: impl Into<NamedNode>, o: impl Into<Term>) {
        self.triples
            .push(Triple::new(s.clone(), p.into(), o.into()));
    }

    /// `s ng:<prop> [ ng:document <doc> ; ng:start n ; ng:end n ]`.
    fn evidence(&mut self, s: &NamedNode, prop: &str, e: &Evidence) {
        self.blanks += 1;
        let b = BlankNode::new_unchecked(format!("ev{}", self.blanks));
        self.triples
            .push(Triple::new(s.clone(), ng(prop), Term::from(b.clone())));
        let bs = Subject::from(b);
        self.triples.push(Triple::new(
            bs.clone(),
            ng("document"),
            res(&format!("doc:{}", e.doc)),
        ));
        self.triples.push(Triple::new(
            bs.clone(),
            ng("start"),
            int(e.start.max(0) as u64),
        ));
        self.triples
            .push(Triple::new(bs, ng("end"), int(e.end.max(0) as u64)));
    }
}

fn add_event(t: &mut Triples, s: &NamedNode, e: &EventRow) {
    t.add(s, rdf::TYPE, ng("Event"));
    t.add(s, ng("eventType"), lit(&e.etype));
    if let Some(m) = &e.mode {
        t.add(s, ng("mode"), lit(m));
    }
    t.add(s, ng("cameo"), lit(&e.cameo));
    t.add(
        s,
        ng("score"),
        typed(&format!("{:e}", e.score), xsd::DOUBLE.into()),
    );
    t.add(
        s,
        ng("negated"),
        typed(&e.negated.to_string(), xsd::BOOLEAN.into()),
    );
    if let Some(d) = &e.date_lo {
        t.add(s, ng("dateFrom"), typed(d, xsd::DATE.into()));
    }
    if let Some(d) = &e.date_hi {
        t.add(s, ng("dateTo"), typed(d, xsd::DATE.into()));
    }
    for a in &e.actors {
        t.add(s, ng("actor"), res(&format!("entity:{}", a.id)));
    }
    for r in &e.recipients {
        t.add(s, ng("recipient"), res(&format!("entity:{}", r.id)));
    }
    t.add(s, ng("mentions"), int(e.mentions));
    t.add(s, ng("sources"), int(e.sources));
    for ev in &e.evidence {
        t.evidence(s, "evidence", ev);
    }
}

/// Serialising any query row to a JSON value, for the JSON Lines export.
mod erased {
    /// A serialisable row.
    pub trait Ser {
        fn value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}
