//! What cross-document resolution is configured with: the given-name variants
//! (`data/graph/given_names.tsv`) and the user's alias file (`data/aliases.tsv` or
//! `--aliases FILE`), loaded once per ingest.
//!
//! The alias file lets a user correct the automatic rules: `same` forces names to one global
//! entity, `different` keeps names apart that the fuzzy rules would merge. Its format:
//!
//! ```text
//! # comments and blank lines are ignored; fields are tab-separated
//! same<TAB>Richard Marles<TAB>Robert Marles|Dick Marles
//! different<TAB>Kim Jong Un<TAB>Kim Jong Il
//! ```
//!
//! A fingerprint of both files is stored with the graph; when it changes, the next resolve
//! rebuilds the graph from the per-document layers, so editing the rules applies to every
//! document already stored, not only to new ones.

use crate::error::{Error, Result};
use crate::names::{fold, GivenNames};
use newsgraph::data::{parse_tsv, DataDir};
use newsgraph::text::hash::Fnv;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The given-name variants file under `data/`.
pub const GIVEN_NAMES_FILE: &str = "graph/given_names.tsv";
/// Words that change a title's rank, under `data/`.
pub const TITLE_RANKS_FILE: &str = "graph/title_ranks.txt";
/// The default alias file under `data/`.
pub const ALIASES_FILE: &str = "aliases.tsv";

/// The user's resolution overrides (see the module documentation for the file format).
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Folded name → folded canonical name of the group it is forced into.
    same: HashMap<String, String>,
    /// Pairs of folded names never merged by fuzzy rules (stored both ways).
    different: HashSet<(String, String)>,
}

impl Aliases {
    /// Parse alias rules from the text of a file; `path` is for error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Aliases> {
        let mut aliases = Aliases::default();
        for row in parse_tsv(text) {
            let bad = |message: String| Error::Aliases {
                path: path.to_path_buf(),
                line: row.line,
                message,
            };
            let first = fold(row.get(1));
            let others: Vec<String> = row.list(2).into_iter().map(fold).collect();
            if first.is_empty() || others.is_empty() {
                return Err(bad(
                    "expected `same` or `different`, a name and other names separated by `|`, \
                     tab-separated"
                        .into(),
                ));
            }
            match row.get(0) {
                "same" => {
                    // A name already in a group joins the two groups under the older canonical.
                    let canonical = aliases.same.get(&first).cloned().unwrap_or(first.clone());
                    for name in std::iter::once(first).chain(others) {
                        if let Some(old) = aliases.same.get(&name).cloned() {
                            for v in aliases.same.values_mut() {
                                if *v == old {
                                    *v = canonical.clone();
                                }
                            }
                        }
                        aliases.same.insert(name, canonical.clone());
                    }
                }
                "different" => {
                    for other in others {
                        aliases.different.insert((first.clone(), other.clone()));
                        aliases.different.insert((other, first.clone()));
                    }
                }
                other => {
                    return Err(bad(format!(
                        "unknown rule `{other}`: expected `same` or `different`"
                    )))
                }
            }
        }
        Ok(aliases)
    }

    /// The canonical name a folded name is forced to, if any.
    pub fn same(&self, folded: &str) -> Option<&str> {
        self.same.get(folded).map(String::as_str)
    }

    /// True when the two folded names must not be merged by the fuzzy rules.
    pub fn different(&self, a: &str, b: &str) -> bool {
        !self.different.is_empty() && self.different.contains(&(a.to_string(), b.to_string()))
    }
}

/// Everything resolution reads besides the store.
#[derive(Debug, Clone, Default)]
pub struct GraphConfig {
    /// Given-name variants.
    pub given: GivenNames,
    /// The user's overrides.
    pub aliases: Aliases,
    /// Words that change a title's rank (`deputy`, `vice`), folded.
    pub title_ranks: HashSet<String>,
    /// A fingerprint of the rule files, stored with the graph.
    pub fingerprint: String,
}

