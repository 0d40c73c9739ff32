//! The rebuild loop: one pipeline run per batch of changes, installing each result and telling
//! the open tabs (reload, or the problems to show).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use model::diagnostics;
use pipeline::search_job::{self, SearchDone};
use pipeline::{Cache, Options, Outcome};

use super::respond::sse;
use super::watch::{self, Batch, Signal};
use super::Shared;

/// How often the loop looks for the search index while it is being built, when no edit comes.
const SEARCH_POLL: Duration = Duration::from_millis(50);

/// Rebuilds once per batch of signals until the watcher is gone. A search index a fast rebuild
/// left outdated is built on its own thread, one job at a time, so the next edit's rebuild
/// never waits for it; a job overtaken by an edit is dropped and the next one covers both.
/// `rewatch` runs before each rebuild (folders created or removed since need their watches
/// renewed).
pub(crate) fn rebuild_loop(
    rx: &Receiver<Signal>,
    root: &Path,
    options: &Options,
    cache: &mut Cache,
    shared: &Shared,
    mut rewatch: impl FnMut(),
) {
    let (done_tx, done_rx) = channel::<(SearchDone, Instant)>();
    let mut searching = false;
    loop {
        let signal = if searching {
            match rx.recv_timeout(SEARCH_POLL) {
                Ok(signal) => Some(signal),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match rx.recv() {
                Ok(signal) => Some(signal),
                Err(_) => return,
            }
        };
        if let Some(signal) = signal {
            let batch = watch::batch(signal, rx, root);
            if batch.first.is_some() {
                rewatch();
                let started = batch.first.unwrap_or_else(Instant::now);
                let outcome = pipeline::run_incremental(options, cache, batch.changed());
                apply(shared, outcome, Some(&batch), started);
            }
        }
        if let Ok((done, started)) = done_rx.try_recv() {
            searching = false;
            if let Some(files) = search_job::install(cache, done) {
                let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
                site.files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
                drop(site);
                eprintln!(
                    "search index rebuilt in {} ms",
                    started.elapsed().as_millis()
                );
            }
        }
        if !searching {
            if let Some(job) = search_job::start(cache) {
                searching = true;
                let done_tx = done_tx.clone();
                std::thread::spawn(move || {
                    let started = Instant::now();
                    let _ = done_tx.send((job.run(), started));
                });
            }
        }
    }
}

/// Installs a build's result: on success swaps the served files and tells the tabs to reload; on
/// failure keeps the last good build and sends the diagnostics, exactly as `check` prints them.
pub(crate) fn apply(shared: &Shared, outcome: Outcome, batch: Option<&Batch>, started: Instant) {
    let text = diagnostics::render(&outcome.diagnostics, &outcome.sources);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let what = batch.map_or_else(
        || "built".to_string(),
        |b| {
            if b.rescan {
                return "the watcher may have missed changes: everything reread and rebuilt"
                    .to_string();
            }
            let kinds: Vec<&str> = b.kinds().iter().map(|k| k.name()).collect();
            let paths: Vec<String> = b.paths.iter().map(|p| p.display().to_string()).collect();
            format!(
                "{} changed ({}): rebuilt",
                kinds.join(", "),
                paths.join(", ")
            )
        },
    );
    let mut err = std::io::stderr().lock();
    if errors > 0 {
        let summary = format!(
            "error: {errors} error(s), {warnings} warning(s); fix the errors above and save again"
        );
        let _ = write!(err, "{text}");
        let _ = writeln!(err, "{summary}");
        let _ = writeln!(
            err,
            "the browser shows these errors; the last good build is still served"
        );
        // The browser gets the same problems as JSON, one entry each, for its overlay.
        let report = super::problems::report(&outcome.diagnostics, &outcome.sources);
        let json = serde_json::to_string(&report).unwrap_or_default();
        shared.site.write().unwrap_or_else(|e| e.into_inner()).error = Some(json.clone());
        shared.broadcast(&sse("error", &json));
        return;
    }
    let mut changed = 0usize;
    let files: HashMap<String, Arc<Vec<u8>>> = {
        let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
        let mut files = HashMap::with_capacity(outcome.files.len());
        for f in outcome.files {
            // Outputs render reused are the very same allocation: no byte comparison needed.
            if site
                .files
                .get(&f.path)
                .is_none_or(|old| !Arc::ptr_eq(old, &f.bytes) && **old != *f.bytes)
            {
                changed += 1;
            }
            files.insert(f.path, f.bytes);
        }
        changed += site
            .files
            .keys()
            .filter(|k| !files.contains_key(*k))
            .count();
        files
    };
    let count = files.len();
    let was_error = {
        let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
        site.files = files;
        site.error.take().is_some()
    };
    let elapsed = started.elapsed();
    if changed > 0 || was_error {
        shared.broadcast(&sse("reload", &format!("{changed}")));
    } else {
        shared.broadcast(&sse("ok", ""));
    }
    if warnings > 0 {
        let _ = write!(err, "{text}");
    }
    let stages: Vec<String> = outcome
        .timings
        .iter()
        .map(|(name, d)| format!("{name} {}", d.as_millis()))
        .collect();
    let r = outcome.reuse;
    let _ = writeln!(
        err,
        "{what} {} pages ({count} files, {changed} changed; rendered {} of {} outputs, {} Markdown bodies) in {} ms ({}){}",
        outcome.page_count,
        r.outputs_rendered,
        r.outputs_rendered + r.outputs_reused,
        r.bodies_rendered,
        elapsed.as_millis(),
        stages.join(", "),
        if warnings > 0 {
            format!(", {warnings} warning(s)")
        } else {
            String::new()
        }
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{channel, Sender};
    use std::sync::{Mutex, RwLock};
    use std::time::Duration;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn copy_tree(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    fn page(shared: &Shared, key: &str) -> String {
        let site = shared.site.read().unwrap();
        String::from_utf8_lossy(&site.files[key]).into_owned()
    }

    /// A change the watcher reported is a hint (only that file is read again); a rescan reads
    /// everything, so a change whose event was lost still reaches the browser.
    #[test]
    fn a_rescan_reads_everything_while_a_hint_reads_only_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        write(&root, "brightspot.toml", "title = \"T\"\ndescription = \"D\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\nsearch = false\n");
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default");
        copy_tree(&theme, &root.join("themes/default"));
        write(
            &root,
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nHome.\n",
        );
        write(&root, "content/a.md", "+++\ntitle = \"A\"\n+++\nAlpha.\n");
        write(&root, "content/b.md", "+++\ntitle = \"B\"\n+++\nBeta.\n");
        let options = Options {
            root: root.clone(),
            base_url: Some(model::base_url::BaseUrl::parse("http://127.0.0.1:1/").unwrap()),
            drafts: false,
            check_drafts: false,
            strict: false,
            pages: pipeline::Pages::Keep,
        };
        let shared = Shared {
            site: RwLock::default(),
            clients: Mutex::default(),
            streams: Arc::default(),
            headers: Vec::new(),
        };
        let (events_tx, events): (Sender<String>, _) = channel();
        shared.clients.lock().unwrap().push(events_tx);
        let mut cache = Cache::incremental();
        let first = pipeline::run_cached(&options, &mut cache);
        assert!(
            first.diagnostics.iter().all(|d| !d.is_error()),
            "{:?}",
            first.diagnostics
        );
        apply(&shared, first, None, Instant::now());
        let _ = events.recv_timeout(Duration::from_secs(5));
        assert!(page(&shared, "a/index.html").contains("Alpha."));

        // a.md changes on disk, but its event is lost; the watcher reports only b.md.
        write(
            &root,
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nAlpha, edited.\n",
        );
        let (tx, rx) = channel();
        let now = Instant::now();
        tx.send(Signal::Changed {
            paths: vec![root.join("content/b.md")],
            at: now,
        })
        .unwrap();
        tx.send(Signal::Rescan { at: now }).unwrap();
        drop(tx);
        let mut rewatched = 0;
        // Both signals are already waiting: one batch, and the rescan makes it "everything".
        rebuild_loop(&rx, &root, &options, &mut cache, &shared, || rewatched += 1);
        assert_eq!(rewatched, 1);
        assert!(page(&shared, "a/index.html").contains("Alpha, edited."));
        assert!(events.try_iter().any(|e| e.starts_with("event: reload")));

        // Without a rescan, a hint for b.md alone does not read a.md again.
        write(
            &root,
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nAlpha, again.\n",
        );
        let (tx, rx) = channel();
        tx.send(Signal::Changed {
            paths: vec![root.join("content/b.md")],
            at: Instant::now(),
        })
        .unwrap();
        drop(tx);
        rebuild_loop(&rx, &root, &options, &mut cache, &shared, || ());
        assert!(page(&shared, "a/index.html").contains("Alpha, edited."));
    }
}
