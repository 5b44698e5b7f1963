//! Quotes by or about an entity.

use super::*;

impl Store {
    /// Quotations, oldest article first: by a speaker (`by`), and/or mentioning an entity in
    /// the quoted words (`about`).
    pub fn quotes(&self, by: Option<i64>, about: Option<i64>) -> Result<Vec<QuoteRow>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, q.span_start, q.span_end, q.text, q.direct, l.gid, d.published, o.name
             FROM quotes q JOIN documents d ON d.seq = q.doc
             LEFT JOIN outlets o ON o.id = d.outlet_id
             LEFT JOIN entity_links l ON l.doc = q.doc AND l.entity_ix = q.speaker_ix
             WHERE (CAST(?1 AS BIGINT) IS NULL OR l.gid = ?1)
               AND (CAST(?2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM mentions m JOIN entity_links a
                      ON a.doc = m.doc AND a.entity_ix = m.entity_ix
                    WHERE m.doc = q.doc AND a.gid = ?2
                      AND m.span_start >= q.span_start AND m.span_end <= q.span_end))
             ORDER BY d.published IS NULL, d.published, q.doc, q.ix",
        )?;
        type Raw = (
            Evidence,
            String,
            bool,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Raw> = st
            .query_map(params![by, about], |r| {
                Ok((
                    ev(r.get(0)?, r.get(1)?, r.get(2)?),
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<Result<_>>()?;
        rows.into_iter()
            .map(|(evidence, text, direct, speaker, date, outlet)| {
                Ok(QuoteRow {
                    speaker: speaker.map(|g| entity_ref(&self.conn, g)).transpose()?,
                    text,
                    direct,
                    date,
                    outlet,
                    evidence,
                })
            })
            .collect()
    }
}
