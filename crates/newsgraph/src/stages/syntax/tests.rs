use super::*;
use crate::document::Meta;

fn parsed(text: &str, mode: SyntaxMode) -> Document {
    let res = crate::pipeline::Resources::load_default().expect("resources");
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
            assert!(!w.upos.is_empty() && !w.deprel.is_empty());
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
    assert_eq!((said.upos.as_str(), said.lemma.as_str()), ("VERB", "say"));
    let subj = words
        .iter()
        .find(|w| w.head == Some(said.token) && w.deprel == "nsubj")
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
