//! Person and organisation names found from their shape and context, not from a list of names.
//!
//! Reads tokens, sentences and the gazetteer's candidates (titles, countries, organisations);
//! appends `Rule` candidates. Why rules beside a statistical tagger: news names people in a few
//! very regular frames — a title before the name (`Prime Minister Fumio Kishida`), an apposition
//! after it (`Lin Jian, a spokesman for ...`), a speech verb (`Zhu said`) — and names
//! organisations with a head word (`... Institute`, `University of ...`, `Centre for ...`) or a cue
//! noun (`the think tank ...`, `broadcaster ...`). These frames are more reliable than any tagger
//! trained on other text, and they explain themselves. The words involved live in `data/names/`.
//!
//! The unit is a *capitalised run*: a maximal sequence of capitalised words in a sentence,
//! possibly joined by hyphens without spaces (`Tae-hyo`), name particles (`von der`) or, for
//! organisations, connectors (`of`, `for`, `and`). Runs are cut where a gazetteer candidate
//! (a country, a title, a known organisation) begins or ends, so `Japanese Prime Minister Fumio
//! Kishida` leaves the run `Fumio Kishida` right after a title.

use crate::data::DataDir;
use crate::document::{
    Candidate, CandidateLabel, CandidateSource, Document, MentionForm, OrgKind, Span, Token,
    TokenKind,
};
use crate::error::{Error, Result};
use crate::stage::{LayerKind, Stage};
use crate::text::case::{is_shouting, starts_upper};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

mod teams;

/// Word lists for recognising names from their shape and context (`data/names/`).
#[derive(Debug, Default)]
pub struct NameData {
    /// Head words that make a capitalised run an organisation, with the kind they suggest.
    pub org_heads: HashMap<String, OrgKind>,
    /// Lowercase cue phrases (as word sequences) that introduce an organisation's name.
    pub org_cues: Vec<(Vec<String>, OrgKind)>,
    /// Verbs whose short capitalised subject is usually a person.
    pub person_verbs: HashSet<String>,
    /// Lowercase particles allowed inside personal names.
    pub particles: HashSet<String>,
    /// Lowercase words allowed inside organisation names.
    pub org_connectors: HashSet<String>,
    /// Legal-form words that end a company's name (`Inc`, `Corp.`): no `and` joins after one.
    pub legal_forms: HashSet<String>,
    /// Capitalised words that are never (the edge of) a name.
    pub not_names: HashSet<String>,
    /// Canonical titles that are forms of address (`Mr.`), not roles.
    pub honorifics: HashSet<String>,
    /// Words beside a place name that show it names a sports team (`beat`, `v`).
    pub team_cues: HashSet<String>,
    /// Last words of `<country> <body>` phrases that describe rather than name (`troops`).
    pub generic_bodies: HashSet<String>,
}

impl NameData {
    /// Load from `data/names/`.
    pub fn load(data: &DataDir) -> Result<NameData> {
        let kind_table = |rel: &str| -> Result<Vec<(String, OrgKind)>> {
            data.tsv(rel)?
                .into_iter()
                .map(|row| {
                    let kind = OrgKind::from_name(row.get(1)).ok_or_else(|| {
                        Error::resource(
                            data.path_of(rel),
                            row.line,
                            format!("unknown organisation kind `{}`", row.get(1)),
                        )
                    })?;
                    Ok((row.get(0).to_string(), kind))
                })
                .collect()
        };
        let set =
            |rel: &str| -> Result<HashSet<String>> { Ok(data.lines(rel)?.into_iter().collect()) };
        Ok(NameData {
            org_heads: kind_table("names/org_heads.tsv")?.into_iter().collect(),
            org_cues: kind_table("names/org_cues.tsv")?
                .into_iter()
                .map(|(cue, kind)| (cue.split_whitespace().map(str::to_string).collect(), kind))
                .collect(),
            person_verbs: set("names/person_verbs.txt")?,
            particles: set("names/particles.txt")?,
            org_connectors: set("names/org_connectors.txt")?,
            legal_forms: set("names/legal_forms.txt")?,
            not_names: set("names/not_names.txt")?,
            honorifics: set("names/honorifics.txt")?,
            team_cues: set("names/team_cues.txt")?,
            generic_bodies: set("names/generic_bodies.txt")?,
        })
    }
}

/// Proposes person and organisation names from their shape and context.
pub struct NamesStage {
    data: Arc<NameData>,
}

impl NamesStage {
    /// A stage over the name rules' word lists.
    pub fn new(data: Arc<NameData>) -> NamesStage {
        NamesStage { data }
    }
}

