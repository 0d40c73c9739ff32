//! Link previews: one content-hashed previews file with every bibliography entry, glossary
//! term, case study and chapter (what the theme's `preview.js` shows on hover or tap), and the
//! script loaded only by pages that hold a citation, a glossary link or a link to such a page.

use crate::common;

use common::{Project, Site};
use serde_json::Value;

/// The fixture site with glossary links on and a news post that links a case study by hand.
fn project() -> Project {
    let project = Project::new("site");
    project.edit(
        "brightspot.toml",
        "[bibliography]",
        "glossary_links = true\n\n[bibliography]",
    );
    project.write(
        "content/news/d-autumn.md",
        "+++\ntitle = \"Autumn update\"\ndate = 2024-10-01\n+++\nRead [the alliance](@/case-studies/lakeside-alliance.md \"Its story\") and [the spring update](@/news/a-spring.md).\n\n## About [the alliance](@/case-studies/lakeside-alliance.md)\n",
    );
    project
}

/// The previews file's path and its JSON.
fn previews(site: &Site) -> (String, serde_json::Map<String, Value>) {
    let names: Vec<String> = site
        .files()
        .into_keys()
        .filter(|p| p.starts_with("previews.") && p.ends_with(".json"))
        .collect();
    assert_eq!(names.len(), 1, "one previews file: {names:?}");
    let name = names[0].clone();
    let hash = &name["previews.".len()..name.len() - ".json".len()];
    assert!(
        hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "named by its content hash: {name}"
    );
    let json: Value = serde_json::from_str(&site.read(&name)).unwrap();
    (name, json.as_object().unwrap().clone())
}

/// The `(src, data-previews)` of the page's preview script, if it loads one.
fn preview_script(site: &Site, path: &str) -> Option<(String, String)> {
    let page = site.page(path);
    let sel = scraper::Selector::parse("script[data-previews]").unwrap();
    let mut scripts = page.select(&sel);
    let s = scripts.next()?;
    assert!(scripts.next().is_none(), "one preview script on {path}");
    assert_eq!(
        s.value().attr("type"),
        Some("module"),
        "{path}: a module, deferred"
    );
    Some((
        s.value().attr("src").unwrap().to_string(),
        s.value().attr("data-previews").unwrap().to_string(),
    ))
}

#[test]
fn the_previews_file_holds_references_terms_case_studies_and_chapters() {
    let project = project();
    let site = project.build_ok(&[]);
    let (_, map) = previews(&site);
    let smith = &map["/bibliography/smith2020/"];
    assert_eq!(smith["kind"], "reference");
    assert_eq!(smith["key"], "smith2020");
    assert_eq!(smith["annotation"], "A report on networks.");
    let runs: Vec<&str> = smith["reference"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(runs.len() >= 2, "roman and italic runs: {runs:?}");
    // The reference's text is the reference page's formatted reference, tags removed.
    let page = site.read("bibliography/smith2020/index.html");
    assert!(
        page.contains(&runs[1].replace('&', "&amp;")),
        "the italic run {:?} is on the reference page",
        runs[1]
    );
    let widget = &map["/glossary/a-widget/"];
    assert_eq!(widget["kind"], "term");
    assert_eq!(widget["title"], "Widget");
    assert_eq!(widget["text"], "A part of a larger machine.");
    let case = &map["/case-studies/lakeside-alliance/"];
    assert_eq!(case["kind"], "page");
    assert_eq!(case["label"], "Case study");
    assert_eq!(case["title"], "Lakeside Alliance");
    assert!(
        !case["text"].as_str().unwrap().contains("[@"),
        "the summary without its citations: {case}"
    );
    assert!(map
        .values()
        .any(|p| p["kind"] == "page" && p["label"] == "Paper chapter"));
    // Drafts and generic pages have none.
    assert!(!map.keys().any(|k| k.contains("hidden-draft")), "{map:?}");
    assert!(!map.contains_key("/news/a-spring/"));
}

#[test]
fn only_pages_with_previewed_links_load_the_script() {
    let project = project();
    let site = project.build_ok(&[]);
    let (name, _) = previews(&site);
    // A case study (citations), a chapter, the hand-linked post and the list showing its
    // first paragraph.
    for path in [
        "case-studies/lakeside-alliance/",
        "paper/introduction/",
        "news/d-autumn/",
        "news/",
    ] {
        let (src, data) =
            preview_script(&site, path).unwrap_or_else(|| panic!("{path} loads the script"));
        assert_eq!(data, format!("/{name}"), "{path}");
        assert!(
            src.starts_with("/preview.") && site.exists(&src[1..]),
            "{path}: {src} is written"
        );
    }
    // Pages without a citation, a glossary link or a link to a previewed page load nothing.
    for path in ["news/a-spring/", "guides/advanced/", "bibliography/"] {
        assert_eq!(
            preview_script(&site, path),
            None,
            "{path} loads no preview script"
        );
    }
    // A hand-written link to a case study in running text is marked; one in a heading, or to a
    // page without a preview, is not.
    let autumn = site.read("news/d-autumn/index.html");
    assert!(
        autumn.contains("<a class=\"preview-link\" href=\"/case-studies/lakeside-alliance/\" title=\"Its story\">the alliance</a>"),
        "{autumn}"
    );
    assert!(autumn.contains("<a href=\"/news/a-spring/\">"), "{autumn}");
    assert_eq!(autumn.matches("preview-link").count(), 1, "{autumn}");
}

#[test]
fn the_previews_file_is_the_same_on_any_thread_count() {
    let project = project();
    let root = project.root.to_str().unwrap();
    let mut built = Vec::new();
    for threads in ["1", "4"] {
        let out = project.path(&format!("out-{threads}"));
        common::brightspot_env(
            &["build", "--root", root, "--output", out.to_str().unwrap()],
            &[("RAYON_NUM_THREADS", threads)],
        )
        .expect_code(0);
        built.push(previews(&Site::at(out)));
    }
    assert_eq!(built[0], built[1]);
}

#[test]
fn a_preview_script_over_3_kb_fails_a_strict_build() {
    let project = project();
    // A site's `static/preview.js` replaces the theme's; this one compresses badly.
    let mut rng = common::Rng(0x9e37_79b9_7f4a_7c15);
    let noise: String = (0..6000)
        .map(|_| char::from(b'a' + (rng.next() % 26) as u8))
        .collect();
    project.write("static/preview.js", &format!("// {noise}\n"));
    let run = project.build(&["--strict"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("the link preview script /preview.")
            && run.stderr.contains("over its budget of 3.0 KB"),
        "{}",
        run.stderr
    );
    // Without --strict it is a warning, and the site is written.
    let run = project.build(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("warning: the link preview script"),
        "{}",
        run.stderr
    );
}
