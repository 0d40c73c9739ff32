//! Offline reading: the service worker (`sw.js`, at the root so its scope is the whole site)
//! and the page it shows for a page that was never read on this device (`offline.html`,
//! rendered with the theme's `offline.html`). The worker's version is a hash of every
//! content-hashed file's name, so a deploy that changes any of them replaces its cache.

use sha2::{Digest, Sha256};

use graph::Graph;
use model::output::OutputFile;

/// The worker's path; it must not carry a hash (browsers look for it at the same URL) and must
/// be revalidated on every visit (netlify.toml).
pub const WORKER: &str = "sw.js";
/// The offline page's path.
pub const PAGE: &str = "offline.html";
/// The register script's asset name (theme `static/`), fingerprinted like every script.
pub const REGISTER: &str = "sw-register.js";
/// The worker's code; its first lines are written by [`worker`].
const SOURCE: &str = include_str!("sw.js");

/// Whether `path` carries a content hash: `name.<16 hex>.ext`, or a file in a `search/<16 hex>/`
/// folder. The worker's own test of the same rule is in `sw.js`.
pub fn is_hashed(path: &str) -> bool {
    let hex16 = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplitn(3, '.');
    let (_ext, hash) = (parts.next(), parts.next());
    let in_search_folder = path
        .strip_prefix("search/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(folder, _)| hex16(folder));
    (hash.is_some_and(hex16) && parts.next().is_some()) || in_search_folder
}

/// `sw.js` for a site under `base` (its base path) whose files are `files` (the version hashes
/// their content-hashed names), precaching the offline page, the theme's stylesheets and scripts,
/// and the SVG icon.
pub fn worker(base: &str, files: &[OutputFile]) -> OutputFile {
    let mut hashed: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| is_hashed(p))
        .collect();
    hashed.sort_unstable();
    let mut h = Sha256::new();
    for p in &hashed {
        h.update(p.as_bytes());
        h.update([0]);
    }
    // The offline page is precached by its unhashed name: its text is part of the version.
    if let Some(page) = files.iter().find(|f| f.path == PAGE) {
        h.update(page.bytes.as_slice());
    }
    h.update(SOURCE.as_bytes());
    let version: String = h
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let shell: Vec<String> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| {
            *p == PAGE
                || *p == super::icons::SOURCE
                || (is_hashed(p) && (p.ends_with(".css") || p.ends_with(".js")))
        })
        .map(|p| format!("{base}{p}"))
        .collect();
    let text = format!(
        "const VERSION = {};\nconst SHELL = {};\nconst OFFLINE = {};\nconst EDITOR = {};\n{SOURCE}",
        serde_json::Value::from(version),
        serde_json::Value::from(shell),
        serde_json::Value::from(format!("{base}{PAGE}")),
        serde_json::Value::from(format!("{base}{}", graph::paths::EDITOR_FOLDER)),
    );
    OutputFile::new(WORKER, text.into_bytes())
}

/// Puts a fresh `sw.js` into `files` (sorted by path) when the site has one.
pub fn refresh(graph: &Graph, files: &mut Vec<OutputFile>) {
    if !graph.config.service_worker {
        return;
    }
    let sw = worker(graph.base_url.path(), files);
    files.retain(|f| f.path != WORKER);
    let at = files.partition_point(|f| f.path < sw.path);
    files.insert(at, sw);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("style.0123456789abcdef.css"));
        assert!(is_hashed("social/case-studies/x.0123456789abcdef.png"));
        assert!(is_hashed("search/0123456789abcdef/t/ab.bin"));
        assert!(!is_hashed("search/manifest.bin"));
        assert!(!is_hashed("sw.js"));
        assert!(!is_hashed("0123456789abcdef.css"));
        assert!(!is_hashed("style.0123456789abcdeg.css"));
        assert!(!is_hashed("case-studies/x/index.html"));
    }

    fn version(files: &[(&str, &str)]) -> String {
        let files: Vec<OutputFile> = files
            .iter()
            .map(|(p, b)| OutputFile::new(*p, b.as_bytes().to_vec()))
            .collect();
        let sw = worker("/sub/", &files);
        let text = String::from_utf8(sw.bytes.to_vec()).unwrap();
        let first = text.lines().next().unwrap().to_string();
        assert!(
            text.contains("\"/sub/style.0123456789abcdef.css\""),
            "{text}"
        );
        assert!(
            text.contains("const OFFLINE = \"/sub/offline.html\";"),
            "{text}"
        );
        assert!(
            !text.contains("index.html"),
            "pages are not precached: {text}"
        );
        first
    }

    #[test]
    fn the_version_follows_hashed_names_and_the_offline_page() {
        let site = [
            ("index.html", "home"),
            ("offline.html", "offline"),
            ("style.0123456789abcdef.css", "body{}"),
            ("search/0123456789abcdef/t/a.bin", "x"),
        ];
        let v = version(&site);
        assert!(v.starts_with("const VERSION = \""), "{v}");
        let mut edited_page = site;
        edited_page[0].1 = "home, edited";
        assert_eq!(version(&edited_page), v, "a page edit keeps the cache");
        let mut new_index = site;
        new_index[3].0 = "search/fedcba9876543210/t/a.bin";
        assert_ne!(
            version(&new_index),
            v,
            "a new search index is a new version"
        );
        let mut new_offline = site;
        new_offline[1].1 = "offline, reworded";
        assert_ne!(version(&new_offline), v);
    }
}
