//! An entity's profile and what links two entities, with their timelines.

use super::*;

impl Store {
    /// Everything known about one global entity.
    pub fn profile(&self, gid: i64) -> Result<Profile> {
        let conn = &self.conn;
        let entity = self.entity_row(gid)?;
        let mut st = conn.prepare_cached(
            "SELECT m.text, d.id, m.span_start, m.span_end FROM entity_links l
             JOIN mentions m ON m.doc = l.doc AND m.entity_ix = l.entity_ix
             JOIN documents d ON d.seq = l.doc
             WHERE l.gid = ?1 AND m.form IN ('name', 'abbreviation') ORDER BY l.doc, m.ix",
        )?;
        let mut names: Vec<NameRow> = Vec::new();
        for row in st.query_map([gid], |r| {
            Ok((r.get::<_, String>(0)?, ev(r.get(1)?, r.get(2)?, r.get(3)?)))
        })? {
            let (name, evidence) = row?;
            match names.iter_mut().find(|n| n.name == name) {
                Some(n) => n.count += 1,
                None => names.push(NameRow {
                    name,
                    count: 1,
                    evidence,
                }),
            }
        }
        let mut st = conn.prepare_cached(
            "SELECT r.title, lo.gid, d.published, d.id, r.span_start, r.span_end
             FROM entity_links l JOIN roles r ON r.doc = l.doc AND r.entity_ix = l.entity_ix
             JOIN documents d ON d.seq = l.doc
             LEFT JOIN entity_links lo ON lo.doc = r.doc AND lo.entity_ix = r.of_ix
             WHERE l.gid = ?1 ORDER BY d.published IS NULL, d.published, l.doc, r.ix",
        )?;
        type RawRole = (String, Option<i64>, Option<String>, Evidence);
        let raw: Vec<RawRole> = st
            .query_map([gid], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    ev(r.get(3)?, r.get(4)?, r.get(5)?),
                ))
            })?
            .collect::<Result<_>>()?;
        let roles = raw
            .into_iter()
            .map(|(title, of, date, evidence)| {
                Ok(RoleRow {
                    title,
                    of: of.map(|g| entity_ref(conn, g)).transpose()?,
                    date,
                    evidence,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let quotes = self.quotes(Some(gid), None)?;
        let as_actor = self.events(&EventFilter {
            actor: Some(gid),
            ..EventFilter::default()
        })?;
        let as_recipient = self.events(&EventFilter {
            recipient: Some(gid),
            ..EventFilter::default()
        })?;
        let relations = self.relations_of(gid, None)?;
        let mut timeline = Vec::new();
        for r in &roles {
            timeline.push(TimelineItem {
                date: r.date.clone(),
                kind: "role".into(),
                text: match &r.of {
                    Some(of) => format!("{} ({})", r.title, of.name),
                    None => r.title.clone(),
                },
                score: None,
                evidence: vec![r.evidence.clone()],
            });
        }
        timeline.extend(quote_items(&quotes));
        let mut seen = Vec::new();
        for e in as_actor.iter().chain(&as_recipient) {
            if !seen.contains(&e.id) {
                seen.push(e.id.clone());
                timeline.push(event_item(e));
            }
        }
        timeline.extend(relation_items(&relations));
        sort_timeline(&mut timeline);
        Ok(Profile {
            entity,
            names,
            roles,
            quotes,
            as_actor,
            as_recipient,
            relations,
            timeline,
        })
    }

    /// Everything that links two global entities, in time order, with the balance of
    /// cooperation and conflict of the events between them.
    pub fn between(&self, a: i64, b: i64) -> Result<Between> {
        let mut st = self.conn.prepare(
            "SELECT pa.gevent FROM gevent_participants pa
             JOIN gevent_participants pb ON pb.gevent = pa.gevent
             WHERE pa.gid = ?1 AND pb.gid = ?2 GROUP BY pa.gevent",
        )?;
        let ids: Vec<i64> = st.query_map([a, b], |r| r.get(0))?.collect::<Result<_>>()?;
        let mut balance = Balance::default();
        let mut items = Vec::new();
        let mut tones = Vec::new();
        for id in ids {
            let e = self.event_row(id)?;
            if e.negated {
                continue;
            }
            match e.score.partial_cmp(&0.0) {
                Some(std::cmp::Ordering::Greater) => balance.cooperation += 1,
                Some(std::cmp::Ordering::Less) => balance.conflict += 1,
                _ => balance.neutral += 1,
            }
            balance.weighted_score += e.score * e.sources.max(1) as f64;
            tones.extend(e.tone);
            items.push(event_item(&e));
        }
        balance.tone = (!tones.is_empty()).then(|| tones.iter().sum::<f64>() / tones.len() as f64);
        let mut quotes = self.quotes(Some(a), Some(b))?;
        quotes.extend(self.quotes(Some(b), Some(a))?);
        items.extend(quote_items(&quotes));
        items.extend(relation_items(&self.relations_of(a, Some(b))?));
        sort_timeline(&mut items);
        Ok(Between {
            a: entity_ref(&self.conn, a)?,
            b: entity_ref(&self.conn, b)?,
            items,
            balance,
        })
    }
}

pub(super) fn names(list: &[EntityRef]) -> String {
    list.iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An event as a timeline line: `Lin Jian, China ACCUSE North Atlantic Treaty Organization`.
pub(super) fn event_item(e: &EventRow) -> TimelineItem {
    let mut text = format!("{} {}", names(&e.actors), e.etype);
    if let Some(m) = &e.mode {
        text.push_str(&format!(" ({m})"));
    }
    if !e.recipients.is_empty() {
        text.push_str(&format!(" {}", names(&e.recipients)));
    }
    if e.negated {
        text.push_str(" [denied]");
    }
    let plural = if e.sources == 1 { "" } else { "s" };
    text.push_str(&format!(" [{} source{plural}]", e.sources));
    let date = events::date_label(e.date_lo.as_deref(), e.date_hi.as_deref())
        .or_else(|| e.documents.iter().find_map(|d| d.published.clone()));
    TimelineItem {
        date,
        kind: "event".into(),
        text,
        score: Some(e.score),
        evidence: e.evidence.clone(),
    }
}

pub(super) fn quote_items(quotes: &[QuoteRow]) -> Vec<TimelineItem> {
    quotes
        .iter()
        .map(|q| TimelineItem {
            date: q.date.clone(),
            kind: "quote".into(),
            // Reported speech is the reporter's paraphrase: never between quotation marks.
            text: {
                let who = q.speaker.as_ref().map_or("(unnamed)", |s| s.name.as_str());
                if q.direct {
                    format!("{who}: “{}”", q.text)
                } else {
                    format!("{who} (reported): {}", q.text)
                }
            },
            score: None,
            evidence: vec![q.evidence.clone()],
        })
        .collect()
}

pub(super) fn relation_items(relations: &[RelationRow]) -> Vec<TimelineItem> {
    relations
        .iter()
        .map(|r| TimelineItem {
            date: r.date.clone(),
            kind: "relation".into(),
            text: format!("{} {} {}", r.subject.name, r.predicate, r.object.name),
            score: None,
            evidence: vec![r.evidence.clone()],
        })
        .collect()
}

pub(super) fn sort_timeline(items: &mut [TimelineItem]) {
    items.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.kind).cmp(&(b.date.is_none(), &b.date, &b.kind))
    });
}
