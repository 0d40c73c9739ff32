//! The one error currency of the pipeline: every stage returns all the problems it found as
//! [`Diagnostic`]s, and this module prints them rustc-style (and as GitHub annotations).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;

use crate::excerpt::{clip_note, Excerpt, LineIndex};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is wrong; the build must not succeed.
    Error,
    /// Worth fixing, but the site can still be built.
    Warning,
}

/// One problem in one place of one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the project root (None for problems with no file, such as I/O).
    pub file: Option<PathBuf>,
    /// Byte range in the whole file (not in a front-matter snippet).
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a byte range of a file.
    pub fn error(file: impl Into<PathBuf>, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            span: Some(span),
            message: message.into(),
            help: None,
        }
    }

    /// A warning at a byte range of a file.
    pub fn warning(
        file: impl Into<PathBuf>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, message)
        }
    }

    /// An error about a whole file, or about no file at all.
    pub fn general(file: Option<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every input file, so diagnostics can show the offending line.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl SourceMap {
    /// Registers a file's text under its project-relative path.
    pub fn insert(&mut self, path: PathBuf, text: Arc<str>) {
        self.files.insert(path, text);
    }

    /// The text of a registered file.
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(|t| &**t)
    }
}

/// 1-based line and column (in characters) of a byte offset (one scan of the text; use
/// [`LineIndex`] for many offsets into one file).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = crate::excerpt::floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Sorts diagnostics by file and position so reports are stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            &a.file,
            a.span.as_ref().map(|s| s.start),
            a.severity,
            &a.message,
        )
            .cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.severity,
                &b.message,
            ))
    });
}

/// At most this many problems of one kind are printed per file; the rest are counted in one
/// "and N more" line, so 100,000 copies of a mistake print (and hold in memory) fifty.
pub const MAX_PER_KIND: usize = 50;

/// What a report prints, in order: a diagnostic, or how many of one kind in one file were not
/// printed (after that file's last printed diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry<'a> {
    /// A diagnostic to print.
    Shown(&'a Diagnostic),
    /// `count` more diagnostics like `first` (same file, severity and kind) were left out.
    Omitted {
        /// The first of the kind, which was printed.
        first: &'a Diagnostic,
        /// How many were left out.
        count: usize,
    },
}

impl Diagnostic {
    /// What kind of problem this is, for capping repeats: the message with the names it quotes
    /// in backticks and its numbers blanked (`unknown citation key `a`` and `… `b`` are one kind).
    pub fn kind(&self) -> String {
        let mut kind = String::with_capacity(self.message.len());
        let mut quoted = false;
        for c in self.message.chars() {
            match c {
                '`' => {
                    if !quoted {
                        kind.push_str("`…");
                    }
                    quoted = !quoted;
                    if !quoted {
                        kind.push('`');
                    }
                }
                _ if quoted => {}
                '0'..='9' => {
                    if !kind.ends_with('#') {
                        kind.push('#');
                    }
                }
                _ => kind.push(c),
            }
        }
        kind
    }
}

/// The entries to print for `diagnostics` (sorted by file, as [`sort`] leaves them): the first
/// [`MAX_PER_KIND`] of each kind per file, then one [`Entry::Omitted`] per kind that had more.
pub fn capped(diagnostics: &[Diagnostic]) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    // Per kind in the current file: how many seen, and the first one.
    let mut kinds: Vec<KindCount<'_>> = Vec::new();
    let mut file: Option<&Option<PathBuf>> = None;
    for d in diagnostics {
        if file != Some(&d.file) {
            flush(&mut kinds, &mut out);
            file = Some(&d.file);
        }
        let kind = d.kind();
        let seen = match kinds
            .iter_mut()
            .find(|(s, k, _, _)| *s == d.severity && *k == kind)
        {
            Some(entry) => {
                entry.2 += 1;
                entry.2
            }
            None => {
                kinds.push((d.severity, kind, 1, d));
                1
            }
        };
        if seen <= MAX_PER_KIND {
            out.push(Entry::Shown(d));
        }
    }
    flush(&mut kinds, &mut out);
    out
}

/// Appends an [`Entry::Omitted`] for each kind of one file that had more than the cap.
type KindCount<'a> = (Severity, String, usize, &'a Diagnostic);
fn flush<'a>(kinds: &mut Vec<KindCount<'a>>, out: &mut Vec<Entry<'a>>) {
    for (_, _, n, first) in kinds.drain(..) {
        if n > MAX_PER_KIND {
            out.push(Entry::Omitted {
                first,
                count: n - MAX_PER_KIND,
            });
        }
    }
}

