//! Reading inputs (plain text, HTML, JSON Lines, CSV manifests, directories, standard input)
//! into [`Document`]s.
//!
//! The work is split in two so that a caller can read sequentially and parse in parallel:
//!
//! 1. [`Inputs`] is an iterator that does the I/O only. It walks the paths it was given
//!    (directories recursively, in sorted path order, following symbolic links, hidden files and
//!    directories skipped unless named explicitly; `-` is standard
//!    input), expands manifests, and splits JSON Lines files into lines. Each item is a
//!    [`Record`] holding raw bytes plus where they came from, or an [`Error::Input`]/[`Error::Io`]
//!    naming the path (and line) that could not be read.
//! 2. [`Record::parse`] is pure CPU: it decodes the bytes ([`text`]), extracts an article from
//!    HTML ([`html`]) or a JSON object ([`jsonl`]), fills the metadata and builds the
//!    [`Document`]. It does no I/O, so records can be parsed on many threads.
//!
//! The format is chosen by extension: `.html`/`.htm` is HTML, `.jsonl` is JSON Lines, anything
//! else is plain text (binary files are refused by [`text::decode`]). Standard input is text.
//!
//! **Metadata precedence**: a manifest cell wins over metadata found inside the file (HTML meta
//! tags, JSON fields), which wins over the command-line [`Defaults`] (`--published`,
//! `--source`). An empty manifest cell means "no opinion".
//!
//! **Offsets**: for plain text the document text is the file's text unchanged (a UTF-8 byte-order
//! mark is dropped), so `text[start..end]` is the file's bytes `start..end` for a UTF-8 file
//! without a BOM. Text decoded from Windows-1252 or UTF-16 is re-encoded as UTF-8 and offsets
//! index that UTF-8 text, not the file. HTML text is extracted, so its offsets index the
//! extracted text only (no map back to the markup is kept).

pub mod headline;
pub mod html;
pub mod jsonl;
pub mod manifest;
pub mod text;

use crate::data::DataDir;
use crate::document::{Document, Meta};
use crate::error::{Error, Result};
use jiff::civil::Date;
use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Read plain text as a document, with no decoding or checks: the text is taken as given.
pub fn from_text(text: String, meta: Meta) -> Document {
    Document::new(text, meta)
}

/// Metadata applied where neither a manifest nor the input itself gives any
/// (`--published`, `--source` on the command line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    /// Publication date for inputs that state none.
    pub published: Option<Date>,
    /// Outlet for inputs that name none.
    pub source: Option<String>,
}

/// The largest input read as one article: 16 MiB. A news article is a few kilobytes and a
/// heavy HTML page a few megabytes; anything larger is a dump or a mistake, and refusing it with
/// a clear error keeps one bad file from holding up a batch (the pipeline's cost grows with a
/// document's length).
pub const MAX_INPUT_BYTES: usize = 16 << 20;

fn too_large(len: usize) -> String {
    format!(
        "{:.1} MiB is over the {} MiB limit for one article",
        len as f64 / f64::from(1u32 << 20),
        MAX_INPUT_BYTES >> 20
    )
}

/// How an input's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The whole input is the article's text.
    Text,
    /// An HTML page from which the article is extracted.
    Html,
    /// One JSON object per line, one article per object.
    Jsonl,
    /// A web archive (`.warc`, `.warc.gz`) of crawled pages. [`Inputs`] does not read it (an
    /// archive may be gigabytes): its record has no bytes, and the caller streams the file with
    /// a WARC reader (the CLI uses `newsgraph-fetch`). [`Record::parse`] refuses it.
    Warc,
}

impl Format {
    /// The format of a file, from its extension (case-insensitive); unknown extensions are text.
    pub fn from_path(path: &Path) -> Format {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            return Format::Warc;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("jsonl" | "ndjson") => Format::Jsonl,
            _ => Format::Text,
        }
    }
}

/// The data files input reading needs (boilerplate cues for HTML), loaded once.
#[derive(Debug, Clone)]
pub struct InputData {
    /// Cues for dropping boilerplate from HTML pages.
    pub boilerplate: html::Boilerplate,
    /// List markers, for telling a wrapped headline from a paragraph (`.txt` titles).
    pub reflow: crate::stages::segment::reflow::ReflowData,
}

