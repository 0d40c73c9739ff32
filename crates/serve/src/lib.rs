//! `brightspot serve`. Takes [`ServeOptions`]; builds the site into memory through the
//! `pipeline`, serves it over HTTP on loopback, watches the project and rebuilds on every save
//! (with [`pipeline::run_incremental`], told which files changed), and tells open tabs to
//! reload (or to show the errors) over server-sent events. `public/` is never touched: the
//! served site lives only in memory.

pub mod http;
mod problems;
mod rebuild;
mod respond;
pub use respond::MAX_STREAMS;
pub mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;

use model::base_url::BaseUrl;
use pipeline::{Cache, Options};
use respond::{handle, site_headers};
use watch::{Debounce, Signal, WATCHED_DIRS};

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
    let base_url =
        BaseUrl::parse(&url).map_err(|e| format!("cannot serve at {url}: {}", e.message))?;

    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        clients: Mutex::new(Vec::new()),
        streams: Arc::default(),
        headers: site_headers(&options.root),
    });
    let pipeline_options = Options {
        root: options.root.clone(),
        base_url: Some(base_url),
        drafts: options.drafts,
        check_drafts: false,
        strict: false,
        pages: pipeline::Pages::Keep,
    };
    let mut cache = Cache::incremental();
    // Show an edited page first; rebuild the search index right after.
    cache.defer_search = true;

    // Watch before the first build, so a save during it is not missed.
    let canonical_root = std::fs::canonicalize(&options.root)
        .map_err(|e| format!("cannot read {}: {e}", options.root.display()))?;
    let (tx, rx) = channel::<Signal>();
    let mut watcher = notify_debouncer_full::new_debouncer(
        options.debounce.quiet,
        None,
        move |result: DebounceEventResult| {
            if let Err(errors) = &result {
                for e in errors {
                    eprintln!("warning: watching the project: {e}; reading everything again");
                }
            }
            for signal in watch::signals(result) {
                let _ = tx.send(signal);
            }
        },
    )
    .map_err(|e| format!("cannot watch {}: {e}", options.root.display()))?;
    let mut watched = Vec::new();
    watch_folders(&mut watcher, &canonical_root, &mut watched)?;

    let started = Instant::now();
    let outcome = pipeline::run_cached(&pipeline_options, &mut cache);
    rebuild::apply(&shared, outcome, None, started);

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

    rebuild::rebuild_loop(
        &rx,
        &canonical_root,
        &pipeline_options,
        &mut cache,
        &shared,
        || {
            if let Err(e) = watch_folders(&mut watcher, &canonical_root, &mut watched) {
                eprintln!("warning: {e}");
            }
        },
    );
    Ok(())
}

/// The debounced watcher `serve` runs.
type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the root and every input folder that exists and is not watched yet.
fn watch_folders(
    watcher: &mut Watcher,
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
