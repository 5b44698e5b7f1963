//! Agents: groups named by a common noun (`troops`, `rebels`, `police`, `protesters`) become
//! entities, so that events keep a participant when the text names no state or person.
//!
//! Reads tokens, sentences, entities and mentions; adds `ORGANIZATION` entities whose mentions
//! have form `nominal`. News codes most acts to such groups (`Syrian rebels shelled ...`,
//! `Police arrested 30 people`); without them the event stage would drop the act or hand it to
//! the nearest name. The owner is the country that modifies the noun (`Syrian rebels`,
//! `Pakistan's army`, `police in Kenya`), which is what event data calls the actor's country.
//! Why a stage of its own after quotes: the quote stage's speaker rules were tuned on names
//! and titles, and a plain noun such as `officials` is not one; runs of agents are merged per
//! document by (name, owner), never across documents (the store keeps ownerless ones apart).

use crate::data::DataDir;
use crate::document::{
    Document, Entity, EntityIx, EntityType, Mention, MentionForm, OrgKind, Span, TokenKind,
};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The agent nouns file.
pub const AGENTS_FILE: &str = "gazetteer/agents.tsv";
/// Words after which an agent noun is a modifier.
pub const NOT_BEFORE_FILE: &str = "gazetteer/agent_not_before.txt";

/// One agent noun phrase.
#[derive(Debug, Clone)]
pub struct Agent {
    /// Organisation kind given to the group.
    pub kind: OrgKind,
    /// CAMEO-style sector code (`MIL`, `REB`, ...).
    pub code: String,
    /// Only an agent when a country names it (`Iraqi officials`, not `officials`).
    pub needs_owner: bool,
}

/// Agent nouns, read from `data/gazetteer/agents.tsv`.
#[derive(Debug, Default, Clone)]
pub struct AgentData {
    /// Lower-case phrase (words joined by one space) → agent.
    pub phrases: HashMap<String, Agent>,
    /// Words after which an agent noun is a modifier (`military aid`).
    pub not_before: HashSet<String>,
    /// Longest phrase in words.
    pub max_words: usize,
    /// First words of the phrases: most tokens are rejected by one lookup here.
    pub first_words: HashSet<String>,
}

impl AgentData {
    /// Load the agent lists.
    pub fn load(data: &DataDir) -> Result<AgentData> {
        let mut out = AgentData::default();
        for row in data.tsv(AGENTS_FILE)? {
            let kind = match row.get(1) {
                "rebel" | "opposition" | "civilian" | "government" | "military" => {
                    OrgKind::from_name(row.get(1))
                }
                _ => None,
            }
            .ok_or_else(|| {
                Error::resource(
                    data.path_of(AGENTS_FILE),
                    row.line,
                    format!(
                        "unknown agent kind {:?} (government, military, rebel, opposition or civilian)",
                        row.get(1)
                    ),
                )
            })?;
            for phrase in row.list(0) {
                let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
                if phrase.is_empty() {
                    continue;
                }
                out.max_words = out.max_words.max(phrase.split(' ').count());
                if let Some(first) = phrase.split(' ').next() {
                    out.first_words.insert(first.to_lowercase());
                }
                out.phrases.insert(
                    phrase.to_lowercase(),
                    Agent {
                        kind,
                        code: row.get(2).to_string(),
                        needs_owner: row.get(3) == "owned",
                    },
                );
            }
        }
        for w in data.lines(NOT_BEFORE_FILE)? {
            out.not_before.insert(w.to_lowercase());
        }
        Ok(out)
    }
}

/// The agent stage.
pub struct AgentStage {
    data: Arc<AgentData>,
}

impl AgentStage {
    /// A stage over the agent nouns.
    pub fn new(data: Arc<AgentData>) -> AgentStage {
        AgentStage { data }
    }
}

impl Stage for AgentStage {
    fn name(&self) -> &'static str {
        "agents"
    }

    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Entities]
    }

    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Entities]
    }

    fn run(&self, doc: &mut Document) -> Result<()> {
        add_agents(doc, &self.data);
        Ok(())
    }
}

/// One agent head found in the text.
struct Found {
    span: Span,
    name: String,
    kind: OrgKind,
    owner: Option<EntityIx>,
}

/// The country an entity stands for, if it is one or belongs to one.
fn country_of(doc: &Document, e: EntityIx) -> Option<EntityIx> {
    let ent = doc.entities().get(e.ix())?;
    match ent.etype {
        EntityType::Country => Some(e),
        EntityType::Organization => ent.owner,
        _ => None,
    }
}

