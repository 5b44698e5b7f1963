//! Matching: running the automata over each sentence, keeping matches on token boundaries,
//! choosing among overlaps and turning a match into a candidate.

use super::*;

/// One selected name match.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    /// First token.
    pub(super) t0: usize,
    /// One past the last token.
    pub(super) t1: usize,
    pub(super) group: u32,
}

/// What a metonym-capable hit was decided to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    Gov,
    Place,
    Unknown,
}

/// Per-document working state.
pub(super) struct Cx<'a> {
    pub(super) g: &'a Gazetteer,
    pub(super) text: &'a str,
    pub(super) tokens: &'a [Token],
    pub(super) raw: Vec<(usize, usize, u32)>,
    pub(super) lower: String,
    /// Every word in the document, built on first need (for `alt` cues).
    pub(super) doc_words: Option<HashSet<&'a str>>,
}

pub(super) fn is_possessive(s: &str) -> bool {
    matches!(
        s,
        "'s" | "\u{2019}s" | "'S" | "\u{2019}S" | "'" | "\u{2019}"
    )
}

impl<'a> Cx<'a> {
    pub(super) fn tok(&self, i: usize) -> &'a str {
        let t = self.tokens[i].span;
        &self.text[t.start()..t.end()]
    }

    pub(super) fn span(&self, t0: usize, t1: usize) -> Span {
        Span::new(self.tokens[t0].span.start(), self.tokens[t1 - 1].span.end())
    }

    /// The token index starting exactly at byte `pos`, within `lo..hi`.
    pub(super) fn tok_starting(&self, lo: usize, hi: usize, pos: usize) -> Option<usize> {
        let toks = &self.tokens[lo..hi];
        let i = toks.partition_point(|t| t.span.start() < pos);
        (i < toks.len() && toks[i].span.start() == pos).then_some(lo + i)
    }

    /// The token index ending exactly at byte `pos`, within `lo..hi`.
    pub(super) fn tok_ending(&self, lo: usize, hi: usize, pos: usize) -> Option<usize> {
        let toks = &self.tokens[lo..hi];
        let i = toks.partition_point(|t| t.span.end() < pos);
        (i < toks.len() && toks[i].span.end() == pos).then_some(lo + i)
    }

    /// Lower-case `s` into the scratch buffer and test membership.
    pub(super) fn in_set(&mut self, set: &HashSet<String>, s: &str) -> bool {
        self.lower.clear();
        self.lower.extend(s.chars().flat_map(char::to_lowercase));
        set.contains(self.lower.as_str())
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        matches!(self.tokens[i].kind, TokenKind::Word)
    }

    pub(super) fn sentence(
        &mut self,
        s0: usize,
        s1: usize,
        dateline: Option<Span>,
        out: &mut Vec<Candidate>,
    ) {
        let g = self.g;
        let a = self.tokens[s0].span.start();
        let b = self.tokens[s1 - 1].span.end();
        let hay = &self.text[a..b];
        let caps = all_caps(self.text, &self.tokens[s0..s1]);

        // 1. Name matches, token-aligned, leftmost-longest.
        self.raw.clear();
        for m in g.names.find_overlapping_iter(hay) {
            let grp = g.name_group[m.pattern().as_usize()];
            self.raw.push((a + m.start(), a + m.end(), grp));
        }
        if caps {
            for m in g.names_upper.find_overlapping_iter(hay) {
                let grp = g.upper_group[m.pattern().as_usize()];
                self.raw.push((a + m.start(), a + m.end(), grp));
            }
        }
        let hits = self.select(s0, s1, dateline);
        let hits: Vec<Hit> = hits
            .into_iter()
            .filter(|h| caps || !self.person_internal(h, s0, s1))
            .collect();

        // 2. Government bodies after a country or capital.
        let mut body_after: Vec<Option<(usize, usize)>> = vec![None; hits.len()];
        for (k, h) in hits.iter().enumerate() {
            body_after[k] = self.body_after(h, s1);
        }

        // 3. Metonym decisions, shared along chains joined by `and` / `or` / `,`.
        let readings = self.readings(&hits, &body_after, s0, s1);

        let mut name_spans: Vec<Span> = Vec::with_capacity(hits.len());
        for (k, h) in hits.iter().enumerate() {
            let span = self.span(h.t0, h.t1);
            name_spans.push(span);
            if let Some(c) = self.candidate(h, readings[k]) {
                out.push(c);
            }
            if let Some((bt1, body)) = body_after[k] {
                if let Some(country) = self.hit_country(h) {
                    let b = &g.body_entries[body];
                    let c = &g.countries[country as usize];
                    out.push(Candidate {
                        span: self.span(h.t0, bt1),
                        label: CandidateLabel::Organization {
                            kind: Some(b.kind),
                            canonical: Some(format!("{} {}", c.adjective(), b.canonical)),
                            country: Some(c.code.clone()),
                        },
                        form: MentionForm::Name,
                        source: CandidateSource::Gazetteer,
                        score: 0.85,
                    });
                    name_spans.push(self.span(h.t0, bt1));
                }
            }
        }

        // 4. Capitalised bodies standing alone (`the Foreign Ministry said`): no owner known.
        self.standalone_bodies(a, hay, s0, s1, &name_spans, out);

        // 5. Titles.
        self.titles(a, hay, s0, s1, caps, &name_spans, out);
    }

    /// Token-align `self.raw` and pick leftmost-longest non-overlapping hits.
    pub(super) fn select(&mut self, s0: usize, s1: usize, dateline: Option<Span>) -> Vec<Hit> {
        let mut raw = std::mem::take(&mut self.raw);
        raw.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let mut hits = Vec::new();
        let mut last_end = 0usize;
        for &(st, en, grp) in &raw {
            if st < last_end {
                continue;
            }
            if dateline.is_some_and(|d| d.overlaps(Span::new(st, en))) {
                continue;
            }
            let (Some(t0), Some(tl)) = (self.tok_starting(s0, s1, st), self.tok_ending(s0, s1, en))
            else {
                continue;
            };
            hits.push(Hit {
                t0,
                t1: tl + 1,
                group: grp,
            });
            last_end = en;
        }
        self.raw = raw;
        hits
    }

    /// True when a name that is also a common personal name sits inside a person's name
    /// (`Michael Jordan`, `Jordan Peterson`, `Mr. Washington`).
    pub(super) fn person_internal(&self, h: &Hit, s0: usize, s1: usize) -> bool {
        let surface = &self.g.group_surface[h.group as usize];
        if !self.g.person_risky.contains(surface) || h.t1 - h.t0 != 1 {
            return false;
        }
        let cap_name = |i: usize| {
            let t = self.tok(i);
            self.is_word(i) && starts_upper(t) && !self.g.group_of.contains_key(t)
        };
        let before = h.t0 > s0
            && h.t0 - 1 > s0
            && self.tokens[h.t0 - 1].space_after
            && (cap_name(h.t0 - 1)
                || self.tok(h.t0 - 1).ends_with('.') && starts_upper(self.tok(h.t0 - 1)));
        let before_first = h.t0 == s0 + 1 && cap_name(s0) && self.tok(s0).ends_with('.');
        let after = h.t1 < s1 && self.tokens[h.t0].space_after && cap_name(h.t1);
        before || before_first || after
    }
}

