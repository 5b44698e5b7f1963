//! Where, how much and in what tone, through the store: event locations, amounts and tone are
//! kept, queried (`near`, `bbox`, `min_amount`), summed per actor pair and exported.

use crate::common::{article, new_store};
use crate::graph::config;
use newsgraph_store::query::{BBox, EventFilter, Near};
use newsgraph_store::{ExportFormat, Store};

/// Three reports of one meeting in Brussels (points a few hundred metres apart), each with an
/// amount in AUD and its USD conversion, and a tone per sentence.
fn store() -> Store {
    let mut store = new_store();
    for n in 1..=3 {
        store.store(&article(n, &format!("a{n}.txt"))).unwrap();
    }
    store.resolve(&config()).unwrap();
    store
}

fn count(store: &Store, filter: EventFilter) -> usize {
    store.events(&filter).unwrap().len()
}

#[test]
fn geo_event_rows_carry_place_amounts_and_tone() {
    let store = store();
    let events = store.events(&Default::default()).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    let l = e.location.as_ref().expect("located");
    assert_eq!(
        (l.name.as_str(), l.precision.as_str()),
        ("Brussels", "city")
    );
    assert_eq!(l.country.as_deref(), Some("BEL"));
    assert!(!l.dateline);
    // One amount per report (their values differ), each with its USD conversion.
    assert_eq!(e.amounts.len(), 3, "{:?}", e.amounts);
    assert!(e.amounts.iter().all(|a| a.unit == "AUD"
        && a.qualifier.as_deref() == Some("almost")
        && a.conversions.len() == 1
        && a.conversions[0].unit == "USD"
        && a.conversions[0].max == Some(168_000_000.0)));
    // The meeting's sentence has tone 0.25 in every report.
    assert!((e.tone.unwrap() - 0.25).abs() < 1e-6, "{:?}", e.tone);
    let actors = store.event_actors(&Default::default()).unwrap();
    assert!((actors[0].tone.unwrap() - 0.25).abs() < 1e-6);
}

#[test]
fn geo_filters_near_bbox_and_amount() {
    let store = store();
    let brussels = store
        .place_named("brussels")
        .unwrap()
        .expect("a stored place");
    assert_eq!(brussels.name, "Brussels");
    assert_eq!(store.place_named("Atlantis").unwrap(), None);
    let near = |km| Near {
        lat: brussels.lat,
        lon: brussels.lon,
        km,
    };
    assert_eq!(
        count(
            &store,
            EventFilter {
                near: Some(near(10.0)),
                ..Default::default()
            }
        ),
        1
    );
    let found = store
        .events(&EventFilter {
            near: Some(near(10.0)),
            ..Default::default()
        })
        .unwrap();
    assert!(found[0].distance_km.unwrap() < 1.0);
    // Antwerp is 41 km from Brussels: inside 50 km, not inside 30.
    let antwerp = |km| Near {
        lat: 51.2194,
        lon: 4.4025,
        km,
    };
    assert_eq!(
        count(
            &store,
            EventFilter {
                near: Some(antwerp(50.0)),
                ..Default::default()
            }
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            EventFilter {
                near: Some(antwerp(30.0)),
                ..Default::default()
            }
        ),
        0
    );
    let bbox = |min_lon, min_lat, max_lon, max_lat| EventFilter {
        bbox: Some(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        }),
        ..Default::default()
    };
    assert_eq!(count(&store, bbox(2.5, 49.5, 6.4, 51.5)), 1);
    assert_eq!(count(&store, bbox(10.0, 49.5, 20.0, 51.5)), 0);
    // A box across the antimeridian holds Brussels only when it wraps round to it.
    assert_eq!(count(&store, bbox(170.0, 40.0, 5.0, 60.0)), 1);
    assert_eq!(count(&store, bbox(170.0, 40.0, -170.0, 60.0)), 0);
    let amount = |min: f64, unit: Option<&str>| EventFilter {
        min_amount: Some(min),
        unit: unit.map(str::to_string),
        ..Default::default()
    };
    assert_eq!(count(&store, amount(200e6, None)), 1);
    assert_eq!(count(&store, amount(300e6, None)), 0);
    assert_eq!(count(&store, amount(200e6, Some("aud"))), 1);
    // The USD conversion counts: 167m USD.
    assert_eq!(count(&store, amount(150e6, Some("USD"))), 1);
    assert_eq!(count(&store, amount(170e6, Some("USD"))), 0);
    assert_eq!(count(&store, amount(1.0, Some("money"))), 1);
    assert_eq!(count(&store, amount(1.0, Some("troops"))), 0);
}

