//! The graph queries: `entities`, `entity`, `events`, `quotes`, `between`, `conflicts`. Each
//! opens the store read by `ingest`, asks it ([`newsgraph_store::query`]) and renders the
//! answer as an aligned table (the default) or as one JSON document on stdout. No logic of its
//! own beyond turning the user's names into global entity ids.

use crate::common::DataArgs;
use anyhow::{bail, Context};
use newsgraph_store::query::{EntityRow, EventFilter, EventRow, QuoteRow, TimelineItem};
use newsgraph_store::{GraphConfig, Store};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of the queries.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// One JSON document.
    Json,
}

/// The flags every query shares.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// SQLite database written by `newsgraph ingest`, or a PostgreSQL database as a
    /// `postgres://user@host/db` URL.
    #[arg(long, value_name = "FILE", default_value = "newsgraph.db")]
    pub db: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Alias file (default: the data directory's aliases.tsv), for reading the names given.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    #[command(flatten)]
    pub data: DataArgs,
}

impl Common {
    /// The store, and the rules for reading the names the user types (given-name variants and
    /// aliases from `--data` and `--aliases`), loaded once; a broken file is an error.
    fn open(&self) -> anyhow::Result<(Store, GraphConfig)> {
        let graph = GraphConfig::load(&self.data.checked_dir()?, self.aliases.as_deref())
            .context("loading the graph rules")?;
        let store = Store::open_existing(&self.db)
            .with_context(|| format!("opening {}", newsgraph_store::db::shown(&self.db)))?;
        Ok((store, graph))
    }
}

/// Flags of `newsgraph entities`.
#[derive(clap::Args, Debug)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub common: Common,
    /// Only entities of this type: PERSON, COUNTRY, ORGANIZATION, LOCATION.
    #[arg(long = "type", value_name = "T")]
    pub etype: Option<String>,
    /// Only entities whose name or an alias contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub query: Option<String>,
}

/// Flags of `newsgraph entity`.
#[derive(clap::Args, Debug)]
pub struct EntityArgs {
    #[command(flatten)]
    pub common: Common,
    /// A name (`Zelensky`, `NATO`), an alias or an id (`g12`).
    pub name: String,
}

/// Flags of `newsgraph events`.
#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    pub common: Common,
    /// Only events where this actor acts.
    #[arg(long, value_name = "A")]
    pub actor: Option<String>,
    /// Only events done to this actor.
    #[arg(long, value_name = "B")]
    pub recipient: Option<String>,
    /// Only this PLOVER type (ACCUSE, CONSULT, ...).
    #[arg(long = "type", value_name = "T")]
    pub etype: Option<String>,
    /// Only events that may have happened on or after this day.
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_published)]
    pub since: Option<jiff::civil::Date>,
    /// Only events that may have happened on or before this day.
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_published)]
    pub until: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub geo: crate::geo::GeoArgs,
}

/// Flags of `newsgraph quotes`.
#[derive(clap::Args, Debug)]
pub struct QuotesArgs {
    #[command(flatten)]
    pub common: Common,
    /// Only quotes by this speaker.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Only quotes whose words mention this entity.
    #[arg(long, value_name = "NAME")]
    pub about: Option<String>,
}

/// Flags of `newsgraph between`.
#[derive(clap::Args, Debug)]
pub struct BetweenArgs {
    #[command(flatten)]
    pub common: Common,
    /// One actor.
    pub a: String,
    /// The other.
    pub b: String,
}

/// Flags of `newsgraph conflicts`.
#[derive(clap::Args, Debug)]
pub struct ConflictsArgs {
    #[command(flatten)]
    pub common: Common,
}

/// The global entity a name means, the best match when several do; `None` when none does.
/// Quiet: for alerts, which run the same names every round.
pub fn find(store: &Store, graph: &GraphConfig, name: &str) -> anyhow::Result<Option<i64>> {
    Ok(store.find_entities(name, graph)?.first().copied())
}

/// The global entity a name means; the best match when several do (named on stderr).
fn lookup(store: &Store, graph: &GraphConfig, name: &str) -> anyhow::Result<i64> {
    let found = store.find_entities(name, graph)?;
    let Some(&best) = found.first() else {
        bail!("no entity called `{name}` (try `newsgraph entities --query {name}`)");
    };
    if found.len() > 1 {
        let others: Vec<String> = found[1..]
            .iter()
            .take(5)
            .filter_map(|g| store.entity_row(*g).ok())
            .map(|r| format!("{} {}", r.id, r.name))
            .collect();
        let best_row = store.entity_row(best)?;
        crate::common::warning(format_args!(
            "`{name}` may mean several entities; using {} {} (others: {})",
            best_row.id,
            best_row.name,
            others.join(", ")
        ));
    }
    Ok(best)
}

