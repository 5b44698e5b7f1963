//! The Phoenix actor and agent dictionaries: names → country, sector and role codes with the
//! dates they hold, and agent nouns → sector codes.

use std::fmt;

use crate::phrases::{Entry, PhraseIndex, Span};
use crate::tsv::{rows, Row, Source};
use crate::Error;

/// A calendar date (proleptic Gregorian), enough to compare role dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day, 1-31.
    pub day: u8,
}

impl Date {
    /// A date; `None` if month or day is out of range.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Which dictionary an actor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A country (its names, adjectives, capitals and main cities).
    Country,
    /// A named person.
    Person,
    /// An international organisation (or one of its office-holders).
    International,
    /// An armed non-state group.
    NonState,
}

/// A code an actor holds, maybe only between two dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The CAMEO/Phoenix code (`USAGOV`, `IGOUNO`, `AFGREB`).
    pub code: String,
    /// ISO 3166-1 alpha-3 of the code's country, if it names one.
    pub country: Option<String>,
    /// The code's 3-letter parts after the country (`GOV`, `MIL`, `OPP`, `REB`, or `IGO`,
    /// `UNO` when there is no country).
    pub sectors: Vec<String>,
    /// First day the role holds (inclusive); `None`: open.
    pub from: Option<Date>,
    /// Last day (inclusive); `None`: open.
    pub to: Option<Date>,
}

impl Role {
    /// Whether the role has a date range (otherwise it is the actor's default).
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether the role holds on `date`.
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// An actor: names and roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Which dictionary.
    pub kind: ActorKind,
    /// Name variants, the first the primary name (lower case).
    pub names: Vec<String>,
    /// Roles in dictionary order.
    pub roles: Vec<Role>,
    /// Source file and line in the original dictionary.
    pub source: String,
}

impl Actor {
    /// The role valid on `date`: the first dated role that holds then, else the first undated
    /// (default) role, as PETRARCH chooses. With no date, the default role, else the last
    /// dated one. `None` when nothing holds (or PETRARCH's null code `-` does).
    pub fn role_at(&self, date: Option<Date>) -> Option<&Role> {
        let dated = || self.roles.iter().filter(|r| r.is_dated());
        let default = || self.roles.iter().find(|r| !r.is_dated());
        let role = match date {
            Some(d) => dated().find(|r| r.holds_on(d)).or_else(default),
            None => default().or_else(|| dated().next_back()),
        }?;
        (role.code != "-").then_some(role)
    }

    /// The primary name.
    pub fn name(&self) -> &str {
        &self.names[0]
    }
}

/// An agent noun (`minister`, `rebels`) and the sector code it gives an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The singular phrase.
    pub phrase: String,
    /// Sector code(s), 3 letters each (`GOV`, `GOVFRM`).
    pub sector: String,
    /// The code comes before the actor's (`NGO~`), not after (`~GOV`).
    pub prefix: bool,
}

/// How letter case counts when finding names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseRule {
    /// Some word of the match starts with a capital or digit (`the Taliban`, `U.S.`), so
    /// `us`, `chad` or `turkey` in running text are not countries. The default.
    #[default]
    SomeCapital,
    /// Case is ignored, as PETRARCH does (it upper-cases all text).
    Ignore,
}

/// A name found in text.
#[derive(Debug, Clone)]
pub struct ActorMatch<'d> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Every actor with this name (a name may be shared: pick by date or context).
    pub actors: Vec<&'d Actor>,
}

/// An agent noun found in text.
#[derive(Debug, Clone)]
pub struct AgentMatch<'d> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The agent entries with this phrase.
    pub agents: Vec<&'d Agent>,
}

/// The actor dictionaries with their name index.
#[derive(Debug)]
pub struct ActorDictionary {
    actors: Vec<Actor>,
    agents: Vec<Agent>,
    names: PhraseIndex<usize>,
    agent_index: PhraseIndex<usize>,
    stems: bool,
}

