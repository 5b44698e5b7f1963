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
