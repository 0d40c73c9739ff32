//! Watching the project: which changed paths matter, and debouncing bursts of file-system events
//! (an editor that saves by writing a temporary file and renaming it, or writes twice) into one
//! rebuild.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The folders a build reads, relative to the project root.
pub const WATCHED_DIRS: &[&str] = &[
    "content",
    "bibliography",
    "themes",
    "templates",
    "static",
    "data",
];

/// What a changed file is to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A page, section or page-bundle asset under `content/`.
    Content,
    /// A `.bib` file or an annotation.
    Bibliography,
    /// A controlled vocabulary under `data/`.
    Data,
    /// A template (the theme's or the site's): pages are re-rendered with freshly parsed
    /// templates.
    Template,
    /// A static file (the theme's or the site's).
    Static,
    /// `brightspot.toml`: everything is rebuilt.
    Config,
}

impl Change {
    /// A short name for the terminal.
    pub fn name(self) -> &'static str {
        match self {
            Change::Content => "content",
            Change::Bibliography => "bibliography",
            Change::Data => "data",
            Change::Template => "template",
            Change::Static => "static file",
            Change::Config => "config",
        }
    }
}

/// Classifies a path relative to the project root; `None` for paths no build reads: hidden files
/// and folders (the loader skips them), editors' swap and backup files, and anything outside the
/// watched folders (such as `public/` or `target/`).
pub fn classify(rel: &Path) -> Option<Change> {
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let name = *parts.last()?;
    if parts.iter().any(|p| p.starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
    {
        return None;
    }
    match parts.as_slice() {
        ["brightspot.toml"] => Some(Change::Config),
        ["content", _, ..] => Some(Change::Content),
        ["bibliography", _, ..] => Some(Change::Bibliography),
        ["data", _, ..] => Some(Change::Data),
        ["templates", _, ..] => Some(Change::Template),
        ["static", _, ..] => Some(Change::Static),
        ["themes", _, "templates", _, ..] => Some(Change::Template),
        ["themes", _, "static", _, ..] => Some(Change::Static),
        // A whole watched folder created, removed or renamed.
        [dir] if WATCHED_DIRS.contains(dir) => Some(Change::Content),
        ["themes", _] | ["themes", _, "templates" | "static"] => Some(Change::Template),
        _ => None,
    }
}

/// A batch of changes that leads to one rebuild.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// The relevant changed paths, relative to the root, sorted and without duplicates.
    pub paths: Vec<PathBuf>,
    /// When the first event of the batch arrived.
    pub first: Option<Instant>,
}

impl Batch {
    /// The kinds of change in the batch, sorted.
    pub fn kinds(&self) -> Vec<Change> {
        let mut k: Vec<Change> = self.paths.iter().filter_map(|p| classify(p)).collect();
        k.sort();
        k.dedup();
        k
    }
}

/// How long the file system must stay quiet before a rebuild starts, and the longest a burst may
/// delay it.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    /// Quiet time that ends a burst.
    pub quiet: Duration,
    /// Upper bound on the wait after the first event.
    pub max: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        // Editors that save by rename, or write twice, fire their events within a few
        // milliseconds; a longer quiet time would only delay every reload.
        Debounce {
            quiet: Duration::from_millis(15),
            max: Duration::from_millis(500),
        }
    }
}

/// Waits for the next relevant change and gathers everything that follows it until the file
/// system is quiet. `rx` yields absolute paths; `None` when the sender is gone.
pub fn next_batch(rx: &Receiver<PathBuf>, root: &Path, debounce: Debounce) -> Option<Batch> {
    let mut batch = Batch::default();
    let relevant = |p: &Path| {
        let rel = p.strip_prefix(root).ok()?.to_path_buf();
        classify(&rel).map(|_| rel)
    };
    loop {
        let p = rx.recv().ok()?;
        if let Some(rel) = relevant(&p) {
            batch.paths.push(rel);
            batch.first = Some(Instant::now());
            break;
        }
    }
    let first = batch.first.unwrap_or_else(Instant::now);
    loop {
        let left = debounce.max.saturating_sub(first.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(debounce.quiet.min(left)) {
            Ok(p) => {
                if let Some(rel) = relevant(&p) {
                    batch.paths.push(rel);
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    batch.paths.sort();
    batch.paths.dedup();
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn c(p: &str) -> Option<Change> {
        classify(Path::new(p))
    }

    #[test]
    fn classification() {
        assert_eq!(c("content/case-studies/a.md"), Some(Change::Content));
        assert_eq!(c("content/case-studies/a/photo.jpg"), Some(Change::Content));
        assert_eq!(c("bibliography/references.bib"), Some(Change::Bibliography));
        assert_eq!(
            c("bibliography/annotations/x.md"),
            Some(Change::Bibliography)
        );
        assert_eq!(c("data/sectors.toml"), Some(Change::Data));
        assert_eq!(
            c("themes/default/templates/page.html"),
            Some(Change::Template)
        );
        assert_eq!(c("templates/page.html"), Some(Change::Template));
        assert_eq!(c("themes/default/static/style.css"), Some(Change::Static));
        assert_eq!(c("static/logo.svg"), Some(Change::Static));
        assert_eq!(c("brightspot.toml"), Some(Change::Config));
        assert_eq!(c("content"), Some(Change::Content));
    }

    #[test]
    fn irrelevant_paths_are_ignored() {
        for p in [
            "public/index.html",
            "target/debug/brightspot",
            "README.md",
            "content/.a.md.swp",
            "content/a.md~",
            "content/.git/HEAD",
            "content/4913",
            "content/.#a.md",
            "content/#a.md#",
            "themes/default/README.md",
            "other.toml",
            "../content/a.md",
        ] {
            assert_eq!(c(p), None, "{p}");
        }
    }

    #[test]
    fn a_burst_is_one_batch_and_irrelevant_events_wait() {
        let root = PathBuf::from("/site");
        let (tx, rx) = channel();
        // An editor's save by rename: swap file, temporary name, the real file twice.
        for p in [
            "public/x.html",
            "content/.a.md.swp",
            "content/a.md~",
            "content/a.md",
            "content/a.md",
            "templates/page.html",
        ] {
            tx.send(root.join(p)).unwrap();
        }
        let d = Debounce::default();
        let batch = next_batch(&rx, &root, d).unwrap();
        assert_eq!(
            batch.paths,
            vec![
                PathBuf::from("content/a.md"),
                PathBuf::from("templates/page.html")
            ]
        );
        assert_eq!(batch.kinds(), vec![Change::Content, Change::Template]);
        // Events after the quiet time form the next batch.
        std::thread::sleep(d.quiet * 2);
        tx.send(root.join("data/sectors.toml")).unwrap();
        drop(tx);
        let next = next_batch(&rx, &root, d).unwrap();
        assert_eq!(next.paths, vec![PathBuf::from("data/sectors.toml")]);
        assert!(next_batch(&rx, &root, d).is_none());
    }

    #[test]
    fn a_never_ending_burst_is_cut_at_the_maximum() {
        let root = PathBuf::from("/site");
        let (tx, rx) = channel();
        let d = Debounce {
            quiet: Duration::from_millis(50),
            max: Duration::from_millis(150),
        };
        let writer = std::thread::spawn(move || {
            for _ in 0..60 {
                if tx.send(PathBuf::from("/site/content/a.md")).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let started = Instant::now();
        let batch = next_batch(&rx, &root, d).unwrap();
        assert_eq!(batch.paths, vec![PathBuf::from("content/a.md")]);
        assert!(started.elapsed() < Duration::from_millis(450));
        drop(rx);
        writer.join().unwrap();
    }
}
