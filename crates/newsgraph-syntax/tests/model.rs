use newsgraph_syntax::lemma::Lemmatizer;
use newsgraph_syntax::{Error, Model, Upos};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

fn shipped_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/syntax/model.bin")
}

fn shipped() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::load(&shipped_path()).expect("data/syntax/model.bin loads"))
}

/// Heads form one tree: exactly one root, every head in range, no cycles.
fn assert_tree(heads: &[u32]) {
    let n = heads.len() as u32;
    assert_eq!(heads.iter().filter(|&&h| h == 0).count(), 1, "{heads:?}");
    for (i, &h) in heads.iter().enumerate() {
        assert!(h <= n && h != i as u32 + 1, "{heads:?}");
        let mut at = i as u32 + 1;
        for _ in 0..=n {
            if at == 0 {
                break;
            }
            at = heads[at as usize - 1];
        }
        assert_eq!(at, 0, "cycle through word {} in {heads:?}", i + 1);
    }
}

#[test]
fn shipped_model_finds_subject_object_and_root() {
    let m = shipped();
    let words = [
        "The", "minister", "rejected", "the", "new", "plan", "on", "Tuesday", ".",
    ];
    let w = m.analyze(&words);
    assert_tree(&w.iter().map(|w| w.head).collect::<Vec<_>>());
    assert_eq!(w[2].upos, Upos::Verb);
    assert_eq!((w[2].head, w[2].deprel.as_str()), (0, "root"));
    assert_eq!((w[1].head, w[1].deprel.as_str()), (3, "nsubj"));
    assert_eq!((w[5].head, w[5].deprel.as_str()), (3, "obj"));
    assert_eq!((w[0].head, w[0].deprel.as_str()), (2, "det"));
    assert_eq!(w[2].lemma, "reject");
    assert_eq!(w[8].upos, Upos::Punct);
}

#[test]
fn shipped_model_handles_passives_and_lemmas() {
    let m = shipped();
    let words = ["Two", "soldiers", "were", "killed", "by", "rebels", "."];
    let w = m.analyze(&words);
    assert_eq!(w[1].deprel, "nsubj:pass");
    assert_eq!(w[1].head, 4);
    assert_eq!(w[2].lemma, "be");
    assert_eq!(w[3].lemma, "kill");
    assert_eq!(w[1].lemma, "soldier");
}

#[test]
fn empty_sentence_parses_to_nothing() {
    let p = shipped().parse::<&str>(&[]);
    assert!(p.heads.is_empty() && p.upos.is_empty());
}

#[test]
fn lemmatiser_learns_rules_and_exceptions_from_examples() {
    let data = [
        ("studies", Upos::Noun, "study"),
        ("parties", Upos::Noun, "party"),
        ("cities", Upos::Noun, "city"),
        ("dogs", Upos::Noun, "dog"),
        ("cats", Upos::Noun, "cat"),
        ("hats", Upos::Noun, "hat"),
        ("was", Upos::Aux, "be"),
        ("The", Upos::Det, "the"),
        ("Paris", Upos::Propn, "Paris"),
    ];
    let lem = Lemmatizer::train(data.iter().copied(), 2);
    assert_eq!(lem.lemma("ladies", Upos::Noun), "lady");
    assert_eq!(lem.lemma("bats", Upos::Noun), "bat");
    assert_eq!(lem.lemma("was", Upos::Aux), "be");
    assert_eq!(lem.lemma("THE", Upos::Det), "the");
    assert_eq!(lem.lemma("Paris", Upos::Propn), "Paris");
}

#[test]
fn model_round_trips_through_bytes() {
    let m = shipped();
    let back = Model::from_bytes(&m.to_bytes(), "copy").unwrap();
    let words = ["She", "wrote", "a", "letter", "."];
    assert_eq!(back.parse(&words), m.parse(&words));
}

#[test]
fn bad_weights_files_are_errors_naming_the_file() {
    let bytes = shipped().to_bytes();
    for bad in [
        &b"not a model"[..],
        &bytes[..bytes.len() / 2],
        &bytes[..9],
        &[][..],
    ] {
        match Model::from_bytes(bad, "weights.bin") {
            Err(e @ Error::Model { .. }) => {
                assert!(e.to_string().starts_with("weights.bin: "), "{e}")
            }
            other => panic!("expected a model error, got {:?}", other.map(|_| ())),
        }
    }
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 0x55;
    assert!(Model::from_bytes(&flipped, "weights.bin").is_err());
    let missing = Model::load(std::path::Path::new("/nonexistent/model.bin")).unwrap_err();
    assert!(
        missing.to_string().contains("/nonexistent/model.bin"),
        "{missing}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_parse_is_a_tree(words in prop::collection::vec("[A-Za-z]{1,8}|[.,;!?\"()-]|[0-9]{1,4}|\\PC{1,3}", 1..60)) {
        let p = shipped().parse(&words);
        prop_assert_eq!(p.heads.len(), words.len());
        assert_tree(&p.heads);
        prop_assert_eq!(p.deprels.iter().filter(|&&d| shipped().deprel(d) == "root").count(), 1);
    }

    #[test]
    fn random_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut b = newsgraph_syntax::MAGIC.to_vec();
        b.extend(bytes);
        prop_assert!(Model::from_bytes(&b, "fuzz").is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Corrupt bytes behind a valid checksum reach every section reader: never a panic.
    #[test]
    fn corrupt_sections_never_panic_the_loader(pos in 8usize..4096, byte in any::<u8>(), far in any::<bool>()) {
        let mut b = shipped().to_bytes();
        let body = b.len() - 8;
        let i = if far { body - 1 - pos % (body - 8) } else { pos.min(body - 1) };
        b[i] = byte;
        let sum = newsgraph_syntax::hash::checksum(&b[..body]).to_le_bytes();
        b[body..].copy_from_slice(&sum);
        let _ = Model::from_bytes(&b, "fuzz");
    }
}

#[test]
fn second_tagger_pass_runs_only_below_its_margin() {
    let m = shipped();
    assert!(!m.tagger.second.is_empty() && !m.clusters.is_empty());
    let words = [
        "Rebels", "that", "the", "army", "said", "it", "had", "routed", "still", "hold", "the",
        "north", ".",
    ];
    // Margin 0: every first-pass tag is sure, so the tags are the first pass's alone.
    let mut never = m.clone();
    never.tagger.margin = 0;
    let mut one_pass = m.clone();
    one_pass.tagger.second = newsgraph_syntax::weights::TrainWeights::new(17).averaged(0.0);
    assert_eq!(never.parse(&words).upos, one_pass.parse(&words).upos);
    // Every word through the second pass still gives one tree.
    let mut always = m.clone();
    always.tagger.margin = i32::MAX;
    assert_tree(&always.parse(&words).heads);
}
