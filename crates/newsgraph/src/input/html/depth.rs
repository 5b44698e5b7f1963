//! Depth limiting: dropping tags nested too deep, in one linear pass before parsing.

use super::*;

/// Drop start tags nested deeper than `max` (and the end tags that close them), so that the
/// parser never sees pathological depth. Linear in the input; returns the input unchanged
/// (borrowed) when nothing is dropped. Comments, doctypes and raw-text elements (`script`,
/// `style`...) are copied through untouched; void and optional-end elements do not count.
pub fn limit_depth(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // Copied up to here (when `out` is Some).
    let mut copied = 0usize;
    let mut stack: Vec<String> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut i = 0usize;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|b| matches!(b, b'!' | b'?')) {
            i = memchr(b'>', rest).map_or(bytes.len(), |e| lt + 1 + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        let mut drop_tag = false;
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(pos);
            } else if let Some(n) = dropped.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                drop_tag = true;
            }
        } else if RAW_TEXT_TAGS.contains(&name.as_str()) && !self_closing {
            // Skip the raw text up to its end tag, whatever it holds.
            let close = format!("</{name}");
            let body_end = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            i = body_end;
            continue;
        } else if !self_closing
            && !VOID_TAGS.contains(&name.as_str())
            && !OPTIONAL_END_TAGS.contains(&name.as_str())
        {
            if stack.len() >= max {
                *dropped.entry(name).or_default() += 1;
                drop_tag = true;
            } else {
                stack.push(name);
            }
        }
        if drop_tag {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..lt]);
            copied = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// One past the `>` that ends a tag whose name ends at `from`, skipping quoted attribute values.
pub(super) fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                // A quote only opens a value right after `=` (possibly with spaces).
                let prev = bytes[from..from + k]
                    .iter()
                    .rev()
                    .find(|c| !c.is_ascii_whitespace());
                if prev == Some(&b'=') {
                    quote = Some(b);
                }
            }
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

pub(super) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Position of `needle` in `bytes` at or after `from`.
pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    memmem(hay, needle, false).map(|p| from + p)
}

/// Like [`find`], ASCII case-insensitive.
pub(super) fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    memmem(hay, needle, true).map(|p| from + p)
}

/// Linear-time substring search (needles here are short and start with `<` or `-`).
pub(super) fn memmem(hay: &[u8], needle: &[u8], ci: bool) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = 0;
    while let Some(p) = memchr(first, &hay[i..]) {
        let at = i + p;
        let cand = hay.get(at..at + needle.len())?;
        let same = if ci {
            cand.eq_ignore_ascii_case(needle)
        } else {
            cand == needle
        };
        if same {
            return Some(at);
        }
        i = at + 1;
    }
    None
}