fn emit(
    format: Format,
    value: &impl Serialize,
    table: impl FnOnce() -> String,
) -> anyhow::Result<ExitCode> {
    let text = match format {
        Format::Json => serde_json::to_string_pretty(value)? + "\n",
        Format::Table => table(),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Cut a cell to `max` characters, on a character boundary, with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Rows as aligned columns under a header.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, c) in cells.enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            l.push_str(c);
            if i + 1 < widths.len() {
                l.push_str(&" ".repeat(pad + 2));
            }
        }
        let _ = writeln!(out, "{}", l.trim_end());
    };
    line(&mut out, &mut header.iter().copied());
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    if rows.is_empty() {
        out.push_str("(none)\n");
    }
    out
}

fn entity_rows(rows: &[EntityRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.id.clone(),
                r.name.clone(),
                r.etype.clone(),
                r.mentions.to_string(),
                r.outlets.to_string(),
                cut(&r.aliases.join("; "), 60),
            ]
        })
        .collect()
}

fn names(list: &[newsgraph_store::query::EntityRef]) -> String {
    list.iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn event_rows(rows: &[EventRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|e| {
            let date =
                newsgraph_store::query::date_label(e.date_lo.as_deref(), e.date_hi.as_deref())
                    .unwrap_or_default();
            let mut etype = e.etype.clone();
            if let Some(m) = &e.mode {
                etype.push_str(&format!("/{m}"));
            }
            if e.negated {
                etype.push_str(" (denied)");
            }
            vec![
                e.id.clone(),
                date,
                cut(&names(&e.actors), 40),
                etype,
                cut(&names(&e.recipients), 40),
                format!("{:+.1}", e.score),
                crate::geo::place_cell(e),
                cut(&crate::geo::amounts_cell(&e.amounts), 40),
                e.tone.map_or(String::new(), |t| format!("{t:+.2}")),
                e.mentions.to_string(),
                e.sources.to_string(),
            ]
        })
        .collect()
}

const EVENT_HEADER: &[&str] = &[
    "id",
    "date",
    "actors",
    "type",
    "recipients",
    "score",
    "where",
    "amounts",
    "tone",
    "mentions",
    "sources",
];

fn quote_rows(rows: &[QuoteRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|q| {
            vec![
                q.date.clone().unwrap_or_default(),
                q.speaker.as_ref().map_or(String::new(), |s| s.name.clone()),
                if q.direct { "direct" } else { "indirect" }.into(),
                cut(&q.text, 90),
                format!("{}:{}", &q.evidence.doc, q.evidence.start),
            ]
        })
        .collect()
}

const QUOTE_HEADER: &[&str] = &["date", "speaker", "kind", "quote", "source"];

fn timeline_rows(items: &[TimelineItem]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|t| {
            vec![
                t.date.clone().unwrap_or_default(),
                t.kind.clone(),
                t.score.map_or(String::new(), |s| format!("{s:+.1}")),
                cut(&t.text, 100),
            ]
        })
        .collect()
}

/// Run `newsgraph entities`.
pub fn entities(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let (store, _graph) = args.common.open()?;
    let rows = store.entities(args.etype.as_deref(), args.query.as_deref())?;
    emit(args.common.format, &rows, || {
        table(
            &["id", "name", "type", "mentions", "outlets", "aliases"],
            &entity_rows(&rows),
        )
    })
}

/// Run `newsgraph entity`.
pub fn entity(args: EntityArgs) -> anyhow::Result<ExitCode> {
    let (store, graph) = args.common.open()?;
    let gid = lookup(&store, &graph, &args.name)?;
    let p = store.profile(gid)?;
    emit(args.common.format, &p, || {
        let mut out = String::new();
        let e = &p.entity;
        let _ = writeln!(
            out,
            "{} {} ({}), {} mentions in {} outlets",
            e.id, e.name, e.etype, e.mentions, e.outlets
        );
        let _ = writeln!(out, "\nnames");
        let names: Vec<Vec<String>> = p
            .names
            .iter()
            .map(|n| {
                vec![
                    n.name.clone(),
                    n.count.to_string(),
                    format!("{}:{}", n.evidence.doc, n.evidence.start),
                ]
            })
            .collect();
        out.push_str(&table(&["name", "mentions", "first seen"], &names));
        let _ = writeln!(out, "\nroles");
        let roles: Vec<Vec<String>> = p
            .roles
            .iter()
            .map(|r| {
                vec![
                    r.date.clone().unwrap_or_default(),
                    r.title.clone(),
                    r.of.as_ref().map_or(String::new(), |o| o.name.clone()),
                    format!("{}:{}", r.evidence.doc, r.evidence.start),
                ]
            })
            .collect();
        out.push_str(&table(&["date", "title", "of", "source"], &roles));
        let _ = writeln!(out, "\nquotes");
        out.push_str(&table(QUOTE_HEADER, &quote_rows(&p.quotes)));
        let _ = writeln!(out, "\nevents as actor");
        out.push_str(&table(EVENT_HEADER, &event_rows(&p.as_actor)));
        let _ = writeln!(out, "\nevents as recipient");
        out.push_str(&table(EVENT_HEADER, &event_rows(&p.as_recipient)));
        let _ = writeln!(out, "\nrelations");
        let rels: Vec<Vec<String>> = p
            .relations
            .iter()
            .map(|r| {
                vec![
                    r.subject.name.clone(),
                    r.predicate.clone(),
                    r.object.name.clone(),
                ]
            })
            .collect();
        out.push_str(&table(&["subject", "predicate", "object"], &rels));
        let _ = writeln!(out, "\ntimeline");
        out.push_str(&table(
            &["date", "kind", "score", "what"],
            &timeline_rows(&p.timeline),
        ));
        out
    })
}

