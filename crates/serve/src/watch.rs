//! Watching the project: which changed paths matter, and how the debounced file-system events
//! (`notify-debouncer-full`: an editor that saves by writing a temporary file and renaming it,
//! or writes twice, is one delivery) and rescans become one rebuild each.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use content::inputs::Input;
use notify::EventKind;
use notify_debouncer_full::DebounceEventResult;

/// The folders a build reads, relative to the project root.
pub const WATCHED_DIRS: &[&str] = content::boundary::INPUT_DIRS;

/// What a changed file is to the build: the kind of input it is (`content::inputs`, the rule
/// the loader reads by), grouped as the terminal names it.
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
    /// An archetype for `brightspot new` (the web editor's forms are written from them).
    Archetype,
    /// A file of the vendored web editor.
    Editor,
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
            Change::Archetype => "archetype",
            Change::Editor => "web editor file",
            Change::Config => "config",
        }
    }
}

impl From<Input> for Change {
    fn from(input: Input) -> Self {
        match input {
            Input::Config => Change::Config,
            Input::Page | Input::ContentAsset => Change::Content,
            Input::Data => Change::Data,
            Input::Bibliography | Input::Annotation => Change::Bibliography,
            Input::Template => Change::Template,
            Input::Static => Change::Static,
            Input::Archetype => Change::Archetype,
            Input::Editor => Change::Editor,
        }
    }
}

/// Classifies a path relative to the project root: the input it is
/// ([`content::inputs::input_of`]), or a whole watched folder created, removed or renamed
/// (which changes what a walk finds); `None` for paths no build reads: hidden files and
/// folders, editors' swap and backup files, and anything outside the input folders (such as
/// `public/` or `target/`).
pub fn classify(rel: &Path) -> Option<Change> {
    if let Some(input) = content::inputs::input_of(rel) {
        return Some(input.into());
    }
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| content::inputs::is_skipped(p, true)) {
        return None;
    }
    match parts.as_slice() {
        [dir] if WATCHED_DIRS.contains(dir) => Some(Change::Content),
        ["themes", _] | ["themes", _, "templates" | "static"] => Some(Change::Template),
        _ => None,
    }
}

/// What the watcher tells the rebuild loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// These paths (absolute) changed; `at` is when the first of them did.
    Changed {
        /// The changed paths, as the watcher reports them.
        paths: Vec<PathBuf>,
        /// When the earliest of the changes happened.
        at: Instant,
    },
    /// Events may have been lost (the kernel's queue overflowed during a `git checkout`, or
    /// watching failed): the paths seen are no longer a complete hint, so everything is read
    /// again.
    Rescan {
        /// When the watcher noticed.
        at: Instant,
    },
}

/// Turns one delivery of the debouncer (`notify-debouncer-full`, which already merges each
/// file's burst of events and tracks renames) into signals for the rebuild loop. Reads (access
/// events) are not changes: the build's own reads must not loop.
pub fn signals(result: DebounceEventResult) -> Vec<Signal> {
    let events = match result {
        Ok(events) => events,
        Err(_) => return vec![Signal::Rescan { at: Instant::now() }],
    };
    let mut out = Vec::new();
    if let Some(e) = events.iter().find(|e| e.need_rescan()) {
        out.push(Signal::Rescan { at: e.time });
    }
    let changes = || {
        events
            .iter()
            .filter(|e| !e.need_rescan() && !matches!(e.kind, EventKind::Access(_)))
    };
    if let Some(at) = changes().map(|e| e.time).min() {
        let paths = changes().flat_map(|e| e.paths.iter().cloned()).collect();
        out.push(Signal::Changed { paths, at });
    }
    out
}

/// A batch of changes that leads to one rebuild.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// The relevant changed paths, relative to the root, sorted and without duplicates.
    pub paths: Vec<PathBuf>,
    /// The watcher asked for a rescan: `paths` is no complete hint.
    pub rescan: bool,
    /// When the first change of the batch happened.
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

    /// The files to read again: `None` (everything) after a rescan.
    pub fn changed(&self) -> Option<&[PathBuf]> {
        (!self.rescan).then_some(&self.paths[..])
    }

    fn add(&mut self, signal: Signal, root: &Path) {
        let at = match signal {
            Signal::Rescan { at } => {
                self.rescan = true;
                at
            }
            Signal::Changed { paths, at } => {
                let relevant = paths.iter().filter_map(|p| {
                    let rel = p.strip_prefix(root).ok()?;
                    classify(rel).map(|_| rel.to_path_buf())
                });
                let before = self.paths.len();
                self.paths.extend(relevant);
                if self.paths.len() == before {
                    return;
                }
                at
            }
        };
        self.first = Some(self.first.map_or(at, |f| f.min(at)));
    }
}

/// How long a file must stay quiet before its change is delivered.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    /// The debouncer's timeout.
    pub quiet: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        // Editors that save by rename, or write twice, fire their events within a few
        // milliseconds; a longer quiet time would only delay every reload.
        Debounce {
            quiet: Duration::from_millis(15),
        }
    }
}

