//! Answers each HTTP request from the served site in memory: pages (with the reload script
//! injected into HTML), redirects to a folder's slash URL, the 404 page, the reload script itself,
//! and the server-sent event stream that tells tabs to reload or to show the errors. Every answer
//! carries the site's own security headers from netlify.toml.

use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use super::http::{self, Target};
use super::{Shared, Site};

/// One server-sent event: `event: name` and `data:` lines.
pub(crate) fn sse(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.lines() {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    if data.is_empty() {
        s.push_str("data:\n");
    }
    s.push('\n');
    s
}

/// A header, or none when the name or value is not a valid header.
fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// The headers netlify.toml sets for every path (`for = "/*"`), minus caching and HSTS, which
/// make no sense for a local preview.
pub(crate) fn site_headers(root: &Path) -> Vec<tiny_http::Header> {
    let mut out: Vec<tiny_http::Header> = header("Cache-Control", "no-store").into_iter().collect();
    let Ok(text) = std::fs::read_to_string(root.join("netlify.toml")) else {
        return out;
    };
    let Ok(value) = text.parse::<toml::Table>() else {
        return out;
    };
    let rules = value.get("headers").and_then(|h| h.as_array());
    for rule in rules.into_iter().flatten() {
        if rule.get("for").and_then(|f| f.as_str()) != Some("/*") {
            continue;
        }
        let Some(values) = rule.get("values").and_then(|v| v.as_table()) else {
            continue;
        };
        for (name, v) in values {
            let skip = name.eq_ignore_ascii_case("Cache-Control")
                || name.eq_ignore_ascii_case("Strict-Transport-Security");
            if let (false, Some(v)) = (skip, v.as_str()) {
                out.extend(header(name, v));
            }
        }
    }
    out
}

/// Sends `body` with the site's headers.
fn respond(
    request: tiny_http::Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    shared: &Shared,
) {
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for h in &shared.headers {
        response.add_header(h.clone());
    }
    response.add_header(header("Content-Type", content_type).expect("valid header"));
    let _ = request.respond(response);
}

/// Answers one request.
pub(crate) fn handle(request: tiny_http::Request, shared: &Shared) {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
            shared,
        );
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == http::EVENTS {
        let Some(slot) = StreamSlot::take(&shared.streams) else {
            return respond(
                request,
                503,
                "text/plain; charset=utf-8",
                format!("more than {MAX_STREAMS} live-reload streams are open; close some tabs\n")
                    .into_bytes(),
                shared,
            );
        };
        let shared_events = subscribe(shared);
        std::thread::spawn(move || {
            let _slot = slot;
            stream_events(request, shared_events)
        });
        return;
    }
    if path == http::RELOAD_JS {
        return respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            http::RELOAD_SCRIPT.as_bytes().to_vec(),
            shared,
        );
    }
    if path == http::OVERLAY_CSS {
        return respond(
            request,
            200,
            "text/css; charset=utf-8",
            http::OVERLAY_STYLE.as_bytes().to_vec(),
            shared,
        );
    }
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let (status, key, body) = match http::resolve(&url) {
        Target::File(key) => match site.files.get(&key) {
            Some(bytes) => (200, key, bytes.clone()),
            None if site.files.contains_key(&format!("{key}/index.html")) => {
                drop(site);
                let mut response = tiny_http::Response::empty(301);
                response.add_header(header("Location", &format!("{path}/")).expect("valid header"));
                let _ = request.respond(response);
                return;
            }
            None => not_found(&site),
        },
        Target::Refused => not_found(&site),
    };
    let content_type = http::content_type(&key);
    let body = if content_type.starts_with("text/html") {
        http::inject(&body)
    } else {
        body.to_vec()
    };
    drop(site);
    respond(request, status, content_type, body, shared);
}

/// The site's 404 page, or a bare page while nothing has been built.
fn not_found(site: &Site) -> (u16, String, Arc<Vec<u8>>) {
    match site.files.get("404.html") {
        Some(b) => (404, "404.html".into(), b.clone()),
        // No good build yet: a bare page, so the overlay can still show the errors.
        None if site.files.is_empty() => (
            503,
            "index.html".into(),
            Arc::new(b"<!doctype html><html><head><title>brightspot: not built</title></head><body><p>The site has not been built yet: see the errors in the terminal.</p></body></html>".to_vec()),
        ),
        None => (404, "404.txt".into(), Arc::new(b"not found\n".to_vec())),
    }
}

/// At most this many live-reload streams are open at once; one more is answered with 503. Far
/// more tabs than anyone previews in, and a bound on the threads a flood of requests can hold.
pub const MAX_STREAMS: usize = 64;

/// How often an idle stream is pinged: a closed tab is noticed (and its threads end) by then.
const PING: Duration = Duration::from_secs(5);

/// One of the [`MAX_STREAMS`] places, given back when dropped (the stream ended).
struct StreamSlot(Arc<AtomicUsize>);

impl StreamSlot {
    fn take(open: &Arc<AtomicUsize>) -> Option<StreamSlot> {
        open.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < MAX_STREAMS).then_some(n + 1)
        })
        .ok()
        .map(|_| StreamSlot(open.clone()))
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Registers a new event stream and returns its receiver with the current state queued.
fn subscribe(shared: &Shared) -> Receiver<String> {
    let (tx, rx) = channel();
    let _ = tx.send("retry: 500\n\n".to_string());
    // Hold the clients lock while reading the state, so no broadcast slips in between.
    let mut clients = shared.clients.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(error) = &shared.site.read().unwrap_or_else(|e| e.into_inner()).error {
        let _ = tx.send(sse("error", error));
    }
    clients.push(tx);
    rx
}

/// Streams events to one tab until it goes away.
fn stream_events(request: tiny_http::Request, rx: Receiver<String>) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(PING) {
            Ok(event) => event,
            // A comment line keeps proxies from timing out and finds closed tabs.
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(chunk.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_framed_line_by_line() {
        assert_eq!(sse("reload", "3"), "event: reload\ndata: 3\n\n");
        assert_eq!(
            sse("error", "error: x\n --> a.md:1:2\n"),
            "event: error\ndata: error: x\ndata:  --> a.md:1:2\n\n"
        );
        assert_eq!(sse("ok", ""), "event: ok\ndata:\n\n");
    }

    #[test]
    fn netlify_headers_are_sent_except_caching() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("netlify.toml"),
            "[[headers]]\nfor = \"/*\"\n[headers.values]\nContent-Security-Policy = \"default-src 'self'\"\nCache-Control = \"public\"\nStrict-Transport-Security = \"max-age=1\"\n[[headers]]\nfor = \"/*.css\"\n[headers.values]\nX-Other = \"1\"\n",
        )
        .unwrap();
        let names: Vec<String> = site_headers(dir.path())
            .iter()
            .map(|h| format!("{}: {}", h.field, h.value))
            .collect();
        assert_eq!(
            names,
            vec![
                "Cache-Control: no-store".to_string(),
                "Content-Security-Policy: default-src 'self'".to_string()
            ]
        );
    }
}
