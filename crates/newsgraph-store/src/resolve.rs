//! Cross-document entity resolution: links each per-document entity (`entities`) to one global
//! entity (`gentities`, through `entity_links`), creating global entities as needed.
//!
//! Resolution is incremental and order-deterministic: documents are taken in `seq` order, and
//! each entity is looked up by its keys (see [`crate::names`]) in an index of the keys every
//! global entity already answers to (`gentity_keys`). Processing all documents from scratch
//! gives the same graph as processing them in several ingests, which is what makes a rebuild
//! (after the alias file changed) safe and ids stable.
//!
//! The rules, by type:
//! - countries by ISO code; places by folded name;
//! - organisations by folded name plus owning country (the Chinese and the Japanese foreign
//!   ministries stay apart), or by an acronym the text wrote (`NATO`) or the name's initials;
//! - persons by the full-name key (hyphenation, spacing, transliteration, short given names);
//!   then, only when exactly one candidate remains after checking affiliations (role
//!   countries and organisations; for a bare surname, the countries the article mentions), by
//!   surname alone (`Marles`) or by surname with another given name (`Robert` / `Richard
//!   Marles`: both Australian, by their roles or, for a title held in no stated body, by the
//!   countries the article names; and the same initial or the same title). Two candidates means no merge:
//!   people who share a surname are kept apart unless the evidence singles one out.
//!   A global entity never takes two entities of the same document by a fuzzy rule: the
//!   document already said they are different.

use crate::db::Db;
use crate::graph::GraphConfig;
use crate::names::{acronym, fold, is_acronym, person_key, title_key, words};
use crate::params;
use crate::Result;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What one global entity is known to be, for matching.
#[derive(Debug, Default, Clone)]
struct Global {
    etype: String,
    /// Most words in any of its names.
    words: usize,
    /// Affiliations of its roles: country codes and `O:` organisation keys.
    affiliations: BTreeSet<String>,
    /// Folded titles of its roles.
    titles: BTreeSet<String>,
    /// First letters of its given names (multi-word person names).
    initials: BTreeSet<char>,
    /// Folded names of its entities.
    names: BTreeSet<String>,
    /// Documents it has entities in.
    docs: HashSet<i64>,
}

/// The in-memory index of global entities, loaded once per resolve.
pub(crate) struct Index {
    keys: HashMap<String, Vec<i64>>,
    globals: HashMap<i64, Global>,
    /// Global entities that took new entities in this resolve (their names are recomputed).
    pub(crate) touched: BTreeSet<i64>,
    pub(crate) linked: u64,
    pub(crate) created: u64,
}

/// One per-document entity with what resolution needs of it.
#[derive(Debug, Clone)]
struct Local {
    ix: u32,
    name: String,
    etype: String,
    code: Option<String>,
    owner_code: Option<String>,
    abbreviations: Vec<String>,
    affiliations: BTreeSet<String>,
    titles: BTreeSet<String>,
    /// `doc:ix` for a group named only by a common noun with no country (`gunmen`, `police`):
    /// such a group is never the same entity as one in another document.
    local_only: Option<String>,
}

