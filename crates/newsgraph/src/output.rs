//! The JSON model that `newsgraph extract` prints, one object per document.
//!
//! Why a separate model: the in-memory [`Document`] uses index newtypes and internal layers
//! (tokens, candidates) that are not part of the public contract. This module maps it to stable,
//! documented JSON: entity ids `e1, e2, …` in order of first mention, byte offsets into the text.

use crate::document::{Document, EntityIx, EntityType, GeoPoint, MentionForm, OrgKind, Precision};
use serde::{Deserialize, Serialize};

/// One document's extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocOutput {
    /// Metadata.
    pub doc: DocInfo,
    /// Sentence spans.
    pub sentences: Vec<SpanOut>,
    /// Entities with their mentions and roles.
    pub entities: Vec<EntityOut>,
    /// Quotations.
    pub quotes: Vec<QuoteOut>,
    /// PLOVER-coded events, in text order.
    #[serde(default)]
    pub events: Vec<EventOut>,
    /// Relations between entities, with their evidence.
    #[serde(default)]
    pub relations: Vec<RelationOut>,
}

/// A document's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocInfo {
    /// Hash of the text.
    pub id: String,
    /// Where it was read from.
    pub path: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Place named by the dateline, as written.
    pub dateline: Option<String>,
    /// The article's tone, -1 (hostile) to +1 (warm): the mean of its sentences'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<f32>,
    /// Problems met while reading (e.g. Windows-1252 decoding).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A bare span.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpanOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// An entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    /// `e1`, `e2`, … in order of first mention.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// PERSON, COUNTRY, ORGANIZATION or LOCATION.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Organisation kind.
    pub kind: Option<OrgKind>,
    /// ISO 3166-1 alpha-3 code of a country.
    pub code: Option<String>,
    /// Id of the country a government body or military belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Every mention.
    pub mentions: Vec<MentionOut>,
    /// Roles of a person.
    pub roles: Vec<RoleOut>,
    /// Where a place or country is (absent for other entities and unknown places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoOut>,
}

/// A point on the map and what it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoOut {
    /// Latitude, decimal degrees.
    pub lat: f64,
    /// Longitude, decimal degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 code of the country it lies in.
    pub country: Option<String>,
    /// `city`, `admin1`, `country`, `region` or `sea`: a country's point is its centre, not a city.
    pub precision: Precision,
}

impl From<&GeoPoint> for GeoOut {
    fn from(p: &GeoPoint) -> GeoOut {
        GeoOut {
            lat: p.lat,
            lon: p.lon,
            country: p.country.clone(),
            precision: p.precision,
        }
    }
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationOut {
    /// The place's name in the gazetteer (`Vilnius`).
    pub name: String,
    /// Latitude, decimal degrees.
    pub lat: f64,
    /// Longitude, decimal degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 code of the country it lies in.
    pub country: Option<String>,
    /// `city`, `admin1`, `country`, `region` or `sea`.
    pub precision: Precision,
    /// First byte of the place's words (in the event's sentence, or the dateline).
    pub start: u32,
    /// One past the last byte of the place's words.
    pub end: u32,
    /// True when the place comes from the dateline, not from the event's sentence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dateline: bool,
}

/// A mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The mention's text.
    pub text: String,
    /// How it names the entity.
    pub form: MentionForm,
}

/// A role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleOut {
    /// The title.
    pub title: String,
    /// Entity id of what it is held in.
    pub of: Option<String>,
    /// First byte of the evidence.
    pub start: u32,
    /// One past the last byte of the evidence.
    pub end: u32,
}

/// A quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteOut {
    /// First byte of the quoted words.
    pub start: u32,
    /// One past the last byte of the quoted words.
    pub end: u32,
    /// The quoted words: for a quote interrupted by its attribution or running over
    /// paragraphs, its parts joined by single spaces (the narrator's words left out); `start`
    /// and `end` still span the whole.
    pub text: String,
    /// Entity id of the speaker.
    pub speaker: Option<String>,
    /// An unnamed speaker the text describes (`a British minister said`), when `speaker` is
    /// null: no entity is made for it, since a description names no one across documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_description: Option<SpeakerDescriptionOut>,
    /// True for words in quotation marks.
    pub direct: bool,
    /// The attributing cue (`said`), when found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<SpanOut>,
    /// Tone of the quoted words, -1 (hostile) to +1 (warm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<f32>,
    /// The quoted pieces when the quote is interrupted by its attribution or runs over
    /// paragraphs (absent for a quote in one piece).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<SpanOut>,
}

/// The words that describe an unnamed speaker, and the country they place it in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerDescriptionOut {
    /// The description as written (`a senior Chinese official`).
    pub text: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Entity id of the country the description names (`British`, `a Chinese foreign ministry
    /// official`: the body's country), when it names one.
    pub country: Option<String>,
}

