//! Alerts of `newsgraph watch`: saved queries (`--alert 'between China NATO'`, `--alert 'events
//! --type THREATEN --actor Russia'`, `--alert 'quotes --by "Lin Jian"'`) run after every round
//! that stored something; each item that is new to the alert is printed as one JSON line, or
//! POSTed to `--webhook`, with its evidence sentence and source link.
//!
//! An alert is written exactly as the query command it names, and parsed by that command's own
//! flags ([`crate::query`]), so the two never disagree. What an alert has seen is kept in the
//! store (`alerts`, `alerts_fired`): the first time an alert runs against a database, what it
//! matches is recorded without firing (an alert is about what arrives), and an item is recorded
//! as fired only once it was printed or posted, so a restart never fires it again and a failed
//! POST is tried again next round.

use crate::query::{self, BetweenArgs, EventsArgs, QuotesArgs};
use anyhow::{bail, Context};
use newsgraph_store::query::{Evidence, Source};
use newsgraph_store::{GraphConfig, Store};
use serde::Serialize;
use serde_json::Value;
use std::io::Write;

/// The queries an alert may be.
#[derive(clap::Parser, Debug)]
#[command(no_binary_name = true, disable_help_subcommand = true)]
enum Spec {
    /// `events [--actor A] [--recipient B] [--type T] [--since D] [--until D]`
    Events(EventsArgs),
    /// `quotes [--by NAME] [--about NAME]`
    Quotes(QuotesArgs),
    /// `between A B`
    Between(BetweenArgs),
}

/// One saved query.
#[derive(Debug)]
pub struct Alert {
    /// As written on the command line (its key in the store).
    pub text: String,
    spec: Spec,
}

impl Alert {
    /// Parse `--alert TEXT`: a query command line, quoted as a shell would.
    pub fn parse(text: &str) -> anyhow::Result<Alert> {
        let words =
            shlex::split(text).with_context(|| format!("alert `{text}`: unbalanced quotes"))?;
        if words.is_empty() {
            bail!("an empty --alert");
        }
        let spec = <Spec as clap::Parser>::try_parse_from(words).map_err(|e| {
            anyhow::anyhow!(
                "alert `{text}`: {}\n(an alert is `events ...`, `quotes ...` or `between A B`, \
                 with the flags of those commands)",
                e.render().to_string().trim_end()
            )
        })?;
        Ok(Alert {
            text: text.trim().to_string(),
            spec,
        })
    }

    /// What matches now, each with a key naming it by kind and evidence.
    fn matches(&self, store: &Store, graph: &GraphConfig) -> anyhow::Result<Vec<Item>> {
        let mut id = |name: &str| query::find(store, graph, name);
        let mut items = Vec::new();
        match &self.spec {
            Spec::Events(args) => {
                let data = args.common.data.checked_dir()?;
                let mut place = |n: &str| crate::geo::place_point(store, &data, n);
                let Some(filter) = args.filter(&mut id, &mut place)? else {
                    return Ok(items);
                };
                for row in store.events(&filter)? {
                    let names = |l: &[newsgraph_store::query::EntityRef]| {
                        l.iter()
                            .map(|e| e.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let summary = format!(
                        "{} {} {}",
                        names(&row.actors),
                        row.etype,
                        names(&row.recipients)
                    );
                    let value = serde_json::to_value(&row)?;
                    for ev in &row.evidence {
                        items.push(Item::new(
                            "event",
                            Some(row.id.clone()),
                            &summary,
                            ev,
                            row.date.clone(),
                            &value,
                        ));
                    }
                }
            }
            Spec::Quotes(args) => {
                let Some((by, about)) = args.ids(&mut id)? else {
                    return Ok(items);
                };
                for row in store.quotes(by, about)? {
                    let speaker = row.speaker.as_ref().map_or("someone", |s| s.name.as_str());
                    let summary = format!("{speaker}: “{}”", row.text);
                    let value = serde_json::to_value(&row)?;
                    items.push(Item::new(
                        "quote",
                        None,
                        &summary,
                        &row.evidence,
                        row.date.clone(),
                        &value,
                    ));
                }
            }
            Spec::Between(args) => {
                let (Some(a), Some(b)) = (id(args.a.as_str())?, id(args.b.as_str())?) else {
                    return Ok(items);
                };
                for t in store.between(a, b)?.items {
                    let value = serde_json::to_value(&t)?;
                    for ev in &t.evidence {
                        items.push(Item::new(
                            &t.kind,
                            None,
                            &t.text,
                            ev,
                            t.date.clone(),
                            &value,
                        ));
                    }
                }
            }
        }
        Ok(items)
    }
}

/// One matching fact, named by its kind and evidence.
struct Item {
    key: String,
    kind: String,
    id: Option<String>,
    summary: String,
    evidence: Evidence,
    date: Option<String>,
    row: Value,
}

impl Item {
    fn new(
        kind: &str,
        id: Option<String>,
        summary: &str,
        ev: &Evidence,
        date: Option<String>,
        row: &Value,
    ) -> Item {
        Item {
            key: format!("{kind}:{}:{}:{}", ev.doc, ev.start, ev.end),
            kind: kind.to_string(),
            id,
            summary: summary.to_string(),
            evidence: ev.clone(),
            date,
            row: row.clone(),
        }
    }
}

/// What an alert prints (one JSON line) or posts.
#[derive(Serialize)]
struct Fired<'a> {
    alert: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    summary: &'a str,
    date: Option<&'a str>,
    /// The sentences holding the evidence.
    sentence: Option<String>,
    evidence: &'a Evidence,
    /// The document: id, outlet, publication day and URL (or path).
    source: Option<Source>,
    /// The query's own row for the item (an event, a quote, a timeline item).
    item: &'a Value,
}

/// Where fired items go.
pub enum Sink {
    /// One JSON line each on standard output.
    Stdout,
    /// A POST each to this URL.
    Webhook(String, newsgraph_fetch::Options),
}

/// The alerts of one `watch`, and where they fire.
pub struct Alerts {
    alerts: Vec<Alert>,
    sink: Sink,
}

/// What one check did.
#[derive(Debug, Default)]
pub struct Checked {
    /// Items fired.
    pub fired: usize,
    /// Items that could not be delivered (tried again next check).
    pub failed: usize,
}

impl Alerts {
    /// Parse each `--alert`; an unreadable one is an error naming it.
    pub fn new(texts: &[String], sink: Sink) -> anyhow::Result<Alerts> {
        let alerts = texts
            .iter()
            .map(|t| Alert::parse(t))
            .collect::<anyhow::Result<_>>()?;
        Ok(Alerts { alerts, sink })
    }

