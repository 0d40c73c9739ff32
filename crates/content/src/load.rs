//! Stage 1, load: walk the project and read every input file into memory. Nothing is parsed here
//! except the config, which says which theme to read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::boundary::Boundary;
use crate::inputs::{input_of, may_hold_inputs, Input};
pub use crate::inputs::{is_editor_file, EDITOR_DIR};
use crate::reader::Reader;
use model::config::{Config, CONFIG_FILE};
use model::diagnostics::{Diagnostic, SourceMap};

/// A text input file.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// Path relative to the project root (as shown in diagnostics).
    pub path: PathBuf,
    /// The file's contents.
    pub text: Arc<str>,
}

/// A binary input file copied to the output (images, static assets).
#[derive(Debug, Clone)]
pub struct BinaryFile {
    /// Path relative to the folder it was found in (its path in the output).
    pub rel: PathBuf,
    /// The file's contents.
    pub bytes: Arc<[u8]>,
}

/// Everything the build reads, in memory, in a stable order.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The parsed site config.
    pub config: Config,
    /// The config file's text.
    pub config_file: TextFile,
    /// `content/**/*.md`, paths relative to the root.
    pub content: Vec<TextFile>,
    /// Non-Markdown files under `content/` (page-bundle assets), relative to `content/`.
    pub content_assets: Vec<BinaryFile>,
    /// `data/*.toml` vocabularies.
    pub data: Vec<TextFile>,
    /// `bibliography/*.bib`.
    pub bibliography: Vec<TextFile>,
    /// `bibliography/annotations/*.md`.
    pub annotations: Vec<TextFile>,
    /// Theme templates, then site templates of the same name override them; names relative to the
    /// templates folder.
    pub templates: Vec<(String, TextFile)>,
    /// Theme static files, then the site's `static/` (which wins on a clash).
    pub static_files: Vec<BinaryFile>,
    /// The site's `archetypes/*.md` (the web editor starts a new case study's body from the
    /// case-study archetype's headings).
    pub archetypes: Vec<TextFile>,
    /// The vendored web editor, `vendor/decap-cms/` (relative to it), read only when the config
    /// has an `[editor]`.
    pub editor_files: Vec<BinaryFile>,
    /// Files left out because they could not be read: not UTF-8, unreadable, or a symlink leading
    /// outside the project. Validation reports them; the rest of the project is still checked.
    pub problems: Vec<Diagnostic>,
    /// The text (lossily decoded) of files left out for bad UTF-8, so their diagnostics can
    /// quote the line.
    pub quoted: Vec<TextFile>,
}

impl Sources {
    /// Every text file, for diagnostics that quote source lines.
    pub fn source_map(&self) -> SourceMap {
        let mut map = SourceMap::default();
        let texts = std::iter::once(&self.config_file)
            .chain(&self.content)
            .chain(&self.data)
            .chain(&self.bibliography)
            .chain(&self.annotations)
            .chain(&self.archetypes)
            .chain(&self.quoted)
            .chain(self.templates.iter().map(|(_, f)| f));
        for f in texts {
            map.insert(f.path.clone(), f.text.clone());
        }
        // SVG and XML assets are text: a refusal quotes the line it is about.
        for a in &self.content_assets {
            if crate::assets::is_markup(&a.rel) {
                let text = String::from_utf8_lossy(&a.bytes);
                map.insert(Path::new("content").join(&a.rel), text.into());
            }
        }
        map
    }
}

/// Reads the project at `root`. Fails only when the config is missing, invalid or outside the
/// project; a file that cannot be read is left out and reported in [`Sources::problems`].
pub fn load(root: &Path) -> Result<Sources, (Vec<Diagnostic>, SourceMap)> {
    let mut map = SourceMap::default();
    let config_path = root.join(CONFIG_FILE);
    let fatal = |d: Diagnostic| Err((vec![d], SourceMap::default()));
    let boundary = match Boundary::new(root) {
        Ok(b) => b,
        Err(e) => {
            return fatal(
                Diagnostic::general(
                    None,
                    format!("cannot open the project folder {}: {e}", root.display()),
                )
                .with_help("run brightspot in the project folder, or pass --root DIR"),
            )
        }
    };
    if config_path.symlink_metadata().is_ok() {
        if let Err(d) = boundary.check_config(Path::new(CONFIG_FILE)) {
            return fatal(d);
        }
    }
    let config_text: Arc<str> = match std::fs::read_to_string(&config_path) {
        Ok(t) => t.into(),
        Err(e) => {
            let d = Diagnostic::general(
                Some(CONFIG_FILE.into()),
                format!("cannot read {}: {e}", config_path.display()),
            )
            .with_help("run brightspot in the project folder, or pass --root DIR");
            return Err((vec![d], map));
        }
    };
    map.insert(CONFIG_FILE.into(), config_text.clone());
    let config = match Config::parse(&config_text) {
        Ok(c) => c,
        Err(d) => return Err((d, map)),
    };
    let theme_dir = Path::new("themes").join(&config.theme);
    if !root.join(&theme_dir).is_dir() {
        let d = Diagnostic::general(
            Some(CONFIG_FILE.into()),
            format!(
                "theme `{}` not found: no folder {}",
                config.theme,
                theme_dir.display()
            ),
        )
        .with_help("set `theme` to the name of a folder under themes/");
        return Err((vec![d], map));
    }
    if let Err(d) = boundary.check(&theme_dir) {
        return Err((vec![d], map));
    }

    let mut r = Reader {
        root,
        boundary: &boundary,
        problems: Vec::new(),
        quoted: Vec::new(),
        walks: Default::default(),
    };
    if !root.join("content").exists() {
        r.problems.push(
            Diagnostic::general(
                Some("content".into()),
                "nothing to build: there is no content/ folder",
            )
            .with_help("run brightspot in the project folder (the one holding content/), or pass --root DIR"),
        );
    }
    let content = r.texts(Path::new("content"), Input::Page);
    let content_assets = r.binaries(Path::new("content"), Input::ContentAsset);
    let data = r.texts(Path::new("data"), Input::Data);
    let bibliography = r.texts(Path::new("bibliography"), Input::Bibliography);
    let annotations = r.texts(Path::new("bibliography/annotations"), Input::Annotation);

    let mut templates: Vec<(String, TextFile)> = Vec::new();
    for dir in [theme_dir.join("templates"), PathBuf::from("templates")] {
        for f in r.texts(&dir, Input::Template) {
            let name = f
                .path
                .strip_prefix(&dir)
                .unwrap_or(&f.path)
                .to_string_lossy()
                .replace('\\', "/");
            templates.retain(|(n, _)| *n != name);
            templates.push((name, f));
        }
    }
    templates.sort_by(|a, b| a.0.cmp(&b.0));

    let mut static_files: Vec<BinaryFile> = Vec::new();
    for dir in [theme_dir.join("static"), PathBuf::from("static")] {
        for f in r.binaries(&dir, Input::Static) {
            static_files.retain(|s| s.rel != f.rel);
            static_files.push(f);
        }
    }
    static_files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let archetypes = r.texts(Path::new("archetypes"), Input::Archetype);
    let editor_files = match config.editor {
        Some(_) => r.binaries(Path::new(EDITOR_DIR), Input::Editor),
        None => Vec::new(),
    };

    let Reader {
        problems, quoted, ..
    } = r;
    Ok(Sources {
        config,
        config_file: TextFile {
            path: CONFIG_FILE.into(),
            text: config_text,
        },
        content,
        content_assets,
        data,
        bibliography,
        annotations,
        templates,
        static_files,
        archetypes,
        editor_files,
        problems,
        quoted,
    })
}

