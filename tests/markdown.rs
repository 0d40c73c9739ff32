//! Markdown as rendered into pages (tests/fixtures/markdown): the extensions, heading ids and
//! anchors, table of contents, summaries, reading time, highlighted code, and untrusted input
//! neutralized.

use crate::common;

use common::{attrs, duplicate_ids, one, select, text, texts, Site};
use scraper::Html;

fn built() -> Site {
    common::built_once("markdown", &[])
}

fn tour(site: &Site) -> Html {
    site.page("notes/tour/")
}

#[test]
fn tables() {
    let site = built();
    let doc = tour(&site);
    assert_eq!(
        texts(&doc, ".content table thead th"),
        ["Function", "Count"]
    );
    let rows: Vec<Vec<String>> = select(&doc, ".content table tbody tr")
        .into_iter()
        .map(|tr| tr.select(&common::sel("td")).map(text).collect())
        .collect();
    assert_eq!(rows, [["Engage", "3"], ["Measure", "1"]]);
}

#[test]
fn footnotes_link_to_their_definitions() {
    let site = built();
    let doc = tour(&site);
    let refs = attrs(&doc, ".content sup.footnote-reference a", "href");
    assert_eq!(refs.len(), 2, "{refs:?}");
    let definitions = texts(&doc, ".content .footnote-definition p");
    assert_eq!(definitions, ["As the 2012 paper says.", "Not always well."]);
    for href in refs {
        let id = href
            .strip_prefix('#')
            .expect("a footnote links within the page");
        let target = one(&doc, &format!("[id='{id}']"));
        assert!(
            target.value().classes().any(|c| c == "footnote-definition"),
            "{href} should lead to a footnote definition"
        );
    }
}

