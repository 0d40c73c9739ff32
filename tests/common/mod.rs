//! Shared helpers for the integration tests: a fixture copied into a temporary project, the real
//! binary run on it, and the built site read back as parsed HTML.

pub mod xml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The repository root (the real site's project folder).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a folder tree; symlinks are not followed (fixtures have none).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("walking {}: {e}", from.display()));
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("copying {}: {e}", entry.path().display()));
        }
    }
}

/// A copy of this repository's site (content, vocabularies, bibliography, theme, archetypes, the
/// vendored editor, config) in a temporary folder, for tests that edit it.
pub fn site_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for d in [
        "content",
        "data",
        "bibliography",
        "themes",
        "archetypes",
        "vendor",
    ] {
        copy_tree(&repo().join(d), &dir.path().join(d));
    }
    std::fs::copy(
        repo().join("brightspot.toml"),
        dir.path().join("brightspot.toml"),
    )
    .unwrap();
    dir
}

/// A small deterministic generator (xorshift), so a failing random test replays from its seed.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A fixture copied into a temporary folder, with the repository's default theme, so tests can
/// edit it and build it without touching the repository.
pub struct Project {
    /// Holds the temporary folder alive; also the parent of `root` for outputs beside it.
    pub tmp: TempDir,
    /// The project root (holds brightspot.toml).
    pub root: PathBuf,
}

impl Project {
    /// A fresh copy of tests/fixtures/<name>.
    pub fn new(name: &str) -> Project {
        let source = fixture(name);
        assert!(
            source.join("brightspot.toml").is_file(),
            "fixture {name} has no brightspot.toml"
        );
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        copy_tree(&source, &root);
        copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
        Project { tmp, root }
    }

    /// A path inside the project.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a project file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Writes a project file, creating its folder.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` (which must occur) by `to` in a project file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs `brightspot build --root <project> <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let root = self.root.to_str().unwrap();
        let mut all = vec!["build", "--root", root];
        all.extend_from_slice(args);
        brightspot(&all)
    }

    /// Builds into the default output folder and expects success.
    pub fn build_ok(&self, args: &[&str]) -> Site {
        self.build(args).expect_code(0);
        Site::at(self.path("public"))
    }

    /// Builds the project with `threads` rayon threads into its own folder (`out-<threads>`
    /// beside the project), for the tests that output does not depend on the thread count.
    pub fn build_with_threads(&self, threads: &str) -> Site {
        let dir = self.tmp.path().join(format!("out-{threads}"));
        let root = self.root.to_str().unwrap();
        brightspot_env(
            &["build", "--root", root, "--output", dir.to_str().unwrap()],
            &[("RAYON_NUM_THREADS", threads)],
        )
        .expect_code(0);
        Site::at(dir)
    }

    /// Runs `brightspot check --root <project> <args>`.
    pub fn check(&self, args: &[&str]) -> Run {
        let root = self.root.to_str().unwrap();
        let mut all = vec!["check", "--root", root];
        all.extend_from_slice(args);
        brightspot(&all)
    }

    /// Runs the library pipeline (no write) on the project.
    pub fn pipeline(&self, drafts: bool) -> brightspot::pipeline::Outcome {
        brightspot::pipeline::run(&brightspot::pipeline::Options {
            root: self.root.clone(),
            base_url: None,
            drafts,
            check_drafts: false,
            strict: false,
        })
    }
}

