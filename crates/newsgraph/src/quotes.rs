//! Direct and indirect quotations and their speakers: the last stage of the pipeline.
//!
//! Reads [`Document::text`], `tokens`, `sentences`, `entities` and `mentions`; writes
//! [`Document::quotes`] (sorted by span start) and adds a [`MentionForm::Pronoun`] mention for
//! every `he`/`she` that it resolves as a quote's speaker (to `mentions` and to the entity's
//! mention list, both kept in text order).
//!
//! How it works, in four passes:
//!
//! 1. **Marks** ([`find_marked_quotes`]): quotation marks are paired on the raw text, paragraph by
//!    paragraph (a paragraph is a line; in hard-wrapped text, lines joined over soft breaks, see
//!    [`crate::reflow`]; a title kept out of the sentences holds none). Double marks (`“ ”`,
//!    `"`) are paired first; single marks
//!    (`‘ ’`, `'`) only outside double quotes, and a `’` between letters or before a year (`’90s`)
//!    is an apostrophe. A straight mark opens at the start of a line or after a space, bracket or
//!    dash and closes before a space, punctuation or the end. A quote never crosses a paragraph
//!    boundary, except by the news convention for long quotes: a paragraph that opens a quote and
//!    does not close it, followed by a paragraph that starts with an opening mark, continues the
//!    same quote. Such a quote is **one** [`Quote`] spanning its paragraphs (the span then holds the
//!    paragraph break and the continuation mark). A double quote still open at the end of a
//!    paragraph that is not continued runs to the end of that paragraph, never further.
//! 2. **Cues** for each direct quote, in this order of evidence: a cue right after the quote in
//!    the same sentence (`“…,” X said`, `“…,” said X, director of Z`, `“…,” X, a spokesman for Y,
//!    said`), or in a short next sentence when the quote ended its sentence (`“…?” X asked.`); a
//!    cue before the quote in its sentence (`X said: “…”`, `According to X, “…”`, `X accused Y of
//!    “…”`) or in the previous sentence when that one ends with a colon; then any other cue after
//!    the quote in the sentence. The speaker is the subject of the speech verb: the mention that ends
//!    right before it (skipping `also`, `has`, …, an appositive between commas, or a parenthesis),
//!    or the first mention after it when the verb comes first (`said X`). Person mentions win
//!    over others after the verb; demonyms never speak. An indefinite subject (`a spokesman said`)
//!    leaves the speaker unknown.
//! 3. **Interrupted quotes** (`“A,” X said. “B.”`, `“A,” X said, “b.”`, `“A.” “B.”` in one
//!    paragraph, the second part with no cue of its own) become **one** quote whose span runs from
//!    the first part to the last, interruption included: the span is contiguous by contract, and
//!    the parts are one utterance with one speaker.
//! 4. **Context**, in text order: `he`/`she` is resolved to the most salient earlier person of a
//!    compatible gender, where the salient people are the speakers of earlier quotes and the
//!    first person named in each sentence, and the most recent one wins; gender comes from `Mr.`,
//!    `Mrs.`, `Ms.` before a mention or from an earlier `he`/`she` resolved to the person. A quote that
//!    fills its sentence(s) and has no cue takes the speaker of the previous quote when that quote
//!    ends in the previous sentence, else of an attribution sentence just before it (`X said on
//!    Tuesday.`, `X added:`), else of a `the message from X` sentence just after it.
//!
//! Scare quotes and titles: a quote of at most four words inside a sentence (not opening it) gets
//! a speaker only from a cue within a few tokens of it in its own sentence (`accused NATO of
//! “stoking confrontation”`), never from context, so `upgraded China to a “systemic challenge”`
//! has `speaker: None`. A subject that names no entity (`a spokesman said`, `the book said`)
//! settles the cue with `speaker: None`: no other speaker is guessed.
//!
//! Speakers are mentions from the entity and coreference stages. Where the subject is a
//! capitalised word that is not marked there but is the text (or, for a person, the last word) of
//! a mention elsewhere in the document (`Nervo wrote` after `Judge Ana Nervo`), it is taken as
//! that entity, and a `Name` mention is added for it like the pronoun mentions.
//!
//! Indirect speech (`direct: false`) is found from the same speech verbs outside quotation marks:
//! `X said (that) <clause>`, `X told Y (that) <clause>`, `X accused Y of <clause>`, `<clause>, X
//! said.`, `According to X, <clause>` and `<clause>, according to X.`; it is kept only where the
//! speaker resolves to an entity, and never when the clause is a direct quote already recorded.
//!
//! Why it is shaped so: the marks are paired on characters because tokens do not say which side
//! a mark is on, while cues are matched on tokens because the entity layers are token-aligned.
//! Every word the rules look for (speech verbs, cue phrases, pronouns, auxiliaries) is in
//! `data/quotes/` ([`QuoteData`]); the rules themselves are plain functions over slices.

use crate::document::{
    Document, Entity, EntityIx, EntityType, Mention, MentionForm, Quote, Sentence, Span, Token,
    TokenKind,
};
use crate::error::{Error, Result};
use crate::pipeline::{LayerKind, Stage};
use crate::resources::{DataDir, Resources};
use std::collections::HashMap;
use std::sync::Arc;

/// Resource file: speech verbs with their forms and the constructions they take.
pub const SPEECH_VERBS_FILE: &str = "quotes/speech_verbs.tsv";
/// Resource file: multi-word cues (`according to`) and verb extensions (`told reporters`).
pub const CUE_PHRASES_FILE: &str = "quotes/cue_phrases.tsv";
/// Resource file: subject pronouns and gendered forms of address.
pub const PRONOUNS_FILE: &str = "quotes/pronouns.tsv";
/// Resource file: nouns for the channel of a statement (`statement`, `interview`).
pub const REPORTING_NOUNS_FILE: &str = "quotes/reporting_nouns.txt";
/// Resource file: function words around speech verbs (auxiliaries, passive markers, `that`).
pub const VERB_CONTEXT_FILE: &str = "quotes/verb_context.tsv";
/// Nouns for someone who speaks for an organisation (`spokesman`).
pub const REPRESENTATIVES_FILE: &str = "quotes/representatives.txt";

const VERB: u16 = 1;
const AUX: u16 = 1 << 1;
const PASSIVE: u16 = 1 << 2;
const ADJUNCT: u16 = 1 << 3;
const THAT: u16 = 1 << 4;
const OF: u16 = 1 << 5;
const INDEF: u16 = 1 << 6;
const PRON_M: u16 = 1 << 7;
const PRON_F: u16 = 1 << 8;
const ADDR_M: u16 = 1 << 9;
const ADDR_F: u16 = 1 << 10;
const REPORT_NOUN: u16 = 1 << 11;
const CONJ: u16 = 1 << 12;
const PREP: u16 = 1 << 13;
const REPRESENTATIVE: u16 = 1 << 14;

const FRAME_CLAUSE: u8 = 1;
const FRAME_OBJ: u8 = 1 << 1;
const FRAME_OF: u8 = 1 << 2;

/// How far (in tokens) a cue may stand from a short (scare) quote.
const SHORT_QUOTE_REACH: usize = 10;
/// A quote of at most this many words is a possible scare quote or title.
const SHORT_QUOTE_WORDS: usize = 4;
/// The longest interruption (in words) that an interrupted quote is merged across.
const MAX_INTERRUPTION_WORDS: usize = 10;
/// How far after a quote (in tokens) a cue is looked for.
const AFTER_REACH: usize = 40;

/// What the word lists say about one lowercase word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct WordInfo {
    flags: u16,
    frames: u8,
}

