//! The one data model every stage reads and writes: a [`Document`] owns its text, and every
//! annotation is a layer of items that point into that text with byte [`Span`]s.
//!
//! Why this shape: like spaCy's `Doc`, the text never changes after input, so an offset taken by
//! any stage stays valid for every later stage and for the store. Items refer to each other by
//! index newtypes (`EntityIx`, `TokenIx`) rather than references, so a document can be cloned,
//! serialised and sent across threads without lifetimes leaking into the API.
//!
//! A layer is `Option<Vec<T>>`: `None` means the stage that provides it has not run, `Some(vec![])`
//! means it ran and found nothing. Stages declare which layers they need ([`LayerKind`]) and the
//! pipeline refuses an order that would read a layer before it exists.

pub use newsgraph_syntax::{Deprel, Upos};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The annotation layers of a [`Document`], for declaring what stages read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// `tokens`.
    Tokens,
    /// `sentences` (and the dateline).
    Sentences,
    /// `words`: part of speech, dependency head and relation of the parsed sentences' tokens.
    Words,
    /// `candidates`.
    Candidates,
    /// `entities` and `mentions`.
    Entities,
    /// `quotes`.
    Quotes,
    /// `events`.
    Events,
    /// `relations`.
    Relations,
    /// `places` (coordinates of place entities) and `event_locations`.
    Places,
    /// `amounts`.
    Amounts,
    /// `tone`.
    Tone,
}

/// A half-open byte range `start..end` into [`Document::text`], always on UTF-8 boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`. Panics in debug builds when `start > end`, which is always a
    /// bug in the stage that built it.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Start as a `usize`, for slicing.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// End as a `usize`, for slicing.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The index as a `usize`, for indexing the layer's `Vec`.
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// Index into [`Document::tokens`].
    TokenIx
);
index_type!(
    /// Index into [`Document::sentences`].
    SentenceIx
);
index_type!(
    /// Index into [`Document::entities`].
    EntityIx
);
index_type!(
    /// Index into [`Document::mentions`].
    MentionIx
);

/// Metadata about a document: where it came from and what it says about itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The path (or `-` for standard input, or `path:line` for JSON Lines) it was read from.
    pub path: Option<String>,
    /// The headline, when the input gives one.
    pub title: Option<String>,
    /// The outlet that published it.
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The publication date, `YYYY-MM-DD`.
    pub published: Option<jiff::civil::Date>,
    /// Non-fatal problems met while reading it, e.g. text decoded as Windows-1252.
    pub warnings: Vec<String>,
}

/// The dateline that opens many wire reports (`SEOUL, South Korea —`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline including its closing dash.
    pub span: Span,
    /// The place it names, e.g. `SEOUL, South Korea`, as written.
    pub place: String,
    /// The span of the place inside the dateline.
    pub place_span: Span,
}

/// What a token is, by shape; later stages need no more than this to tell words from punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or periods (`U.S.`, `Yoon`, `don't`).
    Word,
    /// Digits, possibly with separators (`1,000`, `3.5`, `2024`).
    Number,
    /// A quotation mark, straight or curly, single or double.
    Quote,
    /// Any other punctuation or symbol (`.`, `,`, `—`, `$`).
    Punct,
}

/// A token: the unit that matchers and taggers walk over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where it is in the text.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
    /// True when whitespace follows it in the text.
    pub space_after: bool,
    /// True when a line break lies between this token and the previous one (paragraph start).
    pub line_start: bool,
}

/// A sentence: a span of text and the range of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where it is in the text.
    pub span: Span,
    /// First token of the sentence.
    pub first_token: TokenIx,
    /// One past the last token of the sentence.
    pub end_token: TokenIx,
    /// True when this sentence starts a paragraph (a line of its own in the input).
    pub paragraph_start: bool,
}

impl Sentence {
    /// The token indices of the sentence.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        self.first_token.ix()..self.end_token.ix()
    }
}

