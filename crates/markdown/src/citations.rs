//! The citation grammar (pandoc's): `[see @a, pp. 33–35; @b, chap. 2]`, `[-@key]`, narrative
//! `@key` and `@key [p. 33]`, braced keys `@{https://x.org/y}`. It reads a [`Run`] of decoded
//! text (escapes resolved, so `@kania\_2011` is the key `kania_2011`, and an escaped `\[` or
//! `\@` is never syntax), once, in the analysis pass; spans are mapped back to the source.

mod parts;

use std::ops::Range;

use model::cite_key::CiteKey;
use serde::Serialize;

pub use super::locators::{Locator, LocatorTerm};
use super::runs::Run;
use parts::{read_key, suffix, Problem};

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CiteItem {
    /// The bibliography key.
    pub key: CiteKey,
    /// Text before the key, e.g. `see`.
    pub prefix: String,
    /// Where in the work, e.g. `pp. 33–35`.
    pub locator: Option<Locator>,
    /// Text after the key and locator, as written (with its leading comma, if any).
    pub suffix: String,
    /// `[-@key]`: show the year only.
    pub suppress_author: bool,
    /// Byte range of `@key` in the source.
    pub key_span: Range<usize>,
}

/// A citation as written: bracketed (parenthetical) or narrative.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    /// The works cited, in order.
    pub items: Vec<CiteItem>,
    /// `@key` in running text rather than `[@key]`.
    pub narrative: bool,
    /// Byte range of the whole citation in the source.
    pub span: Range<usize>,
}

/// What a citation says, without where it is: two citations with the same form are formatted
/// alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CiteForm {
    /// Narrative or parenthetical.
    pub narrative: bool,
    /// Key, prefix, locator, suffix and author suppression of each item.
    pub items: Vec<(String, String, Option<Locator>, String, bool)>,
}

impl Citation {
    /// The citation without its spans.
    pub fn form(&self) -> CiteForm {
        CiteForm {
            narrative: self.narrative,
            items: self
                .items
                .iter()
                .map(|i| {
                    let (k, p, s) = (
                        i.key.as_str().to_string(),
                        i.prefix.clone(),
                        i.suffix.clone(),
                    );
                    (k, p, i.locator.clone(), s, i.suppress_author)
                })
                .collect(),
        }
    }
}

/// A citation that cannot be read: where (source range), what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationError {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Every citation of a run, in order, and every malformed one; spans are source ranges.
pub fn parse(run: &Run) -> (Vec<Citation>, Vec<CitationError>) {
    let mut s = Scanner {
        run,
        text: &run.text,
        opens: positions(run, b'['),
        closes: positions(run, b']'),
        found: Vec::new(),
        errors: Vec::new(),
    };
    s.scan();
    (s.found, s.errors)
}

/// The citations of plain text that is not a Markdown body (a tool's or a test's text; a body is
/// read once, by `analyze`), spans relative to `text`; malformed ones are left out.
pub fn find(text: &str) -> Vec<Citation> {
    parse(&Run::plain(text)).0
}

/// Byte offsets of an unescaped ASCII character in the run's text.
fn positions(run: &Run, byte: u8) -> Vec<usize> {
    run.text
        .bytes()
        .enumerate()
        .filter(|&(i, b)| b == byte && !run.is_literal(i))
        .map(|(i, _)| i)
        .collect()
}

struct Scanner<'r> {
    run: &'r Run,
    text: &'r str,
    opens: Vec<usize>,
    closes: Vec<usize>,
    found: Vec<Citation>,
    errors: Vec<CitationError>,
}

/// An `@` starts a narrative citation only after whitespace, an opening bracket or quote, or the
/// start: so an e-mail address (`name@example.org`) is not a citation.
fn narrative_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{\"'\u{2018}\u{201c}".contains(c))
}

