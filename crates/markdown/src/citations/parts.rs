//! The parts of one cited item read from text: the key after an `@` (plain or braced) and what
//! follows it (a locator with its CSL term, then the suffix as written).

use std::ops::Range;

use crate::locators::{
    normalize_value, term_at, unknown_abbreviation, value_len, Locator, LocatorTerm,
};

fn is_key_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c)
}

/// A range, a message and a help text.
pub(super) type Problem = (Range<usize>, String, &'static str);

/// The key after an `@` at `at - 1`: `{anything}` or key characters, trailing punctuation not
/// included. Returns the key's range in `text` (inside the braces, trimmed) and where the key
/// as written ends.
pub(super) fn read_key(text: &str, at: usize, limit: usize) -> Option<(Range<usize>, usize)> {
    let rest = &text[at..limit];
    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let inside = &braced[..close];
        let start = at + 1 + (inside.len() - inside.trim_start().len());
        let end = at + 1 + inside.trim_end().len();
        return (start < end).then_some((start..end, at + close + 2));
    }
    let first = rest.chars().next()?;
    if !is_key_start(first) {
        return None;
    }
    let mut end = rest
        .char_indices()
        .find(|&(_, c)| !is_key_char(c))
        .map_or(rest.len(), |(i, _)| i);
    while !rest[..end].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
        end -= rest[..end].chars().next_back().map_or(1, char::len_utf8);
    }
    Some((at..at + end, at + end))
}

/// What follows a key: `, pp. 33–35, and passim` is a locator and the suffix `, and passim`;
/// `, 33` a page; other text a suffix as written.
pub(super) fn suffix(
    text: &str,
    range: Range<usize>,
) -> Result<(Option<Locator>, String), Problem> {
    let raw = &text[range.clone()];
    let written = raw.trim();
    let body = written.strip_prefix(',').unwrap_or(written).trim_start();
    let body_at = range.start + (raw.len() - raw.trim_start().len()) + (written.len() - body.len());
    if body.is_empty() {
        return Ok((None, String::new()));
    }
    let (term, value_from) = match term_at(body) {
        Some((term, len)) => (term, len),
        None => match unknown_abbreviation(body) {
            Some(word) => {
                return Err((
                    body_at..body_at + word.len(),
                    format!("unknown locator term `{word}`"),
                    "use a CSL locator term: p. / pp. (page), chap., sec., para., fig., vol., l. / ll. (line), n. / nn. (note), bk., col., no., pt., tbl., v. / vv. (verse), or the word itself (page, chapter, section…)",
                ))
            }
            None if body.starts_with(|c: char| c.is_ascii_digit()) => (LocatorTerm::Page, 0),
            None => return Ok((None, written.to_string())),
        },
    };
    let after = &body[value_from..];
    let value_at = value_from + (after.len() - after.trim_start().len());
    let value_text = &body[value_at..];
    let len = if term == LocatorTerm::SubVerbo {
        value_text.find(',').unwrap_or(value_text.len())
    } else {
        value_len(value_text)
    };
    let value = value_text[..len].trim();
    if value.is_empty() {
        let abbreviated = !body[..value_from].chars().all(char::is_alphabetic);
        if abbreviated {
            return Err((
                body_at..body_at + value_from,
                format!("locator `{}` has no value", &body[..value_from]),
                "write the page, range or number after the term, e.g. `p. 33` or `pp. 33--35`",
            ));
        }
        return Ok((None, written.to_string()));
    }
    let rest = value_text[len..].trim();
    Ok((
        Some(Locator {
            term,
            value: normalize_value(value),
        }),
        rest.to_string(),
    ))
}
