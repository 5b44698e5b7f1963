//! Step 2: group mentions into entities by ISO code, canonical name, normalised text or name parts.

use super::*;

/// Lower-case letters and digits of a name, without spaces, hyphens, periods or apostrophes:
/// `Yoon Suk-yeol` and `Yoon Suk Yeol` both give `yoonsukyeol`.
pub fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a person's name, each as a [`name_key`], hyphenated parts joined.
pub(super) fn name_parts(doc: &Document, span: Span) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut glue = false;
    for t in &doc.tokens()[doc.tokens_in(span)] {
        let w = doc.text_of(t.span);
        if w == "-" {
            glue = true;
            continue;
        }
        let k = name_key(w);
        if k.is_empty() {
            continue;
        }
        match parts.last_mut() {
            Some(last) if glue => last.push_str(&k),
            _ => parts.push(k),
        }
        glue = false;
    }
    parts
}

/// The initials of the capitalised words of a name: `Centre for Security Diplomacy and
/// Strategy` gives `CSDS`.
pub(super) fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

pub(super) fn normalise_org(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    name_key(s)
}

pub(super) struct Draft {
    pub(super) entity: Entity,
    pub(super) key: String,
    /// For people: the name parts of the longest name.
    pub(super) parts: Vec<String>,
    /// For organisations: the ISO code of the owning country.
    pub(super) owner_code: Option<String>,
}

pub(super) struct Builder<'a> {
    pub(super) doc: &'a Document,
    pub(super) res: &'a EntityData,
    pub(super) drafts: Vec<Draft>,
    pub(super) mentions: Vec<Mention>,
    pub(super) by_key: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(doc: &'a Document, res: &'a EntityData) -> Builder<'a> {
        Builder {
            doc,
            res,
            drafts: Vec::new(),
            mentions: Vec::new(),
            by_key: HashMap::new(),
        }
    }

    pub(super) fn new_entity(&mut self, key: String, entity: Entity) -> usize {
        let ix = self.drafts.len();
        self.by_key.insert(key.clone(), ix);
        self.drafts.push(Draft {
            entity,
            key,
            parts: Vec::new(),
            owner_code: None,
        });
        ix
    }

    pub(super) fn blank(name: String, etype: EntityType) -> Entity {
        Entity {
            name,
            etype,
            kind: None,
            code: None,
            owner: None,
            roles: Vec::new(),
            mentions: Vec::new(),
        }
    }

    pub(super) fn mention(&mut self, ix: usize, span: Span, form: MentionForm) {
        self.mentions.push(Mention {
            span,
            entity: EntityIx(ix as u32),
            form,
        });
    }

    /// The person entity a name belongs to, by its parts, most recent first.
    pub(super) fn find_person(&self, parts: &[String]) -> Option<usize> {
        let joined = parts.concat();
        let people = || {
            self.drafts
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, d)| d.entity.etype == EntityType::Person)
        };
        if let Some((i, _)) = people().find(|(_, d)| d.parts.concat() == joined) {
            return Some(i);
        }
        match parts {
            // One word: a surname (last part) or, for family-name-first names, the first part.
            [one] => people()
                .find(|(_, d)| d.parts.len() > 1 && d.parts.last() == Some(one))
                .or_else(|| people().find(|(_, d)| d.parts.len() > 1 && d.parts[0] == *one))
                .map(|(i, _)| i),
            // A longer name whose last word is a person known so far by one word only, or the
            // end of a longer name (`Suu Kyi` after `Aung San Suu Kyi`).
            [.., last] => people()
                .find(|(_, d)| d.parts.len() == 1 && d.parts[0] == *last)
                .or_else(|| {
                    people().find(|(_, d)| d.parts.len() > parts.len() && d.parts.ends_with(parts))
                })
                .map(|(i, _)| i),
            [] => None,
        }
    }

    pub(super) fn add(&mut self, c: &Candidate) {
        let text = crate::stages::segment::reflow::one_line(self.doc.text_of(c.span)).into_owned();
        match &c.label {
            CandidateLabel::Country { code } => {
                let key = format!("C:{code}");
                let ix = match self.by_key.get(&key) {
                    Some(&ix) => ix,
                    None => {
                        let name = self
                            .res
                            .gazetteer
                            .country(code)
                            .map_or_else(|| text.clone(), |c| c.name.clone());
                        let mut e = Self::blank(name, EntityType::Country);
                        e.code = Some(code.clone());
                        self.new_entity(key, e)
                    }
                };
                self.mention(ix, c.span, c.form);
            }
            CandidateLabel::Location { canonical, country } => {
                let name = canonical.clone().unwrap_or_else(|| text.clone());
                let key = format!("L:{}", name_key(&name));
                let ix = match self.by_key.get(&key) {
                    Some(&ix) => ix,
                    None => {
                        let ix = self.new_entity(key, Self::blank(name, EntityType::Location));
                        // Kept only to resolve roles; a place has no owner in the output.
                        self.drafts[ix].owner_code = country.clone();
                        ix
                    }
                };
                self.mention(ix, c.span, c.form);
            }
            CandidateLabel::Organization {
                kind,
                canonical,
                country,
            } => {
                let name = canonical
                    .clone()
                    .unwrap_or_else(|| strip_article(&text).to_string());
                let key = format!("O:{}", normalise_org(&name));
                let acronym_of = (canonical.is_none()
                    && text.len() >= 2
                    && text.chars().all(|ch| ch.is_uppercase()))
                .then(|| {
                    self.drafts.iter().position(|d| {
                        d.entity.etype == EntityType::Organization
                            && initials(&d.entity.name) == text
                    })
                })
                .flatten();
                let ix = match self.by_key.get(&key).copied().or(acronym_of) {
                    Some(ix) => ix,
                    None => {
                        let mut e = Self::blank(name, EntityType::Organization);
                        e.kind = *kind;
                        let ix = self.new_entity(key, e);
                        self.drafts[ix].owner_code = country.clone();
                        ix
                    }
                };
                let d = &mut self.drafts[ix].entity;
                if d.kind.is_none() || d.kind == Some(OrgKind::Other) {
                    d.kind = kind.or(d.kind);
                }
                let form = if canonical.is_none() && text.chars().all(|ch| !ch.is_lowercase()) {
                    MentionForm::Abbreviation
                } else {
                    c.form
                };
                self.mention(ix, c.span, form);
            }
            CandidateLabel::Person => {
                let parts = name_parts(self.doc, c.span);
                if parts.is_empty() {
                    return;
                }
                let ix = match self.find_person(&parts) {
                    Some(ix) => ix,
                    None => {
                        let key = format!("P:{}:{}", parts.concat(), self.drafts.len());
                        self.new_entity(key, Self::blank(text.clone(), EntityType::Person))
                    }
                };
                let d = &mut self.drafts[ix];
                if parts.len() > d.parts.len() {
                    d.parts = parts;
                    d.entity.name = text;
                }
                self.mention(ix, c.span, MentionForm::Name);
            }
            CandidateLabel::Title { .. } => {}
        }
    }
}