#[test]
fn geo_between_gives_the_pair_tone() {
    let store = store();
    let events = store.events(&Default::default()).unwrap();
    let gid = |id: &str| id[1..].parse::<i64>().unwrap();
    let (a, b) = (&events[0].actors[0], &events[0].recipients[0]);
    let between = store.between(gid(&a.id), gid(&b.id)).unwrap();
    assert!((between.balance.tone.unwrap() - 0.25).abs() < 1e-6);
}

#[test]
fn geo_exports_geojson_and_place_columns() {
    let store = store();
    let mut out = Vec::new();
    store.export(ExportFormat::Geojson, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let f = &v["features"][0];
    assert_eq!(f["geometry"]["type"], "Point");
    let lon = f["geometry"]["coordinates"][0].as_f64().unwrap();
    let lat = f["geometry"]["coordinates"][1].as_f64().unwrap();
    assert!(
        (lon - 4.3488).abs() < 1e-6 && (lat - 50.85).abs() < 0.01,
        "{f}"
    );
    assert_eq!(f["properties"]["type"], "CONSULT");
    assert_eq!(f["properties"]["precision"], "city");
    assert!(f["properties"]["evidence"][0]["doc"].is_string());
    assert!(f["properties"]["sources"][0]["outlet"] == "Test Wire");

    let mut out = Vec::new();
    store.export(ExportFormat::Csv, &mut out).unwrap();
    let mut r = csv::Reader::from_reader(out.as_slice());
    let headers = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let col = |name: &str| &row[headers.iter().position(|h| h == name).unwrap()];
    assert_eq!(col("action_geo_name"), "Brussels");
    assert_eq!(col("action_geo_country"), "BEL");
    assert_eq!(col("action_geo_precision"), "city");
    assert_eq!(col("action_geo_lon"), "4.3488");
    assert!(
        col("amounts").contains("AUD (= 167000000-168000000 USD)"),
        "{row:?}"
    );
    assert_eq!(col("tone"), "0.250");

    let mut out = Vec::new();
    store.export(ExportFormat::Jsonl, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let event = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["record"] == "event")
        .unwrap();
    assert_eq!(event["location"]["name"], "Brussels");
    assert_eq!(event["amounts"][0]["unit"], "AUD");
}

#[test]
fn geo_parquet_has_place_and_tone_columns() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    let store = store();
    let dir = tempfile::tempdir().unwrap();
    let written = store.export_parquet(dir.path()).unwrap();
    let (path, _) = written
        .iter()
        .find(|(p, _)| p.strip_prefix(dir.path()).unwrap().starts_with("events"))
        .unwrap();
    let file = std::fs::File::open(path).unwrap();
    let batch = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let real = |c: &str| {
        batch
            .column_by_name(c)
            .unwrap()
            .as_primitive::<Float64Type>()
            .value(0)
    };
    assert!((real("lat") - 50.85).abs() < 0.01);
    assert!((real("lon") - 4.3488).abs() < 1e-9);
    assert!((real("tone") - 0.25).abs() < 1e-6);
    let text = |c: &str| {
        batch
            .column_by_name(c)
            .unwrap()
            .as_string::<i32>()
            .value(0)
            .to_string()
    };
    assert_eq!(text("place"), "Brussels");
    assert_eq!(text("precision"), "city");
}
