//! What a build writes (tests/fixtures/site): sitemap, robots.txt, the Atom feed, 404 page,
//! static files, fingerprinted CSS, template overrides, base URLs; and how it writes: atomically,
//! deterministically, and never into a folder it must not replace (`output/writing.rs`).

mod writing;

use crate::common;

use std::collections::BTreeSet;

use common::xml::{self, Element};
use common::{
    attrs, brightspot, brightspot_env, one, select, text, tree, tree_diff, Project, Site,
};
use sha2::{Digest, Sha256};

/// The fixture built once per test binary, for the tests that only read the output.
fn built(args: &[&str]) -> Site {
    common::built_once("site", args)
}

/// Pages that are redirects left by `aliases` (they are not in the sitemap).
fn is_redirect(site: &Site, rel: &str) -> bool {
    !select(&site.page(rel), "meta[http-equiv=refresh]").is_empty()
}

#[test]
fn xml_reader_rejects_malformed_documents() {
    // The feed and sitemap checks below rely on this reader refusing what XML refuses.
    let doc = xml::parse("<?xml version=\"1.0\"?>\n<a x='1' y=\"&amp;\"><b>t &lt; u</b><c/></a>\n")
        .unwrap();
    assert_eq!(doc.attr("y"), Some("&"));
    assert_eq!(doc.one("b").text(), "t < u");
    for bad in [
        "<a><b></a></b>",
        "<a x=1/>",
        "<a>&nbsp;</a>",
        "<a>AT&T</a>",
        "<a></a><b/>",
        "<a>",
        "<a x='1' x='2'/>",
    ] {
        assert!(xml::parse(bad).is_err(), "accepted {bad}");
    }
}

#[test]
fn sitemap_lists_every_page_once() {
    let site = built(&[]);
    let doc = xml::parse(&site.read("sitemap.xml")).expect("sitemap.xml is well-formed XML");
    assert_eq!(doc.name, "urlset");
    assert_eq!(
        doc.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = Vec::new();
    for url in doc.all("url") {
        let loc = url.one("loc").text();
        if let Some(lastmod) = url.all("lastmod").first() {
            let d = lastmod.text();
            assert!(
                d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-',
                "lastmod {d} of {loc} is not YYYY-MM-DD"
            );
        }
        locs.push(loc);
    }
    let unique: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "a URL is listed twice: {locs:#?}");
    let pages: BTreeSet<String> = site
        .html_files()
        .into_iter()
        .filter(|p| p.ends_with("index.html") && !is_redirect(&site, p))
        .map(|p| format!("https://example.org/{}", p.trim_end_matches("index.html")))
        .collect();
    let listed: BTreeSet<String> = locs.into_iter().collect();
    let missing: Vec<&String> = pages.difference(&listed).collect();
    let extra: Vec<&String> = listed.difference(&pages).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the sitemap should list exactly the built pages (no redirects, no 404);\n\
         built but not listed: {missing:#?}\nlisted but not built: {extra:#?}"
    );
    let doc = xml::parse(&site.read("sitemap.xml")).unwrap();
    let dated = doc
        .all("url")
        .into_iter()
        .find(|u| u.one("loc").text() == "https://example.org/news/c-summer/")
        .expect("a dated page");
    assert_eq!(dated.one("lastmod").text(), "2024-07-15");
}

#[test]
fn robots_txt_allows_crawlers_and_names_the_sitemap() {
    let site = built(&[]);
    let robots = site.read("robots.txt");
    let lines: Vec<&str> = robots.lines().collect();
    assert!(lines.contains(&"User-agent: *"), "{robots}");
    assert!(
        lines.contains(&"Sitemap: https://example.org/sitemap.xml"),
        "{robots}"
    );
    assert!(!lines.contains(&"Disallow: /"), "{robots}");
}

fn rfc3339_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && s.ends_with('Z')
}

