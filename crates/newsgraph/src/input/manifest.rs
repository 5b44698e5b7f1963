//! A CSV manifest that lists input files with their metadata.
//!
//! The header names the columns: `path,published,source,url,title`, in any order. Only `path`
//! is required; a missing column or an empty cell means "no opinion", and the file's own
//! metadata (or the command-line default) is used instead. Relative paths are resolved by the
//! caller against the manifest's directory ([`super::Inputs::push_manifest`]).
//!
//! Each row is parsed on its own: a row with an empty path or a bad date becomes an error naming
//! the manifest and the row's line, and the other rows still count.

use crate::document::Meta;
use crate::error::{Error, Result};
use std::path::PathBuf;

/// One row of a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line of the row in the manifest.
    pub line: usize,
    /// The file, as written (relative to the manifest's directory unless absolute).
    pub path: PathBuf,
    /// The metadata the row gives (`path` and `warnings` unused).
    pub meta: Meta,
}

/// Parse a manifest. Fails as a whole only when it has no header or no `path` column; each
/// row is then `Ok` or an error naming `name` and the row's line.
pub fn parse(bytes: &[u8], name: &str) -> Result<Vec<Result<Row>>> {
    let bytes = bytes.strip_prefix(super::text::UTF8_BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let fail = |line: Option<usize>, message: String| Error::Input {
        path: name.to_string(),
        line,
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| fail(Some(1), format!("bad header: {e}")))?
        .clone();
    let column = |want: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
    };
    let path_col = column("path").ok_or_else(|| {
        fail(
            Some(1),
            "no `path` column (expected header `path,published,source,url,title`)".into(),
        )
    })?;
    let (published, source, url, title) = (
        column("published"),
        column("source"),
        column("url"),
        column("title"),
    );
    let mut rows = Vec::new();
    let mut lines = LineCounter {
        bytes,
        at: 0,
        line: 1,
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| lines.line_at(p.byte() as usize));
                rows.push(Err(fail(line, format!("bad CSV: {e}"))));
                // A CSV error other than a bad row (I/O, UTF-8) may repeat forever; stop there.
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
                continue;
            }
        };
        // csv's own line count skips blank lines; count newlines up to the row's byte offset.
        let line = record
            .position()
            .map(|p| {
                // The position may point at blank lines the reader skipped before the row.
                let start = p.byte() as usize;
                let skipped = bytes
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .count();
                lines.line_at(start + skipped)
            })
            .unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(path) = cell(Some(path_col)) else {
            rows.push(Err(fail(Some(line), "empty `path`".into())));
            continue;
        };
        let published = match cell(published).map(|d| super::parse_date(&d)).transpose() {
            Ok(d) => d,
            Err(e) => {
                rows.push(Err(fail(Some(line), format!("column `published`: {e}"))));
                continue;
            }
        };
        rows.push(Ok(Row {
            line,
            path: PathBuf::from(path),
            meta: Meta {
                published,
                source: cell(source),
                url: cell(url),
                title: cell(title),
                ..Meta::default()
            },
        }));
    }
    Ok(rows)
}

/// Line numbers for increasing byte offsets, in one pass over the bytes.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The 1-based line of byte `offset`; offsets must not decrease between calls.
    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset > self.at {
            self.line += self.bytes[self.at..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.at = offset;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_reads_rows_and_empty_cells() {
        let csv = "path,published,source,url,title\n\
                   a.txt,2024-03-05,Daily,,\"Talks, again\"\n\
                   \n\
                   b.html,,,https://x.test/b,\n";
        let rows = parse(csv.as_bytes(), "m.csv").unwrap();
        assert_eq!(rows.len(), 2);
        let a = rows[0].as_ref().unwrap();
        assert_eq!(a.line, 2);
        assert_eq!(a.path, PathBuf::from("a.txt"));
        assert_eq!(a.meta.published, Some(jiff::civil::date(2024, 3, 5)));
        assert_eq!(a.meta.title.as_deref(), Some("Talks, again"));
        assert_eq!(a.meta.url, None);
        let b = rows[1].as_ref().unwrap();
        assert_eq!(b.line, 4);
        assert_eq!(b.meta.source, None);
        assert_eq!(b.meta.url.as_deref(), Some("https://x.test/b"));
    }

    #[test]
    fn parse_columns_in_any_order_and_missing() {
        let rows = parse(b"title,path\nHello,x.txt\n", "m.csv").unwrap();
        let r = rows[0].as_ref().unwrap();
        assert_eq!(r.meta.title.as_deref(), Some("Hello"));
        assert_eq!(r.path, PathBuf::from("x.txt"));
    }

    #[test]
    fn parse_bad_rows_name_their_line() {
        let csv = "path,published\n,2024-01-01\nok.txt,2024-13-01\nfine.txt,\n";
        let rows = parse(csv.as_bytes(), "m.csv").unwrap();
        let e0 = rows[0].as_ref().unwrap_err().to_string();
        assert_eq!(e0, "m.csv:2: empty `path`");
        let e1 = rows[1].as_ref().unwrap_err().to_string();
        assert!(
            e1.starts_with("m.csv:3: column `published`: invalid date"),
            "{e1}"
        );
        assert!(rows[2].is_ok());
    }

    #[test]
    fn parse_requires_path_column() {
        let e = parse(b"file,title\nx,y\n", "m.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `path` column"), "{e}");
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse(&bytes, "m.csv");
        }

        #[test]
        fn parse_never_panics_on_csvish(s in "path,published,title\n([a-z.\",]{0,10}(,[0-9\\-]{0,12})?\n){0,5}") {
            let _ = parse(s.as_bytes(), "m.csv");
        }
    }
}
