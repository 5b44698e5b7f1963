use newsgraph_syntax::conllu::{self, col, Id, Line};
use newsgraph_syntax::Error;
use proptest::prelude::*;

const TEXT: &str = "# sent_id = 1\n\
# text = We can't stop.\n\
1\tWe\twe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tstop\tstop\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
4.1\tgo\tgo\tVERB\t_\t_\t_\t_\t0:root\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\
\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n\
\n";

#[test]
fn round_trip_keeps_multiword_tokens_empty_nodes_and_comments() {
    let sents = conllu::parse(TEXT, "test.conllu").unwrap();
    assert_eq!(sents.len(), 2);
    assert_eq!(sents[0].forms(), vec!["We", "ca", "n't", "stop", "."]);
    let ids: Vec<Id> = sents[0]
        .lines
        .iter()
        .filter_map(|l| match l {
            Line::Token(r) => Some(r.id),
            Line::Comment(_) => None,
        })
        .collect();
    assert_eq!(ids[1], Id::Range(2, 3));
    assert_eq!(ids[5], Id::Empty(4, 1));
    assert_eq!(conllu::write(&sents), TEXT);
}

#[test]
fn final_sentence_without_blank_line_and_crlf_are_read() {
    let text = "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\r\n2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_";
    let sents = conllu::parse(text, "x").unwrap();
    assert_eq!(sents[0].forms(), vec!["Hi", "!"]);
    assert_eq!(sents[0].words().nth(1).unwrap().cols[col::HEAD], "1");
}

fn error_line(text: &str) -> (usize, String) {
    match conllu::parse(text, "bad.conllu") {
        Err(Error::Conllu {
            origin,
            line,
            message,
        }) => {
            assert_eq!(origin, "bad.conllu");
            (line, message)
        }
        other => panic!("expected a CoNLL-U error, got {other:?}"),
    }
}

#[test]
fn malformed_lines_are_errors_naming_the_line() {
    let good = "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n";
    assert_eq!(error_line(&format!("{good}2\tdog\tdog\tNOUN\n")).0, 2);
    assert_eq!(
        error_line(&format!("{good}3\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_\n")).0,
        2
    );
    assert_eq!(
        error_line(&format!("{good}x\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_\n")).0,
        2
    );
    assert_eq!(
        error_line(&format!(
            "{good}2\tdog\tdog\tNOUN\tNN\t_\tone\troot\t_\t_\n"
        ))
        .0,
        2
    );
    let (line, msg) = error_line("# only a comment\n\n");
    assert_eq!(line, 2);
    assert!(msg.contains("without words"), "{msg}");
    assert!(error_line("1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\t_\n")
        .1
        .contains("more than 10"));
}

proptest! {
    #[test]
    fn parser_never_panics_on_arbitrary_text(text in "(\\PC|\t|\n|[0-9.-]){0,300}") {
        let _ = conllu::parse(&text, "fuzz");
    }

    #[test]
    fn parser_never_panics_on_near_conllu(
        lines in prop::collection::vec(
            prop::collection::vec("[0-9._-]{0,4}|[a-z]{1,3}|_", 0..12), 0..12)
    ) {
        let text: String = lines.iter().map(|cols| cols.join("\t") + "\n").collect();
        if let Ok(sents) = conllu::parse(&text, "fuzz") {
            // What was read writes back and reads again the same.
            let again = conllu::parse(&conllu::write(&sents), "again").unwrap();
            prop_assert_eq!(again, sents);
        }
    }
}
