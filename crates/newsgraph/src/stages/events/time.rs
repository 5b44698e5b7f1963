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

/// One word as the parser sees it: lower-cased text and whether it was capitalised.
#[derive(Debug, Clone, Copy)]
pub struct W<'a> {
    /// ASCII-lower-cased text.
    pub lower: &'a str,
    /// True when the original starts with an upper-case letter.
    pub cap: bool,
}

fn number(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn year_of(s: &str) -> Option<i16> {
    (s.len() == 4)
        .then(|| number(s))
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
        .map(|y| y as i16)
}

fn day_of(s: &str) -> Option<i8> {
    let s = s
        .strip_suffix("st")
        .or_else(|| s.strip_suffix("nd"))
        .or_else(|| s.strip_suffix("rd"))
        .or_else(|| s.strip_suffix("th"))
        .unwrap_or(s);
    (s.len() <= 2)
        .then(|| number(s))
        .flatten()
        .filter(|d| (1..=31).contains(d))
        .map(|d| d as i8)
}

/// `2024-07-09` written as one word.
fn iso_date(s: &str) -> Option<TimeExpr> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day) = (year_of(y)?, number(m)? as i8, number(d)? as i8);
    Date::new(year, month, day).ok()?;
    Some(TimeExpr::Date { year, month, day })
}

