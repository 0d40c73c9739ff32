//! Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…::`), so a
//! pull request shows them inline, capped as the terminal report is.

use std::fmt::Write as _;
use std::path::Path;

use super::{capped, line_index, omitted_message, Diagnostic, Entry, Severity, SourceMap};
use crate::excerpt::{clip_note, LineIndex};

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

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
