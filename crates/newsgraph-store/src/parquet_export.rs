//! Parquet export: the graph as four tables of flat columns, for DuckDB, Spark and pandas.
//!
//! `Store::export_parquet(dir)` writes, Hive-style (`month=YYYY-MM` directories, read by
//! `read_parquet('dir/events/**/*.parquet', hive_partitioning = true)` in DuckDB,
//! `spark.read.parquet("dir/events")` and `pandas.read_parquet("dir/events")`):
//!
//! | table | one row per | partitioned by the month of |
//! |---|---|---|
//! | `events/month=…/part-0.parquet` | global event | its date, else its first report's publication date |
//! | `mentions/month=…/part-0.parquet` | mention of an entity in a document | the document's publication date |
//! | `quotes/month=…/part-0.parquet` | quotation | the document's publication date |
//! | `entities/part-0.parquet` | global entity | (not partitioned: an entity has no date) |
//!
//! Facts with no date go to `month=unknown`. Dates are Parquet `DATE`s, ids the strings the CLI
//! prints (`g12`, `ev7`, document hashes); an event's actors and recipients are `;`-separated
//! lists of ids (`actors`) with the names in the same order (`actor_names`). The files are
//! written with the low-level column writer (no arrow in the build) and Snappy compression.

use crate::query::gid_label;
use crate::{Error, Result, Store};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The physical kind of a column.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Int,
    Real,
    Bool,
    /// `YYYY-MM-DD`, written as a Parquet `DATE` (days since 1970-01-01).
    Date,
}

/// One cell; `None` is a null (every column but `Bool` may be nullable).
#[derive(Clone)]
enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(bool),
}

/// A table's columns: name, kind, and whether it may be null.
type Columns = &'static [(&'static str, Kind, bool)];

const EVENTS: Columns = &[
    ("id", Kind::Text, false),
    ("type", Kind::Text, false),
    ("mode", Kind::Text, true),
    ("cameo", Kind::Text, false),
    ("score", Kind::Real, false),
    ("negated", Kind::Bool, false),
    ("date", Kind::Date, true),
    ("date_lo", Kind::Date, true),
    ("date_hi", Kind::Date, true),
    ("actors", Kind::Text, false),
    ("actor_names", Kind::Text, false),
    ("recipients", Kind::Text, false),
    ("recipient_names", Kind::Text, false),
    ("mentions", Kind::Int, false),
    ("sources", Kind::Int, false),
    ("first_published", Kind::Date, true),
    ("place", Kind::Text, true),
    ("place_country", Kind::Text, true),
    ("lat", Kind::Real, true),
    ("lon", Kind::Real, true),
    ("precision", Kind::Text, true),
    ("amounts", Kind::Text, true),
    ("tone", Kind::Real, true),
];

const ENTITIES: Columns = &[
    ("id", Kind::Text, false),
    ("type", Kind::Text, false),
    ("name", Kind::Text, false),
    ("code", Kind::Text, true),
    ("mentions", Kind::Int, false),
    ("outlets", Kind::Int, false),
];

const MENTIONS: Columns = &[
    ("document", Kind::Text, false),
    ("published", Kind::Date, true),
    ("outlet", Kind::Text, true),
    ("ix", Kind::Int, false),
    ("entity", Kind::Text, true),
    ("entity_type", Kind::Text, false),
    ("entity_name", Kind::Text, false),
    ("form", Kind::Text, false),
    ("text", Kind::Text, false),
    ("start", Kind::Int, false),
    ("end", Kind::Int, false),
];

const QUOTES: Columns = &[
    ("document", Kind::Text, false),
    ("published", Kind::Date, true),
    ("outlet", Kind::Text, true),
    ("ix", Kind::Int, false),
    ("speaker", Kind::Text, true),
    ("speaker_name", Kind::Text, true),
    ("text", Kind::Text, false),
    ("direct", Kind::Bool, false),
    ("start", Kind::Int, false),
    ("end", Kind::Int, false),
    ("tone", Kind::Real, true),
];

/// Rows grouped by partition (`Some("2024-07")`, `Some("unknown")`; `None`: not partitioned).
type Partitions = BTreeMap<Option<String>, Vec<Vec<Cell>>>;

/// What [`Store::export_parquet`] wrote: each file and its row count.
pub type Written = Vec<(PathBuf, usize)>;

