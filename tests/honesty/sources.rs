//! The source documents (`../shared/sources/` beside the project) as sequences of words, and the
//! two questions the honesty tests ask of them: is this quotation in a source, and which runs of
//! a text are copied from one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation;

/// How many consecutive words shared with a source count as copied wording.
pub const RUN: usize = 12;

/// Source words a bracketed insertion may stand for (`[the network]` for "they").
const INSERTION_SPAN: usize = 6;

/// Source words an ellipsis may leave out.
const ELISION_SPAN: usize = 120;

/// One source document as lowercase words.
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub words: Vec<String>,
}

/// Where the sources are expected: `../shared/sources/` relative to the project root.
pub fn folder(root: &Path) -> PathBuf {
    root.join("..").join("shared").join("sources")
}

/// Every file in the sources folder, in name order; a missing folder fails the test with where
/// it is expected.
pub fn load(root: &Path) -> Vec<Source> {
    let dir = folder(root);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the honesty tests need the source documents in {} (the folder `shared/sources` \
             beside the project folder): {e}",
            dir.display()
        )
    });
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
            Source::new(&p.file_name().unwrap().to_string_lossy(), &text)
        })
        .collect()
}

impl Source {
    /// A source from its text; transcript time codes and the speaker line under each are dropped
    /// so a quotation may run on across a change of segment.
    pub fn new(name: &str, text: &str) -> Source {
        let mut kept = String::new();
        let mut skip_speaker = false;
        for line in text.lines() {
            let trimmed = line.trim();
            if is_time_code(trimmed) {
                skip_speaker = true;
                continue;
            }
            if skip_speaker && !trimmed.is_empty() {
                skip_speaker = false;
                continue;
            }
            kept.push_str(line);
            kept.push('\n');
        }
        Source {
            name: name.to_string(),
            words: words(&kept).into_iter().map(|(_, w)| w).collect(),
        }
    }
}

/// `00;04;22;27 - 00;04;43;07`: a podcast transcript's segment marker.
fn is_time_code(line: &str) -> bool {
    line.len() >= 11 && line.starts_with(|c: char| c.is_ascii_digit()) && line[2..].starts_with(';')
}

/// The words of a text with their byte positions: Unicode word boundaries (UAX #29), lowercase,
/// curly apostrophes made straight and a possessive `'s` dropped. Punctuation, dashes and
/// quotation marks are not words.
pub fn words(text: &str) -> Vec<(usize, String)> {
    text.unicode_word_indices()
        .map(|(at, w)| {
            let w = w.to_lowercase().replace('\u{2019}', "'");
            (at, w.strip_suffix("'s").map_or(w.clone(), str::to_string))
        })
        .collect()
}

/// What stands between two pieces of a quotation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gap {
    /// Nothing: the words follow each other in the source.
    None,
    /// `[…]`: an editorial insertion, standing for a few source words or none.
    Insertion,
    /// `…`: an elision of source words.
    Elision,
}

/// A quotation as runs of words separated by insertions and elisions. A bracket inside a word
/// (`[T]he`) only changes a letter's case, so its letters stay in the word.
fn pieces(quote: &str) -> Vec<(Gap, Vec<String>)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut gap = Gap::None;
    let mut chars = quote.char_indices().peekable();
    let flush = |current: &mut String, gap: &mut Gap, next: Gap, out: &mut Vec<_>| {
        let ws: Vec<String> = words(current).into_iter().map(|(_, w)| w).collect();
        if !ws.is_empty() {
            out.push((*gap, ws));
            *gap = next;
        } else if next != Gap::None && *gap != Gap::Elision {
            *gap = next;
        }
        current.clear();
    };
    while let Some((at, c)) = chars.next() {
        match c {
            '[' => {
                let close = quote[at..].find(']').map(|j| at + j);
                let inner = close.map_or(&quote[at + 1..], |end| &quote[at + 1..end]);
                let glued_before = current.ends_with(char::is_alphanumeric);
                let after = close.and_then(|end| quote[end + 1..].chars().next());
                let glued_after = after.is_some_and(char::is_alphanumeric);
                if glued_before || glued_after {
                    current.push_str(inner);
                } else {
                    flush(&mut current, &mut gap, Gap::Insertion, &mut out);
                }
                while chars
                    .peek()
                    .is_some_and(|(i, _)| close.is_none_or(|end| *i <= end))
                {
                    chars.next();
                }
            }
            '\u{2026}' => flush(&mut current, &mut gap, Gap::Elision, &mut out),
            '.' if quote[at..].starts_with("...") => {
                flush(&mut current, &mut gap, Gap::Elision, &mut out);
                chars.next();
                chars.next();
            }
            c => current.push(c),
        }
    }
    flush(&mut current, &mut gap, Gap::None, &mut out);
    out
}

fn matches_at(words: &[String], at: usize, piece: &[String]) -> bool {
    words.len() >= at + piece.len() && words[at..at + piece.len()] == *piece
}

fn rest_matches(words: &[String], from: usize, pieces: &[(Gap, Vec<String>)]) -> bool {
    let Some(((gap, piece), rest)) = pieces.split_first() else {
        return true;
    };
    let span = match gap {
        Gap::None => 0,
        Gap::Insertion => INSERTION_SPAN,
        Gap::Elision => ELISION_SPAN,
    };
    (from..=from + span)
        .any(|at| matches_at(words, at, piece) && rest_matches(words, at + piece.len(), rest))
}

/// The name of a source that contains the quotation word for word (after normalising case,
/// punctuation, quotation marks, dashes and whitespace; bracketed insertions and ellipses
/// allowed), or `None`.
pub fn find_quote<'a>(sources: &'a [Source], quote: &str) -> Option<&'a str> {
    let pieces = pieces(quote);
    let ((_, first), rest) = pieces.split_first()?;
    sources.iter().find_map(|source| {
        (0..source.words.len())
            .any(|at| {
                matches_at(&source.words, at, first)
                    && rest_matches(&source.words, at + first.len(), rest)
            })
            .then_some(source.name.as_str())
    })
}

/// Every run of [`RUN`] words of the sources, with the source it comes from.
pub struct Runs(HashMap<Vec<String>, usize>);

impl Runs {
    pub fn of(sources: &[Source]) -> Runs {
        let mut map = HashMap::new();
        for (i, source) in sources.iter().enumerate() {
            for window in source.words.windows(RUN) {
                map.entry(window.to_vec()).or_insert(i);
            }
        }
        Runs(map)
    }

    /// The maximal stretches of `words` (indices, end exclusive) made of runs found in a source,
    /// with that source's index.
    pub fn copied(&self, words: &[String]) -> Vec<(usize, usize, usize)> {
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for (at, window) in words.windows(RUN).enumerate() {
            if let Some(&source) = self.0.get(window) {
                match out.last_mut() {
                    Some(last) if last.1 >= at && last.2 == source => last.1 = at + RUN,
                    _ => out.push((at, at + RUN, source)),
                }
            }
        }
        out
    }
}