/// Find agent heads and add them as entities (the stage's work, callable on its own).
pub fn add_agents(doc: &mut Document, data: &AgentData) {
    if data.phrases.is_empty() {
        return;
    }
    let tokens = doc.tokens();
    let n = tokens.len();
    // token → the mention covering it (longest)
    let mut covered: Vec<Option<(usize, usize, EntityIx)>> = vec![None; n];
    let mut ends_at: Vec<Option<(usize, EntityIx)>> = vec![None; n];
    let mut starts_at: Vec<Option<(usize, EntityIx)>> = vec![None; n];
    for m in doc.mentions() {
        let r = doc.tokens_in(m.span);
        if r.is_empty() {
            continue;
        }
        for c in covered.iter_mut().take(r.end).skip(r.start) {
            *c = Some((r.start, r.end, m.entity));
        }
        ends_at[r.end - 1] = Some((r.start, m.entity));
        starts_at[r.start] = Some((r.end, m.entity));
    }
    // ASCII lower case keeps byte offsets, so every token's lower-case form is a slice of it.
    let lower_text = doc.text.to_ascii_lowercase();
    let lower: Vec<&str> = tokens
        .iter()
        .map(|t| &lower_text[t.span.start()..t.span.end()])
        .collect();
    let mut phrase = String::new();
    let mut found: Vec<Found> = Vec::new();
    for s in doc.sentences() {
        let r = s.token_range();
        let mut i = r.start;
        while i < r.end {
            if covered[i].is_some()
                || tokens[i].kind != TokenKind::Word
                || !data.first_words.contains(lower[i])
            {
                i += 1;
                continue;
            }
            // longest phrase first
            let mut hit = None;
            for len in (1..=data.max_words).rev() {
                if i + len > r.end || (i..i + len).any(|k| covered[k].is_some()) {
                    continue;
                }
                phrase.clear();
                for (k, w) in lower[i..i + len].iter().enumerate() {
                    if k > 0 {
                        phrase.push(' ');
                    }
                    phrase.push_str(w);
                }
                if let Some(a) = data.phrases.get(phrase.as_str()) {
                    hit = Some((len, a));
                    break;
                }
            }
            let Some((len, agent)) = hit else {
                i += 1;
                continue;
            };
            let end = i + len;
            // `anti-government`, `rebel-held`: part of a compound word
            let glued_left = i > r.start
                && lower[i - 1] == "-"
                && !tokens[i - 1].space_after
                && i >= 2
                && tokens[i - 2].kind == TokenKind::Word;
            let glued_right = end < r.end && lower[end] == "-" && !tokens[end - 1].space_after;
            // `military aid`, `police chief`: a modifier, not the head
            let modifier = end < r.end && data.not_before.contains(lower[end]);
            // `Army Chief`, `the Revolutionary Army`: capitalised inside a name; also behind a
            // demonym that is itself inside one (`the Free Syrian Army`).
            let capitalised =
                |k: usize| doc.text_of(tokens[k].span).starts_with(char::is_uppercase);
            let in_name = i > r.start
                && tokens[i].kind == TokenKind::Word
                && capitalised(i)
                && capitalised(i - 1)
                && (covered[i - 1].is_none()
                    || (i - 1 > r.start + 1 && capitalised(i - 2) && covered[i - 2].is_none()));
            if glued_left || glued_right || modifier || in_name {
                i = end;
                continue;
            }
            let owner = owner_left(doc, &lower, &ends_at, r.start, i)
                .or_else(|| owner_right(doc, &lower, &starts_at, end, r.end));
            if owner.is_none() && agent.needs_owner {
                i = end;
                continue;
            }
            let head = lower[i..end].join(" ");
            let name = match owner {
                Some((_, Some(ref modifier))) => format!("{modifier} {head}"),
                _ => head,
            };
            found.push(Found {
                span: Span::new(tokens[i].span.start(), tokens[end - 1].span.end()),
                name,
                kind: agent.kind,
                owner: owner.map(|(o, _)| o),
            });
            i = end;
        }
    }
    if found.is_empty() {
        return;
    }
    let Some(entities) = doc.entities.as_mut() else {
        return;
    };
    let mut by_key: HashMap<(String, Option<EntityIx>), EntityIx> = HashMap::new();
    let mut mentions = Vec::with_capacity(found.len());
    for f in found {
        let key = (f.name.clone(), f.owner);
        let ix = *by_key.entry(key).or_insert_with(|| {
            entities.push(Entity {
                name: f.name.clone(),
                etype: EntityType::Organization,
                kind: Some(f.kind),
                code: None,
                owner: f.owner,
                roles: Vec::new(),
                mentions: Vec::new(),
            });
            EntityIx((entities.len() - 1) as u32)
        });
        mentions.push(Mention {
            span: f.span,
            entity: ix,
            form: MentionForm::Nominal,
        });
    }
    doc.insert_mentions(mentions);
}

