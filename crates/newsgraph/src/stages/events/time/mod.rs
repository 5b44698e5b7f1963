//! Time expressions: finding them in sentences and resolving them against the publication date.
//!
//! Reads the `tokens` and `sentences` layers (and `meta.published` when resolving); writes no
//! layer of its own. The event stage ([`super`]) asks it for the expressions of each
//! sentence and resolves the one it attaches to an event into an [`EventDate`], keeping the
//! expression's text and span beside the value.
//!
//! Why this shape: resolution is a pure function of (expression, publication date, tense), so it
//! is split from finding: [`parse_words`] turns words into a [`TimeExpr`], [`resolve_expr`]
//! computes dates from it, and [`resolve`] does both for a plain string, which is what the fuzz
//! target and property tests drive. The words (months, weekdays, `last`, `ago`, number words)
//! come from `data/time/`, so other spellings can be added without recompiling.
//!
//! Conventions: weeks start on Monday; a weekday, a month without a year or a day without a year
//! resolves to the most recent one on or before publication for past tense, and to the next one
//! on or after publication for future tense; `for the third year in a row` is the publication
//! year; `since 2019` is a range from the start of 2019 to publication; `two years later` is
//! counted from the last year named in the same or the previous sentence.

use crate::data::DataDir;
use crate::document::{DatePrecision, Document, EventDate, Span, TokenKind};
use crate::error::{Error, Result};
use jiff::civil::{Date, Weekday};
use std::collections::HashMap;

mod find;
mod parse;
mod resolve;

pub use find::*;
pub use parse::*;
pub use resolve::*;

/// Month names and abbreviations.
pub const MONTHS_FILE: &str = "time/months.tsv";
/// Weekday names.
pub const WEEKDAYS_FILE: &str = "time/weekdays.tsv";
/// Relative words (`last`, `ago`, number words).
pub const RELATIVE_FILE: &str = "time/relative.tsv";

/// Whether the event a time expression belongs to lies before or after publication; decides
/// which `Monday` or `April` is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    /// Past or present: the most recent such day on or before publication.
    Past,
    /// Future (`will`, `is set to`): the next such day on or after publication.
    Future,
}

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A day.
    Day,
    /// A week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// A parsed time expression, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeExpr {
    /// A full date (`July 9, 2024`, `9 July 2024`, `2024-07-09`).
    Date {
        /// Year.
        year: i16,
        /// Month 1..=12.
        month: i8,
        /// Day 1..=31.
        day: i8,
    },
    /// A day of a month without a year (`July 9`).
    MonthDay {
        /// Month 1..=12.
        month: i8,
        /// Day 1..=31.
        day: i8,
    },
    /// A month with a year (`January 2023`).
    MonthYear {
        /// Year.
        year: i16,
        /// Month 1..=12.
        month: i8,
    },
    /// A month without a year (`in April`).
    Month(i8),
    /// A year (`in 2019`).
    Year(i16),
    /// A weekday (`on Tuesday`).
    Weekday(Weekday),
    /// A day relative to publication (`yesterday` = -1, `today` = 0).
    RelDay(i64),
    /// `last week` (-1), `this month` (0), `next year` (1).
    RelUnit {
        /// The unit.
        unit: Unit,
        /// Offset in units from the one containing publication.
        shift: i64,
    },
    /// `the past two years`: a range from `n` units before publication to publication.
    Past {
        /// The unit.
        unit: Unit,
        /// How many.
        n: i64,
    },
    /// `three days ago`.
    Ago {
        /// The unit.
        unit: Unit,
        /// How many.
        n: i64,
    },
    /// `two years later`, counted from a year named nearby.
    Later {
        /// The unit.
        unit: Unit,
        /// How many.
        n: i64,
    },
    /// `for the third year in a row`: the publication year.
    Streak,
    /// `since 2019`: from the inner expression's start to publication.
    Since(Box<TimeExpr>),
}

