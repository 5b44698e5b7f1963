//! Sentence-level event coding (`newsgraph eval --sentences FILE`).
//!
//! A JSON Lines file of single sentences, each with the events a careful coder gives it (PLOVER
//! type, CAMEO code, source and target countries as ISO alpha-3 codes or IGO short names); the
//! format and coding rules are in `eval/gold/SENTENCES.md`. Each sentence is run through the
//! pipeline as its own document and scored on type, CAMEO root and the countries of the
//! participants. Scoring works on `Document`s ([`score_sentence`]) so that the arithmetic is
//! tested on hand-built documents, independent of the extractor's quality.

use crate::*;
use newsgraph::document::{Document, EntityType, Meta};
use newsgraph::pipeline::Pipeline;
use std::collections::HashSet;
use std::path::Path;

/// Run the pipeline over each sentence of a sentence gold file, as its own document, and score
/// the events.
pub fn evaluate_sentences(pipeline: &Pipeline, gold: &Path) -> Result<SentenceReport> {
    let sentences = load_sentences(gold)?;
    let mut report = SentenceReport {
        gold: gold.display().to_string(),
        ..SentenceReport::default()
    };
    for s in &sentences {
        let mut doc = newsgraph::input::from_text(s.text.clone(), Meta::default());
        pipeline.run(&mut doc)?;
        score_sentence(s, &doc, &mut report);
    }
    report.finish();
    Ok(report)
}

/// The CAMEO root of a code: its first two characters.
pub(crate) fn cameo_root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// Upper-case labels that a gold source or target may use for an entity: the country code of the
/// entity or of what it belongs to (its owner, or for a person the `of` of its first role that
/// has one, followed through owners), and, for organisations on that chain, their name, the
/// initials of their name's leading words, and the text and first word of their mentions
/// (`UN`, `NATO`, `European Union`).
pub(crate) fn entity_labels(doc: &Document, ix: usize) -> HashSet<String> {
    let entities = doc.entities();
    let mentions = doc.mentions();
    let mut labels = HashSet::new();
    let mut at = Some(ix);
    let mut hops = 0;
    while let Some(i) = at {
        let Some(e) = entities.get(i) else { break };
        if let Some(code) = &e.code {
            labels.insert(code.to_uppercase());
        }
        if e.etype == EntityType::Organization {
            labels.insert(e.name.to_uppercase());
            // Initials of the name and of its leading words, so that a body of an IGO
            // (`United Nations Security Council`) carries the IGO's label (`UN`).
            let mut initials = String::new();
            for c in e
                .name
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
            {
                initials.push(c);
                if initials.chars().count() >= 2 {
                    labels.insert(initials.clone());
                }
            }
            for m in e.mentions.iter().filter_map(|m| mentions.get(m.ix())) {
                let text = doc.text_of(m.span).to_uppercase();
                if let Some(first) = text.split_whitespace().next() {
                    labels.insert(first.to_string());
                }
                labels.insert(text);
            }
        }
        hops += 1;
        if hops > 4 {
            break;
        }
        at = match (e.owner, e.etype) {
            (Some(o), _) => Some(o.ix()),
            (None, EntityType::Person) => e.roles.iter().find_map(|r| r.of).map(|o| o.ix()),
            _ => None,
        };
    }
    labels
}

/// True when one of the participants carries one of the gold labels (see [`entity_labels`]).
pub(crate) fn participants_of(
    doc: &Document,
    who: &[newsgraph::document::EntityIx],
    want: &[String],
) -> bool {
    who.iter().any(|e| {
        let labels = entity_labels(doc, e.ix());
        want.iter().any(|w| labels.contains(&w.to_uppercase()))
    })
}

pub(crate) fn describe_gold(g: &GoldSentenceEvent) -> String {
    format!(
        "{}/{} [{}] -> [{}]",
        g.event_type,
        g.cameo,
        g.source.join(","),
        g.target.join(",")
    )
}

