//! Front-matter syntax errors in plain words. The parsers speak their own language ("key with
//! no value, expected `=`", "found character that cannot start any token"); a writer needs to
//! hear what is wrong on which line and see the line written right: a date as YYYY-MM-DD, a
//! list in TOML's square brackets, the missing `]` where it is missing, a tab named as a tab.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use super::check::DATE_HELP;
use super::front_matter::Split;
use model::diagnostics::Diagnostic;
use model::span::char_at;

/// Syntax errors of one front matter, as diagnostics, with the keys whose lines they are on
/// (those are not reported missing as well).
#[derive(Debug, Default)]
pub struct Syntax {
    /// One diagnostic per mistake (a parser's cascade of errors is one mistake).
    pub problems: Vec<Diagnostic>,
    /// Keys written on the lines the errors cover.
    pub keys: BTreeSet<String>,
    /// Those lines, as byte ranges of the file: the values on them are not checked again.
    pub covered: Vec<Range<usize>>,
}

/// The lines of the front matter with their offsets in it.
struct Lines<'a> {
    front: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(front: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(front.match_indices('\n').map(|(i, _)| i + 1));
        if starts.last() == Some(&front.len()) && !front.is_empty() {
            starts.pop();
        }
        Lines { front, starts }
    }

    /// The index of the line holding offset `at`.
    fn index(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    fn range(&self, i: usize) -> Range<usize> {
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(self.front.len(), |&e| e);
        start..end
    }

    fn text(&self, i: usize) -> &'a str {
        self.front[self.range(i)].trim_end_matches(['\n', '\r'])
    }

    fn len(&self) -> usize {
        self.starts.len()
    }
}

/// The key assigned on a line (`key = …`, `key: …`, `key =`), if any.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let end = t.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    let rest = t[end..].trim_start();
    (end > 0 && (rest.starts_with('=') || rest.starts_with(':'))).then(|| &t[..end])
}

