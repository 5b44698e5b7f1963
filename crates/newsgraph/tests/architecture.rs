//! The architecture's rules, checked on the source instead of trusted to review
//! (ARCHITECTURE.md, "The library, bottom to top"):
//!
//! - the core (`document.rs`, `stage.rs`, `error.rs`, `data/`) and `text/` never name the
//!   stages, the pipeline, input, output or the test helpers; `input/` and `output.rs` never
//!   name the stages or the pipeline; a stage never names the pipeline, input or output;
//! - a stage names another stage only for a data type the pipeline hands it explicitly, each
//!   such pair listed in [`STAGE_DATA_HANDOVERS`] with the reason;
//! - the folders and root files of the library import one another without a cycle;
//! - no source file of the workspace is over [`MAX_FILE_LINES`] lines and no function over
//!   [`MAX_FN_LINES`], test code excepted.
//!
//! Test code is left out because the rules are about what ships: a unit test may build the
//! whole pipeline. Test code is a file named `tests.rs` or `*_tests.rs`, anything under a
//! `tests/`, `benches/` or `examples/` folder or in `fuzz/`, and any item under `#[cfg(test)]`.
//!
//! The scan is lexical: comments, strings and character literals are blanked out, then braces are
//! counted. That is enough for rules about `crate::` paths and about sizes, and needs no parser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a non-test source file may be, in lines.
const MAX_FILE_LINES: usize = 1000;
/// The longest a non-test function may be, in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 150;

/// `(stage, other stage, the items it may name there, why)`: the data types the pipeline builds
/// from one stage's files and hands to another (`Pipeline::standard`, `Resources`). Anything
/// else one stage takes from another is a hidden dependency and fails the test.
const STAGE_DATA_HANDOVERS: &[(&str, &str, &[&str], &str)] = &[
    (
        "entities",
        "gazetteer",
        &["Country", "Gazetteer"],
        "entities decides between the gazetteer's candidates and links roles to its countries; \
         the pipeline hands it the loaded gazetteer in EntityData",
    ),
    (
        "entities",
        "names",
        &["NameData"],
        "the name rules' word lists (titles, honorifics) decide how names group; handed over in \
         EntityData",
    ),
    (
        "entities",
        "agents",
        &["AgentData"],
        "a sentence-initial group noun (`Gunmen`) is the agents stage's, not a name; the agents' \
         noun list is handed over in EntityData",
    ),
    (
        "quotes",
        "syntax",
        &["SyntaxData"],
        "the quote stage parses, lazily, only the sentences of the direct quotes its surface \
         rules leave without a speaker; the pipeline hands it the loaded syntax model",
    ),
];

/// `(file, function, why)`: functions over [`MAX_FN_LINES`] that a change under way elsewhere is
/// rewriting, so splitting them here would only collide with it. An entry whose function is no
/// longer too long fails the test: the list only shrinks.
const PENDING_LONG_FUNCTIONS: &[(&str, &str, &str)] = &[];

/// The root of the workspace.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The library's source folder.
fn library_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted, skipping `target/` and hidden folders.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(dir);
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                out.extend(walk(&path));
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    out
}

/// True for a file that is test code as a whole (see the module docs), by its path relative to
/// the workspace root.
fn is_test_file(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_test_folder = rel.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some("tests" | "benches" | "examples" | "fuzz")
        )
    });
    in_test_folder || name == "tests.rs" || name.ends_with("_tests.rs")
}

