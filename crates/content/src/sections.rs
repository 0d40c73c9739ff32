//! Where a page sits among the sections of `content/`: a section's front matter (read as far as
//! it can be), the section a file belongs to, and the page type it inherits.

use std::collections::BTreeMap;
use std::path::Path;

use crate::load::TextFile;
use crate::schema::{PageType, SectionMeta};
use crate::{check, fields, front_matter};
use model::diagnostics::Diagnostic;

/// A section's front matter, each field checked on its own against the section table (as a
/// page's is), so every problem of the file is reported in one run. What cannot be read falls
/// back to [`loose_section`], so the section's pages are still checked against the right
/// schema instead of each failing for the section's typo.
pub(crate) fn section_meta(
    file: &TextFile,
    split: &front_matter::Split<'_>,
    dir: &str,
    problems: &mut Vec<Diagnostic>,
) -> SectionMeta {
    check::read(
        &file.path,
        &file.text,
        split,
        fields::SECTION,
        "section",
        problems,
    )
    .and_then(|checked| checked.typed(&file.path, split, problems))
    .unwrap_or_else(|| loose_section(split, dir))
}

/// The section front matter as far as it can be read: its title and page type, when they are
/// valid, and defaults for the rest.
fn loose_section(split: &front_matter::Split<'_>, dir: &str) -> SectionMeta {
    let table: serde_json::Value = match split.format {
        front_matter::Format::Toml => toml::from_str::<toml::Table>(split.front)
            .ok()
            .and_then(|t| serde_json::to_value(t).ok())
            .unwrap_or_default(),
        front_matter::Format::Yaml => serde_yaml_ng::from_str(split.front).unwrap_or_default(),
    };
    SectionMeta {
        title: table
            .get("title")
            .and_then(|t| t.as_str())
            .map_or_else(|| dir.to_string(), str::to_string),
        description: None,
        page_type: table
            .get("page_type")
            .and_then(|t| serde_json::from_value(t.clone()).ok()),
        sort_by: Default::default(),
        weight: None,
        draft: false,
    }
}

/// `path` relative to `base`, with `/` separators.
pub(crate) fn rel_dir(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The folder of the section a page belongs to: its own folder, or for a bundle
/// (`x/slug/index.md`) the folder above.
pub(crate) fn section_of(
    declared: &BTreeMap<String, Option<PageType>>,
    content_path: &str,
    bundle: bool,
) -> String {
    let mut dir = parent(content_path);
    if bundle && !declared.contains_key(&dir) {
        dir = parent(&dir);
    }
    dir
}

fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

/// The page type declared by `dir`'s section or the nearest one above it.
pub(crate) fn inherited_type(declared: &BTreeMap<String, Option<PageType>>, dir: &str) -> PageType {
    let mut d = dir.to_string();
    loop {
        if let Some(Some(t)) = declared.get(&d) {
            return *t;
        }
        if d.is_empty() {
            return PageType::Page;
        }
        d = parent(&d);
    }
}
