//! The gold formats: annotated articles (`eval/gold/README.md`) and coded sentences
//! (`eval/gold/SENTENCES.md`), read and validated before anything is scored.

use crate::*;
use newsgraph::document::{EntityType, MentionForm, OrgKind};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A gold file: a list of annotated articles.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// Format version; only 1 exists.
    pub version: u32,
    /// The annotated articles.
    pub articles: Vec<GoldArticle>,
}

/// One annotated article.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    /// The article's path, relative to the gold file.
    pub path: String,
    /// Every entity the article mentions.
    pub entities: Vec<GoldEntity>,
    /// Every quotation, direct and indirect.
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// Quoted text that is not a quotation (scare quotes, titles): an output quote here is wrong.
    #[serde(default)]
    pub non_quotes: Vec<GoldSpan>,
    /// Publication date that relative time expressions resolve against.
    #[serde(default)]
    pub published: Option<jiff::civil::Date>,
    /// PLOVER events; `None` when the article's events are not annotated (not scored).
    #[serde(default)]
    pub events: Option<Vec<GoldEvent>>,
}

/// A gold event.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Actors by gold entity name.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Recipients by gold entity name.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// First byte of the trigger.
    pub start: u32,
    /// One past the last byte of the trigger.
    pub end: u32,
    /// The text the trigger span must read.
    pub text: String,
    /// First day of the event's date, when the sentence gives one.
    #[serde(default)]
    pub date: Option<jiff::civil::Date>,
}

/// A gold entity.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// Canonical name; unique within its article, used by roles and speakers to refer to it.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Organisation kind.
    #[serde(default)]
    pub kind: Option<OrgKind>,
    /// ISO alpha-3 code, for countries.
    #[serde(default)]
    pub code: Option<String>,
    /// Other acceptable canonical names.
    #[serde(default)]
    pub also: Vec<String>,
    /// The country or organisation that owns a government body or military (not scored).
    #[serde(default)]
    pub owner: Option<String>,
    /// Mentions, with byte spans.
    pub mentions: Vec<GoldMention>,
    /// Roles held by a person.
    #[serde(default)]
    pub roles: Vec<GoldRole>,
}

/// A gold mention.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldMention {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The text the span must read.
    pub text: String,
    /// How it names its entity.
    pub form: MentionForm,
}

/// A gold role.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRole {
    /// The title (`Prime Minister`, `spokeswoman`).
    pub title: String,
    /// The entity (by gold name) the role is held in, when the text says.
    #[serde(default)]
    pub of: Option<String>,
    /// Other entities that are also an acceptable `of` (a dean of a school of a university).
    #[serde(default)]
    pub of_alt: Vec<String>,
}

/// A gold quotation.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    /// First byte of the quoted words (quotation marks excluded).
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The text the span must read.
    pub text: String,
    /// The speaker's gold name, or null when the text names nobody.
    #[serde(default)]
    pub speaker: Option<String>,
    /// True for words in quotation marks, false for indirect speech.
    pub direct: bool,
}

/// A gold span with its text (non-quotes).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The text the span must read.
    pub text: String,
}

/// Read and validate a gold file; returns it with each article's path and text, in order.
/// Every problem is an [`Error::Gold`] naming the gold file (or [`Error::Io`] for an article
/// that cannot be read).
pub fn load_gold(gold: &Path) -> Result<(Gold, Vec<(PathBuf, String)>)> {
    let bad = |message: String| Error::Gold {
        path: gold.to_path_buf(),
        message,
    };
    let raw = std::fs::read_to_string(gold).map_err(|source| Error::Io {
        path: gold.to_path_buf(),
        source,
    })?;
    let parsed: Gold =
        serde_json::from_str(&raw).map_err(|e| bad(format!("not a valid gold file: {e}")))?;
    if parsed.version != 1 {
        return Err(bad(format!("unknown version {}", parsed.version)));
    }
    let base = gold.parent().unwrap_or(Path::new("."));
    let mut texts = Vec::with_capacity(parsed.articles.len());
    for article in &parsed.articles {
        let path = base.join(&article.path);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        validate_article(article, &text).map_err(|m| bad(format!("{}: {m}", article.path)))?;
        texts.push((path, text));
    }
    Ok((parsed, texts))
}