fn parse_role(row: &Row<'_>, text: &str, country: Option<&str>) -> Result<Role, Error> {
    let (code, range) = match text.split_once('@') {
        Some((c, r)) => (c, Some(r)),
        None => (text, None),
    };
    let bad_code = || row.error(format!("role code {code:?} is not 3-letter parts"));
    if code != "-" && (code.len() % 3 != 0 || !code.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Err(bad_code());
    }
    let (from, to) = match range {
        None => (None, None),
        Some(r) => {
            let (a, b) = r
                .split_once("..")
                .ok_or_else(|| row.error(format!("date range {r:?} lacks `..`")))?;
            let date = |s: &str| -> Result<Option<Date>, Error> {
                if s.is_empty() {
                    return Ok(None);
                }
                Date::parse(s)
                    .map(Some)
                    .ok_or_else(|| row.error(format!("date {s:?} is not YYYY-MM-DD")))
            };
            (date(a)?, date(b)?)
        }
    };
    let parts: Vec<String> = if code == "-" {
        Vec::new()
    } else {
        code.as_bytes()
            .chunks(3)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    };
    let sectors = if country.is_some() && !parts.is_empty() {
        parts[1..].to_vec()
    } else {
        parts
    };
    Ok(Role {
        code: code.to_string(),
        country: country.map(str::to_string),
        sectors,
        from,
        to,
    })
}

fn parse_actors(src: Source<'_>, out: &mut Vec<Actor>) -> Result<(), Error> {
    for row in rows(src, 5)? {
        let kind = match row.cells[0] {
            "country" => ActorKind::Country,
            "person" => ActorKind::Person,
            "international" => ActorKind::International,
            "nonstate" => ActorKind::NonState,
            k => return Err(row.error(format!("unknown kind {k:?}"))),
        };
        let names: Vec<String> = row.list(1).into_iter().map(str::to_string).collect();
        let roles = row.list(2);
        // Parallel to the roles, so a lone `-` is one role without a country, not an empty list.
        let countries: Vec<&str> = row.cells[3].split('|').collect();
        if names.is_empty() || roles.is_empty() {
            return Err(row.error("an actor needs a name and a role"));
        }
        if roles.len() != countries.len() {
            return Err(row.error(format!(
                "{} roles but {} countries",
                roles.len(),
                countries.len()
            )));
        }
        let roles = roles
            .iter()
            .zip(&countries)
            .map(|(r, c)| parse_role(&row, r, Some(*c).filter(|c| *c != "-")))
            .collect::<Result<_, _>>()?;
        out.push(Actor {
            kind,
            names,
            roles,
            source: row.opt(4).unwrap_or_default().to_string(),
        });
    }
    Ok(())
}

fn parse_agents(src: Source<'_>) -> Result<(Vec<Agent>, Vec<Entry<usize>>), Error> {
    let mut agents = Vec::new();
    let mut entries = Vec::new();
    for row in rows(src, 5)? {
        let Some(phrase) = row.opt(0) else {
            return Err(row.error("agent phrase is empty"));
        };
        let Some(sector) = row.opt(2) else {
            return Err(row.error("agent sector is empty"));
        };
        let prefix = match row.cells[3] {
            "before" => true,
            "after" => false,
            a => return Err(row.error(format!("attach {a:?} is neither before nor after"))),
        };
        let id = agents.len();
        for p in std::iter::once(phrase).chain(row.list(1)) {
            entries.push(Entry {
                phrase: p.to_string(),
                stem: false,
                value: id,
            });
        }
        agents.push(Agent {
            phrase: phrase.to_string(),
            sector: sector.to_string(),
            prefix,
        });
    }
    Ok((agents, entries))
}

