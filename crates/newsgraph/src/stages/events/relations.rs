//! Relations between entities: from roles (`leader_of`, `spokesperson_of`, `member_of`) and
//! from events whose pattern states one (`supplies`, `opposes`, `represents`, `allied_with`,
//! `partner_of`).
//!
//! Reads the entity layer (roles) and the events just found; writes `relations`. Negated and
//! hypothetical events state no relation. Each relation keeps the span of its evidence: the
//! role's evidence, or the event's sentence.

use super::EventData;
use crate::document::{Document, EntityIx, EntityType, Modality, Relation, Span};

/// A relation candidate from an event: predicate, subjects, objects, evidence, detail.
pub struct FromEvent {
    /// The predicate.
    pub predicate: String,
    /// Entities the text names as acting.
    pub subjects: Vec<EntityIx>,
    /// Entities the text names as receiving.
    pub objects: Vec<EntityIx>,
    /// The evidence sentence.
    pub span: Span,
    /// What is supplied, for `supplies`.
    pub detail: Option<String>,
    /// The event's modality.
    pub modality: Modality,
}

/// Relations stated by roles.
pub fn from_roles(doc: &Document, data: &EventData) -> Vec<Relation> {
    let mut out = Vec::new();
    for (i, e) in doc.entities().iter().enumerate() {
        if e.etype != EntityType::Person {
            continue;
        }
        for role in &e.roles {
            let Some(of) = role.of else { continue };
            let predicate = data
                .relation_titles
                .get(&role.title.to_lowercase())
                .cloned()
                .unwrap_or_else(|| "member_of".to_string());
            out.push(Relation {
                subject: EntityIx(i as u32),
                predicate,
                object: of,
                detail: None,
                span: role.evidence,
            });
        }
    }
    out
}

/// Relations stated by events.
pub fn from_events(items: &[FromEvent]) -> Vec<Relation> {
    let mut out = Vec::new();
    for it in items {
        if matches!(it.modality, Modality::Negated | Modality::Hypothetical) {
            continue;
        }
        for &s in &it.subjects {
            for &o in &it.objects {
                if s != o {
                    out.push(Relation {
                        subject: s,
                        predicate: it.predicate.clone(),
                        object: o,
                        detail: it.detail.clone(),
                        span: it.span,
                    });
                }
            }
        }
    }
    out
}

/// Sort by evidence and drop repeats of the same (subject, predicate, object, evidence).
pub fn finish(mut rels: Vec<Relation>) -> Vec<Relation> {
    rels.sort_by_key(|r| (r.span.start, r.span.end, r.subject, r.object));
    rels.dedup_by(|a, b| {
        a.subject == b.subject
            && a.object == b.object
            && a.predicate == b.predicate
            && a.span == b.span
    });
    rels
}