/// Parse a time expression that starts at `w[i]`; returns the index one past its last word and
/// the expression. A leading preposition (`on`, `in`, `during`, `since`, `back in`) is part of it.
pub fn parse_words(data: &TimeData, w: &[W<'_>], i: usize) -> Option<(usize, TimeExpr)> {
    let at = |k: usize| w.get(k).map(|x| x.lower).unwrap_or("");
    let kind = |k: usize| w.get(k).and_then(|x| data.word(x.lower));
    let mut j = i;
    let mut since = false;
    let mut prep = false;
    if at(j) == "back" && at(j + 1) == "in" {
        j += 2;
        prep = true;
    } else {
        match kind(j) {
            Some(Word::Since) => {
                since = true;
                j += 1;
            }
            Some(Word::Prep) => {
                prep = true;
                j += 1;
            }
            _ => {}
        }
    }
    let (end, expr) = parse_core(data, w, j, prep || since)?;
    if since {
        return match expr {
            TimeExpr::Year(_)
            | TimeExpr::Month(_)
            | TimeExpr::MonthYear { .. }
            | TimeExpr::Date { .. }
            | TimeExpr::MonthDay { .. } => Some((end, TimeExpr::Since(Box::new(expr)))),
            _ => None,
        };
    }
    Some((end, expr))
}

fn parse_core(
    data: &TimeData,
    w: &[W<'_>],
    j: usize,
    after_prep: bool,
) -> Option<(usize, TimeExpr)> {
    let at = |k: usize| w.get(k).map(|x| x.lower).unwrap_or("");
    let cap = |k: usize| w.get(k).is_some_and(|x| x.cap);
    let kind = |k: usize| w.get(k).and_then(|x| data.word(x.lower));
    let unit_at = |k: usize| match kind(k) {
        Some(Word::Unit(u)) => Some(u),
        _ => None,
    };
    let month_at = |k: usize| {
        if !cap(k) {
            return None;
        }
        data.months.get(at(k)).copied()
    };
    let first = at(j);
    if first.is_empty() {
        return None;
    }
    // 2024-07-09, as one word or as `2024 - 07 - 09`.
    if let Some(e) = iso_date(first) {
        return Some((j + 1, e));
    }
    if year_of(first).is_some() && at(j + 1) == "-" && at(j + 3) == "-" {
        let joined = format!("{}-{}-{}", first, at(j + 2), at(j + 4));
        if let Some(e) = iso_date(&joined) {
            return Some((j + 5, e));
        }
    }
    // July 9, 2024 / July 9 / July 2024 / July.
    if let Some(month) = month_at(j) {
        // `May` and `March` are also common words: need a day, a year or a preposition.
        let ambiguous = month == 5 || month == 3;
        if let Some(day) = day_of(at(j + 1)) {
            let mut k = j + 2;
            if at(k) == "," {
                k += 1;
            }
            if let Some(year) = year_of(at(k)) {
                Date::new(year, month, day).ok()?;
                return Some((k + 1, TimeExpr::Date { year, month, day }));
            }
            // The day must exist in some year (Feb 29 does).
            Date::new(2024, month, day).ok()?;
            return Some((j + 2, TimeExpr::MonthDay { month, day }));
        }
        if let Some(year) = year_of(at(j + 1)) {
            return Some((j + 2, TimeExpr::MonthYear { year, month }));
        }
        if ambiguous && !after_prep {
            return None;
        }
        return Some((j + 1, TimeExpr::Month(month)));
    }
    // 9 July 2024 / 9 July.
    if let (Some(day), Some(month)) = (day_of(first), month_at(j + 1)) {
        if let Some(year) = year_of(at(j + 2)) {
            Date::new(year, month, day).ok()?;
            return Some((j + 3, TimeExpr::Date { year, month, day }));
        }
        Date::new(2024, month, day).ok()?;
        return Some((j + 2, TimeExpr::MonthDay { month, day }));
    }
    // Tuesday, Monday night.
    if cap(j) {
        if let Some(&wd) = data.weekdays.get(first) {
            let mut k = j + 1;
            if matches!(kind(k), Some(Word::PartOfDay)) {
                k += 1;
            }
            return Some((k, TimeExpr::Weekday(wd)));
        }
    }
    if let Some(year) = year_of(first) {
        return Some((j + 1, TimeExpr::Year(year)));
    }
    match kind(j) {
        // `today's world` is not a date
        Some(Word::Day(_)) if matches!(at(j + 1), "'s" | "’s") => return None,
        Some(Word::Day(d)) => {
            let mut k = j + 1;
            if matches!(kind(k), Some(Word::PartOfDay)) {
                k += 1;
            }
            return Some((k, TimeExpr::RelDay(d)));
        }
        Some(Word::Shift(shift)) => {
            if let Some(unit) = unit_at(j + 1) {
                if unit != Unit::Day {
                    return Some((j + 2, TimeExpr::RelUnit { unit, shift }));
                }
            }
            // `last two years` reads like `the past two years`.
            if shift == -1 {
                if let (Some(Word::Number(n)), Some(unit)) = (kind(j + 1), unit_at(j + 2)) {
                    return Some((j + 3, TimeExpr::Past { unit, n }));
                }
            }
            return None;
        }
        Some(Word::Edge) | Some(Word::Later)
            if matches!(kind(j + 1), Some(Word::Shift(0))) && unit_at(j + 2).is_some() =>
        {
            let unit = unit_at(j + 2)?;
            return Some((j + 3, TimeExpr::RelUnit { unit, shift: 0 }));
        }
        _ => {}
    }
    // the past two years / the last three months
    if first == "the" {
        if let Some(Word::Past) | Some(Word::Shift(-1)) = kind(j + 1) {
            if let (Some(Word::Number(n)), Some(unit)) = (kind(j + 2), unit_at(j + 3)) {
                return Some((j + 4, TimeExpr::Past { unit, n }));
            }
            if let Some(unit) = unit_at(j + 2) {
                return Some((j + 3, TimeExpr::Past { unit, n: 1 }));
            }
        }
    }
    // for the third year in a row / for the second consecutive year / third straight year
    {
        let mut k = j;
        if first == "for" {
            k += 1;
        }
        if at(k) == "the" {
            k += 1;
        }
        if matches!(kind(k), Some(Word::Ordinal)) {
            let mut m = k + 1;
            let mut streak = false;
            if matches!(kind(m), Some(Word::Streak(0))) {
                streak = true;
                m += 1;
            }
            if unit_at(m) == Some(Unit::Year) {
                m += 1;
                if at(m) == "in" && at(m + 1) == "a" && matches!(kind(m + 2), Some(Word::Streak(1)))
                {
                    return Some((m + 3, TimeExpr::Streak));
                }
                if matches!(kind(m), Some(Word::Streak(2))) {
                    return Some((m + 1, TimeExpr::Streak));
                }
                if streak {
                    return Some((m, TimeExpr::Streak));
                }
            }
        }
    }
    // three days ago / two years later
    let n = match kind(j) {
        Some(Word::Number(n)) => Some(n),
        _ => number(first).filter(|n| *n <= 1000),
    };
    if let (Some(n), Some(unit)) = (n, unit_at(j + 1)) {
        match kind(j + 2) {
            Some(Word::Ago) => return Some((j + 3, TimeExpr::Ago { unit, n })),
            Some(Word::Later) => return Some((j + 3, TimeExpr::Later { unit, n })),
            _ => {}
        }
    }
    None
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

fn month_start(year: i64, month0: i64) -> Option<Date> {
    let total = year * 12 + month0;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    Date::new(i16::try_from(y).ok()?, m as i8, 1).ok()
}

fn week_start(d: Date) -> Option<Date> {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

fn year_start(y: i64) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, 1, 1).ok()
}

fn unit_start(unit: Unit, d: Date, shift: i64) -> Option<(Date, DatePrecision)> {
    Some(match unit {
        Unit::Day => (add_days(d, shift)?, DatePrecision::Day),
        Unit::Week => (
            add_days(week_start(d)?, shift.checked_mul(7)?)?,
            DatePrecision::Week,
        ),
        Unit::Month => (
            month_start(
                i64::from(d.year()),
                i64::from(d.month()) - 1 + shift.clamp(-200_000, 200_000),
            )?,
            DatePrecision::Month,
        ),
        Unit::Year => (
            year_start(i64::from(d.year()) + shift.clamp(-20_000, 20_000))?,
            DatePrecision::Year,
        ),
    })
}

fn precision_of(unit: Unit) -> DatePrecision {
    match unit {
        Unit::Day => DatePrecision::Day,
        Unit::Week => DatePrecision::Week,
        Unit::Month => DatePrecision::Month,
        Unit::Year => DatePrecision::Year,
    }
}

/// Resolve a parsed expression against the publication date. `anchor_year` is the year that
/// `two years later` counts from. Returns `None` only when the expression names no real date
/// (`February 30, 2023`) or falls outside the calendar; a relative expression without a
/// publication date resolves to a [`Resolved`] whose `value` is `None`.
pub fn resolve_expr(
    expr: &TimeExpr,
    published: Option<Date>,
    tense: Tense,
    anchor_year: Option<i16>,
) -> Option<Resolved> {
    let day = |d: Option<Date>| Resolved {
        value: d,
        end: None,
        precision: DatePrecision::Day,
    };
    let unresolved = |precision| {
        Some(Resolved {
            value: None,
            end: None,
            precision,
        })
    };
    match expr {
        TimeExpr::Date {
            year,
            month,
            day: d,
        } => Some(day(Some(Date::new(*year, *month, *d).ok()?))),
        TimeExpr::MonthYear { year, month } => Some(Resolved {
            value: Some(Date::new(*year, *month, 1).ok()?),
            end: None,
            precision: DatePrecision::Month,
        }),
        TimeExpr::Year(y) => Some(Resolved {
            value: Some(Date::new(*y, 1, 1).ok()?),
            end: None,
            precision: DatePrecision::Year,
        }),
        TimeExpr::MonthDay { month, day: d } => {
            let Some(p) = published else {
                return unresolved(DatePrecision::Day);
            };
            let y = i64::from(p.year());
            let at = |y: i64| Date::new(i16::try_from(y).ok()?, *month, *d).ok();
            let value = match tense {
                Tense::Past => match at(y) {
                    Some(x) if x <= p => Some(x),
                    _ => at(y - 1).or_else(|| at(y - 4)),
                },
                Tense::Future => match at(y) {
                    Some(x) if x >= p => Some(x),
                    _ => at(y + 1).or_else(|| at(y + 4)),
                },
            };
            Some(day(Some(value?)))
        }
        TimeExpr::Month(m) => {
            let Some(p) = published else {
                return unresolved(DatePrecision::Month);
            };
            let y = i64::from(p.year());
            let this = month_start(y, i64::from(*m) - 1)?;
            let value = match tense {
                Tense::Past if this <= p => this,
                Tense::Past => month_start(y - 1, i64::from(*m) - 1)?,
                Tense::Future if *m >= p.month() => this,
                Tense::Future => month_start(y + 1, i64::from(*m) - 1)?,
            };
            Some(Resolved {
                value: Some(value),
                end: None,
                precision: DatePrecision::Month,
            })
        }
        TimeExpr::Weekday(wd) => {
            let Some(p) = published else {
                return unresolved(DatePrecision::Day);
            };
            let (a, b) = (
                i64::from(p.weekday().to_monday_zero_offset()),
                i64::from(wd.to_monday_zero_offset()),
            );
            let offset = match tense {
                Tense::Past => -(a - b).rem_euclid(7),
                Tense::Future => (b - a).rem_euclid(7),
            };
            Some(day(Some(add_days(p, offset)?)))
        }
        TimeExpr::RelDay(n) => match published {
            Some(p) => Some(day(Some(add_days(p, *n)?))),
            None => unresolved(DatePrecision::Day),
        },
        TimeExpr::RelUnit { unit, shift } => match published {
            Some(p) => {
                let (value, precision) = unit_start(*unit, p, *shift)?;
                Some(Resolved {
                    value: Some(value),
                    end: None,
                    precision,
                })
            }
            None => unresolved(precision_of(*unit)),
        },
        TimeExpr::Ago { unit, n } => match published {
            Some(p) => {
                let (value, precision) = match unit {
                    Unit::Day => (add_days(p, -n)?, DatePrecision::Day),
                    _ => unit_start(*unit, p, -n)?,
                };
                Some(Resolved {
                    value: Some(value),
                    end: None,
                    precision,
                })
            }
            None => unresolved(precision_of(*unit)),
        },
        TimeExpr::Past { unit, n } => match published {
            Some(p) => {
                let start = match unit {
                    Unit::Day => add_days(p, -n)?,
                    Unit::Week => add_days(p, -n.checked_mul(7)?)?,
                    Unit::Month => {
                        let s = month_start(
                            i64::from(p.year()),
                            i64::from(p.month()) - 1 - (*n).clamp(0, 200_000),
                        )?;
                        Date::new(s.year(), s.month(), p.day().min(s.days_in_month())).ok()?
                    }
                    Unit::Year => {
                        let y = i16::try_from(i64::from(p.year()).checked_sub(*n)?).ok()?;
                        let d = Date::new(y, p.month(), 1).ok()?;
                        Date::new(y, p.month(), p.day().min(d.days_in_month())).ok()?
                    }
                };
                Some(Resolved {
                    value: Some(start),
                    end: Some(p),
                    precision: DatePrecision::Range,
                })
            }
            None => unresolved(DatePrecision::Range),
        },
        TimeExpr::Later { unit, n } => {
            let precision = precision_of(*unit);
            match (anchor_year, unit) {
                (Some(y), Unit::Year) => Some(Resolved {
                    value: Some(year_start(i64::from(y) + n)?),
                    end: None,
                    precision,
                }),
                _ => unresolved(precision),
            }
        }
        TimeExpr::Streak => match published {
            Some(p) => Some(Resolved {
                value: Some(year_start(i64::from(p.year()))?),
                end: None,
                precision: DatePrecision::Year,
            }),
            None => unresolved(DatePrecision::Year),
        },
        TimeExpr::Since(inner) => {
            let start = resolve_expr(inner, published, Tense::Past, anchor_year)?;
            Some(Resolved {
                value: start.value,
                end: published.filter(|p| start.value.is_some_and(|s| s <= *p)),
                precision: DatePrecision::Range,
            })
        }
    }
}

/// Split a plain string into the words the parser sees: runs of letters, digits, periods and
/// apostrophes, and single punctuation characters.
fn split_words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let wordish = c.is_alphanumeric() || c == '.' || c == '\'';
        match (wordish, start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                out.push((a, i));
                start = None;
            }
            _ => {}
        }
        if !wordish && !c.is_whitespace() {
            out.push((i, i + c.len_utf8()));
        }
    }
    if let Some(a) = start {
        out.push((a, s.len()));
    }
    // A final period belongs to the sentence, not to the word (`in April.`), unless the word
    // is a listed abbreviation like `Jan.`; the parser tries both.
    out
}

