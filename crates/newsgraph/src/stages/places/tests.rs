use crate::document::{Document, Meta, Precision};
use crate::output::DocOutput;
use crate::pipeline::standard_for_tests;

fn run(text: &str) -> DocOutput {
    let mut doc = Document::new(text.to_string(), Meta::default());
    standard_for_tests().run(&mut doc).expect("pipeline runs");
    DocOutput::from_document(&doc)
}

fn entity_geo(out: &DocOutput, name: &str) -> Option<crate::output::GeoOut> {
    out.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}: {:?}", out.entities))
        .geo
        .clone()
}

/// Great-circle distance in km, to check a point lands near a known one.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[test]
fn a_summit_in_a_capital_is_located_at_the_city() {
    let out = run("Japan and Australia signed a defence agreement in Helsinki on Tuesday.");
    let ev = out.events.first().expect("an event");
    let loc = ev.location.as_ref().expect("located");
    assert_eq!(loc.name, "Helsinki");
    assert_eq!(loc.precision, Precision::City);
    assert_eq!(loc.country.as_deref(), Some("FIN"));
    assert!(km((loc.lat, loc.lon), (60.17, 24.94)) < 50.0, "{loc:?}");
}

#[test]
fn a_comma_qualifier_picks_the_namesake() {
    let out = run("Protesters rallied in Paris, Texas, on Saturday against the new tax.");
    let geo = entity_geo(&out, "Paris").expect("Paris is placed");
    assert_eq!(geo.country.as_deref(), Some("USA"), "{geo:?}");
    let out = run("Protesters rallied in Paris on Saturday against the new tax.");
    let geo = entity_geo(&out, "Paris").expect("Paris is placed");
    assert_eq!(geo.country.as_deref(), Some("FRA"), "{geo:?}");
}

#[test]
fn a_country_is_placed_at_country_precision_never_at_its_capital() {
    let out = run("Rebels attacked a convoy in southern Sudan on Monday, killing four soldiers.");
    let geo = entity_geo(&out, "Sudan").expect("Sudan is placed");
    assert_eq!(geo.precision, Precision::Country);
    let located: Vec<_> = out
        .events
        .iter()
        .filter_map(|e| e.location.as_ref())
        .collect();
    assert!(
        located
            .iter()
            .any(|l| l.name == "Sudan" && l.precision == Precision::Country),
        "{:?}",
        out.events
    );
}

#[test]
fn a_sea_is_a_sea() {
    let out = run("China held military drills in the South China Sea on Friday.");
    let geo = entity_geo(&out, "South China Sea").expect("placed");
    assert_eq!(geo.precision, Precision::Sea);
    assert!(geo.country.is_none());
}

#[test]
fn an_acting_country_is_an_actor_not_a_location() {
    let out = run("Japan condemned North Korea's missile launch on Sunday.");
    assert!(
        out.events.iter().all(|e| e.location.is_none()),
        "{:?}",
        out.events
    );
}

#[test]
fn the_dateline_places_only_acts_local_to_it() {
    let local = run(
        "SEOUL, South Korea — South Korea's army arrested two North Korean soldiers on Monday.",
    );
    let ev = local.events.first().expect("an event");
    let loc = ev.location.as_ref().expect("located by the dateline");
    assert!(loc.dateline);
    assert_eq!(loc.name, "Seoul");
    let far = run("SEOUL, South Korea — Brazil signed a trade agreement with Argentina on Monday.");
    assert!(
        far.events.iter().all(|e| e.location.is_none()),
        "{:?}",
        far.events
    );
}

#[test]
fn a_place_in_another_clause_does_not_place_the_event() {
    let out = run("Russia invaded Ukraine in 2022, and the summit in Vilnius was no exception.");
    assert!(
        out.events.iter().all(|e| e.location.is_none()),
        "{:?}",
        out.events
    );
}

#[test]
fn a_name_with_its_own_qualifier_is_resolved() {
    let out = run("The summit opens Tuesday in Washington, D.C., where leaders will meet.");
    let placed: Vec<_> = out.entities.iter().filter_map(|e| e.geo.clone()).collect();
    assert!(
        placed
            .iter()
            .any(|g| (g.lat - 38.9).abs() < 0.5 && (g.lon + 77.0).abs() < 0.5),
        "{:?}",
        out.entities
    );
}