    /// Whether there is any alert.
    pub fn is_empty(&self) -> bool {
        self.alerts.is_empty()
    }

    /// Run every alert against the store and fire what is new to it.
    pub fn check(&self, store: &mut Store, graph: &GraphConfig) -> anyhow::Result<Checked> {
        let mut checked = Checked::default();
        for alert in &self.alerts {
            let items = alert.matches(store, graph)?;
            if store.alert_register(&alert.text)? {
                let keys: Vec<String> = items.into_iter().map(|i| i.key).collect();
                store.alert_seen(&alert.text, &keys)?;
                continue;
            }
            let mut done = std::collections::HashSet::new();
            for item in items {
                if !done.insert(item.key.clone()) || store.alert_has(&alert.text, &item.key)? {
                    continue;
                }
                let payload = payload(store, alert, &item)?;
                match self.deliver(&payload) {
                    Ok(()) => {
                        store.alert_fired(&alert.text, &item.key, &payload)?;
                        checked.fired += 1;
                    }
                    Err(e) => {
                        crate::common::error(format_args!("alert `{}`: {e:#}", alert.text));
                        checked.failed += 1;
                    }
                }
            }
        }
        Ok(checked)
    }

    fn deliver(&self, payload: &str) -> anyhow::Result<()> {
        match &self.sink {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{payload}")?;
                out.flush()?;
            }
            Sink::Webhook(url, options) => {
                newsgraph_fetch::post_json(url, payload, options)?;
            }
        }
        Ok(())
    }
}

fn payload(store: &Store, alert: &Alert, item: &Item) -> anyhow::Result<String> {
    let ev = &item.evidence;
    let fired = Fired {
        alert: &alert.text,
        kind: &item.kind,
        id: item.id.as_deref(),
        summary: &item.summary,
        date: item.date.as_deref(),
        sentence: store.evidence_sentences(&ev.doc, ev.start, ev.end)?,
        evidence: ev,
        source: store.document_source(&ev.doc)?,
        item: &item.row,
    };
    Ok(serde_json::to_string(&fired)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_are_read_by_the_query_commands_flags() {
        let a = Alert::parse("quotes --by \"Lin Jian\"").unwrap();
        assert!(matches!(&a.spec, Spec::Quotes(q) if q.by.as_deref() == Some("Lin Jian")));
        let a = Alert::parse("events --type THREATEN --actor Russia").unwrap();
        assert!(matches!(&a.spec, Spec::Events(e)
            if e.etype.as_deref() == Some("THREATEN") && e.actor.as_deref() == Some("Russia")));
        let a = Alert::parse("between China NATO").unwrap();
        assert!(matches!(&a.spec, Spec::Between(b) if b.a == "China" && b.b == "NATO"));
        for bad in [
            "",
            "entities",
            "events --colour red",
            "between China",
            "quotes --by \"x",
        ] {
            assert!(Alert::parse(bad).is_err(), "{bad}");
        }
    }
}
