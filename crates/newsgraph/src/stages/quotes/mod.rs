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
//!    [`reflow`](crate::text::reflow); a title kept out of the sentences holds none).
//!    Double marks (`“ ”`, `"`) are paired first; single marks
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

use crate::data::DataDir;
use crate::document::{
    Document, Entity, EntityIx, EntityType, Mention, MentionForm, Quote, Sentence, Span, Token,
    TokenKind, Word,
};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use crate::stages::syntax::SyntaxData;
use crate::text::reflow;
use std::collections::HashMap;
use std::sync::Arc;

mod context;
mod ctx;
mod cues;
mod indirect;
mod marks;
mod merge;
mod syntax;

use context::*;
use ctx::*;
pub use marks::*;
use merge::*;
use syntax::NounClass;

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
/// Resource file: common nouns that stand for a speaker named elsewhere (`the daily`).
pub const SPEAKER_NOUNS_FILE: &str = "quotes/speaker_nouns.tsv";

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
const PRON_X: u16 = 1 << 15;

const FRAME_CLAUSE: u8 = 1;
const FRAME_OBJ: u8 = 1 << 1;
const FRAME_OF: u8 = 1 << 2;

/// How far (in tokens) a cue may stand from a short (scare) quote.
const SHORT_QUOTE_REACH: usize = 10;
/// A quote of at most this many words is a possible scare quote or title.
const SHORT_QUOTE_WORDS: usize = 4;
/// The longest interruption (in words) that an interrupted quote is merged across.
const MAX_INTERRUPTION_WORDS: usize = 10;
/// At most this many words after a quote that opens its sentence leave it a continuation of
/// the previous speaker's words (`“…” workers.`).
const LEAD_TAIL_WORDS: usize = 2;
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
    /// What a common-noun subject of a speech verb stands for (`the daily` → an outlet).
    speaker_nouns: HashMap<String, NounClass>,
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
                    ("pronoun_x", PRON_X),
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
        for row in data.tsv(SPEAKER_NOUNS_FILE)? {
            let Some(class) = NounClass::from_name(row.get(1)) else {
                return Err(Error::resource(
                    data.path_of(SPEAKER_NOUNS_FILE),
                    row.line,
                    format!("unknown speaker noun class `{}`", row.get(1)),
                ));
            };
            q.speaker_nouns.insert(row.get(0).to_lowercase(), class);
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
    data: Arc<QuoteData>,
    syntax: Option<Arc<SyntaxData>>,
}

impl QuoteStage {
    /// A stage over the quote cues, reading only the parse an earlier stage left in
    /// `doc.words` (none: surface rules only).
    pub fn new(data: Arc<QuoteData>) -> QuoteStage {
        QuoteStage { data, syntax: None }
    }

    /// A stage that also parses, with `syntax`, the sentences of the direct quotes its surface
    /// rules leave without a speaker, and adds their words to `doc.words`.
    pub fn with_parser(data: Arc<QuoteData>, syntax: Arc<SyntaxData>) -> QuoteStage {
        QuoteStage {
            data,
            syntax: Some(syntax),
        }
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
        annotate(doc, &self.data, self.syntax.as_deref());
        Ok(())
    }
}

/// Run the whole stage on a document.
fn annotate(doc: &mut Document, data: &QuoteData, syntax: Option<&SyntaxData>) {
    let paras = reflow::paragraphs(&doc.text, doc.tokens(), doc.sentences());
    let marked = find_marked_quotes_in(&doc.text, &paras);
    let mut words = None;
    let (quotes, pronouns) = {
        let ctx = Ctx::new(doc, data, &marked);
        let mut drafts: Vec<Draft> = marked.iter().map(|q| ctx.attribute_direct(q)).collect();
        drafts = merge_interrupted(&ctx, drafts);
        // Parse only now, after the surface rules: just the quotes they leave without a
        // speaker read the parse, and parsing is the dearest step of the pipeline per word.
        if let Some(syntax) = syntax {
            let mut parsed = ctx.words.to_vec();
            let which = ctx.sentences_to_parse(&drafts);
            syntax.parse_sentences(ctx.text, ctx.toks, ctx.sents, which, &mut parsed);
            words = Some(parsed);
        }
        let ctx = match &words {
            Some(w) => Ctx { words: w, ..ctx },
            None => ctx,
        };
        for d in drafts.iter_mut() {
            ctx.parse_attribution(d);
        }
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
                    || d.attr.is_some_and(|a| matches!(a.who, Who::Unnamed(_)))
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
    if words.is_some() {
        doc.words = words;
    }
    doc.quotes = Some(quotes);
    doc.insert_mentions(pronouns);
}

#[cfg(test)]
mod tests;