impl GraphConfig {
    /// Load the given-name variants from `data`, and the aliases from `aliases` when given,
    /// else from `data`'s `aliases.tsv` (an empty file is shipped).
    pub fn load(data: &DataDir, aliases: Option<&Path>) -> Result<GraphConfig> {
        let given_text = data.read(GIVEN_NAMES_FILE)?;
        let (alias_text, alias_path) = match aliases {
            Some(path) => (
                std::fs::read_to_string(path).map_err(|e| Error::Aliases {
                    path: path.to_path_buf(),
                    line: 0,
                    message: e.to_string(),
                })?,
                path.to_path_buf(),
            ),
            None => (data.read(ALIASES_FILE)?, data.path_of(ALIASES_FILE)),
        };
        let mut config = GraphConfig::from_texts(&given_text, &alias_text, &alias_path)?;
        config.title_ranks = data
            .lines(TITLE_RANKS_FILE)?
            .iter()
            .map(|w| fold(w))
            .collect();
        let mut ranks: Vec<&String> = config.title_ranks.iter().collect();
        ranks.sort();
        let mut h = Fnv::new();
        h.write(config.fingerprint.as_bytes());
        for r in ranks {
            h.write(r.as_bytes());
            h.write(b"\n");
        }
        config.fingerprint = format!("{:016x}", h.finish());
        Ok(config)
    }

    /// Build from the texts of the two files (for tests and embedding); the title ranks are
    /// `deputy` and `vice` until [`GraphConfig::load`] reads its file.
    pub fn from_texts(given: &str, aliases: &str, alias_path: &Path) -> Result<GraphConfig> {
        let rows = parse_tsv(given);
        let given_names = GivenNames::new(rows.iter().map(|r| (r.get(0), r.list(1))));
        let parsed = Aliases::parse(aliases, alias_path)?;
        // Only rule lines go into the fingerprint, so editing comments rebuilds nothing.
        let mut h = Fnv::new();
        for row in rows.iter().chain(&parse_tsv(aliases)) {
            h.write(row.fields.join("\t").as_bytes());
            h.write(b"\n");
        }
        h.write(RULES_VERSION.as_bytes());
        Ok(GraphConfig {
            given: given_names,
            aliases: parsed,
            title_ranks: ["deputy", "vice"].iter().map(|w| w.to_string()).collect(),
            fingerprint: format!("{:016x}", h.finish()),
        })
    }
}

/// Bumped when the resolution rules in the code change, so that stored graphs are rebuilt.
const RULES_VERSION: &str = "graph-rules-2";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_parse_same_and_different() {
        let text = "# comment\nsame\tRichard Marles\tRobert Marles|Dick Marles\n\
                    different\tKim Jong Un\tKim Jong Il\n";
        let a = Aliases::parse(text, Path::new("a.tsv")).unwrap();
        assert_eq!(a.same("robert marles"), Some("richard marles"));
        assert_eq!(a.same("richard marles"), Some("richard marles"));
        assert!(a.different("kim jong il", "kim jong un"));
        assert!(!a.different("kim jong un", "robert marles"));
    }

    #[test]
    fn aliases_bad_line_names_file_and_line() {
        let err = Aliases::parse("\nmerge\tA\tB\n", Path::new("x.tsv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.tsv:2: unknown rule `merge`: expected `same` or `different`"
        );
        assert!(Aliases::parse("same\tA\n", Path::new("x.tsv")).is_err());
    }

    #[test]
    fn config_loads_the_shipped_files() {
        let data = DataDir::new(Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        ));
        let cfg = GraphConfig::load(&data, None).unwrap();
        assert_eq!(cfg.given.canonical("chris"), "christopher");
        assert!(cfg.title_ranks.contains("deputy"));
        let missing = GraphConfig::load(&data, Some(Path::new("/nonexistent/aliases.tsv")));
        assert!(matches!(missing, Err(Error::Aliases { line: 0, .. })));
    }

    #[test]
    fn config_fingerprint_ignores_comments() {
        let p = Path::new("a.tsv");
        let a = GraphConfig::from_texts("robert\tbob\n", "", p).unwrap();
        let b = GraphConfig::from_texts("# hi\nrobert\tbob\n", "# x\n", p).unwrap();
        let c = GraphConfig::from_texts("robert\tbob\n", "same\tA\tB\n", p).unwrap();
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(a.given.canonical("bob"), "robert");
    }
}
