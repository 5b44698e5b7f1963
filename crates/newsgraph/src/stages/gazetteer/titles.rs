//! Titles (`Prime Minister`, `Foreign Minister`) with their prefixes and case rules.

use super::*;

impl<'a> Cx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn titles(
        &mut self,
        a: usize,
        hay: &str,
        s0: usize,
        s1: usize,
        caps: bool,
        taken: &[Span],
        out: &mut Vec<Candidate>,
    ) {
        let g = self.g;
        self.raw.clear();
        for m in g.titles.find_overlapping_iter(hay) {
            self.raw
                .push((a + m.start(), a + m.end(), m.pattern().as_u32()));
        }
        let hits = self.select(s0, s1, None);
        for h in hits {
            let entry = &g.title_entries[h.group as usize];
            let first = self.tok(h.t0);
            let span = self.span(h.t0, h.t1);
            if taken.iter().any(|t| t.contains(span) && *t != span) {
                continue;
            }
            let cap = starts_upper(first);
            let next_cap = h.t1 < s1 && self.is_word(h.t1) && starts_upper(self.tok(h.t1));
            let ok = match entry.rule {
                CaseRule::Any => true,
                CaseRule::Cap => cap && !caps,
                CaseRule::Name => cap && next_cap,
            };
            if !ok || (h.t1 - h.t0 == 1 && cap && !caps && self.surname_position(h.t0, s0)) {
                continue;
            }
            // Extend left over kept prefixes (`Deputy`, `Principal Deputy`, `Vice-`,
            // `Trade and Industry`).
            let mut t0 = h.t0;
            let mut canonical = g.title_infos[entry.info as usize].canonical.clone();
            for _ in 0..4 {
                match self.prefix_before(t0, s0) {
                    Some((p0, word)) => {
                        canonical = format!("{word} {canonical}");
                        t0 = p0;
                    }
                    None => {
                        // `Trade and Industry Secretary`: `and` between two prefixes.
                        if t0 > s0 + 1 && t0 < h.t0 && self.tok(t0 - 1) == "and" {
                            if let Some((p0, word)) = self.prefix_before(t0 - 1, s0) {
                                canonical = format!("{word} and {canonical}");
                                t0 = p0;
                                continue;
                            }
                        }
                        break;
                    }
                }
            }
            let score = if cap && next_cap { 0.9 } else { 0.8 };
            out.push(Candidate {
                span: self.span(t0, h.t1),
                label: CandidateLabel::Title { canonical },
                form: MentionForm::Nominal,
                source: CandidateSource::Gazetteer,
                score,
            });
        }
    }

    /// True when a one-word capitalised title at `t0` is more likely a surname: right after a
    /// hyphen (`McEwen-King`), or after a capitalised word that is not sentence-initial and not
    /// a known name (`Paul King`, `Howard Dean`, `Mr King`; but `Chinese President`).
    pub(super) fn surname_position(&mut self, t0: usize, s0: usize) -> bool {
        if t0 == s0 {
            return false;
        }
        let p = t0 - 1;
        let prev = self.tok(p);
        if prev == "-" && !self.tokens[p].space_after {
            // `Vice-Chairman` is a title; `McEwen-King` a surname.
            let joined = p > s0
                && self
                    .g
                    .title_prefixes
                    .contains_key(&self.tok(p - 1).to_lowercase());
            return !joined;
        }
        if !self.tokens[p].space_after || !self.is_word(p) || !starts_upper(prev) {
            return false;
        }
        if self.g.group_of.contains_key(prev) {
            return false;
        }
        // The end of a multi-word known name: `South Korean President`, `Sri Lankan President`.
        for k in 1..=2 {
            if p >= s0 + k {
                let words: Vec<&str> = (p - k..=p).map(|i| self.tok(i)).collect();
                if self.g.group_of.contains_key(words.join(" ").as_str()) {
                    return false;
                }
            }
        }
        let lower = prev.to_lowercase();
        if self.g.title_prefixes.contains_key(&lower) {
            return false;
        }
        // An honorific before it (`Mr King`) makes it a surname even at sentence start.
        let honorific = self.g.titles.find(prev).is_some_and(|m| {
            m.start() == 0
                && m.end() == prev.len()
                && self.g.title_infos[self.g.title_entries[m.pattern().as_usize()].info as usize]
                    .class
                    == "honorific"
        });
        honorific || p > s0
    }

    /// A kept title prefix ending right before token `t0`: its first token and its
    /// capitalised canonical form.
    pub(super) fn prefix_before(&mut self, t0: usize, s0: usize) -> Option<(usize, String)> {
        if t0 == s0 {
            return None;
        }
        let mut j = t0 - 1;
        // `Vice-President`: a hyphen with no space around it joins the prefix.
        if self.tok(j) == "-"
            && !self.tokens[j].space_after
            && j > s0
            && !self.tokens[j - 1].space_after
        {
            j -= 1;
        } else if !self.tokens[j].space_after {
            return None;
        }
        for len in [2usize, 1] {
            if j + 1 < s0 + len {
                continue;
            }
            let p0 = j + 1 - len;
            let words: Vec<&str> = (p0..=j).map(|i| self.tok(i)).collect();
            if !words.iter().all(|w| w.chars().all(char::is_alphabetic)) {
                continue;
            }
            let joined = words.join(" ");
            self.lower.clear();
            self.lower
                .extend(joined.chars().flat_map(char::to_lowercase));
            if self.g.title_prefixes.get(self.lower.as_str()) == Some(&true) {
                let canon = words
                    .iter()
                    .map(|w| capitalise(w))
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some((p0, canon));
            }
        }
        None
    }
}
