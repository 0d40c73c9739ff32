//! `brightspot serve` end to end: the served pages, reload and error events while files are
//! edited, deleted and renamed; path traversal; 200 concurrent connections; and incremental
//! rebuilds compared with clean builds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use brightspot::pipeline::{self, Cache, Options};

use crate::common;
use common::{copy_tree, Rng};

/// Slow machines build a small site in about a second in debug; leave room.
const WAIT: Duration = Duration::from_secs(90);

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A small site with the default theme: a home page, a section and two notes that link.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.join("themes/default"),
    );
    write(
        root,
        "brightspot.toml",
        "title = \"Fixture\"\ndescription = \"A small site for serve tests.\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\nsearch = false\n",
    );
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome. See [A](@/notes/a.md).\n",
    );
    write(
        root,
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\npage_type = \"page\"\nsort_by = \"title\"\n+++\nAll notes.\n",
    );
    write(
        root,
        "content/notes/a.md",
        "+++\ntitle = \"Note A\"\n+++\n## First\n\nAlpha text, see [B](@/notes/b.md).\n",
    );
    write(
        root,
        "content/notes/b.md",
        "+++\ntitle = \"Note B\"\n+++\n## Second\n\nBeta text.\n",
    );
    dir
}

/// A running `brightspot serve`, killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Lines the server printed on stderr.
    log: Receiver<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brightspot"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, log) = channel();
        // Owned by the guard from here on, so the process is killed even if a step below fails.
        let mut server = Server {
            child,
            addr: SocketAddr::from(([0, 0, 0, 0], 0)),
            log,
        };
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let line = server.wait_log(" at http://").pop().unwrap();
        let rest = line.split(" at http://").nth(1).unwrap();
        server.addr = rest.split('/').next().unwrap().parse().unwrap();
        server
    }

    fn get(&self, path: &str) -> Response {
        get(self.addr, path)
    }

    /// The terminal lines up to and including the first that contains `needle`.
    fn wait_log(&self, needle: &str) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        let mut lines = Vec::new();
        loop {
            let line = self
                .log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no `{needle}` in the terminal after {lines:#?}"));
            let hit = line.contains(needle);
            lines.push(line);
            if hit {
                return lines;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// A GET with the path sent exactly as given (no client-side normalization).
fn get(addr: SocketAddr, path: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Response { status, head, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

/// Server-sent events as (name, data) pairs, read on a thread.
fn events(addr: SocketAddr) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__brightspot/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    let (ready_tx, ready_rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(s);
        let mut line = String::new();
        // The response head.
        loop {
            line.clear();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
        }
        let _ = ready_tx.send(());
        let (mut name, mut data) = (String::new(), Vec::<String>::new());
        loop {
            line.clear();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let l = line.trim_end_matches('\n');
            if l.is_empty() {
                if !name.is_empty() && tx.send((name.clone(), data.join("\n"))).is_err() {
                    return;
                }
                name.clear();
                data.clear();
            } else if let Some(n) = l.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = l.strip_prefix("data:") {
                data.push(d.strip_prefix(' ').unwrap_or(d).to_string());
            }
        }
    });
    ready_rx
        .recv_timeout(WAIT)
        .expect("the event stream answered");
    rx
}

fn next_event(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(WAIT).expect("an event")
}

#[test]
fn edits_deletes_and_renames_are_served_with_reload_and_error_events() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);

    let a = server.get("/notes/a/");
    assert_eq!(a.status, 200);
    assert!(a.text().contains("Alpha text"));
    assert!(a.header("content-type").unwrap().starts_with("text/html"));
    assert!(a
        .text()
        .contains("<script src=\"/__brightspot/reload.js\" defer></script></body>"));
    let js = server.get("/__brightspot/reload.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.text().contains("EventSource(\"/__brightspot/events\")"));
    // The site's own CSP header from netlify.toml is absent here (no netlify.toml in the
    // fixture), but serving never writes anything into the project.
    assert!(
        !root.join("public").exists(),
        "serve must not write the output folder"
    );

    let ev = events(server.addr);

    // An edit shows up after one reload event.
    write(
        root,
        "content/notes/a.md",
        "+++\ntitle = \"Note A\"\n+++\n## First\n\nGamma text, see [B](@/notes/b.md).\n",
    );
    assert_eq!(next_event(&ev).0, "reload");
    assert!(server.get("/notes/a/").text().contains("Gamma text"));

    // Renaming b.md breaks a's link: an error event with the same diagnostic `check` prints,
    // the terminal prints it too, and the last good build is still served.
    std::fs::rename(
        root.join("content/notes/b.md"),
        root.join("content/notes/c.md"),
    )
    .unwrap();
    let (name, data) = next_event(&ev);
    assert_eq!(name, "error", "{data}");
    assert!(data.contains("broken link"), "{data}");
    assert!(data.contains("content/notes/a.md:6:"), "{data}");
    let terminal = server.wait_log("fix the errors above").join("\n");
    assert!(terminal.contains("content/notes/a.md:6:"), "{terminal}");
    let check = Command::new(env!("CARGO_BIN_EXE_brightspot"))
        .args(["check", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let check_text = String::from_utf8_lossy(&check.stderr);
    let first_diagnostic = check_text.split("\n\n").next().unwrap();
    // The browser gets each problem on its own: place, message, help and `check`'s text.
    let report: serde_json::Value = serde_json::from_str(&data).expect("the error event is JSON");
    assert!(
        report["summary"].as_str().unwrap().starts_with("1 error"),
        "{data}"
    );
    let problem = &report["problems"][0];
    assert_eq!(problem["severity"], "error");
    assert!(
        problem["location"]
            .as_str()
            .unwrap()
            .starts_with("content/notes/a.md:6:"),
        "{data}"
    );
    assert!(
        problem["message"].as_str().unwrap().contains("broken link"),
        "{data}"
    );
    assert!(
        problem["text"].as_str().unwrap().contains(first_diagnostic),
        "overlay:\n{data}\ncheck:\n{check_text}"
    );
    assert_eq!(server.get("/notes/b/").status, 200);
    // A tab opened while the site is broken gets the error at once.
    let late = events(server.addr);
    assert_eq!(next_event(&late).0, "error");

    // Fixing the link clears the error with a reload; the old URL is now the site's 404 page.
    write(
        root,
        "content/notes/a.md",
        "+++\ntitle = \"Note A\"\n+++\n## First\n\nGamma text, see [C](@/notes/c.md).\n",
    );
    assert_eq!(next_event(&ev).0, "reload");
    assert_eq!(next_event(&late).0, "reload");
    assert_eq!(server.get("/notes/c/").status, 200);
    let gone = server.get("/notes/b/");
    assert_eq!(gone.status, 404);
    assert!(gone.text().contains("__brightspot/reload.js"));

    // Deleting a page and its link.
    std::fs::remove_file(root.join("content/notes/c.md")).unwrap();
    write(
        root,
        "content/notes/a.md",
        "+++\ntitle = \"Note A\"\n+++\n## First\n\nAlone.\n",
    );
    let (mut name, mut data) = next_event(&ev);
    if name == "error" && data.contains("no content file `notes/c.md`") {
        // On a loaded machine the delete can reach the watcher in a batch of its own: the site
        // is then rightly broken (a.md still links to c.md) until a.md's edit arrives.
        (name, data) = next_event(&ev);
    }
    assert_eq!(name, "reload", "{data}");
    assert_eq!(server.get("/notes/c/").status, 404);
    assert!(server.get("/notes/a/").text().contains("Alone."));
    assert!(!root.join("public").exists());
}

#[test]
fn an_editor_save_by_rename_or_double_write_is_one_reload() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let ev = events(server.addr);
    let text = "+++\ntitle = \"Note B\"\n+++\n## Second\n\nSaved by rename.\n";
    // Like vim: a probe file, a backup, the new text written to a temporary name and renamed.
    write(root, "content/notes/4913", "");
    std::fs::remove_file(root.join("content/notes/4913")).unwrap();
    std::fs::copy(
        root.join("content/notes/b.md"),
        root.join("content/notes/b.md~"),
    )
    .unwrap();
    write(root, "content/notes/.b.md.tmp", text);
    std::fs::rename(
        root.join("content/notes/.b.md.tmp"),
        root.join("content/notes/b.md"),
    )
    .unwrap();
    // And a second write of the same text right after.
    write(root, "content/notes/b.md", text);
    assert_eq!(next_event(&ev).0, "reload");
    assert!(server.get("/notes/b/").text().contains("Saved by rename."));
    // No second reload follows. The debouncer settles each file on its own, so a second write
    // that arrives a few milliseconds later (on a loaded machine) can be a rebuild of its own;
    // it finds nothing changed and sends only `ok`, which reloads nothing.
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match ev.recv_timeout(left) {
            Ok((name, data)) => assert_eq!(name, "ok", "one save must cause one reload: {data}"),
            Err(_) => break,
        }
    }
    // Files no build reads cause none at all.
    write(root, "notes.txt", "scratch");
    write(root, "content/notes/.hidden.md", "x");
    assert!(ev.recv_timeout(Duration::from_secs(2)).is_err());
}

#[test]
fn folders_created_or_removed_while_serving_are_watched() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let ev = events(server.addr);
    // static/ did not exist when the server started.
    write(root, "static/notice.txt", "first notice");
    assert_eq!(next_event(&ev).0, "reload");
    assert_eq!(server.get("/notice.txt").text(), "first notice");
    assert!(server
        .get("/notice.txt")
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    // Removed, then created again: its files are still seen.
    std::fs::remove_dir_all(root.join("static")).unwrap();
    assert_eq!(next_event(&ev).0, "reload");
    assert_eq!(server.get("/notice.txt").status, 404);
    write(root, "static/notice.txt", "second notice");
    assert_eq!(next_event(&ev).0, "reload");
    assert_eq!(server.get("/notice.txt").text(), "second notice");
    write(root, "static/notice.txt", "third notice");
    assert_eq!(next_event(&ev).0, "reload");
    assert_eq!(server.get("/notice.txt").text(), "third notice");
}

#[test]
fn moving_content_away_shows_the_error_and_keeps_the_last_good_site() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    assert!(server.get("/notes/a/").text().contains("Alpha text"));
    let ev = events(server.addr);
    std::fs::rename(root.join("content"), root.join("moved-away")).unwrap();
    let (name, data) = next_event(&ev);
    assert_eq!(name, "error", "{data}");
    assert!(data.contains("there is no content/ folder"), "{data}");
    let a = server.get("/notes/a/");
    assert_eq!(
        a.status, 200,
        "the preview is not replaced by an empty site"
    );
    assert!(a.text().contains("Alpha text"));
}

