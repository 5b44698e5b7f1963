//! Scoring whole articles (`newsgraph eval --gold FILE`): mentions, entities, roles, quotes
//! and events, layer by layer.

use crate::*;
use newsgraph::document::{Document, EntityType, MentionForm, Meta};
use newsgraph::pipeline::Pipeline;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Run the pipeline over the gold file's articles and score it.
pub fn evaluate(pipeline: &Pipeline, gold: &Path) -> Result<EvalReport> {
    let (parsed, texts) = load_gold(gold)?;
    let mut report = EvalReport {
        gold: gold.display().to_string(),
        ..EvalReport::default()
    };
    for (article, (path, text)) in parsed.articles.iter().zip(texts) {
        let mut doc = newsgraph::input::from_text(
            text,
            Meta {
                path: Some(path.display().to_string()),
                published: article.published,
                ..Meta::default()
            },
        );
        pipeline.run(&mut doc)?;
        score_document(article, &doc, &mut report);
    }
    report.finish();
    Ok(report)
}

pub(crate) fn scored_form(form: MentionForm) -> bool {
    !matches!(form, MentionForm::Pronoun | MentionForm::Nominal)
}

pub(crate) fn form_name(form: MentionForm) -> &'static str {
    match form {
        MentionForm::Name => "name",
        MentionForm::Abbreviation => "abbreviation",
        MentionForm::Demonym => "demonym",
        MentionForm::Metonym => "metonym",
        MentionForm::Nominal => "nominal",
        MentionForm::Pronoun => "pronoun",
    }
}

/// Score one document against its gold annotations, adding its counts to `report`. The rates
/// are computed once at the end: [`evaluate`] does it, callers scoring by hand use [`finish_report`].
pub fn score_document(gold: &GoldArticle, doc: &Document, report: &mut EvalReport) {
    report.articles += 1;
    score_mentions(gold, doc, report);
    let align = align_entities(gold, doc);
    score_entities(gold, doc, &align, report);
    score_roles(gold, doc, &align, report);
    score_quotes(gold, doc, &align, report);
    score_events(gold, doc, &align, report);
}

pub(crate) fn score_events(
    gold: &GoldArticle,
    doc: &Document,
    align: &[Option<usize>],
    r: &mut EvalReport,
) {
    let Some(gold_events) = &gold.events else {
        return;
    };
    let index: HashMap<&str, usize> = gold
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    let outs = doc.events();
    let aligned = |v: &[newsgraph::document::EntityIx]| -> Vec<Option<usize>> {
        v.iter()
            .map(|e| align.get(e.ix()).copied().flatten())
            .collect()
    };
    for typed_only in [false, true] {
        let mut used = vec![false; outs.len()];
        let mut found = 0;
        for g in gold_events {
            let hit = outs.iter().enumerate().position(|(i, o)| {
                !used[i]
                    && o.span.start <= g.start
                    && g.end <= o.span.end
                    && o.event_type == g.event_type
                    && (typed_only
                        || participants_match(gold, &index, &g.actors, &aligned(&o.actors))
                            && participants_match(
                                gold,
                                &index,
                                &g.recipients,
                                &aligned(&o.recipients),
                            ))
            });
            if let Some(i) = hit {
                used[i] = true;
                found += 1;
                if !typed_only {
                    r.events_by_type
                        .entry(g.event_type.clone())
                        .or_default()
                        .add(0, 0, 1, 1);
                    if let Some(gd) = g.date {
                        let od = outs[i].date.as_ref().and_then(|d| d.value);
                        r.event_dates.add(usize::from(od == Some(gd)), 1);
                    }
                }
            }
        }
        let target = if typed_only {
            &mut r.event_types
        } else {
            &mut r.events
        };
        target.add(gold_events.len(), outs.len(), found, found);
    }
    for g in gold_events {
        r.events_by_type
            .entry(g.event_type.clone())
            .or_default()
            .add(1, 0, 0, 0);
    }
    for o in outs {
        r.events_by_type
            .entry(o.event_type.clone())
            .or_default()
            .add(0, 1, 0, 0);
    }
}

