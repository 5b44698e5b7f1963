//! The row types the queries return.

use super::*;

/// Where a fact is stated: a document id and a byte span of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The document id (content hash).
    pub doc: String,
    /// First byte.
    pub start: i64,
    /// One past the last byte.
    pub end: i64,
}

/// A global entity, as a reference inside other facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// `g{n}`.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One line of `newsgraph entities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRow {
    /// `g{n}`.
    pub id: String,
    /// Display name: the fullest, most frequent name.
    pub name: String,
    /// PERSON, COUNTRY, ORGANIZATION or LOCATION.
    #[serde(rename = "type")]
    pub etype: String,
    /// ISO 3166-1 alpha-3 code of a country (or of the country owning a government body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Every other name it is written with.
    pub aliases: Vec<String>,
    /// Mentions in all documents.
    pub mentions: u64,
    /// Distinct outlets mentioning it (a document without outlet counts as its own).
    pub outlets: u64,
}

/// Documents' metadata needed to place a fact: outlet and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The document id.
    pub doc: String,
    /// Its outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// URL, else the path it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A global event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// `ev{n}`.
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub etype: String,
    /// PLOVER mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// CAMEO root code.
    pub cameo: String,
    /// Mean cooperation (+) / conflict (-) score of its mentions.
    pub score: f64,
    /// True for a denied event.
    pub negated: bool,
    /// The day it happened, when known to the day; else the first possible day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// First possible day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_lo: Option<String>,
    /// Last possible day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_hi: Option<String>,
    /// Who acted.
    pub actors: Vec<EntityRef>,
    /// Who it was done to.
    pub recipients: Vec<EntityRef>,
    /// Per-document mentions.
    pub mentions: u64,
    /// Independent sources (outlets; near-duplicate articles count once).
    pub sources: u64,
    /// Each mention's evidence sentence.
    pub evidence: Vec<Evidence>,
    /// The documents of the mentions.
    pub documents: Vec<Source>,
    /// Where it happened: the most precise place its mentions give (a city before a division,
    /// a division before a country, a country before a sea or a region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<PlaceRow>,
    /// The amounts its mentions state (money, counts, percentages), each once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRow>,
    /// Mean tone of its evidence sentences, -1 (hostile) .. +1 (warm); absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tone: Option<f64>,
    /// Kilometres from the place an `--near` query asked about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

/// A place on the map, with the words that name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRow {
    /// The gazetteer's name (`Vilnius`).
    pub name: String,
    /// Latitude, decimal degrees.
    pub lat: f64,
    /// Longitude, decimal degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 of its country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// What the point stands for: city, admin1, country, region or sea.
    pub precision: String,
    /// True when the place is the dateline's rather than the event sentence's.
    pub dateline: bool,
    /// The place's words.
    pub evidence: Evidence,
}

/// An amount stated with an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountRow {
    /// money, count or percent.
    pub kind: String,
    /// The value (a range's lower bound).
    pub value: f64,
    /// A range's upper bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// ISO 4217 code, counted noun or `%`.
    pub unit: String,
    /// `about`, `more than` ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// As written.
    pub text: String,
    /// The same amount in other currencies (a parenthesised conversion).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<AmountRow>,
    /// Its words.
    pub evidence: Evidence,
}

/// Who acted and who was acted on in a global event, and its score: the part of an
/// [`EventRow`] that [`Store::event_actors`] reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventActors {
    /// `ev{n}`.
    pub id: String,
    /// Mean cooperation (+) / conflict (-) score of its mentions.
    pub score: f64,
    /// Who acted, by id.
    pub actors: Vec<EntityRef>,
    /// Who it was done to, by id.
    pub recipients: Vec<EntityRef>,
    /// Mean tone of its evidence sentences (absent when unknown).
    pub tone: Option<f64>,
}

/// A quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteRow {
    /// The speaker, when known.
    pub speaker: Option<EntityRef>,
    /// The quoted words.
    pub text: String,
    /// True for words in quotation marks.
    pub direct: bool,
    /// Its document's publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its document's outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The quoted words' span.
    pub evidence: Evidence,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The value as written.
    pub value: String,
    /// Its outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Where it is stated.
    pub evidence: Evidence,
}

/// A contradiction between outlets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRow {
    /// `c{n}` (renumbered when conflicts are recomputed).
    pub id: String,
    /// given_name, title, date or number.
    pub kind: String,
    /// The person it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityRef>,
    /// The event it concerns (`ev{n}`), with its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// One version.
    pub a: Version,
    /// The other.
    pub b: Version,
}

