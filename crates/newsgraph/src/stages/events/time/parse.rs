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

/// The words a time expression is parsed from, with what the word lists say about them.
struct Words<'a, 'w> {
    data: &'a TimeData,
    w: &'a [W<'w>],
}

impl<'w> Words<'_, 'w> {
    /// The lower-cased word at `k`, or `""` past the end.
    fn at(&self, k: usize) -> &'w str {
        self.w.get(k).map(|x| x.lower).unwrap_or("")
    }
    fn cap(&self, k: usize) -> bool {
        self.w.get(k).is_some_and(|x| x.cap)
    }
    fn kind(&self, k: usize) -> Option<Word> {
        self.w.get(k).and_then(|x| self.data.word(x.lower))
    }
    fn unit_at(&self, k: usize) -> Option<Unit> {
        match self.kind(k) {
            Some(Word::Unit(u)) => Some(u),
            _ => None,
        }
    }
    /// A month name, capitalised (`may` is a verb).
    fn month_at(&self, k: usize) -> Option<i8> {
        if !self.cap(k) {
            return None;
        }
        self.data.months.get(self.at(k)).copied()
    }
}

/// Words that read like one pattern of [`parse_core`] but name no date (`February 30`,
/// `today's`): no later pattern may take them either.
struct NotTime;

/// What one pattern says about the words at `j`: the expression and the index one past it, or
/// `Ok(None)` when the pattern does not apply, or [`NotTime`].
type Found = std::result::Result<Option<(usize, TimeExpr)>, NotTime>;