/// An empty folder `<name>-<pid>-<n>` under cargo's CARGO_TARGET_TMPDIR for output that lives as
/// long as the test binary. Folders of the same name left by earlier runs are removed once they
/// are an hour old (a younger one may belong to a test run going on at the same time).
pub fn scratch_dir(name: &str, n: usize) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let prefix = format!("{name}-");
    let pid = std::process::id().to_string();
    for entry in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
        let entry_name = entry.file_name().to_string_lossy().to_string();
        let stale = entry_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split('-').next())
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()) && p != pid)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = tmp.join(format!("{prefix}{pid}-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

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

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
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

/// Runs the real binary with `args`, without GITHUB_ACTIONS so output does not depend on where
/// the tests run.
pub fn brightspot(args: &[&str]) -> Run {
    brightspot_env(args, &[])
}

/// Runs the real binary with extra environment variables.
pub fn brightspot_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brightspot"));
    cmd.args(args).env_remove("GITHUB_ACTIONS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("running brightspot");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
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

/// Every file under `dir`, by relative path with `/` separators, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
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
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
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

/// Parses a CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Every element matching `css`.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

/// The one element matching `css`; panics if there are none or several.
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// An element's text with whitespace collapsed.
pub fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    select(doc, css).into_iter().map(text).collect()
}

/// The value of `attr` on every element matching `css` that has it.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    select(doc, css)
        .into_iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every `id` in a document that occurs more than once.
pub fn duplicate_ids(doc: &Html) -> Vec<String> {
    let mut seen = BTreeMap::<String, usize>::new();
    for id in attrs(doc, "[id]", "id") {
        *seen.entry(id).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, n)| format!("{id} ({n} times)"))
        .collect()
}

/// Replaces the temporary folder's path in text, so snapshots do not depend on it.
pub fn redact(text: &str, project: &Project) -> String {
    text.replace(project.root.to_str().unwrap(), "[PROJECT]")
        .replace(project.tmp.path().to_str().unwrap(), "[TMP]")
}

/// The base path (`/` or `/sub/`) and the absolute base URL (with a trailing slash) of a
/// project's `brightspot.toml`.
pub fn base_of(config_toml: &str) -> (String, String) {
    let value: toml::Value = toml::from_str(config_toml).expect("brightspot.toml parses");
    let url = value["base_url"].as_str().expect("base_url is a string");
    let url = format!("{}/", url.trim_end_matches('/'));
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string());
    (path, url)
}

/// Every link in the built site that points into the site (a root-relative or relative URL, or
/// an absolute one under `base_url`) but to no output file, or to an `#anchor` its target page
/// lacks. Each entry is `page: href (why)`.
pub fn dangling_links(site: &Site, base_path: &str, base_url: &str) -> Vec<String> {
    use std::collections::{BTreeSet, HashMap};
    let files = site.files();
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut ids_of = |rel: &str| -> BTreeSet<String> {
        ids.entry(rel.to_string())
            .or_insert_with(|| {
                let doc = Html::parse_document(&String::from_utf8_lossy(&files[rel]));
                attrs(&doc, "[id]", "id").into_iter().collect()
            })
            .clone()
    };
    let mut problems = Vec::new();
    for page in files.keys().filter(|p| p.ends_with(".html")) {
        let doc = Html::parse_document(&String::from_utf8_lossy(&files[page.as_str()]));
        let page_dir = match page.rfind('/') {
            Some(i) => format!("{base_path}{}", &page[..=i]),
            None => base_path.to_string(),
        };
        let urls = attrs(&doc, "a[href], link[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "img[src], script[src], source[src]", "src"));
        for href in urls {
            let local = match href.strip_prefix(base_url) {
                Some(rest) => format!("{base_path}{rest}"),
                None => href.clone(),
            };
            let has_scheme = local
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|first| first.contains(':'));
            if has_scheme || local.starts_with("//") {
                continue;
            }
            let (path, fragment) = match local.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (local.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                let joined = if path.starts_with('/') {
                    path.to_string()
                } else {
                    format!("{page_dir}{path}")
                };
                let mut parts: Vec<&str> = Vec::new();
                for seg in joined.split('/') {
                    match seg {
                        "" | "." => {}
                        ".." => {
                            parts.pop();
                        }
                        s => parts.push(s),
                    }
                }
                let normalized = format!(
                    "/{}{}",
                    parts.join("/"),
                    if joined.ends_with('/') && !parts.is_empty() {
                        "/"
                    } else {
                        ""
                    }
                );
                let base = base_path.trim_end_matches('/');
                let under_base = if normalized == base {
                    Some("")
                } else {
                    normalized.strip_prefix(&format!("{base}/"))
                };
                match under_base {
                    None => {
                        problems.push(format!(
                            "{page}: {href} (outside the base path {base_path})"
                        ));
                        continue;
                    }
                    Some(rel) => {
                        let rel = rel.trim_start_matches('/');
                        let candidates = if rel.is_empty() || rel.ends_with('/') {
                            vec![format!("{rel}index.html")]
                        } else {
                            vec![rel.to_string(), format!("{rel}/index.html")]
                        };
                        candidates.into_iter().find(|c| files.contains_key(c))
                    }
                }
            };
            let Some(target) = target else {
                problems.push(format!("{page}: {href} (no such file in the output)"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                if target.ends_with(".html") && !ids_of(&target).contains(fragment) {
                    problems.push(format!("{page}: {href} (no id `{fragment}` in {target})"));
                }
            }
        }
    }
    problems
}

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
