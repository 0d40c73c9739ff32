//! Reading the project's folders for [`crate::load`]: walking them in sorted order (hidden
//! files and editors' backups skipped, symlinks checked against the [`Boundary`]), reading each
//! file, and reporting what cannot be read (not UTF-8, control characters, refused links)
//! without stopping, so the rest of the project is still checked.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::boundary::{self, Boundary};
use crate::inputs::{self, Input};
use crate::load::{BinaryFile, TextFile};
use model::diagnostics::Diagnostic;

/// Reads the files of the project's folders, collecting what could not be read.
pub struct Reader<'a> {
    /// The project root.
    pub root: &'a Path,
    /// What inputs may resolve to.
    pub boundary: &'a Boundary,
    /// What could not be read.
    pub problems: Vec<Diagnostic>,
    /// Texts of files left out for bad UTF-8.
    pub quoted: Vec<TextFile>,
    /// Each folder's walk, so `content/` (read for pages, then for assets) is walked and
    /// reported once.
    pub walks: std::collections::HashMap<PathBuf, Vec<PathBuf>>,
}

impl Reader<'_> {
    /// Files under `root/dir`, sorted by path, skipping hidden files and folders and editors'
    /// backup files ([`inputs::is_skipped`]). Symlinks are
    /// followed only when they resolve inside the project (and not into a hidden folder); one
    /// that leaves it is reported and neither read nor descended into.
    fn walk(&mut self, dir: &Path) -> Vec<PathBuf> {
        if let Some(paths) = self.walks.get(dir) {
            return paths.clone();
        }
        let paths = self.walk_afresh(dir);
        self.walks.insert(dir.to_path_buf(), paths.clone());
        paths
    }

    fn walk_afresh(&mut self, dir: &Path) -> Vec<PathBuf> {
        let base = self.root.join(dir);
        if base.symlink_metadata().is_err() {
            return Vec::new();
        }
        if let Err(d) = self.boundary.check(dir) {
            self.problems.push(d);
            return Vec::new();
        }
        if !base.is_dir() {
            return Vec::new();
        }
        let mut paths = Vec::new();
        let mut entries = WalkDir::new(&base).follow_links(true).into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = e.path().map(|p| self.relative(p));
                    if let Some(rel) = rel.filter(|r| !r.components().any(boundary::is_hidden)) {
                        let d = self.boundary.check(&rel).err().unwrap_or_else(|| {
                            Diagnostic::general(Some(rel.clone()), format!("cannot read: {e}"))
                        });
                        self.problems.push(d);
                    }
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let rel = self.relative(entry.path());
            let name = entry.file_name().to_string_lossy();
            let hidden = inputs::is_skipped(&name, entry.file_type().is_dir());
            let refused = !hidden && entry.path_is_symlink() && {
                let check = self.boundary.check(&rel);
                check.map_err(|d| self.problems.push(d)).is_err()
            };
            if hidden || refused {
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                paths.push(rel);
            }
        }
        paths.sort();
        paths
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn read(&mut self, path: &Path) -> Option<Vec<u8>> {
        std::fs::read(self.root.join(path))
            .map_err(|e| self.problems.push(cannot_read(path.to_path_buf(), &e)))
            .ok()
    }

    /// The files under `dir` that are inputs of `kind` ([`inputs::input_of`]), as text.
    pub fn texts(&mut self, dir: &Path, kind: Input) -> Vec<TextFile> {
        let paths: Vec<PathBuf> = self
            .walk(dir)
            .into_iter()
            .filter(|path| inputs::input_of(path) == Some(kind))
            .collect();
        // Read, decoded and scanned on rayon's threads: at 100,000 pages the reads alone wait
        // seconds on the disk and on one syscall after another. The outcomes come back in path
        // order, and are reported in it, so the result is the same at any thread count.
        let root = self.root;
        let outcomes: Vec<Read> = paths
            .into_par_iter()
            .map(|path| match std::fs::read(root.join(&path)) {
                Ok(bytes) => decode(path, bytes),
                Err(e) => Read::Unreadable(cannot_read(path, &e)),
            })
            .collect();
        let mut files = Vec::new();
        for outcome in outcomes {
            match outcome {
                Read::Text(file, control) => {
                    self.problems.extend(control);
                    files.push(file);
                }
                Read::NotUtf8(problem, quoted) => {
                    self.problems.push(problem);
                    self.quoted.push(quoted);
                }
                Read::Unreadable(problem) => self.problems.push(problem),
            }
        }
        files
    }

    /// The files under `dir` that are inputs of `kind`, as bytes, each with its path under `dir`.
    pub fn binaries(&mut self, dir: &Path, kind: Input) -> Vec<BinaryFile> {
        let mut files = Vec::new();
        for path in self.walk(dir) {
            if inputs::input_of(&path) != Some(kind) {
                continue;
            }
            if let Some(bytes) = self.read(&path) {
                files.push(BinaryFile {
                    rel: path.strip_prefix(dir).unwrap_or(&path).to_path_buf(),
                    bytes: bytes.into(),
                });
            }
        }
        files
    }
}

/// What reading one text file gave.
enum Read {
    /// Its text, and a control character found in it.
    Text(TextFile, Option<Diagnostic>),
    /// Not UTF-8: the problem, and the text lossily decoded for the report to quote.
    NotUtf8(Diagnostic, TextFile),
    /// It could not be read.
    Unreadable(Diagnostic),
}

fn cannot_read(path: PathBuf, e: &std::io::Error) -> Diagnostic {
    Diagnostic::general(Some(path), format!("cannot read file: {e}"))
}

/// A text file's bytes as text, or the problem that they are not UTF-8.
fn decode(path: PathBuf, bytes: Vec<u8>) -> Read {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let control = control_character(&path, &text);
            Read::Text(
                TextFile {
                    path,
                    text: text.into(),
                },
                control,
            )
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[at];
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The prefix before `at` is unchanged by the lossy decoding, and U+FFFD
            // replaces the bad bytes: the span points at it.
            let len = text[at..].chars().next().map_or(0, char::len_utf8);
            let problem = Diagnostic::error(
                path.clone(),
                at..at + len,
                format!("file is not valid UTF-8: byte 0x{byte:02X} here cannot be read as text"),
            )
            .with_help(
                "save the file as UTF-8 in your editor (the rest of the project was still checked)",
            );
            Read::NotUtf8(
                problem,
                TextFile {
                    path,
                    text: text.into(),
                },
            )
        }
    }
}

/// An error for the first control character in `text` (tab, newline and carriage return are
/// text): XML 1.0 cannot hold one, so a title with one would make `feed.xml` ill-formed, and
/// HTML treats them as errors. It is never what a contributor meant to type.
fn control_character(path: &Path, text: &str) -> Option<Diagnostic> {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    let (at, c) = text.char_indices().find(|(_, c)| bad(*c))?;
    let more = text[at + c.len_utf8()..]
        .chars()
        .filter(|c| bad(*c))
        .count();
    let also = match more {
        0 => String::new(),
        n => format!(" (and {n} more in this file)"),
    };
    Some(
        Diagnostic::error(
            path.to_path_buf(),
            at..at + c.len_utf8(),
            format!("control character U+{:04X} in the text{also}", c as u32),
        )
        .with_help("delete it (it is invisible in most editors; it often comes from pasting); XML feeds cannot hold it"),
    )
}
