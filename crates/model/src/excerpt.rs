//! The piece of a source file a diagnostic quotes: the span's line, cut to a window of
//! characters around the span, so a problem on a 20 MB line prints (and holds in memory) a
//! hundred-odd characters rather than the whole line.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

/// Characters of context kept on each side of the span.
pub const CONTEXT_CHARS: usize = 60;
/// Characters of the span itself that are underlined; a longer span is cut.
pub const MAX_SPAN_CHARS: usize = 120;
/// Marks where the quoted line was cut.
const CUT: &str = "…";

/// Where each line of a text starts, to find a byte offset's line without rescanning the file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass over it).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 0-based line of a byte offset, and the byte range of that line without its newline.
    pub fn line(&self, text: &str, offset: usize) -> (usize, Range<usize>) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        (line, start..end.max(start))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, range) = self.line(text, offset);
        let col = text[range.start..offset.max(range.start)].chars().count() + 1;
        (line + 1, col)
    }
}

/// The quoted window of one line, presented to codespan-reporting as a one-line file that
/// reports the real file's name, line and columns.
#[derive(Debug, Clone)]
pub struct Excerpt {
    name: String,
    /// The window, with `…` where the line was cut.
    text: String,
    /// The span inside `text`.
    span: Range<usize>,
    /// 1-based line number in the file.
    line_number: usize,
    /// Column (1-based, in characters) of the first character of the window after any `…`.
    first_column: usize,
    /// Bytes of the leading `…` (0 when the window starts the line).
    lead: usize,
}

impl Excerpt {
    /// The window of `text` around `span` (clamped to the text and to the span's first line).
    pub fn new(name: String, text: &str, lines: &LineIndex, span: &Range<usize>) -> Excerpt {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let (line, range) = lines.line(text, start);
        let start = start.clamp(range.start, range.end);
        let end = ceil_char_boundary(text, span.end.clamp(start, range.end));
        let end = advance(text, start, end, MAX_SPAN_CHARS);
        let from = retreat(text, range.start, start, CONTEXT_CHARS);
        let to = advance(text, end, range.end, CONTEXT_CHARS);
        let lead = if from > range.start { CUT.len() } else { 0 };
        let mut window = String::with_capacity(to - from + 2 * CUT.len());
        if lead > 0 {
            window.push_str(CUT);
        }
        window.push_str(&text[from..to]);
        if to < range.end {
            window.push_str(CUT);
        }
        Excerpt {
            name,
            text: window,
            span: lead + start - from..lead + end - from,
            line_number: line + 1,
            first_column: text[range.start..from].chars().count() + 1,
            lead,
        }
    }

    /// An excerpt of nothing, for diagnostics that quote no source.
    pub fn empty() -> Excerpt {
        Excerpt {
            name: String::new(),
            text: String::new(),
            span: 0..0,
            line_number: 1,
            first_column: 1,
            lead: 0,
        }
    }

    /// The span to underline, inside the excerpt.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, Error> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, Error> {
        Ok(self.line_number)
    }

    fn column_number(&'a self, (): (), _line: usize, byte_index: usize) -> Result<usize, Error> {
        let at = byte_index.clamp(self.lead, self.text.len());
        let at = floor_char_boundary(&self.text, at);
        Ok(self.first_column + self.text[self.lead..at].chars().count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        if line_index == 0 {
            Ok(0..self.text.len())
        } else {
            Err(Error::LineTooLarge {
                given: line_index,
                max: 0,
            })
        }
    }
}

/// The byte offset `n` characters after `from`, but not past `limit`.
fn advance(text: &str, from: usize, limit: usize, n: usize) -> usize {
    text[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// The byte offset `n` characters before `to`, but not before `limit`.
fn retreat(text: &str, limit: usize, to: usize, n: usize) -> usize {
    match n.checked_sub(1) {
        None => to,
        Some(k) => text[limit..to]
            .char_indices()
            .rev()
            .nth(k)
            .map_or(limit, |(i, _)| limit + i),
    }
}

/// The most characters of one line of a message or help a report prints: they quote the
/// contributor's text (a value, a corrected line), which may be a megabyte long.
pub const MAX_NOTE_CHARS: usize = 400;

/// `text` with each line longer than [`MAX_NOTE_CHARS`] characters cut there, saying how much
/// was left out.
pub fn clip_note(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_NOTE_CHARS {
        return text.into();
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| match line.char_indices().nth(MAX_NOTE_CHARS) {
            Some((cut, _)) => format!(
                "{}… ({} more characters)",
                &line[..cut],
                line[cut..].chars().count()
            ),
            None => line.to_string(),
        })
        .collect();
    lines.join("\n").into()
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `front_matter` fuzz target: a 2,600-character unquoted value came back whole in the
    /// help (`write `key = "…"``), one report line of 2,620 characters.
    #[test]
    fn long_messages_and_help_are_cut_in_the_report() {
        use crate::diagnostics::{render, render_github, Diagnostic, SourceMap};
        use std::sync::Arc;

        let value = "\u{0}x".repeat(1_500);
        let text = format!("+++\ntitle = {value}\n+++\n");
        let d = Diagnostic::error("a.md", 12..13, format!("`{value}` is wrong"))
            .with_help(format!("write `title = {value:?}`"));
        let mut sources = SourceMap::default();
        sources.insert("a.md".into(), Arc::from(text.as_str()));
        for report in [
            render(std::slice::from_ref(&d), &sources),
            render_github(&[d], &sources),
        ] {
            for line in report.lines() {
                assert!(line.chars().count() < 2 * MAX_NOTE_CHARS + 200, "{line}");
            }
            assert!(report.contains("more characters)"), "{report}");
        }
        assert_eq!(clip_note("short"), "short");
    }

    #[test]
    fn short_lines_are_quoted_whole() {
        let text = "a\nhello world\nc";
        let e = Excerpt::new("f".into(), text, &LineIndex::new(text), &(8..13));
        assert_eq!(e.text, "hello world");
        assert_eq!(&e.text[e.span()], "world");
        assert_eq!(e.location((), e.span.start).unwrap().line_number, 2);
        assert_eq!(e.location((), e.span.start).unwrap().column_number, 7);
    }

    #[test]
    fn long_lines_are_cut_around_the_span_with_real_columns() {
        let text = format!("{}BAD{}", "é".repeat(10_000), "x".repeat(10_000));
        let at = "é".len() * 10_000;
        let e = Excerpt::new("f".into(), &text, &LineIndex::new(&text), &(at..at + 3));
        assert_eq!(&e.text[e.span()], "BAD");
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        assert!(e.text.chars().count() <= 2 * CONTEXT_CHARS + 3 + 2);
        let loc = e.location((), e.span.start).unwrap();
        assert_eq!((loc.line_number, loc.column_number), (1, 10_001));
    }

    #[test]
    fn long_and_multi_line_spans_are_cut_to_the_first_line() {
        let text = format!("{}\nnext", "y".repeat(1000));
        let e = Excerpt::new("f".into(), &text, &LineIndex::new(&text), &(0..text.len()));
        assert_eq!(e.span().len(), MAX_SPAN_CHARS);
        assert!(!e.text.contains('\n'));
    }

    #[test]
    fn line_col_matches_a_scan() {
        let text = "ab\nçd\r\nef";
        let lines = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                lines.line_col(text, offset),
                crate::diagnostics::line_col(text, offset)
            );
        }
    }
}
