//! Runs of text: the consecutive `Text` and `SoftBreak` events pulldown-cmark gives between two
//! pieces of markup, joined, with a map from the joined (decoded) text back to the source. Both
//! passes (analysis and render) see a body as the same runs, so a citation found in a run by the
//! analysis is replaced in the same run by the render, by its index, without a second scan.

use std::ops::Range;

use pulldown_cmark::Event;

/// One `Text` or `SoftBreak` event: where its decoded text starts in the run, and its source.
#[derive(Debug, Clone)]
struct Piece {
    /// Byte range in [`Run::text`].
    decoded: Range<usize>,
    /// Byte range in the source.
    source: Range<usize>,
    /// The decoded text is the source text (no escape, entity or smart punctuation).
    identity: bool,
}

/// Consecutive text events, joined: a soft break is a `\n`.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// The decoded text, as the reader sees it.
    pub text: String,
    pieces: Vec<Piece>,
    /// Byte offsets in `text` of characters written escaped (`\[`) or as an entity: they are
    /// never citation syntax.
    literal: Vec<usize>,
}

impl Run {
    /// A run of plain text that is its own source (no escapes, no entities).
    pub fn plain(text: &str) -> Run {
        let mut run = Run::default();
        run.push(text, 0..text.len(), text);
        run
    }

    /// Appends one event's text; `source` is the whole body, `range` the event's range in it.
    fn push(&mut self, text: &str, range: Range<usize>, source: &str) {
        let start = self.text.len();
        let src = source.get(range.clone()).unwrap_or("");
        let identity = src == text;
        // pulldown-cmark drops the backslash of an escape and starts the next text at the
        // escaped character; an entity (`&#91;`) is a piece of its own.
        let after_backslash = range.start > 0
            && source.as_bytes().get(range.start - 1) == Some(&b'\\')
            && self
                .pieces
                .last()
                .is_none_or(|p| p.source.end != range.start);
        if after_backslash || (!identity && !text.is_empty() && src.starts_with('&')) {
            self.literal.push(start);
        }
        self.text.push_str(text);
        self.pieces.push(Piece {
            decoded: start..self.text.len(),
            source: range,
            identity,
        });
    }

    /// Whether the character at `at` of [`Run::text`] was escaped.
    pub fn is_literal(&self, at: usize) -> bool {
        self.literal.binary_search(&at).is_ok()
    }

    /// The source range of the whole run.
    pub fn source(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => a.source.start..b.source.end,
            _ => 0..0,
        }
    }

    /// The source offset of a decoded offset. Inside a piece that was decoded (an escape, an
    /// entity, a curly quote), offsets fall at its ends: its start, else its end.
    pub fn to_source(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.decoded.end <= at);
        let Some(p) = self.pieces.get(i) else {
            return self.source().end;
        };
        if at <= p.decoded.start {
            p.source.start
        } else if p.identity {
            p.source.start + (at - p.decoded.start)
        } else {
            p.source.end
        }
    }

    /// The decoded offset of a source offset (the inverse of [`Run::to_source`] at the offsets
    /// it gives).
    pub fn to_decoded(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.source.end <= at);
        let Some(p) = self.pieces.get(i) else {
            return self.text.len();
        };
        if at <= p.source.start {
            p.decoded.start
        } else if p.identity {
            p.decoded.start + (at - p.source.start)
        } else {
            p.decoded.end
        }
    }

    /// A range of decoded text with smart punctuation undone: a key is what the contributor
    /// typed, so `@{a"b}` cites `a"b`, not `a“b`; escapes and entities stay decoded.
    pub fn as_written(&self, r: &Range<usize>) -> String {
        let mut out = String::with_capacity(r.len());
        let first = self.pieces.partition_point(|p| p.decoded.end <= r.start);
        for p in self.pieces[first..]
            .iter()
            .take_while(|p| p.decoded.start < r.end)
        {
            let (start, end) = (p.decoded.start.max(r.start), p.decoded.end.min(r.end));
            let whole = (start, end) == (p.decoded.start, p.decoded.end);
            match self.smart_source(p) {
                Some(written) if whole => out.push_str(&written),
                _ => out.push_str(&self.text[start..end]),
            }
        }
        out
    }

    /// What the contributor typed for a piece smart punctuation made (`"` for `“`, `----` for
    /// `––`, `...` for `…`), if it is one: its source is quotes, hyphens or dots only.
    fn smart_source(&self, p: &Piece) -> Option<String> {
        let decoded = &self.text[p.decoded.clone()];
        if p.identity || decoded.is_empty() {
            return None;
        }
        if decoded
            .chars()
            .all(|c| matches!(c, '\u{2013}' | '\u{2014}'))
        {
            return Some("-".repeat(p.source.len()));
        }
        if decoded.chars().all(|c| c == '\u{2026}') && p.source.len() == 3 * decoded.chars().count()
        {
            return Some(".".repeat(p.source.len()));
        }
        decoded
            .chars()
            .map(|c| match c {
                '\u{201c}' | '\u{201d}' => Some('"'),
                '\u{2018}' | '\u{2019}' => Some('\''),
                _ => None,
            })
            .collect::<Option<String>>()
            .filter(|q| q.len() == p.source.len())
    }

    /// A range of decoded text as a source range.
    pub fn span_to_source(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.to_source(r.start);
        start..self.to_source_end(r.end).max(start)
    }

    /// The source offset of a decoded offset that ends a range: at the boundary of two pieces it
    /// is the end of the piece before, not the start of the next, which may come after a
    /// backslash the decoding dropped (`@key\.` ends at `y`, not at `.`).
    fn to_source_end(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.decoded.end < at);
        match self.pieces.get(i) {
            Some(p) if at > p.decoded.start && p.identity => {
                p.source.start + (at - p.decoded.start)
            }
            Some(p) if at > p.decoded.start => p.source.end,
            _ => self.to_source(at),
        }
    }
}

