//! Finding and reading `data/` files (gazetteers, titles, word lists, the tagger's weights).
//!
//! Why a [`DataDir`] rather than paths everywhere: the binary must work when installed far from
//! the repository, and users must be able to extend the lists without recompiling. So every file
//! is looked up first in a user-chosen directory (`--data DIR` or `NEWSGRAPH_DATA`), then in the
//! repository's `data/` when it still exists where the crate was built, and last in a copy
//! compiled into the binary. Only this module reads `data/`; each stage parses its own files in
//! its `load(&DataDir)`.

mod embedded;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Where resource files are read from.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: Option<PathBuf>,
}

/// One non-comment line of a tab-separated resource file.
#[derive(Debug, Clone)]
pub struct TsvRow {
    /// 1-based line number, for error messages.
    pub line: usize,
    /// The fields, trimmed.
    pub fields: Vec<String>,
}

impl TsvRow {
    /// Field `i`, or "" when the line is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map(String::as_str).unwrap_or("")
    }

    /// Field `i` split on `|` into its non-empty parts (the convention for lists inside a field).
    pub fn list(&self, i: usize) -> Vec<&str> {
        self.get(i)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

impl DataDir {
    /// Resources from `root`, falling back to the repository's `data/` and the compiled-in copy.
    pub fn new(root: Option<PathBuf>) -> DataDir {
        DataDir { root }
    }

    /// The directory chosen by `NEWSGRAPH_DATA`, else the repository's `data/` if it exists.
    pub fn from_env() -> DataDir {
        if let Some(dir) = std::env::var_os("NEWSGRAPH_DATA") {
            return DataDir::new(Some(PathBuf::from(dir)));
        }
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        DataDir::new(repo.is_dir().then_some(repo))
    }

    /// The path a resource would be read from, for messages.
    pub fn path_of(&self, rel: &str) -> PathBuf {
        match &self.root {
            Some(root) if root.join(rel).is_file() => root.join(rel),
            _ => PathBuf::from(format!("<built-in>/data/{rel}")),
        }
    }

    /// The bytes of a resource file.
    pub fn read_bytes(&self, rel: &str) -> Result<Vec<u8>> {
        if let Some(root) = &self.root {
            let path = root.join(rel);
            if path.is_file() {
                return std::fs::read(&path).map_err(|source| Error::Io { path, source });
            }
        }
        embedded::get(rel)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| Error::resource(self.path_of(rel), 0, "resource file not found"))
    }

    /// The text of a resource file.
    pub fn read(&self, rel: &str) -> Result<String> {
        let bytes = self.read_bytes(rel)?;
        String::from_utf8(bytes)
            .map_err(|e| Error::resource(self.path_of(rel), 0, format!("not UTF-8: {e}")))
    }

    /// The rows of a tab-separated file, skipping blank lines and `#` comments.
    pub fn tsv(&self, rel: &str) -> Result<Vec<TsvRow>> {
        let text = self.read(rel)?;
        Ok(parse_tsv(&text))
    }

    /// The non-empty, non-comment lines of a word list, trimmed.
    pub fn lines(&self, rel: &str) -> Result<Vec<String>> {
        Ok(self
            .read(rel)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect())
    }
}

/// The relative paths of every file compiled into the binary (the built-in copy of `data/`).
pub fn embedded_files() -> impl Iterator<Item = &'static str> {
    embedded::names()
}

/// Parse tab-separated text: blank lines and lines starting with `#` are skipped.
pub fn parse_tsv(text: &str) -> Vec<TsvRow> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| TsvRow {
            line: i + 1,
            fields: l.split('\t').map(|f| f.trim().to_string()).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_skips_comments_and_keeps_line_numbers() {
        let rows =
            parse_tsv("# header\n\nJPN\tJapan|Nippon\n  # indented comment\nKOR\tSouth Korea\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].list(1), vec!["Japan", "Nippon"]);
        assert_eq!(rows[1].get(5), "");
    }
}
