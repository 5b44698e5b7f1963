//! Step 4: roles — a title before a name or in an apposition after it, with where it is held.

use super::*;

impl<'a> Builder<'a> {
    /// Step 4: roles from titles before names, in appositions after them, and after a copula.
    pub(super) fn roles(&mut self) {
        let doc = self.doc;
        let titles: Vec<Span> = doc
            .candidates()
            .iter()
            .filter_map(|c| match &c.label {
                // `Mr.` is no office, nor is a title that ends in one (`Under Mr.`).
                CandidateLabel::Title { canonical }
                    if !canonical
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| self.res.names.honorifics.contains(w)) =>
                {
                    Some(c.span)
                }
                _ => None,
            })
            .collect();
        if titles.is_empty() {
            return;
        }
        let mut titles = titles;
        titles.sort_by_key(|t| (t.start, t.end));
        let mut mentions = self.mentions.clone();
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let home = self.dateline_country();
        // Two passes: a role stated through another person (`his adviser`) needs that person's
        // roles, which the first pass finds; the second only fills affiliations left empty.
        for _ in 0..2 {
            self.role_pass(&titles, &mentions, home);
        }
    }

    pub(super) fn role_pass(
        &mut self,
        titles: &[Span],
        mentions: &[Mention],
        home: Option<EntityIx>,
    ) {
        let mut found: Vec<(usize, Role)> = Vec::new();
        for m in mentions {
            if self.drafts[m.entity.ix()].entity.etype != EntityType::Person
                || m.form != MentionForm::Name
            {
                continue;
            }
            // Only the sentence's titles and mentions matter (and the cost stays linear).
            let Some(sent) = self.doc.sentence_at(m.span.start) else {
                continue;
            };
            let sent = self.doc.sentences()[sent].span;
            let in_sent_t = |v: &[Span]| {
                let a = v.partition_point(|t| t.start < sent.start);
                let b = v.partition_point(|t| t.start < sent.end);
                a..b
            };
            let a = mentions.partition_point(|x| x.span.start < sent.start);
            let b = mentions.partition_point(|x| x.span.start < sent.end);
            let (ts, ms) = (&titles[in_sent_t(titles)], &mentions[a..b]);
            let roles = [
                self.role_before(m.span, ts, ms, mentions),
                self.role_after(m.span, ts, ms, mentions),
            ];
            found.extend(roles.into_iter().flatten().map(|r| (m.entity.ix(), r)));
        }
        let known = self.known_countries(&found);
        let resolved: Vec<Option<EntityIx>> = found
            .iter()
            .map(|(ix, role)| {
                if role.of.is_some() || !self.is_national_office(&role.title) {
                    return role.of;
                }
                // The person's own affiliation stated elsewhere in the document (`Canadian
                // Foreign Minister X` earlier) before any guess from where the text is.
                if let Some(c) = known[*ix] {
                    return Some(c);
                }
                // Two office holders of the same rank in one sentence (`a summit between
                // President A and Prime Minister B`, `Foreign Minister A met Foreign Minister
                // B`) are counterparts of different countries: the place cannot be both's.
                if self.has_counterpart(*ix, role, &found) {
                    return None;
                }
                // The dateline's country, unless the sentence names another country, which
                // may well be the office's (`Prime Minister X will represent Japan`).
                let foreign = |home: EntityIx| {
                    let sent = self.doc.sentence_at(role.evidence.start);
                    mentions.iter().any(|m| {
                        m.entity != home
                            && self.drafts[m.entity.ix()].entity.etype == EntityType::Country
                            && self.doc.sentence_at(m.span.start) == sent
                    })
                };
                self.country_of_place_in(role.evidence, mentions)
                    .or(home.filter(|&h| !foreign(h)))
            })
            .collect();
        for ((ix, mut role), of) in found.into_iter().zip(resolved) {
            role.of = of;
            let roles = &mut self.drafts[ix].entity.roles;
            let same = roles
                .iter()
                .position(|r| r.title.eq_ignore_ascii_case(&role.title));
            match same {
                Some(p) if roles[p].of.is_none() && role.of.is_some() => roles[p] = role,
                Some(_) => {}
                None => roles.push(role),
            }
        }
    }

    /// The country each person holds office in as far as the document states it in a role's own
    /// words (`Canadian Foreign Minister X`, `X, Canada's foreign minister`), by entity index;
    /// `None` where no role names one or two roles name different countries.
    fn known_countries(&self, found: &[(usize, Role)]) -> Vec<Option<EntityIx>> {
        let mut known: Vec<Option<Option<EntityIx>>> = vec![None; self.drafts.len()];
        let stated = self
            .drafts
            .iter()
            .enumerate()
            .flat_map(|(ix, d)| d.entity.roles.iter().map(move |r| (ix, r)));
        for (ix, role) in stated.chain(found.iter().map(|(ix, r)| (*ix, r))) {
            let Some(of) = role.of else { continue };
            let od = &self.drafts[of.ix()];
            let country = match od.entity.etype {
                EntityType::Country => Some(of),
                _ => od
                    .owner_code
                    .as_deref()
                    .and_then(|c| self.country_with_code(c)),
            };
            let Some(c) = country else { continue };
            known[ix] = match known[ix] {
                None => Some(Some(c)),
                Some(Some(k)) if k == c => Some(Some(k)),
                Some(_) => Some(None),
            };
        }
        known.into_iter().map(Option::flatten).collect()
    }

    /// Another person in the sentence of `role` holds an office of the same rank (both heads of
    /// state or government, or the same title) whose country the text does not state either.
    fn has_counterpart(&self, ix: usize, role: &Role, found: &[(usize, Role)]) -> bool {
        let gaz = &self.res.gazetteer;
        let rank = |title: &str| {
            let class = gaz.title_info(title).map(|i| i.class.as_str());
            match class {
                Some("head_of_state" | "head_of_government") => "head".to_string(),
                _ => title.to_lowercase(),
            }
        };
        let sent = self.doc.sentence_at(role.evidence.start);
        let mine = rank(&role.title);
        found.iter().any(|(other, r)| {
            *other != ix
                && r.of.is_none()
                && self.doc.sentence_at(r.evidence.start) == sent
                && rank(&r.title) == mine
        })
    }

    /// The title as written, tidied (`spokesman`, `Defence Minister`), or the list's canonical
    /// form where the text abbreviates it (`Gen.`, `Rear Adm.`, `PM`).
    pub(super) fn title_text(&self, span: Span) -> String {
        let text = self.doc.text_of(span);
        if text.contains('.') || !text.chars().any(char::is_lowercase) {
            let canonical = self.doc.candidates().iter().find_map(|c| match &c.label {
                CandidateLabel::Title { canonical } if c.span == span => Some(canonical),
                _ => None,
            });
            if let Some(c) = canonical {
                return c.clone();
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// True for offices held in a national government (`President`, `Prime Minister`, a
    /// minister), which an article datelined in that country need not qualify.
    pub(super) fn is_national_office(&self, title: &str) -> bool {
        let gaz = &self.res.gazetteer;
        let info = gaz.title_info(title).or_else(|| {
            let capitalised: Vec<String> = title.split(' ').map(capitalise).collect();
            gaz.title_info(&capitalised.join(" "))
        });
        info.is_some_and(|i| {
            matches!(
                i.class.as_str(),
                "head_of_state" | "head_of_government" | "minister"
            )
        })
    }

    /// The country of a place named in the sentence of `evidence` (`In Tokyo, Chief Cabinet
    /// Secretary ...`), when the article mentions that country.
    pub(super) fn country_of_place_in(
        &self,
        evidence: Span,
        mentions: &[Mention],
    ) -> Option<EntityIx> {
        let sent = self
            .doc
            .sentences()
            .get(self.doc.sentence_at(evidence.start)?)?
            .span;
        let code = mentions
            .iter()
            .filter(|m| sent.contains(m.span))
            .find_map(|m| {
                let d = &self.drafts[m.entity.ix()];
                let place = d.entity.etype == EntityType::Location
                    || (d.entity.etype == EntityType::Country && m.form == MentionForm::Metonym);
                place.then(|| d.owner_code.clone().or_else(|| d.entity.code.clone()))?
            })?;
        self.country_with_code(&code)
    }

    /// The country entity with this ISO code, when the document mentions it.
    fn country_with_code(&self, code: &str) -> Option<EntityIx> {
        self.drafts
            .iter()
            .position(|d| {
                d.entity.etype == EntityType::Country && d.entity.code.as_deref() == Some(code)
            })
            .map(|i| EntityIx(i as u32))
    }

    /// The country entity of the dateline's place (`MANILA, Philippines` → the Philippines),
    /// when the article mentions that country.
    pub(super) fn dateline_country(&self) -> Option<EntityIx> {
        let place = &self.doc.dateline.as_ref()?.place;
        let gaz = &self.res.gazetteer;
        let code = place.split(',').find_map(|part| {
            let part = part.trim();
            let titled: String = part
                .split(' ')
                .map(capitalise)
                .collect::<Vec<_>>()
                .join(" ");
            let lookup = |p: &str| {
                gaz.country_for(p)
                    .or_else(|| capital_country(gaz, p))
                    .map(|c| c.code.clone())
            };
            lookup(part).or_else(|| lookup(&titled))
        })?;
        self.drafts
            .iter()
            .position(|d| d.entity.code.as_deref() == Some(code.as_str()))
            .map(|i| EntityIx(i as u32))
    }

    /// `his principal deputy national security adviser, Kim Tae-hyo`: an office stated through
    /// `his`/`her` is in the country where the last person named before holds office.
    pub(super) fn possessor_country(
        &self,
        title: Span,
        name: Span,
        mentions: &[Mention],
    ) -> Option<EntityIx> {
        let before = self.doc.text[..title.start()].trim_end();
        if !(before.ends_with(" his") || before.ends_with(" her")) {
            return None;
        }
        let from = title.start.min(name.start);
        mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= from)
            .map(|m| &self.drafts[m.entity.ix()].entity)
            .find(|e| e.etype == EntityType::Person)
            .and_then(|e| e.roles.iter().find_map(|r| r.of))
            .filter(|o| self.drafts[o.ix()].entity.etype == EntityType::Country)
    }

    /// The gap between two spans is only whitespace (and optionally a possessive `’s`).
    pub(super) fn adjacent(&self, left: Span, right: Span, allow_possessive: bool) -> bool {
        if left.end > right.start {
            return false;
        }
        let gap = self.doc.text[left.end()..right.start()].trim();
        gap.is_empty() || (allow_possessive && (gap == "’s" || gap == "'s"))
    }

    pub(super) fn entity_ending_at(
        &self,
        end_before: Span,
        mentions: &[Mention],
    ) -> Option<(EntityIx, Span)> {
        mentions
            .iter()
            .filter(|m| {
                self.drafts[m.entity.ix()].entity.etype != EntityType::Person
                    && self.adjacent(m.span, end_before, true)
            })
            .max_by_key(|m| m.span.len())
            .map(|m| (m.entity, m.span))
    }

    /// The title that introduces a name: right before it (`Prime Minister Fumio Kishida`), before
    /// a comma (`The U.S. ambassador to Japan, Richard Hallworth,`) or before a posting
    /// (`Ambassador to the Philippines Margaret Ellery`).
    pub(super) fn title_before(
        &self,
        name: Span,
        titles: &[Span],
        mentions: &[Mention],
    ) -> Option<Span> {
        let sent = self
            .doc
            .sentences()
            .get(self.doc.sentence_at(name.start)?)?
            .span;
        titles
            .iter()
            .filter(|t| t.end <= name.start && t.start >= sent.start)
            .filter(|t| {
                let gap = self.doc.text[t.end()..name.start()].trim();
                if gap.is_empty() || gap == "," {
                    return true;
                }
                // `to Japan,` / `in London,` / `to the Philippines`
                let gap = gap.strip_suffix(',').unwrap_or(gap).trim_end();
                let Some(rest) = gap
                    .strip_prefix("to ")
                    .or_else(|| gap.strip_prefix("in "))
                    .or_else(|| gap.strip_prefix("at "))
                    .or_else(|| gap.strip_prefix("of "))
                else {
                    return false;
                };
                let rest = rest.strip_prefix("the ").unwrap_or(rest);
                let at = name.start()
                    - (self.doc.text[..name.start()].len() - {
                        let before = &self.doc.text[..name.start()];
                        let trimmed = before.trim_end();
                        let trimmed = trimmed.strip_suffix(',').unwrap_or(trimmed).trim_end();
                        trimmed.len()
                    });
                mentions
                    .iter()
                    .any(|m| m.span.end() == at && self.doc.text_of(m.span) == rest.trim())
            })
            .max_by_key(|t| t.end)
            .copied()
    }

    /// `[Japanese|NATO|South Korea’s] <Title> [, | to <place>,] <Name>`.
    pub(super) fn role_before(
        &self,
        name: Span,
        titles: &[Span],
        mentions: &[Mention],
        all: &[Mention],
    ) -> Option<Role> {
        let tspan = self.title_before(name, titles, mentions)?;
        // Chains like `Deputy` + `Prime Minister` read as one title.
        let mut first = tspan;
        if let Some(&p) = titles
            .iter()
            .find(|s| **s != tspan && self.adjacent(**s, first, false))
        {
            first = p;
        }
        let title = self.title_text(first.cover(tspan));
        // `the president of South Korea, Yoon Suk Yeol`: the office is of what follows `of`.
        let of_after = doc_gap_of(self.doc, tspan, name).and_then(|at| {
            mentions
                .iter()
                .find(|m| m.span.start() == at)
                .map(|m| (m.entity, m.span))
        });
        let of = of_after
            .or_else(|| self.entity_ending_at(first, mentions))
            .or_else(|| self.possessor_country(first, name, all).map(|e| (e, first)));
        Some(Role {
            title,
            of: of.map(|(e, _)| e),
            evidence: of.map_or(first, |(_, s)| s).cover(name),
        })
    }

    /// `<Name>, (a|the|his)? [Japanese] <title> (of|for|at) [the] <Org|Country>` and
    /// `<Name> is a <title> at <Org>`.
    pub(super) fn role_after(
        &self,
        name: Span,
        titles: &[Span],
        mentions: &[Mention],
        all: &[Mention],
    ) -> Option<Role> {
        let doc = self.doc;
        let sent = doc.sentence_at(name.start)?;
        let sent_end = doc.sentences()[sent].span.end;
        let toks = doc.tokens();
        let after = doc.tokens_in(Span::new(name.end(), sent_end as usize));
        let lead = after.clone().next()?;
        let opener = doc.text_of(toks[lead].span);
        let skip = match opener {
            "," => 1,
            // `X is a senior fellow at ...`, not `X was accompanied by Defence Secretary Y`.
            "is" | "was" => {
                let det = after.clone().nth(1).map(|i| doc.text_of(toks[i].span));
                if !matches!(det, Some("a" | "an" | "the")) {
                    return None;
                }
                1
            }
            _ => return None,
        };
        // Within the next few tokens there must be a title, with only determiners and
        // modifiers before it.
        let mut title: Option<Span> = None;
        let mut demonym: Option<EntityIx> = None;
        for i in after.clone().skip(skip).take(6) {
            let t = toks[i];
            if let Some(&s) = titles.iter().find(|s| s.start == t.span.start) {
                title = Some(s);
                break;
            }
            if let Some(m) = mentions.iter().find(|m| m.span.start == t.span.start) {
                if self.drafts[m.entity.ix()].entity.etype == EntityType::Person {
                    return None;
                }
                demonym = Some(m.entity);
                continue;
            }
            let w = doc.text_of(t.span);
            let modifier = t.kind == TokenKind::Word
                && (w.chars().next().is_some_and(char::is_lowercase) || w == "’s" || w == "'s");
            if !modifier && !mentions.iter().any(|m| m.span.contains(t.span)) {
                return None;
            }
        }
        let tspan = title?;
        // Adjacent title words (`senior` + `fellow`) read as one.
        let mut tend = tspan;
        while let Some(&n) = titles
            .iter()
            .find(|s| self.adjacent(tend, **s, false) && **s != tend)
        {
            tend = n;
        }
        // `Fumio Kishida, NATO Secretary-General Jens Stoltenberg`: the title introduces the
        // next name, not this one.
        if mentions.iter().any(|m| {
            self.drafts[m.entity.ix()].entity.etype == EntityType::Person
                && self.adjacent(tend, m.span, false)
        }) {
            return None;
        }
        // The affiliation: after `of`, `for`, `at`, `with`, before the clause ends, an
        // organisation first, else a country; a place used as a modifier (`Bengaluru-based`)
        // is skipped.
        let mut org = None;
        let mut country = None;
        let mut prep = false;
        for i in doc
            .tokens_in(Span::new(tend.end(), sent_end as usize))
            .take(16)
        {
            let t = toks[i];
            let w = doc.text_of(t.span);
            if matches!(
                w,
                "," | ";" | "." | "—" | "(" | ":" | "who" | "which" | "that"
            ) {
                break;
            }
            if matches!(w, "of" | "for" | "at" | "with" | "to" | "in") {
                prep = true;
                continue;
            }
            // `analyst on China and East Asia at the U.S. Institute of Peace`: a topic, not an
            // affiliation.
            if matches!(w, "on" | "about" | "and") {
                prep = false;
                continue;
            }
            if !prep {
                continue;
            }
            let Some(m) = mentions.iter().find(|m| m.span.start == t.span.start) else {
                continue;
            };
            let modifier = doc.text[m.span.end()..].starts_with('-');
            match self.drafts[m.entity.ix()].entity.etype {
                EntityType::Person => break,
                EntityType::Organization if !modifier => {
                    org = Some((m.entity, m.span));
                    break;
                }
                EntityType::Country if !modifier && country.is_none() => {
                    country = Some((m.entity, m.span))
                }
                _ => {}
            }
        }
        let of = org.or(country);
        Some(Role {
            title: self.title_text(tspan.cover(tend)),
            of: of
                .map(|(e, _)| e)
                .or(demonym)
                .or_else(|| self.possessor_country(tspan, name, all)),
            evidence: name.cover(of.map_or(tend, |(_, s)| s)),
        })
    }
}

#[cfg(test)]
#[path = "roles_tests.rs"]
mod tests;