/// Word lists for quotation cues, loaded from `data/quotes/`.
#[derive(Debug, Default)]
pub struct QuoteData {
    words: HashMap<String, WordInfo>,
    /// Phrases after which the speaker is named (`according to`).
    source_after: Vec<String>,
    /// Phrases that extend a verb's cue (`reporters`, `in a statement`), longest first.
    verb_objects: Vec<String>,
    /// Dashes that name a quote's speaker right after it (`“…” ― Ana Silva`).
    byline_dashes: Vec<String>,
}

impl QuoteData {
    /// Load every `data/quotes/` file.
    pub fn load(data: &DataDir) -> Result<QuoteData> {
        let mut q = QuoteData::default();
        for row in data.tsv(SPEECH_VERBS_FILE)? {
            let forms = row.list(1);
            if forms.is_empty() {
                return Err(Error::resource(
                    data.path_of(SPEECH_VERBS_FILE),
                    row.line,
                    "a speech verb needs its forms in the second field",
                ));
            }
            let mut frames = 0u8;
            for f in row.list(2) {
                frames |= match f {
                    "clause" => FRAME_CLAUSE,
                    "obj" => FRAME_OBJ,
                    "of" => FRAME_OF,
                    "direct" => 0,
                    other => {
                        return Err(Error::resource(
                            data.path_of(SPEECH_VERBS_FILE),
                            row.line,
                            format!("unknown frame `{other}`"),
                        ))
                    }
                };
            }
            for form in forms {
                let e = q.words.entry(form.to_lowercase()).or_default();
                e.flags |= VERB;
                e.frames |= frames;
            }
        }
        for row in data.tsv(CUE_PHRASES_FILE)? {
            let phrase = row.get(0).to_lowercase();
            match row.get(1) {
                "source_after" => q.source_after.push(phrase),
                "verb_object" => q.verb_objects.push(phrase),
                "byline_dash" => q.byline_dashes.push(phrase),
                other => {
                    return Err(Error::resource(
                        data.path_of(CUE_PHRASES_FILE),
                        row.line,
                        format!("unknown cue phrase kind `{other}`"),
                    ))
                }
            }
        }
        q.verb_objects.sort_by_key(|p| std::cmp::Reverse(p.len()));
        q.source_after.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let flag_files: [(&str, &[(&str, u16)]); 2] = [
            (
                PRONOUNS_FILE,
                &[
                    ("pronoun_m", PRON_M),
                    ("pronoun_f", PRON_F),
                    ("pronoun_x", 0),
                    ("address_m", ADDR_M),
                    ("address_f", ADDR_F),
                ],
            ),
            (
                VERB_CONTEXT_FILE,
                &[
                    ("aux", AUX),
                    ("passive", PASSIVE),
                    ("adjunct", ADJUNCT),
                    ("complementizer", THAT),
                    ("of", OF),
                    ("indefinite", INDEF),
                    ("conjunction", CONJ),
                    ("preposition", PREP),
                ],
            ),
        ];
        for (file, kinds) in flag_files {
            for row in data.tsv(file)? {
                let Some(&(_, flag)) = kinds.iter().find(|(k, _)| *k == row.get(1)) else {
                    return Err(Error::resource(
                        data.path_of(file),
                        row.line,
                        format!("unknown kind `{}`", row.get(1)),
                    ));
                };
                q.words.entry(row.get(0).to_lowercase()).or_default().flags |= flag;
            }
        }
        for noun in data.lines(REPRESENTATIVES_FILE)? {
            q.words.entry(noun.to_lowercase()).or_default().flags |= REPRESENTATIVE;
        }
        for noun in data.lines(REPORTING_NOUNS_FILE)? {
            // Only the head word matters for extending a cue (`in a written statement`).
            if let Some(head) = noun.split_whitespace().last() {
                q.words.entry(head.to_lowercase()).or_default().flags |= REPORT_NOUN;
            }
        }
        Ok(q)
    }

    fn info(&self, word: &str, buf: &mut String) -> WordInfo {
        buf.clear();
        if word.is_ascii() {
            // The same as the general case for ASCII, without per-character case tables.
            buf.push_str(word);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(word.chars().flat_map(char::to_lowercase));
        }
        self.words.get(buf.as_str()).copied().unwrap_or_default()
    }
}

/// The stage: finds quotations and their speakers.
pub struct QuoteStage {
    res: Arc<Resources>,
}

impl QuoteStage {
    /// Build from resources.
    pub fn new(res: Arc<Resources>) -> QuoteStage {
        QuoteStage { res }
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &[LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Entities]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Quotes]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        annotate(doc, &self.res.quotes);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: pairing quotation marks on the text.

/// A pair of quotation marks found in the text by [`find_marked_quotes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedQuote {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just past the closing mark, or the end of the paragraph when none closes it.
    pub outer_end: usize,
    /// The quoted words: marks and the whitespace just inside them excluded.
    pub inner: Span,
    /// True when a closing mark was found.
    pub closed: bool,
    /// True for double marks, false for single marks.
    pub double: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A closing single mark that may be a plural possessive (`the voters’ choice`).
    WeakClose,
    Either,
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„')
}

fn opens_after(p: Option<char>) -> bool {
    match p {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(p, '(' | '[' | '{' | '<' | '—' | '–' | '-' | '/')
                || is_quote_char(p)
        }
    }
}

fn closes_before(n: Option<char>) -> bool {
    match n {
        None => true,
        Some(n) => {
            n.is_whitespace()
                || matches!(
                    n,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                )
                || is_quote_char(n)
        }
    }
}

/// `’90s`, `'08`: two digits and no third.
fn year_apostrophe(chars: &[(usize, char)], i: usize) -> bool {
    let d = |k: usize| chars.get(i + k).is_some_and(|c| c.1.is_ascii_digit());
    d(1) && d(2) && !d(3)
}

/// Classify the quote character at `chars[i]`: `(double, role)`, or None for an apostrophe or
/// a mark whose side cannot be told.
fn classify(chars: &[(usize, char)], i: usize) -> Option<(bool, Role)> {
    let c = chars[i].1;
    let p = i.checked_sub(1).map(|k| chars[k].1);
    let n = chars.get(i + 1).map(|x| x.1);
    let can_open = opens_after(p) && n.is_some_and(|n| !n.is_whitespace());
    let can_close = p.is_some_and(|p| !p.is_whitespace()) && closes_before(n);
    let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    match c {
        '“' | '„' => Some((
            true,
            if can_close && !can_open {
                Role::Close
            } else {
                Role::Open
            },
        )),
        '”' => Some((
            true,
            if can_open && !can_close {
                Role::Open
            } else {
                Role::Close
            },
        )),
        // `'African American outreach,' "`: a space between nested closing marks.
        '"' if p.is_some_and(char::is_whitespace)
            && n.is_none_or(|n| n.is_whitespace())
            && i >= 2
            && matches!(chars[i - 2].1, '\'' | '’') =>
        {
            Some((true, Role::Close))
        }
        '"' => match (can_open, can_close) {
            (true, false) => Some((true, Role::Open)),
            (false, true) => Some((true, Role::Close)),
            (true, true) => Some((true, Role::Either)),
            (false, false) => None,
        },
        '‘' | '’' | '\'' => {
            if (alnum(p) && alnum(n)) || year_apostrophe(chars, i) {
                return None;
            }
            if can_open && !can_close {
                // A `’` that opens is too often an elided letter (`’em`) to trust.
                return (c != '’').then_some((false, Role::Open));
            }
            if can_close && !can_open && c != '‘' {
                let weak = n.is_some_and(char::is_whitespace)
                    && chars.get(i + 2).is_some_and(|x| x.1.is_lowercase());
                return Some((false, if weak { Role::WeakClose } else { Role::Close }));
            }
            None
        }
        _ => None,
    }
}