/// Parse and resolve a time expression written as a plain string (`on Tuesday`, `last month`,
/// `since 2019`, `July 9, 2024`). The whole string must be one expression (a final `.` is
/// ignored); returns `None` when it is not. Never panics, whatever the input.
pub fn resolve(
    expr: &str,
    published: Option<Date>,
    tense: Tense,
    data: &TimeData,
) -> Option<Resolved> {
    let expr = expr.trim().trim_end_matches('.');
    let spans = split_words(expr);
    let lowers: Vec<String> = spans
        .iter()
        .map(|&(a, b)| expr[a..b].to_ascii_lowercase())
        .collect();
    let words: Vec<W<'_>> = spans
        .iter()
        .zip(&lowers)
        .map(|(&(a, _), l)| W {
            lower: l.as_str(),
            cap: expr[a..].chars().next().is_some_and(char::is_uppercase),
        })
        .collect();
    let (end, parsed) = parse_words(data, &words, 0)?;
    if end != words.len() {
        return None;
    }
    resolve_expr(&parsed, published, tense, None)
}

/// The lower-cased words of a document's tokens, for the parsers of this module and the event
/// stage: one ASCII-lower-cased copy of the text, sliced per token.
pub fn lower_text(doc: &Document) -> String {
    doc.text.to_ascii_lowercase()
}