pub(crate) fn describe_output(doc: &Document, o: &newsgraph::document::Event) -> String {
    let names = |v: &[newsgraph::document::EntityIx]| {
        v.iter()
            .filter_map(|e| doc.entities().get(e.ix()))
            .map(|e| match &e.code {
                Some(c) => format!("{} ({c})", e.name),
                None => e.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("+")
    };
    format!(
        "{}/{} [{}] -> [{}] on {:?}",
        o.event_type,
        o.cameo,
        names(&o.actors),
        names(&o.recipients),
        doc.text_of(o.trigger)
    )
}

/// Score one sentence's document against its gold events, adding the counts and errors to
/// `report` (rates are computed by [`SentenceReport::finish`]). Output events that are negated
/// or of hypothetical or negated modality are left out. A gold event is found by an unused output
/// event of the same type, preferring one whose participants are right; CAMEO roots are matched
/// the same way on their own.
pub fn score_sentence(gold: &GoldSentence, doc: &Document, report: &mut SentenceReport) {
    use newsgraph::document::Modality;
    report.sentences += 1;
    let outs: Vec<&newsgraph::document::Event> = doc
        .events()
        .iter()
        .filter(|o| {
            let keep =
                !o.negated && !matches!(o.modality, Modality::Hypothetical | Modality::Negated);
            if !keep {
                report.output_ignored += 1;
            }
            keep
        })
        .collect();
    if gold.events.is_empty() {
        report.empty_sentences += 1;
        if !outs.is_empty() {
            report.empty_with_output += 1;
        }
    }
    let error = |kind, g: Option<&GoldSentenceEvent>, output: String| SentenceError {
        kind,
        id: gold.id.clone(),
        text: gold.text.clone(),
        gold: g.map(describe_gold).unwrap_or_default(),
        output,
    };
    let all_outputs = || {
        outs.iter()
            .map(|o| describe_output(doc, o))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Type matching: prefer, among unused outputs of the type, the one with the most right sides.
    let mut used = vec![false; outs.len()];
    for g in &gold.events {
        let side_score = |o: &newsgraph::document::Event| {
            usize::from(!g.source.is_empty() && participants_of(doc, &o.actors, &g.source))
                + usize::from(
                    !g.target.is_empty() && participants_of(doc, &o.recipients, &g.target),
                )
        };
        let best = outs
            .iter()
            .enumerate()
            .filter(|(i, o)| !used[*i] && o.event_type == g.event_type)
            .max_by_key(|(i, o)| (side_score(o), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        let entry = report.by_type.entry(g.event_type.clone()).or_default();
        entry.add(1, 0, 0, 0);
        report.types.add(1, 0, 0, 0);
        let Some(i) = best else {
            report
                .errors
                .push(error(SentenceErrorKind::Miss, Some(g), all_outputs()));
            continue;
        };
        used[i] = true;
        entry.add(0, 0, 1, 1);
        report.types.add(0, 0, 1, 1);
        let o = outs[i];
        if !g.source.is_empty() {
            let right = participants_of(doc, &o.actors, &g.source);
            report.source_country.add(usize::from(right), 1);
            if !right {
                report.errors.push(error(
                    SentenceErrorKind::WrongSource,
                    Some(g),
                    describe_output(doc, o),
                ));
            }
        }
        if !g.target.is_empty() {
            // A mutual event (`X and Y met`: the gold lists both on both sides) is also right
            // when the output has both among its actors.
            let mutual = g.source.iter().any(|s| g.target.contains(s));
            let right = participants_of(doc, &o.recipients, &g.target)
                || mutual
                    && g.target
                        .iter()
                        .filter(|t| participants_of(doc, &o.actors, std::slice::from_ref(*t)))
                        .count()
                        >= 2;
            report.target_country.add(usize::from(right), 1);
            if !right {
                report.errors.push(error(
                    SentenceErrorKind::WrongTarget,
                    Some(g),
                    describe_output(doc, o),
                ));
            }
        }
    }
    for (i, o) in outs.iter().enumerate() {
        report
            .by_type
            .entry(o.event_type.clone())
            .or_default()
            .add(0, 1, 0, 0);
        report.types.add(0, 1, 0, 0);
        if !used[i] {
            report.errors.push(error(
                SentenceErrorKind::FalsePositive,
                None,
                describe_output(doc, o),
            ));
        }
    }
    // CAMEO roots, matched on their own.
    let mut used = vec![false; outs.len()];
    let mut found = 0;
    for g in &gold.events {
        let root = cameo_root(&g.cameo);
        if let Some(i) = (0..outs.len()).find(|&i| !used[i] && cameo_root(&outs[i].cameo) == root) {
            used[i] = true;
            found += 1;
        }
    }
    report
        .cameo_roots
        .add(gold.events.len(), outs.len(), found, found);
}