impl Stage for NamesStage {
    fn name(&self) -> &'static str {
        "names"
    }
    fn requires(&self) -> &[LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Candidates,
        ]
    }
    fn provides(&self) -> &[LayerKind] {
        &[LayerKind::Candidates]
    }
    fn run(&self, doc: &mut Document) -> Result<()> {
        let found = find_names(doc, &self.data);
        doc.candidates.get_or_insert_with(Vec::new).extend(found);
        Ok(())
    }
}

/// What the gazetteer says about each token: used to cut runs and to read context.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    /// Not covered by a gazetteer candidate.
    Free,
    /// Inside a title (`Prime Minister`, `Mr.`).
    Title,
    /// Inside a country, place or known organisation.
    Name,
}

/// Find person and organisation candidates in every sentence of the document.
pub fn find_names(doc: &Document, data: &NameData) -> Vec<Candidate> {
    let tokens = doc.tokens();
    let mut known = vec![Known::Free; tokens.len()];
    for c in doc.candidates() {
        let kind = match c.label {
            CandidateLabel::Title { .. } => Known::Title,
            _ if c.source == CandidateSource::Gazetteer => Known::Name,
            _ => continue,
        };
        for k in &mut known[doc.tokens_in(c.span)] {
            // A title inside a known name (`the Prime Minister's Office`) stays a name.
            if *k != Known::Name {
                *k = kind;
            }
        }
    }
    let mut out = Vec::new();
    for sent in doc.sentences() {
        let range = sent.token_range();
        if is_shouting(&doc.text, &tokens[range.clone()]) {
            continue;
        }
        let ctx = Ctx {
            doc,
            data,
            known: &known,
            first: range.start,
            end: range.end,
        };
        ctx.sentence(&mut out);
    }
    out.extend(teams::table_teams(doc, data));
    out
}