#[test]
fn strikethrough_and_task_lists() {
    let site = built();
    let doc = tour(&site);
    assert_eq!(texts(&doc, ".content del"), ["wrong"]);
    let boxes = select(&doc, ".content li input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(boxes.iter().all(|b| b.value().attr("disabled").is_some()));
    let checked: Vec<bool> = boxes
        .iter()
        .map(|b| b.value().attr("checked").is_some())
        .collect();
    assert_eq!(checked, [true, false]);
}

#[test]
fn smart_punctuation() {
    let site = built();
    let doc = tour(&site);
    let para = text(
        select(&doc, ".content p")
            .into_iter()
            .find(|p| text(*p).contains("she said"))
            .expect("the smart punctuation paragraph"),
    );
    assert_eq!(para, "“Quoted,” she said – and it’s done… Pages 10—12.");
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let site = built();
    let doc = tour(&site);
    let ids = attrs(&doc, ".content h2", "id");
    let expected = [
        "tables",
        "footnotes",
        "note",
        "strikethrough-and-tasks",
        "smart-punctuation",
        "custom-id",
        "results",
        "results-1",
    ];
    assert_eq!(ids[..expected.len()], expected, "{ids:?}");
    assert_eq!(ids.len(), expected.len() + 2, "{ids:?}");
    for h in select(&doc, ".content h2, .content h3") {
        let id = h.value().attr("id").expect("every heading has an id");
        let anchor = h
            .select(&common::sel("a.heading-anchor"))
            .next()
            .unwrap_or_else(|| panic!("heading #{id} has no anchor link"));
        assert_eq!(anchor.value().attr("href"), Some(format!("#{id}").as_str()));
    }
    assert_eq!(text(one(&doc, "h2#custom-id")), "Explicit id");
    // Ids are unique in the whole page, template and footnotes included: the heading "Main" must
    // not take the id of the theme's <main id="main"> (the skip link's target), nor the heading
    // "Note" the id of the footnote `[^note]`.
    assert_eq!(
        duplicate_ids(&doc),
        Vec::<String>::new(),
        "duplicate ids on notes/tour/"
    );
}

#[test]
fn table_of_contents_nests_level_three_under_level_two() {
    let site = built();
    let doc = site.page("paper/long-chapter/");
    let top = texts(&doc, "nav.toc > ul > li > a");
    assert_eq!(top, ["First part", "Second part"]);
    // Unnumbered lists: chapter headings carry their own numbers ("5. Change policy"), so an
    // ordered list would number them twice.
    assert!(select(&doc, "nav.toc ol").is_empty());
    let nested = texts(&doc, "nav.toc > ul > li > ul > li > a");
    assert_eq!(nested, ["A detail", "Another detail"]);
    for href in attrs(&doc, "nav.toc a", "href") {
        let id = href.strip_prefix('#').expect("toc links within the page");
        one(&doc, &format!(".content [id='{id}']"));
    }
}

#[test]
fn summaries_come_from_front_matter_else_the_first_paragraph() {
    let site = built();
    let listing = site.page("notes/");
    let summaries: Vec<String> = texts(&listing, ".cards .card-summary");
    assert_eq!(
        summaries[..2],
        [
            "Every extension in one page.",
            "This first paragraph becomes the summary because the front matter has none."
        ]
    );
    assert_eq!(
        texts(&listing, ".cards .card-summary strong"),
        ["extension"]
    );
    assert_eq!(texts(&listing, ".cards .card-summary em"), ["first"]);

    let plain = site.page("notes/plain/");
    assert_eq!(
        attrs(&plain, "meta[name=description]", "content"),
        ["This first paragraph becomes the summary because the front matter has none."]
    );
    // The meta description is plain text: the summary's Markdown is rendered away, not shown.
    let tour = tour(&site);
    assert_eq!(
        attrs(&tour, "meta[name=description]", "content"),
        ["Every extension in one page."]
    );
}

#[test]
fn reading_time_counts_prose_only() {
    let site = built();
    // 600 words of prose (3 minutes at 200 a minute) plus a code block that must not count.
    let chapter = site.page("paper/long-chapter/");
    assert_eq!(texts(&chapter, "p.meta"), ["3 min read"]);
    let listing = site.page("notes/");
    assert!(
        texts(&listing, ".cards p.meta")
            .iter()
            .all(|t| t == "1 min read"),
        "short pages read in one minute"
    );
}

#[test]
fn code_is_highlighted_with_classes_and_unknown_languages_stay_plain() {
    let site = built();
    let doc = tour(&site);
    let rust = one(&doc, "pre.code[data-lang=rust] code");
    let spans: Vec<_> = rust.select(&common::sel("span[class]")).collect();
    assert!(
        spans
            .iter()
            .any(|s| s.value().classes().any(|c| c.starts_with("hl-"))),
        "rust code should be highlighted with hl- classes"
    );
    assert_eq!(
        text(rust),
        "fn main() { println!(\"hello\"); }",
        "highlighting keeps the code's text"
    );

    let klingon = one(&doc, "pre.code[data-lang=klingon] code");
    assert!(
        klingon.select(&common::sel("*")).next().is_none(),
        "no markup in plain code"
    );
    assert_eq!(klingon.text().collect::<String>(), "<b>Qapla'</b> & more\n");

    // The page links the code stylesheet, and it exists.
    let sheets = attrs(&doc, "link[rel=stylesheet]", "href");
    let syntax = sheets
        .iter()
        .find(|h| h.contains("syntax."))
        .unwrap_or_else(|| panic!("no code stylesheet in {sheets:?}"));
    let css = site.read(syntax.trim_start_matches('/'));
    assert!(
        css.contains(".hl-"),
        "the code stylesheet styles hl- classes"
    );

    // A page without code does not load it.
    let plain = site.page("notes/plain/");
    assert!(!attrs(&plain, "link[rel=stylesheet]", "href")
        .iter()
        .any(|h| h.contains("syntax.")));
}

#[test]
fn no_inline_styles_anywhere() {
    let site = built();
    for path in site.html_files() {
        let doc = site.page(&path);
        let styled: Vec<String> = select(&doc, "[style]")
            .into_iter()
            .map(|e| e.html().chars().take(120).collect())
            .collect();
        assert!(
            styled.is_empty(),
            "{path} has inline style attributes (the Content-Security-Policy forbids them): {styled:#?}"
        );
        assert!(
            select(&doc, "style").is_empty(),
            "{path} has a <style> element"
        );
    }
}

/// The raw-html fixture built once; its unsafe page is meant to warn.
fn raw_html_site() -> (Site, String) {
    use std::sync::OnceLock;
    static BUILT: OnceLock<(std::path::PathBuf, String)> = OnceLock::new();
    let (dir, stderr) = BUILT.get_or_init(|| {
        let root = common::scratch_dir("fixture-raw-html", 0);
        common::copy_tree(&common::fixture("raw-html"), &root);
        common::copy_tree(
            &common::repo().join("themes/default"),
            &root.join("themes/default"),
        );
        let run = common::brightspot(&["build", "--root", root.to_str().unwrap()]);
        run.expect_code(0);
        (root.join("public"), run.stderr.clone())
    });
    (Site::at(dir.clone()), stderr.clone())
}

#[test]
fn raw_html_and_script_urls_are_neutralized() {
    let (site, stderr) = raw_html_site();
    let doc = site.page("notes/unsafe/");
    let content = one(&doc, ".content");
    for tag in ["script", "iframe", "div[onclick]", "img[onerror]"] {
        assert!(
            content.select(&common::sel(tag)).next().is_none(),
            "raw HTML produced a <{tag}> element"
        );
    }
    for el in content.select(&common::sel("*")) {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
    // Scripts go with their content; an allowed element keeps its text without its handler.
    assert!(
        !text(content).contains("alert('block')"),
        "{}",
        text(content)
    );
    assert!(text(content).contains("A div with a handler."));
    let urls: Vec<String> = attrs(&doc, ".content a", "href")
        .into_iter()
        .chain(attrs(&doc, ".content img", "src"))
        .collect();
    for url in &urls {
        let squeezed: String = url
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            !squeezed.starts_with("javascript:") && !squeezed.starts_with("data:"),
            "unsafe URL survived: {url}"
        );
    }
    // Six unsafe links and one unsafe image became harmless; the safe ones are kept as written.
    assert_eq!(urls.iter().filter(|u| *u == "#").count(), 7, "{urls:?}");
    for safe in [
        "https://example.org/",
        "mailto:team@example.org",
        "../plain/",
        "https://example.org/x.png",
    ] {
        assert!(
            urls.contains(&safe.to_string()),
            "{safe} missing from {urls:?}"
        );
    }
    // The title is text, not markup, in the heading and the listing; so is the summary.
    assert_eq!(text(one(&doc, "article h1")), "Unsafe <b>input</b>");
    assert!(select(&doc, "article h1 b").is_empty());
    let listing = site.page("notes/");
    // The theme's own module script (the search box's boot.js) sits in <head>; nothing the
    // content holds may add one to the body.
    assert!(select(&listing, "body script").is_empty());
    assert!(select(&listing, ".card-title b").is_empty());
    // Every removal is a warning at its line.
    for (line, what) in [
        ("unsafe.md:3:", "<script> is not allowed"),
        ("unsafe.md:8:1", "<script> is not allowed"),
        ("unsafe.md:10:1", "attribute `onclick` of <div>"),
        ("unsafe.md:12:8", "attribute `onerror` of <img>"),
        ("unsafe.md:12:", "<iframe> is not allowed"),
    ] {
        let found = stderr
            .split("\n\n")
            .any(|d| d.contains(line) && d.contains(what));
        assert!(found, "{line} {what}\n{stderr}");
    }
}

#[test]
fn safe_raw_html_is_kept_and_markdown_inside_it_renders() {
    let (site, stderr) = raw_html_site();
    assert!(!stderr.contains("safe/index.md"), "{stderr}");
    let doc = site.page("notes/safe/");
    let content = one(&doc, ".content");
    for kept in [
        // A Markdown image in a figure: measured like any image beside the page (1 × 1).
        "figure img[src='/notes/safe/chart.png'][width='1'][height='1'][alt='Enrolment by year']",
        "figure > figcaption abbr[title='fiscal year']",
        "details > summary",
        "details p a[href='/notes/unsafe/']",
        "table > caption",
        "th[scope=col]",
        "dl > dt + dd",
        "sub",
        "sup",
    ] {
        assert!(
            content.select(&common::sel(kept)).next().is_some(),
            "{kept} missing from {}",
            content.html()
        );
    }
    assert!(
        !content.html().contains("a note for reviewers"),
        "comments are removed"
    );
    assert!(site.exists("notes/safe/chart.png"));
}

#[test]
fn every_id_the_theme_writes_is_reserved_from_headings() {
    // A heading may not take an id that a template writes on the same page; the generator keeps a
    // list of them. Every literal id in the theme must be on it.
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(common::repo().join("themes/default/templates")).unwrap() {
        let path = entry.unwrap().path();
        // Only page templates share a document with headings (not social.svg's gradients).
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices(" id=\"") {
            let rest = &text[i + 5..];
            let id = &rest[..rest.find('"').unwrap()];
            if id.contains("{{") || id.contains("{%") {
                continue;
            }
            if !brightspot::markdown::headings::RESERVED.contains(&id) {
                missing.push(format!(
                    "{id} ({})",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "theme ids not in headings::RESERVED"
    );
}
