//! `brightspot serve` end to end: the served pages, reload and error events while files are
//! edited, deleted and renamed; path traversal; 200 concurrent connections; and incremental
//! rebuilds compared with clean builds; one file per part. The harness here (a running server,
//! requests, events) is shared by them.

mod http;
mod incremental;
mod reload;

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