impl ActorDictionary {
    /// Parse actor files (`countries.tsv`, `persons.tsv`, `organizations.tsv`: one schema) and
    /// `agents.tsv`. With `stems`, names the dictionary wrote without a final `_` (marked `*`)
    /// match as prefixes of their last word, as in PETRARCH; without, every name matches
    /// whole words only (safer on running text: `president clinton*` would meet `Clintons`).
    pub fn parse(
        actor_files: &[Source<'_>],
        agents: Source<'_>,
        stems: bool,
    ) -> Result<Self, Error> {
        let mut actors = Vec::new();
        for src in actor_files {
            parse_actors(*src, &mut actors)?;
        }
        let mut entries = Vec::new();
        for (i, a) in actors.iter_mut().enumerate() {
            for n in &mut a.names {
                let stem = n.ends_with('*');
                if stem {
                    n.pop();
                }
                entries.push(Entry {
                    phrase: n.clone(),
                    stem: stem && stems,
                    value: i,
                });
            }
        }
        let names = PhraseIndex::build(entries)?;
        let (agents, agent_entries) = parse_agents(agents)?;
        let agent_index = PhraseIndex::build(agent_entries)?;
        Ok(ActorDictionary {
            actors,
            agents,
            names,
            agent_index,
            stems,
        })
    }

    /// Parse actor files only, building no name index: for callers that look up whole names
    /// themselves (a hash map is far cheaper to build than the automaton [`Self::parse`]
    /// makes). A final `*` (stem mark) is removed from the names, as [`Self::parse`] does.
    pub fn parse_actors(actor_files: &[Source<'_>]) -> Result<Vec<Actor>, Error> {
        let mut actors = Vec::new();
        for src in actor_files {
            parse_actors(*src, &mut actors)?;
        }
        for a in &mut actors {
            for n in &mut a.names {
                if n.ends_with('*') {
                    n.pop();
                }
            }
        }
        Ok(actors)
    }

    /// All actors.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// All agents.
    pub fn agents(&self) -> &[Agent] {
        &self.agents
    }

    /// Number of distinct names indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Whether stem matching is on.
    pub fn stems(&self) -> bool {
        self.stems
    }

    /// Actor names in `tokens` (words as they stand in the text), longest first, left to
    /// right, not overlapping.
    pub fn find_actors(&self, tokens: &[&str], case: CaseRule) -> Vec<ActorMatch<'_>> {
        let accept = |s: usize, e: usize| match case {
            CaseRule::Ignore => true,
            CaseRule::SomeCapital => tokens[s..e].iter().any(|t| {
                t.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            }),
        };
        self.names
            .find(tokens, accept)
            .into_iter()
            .map(|Span { start, end, values }| ActorMatch {
                start,
                end,
                actors: values.iter().map(|&i| &self.actors[i]).collect(),
            })
            .collect()
    }

    /// Agent nouns in `tokens` (`minister`, `rebels`), any case.
    pub fn find_agents(&self, tokens: &[&str]) -> Vec<AgentMatch<'_>> {
        self.agent_index
            .find(tokens, |_, _| true)
            .into_iter()
            .map(|Span { start, end, values }| AgentMatch {
                start,
                end,
                agents: values.iter().map(|&i| &self.agents[i]).collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERSONS: &str = "# kind names roles countries source\n\
        person\tjane roe|president jane roe|president roe*\tATLELI@1980-01-01..1999-12-31|ATLGOV@2000-01-01..2004-06-30|ATLELI\tATL|ATL|ATL\tx:1\n\
        person\tsam poe\tATLGOV@..1990-05-01|-\tATL|-\tx:2\n";
    const COUNTRIES: &str = "country\tatlantis|atlantean|poseidonia\tATL\tATL\tx:3\n\
        country\tus\tUSA\tUSA\tx:4\n";
    const ORGS: &str = "nonstate\tthe sea wolves|sea wolves\tATLREB\tATL\tx:5\n\
        international\tunited nations|un\tIGOUNO\t-\tx:6\n";
    const AGENTS: &str = "minister\tministers\tGOV\tafter\tx:7\nrebel\trebels\tREB\tafter\tx:8\n\
        aid agency\taid agencies\tNGO\tbefore\tx:9\n";

    fn dict(stems: bool) -> ActorDictionary {
        ActorDictionary::parse(
            &[
                Source::new("persons.tsv", PERSONS),
                Source::new("countries.tsv", COUNTRIES),
                Source::new("organizations.tsv", ORGS),
            ],
            Source::new("agents.tsv", AGENTS),
            stems,
        )
        .unwrap()
    }

    fn toks(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn role_valid_on_the_date() {
        let d = dict(false);
        let t = toks("President Jane Roe met the Sea Wolves in Poseidonia");
        let m = d.find_actors(&t, CaseRule::SomeCapital);
        assert_eq!(
            m.iter().map(|m| (m.start, m.end)).collect::<Vec<_>>(),
            [(0, 3), (4, 7), (8, 9)]
        );
        let roe = m[0].actors[0];
        let at = |y| roe.role_at(Date::new(y, 6, 1)).unwrap().code.as_str();
        assert_eq!(at(1990), "ATLELI");
        assert_eq!(at(2002), "ATLGOV");
        assert_eq!(
            at(2010),
            "ATLELI",
            "the undated default after the dated roles end"
        );
        let gov = roe.role_at(Date::new(2002, 6, 1)).unwrap();
        assert_eq!(
            (gov.country.as_deref(), gov.sectors.as_slice()),
            (Some("ATL"), &["GOV".to_string()][..])
        );
        assert_eq!(m[1].actors[0].kind, ActorKind::NonState);
        assert_eq!(m[2].actors[0].roles[0].sectors, Vec::<String>::new());
    }

    #[test]
    fn null_default_and_open_ranges() {
        let d = dict(false);
        let poe = &d.actors()[1];
        assert_eq!(poe.role_at(Date::new(1985, 1, 1)).unwrap().code, "ATLGOV");
        assert!(
            poe.role_at(Date::new(1995, 1, 1)).is_none(),
            "the null code holds after 1990"
        );
        let un = &d.actors()[5];
        assert_eq!(un.role_at(None).unwrap().sectors, ["IGO", "UNO"]);
        assert_eq!(un.role_at(None).unwrap().country, None);
    }

    #[test]
    fn case_rule_and_stems() {
        let d = dict(false);
        assert!(d
            .find_actors(&toks("let us go"), CaseRule::SomeCapital)
            .is_empty());
        assert_eq!(d.find_actors(&toks("let us go"), CaseRule::Ignore).len(), 1);
        assert!(d
            .find_actors(&toks("President Roeland spoke"), CaseRule::SomeCapital)
            .is_empty());
        let d = dict(true);
        assert_eq!(
            d.find_actors(&toks("President Roe's visit"), CaseRule::SomeCapital)
                .len(),
            1
        );
    }

    #[test]
    fn agents_found_in_any_case() {
        let d = dict(false);
        let m = d.find_agents(&toks("two Atlantean ministers and aid agencies"));
        let found: Vec<_> = m
            .iter()
            .map(|m| (m.start, m.agents[0].sector.as_str(), m.agents[0].prefix))
            .collect();
        assert_eq!(found, [(2, "GOV", false), (4, "NGO", true)]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = "person\tjane roe\tATLGOV@2000-13-01..\tATL\tx\n";
        let err = ActorDictionary::parse(
            &[Source::new("persons.tsv", bad)],
            Source::new("agents.tsv", AGENTS),
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "persons.tsv:1: date \"2000-13-01\" is not YYYY-MM-DD"
        );
        let bad = "person\tjane roe\tATLGOV|ATL\tATL\tx\n";
        let err = ActorDictionary::parse(
            &[Source::new("persons.tsv", bad)],
            Source::new("agents.tsv", AGENTS),
            false,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "persons.tsv:1: 2 roles but 1 countries");
        let err =
            ActorDictionary::parse(&[], Source::new("agents.tsv", "x\t-\tGOV\tup\ty\n"), false)
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "agents.tsv:1: attach \"up\" is neither before nor after"
        );
    }
}
