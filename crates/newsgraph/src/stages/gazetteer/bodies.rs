//! Government bodies named after their country (`the Chinese foreign ministry`), after a match
//! or standing alone.

use super::*;

impl<'a> Cx<'a> {
    /// A body (`foreign ministry`) right after a hit that names a country, possibly through
    /// a possessive: returns (one past its last token, body index).
    pub(super) fn body_after(&self, h: &Hit, s1: usize) -> Option<(usize, usize)> {
        let entries = &self.g.groups[h.group as usize];
        let (mut ok_direct, mut ok_poss) = (false, false);
        for e in entries {
            match e {
                Entry::Country {
                    form: MentionForm::Demonym,
                    ..
                } => ok_direct = true,
                Entry::Country { .. } | Entry::Capital { .. } => {
                    ok_direct = true;
                    ok_poss = true;
                }
                _ => {}
            }
        }
        if !ok_direct {
            return None;
        }
        let mut j = h.t1;
        if j < s1 && is_possessive(self.tok(j)) {
            if !ok_poss {
                return None;
            }
            j += 1;
        }
        if j >= s1 || !self.is_word(j) {
            return None;
        }
        let start = self.tokens[j].span.start();
        let end = self.tokens[s1 - 1].span.end();
        let input = Input::new(&self.text[..end])
            .range(start..end)
            .anchored(Anchored::Yes);
        let m = self.g.bodies.find(input)?;
        let last = self.tok_ending(j, s1, m.end())?;
        Some((last + 1, m.pattern().as_usize()))
    }

    /// True when the token at `t1` (just after a hit) is a lower-case word or punctuation, or
    /// there is none.
    pub(super) fn followed_by_clause(&self, t1: usize) -> bool {
        match self.tokens.get(t1) {
            None => true,
            Some(t) => match t.kind {
                TokenKind::Word => !starts_upper(self.tok(t1)),
                TokenKind::Punct => matches!(self.tok(t1), "," | "." | ";" | ":" | "?" | "!"),
                _ => false,
            },
        }
    }

    pub(super) fn standalone_bodies(
        &mut self,
        a: usize,
        hay: &str,
        s0: usize,
        s1: usize,
        taken: &[Span],
        out: &mut Vec<Candidate>,
    ) {
        for m in self.g.bodies.find_iter(hay) {
            let b = &self.g.body_entries[m.pattern().as_usize()];
            if b.words < 2 {
                continue;
            }
            let span = Span::new(a + m.start(), a + m.end());
            if taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            let text = &self.text[span.start()..span.end()];
            // Title case: every word of four letters or more capitalised.
            if !text
                .split_whitespace()
                .all(|w| w.len() < 4 || starts_upper(w))
            {
                continue;
            }
            if self.tok_starting(s0, s1, span.start()).is_none()
                || self.tok_ending(s0, s1, span.end()).is_none()
            {
                continue;
            }
            out.push(Candidate {
                span,
                label: CandidateLabel::Organization {
                    kind: Some(b.kind),
                    canonical: Some(b.canonical.clone()),
                    country: None,
                },
                form: MentionForm::Name,
                source: CandidateSource::Gazetteer,
                score: 0.7,
            });
        }
    }
}