fn pq(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::other(format!("{}: {e}", path.display())))
}

/// The partition of a date: its `YYYY-MM`, or `unknown`.
fn month(date: Option<&str>) -> Option<String> {
    Some(match date {
        Some(d) if d.len() >= 7 && d.is_char_boundary(7) => d[..7].to_string(),
        _ => "unknown".to_string(),
    })
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(Some(s.into()))
}

impl Store {
    /// Write the events, entities, mentions and quotes as Parquet files under `dir` (see
    /// [`crate::parquet_export`]), replacing the partitions an earlier export wrote there.
    pub fn export_parquet(&self, dir: &Path) -> Result<Written> {
        let mut written = Written::new();
        written.extend(write_table(
            dir,
            "events",
            EVENTS,
            self.event_partitions()?,
        )?);
        written.extend(write_table(
            dir,
            "entities",
            ENTITIES,
            self.entity_partitions()?,
        )?);
        written.extend(write_table(
            dir,
            "mentions",
            MENTIONS,
            self.mention_partitions()?,
        )?);
        written.extend(write_table(
            dir,
            "quotes",
            QUOTES,
            self.quote_partitions()?,
        )?);
        Ok(written)
    }

    fn event_partitions(&self) -> Result<Partitions> {
        let mut parts = Partitions::new();
        for e in self.events(&Default::default())? {
            let first = e.documents.iter().filter_map(|d| d.published.clone()).min();
            let key = month(e.date_lo.as_deref().or(first.as_deref()));
            let ids = |v: &[crate::query::EntityRef]| {
                let ids: Vec<&str> = v.iter().map(|r| r.id.as_str()).collect();
                let names: Vec<&str> = v.iter().map(|r| r.name.as_str()).collect();
                (text(ids.join(";")), text(names.join(";")))
            };
            let (actors, actor_names) = ids(&e.actors);
            let (recipients, recipient_names) = ids(&e.recipients);
            let row = vec![
                text(e.id),
                text(e.etype),
                Cell::Text(e.mode),
                text(e.cameo),
                Cell::Real(Some(e.score)),
                Cell::Bool(e.negated),
                Cell::Text(e.date),
                Cell::Text(e.date_lo),
                Cell::Text(e.date_hi),
                actors,
                actor_names,
                recipients,
                recipient_names,
                Cell::Int(Some(e.mentions as i64)),
                Cell::Int(Some(e.sources as i64)),
                Cell::Text(first),
                Cell::Text(e.location.as_ref().map(|l| l.name.clone())),
                Cell::Text(e.location.as_ref().and_then(|l| l.country.clone())),
                Cell::Real(e.location.as_ref().map(|l| l.lat)),
                Cell::Real(e.location.as_ref().map(|l| l.lon)),
                Cell::Text(e.location.as_ref().map(|l| l.precision.clone())),
                Cell::Text(
                    (!e.amounts.is_empty()).then(|| crate::geojson::amounts_field(&e.amounts)),
                ),
                Cell::Real(e.tone),
            ];
            parts.entry(key).or_default().push(row);
        }
        Ok(parts)
    }

    fn entity_partitions(&self) -> Result<Partitions> {
        let mut st = self
            .conn
            .prepare("SELECT id, type, name, code, mentions, outlets FROM gentities ORDER BY id")?;
        let rows = st.query_map((), |r| {
            Ok(vec![
                text(gid_label(r.get(0)?)),
                Cell::Text(r.get(1)?),
                Cell::Text(r.get(2)?),
                Cell::Text(r.get(3)?),
                Cell::Int(r.get(4)?),
                Cell::Int(r.get(5)?),
            ])
        })?;
        let rows = rows.collect::<Result<Vec<_>>>()?;
        Ok(Partitions::from([(None, rows)]))
    }

