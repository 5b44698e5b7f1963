//! Finding amounts in a sentence and reading their values.

use super::data::AmountData;
use crate::document::{Amount, AmountKind, Span};
use regex::Captures;

/// The amounts of `text` (a sentence starting at byte `base` of the document), in text order,
/// without overlaps: where two patterns claim the same words, the earlier and then the longer
/// match wins.
pub fn find_amounts(data: &AmountData, text: &str, base: usize) -> Vec<Amount> {
    let mut found: Vec<Amount> = Vec::new();
    for c in data.money_before.captures_iter(text) {
        let code = data.currency.get(&c["cur"]).cloned();
        push(&mut found, data, text, base, &c, AmountKind::Money, code);
    }
    for c in data.money_after.captures_iter(text) {
        let code = data.currency.get(&c["cur"].to_lowercase()).cloned();
        push(&mut found, data, text, base, &c, AmountKind::Money, code);
    }
    for c in data.percent.captures_iter(text) {
        push(
            &mut found,
            data,
            text,
            base,
            &c,
            AmountKind::Percent,
            Some("%".into()),
        );
    }
    for re in [&data.count, &data.outcome] {
        for c in re.captures_iter(text) {
            let noun = normalise_words(&c["noun"]);
            let unit = data.counted.get(&noun).cloned();
            push(&mut found, data, text, base, &c, AmountKind::Count, unit);
        }
    }
    found.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
    let mut out: Vec<Amount> = Vec::with_capacity(found.len());
    for a in found {
        if out.last().is_some_and(|l| l.span.end > a.span.start) {
            continue;
        }
        out.push(a);
    }
    link_conversions(text, base, &mut out);
    out
}

fn push(
    out: &mut Vec<Amount>,
    data: &AmountData,
    text: &str,
    base: usize,
    c: &Captures,
    kind: AmountKind,
    unit: Option<String>,
) {
    let (Some(unit), Some(whole), Some(amt)) = (unit, c.get(0), c.name("amt")) else {
        return;
    };
    let Some((value, vague)) = value_of(data, amt.as_str()) else {
        return;
    };
    // A number inside a name (`F-16 jets`, `Su-35s`) is not an amount.
    if text[..whole.start()].ends_with(|ch: char| ch.is_alphanumeric() || ch == '-') {
        return;
    }
    // A bare year (`in 2022 troops`) is a date, not a count.
    if kind == AmountKind::Count && looks_like_year(amt.as_str()) {
        return;
    }
    let max = c
        .name("max")
        .and_then(|m| value_of(data, m.as_str()))
        .map(|v| v.0);
    let (qualifier, start) = match vague {
        Some(q) => (Some(q), whole.start()),
        None => qualifier_before(data, text, whole.start()),
    };
    out.push(Amount {
        kind,
        value,
        max: max.filter(|m| *m > value),
        unit,
        qualifier,
        span: Span::new(base + start, base + whole.end()),
        event: None,
        conversion_of: None,
    });
}

/// The value of a number with its scale (`1,000`, `349m`, `2.5 billion`, `hundreds of`), and the
/// qualifier a vague quantity carries.
fn value_of(data: &AmountData, s: &str) -> Option<(f64, Option<String>)> {
    let words = normalise_words(s);
    if let Some((v, q)) = data.number_words.get(&words) {
        return Some((*v, q.clone()));
    }
    let digits_end = s
        .find(|ch: char| !(ch.is_ascii_digit() || ch == ',' || ch == '.'))
        .unwrap_or(s.len());
    let number: f64 = s[..digits_end].replace(',', "").parse().ok()?;
    let rest = s[digits_end..].trim().to_lowercase();
    let mult = if rest.is_empty() {
        1.0
    } else {
        *data.scale.get(&rest)?
    };
    Some((number * mult, None))
}

fn looks_like_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

/// Lower case with single spaces.
fn normalise_words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A qualifier written right before an amount (`almost AU$250 million`): the qualifier and the
/// amount's start including it.
fn qualifier_before(data: &AmountData, text: &str, start: usize) -> (Option<String>, usize) {
    let head = text[..start].trim_end();
    let lower = head.to_lowercase();
    for q in &data.qualifiers {
        if lower.ends_with(q.as_str()) {
            let at = head.len() - q.len();
            let boundary = at == 0 || !head[..at].ends_with(|c: char| c.is_alphanumeric());
            if boundary {
                return (Some(q.clone()), at);
            }
        }
    }
    (None, start)
}

/// `AU$250 million (US$167 million)`: money in parentheses right after money is the same amount
/// in another currency.
fn link_conversions(text: &str, base: usize, amounts: &mut [Amount]) {
    for i in 1..amounts.len() {
        let (a, b) = (&amounts[i - 1], &amounts[i]);
        if a.kind != AmountKind::Money || b.kind != AmountKind::Money {
            continue;
        }
        let between = &text[a.span.end() - base..b.span.start() - base];
        let after = &text[b.span.end() - base..];
        if between.trim() == "(" && after.trim_start().starts_with(')') {
            amounts[i].conversion_of = Some((i - 1) as u32);
        }
    }
}