impl<'a> Builder<'a> {
    pub(super) fn finish(mut self) -> (Vec<Entity>, Vec<Mention>) {
        // Order entities by first mention; renumber mentions accordingly.
        let mut mentions = std::mem::take(&mut self.mentions);
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        mentions.dedup_by_key(|m| (m.span, m.entity));
        // Pieces of one name proposed apart (`Suu` + `Kyi`) become one mention.
        let text = &self.doc.text;
        let drafts = &self.drafts;
        mentions.dedup_by(|next, prev| {
            let joinable = prev.entity == next.entity
                && prev.form == MentionForm::Name
                && next.form == MentionForm::Name
                && drafts[prev.entity.ix()].entity.etype == EntityType::Person
                && prev.span.end <= next.span.start
                && text[prev.span.end()..next.span.start()]
                    .chars()
                    .all(|c| c == ' ' || c == '-');
            if joinable {
                prev.span = prev.span.cover(next.span);
            }
            joinable
        });
        let mut order: Vec<usize> = Vec::new();
        let mut new_ix = vec![usize::MAX; self.drafts.len()];
        for m in &mentions {
            let old = m.entity.ix();
            if new_ix[old] == usize::MAX {
                new_ix[old] = order.len();
                order.push(old);
            }
        }
        // Owners of government bodies: the country entity with that code, when mentioned.
        let code_of: HashMap<String, usize> = self
            .drafts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.entity.code.clone().map(|c| (c, i)))
            .filter(|(_, i)| new_ix[*i] != usize::MAX)
            .collect();
        let remap = |e: EntityIx| EntityIx(new_ix[e.ix()] as u32);
        let mut entities: Vec<Entity> = order
            .iter()
            .map(|&old| {
                let d = &self.drafts[old];
                let mut e = d.entity.clone();
                if let (Some(code), EntityType::Organization) = (&d.owner_code, e.etype) {
                    e.owner = code_of.get(code).map(|&i| EntityIx(new_ix[i] as u32));
                    if e.owner.is_none() {
                        e.code = Some(code.clone());
                    }
                }
                for r in &mut e.roles {
                    r.of = r.of.filter(|o| new_ix[o.ix()] != usize::MAX).map(remap);
                }
                let _ = &d.key;
                e
            })
            .collect();
        for (i, m) in mentions.iter_mut().enumerate() {
            m.entity = remap(m.entity);
            entities[m.entity.ix()].mentions.push(MentionIx(i as u32));
        }
        (entities, mentions)
    }
}
