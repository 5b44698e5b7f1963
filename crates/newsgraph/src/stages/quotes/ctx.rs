//! What the cue passes share: the document's tokens, mentions and entities seen as one context,
//! with the kinds of speaker (`Who`), subject (`Subj`) and draft quote they work on.

use super::*;

// ---------------------------------------------------------------------------------------------
// Pass 2-4: cues, speakers and context.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Male,
    Female,
}

/// Who a cue names as the speaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Who {
    /// A mention of an entity.
    Named { entity: EntityIx, span: Span },
    /// `he`/`she`, resolved in the context pass.
    Pronoun { span: Span, gender: Gender },
    /// A subject that names no entity (`a spokesman said`, `the book said`): no speaker, and no
    /// other cue is looked for. The span holds the words that describe the speaker, when there
    /// are any (`a British minister`; none for a passive `was said to`).
    Unnamed(Option<Span>),
    /// No speaker found.
    Unknown,
}

impl Who {
    /// A cue with this subject settles the question (even when no entity speaks).
    pub(super) fn decided(self) -> bool {
        !matches!(self, Who::Unknown)
    }

    /// Names a speaker (an entity or a pronoun to resolve).
    pub(super) fn speaks(self) -> bool {
        matches!(self, Who::Named { .. } | Who::Pronoun { .. })
    }
}

/// What stands before a speech verb.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Subj {
    /// A speaker.
    Found(Who),
    /// A subject that is not an entity (`a spokesman`, `the book`, or a passive verb), with the
    /// words that describe it.
    Unnamed(Option<Span>),
    /// Nothing: the verb comes first (`said X`).
    Missing,
    /// Something the rules cannot read.
    Unknown,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Attribution {
    pub(super) cue: Span,
    pub(super) who: Who,
    /// Byte just past the attribution (the later of cue and speaker).
    pub(super) end: usize,
}

#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) span: Span,
    /// The quoted pieces inside `span` (see [`Quote::parts`]).
    pub(super) parts: Vec<Span>,
    pub(super) direct: bool,
    /// First byte of the quote including its opening mark.
    pub(super) open: usize,
    /// Byte just past the quote including its closing mark.
    pub(super) outer_end: usize,
    pub(super) attr: Option<Attribution>,
    /// The attribution came after the quote.
    pub(super) attr_after: bool,
    pub(super) words: usize,
    /// The quote fills its sentences (nothing but punctuation outside its marks).
    pub(super) fills: bool,
    /// The quote opens its sentence and only a few words follow it (`“…” workers.`): like a
    /// quote that fills its sentence, it goes on with the previous speaker.
    pub(super) leads: bool,
    pub(super) first_sent: usize,
    /// The last sentence the quote or its attribution occupies.
    pub(super) last_sent: usize,
    pub(super) speaker: Option<EntityIx>,
    pub(super) speaker_mention: Option<Span>,
}

pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) toks: &'a [Token],
    pub(super) sents: &'a [Sentence],
    pub(super) mentions: &'a [Mention],
    pub(super) entities: &'a [Entity],
    pub(super) data: &'a QuoteData,
    /// The `syntax` stage's words (empty when it did not run).
    pub(super) words: &'a [Word],
    pub(super) info: Vec<WordInfo>,
    /// Sentence of each token, `usize::MAX` outside sentences (the dateline).
    pub(super) tok_sent: Vec<usize>,
    /// Usable speaker mention ending at a byte offset, the longest one.
    pub(super) by_end: HashMap<u32, usize>,
    /// Entity named by a one-word form seen elsewhere in the document (`Nervo`, `Limbaugh`), for
    /// speakers the entity stage did not mark at this place; `None` when two entities share it.
    pub(super) by_name: HashMap<&'a str, Option<EntityIx>>,
    /// Outer spans of direct quotes, `(open, outer_end)`, sorted.
    pub(super) quoted: Vec<(usize, usize)>,
}

