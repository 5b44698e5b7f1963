//! Capitalisation: what a word's case says, and making a word title case.

use crate::document::{Token, TokenKind};

/// True when a word starts with an upper-case letter.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word in title case: first letter upper case, the rest lower case (`SEOUL` → `Seoul`).
pub fn capitalise(word: &str) -> String {
    let mut cs = word.chars();
    match cs.next() {
        Some(c) => c
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Of the word tokens with at least two letters, how many have no lower-case letter, and how
/// many there are: `(upper, words)`. Stages judge from it whether a sentence is written in
/// capitals (a wire headline, `JAPAN BEAT SYRIA`), where case says nothing about names.
pub fn upper_share(text: &str, tokens: &[Token]) -> (usize, usize) {
    let (mut upper, mut words) = (0, 0);
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        let w = &text[t.span.start()..t.span.end()];
        if w.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            continue;
        }
        words += 1;
        if !w.chars().any(char::is_lowercase) {
            upper += 1;
        }
    }
    (upper, words)
}

/// True when a sentence is mostly upper-case words (a wire headline or a CoNLL title line),
/// where capitalisation says nothing about names: at least three words, 70% of them in capitals.
pub fn is_shouting(text: &str, tokens: &[Token]) -> bool {
    let (upper, words) = upper_share(text, tokens);
    words >= 3 && upper * 10 >= words * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_helpers() {
        assert!(starts_upper("Élysée") && !starts_upper("de") && !starts_upper(""));
        assert_eq!(capitalise("sEOUL"), "Seoul");
        assert_eq!(capitalise(""), "");
    }
}
