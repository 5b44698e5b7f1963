//! One article per line of a JSON Lines file.
//!
//! Each non-blank line is a JSON object with a required string `text` and optional strings
//! `title`, `url`, `source` and `published` (`YYYY-MM-DD` or an RFC 3339 timestamp, of which the
//! date as written is kept). Other fields are ignored, so files exported by other tools can be
//! read as they are; `null` counts as absent. The text is taken unchanged.
//!
//! The parser is line-at-a-time and returns a plain message on error, so that the caller can name
//! the file and line and carry on with the next line.

use jiff::civil::Date;
use serde_json::Value;

/// The fields of one JSON Lines article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The article's text, unchanged.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
}

/// Parse one line. `Ok(None)` for a blank line, an error message for anything that is not an
/// object with a non-empty string `text` and optional fields of the right type.
pub fn parse_line(line: &str) -> Result<Option<Article>, String> {
    let line = line.trim_start_matches('\u{feff}');
    if line.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err(format!("expected a JSON object, found {}", kind(&value)));
    };
    let text = match obj.remove("text") {
        None | Some(Value::Null) => return Err("missing field `text`".into()),
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(format!(
                "field `text` must be a string, found {}",
                kind(&other)
            ))
        }
    };
    if text.trim().is_empty() {
        return Err("field `text` is empty".into());
    }
    let mut string_field = |name: &str| -> Result<Option<String>, String> {
        match obj.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(other) => Err(format!(
                "field `{name}` must be a string, found {}",
                kind(&other)
            )),
        }
    };
    let title = string_field("title")?;
    let url = string_field("url")?;
    let source = string_field("source")?;
    let published = string_field("published")?
        .map(|s| super::parse_date(&s).map_err(|e| format!("field `published`: {e}")))
        .transpose()?;
    Ok(Some(Article {
        text,
        title,
        url,
        source,
        published,
    }))
}

/// The JSON type of a value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_line_full_record() {
        let a = parse_line(
            r#"{"text":"Kim said “no.”","title":"Talks","url":"https://x.test/1","source":"Daily","published":"2024-03-05T23:10:00-05:00","extra":1}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(a.text, "Kim said “no.”");
        assert_eq!(a.title.as_deref(), Some("Talks"));
        assert_eq!(a.source.as_deref(), Some("Daily"));
        assert_eq!(a.published, Some(jiff::civil::date(2024, 3, 5)));
    }

    #[test]
    fn parse_line_blank_is_none() {
        assert_eq!(parse_line("   "), Ok(None));
    }

    #[test]
    fn parse_line_rejects_bad_lines() {
        assert!(parse_line("{not json").unwrap_err().starts_with("not JSON"));
        assert!(parse_line("[1,2]").unwrap_err().contains("object"));
        assert!(parse_line(r#"{"title":"x"}"#)
            .unwrap_err()
            .contains("missing field `text`"));
        assert!(parse_line(r#"{"text":5}"#)
            .unwrap_err()
            .contains("must be a string"));
        assert!(parse_line(r#"{"text":"a","url":[]}"#)
            .unwrap_err()
            .contains("`url`"));
        assert!(parse_line(r#"{"text":"a","published":"2024-02-30"}"#)
            .unwrap_err()
            .contains("invalid date"));
        assert!(parse_line(r#"{"text":"  "}"#)
            .unwrap_err()
            .contains("empty"));
    }

    #[test]
    fn parse_line_null_optional_is_absent() {
        let a = parse_line(r#"{"text":"a","title":null,"published":null}"#)
            .unwrap()
            .unwrap();
        assert_eq!(a.title, None);
        assert_eq!(a.published, None);
    }

    proptest! {
        #[test]
        fn parse_line_never_panics(line in "\\PC{0,200}") {
            let _ = parse_line(&line);
        }

        #[test]
        fn parse_line_never_panics_on_jsonish(line in r#"\{("(text|title|published|url)":("[^"]{0,20}"|[0-9]{1,3}|null|\[\]|\{\}),?){0,4}\}"#) {
            let _ = parse_line(&line);
        }
    }
}
