//! Stage 6, write: the only stage that touches the output folder. The build is written to a
//! temporary folder beside the output and swapped in only when complete, so a failed build leaves
//! the previous output byte-for-byte intact.

use std::io;
use std::path::{Component, Path, PathBuf};

use model::output::OutputFile;

/// Marks a folder as brightspot's output, so a later build may replace it.
pub const STAMP: &str = ".brightspot-output";

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

/// Checks that `out` may be replaced by a build of the project at `root`. `explicit` is true when
/// the user named the folder with `--output`.
pub fn check_output(root: &Path, out: &Path, explicit: bool) -> Result<(), Refusal> {
    let root = normalize(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
    let out = normalize(&std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()));
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

/// Writes `files` into a fresh temporary folder beside `out`, then swaps it into place.
pub fn write(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().to_string());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = (|| {
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        for f in files {
            let rel = Path::new(&f.path);
            if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("output path escapes the output folder: {}", f.path),
                ));
            }
            let dest = tmp.join(rel);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&dest, f.bytes.as_slice())?;
        }
        std::fs::write(
            tmp.join(STAMP),
            b"This folder was written by brightspot build and is replaced by every build.\n",
        )?;
        if out.exists() {
            std::fs::rename(out, &old)?;
        }
        if let Err(e) = std::fs::rename(&tmp, out) {
            if old.exists() {
                let _ = std::fs::rename(&old, out);
            }
            return Err(e);
        }
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    })();
    if result.is_err() && tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
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

    #[test]
    fn write_replaces_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &out,
            &[
                OutputFile::new("a/index.html", b"one".to_vec()),
                OutputFile::new("old.txt", b"x".to_vec()),
            ],
        )
        .unwrap();
        write(&out, &[OutputFile::new("a/index.html", b"two".to_vec())]).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("old.txt").exists());
        assert!(out.join(STAMP).exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folders left"
        );
        assert!(write(&out, &[OutputFile::new("../evil", vec![])]).is_err());
        assert_eq!(
            std::fs::read(out.join("a/index.html")).unwrap(),
            b"two",
            "a failed write leaves the output intact"
        );
    }
}
