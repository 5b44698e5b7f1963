//! The CAMEO-to-PLOVER 2021 table (`data/cameo/plover.tsv`).

use std::collections::HashMap;

use crate::tsv::{rows, Source};
use crate::Error;

/// A PLOVER classification: type, mode and context(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plover {
    /// PLOVER event type (`AGREE`, `ASSAULT`, ...).
    pub event_type: String,
    /// PLOVER mode (`visit`, `assassinate`, ...), if the table gives one.
    pub mode: Option<String>,
    /// PLOVER contexts (`military`, `humanitarian`, ...).
    pub context: Vec<String>,
}

/// CAMEO code → PLOVER, with each code's description.
#[derive(Debug, Clone, Default)]
pub struct PloverTable {
    by_code: HashMap<String, (Option<Plover>, String)>,
}

impl PloverTable {
    /// Parse `data/cameo/plover.tsv`.
    pub fn parse(src: Source<'_>) -> Result<Self, Error> {
        let mut by_code = HashMap::new();
        for row in rows(src, 5)? {
            let code = row.cells[0];
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(row.error(format!("CAMEO code {code:?} is not digits")));
            }
            let plover = row.opt(1).map(|t| Plover {
                event_type: t.to_string(),
                mode: row.opt(2).map(str::to_string),
                context: row.list(3).into_iter().map(str::to_string).collect(),
            });
            let desc = row.opt(4).unwrap_or_default().to_string();
            if by_code.insert(code.to_string(), (plover, desc)).is_some() {
                return Err(row.error(format!("CAMEO code {code} listed twice")));
            }
        }
        Ok(PloverTable { by_code })
    }

    /// PLOVER for a CAMEO code: the table's entry for the code or its nearest listed parent
    /// with a type (`0231` → `023` → `02`). `None` for codes PLOVER dropped (CAMEO 01, 02).
    pub fn plover(&self, code: &str) -> Option<&Plover> {
        let mut c = code;
        while c.len() >= 2 {
            if let Some((Some(p), _)) = self.by_code.get(c) {
                return Some(p);
            }
            c = &c[..c.len() - 1];
        }
        None
    }

    /// The table's description of a CAMEO code (`Make a visit`).
    pub fn description(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(|(_, d)| d.as_str())
    }

    /// Every listed code with its PLOVER (`None` for a root without a single type).
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&Plover>)> {
        self.by_code
            .iter()
            .map(|(c, (p, _))| (c.as_str(), p.as_ref()))
    }

    /// Number of codes listed.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# test\n# cameo\ttype\tmode\tcontext\tdescription\n\
        04\tCONSULT\t-\t-\t-\n042\tCONSULT\tvisit\t-\tMake a visit\n\
        08\t-\t-\t-\t-\n084\tRETREAT\t-\t-\tReturn, release\n091\tACCUSE\tinvestigate\tcrime|corruption\tInvestigate crime\n";

    #[test]
    fn nearest_parent_gives_the_type_and_dropped_codes_have_none() {
        let t = PloverTable::parse(Source::new("plover.tsv", TABLE)).unwrap();
        assert_eq!(t.plover("042").unwrap().mode.as_deref(), Some("visit"));
        assert_eq!(t.plover("0421").unwrap().event_type, "CONSULT");
        assert_eq!(t.plover("041").unwrap().mode, None);
        assert_eq!(t.plover("0841").unwrap().event_type, "RETREAT");
        assert!(t.plover("081").is_none(), "08 alone has no single type");
        assert!(t.plover("010").is_none());
        assert_eq!(t.plover("091").unwrap().context, ["crime", "corruption"]);
        assert_eq!(t.description("042"), Some("Make a visit"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = PloverTable::parse(Source::new("p.tsv", "# x\n04\tCONSULT\n")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.tsv:2: expected 5 tab-separated columns, found 2"
        );
        let err = PloverTable::parse(Source::new("p.tsv", "0x\tA\t-\t-\t-\n")).unwrap_err();
        assert!(err.to_string().starts_with("p.tsv:1: "), "{err}");
    }
}
