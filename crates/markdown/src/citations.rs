//! The citation grammar (pandoc's): `[see @a, pp. 33–35; @b, chap. 2]`, `[-@key]`, narrative
//! `@key` and `@key [p. 33]`, braced keys `@{https://x.org/y}`. It reads a [`Run`] of decoded
//! text (escapes resolved, so `@kania\_2011` is the key `kania_2011`, and an escaped `\[` or
//! `\@` is never syntax), once, in the analysis pass; spans are mapped back to the source.

use std::ops::Range;

use serde::Serialize;

use super::locators::{normalize_value, term_at, unknown_abbreviation, value_len};
pub use super::locators::{Locator, LocatorTerm};
use super::runs::Run;

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CiteItem {
    /// The bibliography key.
    pub key: String,
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
                    let (k, p, s) = (i.key.clone(), i.prefix.clone(), i.suffix.clone());
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

fn is_key_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c)
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
            key,
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
            key,
            prefix: text[part.start..prefix_end].trim().to_string(),
            locator,
            suffix: rest,
            suppress_author,
            key_span: self.run.span_to_source(&(at..key_end)),
        })
    }
}

/// A range, a message and a help text.
type Problem = (Range<usize>, String, &'static str);

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

/// The key after an `@` at `at - 1`: `{anything}` or key characters, trailing punctuation not
/// included. Returns it and where it ends.
fn read_key(text: &str, at: usize, limit: usize) -> Option<(String, usize)> {
    let rest = &text[at..limit];
    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let key = braced[..close].trim();
        return (!key.is_empty()).then(|| (key.to_string(), at + close + 2));
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
    Some((rest[..end].to_string(), at + end))
}

/// What follows a key: `, pp. 33–35, and passim` is a locator and the suffix `, and passim`;
/// `, 33` a page; other text a suffix as written.
fn suffix(text: &str, range: Range<usize>) -> Result<(Option<Locator>, String), Problem> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(md: &str) -> Vec<Citation> {
        let a = crate::analyze(md);
        assert!(a.citation_errors.is_empty(), "{:?}", a.citation_errors);
        a.citations
    }

    fn errors(md: &str) -> Vec<(String, String)> {
        let a = crate::analyze(md);
        a.citation_errors
            .iter()
            .map(|e| (md[e.span.clone()].to_string(), e.message.clone()))
            .collect()
    }

    fn loc(term: LocatorTerm, value: &str) -> Option<Locator> {
        Some(Locator {
            term,
            value: value.into(),
        })
    }

    #[test]
    fn several_keys_prefixes_locators_and_suffixes() {
        let md = "As shown [see @turner2012, pp. 33--35, and passim; also @varda2018, chap. 2].";
        let c = &cites(md)[0];
        assert!(!c.narrative);
        assert_eq!(
            &md[c.span.clone()],
            "[see @turner2012, pp. 33--35, and passim; also @varda2018, chap. 2]"
        );
        let (a, b) = (&c.items[0], &c.items[1]);
        assert_eq!((a.prefix.as_str(), a.key.as_str()), ("see", "turner2012"));
        assert_eq!(a.locator, loc(LocatorTerm::Page, "33–35"));
        assert_eq!(a.suffix, ", and passim");
        assert_eq!(&md[a.key_span.clone()], "@turner2012");
        assert_eq!((b.prefix.as_str(), b.key.as_str()), ("also", "varda2018"));
        assert_eq!(b.locator, loc(LocatorTerm::Chapter, "2"));
    }

    #[test]
    fn every_locator_form() {
        for (written, term, value) in [
            ("p. 33", LocatorTerm::Page, "33"),
            ("pp. 33–35", LocatorTerm::Page, "33–35"),
            ("page 4", LocatorTerm::Page, "4"),
            ("pages 4-6", LocatorTerm::Page, "4–6"),
            ("33", LocatorTerm::Page, "33"),
            ("p.33", LocatorTerm::Page, "33"),
            ("chap. IV", LocatorTerm::Chapter, "IV"),
            ("chapters 2 & 3", LocatorTerm::Chapter, "2 & 3"),
            ("sec. 3.2", LocatorTerm::Section, "3.2"),
            ("§ 4", LocatorTerm::Section, "4"),
            ("para. 12", LocatorTerm::Paragraph, "12"),
            ("paras. 1, 3", LocatorTerm::Paragraph, "1, 3"),
            ("fig. 2a", LocatorTerm::Figure, "2a"),
            ("vol. 2", LocatorTerm::Volume, "2"),
            ("line 7", LocatorTerm::Line, "7"),
            ("ll. 7--9", LocatorTerm::Line, "7–9"),
            ("n. 3", LocatorTerm::Note, "3"),
            ("nn. 3-4", LocatorTerm::Note, "3–4"),
            ("no. 5", LocatorTerm::Issue, "5"),
            ("bk. 1", LocatorTerm::Book, "1"),
            ("col. 2", LocatorTerm::Column, "2"),
            ("pt. 2", LocatorTerm::Part, "2"),
            ("tbl. 1", LocatorTerm::Table, "1"),
            ("app. 2", LocatorTerm::Appendix, "2"),
            ("vv. 1-4", LocatorTerm::Verse, "1–4"),
            ("s.v. integrator", LocatorTerm::SubVerbo, "integrator"),
            ("P. 9", LocatorTerm::Page, "9"),
            ("p. {A-D}", LocatorTerm::Page, "A-D"),
        ] {
            let md = format!("[@k, {written}]");
            let c = &cites(&md)[0];
            assert_eq!(c.items[0].locator, loc(term, value), "{written}");
            assert_eq!(c.items[0].suffix, "", "{written}");
        }
    }

    #[test]
    fn a_suffix_that_is_not_a_locator_is_kept_as_written() {
        let c = &cites("[see @kania2011, the authors' note]")[0];
        assert_eq!(c.items[0].locator, None);
        assert_eq!(c.items[0].suffix, ", the authors’ note");
        assert_eq!(c.items[0].prefix, "see");
    }

    #[test]
    fn narrative_year_only_and_narrative_locator() {
        let md = "@kania2011 argued, and Kania [-@kania2011] and @turner2012 [p. 33] too.";
        let c = cites(md);
        assert_eq!(c.len(), 3);
        assert!(c[0].narrative && !c[1].narrative && c[2].narrative);
        assert!(c[1].items[0].suppress_author);
        assert_eq!(&md[c[2].span.clone()], "@turner2012 [p. 33]");
        assert_eq!(c[2].items[0].locator, loc(LocatorTerm::Page, "33"));
    }

    #[test]
    fn keys_with_escapes_punctuation_and_braces() {
        let keys = |md: &str| -> Vec<String> {
            cites(md)
                .into_iter()
                .flat_map(|c| c.items)
                .map(|i| i.key)
                .collect()
        };
        assert_eq!(keys("[@kania\\_2011]"), ["kania_2011"]);
        assert_eq!(keys("@kania\\_2011 said"), ["kania_2011"]);
        assert_eq!(keys("as @kania2011. Then"), ["kania2011"]);
        assert_eq!(
            keys("[@nemours-evidence; @a:b.c/d_e]"),
            ["nemours-evidence", "a:b.c/d_e"]
        );
        assert_eq!(keys("[@{https://x.org/a b}]"), ["https://x.org/a b"]);
        let md = "Text [@kania\\_2011, p. 3].";
        let c = &cites(md)[0];
        assert_eq!(&md[c.span.clone()], "[@kania\\_2011, p. 3]");
        assert_eq!(&md[c.items[0].key_span.clone()], "@kania\\_2011");
    }

    #[test]
    fn a_citation_may_run_over_a_line_break() {
        let md = "One [see @kania2011,\npp. 3-4] two.";
        let c = &cites(md)[0];
        assert_eq!(&md[c.span.clone()], "[see @kania2011,\npp. 3-4]");
        assert_eq!(c.items[0].locator, loc(LocatorTerm::Page, "3–4"));
    }

    #[test]
    fn emails_escapes_and_plain_brackets_are_not_citations() {
        assert!(cites("write to bilal.taylor@nemours.org or [this]").is_empty());
        assert!(cites("[a@b.org] and \\@k and [x\\@k]").is_empty());
        // As in pandoc, an escaped bracket is text, and the key after it a narrative citation.
        assert!(cites("\\[@k]")[0].narrative);
        assert!(cites("Use `[@x]` and\n\n```\n[@y]\n```\n").is_empty());
    }

    #[test]
    fn malformed_citations_are_errors() {
        assert_eq!(
            errors("See [@kania2011, pp. 33--35 for more.\n"),
            [(
                "[@kania2011, pp. 33--35 for more.".to_string(),
                "citation `[@kania2011, pp. 33–35 for more.` is not closed".to_string()
            )]
        );
        assert_eq!(errors("[@]")[0].1, "citation key is empty");
        assert_eq!(errors("[@, p. 3]")[0].1, "citation key is empty");
        assert_eq!(
            errors("[@k, pg. 33]"),
            [("pg.".to_string(), "unknown locator term `pg.`".to_string())]
        );
        assert_eq!(errors("[@k, pp.]")[0].1, "locator `pp.` has no value");
        assert_eq!(
            errors("[see @a; and b]")[0].1,
            "`and b` in this citation cites no work"
        );
    }

    #[test]
    fn the_innermost_bracket_is_the_citation() {
        let md = "[see [@kania2011] and [x [@a; @b]";
        let found = cites(md);
        assert_eq!(&md[found[0].span.clone()], "[@kania2011]");
        assert_eq!(&md[found[1].span.clone()], "[@a; @b]");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn long_inputs_are_scanned_in_linear_time() {
        let open = "[@".repeat(200_000);
        assert_eq!(crate::analyze(&open).citation_errors.len(), 1);
        let nested = format!("{}]", "[x ".repeat(200_000));
        assert!(cites(&nested).is_empty());
        // Never closed: each `[` must not search the rest of the text for a key again.
        assert!(cites(&"[x ".repeat(200_000)).is_empty());
        let md = format!("{}[@k", "[x ".repeat(200_000));
        let errors = crate::analyze(&md).citation_errors;
        assert_eq!(errors.len(), 1);
        assert_eq!(&md[errors[0].span.clone()], "[@k");
        let lists = format!("{}x]", "[@a;".repeat(100_000));
        let a = crate::analyze(&lists);
        assert_eq!(a.citation_errors.len(), 1);
    }
}
