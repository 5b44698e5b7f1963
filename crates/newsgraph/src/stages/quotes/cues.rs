//! Pass 2: the cue of each direct quote, its speech verb and its subject (the speaker).

use super::*;

impl<'a> Ctx<'a> {
    /// The cue of the verb at `v`: the verb, extended by an object phrase (`told reporters`) and
    /// a channel (`in a statement`). Returns the cue span and the token one past it.
    pub(super) fn cue_of_verb(&self, v: usize, hi: usize) -> (Span, usize) {
        let mut end = v + 1;
        if let Some(j) = self.phrase_at(end, &self.data.verb_objects) {
            if j <= hi {
                end = j;
            }
        }
        if end < hi && self.flags(end) & ADJUNCT != 0 {
            for k in end + 1..hi.min(end + 5) {
                if self.toks[k].kind != TokenKind::Word {
                    break;
                }
                if self.flags(k) & REPORT_NOUN != 0 {
                    end = k + 1;
                    break;
                }
            }
        }
        (self.toks[v].span.cover(self.toks[end - 1].span), end)
    }

    /// The subject of the verb at `v`, looking no further left than token `lo`.
    pub(super) fn subject_before(&self, v: usize, lo: usize) -> Subj {
        let ing = self.tok_text(v).ends_with("ing");
        let mut j = v;
        let mut skipped = 0;
        while j > lo && skipped < 4 {
            let f = self.flags(j - 1);
            if f & PASSIVE != 0 && !ing {
                return Subj::Unnamed(None); // `was said to`
            }
            if f & (AUX | PASSIVE) == 0 {
                break;
            }
            j -= 1;
            skipped += 1;
        }
        if j <= lo {
            return Subj::Missing;
        }
        let mut k = j - 1;
        // `Trump attacked Clinton, saying “…”`, `responded by saying`: the main clause's subject.
        if ing && (self.is_punct(k, ",") || self.flags(k) & (PREP | ADJUNCT) != 0) {
            return self
                .first_speaker_in(lo, k)
                .map_or(Subj::Unknown, Subj::Found);
        }
        // A parenthesis after a name: `Rep. Gwen Moore (D-Wis.) said`.
        if self.is_punct(k, ")") {
            let mut m = k;
            while m > lo && !self.is_punct(m, "(") && k - m < 12 {
                m -= 1;
            }
            if m <= lo || !self.is_punct(m, "(") {
                return Subj::Unknown;
            }
            k = m - 1;
        }
        // A relative clause: `China, which said ...`, `said Stoltenberg, who stressed ...`: the
        // speaker is the name before the comma.
        if matches!(self.tok_text(k), "which" | "who") && k >= lo + 2 && self.is_punct(k - 1, ",") {
            if let Some(m) = self
                .mention_ending(k - 2)
                .filter(|m| usable(m, self.entities))
            {
                return Subj::Found(Self::named(m));
            }
        }
        // A second verb of the same subject: `NATO upgraded China ... and said ...`.
        if self.tok_text(k) == "and" && k > lo {
            if let Some(w) = self.first_speaker_in(lo, k) {
                return Subj::Found(w);
            }
        }
        if let Some(p) = self.pronoun(k) {
            return Subj::Found(p);
        }
        if let Some(m) = self.mention_ending(k) {
            return Subj::Found(Self::named(m));
        }
        if let Some(w) = self.name_at(k) {
            return Subj::Found(w);
        }
        match self.toks[k].kind {
            TokenKind::Quote => return Subj::Missing,
            TokenKind::Punct if !self.is_punct(k, ",") && !self.is_punct(k, "-") => {
                return Subj::Missing
            }
            _ => {}
        }
        if self.is_punct(k, ",") {
            // An appositive: `X, a spokesman for Y, said`: the mention before an earlier comma.
            let mut c = k;
            while c > lo && k - c < 30 {
                c -= 1;
                if self.is_quote_tok(c) {
                    break;
                }
                if self.is_punct(c, ",") && c > lo {
                    if let Some(m) = self.mention_ending(c - 1) {
                        return Subj::Found(Self::named(m));
                    }
                    if let Some(p) = self.pronoun(c - 1) {
                        return Subj::Found(p);
                    }
                }
            }
            // `Another critic, Laurence Tribe, said`: the name is the appositive.
            if k > lo {
                if let Some(m) = self.mention_ending(k - 1) {
                    return Subj::Found(Self::named(m));
                }
            }
            return if k == lo {
                Subj::Missing
            } else {
                Subj::Unknown
            };
        }
        // `a spokesman for the Australian High Commission in London said`: an unnamed
        // representative speaks for the organisation or country named after `for`/`of`.
        if let Some(w) = self.represented(lo, k) {
            return Subj::Found(w);
        }
        // A noun phrase ending in a common noun: `China’s foreign ministry said`, `a spokesman said`.
        let mut m = k + 1;
        let mut n = 0;
        while m > lo && n < 6 {
            m -= 1;
            n += 1;
            let t = self.toks[m];
            if t.kind != TokenKind::Word && !(t.kind == TokenKind::Punct && self.tok_text(m) == "-")
            {
                break;
            }
            if self.flags(m) & (VERB | THAT | PREP | ADJUNCT | OF | CONJ | INDEF) != 0 {
                break;
            }
            if m < k {
                if let Some(men) = self.mention_ending(m) {
                    // `China’s foreign ministry said` speaks for China; `Obama’s former
                    // strategist said` does not speak for Obama.
                    if self.entities[men.entity.ix()].etype == EntityType::Person {
                        break;
                    }
                    return Subj::Found(Self::named(men));
                }
            }
        }
        Subj::Unnamed(self.described(lo, k))
    }