/// Parse the expression at `w[j]`, its preposition (if any) already read: `after_prep` lets
/// `May` and `March` alone be months. The patterns are tried in order; the first that applies
/// decides.
pub(super) fn parse_core(
    data: &TimeData,
    w: &[W<'_>],
    j: usize,
    after_prep: bool,
) -> Option<(usize, TimeExpr)> {
    let words = Words { data, w };
    if words.at(j).is_empty() {
        return None;
    }
    let patterns: [fn(&Words<'_, '_>, usize, bool) -> Found; 8] = [
        numeric_date,
        month_first,
        day_first,
        weekday_or_year,
        relative_word,
        the_past_units,
        streak,
        count_ago_or_later,
    ];
    for pattern in patterns {
        match pattern(&words, j, after_prep) {
            Ok(None) => continue,
            Ok(found) => return found,
            Err(NotTime) => return None,
        }
    }
    None
}

/// A real day of `month` in `year`, else [`NotTime`].
fn real_day(year: i16, month: i8, day: i8) -> std::result::Result<(), NotTime> {
    Date::new(year, month, day).map(|_| ()).map_err(|_| NotTime)
}

/// `2024-07-09`, as one word or as `2024 - 07 - 09`.
fn numeric_date(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    let first = w.at(j);
    if let Some(e) = iso_date(first) {
        return Ok(Some((j + 1, e)));
    }
    if year_of(first).is_some() && w.at(j + 1) == "-" && w.at(j + 3) == "-" {
        let joined = format!("{}-{}-{}", first, w.at(j + 2), w.at(j + 4));
        if let Some(e) = iso_date(&joined) {
            return Ok(Some((j + 5, e)));
        }
    }
    Ok(None)
}

/// `July 9, 2024` / `July 9` / `July 2024` / `July`.
fn month_first(w: &Words<'_, '_>, j: usize, after_prep: bool) -> Found {
    let Some(month) = w.month_at(j) else {
        return Ok(None);
    };
    if let Some(day) = day_of(w.at(j + 1)) {
        let mut k = j + 2;
        if w.at(k) == "," {
            k += 1;
        }
        if let Some(year) = year_of(w.at(k)) {
            real_day(year, month, day)?;
            return Ok(Some((k + 1, TimeExpr::Date { year, month, day })));
        }
        // The day must exist in some year (Feb 29 does).
        real_day(2024, month, day)?;
        return Ok(Some((j + 2, TimeExpr::MonthDay { month, day })));
    }
    if let Some(year) = year_of(w.at(j + 1)) {
        return Ok(Some((j + 2, TimeExpr::MonthYear { year, month })));
    }
    // `May` and `March` are also common words: need a day, a year or a preposition.
    let ambiguous = month == 5 || month == 3;
    if ambiguous && !after_prep {
        return Err(NotTime);
    }
    Ok(Some((j + 1, TimeExpr::Month(month))))
}

/// `9 July 2024` / `9 July`.
fn day_first(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    let (Some(day), Some(month)) = (day_of(w.at(j)), w.month_at(j + 1)) else {
        return Ok(None);
    };
    if let Some(year) = year_of(w.at(j + 2)) {
        real_day(year, month, day)?;
        return Ok(Some((j + 3, TimeExpr::Date { year, month, day })));
    }
    real_day(2024, month, day)?;
    Ok(Some((j + 2, TimeExpr::MonthDay { month, day })))
}

/// `Tuesday`, `Monday night`; a year alone (`2019`).
fn weekday_or_year(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    let first = w.at(j);
    if w.cap(j) {
        if let Some(&wd) = w.data.weekdays.get(first) {
            let mut k = j + 1;
            if matches!(w.kind(k), Some(Word::PartOfDay)) {
                k += 1;
            }
            return Ok(Some((k, TimeExpr::Weekday(wd))));
        }
    }
    Ok(year_of(first).map(|year| (j + 1, TimeExpr::Year(year))))
}

/// A word relative to the publication date: `yesterday (evening)`, `next week`, `last two
/// years`, `later this month`.
fn relative_word(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    match w.kind(j) {
        // `today's world` is not a date
        Some(Word::Day(_)) if matches!(w.at(j + 1), "'s" | "’s") => Err(NotTime),
        Some(Word::Day(d)) => {
            let mut k = j + 1;
            if matches!(w.kind(k), Some(Word::PartOfDay)) {
                k += 1;
            }
            Ok(Some((k, TimeExpr::RelDay(d))))
        }
        Some(Word::Shift(shift)) => {
            if let Some(unit) = w.unit_at(j + 1) {
                if unit != Unit::Day {
                    return Ok(Some((j + 2, TimeExpr::RelUnit { unit, shift })));
                }
            }
            // `last two years` reads like `the past two years`.
            if shift == -1 {
                if let (Some(Word::Number(n)), Some(unit)) = (w.kind(j + 1), w.unit_at(j + 2)) {
                    return Ok(Some((j + 3, TimeExpr::Past { unit, n })));
                }
            }
            Err(NotTime)
        }
        Some(Word::Edge) | Some(Word::Later) if matches!(w.kind(j + 1), Some(Word::Shift(0))) => {
            Ok(w.unit_at(j + 2)
                .map(|unit| (j + 3, TimeExpr::RelUnit { unit, shift: 0 })))
        }
        _ => Ok(None),
    }
}

/// `the past two years` / `the last three months` / `the past year`.
fn the_past_units(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    if w.at(j) != "the" || !matches!(w.kind(j + 1), Some(Word::Past) | Some(Word::Shift(-1))) {
        return Ok(None);
    }
    if let (Some(Word::Number(n)), Some(unit)) = (w.kind(j + 2), w.unit_at(j + 3)) {
        return Ok(Some((j + 4, TimeExpr::Past { unit, n })));
    }
    Ok(w.unit_at(j + 2)
        .map(|unit| (j + 3, TimeExpr::Past { unit, n: 1 })))
}

/// `for the third year in a row` / `for the second consecutive year` / `third straight year`.
fn streak(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    let mut k = j;
    if w.at(k) == "for" {
        k += 1;
    }
    if w.at(k) == "the" {
        k += 1;
    }
    if !matches!(w.kind(k), Some(Word::Ordinal)) {
        return Ok(None);
    }
    let mut m = k + 1;
    let mut streak = false;
    if matches!(w.kind(m), Some(Word::Streak(0))) {
        streak = true;
        m += 1;
    }
    if w.unit_at(m) != Some(Unit::Year) {
        return Ok(None);
    }
    m += 1;
    if w.at(m) == "in" && w.at(m + 1) == "a" && matches!(w.kind(m + 2), Some(Word::Streak(1))) {
        return Ok(Some((m + 3, TimeExpr::Streak)));
    }
    if matches!(w.kind(m), Some(Word::Streak(2))) {
        return Ok(Some((m + 1, TimeExpr::Streak)));
    }
    Ok(streak.then_some((m, TimeExpr::Streak)))
}

/// `three days ago` / `two years later`.
fn count_ago_or_later(w: &Words<'_, '_>, j: usize, _: bool) -> Found {
    let n = match w.kind(j) {
        Some(Word::Number(n)) => Some(n),
        _ => number(w.at(j)).filter(|n| *n <= 1000),
    };
    let (Some(n), Some(unit)) = (n, w.unit_at(j + 1)) else {
        return Ok(None);
    };
    Ok(match w.kind(j + 2) {
        Some(Word::Ago) => Some((j + 3, TimeExpr::Ago { unit, n })),
        Some(Word::Later) => Some((j + 3, TimeExpr::Later { unit, n })),
        _ => None,
    })
}
