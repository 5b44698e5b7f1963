//! Find: the time expressions of a document's sentences, and an event's date from one.

use super::*;

/// The lower-cased words of a document's tokens, for the parsers of this module and the event
/// stage: one ASCII-lower-cased copy of the text, sliced per token.
pub fn lower_text(doc: &Document) -> String {
    doc.text.to_ascii_lowercase()
}

/// Every time expression in the document, in text order, with the anchor year for `later`.
pub fn find_times(doc: &Document, lower: &str, data: &TimeData) -> Vec<TimeMention> {
    let tokens = doc.tokens();
    let mut out = Vec::new();
    let mut prev_sentence_year: Option<i16> = None;
    for (si, s) in doc.sentences().iter().enumerate() {
        let range = s.token_range();
        let words: Vec<W<'_>> = tokens[range.clone()]
            .iter()
            .map(|t| W {
                lower: &lower[t.span.start()..t.span.end()],
                cap: t.kind == TokenKind::Word
                    && doc.text[t.span.start()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase),
            })
            .collect();
        let mut anchor = prev_sentence_year;
        let mut this_sentence_year = None;
        let mut i = 0;
        while i < words.len() {
            if let Some((end, expr)) = parse_words(data, &words, i) {
                let end = end.min(words.len());
                let span = Span::new(
                    tokens[range.start + i].span.start(),
                    tokens[range.start + end - 1].span.end(),
                );
                let year = match &expr {
                    TimeExpr::Year(y)
                    | TimeExpr::MonthYear { year: y, .. }
                    | TimeExpr::Date { year: y, .. } => Some(*y),
                    TimeExpr::Since(inner) => match inner.as_ref() {
                        TimeExpr::Year(y) | TimeExpr::MonthYear { year: y, .. } => Some(*y),
                        _ => None,
                    },
                    _ => None,
                };
                out.push(TimeMention {
                    span,
                    expr,
                    sentence: si,
                    first_token: range.start + i,
                    end_token: range.start + end,
                    anchor_year: anchor,
                });
                if let Some(y) = year {
                    anchor = Some(y);
                    this_sentence_year = Some(y);
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        prev_sentence_year = this_sentence_year;
    }
    out
}

/// Resolve a found expression into the [`EventDate`] kept on an event.
pub fn event_date(doc: &Document, m: &TimeMention, tense: Tense) -> Option<EventDate> {
    let r = resolve_expr(&m.expr, doc.meta.published, tense, m.anchor_year)?;
    Some(EventDate {
        value: r.value,
        end: r.end,
        precision: r.precision,
        text: doc.text_of(m.span).to_string(),
        span: m.span,
    })
}