/// Trim whitespace inside `start..end` and return the span, or None when nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| Span::new(start + lead, start + lead + t.len()))
}

/// The lines of `text` as `(start, end)` byte ranges without their line break, blank ones
/// skipped.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            out.push((start, start + body.len()));
        }
        start += line.len();
    }
    out
}

/// Pair the quotation marks of `text` (see the module docs for the rules). The result is sorted
/// by `open`; no quote contains another.
pub fn find_marked_quotes(text: &str) -> Vec<MarkedQuote> {
    find_marked_quotes_in(text, &paragraphs(text))
}

/// [`find_marked_quotes`] over given paragraphs (`(start, end)` byte ranges, in text order),
/// e.g. those of hard-wrapped text joined over its soft breaks ([`crate::reflow::paragraphs`]).
pub fn find_marked_quotes_in(text: &str, paras: &[(usize, usize)]) -> Vec<MarkedQuote> {
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut marks: Vec<Vec<(usize, usize, bool, Role)>> = Vec::with_capacity(paras.len());
    for &(s, e) in paras {
        chars.clear();
        chars.extend(text[s..e].char_indices().map(|(i, c)| (s + i, c)));
        let mut line_marks = Vec::new();
        for i in 0..chars.len() {
            if is_quote_char(chars[i].1) {
                if let Some((double, role)) = classify(&chars, i) {
                    line_marks.push((chars[i].0, chars[i].1.len_utf8(), double, role));
                }
            }
        }
        marks.push(line_marks);
    }

    let mut out: Vec<MarkedQuote> = Vec::new();
    // Doubles, with the multi-paragraph convention.
    let mut open: Option<(usize, usize)> = None; // (byte, mark length)
    for (p, line_marks) in marks.iter().enumerate() {
        let continued = open.is_some();
        for (k, &(pos, len, double, role)) in line_marks.iter().enumerate() {
            if !double || (continued && k == 0) {
                continue;
            }
            match (role, open) {
                (Role::Open | Role::Either, None) => open = Some((pos, len)),
                (Role::Open, Some(_)) => open = Some((pos, len)),
                (Role::Close | Role::Either | Role::WeakClose, Some((o, ol))) => {
                    if let Some(inner) = trimmed(text, o + ol, pos) {
                        out.push(MarkedQuote {
                            open: o,
                            outer_end: pos + len,
                            inner,
                            closed: true,
                            double: true,
                        });
                    }
                    open = None;
                }
                (Role::Close | Role::WeakClose, None) => {}
            }
        }
        if let Some((o, ol)) = open {
            let next_opens = marks.get(p + 1).is_some_and(|m| {
                m.first().is_some_and(|&(pos, _, double, role)| {
                    // The same style of mark: a straight block quote followed by a curly
                    // paragraph is a quote of a quote, not its continuation.
                    double
                        && matches!(role, Role::Open | Role::Either)
                        && (text.as_bytes()[pos] == b'"') == (text.as_bytes()[o] == b'"')
                        && text[paras[p + 1].0..pos].trim().is_empty()
                })
            });
            if !next_opens {
                let end = paras[p].1;
                if let Some(inner) = trimmed(text, o + ol, end) {
                    out.push(MarkedQuote {
                        open: o,
                        outer_end: end,
                        inner,
                        closed: false,
                        double: true,
                    });
                }
                open = None;
            }
        }
    }
    let doubles = out.len();
    // Singles, outside double quotes and within one paragraph.
    let mut d = 0;
    for line_marks in &marks {
        let mut open: Option<(usize, usize)> = None;
        // The first weak close, preferring one that does not look like `voters’ choice`.
        let mut weak: Option<(usize, usize)> = None;
        let mut poss: Option<(usize, usize)> = None;
        let emit = |o: (usize, usize), c: (usize, usize), out: &mut Vec<MarkedQuote>| {
            if let Some(inner) = trimmed(text, o.0 + o.1, c.0) {
                out.push(MarkedQuote {
                    open: o.0,
                    outer_end: c.0 + c.1,
                    inner,
                    closed: true,
                    double: false,
                });
            }
        };
        for &(pos, len, double, role) in line_marks {
            if double {
                continue;
            }
            while d < doubles && out[d].outer_end <= pos {
                d += 1;
            }
            if d < doubles && out[d].open <= pos {
                continue;
            }
            match role {
                Role::Open | Role::Either => {
                    if let (Some(o), Some(w)) = (open, weak.or(poss)) {
                        emit(o, w, &mut out);
                    }
                    open = Some((pos, len));
                    (weak, poss) = (None, None);
                }
                Role::Close => {
                    if let Some(o) = open.take() {
                        emit(o, (pos, len), &mut out);
                        (weak, poss) = (None, None);
                    }
                }
                Role::WeakClose => {
                    let plural = text[..pos].ends_with(['s', 'S']);
                    if open.is_some() && plural && poss.is_none() {
                        poss = Some((pos, len));
                    } else if open.is_some() && !plural && weak.is_none() {
                        weak = Some((pos, len));
                    }
                }
            }
        }
        if let (Some(o), Some(w)) = (open, weak.or(poss)) {
            emit(o, w, &mut out);
        }
    }
    // A single quote around a double one is an apostrophe mistaken for a mark: drop it.
    let (dbl, sgl) = out.split_at(doubles);
    let mut kept: Vec<MarkedQuote> = dbl.to_vec();
    kept.extend(sgl.iter().filter(|q| {
        let k = dbl.partition_point(|d| d.outer_end <= q.open);
        dbl.get(k).is_none_or(|d| d.open >= q.outer_end)
    }));
    kept.sort_by_key(|q| q.open);
    kept
}

// ---------------------------------------------------------------------------------------------
// Pass 2-4: cues, speakers and context.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// Who a cue names as the speaker.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    /// A mention of an entity.
    Named { entity: EntityIx, span: Span },
    /// `he`/`she`, resolved in the context pass.
    Pronoun { span: Span, gender: Gender },
    /// A subject that names no entity (`a spokesman said`, `the book said`): no speaker, and no
    /// other cue is looked for.
    Unnamed,
    /// No speaker found.
    Unknown,
}

impl Who {
    /// A cue with this subject settles the question (even when no entity speaks).
    fn decided(self) -> bool {
        !matches!(self, Who::Unknown)
    }

    /// Names a speaker (an entity or a pronoun to resolve).
    fn speaks(self) -> bool {
        matches!(self, Who::Named { .. } | Who::Pronoun { .. })
    }
}

/// What stands before a speech verb.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Subj {
    /// A speaker.
    Found(Who),
    /// A subject that is not an entity (`a spokesman`, `the book`, or a passive verb).
    Unnamed,
    /// Nothing: the verb comes first (`said X`).
    Missing,
    /// Something the rules cannot read.
    Unknown,
}

#[derive(Debug, Clone, Copy)]
struct Attribution {
    cue: Span,
    who: Who,
    /// Byte just past the attribution (the later of cue and speaker).
    end: usize,
}