struct Ctx<'a> {
    doc: &'a Document,
    data: &'a NameData,
    known: &'a [Known],
    first: usize,
    end: usize,
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> &str {
        self.doc.token_text(i)
    }

    fn tok(&self, i: usize) -> &Token {
        &self.doc.tokens()[i]
    }

    fn is_cap_word(&self, i: usize) -> bool {
        let t = self.tok(i);
        t.kind == TokenKind::Word && starts_upper(self.word(i))
    }

    /// The end of a capitalised run starting at `i` (exclusive), for people (`org = false`) or
    /// organisations (`org = true`, which lets connectors such as `of` join words).
    fn run_end(&self, i: usize, org: bool) -> usize {
        let mut j = i;
        let mut end = i;
        while j < self.end && self.known[j] == Known::Free {
            let w = self.word(j);
            if self.is_cap_word(j) && !(j > i && self.data.not_names.contains(w)) {
                j += 1;
                end = j;
                continue;
            }
            // Hyphen joining two name parts without spaces: `Tae-hyo`, `Suk-yeol`.
            let prev_tight = j > i && !self.tok(j - 1).space_after;
            if prev_tight
                && w == "-"
                && !self.tok(j).space_after
                && j + 1 < self.end
                && self.tok(j + 1).kind == TokenKind::Word
                && self.known[j + 1] == Known::Free
            {
                j += 2;
                end = j;
                continue;
            }
            // `Johnson Controls Inc and Lear Corp`: a legal form ends a company's name.
            let after_legal_form = j > i && self.data.legal_forms.contains(self.word(j - 1));
            let joiner = if org {
                self.data.org_connectors.contains(w) && !after_legal_form
            } else {
                self.data.particles.contains(w)
            };
            if j > i
                && joiner
                && j + 1 < self.end
                && self.is_cap_word(j + 1)
                && !self.data.not_names.contains(self.word(j + 1))
            {
                j += 1;
                continue;
            }
            break;
        }
        end
    }

    fn sentence(&self, out: &mut Vec<Candidate>) {
        let mut i = self.first;
        while i < self.end {
            if self.known[i] != Known::Free || !self.is_cap_word(i) {
                i += 1;
                continue;
            }
            let start = i;
            // Skip capitalised function words at the edge (`The`, `But`, `On`).
            if self.data.not_names.contains(self.word(i)) {
                i += 1;
                continue;
            }
            let org_end = self.run_end(start, true);
            if let Some(c) = self.organisation(start, org_end) {
                out.push(c);
                i = org_end;
                continue;
            }
            let end = self.run_end(start, false);
            if let Some(c) = self.person(start, end) {
                out.push(c);
            }
            i = end.max(start + 1);
        }
    }

    /// An organisation when the run holds a head word (`Institute`) or follows a cue noun
    /// (`the think tank`). The run is trimmed so it never ends on a connector.
    fn organisation(&self, start: usize, end: usize) -> Option<Candidate> {
        let mut end = end;
        while end > start && !self.is_cap_word(end - 1) {
            end -= 1;
        }
        if end <= start {
            return None;
        }
        // A head word makes it an organisation; the last one names the kind.
        let head_kind = (start..end)
            .rev()
            .find_map(|j| self.data.org_heads.get(self.word(j)).copied());
        // Single capitalised words that are just a head word (`Parliament`, `Congress`) are
        // left to the gazetteer and the tagger; a name needs more than its head.
        let head_kind = head_kind.filter(|_| end - start >= 2);
        let kind = match head_kind {
            Some(kind) => kind,
            None => {
                // Without a head word the name is the plain capitalised run (`Kanal Nord`),
                // never joined over connectors.
                end = self.run_end(start, false);
                self.cue_before(start)?
            }
        };
        // A leading `U.S.` or `European` is part of the name here (`U.S. Institute of Peace`):
        // extend left over one adjacent gazetteer name when the run has a head word.
        let mut first = start;
        if head_kind.is_some() && start > self.first && self.known[start - 1] == Known::Name {
            let c = self.doc.candidates().iter().find(|c| {
                c.source == CandidateSource::Gazetteer
                    && c.span.end == self.tok(start - 1).span.end
                    && matches!(c.form, MentionForm::Abbreviation | MentionForm::Name)
                    && matches!(c.label, CandidateLabel::Country { .. })
            });
            if let Some(c) = c {
                first = self.doc.tokens_in(c.span).start;
            }
        }
        Some(Candidate {
            span: Span::new(self.tok(first).span.start(), self.tok(end - 1).span.end()),
            label: CandidateLabel::Organization {
                kind: Some(kind),
                canonical: None,
                country: None,
            },
            form: MentionForm::Name,
            source: CandidateSource::Rule,
            score: if head_kind.is_some() { 0.8 } else { 0.7 },
        })
    }

    /// The kind of organisation announced by a cue noun right before `start`
    /// (`the think tank Hudson Institute`, `broadcaster NHK`).
    fn cue_before(&self, start: usize) -> Option<OrgKind> {
        // Allow an adjective chain such as `Washington-based` between the cue and the name? No:
        // the cue must be adjacent, which keeps this rule precise.
        self.data.org_cues.iter().find_map(|(cue, kind)| {
            let n = cue.len();
            (start >= self.first + n
                && (0..n).all(|k| self.word(start - n + k).eq_ignore_ascii_case(&cue[k])))
            .then_some(*kind)
        })
    }

    /// A person when the run is a plausible name (1–4 words) in a person's frame.
    fn person(&self, start: usize, end: usize) -> Option<Candidate> {
        let words = (start..end)
            .filter(|&j| self.tok(j).kind == TokenKind::Word && self.word(j) != "-")
            .count();
        if words == 0 || words > 4 {
            return None;
        }
        // All-caps words of length > 1 inside a person's name are rare (`NATO`, `UN`).
        if (start..end).any(|j| {
            let w = self.word(j);
            w.len() > 1 && w.chars().all(|c| c.is_uppercase())
        }) {
            return None;
        }
        let after_title = start > self.first && self.known[start - 1] == Known::Title;
        let apposition = self.title_apposition_after(end);
        let said_after = end < self.end && self.data.person_verbs.contains(self.word(end));
        let said_before = start > self.first
            && self.data.person_verbs.contains(self.word(start - 1))
            && (end >= self.end || matches!(self.word(end), "," | "." | ";" | "—"));
        let score = if after_title || apposition {
            0.9
        } else if (said_after || said_before) && words >= 2 {
            0.75
        } else {
            return None;
        };
        Some(Candidate {
            span: Span::new(self.tok(start).span.start(), self.tok(end - 1).span.end()),
            label: CandidateLabel::Person,
            form: MentionForm::Name,
            source: CandidateSource::Rule,
            score,
        })
    }

    /// True when `, (a|an|the)? <title>` follows position `end` (`Lin Jian, a spokesman`).
    fn title_apposition_after(&self, end: usize) -> bool {
        if end >= self.end || self.word(end) != "," {
            return false;
        }
        let mut j = end + 1;
        // Skip determiners and short modifiers (`a`, `the`, `his`, `senior`, `Japanese`).
        let limit = (j + 5).min(self.end);
        while j < limit {
            if self.known[j] == Known::Title {
                return true;
            }
            let w = self.word(j);
            let modifier = matches!(w.len(), 1..=12)
                && self.tok(j).kind == TokenKind::Word
                && (w.chars().next().is_some_and(char::is_lowercase)
                    || self.known[j] == Known::Name);
            if !modifier {
                return false;
            }
            j += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> NameData {
        NameData::load(&DataDir::from_env()).expect("names data loads")
    }

    /// A document with one token per whitespace-separated word (punctuation split off) and one
    /// sentence, so these tests do not depend on the segmenter.
    fn doc(text: &str) -> Document {
        let mut tokens = Vec::new();
        let mut i = 0;
        let b = text.as_bytes();
        while i < b.len() {
            if b[i] == b' ' {
                i += 1;
                continue;
            }
            let start = i;
            let kind = if b[i].is_ascii_alphabetic() {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                    i += 1;
                }
                // `Mr.` keeps its period; a sentence-final period does not.
                if b[i - 1] == b'.' && !text[start..i].starts_with("Mr") {
                    i -= 1;
                }
                TokenKind::Word
            } else {
                i += 1;
                TokenKind::Punct
            };
            tokens.push(Token {
                span: Span::new(start, i),
                kind,
                space_after: i < b.len() && b[i] == b' ',
                line_start: start == 0,
            });
        }
        let n = tokens.len() as u32;
        Document {
            tokens: Some(tokens),
            sentences: Some(vec![crate::document::Sentence {
                span: Span::new(0, text.len()),
                first_token: crate::document::TokenIx(0),
                end_token: crate::document::TokenIx(n),
                paragraph_start: true,
            }]),
            candidates: Some(Vec::new()),
            text: text.to_string(),
            ..Document::default()
        }
    }

    fn title(doc: &mut Document, words: &str) {
        let at = doc.text.find(words).expect("title in text");
        doc.candidates.as_mut().unwrap().push(Candidate {
            span: Span::new(at, at + words.len()),
            label: CandidateLabel::Title {
                canonical: words.into(),
            },
            form: MentionForm::Nominal,
            source: CandidateSource::Gazetteer,
            score: 1.0,
        });
    }

    fn found(doc: &Document) -> Vec<(String, &'static str)> {
        find_names(doc, &data())
            .into_iter()
            .map(|c| {
                let what = match c.label {
                    CandidateLabel::Person => "PER",
                    CandidateLabel::Organization { .. } => "ORG",
                    _ => "?",
                };
                (doc.text_of(c.span).to_string(), what)
            })
            .collect()
    }

    #[test]
    fn person_after_title() {
        let mut d = doc("Prime Minister Mara Delacroix arrived on Monday .");
        title(&mut d, "Prime Minister");
        assert_eq!(found(&d), vec![("Mara Delacroix".to_string(), "PER")]);
    }

    #[test]
    fn person_before_title_apposition() {
        let mut d = doc("Wen Bao , a spokesman for the ministry , declined to comment .");
        title(&mut d, "spokesman");
        assert_eq!(found(&d), vec![("Wen Bao".to_string(), "PER")]);
    }

    #[test]
    fn person_as_subject_of_speech_verb() {
        let d = doc("Then Oskar Lindqvist said it was over .");
        assert_eq!(found(&d), vec![("Oskar Lindqvist".to_string(), "PER")]);
        // A single unknown word is not enough evidence.
        assert!(found(&doc("Then Lindqvist said it was over .")).is_empty());
    }

    #[test]
    fn hyphenated_given_name_stays_one_name() {
        let d = doc("Park Min - jun said so .");
        // The test tokenizer puts spaces around the hyphen, so it is not joined here.
        assert!(found(&d).iter().all(|(t, _)| t != "Park Min - jun"));
    }

    #[test]
    fn organisation_from_head_word_with_connectors() {
        let d = doc("He is director of the Centre for Maritime Policy and Strategy in Oslo .");
        assert_eq!(
            found(&d),
            vec![("Centre for Maritime Policy and Strategy".to_string(), "ORG")]
        );
    }

    #[test]
    fn organisation_from_cue_noun() {
        let d = doc("The claim was repeated by broadcaster Kanal Nord on Friday .");
        assert_eq!(found(&d), vec![("Kanal Nord".to_string(), "ORG")]);
    }

    #[test]
    fn shouting_headline_is_left_alone() {
        let d = doc("BROWN INSTITUTE SAID TO BE CLOSING SOON");
        assert!(found(&d).is_empty());
    }
}