/// Renders diagnostics rustc-style into a string (see [`write`]).
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, diagnostics, sources);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes diagnostics rustc-style as it goes: `error: message`, `--> file:line:col`, the source
/// line (cut to a window around the span) underlined, then `= help: ...`. At most
/// [`MAX_PER_KIND`] of a kind per file are written, then how many more there were.
pub fn write(
    w: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut lines: Option<(&Path, LineIndex)> = None;
    for entry in capped(diagnostics) {
        let d = match entry {
            Entry::Shown(d) => d,
            Entry::Omitted { first, count } => {
                let cd = cs::Diagnostic::note()
                    .with_message(clip_note(&omitted_message(first, count)))
                    .with_notes(vec![format!(
                        "help: only the first {MAX_PER_KIND} of a kind are shown per file; fix them and run again"
                    )]);
                emit(w, &config, &Excerpt::empty(), &cd)?;
                continue;
            }
        };
        let mut cd = match d.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_message(clip_note(&d.message));
        let mut excerpt = Excerpt::empty();
        match (&d.file, &d.span) {
            (Some(file), Some(span)) if sources.get(file).is_some() => {
                let text = sources.get(file).unwrap_or_default();
                let index = line_index(&mut lines, file, text);
                excerpt = Excerpt::new(file.display().to_string(), text, index, span);
                cd = cd.with_labels(vec![cs::Label::primary((), excerpt.span())]);
            }
            (Some(file), _) => {
                cd = cd.with_notes(vec![format!("in {}", file.display())]);
            }
            _ => {}
        }
        if let Some(help) = &d.help {
            cd = cd.with_notes(vec![format!("help: {}", clip_note(help))]);
        }
        emit(w, &config, &excerpt, &cd)?;
    }
    Ok(())
}

/// The line index of `path`, kept while consecutive diagnostics are in the same file.
fn line_index<'a, 'b>(
    cache: &'b mut Option<(&'a Path, LineIndex)>,
    path: &'a Path,
    text: &str,
) -> &'b LineIndex {
    if !matches!(cache, Some((p, _)) if *p == path) {
        *cache = None;
    }
    &cache.get_or_insert_with(|| (path, LineIndex::new(text))).1
}

/// Writes one codespan diagnostic and the blank line that separates it from the next.
fn emit(
    w: &mut dyn std::io::Write,
    config: &term::Config,
    excerpt: &Excerpt,
    cd: &cs::Diagnostic<()>,
) -> std::io::Result<()> {
    let mut s = String::new();
    if term::emit_to_string(&mut s, config, excerpt, cd).is_err() {
        s = format!("{:?}: {}\n", cd.severity, cd.message);
    }
    s.push('\n');
    w.write_all(s.as_bytes())
}

/// "… and N more errors like this in FILE: kind".
pub fn omitted_message(first: &Diagnostic, count: usize) -> String {
    let what = match (first.severity, count) {
        (Severity::Error, 1) => "error",
        (Severity::Error, _) => "errors",
        (Severity::Warning, 1) => "warning",
        (Severity::Warning, _) => "warnings",
    };
    let place = first
        .file
        .as_ref()
        .map_or_else(String::new, |f| format!(" in {}", f.display()));
    format!(
        "… and {count} more {what} like this{place}: {}",
        first.kind()
    )
}

/// Renders each diagnostic as a GitHub Actions workflow command, so pull requests show them
/// inline; capped like [`write`].
pub fn render_github(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    let mut lines: Option<(&Path, LineIndex)> = None;
    for entry in capped(diagnostics) {
        let (d, mut message) = match entry {
            Entry::Shown(d) => (d, clip_note(&d.message).into_owned()),
            Entry::Omitted { first, count } => (
                first,
                clip_note(&omitted_message(first, count)).into_owned(),
            ),
        };
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let (Entry::Shown(_), Some(help)) = (&entry, &d.help) {
            message.push_str(" (help: ");
            message.push_str(&clip_note(help));
            message.push(')');
        }
        let location = match (&d.file, &d.span, &entry) {
            (Some(file), Some(span), Entry::Shown(_)) => {
                let (line, col) = sources.get(file).map_or((1, 1), |text| {
                    line_index(&mut lines, file, text).line_col(text, span.start)
                });
                format!(
                    " file={},line={line},col={col}",
                    escape_property(&file.display().to_string())
                )
            }
            (Some(file), _, _) => {
                format!(" file={}", escape_property(&file.display().to_string()))
            }
            _ => String::new(),
        };
        let _ = writeln!(out, "::{kind}{location}::{}", escape_data(&message));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The names closest to `wanted` among `candidates`, for "did you mean" help.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let bound = |c: &str| (wanted.len().max(c.len()) / 3).max(2);
    let wanted_chars = wanted.chars().count();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        // The edit distance is at least the difference in length: candidates too long or too
        // short are skipped without computing it (a megabyte-long key against every name is
        // otherwise the slowest thing a build does).
        .filter(|c| wanted_chars.abs_diff(c.chars().count()) <= bound(c))
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= bound(c))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b`?" or None when nothing is close.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let near = suggest(wanted, candidates);
    if near.is_empty() {
        return None;
    }
    let list: Vec<String> = near.iter().map(|c| format!("`{c}`")).collect();
    Some(format!("did you mean {}?", list.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 7), (3, 1));
    }

    #[test]
    fn suggestions_are_nearest_first() {
        let c = ["kania2011", "turner2012", "varda2018"];
        assert_eq!(suggest("kania2012", c), vec!["kania2011"]);
        assert!(suggest("zzzzzzzzzz", c).is_empty());
    }

    #[test]
    fn github_annotation_has_position_and_escapes() {
        let mut sources = SourceMap::default();
        sources.insert("a.md".into(), Arc::from("x\nyz"));
        let d = Diagnostic::error("a.md", 3..4, "bad, 100%").with_help("fix\nit");
        let out = render_github(&[d], &sources);
        assert_eq!(
            out,
            "::error file=a.md,line=2,col=2::bad, 100%25 (help: fix%0Ait)\n"
        );
    }
}