#[derive(Debug, Clone)]
struct Draft {
    span: Span,
    /// The quoted pieces inside `span` (see [`Quote::parts`]).
    parts: Vec<Span>,
    direct: bool,
    /// First byte of the quote including its opening mark.
    open: usize,
    /// Byte just past the quote including its closing mark.
    outer_end: usize,
    attr: Option<Attribution>,
    /// The attribution came after the quote.
    attr_after: bool,
    words: usize,
    /// The quote fills its sentences (nothing but punctuation outside its marks).
    fills: bool,
    first_sent: usize,
    /// The last sentence the quote or its attribution occupies.
    last_sent: usize,
    speaker: Option<EntityIx>,
    speaker_mention: Option<Span>,
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Token],
    sents: &'a [Sentence],
    mentions: &'a [Mention],
    entities: &'a [Entity],
    data: &'a QuoteData,
    info: Vec<WordInfo>,
    /// Sentence of each token, `usize::MAX` outside sentences (the dateline).
    tok_sent: Vec<usize>,
    /// Usable speaker mention ending at a byte offset, the longest one.
    by_end: HashMap<u32, usize>,
    /// Entity named by a one-word form seen elsewhere in the document (`Nervo`, `Limbaugh`), for
    /// speakers the entity stage did not mark at this place; `None` when two entities share it.
    by_name: HashMap<&'a str, Option<EntityIx>>,
    /// Outer spans of direct quotes, `(open, outer_end)`, sorted.
    quoted: Vec<(usize, usize)>,
}