/// Compute precision, recall, F1 and rates from the counts gathered by [`score_document`].
pub fn finish_report(report: &mut EvalReport) {
    report.finish();
}

pub(crate) fn score_mentions(gold: &GoldArticle, doc: &Document, report: &mut EvalReport) {
    let mut g: HashSet<(u32, u32, EntityType)> = HashSet::new();
    for e in &gold.entities {
        for m in e.mentions.iter().filter(|m| scored_form(m.form)) {
            g.insert((m.start, m.end, e.etype));
            let r = report
                .mention_recall_by_form
                .entry(form_name(m.form).to_string())
                .or_default();
            r.total += 1;
        }
    }
    let entities = doc.entities();
    let mut p: HashSet<(u32, u32, EntityType)> = HashSet::new();
    for m in doc.mentions().iter().filter(|m| scored_form(m.form)) {
        if let Some(e) = entities.get(m.entity.ix()) {
            p.insert((m.span.start, m.span.end, e.etype));
        }
    }
    for e in &gold.entities {
        for m in e.mentions.iter().filter(|m| scored_form(m.form)) {
            if p.contains(&(m.start, m.end, e.etype)) {
                if let Some(r) = report.mention_recall_by_form.get_mut(form_name(m.form)) {
                    r.right += 1;
                }
            }
        }
    }
    let tp = g.intersection(&p).count();
    report.mentions.add(g.len(), p.len(), tp, tp);
    for t in [
        EntityType::Person,
        EntityType::Country,
        EntityType::Organization,
        EntityType::Location,
    ] {
        let gt = g.iter().filter(|x| x.2 == t).count();
        let pt = p.iter().filter(|x| x.2 == t).count();
        let tt = g.intersection(&p).filter(|x| x.2 == t).count();
        report
            .mentions_by_type
            .entry(t.as_str().to_string())
            .or_default()
            .add(gt, pt, tt, tt);
    }
}

pub(crate) fn score_entities(
    gold: &GoldArticle,
    doc: &Document,
    align: &[Option<usize>],
    r: &mut EvalReport,
) {
    let matched = align.iter().flatten().count();
    r.entities
        .add(gold.entities.len(), doc.entities().len(), matched, matched);
    for (oi, gi) in align.iter().enumerate() {
        let Some(gi) = gi else { continue };
        let g = &gold.entities[*gi];
        let out = norm_name(&doc.entities()[oi].name);
        let right = std::iter::once(&g.name)
            .chain(&g.also)
            .any(|n| norm_name(n) == out);
        r.entity_names.add(usize::from(right), 1);
    }
}

pub(crate) fn score_roles(
    gold: &GoldArticle,
    doc: &Document,
    align: &[Option<usize>],
    r: &mut EvalReport,
) {
    let index: HashMap<&str, usize> = gold
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    // Gold roles: (person, title, acceptable `of` entities; empty = none stated).
    let mut gold_roles: Vec<(usize, String, Vec<usize>)> = Vec::new();
    for (gi, e) in gold.entities.iter().enumerate() {
        for role in &e.roles {
            let ofs = role
                .of
                .iter()
                .chain(&role.of_alt)
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect();
            gold_roles.push((gi, role.title.to_lowercase(), ofs));
        }
    }
    // Output roles, deduplicated: (aligned person, title, aligned `of`). `Some(None)` for `of`
    // means the output named an entity that aligns with nothing, which can never be right.
    let mut out_roles: Vec<(Option<usize>, String, Option<Option<usize>>)> = Vec::new();
    for (oi, e) in doc.entities().iter().enumerate() {
        for role in &e.roles {
            let item = (
                align.get(oi).copied().flatten(),
                role.title.to_lowercase(),
                role.of.map(|o| align.get(o.ix()).copied().flatten()),
            );
            if !out_roles.contains(&item) {
                out_roles.push(item);
            }
        }
    }
    let of_ok = |gold_of: &Vec<usize>, out_of: &Option<Option<usize>>| match out_of {
        None => gold_of.is_empty(),
        Some(Some(o)) => gold_of.contains(o),
        Some(None) => false,
    };
    for with_title in [true, false] {
        let mut used = vec![false; gold_roles.len()];
        let mut correct = 0;
        for (person, title, of) in &out_roles {
            let Some(person) = person else { continue };
            let hit = gold_roles
                .iter()
                .enumerate()
                .position(|(i, (gp, gt, gof))| {
                    !used[i] && gp == person && (!with_title || gt == title) && of_ok(gof, of)
                });
            if let Some(i) = hit {
                used[i] = true;
                correct += 1;
            }
        }
        let predicted = if with_title {
            out_roles.len()
        } else {
            let mut pairs: Vec<_> = out_roles.iter().map(|(p, _, o)| (*p, *o)).collect();
            pairs.sort();
            pairs.dedup();
            pairs.len()
        };
        let target = if with_title {
            &mut r.roles
        } else {
            &mut r.roles_ignoring_title
        };
        target.add(gold_roles.len(), predicted, correct, correct.min(predicted));
    }
}

