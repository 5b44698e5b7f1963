//! Content: choosing the element that holds the article body.

use super::*;

/// What one pass over the tree learns: candidate containers and their text lengths.
#[derive(Default)]
pub(super) struct Scan {
    pub(super) articles: Vec<(NodeId, usize)>,
    pub(super) bodies: Vec<(NodeId, usize)>,
    pub(super) mains: Vec<(NodeId, usize)>,
    pub(super) body: Option<NodeId>,
    pub(super) p_score: HashMap<NodeId, usize>,
    pub(super) forms_with_p: HashSet<NodeId>,
    pub(super) article_h1: Option<String>,
    pub(super) first_h1: Option<String>,
}

/// True for elements skipped by tag, role, `hidden` or inline `display:none`.
pub(super) fn skipped_by_markup(el: &scraper::node::Element) -> bool {
    let name = el.name();
    SKIP_TAGS.contains(&name)
        || el
            .attr("role")
            .is_some_and(|r| SKIP_ROLES.iter().any(|s| r.eq_ignore_ascii_case(s)))
        || el.attr("hidden").is_some()
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

/// Elements never skipped for their class: dropping them would drop the story.
pub(super) fn is_container_tag(name: &str) -> bool {
    matches!(name, "html" | "body" | "article" | "main")
}

impl Scan {
    pub(super) fn run(root: NodeRef<'_, Node>, bp: &Boilerplate) -> Scan {
        let mut scan = Scan::default();
        // Per open element: (id, visible text length below it, skipped?).
        let mut stack: Vec<(NodeId, usize, bool)> = Vec::new();
        let mut skip = 0usize;
        let mut open_forms: Vec<NodeId> = Vec::new();
        let mut open_articles = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if let Node::Text(t) = node.value() {
                        if skip == 0 {
                            let n = visible_len(t);
                            if let Some(top) = stack.last_mut() {
                                top.1 += n;
                            }
                        }
                        continue;
                    }
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    let name = el.name();
                    let skipped = skipped_by_markup(el)
                        || (!is_container_tag(name)
                            && el.attr("itemprop") != Some("articleBody")
                            && bp.is_boilerplate_element(el));
                    if skipped {
                        skip += 1;
                    }
                    match name {
                        "form" => open_forms.push(node.id()),
                        "p" => scan.forms_with_p.extend(open_forms.iter().copied()),
                        "article" => open_articles += 1,
                        "body" if scan.body.is_none() => scan.body = Some(node.id()),
                        "h1" => {
                            let want_article = open_articles > 0 && scan.article_h1.is_none();
                            if want_article || scan.first_h1.is_none() {
                                let h = collapse(&text_of(node));
                                if !h.is_empty() {
                                    if want_article {
                                        scan.article_h1 = Some(h.clone());
                                    }
                                    scan.first_h1.get_or_insert(h);
                                }
                            }
                        }
                        _ => {}
                    }
                    stack.push((node.id(), 0, skipped));
                }
                Edge::Close(node) => {
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    let Some((id, len, skipped)) = stack.pop() else {
                        continue;
                    };
                    if skipped {
                        skip -= 1;
                    }
                    if let Some(parent) = stack.last_mut() {
                        parent.1 += len;
                    }
                    match el.name() {
                        "form" => {
                            open_forms.pop();
                        }
                        "article" => {
                            open_articles -= 1;
                            scan.articles.push((id, len));
                        }
                        "main" => scan.mains.push((id, len)),
                        "p" if skip == 0 && len > 0 => {
                            let parent = node.parent();
                            if let Some(p) = parent {
                                *scan.p_score.entry(p.id()).or_default() += len;
                                if let Some(g) = p.parent() {
                                    *scan.p_score.entry(g.id()).or_default() += len / 2;
                                }
                            }
                        }
                        _ => {}
                    }
                    if el.attr("itemprop") == Some("articleBody") {
                        scan.bodies.push((id, len));
                    }
                }
            }
        }
        scan
    }

    /// The container of the story, by the order in the module docs.
    pub(super) fn choose(&self) -> Option<NodeId> {
        let best_p = self
            .p_score
            .iter()
            .max_by_key(|(id, score)| (**score, std::cmp::Reverse(**id)))
            .map(|(id, score)| (*id, *score));
        let need = best_p.map_or(1, |(_, s)| (s / 2).max(1));
        for tier in [&self.articles, &self.bodies, &self.mains] {
            // Largest by text; among equals, the first in the page.
            let best = tier
                .iter()
                .max_by_key(|(id, len)| (*len, std::cmp::Reverse(*id)));
            if let Some(&(id, len)) = best {
                if len >= need {
                    return Some(id);
                }
            }
        }
        best_p.map(|(id, _)| id).or(self.body)
    }
}