/// One token as the dependency parser analysed it (the `syntax` layer). Only the sentences the
/// parser was asked for have words; within such a sentence every token has one, and the heads
/// form one tree per sentence. Tag and relation are one-byte ids (a parsed word allocates
/// nothing); their names are `upos.as_str()` and `deprel.as_str()`, and in JSON they are written
/// as those names. The lemma is computed when asked for
/// ([`SyntaxData::lemma`](crate::stages::syntax::SyntaxData::lemma)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    /// The token this word is.
    pub token: TokenIx,
    /// Universal part of speech (`NOUN`, `VERB`, `PUNCT`).
    #[serde(with = "upos_name")]
    pub upos: Upos,
    /// The head word's token, `None` for the sentence's root.
    pub head: Option<TokenIx>,
    /// The UD relation to the head, with subtype (`nsubj`, `nsubj:pass`, `root`).
    #[serde(with = "deprel_name")]
    pub deprel: Deprel,
}

/// `Word::upos` in JSON: the UD name.
mod upos_name {
    use super::Upos;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(u: &Upos, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(u.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Upos, D::Error> {
        let name = String::deserialize(d)?;
        Upos::parse(&name).ok_or_else(|| D::Error::custom(format!("unknown UPOS tag {name:?}")))
    }
}

/// `Word::deprel` in JSON: the UD name (an unknown subtype reads as its universal relation).
mod deprel_name {
    use super::Deprel;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(r: &Deprel, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(r.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Deprel, D::Error> {
        Ok(Deprel::lookup(&String::deserialize(d)?))
    }
}

/// The four kinds of actor that newsgraph tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Person,
    /// A state: UN members and observers, Taiwan and Kosovo.
    Country,
    /// An alliance, government body, military, company, outlet, university, party or NGO.
    Organization,
    /// A place that is not acting as a government: a city, a region, a sea.
    Location,
}

impl EntityType {
    /// The name used in output, e.g. `PERSON`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Organization => "ORGANIZATION",
            EntityType::Location => "LOCATION",
        }
    }
}

/// What sort of organisation an `ORGANIZATION` entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// Alliance or intergovernmental body (NATO, EU, UN, ASEAN, G7).
    Alliance,
    /// A ministry, agency, department or other arm of a government.
    Government,
    /// Armed forces and their branches.
    Military,
    /// A business.
    Company,
    /// A news outlet, broadcaster or publication.
    Media,
    /// University, institute or think tank.
    Academic,
    /// A political party.
    Party,
    /// A non-governmental organisation or charity.
    Ngo,
    /// Rebels, insurgents, militants, gunmen: armed groups outside a state's forces.
    Rebel,
    /// Opposition politicians, dissidents, activists.
    Opposition,
    /// Civilians named as a group: protesters, students, workers, villagers.
    Civilian,
    /// A sports team or club (`Wigan`, `Rotor Volgograd`): an organisation, though often named
    /// after a place, and no actor in political events.
    Team,
    /// Known to be an organisation, of no kind the rules can tell.
    Other,
}

impl OrgKind {
    /// The kind as written in data files and output (`alliance`, `government`, ...).
    pub fn from_name(s: &str) -> Option<OrgKind> {
        Some(match s {
            "alliance" => OrgKind::Alliance,
            "government" => OrgKind::Government,
            "military" => OrgKind::Military,
            "company" => OrgKind::Company,
            "media" => OrgKind::Media,
            "academic" => OrgKind::Academic,
            "party" => OrgKind::Party,
            "ngo" => OrgKind::Ngo,
            "rebel" => OrgKind::Rebel,
            "opposition" => OrgKind::Opposition,
            "civilian" => OrgKind::Civilian,
            "team" => OrgKind::Team,
            "other" => OrgKind::Other,
            _ => return None,
        })
    }
}

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionForm {
    /// A proper name (`Fumio Kishida`, `Japan`, `Hudson Institute`).
    Name,
    /// An abbreviation or acronym (`U.S.`, `ROK`, `NATO`).
    Abbreviation,
    /// A demonym or adjective (`Japanese`, `Kiwi`).
    Demonym,
    /// A place standing for its government (`Beijing`, `the Kremlin`).
    Metonym,
    /// A common noun phrase that refers back (`the prime minister`, `the alliance`).
    Nominal,
    /// A pronoun (`he`, `she`), listed only where it resolves a quote's speaker.
    Pronoun,
}