pub(crate) fn score_quotes(
    gold: &GoldArticle,
    doc: &Document,
    align: &[Option<usize>],
    r: &mut EvalReport,
) {
    let text = doc.text.as_str();
    let slice = |s: u32, e: u32| text.get(s as usize..e as usize).unwrap_or("");
    let index: HashMap<&str, usize> = gold
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    for direct in [true, false] {
        let golds: Vec<&GoldQuote> = gold.quotes.iter().filter(|q| q.direct == direct).collect();
        let outs: Vec<_> = doc.quotes().iter().filter(|q| q.direct == direct).collect();
        // An output quote is compared whole and piece by piece: an interrupted quote
        // (`“A,” she said. “B.”`) is one output quote, and gold may mark its pieces.
        let out_texts: Vec<Vec<&str>> = outs
            .iter()
            .map(|q| {
                std::iter::once(q.span)
                    .chain(q.parts.iter().copied().filter(|_| q.parts.len() > 1))
                    .map(|p| slice(p.start, p.end))
                    .collect()
            })
            .collect();
        let best_overlap = |texts: &[&str], g: &str| {
            texts
                .iter()
                .map(|t| quote_overlap(t, g))
                .fold(0.0, f64::max)
        };
        let mut found = 0;
        let (mut named, mut right) = (0, 0);
        for g in &golds {
            let best = out_texts
                .iter()
                .enumerate()
                .map(|(i, t)| (i, best_overlap(t, &g.text)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let Some((bi, ov)) = best else { continue };
            if ov < QUOTE_OVERLAP {
                continue;
            }
            found += 1;
            let Some(speaker) = g.speaker.as_deref() else {
                continue;
            };
            named += 1;
            let gi = index.get(speaker).copied();
            if speaker_right(gold, doc, align, gi, outs[bi].speaker.map(|s| s.ix())) {
                right += 1;
            }
        }
        let correct_out = out_texts
            .iter()
            .filter(|t| {
                golds
                    .iter()
                    .any(|g| best_overlap(t, &g.text) >= QUOTE_OVERLAP)
            })
            .count();
        let (prf, speakers) = if direct {
            (&mut r.direct_quotes, &mut r.direct_speakers)
        } else {
            (&mut r.indirect_quotes, &mut r.indirect_speakers)
        };
        prf.add(golds.len(), outs.len(), found, correct_out);
        speakers.add(right, named);
        if direct {
            let taken = gold
                .non_quotes
                .iter()
                .filter(|n| {
                    out_texts
                        .iter()
                        .any(|t| best_overlap(t, &n.text) >= QUOTE_OVERLAP)
                })
                .count();
            r.non_quotes_output_as_quotes
                .add(taken, gold.non_quotes.len());
        }
    }
}
