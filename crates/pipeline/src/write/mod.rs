//! Stage 6, write: the only stage that touches the output folder. The build is written to a
//! temporary folder beside the output and swapped in only when complete, so a failed build leaves
//! the previous output byte-for-byte intact.

use std::io;
use std::path::{Component, Path, PathBuf};

mod guard;

pub use guard::{check_output, Refusal};

use model::output::{OutputFile, Put, Sink};

/// Marks a folder as brightspot's output, so a later build may replace it.
pub const STAMP: &str = ".brightspot-output";

/// Writes `files` into a fresh temporary folder beside `out`, then swaps it into place (see
/// [`Staging`]).
pub fn write(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    Staging::begin(out)?.finish(files)
}

/// The output being built: a fresh temporary folder beside `out`, filled while the run renders
/// (pages arrive through [`PageSink`] as they are rendered) and then swapped into place: in one
/// atomic step where the OS can exchange two folders (`renameat2(RENAME_EXCHANGE)` on Linux),
/// otherwise with two renames once the new folder is complete, so the old output stays until
/// then. Dropped unfinished (the run found an error), it removes its folder and the output is
/// untouched. Builds into the same folder take turns (see [`lock`]) for as long as a staging
/// lives, which lets each one remove what killed runs left behind.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    tmp: PathBuf,
    _lock: std::fs::File,
}

impl Staging {
    /// Takes the lock beside `out`, removes what killed runs left there and makes the folder.
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().to_string());
        let lock = lock(&parent, &name)?;
        remove_leftovers(&parent, &name, out)?;
        let tmp = fresh_folder(&parent, &name, "tmp")?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            tmp,
            _lock: lock,
        })
    }

    /// The output folder the staging will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Writes one file into the folder, refusing a path that would leave it.
    fn put_file(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = Path::new(path);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("output path escapes the output folder: {path}"),
            ));
        }
        let dest = self.tmp.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&dest, bytes)
    }

    /// Writes `files` (the outputs still in memory) and the stamp, then swaps the folder in.
    pub fn finish(self, files: &[OutputFile]) -> io::Result<()> {
        for f in files {
            self.put_file(&f.path, &f.bytes)?;
        }
        std::fs::write(
            self.tmp.join(STAMP),
            b"This folder was written by brightspot build and is replaced by every build.\n",
        )?;
        swap(&self.tmp, &self.out, &self.parent, &self.name)
        // Dropping `self` removes the old output, which the swap left in `tmp`.
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The sink a build renders into: each HTML page is written into the [`Staging`] folder at once,
/// except those in `keep`, which later stages read (the case studies the page-weight budget
/// weighs); anything else (images, data files) stays in memory for the end of the run. Without
/// a staging (the run already found an error, so nothing will be written) pages are dropped.
pub struct PageSink<'a> {
    /// Where pages are written.
    pub staging: Option<&'a Staging>,
    /// Output paths kept in memory.
    pub keep: std::collections::BTreeSet<String>,
}

impl Sink for PageSink<'_> {
    fn put(&self, file: OutputFile) -> io::Result<Put> {
        if !file.path.ends_with(".html") || self.keep.contains(&file.path) {
            return Ok(Put::Kept(file));
        }
        if let Some(staging) = self.staging {
            staging.put_file(&file.path, &file.bytes)?;
        }
        Ok(Put::Written(file.path))
    }
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