/// The country named just before an agent head: `Syrian rebels`, `Pakistan's army`,
/// `Israeli riot police`, `Thousands of Bangladeshi students`. Returns the country and the
/// modifier's text for the group's name.
fn owner_left(
    doc: &Document,
    lower: &[&str],
    ends_at: &[Option<(usize, EntityIx)>],
    lo: usize,
    head: usize,
) -> Option<(EntityIx, Option<String>)> {
    let mut j = head;
    let mut skipped = 0;
    while j > lo {
        let k = j - 1;
        if let Some((a, e)) = ends_at[k] {
            let c = country_of(doc, e)?;
            let span = Span::new(doc.tokens()[a].span.start(), doc.tokens()[k].span.end());
            return Some((c, Some(doc.text_of(span).to_string())));
        }
        let w = lower[k];
        if matches!(w, "'s" | "’s") {
            j = k;
            continue;
        }
        // one or two lowercase modifiers (`armed`, `riot`, `pro-government`)
        let tok = &doc.tokens()[k];
        let lowercase_word = tok.kind == TokenKind::Word
            && doc
                .text_of(tok.span)
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase())
            && !matches!(
                w,
                "the" | "a" | "an" | "of" | "and" | "or" | "by" | "to" | "in" | "on" | "at"
            );
        if (lowercase_word || w == "-") && skipped < 3 {
            skipped += 1;
            j = k;
            continue;
        }
        return None;
    }
    None
}

/// `police in Kenya`, `troops of Chad`: a country right after the head.
fn owner_right(
    doc: &Document,
    lower: &[&str],
    starts_at: &[Option<(usize, EntityIx)>],
    end: usize,
    hi: usize,
) -> Option<(EntityIx, Option<String>)> {
    if end + 1 >= hi || !matches!(lower[end], "in" | "of" | "from") {
        return None;
    }
    let mut k = end + 1;
    if lower[k] == "the" && k + 1 < hi {
        k += 1;
    }
    // `refugees in southern Sudan`
    if starts_at[k].is_none()
        && k + 1 < hi
        && matches!(
            lower[k],
            "northern" | "southern" | "eastern" | "western" | "central" | "north" | "south"
        )
    {
        k += 1;
    }
    let (_, e) = starts_at[k]?;
    let c = country_of(doc, e)?;
    (doc.entities()[c.ix()].etype == EntityType::Country).then_some((c, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Meta;

    fn run(text: &str) -> Document {
        let mut doc = Document::new(text.to_string(), Meta::default());
        crate::pipeline::standard_for_tests()
            .run(&mut doc)
            .expect("run");
        doc
    }

    fn agents(doc: &Document) -> Vec<(String, String, Option<String>)> {
        doc.entities()
            .iter()
            .filter(|e| {
                e.etype == EntityType::Organization
                    && e.mentions
                        .iter()
                        .all(|m| doc.mentions()[m.ix()].form == MentionForm::Nominal)
                    && !e.mentions.is_empty()
            })
            .map(|e| {
                let m = doc.mentions()[e.mentions[0].ix()];
                (
                    e.name.clone(),
                    doc.text_of(m.span).to_string(),
                    e.owner.and_then(|o| doc.entities()[o.ix()].code.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn agent_with_demonym_owner() {
        let d = run("Syrian rebels shelled an army base near the border.");
        let a = agents(&d);
        assert!(
            a.contains(&("Syrian rebels".into(), "rebels".into(), Some("SYR".into()))),
            "{a:?}"
        );
    }

    #[test]
    fn agent_modifier_is_not_a_head() {
        let d = run("Germany sent military aid and the police chief resigned.");
        assert!(agents(&d).is_empty(), "{:?}", agents(&d));
    }

    #[test]
    fn agent_without_owner_and_possessive_owner() {
        let d = run("Police arrested twelve people. Pakistan's army moved north.");
        let a = agents(&d);
        assert!(
            a.iter().any(|(n, _, o)| n == "police" && o.is_none()),
            "{a:?}"
        );
        assert!(
            a.iter()
                .any(|(_, t, o)| t == "army" && o.as_deref() == Some("PAK")),
            "{a:?}"
        );
    }

    #[test]
    fn agent_owner_after_head() {
        let d = run("Protesters in Kenya blocked the main road.");
        let a = agents(&d);
        assert!(
            a.iter()
                .any(|(_, t, o)| t == "Protesters" && o.as_deref() == Some("KEN")),
            "{a:?}"
        );
    }

    #[test]
    fn agent_inside_a_name_is_left_alone() {
        let d = run("The Free Syrian Army said it would fight on.");
        assert!(
            agents(&d).iter().all(|(_, t, _)| t != "Army"),
            "{:?}",
            agents(&d)
        );
    }
}