/// A resolved time expression: the date part of an [`EventDate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// The first day, or `None` when a relative expression has no publication date to count from.
    pub value: Option<Date>,
    /// The last day, for ranges.
    pub end: Option<Date>,
    /// How precise the value is.
    pub precision: DatePrecision,
}

/// A time expression found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Where it is (including a leading `on`/`in`/`since`).
    pub span: Span,
    /// What it says.
    pub expr: TimeExpr,
    /// The sentence it is in.
    pub sentence: usize,
    /// First token of the expression.
    pub first_token: usize,
    /// One past its last token.
    pub end_token: usize,
    /// The last year named in this or the previous sentence before it, for `two years later`.
    pub anchor_year: Option<i16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Day(i64),
    Shift(i64),
    Past,
    Unit(Unit),
    Number(i64),
    Ordinal,
    Ago,
    Later,
    Since,
    Prep,
    Streak(u8),
    PartOfDay,
    Edge,
}

/// The word lists of `data/time/`.
#[derive(Debug, Clone, Default)]
pub struct TimeData {
    months: HashMap<String, i8>,
    weekdays: HashMap<String, Weekday>,
    words: HashMap<String, Word>,
}

impl TimeData {
    /// Load the three word lists.
    pub fn load(data: &DataDir) -> Result<TimeData> {
        let mut out = TimeData::default();
        for row in data.tsv(MONTHS_FILE)? {
            let m: i8 = row
                .get(0)
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(|| {
                    Error::resource(data.path_of(MONTHS_FILE), row.line, "month must be 1..=12")
                })?;
            for f in row.list(1) {
                out.months.insert(f.to_ascii_lowercase(), m);
            }
        }
        for row in data.tsv(WEEKDAYS_FILE)? {
            let w = match row.get(0) {
                "monday" => Weekday::Monday,
                "tuesday" => Weekday::Tuesday,
                "wednesday" => Weekday::Wednesday,
                "thursday" => Weekday::Thursday,
                "friday" => Weekday::Friday,
                "saturday" => Weekday::Saturday,
                "sunday" => Weekday::Sunday,
                other => {
                    return Err(Error::resource(
                        data.path_of(WEEKDAYS_FILE),
                        row.line,
                        format!("unknown weekday {other:?}"),
                    ))
                }
            };
            for f in row.list(1) {
                out.weekdays.insert(f.to_ascii_lowercase(), w);
            }
        }
        for row in data.tsv(RELATIVE_FILE)? {
            let bad = |m: &str| Error::resource(data.path_of(RELATIVE_FILE), row.line, m);
            let num = || {
                row.get(2)
                    .parse::<i64>()
                    .map_err(|_| bad("value must be a number"))
            };
            let word = match row.get(1) {
                "day" => Word::Day(num()?),
                "shift" => Word::Shift(num()?),
                "past" => Word::Past,
                "unit" => Word::Unit(match row.get(2) {
                    "day" => Unit::Day,
                    "week" => Unit::Week,
                    "month" => Unit::Month,
                    "year" => Unit::Year,
                    _ => return Err(bad("unit must be day, week, month or year")),
                }),
                "number" => Word::Number(num()?),
                "ordinal" => Word::Ordinal,
                "ago" => Word::Ago,
                "later" => Word::Later,
                "since" => Word::Since,
                "prep" => Word::Prep,
                "streak" => Word::Streak(match row.get(2) {
                    "row" => 1,
                    "running" => 2,
                    _ => 0,
                }),
                "partofday" => Word::PartOfDay,
                "edge" => Word::Edge,
                other => return Err(bad(&format!("unknown kind {other:?}"))),
            };
            out.words.insert(row.get(0).to_ascii_lowercase(), word);
        }
        Ok(out)
    }

    fn word(&self, w: &str) -> Option<Word> {
        self.words.get(w).copied()
    }
}

#[cfg(test)]
mod tests;