impl InputData {
    /// Load from a data directory (`input/boilerplate.txt`).
    pub fn load(data: &DataDir) -> Result<InputData> {
        Ok(InputData {
            boilerplate: html::Boilerplate::load(data)?,
            reflow: crate::stages::segment::reflow::ReflowData::load(data)?,
        })
    }

    /// Load the copy compiled into the binary (or the repository's `data/`), for tools and
    /// tests that have no data directory of their own.
    pub fn builtin() -> Result<InputData> {
        InputData::load(&DataDir::new(None))
    }
}

/// Raw input read from disk or standard input, not yet decoded: one file, or one line of a
/// JSON Lines file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where it came from, for `meta.path` and messages (`-` for standard input).
    pub origin: String,
    /// 1-based line number for a JSON Lines record.
    pub line: Option<usize>,
    /// How to read the bytes.
    pub format: Format,
    /// The raw bytes (for JSON Lines, the line without its line break).
    pub bytes: Vec<u8>,
    /// Metadata from a manifest row; its fields win over anything else.
    pub overrides: Meta,
}

impl Record {
    /// Decode and parse the record into a document. Pure: no I/O.
    pub fn parse(&self, data: &InputData, defaults: &Defaults) -> Result<Document> {
        if self.bytes.len() > MAX_INPUT_BYTES {
            return Err(Error::Input {
                path: self.origin.clone(),
                line: self.line,
                message: too_large(self.bytes.len()),
            });
        }
        let err = |message: String| Error::Input {
            path: self.origin.clone(),
            line: self.line,
            message,
        };
        let (text, mut meta) = match self.format {
            Format::Text => {
                let decoded = text::decode(&self.bytes).map_err(|p| err(p.to_string()))?;
                let mut meta = Meta::default();
                meta.warnings.extend(decoded.warning);
                meta.title = headline::detect(&decoded.text, &data.reflow);
                (decoded.text, meta)
            }
            Format::Html => html_article(&self.bytes, None, data).map_err(err)?,
            Format::Warc => {
                return Err(err(
                    "a web archive is read record by record, not as one article".into(),
                ))
            }
            Format::Jsonl => {
                let line = std::str::from_utf8(&self.bytes)
                    .map_err(|e| err(format!("not valid UTF-8: {e}")))?;
                let article = jsonl::parse_line(line)
                    .map_err(err)?
                    .ok_or_else(|| err("blank line".into()))?;
                let meta = Meta {
                    title: article.title,
                    source: article.source,
                    url: article.url,
                    published: article.published,
                    ..Meta::default()
                };
                (article.text, meta)
            }
        };
        meta.path = Some(match self.line {
            Some(line) => format!("{}:{line}", self.origin),
            None => self.origin.clone(),
        });
        apply_precedence(&mut meta, &self.overrides, defaults);
        Ok(Document::new(text, meta))
    }
}

/// Read a fetched or archived HTML page into a document: the bytes are decoded as for an `.html`
/// file, except that `charset` (from the HTTP `Content-Type`) is tried before the page's own
/// `<meta charset>` when the bytes are not UTF-8; the article and its metadata are extracted as
/// from a file. `label` (the URL, or an archive and offset) names the page in errors and
/// becomes `meta.path`. No defaults are applied: the caller fills what the page lacks.
pub fn read_html(
    bytes: &[u8],
    label: &str,
    charset: Option<&str>,
    data: &InputData,
) -> Result<Document> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::input(label, too_large(bytes.len())));
    }
    let (text, mut meta) =
        html_article(bytes, charset, data).map_err(|m| Error::input(label, m))?;
    meta.path = Some(label.to_string());
    Ok(Document::new(text, meta))
}

/// Decode an HTML page and extract its article text and metadata.
fn html_article(
    bytes: &[u8],
    charset: Option<&str>,
    data: &InputData,
) -> std::result::Result<(String, Meta), String> {
    let decoded = text::decode_html_as(bytes, charset).map_err(|p| p.to_string())?;
    let page = html::parse_with(&decoded.text, &data.boilerplate);
    let mut meta = page.meta;
    meta.warnings.extend(decoded.warning);
    if page.text.trim().is_empty() {
        return Err("no article text found in HTML".into());
    }
    Ok((page.text, meta))
}