/// `first` and every signal already waiting, as one batch (empty, with no `first`, when none
/// of them is relevant, such as an editor's swap file).
pub fn batch(first: Signal, rx: &Receiver<Signal>, root: &Path) -> Batch {
    let mut batch = Batch::default();
    batch.add(first, root);
    while let Ok(signal) = rx.try_recv() {
        batch.add(signal, root);
    }
    batch.paths.sort();
    batch.paths.dedup();
    batch
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn c(p: &str) -> Option<Change> {
        classify(Path::new(p))
    }

    #[test]
    fn each_kind_of_input_and_a_whole_folder_is_a_change() {
        // Which files are inputs is `content::inputs`' rule (tested there); here, what each
        // kind is to the rebuild loop, and the folders the watcher also reports.
        use Change::*;
        for (path, change) in [
            ("content/case-studies/a.md", Content),
            ("content/case-studies/a/photo.jpg", Content),
            ("bibliography/references.bib", Bibliography),
            ("bibliography/annotations/x.md", Bibliography),
            ("data/sectors.toml", Data),
            ("themes/default/templates/page.html", Template),
            ("static/logo.svg", Static),
            ("archetypes/case-study.md", Archetype),
            ("vendor/decap-cms/decap-cms.js", Editor),
            ("brightspot.toml", Config),
            ("content", Content),
            ("static", Content),
            ("themes/default", Template),
            ("themes/default/static", Template),
        ] {
            assert_eq!(c(path), Some(change), "{path}");
        }
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
            // Not read by the loader: the wrong extension for the folder.
            "data/notes.txt",
            "templates/notes.md",
        ] {
            assert_eq!(c(p), None, "{p}");
        }
    }

    fn changed(paths: &[&str], at: Instant) -> Signal {
        Signal::Changed {
            paths: paths.iter().map(|p| Path::new("/site").join(p)).collect(),
            at,
        }
    }

    #[test]
    fn waiting_signals_are_one_batch_and_irrelevant_ones_wait() {
        let root = PathBuf::from("/site");
        let (tx, rx) = channel();
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_millis(3);
        // Only irrelevant paths: an empty batch, which the loop skips.
        tx.send(changed(&["public/x.html", "content/.a.md.swp"], t0))
            .unwrap();
        let none = batch(rx.recv().unwrap(), &rx, &root);
        assert_eq!(none.first, None);
        assert!(none.paths.is_empty());
        // An editor's save by rename and a template saved during the last rebuild.
        tx.send(changed(&["content/a.md~", "content/a.md"], t1))
            .unwrap();
        tx.send(changed(
            &["content/a.md", "templates/page.html"],
            t0 + Duration::from_millis(9),
        ))
        .unwrap();
        let batch = batch(rx.recv().unwrap(), &rx, &root);
        assert_eq!(
            batch.paths,
            vec![
                PathBuf::from("content/a.md"),
                PathBuf::from("templates/page.html")
            ]
        );
        assert_eq!(batch.first, Some(t1));
        assert!(!batch.rescan);
        assert_eq!(batch.changed(), Some(&batch.paths[..]));
        assert_eq!(batch.kinds(), vec![Change::Content, Change::Template]);
        // Signals sent later form the next batch; a rescan makes it "everything".
        tx.send(changed(&["data/sectors.toml"], t1)).unwrap();
        tx.send(Signal::Rescan { at: t0 }).unwrap();
        drop(tx);
        let next = super::batch(rx.recv().unwrap(), &rx, &root);
        assert_eq!(next.paths, vec![PathBuf::from("data/sectors.toml")]);
        assert!(next.rescan);
        assert_eq!(next.changed(), None);
        assert_eq!(next.first, Some(t0));
        assert!(rx.recv().is_err(), "the watcher is gone");
    }

    #[test]
    fn the_debouncers_rescan_flag_and_errors_become_rescans() {
        use notify::event::{Flag, ModifyKind};
        use notify_debouncer_full::DebouncedEvent;
        let t0 = Instant::now();
        let modify = DebouncedEvent::new(
            notify::Event::new(EventKind::Modify(ModifyKind::Any))
                .add_path("/site/content/a.md".into()),
            t0,
        );
        let access = DebouncedEvent::new(
            notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
                .add_path("/site/content/b.md".into()),
            t0,
        );
        let rescan = DebouncedEvent::new(
            notify::Event::new(EventKind::Other).set_flag(Flag::Rescan),
            t0,
        );
        assert_eq!(
            signals(Ok(vec![access.clone(), modify.clone()])),
            vec![changed(&["content/a.md"], t0)]
        );
        assert_eq!(signals(Ok(vec![access])), vec![]);
        assert_eq!(
            signals(Ok(vec![rescan, modify])),
            vec![Signal::Rescan { at: t0 }, changed(&["content/a.md"], t0)]
        );
        let failed = signals(Err(vec![notify::Error::generic("queue overflow")]));
        assert!(matches!(failed[..], [Signal::Rescan { .. }]));
    }
}
