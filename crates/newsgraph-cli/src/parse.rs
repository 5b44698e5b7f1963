//! `newsgraph parse`: part-of-speech tags, lemmas and dependency trees (the `newsgraph-syntax`
//! model) for CoNLL-U input with gold tokens, or for plain text.
//!
//! With `--conllu FILE` the file's sentences and words are kept as they are (comments,
//! multiword-token lines and empty nodes pass through unchanged) and each word's LEMMA, UPOS,
//! HEAD and DEPREL are filled in; XPOS, FEATS and DEPS, which the model does not predict, are
//! written as `_` so no input annotation is mistaken for output. With plain-text files each
//! sentence becomes one CoNLL-U block.
//!
//! Plain text is cut into words and sentences by the small PTB-style tokeniser below. It exists
//! only so the command works before the pipeline has a `syntax` stage; that stage will parse the
//! library's own segmentation (`segment`) instead.

use crate::common::{self, DataArgs};
use anyhow::Context;
use newsgraph_syntax::conllu::{self, col};
use newsgraph_syntax::{Model, Parse, Scratch};
use std::collections::HashSet;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The model file, relative to the data directory.
pub const MODEL_FILE: &str = "syntax/model.bin";

/// Flags of `newsgraph parse`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Output is CoNLL-U on stdout. With --conllu, words and sentences are the file's \
                  own; otherwise plain text is tokenised (PTB style) and split into sentences.\n\
                  Exit status: 0 success, 2 usage or fatal error (a malformed CoNLL-U line is \
                  reported with its file and line)."
)]
pub struct Args {
    /// A CoNLL-U file (`-` for standard input) whose words to tag and parse.
    #[arg(long, value_name = "FILE", conflicts_with = "files")]
    pub conllu: Option<String>,

    /// Plain-text files (`-` for standard input) to tokenise, tag and parse.
    #[arg(value_name = "FILE", required_unless_present = "conllu")]
    pub files: Vec<String>,

    /// The model file (default: syntax/model.bin in the data directory).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    #[command(flatten)]
    pub data: DataArgs,
}

fn read_input(path: &str) -> anyhow::Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading standard input")?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
}