/// Overlay manifest values onto the file's own metadata, then fill gaps from the defaults.
fn apply_precedence(meta: &mut Meta, overrides: &Meta, defaults: &Defaults) {
    fn over<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    over(&mut meta.title, &overrides.title);
    over(&mut meta.source, &overrides.source);
    over(&mut meta.url, &overrides.url);
    over(&mut meta.published, &overrides.published);
    if meta.published.is_none() {
        meta.published = defaults.published;
    }
    if meta.source.is_none() {
        meta.source.clone_from(&defaults.source);
    }
}

/// Parse a publication date: `YYYY-MM-DD`, or an RFC 3339 timestamp (or a date-time without
/// offset) whose date part is taken as written, without converting time zones.
pub fn parse_date(s: &str) -> std::result::Result<Date, String> {
    let s = s.trim();
    let bad = || format!("invalid date `{s}`: expected YYYY-MM-DD or an RFC 3339 timestamp");
    let head = s.get(..10).ok_or_else(bad)?;
    if s.len() > 10 {
        let sep = s.as_bytes()[10];
        if !matches!(sep, b'T' | b't' | b' ') {
            return Err(bad());
        }
        let full_ok =
            s.parse::<jiff::Timestamp>().is_ok() || s.parse::<jiff::civil::DateTime>().is_ok();
        if !full_ok {
            return Err(bad());
        }
    }
    if !head.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    }) {
        return Err(bad());
    }
    head.parse::<Date>().map_err(|_| bad())
}

/// What is still to be read, in order.
#[derive(Debug)]
enum Pending {
    /// A path given by the caller: a file, a directory or `-`.
    Path(String, Meta),
    /// An error found while expanding (a bad manifest row), reported in its place.
    Error(Error),
}

/// An open JSON Lines file being split into records.
struct JsonlFile {
    origin: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    overrides: Meta,
    any: bool,
}

/// The inputs to read, as an iterator of [`Record`]s in input order; I/O happens here and
/// nowhere else. Errors name the path (and line) and never stop the iteration.
///
/// ```
/// use newsgraph::input::{Inputs, InputData, Defaults};
/// let dir = std::env::temp_dir().join(format!("ng-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("a.txt"), "Seoul said so.").unwrap();
/// let mut inputs = Inputs::new();
/// inputs.push_path(dir.to_str().unwrap());
/// let data = InputData::builtin().unwrap();
/// let docs: Vec<_> = inputs.map(|r| r.and_then(|r| r.parse(&data, &Defaults::default()))).collect();
/// assert_eq!(docs[0].as_ref().unwrap().text, "Seoul said so.");
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub struct Inputs {
    pending: VecDeque<Pending>,
    walk: Option<(Walk, Meta)>,
    jsonl: Option<JsonlFile>,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs::new()
    }
}

impl Inputs {
    /// Nothing to read yet.
    pub fn new() -> Inputs {
        Inputs {
            pending: VecDeque::new(),
            walk: None,
            jsonl: None,
        }
    }

    /// Queue a file, a directory (read recursively) or `-` (standard input).
    pub fn push_path(&mut self, path: &str) {
        self.pending
            .push_back(Pending::Path(path.to_string(), Meta::default()));
    }

    /// Queue every row of a manifest; a row with bad cells or a missing file becomes an error
    /// item in its place. Fails only when the manifest itself cannot be read or has no `path`
    /// column.
    pub fn push_manifest(&mut self, manifest: &Path) -> Result<()> {
        let bytes = std::fs::read(manifest).map_err(|source| Error::Io {
            path: manifest.to_path_buf(),
            source,
        })?;
        let base = manifest.parent().unwrap_or(Path::new(""));
        for row in manifest::parse(&bytes, &manifest.display().to_string())? {
            let item = row.and_then(|row| {
                let path = base.join(&row.path);
                if path.exists() {
                    Ok(Pending::Path(path.display().to_string(), row.meta))
                } else {
                    Err(Error::Input {
                        path: manifest.display().to_string(),
                        line: Some(row.line),
                        message: format!("no such file: {}", path.display()),
                    })
                }
            });
            self.pending.push_back(item.unwrap_or_else(Pending::Error));
        }
        Ok(())
    }

