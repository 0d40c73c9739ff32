//! The real site in this repository (CARGO_MANIFEST_DIR): it checks clean, builds, is
//! reproducible, every case study has its at-a-glance box, and no internal link dangles.

use crate::common;

use common::{
    attrs, brightspot, brightspot_env, duplicate_ids, one, real_site, repo, select, text, texts,
    Site,
};
use tempfile::TempDir;

/// Builds the repository's site into a fresh temporary folder (never into public/).
fn build_real_site(env: &[(&str, &str)]) -> (TempDir, Site) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = brightspot_env(
        &[
            "build",
            "--root",
            repo().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        env,
    );
    run.expect_code(0);
    (tmp, Site::at(out))
}

fn base() -> (String, String) {
    common::base_of(&std::fs::read_to_string(repo().join("brightspot.toml")).unwrap())
}

#[test]
fn real_site_checks_with_no_errors() {
    let run = brightspot(&["check", "--root", repo().to_str().unwrap()]);
    run.expect_code(0);
    assert!(run.stderr.contains("no errors"), "{}", run.stderr);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
}

#[test]
fn every_case_study_has_an_at_a_glance_box() {
    let site = real_site();
    let studies = common::published_pages("case-studies");
    assert!(
        studies.len() >= 5,
        "expected the case studies of content/case-studies/, found {studies:?}"
    );
    for (source, page) in &studies {
        let doc = site.page(page);
        let glance = select(&doc, "section.glance");
        assert_eq!(
            glance.len(),
            1,
            "{page} (from {source}) has no at-a-glance box"
        );
        assert_eq!(
            texts(&doc, "section.glance h2#at-a-glance"),
            ["At a glance"],
            "{page}"
        );
        let facts = texts(&doc, "section.glance dl.facts dt");
        for fact in ["Place", "Last reviewed"] {
            assert!(
                facts.iter().any(|f| f == fact),
                "{page} lacks {fact}: {facts:?}"
            );
        }
        // A fact the sources are silent on is named once in the "do not report" line instead.
        let silent = texts(&doc, "section.glance p.unreported").join(" ");
        for fact in ["Integrator", "Partners", "Years", "Status"] {
            let named = silent
                .split([':', ',', '.'])
                .any(|w| w.trim() == fact.to_lowercase());
            assert!(
                facts.iter().any(|f| f == fact) != named,
                "{page}: {fact} is either a fact or unreported, once: {facts:?} / {silent}"
            );
        }
        assert!(
            !text(one(&doc, "section.glance")).contains("Not reported in the sources"),
            "{page}"
        );
        assert!(
            texts(&doc, "section.glance dl.facts dd")
                .iter()
                .all(|d| !d.is_empty()),
            "{page} has an empty fact"
        );
    }
    // The listing shows the same set.
    let listed = attrs(&site.page("case-studies/"), ".cards .card-title a", "href");
    let (base_path, _) = base();
    let expected: Vec<String> = studies
        .iter()
        .map(|(_, page)| format!("{base_path}{page}"))
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "the case-studies listing");
}

#[test]
fn every_internal_link_resolves() {
    let site = real_site();
    let (base_path, base_url) = base();
    let dangling = common::dangling_links(&site, &base_path, &base_url);
    assert!(
        dangling.is_empty(),
        "{} dangling internal link(s) in the built site:\n{}",
        dangling.len(),
        dangling.join("\n")
    );
}

