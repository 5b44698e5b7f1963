//! Conflicts between sources, and relations.

use super::*;

impl Store {
    /// Every conflict with both versions.
    pub fn conflicts(&self) -> Result<Vec<ConflictRow>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.kind, c.gid, c.gevent, c.value_a, da.id, c.start_a, c.end_a, oa.name,
                 c.value_b, db.id, c.start_b, c.end_b, ob.name
             FROM conflicts c
             JOIN documents da ON da.seq = c.doc_a LEFT JOIN outlets oa ON oa.id = da.outlet_id
             JOIN documents db ON db.seq = c.doc_b LEFT JOIN outlets ob ON ob.id = db.outlet_id
             ORDER BY c.id",
        )?;
        type Raw = (i64, String, Option<i64>, Option<i64>, Version, Version);
        let rows: Vec<Raw> = st
            .query_map((), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    Version {
                        value: r.get(4)?,
                        evidence: ev(r.get(5)?, r.get(6)?, r.get(7)?),
                        outlet: r.get(8)?,
                    },
                    Version {
                        value: r.get(9)?,
                        evidence: ev(r.get(10)?, r.get(11)?, r.get(12)?),
                        outlet: r.get(13)?,
                    },
                ))
            })?
            .collect::<Result<_>>()?;
        rows.into_iter()
            .map(|(id, kind, gid, gevent, a, b)| {
                Ok(ConflictRow {
                    id: format!("c{id}"),
                    kind,
                    entity: gid.map(|g| entity_ref(&self.conn, g)).transpose()?,
                    event: gevent.map(|e| format!("ev{e}")),
                    a,
                    b,
                })
            })
            .collect()
    }

    /// Relations in which a global entity is subject or object (or, with `other`, those
    /// between the two).
    pub fn relations_of(&self, gid: i64, other: Option<i64>) -> Result<Vec<RelationRow>> {
        let mut st = self.conn.prepare(
            "SELECT ls.gid, r.predicate, lo.gid, r.detail, d.published, d.id, r.span_start,
                 r.span_end
             FROM relations r JOIN documents d ON d.seq = r.doc
             JOIN entity_links ls ON ls.doc = r.doc AND ls.entity_ix = r.subject_ix
             JOIN entity_links lo ON lo.doc = r.doc AND lo.entity_ix = r.object_ix
             WHERE (ls.gid = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR lo.gid = ?2))
                OR (lo.gid = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR ls.gid = ?2))
             ORDER BY d.published IS NULL, d.published, r.doc, r.ix",
        )?;
        type Raw = (i64, String, i64, Option<String>, Option<String>, Evidence);
        let rows: Vec<Raw> = st
            .query_map(params![gid, other], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    ev(r.get(5)?, r.get(6)?, r.get(7)?),
                ))
            })?
            .collect::<Result<_>>()?;
        rows.into_iter()
            .map(|(s, predicate, o, detail, date, evidence)| {
                Ok(RelationRow {
                    subject: entity_ref(&self.conn, s)?,
                    predicate,
                    object: entity_ref(&self.conn, o)?,
                    detail,
                    date,
                    evidence,
                })
            })
            .collect()
    }
}
