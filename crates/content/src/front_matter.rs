//! Splitting a Markdown file into front matter and body, and parsing the front matter into a typed
//! struct with errors located in the file (not in the snippet).

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;

use model::config::toml_diagnostic;
use model::diagnostics::Diagnostic;
use model::span::char_at;

/// Which front-matter syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

/// A file cut into its front matter and Markdown body; offsets are byte offsets into the file.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The front-matter syntax.
    pub format: Format,
    /// The front matter without its fences.
    pub front: &'a str,
    /// Where `front` starts in the file.
    pub front_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Where `body` starts in the file.
    pub body_offset: usize,
}

/// Cuts `text` at its front-matter fences.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let (fence, format) = if rest.starts_with("+++") {
        ("+++", Format::Toml)
    } else if rest.starts_with("---") {
        ("---", Format::Yaml)
    } else {
        return Err(
            Diagnostic::error(path, char_at(text, start), "missing front matter").with_help(
                "start the file with a `+++` line, then `title = \"...\"`, then another `+++` line",
            ),
        );
    };
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != fence {
        return Err(Diagnostic::error(
            path,
            start..start + first_line_end,
            format!("the opening `{fence}` must be alone on its line"),
        )
        .with_help(format!(
            "put the front matter on the lines after a line holding only `{fence}`"
        )));
    }
    let front_offset = start + first_line_end;
    let mut pos = front_offset;
    for line in text[front_offset..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let body_offset = pos + line.len();
            return Ok(Split {
                format,
                front: &text[front_offset..pos],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(
        path,
        start..start + fence.len(),
        format!("front matter is never closed: no second `{fence}` line"),
    )
    .with_help(format!(
        "add a line holding only `{fence}` after the last front-matter line"
    )))
}

/// Parses the front matter into `T`, reporting errors at their place in the file.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    match split.format {
        Format::Toml => toml::from_str(split.front)
            .map_err(|e| toml_diagnostic(path, split.front_offset, file_text, &e)),
        Format::Yaml => {
            let source = if split.front.trim().is_empty() {
                "{}"
            } else {
                split.front
            };
            serde_yaml_ng::from_str(source).map_err(|e| {
                let offset = e
                    .location()
                    .map_or(0, |l| byte_of_line_col(split.front, l.line(), l.column()));
                let at = split.front_offset + offset;
                // The span carries the position; serde_yaml's own "at line L column C" counts
                // from the front matter, not the file, so it is dropped from the message.
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                Diagnostic::error(path, char_at(file_text, at), message)
            })
        }
    }
}

/// The byte offset of a 1-based line and column (in characters), clamped to the text.
pub(crate) fn byte_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let col_bytes: usize = text[line_start.min(text.len())..]
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    (line_start + col_bytes).min(text.len())
}

/// The span of the first occurrence of `needle` (as a quoted or bare value) in the front matter,
/// for errors found after deserializing; falls back to the whole front matter.
pub fn locate(split: &Split<'_>, needle: &str) -> Range<usize> {
    // Comment lines are skipped: an archetype's comments mention example values.
    let find = |pattern: &str, shift: usize| {
        let mut offset = 0;
        for line in split.front.split_inclusive('\n') {
            if !line.trim_start().starts_with('#') {
                if let Some(i) = line.find(pattern) {
                    return Some(offset + i + shift);
                }
            }
            offset += line.len();
        }
        None
    };
    let found = find(&format!("\"{needle}\""), 1).or_else(|| find(needle, 0));
    match found {
        Some(i) => split.front_offset + i..split.front_offset + i + needle.len().max(1),
        None => split.front_offset..split.front_offset + split.front.len().max(1),
    }
}

/// Locates many values in one front matter for diagnostics, in linear time overall: each search
/// starts where the last one ended (the values of an array are written in order, so 20,000 bad
/// ids in one line are found in one pass over it, not 20,000), and once the searches have read
/// a few times the whole front matter (values that are not written as such, e.g. escaped), the
/// rest get the whole front matter as their span.
pub struct Locator<'s, 'a> {
    split: &'s Split<'a>,
    /// Where the last value found ends, relative to the front matter.
    cursor: usize,
    /// Bytes the searches may still read.
    budget: usize,
    /// Start of each line that is a comment, relative to the front matter, with its end.
    comments: Vec<Range<usize>>,
}

impl<'s, 'a> Locator<'s, 'a> {
    /// A locator for one split file.
    pub fn new(split: &'s Split<'a>) -> Self {
        let mut comments = Vec::new();
        let mut offset = 0;
        for line in split.front.split_inclusive('\n') {
            if line.trim_start().starts_with('#') {
                comments.push(offset..offset + line.len());
            }
            offset += line.len();
        }
        Locator {
            split,
            cursor: 0,
            budget: 8 * split.front.len() + 4096,
            comments,
        }
    }

    /// The span of `needle` as a value (quoted, or bare but not a key), searching on from the
    /// last value found and then from the start; falls back to the whole front matter.
    pub fn value(&mut self, needle: &str) -> Range<usize> {
        let front = self.split.front;
        let found = self
            .search(needle, self.cursor, front.len())
            .or_else(|| self.search(needle, 0, self.cursor.min(front.len())));
        match found {
            Some(i) => {
                self.cursor = i + needle.len();
                let at = self.split.front_offset + i;
                at..at + needle.len().max(1)
            }
            None => self.whole(),
        }
    }

    /// [`locate_key`], counted against the same budget.
    pub fn key(&mut self, key: &str, table: Option<(&str, usize)>) -> Range<usize> {
        match self.budget.checked_sub(self.split.front.len()) {
            Some(rest) => {
                self.budget = rest;
                locate_key(self.split, key, table)
            }
            None => self.whole(),
        }
    }

