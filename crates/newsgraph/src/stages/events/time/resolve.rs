//! Resolve: a [`TimeExpr`] to dates, against the publication date and the tense.

use super::*;

pub(super) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

pub(super) fn month_start(year: i64, month0: i64) -> Option<Date> {
    let total = year * 12 + month0;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    Date::new(i16::try_from(y).ok()?, m as i8, 1).ok()
}

pub(super) fn week_start(d: Date) -> Option<Date> {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

pub(super) fn year_start(y: i64) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, 1, 1).ok()
}

pub(super) fn unit_start(unit: Unit, d: Date, shift: i64) -> Option<(Date, DatePrecision)> {
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

pub(super) fn precision_of(unit: Unit) -> DatePrecision {
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
    // Everything but a full date, a month of a year, a year and `N years later` counts from the
    // publication date; without one the precision is still known.
    let relative = |precision, resolve: &dyn Fn(Date) -> Option<Resolved>| match published {
        Some(p) => resolve(p),
        None => Some(Resolved {
            value: None,
            end: None,
            precision,
        }),
    };
    match expr {
        TimeExpr::Date { year, month, day } => Some(one_day(Date::new(*year, *month, *day).ok()?)),
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
        TimeExpr::MonthDay { month, day } => relative(DatePrecision::Day, &|p| {
            nearest_month_day(p, *month, *day, tense).map(one_day)
        }),
        TimeExpr::Month(m) => relative(DatePrecision::Month, &|p| nearest_month(p, *m, tense)),
        TimeExpr::Weekday(wd) => relative(DatePrecision::Day, &|p| {
            nearest_weekday(p, *wd, tense).map(one_day)
        }),
        TimeExpr::RelDay(n) => relative(DatePrecision::Day, &|p| add_days(p, *n).map(one_day)),
        TimeExpr::RelUnit { unit, shift } => relative(precision_of(*unit), &|p| {
            let (value, precision) = unit_start(*unit, p, *shift)?;
            Some(Resolved {
                value: Some(value),
                end: None,
                precision,
            })
        }),
        TimeExpr::Ago { unit, n } => relative(precision_of(*unit), &|p| {
            let (value, precision) = match unit {
                Unit::Day => (add_days(p, -n)?, DatePrecision::Day),
                _ => unit_start(*unit, p, -n)?,
            };
            Some(Resolved {
                value: Some(value),
                end: None,
                precision,
            })
        }),
        TimeExpr::Past { unit, n } => relative(DatePrecision::Range, &|p| {
            Some(Resolved {
                value: Some(past_start(p, *unit, *n)?),
                end: Some(p),
                precision: DatePrecision::Range,
            })
        }),
        TimeExpr::Later { unit, n } => {
            let precision = precision_of(*unit);
            match (anchor_year, unit) {
                (Some(y), Unit::Year) => Some(Resolved {
                    value: Some(year_start(i64::from(y) + n)?),
                    end: None,
                    precision,
                }),
                _ => Some(Resolved {
                    value: None,
                    end: None,
                    precision,
                }),
            }
        }
        TimeExpr::Streak => relative(DatePrecision::Year, &|p| {
            Some(Resolved {
                value: Some(year_start(i64::from(p.year()))?),
                end: None,
                precision: DatePrecision::Year,
            })
        }),
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

/// One day, resolved.
fn one_day(d: Date) -> Resolved {
    Resolved {
        value: Some(d),
        end: None,
        precision: DatePrecision::Day,
    }
}

/// `July 9` said on `p`: the nearest such day at or before `p` in the past tense, at or after
/// it in the future; four years away for February 29.
fn nearest_month_day(p: Date, month: i8, day: i8, tense: Tense) -> Option<Date> {
    let y = i64::from(p.year());
    let at = |y: i64| Date::new(i16::try_from(y).ok()?, month, day).ok();
    match tense {
        Tense::Past => match at(y) {
            Some(x) if x <= p => Some(x),
            _ => at(y - 1).or_else(|| at(y - 4)),
        },
        Tense::Future => match at(y) {
            Some(x) if x >= p => Some(x),
            _ => at(y + 1).or_else(|| at(y + 4)),
        },
    }
}

/// `in March` said on `p`: this year's March unless it lies on the wrong side of `p` for the
/// tense, then last or next year's.
fn nearest_month(p: Date, m: i8, tense: Tense) -> Option<Resolved> {
    let y = i64::from(p.year());
    let this = month_start(y, i64::from(m) - 1)?;
    let value = match tense {
        Tense::Past if this <= p => this,
        Tense::Past => month_start(y - 1, i64::from(m) - 1)?,
        Tense::Future if m >= p.month() => this,
        Tense::Future => month_start(y + 1, i64::from(m) - 1)?,
    };
    Some(Resolved {
        value: Some(value),
        end: None,
        precision: DatePrecision::Month,
    })
}

/// `on Tuesday` said on `p`: the nearest such weekday at or before `p` in the past tense, at or
/// after it in the future.
fn nearest_weekday(p: Date, wd: Weekday, tense: Tense) -> Option<Date> {
    let (a, b) = (
        i64::from(p.weekday().to_monday_zero_offset()),
        i64::from(wd.to_monday_zero_offset()),
    );
    let offset = match tense {
        Tense::Past => -(a - b).rem_euclid(7),
        Tense::Future => (b - a).rem_euclid(7),
    };
    add_days(p, offset)
}

/// The first day of `the past N units` before `p` (the same day of the month, where the month
/// has it).
fn past_start(p: Date, unit: Unit, n: i64) -> Option<Date> {
    Some(match unit {
        Unit::Day => add_days(p, -n)?,
        Unit::Week => add_days(p, -n.checked_mul(7)?)?,
        Unit::Month => {
            let s = month_start(
                i64::from(p.year()),
                i64::from(p.month()) - 1 - n.clamp(0, 200_000),
            )?;
            Date::new(s.year(), s.month(), p.day().min(s.days_in_month())).ok()?
        }
        Unit::Year => {
            let y = i16::try_from(i64::from(p.year()).checked_sub(n)?).ok()?;
            let d = Date::new(y, p.month(), 1).ok()?;
            Date::new(y, p.month(), p.day().min(d.days_in_month())).ok()?
        }
    })
}

/// Split a plain string into the words the parser sees: runs of letters, digits, periods and
/// apostrophes, and single punctuation characters.
pub(super) fn split_words(s: &str) -> Vec<(usize, usize)> {
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