/// Where a candidate span came from; used to rank overlapping proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateSource {
    /// A list in `data/`.
    Gazetteer,
    /// A rule over name shape and context.
    Rule,
    /// The statistical tagger.
    Model,
}

/// What a candidate says the span is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "label", rename_all = "snake_case")]
pub enum CandidateLabel {
    /// A country, by ISO alpha-3 code.
    Country {
        /// ISO 3166-1 alpha-3 code.
        code: String,
    },
    /// An organisation; `canonical` is set when a list knows its standard name.
    Organization {
        /// Kind of organisation, when known.
        kind: Option<OrgKind>,
        /// Standard name from a list, e.g. `North Atlantic Treaty Organization` for `NATO`.
        canonical: Option<String>,
        /// ISO alpha-3 code of the country that owns it (a ministry, an army), when known.
        country: Option<String>,
    },
    /// A place; `canonical` is set when a list knows its standard name.
    Location {
        /// Standard name, when known.
        canonical: Option<String>,
        /// ISO alpha-3 code of the country it is in, when known (a capital names its country).
        country: Option<String>,
    },
    /// A person's name.
    Person,
    /// A title or office (`Prime Minister`, `spokesman`), with its canonical form.
    Title {
        /// Canonical form, e.g. `Prime Minister`.
        canonical: String,
    },
}

/// A proposal that a span names something; the entity stage decides between proposals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Where it is in the text.
    pub span: Span,
    /// What it would be.
    pub label: CandidateLabel,
    /// How it names it.
    pub form: MentionForm,
    /// Who proposed it.
    pub source: CandidateSource,
    /// Confidence in 0..=1, for ranking overlapping proposals.
    pub score: f32,
}

/// A role a person holds: a title and what it is held in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The title, normalised to its canonical form (`Prime Minister`, `spokesman`).
    pub title: String,
    /// The country or organisation the role is held in.
    pub of: Option<EntityIx>,
    /// The text that states the role.
    pub evidence: Span,
}

/// An entity: one real-world actor as far as this document tells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The canonical name: the longest or list-given name.
    pub name: String,
    /// What it is.
    pub etype: EntityType,
    /// For organisations, what kind.
    pub kind: Option<OrgKind>,
    /// For countries, the ISO 3166-1 alpha-3 code.
    pub code: Option<String>,
    /// For government bodies and militaries, the country they belong to.
    pub owner: Option<EntityIx>,
    /// The roles a person holds.
    pub roles: Vec<Role>,
    /// Every mention, in text order.
    pub mentions: Vec<MentionIx>,
}

/// One place in the text that refers to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// What it refers to.
    pub entity: EntityIx,
    /// How it refers to it.
    pub form: MentionForm,
}

/// A quotation, direct or reported, with its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words: for a direct quote, inside the quotation marks (marks excluded); for
    /// indirect speech, the reported clause.
    pub span: Span,
    /// The speaker, when the text names one.
    pub speaker: Option<EntityIx>,
    /// The mention of the speaker that attributes this quote (`Zhu said`), for evidence. With
    /// no `speaker`, the words that describe an unnamed one (`a British minister said`).
    pub speaker_mention: Option<Span>,
    /// The attributing verb or phrase (`said`, `told reporters`, `according to`).
    pub cue: Option<Span>,
    /// True for words in quotation marks, false for indirect speech.
    pub direct: bool,
    /// The quoted words piece by piece, without the narrator's words between them: one part
    /// for a plain quote, several for a quote interrupted by its attribution (`“A,” she said.
    /// “B.”`) or running over paragraphs.
    #[serde(default)]
    pub parts: Vec<Span>,
}

/// How sure the text is that an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Stated as fact by the writer (`Russia invaded Ukraine`).
    Asserted,
    /// Attributed to someone (`the U.S. says China is providing ...`).
    Reported,
    /// Expected or planned (`is set to`, `will`, `expected to`).
    Expected,
    /// Hypothetical or conditional (`could`, `if ...`).
    Hypothetical,
    /// Denied (`has not directly fed the war`); kept, never counted as having happened.
    Negated,
}