impl Index {
    /// Load the keys and what is known of every global entity.
    pub(crate) fn load(conn: &Db) -> Result<Index> {
        let mut index = Index {
            keys: HashMap::new(),
            globals: HashMap::new(),
            touched: BTreeSet::new(),
            linked: 0,
            created: 0,
        };
        let mut st = conn.prepare("SELECT key, gid FROM gentity_keys ORDER BY key, gid")?;
        for row in st.query_map((), |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (k, g) = row?;
            index.keys.entry(k).or_default().push(g);
        }
        let mut st = conn.prepare("SELECT id, type FROM gentities ORDER BY id")?;
        for row in st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (g, etype) = row?;
            index.globals.insert(
                g,
                Global {
                    etype,
                    ..Global::default()
                },
            );
        }
        let mut st = conn.prepare(
            "SELECT l.gid, l.doc, e.name FROM entity_links l
             JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
             ORDER BY l.doc, l.entity_ix",
        )?;
        for row in st.query_map((), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (g, doc, name) = row?;
            if let Some(gl) = index.globals.get_mut(&g) {
                note_name(gl, &name);
                gl.docs.insert(doc);
            }
        }
        let mut st = conn.prepare(
            "SELECT l.gid, r.title, o.type, o.code, o.name, ow.code
             FROM entity_links l
             JOIN roles r ON r.doc = l.doc AND r.entity_ix = l.entity_ix
             LEFT JOIN entities o ON o.doc = r.doc AND o.ix = r.of_ix
             LEFT JOIN entities ow ON ow.doc = o.doc AND ow.ix = o.owner_ix
             ORDER BY l.doc, l.entity_ix, r.ix",
        )?;
        for row in st.query_map((), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                affiliation(
                    r.get::<_, Option<String>>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ),
            ))
        })? {
            let (g, title, aff) = row?;
            if let Some(gl) = index.globals.get_mut(&g) {
                gl.titles.insert(title_key(&title));
                gl.affiliations.extend(aff);
            }
        }
        Ok(index)
    }

    fn lookup(&self, key: &str) -> &[i64] {
        self.keys.get(key).map_or(&[], Vec::as_slice)
    }

    /// Link every entity of document `doc` (not linked yet) to a global entity.
    pub(crate) fn link_document(&mut self, conn: &Db, cfg: &GraphConfig, doc: i64) -> Result<()> {
        let locals = load_locals(conn, doc)?;
        let doc_countries: BTreeSet<String> =
            locals.iter().filter_map(|l| l.code.clone()).collect();
        let mut insert_link = conn.prepare_cached(
            "INSERT INTO entity_links (doc, entity_ix, gid, rule) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for local in &locals {
            let (keys, lookups) = keys_of(local, cfg);
            let (gid, rule) = match self.find(local, &keys, &lookups, cfg, doc, &doc_countries) {
                Some(found) => found,
                None => {
                    let primary = keys.first().cloned().unwrap_or_default();
                    let code = local.code.clone().or(local.owner_code.clone());
                    let gid: i64 = conn.query_row(
                        "INSERT INTO gentities (type, name, code, key) VALUES (?1, ?2, ?3, ?4)
                         RETURNING id",
                        params![local.etype, local.name, code, primary],
                        |r| r.get(0),
                    )?;
                    self.globals.insert(
                        gid,
                        Global {
                            etype: local.etype.clone(),
                            ..Global::default()
                        },
                    );
                    self.created += 1;
                    (gid, "new")
                }
            };
            insert_link.execute(params![doc, local.ix, gid, rule])?;
            self.linked += 1;
            self.touched.insert(gid);
            let mut add_key = conn.prepare_cached(
                "INSERT INTO gentity_keys (key, gid) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?;
            // A bare surname linked by the fuzzy rule lends the entity no key: the next bare
            // `Clarke` must be judged on its own article's evidence, not found by exact lookup.
            let lend = !(rule == "surname" && words(&local.name).len() < 2);
            for k in keys.iter().filter(|_| lend) {
                let list = self.keys.entry(k.clone()).or_default();
                if !list.contains(&gid) {
                    list.push(gid);
                    add_key.execute(params![k, gid])?;
                }
            }
            if let Some(gl) = self.globals.get_mut(&gid) {
                note_name(gl, &local.name);
                gl.docs.insert(doc);
                gl.titles.extend(local.titles.iter().cloned());
                gl.affiliations.extend(local.affiliations.iter().cloned());
            }
        }
        Ok(())
    }

    /// The global entity a local one is, and the rule that says so.
    fn find(
        &self,
        local: &Local,
        keys: &[String],
        lookups: &[(String, &'static str)],
        cfg: &GraphConfig,
        doc: i64,
        doc_countries: &BTreeSet<String>,
    ) -> Option<(i64, &'static str)> {
        let folded = fold(&local.name);
        let blocked = |g: i64| match self.globals.get(&g) {
            Some(gl) => {
                gl.etype != local.etype
                    || gl.names.iter().any(|n| cfg.aliases.different(&folded, n))
            }
            None => true,
        };
        // Exact keys (the primary key first, then acronyms): the first that finds one.
        for (key, rule) in keys
            .iter()
            .take(1)
            .map(|k| (k, "exact"))
            .chain(lookups.iter().map(|(k, r)| (k, *r)))
        {
            let found: Vec<i64> = self
                .lookup(key)
                .iter()
                .copied()
                .filter(|g| !blocked(*g))
                .collect();
            if rule == "owner" {
                // only when the name is unambiguous
                let distinct: BTreeSet<i64> = found.iter().copied().collect();
                if distinct.len() == 1 {
                    return Some((found[0], rule));
                }
                continue;
            }
            if let Some(g) = found.iter().min() {
                let rule = if key.starts_with("X:") { "alias" } else { rule };
                return Some((*g, rule));
            }
        }
        if local.etype != "PERSON" || keys.first().is_some_and(|k| k.starts_with("X:")) {
            return None;
        }
        // Fuzzy person rules: one candidate or none.
        let pk = person_key(&local.name, &cfg.given)?;
        let fresh = |g: &i64| {
            !blocked(*g)
                && self
                    .globals
                    .get(g)
                    .is_some_and(|gl| !gl.docs.contains(&doc))
        };
        let candidates: BTreeSet<i64> = if pk.words >= 2 {
            let mut c: BTreeSet<i64> = self
                .lookup(&format!("P:S:{}", pk.last))
                .iter()
                .copied()
                .collect();
            c.extend(self.lookup(&format!("P:1:{}", pk.last)));
            c.into_iter().filter(fresh).collect()
        } else {
            let mut c: BTreeSet<i64> = self
                .lookup(&format!("P:S:{}", pk.last))
                .iter()
                .copied()
                .collect();
            c.extend(self.lookup(&format!("P:1:{}", pk.last)));
            let word = words(&local.name).pop().unwrap_or_default();
            if !cfg.given.is_given_name(&word) {
                c.extend(self.lookup(&format!("P:F:{}", pk.first)));
            }
            c.into_iter().filter(fresh).collect()
        };
        let initial = pk.first.chars().next();
        let ok: Vec<(i64, &'static str)> = candidates
            .into_iter()
            .filter_map(|g| {
                let gl = self.globals.get(&g)?;
                let shares = |a: &BTreeSet<String>| !a.is_disjoint(&gl.affiliations);
                if pk.words >= 2 && gl.words >= 2 {
                    // Another given name: only with the same affiliation and a shared title or
                    // the same initial (a misremembered first name).
                    // A role without a stated body counts the article's countries.
                    let agree = if local.affiliations.is_empty() {
                        !local.titles.is_empty() && shares(doc_countries)
                    } else {
                        shares(&local.affiliations)
                    };
                    let alike = !local.titles.is_disjoint(&gl.titles)
                        || initial.is_some_and(|c| gl.initials.contains(&c));
                    (agree && alike).then_some((g, "given_name"))
                } else {
                    // A bare surname on either side: affiliations must not disagree, and a bare
                    // surname with no role must be in an article naming the person's country.
                    let agree = if !local.affiliations.is_empty() {
                        gl.affiliations.is_empty() || shares(&local.affiliations)
                    } else {
                        gl.affiliations.is_empty() || shares(doc_countries)
                    };
                    agree.then_some((g, "surname"))
                }
            })
            .collect();
        match ok.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Give each touched global entity its display name: for persons the name with the most
    /// words, then the most frequent, then the longest; for others the most frequent, then
    /// the longest.
    pub(crate) fn update_names(&self, conn: &Db) -> Result<()> {
        let mut st = conn.prepare_cached(
            "SELECT e.name, count(*) AS n FROM entity_links l
             JOIN entities e ON e.doc = l.doc AND e.ix = l.entity_ix
             WHERE l.gid = ?1 GROUP BY e.name",
        )?;
        let mut update = conn.prepare_cached("UPDATE gentities SET name = ?2 WHERE id = ?1")?;
        for g in &self.touched {
            let person = self.globals.get(g).is_some_and(|gl| gl.etype == "PERSON");
            let names: Vec<(String, i64)> = st
                .query_map([g], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_>>()?;
            let best = names.into_iter().max_by(|(a, na), (b, nb)| {
                let wa = if person { words(a).len() } else { 0 };
                let wb = if person { words(b).len() } else { 0 };
                wa.cmp(&wb)
                    .then(na.cmp(nb))
                    .then(a.len().cmp(&b.len()))
                    .then(b.cmp(a))
            });
            if let Some((name, _)) = best {
                update.execute(params![g, name])?;
            }
        }
        Ok(())
    }
}

/// Record a name on a global entity.
fn note_name(gl: &mut Global, name: &str) {
    let ws = words(name);
    gl.words = gl.words.max(ws.len());
    if ws.len() >= 2 {
        if let Some(c) = ws[0].chars().next() {
            gl.initials.insert(c);
        }
    }
    gl.names.insert(fold(name));
}

/// The affiliation a role's `of` entity gives: a country's code, or an organisation's key and
/// its owner's code.
pub(crate) fn affiliation(
    of_type: Option<String>,
    code: Option<String>,
    name: Option<String>,
    owner_code: Option<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    match of_type.as_deref() {
        Some("COUNTRY") => out.extend(code.or(name.map(|n| fold(&n)))),
        Some(_) => {
            if let Some(n) = name {
                out.push(format!("O:{}", fold(&n)));
            }
            out.extend(owner_code);
        }
        None => {}
    }
    out
}

/// Load a document's entities with their abbreviations, roles and owners.
fn load_locals(conn: &Db, doc: i64) -> Result<Vec<Local>> {
    let mut st = conn.prepare_cached(
        "SELECT e.ix, e.name, e.type, e.code, o.code FROM entities e
         LEFT JOIN entities o ON o.doc = e.doc AND o.ix = e.owner_ix
         WHERE e.doc = ?1 ORDER BY e.ix",
    )?;
    let mut locals: Vec<Local> = st
        .query_map([doc], |r| {
            Ok(Local {
                ix: r.get(0)?,
                name: r.get(1)?,
                etype: r.get(2)?,
                code: r.get(3)?,
                owner_code: r.get(4)?,
                abbreviations: Vec::new(),
                affiliations: BTreeSet::new(),
                titles: BTreeSet::new(),
                local_only: None,
            })
        })?
        .collect::<Result<_>>()?;
    let by_ix: HashMap<u32, usize> = locals.iter().enumerate().map(|(i, l)| (l.ix, i)).collect();
    let mut st = conn.prepare_cached(
        "SELECT entity_ix FROM mentions WHERE doc = ?1 GROUP BY entity_ix
         HAVING SUM(CASE WHEN form <> 'nominal' THEN 1 ELSE 0 END) = 0",
    )?;
    for row in st.query_map([doc], |r| r.get::<_, u32>(0))? {
        let ix = row?;
        if let Some(&i) = by_ix.get(&ix) {
            let l = &mut locals[i];
            if l.etype == "ORGANIZATION" && l.owner_code.is_none() {
                l.local_only = Some(format!("{doc}:{ix}"));
            }
        }
    }
    // Such a group enters the graph only as the actor of an event (`Gunmen kidnapped ...`):
    // every `the government` or `police` of every report would otherwise be an entity.
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT entity_ix FROM event_participants WHERE doc = ?1 AND role = 'actor'",
    )?;
    let actors: BTreeSet<u32> = st
        .query_map([doc], |r| r.get::<_, u32>(0))?
        .collect::<Result<_>>()?;
    locals.retain(|l| l.local_only.is_none() || actors.contains(&l.ix));
    let by_ix: HashMap<u32, usize> = locals.iter().enumerate().map(|(i, l)| (l.ix, i)).collect();
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT entity_ix, text FROM mentions WHERE doc = ?1 AND form = 'abbreviation'
         ORDER BY entity_ix, text",
    )?;
    for row in st.query_map([doc], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
        let (ix, text) = row?;
        if let Some(&i) = by_ix.get(&ix) {
            locals[i].abbreviations.push(text);
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT r.entity_ix, r.title, o.type, o.code, o.name, ow.code FROM roles r
         LEFT JOIN entities o ON o.doc = r.doc AND o.ix = r.of_ix
         LEFT JOIN entities ow ON ow.doc = o.doc AND ow.ix = o.owner_ix
         WHERE r.doc = ?1",
    )?;
    for row in st.query_map([doc], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            affiliation(r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
        ))
    })? {
        let (ix, title, aff) = row?;
        if let Some(&i) = by_ix.get(&ix) {
            locals[i].titles.insert(title_key(&title));
            locals[i].affiliations.extend(aff);
        }
    }
    Ok(locals)
}

/// The keys a local entity registers (the primary first) and the extra keys it is looked up
/// by (with the rule each stands for).
fn keys_of(local: &Local, cfg: &GraphConfig) -> (Vec<String>, Vec<(String, &'static str)>) {
    let t = &local.etype[..1];
    let mut keys = Vec::new();
    let mut lookups = Vec::new();
    if let Some(u) = &local.local_only {
        return (vec![format!("L:{u}")], Vec::new());
    }
    let folded = fold(&local.name);
    if let Some(canonical) = cfg.aliases.same(&folded) {
        keys.push(format!("X:{canonical}"));
    }
    match local.etype.as_str() {
        "COUNTRY" => match &local.code {
            Some(code) => keys.push(format!("C:{code}")),
            None => keys.push(format!("C:n:{folded}")),
        },
        "ORGANIZATION" => {
            let owner = local
                .owner_code
                .as_ref()
                .map_or_else(String::new, |c| format!("@{c}"));
            keys.push(format!("O:{folded}{owner}"));
            // The name alone: an organisation named with no country (`the Labour Party` in a
            // report with no owner found) joins the one owned entity of that name, if only one.
            keys.push(format!("O:n:{folded}"));
            if owner.is_empty() {
                lookups.push((format!("O:n:{folded}"), "owner"));
            }
            let squash = |s: &str| fold(s).replace(' ', "");
            let mut acronyms: Vec<String> = local.abbreviations.iter().map(|a| squash(a)).collect();
            if is_acronym(&local.name) {
                acronyms.push(squash(&local.name));
            }
            for a in &acronyms {
                let k = format!("O:A:{a}{owner}");
                keys.push(k.clone());
                lookups.push((k, "acronym"));
                // Written acronyms also find full names whose initials they are.
                lookups.push((format!("O:a:{a}{owner}"), "acronym"));
            }
            if let Some(a) = acronym(&local.name).filter(|_| !is_acronym(&local.name)) {
                lookups.push((format!("O:A:{a}{owner}"), "acronym"));
                keys.push(format!("O:a:{a}{owner}"));
            }
        }
        "PERSON" => {
            if let Some(pk) = person_key(&local.name, &cfg.given) {
                keys.push(format!("P:{}", pk.full));
                if pk.words >= 2 {
                    keys.push(format!("P:S:{}", pk.last));
                    keys.push(format!("P:F:{}", pk.first));
                } else {
                    keys.push(format!("P:1:{}", pk.last));
                }
            } else {
                keys.push(format!("P:n:{folded}"));
            }
        }
        _ => keys.push(format!("{t}:{folded}")),
    }
    (keys, lookups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(name: &str, etype: &str) -> Local {
        Local {
            ix: 0,
            name: name.into(),
            etype: etype.into(),
            code: None,
            owner_code: None,
            abbreviations: Vec::new(),
            affiliations: BTreeSet::new(),
            titles: BTreeSet::new(),
            local_only: None,
        }
    }

    #[test]
    fn keys_of_organisation_carry_owner_and_acronyms() {
        let cfg = GraphConfig::default();
        let mut m = local("Foreign Ministry", "ORGANIZATION");
        m.owner_code = Some("CHN".into());
        let (keys, _) = keys_of(&m, &cfg);
        assert_eq!(keys[0], "O:foreign ministry@CHN");
        let nato = local("NATO", "ORGANIZATION");
        let (keys, lookups) = keys_of(&nato, &cfg);
        assert!(keys.contains(&"O:A:nato".to_string()), "{keys:?}");
        assert!(lookups.iter().any(|(k, _)| k == "O:a:nato"));
        let full = local("North Atlantic Treaty Organization", "ORGANIZATION");
        let (keys, _) = keys_of(&full, &cfg);
        assert!(keys.contains(&"O:a:nato".to_string()), "{keys:?}");
    }

    #[test]
    fn keys_of_person_have_surname_and_first_word() {
        let cfg = GraphConfig::default();
        let (keys, _) = keys_of(&local("Yoon Suk-yeol", "PERSON"), &cfg);
        assert_eq!(keys, ["P:yonsukyeol", "P:S:yeol", "P:F:yon"]);
        let (keys, _) = keys_of(&local("Marles", "PERSON"), &cfg);
        assert_eq!(keys, ["P:marles", "P:1:marles"]);
    }
}
