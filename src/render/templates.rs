//! Tera templates: the theme's, overridden by the site's `templates/` folder, parsed once. Errors
//! name the template, the line and the page being rendered.

use std::error::Error as _;
use std::path::PathBuf;

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::load::TextFile;

/// The templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "case_study.html",
    "404.html",
];

/// Parsed templates, and where each came from.
#[derive(Debug)]
pub struct Templates {
    /// The parsed templates.
    pub tera: Tera,
    files: Vec<(String, PathBuf)>,
}

impl Templates {
    /// Parses all templates at once (so inheritance works), reporting every error.
    pub fn parse(templates: &[(String, TextFile)]) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let files: Vec<(String, PathBuf)> = templates
            .iter()
            .map(|(n, f)| (n.clone(), f.path.clone()))
            .collect();
        let mut problems = Vec::new();
        for name in REQUIRED {
            if !templates.iter().any(|(n, _)| n == name) {
                problems.push(Diagnostic::general(None, format!("the theme has no template `{name}`"))
                    .with_help("add it to the theme's templates/ folder, or to the site's templates/ folder"));
            }
        }
        // Parse each template alone first, so a syntax error names its own file; alone, a
        // template cannot find its parent, so those errors wait for the joint parse below.
        for (name, file) in templates {
            if let Err(e) = Tera::default().add_raw_template(name, &file.text) {
                if !chain(&e).contains("is inheriting from") && !chain(&e).contains("not found") {
                    problems.push(template_error(&file.path, &file.text, name, &e));
                }
            }
        }
        if problems.is_empty() {
            let raw: Vec<(&str, &str)> = templates
                .iter()
                .map(|(n, f)| (n.as_str(), &*f.text))
                .collect();
            if let Err(e) = tera.add_raw_templates(raw) {
                problems.push(Diagnostic::general(
                    None,
                    format!("templates do not fit together: {}", chain(&e)),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Templates { tera, files })
        } else {
            Err(problems)
        }
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.files.iter().any(|(n, _)| n == name)
    }

    /// Renders `name`, turning a failure into a diagnostic naming the template and the page.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let file = self.files.iter().find(|(n, _)| n == name).map(|(_, p)| p.clone());
            Diagnostic::general(file, format!("template `{name}` failed while rendering {page}: {}", chain(&e)))
                .with_help("check the variable names the template uses against ARCHITECTURE.md (template data)")
        })
    }
}

/// The whole chain of a tera error: the outer message alone rarely says what went wrong.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Tera's parse errors carry ` --> line:col` and an ASCII drawing of the line in their text;
/// keep the position as a span and the "expected ..." sentence as the message.
fn template_error(path: &std::path::Path, text: &str, name: &str, e: &tera::Error) -> Diagnostic {
    let msg = chain(e);
    let span = msg
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let mut it = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            Some((
                it.next()?.parse::<usize>().ok()?,
                it.next()?.parse::<usize>().ok()?,
            ))
        })
        .map(|(line, col)| {
            let start: usize = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let at = (start + col.saturating_sub(1)).min(text.len().saturating_sub(1));
            at..at + 1
        });
    let reason = msg
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| {
            msg.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|'))
                .collect::<Vec<_>>()
                .join(" ")
        });
    Diagnostic {
        span,
        ..Diagnostic::general(Some(path.to_path_buf()), format!("template `{name}` does not parse: {reason}"))
    }
    .with_help("fix the template syntax at the marked place; see the tera documentation for tags and filters")
}