/// How precise a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// A calendar day.
    Day,
    /// A week (the value is its first day).
    Week,
    /// A month (the value is its first day).
    Month,
    /// A year (the value is its first day).
    Year,
    /// A range from `value` to `end`.
    Range,
}

/// A time expression resolved against the document's publication date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    /// The resolved date (`YYYY-MM-DD`, the first day for weeks, months and years), or `None`
    /// when there is no publication date to resolve a relative expression against.
    pub value: Option<jiff::civil::Date>,
    /// The last day, for ranges (`since 2019` ends at publication).
    pub end: Option<jiff::civil::Date>,
    /// How precise `value` is.
    pub precision: DatePrecision,
    /// The expression as written (`On Monday`, `last month`).
    pub text: String,
    /// Where the expression is.
    pub span: Span,
}

/// An event: who did what to whom, coded in PLOVER with its CAMEO root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type, upper case (`ACCUSE`, `CONSULT`, `AID`).
    pub event_type: String,
    /// PLOVER mode where the text shows it (`disapprove`, `visit`, `military`).
    pub mode: Option<String>,
    /// CAMEO root code, two digits (`11`).
    pub cameo: String,
    /// Cooperation (positive) to conflict (negative) score, Goldstein-style, -10..=10.
    pub score: f32,
    /// Who acts; persons acting for a country keep both (the person and the country).
    pub actors: Vec<EntityIx>,
    /// Who it is done to.
    pub recipients: Vec<EntityIx>,
    /// The evidence sentence.
    pub span: Span,
    /// The word or phrase that triggered the event (`accused`, `summit`).
    pub trigger: Span,
    /// Asserted, reported, expected, hypothetical or negated.
    pub modality: Modality,
    /// True when the text denies the event.
    pub negated: bool,
    /// When it happened, where the text says.
    pub date: Option<EventDate>,
}

/// How much a place's point says: a city's point is where the act was; a country's or a sea's is
/// only a marker on the map (event data's "capital and centroid bias" comes from forgetting it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A city, town or point-like site.
    City,
    /// A first-level division (a state, province, region of a country).
    Admin1,
    /// A whole country: the point is its centre.
    Country,
    /// A region spanning countries, a continent, an island group: the point is indicative.
    Region,
    /// A sea, strait or ocean.
    Sea,
}

/// A place resolved against the place gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// The gazetteer's name of the place (`Vilnius`, `Washington`).
    pub name: String,
    /// Latitude, decimal degrees.
    pub lat: f64,
    /// Longitude, decimal degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 code of the country it lies in, when it lies in one.
    pub country: Option<String>,
    /// What the point stands for.
    pub precision: Precision,
}

/// The coordinates of a place entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityPlace {
    /// The entity (a LOCATION or a COUNTRY).
    pub entity: EntityIx,
    /// Where it is.
    pub point: GeoPoint,
}

/// Where the text places an event, and how it was told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    /// Index into [`Document::events`].
    pub event: u32,
    /// Where.
    pub point: GeoPoint,
    /// The place's words in the text: a mention in the event's sentence, or the dateline's place.
    pub span: Span,
    /// True when the place comes from the dateline rather than the event's own sentence.
    pub from_dateline: bool,
}

/// What an amount counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmountKind {
    /// Money, with a currency.
    Money,
    /// People or things, with the noun they are counted in (`troops`, `vehicles`, `killed`).
    Count,
    /// A percentage.
    Percent,
}

/// A quantity stated by the text: money, a count of people or materiel, a percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// Money, count or percentage.
    pub kind: AmountKind,
    /// The value in units (`£349m` → 349,000,000); a range's lower bound.
    pub value: f64,
    /// A range's upper bound (`10-20 vehicles`), when the text gives one.
    pub max: Option<f64>,
    /// What is counted: ISO 4217 currency code for money, the noun for a count (`troops`,
    /// `killed`), `%` for a percentage.
    pub unit: String,
    /// `about`, `more than`, `up to`, `hundreds of` ...: the words that say the value is not exact.
    pub qualifier: Option<String>,
    /// The amount's words.
    pub span: Span,
    /// The event whose clause holds it, as an index into [`Document::events`].
    pub event: Option<u32>,
    /// For a parenthesised conversion (`AU$250 million (US$167 million)`): the index of the
    /// amount it converts, in [`Document::amounts`]. It is the same amount, not a second one.
    pub conversion_of: Option<u32>,
}