/// `src` with comments, string literals and character literals replaced by spaces (line breaks
/// kept), so braces and paths can be counted on what remains.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                // Block comments nest in Rust.
                let (mut depth, mut j) = (0usize, i);
                while j < b.len() {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if raw_string_hashes(b, i).is_some() => {
                let hashes = raw_string_hashes(b, i).unwrap_or(0);
                let open = i + 1 + hashes + 1;
                let mut close = b"\"".to_vec();
                close.extend(std::iter::repeat_n(b'#', hashes));
                let end = b[open..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |p| open + p + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'\'' => {
                // A character literal (`'{'`, `'\''`, `'\u{2028}'`), or a lifetime (`'a`) left as it is.
                let end = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..]
                        .iter()
                        .position(|&c| c == b'\'')
                        .map(|p| i + 2 + p + 1)
                } else {
                    let ch_len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + ch_len) == Some(&b'\'')).then_some(i + 1 + ch_len + 1)
                };
                match end {
                    Some(end) => {
                        blank(&mut out, i, end);
                        i = end;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were replaced, by spaces, outside of multi-byte characters' middles:
    // blanking replaces whole literals, so what is left is still UTF-8; be safe anyway.
    String::from_utf8_lossy(&out).into_owned()
}

/// The number of `#` of a raw string (`r"`, `r#"`, `br"`) starting at byte `i`, if one starts
/// there.
fn raw_string_hashes(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') && b[i - 1] != b'b' {
        return None;
    }
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    (b.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// The byte offset of the brace that closes the one opened at `open`.
fn matching_brace(code: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, &c) in code.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// `code` (from [`code_only`]) with every item under `#[cfg(test)]` blanked out.
fn without_test_items(code: &str) -> String {
    let mut out = code.as_bytes().to_vec();
    let mut from = 0;
    while let Some(p) = code[from..].find("#[cfg(test)]") {
        let at = from + p;
        // The item ends at its first `;` (`mod tests;`, `use …;`) or with the block it opens.
        let rest = &code.as_bytes()[at..];
        let semi = rest.iter().position(|&c| c == b';');
        let brace = rest.iter().position(|&c| c == b'{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => at + s + 1,
            (_, Some(b)) => matching_brace(code.as_bytes(), at + b) + 1,
            (Some(s), None) => at + s + 1,
            (None, None) => code.len(),
        };
        for c in &mut out[at..end.min(code.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end.min(code.len());
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A source file as the rules see it: its path relative to the workspace and its non-test code.
struct Source {
    rel: PathBuf,
    code: String,
}

fn sources(dir: &Path) -> Vec<Source> {
    let root = workspace().canonicalize().expect("workspace root");
    rust_files(dir)
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let abs = p.canonicalize().expect("source path");
            let rel = abs.strip_prefix(&root).unwrap_or(&abs).to_path_buf();
            Source {
                rel,
                code: without_test_items(&code_only(&text)),
            }
        })
        .collect()
}

/// The unit of the library a file belongs to, by its path under `src/`: a stage's folder
/// (`stages/quotes`), another top-level folder (`text`, `input`, `data`), or a root file
/// (`pipeline`, `document`). `None` for `lib.rs` and `stages/mod.rs`, which only declare modules.
fn unit_of(src_rel: &Path) -> Option<String> {
    let parts: Vec<&str> = src_rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    match parts.as_slice() {
        ["lib.rs"] | ["stages", "mod.rs"] => None,
        ["stages", stage, ..] => Some(format!("stages/{}", stage.trim_end_matches(".rs"))),
        [file] => Some(file.trim_end_matches(".rs").to_string()),
        [folder, ..] => Some((*folder).to_string()),
        [] => None,
    }
}

/// The `crate::` paths that `code` names, each as its segments (`crate::stages::segment::reflow`
/// → `["stages", "segment", "reflow"]`), with the line they are on. A `use crate::a::{b, c}`
/// yields `a::b` and `a::c` (one level of braces, enough for the rules here).
fn crate_paths(code: &str) -> Vec<CratePath> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut from = 0;
    while let Some(p) = code[from..].find("crate::") {
        let at = from + p;
        from = at + "crate::".len();
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
            continue; // `$crate::`, `my_crate::`
        }
        let line = code[..at].matches('\n').count() + 1;
        let mut segs = Vec::new();
        let mut j = from;
        loop {
            let ident_end = j + b[j..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            if ident_end == j {
                break;
            }
            segs.push(code[j..ident_end].to_string());
            if code[ident_end..].starts_with("::{") {
                let close = code[ident_end..]
                    .find('}')
                    .map_or(code.len(), |c| ident_end + c);
                let inner = &code[ident_end + 3..close];
                for item in inner.split(',') {
                    let item: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    if !item.is_empty() {
                        let mut s = segs.clone();
                        s.extend(item.split("::").filter(|x| !x.is_empty()).map(String::from));
                        out.push((line, s));
                    }
                }
                segs.clear();
                break;
            }
            if !code[ident_end..].starts_with("::") {
                break;
            }
            j = ident_end + 2;
        }
        if !segs.is_empty() {
            out.push((line, segs));
        }
    }
    out
}

/// The unit a `crate::` path points into (see [`unit_of`]).
fn target_unit(segs: &[String]) -> Option<String> {
    match segs.first().map(String::as_str) {
        Some("stages") => segs.get(1).map(|s| format!("stages/{s}")),
        Some(first) => Some(first.to_string()),
        None => None,
    }
}

/// A `crate::` path a file names, as its line and segments (see [`crate_paths`]).
type CratePath = (usize, Vec<String>);

/// One library file: its path, its unit (see [`unit_of`]) and the paths its non-test code names.
type FileImports = (PathBuf, String, Vec<CratePath>);

/// The library's files with their unit and the units and paths their non-test code names.
fn library_imports() -> Vec<FileImports> {
    let src = library_src().canonicalize().expect("src");
    sources(&src)
        .into_iter()
        .filter(|s| !is_test_file(&s.rel))
        .filter_map(|s| {
            let abs = workspace().canonicalize().expect("root").join(&s.rel);
            let under_src = abs.strip_prefix(&src).ok()?.to_path_buf();
            let unit = unit_of(&under_src)?;
            Some((s.rel, unit, crate_paths(&s.code)))
        })
        .collect()
}

/// Which units a unit may never name, by the layers of ARCHITECTURE.md.
fn forbidden_for(unit: &str) -> &'static [&'static str] {
    const ABOVE_CORE: &[&str] = &["stages", "pipeline", "input", "output", "testing", "text"];
    const ABOVE_TEXT: &[&str] = &["stages", "pipeline", "input", "output", "testing"];
    const ABOVE_STAGES: &[&str] = &["pipeline", "input", "output", "testing"];
    const ABOVE_INPUT: &[&str] = &["stages", "pipeline", "testing"];
    match unit {
        "document" | "stage" | "error" | "data" => ABOVE_CORE,
        "text" => ABOVE_TEXT,
        "input" | "output" => ABOVE_INPUT,
        u if u.starts_with("stages/") => ABOVE_STAGES,
        _ => &[],
    }
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let mut broken = Vec::new();
    for (file, unit, paths) in library_imports() {
        for (line, segs) in paths {
            let first = segs.first().map(String::as_str).unwrap_or("");
            if forbidden_for(&unit).contains(&first) {
                broken.push(format!(
                    "{}:{line}: {unit} names crate::{}",
                    file.display(),
                    segs.join("::")
                ));
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn a_stage_takes_from_another_only_the_data_the_pipeline_hands_it() {
    let mut broken = Vec::new();
    for (file, unit, paths) in library_imports() {
        let Some(stage) = unit.strip_prefix("stages/") else {
            continue;
        };
        for (line, segs) in paths {
            let Some(other) =
                target_unit(&segs).and_then(|u| u.strip_prefix("stages/").map(String::from))
            else {
                continue;
            };
            if other == stage {
                continue;
            }
            let item = segs.get(2).map(String::as_str).unwrap_or("");
            let allowed = STAGE_DATA_HANDOVERS.iter().any(|(from, to, items, _)| {
                *from == stage && *to == other && items.contains(&item)
            });
            if !allowed {
                broken.push(format!(
                    "{}:{line}: stage {stage} names crate::{}",
                    file.display(),
                    segs.join("::")
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "a stage reaches into another (hand the data over in pipeline.rs, move shared helpers \
         to text/, or list the pair in STAGE_DATA_HANDOVERS with the reason):\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_library_units_import_one_another_without_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, unit, paths) in library_imports() {
        let deps = graph.entry(unit.clone()).or_default();
        for (_, segs) in paths {
            if let Some(t) = target_unit(&segs).filter(|t| *t != unit) {
                deps.insert(t);
            }
        }
    }
    // Depth-first search; a unit met again while still on the path closes a cycle.
    fn visit(
        u: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(p) = path.iter().position(|x| x == u) {
            let mut cycle = path[p..].to_vec();
            cycle.push(u.to_string());
            return Some(cycle);
        }
        if done.contains(u) {
            return None;
        }
        path.push(u.to_string());
        for d in graph.get(u).into_iter().flatten() {
            if let Some(c) = visit(d, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(u.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for u in graph.keys() {
        let cycle = visit(u, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
    // The check sees the units it should: a scan that finds nothing would pass vacuously.
    assert!(graph.contains_key("pipeline") && graph.contains_key("stages/quotes"));
    assert!(graph["pipeline"].contains("stages/segment"));
}

/// The functions of `code` longer than `max` lines, as `(line, name, lines)`.
fn long_functions(code: &str, max: usize) -> Vec<(usize, String, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = code[from..].find("fn ") {
        let at = from + p;
        from = at + 3;
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
            continue;
        }
        let name: String = code[at + 3..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue; // a `fn(..)` pointer type
        }
        // The body opens at the first `{` before any `;` (a trait method without a body).
        let rest = &b[at..];
        let Some(open) = rest.iter().position(|&c| c == b'{' || c == b';') else {
            continue;
        };
        if rest[open] == b';' {
            continue;
        }
        let close = matching_brace(b, at + open);
        let first_line = code[..at].matches('\n').count() + 1;
        let last_line = code[..close.min(code.len())].matches('\n').count() + 1;
        let lines = last_line - first_line + 1;
        if lines > max {
            out.push((first_line, name, lines));
        }
    }
    out
}

/// The workspace's non-test sources: every crate's `src/` (the fuzz workspace, tests, benches and
/// examples are test code).
fn workspace_sources() -> Vec<Source> {
    let crates = workspace().join("crates");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&crates)
        .expect("crates/")
        .map(|e| e.expect("entry").path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        out.extend(sources(&dir).into_iter().filter(|s| !is_test_file(&s.rel)));
    }
    assert!(out.len() > 50, "the scan finds the workspace's sources");
    out
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let long: Vec<String> = workspace_sources()
        .iter()
        .filter_map(|s| {
            // Lines of non-test code: a file's closing `#[cfg(test)] mod tests { … }` is blanked,
            // so its trailing blank lines are not counted.
            let n = s.code.trim_end().lines().count();
            (n > MAX_FILE_LINES).then(|| format!("{}: {n} lines", s.rel.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_function_is_over_the_line_limit() {
    let mut long = Vec::new();
    let mut pending_seen = BTreeSet::new();
    for s in workspace_sources() {
        let file = s.rel.to_string_lossy().replace('\\', "/");
        for (line, name, n) in long_functions(&s.code, MAX_FN_LINES) {
            let pending = PENDING_LONG_FUNCTIONS
                .iter()
                .position(|(f, fname, _)| *f == file && *fname == name);
            match pending {
                Some(p) => {
                    pending_seen.insert(p);
                }
                None => long.push(format!("{file}:{line}: fn {name}: {n} lines")),
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n{}",
        long.join("\n")
    );
    let stale: Vec<String> = PENDING_LONG_FUNCTIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| !pending_seen.contains(i))
        .map(|(_, (f, name, _))| format!("{f}: fn {name}"))
        .collect();
    assert!(
        stale.is_empty(),
        "no longer over {MAX_FN_LINES} lines; remove from PENDING_LONG_FUNCTIONS:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_scanner_sees_through_literals_and_comments() {
    let src = "fn a() {\n    let s = \"}\"; // }\n    let c = '{';\n    /* { */\n    let r = r#\"}\"#;\n}\n";
    let code = code_only(src);
    assert_eq!(code.matches('{').count(), 1);
    assert_eq!(code.matches('}').count(), 1);
    assert_eq!(long_functions(&code, 5), vec![(1, "a".to_string(), 6)]);
    assert!(long_functions(&code, 6).is_empty());
    let lifetimes = code_only("fn f<'a>(x: &'a str) -> &'a str { x }");
    assert!(lifetimes.contains("'a str {"));
    let tests = without_test_items("fn keep() {}\n#[cfg(test)]\nmod tests {\n fn gone() {}\n}\n");
    assert!(tests.contains("keep") && !tests.contains("gone"));
    let paths = crate_paths(
        "use crate::stages::{gazetteer::Gazetteer, names::NameData};\nuse crate::text::case;",
    );
    let flat: Vec<String> = paths.iter().map(|(_, s)| s.join("::")).collect();
    assert_eq!(
        flat,
        [
            "stages::gazetteer::Gazetteer",
            "stages::names::NameData",
            "text::case"
        ]
    );
}
