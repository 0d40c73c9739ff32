//! The server as HTTP: path traversal refused, content types, 200 concurrent connections, and
//! live-reload streams bounded and reclaimed.

use super::*;

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
