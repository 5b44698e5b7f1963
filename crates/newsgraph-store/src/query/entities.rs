//! Entities: lists, pages, single rows and look-up by name.

use super::*;

/// A `gentities` row read as `SELECT id, name, type, code, mentions, outlets`, aliases not yet
/// filled in.
pub(super) fn base_row(r: &crate::db::Row) -> Result<(i64, EntityRow)> {
    let gid: i64 = r.get(0)?;
    Ok((
        gid,
        EntityRow {
            id: gid_label(gid),
            name: r.get(1)?,
            etype: r.get(2)?,
            code: r.get(3)?,
            aliases: Vec::new(),
            mentions: r.get::<_, i64>(4)?.max(0) as u64,
            outlets: r.get::<_, i64>(5)?.max(0) as u64,
        },
    ))
}

/// Recount the mentions and outlets kept on the rows of the global entities that documents
/// not yet in the graph (`graph_documents`) link to. Run by [`Store::resolve`] after linking
/// and before marking the documents: links are only ever added, by resolving new documents,
/// so every other entity's counts are unchanged.
pub(crate) fn recount_entities(conn: &Db) -> Result<()> {
    conn.prepare_cached(
        "UPDATE gentities SET mentions = c.n, outlets = c.o FROM (
             SELECT l.gid AS gid,
                    sum((SELECT count(*) FROM mentions m
                         WHERE m.doc = l.doc AND m.entity_ix = l.entity_ix)) AS n,
                    count(DISTINCT coalesce(d.outlet_id, -d.seq)) AS o
             FROM entity_links l JOIN documents d ON d.seq = l.doc
             WHERE l.gid IN (SELECT gid FROM entity_links
                             WHERE doc NOT IN (SELECT doc FROM graph_documents))
             GROUP BY l.gid
         ) AS c WHERE c.gid = gentities.id",
    )?
    .execute(())?;
    Ok(())
}

/// `g12` for global entity 12.
pub fn gid_label(gid: i64) -> String {
    format!("g{gid}")
}

