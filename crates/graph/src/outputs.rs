//! Every output path of a build as one set, computed before anything is rendered. Each path is
//! registered with the file and field that asked for it, so two claims on one path (or on paths
//! that differ only in letter case, which collide on macOS and Windows), a file where another
//! output needs a folder, and a name no file system can hold are errors naming their source, and
//! both sources of a collision, in `check` exactly as in `build`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use model::diagnostics::Diagnostic;

/// Where an output path comes from: the input file, the field in it, and a phrase for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The input file, relative to the project root.
    pub file: PathBuf,
    /// The field or part of the file that gives the path (`aliases`, `slug`, `id`, `key`).
    pub field: String,
    /// What asks for the path, for messages: "the alias `/bp`", "the bibliography page".
    pub what: String,
    /// Where in the file, when known.
    pub span: Option<Range<usize>>,
}

impl Source {
    /// A source with no position in its file.
    pub fn new(file: impl Into<PathBuf>, field: &str, what: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            field: field.into(),
            what: what.into(),
            span: None,
        }
    }

    /// The same source at a byte range of its file.
    pub fn at(mut self, span: Range<usize>) -> Source {
        self.span = Some(span);
        self
    }

    fn error(&self, message: String) -> Diagnostic {
        match &self.span {
            Some(span) => Diagnostic::error(&self.file, span.clone(), message),
            None => Diagnostic::general(Some(self.file.clone()), message),
        }
    }
}

/// How much of the output a claim takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One file.
    File,
    /// A whole folder, whose file names are only known later (the content-hashed search index).
    Folder,
}

#[derive(Debug, Clone)]
struct Claim {
    path: String,
    kind: Kind,
    source: Source,
}

/// The set of output paths, each with its source.
#[derive(Debug, Default, Clone)]
pub struct OutputSet {
    claims: Vec<Claim>,
    /// Lowercased file path → its claim.
    files: BTreeMap<String, usize>,
    /// Lowercased folder path (no trailing `/`) → the first claim inside it.
    folders: BTreeMap<String, usize>,
    /// Lowercased folder claims (no trailing `/`) → the claim.
    trees: BTreeMap<String, usize>,
}

/// Why a path cannot be an output path, or None when it can. Paths are relative, `/`-separated.
pub fn path_problem(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("is empty".into());
    }
    path.split('/').find_map(segment_problem)
}

/// Why one path segment cannot be a file or folder name on every system the site is checked out
/// or served on, or None.
pub fn segment_problem(segment: &str) -> Option<String> {
    const WINDOWS_RESERVED: &[&str] = &[
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if segment.is_empty() {
        return Some("has an empty segment (`//`)".into());
    }
    if segment == "." || segment == ".." {
        return Some(format!(
            "contains `{segment}`, which would point outside its own folder"
        ));
    }
    if let Some(c) = segment.chars().find(|c| c.is_control()) {
        return Some(format!(
            "contains the control character U+{:04X}",
            u32::from(c)
        ));
    }
    if let Some(c) = segment
        .chars()
        .find(|c| matches!(c, '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*'))
    {
        return Some(format!(
            "contains `{c}`, which Windows does not allow in file names"
        ));
    }
    if segment.contains('#') {
        return Some("contains `#`, which would start a URL fragment".into());
    }
    if segment.len() > 255 {
        return Some(format!(
            "has a segment of {} bytes; file systems allow at most 255",
            segment.len()
        ));
    }
    if segment.ends_with(['.', ' ']) {
        return Some(format!(
            "has a segment ending in `{}`, which Windows drops",
            &segment[segment.len() - 1..]
        ));
    }
    let stem = segment.split('.').next().unwrap_or(segment).to_lowercase();
    if WINDOWS_RESERVED.contains(&stem.as_str()) {
        return Some(format!(
            "has the segment `{segment}`, a device name on Windows"
        ));
    }
    None
}

impl OutputSet {
    /// Registers one output file. An error when the path is not a portable relative path, or
    /// collides with a path already in the set.
    pub fn file(&mut self, path: &str, source: Source) -> Result<(), Diagnostic> {
        self.claim(path, Kind::File, source)
    }

    /// Registers a whole folder (given without a trailing `/`): no other claim may put a file in
    /// it, and every file later written under it belongs to this source.
    pub fn folder(&mut self, path: &str, source: Source) -> Result<(), Diagnostic> {
        self.claim(path, Kind::Folder, source)
    }

    /// Whether `path` was registered, as a file or under a registered folder.
    pub fn contains(&self, path: &str) -> bool {
        let lower = path.to_lowercase();
        self.files
            .get(&lower)
            .is_some_and(|&i| self.claims[i].path == path)
            || ancestors(&lower).any(|a| {
                self.trees
                    .get(a)
                    .is_some_and(|&i| path.starts_with(&self.claims[i].path))
            })
    }

    /// The number of claims.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether nothing was registered.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    fn claim(&mut self, path: &str, kind: Kind, source: Source) -> Result<(), Diagnostic> {
        if let Some(problem) = path_problem(path) {
            return Err(source
                .error(format!(
                    "{} gives the output path `{}`, which {problem}",
                    source.what,
                    shown(path)
                ))
                .with_help(format!(
                    "change `{}` to use letters, digits, `-` and `/` only",
                    source.field
                )));
        }
        let lower = path.to_lowercase();
        let clash = self
            .files
            .get(&lower)
            .or_else(|| self.trees.get(&lower))
            .or_else(|| self.folders.get(&lower))
            .or_else(|| ancestors(&lower).find_map(|a| self.files.get(a).or(self.trees.get(a))));
        if let Some(&other) = clash {
            return Err(self.collision(path, &source, &self.claims[other]));
        }
        let i = self.claims.len();
        self.claims.push(Claim {
            path: path.to_string(),
            kind,
            source,
        });
        for a in ancestors(&lower) {
            self.folders.entry(a.to_string()).or_insert(i);
        }
        match kind {
            Kind::File => self.files.insert(lower, i),
            Kind::Folder => self.trees.insert(lower, i),
        };
        Ok(())
    }

    fn collision(&self, path: &str, source: &Source, other: &Claim) -> Diagnostic {
        let theirs = format!(
            "{} (`{}` in {})",
            other.source.what,
            other.source.field,
            other.source.file.display()
        );
        let message = if other.path == path {
            format!(
                "{} needs the address {}, which {theirs} already has",
                source.what,
                address(path)
            )
        } else if other.path.to_lowercase() == path.to_lowercase() {
            format!(
                "{} needs the address {}, which differs only in letter case from {} of {theirs}; macOS and Windows treat them as one file",
                source.what,
                address(path),
                address(&other.path)
            )
        } else if other.kind == Kind::Folder || other.path.len() < path.len() {
            format!(
                "{} needs the output path `{}`, inside `{}`, which {theirs} already writes",
                source.what,
                shown(path),
                shown(&other.path)
            )
        } else {
            format!(
                "{} needs the output path `{}` as a file, but {theirs} writes `{}` inside it",
                source.what,
                shown(path),
                shown(&other.path)
            )
        };
        source.error(message).with_help(format!(
            "change `{}` in {} so that it names an address nothing else uses",
            source.field,
            source.file.display()
        ))
    }
}

