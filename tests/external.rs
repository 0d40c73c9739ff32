//! `check --external`: external links are fetched only on request, and failures are reported at
//! the place they are written. The "internet" here is a small HTTP server on 127.0.0.1.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

use common::Project;

/// Serves `/ok` with 200 and everything else with 404, for a bounded number of connections.
fn serve(connections: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Drain the headers.
            let mut h = String::new();
            while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                h.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let status = if path == "/ok" {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    port
}

#[test]
fn broken_external_links_are_reported_where_written() {
    let port = serve(16);
    let project = Project::new("site");
    project.edit(
        "content/guides/custom-name.md",
        "The file is custom-name.md but the slug says renamed.",
        &format!(
            "The file is custom-name.md but the slug says renamed.\n\nSee [a working page](http://127.0.0.1:{port}/ok) and [a gone one](http://127.0.0.1:{port}/gone)."
        ),
    );
    // A plain check never touches the network: it passes.
    project.check(&[]).expect_code(0);
    let run = project.check(&["--external", "--timeout", "5"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(&format!(
            "external link returned HTTP 404: http://127.0.0.1:{port}/gone"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/custom-name.md:8:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(&format!("127.0.0.1:{port}/ok (")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr
            .contains(&format!("HTTP 404: http://127.0.0.1:{port}/ok")),
        "{}",
        run.stderr
    );
}

#[test]
fn unreachable_hosts_are_reported() {
    // A port nothing listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let project = Project::new("site");
    project.edit(
        "content/guides/custom-name.md",
        "The file is custom-name.md but the slug says renamed.",
        &format!("The file is custom-name.md but the slug says renamed. [Down](http://127.0.0.1:{port}/)."),
    );
    let run = project.check(&["--external", "--timeout", "3"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("external link could not be reached"),
        "{}",
        run.stderr
    );
}