/// The tone of a stretch of text: from -1 (hostile) to +1 (warm), 0 neutral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    /// The sentences' scores, in sentence order.
    pub sentences: Vec<f32>,
    /// Each quote's score, in quote order.
    pub quotes: Vec<f32>,
    /// The whole article's score (the mean of its sentences' scores).
    pub article: f32,
}

/// A relation between two entities stated by the text (`member_of`, `leader_of`, `supplies`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The subject.
    pub subject: EntityIx,
    /// The predicate: member_of, partner_of, leader_of, spokesperson_of, represents,
    /// supplies, opposes, allied_with.
    pub predicate: String,
    /// The object.
    pub object: EntityIx,
    /// Extra detail, e.g. what is supplied (`ammunition`).
    pub detail: Option<String>,
    /// The evidence.
    pub span: Span,
}

/// A news article and every annotation layer the pipeline has added to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: a hash of the text (see [`Document::id_for_text`]).
    pub id: String,
    /// The text. Never changed after input: every span points into it.
    pub text: String,
    /// Where it came from.
    pub meta: Meta,
    /// The dateline, when the first line opens with one. Set by segmentation.
    pub dateline: Option<Dateline>,
    /// Tokens, in text order.
    pub tokens: Option<Vec<Token>>,
    /// Sentences, in text order.
    pub sentences: Option<Vec<Sentence>>,
    /// Syntactic words of the parsed sentences, in token order (see [`Word`]).
    #[serde(default)]
    pub words: Option<Vec<Word>>,
    /// Proposed names, titles and nominals from gazetteers, rules and the tagger.
    pub candidates: Option<Vec<Candidate>>,
    /// Entities; their mentions are in `mentions`.
    pub entities: Option<Vec<Entity>>,
    /// Mentions, in text order.
    pub mentions: Option<Vec<Mention>>,
    /// Quotations, in text order.
    pub quotes: Option<Vec<Quote>>,
    /// Events, in text order.
    #[serde(default)]
    pub events: Option<Vec<Event>>,
    /// Relations between entities, in text order.
    #[serde(default)]
    pub relations: Option<Vec<Relation>>,
    /// Coordinates of place entities, by entity.
    #[serde(default)]
    pub places: Option<Vec<EntityPlace>>,
    /// Where events happened, by event.
    #[serde(default)]
    pub event_locations: Option<Vec<EventLocation>>,
    /// Money, counts and percentages, in text order.
    #[serde(default)]
    pub amounts: Option<Vec<Amount>>,
    /// The tone of the sentences, quotes and article.
    #[serde(default)]
    pub tone: Option<Tone>,
}

impl Document {
    /// A new document with no layers; its id is derived from the text.
    pub fn new(text: String, meta: Meta) -> Document {
        Document {
            id: Document::id_for_text(&text),
            text,
            meta,
            ..Document::default()
        }
    }

    /// The id of a document with this text: the first 16 hex digits of its SHA-256. The same
    /// article read twice, from any path, gets the same id.
    pub fn id_for_text(text: &str) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(text.as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The text a span covers.
    pub fn text_of(&self, span: Span) -> &str {
        &self.text[span.start()..span.end()]
    }

    /// Tokens, or an empty slice when segmentation has not run.
    pub fn tokens(&self) -> &[Token] {
        self.tokens.as_deref().unwrap_or(&[])
    }

    /// Sentences, or an empty slice when segmentation has not run.
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences.as_deref().unwrap_or(&[])
    }

    /// Syntactic words, or an empty slice when the syntax stage has not run.
    pub fn words(&self) -> &[Word] {
        self.words.as_deref().unwrap_or(&[])
    }

    /// The word of token `t`, when its sentence was parsed.
    pub fn word_of(&self, t: usize) -> Option<&Word> {
        let w = self.words();
        let i = w.partition_point(|x| x.token.ix() < t);
        w.get(i).filter(|x| x.token.ix() == t)
    }