    /// The next file a directory walk yields, skipping hidden entries and directories.
    fn next_walked(&mut self) -> Option<Result<(PathBuf, Meta)>> {
        let (walk, meta) = self.walk.as_mut()?;
        for entry in walk.by_ref() {
            match entry {
                Ok(e) if e.file_type().is_dir() => continue,
                Ok(e) => return Some(Ok((e.into_path(), meta.clone()))),
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    let message = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    return Some(Err(Error::input(path, message)));
                }
            }
        }
        self.walk = None;
        None
    }

    /// The next line record of the open JSON Lines file, if one is open.
    fn next_jsonl(&mut self) -> Option<Result<Record>> {
        let file = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            file.line += 1;
            match file.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    let file = self.jsonl.take()?;
                    if !file.any {
                        return Some(Err(Error::input(file.origin, "empty file")));
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    let file = self.jsonl.take()?;
                    return Some(Err(Error::Input {
                        path: file.origin,
                        line: Some(file.line),
                        message: e.to_string(),
                    }));
                }
            }
            let mut bytes: &[u8] = &buf;
            if file.line == 1 {
                bytes = bytes.strip_prefix(text::UTF8_BOM).unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            while let Some((last, rest)) = bytes.split_last() {
                if matches!(last, b'\n' | b'\r') {
                    bytes = rest;
                } else {
                    break;
                }
            }
            file.any = true;
            return Some(Ok(Record {
                origin: file.origin.clone(),
                line: Some(file.line),
                format: Format::Jsonl,
                bytes: bytes.to_vec(),
                overrides: file.overrides.clone(),
            }));
        }
    }

    /// Read one file (not a directory) into a record, or open it as JSON Lines.
    fn open_file(&mut self, path: &Path, overrides: Meta) -> Option<Result<Record>> {
        let origin = path.display().to_string();
        let format = Format::from_path(path);
        if format == Format::Jsonl {
            let file = match std::fs::File::open(path) {
                Ok(f) => f,
                Err(source) => {
                    return Some(Err(Error::Io {
                        path: path.to_path_buf(),
                        source,
                    }))
                }
            };
            let mut reader = std::io::BufReader::new(file);
            // Refuse binary files before splitting them into thousands of bad lines.
            match reader.fill_buf() {
                Ok(head) if text::looks_binary(head) => {
                    return Some(Err(Error::input(origin, "binary file")))
                }
                Ok(_) => {}
                Err(source) => {
                    return Some(Err(Error::Io {
                        path: path.to_path_buf(),
                        source,
                    }))
                }
            }
            self.jsonl = Some(JsonlFile {
                origin,
                reader: Box::new(reader),
                line: 0,
                overrides,
                any: false,
            });
            return self.next_jsonl();
        }
        if format == Format::Warc {
            // Streamed by the caller; see `Format::Warc`.
            return Some(Ok(Record {
                origin,
                line: None,
                format,
                bytes: Vec::new(),
                overrides,
            }));
        }
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > MAX_INPUT_BYTES as u64 {
                return Some(Err(Error::input(origin, too_large(meta.len() as usize))));
            }
        }
        Some(match std::fs::read(path) {
            Ok(bytes) => Ok(Record {
                origin,
                line: None,
                format,
                bytes,
                overrides,
            }),
            Err(source) => Err(Error::Io {
                path: path.to_path_buf(),
                source,
            }),
        })
    }
}

/// True for names that start with a dot (`.git`, `.DS_Store`), which directory walks skip.
fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'))
}