impl Scanner<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: &str) {
        self.errors.push(CitationError {
            span: self.run.span_to_source(&span),
            message,
            help: help.to_string(),
        });
    }

    /// The first unescaped `c` (`[` or `]`) after `at`.
    fn next(list: &[usize], at: usize) -> Option<usize> {
        list.get(list.partition_point(|&p| p <= at)).copied()
    }

    /// Where the first key after the `[` at `open` (which no `]` follows) is. Once the rest of
    /// the text after some `[` was found to hold no key, a later `[` only needs a look at what
    /// directly follows it: scanning the rest again for every `[` would take quadratic time.
    fn key_after(&self, open: usize, no_key_after: &mut Option<usize>) -> Option<usize> {
        if no_key_after.is_some_and(|at| at < open) {
            let next = &self.text[open + 1..];
            if !(next.starts_with('@') || next.starts_with("-@")) {
                return None;
            }
        }
        let found = key_at(self, open + 1..self.text.len());
        if found.is_none() {
            *no_key_after = Some(open);
        }
        found
    }

    fn scan(&mut self) {
        let text = self.text;
        let mut no_key_after = None;
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let literal = self.run.is_literal(i);
            if c == '[' && !literal {
                match Self::next(&self.closes, i) {
                    Some(close)
                        if Self::next(&self.opens, i).is_none_or(|o| o > close)
                            && has_key(self, i + 1..close) =>
                    {
                        self.bracketed(i, close);
                        i = close + 1;
                        continue;
                    }
                    None => {
                        let Some(key) = self.key_after(i, &mut no_key_after) else {
                            i += 1;
                            continue;
                        };
                        // The citation opens at the last `[` before its key.
                        let i = self.opens[self.opens.partition_point(|&o| o < key) - 1];
                        let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                        let mut shown: String = text[i..end].chars().take(40).collect();
                        if shown.len() < end - i {
                            shown.push('…');
                        }
                        self.error(
                            i..end,
                            format!("citation `{shown}` is not closed"),
                            "end the citation with `]` in the same paragraph, with no formatting inside it, e.g. `[@kania2011, pp. 33--35]`; for a literal bracket write `\\[`",
                        );
                        // No `]` follows, so nothing after this can be a bracketed citation.
                        return;
                    }
                    _ => {}
                }
            } else if c == '@' && !literal && narrative_boundary(text, i) {
                if let Some((key, key_end)) = read_key(text, i + 1, text.len()) {
                    let key = self.run.as_written(&key);
                    i = self.narrative(i, key, key_end);
                    continue;
                }
            }
            i += c.len_utf8();
        }
    }

    /// `@key`, and `@key [p. 33]` with a locator; returns where scanning goes on.
    fn narrative(&mut self, at: usize, key: String, key_end: usize) -> usize {
        let text = self.text;
        let mut item = CiteItem {
            key: CiteKey(key),
            prefix: String::new(),
            locator: None,
            suffix: String::new(),
            suppress_author: false,
            key_span: self.run.span_to_source(&(at..key_end)),
        };
        let mut end = key_end;
        let open = key_end + usize::from(text[key_end..].starts_with(' '));
        if text[open..].starts_with('[') && !self.run.is_literal(open) {
            if let Some(close) = Self::next(&self.closes, open) {
                let innermost = Self::next(&self.opens, open).is_none_or(|o| o > close);
                if innermost && !has_key(self, open + 1..close) {
                    match suffix(text, open + 1..close) {
                        Ok((locator, rest)) => {
                            item.locator = locator;
                            item.suffix = rest;
                        }
                        Err((span, message, help)) => self.error(span, message, help),
                    }
                    end = close + 1;
                }
            }
        }
        self.found.push(Citation {
            items: vec![item],
            narrative: true,
            span: self.run.span_to_source(&(at..end)),
        });
        end
    }

    /// `[…]` from `open` to `close` holding at least one key.
    fn bracketed(&mut self, open: usize, close: usize) {
        let text = self.text;
        let mut items = Vec::new();
        let mut start = open + 1;
        let mut bounds: Vec<usize> = (open + 1..close)
            .filter(|&i| text.as_bytes()[i] == b';' && !self.run.is_literal(i))
            .collect();
        bounds.push(close);
        for end in bounds {
            match self.item(start..end) {
                Ok(item) => items.push(item),
                Err((span, message, help)) => {
                    self.error(span, message, help);
                    return;
                }
            }
            start = end + 1;
        }
        self.found.push(Citation {
            items,
            narrative: false,
            span: self.run.span_to_source(&(open..close + 1)),
        });
    }

    /// One `;`-separated part: prefix, `-`?, `@key`, locator and suffix.
    fn item(&self, part: Range<usize>) -> Result<CiteItem, Problem> {
        let text = self.text;
        let Some(at) = key_at(self, part.clone()) else {
            let trimmed = text[part.clone()].trim();
            let start = part.start + text[part.clone()].find(trimmed).unwrap_or(0);
            return Err((
                start..(start + trimmed.len()).max(start + 1).min(part.end.max(start + 1)),
                format!("`{trimmed}` in this citation cites no work"),
                "each part between `;` needs its own `@key`, e.g. `[see @kania2011, p. 3; @turner2012]`; for a literal bracket write `\\[`",
            ));
        };
        let suppress_author = at > part.start && text.as_bytes()[at - 1] == b'-';
        let prefix_end = if suppress_author { at - 1 } else { at };
        let Some((key, key_end)) = read_key(text, at + 1, part.end) else {
            return Err((
                at..at + 1,
                "citation key is empty".into(),
                "write the bibliography key right after `@`, e.g. `[@kania2011]`",
            ));
        };
        let (locator, rest) = suffix(text, key_end..part.end)?;
        Ok(CiteItem {
            key: CiteKey(self.run.as_written(&key)),
            prefix: text[part.start..prefix_end].trim().to_string(),
            locator,
            suffix: rest,
            suppress_author,
            key_span: self.run.span_to_source(&(at..key_end)),
        })
    }
}

/// The first unescaped `@` of `range` that can start a key: at the start of the part or after
/// whitespace or `-`.
fn key_at(s: &Scanner<'_>, range: Range<usize>) -> Option<usize> {
    let text = s.text;
    (range.clone())
        .filter(|&i| text.as_bytes()[i] == b'@' && !s.run.is_literal(i))
        .find(|&i| {
            let before = text[range.start..i].trim_end_matches('-');
            let dash = before.len() < i - range.start;
            before.is_empty()
                || before.ends_with(char::is_whitespace)
                || (dash && before.trim().is_empty())
        })
}

fn has_key(s: &Scanner<'_>, range: Range<usize>) -> bool {
    key_at(s, range).is_some()
}

#[cfg(test)]
mod tests;