impl SpeakerDescriptionOut {
    /// The description of a quote's unnamed speaker: the quote has no speaker entity but a
    /// speaker span (see [`Quote::speaker_mention`](crate::document::Quote::speaker_mention)).
    fn of_quote(doc: &Document, q: &crate::document::Quote) -> Option<SpeakerDescriptionOut> {
        if q.speaker.is_some() {
            return None;
        }
        let span = q.speaker_mention?;
        let entities = doc.entities();
        let mentions = doc.mentions();
        let k = mentions.partition_point(|m| m.span.start < span.start);
        let country = mentions[k..]
            .iter()
            .take_while(|m| m.span.start < span.end)
            .filter(|m| span.contains(m.span))
            .find_map(|m| {
                let e = entities.get(m.entity.ix())?;
                match e.etype {
                    EntityType::Country => Some(m.entity),
                    EntityType::Organization => e.owner,
                    _ => None,
                }
            });
        Some(SpeakerDescriptionOut {
            text: doc.text_of(span).to_string(),
            start: span.start,
            end: span.end,
            country: country.map(entity_id),
        })
    }
}

/// An event: who did what to whom, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventOut {
    /// `v1`, `v2`, … in text order.
    pub id: String,
    /// PLOVER event type (`ACCUSE`).
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode (`disapprove`), when the text shows it.
    pub mode: Option<String>,
    /// CAMEO root code (`11`).
    pub cameo: String,
    /// Cooperation (+) to conflict (-) score.
    pub score: f32,
    /// Entity ids of the actors.
    pub actors: Vec<String>,
    /// Entity ids of the recipients.
    pub recipients: Vec<String>,
    /// First byte of the evidence sentence.
    pub start: u32,
    /// One past the last byte of the evidence sentence.
    pub end: u32,
    /// The trigger word or phrase.
    pub trigger: SpanOut,
    /// `asserted`, `reported`, `expected`, `hypothetical` or `negated`.
    pub modality: crate::document::Modality,
    /// True when the text denies the event.
    pub negated: bool,
    /// When, resolved against the publication date; null when the sentence gives no time.
    pub date: Option<DateOut>,
    /// Where, when the text or the dateline says; null otherwise.
    #[serde(default)]
    pub location: Option<LocationOut>,
    /// Money, counts and percentages its clause states.
    #[serde(default)]
    pub amounts: Vec<AmountOut>,
    /// Tone of its sentence, -1 (hostile) to +1 (warm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<f32>,
}

/// An amount: money, a count or a percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmountOut {
    /// `money`, `count` or `percent`.
    pub kind: crate::document::AmountKind,
    /// The value in units (`£349m` → 349000000); a range's lower bound.
    pub value: f64,
    /// A range's upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// ISO 4217 code for money, the counted noun for a count (`troops`, `killed`), `%`.
    pub unit: String,
    /// ISO 4217 code, for money.
    pub currency: Option<String>,
    /// `about`, `more than`, `hundreds of` ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// The words.
    pub text: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The same amount in other currencies, from a parenthesised conversion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<AmountOut>,
}

impl AmountOut {
    fn from_amount(doc: &Document, a: &crate::document::Amount) -> AmountOut {
        let money = a.kind == crate::document::AmountKind::Money;
        AmountOut {
            kind: a.kind,
            value: a.value,
            max: a.max,
            unit: a.unit.clone(),
            currency: money.then(|| a.unit.clone()),
            qualifier: a.qualifier.clone(),
            text: doc.text_of(a.span).to_string(),
            start: a.span.start,
            end: a.span.end,
            conversions: doc
                .amounts()
                .iter()
                .filter(|c| {
                    c.conversion_of
                        .is_some_and(|o| std::ptr::eq(&doc.amounts()[o as usize], a))
                })
                .map(|c| AmountOut::from_amount(doc, c))
                .collect(),
        }
    }
}

/// A resolved time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateOut {
    /// `YYYY-MM-DD` (first day of a week, month or year), null without a publication date.
    pub value: Option<String>,
    /// Last day of a range (`since 2019`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// `day`, `week`, `month`, `year` or `range`.
    pub precision: crate::document::DatePrecision,
    /// The expression as written.
    pub text: String,
}

/// A relation between two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationOut {
    /// Entity id of the subject.
    pub subject: String,
    /// `member_of`, `partner_of`, `leader_of`, `spokesperson_of`, `represents`, `supplies`,
    /// `opposes` or `allied_with`.
    pub predicate: String,
    /// Entity id of the object.
    pub object: String,
    /// What is supplied, for `supplies`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// First byte of the evidence.
    pub start: u32,
    /// One past the last byte of the evidence.
    pub end: u32,
}

/// The quoted words of a quote: its parts joined by a space, without the narrator's words.
pub fn quote_text(doc: &Document, q: &crate::document::Quote) -> String {
    if q.parts.len() < 2 {
        return doc.text_of(q.span).to_string();
    }
    let parts: Vec<&str> = q.parts.iter().map(|p| doc.text_of(*p).trim()).collect();
    parts.join(" ")
}

/// Tone to two decimals: the lexicon is not finer than that, and JSON stays readable.
fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The public id of an entity: `e` and its 1-based position.
pub fn entity_id(ix: EntityIx) -> String {
    format!("e{}", ix.0 + 1)
}

