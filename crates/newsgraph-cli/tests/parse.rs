//! `newsgraph parse`: CoNLL-U in, the same CoNLL-U out with tags, lemmas and trees; plain text
//! in, one CoNLL-U block per sentence out.

use crate::util::{run, write};

const INPUT: &str = "# sent_id = s1\n\
1\tThe\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tpolice\t_\t_\t_\t_\t_\t_\t_\t_\n\
3-4\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tca\t_\t_\t_\t_\t_\t_\t_\t_\n\
4\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
5\tcome\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
5.1\tgo\t_\t_\t_\t_\t_\t_\t0:root\t_\n\
6\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";

#[test]
fn conllu_words_get_tags_lemmas_heads_and_relations() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in.conllu", INPUT);
    let r = run(dir.path(), &["parse", "--conllu", "in.conllu"], None);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let input: Vec<&str> = INPUT.lines().collect();
    assert_eq!(lines.len(), input.len());
    // Comments, the multiword token and the empty node pass through unchanged.
    for i in [0, 3, 7, 9] {
        assert_eq!(lines[i], input[i]);
    }
    let cols: Vec<Vec<&str>> = lines[1..9]
        .iter()
        .filter(|l| !l.contains('-') && !l.starts_with("5.1"))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(cols.len(), 6);
    assert_eq!(
        cols.iter()
            .filter(|c| c[6] == "0" && c[7] == "root")
            .count(),
        1
    );
    for c in &cols {
        assert!(c[3] != "_" && c[2] != "_" && c[7] != "_", "{c:?}");
        assert!(c[6].parse::<usize>().unwrap() <= 6, "{c:?}");
    }
    assert_eq!(cols[1][3], "NOUN");
    assert_eq!((cols[1][6], cols[1][7]), ("5", "nsubj"));
    assert_eq!(cols[4][9], "SpaceAfter=No");
}

#[test]
fn malformed_conllu_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.conllu",
        "1\tA\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdog\tdog\n",
    );
    let r = run(dir.path(), &["parse", "--conllu", "bad.conllu"], None);
    assert_eq!(r.status, Some(2));
    assert!(r.stderr.contains("bad.conllu:2:"), "{}", r.stderr);
}

#[test]
fn plain_text_is_split_into_sentences_and_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let text = b"The minister didn't resign. Protesters gathered outside.\n";
    let r = run(dir.path(), &["parse", "-"], Some(text));
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let blocks: Vec<&str> = r
        .stdout
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(blocks.len(), 2, "{}", r.stdout);
    assert!(blocks[0].contains("# text = The minister didn't resign."));
    assert!(blocks[0].contains("\tn't\tnot\tPART\t"), "{}", blocks[0]);
    assert!(blocks[1].contains("\tProtesters\t"));
}
