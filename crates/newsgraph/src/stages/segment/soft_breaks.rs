//! Segmentation's use of the text-shape rules of [`crate::text::reflow`]: the soft line breaks of
//! hard-wrapped text become spaces for the tokens, and a headline repeated as the first paragraph
//! is kept out of the sentences.
//!
//! These steps change segmentation's own layers (tokens, sentences), so they live with the stage;
//! the rules that only read the text's shape live in `text/`, where input and the other stages
//! use them too.

use crate::document::{Sentence, Span, Token, TokenKind};
use crate::text::reflow::{self, ends_with_hyphen_break, is_break_char, ReflowData};

/// Segmentation's step between tokenizing and splitting lines: the soft breaks of `text` become
/// spaces for `tokens` (none in pre-tokenized text, one sentence a line), and the span of the
/// first paragraph is returned when it reads `title`, to be kept out of the sentences.
pub fn shape_tokens(
    text: &str,
    tokens: &mut [Token],
    data: &ReflowData,
    title: Option<&str>,
    pretokenized: bool,
) -> Option<Span> {
    let soft = if pretokenized {
        Vec::new()
    } else {
        reflow::soft_breaks(text, data)
    };
    join_soft_breaks(text, tokens, &soft);
    reflow::title_span(text, title, &soft)
}

/// Make each soft break a space for the tokens: the first token after it no longer starts a
/// line, and a hyphen the wrapper broke after (`Jong-` / `un`) stays glued to the next word.
pub fn join_soft_breaks(text: &str, tokens: &mut [Token], soft: &[Span]) {
    for s in soft {
        let t = tokens.partition_point(|t| t.span.start < s.end);
        if t >= tokens.len() || t == 0 {
            continue;
        }
        // Only the first token of the very next line (a line of invisible characters has none).
        let gap = &text[s.end()..tokens[t].span.start()];
        if gap.contains(|c: char| is_break_char(c)) {
            continue;
        }
        tokens[t].line_start = false;
        let prev = &mut tokens[t - 1];
        if prev.kind == TokenKind::Punct
            && &text[prev.span.start()..prev.span.end()] == "-"
            && ends_with_hyphen_break(text[..s.start()].trim_end())
            && tokens[t].kind == TokenKind::Word
        {
            tokens[t - 1].space_after = false;
        }
    }
}

/// Leave out of `sentences` those that lie inside the title line: the title is not a sentence
/// of the body (the title's tokens still exist, like the dateline's).
pub fn drop_title(sentences: &mut Vec<Sentence>, title: Option<Span>) {
    if let Some(t) = title {
        sentences.retain(|s| !t.contains(s.span));
    }
}