    fn mention_partitions(&self) -> Result<Partitions> {
        self.partitioned_by_month(
            "SELECT d.id, d.published, o.name, m.ix, l.gid, e.type, e.name, m.form, m.text,
                    m.span_start, m.span_end
             FROM mentions m JOIN documents d ON d.seq = m.doc
             JOIN entities e ON e.doc = m.doc AND e.ix = m.entity_ix
             LEFT JOIN outlets o ON o.id = d.outlet_id
             LEFT JOIN entity_links l ON l.doc = m.doc AND l.entity_ix = m.entity_ix
             ORDER BY m.doc, m.ix",
            |r| {
                Ok(vec![
                    Cell::Text(r.get(0)?),
                    Cell::Text(r.get(1)?),
                    Cell::Text(r.get(2)?),
                    Cell::Int(r.get(3)?),
                    Cell::Text(r.get::<_, Option<i64>>(4)?.map(gid_label)),
                    Cell::Text(r.get(5)?),
                    Cell::Text(r.get(6)?),
                    Cell::Text(r.get(7)?),
                    Cell::Text(r.get(8)?),
                    Cell::Int(r.get(9)?),
                    Cell::Int(r.get(10)?),
                ])
            },
        )
    }

    fn quote_partitions(&self) -> Result<Partitions> {
        self.partitioned_by_month(
            "SELECT d.id, d.published, o.name, q.ix, l.gid, g.name, q.text, q.direct,
                    q.span_start, q.span_end, q.tone
             FROM quotes q JOIN documents d ON d.seq = q.doc
             LEFT JOIN outlets o ON o.id = d.outlet_id
             LEFT JOIN entity_links l ON l.doc = q.doc AND l.entity_ix = q.speaker_ix
             LEFT JOIN gentities g ON g.id = l.gid
             ORDER BY q.doc, q.ix",
            |r| {
                Ok(vec![
                    Cell::Text(r.get(0)?),
                    Cell::Text(r.get(1)?),
                    Cell::Text(r.get(2)?),
                    Cell::Int(r.get(3)?),
                    Cell::Text(r.get::<_, Option<i64>>(4)?.map(gid_label)),
                    Cell::Text(r.get(5)?),
                    Cell::Text(r.get(6)?),
                    Cell::Bool(r.get::<_, i64>(7)? != 0),
                    Cell::Int(r.get(8)?),
                    Cell::Int(r.get(9)?),
                    Cell::Real(r.get(10)?),
                ])
            },
        )
    }

    /// The rows of `sql`, turned into cells by `cells`, grouped by the month of their second
    /// column (the document's publication date, which every per-document table selects there).
    fn partitioned_by_month(
        &self,
        sql: &str,
        cells: impl Fn(&crate::db::Row) -> Result<Vec<Cell>>,
    ) -> Result<Partitions> {
        let mut st = self.conn.prepare(sql)?;
        let mut parts = Partitions::new();
        let rows = st.query_map((), |r| {
            let published: Option<String> = r.get(1)?;
            Ok((month(published.as_deref()), cells(r)?))
        })?;
        for row in rows {
            let (key, row) = row?;
            parts.entry(key).or_default().push(row);
        }
        Ok(parts)
    }
}

/// Write one table: a file per partition, after removing the files an earlier export left
/// (so a month that no longer has rows does not linger).
fn write_table(dir: &Path, name: &str, columns: Columns, parts: Partitions) -> Result<Written> {
    let root = dir.join(name);
    remove_old(&root)?;
    let mut written = Written::new();
    // An empty table still gets its (unpartitioned) file, so readers find the schema.
    let parts = if parts.is_empty() {
        Partitions::from([(None, Vec::new())])
    } else {
        parts
    };
    for (key, rows) in parts {
        let folder = match &key {
            Some(m) => root.join(format!("month={m}")),
            None => root.clone(),
        };
        std::fs::create_dir_all(&folder)?;
        let path = folder.join("part-0.parquet");
        write_file(&path, name, columns, &rows)?;
        written.push((path, rows.len()));
    }
    Ok(written)
}

/// Remove `root/part-0.parquet` and `root/month=*/part-0.parquet` (and the emptied folders);
/// anything else a user put there is left alone.
fn remove_old(root: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        let is_month = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("month="));
        if is_month && path.is_dir() {
            let file = path.join("part-0.parquet");
            if file.is_file() {
                std::fs::remove_file(&file)?;
            }
            let _ = std::fs::remove_dir(&path); // only when now empty
        }
    }
    let file = root.join("part-0.parquet");
    if file.is_file() {
        std::fs::remove_file(&file)?;
    }
    Ok(())
}

