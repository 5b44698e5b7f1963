//! Metonyms: whether a capital stands for its government or the place, from the words around it.

use super::*;

impl<'a> Cx<'a> {
    pub(super) fn metonymic(&self, h: &Hit) -> bool {
        !self.primary(h)
            && self.g.groups[h.group as usize]
                .iter()
                .any(|e| matches!(e, Entry::Capital { .. } | Entry::OrgMetonym { .. }))
    }

    pub(super) fn readings(
        &mut self,
        hits: &[Hit],
        bodies: &[Option<(usize, usize)>],
        s0: usize,
        s1: usize,
    ) -> Vec<Reading> {
        let mut out = vec![Reading::Unknown; hits.len()];
        let mut k = 0;
        while k < hits.len() {
            // A chain: hits joined by connectors only.
            let mut end = k;
            while end + 1 < hits.len() && self.connected(hits[end].t1, hits[end + 1].t0) {
                end += 1;
            }
            let any_metonymic = (k..=end).any(|i| self.metonymic(&hits[i]));
            if any_metonymic {
                let left = self.left_cue(hits[k].t0, s0);
                let (right, strong) = self.right_cue(hits[end].t1, s1);
                for i in k..=end {
                    if !self.metonymic(&hits[i]) {
                        continue;
                    }
                    let own = if bodies[i].is_some() {
                        Reading::Gov
                    } else {
                        self.own_cue(&hits[i], s1)
                    };
                    // A place noun right after (`London Stock Exchange`) outranks the
                    // preposition before (`on the London ...`).
                    let order = if strong {
                        [own, right, left]
                    } else {
                        [own, left, right]
                    };
                    out[i] = order
                        .into_iter()
                        .find(|r| *r != Reading::Unknown)
                        .unwrap_or(Reading::Unknown);
                }
            }
            k = end + 1;
        }
        out
    }

    pub(super) fn connected(&self, t1: usize, t0: usize) -> bool {
        if t0 <= t1 || t0 - t1 > 2 {
            return false;
        }
        (t1..t0).all(|i| matches!(self.tok(i), "and" | "or" | "," | "&"))
    }

    /// Cues attached to one hit: a suffix (`-based`, `, D.C.`) or a possessive.
    pub(super) fn own_cue(&mut self, h: &Hit, s1: usize) -> Reading {
        let end = self.tokens[h.t1 - 1].span.end();
        let rest = &self.text[end..];
        for suf in &self.g.cues.place_suffix {
            if let Some(after) = rest.strip_prefix(suf.as_str()) {
                if after.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                    return Reading::Place;
                }
            }
        }
        if h.t1 < s1 && is_possessive(self.tok(h.t1)) {
            if h.t1 + 1 < s1 {
                let next = self.tok(h.t1 + 1);
                let owned = &self.g.cues.place_owned;
                if self.in_set(owned, next) {
                    return Reading::Place;
                }
                // `London's Science Museum`, `Seoul's Gangnam district`: a named place inside.
                if starts_upper(next) && !self.g.group_of.contains_key(next) {
                    return Reading::Place;
                }
            }
            return Reading::Gov;
        }
        Reading::Unknown
    }

    pub(super) fn left_cue(&mut self, t0: usize, s0: usize) -> Reading {
        if t0 == s0 {
            return Reading::Unknown;
        }
        let w = self.tok(t0 - 1);
        // `the London Stock Exchange`, `the Washington consensus`: a modifier, not an actor
        // (`the Beijing government` is caught earlier as a body).
        if w.eq_ignore_ascii_case("the") {
            return Reading::Place;
        }
        let cues = &self.g.cues;
        if w == "to" {
            // `flew to Seoul` is a destination; `a message to Moscow`, `closer to Washington`
            // address a government.
            let before = if t0 >= s0 + 2 { self.tok(t0 - 2) } else { "" };
            return if self.in_set(&cues.motion_before_to, before) {
                Reading::Place
            } else {
                Reading::Gov
            };
        }
        if self.in_set(&cues.place_before, w) {
            Reading::Place
        } else if self.in_set(&cues.gov_before, w) {
            Reading::Gov
        } else {
            Reading::Unknown
        }
    }

    /// The cue after a chain, and whether it is a strong (noun) cue.
    pub(super) fn right_cue(&mut self, t1: usize, s1: usize) -> (Reading, bool) {
        if t1 >= s1 {
            return (Reading::Unknown, false);
        }
        let w = self.tok(t1);
        let cues = &self.g.cues;
        if is_possessive(w) {
            return (Reading::Unknown, false); // handled per hit
        }
        if self.in_set(&cues.place_after, w) {
            return (Reading::Place, true);
        }
        (self.right_verb_cue(t1, s1), false)
    }

    pub(super) fn right_verb_cue(&mut self, t1: usize, s1: usize) -> Reading {
        let w = self.tok(t1);
        let cues = &self.g.cues;
        if self.in_set(&cues.gov_after, w) {
            return Reading::Gov;
        }
        if self.in_set(&cues.aux_after, w) {
            let mut j = t1 + 1;
            while j < s1 && self.in_set(&cues.skip_after_aux, self.tok(j)) {
                j += 1;
            }
            if j >= s1 || !self.is_word(j) {
                return Reading::Unknown;
            }
            return if self.in_set(&cues.place_after_aux, self.tok(j)) {
                Reading::Place
            } else {
                Reading::Gov
            };
        }
        Reading::Unknown
    }

    pub(super) fn doc_has_word(&mut self, words: &[String]) -> bool {
        if self.doc_words.is_none() {
            let text = self.text;
            self.doc_words = Some(
                self.tokens
                    .iter()
                    .map(|t| &text[t.span.start()..t.span.end()])
                    .collect(),
            );
        }
        let set = self.doc_words.as_ref().expect("built just above");
        words.iter().any(|w| set.contains(w.as_str()))
    }
}