/// A name-to-id resolver: `Ok(None)` when no entity has the name.
pub type Resolve<'a> = dyn FnMut(&str) -> anyhow::Result<Option<i64>> + 'a;

impl EventsArgs {
    /// The store's filter for these flags, names read by `id`; `None` when a name given
    /// matches no entity (so nothing can match).
    pub fn filter(
        &self,
        id: &mut Resolve<'_>,
        place: &mut crate::geo::Place<'_>,
    ) -> anyhow::Result<Option<EventFilter>> {
        let mut name = |n: &Option<String>| -> anyhow::Result<Option<Option<i64>>> {
            match n {
                None => Ok(Some(None)),
                Some(n) => Ok(id(n.as_str())?.map(Some)),
            }
        };
        let (Some(actor), Some(recipient)) = (name(&self.actor)?, name(&self.recipient)?) else {
            return Ok(None);
        };
        Ok(Some(EventFilter {
            actor,
            recipient,
            etype: self.etype.clone(),
            since: self.since.map(|d| d.to_string()),
            until: self.until.map(|d| d.to_string()),
            ..self.geo.filter(place)?
        }))
    }
}

impl QuotesArgs {
    /// The speaker and the entity quoted about, names read by `id`; `None` when a name given
    /// matches no entity.
    #[allow(clippy::type_complexity)]
    pub fn ids(&self, id: &mut Resolve<'_>) -> anyhow::Result<Option<(Option<i64>, Option<i64>)>> {
        let by = match &self.by {
            None => None,
            Some(n) => match id(n.as_str())? {
                Some(g) => Some(g),
                None => return Ok(None),
            },
        };
        let about = match &self.about {
            None => None,
            Some(n) => match id(n.as_str())? {
                Some(g) => Some(g),
                None => return Ok(None),
            },
        };
        Ok(Some((by, about)))
    }
}

/// Run `newsgraph events`.
pub fn events(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let (store, graph) = args.common.open()?;
    let data = args.common.data.checked_dir()?;
    let filter = args
        .filter(
            &mut |n: &str| lookup(&store, &graph, n).map(Some),
            &mut |n: &str| crate::geo::place_point(&store, &data, n),
        )?
        .unwrap_or_default();
    let rows = store.events(&filter)?;
    emit(args.common.format, &rows, || {
        table(EVENT_HEADER, &event_rows(&rows))
    })
}

/// Run `newsgraph quotes`.
pub fn quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let (store, graph) = args.common.open()?;
    let (by, about) = args
        .ids(&mut |n: &str| lookup(&store, &graph, n).map(Some))?
        .unwrap_or_default();
    let rows = store.quotes(by, about)?;
    emit(args.common.format, &rows, || {
        table(QUOTE_HEADER, &quote_rows(&rows))
    })
}

/// Run `newsgraph between`.
pub fn between(args: BetweenArgs) -> anyhow::Result<ExitCode> {
    let (store, graph) = args.common.open()?;
    let a = lookup(&store, &graph, &args.a)?;
    let b = lookup(&store, &graph, &args.b)?;
    let r = store.between(a, b)?;
    emit(args.common.format, &r, || {
        let mut out = format!("{} {} — {} {}\n\n", r.a.id, r.a.name, r.b.id, r.b.name);
        out.push_str(&table(
            &["date", "kind", "score", "what"],
            &timeline_rows(&r.items),
        ));
        let _ = writeln!(
            out,
            "\nbalance: {} cooperative, {} conflictual, {} neutral events; weighted score {:+.1}; \
             tone {}",
            r.balance.cooperation,
            r.balance.conflict,
            r.balance.neutral,
            r.balance.weighted_score,
            r.balance.tone.map_or("unknown".to_string(), |t| format!(
                "{t:+.2} (-1 hostile .. +1 warm)"
            ))
        );
        out
    })
}

/// Run `newsgraph conflicts`.
pub fn conflicts(args: ConflictsArgs) -> anyhow::Result<ExitCode> {
    let (store, _graph) = args.common.open()?;
    let rows = store.conflicts()?;
    emit(args.common.format, &rows, || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|c| {
                let side = |v: &newsgraph_store::query::Version| {
                    format!(
                        "{} [{} {}:{}]",
                        cut(&v.value, 40),
                        v.outlet.as_deref().unwrap_or("?"),
                        v.evidence.doc,
                        v.evidence.start
                    )
                };
                vec![
                    c.id.clone(),
                    c.kind.clone(),
                    c.entity
                        .as_ref()
                        .map(|e| e.name.clone())
                        .or(c.event.clone())
                        .unwrap_or_default(),
                    side(&c.a),
                    side(&c.b),
                ]
            })
            .collect();
        table(
            &["id", "kind", "about", "one version", "other version"],
            &cells,
        )
    })
}
