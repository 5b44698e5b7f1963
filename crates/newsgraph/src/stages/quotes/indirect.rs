//! Indirect speech: `X said (that) <clause>`, `<clause>, X said.`, `According to X, <clause>`.

use super::*;

impl<'a> Ctx<'a> {
    /// Indirect speech in sentence `s` (see the module docs).
    pub(super) fn indirect(&self, s: usize, out: &mut Vec<Draft>) {
        let (a, b) = self.sent_bounds(s);
        if b <= a {
            return;
        }
        // The clause ends before final punctuation.
        let mut e = b;
        while e > a && matches!(self.toks[e - 1].kind, TokenKind::Punct | TokenKind::Quote) {
            e -= 1;
        }
        let mut v = a;
        while v < e {
            if self.inside_quote(self.toks[v].span.start()) {
                v += 1;
                continue;
            }
            // `According to X, <clause>` and `<clause>, according to X.`
            if let Some(pe) = self.phrase_at(v, &self.data.source_after) {
                let Some(who) = self.subject_after(pe, e).filter(|w| w.speaks()) else {
                    v = pe;
                    continue;
                };
                let cue = self.toks[v].span.cover(self.toks[pe - 1].span);
                if v == a {
                    if let Some(c) = (pe..e).find(|&i| self.is_punct(i, ",")) {
                        self.push_indirect(c + 1, e, cue, who, s, out);
                    }
                } else if v > a
                    && self.is_punct(v - 1, ",")
                    && (pe..e).all(|i| !self.is_punct(i, ","))
                {
                    self.push_indirect(a, v - 1, cue, who, s, out);
                }
                v = e;
                continue;
            }
            let f = self.info[v];
            if f.flags & VERB == 0 || f.frames == 0 {
                v += 1;
                continue;
            }
            let (cue, mut i) = self.cue_of_verb(v, e);
            let subj = self.subject_before(v, a);
            let who = match subj {
                // An unnamed source (`officials said that ...`) still reports speech; the quote
                // is kept with no speaker.
                Subj::Found(w) if w.speaks() => w,
                Subj::Unnamed(desc) => Who::Unnamed(desc),
                Subj::Missing => {
                    // `<clause>, said X.`
                    if v > a && self.is_punct(v - 1, ",") {
                        if let Some(w) = self.subject_after(i, e) {
                            if self.tail_is_speaker(i, e) {
                                self.push_indirect(a, v - 1, cue, w, s, out);
                                break;
                            }
                        }
                    }
                    v += 1;
                    continue;
                }
                _ => {
                    v += 1;
                    continue;
                }
            };
            // `<clause>, X said.`: nothing but adjuncts after the verb and a comma before the subject.
            if i >= e || self.toks[i].kind == TokenKind::Punct {
                if let Some(st) = who_start(who) {
                    let sb = self.tok_from(st);
                    if sb > a && self.is_punct(sb - 1, ",") {
                        self.push_indirect(a, sb - 1, cue, who, s, out);
                    }
                }
                v += 1;
                continue;
            }
            let mut clause = None;
            if f.frames & FRAME_OF != 0 {
                clause = (i..e.min(i + 8))
                    .find(|&k| self.flags(k) & OF != 0)
                    .map(|k| k + 1);
            }
            if clause.is_none() && f.frames & (FRAME_CLAUSE | FRAME_OBJ) != 0 {
                let that = (i..e.min(i + 9))
                    .take_while(|&k| {
                        !self.is_quote_tok(k) && !matches!(self.tok_text(k), "." | ";" | ":")
                    })
                    .find(|&k| self.flags(k) & THAT != 0 && self.toks[k].kind == TokenKind::Word);
                let has_object = i > v + 1; // `told reporters`
                if let Some(t) = that {
                    clause = Some(t + 1);
                } else if f.frames & FRAME_OBJ != 0 && !has_object {
                    // `told Reuters the talks failed`: skip a named object.
                    let at = self.toks[i].span.start;
                    let k = self.mentions.partition_point(|m| m.span.start < at);
                    if let Some(m) = self.mentions.get(k).filter(|m| m.span.start == at) {
                        i = self.tok_until(m.span.end());
                        clause = Some(i);
                    }
                } else if i < e
                    && self.flags(i) & ADJUNCT == 0
                    && !self.is_quote_tok(i)
                    && self.toks[i].kind != TokenKind::Punct
                {
                    clause = Some(i);
                }
            }
            if let Some(c) = clause {
                if c < e && !self.is_quote_tok(c) && self.push_indirect(c, e, cue, who, s, out) {
                    break;
                }
            }
            v += 1;
        }
    }

    /// After `said` in `<clause>, said X.`: only the speaker's noun phrase to the end.
    pub(super) fn tail_is_speaker(&self, from: usize, e: usize) -> bool {
        e > from
            && e - from <= 12
            && (from..e).all(|k| !self.is_quote_tok(k) && self.flags(k) & (VERB | THAT) == 0)
    }

    /// Record indirect speech over tokens `c..e` unless it is too short or a direct quote.
    pub(super) fn push_indirect(
        &self,
        c: usize,
        e: usize,
        cue: Span,
        who: Who,
        s: usize,
        out: &mut Vec<Draft>,
    ) -> bool {
        if c >= e || !(who.speaks() || matches!(who, Who::Unnamed(_))) {
            return false;
        }
        let words = (c..e)
            .filter(|&k| self.toks[k].kind == TokenKind::Word)
            .count();
        if words < 2 {
            return false;
        }
        let span = self.toks[c].span.cover(self.toks[e - 1].span);
        // Direct quotes inside the reported clause (`X said Tokyo had lodged “a formal
        // protest”`) are X's words too, when nothing else attributed them.
        let attribution = Attribution {
            cue,
            who,
            end: cue.end().max(who_end(who)),
        };
        for d in out.iter_mut().filter(|d| {
            // The clause stops before final punctuation that the quote may include.
            d.direct && d.attr.is_none() && span.start <= d.span.start && d.span.start < span.end
        }) {
            d.attr = Some(attribution);
            d.attr_after = false;
        }
        // Inside quotation marks: the direct quote says it already.
        let quoted: usize = self
            .quoted
            .iter()
            .filter(|q| q.0 < span.end() && span.start() < q.1)
            .map(|q| q.1.min(span.end()) - q.0.max(span.start()))
            .sum();
        if quoted * 2 > span.len() {
            return false;
        }
        out.push(Draft {
            span,
            parts: vec![span],
            direct: false,
            open: span.start(),
            outer_end: span.end(),
            attr: Some(Attribution {
                cue,
                who,
                end: cue.end().max(who_end(who)),
            }),
            attr_after: cue.start >= span.end,
            words,
            fills: false,
            leads: false,
            first_sent: s,
            last_sent: s,
            speaker: None,
            speaker_mention: None,
        });
        true
    }
}