pub(super) fn usable(m: &Mention, entities: &[Entity]) -> bool {
    let Some(e) = entities.get(m.entity.ix()) else {
        return false;
    };
    match m.form {
        MentionForm::Demonym | MentionForm::Pronoun => false,
        _ => match e.etype {
            EntityType::Person | EntityType::Country | EntityType::Organization => true,
            EntityType::Location => m.form == MentionForm::Metonym,
        },
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn new(doc: &'a Document, data: &'a QuoteData, marked: &[MarkedQuote]) -> Ctx<'a> {
        let toks = doc.tokens();
        let sents = doc.sentences();
        let mut buf = String::new();
        let mut sentence_first = vec![false; toks.len()];
        for s in sents {
            if let Some(x) = sentence_first.get_mut(s.first_token.ix()) {
                *x = true;
            }
        }
        let info = toks
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if t.kind != TokenKind::Word {
                    return WordInfo::default();
                }
                let w = &doc.text[t.span.start()..t.span.end()];
                let mut i = data.info(w, &mut buf);
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                if i.flags & VERB != 0 && capital && !sentence_first[k] {
                    i.flags &= !VERB; // `States`, `Post`: capitalised speech verbs are names
                }
                i
            })
            .collect();
        let mut tok_sent = vec![usize::MAX; toks.len()];
        for (s, sent) in sents.iter().enumerate() {
            for t in sent.token_range() {
                if let Some(x) = tok_sent.get_mut(t) {
                    *x = s;
                }
            }
        }
        let mentions = doc.mentions();
        let entities = doc.entities();
        let mut by_name: HashMap<&'a str, Option<EntityIx>> = HashMap::new();
        for m in mentions.iter().filter(|m| usable(m, entities)) {
            let text = &doc.text[m.span.start()..m.span.end()];
            let last = text.split_whitespace().next_back().unwrap_or(text);
            let person = entities[m.entity.ix()].etype == EntityType::Person;
            // `the Times wrote` after `The Times`: the name without its article.
            let bare = text.strip_prefix("The ").filter(|_| !person);
            for key in [Some(text), person.then_some(last), bare]
                .into_iter()
                .flatten()
            {
                if key.chars().count() < 2 || !key.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                let e = by_name.entry(key).or_insert(Some(m.entity));
                if *e != Some(m.entity) {
                    *e = None;
                }
            }
        }
        let mut by_end: HashMap<u32, usize> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            if !usable(m, entities) {
                continue;
            }
            match by_end.get(&m.span.end) {
                Some(&j) if mentions[j].span.start <= m.span.start => {}
                _ => {
                    by_end.insert(m.span.end, i);
                }
            }
        }
        Ctx {
            text: &doc.text,
            toks,
            sents,
            mentions,
            entities,
            data,
            words: doc.words(),
            info,
            tok_sent,
            by_end,
            by_name,
            quoted: marked.iter().map(|q| (q.open, q.outer_end)).collect(),
        }
    }

    pub(super) fn tok_text(&self, i: usize) -> &'a str {
        let s = self.toks[i].span;
        &self.text[s.start()..s.end()]
    }

    /// First token starting at or after byte `pos`.
    pub(super) fn tok_from(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.span.start() < pos)
    }

    /// One past the last token ending at or before byte `pos`.
    pub(super) fn tok_until(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.span.end() <= pos)
    }

    pub(super) fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks[i].kind == TokenKind::Punct && self.tok_text(i) == p
    }

    pub(super) fn is_quote_tok(&self, i: usize) -> bool {
        self.toks[i].kind == TokenKind::Quote
    }

    pub(super) fn flags(&self, i: usize) -> u16 {
        self.info[i].flags
    }

    pub(super) fn inside_quote(&self, pos: usize) -> bool {
        let k = self.quoted.partition_point(|q| q.1 <= pos);
        self.quoted.get(k).is_some_and(|q| q.0 <= pos)
    }

    /// A usable speaker mention ending exactly at the end of token `i`.
    pub(super) fn mention_ending(&self, i: usize) -> Option<&'a Mention> {
        self.by_end
            .get(&self.toks[i].span.end)
            .map(|&m| &self.mentions[m])
    }

    pub(super) fn named(m: &Mention) -> Who {
        Who::Named {
            entity: m.entity,
            span: m.span,
        }
    }

    pub(super) fn pronoun(&self, i: usize) -> Option<Who> {
        let f = self.flags(i);
        let gender = if f & PRON_M != 0 {
            Gender::Male
        } else if f & PRON_F != 0 {
            Gender::Female
        } else {
            return None;
        };
        Some(Who::Pronoun {
            span: self.toks[i].span,
            gender,
        })
    }

    /// A phrase of `phrases` that starts at token `i`: the index one past its last token.
    pub(super) fn phrase_at(&self, i: usize, phrases: &[String]) -> Option<usize> {
        let start = self.toks.get(i)?.span.start();
        for p in phrases {
            let end = start + p.len();
            let Some(s) = self.text.get(start..end) else {
                continue;
            };
            if s.eq_ignore_ascii_case(p) {
                let j = self.tok_until(end);
                if j > i && self.toks[j - 1].span.end() == end {
                    return Some(j);
                }
            }
        }
        None
    }
}