/// Run `newsgraph parse`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = match &args.model {
        Some(path) => Model::load(path)?,
        None => {
            let dir = args.data.data_dir();
            let bytes = dir.read_bytes(MODEL_FILE)?;
            Model::from_bytes(&bytes, &dir.path_of(MODEL_FILE).display().to_string())?
        }
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut scratch = Scratch::default();
    let mut parse = Parse::default();
    let mut text = String::new();
    if let Some(path) = &args.conllu {
        let input = read_input(path)?;
        let name = if path == "-" {
            "<stdin>"
        } else {
            path.as_str()
        };
        for mut sentence in conllu::parse(&input, name)? {
            let forms: Vec<String> = sentence.forms().into_iter().map(str::to_string).collect();
            model.parse_into(&forms, &mut scratch, &mut parse);
            fill(&model, &forms, &parse, &mut sentence);
            text.clear();
            sentence.write_to(&mut text);
            out.write_all(text.as_bytes())?;
        }
    } else {
        let abbreviations = abbreviations(&args.data);
        for path in &args.files {
            let input = read_input(path)?;
            writeln!(out, "# newdoc id = {path}")?;
            for (i, sent) in sentences(&input, &abbreviations).into_iter().enumerate() {
                let words: Vec<&str> = sent.iter().map(|&(s, e)| &input[s..e]).collect();
                let span = &input[sent[0].0..sent[sent.len() - 1].1];
                let comments = [
                    format!("sent_id = {}", i + 1),
                    format!(
                        "text = {}",
                        span.split_whitespace().collect::<Vec<_>>().join(" ")
                    ),
                ];
                let mut sentence = conllu::from_words(&words, &comments);
                model.parse_into(&words, &mut scratch, &mut parse);
                fill(&model, &words, &parse, &mut sentence);
                text.clear();
                sentence.write_to(&mut text);
                out.write_all(text.as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Write the analysis into the sentence's word rows.
fn fill<S: AsRef<str>>(model: &Model, words: &[S], parse: &Parse, sentence: &mut conllu::Sentence) {
    let (mut lemma, mut buf) = (String::new(), String::new());
    for (i, row) in sentence.words_mut().enumerate() {
        let upos = parse.upos[i];
        model.lemma_into(words[i].as_ref(), upos, &mut lemma, &mut buf);
        row.cols[col::LEMMA] = if lemma.is_empty() {
            "_".into()
        } else {
            lemma.clone()
        };
        row.cols[col::UPOS] = upos.as_str().into();
        row.cols[col::XPOS] = "_".into();
        row.cols[col::FEATS] = "_".into();
        row.cols[col::HEAD] = parse.heads[i].to_string();
        row.cols[col::DEPREL] = model.deprel(parse.deprels[i]).into();
        row.cols[col::DEPS] = "_".into();
    }
}

/// Abbreviations that keep their period (the library's list); none when it cannot be read.
fn abbreviations(data: &DataArgs) -> HashSet<String> {
    match data.data_dir().lines("abbreviations.txt") {
        Ok(lines) => lines
            .iter()
            .filter_map(|l| l.split('\t').next())
            .map(str::to_string)
            .collect(),
        Err(e) => {
            common::warning(format_args!("{e}; abbreviations will be split"));
            HashSet::new()
        }
    }
}

/// Clitics split off the end of a word, lower case (PTB: `do n't`, `John 's`, `we 're`).
const CLITICS: [&str; 7] = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '\u{201D}' | '\u{2019}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '\u{201C}' | '\u{2018}')
}

/// A period that belongs to its word: a listed abbreviation, letter-period runs (`U.S.`) or an
/// initial (`J.`).
fn keeps_period(word: &str, abbreviations: &HashSet<String>) -> bool {
    if abbreviations.contains(word) {
        return true;
    }
    let body = &word[..word.len() - 1];
    !body.is_empty()
        && body
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// Split one whitespace-separated chunk at `start` into word spans.
fn split_chunk(chunk: &str, start: usize, abbr: &HashSet<String>, out: &mut Vec<(usize, usize)>) {
    let (mut s, mut e) = (0, chunk.len());
    while let Some(c) = chunk[s..e].chars().next().filter(|&c| is_opening(c)) {
        out.push((start + s, start + s + c.len_utf8()));
        s += c.len_utf8();
    }
    let mut tail = Vec::new();
    loop {
        let word = &chunk[s..e];
        if word.ends_with("...") && word.len() > 3 {
            tail.push((e - 3, e));
            e -= 3;
            continue;
        }
        match word.chars().next_back() {
            Some('.') if keeps_period(word, abbr) => break,
            Some(c) if is_closing(c) && word.len() > c.len_utf8() => {
                tail.push((e - c.len_utf8(), e));
                e -= c.len_utf8();
            }
            _ => break,
        }
    }
    let word = chunk[s..e].replace('\u{2019}', "'").to_lowercase();
    if let Some(c) = CLITICS
        .iter()
        .find(|c| word.ends_with(*c) && word.len() > c.len())
    {
        // The clitic's length in the original text (a curly apostrophe is 3 bytes).
        let len = chunk[s..e]
            .char_indices()
            .rev()
            .nth(c.chars().count() - 1)
            .map_or(0, |(i, _)| e - s - i);
        out.push((start + s, start + e - len));
        out.push((start + e - len, start + e));
    } else if e > s {
        out.push((start + s, start + e));
    }
    out.extend(tail.into_iter().rev().map(|(a, b)| (start + a, start + b)));
}

/// Sentences of word spans: a sentence ends after `.`, `!` or `?` (with any closing quotes or
/// brackets) before a word that does not start in lower case, and at blank lines.
fn sentences(text: &str, abbr: &HashSet<String>) -> Vec<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let base = para.as_ptr() as usize - text.as_ptr() as usize;
        let mut words = Vec::new();
        let mut pos = 0;
        for chunk in para.split(|c: char| c.is_whitespace()) {
            if !chunk.is_empty() {
                split_chunk(chunk, base + pos, abbr, &mut words);
            }
            pos += chunk.len()
                + para[pos + chunk.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
        }
        let mut cur: Vec<(usize, usize)> = Vec::new();
        for (i, &(s, e)) in words.iter().enumerate() {
            cur.push((s, e));
            let w = &text[s..e];
            let ends = matches!(w, "." | "!" | "?" | "...")
                || (cur.len() > 1
                    && !opens(text, s, e)
                    && is_closing_after_end(&text[cur[cur.len() - 2].0..cur[cur.len() - 2].1], w));
            let next_lower = words.get(i + 1).is_some_and(|&(s, e)| {
                text[s..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || (is_closing(c) && !opens(text, s, e)))
            });
            if ends && !next_lower {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// A quote that opens: whitespace (or the start) before it, a word right after it.
fn opens(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    let after = text[e..].chars().next().is_some_and(|c| !c.is_whitespace());
    before && after && is_opening(text[s..e].chars().next().unwrap_or(' '))
}

fn is_closing_after_end(prev: &str, w: &str) -> bool {
    matches!(prev, "." | "!" | "?") && matches!(w, "\"" | "'" | ")" | "\u{201D}" | "\u{2019}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<&str>> {
        let abbr: HashSet<String> = ["Mr.".to_string()].into_iter().collect();
        sentences(text, &abbr)
            .into_iter()
            .map(|s| s.into_iter().map(|(a, b)| &text[a..b]).collect())
            .collect()
    }

    #[test]
    fn splits_punctuation_clitics_and_sentences() {
        assert_eq!(
            words("Mr. Smith didn't go (home), he said. \"Why?\" U.S. troops left."),
            vec![
                vec!["Mr.", "Smith", "did", "n't", "go", "(", "home", ")", ",", "he", "said", "."],
                vec!["\"", "Why", "?", "\""],
                vec!["U.S.", "troops", "left", "."],
            ]
        );
        assert_eq!(
            words("It\u{2019}s here."),
            vec![vec!["It", "\u{2019}s", "here", "."]]
        );
    }
}
