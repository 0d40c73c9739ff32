//! Live reload while files are edited, deleted, renamed and moved: one reload per save, errors
//! shown and the last good site kept, new folders watched.

use super::*;

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