pub(super) fn entity_ref(conn: &Db, gid: i64) -> Result<EntityRef> {
    let name: String = conn
        .prepare_cached("SELECT name FROM gentities WHERE id = ?1")?
        .query_row([gid], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    Ok(EntityRef {
        id: gid_label(gid),
        name,
    })
}

impl Store {
    /// Global entities, most mentioned first (then by name, then oldest id), optionally of one
    /// type and whose name or an alias contains `query` (case- and accent-insensitive).
    pub fn entities(&self, etype: Option<&str>, query: Option<&str>) -> Result<Vec<EntityRow>> {
        Ok(self.entities_page(etype, query, 0, None)?.rows)
    }

    /// One page of [`Store::entities`]: the `limit` rows (all when `None`) after the first
    /// `offset`, in the same order, and how many match in all. Without `query` the cost is that
    /// of the page: the order is an index of the counts kept on each entity's row, and names
    /// are read for the page's entities only. A `query` reads every name once to match it.
    pub fn entities_page(
        &self,
        etype: Option<&str>,
        query: Option<&str>,
        offset: u64,
        limit: Option<u64>,
    ) -> Result<EntityPage> {
        let conn = &self.conn;
        let etype = etype.map(str::to_uppercase);
        let cols = "SELECT id, name, type, code, mentions, outlets FROM gentities";
        let order = "ORDER BY mentions DESC, name, id";
        let folded = query.map(fold).filter(|q| !q.is_empty());
        let (total, base) = match &folded {
            None => {
                let total: i64 = match &etype {
                    Some(t) => conn
                        .prepare_cached("SELECT count(*) FROM gentities WHERE type = ?1")?
                        .query_row([t], |r| r.get(0))?,
                    None => conn
                        .prepare_cached("SELECT count(*) FROM gentities")?
                        .query_row((), |r| r.get(0))?,
                };
                let lim = limit.map_or(i64::MAX, |l| l.min(i64::MAX as u64) as i64);
                let off = offset.min(i64::MAX as u64) as i64;
                let base = match &etype {
                    Some(t) => conn
                        .prepare_cached(&format!(
                            "{cols} WHERE type = ?1 {order} LIMIT ?2 OFFSET ?3"
                        ))?
                        .query_map(params![t, lim, off], base_row)?
                        .collect::<Result<Vec<_>>>()?,
                    None => conn
                        .prepare_cached(&format!("{cols} {order} LIMIT ?1 OFFSET ?2"))?
                        .query_map(params![lim, off], base_row)?
                        .collect::<Result<Vec<_>>>()?,
                };
                (total as u64, base)
            }
            Some(q) => {
                // Every name an entity is written with, matched folded.
                let mut st = conn.prepare_cached(
                    "SELECT id, name FROM gentities
                     UNION SELECT l.gid, e.name FROM entity_links l
                       JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
                     UNION SELECT l.gid, m.text FROM entity_links l
                       JOIN mentions m ON m.doc = l.doc AND m.entity_ix = l.entity_ix
                       WHERE m.form IN ('name', 'abbreviation')",
                )?;
                let mut hits = HashSet::new();
                for row in
                    st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                {
                    let (gid, name) = row?;
                    if !hits.contains(&gid) && fold(&name).contains(q.as_str()) {
                        hits.insert(gid);
                    }
                }
                let all = match &etype {
                    Some(t) => conn
                        .prepare_cached(&format!("{cols} WHERE type = ?1 {order}"))?
                        .query_map([t], base_row)?
                        .collect::<Result<Vec<_>>>()?,
                    None => conn
                        .prepare_cached(&format!("{cols} {order}"))?
                        .query_map((), base_row)?
                        .collect::<Result<Vec<_>>>()?,
                };
                let matching: Vec<(i64, EntityRow)> =
                    all.into_iter().filter(|r| hits.contains(&r.0)).collect();
                let total = matching.len() as u64;
                let page = matching
                    .into_iter()
                    .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                    .take(limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX)))
                    .collect();
                (total, page)
            }
        };
        let rows = self.with_aliases(base)?;
        Ok(EntityPage { total, rows })
    }

    /// Entity rows with their aliases, read for those entities only (in batches of a few
    /// hundred ids).
    pub(super) fn with_aliases(&self, rows: Vec<(i64, EntityRow)>) -> Result<Vec<EntityRow>> {
        const BATCH: usize = 400;
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        let gids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        for chunk in gids.chunks(BATCH) {
            let marks = (1..=chunk.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(",");
            // SQLite's planner needs the hint to use the index; PostgreSQL has no hints.
            let hint = match self.dialect() {
                crate::db::Dialect::Sqlite => "INDEXED BY mentions_entity",
                crate::db::Dialect::Postgres => "",
            };
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT l.gid, e.name FROM entity_links l
                 JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix WHERE l.gid IN ({marks})
                 UNION
                 SELECT l.gid, m.text FROM entity_links l
                 JOIN mentions m {hint}
                   ON m.doc = l.doc AND m.entity_ix = l.entity_ix
                 WHERE l.gid IN ({marks}) AND m.form IN ('name', 'abbreviation')"
            ))?;
            for row in st.query_map(chunk, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
                let (gid, name) = row?;
                names.entry(gid).or_default().push(name);
            }
        }
        Ok(rows
            .into_iter()
            .map(|(gid, mut row)| {
                let mut aliases: Vec<String> = names
                    .remove(&gid)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| *a != row.name)
                    .collect();
                aliases.sort();
                aliases.dedup();
                row.aliases = aliases;
                row
            })
            .collect())
    }

    /// One global entity's row.
    pub fn entity_row(&self, gid: i64) -> Result<EntityRow> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, name, type, code, mentions, outlets FROM gentities WHERE id = ?1",
            )?
            .query_row([gid], base_row)?;
        Ok(self
            .with_aliases(vec![row])?
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                unreachable!("with_aliases returns one row for each row it is given")
            }))
    }

    /// The global entities a user's name for one may mean, best first: an id (`g12`), an
    /// exact name or alias, the same person key (`Zelensky` finds `Volodymyr Zelenskyy`'s
    /// surname), then names containing the words.
    pub fn find_entities(&self, name: &str, config: &GraphConfig) -> Result<Vec<i64>> {
        let conn = &self.conn;
        if let Some(n) = name.strip_prefix('g').and_then(|n| n.parse::<i64>().ok()) {
            let exists = conn
                .prepare_cached("SELECT 1 FROM gentities WHERE id = ?1")?
                .exists([n])?;
            if exists {
                return Ok(vec![n]);
            }
        }
        let folded = fold(name);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let by_mentions = |ids: Vec<i64>| -> Result<Vec<i64>> {
            let mut scored: Vec<(u64, i64)> = Vec::new();
            let mut st = conn.prepare_cached("SELECT mentions FROM gentities WHERE id = ?1")?;
            for g in ids {
                scored.push((st.query_row([g], |r| r.get::<_, i64>(0))?.max(0) as u64, g));
            }
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.dedup_by_key(|x| x.1);
            Ok(scored.into_iter().map(|(_, g)| g).collect())
        };
        // Exact names and aliases.
        let mut st = conn.prepare_cached(
            "SELECT id, name FROM gentities
             UNION ALL SELECT l.gid, e.name FROM entity_links l
               JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
             UNION ALL SELECT l.gid, m.text FROM entity_links l
               JOIN mentions m ON m.doc = l.doc AND m.entity_ix = l.entity_ix
               WHERE m.form IN ('name', 'abbreviation')",
        )?;
        let all: Vec<(i64, String)> = st
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_>>()?;
        let exact: Vec<i64> = all
            .iter()
            .filter(|(_, n)| fold(n) == folded)
            .map(|(g, _)| *g)
            .collect();
        if !exact.is_empty() {
            return by_mentions(exact);
        }
        // Keys: the person key, a country code, a surname.
        if let Some(pk) = person_key(name, &config.given) {
            let mut keys = vec![
                format!("P:{}", pk.full),
                format!("C:{}", name.to_uppercase()),
            ];
            if pk.words == 1 {
                keys.push(format!("P:S:{}", pk.last));
                keys.push(format!("P:F:{}", pk.first));
            }
            let mut found = Vec::new();
            let mut st = conn.prepare_cached("SELECT gid FROM gentity_keys WHERE key = ?1")?;
            for k in keys {
                for g in st.query_map([k], |r| r.get::<_, i64>(0))? {
                    found.push(g?);
                }
            }
            if !found.is_empty() {
                return by_mentions(found);
            }
        }
        let contains: Vec<i64> = all
            .iter()
            .filter(|(_, n)| fold(n).contains(&folded))
            .map(|(g, _)| *g)
            .collect();
        by_mentions(contains)
    }
}