    /// The noun phrase that ends at token `k` (looking no further left than `lo`) as the
    /// description of an unnamed speaker: modifiers, possessors and `of`/`for`/`in` phrases
    /// included (`Obama’s former campaign strategist`, `a narrator in the ad`, `the
    /// 34-year-old mother of three`), up to and with an indefinite determiner.
    pub(super) fn described(&self, lo: usize, k: usize) -> Option<Span> {
        let mut first = k;
        let mut m = k;
        while m > lo && k - m < 10 {
            m -= 1;
            let t = self.toks[m];
            let text = self.tok_text(m);
            let joiner = t.kind == TokenKind::Punct && text == "-";
            if !matches!(t.kind, TokenKind::Word | TokenKind::Number) && !joiner {
                break;
            }
            let f = self.flags(m);
            let inner_prep = f & (PREP | OF) != 0 || matches!(text, "in" | "at");
            if f & (VERB | THAT | CONJ | PRON_M | PRON_F | PRON_X) != 0
                || (f & ADJUNCT != 0 && !inner_prep)
            {
                break;
            }
            first = m;
            if f & INDEF != 0 {
                break; // `a British minister`: the determiner opens the description.
            }
        }
        // A description does not open with a preposition (`for the ministry`).
        while first < k && self.flags(first) & (PREP | OF | ADJUNCT) != 0 {
            first += 1;
        }
        // `this week`, `last month`: a time, not a speaker.
        if first > lo {
            let before = self.flags(first - 1);
            let place = matches!(self.tok_text(first - 1), "in" | "at");
            if before & PRON_X != 0 || (before & ADJUNCT != 0 && !place) {
                return None;
            }
        }
        self.description(first, k)
    }

    /// The words of tokens `first..=k` as a description of an unnamed speaker (`a British
    /// minister`, `the spokesman`), unless the subject is a pronoun (`they`, `it`).
    pub(super) fn description(&self, first: usize, k: usize) -> Option<Span> {
        // Not a pronoun (`they`), nor a time or function word left of a verb (`on Tuesday`).
        let not_noun = PRON_M
            | PRON_F
            | PRON_X
            | ADJUNCT
            | PREP
            | OF
            | INDEF
            | AUX
            | PASSIVE
            | THAT
            | CONJ
            | VERB;
        if first > k || self.flags(k) & not_noun != 0 || self.toks[k].kind != TokenKind::Word {
            return None;
        }
        Some(self.toks[first].span.cover(self.toks[k].span))
    }