/// Reads TOML errors (spans relative to the front matter) into plain-words diagnostics.
pub fn toml_errors(path: &Path, split: &Split<'_>, errors: &[toml::de::Error]) -> Syntax {
    let lines = Lines::new(split.front);
    let mut out = Syntax::default();
    let mut covered: BTreeSet<usize> = BTreeSet::new();
    let mut errors: Vec<(usize, &toml::de::Error)> = errors
        .iter()
        .map(|e| (e.span().map_or(0, |s| s.start), e))
        .collect();
    errors.sort_by_key(|(at, _)| *at);
    let shift = split.front_offset;
    let mut i = 0;
    while i < errors.len() {
        let (at, e) = errors[i];
        i += 1;
        let line = lines.index(at.min(split.front.len().saturating_sub(1)));
        if covered.contains(&line) {
            continue;
        }
        let message = e.message();
        let span = e.span().unwrap_or(at..at);
        // An empty span (an error just before a character, or at the end) is widened to that
        // whole character, inside the file.
        let span = if span.start < span.end {
            shift + span.start..shift + span.end
        } else {
            place(split, span.start)
        };
        let (diagnostic, cover) = if message.contains("array") {
            unclosed_list(path, &lines, line, shift)
        } else if let Some(found) = yaml_list(path, &lines, line, shift) {
            found
        } else if message.contains("invalid unquoted key") && lines.text(line).contains(':') {
            let text = lines.text(line);
            let fixed = text.replacen(':', " =", 1);
            let at = shift + lines.range(line).start + text.find(':').unwrap_or(0);
            (
                Diagnostic::error(
                    path,
                    at..at + 1,
                    "TOML front matter writes `=` between a key and its value, not `:`",
                )
                .with_help(format!("write `{}` (text in double quotes)", fixed.trim())),
                line..=line,
            )
        } else if message.contains("must be quoted")
            || message.contains("invalid") && looks_like_date(&value_text(lines.text(line)))
        {
            unquoted(path, &lines, line, span, shift)
        } else if message.contains("date") || message.contains("time") {
            let key = key_of(lines.text(line)).unwrap_or("date");
            (
                Diagnostic::error(
                    path,
                    span,
                    format!(
                        "`{}` is not a date: {}",
                        value_text(lines.text(line)),
                        message.split(", expected").nth(1).unwrap_or(message).trim()
                    ),
                )
                .with_help(format!("{DATE_HELP}: `{key} = 2026-12-01`")),
                line..=line,
            )
        } else {
            (
                Diagnostic::error(path, span, capitalised(message))
                    .with_help("TOML writes one `key = value` per line: text in double quotes, lists in square brackets, dates as YYYY-MM-DD without quotes"),
                line..=line,
            )
        };
        for l in cover.clone() {
            covered.insert(l);
            let r = lines.range(l);
            out.covered.push(shift + r.start..shift + r.end);
            if let Some(k) = key_of(lines.text(l)) {
                out.keys.insert(k.to_string());
            }
        }
        out.problems.push(diagnostic);
        // A cascade of errors on the lines just reported belongs to the same mistake.
        while i < errors.len()
            && cover.contains(&lines.index(errors[i].0.min(split.front.len().saturating_sub(1))))
        {
            i += 1;
        }
    }
    // After an error the parser may lose the lines that follow: no key or table written in
    // the front matter is then called missing.
    if !out.problems.is_empty() {
        for l in 0..lines.len() {
            let text = lines.text(l).trim();
            let header = text
                .strip_prefix('[')
                .map(|h| h.trim_start_matches('[').split(']').next().unwrap_or(h));
            if let Some(k) = key_of(text).or(header) {
                out.keys.insert(k.trim().to_string());
            }
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The value written after `=` or `:` on a line, trimmed, without a trailing comment.
fn value_text(line: &str) -> String {
    let after = line
        .split_once('=')
        .or_else(|| line.split_once(':'))
        .map_or(line, |(_, v)| v);
    after.split(" #").next().unwrap_or(after).trim().to_string()
}

fn looks_like_date(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    digits >= 4
        && v.chars().all(|c| c.is_ascii_digit() || "/.-".contains(c))
        && v.contains(['/', '.', '-'])
}

/// `12/01/2026` (month/day/year, as written in the US) as `2026-12-01`, when it is a real day.
fn us_date(v: &str) -> Option<String> {
    let parts: Vec<&str> = v.split(['/', '.', '-']).collect();
    let [m, d, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    let iso = format!("{y}-{:0>2}-{:0>2}", m, d);
    super::schema::Date::parse(&iso).ok().map(|d| d.to_string())
}

/// A value without quotes: a date in another format, or text.
fn unquoted(
    path: &Path,
    lines: &Lines<'_>,
    line: usize,
    span: Range<usize>,
    shift: usize,
) -> (Diagnostic, std::ops::RangeInclusive<usize>) {
    let text = lines.text(line);
    let key = key_of(text).unwrap_or("key");
    let value = value_text(text);
    let start =
        shift + lines.range(line).start + text.find(value.as_str()).unwrap_or(span.start - shift);
    let span = start..start + value.len().max(1);
    let d = if looks_like_date(&value) {
        let help = match us_date(&value) {
            Some(iso) => format!("{DATE_HELP}: `{key} = {iso}`"),
            None => format!("{DATE_HELP}: `{key} = 2026-12-01`"),
        };
        Diagnostic::error(
            path,
            span,
            format!("`{value}` is not a date written YYYY-MM-DD"),
        )
        .with_help(help)
    } else {
        let quoted = serde_json::to_string(&value).unwrap_or_default();
        Diagnostic::error(path, span, "text must be written in double quotes")
            .with_help(format!("write `{key} = {quoted}`"))
    };
    (d, line..=line)
}

/// A YAML-style list (`key:` or `key =` followed by `- item` lines) in TOML front matter.
fn yaml_list(
    path: &Path,
    lines: &Lines<'_>,
    line: usize,
    shift: usize,
) -> Option<(Diagnostic, std::ops::RangeInclusive<usize>)> {
    // The error is on the key line or on one of the `- item` lines after it.
    let mut key_line = line;
    while key_line > 0 && lines.text(key_line).trim_start().starts_with('-') {
        key_line -= 1;
    }
    let key = key_of(lines.text(key_line))?;
    if !value_text(lines.text(key_line)).is_empty() {
        return None;
    }
    let mut items = Vec::new();
    let mut last = key_line;
    for l in key_line + 1..lines.len() {
        match lines.text(l).trim_start().strip_prefix('-') {
            Some(item) => {
                let item = item.trim().trim_matches(['"', '\'']);
                items.push(serde_json::to_string(item).unwrap_or_default());
                last = l;
            }
            None => break,
        }
    }
    if items.is_empty() {
        return None;
    }
    let start = shift + lines.range(key_line).start + lines.text(key_line).find(key).unwrap_or(0);
    let d = Diagnostic::error(
        path,
        start..start + key.len(),
        format!("`{key}` is written as a YAML list; TOML writes a list in square brackets"),
    )
    .with_help(format!(
        "replace these {} lines with `{key} = [{}]`",
        last - key_line + 1,
        items.join(", ")
    ));
    Some((d, key_line..=last))
}

/// A list whose `]` is missing: the parser notices only at a later line; the diagnostic points
/// at the end of the line where the list opens.
fn unclosed_list(
    path: &Path,
    lines: &Lines<'_>,
    line: usize,
    shift: usize,
) -> (Diagnostic, std::ops::RangeInclusive<usize>) {
    let opened = (0..=line)
        .rev()
        .find(|&l| {
            let t = lines.text(l);
            t.matches('[').count() > t.matches(']').count() && key_of(t).is_some()
        })
        .unwrap_or(line);
    let text = lines.text(opened);
    let trimmed = text.trim_end();
    let end = shift + lines.range(opened).start + trimmed.len();
    // The line's last character, whole (it may be multi-byte).
    let last = trimmed.chars().next_back().map_or(1, char::len_utf8);
    let d = Diagnostic::error(
        path,
        end.saturating_sub(last)..end,
        "this list is never closed: the `]` at its end is missing",
    )
    .with_help(format!(
        "end the line with `]`: `{}]`",
        trimmed.trim_start()
    ));
    // The parser reads on to the end of the front matter looking for the `]`.
    (d, opened..=lines.len() - 1)
}

/// A YAML syntax error in plain words: a tab named as a tab.
pub fn yaml_error(path: &Path, split: &Split<'_>, message: &str, at: usize) -> Diagnostic {
    let lines = Lines::new(split.front);
    let line = lines.index(at.min(split.front.len().saturating_sub(1)));
    let shift = split.front_offset;
    let tab_line = [line, line.saturating_sub(1)]
        .into_iter()
        .find(|&l| l < lines.len() && lines.text(l).contains('\t'));
    if let Some(l) = tab_line {
        let at = shift + lines.range(l).start + lines.text(l).find('\t').unwrap_or(0);
        return Diagnostic::error(
            path,
            at..at + 1,
            "this line has a tab; YAML indents with spaces only",
        )
        .with_help("replace the tab with spaces: two spaces for each level of indentation");
    }
    let message = message.split(" at line ").next().unwrap_or(message);
    Diagnostic::error(path, place(split, at), capitalised(message))
        .with_help("YAML writes one `key: value` per line, lists as `- item` lines indented with spaces, dates as YYYY-MM-DD")
}

/// The span in the file of the character at `at` of the front matter (the whole character, so
/// a multi-byte one is not split), or of the closing fence's first character past its end.
fn place(split: &Split<'_>, at: usize) -> Range<usize> {
    place_in(split.front, split.front_offset, at)
}

/// [`place`] for a front matter `front` that starts at `shift` in the file.
pub(crate) fn place_in(front: &str, shift: usize, at: usize) -> Range<usize> {
    let at = char_at(front, at);
    if at.is_empty() {
        shift + at.start..shift + at.start + 1
    } else {
        shift + at.start..shift + at.end
    }
}
