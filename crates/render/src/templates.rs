//! Tera templates: the theme's, overridden by the site's `templates/` folder, parsed once. Errors
//! name the template, the line and the page being rendered.

use std::collections::{BTreeSet, HashMap};
use std::error::Error as _;
use std::path::PathBuf;

use tera::Tera;

use content::load::TextFile;
use model::diagnostics::Diagnostic;
use model::fingerprint::{Fingerprint, Hasher};

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
    /// For each template, a fingerprint of its text and of every template it uses.
    fingerprints: std::collections::HashMap<String, Fingerprint>,
}

impl Templates {
    /// Parses all templates at once (so inheritance works), reporting every error.
    pub fn parse(templates: &[(String, TextFile)]) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
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
        // template cannot find its parent or the macros it imports, so those errors wait for the
        // joint parse below.
        for (name, file) in templates {
            if let Err(e) = Tera::default().add_raw_template(name, &file.text) {
                let joint = ["is inheriting from", "not found", "which isn't present"];
                if !joint.iter().any(|j| chain(&e).contains(j)) {
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
            Ok(Templates {
                tera,
                files,
                fingerprints: fingerprints(templates),
            })
        } else {
            Err(problems)
        }
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.files.iter().any(|(n, _)| n == name)
    }

    /// A fingerprint of template `name` and every template it extends, includes or imports,
    /// directly or not: an output rendered with it changes only when this does.
    pub fn fingerprint(&self, name: &str) -> Fingerprint {
        self.fingerprints.get(name).copied().unwrap_or_default()
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

/// Each template's fingerprint over the texts of its closure under extends/include/import.
fn fingerprints(templates: &[(String, TextFile)]) -> HashMap<String, Fingerprint> {
    let texts: HashMap<&str, &str> = templates
        .iter()
        .map(|(n, f)| (n.as_str(), &*f.text))
        .collect();
    let mut out = HashMap::new();
    for (name, _) in templates {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo = vec![name.as_str()];
        while let Some(n) = todo.pop() {
            if let Some(text) = texts.get(n) {
                if seen.insert(n) {
                    todo.extend(uses(text));
                }
            }
        }
        let mut h = Hasher::default();
        for n in seen {
            h.write_str(n);
            h.write_str(texts[n]);
        }
        out.insert(name.clone(), h.finish());
    }
    out
}

/// The names of the templates a template's `extends`, `include` and `import` tags name.
fn uses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or("");
        let tag = tag.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let word = tag.split_whitespace().next().unwrap_or("");
        if !matches!(word, "extends" | "include" | "import") {
            continue;
        }
        // Every quoted string in the tag: `include ["a.html", "b.html"] ignore missing` too.
        let mut rest = &tag[word.len()..];
        while let Some(start) = rest.find(['"', '\'', '`']) {
            let quote = rest[start..].chars().next().unwrap_or('"');
            let after = &rest[start + 1..];
            let Some(end) = after.find(quote) else { break };
            out.push(&after[..end]);
            rest = &after[end + 1..];
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> (String, TextFile) {
        (
            name.to_string(),
            TextFile {
                path: format!("templates/{name}").into(),
                text: text.into(),
            },
        )
    }

    #[test]
    fn a_template_uses_what_it_extends_includes_and_imports() {
        assert_eq!(
            uses("{% extends \"base.html\" %}{%- import 'macros.html' as m -%}{% include [\"a.html\", \"b.html\"] ignore missing %}{% if x %}\"no.html\"{% endif %}"),
            vec!["base.html", "macros.html", "a.html", "b.html"]
        );
    }

    #[test]
    fn a_fingerprint_changes_with_the_templates_a_template_uses_and_only_those() {
        let set = |base: &str, search: &str| {
            fingerprints(&[
                file("base.html", base),
                file("page.html", "{% extends \"base.html\" %}"),
                file("search.html", search),
            ])
        };
        let a = set("<main></main>", "search");
        let b = set("<main>edited</main>", "search");
        let c = set("<main></main>", "search edited");
        assert_ne!(
            a["page.html"], b["page.html"],
            "page.html extends the edited base"
        );
        assert_eq!(
            a["page.html"], c["page.html"],
            "page.html does not use search.html"
        );
        assert_ne!(a["search.html"], c["search.html"]);
    }
}
