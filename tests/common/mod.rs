//! Shared helpers for the integration tests: a fixture copied into a temporary project and the
//! real binary run on it (here); sites built once and read back (`built`), their HTML
//! (`html`), and the repository's content files (`content_files`).

mod built;
mod content_files;
mod html;
pub mod xml;

pub use built::*;
pub use content_files::*;
pub use html::*;

use std::path::{Path, PathBuf};
use std::process::Command;

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
            pages: brightspot::pipeline::Pages::Keep,
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

/// Replaces the temporary folder's path in text, so snapshots do not depend on it.
pub fn redact(text: &str, project: &Project) -> String {
    text.replace(project.root.to_str().unwrap(), "[PROJECT]")
        .replace(project.tmp.path().to_str().unwrap(), "[TMP]")
}
