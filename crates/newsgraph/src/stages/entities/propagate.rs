//! Step 3: propagate names — a surname or acronym the proposers missed becomes a mention.

use super::*;

impl<'a> Builder<'a> {
    /// Step 3: later bare mentions of known names that no proposer marked — a person's surname
    /// (`Kishida told reporters`), an organisation's acronym — become mentions too. Also
    /// re-types tagger mentions that are really a known person's surname.
    pub(super) fn propagate(&mut self) {
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
        if lookup.is_empty() {
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
                    lookup.get(&format!("#{w}"))
                } else {
                    lookup.get(&name_key(w))
                };
                if let Some(&ix) = hit {
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
