//! Splitting a Markdown file into front matter and body, and parsing the front matter into a typed
//! struct with errors located in the file (not in the snippet); `front_matter/locate.rs` finds
//! where a value or key is written.

mod locate;

use std::path::Path;

use serde::de::DeserializeOwned;

use model::config::toml_diagnostic;
use model::diagnostics::Diagnostic;
use model::span::char_at;

pub use locate::{locate, locate_key, Locator};

/// Which front-matter syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

/// A file cut into its front matter and Markdown body; offsets are byte offsets into the file.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The front-matter syntax.
    pub format: Format,
    /// The front matter without its fences.
    pub front: &'a str,
    /// Where `front` starts in the file.
    pub front_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Where `body` starts in the file.
    pub body_offset: usize,
}

/// Cuts `text` at its front-matter fences.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let (fence, format) = if rest.starts_with("+++") {
        ("+++", Format::Toml)
    } else if rest.starts_with("---") {
        ("---", Format::Yaml)
    } else {
        return Err(
            Diagnostic::error(path, char_at(text, start), "missing front matter").with_help(
                "start the file with a `+++` line, then `title = \"...\"`, then another `+++` line",
            ),
        );
    };
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != fence {
        return Err(Diagnostic::error(
            path,
            start..start + first_line_end,
            format!("the opening `{fence}` must be alone on its line"),
        )
        .with_help(format!(
            "put the front matter on the lines after a line holding only `{fence}`"
        )));
    }
    let front_offset = start + first_line_end;
    let mut pos = front_offset;
    for line in text[front_offset..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let body_offset = pos + line.len();
            return Ok(Split {
                format,
                front: &text[front_offset..pos],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(
        path,
        start..start + fence.len(),
        format!("front matter is never closed: no second `{fence}` line"),
    )
    .with_help(format!(
        "add a line holding only `{fence}` after the last front-matter line"
    )))
}

/// Parses the front matter into `T`, reporting errors at their place in the file.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    match split.format {
        Format::Toml => toml::from_str(split.front)
            .map_err(|e| toml_diagnostic(path, split.front_offset, file_text, &e)),
        Format::Yaml => {
            let source = if split.front.trim().is_empty() {
                "{}"
            } else {
                split.front
            };
            serde_yaml_ng::from_str(source).map_err(|e| {
                let offset = e
                    .location()
                    .map_or(0, |l| byte_of_line_col(split.front, l.line(), l.column()));
                let at = split.front_offset + offset;
                // The span carries the position; serde_yaml's own "at line L column C" counts
                // from the front matter, not the file, so it is dropped from the message.
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                Diagnostic::error(path, char_at(file_text, at), message)
            })
        }
    }
}

/// The byte offset of a 1-based line and column (in characters), clamped to the text.
pub(crate) fn byte_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let col_bytes: usize = text[line_start.min(text.len())..]
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    (line_start + col_bytes).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        title: String,
    }

    #[test]
    fn toml_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
        let t: T = parse(Path::new("a.md"), text, &s).unwrap();
        assert_eq!(t.title, "A");
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: B\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let t: T = parse(Path::new("a.md"), text, &s).unwrap();
        assert_eq!(t.title, "B");
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "+++\ntitle = \"A\"\ncolour = 1\n+++\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let e = parse::<T>(Path::new("a.md"), text, &s).unwrap_err();
        assert_eq!(&text[e.span.unwrap()], "colour");

        let yaml = "---\ntitle: B\ncolour: 1\n---\n";
        let s = split(Path::new("a.md"), yaml).unwrap();
        let e = parse::<T>(Path::new("a.md"), yaml, &s).unwrap_err();
        assert_eq!(
            model::diagnostics::line_col(yaml, e.span.unwrap().start).0,
            3
        );
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert!(split(Path::new("a.md"), "+++\ntitle = 1\n")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(split(Path::new("a.md"), "# Hi\n")
            .unwrap_err()
            .message
            .contains("missing"));
    }
}
