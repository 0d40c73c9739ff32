//! `brightspot serve`. Takes [`ServeOptions`]; builds the site into memory through the
//! `pipeline`, serves it over HTTP on loopback, watches the project and rebuilds on every save
//! (with [`pipeline::run_incremental`], told which files changed), and tells open tabs to
//! reload (or to show the errors) over server-sent events. `public/` is never touched: the
//! served site lives only in memory.

pub mod http;
mod respond;
pub use respond::MAX_STREAMS;
pub mod watch;

use std::collections::HashMap;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use notify::{EventKind, RecursiveMode, Watcher as _};

use model::diagnostics;
use pipeline::{Cache, Options, Outcome};
use respond::{handle, site_headers, sse};
use watch::{Batch, Debounce, WATCHED_DIRS};

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project root.
    pub root: PathBuf,
    /// The address to listen on (loopback unless the user says otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// Debounce of file-system events.
    pub debounce: Debounce,
}

/// The site as currently served.
#[derive(Default)]
struct Site {
    /// The last good build, by path inside the output.
    files: HashMap<String, Arc<Vec<u8>>>,
    /// The diagnostics of the last build, when it failed (the last good build is still served).
    error: Option<String>,
}

/// What request handlers share with the rebuild loop.
struct Shared {
    site: RwLock<Site>,
    /// Open event streams; each receives preformatted server-sent events.
    clients: Mutex<Vec<Sender<String>>>,
    /// How many event streams are open (each holds two threads: tiny_http's and its writer).
    streams: Arc<std::sync::atomic::AtomicUsize>,
    /// Response headers every answer carries (the site's security headers from netlify.toml), so
    /// that a preview breaks exactly where the deployed site would.
    headers: Vec<tiny_http::Header>,
}

impl Shared {
    fn broadcast(&self, event: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(event.to_string()).is_ok());
    }
}

/// Runs the server until the process is stopped. Returns an error message when it cannot start.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let host = if options.bind.is_unspecified() {
        "localhost".to_string()
    } else {
        match addr {
            SocketAddr::V4(a) => a.ip().to_string(),
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
        }
    };
    let url = format!("http://{host}:{}/", addr.port());

    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        clients: Mutex::new(Vec::new()),
        streams: Arc::default(),
        headers: site_headers(&options.root),
    });
    let pipeline_options = Options {
        root: options.root.clone(),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        check_drafts: false,
        strict: false,
    };
    let mut cache = Cache::incremental();
    // Show an edited page first; rebuild the search index right after.
    cache.defer_search = true;

    // Watch before the first build, so a save during it is not missed.
    let canonical_root = std::fs::canonicalize(&options.root)
        .map_err(|e| format!("cannot read {}: {e}", options.root.display()))?;
    let (tx, rx) = channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            // Reads (access events) are not changes; the build's own reads must not loop.
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", options.root.display()))?;
    let mut watched = Vec::new();
    watch_folders(&mut watcher, &canonical_root, &mut watched)?;

    let started = Instant::now();
    let outcome = pipeline::run_cached(&pipeline_options, &mut cache);
    apply(&shared, outcome, None, started);

    let server = Arc::new(server);
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get() * 4);
    for _ in 0..workers.max(8) {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                handle(request, &shared);
            }
        });
    }
    eprintln!(
        "serving {} at {url} (press Ctrl-C to stop)",
        display(&options.root)
    );
    if options.open {
        open_browser(&url);
    }

    rebuild_loop(
        &rx,
        &canonical_root,
        &pipeline_options,
        &mut cache,
        &shared,
        options.debounce,
        &mut watcher,
        &mut watched,
    );
    Ok(())
}

fn watch_folders(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> Result<(), String> {
    if watched.is_empty() {
        // The root itself, not recursively: brightspot.toml, and watched folders created later.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watched.push(root.to_path_buf());
    }
    // A folder that was removed lost its watch: forget it, so that it is watched again if it
    // comes back.
    watched.retain(|p| p == root || p.is_dir());
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() && !watched.contains(&path) {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
            watched.push(path);
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn rebuild_loop(
    rx: &Receiver<PathBuf>,
    root: &Path,
    options: &Options,
    cache: &mut Cache,
    shared: &Shared,
    debounce: Debounce,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut Vec<PathBuf>,
) {
    while let Some(batch) = watch::next_batch(rx, root, debounce) {
        if let Err(e) = watch_folders(watcher, root, watched) {
            eprintln!("warning: {e}");
        }
        let started = batch.first.unwrap_or_else(Instant::now);
        let outcome = pipeline::run_incremental(options, cache, Some(&batch.paths));
        apply(shared, outcome, Some(&batch), started);
        if pipeline::search_pending(cache) {
            let started = Instant::now();
            if let Some(files) = pipeline::finish_search(cache) {
                let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
                site.files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
                drop(site);
                eprintln!(
                    "search index rebuilt in {} ms",
                    started.elapsed().as_millis()
                );
            }
        }
    }
}

/// Installs a build's result: on success swaps the served files and tells the tabs to reload; on
/// failure keeps the last good build and sends the diagnostics, exactly as `check` prints them.
fn apply(shared: &Shared, outcome: Outcome, batch: Option<&Batch>, started: Instant) {
    let text = diagnostics::render(&outcome.diagnostics, &outcome.sources);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let what = batch.map_or_else(
        || "built".to_string(),
        |b| {
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
        let full = format!("{text}{summary}");
        shared.site.write().unwrap_or_else(|e| e.into_inner()).error = Some(full.clone());
        shared.broadcast(&sse("error", &full));
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

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}

fn display(p: &Path) -> String {
    let s = p.display().to_string();
    if s == "." {
        "the site".into()
    } else {
        s
    }
}