    /// The organisation or country an unnamed representative right before token `k` speaks
    /// for: `a spokesman for <X> [in <place>]` or `<X>’s spokeswoman`.
    pub(super) fn represented(&self, lo: usize, k: usize) -> Option<Who> {
        let from = lo.max(k.saturating_sub(12));
        let rep = (from..=k)
            .rev()
            .find(|&i| self.flags(i) & REPRESENTATIVE != 0)?;
        // Nothing but the noun phrase between the representative and the verb.
        if (rep + 1..=k).any(|i| self.is_quote_tok(i) || self.flags(i) & VERB != 0) {
            return None;
        }
        let org = |m: &Mention| {
            usable(m, self.entities) && self.entities[m.entity.ix()].etype != EntityType::Person
        };
        // `for the ministry` / `of the embassy`: the first mention after the representative.
        let (a, b) = (self.toks[rep].span.end, self.toks[k].span.end);
        let i = self.mentions.partition_point(|m| m.span.start < a);
        if let Some(m) = self.mentions[i..]
            .iter()
            .take_while(|m| m.span.end <= b)
            .find(|m| org(m))
        {
            return Some(Self::named(m));
        }
        // `the embassy’s spokeswoman`: a mention ending right before (a possessive between).
        let mut p = rep;
        while p > lo && matches!(self.tok_text(p - 1), "’s" | "'s" | "a" | "an" | "the") {
            p -= 1;
        }
        (p > lo)
            .then(|| self.mention_ending(p - 1))
            .flatten()
            .filter(|m| org(m))
            .map(Self::named)
    }

    /// The first usable mention in tokens `lo..hi`, a person before anything else.
    pub(super) fn first_speaker_in(&self, lo: usize, hi: usize) -> Option<Who> {
        if lo >= hi {
            return None;
        }
        let (a, b) = (self.toks[lo].span.start, self.toks[hi - 1].span.end);
        let k = self.mentions.partition_point(|m| m.span.start < a);
        let mut first = None;
        for m in self.mentions[k..].iter().take_while(|m| m.span.end <= b) {
            if !usable(m, self.entities) || self.inside_quote(m.span.start()) {
                continue;
            }
            if self.entities[m.entity.ix()].etype == EntityType::Person {
                return Some(Self::named(m));
            }
            first = first.or(Some(m));
        }
        first.map(Self::named)
    }

    /// The speaker named after the cue ending before token `from` (`said X`, `according to X`),
    /// looking no further than `hi`.
    pub(super) fn subject_after(&self, from: usize, hi: usize) -> Option<Who> {
        if from >= hi {
            return None;
        }
        if let Some(p) = self.pronoun(from) {
            return Some(p);
        }
        let mut stop = from;
        while stop < hi && stop < from + 12 {
            let t = self.toks[stop];
            if t.kind == TokenKind::Quote
                || (t.kind == TokenKind::Punct
                    && matches!(self.tok_text(stop), "," | "." | ";" | ":" | "?" | "!"))
            {
                break;
            }
            stop += 1;
        }
        if stop == from {
            return None;
        }
        let lo = self.toks[from].span.start;
        let hi_b = self.toks[stop - 1].span.end;
        let a = self.mentions.partition_point(|m| m.span.start < lo);
        let cands = self.mentions[a..]
            .iter()
            .take_while(|m| m.span.start < hi_b)
            .filter(|m| m.span.end <= hi_b && usable(m, self.entities));
        let mut first = None;
        for m in cands {
            if self.entities[m.entity.ix()].etype == EntityType::Person {
                return Some(Self::named(m));
            }
            first = first.or(Some(m));
        }
        first
            .map(Self::named)
            .or_else(|| self.name_at(from))
            .or_else(|| {
                // `said a senior official`, `according to the ruling`: a described speaker.
                let det = self.flags(from) & INDEF != 0
                    || self.tok_text(from).eq_ignore_ascii_case("the");
                if !det {
                    return None;
                }
                // The phrase runs to a time or clause word (`said a senior official on Monday`).
                let end = (from + 1..stop)
                    .find(|&i| {
                        let text = self.tok_text(i);
                        let f = self.flags(i);
                        let inner = f & (PREP | OF) != 0 || matches!(text, "in" | "at");
                        f & (VERB | THAT | CONJ | AUX | PASSIVE) != 0
                            || (f & ADJUNCT != 0 && !inner)
                            || matches!(text, "who" | "which")
                    })
                    .unwrap_or(stop);
                let desc = self.description(from, end - 1)?;
                Some(Who::Unnamed(Some(desc)))
            })
    }

