use super::data::AmountData;
use super::find::find_amounts;
use crate::data::DataDir;
use crate::document::AmountKind;
use std::sync::OnceLock;

fn data() -> &'static AmountData {
    static D: OnceLock<AmountData> = OnceLock::new();
    D.get_or_init(|| AmountData::load(&DataDir::from_env()).expect("amount data loads"))
}

/// (kind, value, max, unit, qualifier, text, conversion_of) of one amount.
type Found = (
    AmountKind,
    f64,
    Option<f64>,
    String,
    Option<String>,
    String,
    Option<u32>,
);

/// Each amount of `text`.
fn amounts(text: &str) -> Vec<Found> {
    find_amounts(data(), text, 0)
        .into_iter()
        .map(|a| {
            (
                a.kind,
                a.value,
                a.max,
                a.unit,
                a.qualifier,
                text[a.span.start()..a.span.end()].to_string(),
                a.conversion_of,
            )
        })
        .collect()
}

#[test]
fn money_with_symbols_scales_and_a_conversion() {
    let got = amounts("Canberra pledged nearly NZ$120 million (US$72 million) in support.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, AmountKind::Money);
    assert_eq!(got[0].1, 120_000_000.0);
    assert_eq!(got[0].3, "NZD");
    assert_eq!(got[0].4.as_deref(), Some("nearly"));
    assert_eq!(got[0].5, "nearly NZ$120 million");
    assert_eq!(
        (got[1].1, got[1].3.as_str(), got[1].6),
        (72_000_000.0, "USD", Some(0))
    );
}

#[test]
fn suffix_scales_and_currency_words() {
    let got =
        amounts("The ministry spent £12.5m on the plan and another 300 million yuan on roads.");
    let vals: Vec<(f64, &str)> = got.iter().map(|a| (a.1, a.3.as_str())).collect();
    assert_eq!(vals, vec![(12_500_000.0, "GBP"), (300_000_000.0, "CNY")]);
}

#[test]
fn counts_of_people_and_materiel_with_vague_quantities() {
    let got = amounts(
        "Hundreds of protesters gathered as 40 armoured vehicles and 1,200 troops moved in.",
    );
    let vals: Vec<(f64, &str, Option<&str>)> = got
        .iter()
        .map(|a| (a.1, a.3.as_str(), a.4.as_deref()))
        .collect();
    assert_eq!(
        vals,
        vec![
            (100.0, "protesters", Some("hundreds of")),
            (40.0, "vehicles", None),
            (1200.0, "troops", None)
        ]
    );
}

#[test]
fn outcomes_percentages_ranges_and_years() {
    let got =
        amounts("Six were killed and 10-15 wounded; turnout fell 4.5 percent in 2023 elections.");
    let vals: Vec<(AmountKind, f64, Option<f64>, &str)> =
        got.iter().map(|a| (a.0, a.1, a.2, a.3.as_str())).collect();
    assert_eq!(
        vals,
        vec![
            (AmountKind::Count, 6.0, None, "killed"),
            (AmountKind::Count, 10.0, Some(15.0), "wounded"),
            (AmountKind::Percent, 4.5, None, "%"),
        ]
    );
}

#[test]
fn an_amount_belongs_to_the_event_of_its_clause() {
    use crate::document::{Document, Meta};
    let mut doc = Document::new(
        "Japan gave Ukraine $300 million in military aid on Friday.".into(),
        Meta::default(),
    );
    crate::pipeline::standard_for_tests()
        .run(&mut doc)
        .expect("runs");
    let a = doc.amounts().first().expect("an amount");
    let ev = a.event.expect("tied to an event") as usize;
    assert_eq!(doc.events()[ev].event_type, "AID", "{:?}", doc.events());
}