/// A name an entity is written with, how often, and where first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameRow {
    /// The name as written.
    pub name: String,
    /// Mentions written so.
    pub count: u64,
    /// The first of them.
    pub evidence: Evidence,
}

/// A role held, as one article states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleRow {
    /// The title.
    pub title: String,
    /// What it is held in.
    pub of: Option<EntityRef>,
    /// The article's publication date.
    pub date: Option<String>,
    /// The words stating it.
    pub evidence: Evidence,
}

/// A relation with another entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationRow {
    /// The subject.
    pub subject: EntityRef,
    /// member_of, leader_of, ...
    pub predicate: String,
    /// The object.
    pub object: EntityRef,
    /// Extra detail.
    pub detail: Option<String>,
    /// The article's publication date.
    pub date: Option<String>,
    /// The evidence sentence.
    pub evidence: Evidence,
}

/// One dated item of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineItem {
    /// The date (event date, else the article's).
    pub date: Option<String>,
    /// event, quote, role or relation.
    pub kind: String,
    /// A one-line description.
    pub text: String,
    /// Cooperation/conflict score, for events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Where it is stated (the first mention for an event).
    pub evidence: Vec<Evidence>,
}

/// Everything about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRow,
    /// Every name with its evidence.
    pub names: Vec<NameRow>,
    /// Roles, oldest article first.
    pub roles: Vec<RoleRow>,
    /// What it said.
    pub quotes: Vec<QuoteRow>,
    /// Events it took part in as actor.
    pub as_actor: Vec<EventRow>,
    /// Events done to it.
    pub as_recipient: Vec<EventRow>,
    /// Relations with others.
    pub relations: Vec<RelationRow>,
    /// All of the above in time order.
    pub timeline: Vec<TimelineItem>,
}

/// What links two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Between {
    /// The first actor.
    pub a: EntityRef,
    /// The second actor.
    pub b: EntityRef,
    /// Events, quotes and relations linking them, in time order.
    pub items: Vec<TimelineItem>,
    /// Cooperation against conflict.
    pub balance: Balance,
}

/// The balance of cooperation and conflict over events (each weighted by its sources).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Balance {
    /// Events with a positive score.
    pub cooperation: u64,
    /// Events with a negative score.
    pub conflict: u64,
    /// Events scored zero.
    pub neutral: u64,
    /// Sum of event scores, each times its number of sources.
    pub weighted_score: f64,
    /// Mean tone of the sentences stating their events, -1 (hostile) .. +1 (warm); absent
    /// when no event between them has a tone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tone: Option<f64>,
}

/// Filters of [`Store::events`].
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events where this global entity acts.
    pub actor: Option<i64>,
    /// Only events done to this global entity.
    pub recipient: Option<i64>,
    /// Only this PLOVER type (case-insensitive).
    pub etype: Option<String>,
    /// Only events that may have happened on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only events that may have happened on or before this day.
    pub until: Option<String>,
    /// Only events placed within a distance of a point.
    pub near: Option<Near>,
    /// Only events placed inside a box.
    pub bbox: Option<BBox>,
    /// Only events stating an amount of at least this value ...
    pub min_amount: Option<f64>,
    /// ... in this unit (`USD`, `troops`, `%`) or of this kind (`money`, `count`, `percent`),
    /// case-insensitive; any unit when absent. Conversions count: `--unit USD` finds
    /// `AU$250 million (US$167 million)`.
    pub unit: Option<String>,
}

/// A point and a radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude of the centre.
    pub lat: f64,
    /// Longitude of the centre.
    pub lon: f64,
    /// Radius, kilometres (great-circle).
    pub km: f64,
}

/// A box in degrees; `min_lon > max_lon` is a box across the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// West edge.
    pub min_lon: f64,
    /// South edge.
    pub min_lat: f64,
    /// East edge.
    pub max_lon: f64,
    /// North edge.
    pub max_lat: f64,
}

/// A page of [`Store::entities_page`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityPage {
    /// How many entities match in all.
    pub total: u64,
    /// The entities of the page, in the listing's order.
    pub rows: Vec<EntityRow>,
}

/// Counts of the graph for `newsgraph stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GraphCounts {
    /// Global entities by type.
    pub entities_by_type: BTreeMap<String, u64>,
    /// Global events.
    pub events: u64,
    /// Global events reported by more than one independent source.
    pub corroborated_events: u64,
    /// Near-duplicate document pairs.
    pub near_duplicates: u64,
    /// Conflicts by kind.
    pub conflicts_by_kind: BTreeMap<String, u64>,
}