    /// Candidates, or an empty slice when no candidate stage has run.
    pub fn candidates(&self) -> &[Candidate] {
        self.candidates.as_deref().unwrap_or(&[])
    }

    /// Entities, or an empty slice when the entity stage has not run.
    pub fn entities(&self) -> &[Entity] {
        self.entities.as_deref().unwrap_or(&[])
    }

    /// Mentions, or an empty slice when the entity stage has not run.
    pub fn mentions(&self) -> &[Mention] {
        self.mentions.as_deref().unwrap_or(&[])
    }

    /// Quotes, or an empty slice when the quote stage has not run.
    pub fn quotes(&self) -> &[Quote] {
        self.quotes.as_deref().unwrap_or(&[])
    }

    /// Add mentions found by a later stage (a nominal, a pronoun), keeping `mentions` sorted by
    /// start and every entity's `mentions` list in step. Mentions whose span already refers to
    /// the same entity are skipped.
    pub fn insert_mentions(&mut self, new: impl IntoIterator<Item = Mention>) {
        let mut all = self.mentions.take().unwrap_or_default();
        let before = all.len();
        for m in new {
            if !all.iter().any(|x| x.span == m.span && x.entity == m.entity) {
                all.push(m);
            }
        }
        if all.len() == before {
            self.mentions = Some(all);
            return;
        }
        all.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        if let Some(entities) = self.entities.as_mut() {
            for e in entities.iter_mut() {
                e.mentions.clear();
            }
            for (i, m) in all.iter().enumerate() {
                if let Some(e) = entities.get_mut(m.entity.ix()) {
                    e.mentions.push(MentionIx(i as u32));
                }
            }
        }
        self.mentions = Some(all);
    }

    /// Events, or an empty slice when the event stage has not run.
    pub fn events(&self) -> &[Event] {
        self.events.as_deref().unwrap_or(&[])
    }

    /// Relations, or an empty slice when the relation stage has not run.
    pub fn relations(&self) -> &[Relation] {
        self.relations.as_deref().unwrap_or(&[])
    }

    /// Coordinates of place entities, or an empty slice when the place stage has not run.
    pub fn places(&self) -> &[EntityPlace] {
        self.places.as_deref().unwrap_or(&[])
    }

    /// The point of entity `e`, when it is a place the gazetteer knows.
    pub fn place_of(&self, e: EntityIx) -> Option<&GeoPoint> {
        let p = self.places();
        let i = p.partition_point(|x| x.entity < e);
        p.get(i).filter(|x| x.entity == e).map(|x| &x.point)
    }

    /// Event locations, or an empty slice when the place stage has not run.
    pub fn event_locations(&self) -> &[EventLocation] {
        self.event_locations.as_deref().unwrap_or(&[])
    }

    /// Amounts, or an empty slice when the amount stage has not run.
    pub fn amounts(&self) -> &[Amount] {
        self.amounts.as_deref().unwrap_or(&[])
    }

    /// The text of a token.
    pub fn token_text(&self, ix: usize) -> &str {
        self.text_of(self.tokens()[ix].span)
    }

    /// The index of the sentence that contains byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: u32) -> Option<usize> {
        let sents = self.sentences();
        let i = sents.partition_point(|s| s.span.end <= pos);
        (i < sents.len() && sents[i].span.start <= pos).then_some(i)
    }

    /// The range of token indices whose spans lie inside `span`.
    pub fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        let toks = self.tokens();
        let a = toks.partition_point(|t| t.span.start < span.start);
        let b = toks.partition_point(|t| t.span.end <= span.end);
        a..b.max(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_id_depends_only_on_text() {
        let a = Document::new("Same text.".into(), Meta::default());
        let b = Document::new(
            "Same text.".into(),
            Meta {
                path: Some("other.txt".into()),
                ..Meta::default()
            },
        );
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 16);
        assert_ne!(a.id, Document::new("Other.".into(), Meta::default()).id);
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 10);
        let b = Span::new(3, 5);
        assert!(a.contains(b) && a.overlaps(b) && !b.contains(a));
        assert!(!Span::new(0, 3).overlaps(Span::new(3, 4)));
        assert_eq!(Span::new(2, 4).cover(Span::new(8, 9)), Span::new(2, 9));
    }
}