/// The Parquet schema of a table, in the message syntax.
fn schema(name: &str, columns: Columns) -> String {
    let mut s = format!("message {name} {{\n");
    for (col, kind, nullable) in columns {
        let rep = if *nullable { "OPTIONAL" } else { "REQUIRED" };
        let ty = match kind {
            Kind::Text => "BYTE_ARRAY",
            Kind::Int => "INT64",
            Kind::Real => "DOUBLE",
            Kind::Bool => "BOOLEAN",
            Kind::Date => "INT32",
        };
        let logical = match kind {
            Kind::Text => " (UTF8)",
            Kind::Date => " (DATE)",
            _ => "",
        };
        s.push_str(&format!("  {rep} {ty} {col}{logical};\n"));
    }
    s.push('}');
    s
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; `None` for anything else.
fn days(date: &str) -> Option<i32> {
    let d: jiff::civil::Date = date.get(..10)?.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    i32::try_from(d.duration_since(epoch).as_secs() / 86_400).ok()
}

fn write_file(path: &Path, name: &str, columns: Columns, rows: &[Vec<Cell>]) -> Result<()> {
    let schema = Arc::new(parse_message_type(&schema(name, columns)).map_err(|e| pq(path, e))?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let file = std::fs::File::create(path)?;
    let mut writer = SerializedFileWriter::new(file, schema, props).map_err(|e| pq(path, e))?;
    let mut group = writer.next_row_group().map_err(|e| pq(path, e))?;
    let mut ix = 0;
    while let Some(mut col) = group.next_column().map_err(|e| pq(path, e))? {
        let (_, kind, _) = columns[ix];
        write_column(&mut col, kind, rows.iter().map(|r| &r[ix])).map_err(|e| pq(path, e))?;
        col.close().map_err(|e| pq(path, e))?;
        ix += 1;
    }
    group.close().map_err(|e| pq(path, e))?;
    writer.close().map_err(|e| pq(path, e))?;
    Ok(())
}

/// Write one column's cells: the values present, and a definition level per row (1 present,
/// 0 null; required columns ignore the levels).
fn write_column<'a>(
    col: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    kind: Kind,
    cells: impl Iterator<Item = &'a Cell>,
) -> parquet::errors::Result<()> {
    let cells: Vec<&Cell> = cells.collect();
    match kind {
        Kind::Text => put::<ByteArrayType>(col, &cells, |c| match c {
            Cell::Text(Some(s)) => Some(ByteArray::from(s.as_str())),
            _ => None,
        }),
        Kind::Date => put::<Int32Type>(col, &cells, |c| match c {
            Cell::Text(Some(s)) => days(s),
            _ => None,
        }),
        Kind::Int => put::<Int64Type>(col, &cells, |c| match c {
            Cell::Int(v) => *v,
            _ => None,
        }),
        Kind::Real => put::<DoubleType>(col, &cells, |c| match c {
            Cell::Real(v) => *v,
            _ => None,
        }),
        Kind::Bool => put::<BoolType>(col, &cells, |c| match c {
            Cell::Bool(v) => Some(*v),
            _ => None,
        }),
    }
}

/// Write the cells of one column of physical type `T`: `value` gives each cell's value, or
/// `None` for a null (definition level 0).
fn put<T: parquet::data_type::DataType>(
    col: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    cells: &[&Cell],
    value: impl Fn(&Cell) -> Option<T::T>,
) -> parquet::errors::Result<()> {
    let mut levels = Vec::with_capacity(cells.len());
    let mut values = Vec::with_capacity(cells.len());
    for c in cells {
        match value(c) {
            Some(v) => {
                levels.push(1);
                values.push(v);
            }
            None => levels.push(0),
        }
    }
    col.typed::<T>().write_batch(&values, Some(&levels), None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_days() {
        assert_eq!(month(Some("2024-07-03")).as_deref(), Some("2024-07"));
        assert_eq!(month(None).as_deref(), Some("unknown"));
        assert_eq!(days("1970-01-02"), Some(1));
        assert_eq!(days("2024-07-03"), Some(19907));
        assert_eq!(days("July"), None);
    }

    #[test]
    fn schema_marks_nullable_and_logical_types() {
        let s = schema("t", &[("a", Kind::Date, true), ("b", Kind::Text, false)]);
        assert!(s.contains("OPTIONAL INT32 a (DATE);"), "{s}");
        assert!(s.contains("REQUIRED BYTE_ARRAY b (UTF8);"), "{s}");
        parse_message_type(&s).unwrap();
    }
}