    /// Token `k` is a capitalised word that names an entity elsewhere in the document.
    pub(super) fn name_at(&self, k: usize) -> Option<Who> {
        let t = self.toks.get(k)?;
        if t.kind != TokenKind::Word || self.flags(k) != 0 {
            return None;
        }
        let entity = (*self.by_name.get(self.tok_text(k))?)?;
        Some(Who::Named {
            entity,
            span: t.span,
        })
    }

    /// The attribution a cue at token `v` gives (a verb, or a `source_after` phrase ending before
    /// `phrase_end`), with subject search bounded by `lo..hi`.
    pub(super) fn attribution_at(&self, v: usize, lo: usize, hi: usize) -> Option<Attribution> {
        if let Some(pe) = self.phrase_at(v, &self.data.source_after) {
            if pe > hi {
                return None;
            }
            let cue = self.toks[v].span.cover(self.toks[pe - 1].span);
            let who = self.subject_after(pe, hi).unwrap_or(Who::Unknown);
            return Some(Attribution {
                cue,
                who,
                end: who_end(who).max(cue.end()),
            });
        }
        if self.flags(v) & VERB == 0 {
            return None;
        }
        let (cue, after) = self.cue_of_verb(v, hi);
        let who = match self.subject_before(v, lo) {
            Subj::Found(w) => w,
            Subj::Missing => self.subject_after(after, hi).unwrap_or(Who::Unknown),
            Subj::Unnamed(desc) => Who::Unnamed(desc),
            Subj::Unknown => Who::Unknown,
        };
        Some(Attribution {
            cue,
            who,
            end: who_end(who).max(cue.end()),
        })
    }

    pub(super) fn sent_bounds(&self, s: usize) -> (usize, usize) {
        let sent = self.sents[s];
        (
            sent.first_token.ix(),
            sent.end_token.ix().min(self.toks.len()),
        )
    }

    /// Is the sentence `s` only punctuation outside `lo_tok..hi_tok`?
    pub(super) fn only_punct_outside(&self, s: usize, lo_tok: usize, hi_tok: usize) -> bool {
        let (a, b) = self.sent_bounds(s);
        (a..b)
            .filter(|&i| i < lo_tok || i >= hi_tok)
            .all(|i| matches!(self.toks[i].kind, TokenKind::Punct | TokenKind::Quote))
    }

    pub(super) fn same_paragraph(&self, a: usize, b: usize) -> bool {
        reflow::same_paragraph(self.text, self.toks, a, b)
    }

    /// Cues for one direct quote (pass 2): the quote's sentences, then the best cue after the
    /// quote and the best before it, then the choice between the two ([`pick_cue`]).
    pub(super) fn attribute_direct(&self, q: &MarkedQuote) -> Draft {
        let open_tok = self.tok_from(q.open);
        let close_tok = self.tok_from(q.outer_end); // first token after the quote
        let mut draft = self.draft_of(q, open_tok, close_tok);
        if draft.first_sent == usize::MAX || self.toks.is_empty() {
            return draft;
        }
        // A few words inside a sentence are a scare quote or a title; a few words that open
        // their sentence (`“Subpoenas are not optional,” X said`) are a quote like any other.
        let opens_sentence = (self.sent_bounds(draft.first_sent).0..open_tok)
            .all(|i| matches!(self.toks[i].kind, TokenKind::Punct | TokenKind::Quote));
        let short = draft.words <= SHORT_QUOTE_WORDS && !opens_sentence;
        draft.fills = self.only_punct_outside(draft.first_sent, open_tok, close_tok)
            && self.only_punct_outside(draft.last_sent, open_tok, close_tok);
        let (_, last_end) = self.sent_bounds(draft.last_sent);
        let words_after = (close_tok..last_end)
            .filter(|&i| self.toks[i].kind == TokenKind::Word)
            .count();
        draft.leads = opens_sentence && words_after <= LEAD_TAIL_WORDS;

        let after = self.cue_after(q, draft.last_sent, close_tok, short);
        let before = self.cue_before(q, draft.first_sent, open_tok, short);
        if let Some((a, is_after)) = pick_cue(after.cue, before, after.lookahead) {
            draft.attr = Some(a);
            draft.attr_after = is_after;
            if is_after {
                draft.last_sent = draft.last_sent.max(after.sent.min(self.sents.len() - 1));
            }
        }
        draft
    }