#[test]
fn pages_have_unique_ids_and_no_inline_styles() {
    let site = real_site();
    let mut problems = Vec::new();
    for page in site.html_files() {
        let doc = site.page(&page);
        let dups = duplicate_ids(&doc);
        if !dups.is_empty() {
            problems.push(format!("{page}: duplicate ids {dups:?}"));
        }
        if !select(&doc, "[style], style").is_empty() {
            problems.push(format!("{page}: inline style"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn real_site_builds_byte_for_byte_the_same_twice() {
    // Different thread counts shake out any dependence on the order parallel work finishes in.
    let (_a, first) = build_real_site(&[("RAYON_NUM_THREADS", "1")]);
    let (_b, second) = build_real_site(&[("RAYON_NUM_THREADS", "4")]);
    let (fa, fb) = (first.files(), second.files());
    assert!(fa.len() > 50, "the build wrote only {} files", fa.len());
    assert_eq!(common::tree_diff(&fa, &fb), Vec::<String>::new());
    let root = repo().to_str().unwrap();
    for (path, bytes) in &fa {
        assert!(
            !String::from_utf8_lossy(bytes).contains(root),
            "{path} contains the build machine's path"
        );
    }
}

#[test]
fn bibliography_exports_hold_every_entry_of_the_repository() {
    let site = real_site();
    let source = std::fs::read_to_string(repo().join("bibliography/references.bib")).unwrap();
    let mut keys: Vec<String> = biblatex::Bibliography::parse(&source)
        .expect("references.bib parses")
        .iter()
        .map(|e| e.key.clone())
        .collect();
    keys.sort();
    assert!(keys.len() >= 30, "{} entries", keys.len());

    let json: serde_json::Value =
        serde_json::from_slice(&site.bytes("bibliography/references.json")).unwrap();
    let mut ids: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, keys, "CSL-JSON export");

    let exported = biblatex::Bibliography::parse(&site.read("bibliography/references.bib"))
        .expect("the BibTeX export parses");
    let mut exported: Vec<String> = exported.iter().map(|e| e.key.clone()).collect();
    exported.sort();
    assert_eq!(exported, keys, "BibTeX export");

    // Every entry has its page.
    for key in &keys {
        assert!(
            site.exists(&format!("bibliography/{key}/index.html")),
            "no page for {key}"
        );
    }
}

#[test]
fn the_home_page_grows_to_fifty_case_studies_by_showing_the_newest_and_linking_the_list() {
    // Issue 12: every case study is a card on the home page while there are few; at 50 the
    // list page takes over and the home shows the most recently reviewed, with a link to all.
    let dir = common::site_copy();
    let root = dir.path();
    let template =
        std::fs::read_to_string(root.join("content/case-studies/bridgeport-prospers.md")).unwrap();
    let existing = std::fs::read_dir(root.join("content/case-studies"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".md") && name != "_index.md"
        })
        .count();
    let added = 50 - existing;
    for i in 0..added {
        // Distinct names, no short link or old address of their own, and reviews one day apart
        // in November (the real case studies were reviewed in 2026 too).
        let text = template
            .replace(
                "title = \"Bridgeport Prospers\"",
                &format!("title = \"Network {i:02}\""),
            )
            .replace("short = \"/bp\"\n", "")
            .replace(
                "last_reviewed = 2026-11-22",
                &format!("last_reviewed = 2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            );
        std::fs::write(
            root.join(format!("content/case-studies/network-{i:02}.md")),
            text,
        )
        .unwrap();
    }
    let (run, site) = common::build_into_out(root);
    run.expect_code(0);
    let home = site.page("index.html");
    let cards = texts(&home, ".case-cards .card-title a");
    assert_eq!(cards.len(), 12, "the home shows a dozen cards: {cards:?}");
    // The real case studies (reviewed in 2026) come first, then the newest of the added ones.
    let mut added_dates: Vec<(String, String)> = (0..added)
        .map(|i| {
            let date = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            (date, format!("Network {i:02}"))
        })
        .collect();
    added_dates.sort_by(|a, b| b.0.cmp(&a.0));
    let newest: Vec<String> = added_dates
        .into_iter()
        .take(12 - existing)
        .map(|(_, name)| name)
        .collect();
    assert!(
        cards[..existing].iter().all(|c| !c.starts_with("Network ")),
        "{cards:?}"
    );
    assert_eq!(cards[existing..], newest[..], "newest review first");
    assert_eq!(
        text(one(&home, "#case-studies-heading")),
        "Recently reviewed case studies"
    );
    assert_eq!(
        texts(&home, ".more-link a"),
        ["All 50 case studies, with filters"]
    );
    let (base, _) = base();
    assert_eq!(
        attrs(&home, ".more-link a", "href"),
        [format!("{base}case-studies/")]
    );
    let list = site.page("case-studies/index.html");
    assert_eq!(
        texts(&list, ".case-cards .card-title a").len(),
        50,
        "the list page shows them all"
    );
}