    fn whole(&self) -> Range<usize> {
        let start = self.split.front_offset;
        start..start + self.split.front.len().max(1)
    }

    /// The first place in `from..to` where `needle` stands as a value outside a comment.
    fn search(&mut self, needle: &str, from: usize, to: usize) -> Option<usize> {
        let front = self.split.front;
        let hay = front.get(from..to)?;
        let quoted = needle.is_empty();
        let pattern = if quoted { "\"\"" } else { needle };
        for (i, _) in hay.match_indices(pattern) {
            let at = from + i;
            if self.budget < i {
                self.budget = 0;
                return None;
            }
            let before = front[..at].chars().next_back();
            let after_at = at + pattern.len();
            let after = front[after_at..].chars().next();
            let boundary =
                |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || "-_.".contains(c)));
            let is_key = !matches!(before, Some('"' | '\''))
                && front[after_at..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(['=', ':']);
            let in_comment = {
                let k = self.comments.partition_point(|c| c.end <= at);
                self.comments.get(k).is_some_and(|c| c.start <= at)
            };
            if boundary(before) && boundary(after) && !is_key && !in_comment {
                self.budget -= i;
                return Some(if quoted { at + 1 } else { at });
            }
        }
        self.budget = self.budget.saturating_sub(hay.len());
        None
    }
}

/// The span of the key `key` where it is assigned (`key = ...` or `key: ...`), searching from the
/// `nth` occurrence of the table header `table` (`[integrator]`, `[[partners]]`) when given.
/// Falls back to [`locate`].
pub fn locate_key(split: &Split<'_>, key: &str, table: Option<(&str, usize)>) -> Range<usize> {
    let mut offset = 0;
    let mut lines = split.front.split_inclusive('\n').map(|l| {
        let start = offset;
        offset += l.len();
        (start, l)
    });
    if let Some((header, nth)) = table {
        let mut seen = 0;
        let found = lines.by_ref().any(|(_, l)| {
            let hit = l.trim() == header;
            if hit {
                seen += 1;
            }
            hit && seen > nth
        });
        if !found {
            return locate(split, key);
        }
    }
    for (start, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && table.is_some() {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(['=', ':']) {
                let at = split.front_offset + start + (line.len() - trimmed.len());
                return at..at + key.len();
            }
        }
    }
    locate(split, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        title: String,
    }

    #[test]
    fn toml_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
        let t: T = parse(Path::new("a.md"), text, &s).unwrap();
        assert_eq!(t.title, "A");
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: B\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let t: T = parse(Path::new("a.md"), text, &s).unwrap();
        assert_eq!(t.title, "B");
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "+++\ntitle = \"A\"\ncolour = 1\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let e = parse::<T>(Path::new("a.md"), text, &s).unwrap_err();
        assert_eq!(&text[e.span.unwrap()], "colour");

        let yaml = "---\ntitle: B\ncolour: 1\n---\n";
        let s = split(Path::new("a.md"), yaml).unwrap();
        let e = parse::<T>(Path::new("a.md"), yaml, &s).unwrap_err();
        assert_eq!(
            model::diagnostics::line_col(yaml, e.span.unwrap().start).0,
            3
        );
    }

    #[test]
    fn values_in_comments_are_not_located() {
        let text = "+++\n# write \"unknown\" when not reported\nstate = \"unknown\"\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let r = locate(&s, "unknown");
        assert_eq!(model::diagnostics::line_col(text, r.start), (3, 10));
    }

    #[test]
    fn keys_are_located_where_assigned() {
        let text = "+++\nsummary = \"the network\"\nnetwork = \"\"\n[integrator]\nname = \"A\"\n[[partners]]\nname = \"\"\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let r = locate_key(&s, "network", None);
        assert_eq!(model::diagnostics::line_col(text, r.start), (3, 1));
        let r = locate_key(&s, "name", Some(("[[partners]]", 0)));
        assert_eq!(model::diagnostics::line_col(text, r.start), (7, 1));
        let r = locate_key(&s, "name", Some(("[integrator]", 0)));
        assert_eq!(model::diagnostics::line_col(text, r.start), (5, 1));
    }

    #[test]
    fn the_locator_finds_values_in_order_and_skips_keys_and_comments() {
        let text = "+++\n# functions = [\"a\"]\nsummary = \"x\"\nfunctions = [\"a-1\", \"a\", \"summary\", \"a\"]\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let mut at = Locator::new(&s);
        let first = at.value("a");
        assert_eq!(model::diagnostics::line_col(text, first.start), (4, 22));
        assert_eq!(
            model::diagnostics::line_col(text, at.value("summary").start),
            (4, 27)
        );
        assert_eq!(
            model::diagnostics::line_col(text, at.value("a").start),
            (4, 38)
        );
        assert_eq!(at.value("a"), first, "the search wraps around");
        assert_eq!(
            at.value("absent"),
            s.front_offset..s.front_offset + s.front.len()
        );
    }

    #[test]
    fn locating_every_value_of_a_long_line_reads_it_a_few_times_at_most() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("bad-{i}")).collect();
        let list: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
        let text = format!("+++\nfunctions = [{}]\n+++\n", list.join(", "));
        let s = split(Path::new("a.md"), &text).unwrap();
        let mut at = Locator::new(&s);
        for id in &ids {
            let span = at.value(id);
            assert_eq!(&text[span], id.as_str());
        }
        let budget = 8 * s.front.len() + 4096;
        assert!(
            at.budget > budget - 2 * s.front.len(),
            "{} of {budget} left",
            at.budget
        );
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert!(split(Path::new("a.md"), "+++\ntitle = 1\n")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(split(Path::new("a.md"), "# Hi\n")
            .unwrap_err()
            .message
            .contains("missing"));
    }
}