    /// A direct quote's draft before any cue: its span, parts, size and sentences (`usize::MAX`
    /// when the quote lies in no sentence, as in a title kept out of the body).
    fn draft_of(&self, q: &MarkedQuote, open_tok: usize, close_tok: usize) -> Draft {
        let words = self.text[q.inner.start()..q.inner.end()]
            .split_whitespace()
            .count();
        let sent_of = |t: usize| self.tok_sent.get(t).copied().unwrap_or(usize::MAX);
        let mut first_sent = sent_of(open_tok);
        let mut last_sent = sent_of(close_tok.saturating_sub(1).max(open_tok));
        if first_sent == usize::MAX {
            first_sent = last_sent;
        }
        if last_sent == usize::MAX {
            last_sent = first_sent;
        }
        Draft {
            span: q.inner,
            parts: paragraph_parts(self.text, self.toks, q.inner),
            direct: true,
            open: q.open,
            outer_end: q.outer_end,
            attr: None,
            attr_after: false,
            words,
            fills: false,
            leads: false,
            first_sent,
            last_sent,
            speaker: None,
            speaker_mention: None,
        }
    }

    /// The cue after a quote: in its last sentence up to the next quote, or, when the quote
    /// closed its sentence, at the start of a short next one (`“…?” X asked.`).
    fn cue_after(
        &self,
        q: &MarkedQuote,
        last_sent: usize,
        close_tok: usize,
        short: bool,
    ) -> CueAfter {
        let (_, last_end) = self.sent_bounds(last_sent);
        let next_open = self
            .quoted
            .iter()
            .find(|x| x.0 >= q.outer_end)
            .map_or(usize::MAX, |x| x.0);
        let mut hi = last_end.min(self.tok_from(next_open));
        let mut after_lo = close_tok;
        let mut after_sent = last_sent;
        if q.closed
            && after_lo >= hi
            && last_sent + 1 < self.sents.len()
            && !self.sents[last_sent + 1].paragraph_start
            && !short
        {
            // `“…?” X asked.` split into two sentences: look at the start of the next one.
            after_sent = last_sent + 1;
            let (a, b) = self.sent_bounds(after_sent);
            after_lo = a;
            hi = b.min(self.tok_from(next_open)).min(a + 12);
        }
        let reach = if short {
            SHORT_QUOTE_REACH
        } else {
            AFTER_REACH
        };
        let mut after = self.byline_cue(after_lo, hi, after_sent).map(|a| (a, true));
        let first_word = (after_lo..hi).find(|&i| self.toks[i].kind != TokenKind::Punct);
        for v in after_lo..hi.min(after_lo + reach) {
            if after.is_some() && v == after_lo {
                break;
            }
            if self.is_quote_tok(v) {
                break;
            }
            if let Some(a) = self.attribution_at(v, after_lo, hi) {
                let adjacent = first_word.is_some_and(|fw| {
                    v <= fw + 4
                        || matches!(a.who, Who::Named { span, .. } | Who::Pronoun { span, .. }
                            if span.start <= self.toks[fw].span.end)
                });
                let found = a.who.decided();
                if after.is_none()
                    || (found && matches!(after, Some((ref b, _)) if !b.who.decided()))
                {
                    after = Some((a, adjacent));
                }
                if found {
                    break;
                }
            }
        }
        let lookahead = after_sent != last_sent;
        if lookahead {
            // Only `X asked.` on its own, not `She adds, “…”` that introduces the next quote.
            let introduces_next = hi > after_lo
                && hi < self.toks.len()
                && self.toks[hi].span.start() >= next_open
                && (self.is_punct(hi - 1, ",") || self.is_punct(hi - 1, ":"));
            if introduces_next
                || !after
                    .as_ref()
                    .is_some_and(|(a, adj)| *adj && a.who.decided())
            {
                after = None;
            }
        }
        CueAfter {
            cue: after,
            sent: after_sent,
            lookahead,
        }
    }