fn usable(m: &Mention, entities: &[Entity]) -> bool {
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
    fn new(doc: &'a Document, data: &'a QuoteData, marked: &[MarkedQuote]) -> Ctx<'a> {
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
            for key in [Some(text), person.then_some(last)].into_iter().flatten() {
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
            info,
            tok_sent,
            by_end,
            by_name,
            quoted: marked.iter().map(|q| (q.open, q.outer_end)).collect(),
        }
    }

    fn tok_text(&self, i: usize) -> &'a str {
        let s = self.toks[i].span;
        &self.text[s.start()..s.end()]
    }

    /// First token starting at or after byte `pos`.
    fn tok_from(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.span.start() < pos)
    }

    /// One past the last token ending at or before byte `pos`.
    fn tok_until(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.span.end() <= pos)
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks[i].kind == TokenKind::Punct && self.tok_text(i) == p
    }

    fn is_quote_tok(&self, i: usize) -> bool {
        self.toks[i].kind == TokenKind::Quote
    }

    fn flags(&self, i: usize) -> u16 {
        self.info[i].flags
    }

    fn inside_quote(&self, pos: usize) -> bool {
        let k = self.quoted.partition_point(|q| q.1 <= pos);
        self.quoted.get(k).is_some_and(|q| q.0 <= pos)
    }

    /// A usable speaker mention ending exactly at the end of token `i`.
    fn mention_ending(&self, i: usize) -> Option<&'a Mention> {
        self.by_end
            .get(&self.toks[i].span.end)
            .map(|&m| &self.mentions[m])
    }

    fn named(m: &Mention) -> Who {
        Who::Named {
            entity: m.entity,
            span: m.span,
        }
    }

    fn pronoun(&self, i: usize) -> Option<Who> {
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
    fn phrase_at(&self, i: usize, phrases: &[String]) -> Option<usize> {
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

    /// The cue of the verb at `v`: the verb, extended by an object phrase (`told reporters`) and
    /// a channel (`in a statement`). Returns the cue span and the token one past it.
    fn cue_of_verb(&self, v: usize, hi: usize) -> (Span, usize) {
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
    fn subject_before(&self, v: usize, lo: usize) -> Subj {
        let ing = self.tok_text(v).ends_with("ing");
        let mut j = v;
        let mut skipped = 0;
        while j > lo && skipped < 4 {
            let f = self.flags(j - 1);
            if f & PASSIVE != 0 && !ing {
                return Subj::Unnamed; // `was said to`
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
                        return Subj::Unnamed;
                    }
                    return Subj::Found(Self::named(men));
                }
            }
        }
        Subj::Unnamed
    }

    /// The organisation or country an unnamed representative right before token `k` speaks
    /// for: `a spokesman for <X> [in <place>]` or `<X>’s spokeswoman`.
    fn represented(&self, lo: usize, k: usize) -> Option<Who> {
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
    fn first_speaker_in(&self, lo: usize, hi: usize) -> Option<Who> {
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
    fn subject_after(&self, from: usize, hi: usize) -> Option<Who> {
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
        first.map(Self::named).or_else(|| self.name_at(from))
    }

    /// Token `k` is a capitalised word that names an entity elsewhere in the document.
    fn name_at(&self, k: usize) -> Option<Who> {
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
    fn attribution_at(&self, v: usize, lo: usize, hi: usize) -> Option<Attribution> {
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
            Subj::Unnamed => Who::Unnamed,
            Subj::Unknown => Who::Unknown,
        };
        Some(Attribution {
            cue,
            who,
            end: who_end(who).max(cue.end()),
        })
    }

    fn sent_bounds(&self, s: usize) -> (usize, usize) {
        let sent = self.sents[s];
        (
            sent.first_token.ix(),
            sent.end_token.ix().min(self.toks.len()),
        )
    }

    /// Is the sentence `s` only punctuation outside `lo_tok..hi_tok`?
    fn only_punct_outside(&self, s: usize, lo_tok: usize, hi_tok: usize) -> bool {
        let (a, b) = self.sent_bounds(s);
        (a..b)
            .filter(|&i| i < lo_tok || i >= hi_tok)
            .all(|i| matches!(self.toks[i].kind, TokenKind::Punct | TokenKind::Quote))
    }

    fn same_paragraph(&self, a: usize, b: usize) -> bool {
        crate::reflow::same_paragraph(self.text, self.toks, a, b)
    }

    /// Cues for one direct quote (pass 2).
    fn attribute_direct(&self, q: &MarkedQuote) -> Draft {
        let words = self.text[q.inner.start()..q.inner.end()]
            .split_whitespace()
            .count();
        let open_tok = self.tok_from(q.open);
        let close_tok = self.tok_from(q.outer_end); // first token after the quote
        let sent_of = |t: usize| self.tok_sent.get(t).copied().unwrap_or(usize::MAX);
        let mut first_sent = sent_of(open_tok);
        let mut last_sent = sent_of(close_tok.saturating_sub(1).max(open_tok));
        if first_sent == usize::MAX {
            first_sent = last_sent;
        }
        if last_sent == usize::MAX {
            last_sent = first_sent;
        }
        let mut draft = Draft {
            span: q.inner,
            parts: paragraph_parts(self.text, self.toks, q.inner),
            direct: true,
            open: q.open,
            outer_end: q.outer_end,
            attr: None,
            attr_after: false,
            words,
            fills: false,
            first_sent,
            last_sent,
            speaker: None,
            speaker_mention: None,
        };
        if first_sent == usize::MAX || self.toks.is_empty() {
            return draft;
        }
        // A few words inside a sentence are a scare quote or a title; a few words that open
        // their sentence (`“Subpoenas are not optional,” X said`) are a quote like any other.
        let opens_sentence = (self.sent_bounds(first_sent).0..open_tok)
            .all(|i| matches!(self.toks[i].kind, TokenKind::Punct | TokenKind::Quote));
        let short = words <= SHORT_QUOTE_WORDS && !opens_sentence;
        draft.fills = self.only_punct_outside(first_sent, open_tok, close_tok)
            && self.only_punct_outside(last_sent, open_tok, close_tok);

        // After the quote, in its last sentence (up to the next quote).
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
        let mut after: Option<(Attribution, bool)> = None;
        if after_lo < hi && self.phrase_at(after_lo, &self.data.byline_dashes).is_some() {
            // `“…” ― Ana Silva`: a dash and a name, and nothing else up to the end.
            let (_, end) = self.sent_bounds(after_sent);
            if let Some(who) = self.subject_after(after_lo + 1, hi.max(end)) {
                if who_end(who) >= self.toks[end - 1].span.start() || end - after_lo <= 6 {
                    let cue = self.toks[after_lo].span;
                    after = Some((
                        Attribution {
                            cue,
                            who,
                            end: who_end(who),
                        },
                        true,
                    ));
                }
            }
        }
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

        // Before the quote, in its first sentence (after any earlier quote).
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

        let found = |a: &Attribution| a.who.decided();
        let pick = match (after, before) {
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
        };
        if let Some((a, is_after)) = pick {
            draft.attr = Some(a);
            draft.attr_after = is_after;
            if is_after {
                draft.last_sent = draft.last_sent.max(after_sent.min(self.sents.len() - 1));
            }
        }
        draft
    }

    /// Attribution from a sentence on its own (`X said on Tuesday.`, `X added:`), for quotes
    /// with no cue.
    fn sentence_attribution(&self, s: usize) -> Option<Attribution> {
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
    fn source_sentence(&self, s: usize) -> Option<Attribution> {
        let (a, b) = self.sent_bounds(s);
        if b <= a || b - a > 16 {
            return None;
        }
        (a..b)
            .filter(|&v| self.phrase_at(v, &self.data.source_after).is_some())
            .find_map(|v| self.attribution_at(v, a, b))
            .filter(|x| x.who.speaks())
    }

    /// Indirect speech in sentence `s` (see the module docs).
    fn indirect(&self, s: usize, out: &mut Vec<Draft>) {
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
                Subj::Unnamed => Who::Unnamed,
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
    fn tail_is_speaker(&self, from: usize, e: usize) -> bool {
        e > from
            && e - from <= 12
            && (from..e).all(|k| !self.is_quote_tok(k) && self.flags(k) & (VERB | THAT) == 0)
    }

    /// Record indirect speech over tokens `c..e` unless it is too short or a direct quote.
    fn push_indirect(
        &self,
        c: usize,
        e: usize,
        cue: Span,
        who: Who,
        s: usize,
        out: &mut Vec<Draft>,
    ) -> bool {
        if c >= e || !(who.speaks() || matches!(who, Who::Unnamed)) {
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
            first_sent: s,
            last_sent: s,
            speaker: None,
            speaker_mention: None,
        });
        true
    }
}

fn who_end(w: Who) -> usize {
    match w {
        Who::Named { span, .. } | Who::Pronoun { span, .. } => span.end(),
        Who::Unnamed | Who::Unknown => 0,
    }
}

fn who_start(w: Who) -> Option<usize> {
    match w {
        Who::Named { span, .. } | Who::Pronoun { span, .. } => Some(span.start()),
        Who::Unnamed | Who::Unknown => None,
    }
}

/// Merge interrupted quotes (pass 3): `“A,” X said. “B.”` becomes one quote.
fn merge_interrupted(ctx: &Ctx<'_>, drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        if let Some(prev) = out.last_mut() {
            if can_merge(ctx, prev, &d) {
                prev.span = prev.span.cover(d.span);
                prev.parts.extend(d.parts);
                prev.outer_end = d.outer_end;
                prev.words += d.words;
                prev.last_sent = prev.last_sent.max(d.last_sent);
                prev.fills = prev.fills || d.fills;
                if prev.attr.is_none() {
                    prev.attr = d.attr;
                    prev.attr_after = d.attr_after;
                }
                continue;
            }
        }
        out.push(d);
    }
    out
}

fn can_merge(ctx: &Ctx<'_>, a: &Draft, b: &Draft) -> bool {
    if !a.direct || !b.direct || b.open < a.outer_end || !ctx.same_paragraph(a.outer_end, b.open) {
        return false;
    }
    let gap = &ctx.text[a.outer_end..b.open];
    let separate_cues = a.attr.zip(b.attr).is_some_and(|(x, y)| x.cue != y.cue);
    if gap.trim().is_empty() {
        return b.attr.is_none() || a.attr.is_none();
    }
    // A list of quoted phrases: `"losers" and "sad"`.
    let (g0, g1) = (ctx.tok_from(a.outer_end), ctx.tok_from(b.open));
    if g1 > g0
        && g1 - g0 <= 2
        && !separate_cues
        && (g0..g1).all(|k| ctx.is_punct(k, ",") || ctx.flags(k) & CONJ != 0)
    {
        return true;
    }
    let Some(at) = a.attr else { return false };
    if !a.attr_after || at.end > b.open {
        return false;
    }
    // `b` may have found the same cue before it; any other cue of its own keeps it apart.
    if b.attr.is_some_and(|bt| bt.cue != at.cue) {
        return false;
    }
    // A long interruption (`said X, a lawyer who …`) keeps the parts apart: the span would be
    // mostly the narrator's words.
    let gap_words = gap.split_whitespace().count();
    if gap_words > MAX_INTERRUPTION_WORDS || gap_words > a.words + b.words {
        return false;
    }
    let rest = &ctx.text[at.end..b.open];
    // `“…,” he told the host, “it was …”`: the sentence goes on inside the second part.
    let continues = gap.trim_end().ends_with(',')
        && ctx.text[b.span.start()..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    if continues && !rest.contains(['.', '?', '!', ':', ';']) {
        return true;
    }
    let ob = ctx.tok_from(b.open);
    let starts_sentence = ctx
        .tok_sent
        .get(ob)
        .is_some_and(|&s| s != usize::MAX && ctx.sents[s].first_token.ix() == ob);
    rest.chars()
        .all(|c| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';'))
        || (starts_sentence && (b.words > SHORT_QUOTE_WORDS || b.fills))
}

/// Context pass (4): pronouns, continuation of the previous speaker, gender.
fn resolve(ctx: &Ctx<'_>, drafts: &mut [Draft], new_mentions: &mut Vec<Mention>) {
    let ne = ctx.entities.len();
    let mut gender: Vec<Option<Gender>> = vec![None; ne];
    for m in ctx.mentions {
        if ctx
            .entities
            .get(m.entity.ix())
            .is_none_or(|e| e.etype != EntityType::Person)
        {
            continue;
        }
        let first = ctx.tok_from(m.span.start());
        for t in [first.checked_sub(1), Some(first)].into_iter().flatten() {
            if t < ctx.toks.len() && t < ctx.tok_until(m.span.end()) + 1 {
                let f = ctx.flags(t);
                if f & ADDR_M != 0 {
                    gender[m.entity.ix()] = Some(Gender::Male);
                } else if f & ADDR_F != 0 {
                    gender[m.entity.ix()] = Some(Gender::Female);
                }
            }
        }
    }
    // Salient people: the first person named in each sentence, outside quotation marks.
    let mut subjects: Vec<(usize, EntityIx)> = Vec::new();
    let mut last_sent = usize::MAX;
    for m in ctx.mentions {
        if !usable(m, ctx.entities) || ctx.entities[m.entity.ix()].etype != EntityType::Person {
            continue;
        }
        let t = ctx.tok_from(m.span.start());
        let s = ctx.tok_sent.get(t).copied().unwrap_or(usize::MAX);
        if s != last_sent && !ctx.inside_quote(m.span.start()) {
            subjects.push((m.span.start(), m.entity));
            last_sent = s;
        }
    }
    let mut speakers: Vec<(usize, EntityIx)> = Vec::new();
    let mut prev_indirect: Option<usize> = None;
    let mut prev_direct: Option<usize> = None;
    for i in 0..drafts.len() {
        let attr = drafts[i].attr;
        let mut speaker = None;
        let mut speaker_mention = None;
        match attr.map(|a| a.who) {
            Some(Who::Named { entity, span }) => {
                speaker = Some(entity);
                speaker_mention = Some(span);
                // A name the entity stage did not mark here (found by `name_at`).
                let k = ctx.mentions.partition_point(|m| m.span.start < span.start);
                let known = ctx.mentions[k..]
                    .iter()
                    .take_while(|m| m.span.start == span.start)
                    .any(|m| m.span == span);
                if !known && !new_mentions.iter().any(|m| m.span == span) {
                    new_mentions.push(Mention {
                        span,
                        entity,
                        form: MentionForm::Name,
                    });
                }
            }
            Some(Who::Pronoun { span, gender: g }) => {
                let pos = span.start();
                let compatible = |e: EntityIx| gender[e.ix()].is_none_or(|x| x == g);
                let k = subjects.partition_point(|x| x.0 < pos);
                let from_subjects = subjects[..k]
                    .iter()
                    .rev()
                    .find(|x| compatible(x.1))
                    .copied();
                let from_speakers = speakers
                    .iter()
                    .rev()
                    .find(|x| x.0 < pos && compatible(x.1))
                    .copied();
                let best = match (from_subjects, from_speakers) {
                    (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
                    (a, b) => a.or(b),
                };
                if let Some((_, e)) = best {
                    speaker = Some(e);
                    speaker_mention = Some(span);
                    gender[e.ix()] = Some(g);
                    if !new_mentions.iter().any(|m| m.span == span) {
                        new_mentions.push(Mention {
                            span,
                            entity: e,
                            form: MentionForm::Pronoun,
                        });
                    }
                }
            }
            _ => {}
        }
        let d = &drafts[i];
        if speaker.is_none()
            && d.direct
            && d.attr.is_none()
            && d.fills
            && d.words > SHORT_QUOTE_WORDS
        {
            // The previous quote's speaker, when it ended in the previous sentence.
            // Failing that, the speaker of reported speech in the previous sentence
            // (`America’s top diplomat said ... “That’s part of ...”`).
            let recent = |p: &&Draft| {
                p.speaker.is_some() && p.last_sent != usize::MAX && p.last_sent + 1 >= d.first_sent
            };
            let prev = prev_direct
                .map(|p| &drafts[p])
                .filter(recent)
                .or_else(|| prev_indirect.map(|p| &drafts[p]).filter(recent));
            if let Some(p) = prev {
                speaker = p.speaker;
                speaker_mention = p.speaker_mention;
            } else if let Some(a) = d
                .first_sent
                .checked_sub(1)
                .filter(|&s| s != usize::MAX - 1)
                .and_then(|s| ctx.sentence_attribution(s))
                .or_else(|| {
                    let n = d.last_sent + 1;
                    (n < ctx.sents.len())
                        .then(|| ctx.source_sentence(n))
                        .flatten()
                })
            {
                if let Who::Named { entity, span } = a.who {
                    speaker = Some(entity);
                    speaker_mention = Some(span);
                }
            }
        }
        let d = &mut drafts[i];
        d.speaker = speaker;
        d.speaker_mention = speaker_mention;
        if let (Some(e), Some(sm)) = (speaker, speaker_mention) {
            if ctx
                .entities
                .get(e.ix())
                .is_some_and(|x| x.etype == EntityType::Person)
            {
                speakers.push((sm.start(), e));
            }
        }
        if d.direct {
            prev_direct = Some(i);
        } else {
            prev_indirect = Some(i);
        }
    }
}

/// Run the whole stage on a document.
fn annotate(doc: &mut Document, data: &QuoteData) {
    let paras = crate::reflow::paragraphs(&doc.text, doc.tokens(), doc.sentences());
    let marked = find_marked_quotes_in(&doc.text, &paras);
    let (quotes, pronouns) = {
        let ctx = Ctx::new(doc, data, &marked);
        let mut drafts: Vec<Draft> = marked.iter().map(|q| ctx.attribute_direct(q)).collect();
        drafts = merge_interrupted(&ctx, drafts);
        for s in 0..ctx.sents.len() {
            ctx.indirect(s, &mut drafts);
        }
        drafts.sort_by_key(|d| (d.span.start, d.span.end));
        let mut pronouns = Vec::new();
        resolve(&ctx, &mut drafts, &mut pronouns);
        let quotes: Vec<Quote> = drafts
            .into_iter()
            .filter(|d| {
                d.direct
                    || d.speaker.is_some()
                    || d.attr.is_some_and(|a| matches!(a.who, Who::Unnamed))
            })
            .map(|d| Quote {
                span: d.span,
                speaker: d.speaker,
                speaker_mention: d.speaker_mention,
                cue: d.attr.map(|a| a.cue),
                direct: d.direct,
                parts: d.parts,
            })
            .collect();
        (quotes, pronouns)
    };
    let mut quotes = quotes;
    quotes.dedup_by(|b, a| a.span == b.span);
    doc.quotes = Some(quotes);
    doc.insert_mentions(pronouns);
}

/// The pieces of a quote that runs over paragraphs: each line's words without the
/// continuation marks and surrounding space.
fn paragraph_parts(text: &str, toks: &[Token], inner: Span) -> Vec<Span> {
    let mut parts = Vec::new();
    for (at, end) in crate::reflow::split_paragraphs(text, toks, inner) {
        let line = &text[at..end];
        let lead = line.len()
            - line
                .trim_start_matches(|c: char| c.is_whitespace() || QUOTE_MARKS.contains(&c))
                .len();
        let body =
            line[lead..].trim_end_matches(|c: char| c.is_whitespace() || QUOTE_MARKS.contains(&c));
        if !body.is_empty() {
            parts.push(Span::new(at + lead, at + lead + body.len()));
        }
    }
    if parts.is_empty() {
        parts.push(inner);
    }
    parts
}

/// Quotation marks that open or continue a quote.
const QUOTE_MARKS: &[char] = &['"', '“', '”', '‘', '’', '\''];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{MentionIx, Meta};
    use proptest::strategy::Strategy;
    use std::sync::OnceLock;

    fn resources() -> Arc<Resources> {
        static RES: OnceLock<Arc<Resources>> = OnceLock::new();
        RES.get_or_init(|| Arc::new(Resources::load_default().expect("resources load")))
            .clone()
    }

    /// Segment `text` and add one entity per name group: every occurrence of each listed form
    /// becomes a mention (`Name`, or `Nominal` for forms starting with a lowercase `the`).
    fn doc_with(text: &str, ents: &[(EntityType, &[&str])]) -> Document {
        let res = resources();
        let mut doc = Document::new(text.to_string(), Meta::default());
        crate::segment::SegmentStage::new(&res)
            .run(&mut doc)
            .expect("segment");
        let mut mentions: Vec<Mention> = Vec::new();
        let mut entities = Vec::new();
        for (i, (etype, forms)) in ents.iter().enumerate() {
            for form in forms.iter() {
                for (pos, _) in text.match_indices(form) {
                    let span = Span::new(pos, pos + form.len());
                    let before_ok = text[..pos]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric());
                    let after_ok = text[span.end()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric());
                    if before_ok && after_ok && !mentions.iter().any(|m| m.span.overlaps(span)) {
                        let form = if form.starts_with("the ") {
                            MentionForm::Nominal
                        } else {
                            MentionForm::Name
                        };
                        mentions.push(Mention {
                            span,
                            entity: EntityIx(i as u32),
                            form,
                        });
                    }
                }
            }
            entities.push(Entity {
                name: forms[0].to_string(),
                etype: *etype,
                kind: None,
                code: None,
                owner: None,
                roles: Vec::new(),
                mentions: Vec::new(),
            });
        }
        mentions.sort_by_key(|m| m.span.start);
        for (i, m) in mentions.iter().enumerate() {
            entities[m.entity.ix()].mentions.push(MentionIx(i as u32));
        }
        doc.entities = Some(entities);
        doc.mentions = Some(mentions);
        QuoteStage::new(res).run(&mut doc).expect("quotes");
        doc
    }

    fn people(text: &str, names: &[&[&str]]) -> Document {
        let ents: Vec<(EntityType, &[&str])> =
            names.iter().map(|n| (EntityType::Person, *n)).collect();
        doc_with(text, &ents)
    }

    /// The quote whose text is `q`.
    fn quote<'d>(doc: &'d Document, q: &str) -> &'d Quote {
        doc.quotes()
            .iter()
            .find(|x| doc.text_of(x.span) == q)
            .unwrap_or_else(|| {
                let all: Vec<_> = doc
                    .quotes()
                    .iter()
                    .map(|x| (doc.text_of(x.span), x.direct))
                    .collect();
                panic!("no quote {q:?}; have {all:?}")
            })
    }

    fn speaker_name(doc: &Document, q: &Quote) -> Option<String> {
        q.speaker.map(|e| doc.entities()[e.ix()].name.clone())
    }

    fn marked(text: &str) -> Vec<&str> {
        find_marked_quotes(text)
            .iter()
            .map(|q| &text[q.inner.start()..q.inner.end()])
            .collect()
    }

    #[test]
    fn marks_curly_with_apostrophes_inside() {
        let t = "“It’s time for China’s leaders to act,” she said of the ’90s.";
        assert_eq!(marked(t), vec!["It’s time for China’s leaders to act,"]);
    }

    #[test]
    fn marks_straight_pairs_by_position() {
        let t = "He said \"we won't go\" and then (\"never\") -- 'fine' or 'rock' n' roll don't.";
        assert_eq!(marked(t), vec!["we won't go", "never", "fine", "rock"]);
    }

    #[test]
    fn marks_single_plural_possessive_is_not_a_close() {
        let t = "The headline read ‘the voters’ choice is final’ on Monday.";
        assert_eq!(marked(t), vec!["the voters’ choice is final"]);
    }

    #[test]
    fn marks_nested_singles_stay_inside() {
        let t = "“He told me, ‘Go home,’ and I did,” Kim said.";
        assert_eq!(marked(t), vec!["He told me, ‘Go home,’ and I did,"]);
    }

    #[test]
    fn marks_unbalanced_stop_at_paragraph_end() {
        let t = "Lee said “this never ends.\n\nA new paragraph with “a real quote” here.\n";
        assert_eq!(marked(t), vec!["this never ends.", "a real quote"]);
        let t = "A stray ” closing mark.\n“Then a quote.”";
        assert_eq!(marked(t), vec!["Then a quote."]);
    }

    #[test]
    fn marks_multi_paragraph_quote_is_one_span() {
        let t = "“First paragraph of the quote.\n\n“Second paragraph ends it,” Park said.\nAfter.";
        assert_eq!(
            marked(t),
            vec!["First paragraph of the quote.\n\n“Second paragraph ends it,"]
        );
    }

    #[test]
    fn marks_straight_block_then_curly_paragraph_is_not_continued() {
        let t = "\"Quoted excerpt without an end.\n“A separate quote,” she said.";
        assert_eq!(
            marked(t),
            vec!["Quoted excerpt without an end.", "A separate quote,"]
        );
    }

    #[test]
    fn speaker_after_quote_name_then_verb() {
        let d = people(
            "“We will respond firmly to any provocation,” Lin Jian said on Monday.",
            &[&["Lin Jian"]],
        );
        let q = quote(&d, "We will respond firmly to any provocation,");
        assert!(q.direct);
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Lin Jian"));
        assert_eq!(d.text_of(q.cue.expect("cue")), "said");
        assert_eq!(d.text_of(q.speaker_mention.expect("mention")), "Lin Jian");
    }

    #[test]
    fn speaker_after_quote_verb_then_name_with_apposition() {
        let d = people(
            "“The talks are over for now,” said Maria Lopez, director of the Andes Institute.",
            &[&["Maria Lopez"]],
        );
        let q = quote(&d, "The talks are over for now,");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn speaker_after_quote_told_reporters_and_appositive() {
        let d = doc_with(
            "“Nobody wants a war here,” Tom Reed, a spokesman for the Harbor Alliance, told reporters. \
             “The numbers do not add up at all,” Ana Silva wrote in a commentary.",
            &[
                (EntityType::Person, &["Tom Reed"]),
                (EntityType::Organization, &["Harbor Alliance"]),
                (EntityType::Person, &["Ana Silva"]),
            ],
        );
        let q = quote(&d, "Nobody wants a war here,");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Tom Reed"));
        assert_eq!(d.text_of(q.cue.expect("cue")), "told reporters");
        let q = quote(&d, "The numbers do not add up at all,");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
        assert_eq!(d.text_of(q.cue.expect("cue")), "wrote in a commentary");
    }

    #[test]
    fn speaker_with_parenthesis_after_name() {
        let d = people(
            "\"Subpoenas are not optional for anyone,\" panel chairman Rep. Dan Fuller (R-Ohio) said after the vote.",
            &[&["Dan Fuller", "Fuller"]],
        );
        let q = quote(&d, "Subpoenas are not optional for anyone,");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Dan Fuller"));
    }

    #[test]
    fn speaker_before_quote_colon_that_and_according_to() {
        let d = doc_with(
            "Omar Haddad said: “The border stays open.” Later Omar Haddad told the council that \
             “nothing has changed since spring.” According to the Harbor Alliance, “the ships will sail on time.” \
             Omar Haddad said in an interview with the Daily Star: “We are ready for talks.”",
            &[
                (EntityType::Person, &["Omar Haddad"]),
                (EntityType::Organization, &["the Harbor Alliance", "Daily Star"]),
            ],
        );
        for q in [
            "The border stays open.",
            "nothing has changed since spring.",
            "We are ready for talks.",
        ] {
            assert_eq!(
                speaker_name(&d, quote(&d, q)).as_deref(),
                Some("Omar Haddad"),
                "{q}"
            );
        }
        let q = quote(&d, "the ships will sail on time.");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("the Harbor Alliance"));
        assert_eq!(d.text_of(q.cue.expect("cue")), "According to");
    }

    #[test]
    fn partial_quote_takes_the_sentence_speaker() {
        let d = doc_with(
            "Wang Yi accused NATO of “stoking confrontation.”",
            &[
                (EntityType::Person, &["Wang Yi"]),
                (EntityType::Organization, &["NATO"]),
            ],
        );
        let q = quote(&d, "stoking confrontation.");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Wang Yi"));
    }

    #[test]
    fn scare_quotes_and_titles_have_no_speaker() {
        let d = doc_with(
            "Sam Ortiz met the press.\nThe alliance upgraded China to a “systemic challenge” last year.\n\
             A report titled “The Long Road Back From The Brink Of War” came out.",
            &[
                (EntityType::Person, &["Sam Ortiz"]),
                (EntityType::Country, &["China"]),
            ],
        );
        assert_eq!(quote(&d, "systemic challenge").speaker, None);
        assert_eq!(
            quote(&d, "The Long Road Back From The Brink Of War").speaker,
            None
        );
    }

    #[test]
    fn pronoun_speaker_in_next_paragraph_adds_a_mention() {
        let d = people(
            "Mr. Kenji Sato arrived in Seoul on Monday.\n\n“It’s time to talk about trade again,” he said.\n",
            &[&["Kenji Sato"]],
        );
        let q = quote(&d, "It’s time to talk about trade again,");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Kenji Sato"));
        assert_eq!(d.text_of(q.speaker_mention.expect("mention")), "he");
        let he = d
            .mentions()
            .iter()
            .position(|m| m.form == MentionForm::Pronoun)
            .expect("pronoun mention");
        assert!(d
            .mentions()
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
        assert!(d.entities()[0].mentions.contains(&MentionIx(he as u32)));
        let starts: Vec<u32> = d.entities()[0]
            .mentions
            .iter()
            .map(|m| d.mentions()[m.ix()].span.start)
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn pronoun_respects_gender_from_forms_of_address() {
        let d = people(
            "Ms. Ana Silva met Mr. Tom Reed in Lima.\n“We agreed on nothing at all today,” she said.",
            &[&["Ana Silva"], &["Tom Reed"]],
        );
        let q = quote(&d, "We agreed on nothing at all today,");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
    }

    #[test]
    fn quote_only_paragraph_continues_previous_speaker() {
        let d = people(
            "“The first part of what I said stands,” Ana Silva said on Tuesday.\n\
             “And the second part is just as true for all of us.”\n",
            &[&["Ana Silva"]],
        );
        let q = quote(&d, "And the second part is just as true for all of us.");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
        assert_eq!(q.cue, None);
    }

    #[test]
    fn quote_only_paragraph_after_attribution_sentence() {
        let d = people(
            "Ana Silva spoke on Tuesday.\nAna Silva added:\n“We will not accept these terms, not now and not later.”\n",
            &[&["Ana Silva"]],
        );
        let q = quote(&d, "We will not accept these terms, not now and not later.");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
    }

    #[test]
    fn quote_followed_by_message_from_sentence() {
        let d = doc_with(
            "“Stand together and the storm will pass us by.” That was the message from the Harbor Alliance.",
            &[(EntityType::Organization, &["Harbor Alliance"])],
        );
        let q = quote(&d, "Stand together and the storm will pass us by.");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Harbor Alliance"));
    }

    #[test]
    fn nominal_and_organisation_speakers() {
        let d = doc_with(
            "“The budget will pass this week,” the prime minister said. \
             “Our door remains open to new members,” NATO says on its homepage. \
             “These claims are groundless and absurd,” Beijing said.",
            &[
                (EntityType::Person, &["the prime minister"]),
                (EntityType::Organization, &["NATO"]),
                (EntityType::Country, &["Beijing"]),
            ],
        );
        let names: Vec<_> = d
            .quotes()
            .iter()
            .filter(|q| q.direct)
            .map(|q| speaker_name(&d, q))
            .collect();
        assert_eq!(
            names,
            vec![
                Some("the prime minister".to_string()),
                Some("NATO".to_string()),
                Some("Beijing".to_string())
            ]
        );
    }

    #[test]
    fn unnamed_speaker_stays_unknown() {
        let d = people(
            "Ana Silva left early. “We have nothing more to add here,” a spokesman said.",
            &[&["Ana Silva"]],
        );
        let q = quote(&d, "We have nothing more to add here,");
        assert_eq!(q.speaker, None);
        assert!(q.cue.is_some());
    }

    #[test]
    fn interrupted_quote_is_merged() {
        let d = people(
            "“The first half,” Ana Silva said, “and the second half belong together.”\n\
             “One sentence here,” Tom Reed said. “Another sentence after it.”\n",
            &[&["Ana Silva"], &["Tom Reed"]],
        );
        let q = quote(
            &d,
            "The first half,” Ana Silva said, “and the second half belong together.",
        );
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Ana Silva"));
        let q = quote(
            &d,
            "One sentence here,” Tom Reed said. “Another sentence after it.",
        );
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Tom Reed"));
    }

    #[test]
    fn multi_paragraph_quote_gets_speaker_from_last_paragraph() {
        let d = people(
            "“We came here to build something lasting.\n\n“And we will finish it,” Park Min said.\n",
            &[&["Park Min"]],
        );
        let q = quote(
            &d,
            "We came here to build something lasting.\n\n“And we will finish it,",
        );
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Park Min"));
    }

    #[test]
    fn indirect_speech_patterns() {
        let d = doc_with(
            "Ana Silva said that the talks had failed. \
             Tom Reed told reporters the ships would sail on Friday. \
             The border will reopen next week, the Harbor Alliance said. \
             According to Tom Reed, the deal is already dead. \
             Ana Silva accused the Harbor Alliance of hiding the real costs. \
             A spokesman said the plan was fine.",
            &[
                (EntityType::Person, &["Ana Silva"]),
                (EntityType::Person, &["Tom Reed"]),
                (EntityType::Organization, &["the Harbor Alliance"]),
            ],
        );
        let got: Vec<(&str, Option<String>)> = d
            .quotes()
            .iter()
            .filter(|q| !q.direct)
            .map(|q| (d.text_of(q.span), speaker_name(&d, q)))
            .collect();
        let want = vec![
            ("the talks had failed", Some("Ana Silva".to_string())),
            (
                "the ships would sail on Friday",
                Some("Tom Reed".to_string()),
            ),
            (
                "The border will reopen next week",
                Some("the Harbor Alliance".to_string()),
            ),
            ("the deal is already dead", Some("Tom Reed".to_string())),
            ("hiding the real costs", Some("Ana Silva".to_string())),
            // Reported speech from an unnamed source is kept, with no speaker invented.
            ("the plan was fine", None),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn speaker_named_only_elsewhere_is_found_and_marked() {
        // The entity stage marked only `Ana Nervo`, not the later `Nervo`.
        let d = people(
            "Judge Ana Nervo ruled first. “The court will not act beyond its role,” Nervo wrote.",
            &[&["Ana Nervo"]],
        );
        let q = quote(&d, "The court will not act beyond its role,").clone();
        assert_eq!(q.speaker, Some(EntityIx(0)));
        let m = q.speaker_mention.expect("mention");
        assert_eq!(d.text_of(m), "Nervo");
        assert!(d
            .mentions()
            .iter()
            .any(|x| x.span == m && x.form == MentionForm::Name));
        assert_eq!(d.entities()[0].mentions.len(), 2);
    }

    #[test]
    fn speaker_after_byline_dash() {
        let d = people(
            "“Nobody asked us what we wanted from this deal at all.” ― Carla Ruiz
",
            &[&["Carla Ruiz"]],
        );
        let q = quote(&d, "Nobody asked us what we wanted from this deal at all.");
        assert_eq!(speaker_name(&d, q).as_deref(), Some("Carla Ruiz"));
    }

    #[test]
    fn indirect_speech_skips_direct_quotes() {
        let d = people(
            "Ana Silva said “we are leaving for good.”",
            &[&["Ana Silva"]],
        );
        assert_eq!(d.quotes().len(), 1);
        assert!(d.quotes()[0].direct);
    }

    #[test]
    fn quotes_sorted_and_on_boundaries() {
        let d = people(
            "“A first quote here,” Ana Silva said. Ana Silva said the rest was “not ready.”",
            &[&["Ana Silva"]],
        );
        let qs = d.quotes();
        assert!(qs.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_valid(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[A-Za-z ,.]{0,12}").expect("regex"),
                    proptest::sample::select(vec![
                        "“", "”", "‘", "’", "\"", "'", "\n", "\n\n", " said ", " he said. ",
                        "Ana Silva", " according to ", "—", "’90s", "don’t", ": ", "é",
                    ]).prop_map(str::to_string),
                ],
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let d = people(&text, &[&["Ana Silva"]]);
            for q in d.quotes() {
                proptest::prop_assert!(q.span.start <= q.span.end);
                proptest::prop_assert!(q.span.end() <= text.len());
                proptest::prop_assert!(text.is_char_boundary(q.span.start()));
                proptest::prop_assert!(text.is_char_boundary(q.span.end()));
            }
            for m in d.mentions() {
                proptest::prop_assert!(text.is_char_boundary(m.span.start()));
            }
        }
    }
}
