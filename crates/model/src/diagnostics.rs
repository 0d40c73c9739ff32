//! The one error currency of the pipeline: every stage returns all the problems it found as
//! [`Diagnostic`]s, and this module prints them rustc-style (and as GitHub annotations).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

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

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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

/// Renders diagnostics rustc-style: `error: message`, `--> file:line:col`, the source line
/// underlined, then `= help: ...`.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let mut cd = match d.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_message(&d.message);
        match (&d.file, &d.span) {
            (Some(file), Some(span)) if sources.get(file).is_some() => {
                let id = *ids.entry(file.clone()).or_insert_with(|| {
                    files.add(
                        file.display().to_string(),
                        sources.get(file).unwrap_or_default().to_string(),
                    )
                });
                cd = cd.with_labels(vec![cs::Label::primary(id, span.clone())]);
            }
            (Some(file), _) => {
                cd = cd.with_notes(vec![format!("in {}", file.display())]);
            }
            _ => {}
        }
        if let Some(help) = &d.help {
            cd = cd.with_notes(vec![format!("help: {help}")]);
        }
        match term::emit_into_string(&config, &files, &cd) {
            Ok(s) => out.push_str(&s),
            Err(_) => {
                let _ = writeln!(out, "{:?}: {}", d.severity, d.message);
            }
        }
        out.push('\n');
    }
    out
}

/// Renders each diagnostic as a GitHub Actions workflow command, so pull requests show them inline.
pub fn render_github(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(" (help: ");
            message.push_str(help);
            message.push(')');
        }
        let location = match (&d.file, &d.span) {
            (Some(file), Some(span)) => {
                let (line, col) = sources
                    .get(file)
                    .map_or((1, 1), |text| line_col(text, span.start));
                format!(
                    " file={},line={line},col={col}",
                    escape_property(&file.display().to_string())
                )
            }
            (Some(file), None) => format!(" file={}", escape_property(&file.display().to_string())),
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
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= (wanted.len().max(c.len()) / 3).max(2))
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
