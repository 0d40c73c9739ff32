//! Reading the repository's content files as the tests need them: front matter and body,
//! slugs, and the published pages of a section.

use std::path::Path;

use super::repo;

/// The TOML front matter and the body of a content or annotation file.
pub fn split(source: &str, file: &Path) -> (toml::Table, String) {
    let source = source.replace("\r\n", "\n");
    let rest = source
        .strip_prefix("+++\n")
        .unwrap_or_else(|| panic!("{} has no TOML front matter", file.display()));
    let end = rest
        .find("\n+++")
        .unwrap_or_else(|| panic!("{}: front matter is not closed", file.display()));
    let front = toml::from_str(&rest[..end])
        .unwrap_or_else(|e| panic!("{}: front matter: {e}", file.display()));
    let body = rest[end + 4..].to_string();
    (front, body)
}

/// `03-the-functions` → `the-functions`, as docs/content-format.md describes.
pub fn slug_from_stem(stem: &str) -> String {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match stem[digits..].strip_prefix('-') {
        Some(rest) if digits > 0 && !rest.is_empty() => rest.to_string(),
        _ => stem.to_string(),
    }
}

/// The published pages of a section of the real site: (source file, output folder).
pub fn published_pages(section: &str) -> Vec<(String, String)> {
    let dir = repo().join("content").join(section);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let (file, stem) = if path.is_dir() {
            (
                path.join("index.md"),
                path.file_name().unwrap().to_string_lossy().to_string(),
            )
        } else {
            (
                path.clone(),
                path.file_stem().unwrap().to_string_lossy().to_string(),
            )
        };
        if file.file_name().is_some_and(|n| n == "_index.md")
            || file.extension().is_none_or(|e| e != "md")
            || !file.is_file()
        {
            continue;
        }
        let (front, _) = split(&std::fs::read_to_string(&file).unwrap(), &file);
        if front.get("draft").and_then(toml::Value::as_bool) == Some(true) {
            continue;
        }
        let slug = front
            .get("slug")
            .and_then(toml::Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| slug_from_stem(&stem));
        out.push((
            file.strip_prefix(repo()).unwrap().display().to_string(),
            format!("{section}/{slug}/"),
        ));
    }
    out.sort();
    assert!(!out.is_empty(), "no pages in content/{section}");
    out
}