/// Check that every span of an article reads its text and every name it refers to exists.
pub fn validate_article(article: &GoldArticle, text: &str) -> std::result::Result<(), String> {
    let check = |what: &str, start: u32, end: u32, expect: &str| {
        let (s, e) = (start as usize, end as usize);
        if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return Err(format!("{what} {s}..{e} is not a valid span of the text"));
        }
        if &text[s..e] != expect {
            return Err(format!(
                "{what} {s}..{e} should read {expect:?} but reads {:?}",
                &text[s..e]
            ));
        }
        Ok(())
    };
    let mut names = HashSet::new();
    for e in &article.entities {
        if !names.insert(e.name.as_str()) {
            return Err(format!("entity name {:?} is used twice", e.name));
        }
        if e.mentions.is_empty() {
            return Err(format!("entity {:?} has no mentions", e.name));
        }
        for m in &e.mentions {
            check("mention", m.start, m.end, &m.text)?;
        }
    }
    let known = |n: &str, what: &str| {
        if names.contains(n) {
            Ok(())
        } else {
            Err(format!("{what} {n:?} is not an entity of the article"))
        }
    };
    for e in &article.entities {
        for r in &e.roles {
            for of in r.of.iter().chain(&r.of_alt) {
                known(of, "role of")?;
            }
        }
    }
    for q in &article.quotes {
        check("quote", q.start, q.end, &q.text)?;
        if let Some(s) = &q.speaker {
            known(s, "speaker")?;
        }
    }
    for q in &article.non_quotes {
        check("non-quote", q.start, q.end, &q.text)?;
    }
    for ev in article.events.iter().flatten() {
        check("event trigger", ev.start, ev.end, &ev.text)?;
        for n in ev.actors.iter().chain(&ev.recipients) {
            known(n, "event participant")?;
        }
    }
    Ok(())
}

/// One line of a sentence-level event gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// Stable id, e.g. `s001`.
    pub id: String,
    /// The sentence, scored as a document of its own.
    pub text: String,
    /// The events a coder gives the sentence; empty for a sentence with no codable event.
    #[serde(default)]
    pub events: Vec<GoldSentenceEvent>,
}

/// One coded event of a gold sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentenceEvent {
    /// PLOVER type (`ASSAULT`, `PROTEST`, ...).
    #[serde(rename = "type")]
    pub event_type: String,
    /// CAMEO code (`19`, `173`, `1041`); its first two digits are the root scored.
    pub cameo: String,
    /// Countries (ISO alpha-3) or IGOs (`UN`, `EU`, `NATO`) of the source actor; empty when the
    /// actor has none (`unidentified gunmen`).
    #[serde(default)]
    pub source: Vec<String>,
    /// Countries or IGOs of the target; empty when there is none.
    #[serde(default)]
    pub target: Vec<String>,
}

/// Read a sentence gold file (JSON Lines, one [`GoldSentence`] a line; blank lines and lines
/// starting with `#` skipped). Problems are [`Error::Gold`] naming the file and line.
pub fn load_sentences(path: &Path) -> Result<Vec<GoldSentence>> {
    let raw = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |line: usize, message: String| Error::Gold {
        path: path.to_path_buf(),
        message: format!("line {line}: {message}"),
    };
    let mut out: Vec<GoldSentence> = Vec::new();
    let mut ids = HashSet::new();
    for (n, line) in raw.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let s: GoldSentence = serde_json::from_str(line)
            .map_err(|e| bad(line_no, format!("not a gold sentence: {e}")))?;
        if !ids.insert(s.id.clone()) {
            return Err(bad(line_no, format!("id {:?} is used twice", s.id)));
        }
        if s.text.trim().is_empty() {
            return Err(bad(line_no, "empty text".into()));
        }
        for e in &s.events {
            if e.event_type.is_empty() || e.event_type.chars().any(|c| !c.is_ascii_uppercase()) {
                return Err(bad(
                    line_no,
                    format!(
                        "event type {:?} is not an upper-case PLOVER name",
                        e.event_type
                    ),
                ));
            }
            if e.cameo.len() < 2 || !e.cameo.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(
                    line_no,
                    format!("cameo {:?} is not a CAMEO code", e.cameo),
                ));
            }
        }
        out.push(s);
    }
    Ok(out)
}