#[test]
fn feed_is_an_atom_feed_of_the_case_studies() {
    let site = built(&[]);
    let feed = xml::parse(&site.read("feed.xml")).expect("feed.xml is well-formed XML");
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert!(feed.one("title").text().contains("Fixture Site"));
    assert_eq!(feed.one("id").text(), "https://example.org/");
    let updated = feed.one("updated").text();
    assert_eq!(updated, "2025-06-01T00:00:00Z", "the newest entry's date");
    let links: Vec<&Element> = feed.all("link");
    assert!(
        links.iter().any(|l| l.attr("rel") == Some("self")
            && l.attr("href") == Some("https://example.org/feed.xml")),
        "{links:?}"
    );
    feed.one("author").one("name");

    let entries = feed.all("entry");
    let titles: Vec<String> = entries.iter().map(|e| e.one("title").text()).collect();
    // Case studies only (no guides, news or chapters), newest review first, no drafts.
    assert_eq!(titles, ["Lakeside Alliance", "Riverside Health Network"]);
    let want = [
        (
            "case-studies/lakeside-alliance/",
            "2025-06-01T00:00:00Z",
            // Markup characters survive the trip through XML escaping.
            "A school & library alliance in Erie, “beyond the bell”.",
        ),
        (
            "case-studies/riverside-health-network/",
            "2025-03-01T00:00:00Z",
            "A hospital-led network in Hartford working on housing.",
        ),
    ];
    for (entry, (path, date, summary)) in entries.iter().zip(want) {
        let url = format!("https://example.org/{path}");
        assert_eq!(entry.one("link").attr("href"), Some(url.as_str()));
        assert_eq!(entry.one("id").text(), url);
        let updated = entry.one("updated").text();
        assert!(rfc3339_date(&updated), "{updated}");
        assert_eq!(updated, date);
        assert_eq!(entry.one("summary").text(), summary);
        assert!(site.exists(&format!("{path}index.html")));
    }
    // Every page announces the feed.
    let home = site.page("");
    assert_eq!(
        attrs(
            &home,
            "link[rel=alternate][type='application/atom+xml']",
            "href"
        ),
        ["/feed.xml"]
    );
}