/// A piece of a run, in order: text, or the citation with this index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'t> {
    /// Text between citations.
    Text(&'t str),
    /// The citation at this index of the analysis' list, and its text as written.
    Citation(usize, &'t str),
}

impl Run {
    /// The run cut at the analysis' citations that fall in it: `next` is the index of the first
    /// citation not yet met (citations are in document order, so each is met once).
    pub fn splice<'t>(&'t self, citations: &[crate::Citation], next: &mut usize) -> Vec<Part<'t>> {
        let source = self.source();
        let mut parts = Vec::new();
        let mut last = 0;
        while let Some(c) = citations.get(*next) {
            if c.span.start >= source.end || c.span.start < source.start {
                break;
            }
            let (start, end) = (self.to_decoded(c.span.start), self.to_decoded(c.span.end));
            let (start, end) = (start.max(last), end.max(start.max(last)));
            if start > last {
                parts.push(Part::Text(&self.text[last..start]));
            }
            parts.push(Part::Citation(*next, &self.text[start..end]));
            last = end;
            *next += 1;
        }
        if last < self.text.len() || parts.is_empty() {
            parts.push(Part::Text(&self.text[last..]));
        }
        parts
    }
}

/// An event, or a run of text events joined.
#[derive(Debug)]
pub enum Item<'a> {
    /// Any event other than `Text` and `SoftBreak`, with its source range.
    Event(Event<'a>, Range<usize>),
    /// Consecutive `Text` and `SoftBreak` events.
    Run(Run),
}

/// Joins the text events of an offset iterator into [`Run`]s.
pub struct Runs<'s, I: Iterator> {
    inner: std::iter::Peekable<I>,
    source: &'s str,
}

impl<'s, 'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Runs<'s, I> {
    /// Runs over `events`, the offset iterator of a parser of `source`.
    pub fn new(events: I, source: &'s str) -> Self {
        Runs {
            inner: events.peekable(),
            source,
        }
    }
}

fn text_of<'e>(event: &'e Event<'_>) -> Option<&'e str> {
    match event {
        Event::Text(t) => Some(t),
        Event::SoftBreak => Some("\n"),
        _ => None,
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Runs<'_, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let (event, range) = self.inner.next()?;
        let Some(text) = text_of(&event) else {
            return Some(Item::Event(event, range));
        };
        let mut run = Run::default();
        run.push(text, range, self.source);
        while let Some((e, _)) = self.inner.peek() {
            if text_of(e).is_none() {
                break;
            }
            let Some((e, r)) = self.inner.next() else {
                break;
            };
            run.push(text_of(&e).unwrap_or(""), r, self.source);
        }
        Some(Item::Run(run))
    }
}
