//! Finding pandoc-style citations in Markdown text: `[@key]`, `[see @a, p. 3; @b]`, `[-@key]`
//! and narrative `@key`. Only plain text is scanned, so code spans and code blocks are left alone.

use std::ops::Range;

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// The bibliography key.
    pub key: String,
    /// Text before the key, e.g. `see`.
    pub prefix: String,
    /// Text after the key, e.g. `p. 38`.
    pub suffix: String,
    /// `[-@key]`: show the year only.
    pub suppress_author: bool,
    /// Byte range of `@key` within the scanned text.
    pub key_span: Range<usize>,
}

/// A citation as written: bracketed (parenthetical) or narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The works cited, in order.
    pub items: Vec<CiteItem>,
    /// `@key` in running text rather than `[@key]`.
    pub narrative: bool,
    /// Byte range of the whole citation within the scanned text.
    pub span: Range<usize>,
}

fn is_key_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c)
}

/// Reads a key starting at `at` (just after `@`); trailing punctuation is not part of it.
fn read_key(text: &str, at: usize) -> Option<Range<usize>> {
    let first = text[at..].chars().next()?;
    if !is_key_start(first) {
        return None;
    }
    let mut end = at;
    for (i, c) in text[at..].char_indices() {
        if is_key_char(c) {
            end = at + i + c.len_utf8();
        } else {
            break;
        }
    }
    while end > at && !text[..end].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
        end -= 1;
    }
    Some(at..end)
}

/// Every citation in `text`, in order. A bracketed citation is the innermost `[…]` holding an
/// `@`: so `[see [@a]` cites `a` with the text `[see ` before it. One pass: the next `[` and `]`
/// are remembered rather than searched for again at every bracket, so the time is linear in the
/// text even for `[@` repeated a million times.
pub fn find(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut next_open = NextByte::new(b'[');
    let mut next_close = NextByte::new(b']');
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c == '[' {
            if let Some(close) = next_close.after(text, i) {
                let innermost = next_open.after(text, i + 1).is_none_or(|o| o > close);
                if innermost {
                    if let Some(cite) = parse_bracket(text, i, close) {
                        i = close + 1;
                        out.push(cite);
                        continue;
                    }
                }
            }
        } else if c == '@' && preceded_by_boundary(text, i) {
            if let Some(key) = read_key(text, i + 1) {
                let span = i..key.end;
                out.push(Citation {
                    items: vec![CiteItem {
                        key: text[key.clone()].to_string(),
                        prefix: String::new(),
                        suffix: String::new(),
                        suppress_author: false,
                        key_span: i..key.end,
                    }],
                    narrative: true,
                    span,
                });
                i = key.end;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// The position of the next occurrence of one byte, remembered between questions that only move
/// forward, so every byte of the text is searched once.
struct NextByte {
    byte: u8,
    /// The last answer: the byte's position at or after `from`, or None if there is none.
    found: Option<Option<usize>>,
    from: usize,
}

impl NextByte {
    fn new(byte: u8) -> NextByte {
        NextByte {
            byte,
            found: None,
            from: 0,
        }
    }

    /// The first position at or after `at` holding the byte (`at` never moves backwards).
    fn after(&mut self, text: &str, at: usize) -> Option<usize> {
        match self.found {
            Some(None) if at >= self.from => return None,
            Some(Some(p)) if p >= at && at >= self.from => return Some(p),
            _ => {}
        }
        let found = text.as_bytes()[at.min(text.len())..]
            .iter()
            .position(|&b| b == self.byte)
            .map(|p| at + p);
        self.found = Some(found);
        self.from = at;
        found
    }
}

/// An `@` starts a citation only after whitespace, an opening bracket or the start: so an e-mail
/// address (`name@example.org`) is not a citation.
fn preceded_by_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{\"'\u{2018}\u{201c}".contains(c))
}

fn parse_bracket(text: &str, open: usize, close: usize) -> Option<Citation> {
    let inner_start = open + 1;
    let inner = &text[inner_start..close];
    if !inner.contains('@') {
        return None;
    }
    let mut items = Vec::new();
    let mut part_start = inner_start;
    for part in inner.split(';') {
        let part_end = part_start + part.len();
        let at = part.find('@')?;
        let mut prefix_end = part_start + at;
        let suppress_author = text[..prefix_end].ends_with('-') && prefix_end > part_start;
        if suppress_author {
            prefix_end -= 1;
        }
        let prefix = text[part_start..prefix_end].trim();
        if !preceded_by_boundary(text, part_start + at) && !suppress_author && !prefix.is_empty() {
            return None;
        }
        let key = read_key(text, part_start + at + 1)?;
        let suffix = text[key.end..part_end]
            .trim()
            .trim_start_matches(',')
            .trim();
        items.push(CiteItem {
            key: text[key.clone()].to_string(),
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
            suppress_author,
            key_span: part_start + at..key.end,
        });
        part_start = part_end + 1;
    }
    Some(Citation {
        items,
        narrative: false,
        span: open..close + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(Vec<String>, bool)> {
        find(text)
            .into_iter()
            .map(|c| (c.items.into_iter().map(|i| i.key).collect(), c.narrative))
            .collect()
    }

    #[test]
    fn bracketed_with_locator_prefix_and_several_keys() {
        let c = &find("As shown [see @turner2012, p. 38; @varda2018].")[0];
        assert!(!c.narrative);
        assert_eq!(c.items[0].prefix, "see");
        assert_eq!(c.items[0].key, "turner2012");
        assert_eq!(c.items[0].suffix, "p. 38");
        assert_eq!(c.items[1].key, "varda2018");
        assert_eq!(
            &"As shown [see @turner2012, p. 38; @varda2018]."[c.span.clone()],
            "[see @turner2012, p. 38; @varda2018]"
        );
    }

    #[test]
    fn narrative_and_year_only() {
        assert_eq!(
            keys("@kania2011 argued."),
            vec![(vec!["kania2011".into()], true)]
        );
        let c = &find("Kania [-@kania2011] said")[0];
        assert!(c.items[0].suppress_author);
        assert_eq!(c.items[0].prefix, "");
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_key() {
        assert_eq!(
            keys("as @kania2011. Then"),
            vec![(vec!["kania2011".into()], true)]
        );
        assert_eq!(
            keys("[@nemours-evidence]"),
            vec![(vec!["nemours-evidence".into()], false)]
        );
    }

    #[test]
    fn the_innermost_bracket_is_the_citation() {
        let text = "[see [@kania2011] and [x [@a; @b]";
        let found = find(text);
        assert_eq!(&text[found[0].span.clone()], "[@kania2011]");
        assert_eq!(&text[found[1].span.clone()], "[@a; @b]");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn unclosed_and_repeated_brackets_are_scanned_once() {
        // Each of these took time quadratic in its length before the scan remembered brackets.
        let open = "[@".repeat(200_000);
        assert!(find(&open).is_empty());
        let nested = format!("{}]", "[x ".repeat(200_000));
        assert!(find(&nested).is_empty());
        let lists = format!("{}x]", "[@a;".repeat(100_000));
        let found = find(&lists);
        assert_eq!(found.len(), 100_000);
        assert!(found.iter().all(|c| c.narrative));
    }

    #[test]
    fn emails_and_plain_brackets_are_not_citations() {
        assert!(find("write to bilal.taylor@nemours.org or [this]").is_empty());
        assert!(find("[a@b.org]").is_empty());
    }
}