impl Iterator for Inputs {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        loop {
            if self.jsonl.is_some() {
                if let Some(item) = self.next_jsonl() {
                    return Some(item);
                }
                continue;
            }
            if self.walk.is_some() {
                match self.next_walked() {
                    Some(Ok((path, meta))) => match self.open_file(&path, meta) {
                        Some(item) => return Some(item),
                        None => continue,
                    },
                    Some(Err(e)) => return Some(Err(e)),
                    None => continue,
                }
            }
            let (path, meta) = match self.pending.pop_front()? {
                Pending::Error(e) => return Some(Err(e)),
                Pending::Path(path, meta) => (path, meta),
            };
            if path == "-" {
                let mut bytes = Vec::new();
                return Some(match std::io::stdin().lock().read_to_end(&mut bytes) {
                    Ok(_) => Ok(Record {
                        origin: "-".into(),
                        line: None,
                        format: Format::Text,
                        bytes,
                        overrides: meta,
                    }),
                    Err(e) => Err(Error::input("-", e.to_string())),
                });
            }
            let p = Path::new(&path);
            if p.is_dir() {
                let keep: fn(&walkdir::DirEntry) -> bool = |e| !is_hidden(e);
                let walk = walkdir::WalkDir::new(p)
                    .sort_by_file_name()
                    .follow_links(true)
                    .into_iter()
                    .filter_entry(keep);
                self.walk = Some((walk, meta));
                continue;
            }
            match self.open_file(p, meta) {
                Some(item) => return Some(item),
                None => continue,
            }
        }
    }
}

/// The directory walk `Inputs` keeps: sorted, hidden entries filtered out.
type Walk = walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>;