impl<'a> Cx<'a> {
    /// The country a hit names, for bodies built on it.
    pub(super) fn hit_country(&self, h: &Hit) -> Option<u16> {
        self.g.groups[h.group as usize]
            .iter()
            .find_map(|e| match e {
                Entry::Country { country, .. } | Entry::Capital { country, .. } => Some(*country),
                _ => None,
            })
    }

    /// Whether a hit's group has a country (name/abbreviation/demonym) or org entry, which
    /// outranks the capital reading.
    pub(super) fn primary(&self, h: &Hit) -> bool {
        self.g.groups[h.group as usize].iter().any(|e| {
            matches!(
                e,
                Entry::Country { .. } | Entry::Org { .. } | Entry::Location { .. }
            )
        })
    }

    pub(super) fn candidate(&mut self, h: &Hit, reading: Reading) -> Option<Candidate> {
        let g = self.g;
        let span = self.span(h.t0, h.t1);
        let entries = &g.groups[h.group as usize];
        let cand = |label, form, score| Candidate {
            span,
            label,
            form,
            source: CandidateSource::Gazetteer,
            score,
        };
        let country_label = |ci: u16| CandidateLabel::Country {
            code: g.countries[ci as usize].code.clone(),
        };
        let place_label = |li: u32| {
            let p = &g.places[li as usize];
            CandidateLabel::Location {
                canonical: Some(p.canonical.clone()),
                country: p.country.clone(),
            }
        };
        let org_label = |oi: u32| {
            let o = &g.orgs[oi as usize];
            CandidateLabel::Organization {
                kind: Some(o.kind),
                canonical: Some(o.canonical.clone()),
                country: o.country.clone(),
            }
        };
        // A country name first (with the `alt` place reading), then orgs, places, metonyms.
        if let Some((ci, form)) = entries.iter().find_map(|e| match e {
            Entry::Country { country, form } => Some((*country, *form)),
            _ => None,
        }) {
            let surface = &g.group_surface[h.group as usize];
            if let Some(alt) = g.alts.get(surface) {
                let c = &g.countries[ci as usize];
                let counter: Vec<String> = c.demonyms.iter().chain(&c.capitals).cloned().collect();
                if self.doc_has_word(&alt.cues) && !self.doc_has_word(&counter) {
                    return Some(cand(place_label(alt.loc), MentionForm::Name, 0.7));
                }
            }
            let score = match form {
                MentionForm::Name => 0.95,
                MentionForm::Abbreviation => 0.9,
                _ => 0.85,
            };
            return Some(cand(country_label(ci), form, score));
        }
        if let Some((oi, form)) = entries.iter().find_map(|e| match e {
            Entry::Org { org, form } => Some((*org, *form)),
            _ => None,
        }) {
            return Some(cand(org_label(oi), form, 0.9));
        }
        if let Some(li) = entries.iter().find_map(|e| match e {
            Entry::Location { loc } => Some(*loc),
            _ => None,
        }) {
            return Some(cand(place_label(li), MentionForm::Name, 0.85));
        }
        if let Some(ci) = entries.iter().find_map(|e| match e {
            Entry::Seat { country } => Some(*country),
            _ => None,
        }) {
            return Some(cand(country_label(ci), MentionForm::Metonym, 0.9));
        }
        let capital = entries.iter().find_map(|e| match e {
            Entry::Capital { country, canonical } => Some((*country, *canonical)),
            _ => None,
        });
        let org_met = entries.iter().find_map(|e| match e {
            Entry::OrgMetonym { org } => Some(*org),
            _ => None,
        });
        match reading {
            Reading::Gov => {
                if let Some(oi) = org_met {
                    Some(cand(org_label(oi), MentionForm::Metonym, 0.8))
                } else {
                    capital.map(|(ci, _)| cand(country_label(ci), MentionForm::Metonym, 0.85))
                }
            }
            // With no cue either way, a capital followed by a lower-case word or punctuation
            // (`Beijing always denied`, `Washington has a point`, `criticise Moscow.`) is, in
            // news, far more often the government than the city.
            Reading::Unknown if org_met.is_none() && self.followed_by_clause(h.t1) => {
                capital.map(|(ci, _)| cand(country_label(ci), MentionForm::Metonym, 0.6))
            }
            Reading::Place | Reading::Unknown => {
                let score = if reading == Reading::Place { 0.8 } else { 0.6 };
                capital.map(|(_, li)| cand(place_label(li), MentionForm::Name, score))
            }
        }
    }
}

/// True when most words of a sentence are written in capitals (`JAPAN BEAT SYRIA`).
pub(super) fn all_caps(text: &str, toks: &[Token]) -> bool {
    let (upper, words) = crate::text::upper_share(text, toks);
    words >= 2 && upper * 10 >= words * 8
}
