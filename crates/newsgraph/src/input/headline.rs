//! The headline of a plain-text article: a `.txt` file gives no title of its own, but most saved
//! news text opens with its headline on a line of its own.
//!
//! The first paragraph (the first non-blank line, joined over the soft breaks of hard-wrapped
//! text, see [`crate::stages::segment::reflow`]) is taken as the title when it has a headline's
//! shape:
//!
//! - it is short: at most [`MAX_TITLE_WORDS`] words and [`MAX_TITLE_CHARS`] characters, and at
//!   least two words;
//! - it does not end like a sentence or a clause: no final period (also inside a closing quote
//!   or bracket), comma, semicolon, colon or dash; `?`, `!` and a teaser's ellipsis are
//!   headline endings;
//! - its first word is not a lowercase word (`iTunes` and `$1m` are fine), and it does not open
//!   with a list marker or a dateline (`SEOUL —`);
//! - body text follows it: a blank line and more text, or a next line that is not its
//!   continuation (in wrapped text, the break after it is hard).
//!
//! Segmentation then keeps the title's span out of the body's sentences (and so out of quotes
//! and events) by finding the title again as the text's first paragraph
//! ([`crate::stages::segment::reflow::title_span`]). HTML pages and JSON Lines records give
//! their title, so this is for `.txt` input only.

use crate::stages::segment::reflow::{self, ReflowData};

/// The most words a headline has.
pub const MAX_TITLE_WORDS: usize = 24;
/// The most characters a headline has.
pub const MAX_TITLE_CHARS: usize = 180;

/// The headline of `text` as written (whitespace runs collapsed to one space), when its first
/// paragraph has a headline's shape.
pub fn detect(text: &str, data: &ReflowData) -> Option<String> {
    let soft = reflow::soft_breaks(text, data);
    let span = reflow::first_paragraph(text, &soft)?;
    let first = &text[span.start()..span.end()];
    // Body text must follow.
    if text[span.end()..].trim().is_empty() {
        return None;
    }
    let words: Vec<&str> = first.split_whitespace().collect();
    if !(2..=MAX_TITLE_WORDS).contains(&words.len()) || first.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    // `iTunes now sells…` and `$1m payoff…` are headlines; `and then it rained` is not.
    let first_word = words[0];
    if (first_word.starts_with(char::is_lowercase) && !first_word.contains(char::is_uppercase))
        || data.starts_list_item(first)
        || reflow::starts_dateline(first)
    {
        return None;
    }
    let end = first.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | '_')
    });
    // A trailing ellipsis is a headline's teaser (`My memories of Marley...`), a period is not.
    let teaser = end.ends_with("...") || end.ends_with('…');
    if !teaser && end.ends_with(['.', ',', ';', ':', '-', '—', '–']) {
        return None;
    }
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ReflowData {
        ReflowData::load(&crate::data::DataDir::from_env()).expect("reflow data")
    }

    #[test]
    fn headline_before_a_blank_line() {
        let t = "Ports reopen after the storm\n\nThe ports of Lorvik reopened on Monday.\n";
        assert_eq!(
            detect(t, &data()).as_deref(),
            Some("Ports reopen after the storm")
        );
    }

    #[test]
    fn headline_straight_before_the_body_or_a_dateline() {
        let t = "Talks resume in Geneva\nGENEVA — Delegates met again on Tuesday.\n";
        assert_eq!(
            detect(t, &data()).as_deref(),
            Some("Talks resume in Geneva")
        );
        let t = "Will the ceasefire hold?\nDiplomats doubt it, officials said.\n";
        assert_eq!(
            detect(t, &data()).as_deref(),
            Some("Will the ceasefire hold?")
        );
    }

    #[test]
    fn first_line_ending_with_a_period_is_body() {
        let t = "The ports reopened on Monday.\n\nTrade resumed.\n";
        assert_eq!(detect(t, &data()), None);
        let t = "He said the talks would “go on.”\n\nMore.\n";
        assert_eq!(detect(t, &data()), None);
    }

    #[test]
    fn long_first_line_is_body() {
        let t = format!("{}\n\nMore text.\n", "word ".repeat(30).trim_end());
        assert_eq!(detect(&t, &data()), None);
    }

    #[test]
    fn first_line_without_a_following_body_is_not_a_headline() {
        assert_eq!(detect("Ports reopen after the storm\n", &data()), None);
        assert_eq!(detect("Ports reopen after the storm", &data()), None);
    }

    #[test]
    fn dateline_list_item_and_lowercase_openings_are_not_headlines() {
        let d = data();
        assert_eq!(detect("SEOUL — Officials met\n\nMore.\n", &d), None);
        assert_eq!(detect("- first point\n- second point\n", &d), None);
        assert_eq!(detect("and then it rained\n\nMore.\n", &d), None);
        assert_eq!(detect("It rained, and then,\n\nMore.\n", &d), None);
        assert_eq!(
            detect("iPads sell out...\n\nMore.\n", &d).as_deref(),
            Some("iPads sell out...")
        );
        assert_eq!(
            detect("$1m payoff for ex-boss\n\nMore.\n", &d).as_deref(),
            Some("$1m payoff for ex-boss")
        );
        assert_eq!(detect("One word\n", &d), None);
        assert_eq!(detect("Word\n\nBody here.\n", &d), None);
    }

    #[test]
    fn wrapped_first_line_is_not_a_headline_on_its_own() {
        // A hard-wrapped paragraph: its first line runs on into the next, so it is no headline,
        // and the paragraph as a whole ends with a period.
        let t = "The foreign ministers of the three countries met in the capital\n\
                 on Tuesday to discuss the stalled negotiations over fishing\n\
                 rights in the northern waters and said little afterwards.\n\n\
                 Officials on both sides declined to comment on the talks when\n\
                 asked by reporters waiting outside the ministry building late\n\
                 in the evening.\n";
        assert_eq!(detect(t, &data()), None);
    }

    #[test]
    fn wrapped_headline_over_two_lines_is_one_title() {
        let t = "Faced with rising tension at sea, the coastal states and their\n\
                 partners move closer\n\
                 LORVIK — The foreign ministers of the three countries met in the\n\
                 capital on Tuesday to discuss the stalled negotiations over\n\
                 fishing rights in the northern waters and said little afterwards.\n";
        assert_eq!(
            detect(t, &data()).as_deref(),
            Some(
                "Faced with rising tension at sea, the coastal states and their partners move closer"
            )
        );
    }
}
