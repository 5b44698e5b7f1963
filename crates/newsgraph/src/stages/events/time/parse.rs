//! Parse: words to a [`TimeExpr`].

use super::*;

/// One word as the parser sees it: lower-cased text and whether it was capitalised.
#[derive(Debug, Clone, Copy)]
pub struct W<'a> {
    /// ASCII-lower-cased text.
    pub lower: &'a str,
    /// True when the original starts with an upper-case letter.
    pub cap: bool,
}

pub(super) fn number(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub(super) fn year_of(s: &str) -> Option<i16> {
    (s.len() == 4)
        .then(|| number(s))
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
        .map(|y| y as i16)
}

pub(super) fn day_of(s: &str) -> Option<i8> {
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
pub(super) fn iso_date(s: &str) -> Option<TimeExpr> {
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

pub(super) fn parse_core(
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