/// How a path is shown in messages: the URL a reader would type (`/notes/intro/` for
/// `notes/intro/index.html`), in backticks.
fn address(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("`/{}`", shown(dir)),
        None => format!("`/{}`", shown(path)),
    }
}

/// Text from an input, safe to print in a message: control characters escaped (`\u{0}`), and
/// cut to 80 characters.
pub fn shown(text: &str) -> String {
    let escaped: String = text.chars().flat_map(char::escape_debug).collect();
    match escaped.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &escaped[..i]),
        None => escaped,
    }
}

/// The folders above a path, nearest first (`a/b/c` → `a/b`, `a`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .rev()
        .filter(|(_, c)| *c == '/')
        .map(move |(i, _)| &path[..i])
        .filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(what: &str) -> Source {
        Source::new("content/x.md", "aliases", what)
    }

    #[test]
    fn same_path_and_case_only_collisions_name_both_sources() {
        let mut set = OutputSet::default();
        set.file("bp/index.html", src("the alias `/bp`")).unwrap();
        let same = set.file("bp/index.html", src("the page")).unwrap_err();
        assert!(same.message.contains("`/bp/`, which"), "{}", same.message);
        assert!(same.message.contains("content/x.md"), "{}", same.message);
        let case = set
            .file("BP/index.html", src("the alias `/BP`"))
            .unwrap_err();
        assert!(case.message.contains("letter case"), "{}", case.message);
    }

    #[test]
    fn a_file_cannot_be_a_folder_of_another_output() {
        let mut set = OutputSet::default();
        set.file("feed.xml", src("the feed")).unwrap();
        let e = set
            .file("feed.xml/index.html", src("the alias `/feed.xml`"))
            .unwrap_err();
        assert!(e.message.contains("inside `feed.xml`"), "{}", e.message);
        set.file("a/b/index.html", src("a page")).unwrap();
        let e = set.file("a/b", src("the alias")).unwrap_err();
        assert!(e.message.contains("as a file"), "{}", e.message);
    }

    #[test]
    fn folders_claim_everything_below_them() {
        let mut set = OutputSet::default();
        set.folder("search", src("the search index")).unwrap();
        assert!(set.contains("search/0123/shard.bin"));
        assert!(!set.contains("searching/index.html"));
        let e = set.file("search/x/index.html", src("alias")).unwrap_err();
        assert!(e.message.contains("inside `search`"), "{}", e.message);
    }

    #[test]
    fn unportable_paths_are_refused() {
        for (path, why) in [
            ("../x/index.html", "outside"),
            ("a\0b/index.html", "U+0000"),
            ("a\u{1b}/index.html", "U+001B"),
            ("a<b/index.html", "Windows"),
            ("a\"b/index.html", "Windows"),
            ("a#b/index.html", "fragment"),
            ("a//index.html", "empty segment"),
            ("con/index.html", "device"),
            ("x./index.html", "drops"),
        ] {
            let problem = path_problem(path).unwrap_or_default();
            assert!(problem.contains(why), "{path}: {problem}");
        }
        let long = format!("{}/index.html", "a".repeat(256));
        assert!(path_problem(&long).unwrap().contains("256 bytes"));
        assert_eq!(path_problem("caf\u{e9} au lait/index.html"), None);
    }
}
