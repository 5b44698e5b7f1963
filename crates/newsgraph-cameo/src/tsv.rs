//! Reading the converted files: tab-separated rows, `#` comment lines, `-` for an empty cell,
//! `|` between the items of a list cell. Every error names the file and line.

use crate::Error;

/// One input file: a name for error messages and its text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Shown in errors, e.g. `data/cameo/verbs.tsv`.
    pub name: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

impl<'a> Source<'a> {
    /// A named text.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source { name, text }
    }
}

/// A data row with its position, for error messages.
pub(crate) struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    pub cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The cell, or `None` for `-`.
    pub fn opt(&self, i: usize) -> Option<&'a str> {
        match self.cells[i] {
            "-" | "" => None,
            s => Some(s),
        }
    }

    /// The cell's `|`-separated items (none for `-`).
    pub fn list(&self, i: usize) -> Vec<&'a str> {
        self.opt(i)
            .map(|s| s.split('|').filter(|x| !x.is_empty()).collect())
            .unwrap_or_default()
    }

    /// An error at this row.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::Parse {
            file: self.file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// The data rows of `src`, each checked to have exactly `columns` cells.
pub(crate) fn rows<'a>(src: Source<'a>, columns: usize) -> Result<Vec<Row<'a>>, Error> {
    let mut out = Vec::new();
    for (i, line) in src.text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let row = Row {
            file: src.name,
            line: i + 1,
            cells,
        };
        if row.cells.len() != columns {
            return Err(row.error(format!(
                "expected {columns} tab-separated columns, found {}",
                row.cells.len()
            )));
        }
        out.push(row);
    }
    Ok(out)
}
