//! Text: the body's block elements as lines, whitespace collapsed, entities decoded.

use super::*;

/// Length of a text node's content without whitespace runs, for scoring.
pub(super) fn visible_len(t: &str) -> usize {
    t.split_whitespace().map(str::len).sum()
}

/// All text below a node (scripts and styles included; used for `<h1>` and `<title>` only).
pub(super) fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            s.push_str(t);
        }
    }
    s
}

/// Whitespace collapsed to single spaces and trimmed.
pub(super) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.retain(|c| !matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}'));
    out
}

/// Builds lines of text, collapsing whitespace as a browser does.
pub(super) struct Lines<'b> {
    pub(super) out: String,
    pub(super) line: String,
    pub(super) space: bool,
    pub(super) bp: &'b Boilerplate,
}

impl Lines<'_> {
    pub(super) fn push_text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                self.space = true;
            } else if matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}') {
                continue;
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    pub(super) fn flush(&mut self) {
        self.space = false;
        if self.line.is_empty() {
            return;
        }
        if !self.bp.is_boilerplate(&self.line) {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(&self.line);
        }
        self.line.clear();
    }
}

/// The container's paragraphs, one per line, boilerplate dropped.
pub(super) fn extract_text(
    container: NodeRef<'_, Node>,
    bp: &Boilerplate,
    forms_with_p: &HashSet<NodeId>,
    by_class: bool,
) -> String {
    let mut lines = Lines {
        out: String::new(),
        line: String::new(),
        space: false,
        bp,
    };
    let mut skip = 0usize;
    // Whether each open element was skipped, to undo `skip` on close.
    let mut stack: Vec<bool> = Vec::new();
    for edge in container.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) if skip == 0 => lines.push_text(t),
                Node::Element(el) => {
                    let name = el.name();
                    let is_root = node.id() == container.id();
                    let skipped = skipped_by_markup(el)
                        || name == "h1"
                        || (name == "form" && !forms_with_p.contains(&node.id()))
                        || (by_class
                            && !is_root
                            && !is_container_tag(name)
                            && el.attr("itemprop") != Some("articleBody")
                            && bp.is_boilerplate_element(el));
                    if skipped {
                        skip += 1;
                    }
                    stack.push(skipped);
                    if skip == 0 && BLOCK_TAGS.contains(&name) {
                        lines.flush();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if stack.pop() == Some(true) {
                        skip -= 1;
                    }
                    if skip == 0 && BLOCK_TAGS.contains(&el.name()) {
                        lines.flush();
                    }
                }
            }
        }
    }
    lines.flush();
    lines.out
}