    /// `“…” ― Ana Silva`: a byline dash right after the quote and a name, and nothing else up to
    /// the end of the sentence (`after_lo..hi` is where a cue after the quote may be).
    fn byline_cue(&self, after_lo: usize, hi: usize, after_sent: usize) -> Option<Attribution> {
        if after_lo >= hi || self.phrase_at(after_lo, &self.data.byline_dashes).is_none() {
            return None;
        }
        let (_, end) = self.sent_bounds(after_sent);
        let who = self.subject_after(after_lo + 1, hi.max(end))?;
        (who_end(who) >= self.toks[end - 1].span.start() || end - after_lo <= 6).then(|| {
            Attribution {
                cue: self.toks[after_lo].span,
                who,
                end: who_end(who),
            }
        })
    }

    /// The cue before a quote: in its first sentence after any earlier quote, or in the
    /// previous sentence when that one ends with a colon (`X said:`). A short (scare) quote
    /// looks only a few tokens back.
    fn cue_before(
        &self,
        q: &MarkedQuote,
        first_sent: usize,
        open_tok: usize,
        short: bool,
    ) -> Option<Attribution> {
        let (first_start, _) = self.sent_bounds(first_sent);
        let prev_close = self
            .quoted
            .iter()
            .rev()
            .find(|x| x.1 <= q.open)
            .map_or(0, |x| x.1);
        let mut lo = first_start.max(self.tok_from(prev_close));
        let mut before_hi = open_tok;
        if lo >= before_hi && first_sent > 0 {
            // `X said:` closing the previous sentence or paragraph.
            let (a, b) = self.sent_bounds(first_sent - 1);
            if b > a && self.is_punct(b - 1, ":") && !short {
                lo = a.max(self.tok_from(prev_close));
                before_hi = b;
            }
        }
        let mut before: Option<Attribution> = None;
        let min_v = if short {
            before_hi.saturating_sub(SHORT_QUOTE_REACH)
        } else {
            lo
        };
        for v in (lo.max(min_v)..before_hi).rev() {
            if self.inside_quote(self.toks[v].span.start()) {
                continue;
            }
            if let Some(a) = self.attribution_at(v, lo, before_hi) {
                let found = a.who.decided();
                if before.is_none() || found {
                    before = Some(a);
                }
                if found {
                    break;
                }
            }
        }
        before
    }

    /// Attribution from a sentence on its own (`X said on Tuesday.`, `X added:`), for quotes
    /// with no cue.
    pub(super) fn sentence_attribution(&self, s: usize) -> Option<Attribution> {
        let (a, b) = self.sent_bounds(s);
        if b <= a || b - a > 16 {
            return None;
        }
        (a..b)
            .filter(|&v| !self.inside_quote(self.toks[v].span.start()))
            .find_map(|v| self.attribution_at(v, a, b))
            .filter(|x| x.who.speaks())
    }

    /// `That was the message from X.` after a quote.
    pub(super) fn source_sentence(&self, s: usize) -> Option<Attribution> {
        let (a, b) = self.sent_bounds(s);
        if b <= a || b - a > 16 {
            return None;
        }
        (a..b)
            .filter(|&v| self.phrase_at(v, &self.data.source_after).is_some())
            .find_map(|v| self.attribution_at(v, a, b))
            .filter(|x| x.who.speaks())
    }
}

/// What [`Ctx::cue_after`] found: the cue with whether it stands right after the quote, the
/// sentence it was looked for in, and whether that is the sentence after the quote's.
struct CueAfter {
    cue: Option<(Attribution, bool)>,
    sent: usize,
    lookahead: bool,
}

/// The cue of a direct quote from the best one after it (with whether it is adjacent) and the
/// best one before it: an adjacent cue after the quote in its own sentence wins when it names the
/// speaker or nothing stands before; otherwise a cue before that names the speaker; otherwise
/// whichever there is, the one after first.
fn pick_cue(
    after: Option<(Attribution, bool)>,
    before: Option<Attribution>,
    lookahead: bool,
) -> Option<(Attribution, bool)> {
    let found = |a: &Attribution| a.who.decided();
    match (after, before) {
        (Some((a, true)), _) if !lookahead && found(&a) => Some((a, true)),
        (Some((a, true)), None) if !lookahead => Some((a, true)),
        (None, Some(b)) => Some((b, false)),
        (Some((a, _)), Some(b)) => {
            if !b.who.decided() {
                Some((a, true))
            } else {
                Some((b, false))
            }
        }
        (Some((a, _)), None) => Some((a, true)),
        (None, None) => None,
    }
}
