//! The problems of a failed build as the browser overlay shows them: one entry per diagnostic
//! (capped as `check` caps them), with its place, what is wrong, how to fix it, and the
//! excerpt `check` prints.

use model::diagnostics::{self, Diagnostic, Entry, Severity, SourceMap};
use serde::Serialize;

/// What the `error` event carries: a one-line summary and the problems, in `check`'s order.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    /// "2 errors, 1 warning in the last save".
    pub summary: String,
    /// One entry per problem shown.
    pub problems: Vec<Problem>,
}

/// One problem, ready for the overlay.
#[derive(Debug, Serialize)]
pub(crate) struct Problem {
    /// `error`, `warning` or `note` (the "… and N more" line).
    pub severity: &'static str,
    /// `file:line:column`, or the file alone, or nothing for a problem of the whole project.
    pub location: Option<String>,
    /// What is wrong, in the diagnostic's words.
    pub message: String,
    /// How to fix it, when the diagnostic says.
    pub help: Option<String>,
    /// The diagnostic exactly as `check` prints it (with the source line underlined).
    pub text: String,
    /// Only the source lines of `text`, underlined: what the panel shows below the message.
    pub frame: String,
}

/// Builds the overlay's report for a failed build.
pub(crate) fn report(all: &[Diagnostic], sources: &SourceMap) -> Report {
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let problems = diagnostics::capped(all)
        .into_iter()
        .map(|entry| match entry {
            Entry::Shown(d) => problem(d, sources),
            Entry::Omitted { first, count } => Problem {
                severity: "note",
                location: first.file.as_ref().map(|f| f.display().to_string()),
                message: diagnostics::omitted_message(first, count),
                help: Some(format!(
                    "only the first {} of a kind are shown per file; fix them and save again",
                    diagnostics::MAX_PER_KIND
                )),
                text: String::new(),
                frame: String::new(),
            },
        })
        .collect();
    Report {
        summary: format!(
            "{} in your last save",
            [(errors, "error"), (warnings, "warning")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        problems,
    }
}

fn problem(d: &Diagnostic, sources: &SourceMap) -> Problem {
    let location = d
        .file
        .as_ref()
        .map(|file| match (d.span.as_ref(), sources.get(file)) {
            (Some(span), Some(text)) => {
                let (line, col) = diagnostics::line_col(text, span.start);
                format!("{}:{line}:{col}", file.display())
            }
            _ => file.display().to_string(),
        });
    let text = diagnostics::render(std::slice::from_ref(d), sources);
    Problem {
        frame: frame(&text),
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        location,
        message: d.message.clone(),
        help: d.help.clone(),
        text,
    }
}

/// The source lines of a rendered diagnostic: from the `┌─ file` line to the first note, without
/// the empty gutter lines that close it (the message and help are shown on their own).
fn frame(text: &str) -> String {
    let mut lines: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with('┌'))
        .take_while(|l| !l.trim_start().starts_with("= "))
        .collect();
    while lines
        .last()
        .is_some_and(|l| l.trim().trim_matches('│').trim().is_empty())
    {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn each_problem_has_its_place_message_help_and_check_text() {
        let mut sources = SourceMap::default();
        let file = PathBuf::from("content/a.md");
        sources.insert(file.clone(), Arc::from("+++\ntitle = 1\n+++\n"));
        let mut all = vec![Diagnostic::error(&file, 12..13, "`title` must be text")
            .with_help("write title = \"Your title\"")];
        all.push(Diagnostic::warning(&file, 4..9, "a warning"));
        for _ in 0..diagnostics::MAX_PER_KIND + 2 {
            all.push(Diagnostic::error(&file, 4..9, "the same kind"));
        }
        let r = report(&all, &sources);
        assert_eq!(
            r.summary,
            format!(
                "{} errors, 1 warning in your last save",
                diagnostics::MAX_PER_KIND + 3
            )
        );
        let first = &r.problems[0];
        assert_eq!(first.severity, "error");
        assert_eq!(first.location.as_deref(), Some("content/a.md:2:9"));
        assert_eq!(first.help.as_deref(), Some("write title = \"Your title\""));
        assert_eq!(first.text, diagnostics::render(&all[..1], &sources));
        assert!(
            first.frame.starts_with("  ┌─ content/a.md:2:9"),
            "{}",
            first.frame
        );
        assert!(first.frame.contains("2 │ title = 1"), "{}", first.frame);
        assert!(!first.frame.contains("help"), "{}", first.frame);
        let last = r.problems.last().unwrap();
        assert_eq!(last.severity, "note");
        assert!(last.message.contains("2 more errors"), "{}", last.message);
        assert_eq!(r.problems.len(), 3 + diagnostics::MAX_PER_KIND);
    }
}
