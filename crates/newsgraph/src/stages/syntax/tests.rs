use super::*;
use crate::document::Meta;

fn resources() -> &'static crate::pipeline::Resources {
    static R: std::sync::OnceLock<crate::pipeline::Resources> = std::sync::OnceLock::new();
    R.get_or_init(|| crate::pipeline::Resources::load_default().expect("resources"))
}

fn parsed(text: &str, mode: SyntaxMode) -> Document {
    let res = resources();
    let mut doc = Document::new(text.to_string(), Meta::default());
    crate::stages::segment::SegmentStage::new(res.segment.clone())
        .run(&mut doc)
        .expect("segment");
    SyntaxStage::new(res.syntax.clone(), mode)
        .run(&mut doc)
        .expect("syntax");
    doc
}

/// Every parsed sentence has one word per token and its heads form one tree: a single root,
/// heads inside the sentence, and every word reaches the root without a cycle.
#[test]
fn syntax_layer_is_a_tree_per_parsed_sentence() {
    let doc = parsed(
        "The minister said on Tuesday that the talks would resume. \
         “We are ready,” Ana Silva, a spokeswoman for the ministry, told reporters.",
        SyntaxMode::All,
    );
    let words = doc.words();
    assert_eq!(words.len(), doc.tokens().len());
    for sent in doc.sentences() {
        let range = sent.token_range();
        let ws: Vec<&Word> = range
            .clone()
            .map(|t| doc.word_of(t).expect("word"))
            .collect();
        assert_eq!(ws.iter().filter(|w| w.head.is_none()).count(), 1);
        for w in &ws {
            let mut at = w.token.ix();
            for _ in 0..=range.len() {
                match doc.word_of(at).and_then(|x| x.head) {
                    Some(h) => {
                        assert!(range.contains(&h.ix()), "head outside the sentence");
                        at = h.ix();
                    }
                    None => break,
                }
            }
            assert!(doc.word_of(at).unwrap().head.is_none(), "cycle");
        }
    }
    let said = words
        .iter()
        .find(|w| doc.token_text(w.token.ix()) == "said")
        .unwrap();
    let lemma = resources().syntax.lemma(&doc, said);
    assert_eq!((said.upos.as_str(), lemma.as_str()), ("VERB", "say"));
    let subj = words
        .iter()
        .find(|w| w.head == Some(said.token) && w.deprel == crate::document::Deprel::NSUBJ)
        .expect("subject of said");
    assert_eq!(doc.token_text(subj.token.ix()), "minister");
}

/// In `Needed` mode a sentence without quotation marks is left unparsed.
#[test]
fn needed_mode_skips_sentences_without_speech() {
    let doc = parsed(
        "The river rose overnight. The mayor said the bridge was \"closed\".",
        SyntaxMode::Needed,
    );
    let s = doc.sentences();
    assert!(doc.word_of(s[0].first_token.ix()).is_none());
    assert!(doc.word_of(s[1].first_token.ix()).is_some());
}

/// The standard pipeline parses only the sentences of direct quotes that the surface rules
/// leave without a speaker: a quote with `said Ana Silva` after it needs no parse.
#[test]
fn pipeline_parses_only_quotes_without_a_surface_speaker() {
    let run = |text: &str| {
        let mut doc = Document::new(text.to_string(), Meta::default());
        crate::pipeline::standard_for_tests()
            .run(&mut doc)
            .expect("pipeline");
        doc
    };
    let doc = run("The river rose overnight. \"The bridge is closed,\" said Ana Silva.");
    assert!(doc.words().is_empty(), "{:?}", doc.words());
    // A quote with no cue at all: the parse is read for the verb it hangs from.
    let doc = run("The river rose overnight. \
                   NATO upgraded China to a \"systemic challenge\" in its communiqué.");
    let s = doc.sentences();
    assert!(doc.word_of(s[0].first_token.ix()).is_none());
    assert!(doc.word_of(s[1].first_token.ix()).is_some());
}

/// A word is serialised with its tag and relation names, and reads back the same.
#[test]
fn words_round_trip_through_json() {
    let doc = parsed(
        "\"We are ready,\" the minister told reporters.",
        SyntaxMode::All,
    );
    let json = serde_json::to_string(doc.words()).expect("json");
    assert!(
        json.contains("\"upos\":\"PUNCT\"") && json.contains("\"deprel\":\"punct\""),
        "{json}"
    );
    let back: Vec<Word> = serde_json::from_str(&json).expect("read back");
    assert_eq!(back, doc.words());
}