impl DocOutput {
    /// The output model of an annotated document.
    pub fn from_document(doc: &Document) -> DocOutput {
        let entities = entity_outs(doc);
        let mut locations: Vec<Option<LocationOut>> = vec![None; doc.events().len()];
        for l in doc.event_locations() {
            if let Some(slot) = locations.get_mut(l.event as usize) {
                *slot = Some(LocationOut {
                    name: l.point.name.clone(),
                    lat: l.point.lat,
                    lon: l.point.lon,
                    country: l.point.country.clone(),
                    precision: l.point.precision,
                    start: l.span.start,
                    end: l.span.end,
                    dateline: l.from_dateline,
                });
            }
        }
        DocOutput {
            doc: DocInfo {
                id: doc.id.clone(),
                path: doc.meta.path.clone(),
                title: doc.meta.title.clone(),
                source: doc.meta.source.clone(),
                url: doc.meta.url.clone(),
                published: doc.meta.published.map(|d| d.to_string()),
                dateline: doc.dateline.as_ref().map(|d| d.place.clone()),
                tone: doc.tone.as_ref().map(|t| round2(t.article)),
                warnings: doc.meta.warnings.clone(),
            },
            sentences: doc
                .sentences()
                .iter()
                .map(|s| SpanOut {
                    start: s.span.start,
                    end: s.span.end,
                })
                .collect(),
            entities,
            quotes: doc
                .quotes()
                .iter()
                .enumerate()
                .map(|(qi, q)| QuoteOut {
                    tone: doc
                        .tone
                        .as_ref()
                        .and_then(|t| t.quotes.get(qi))
                        .map(|v| round2(*v)),
                    start: q.span.start,
                    end: q.span.end,
                    text: quote_text(doc, q),
                    speaker: q.speaker.map(entity_id),
                    speaker_description: SpeakerDescriptionOut::of_quote(doc, q),
                    direct: q.direct,
                    cue: q.cue.map(|c| SpanOut {
                        start: c.start,
                        end: c.end,
                    }),
                    parts: if q.parts.len() > 1 {
                        q.parts
                            .iter()
                            .map(|p| SpanOut {
                                start: p.start,
                                end: p.end,
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
            events: doc
                .events()
                .iter()
                .enumerate()
                .map(|(i, e)| EventOut {
                    id: format!("v{}", i + 1),
                    event_type: e.event_type.clone(),
                    mode: e.mode.clone(),
                    cameo: e.cameo.clone(),
                    score: e.score,
                    actors: e.actors.iter().copied().map(entity_id).collect(),
                    recipients: e.recipients.iter().copied().map(entity_id).collect(),
                    start: e.span.start,
                    end: e.span.end,
                    trigger: SpanOut {
                        start: e.trigger.start,
                        end: e.trigger.end,
                    },
                    modality: e.modality,
                    negated: e.negated,
                    date: e.date.as_ref().map(|d| DateOut {
                        value: d.value.map(|v| v.to_string()),
                        end: d.end.map(|v| v.to_string()),
                        precision: d.precision,
                        text: d.text.clone(),
                    }),
                    location: locations[i].take(),
                    amounts: doc
                        .amounts()
                        .iter()
                        .filter(|a| a.event == Some(i as u32) && a.conversion_of.is_none())
                        .map(|a| AmountOut::from_amount(doc, a))
                        .collect(),
                    tone: doc.tone.as_ref().and_then(|t| {
                        doc.sentence_at(e.trigger.start)
                            .and_then(|s| t.sentences.get(s))
                            .map(|v| round2(*v))
                    }),
                })
                .collect(),
            relations: doc
                .relations()
                .iter()
                .map(|r| RelationOut {
                    subject: entity_id(r.subject),
                    predicate: r.predicate.clone(),
                    object: entity_id(r.object),
                    detail: r.detail.clone(),
                    start: r.span.start,
                    end: r.span.end,
                })
                .collect(),
        }
    }
}

/// The entities of a document in the output model, with their mentions, roles and coordinates.
fn entity_outs(doc: &Document) -> Vec<EntityOut> {
    let mentions = doc.mentions();
    doc.entities()
        .iter()
        .enumerate()
        .map(|(i, e)| EntityOut {
            id: entity_id(EntityIx(i as u32)),
            name: e.name.clone(),
            etype: e.etype,
            kind: e.kind,
            code: e.code.clone(),
            owner: e.owner.map(entity_id),
            mentions: e
                .mentions
                .iter()
                .map(|m| {
                    let m = &mentions[m.ix()];
                    MentionOut {
                        start: m.span.start,
                        end: m.span.end,
                        text: doc.text_of(m.span).to_string(),
                        form: m.form,
                    }
                })
                .collect(),
            roles: e
                .roles
                .iter()
                .map(|r| RoleOut {
                    title: r.title.clone(),
                    of: r.of.map(entity_id),
                    start: r.evidence.start,
                    end: r.evidence.end,
                })
                .collect(),
            geo: doc.place_of(EntityIx(i as u32)).map(GeoOut::from),
        })
        .collect()
}
