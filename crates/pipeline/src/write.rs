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

/// Writes `files` into a fresh temporary folder beside `out`, then swaps it into place: in one
/// atomic step where the OS can exchange two folders (`renameat2(RENAME_EXCHANGE)` on Linux),
/// otherwise with two renames once the new folder is complete, so the old output stays until
/// then. Builds into the same folder take turns (see [`lock`]), which lets each one remove
/// what killed runs left behind.
pub fn write(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().to_string());
    let _lock = lock(parent, &name)?;
    remove_leftovers(parent, &name, out)?;
    let tmp = fresh_folder(parent, &name, "tmp")?;
    let result = fill(&tmp, files).and_then(|()| swap(&tmp, out, parent, &name));
    if tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Waits for other builds writing beside `parent` and holds them off until dropped; the OS
/// releases the lock when the process dies. On Unix the folder itself is locked (`flock`), so
/// nothing is left beside the output.
#[cfg(unix)]
fn lock(parent: &Path, _name: &str) -> io::Result<std::fs::File> {
    let folder = std::fs::File::open(parent)?;
    folder.lock()?;
    Ok(folder)
}

/// Waits for other builds writing beside `parent` and holds them off until dropped; the OS
/// releases the lock when the process dies.
#[cfg(not(unix))]
fn lock(parent: &Path, name: &str) -> io::Result<std::fs::File> {
    let file = std::fs::File::create(parent.join(format!(".{name}.lock")))?;
    file.lock()?;
    Ok(file)
}

/// Writes every file and the stamp into `dir`.
fn fill(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    for f in files {
        let rel = Path::new(&f.path);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("output path escapes the output folder: {}", f.path),
            ));
        }
        let dest = dir.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&dest, f.bytes.as_slice())?;
    }
    std::fs::write(
        dir.join(STAMP),
        b"This folder was written by brightspot build and is replaced by every build.\n",
    )
}

/// Puts the complete folder `tmp` at `out`; afterwards `tmp` holds the old output, if any.
fn swap(tmp: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(tmp, out);
    }
    if exchange(tmp, out)? {
        return Ok(());
    }
    let old = fresh_folder(parent, name, "old")?;
    std::fs::remove_dir(&old)?;
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    std::fs::rename(&old, tmp)
}

/// Exchanges two folders atomically; false when the OS or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e)
            if [
                rustix::io::Errno::INVAL,
                rustix::io::Errno::NOSYS,
                rustix::io::Errno::OPNOTSUPP,
            ]
            .contains(&e) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Exchanges two folders atomically; false when the OS or file system cannot.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A new, empty folder `.<name>.<kind>-<pid>-<time>-<n>` in `parent`: the time and counter keep a
/// reused process id (PID 1 in every container) from meeting an earlier run's name.
fn fresh_folder(parent: &Path, name: &str, kind: &str) -> io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for n in 0..100u32 {
        let dir = parent.join(format!(
            ".{name}.{kind}-{}-{nanos:x}-{n}",
            std::process::id()
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("cannot create a temporary folder beside {name}"),
    ))
}

/// Removes the temporary folders of earlier runs that were killed while writing (no other run
/// is writing: the caller holds the lock). If one died between the two renames of the fallback
/// swap, its old output is put back first.
fn remove_leftovers(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let tmp = format!(".{name}.tmp-");
    let old = format!(".{name}.old-");
    let mut leftovers: Vec<PathBuf> = std::fs::read_dir(parent)?
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with(&tmp) || n.starts_with(&old)
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    for dir in leftovers {
        let is_old = dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&old));
        if is_old && !out.exists() && dir.join(STAMP).is_file() {
            std::fs::rename(&dir, out)?;
            continue;
        }
        std::fs::remove_dir_all(&dir)?;
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

    #[test]
    fn leftovers_of_killed_runs_are_removed_and_a_reused_pid_does_not_collide() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[OutputFile::new("a.txt", b"one".to_vec())]).unwrap();
        // What a run killed while writing leaves, and the fixed names of older versions that
        // made every later build in a PID-1 container fail.
        let pid = std::process::id();
        for stale in [
            format!(".public.tmp-{pid}"),
            format!(".public.old-{pid}"),
            ".public.tmp-1-abc-0".to_string(),
        ] {
            std::fs::create_dir_all(dir.path().join(&stale).join("x")).unwrap();
        }
        write(&out, &[OutputFile::new("a.txt", b"two".to_vec())]).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"two");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left, ["public"]);
    }

    #[test]
    fn a_run_killed_between_the_fallback_renames_gets_its_old_output_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.old-7-1-0");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join(STAMP), "").unwrap();
        std::fs::write(old.join("a.txt"), "old").unwrap();
        remove_leftovers(dir.path(), "public", &out).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"old");
    }

    #[test]
    fn the_swap_exchanges_old_and_new() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("new"), "").unwrap();
        std::fs::write(b.join("old"), "").unwrap();
        swap(&a, &b, dir.path(), "b").unwrap();
        assert!(b.join("new").exists() && a.join("old").exists());
        if cfg!(target_os = "linux") {
            assert!(exchange(&a, &b).unwrap(), "Linux exchanges in one step");
        }
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
