//! Step 3: propagate names — a surname or acronym the proposers missed becomes a mention.

use super::*;

/// The most tokens between an organisation cut short and the bracket of its acronym.
const MAX_NAME_RUN: usize = 12;

impl<'a> Builder<'a> {
    /// Step 3: later bare mentions of known names that no proposer marked — a person's surname
    /// (`Kishida told reporters`), an organisation's acronym — become mentions too. Also
    /// re-types tagger mentions that are really a known person's surname.
    pub(super) fn propagate(&mut self) {
        self.bracketed_acronyms();
        let doc = self.doc;
        let toks = doc.tokens();
        let model_only = self.model_only();
        // Tagger guesses that are a known person's name part become that person's mentions.
        for m in 0..self.mentions.len() {
            let (span, entity) = (self.mentions[m].span, self.mentions[m].entity);
            let d = &self.drafts[entity.ix()];
            if d.entity.etype == EntityType::Person || !d.entity.mentions.is_empty() {
                continue;
            }
            let parts = name_parts(doc, span);
            if parts.len() != 1 || !model_only[entity.ix()] {
                continue;
            }
            if let Some(p) = self.find_person(&parts) {
                self.mentions[m].entity = EntityIx(p as u32);
                self.mentions[m].form = MentionForm::Name;
            }
        }
        // Tagger guesses that are an organisation's acronym (`Defra` read as a person or a
        // place) become that organisation's mentions.
        for m in 0..self.mentions.len() {
            let (span, entity) = (self.mentions[m].span, self.mentions[m].entity);
            let etype = self.drafts[entity.ix()].entity.etype;
            if !model_only[entity.ix()]
                || !matches!(etype, EntityType::Person | EntityType::Location)
            {
                continue;
            }
            if let Some(org) = self.acronym_owner(doc.text_of(span)) {
                self.mentions[m].entity = EntityIx(org as u32);
                self.mentions[m].form = MentionForm::Abbreviation;
            }
        }
        // Bare surnames and acronyms anywhere in sentences.
        let mut covered = vec![false; toks.len()];
        for m in &self.mentions {
            for c in &mut covered[doc.tokens_in(m.span)] {
                *c = true;
            }
        }
        let mut lookup: HashMap<String, usize> = HashMap::new();
        for (i, d) in self.drafts.iter().enumerate() {
            match d.entity.etype {
                EntityType::Person if d.parts.len() > 1 => {
                    if let Some(last) = d.parts.last() {
                        lookup.entry(last.clone()).or_insert(i);
                    }
                }
                EntityType::Organization => {
                    let ini = initials(&d.entity.name);
                    if ini.len() >= 3 && d.entity.name.split_whitespace().count() >= 3 {
                        lookup.entry(format!("#{ini}")).or_insert(i);
                    }
                }
                _ => {}
            }
        }
        let has_long_org = self.drafts.iter().any(|d| {
            d.entity.etype == EntityType::Organization
                && d.entity.name.split_whitespace().count() >= 3
        });
        if lookup.is_empty() && !has_long_org {
            return;
        }
        let mut extra = Vec::new();
        for sent in doc.sentences() {
            if is_shouting(&doc.text, &toks[sent.token_range()]) {
                continue;
            }
            for i in sent.token_range() {
                if covered[i] || toks[i].kind != TokenKind::Word {
                    continue;
                }
                let w = doc.token_text(i);
                if !starts_upper(w) || self.res.names.not_names.contains(w) {
                    continue;
                }
                // Part of a longer capitalised name we do not know: leave it.
                let joined_prev = i > sent.first_token.ix()
                    && toks[i - 1].kind == TokenKind::Word
                    && starts_upper(doc.token_text(i - 1))
                    && !covered[i - 1]
                    && !self.res.names.not_names.contains(doc.token_text(i - 1))
                    && i - 1 != sent.first_token.ix();
                let joined_next = i + 1 < sent.end_token.ix()
                    && toks[i + 1].kind == TokenKind::Word
                    && starts_upper(doc.token_text(i + 1))
                    && !covered[i + 1];
                if joined_prev || joined_next {
                    continue;
                }
                let hit = if w.chars().all(|c| c.is_uppercase()) && w.len() >= 3 {
                    lookup.get(&format!("#{w}")).copied()
                } else {
                    lookup.get(&name_key(w)).copied()
                };
                let hit = hit.or_else(|| self.acronym_owner(w));
                if let Some(ix) = hit {
                    let form = if self.drafts[ix].entity.etype == EntityType::Person {
                        MentionForm::Name
                    } else {
                        MentionForm::Abbreviation
                    };
                    extra.push((ix, toks[i].span, form));
                }
            }
        }
        for (ix, span, form) in extra {
            self.mention(ix, span, form);
        }
    }

