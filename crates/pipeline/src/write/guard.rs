//! Which folders a build may replace: never the project or its source folders (also when
//! reached through a symlink), never a folder outside the project that was not named, never a
//! folder of files brightspot did not write.

use std::path::{Component, Path, PathBuf};

use super::STAMP;

/// Why an output folder may not be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The folder is the project root, `content/`, or holds the project.
    ProtectedFolder(PathBuf),
    /// The folder is outside the project and was not named with `--output`.
    OutsideProject(PathBuf),
    /// The folder holds files that no build of brightspot wrote.
    ForeignFiles(PathBuf),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::ProtectedFolder(p) => write!(f, "refusing to write the site into {}: it holds the project's own files", p.display()),
            Refusal::OutsideProject(p) => write!(f, "refusing to write the site into {}: it is outside the project; name it with --output to confirm", p.display()),
            Refusal::ForeignFiles(p) => write!(f, "refusing to replace {}: it holds files that brightspot did not write (no {STAMP} stamp)", p.display()),
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` made absolute with every symlink of its existing part resolved, so a folder reached
/// through a link (`/link-to-project/content/x`) is seen where it really is.
fn resolve(path: &Path) -> PathBuf {
    let path = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Checks that `out` may be replaced by a build of the project at `root`. `explicit` is true when
/// the user named the folder with `--output`.
pub fn check_output(root: &Path, out: &Path, explicit: bool) -> Result<(), Refusal> {
    let root = resolve(root);
    let out = resolve(out);
    let protected = [
        "content",
        "src",
        "themes",
        "bibliography",
        "templates",
        "static",
        "data",
        "tests",
        ".git",
    ];
    if root.starts_with(&out) || protected.iter().any(|p| out.starts_with(root.join(p))) {
        return Err(Refusal::ProtectedFolder(out));
    }
    if !out.starts_with(&root) && !explicit {
        return Err(Refusal::OutsideProject(out));
    }
    if out.exists() {
        let mut entries = std::fs::read_dir(&out)
            .map_err(|_| Refusal::ForeignFiles(out.clone()))?
            .peekable();
        if entries.peek().is_some() && !out.join(STAMP).is_file() {
            return Err(Refusal::ForeignFiles(out));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_protected_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(matches!(
            check_output(root, root, true),
            Err(Refusal::ProtectedFolder(_))
        ));
        assert!(matches!(
            check_output(root, &root.join("content"), true),
            Err(Refusal::ProtectedFolder(_))
        ));
        assert!(matches!(
            check_output(root, &root.join("content/x"), true),
            Err(Refusal::ProtectedFolder(_))
        ));
        let outside = tempfile::tempdir().unwrap();
        assert!(matches!(
            check_output(root, outside.path(), false),
            Err(Refusal::OutsideProject(_))
        ));
        assert!(
            check_output(root, outside.path(), true).is_ok(),
            "an empty folder named explicitly is fine"
        );
        std::fs::write(outside.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            check_output(root, outside.path(), true),
            Err(Refusal::ForeignFiles(_))
        ));
        assert!(check_output(root, &root.join("public"), false).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_source_folder_reached_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let link = elsewhere.path().join("link-to-project");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        assert!(matches!(
            check_output(&root, &link.join("content/x"), true),
            Err(Refusal::ProtectedFolder(_))
        ));
        let to_content = elsewhere.path().join("out");
        std::os::unix::fs::symlink(root.join("content"), &to_content).unwrap();
        assert!(matches!(
            check_output(&root, &to_content, true),
            Err(Refusal::ProtectedFolder(_))
        ));
    }
}