/// Every time expression in the document, in text order, with the anchor year for `later`.
pub fn find_times(doc: &Document, lower: &str, data: &TimeData) -> Vec<TimeMention> {
    let tokens = doc.tokens();
    let mut out = Vec::new();
    let mut prev_sentence_year: Option<i16> = None;
    for (si, s) in doc.sentences().iter().enumerate() {
        let range = s.token_range();
        let words: Vec<W<'_>> = tokens[range.clone()]
            .iter()
            .map(|t| W {
                lower: &lower[t.span.start()..t.span.end()],
                cap: t.kind == TokenKind::Word
                    && doc.text[t.span.start()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase),
            })
            .collect();
        let mut anchor = prev_sentence_year;
        let mut this_sentence_year = None;
        let mut i = 0;
        while i < words.len() {
            if let Some((end, expr)) = parse_words(data, &words, i) {
                let end = end.min(words.len());
                let span = Span::new(
                    tokens[range.start + i].span.start(),
                    tokens[range.start + end - 1].span.end(),
                );
                let year = match &expr {
                    TimeExpr::Year(y)
                    | TimeExpr::MonthYear { year: y, .. }
                    | TimeExpr::Date { year: y, .. } => Some(*y),
                    TimeExpr::Since(inner) => match inner.as_ref() {
                        TimeExpr::Year(y) | TimeExpr::MonthYear { year: y, .. } => Some(*y),
                        _ => None,
                    },
                    _ => None,
                };
                out.push(TimeMention {
                    span,
                    expr,
                    sentence: si,
                    first_token: range.start + i,
                    end_token: range.start + end,
                    anchor_year: anchor,
                });
                if let Some(y) = year {
                    anchor = Some(y);
                    this_sentence_year = Some(y);
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        prev_sentence_year = this_sentence_year;
    }
    out
}

/// Resolve a found expression into the [`EventDate`] kept on an event.
pub fn event_date(doc: &Document, m: &TimeMention, tense: Tense) -> Option<EventDate> {
    let r = resolve_expr(&m.expr, doc.meta.published, tense, m.anchor_year)?;
    Some(EventDate {
        value: r.value,
        end: r.end,
        precision: r.precision,
        text: doc.text_of(m.span).to_string(),
        span: m.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Meta;
    use crate::stage::Stage;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn data() -> &'static TimeData {
        static D: OnceLock<TimeData> = OnceLock::new();
        D.get_or_init(|| TimeData::load(&DataDir::from_env()).expect("time data"))
    }

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    /// Monday 8 July 2024.
    fn pubd() -> Option<Date> {
        Some(d("2024-07-08"))
    }

    fn val(expr: &str, tense: Tense) -> (Option<String>, DatePrecision) {
        let r = resolve(expr, pubd(), tense, data()).unwrap_or_else(|| panic!("{expr:?}"));
        (r.value.map(|v| v.to_string()), r.precision)
    }

    fn day(expr: &str, tense: Tense) -> String {
        let (v, p) = val(expr, tense);
        assert_eq!(p, DatePrecision::Day, "{expr}");
        v.expect("value")
    }

    #[test]
    fn weekday_past_is_most_recent_on_or_before() {
        assert_eq!(day("on Friday", Tense::Past), "2024-07-05");
        assert_eq!(day("Monday", Tense::Past), "2024-07-08");
        assert_eq!(day("On Tuesday", Tense::Past), "2024-07-02");
    }

    #[test]
    fn weekday_future_is_next_on_or_after() {
        assert_eq!(day("Tuesday", Tense::Future), "2024-07-09");
        assert_eq!(day("on Thursday", Tense::Future), "2024-07-11");
        assert_eq!(day("Sunday night", Tense::Future), "2024-07-14");
    }

    #[test]
    fn relative_days() {
        assert_eq!(day("yesterday", Tense::Past), "2024-07-07");
        assert_eq!(day("today", Tense::Past), "2024-07-08");
        assert_eq!(day("tomorrow", Tense::Future), "2024-07-09");
    }

    #[test]
    fn weeks_months_years_relative() {
        assert_eq!(
            val("last week", Tense::Past),
            (Some("2024-07-01".into()), DatePrecision::Week)
        );
        assert_eq!(
            val("this week", Tense::Past),
            (Some("2024-07-08".into()), DatePrecision::Week)
        );
        assert_eq!(
            val("last month", Tense::Past),
            (Some("2024-06-01".into()), DatePrecision::Month)
        );
        assert_eq!(
            val("last year", Tense::Past),
            (Some("2023-01-01".into()), DatePrecision::Year)
        );
        assert_eq!(
            val("next year", Tense::Future),
            (Some("2025-01-01".into()), DatePrecision::Year)
        );
        assert_eq!(
            val("earlier this month", Tense::Past),
            (Some("2024-07-01".into()), DatePrecision::Month)
        );
    }

    #[test]
    fn month_without_year_depends_on_tense() {
        assert_eq!(
            val("in April", Tense::Past),
            (Some("2024-04-01".into()), DatePrecision::Month)
        );
        assert_eq!(
            val("in September", Tense::Past),
            (Some("2023-09-01".into()), DatePrecision::Month)
        );
        assert_eq!(
            val("in September", Tense::Future),
            (Some("2024-09-01".into()), DatePrecision::Month)
        );
        assert_eq!(
            val("in April", Tense::Future),
            (Some("2025-04-01".into()), DatePrecision::Month)
        );
        assert_eq!(
            val("Back in January", Tense::Past),
            (Some("2024-01-01".into()), DatePrecision::Month)
        );
    }

    #[test]
    fn month_with_year_and_years() {
        assert_eq!(
            val("in January 2023", Tense::Past),
            (Some("2023-01-01".into()), DatePrecision::Month)
        );
        assert_eq!(
            val("in 2019", Tense::Past),
            (Some("2019-01-01".into()), DatePrecision::Year)
        );
    }

    #[test]
    fn explicit_dates_all_forms() {
        assert_eq!(day("July 9, 2024", Tense::Past), "2024-07-09");
        assert_eq!(day("9 July 2024", Tense::Past), "2024-07-09");
        assert_eq!(day("2024-07-09", Tense::Past), "2024-07-09");
        assert_eq!(day("on Jan. 5", Tense::Past), "2024-01-05");
        assert_eq!(day("Dec. 5", Tense::Past), "2023-12-05");
        assert!(resolve("February 30, 2023", pubd(), Tense::Past, data()).is_none());
    }

    #[test]
    fn streak_is_publication_year() {
        assert_eq!(
            val("for the third year in a row", Tense::Past),
            (Some("2024-01-01".into()), DatePrecision::Year)
        );
        assert_eq!(
            val("for the second consecutive year", Tense::Past),
            (Some("2024-01-01".into()), DatePrecision::Year)
        );
    }

    #[test]
    fn since_is_range_to_publication() {
        let r = resolve("since 2019", pubd(), Tense::Past, data()).expect("since");
        assert_eq!(r.value, Some(d("2019-01-01")));
        assert_eq!(r.end, Some(d("2024-07-08")));
        assert_eq!(r.precision, DatePrecision::Range);
        let r = resolve("the past two years", pubd(), Tense::Past, data()).expect("past");
        assert_eq!(r.value, Some(d("2022-07-08")));
        assert_eq!(r.end, pubd());
    }

    #[test]
    fn ago_and_later() {
        assert_eq!(day("three days ago", Tense::Past), "2024-07-05");
        let later = parse_words(
            data(),
            &[
                W {
                    lower: "two",
                    cap: true,
                },
                W {
                    lower: "years",
                    cap: false,
                },
                W {
                    lower: "later",
                    cap: false,
                },
            ],
            0,
        )
        .expect("later")
        .1;
        let r = resolve_expr(&later, pubd(), Tense::Past, Some(2019)).expect("r");
        assert_eq!(r.value, Some(d("2021-01-01")));
        let r = resolve_expr(&later, pubd(), Tense::Past, None).expect("r");
        assert_eq!(r.value, None);
    }

    #[test]
    fn relative_without_publication_keeps_null_value() {
        let r = resolve("last month", None, Tense::Past, data()).expect("parsed");
        assert_eq!(r.value, None);
        assert_eq!(r.precision, DatePrecision::Month);
        let r = resolve("in 2021", None, Tense::Past, data()).expect("parsed");
        assert_eq!(r.value, Some(d("2021-01-01")));
    }

    #[test]
    fn not_time_expressions() {
        for s in [
            "may",
            "the march",
            "in",
            "last",
            "Monday morning meeting",
            "1,000",
        ] {
            assert!(resolve(s, pubd(), Tense::Past, data()).is_none(), "{s}");
        }
    }

    fn segmented(text: &str) -> Document {
        let mut doc = Document::new(
            text.to_string(),
            Meta {
                published: pubd(),
                ..Meta::default()
            },
        );
        crate::stages::segment::SegmentStage::for_tests()
            .run(&mut doc)
            .expect("segment");
        doc
    }

    #[test]
    fn find_times_in_sentences_keeps_text_and_anchor() {
        let doc = segmented(
            "Talks began in 2019. Two years later, the ministers met on Monday. \
             They may meet again in May, officials said on July 9, 2024, and on 2024-07-10.",
        );
        let found = find_times(&doc, &lower_text(&doc), data());
        let texts: Vec<&str> = found.iter().map(|m| doc.text_of(m.span)).collect();
        assert_eq!(
            texts,
            vec![
                "in 2019",
                "Two years later",
                "on Monday",
                "in May",
                "on July 9, 2024",
                "on 2024-07-10"
            ]
        );
        assert_eq!(found[1].anchor_year, Some(2019));
        let date = event_date(&doc, &found[1], Tense::Past).expect("date");
        assert_eq!(date.value, Some(d("2021-01-01")));
        assert_eq!(date.text, "Two years later");
        let date = event_date(&doc, &found[5], Tense::Past).expect("date");
        assert_eq!(date.value, Some(d("2024-07-10")));
    }

    fn any_expr() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "on",
            "in",
            "since",
            "last",
            "this",
            "next",
            "Monday",
            "Friday",
            "April",
            "May",
            "January",
            "2019",
            "2023",
            "two",
            "three",
            "years",
            "year",
            "weeks",
            "month",
            "ago",
            "later",
            "the",
            "past",
            "for",
            "third",
            "in a row",
            "9",
            "31",
            ",",
            "yesterday",
            "today",
            "Back",
            "-",
            "07",
            "consecutive",
            "February",
            "29",
        ]);
        prop::collection::vec(words, 1..6).prop_map(|v| v.join(" "))
    }

    proptest! {
        #[test]
        fn resolve_never_panics_on_any_string(s in "\\PC{0,40}", y in 1i16..9999, m in 1i8..=12, dd in 1i8..=28) {
            let p = Date::new(y, m, dd).ok();
            let _ = resolve(&s, p, Tense::Past, data());
            let _ = resolve(&s, p, Tense::Future, data());
            let _ = resolve(&s, None, Tense::Past, data());
        }

        #[test]
        fn past_expressions_never_after_publication(s in any_expr(), y in 1901i16..2099, m in 1i8..=12, dd in 1i8..=28) {
            let p = Date::new(y, m, dd).expect("date");
            let words: Vec<&str> = s.split(' ').collect();
            let relative_past = !words.iter().any(|w| matches!(*w, "next" | "later" | "today" | "this"))
                && !words.iter().any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
            if let Some(r) = resolve(&s, Some(p), Tense::Past, data()) {
                if relative_past {
                    if let Some(v) = r.value {
                        prop_assert!(v <= p, "{s:?} resolved to {v} after {p}");
                    }
                }
                if let (Some(a), Some(b)) = (r.value, r.end) {
                    prop_assert!(a <= b);
                }
            }
        }

        #[test]
        fn future_weekdays_never_before_publication(w in 0usize..7, y in 1901i16..2099, m in 1i8..=12, dd in 1i8..=28) {
            let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
            let p = Date::new(y, m, dd).expect("date");
            let r = resolve(names[w], Some(p), Tense::Future, data()).expect("weekday");
            let v = r.value.expect("value");
            prop_assert!(v >= p && v <= add_days(p, 6).expect("d"));
            let r = resolve(names[w], Some(p), Tense::Past, data()).expect("weekday");
            let v = r.value.expect("value");
            prop_assert!(v <= p && v >= add_days(p, -6).expect("d"));
        }
    }
}
