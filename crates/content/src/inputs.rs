//! Which files a build reads, written once. The loader's walk (`reader`), its patching of
//! changed files (`load::patch`) and `serve`'s watcher (`serve::watch`) all ask [`input_of`], so
//! a file the watcher reacts to is one a full load reads, and the other way round.

use std::path::{Component, Path};

/// The vendored web editor (Decap CMS), relative to the project root; `scripts/vendor-decap.sh`
/// writes it from the npm package. Read only when the config has `[editor]`.
pub const EDITOR_DIR: &str = "vendor/decap-cms";

/// The extensions a template may have (a page, a feed, a text or JSON file, an SVG).
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "xml", "txt", "json", "svg"];

/// What a file is to the build: which list of the loaded sources it goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// `brightspot.toml`.
    Config,
    /// A page or a section's `_index.md` (`content/**.md`).
    Page,
    /// Any other file under `content/`: a page bundle's asset (checked by `assets`).
    ContentAsset,
    /// A controlled vocabulary or other data (`data/**.toml`).
    Data,
    /// A BibTeX file directly in `bibliography/`.
    Bibliography,
    /// An annotation of a bibliography entry (`bibliography/annotations/**.md`).
    Annotation,
    /// A template, the site's (`templates/`) or a theme's (`themes/NAME/templates/`).
    Template,
    /// A static file, the site's (`static/`) or a theme's (`themes/NAME/static/`).
    Static,
    /// A page archetype for `brightspot new` (`archetypes/**.md`).
    Archetype,
    /// A file of the vendored web editor ([`EDITOR_DIR`]).
    Editor,
}

/// Whether a file or folder name is left out wherever it is: hidden (`.git`, `.DS_Store`), or,
/// for a file, an editor's swap, backup or probe file ([`is_editor_file`]).
pub fn is_skipped(name: &str, is_dir: bool) -> bool {
    name.starts_with('.') || (!is_dir && is_editor_file(name))
}

/// Whether a file name is an editor's swap, backup or probe file (`a.md~`, `#a.md#`, `a.swp`,
/// vim's `4913`): never content, so neither read nor published nor refused.
pub fn is_editor_file(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// What the file at `rel` (relative to the project root) is to the build; `None` when no build
/// reads it: a skipped name anywhere on its path ([`is_skipped`]), an extension its folder does
/// not take (`data/notes.txt`), or anything outside the input folders (`README.md`, `public/`).
pub fn input_of(rel: &Path) -> Option<Input> {
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (name, folders) = parts.split_last()?;
    if is_skipped(name, false) || folders.iter().any(|f| is_skipped(f, true)) {
        return None;
    }
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    let is = |want: &str| ext == Some(want);
    let editor: Vec<&str> = EDITOR_DIR.split('/').collect();
    Some(match parts.as_slice() {
        ["brightspot.toml"] => Input::Config,
        ["content", _, ..] if is("md") => Input::Page,
        ["content", _, ..] => Input::ContentAsset,
        ["data", _, ..] if is("toml") => Input::Data,
        ["bibliography", _] if is("bib") => Input::Bibliography,
        ["bibliography", "annotations", _, ..] if is("md") => Input::Annotation,
        ["templates", _, ..] | ["themes", _, "templates", _, ..]
            if ext.is_some_and(|e| TEMPLATE_EXTENSIONS.contains(&e)) =>
        {
            Input::Template
        }
        ["static", _, ..] | ["themes", _, "static", _, ..] => Input::Static,
        ["archetypes", _, ..] if is("md") => Input::Archetype,
        p if p.len() > editor.len() && p.starts_with(&editor) => Input::Editor,
        _ => return None,
    })
}

/// Whether a folder at `rel` could hold input files: what a removed or renamed folder may
/// have taken with it. Either a file in it could be an input (one probe name per extension the
/// rules above take; any file under `static/`, `content/` or the editor's folder is one, so
/// `x.png` probes those), or it holds a folder of inputs (`themes/`, a theme, `vendor/`).
pub fn may_hold_inputs(rel: &Path) -> bool {
    let direct = ["x.md", "x.toml", "x.bib", "x.html", "x.png"]
        .iter()
        .any(|probe| input_of(&rel.join(probe)).is_some());
    let parts: Vec<_> = rel.iter().filter_map(|p| p.to_str()).collect();
    let ancestor = match parts.as_slice() {
        ["themes"] | ["vendor"] => true,
        ["themes", theme] => !is_skipped(theme, true),
        _ => false,
    };
    direct || ancestor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(p: &str) -> Option<Input> {
        input_of(Path::new(p))
    }

    #[test]
    fn each_folder_takes_its_files() {
        assert_eq!(of("brightspot.toml"), Some(Input::Config));
        assert_eq!(of("content/_index.md"), Some(Input::Page));
        assert_eq!(of("content/case-studies/x/index.md"), Some(Input::Page));
        assert_eq!(
            of("content/case-studies/x/map.png"),
            Some(Input::ContentAsset)
        );
        assert_eq!(of("data/functions.toml"), Some(Input::Data));
        assert_eq!(of("data/notes.txt"), None);
        assert_eq!(of("bibliography/references.bib"), Some(Input::Bibliography));
        assert_eq!(of("bibliography/old/references.bib"), None);
        assert_eq!(of("bibliography/annotations/k.md"), Some(Input::Annotation));
        assert_eq!(of("templates/page.html"), Some(Input::Template));
        assert_eq!(
            of("themes/default/templates/feed.xml"),
            Some(Input::Template)
        );
        assert_eq!(of("themes/default/templates/notes.md"), None);
        assert_eq!(of("themes/default/static/site.css"), Some(Input::Static));
        assert_eq!(of("static/robots-extra.txt"), Some(Input::Static));
        assert_eq!(of("archetypes/case-study.md"), Some(Input::Archetype));
        assert_eq!(of("vendor/decap-cms/decap-cms.js"), Some(Input::Editor));
        assert_eq!(of("vendor/other/x.js"), None);
        assert_eq!(of("README.md"), None);
        assert_eq!(of("public/index.html"), None);
    }

    #[test]
    fn hidden_and_editor_files_are_never_read() {
        for p in [
            "content/.DS_Store",
            "content/.drafts/a.md",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md.swp",
            "content/4913",
            ".git/config",
            "themes/default/.cache/page.html",
        ] {
            assert_eq!(of(p), None, "{p}");
        }
        assert!(may_hold_inputs(Path::new("content")));
        assert!(may_hold_inputs(Path::new("static")));
        assert!(may_hold_inputs(Path::new("bibliography/annotations")));
        assert!(may_hold_inputs(Path::new("themes/default")));
        assert!(may_hold_inputs(Path::new("themes")));
        assert!(may_hold_inputs(Path::new("vendor")));
        assert!(!may_hold_inputs(Path::new("bibliography/notes")));
        assert!(!may_hold_inputs(Path::new("public")));
        assert!(!may_hold_inputs(Path::new("content/.drafts")));
        // A folder is skipped only when hidden: `4913/` may be a folder of content.
        assert!(!is_skipped("4913", true));
        assert!(is_skipped("4913", false));
    }
}