    /// `Department for Environment, Food and Rural Affairs (Defra)`: an acronym in brackets after
    /// an organisation whose name the proposers cut short (at the comma). When the acronym's
    /// letters are the initials of the words from the organisation's start to the bracket (only
    /// capitalised words, connectors and commas), the mention runs to the bracket, the entity
    /// takes that name, and the acronym becomes its mention (what a proposer made of it, such as
    /// a person, gives way).
    fn bracketed_acronyms(&mut self) {
        let doc = self.doc;
        let toks = doc.tokens();
        let skip = &self.res.names.org_connectors;
        let mut found = Vec::new();
        for (m, mention) in self.mentions.iter().enumerate() {
            if self.drafts[mention.entity.ix()].entity.etype != EntityType::Organization {
                continue;
            }
            let end = doc.tokens_in(mention.span).end;
            let mut t = end;
            while t < toks.len().min(end + MAX_NAME_RUN) && doc.token_text(t) != "(" {
                let w = doc.token_text(t);
                let joins = w == "," || skip.contains(&w.to_lowercase()) || starts_upper(w);
                if !joins {
                    break;
                }
                t += 1;
            }
            if t == end
                || t + 2 >= toks.len()
                || doc.token_text(t) != "("
                || doc.token_text(t + 2) != ")"
                || doc.token_text(t - 1) == ","
            {
                continue;
            }
            let full = Span::new(mention.span.start(), toks[t - 1].span.end());
            let acronym = doc.token_text(t + 1);
            if doc.text_of(full).contains('\n')
                || !is_acronym_of(acronym, doc.text_of(full), skip)
                || is_acronym_of(acronym, doc.text_of(mention.span), skip)
            {
                continue;
            }
            found.push((m, full, toks[t + 1].span));
        }
        let countries: Vec<bool> = self
            .drafts
            .iter()
            .map(|d| d.entity.etype == EntityType::Country)
            .collect();
        for (m, full, acronym) in found {
            let ix = self.mentions[m].entity;
            self.mentions[m].span = full;
            self.drafts[ix.ix()].entity.name = doc.text_of(full).to_string();
            // Pieces of the longer name proposed on their own give way; a country inside stays.
            let inside =
                |x: &Mention| x.span != full && full.contains(x.span) && !countries[x.entity.ix()];
            self.mentions.retain(|x| !inside(x));
            let mut taken = false;
            for x in self.mentions.iter_mut().filter(|x| x.span == acronym) {
                x.entity = ix;
                x.form = MentionForm::Abbreviation;
                taken = true;
            }
            if !taken {
                self.mention(ix.ix(), acronym, MentionForm::Abbreviation);
            }
        }
    }

    /// The organisation of at least three words that `word` is an acronym of ([`is_acronym_of`]),
    /// the first named.
    fn acronym_owner(&self, word: &str) -> Option<usize> {
        self.drafts.iter().position(|d| {
            d.entity.etype == EntityType::Organization
                && d.entity.name.split_whitespace().count() >= 3
                && is_acronym_of(word, &d.entity.name, &self.res.names.org_connectors)
        })
    }

    /// For each draft, true when every one of its mentions came from the tagger alone (no list
    /// or rule proposed that span).
    pub(super) fn model_only(&self) -> Vec<bool> {
        let vouched: std::collections::HashSet<Span> = self
            .doc
            .candidates()
            .iter()
            .filter(|c| is_entity_label(&c.label) && c.source != CandidateSource::Model)
            .map(|c| c.span)
            .collect();
        let mut only = vec![true; self.drafts.len()];
        for m in &self.mentions {
            if vouched.contains(&m.span) {
                only[m.entity.ix()] = false;
            }
        }
        only
    }
}
