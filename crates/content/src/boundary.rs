//! The project root as a boundary. Contributors' files are untrusted, and a symlink is a file
//! too: `static -> /etc` or `brightspot.toml -> /etc/passwd` would publish, or print in a public
//! CI log, files from outside the project. Every input path is resolved (symlinks followed) and
//! read only when it lands inside one of the project's input folders ([`INPUT_DIRS`]), never in
//! a hidden folder such as `.git/`; the config, only when it lands inside the project.

use std::io;
use std::path::{Component, Path, PathBuf};

use model::diagnostics::Diagnostic;

/// The folders a build reads, relative to the project root.
pub const INPUT_DIRS: &[&str] = &[
    "content",
    "bibliography",
    "themes",
    "templates",
    "static",
    "data",
    "archetypes",
    "vendor",
];

/// The canonical project root that every input must resolve inside.
#[derive(Debug, Clone)]
pub struct Boundary {
    /// The root as given (paths are joined to it for reading).
    root: PathBuf,
    /// The root with every symlink resolved.
    canonical: PathBuf,
}

impl Boundary {
    /// The boundary of the project at `root`.
    pub fn new(root: &Path) -> io::Result<Boundary> {
        Ok(Boundary {
            root: root.to_path_buf(),
            canonical: std::fs::canonicalize(root)?,
        })
    }

    /// Checks that `rel` (relative to the root) resolves inside one of the input folders and not
    /// into a hidden file or folder; the diagnostic names the path and says why, never what the
    /// target holds.
    pub fn check(&self, rel: &Path) -> Result<(), Diagnostic> {
        self.check_within(rel, true)
    }

    /// Like [`Boundary::check`], for the config: anywhere inside the project that is not hidden.
    pub fn check_config(&self, rel: &Path) -> Result<(), Diagnostic> {
        self.check_within(rel, false)
    }

    fn check_within(&self, rel: &Path, input: bool) -> Result<(), Diagnostic> {
        let path = self.root.join(rel);
        let refuse = |why: String| {
            Diagnostic::general(Some(rel.to_path_buf()), why).with_help(
                "copy the file into the project instead of linking to it (symlinks may only point inside the project)",
            )
        };
        let real = match std::fs::canonicalize(&path) {
            Ok(real) => real,
            Err(_) => {
                return Err(refuse(format!(
                    "{} is a symlink whose target does not exist{}",
                    rel.display(),
                    link_text(&path)
                )))
            }
        };
        let Ok(inside) = real.strip_prefix(&self.canonical) else {
            return Err(refuse(format!(
                "{} is a symlink that leads outside the project{}: it is not read",
                rel.display(),
                link_text(&path)
            )));
        };
        if inside.components().any(is_hidden) {
            return Err(refuse(format!(
                "{} is a symlink into a hidden file or folder of the project{}: it is not read",
                rel.display(),
                link_text(&path)
            )));
        }
        let first = inside
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        if input && !first.is_some_and(|f| INPUT_DIRS.contains(&&*f)) {
            return Err(refuse(format!(
                "{} is a symlink to a project file that is not an input (outside {}){}: it is not read",
                rel.display(),
                INPUT_DIRS.iter().map(|d| format!("{d}/")).collect::<Vec<_>>().join(", "),
                link_text(&path)
            )));
        }
        Ok(())
    }
}

/// Whether a path component is hidden (`.git`, `.env`).
pub fn is_hidden(c: Component<'_>) -> bool {
    matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.'))
}

/// ` (-> target)` for the innermost symlink on `path`, as written in the link.
fn link_text(path: &Path) -> String {
    let mut at = Some(path);
    while let Some(p) = at {
        if let Ok(target) = std::fs::read_link(p) {
            return format!(" (-> {})", target.display());
        }
        at = p.parent();
    }
    String::new()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_pass_and_links_outside_or_hidden_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        std::fs::write(root.join(".git/config"), "secret").unwrap();
        std::fs::write(outside.path().join("x"), "secret").unwrap();
        symlink(root.join("content/a.md"), root.join("content/b.md")).unwrap();
        symlink(outside.path().join("x"), root.join("content/c.md")).unwrap();
        symlink("../.git/config", root.join("content/d.txt")).unwrap();
        std::fs::write(root.join("secret.txt"), "secret").unwrap();
        symlink("../secret.txt", root.join("content/f.txt")).unwrap();
        symlink("secret.txt", root.join("config.toml")).unwrap();
        symlink("missing", root.join("content/e.md")).unwrap();
        symlink(outside.path(), root.join("static")).unwrap();
        let b = Boundary::new(root).unwrap();
        assert!(b.check(Path::new("content/a.md")).is_ok());
        assert!(b.check(Path::new("content/b.md")).is_ok());
        let out = b.check(Path::new("content/c.md")).unwrap_err();
        assert!(
            out.message.contains("outside the project"),
            "{}",
            out.message
        );
        assert!(!out.message.contains("secret"));
        assert!(b.check(Path::new("content/d.txt")).is_err());
        assert!(b.check(Path::new("content/e.md")).is_err());
        assert!(b.check(Path::new("static/x")).is_err());
        assert!(b.check(Path::new("static")).is_err());
        assert!(b.check(Path::new("content/f.txt")).is_err(), "not an input");
        assert!(b.check_config(Path::new("config.toml")).is_ok());
    }
}