/// Read every document in one file (all lines of a JSON Lines file), for callers that do not
/// need to parallelise. Errors are per document, in order.
pub fn read_path(path: &str, data: &InputData, defaults: &Defaults) -> Vec<Result<Document>> {
    let mut inputs = Inputs::new();
    inputs.push_path(path);
    inputs
        .map(|r| r.and_then(|r| r.parse(data, defaults)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn data() -> InputData {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        InputData::load(&DataDir::new(Some(dir))).unwrap()
    }

    /// Every item of the inputs, parsed: `Ok(doc)` or the error's message.
    fn read_all(inputs: Inputs, defaults: &Defaults) -> Vec<Result<Document, String>> {
        let data = data();
        inputs
            .map(|r| {
                r.and_then(|r| r.parse(&data, defaults))
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    fn path_str(p: &Path) -> String {
        p.display().to_string()
    }

    #[test]
    fn parse_date_accepts_dates_and_timestamps() {
        let d = jiff::civil::date(2024, 3, 5);
        assert_eq!(parse_date("2024-03-05"), Ok(d));
        assert_eq!(parse_date(" 2024-03-05 "), Ok(d));
        assert_eq!(parse_date("2024-03-05T23:30:00-05:00"), Ok(d));
        assert_eq!(parse_date("2024-03-05T04:30:00Z"), Ok(d));
        assert_eq!(parse_date("2024-03-05 10:00:00"), Ok(d));
        for bad in [
            "2024-3-5",
            "2024-02-30",
            "05/03/2024",
            "2024-03-05Tgarbage",
            "",
            "yesterday",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("expected YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path(Path::new("a/B.HTML")), Format::Html);
        assert_eq!(Format::from_path(Path::new("a.htm")), Format::Html);
        assert_eq!(Format::from_path(Path::new("a.jsonl")), Format::Jsonl);
        assert_eq!(Format::from_path(Path::new("a.txt")), Format::Text);
        assert_eq!(Format::from_path(Path::new("README")), Format::Text);
        assert_eq!(Format::from_path(Path::new("c/CRAWL.warc")), Format::Warc);
        assert_eq!(Format::from_path(Path::new("crawl.warc.gz")), Format::Warc);
        assert_eq!(Format::from_path(Path::new("notes.gz")), Format::Text);
    }

    #[test]
    fn inputs_directory_sorted_hidden_skipped_bad_files_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(".git/x.txt"), "hidden dir").unwrap();
        fs::write(root.join(".hidden.txt"), "hidden file").unwrap();
        fs::write(root.join("b.txt"), "Second story.").unwrap();
        fs::write(root.join("a.txt"), "First story.").unwrap();
        fs::write(root.join("sub/c.txt"), "Third story.").unwrap();
        fs::write(root.join("empty.txt"), "  \n ").unwrap();
        fs::write(
            root.join("image.png"),
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        )
        .unwrap();
        let mut inputs = Inputs::new();
        inputs.push_path(&path_str(root));
        let out = read_all(inputs, &Defaults::default());
        let shown: Vec<String> = out
            .iter()
            .map(|r| match r {
                Ok(d) => d.text.clone(),
                Err(e) => e.replace(&path_str(root), "ROOT"),
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                "First story.",
                "Second story.",
                "ROOT/empty.txt: empty file",
                "ROOT/image.png: binary file",
                "Third story.",
            ]
        );
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.meta.path, Some(path_str(&root.join("a.txt"))));
        assert_eq!(first.id, Document::id_for_text("First story."));
    }

    #[test]
    fn inputs_warc_files_are_named_not_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.warc.gz"), b"\x1f\x8b\x08not really").unwrap();
        fs::write(dir.path().join("b.txt"), "Seoul said so.").unwrap();
        let mut inputs = Inputs::new();
        inputs.push_path(&path_str(dir.path()));
        let records: Vec<Record> = inputs.map(Result::unwrap).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].format, Format::Warc);
        assert!(records[0].bytes.is_empty());
        assert!(records[0].origin.ends_with("a.warc.gz"));
        let err = records[0].parse(&data(), &Defaults::default()).unwrap_err();
        assert!(err.to_string().contains("web archive"), "{err}");
        assert_eq!(records[1].format, Format::Text);
    }

    #[test]
    fn read_html_tries_the_declared_charset_first() {
        // "Zürich" in ISO-8859-1 is not UTF-8; the server's charset says how to read it, and
        // no Windows-1252 warning is needed then.
        let page = b"<html><body><article><p>Officials in Z\xfcrich said the talks would resume on Monday.</p></article></body></html>";
        let doc = read_html(page, "http://example.test/a", Some("ISO-8859-1"), &data()).unwrap();
        assert!(doc.text.contains("Zürich"), "{}", doc.text);
        assert_eq!(doc.meta.path.as_deref(), Some("http://example.test/a"));
        let empty = read_html(b"<html><body></body></html>", "u", None, &data()).unwrap_err();
        assert!(empty.to_string().starts_with("u: "), "{empty}");
    }

    #[test]
    fn inputs_text_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("story.txt");
        let text = "SEOUL, South Korea — “Yes,” Moon said.\r\n\r\nSecond paragraph.\n";
        fs::write(&p, text).unwrap();
        let mut inputs = Inputs::new();
        inputs.push_path(&path_str(&p));
        let docs = read_all(inputs, &Defaults::default());
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text, text);
        let start = text.find("Moon").unwrap();
        assert_eq!(&fs::read(&p).unwrap()[start..start + 4], b"Moon");
    }

    #[test]
    fn inputs_windows_1252_file_warns() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("legacy.txt");
        fs::write(&p, b"M\xFCller said \x93no\x94.").unwrap();
        let mut inputs = Inputs::new();
        inputs.push_path(&path_str(&p));
        let docs = read_all(inputs, &Defaults::default());
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text, "Müller said “no”.");
        assert_eq!(doc.meta.warnings.len(), 1);
        assert!(doc.meta.warnings[0].contains("windows-1252"));
    }

    #[test]
    fn inputs_jsonl_bad_lines_do_not_stop_good_ones() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("feed.jsonl");
        fs::write(
            &p,
            "{\"text\":\"One.\",\"source\":\"Wire\",\"published\":\"2024-01-02\"}\n\
             \n\
             not json\n\
             [1]\r\n\
             {\"title\":\"no text\"}\n\
             {\"text\":7}\n\
             {\"text\":\"Two.\"}\n",
        )
        .unwrap();
        let mut inputs = Inputs::new();
        inputs.push_path(&path_str(&p));
        let defaults = Defaults {
            published: Some(jiff::civil::date(2000, 1, 1)),
            source: Some("Default".into()),
        };
        let out = read_all(inputs, &defaults);
        let name = path_str(&p);
        assert_eq!(out.len(), 6);
        let one = out[0].as_ref().unwrap();
        assert_eq!(one.meta.path, Some(format!("{name}:1")));
        assert_eq!(one.meta.source.as_deref(), Some("Wire"));
        assert_eq!(one.meta.published, Some(jiff::civil::date(2024, 1, 2)));
        assert!(out[1]
            .as_ref()
            .unwrap_err()
            .starts_with(&format!("{name}:3: not JSON")));
        assert!(out[2]
            .as_ref()
            .unwrap_err()
            .starts_with(&format!("{name}:4: expected a JSON object")));
        assert!(out[3]
            .as_ref()
            .unwrap_err()
            .contains(":5: missing field `text`"));
        assert!(out[4]
            .as_ref()
            .unwrap_err()
            .contains(":6: field `text` must be a string"));
        let two = out[5].as_ref().unwrap();
        assert_eq!(two.text, "Two.");
        assert_eq!(two.meta.path, Some(format!("{name}:7")));
        assert_eq!(two.meta.source.as_deref(), Some("Default"));
        assert_eq!(two.meta.published, Some(jiff::civil::date(2000, 1, 1)));
    }

    #[test]
    fn inputs_empty_and_binary_jsonl_are_one_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.jsonl"), "\n \n").unwrap();
        fs::write(dir.path().join("b.jsonl"), b"\x00\x01\x02{}\n{}\n").unwrap();
        let mut inputs = Inputs::new();
        inputs.push_path(&path_str(dir.path()));
        let out = read_all(inputs, &Defaults::default());
        assert_eq!(out.len(), 2);
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .ends_with("a.jsonl: empty file"));
        assert!(out[1]
            .as_ref()
            .unwrap_err()
            .ends_with("b.jsonl: binary file"));
    }

    #[test]
    fn inputs_missing_path_is_an_io_error() {
        let mut inputs = Inputs::new();
        inputs.push_path("/no/such/newsgraph/file.txt");
        let out = read_all(inputs, &Defaults::default());
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .starts_with("/no/such/newsgraph/file.txt: "));
    }

    #[test]
    fn inputs_manifest_precedence_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("pages")).unwrap();
        fs::write(
            root.join("pages/story.html"),
            "<html><head><meta property='og:title' content='Page title'>\
             <meta property='og:site_name' content='Page Site'>\
             <meta property='article:published_time' content='2023-05-01'></head>\
             <body><article><p>Story body.</p></article></body></html>",
        )
        .unwrap();
        fs::write(root.join("plain.txt"), "Plain body.").unwrap();
        fs::write(
            root.join("manifest.csv"),
            "path,published,source,url,title\n\
             pages/story.html,,Manifest Source,,\n\
             missing.txt,,,,\n\
             plain.txt,2022-02-02,,https://m.example/p,Manifest title\n",
        )
        .unwrap();
        let mut inputs = Inputs::new();
        inputs.push_manifest(&root.join("manifest.csv")).unwrap();
        let defaults = Defaults {
            published: Some(jiff::civil::date(2000, 1, 1)),
            source: Some("CLI".into()),
        };
        let out = read_all(inputs, &defaults);
        assert_eq!(out.len(), 3);
        let story = out[0].as_ref().unwrap();
        assert_eq!(story.text, "Story body.");
        // Manifest beats the page; the page beats the command line.
        assert_eq!(story.meta.source.as_deref(), Some("Manifest Source"));
        assert_eq!(story.meta.title.as_deref(), Some("Page title"));
        assert_eq!(story.meta.published, Some(jiff::civil::date(2023, 5, 1)));
        let missing = out[1].as_ref().unwrap_err();
        let manifest = path_str(&root.join("manifest.csv"));
        assert!(
            missing.starts_with(&format!("{manifest}:3: no such file")),
            "{missing}"
        );
        let plain = out[2].as_ref().unwrap();
        assert_eq!(plain.meta.title.as_deref(), Some("Manifest title"));
        assert_eq!(plain.meta.url.as_deref(), Some("https://m.example/p"));
        assert_eq!(plain.meta.published, Some(jiff::civil::date(2022, 2, 2)));
        assert_eq!(plain.meta.source.as_deref(), Some("CLI"));
    }

    #[test]
    fn inputs_manifest_unreadable_is_fatal() {
        let mut inputs = Inputs::new();
        assert!(inputs
            .push_manifest(Path::new("/no/such/manifest.csv"))
            .is_err());
    }

    #[test]
    fn record_html_without_text_is_an_error() {
        let rec = Record {
            origin: "x.html".into(),
            line: None,
            format: Format::Html,
            bytes: b"<html><body><nav>Home</nav></body></html>".to_vec(),
            overrides: Meta::default(),
        };
        let e = rec.parse(&data(), &Defaults::default()).unwrap_err();
        assert_eq!(e.to_string(), "x.html: no article text found in HTML");
    }
}