#[test]
fn traversal_is_refused_and_content_types_are_right() {
    let site = fixture();
    let root = site.path();
    std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(root);
    let not_found = server.get("/no/such/page/");
    assert_eq!(not_found.status, 404);
    let page_404 = not_found.text();
    assert!(
        page_404.contains("</html>"),
        "the site's 404.html: {page_404}"
    );
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/notes/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/notes%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/notes/leak.txt",
        "/leak.txt",
        "/secret.txt",
        "/brightspot.toml",
        "/content/notes/a.md",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.text().contains("TOP SECRET") && !r.text().contains("root:"),
            "{path}"
        );
    }
    // An absolute URL in the request line is not a way out either.
    let r = server.get("http://evil.example/../secret.txt");
    assert_ne!(r.status, 200);
    assert!(!r.text().contains("TOP SECRET"));

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert_eq!(home.header("cache-control").unwrap(), "no-store");
    let css_url = home
        .text()
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .map(|u| u.replace("&#x2F;", "/"))
        .find(|u| u.ends_with(".css"))
        .expect("a stylesheet link")
        .to_string();
    // Links may be absolute (the base URL is the server's address).
    let origin = format!("http://{}", server.addr);
    let css_url = css_url
        .strip_prefix(&origin)
        .unwrap_or(&css_url)
        .to_string();
    let css = server.get(&css_url);
    assert_eq!(css.status, 200, "{css_url}");
    assert_eq!(
        css.header("content-type").unwrap(),
        "text/css; charset=utf-8"
    );
    assert!(
        !css.text().contains("__brightspot"),
        "only HTML gets the script"
    );
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert_eq!(sitemap.header("content-type").unwrap(), "application/xml");
    let folder = server.get("/notes");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location").unwrap(), "/notes/");
    let post = {
        let mut s = TcpStream::connect(server.addr).unwrap();
        write!(
            s,
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
}

#[test]
fn two_hundred_concurrent_connections_are_all_answered() {
    let site = fixture();
    let server = Server::start(site.path());
    let addr = server.addr;
    let expected = server.get("/notes/a/").body;
    let started = Instant::now();
    // All 200 connections are open before any request is sent, so they are truly concurrent.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(200));
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                barrier.wait();
                let path = if i % 2 == 0 { "/notes/a/" } else { "/missing/" };
                write!(
                    s,
                    "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut raw = Vec::new();
                s.read_to_end(&mut raw).unwrap();
                (i, raw)
            })
        })
        .collect();
    for c in clients {
        let (i, raw) = c.join().expect("client thread");
        let text = String::from_utf8_lossy(&raw);
        let want = if i % 2 == 0 {
            "HTTP/1.1 200"
        } else {
            "HTTP/1.1 404"
        };
        assert!(
            text.starts_with(want),
            "client {i}: {}",
            &text[..text.len().min(80)]
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    // And the server still works afterwards.
    assert_eq!(server.get("/notes/a/").body, expected);
}

fn files_of(outcome: &pipeline::Outcome) -> Vec<(String, Vec<u8>)> {
    outcome
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

#[test]
fn incremental_rebuilds_equal_clean_builds_under_random_edits() {
    let site = fixture();
    let root = site.path().to_path_buf();
    let options = Options {
        root: root.clone(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
        check_drafts: false,
        strict: false,
    };
    let mut cache = Cache::incremental();
    let mut rng = Rng(0x5eed_2026);
    let mut pages: Vec<PathBuf> = vec!["content/notes/a.md".into(), "content/notes/b.md".into()];
    let mut next_page = 0;
    let page_template = root.join("themes/default/templates/page.html");
    let page_template_text = std::fs::read_to_string(&page_template).unwrap();
    for step in 0..14 {
        let what = rng.below(6);
        match what {
            // Edit a page's body.
            0 | 1 => {
                let p = &pages[rng.below(pages.len())];
                let n = rng.next() % 1000;
                let title = p.file_stem().unwrap().to_string_lossy().to_string();
                write(&root, &p.to_string_lossy(), &format!("+++\ntitle = \"Note {title}\"\n+++\n## Part {n}\n\nText {n} with *emphasis*.\n"));
            }
            // Add a page.
            2 => {
                next_page += 1;
                let p = PathBuf::from(format!("content/notes/new-{next_page}.md"));
                write(
                    &root,
                    &p.to_string_lossy(),
                    &format!("+++\ntitle = \"New {next_page}\"\n+++\nNew page {next_page}.\n"),
                );
                pages.push(p);
            }
            // Delete a page nothing links to.
            3 if pages.len() > 2 => {
                let p = pages.remove(2 + rng.below(pages.len() - 2));
                std::fs::remove_file(root.join(p)).unwrap();
            }
            // Change a template: every page using it is re-rendered with the new text.
            4 => {
                let n = rng.next() % 1000;
                std::fs::write(
                    &page_template,
                    format!("{page_template_text}\n<!-- variant {n} -->\n"),
                )
                .unwrap();
            }
            // Change the config.
            _ => {
                let n = rng.next() % 1000;
                write(&root, "brightspot.toml", &format!("title = \"Fixture {n}\"\ndescription = \"A small site for serve tests.\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\nsearch = false\n"));
            }
        }
        let incremental = pipeline::run_cached(&options, &mut cache);
        let clean = pipeline::run(&options);
        assert!(!clean.has_errors(), "step {step}: {:?}", clean.diagnostics);
        assert_eq!(
            files_of(&incremental),
            files_of(&clean),
            "step {step} (edit kind {what}) differs from a clean build"
        );
    }
}

#[test]
fn live_reload_streams_are_bounded_and_reclaimed_when_clients_leave() {
    use brightspot::serve::MAX_STREAMS;
    let site = fixture();
    let server = Server::start(site.path());
    let open = |n: usize| -> Vec<(TcpStream, String)> {
        (0..n)
            .map(|_| {
                let mut s = TcpStream::connect(server.addr).unwrap();
                write!(s, "GET /__brightspot/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                let mut status = String::new();
                BufReader::new(s.try_clone().unwrap())
                    .read_line(&mut status)
                    .unwrap();
                (s, status)
            })
            .collect()
    };
    let streams = open(MAX_STREAMS + 5);
    let refused = streams.iter().filter(|(_, s)| s.contains(" 503 ")).count();
    let accepted = streams.iter().filter(|(_, s)| s.contains(" 200 ")).count();
    assert_eq!((accepted, refused), (MAX_STREAMS, 5));
    // Pages are still served while the streams are full.
    assert_eq!(server.get("/notes/a/").status, 200);
    drop(streams);
    // Closed tabs are noticed at the next ping and their places given back.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let again = open(1);
        if again[0].1.contains(" 200 ") {
            break;
        }
        assert!(Instant::now() < deadline, "streams were not reclaimed");
        std::thread::sleep(Duration::from_millis(500));
    }
}
