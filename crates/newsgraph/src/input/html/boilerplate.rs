//! Boilerplate: the cues (`data/input/boilerplate.txt`) that mark paragraphs and elements as
//! not the story.

use super::*;

/// Cues for boilerplate, from `data/input/boilerplate.txt`.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    pub(super) exact: HashSet<String>,
    pub(super) prefix: Vec<String>,
    pub(super) contains: Option<AhoCorasick>,
    pub(super) classes: HashSet<String>,
}

impl Boilerplate {
    /// Load the cues: a TSV of `kind<TAB>phrase`, kind one of `exact` (the whole paragraph),
    /// `prefix` (how it starts), `contains` (anywhere in it) or `class` (a part of a class or
    /// id name, split on `-`, `_`). Phrases are matched lowercased with outer punctuation
    /// trimmed, and only in paragraphs of at most [`BOILERPLATE_MAX_WORDS`] words.
    pub fn load(data: &DataDir) -> Result<Boilerplate> {
        let mut bp = Boilerplate::default();
        let mut contains = Vec::new();
        for row in data.tsv(BOILERPLATE_FILE)? {
            let phrase = normalize(row.get(1));
            if phrase.is_empty() {
                return Err(Error::resource(
                    data.path_of(BOILERPLATE_FILE),
                    row.line,
                    "missing phrase",
                ));
            }
            match row.get(0) {
                "exact" => {
                    bp.exact.insert(phrase);
                }
                "prefix" => bp.prefix.push(phrase),
                "contains" => contains.push(phrase),
                "class" => {
                    bp.classes.insert(phrase);
                }
                other => {
                    return Err(Error::resource(
                        data.path_of(BOILERPLATE_FILE),
                        row.line,
                        format!(
                            "unknown kind `{other}` (expected exact, prefix, contains or class)"
                        ),
                    ))
                }
            }
        }
        if !contains.is_empty() {
            let ac = AhoCorasick::new(&contains)
                .map_err(|e| Error::resource(data.path_of(BOILERPLATE_FILE), 0, e.to_string()))?;
            bp.contains = Some(ac);
        }
        Ok(bp)
    }

    /// True when a paragraph is boilerplate: short and matching a cue.
    pub fn is_boilerplate(&self, paragraph: &str) -> bool {
        if paragraph
            .split_whitespace()
            .nth(BOILERPLATE_MAX_WORDS)
            .is_some()
        {
            return false;
        }
        let norm = normalize(paragraph);
        if norm.is_empty() {
            return true;
        }
        self.exact.contains(&norm)
            || self.prefix.iter().any(|p| norm.starts_with(p.as_str()))
            || self.contains.as_ref().is_some_and(|ac| ac.is_match(&norm))
    }

    /// True when an element's class or id names boilerplate (`share-tools`, `newsletter_box`).
    pub(super) fn is_boilerplate_element(&self, el: &scraper::node::Element) -> bool {
        if self.classes.is_empty() {
            return false;
        }
        let parts = |name: &str| -> bool {
            name.split(['-', '_'])
                .any(|p| !p.is_empty() && self.classes.contains(&p.to_ascii_lowercase()))
        };
        el.classes().any(parts) || el.id().is_some_and(parts)
    }
}

/// Lowercase, typographic apostrophes made plain, whitespace collapsed, punctuation and symbols
/// trimmed from both ends.
pub(super) fn normalize(s: &str) -> String {
    let lower = s.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}