#[test]
fn not_found_page() {
    let site = built(&[]);
    let doc = site.page("404.html");
    assert_eq!(text(one(&doc, "h1")), "Page not found");
    // A 404 page is served at any depth, so its links must be root-relative.
    for href in attrs(&doc, "a[href], link[href]", "href") {
        assert!(
            href.starts_with('/') || href.starts_with('#') || href.contains("://"),
            "404.html links {href}, which breaks when served from a nested path"
        );
    }
    assert!(attrs(&doc, ".wrap a", "href").contains(&"/".to_string()));
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = built(&[]);
    for rel in ["files/handout.txt", "images/dot.svg"] {
        assert_eq!(
            site.bytes(rel),
            std::fs::read(common::fixture("site").join("static").join(rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn stylesheet_is_fingerprinted_and_linked_from_every_page() {
    let site = built(&[]);
    let css: Vec<String> = site
        .files()
        .into_keys()
        .filter(|p| p.starts_with("style.") && p.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    let name = &css[0];
    let hash = &name["style.".len()..name.len() - ".css".len()];
    assert!(
        hash.len() == 16
            && hash
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "{name} is not style.<16 hex>.css"
    );
    let digest: String = Sha256::digest(site.bytes(name))
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hash, digest, "the fingerprint is the content's hash");
    assert!(!site.exists("style.css"), "the unhashed name is not served");
    for page in site.html_files() {
        if is_redirect(&site, &page) {
            continue;
        }
        let sheets = attrs(&site.page(&page), "link[rel=stylesheet]", "href");
        assert!(
            sheets.contains(&format!("/{name}")),
            "{page} links {sheets:?}, not /{name}"
        );
    }
}

#[test]
fn site_templates_override_the_theme() {
    let project = Project::new("site");
    project.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1 class=\"custom\">Lost?</h1>{% endblock main %}\n",
    );
    let site = project.build_ok(&[]);
    let doc = site.page("404.html");
    assert_eq!(text(one(&doc, "h1.custom")), "Lost?");
    // The rest of the theme is still used: the base layout around it, and other pages.
    one(&doc, "header.site-header");
    let theme_404 =
        std::fs::read_to_string(project.path("themes/default/templates/404.html")).unwrap();
    assert!(
        theme_404.contains("Page not found"),
        "the theme file is untouched"
    );
    one(&site.page("guides/first-steps/"), "article h1");
}

#[test]
fn base_url_flag_changes_canonical_urls_feed_and_sitemap() {
    let site = built(&["--base-url", "https://preview.example.net/"]);
    let page = site.page("guides/first-steps/");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://preview.example.net/guides/first-steps/"]
    );
    for file in ["feed.xml", "sitemap.xml", "robots.txt"] {
        let text = site.read(file);
        assert!(text.contains("https://preview.example.net/"), "{file}");
        assert!(
            !text.contains("example.org"),
            "{file} still names the configured base_url"
        );
    }
    let feed = xml::parse(&site.read("feed.xml")).unwrap();
    assert_eq!(feed.one("id").text(), "https://preview.example.net/");
    for html in site.html_files() {
        assert!(
            !site.read(&html).contains("https://example.org"),
            "{html} still names the configured base_url"
        );
    }
}

#[test]
fn base_url_with_a_sub_path_prefixes_every_link() {
    let project = Project::new("site");
    project.edit(
        "brightspot.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/docs/\"",
    );
    let site = project.build_ok(&[]);
    let page = site.page("guides/first-steps/");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/docs/guides/first-steps/"]
    );
    let content_links = attrs(&page, ".content a", "href");
    assert!(
        content_links.contains(&"/docs/guides/yaml-notes/".to_string()),
        "{content_links:?}"
    );
    // Every root-relative URL on every page is under /docs/.
    for html in site.html_files() {
        let doc = site.page(&html);
        let urls = attrs(&doc, "[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "[src]", "src"))
            .chain(attrs(&doc, "form[action]", "action"));
        for url in urls {
            if url.starts_with('/') && !url.starts_with("//") {
                assert!(
                    url.starts_with("/docs/"),
                    "{html} links {url} outside /docs/"
                );
            }
        }
    }
    let dangling = common::dangling_links(&site, "/docs/", "https://example.org/docs/");
    assert!(
        dangling.is_empty(),
        "dangling links:\n{}",
        dangling.join("\n")
    );
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/docs/sitemap.xml"));
    let redirect = site.page("old/first-steps/");
    assert_eq!(
        attrs(&redirect, "meta[http-equiv=refresh]", "content"),
        ["0; url=/docs/guides/first-steps/"]
    );
}

#[test]
fn every_internal_link_of_the_fixture_resolves() {
    let site = built(&["--drafts"]);
    let dangling = common::dangling_links(&site, "/", "https://example.org/");
    assert!(
        dangling.is_empty(),
        "dangling links:\n{}",
        dangling.join("\n")
    );
}

#[test]
fn bibliography_exports_parse_and_hold_every_entry() {
    let site = built(&[]);
    let keys = ["lee2019", "smith2020"];

    let json: serde_json::Value =
        serde_json::from_slice(&site.bytes("bibliography/references.json"))
            .expect("CSL-JSON parses");
    let ids: Vec<&str> = json
        .as_array()
        .expect("CSL-JSON is an array")
        .iter()
        .map(|e| e["id"].as_str().expect("each item has an id"))
        .collect();
    assert_eq!(ids, keys);

    let bib = biblatex::Bibliography::parse(&site.read("bibliography/references.bib"))
        .expect("the BibTeX export parses");
    let mut bib_keys: Vec<String> = bib.iter().map(|e| e.key.clone()).collect();
    bib_keys.sort();
    assert_eq!(bib_keys, keys);

    let ris = site.read("bibliography/references.ris");
    let starts = ris.lines().filter(|l| l.starts_with("TY  - ")).count();
    let ends = ris.lines().filter(|l| l.trim_end() == "ER  -").count();
    assert_eq!((starts, ends), (2, 2), "{ris}");
    for line in ris.lines().filter(|l| !l.is_empty()) {
        assert!(
            line.len() >= 5 && line.as_bytes()[2..5] == *b"  -",
            "not a RIS line: {line:?}"
        );
    }

    // Each page's "cite this page" BibTeX parses and points at the page.
    let cite =
        biblatex::Bibliography::parse(&site.read("case-studies/riverside-health-network/cite.bib"))
            .expect("cite.bib parses");
    let entry = cite.iter().next().expect("one entry");
    let url = entry
        .fields
        .get("url")
        .map(|c| biblatex::ChunksExt::format_verbatim(c.as_slice()))
        .unwrap_or_default();
    assert_eq!(
        url,
        "https://example.org/case-studies/riverside-health-network/"
    );
}