/// `previous` with the files at `changed` (paths relative to the root) read again, added or
/// removed: what [`load`] would return now, without walking and reading every file. `None` when
/// a change is not one it can patch (the config, templates, static files, a folder); the caller
/// then loads afresh.
pub fn reload(root: &Path, previous: &Sources, changed: &[PathBuf]) -> Option<Sources> {
    // Whether a reported problem is fixed is a question for a full load.
    if !previous.problems.is_empty() {
        return None;
    }
    let mut next = previous.clone();
    patch(root, &mut next, changed).then_some(next)
}

/// [`reload`] in place: false when a change cannot be patched, and `sources` is then partly
/// patched and must be loaded afresh.
pub fn patch(root: &Path, next: &mut Sources, changed: &[PathBuf]) -> bool {
    patch_all(root, next, changed).is_some()
}

fn patch_all(root: &Path, next: &mut Sources, changed: &[PathBuf]) -> Option<()> {
    let boundary = Boundary::new(root).ok()?;
    for rel in changed {
        let meta = std::fs::symlink_metadata(root.join(rel)).ok();
        // A new or removed folder (or anything but a plain file) changes what a walk would find.
        if meta.as_ref().is_some_and(|m| !m.is_file()) {
            return None;
        }
        // What a full load would do with the file: nothing (not an input), or put it in a list.
        let Some(kind) = input_of(rel) else {
            // A path that is gone and was no input file may have been a folder of them, removed
            // or renamed away (`content/` itself): a walk must find what is left.
            if meta.is_none() && may_hold_inputs(rel) {
                return None;
            }
            continue;
        };
        // A file reached through a symlink that leaves the project: the full load reports it.
        if meta.is_some() && boundary.check(rel).is_err() {
            return None;
        }
        let list = match kind {
            Input::Page => &mut next.content,
            Input::ContentAsset => {
                let under = rel.strip_prefix("content").ok()?.to_path_buf();
                patch_binary(root, rel, under, meta.is_some(), &mut next.content_assets)?;
                continue;
            }
            Input::Data => &mut next.data,
            Input::Bibliography => &mut next.bibliography,
            Input::Annotation => &mut next.annotations,
            // The config says what else is read (the theme, the editor): loaded afresh.
            Input::Config | Input::Template | Input::Static | Input::Archetype | Input::Editor => {
                return None
            }
        };
        let file = match meta {
            Some(_) => {
                let text = String::from_utf8(std::fs::read(root.join(rel)).ok()?).ok()?;
                Some(TextFile {
                    path: rel.clone(),
                    text: text.into(),
                })
            }
            None => None,
        };
        upsert(list, rel, |f| &f.path, file)?;
    }
    Some(())
}

fn patch_binary(
    root: &Path,
    rel: &Path,
    under: PathBuf,
    exists: bool,
    list: &mut Vec<BinaryFile>,
) -> Option<()> {
    let file = match exists {
        true => Some(BinaryFile {
            rel: under.clone(),
            bytes: std::fs::read(root.join(rel)).ok()?.into(),
        }),
        false => None,
    };
    upsert(list, &under, |f| &f.rel, file)
}

/// Puts `file` in its sorted place in `list`, replacing the one at `key`; with no file, removes
/// the one at `key`. `None` when there is none to remove: a path never loaded, perhaps a folder.
fn upsert<T>(
    list: &mut Vec<T>,
    key: &Path,
    key_of: impl Fn(&T) -> &PathBuf,
    file: Option<T>,
) -> Option<()> {
    let at = list.binary_search_by(|f| key_of(f).as_path().cmp(key));
    match (file, at) {
        (Some(f), Ok(i)) => list[i] = f,
        (Some(f), Err(i)) => list.insert(i, f),
        (None, Ok(i)) => {
            list.remove(i);
        }
        (None, Err(_)) => return None,
    }
    Some(())
}
