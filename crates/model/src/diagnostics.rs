//! The one error currency of the pipeline: every stage returns all the problems it found as
//! [`Diagnostic`]s, and this module prints them rustc-style (and as GitHub annotations,
//! `github.rs`), bounded per kind (`cap.rs`), with "did you mean" help (`suggest.rs`).

mod cap;
mod github;
mod suggest;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;

use crate::excerpt::{clip_note, Excerpt, LineIndex};
pub use cap::{capped, omitted_message, Entry, MAX_PER_KIND};
pub use github::render_github;
pub use suggest::{did_you_mean, suggest};

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
}
