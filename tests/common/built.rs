//! Sites built by the real binary: the repository's site and fixtures built once per test
//! binary, and a built output read back as files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::Html;

use super::{brightspot, copy_tree, fixture, repo, scratch_dir, Project, Run};

/// The real site built once for the tests that only read it (a debug build takes seconds).
pub fn real_site() -> Site {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let out = BUILT.get_or_init(|| {
        let out = scratch_dir("real-site", 0).join("site");
        let run = brightspot(&[
            "build",
            "--root",
            repo().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        run.expect_code(0);
        out
    });
    Site::at(out.clone())
}

/// A fixture built once per test binary (for tests that only read the output): building in
/// every test would repeat the slow part (loading the highlighter) dozens of times. The copy lives
/// under cargo's CARGO_TARGET_TMPDIR; copies left by earlier runs are removed.
pub fn built_once(fixture_name: &str, args: &[&str]) -> Site {
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<BTreeMap<String, PathBuf>>> = OnceLock::new();
    let key = format!("{fixture_name} {}", args.join(" "));
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    if let Some(out) = built.get(&key) {
        return Site::at(out.clone());
    }
    let root = scratch_dir(
        &format!("fixture-{}", fixture_name.replace('/', "_")),
        built.len(),
    );
    copy_tree(&fixture(fixture_name), &root);
    copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
    let mut all = vec!["build", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = brightspot(&all);
    run.expect_code(0);
    assert!(
        !run.stderr.contains("warning") && !run.stderr.contains("error"),
        "the {fixture_name} fixture should build without diagnostics:\n{}",
        run.stderr
    );
    let out = root.join("public");
    built.insert(key, out.clone());
    Site::at(out)
}

/// A fixture whose `brightspot.toml` says `style = "apa"` built with another citation style
/// (`--strict`, no warnings), once per fixture and style for the whole test binary (tests run in
/// parallel: two builds into one folder would race).
pub fn built_with_style(fixture_name: &str, style: &str) -> Site {
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<BTreeMap<String, PathBuf>>> = OnceLock::new();
    let key = format!("{fixture_name} {style}");
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    if let Some(out) = built.get(&key) {
        return Site::at(out.clone());
    }
    let project = Project::new(fixture_name);
    project.edit(
        "brightspot.toml",
        "style = \"apa\"",
        &format!("style = \"{style}\""),
    );
    // The project folder goes away with `project`; the output lives as long as the test binary.
    let out = scratch_dir(&format!("{fixture_name}-{style}"), 0).join("site");
    let run = project.build(&["--strict", "--output", out.to_str().unwrap()]);
    run.expect_code(0);
    assert!(
        !run.stderr.contains("warning"),
        "the {fixture_name} fixture builds without warnings in {style}:\n{}",
        run.stderr
    );
    built.insert(key, out.clone());
    Site::at(out)
}

/// Builds the project at `root` into `root/out` with the real binary: the run, and the site.
pub fn build_into_out(root: &Path) -> (Run, Site) {
    let out = root.join("out");
    let run = brightspot(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    (run, Site::at(out))
}

/// A built site on disk.
pub struct Site {
    /// The output folder.
    pub dir: PathBuf,
}

impl Site {
    /// The site in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Site {
        Site { dir: dir.into() }
    }

    /// Whether an output file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.dir.join(rel).is_file()
    }

    /// An output file's bytes.
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(rel)).unwrap_or_else(|e| {
            panic!(
                "reading {rel} from the output: {e}\nthe output holds: {:?}",
                self.files().keys().collect::<Vec<_>>()
            )
        })
    }

    /// An output file's text.
    pub fn read(&self, rel: &str) -> String {
        String::from_utf8(self.bytes(rel)).expect("output file is UTF-8")
    }

    /// The page at a site path such as `guides/first-steps/` (`""` for home), parsed.
    pub fn page(&self, path: &str) -> Html {
        let rel = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Html::parse_document(&self.read(&rel))
    }

    /// Every file, by path relative to the output with `/` separators.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files(&self.dir)
    }

    /// Paths of every HTML file.
    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }
}

/// `path` relative to `dir` (which must contain it), with `/` separators on every platform.
pub fn slash_path(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file under `dir`, by relative path with `/` separators, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = slash_path(dir, entry.path());
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Every entry under `dir` (folders marked with a trailing `/`, files with their bytes), to
/// compare a whole tree before and after an operation.
pub fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let rel = slash_path(dir, entry.path());
        if entry.file_type().is_dir() {
            out.insert(format!("{rel}/"), None);
        } else {
            out.insert(rel, Some(std::fs::read(entry.path()).unwrap()));
        }
    }
    out
}

/// The paths that differ between two trees (added, removed or changed), for assertion messages.
pub fn tree_diff<T: PartialEq>(a: &BTreeMap<String, T>, b: &BTreeMap<String, T>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => out.push(format!("only in first: {k}")),
            Some(w) if w != v => out.push(format!("differs: {k}")),
            _ => {}
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            out.push(format!("only in second: {k}"));
        }
    }
    out
}
