//! Share cards on the real site: every page's OpenGraph and Twitter tags, its JSON-LD
//! (Article, ScholarlyArticle, WebSite), the social images (valid 1200×630 PNGs), the icons,
//! the manifest and the service worker; and, on an edited copy, that a hostile or overlong
//! title can neither break out of the JSON-LD nor out of its image.

use crate::common;

use common::{attrs, published_pages, real_site, select, site_copy};
use scraper::Html;
use serde_json::Value;

fn meta(doc: &Html, property: &str) -> Option<String> {
    attrs(doc, &format!("meta[property=\"{property}\"]"), "content")
        .into_iter()
        .chain(attrs(doc, &format!("meta[name=\"{property}\"]"), "content"))
        .next()
}

fn json_ld(doc: &Html) -> Vec<Value> {
    select(doc, "script[type=\"application/ld+json\"]")
        .into_iter()
        .map(|s| {
            let text: String = s.text().collect();
            assert!(!text.contains('<'), "JSON-LD holds a raw '<': {text}");
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

/// Decodes a PNG wholly and returns its size.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("PNG data that decodes");
    (info.width, info.height)
}

/// The site path of an absolute URL under `base_url`.
fn local<'a>(url: &'a str, base_url: &str) -> &'a str {
    url.strip_prefix(base_url)
        .unwrap_or_else(|| panic!("{url} is not under {base_url}"))
}

/// The title in a content file's front matter.
fn title_of(file: &str) -> String {
    let path = common::repo().join(file);
    let (front, _) = common::split(&std::fs::read_to_string(&path).unwrap(), &path);
    front["title"].as_str().unwrap().to_string()
}

fn base_url() -> String {
    common::base_of(&std::fs::read_to_string(common::repo().join("brightspot.toml")).unwrap()).1
}

#[test]
fn every_page_has_a_complete_share_card() {
    let site = real_site();
    let base = base_url();
    let pages: Vec<String> = site
        .html_files()
        .into_iter()
        .filter(|p| !site.read(p).contains("http-equiv=\"refresh\""))
        // The web editor is a tool for contributors (noindex), not a page to share.
        .filter(|p| !p.starts_with("admin/"))
        .collect();
    assert!(pages.len() > 40, "only {} pages", pages.len());
    for path in &pages {
        let doc = Html::parse_document(&site.read(path));
        let get = |p: &str| meta(&doc, p).unwrap_or_else(|| panic!("{path} has no {p}"));
        let canonical = attrs(&doc, "link[rel=canonical]", "href");
        assert_eq!(canonical.len(), 1, "{path}: one canonical link");
        assert_eq!(
            get("og:url"),
            canonical[0],
            "{path}: og:url is the canonical URL"
        );
        assert!(!get("og:title").trim().is_empty(), "{path}");
        assert!(!get("og:description").trim().is_empty(), "{path}");
        assert_eq!(
            get("og:site_name"),
            "Bright Spots: Population Health Integrators"
        );
        assert!(
            ["article", "website"].contains(&get("og:type").as_str()),
            "{path}"
        );
        let image = get("og:image");
        let bytes = site.bytes(local(&image, &base));
        assert_eq!(png_size(&bytes), (1200, 630), "{path}: {image}");
        assert_eq!(get("og:image:width"), "1200");
        assert_eq!(get("og:image:height"), "630");
        assert!(get("og:image:alt").len() > 10, "{path}");
        assert_eq!(get("twitter:card"), "summary_large_image", "{path}");
        // Every page links the icons and the manifest, and registers the worker from a file.
        for rel in ["icon", "apple-touch-icon", "manifest"] {
            assert!(
                !attrs(&doc, &format!("link[rel={rel}]"), "href").is_empty(),
                "{path}: {rel}"
            );
        }
        // A present view is a slide that runs no script (tests/short_links.rs): no worker.
        let slide = !select(&doc, "body.present").is_empty();
        assert_eq!(
            attrs(&doc, "script[data-worker]", "src").len(),
            usize::from(!slide),
            "{path}"
        );
    }
}

#[test]
fn case_studies_and_chapters_have_their_own_image_and_structured_data() {
    let site = real_site();
    let base = base_url();
    let mut images = std::collections::BTreeSet::new();
    for (section, kind) in [("case-studies", "Article"), ("paper", "ScholarlyArticle")] {
        let pages = published_pages(section);
        assert!(!pages.is_empty());
        for (file, url) in pages {
            let title = title_of(&file);
            let doc = site.page(&url);
            let image = meta(&doc, "og:image").unwrap();
            assert!(
                image.contains(&format!("/social/{}.", url.trim_end_matches('/'))),
                "{url}: {image}"
            );
            assert!(images.insert(image.clone()), "{url} shares its image");
            assert_eq!(meta(&doc, "og:type").unwrap(), "article");
            assert_eq!(meta(&doc, "og:title").unwrap(), title);
            let ld = json_ld(&doc);
            assert_eq!(ld.len(), 1, "{url}");
            let ld = &ld[0];
            assert_eq!(ld["@context"], "https://schema.org");
            assert_eq!(ld["@type"], kind, "{url}");
            assert_eq!(ld["headline"], title.as_str());
            assert_eq!(ld["url"], format!("{base}{url}"));
            assert_eq!(ld["image"]["url"], image.as_str());
            assert!(
                ld["description"].as_str().is_some_and(|d| d.len() > 20),
                "{url}"
            );
            if kind == "Article" {
                let about = &ld["about"];
                assert_eq!(about["@type"], "Organization", "{url}");
                assert!(about["name"].as_str().is_some_and(|n| !n.is_empty()));
                let address = &about["location"]["address"];
                assert_eq!(address["@type"], "PostalAddress");
                assert!(
                    address["addressLocality"].is_string() && address["addressRegion"].is_string(),
                    "{url}: {about}"
                );
                // The place on the page is the place in the data.
                let place = format!(
                    "{}, {}",
                    address["addressLocality"].as_str().unwrap(),
                    address["addressRegion"].as_str().unwrap()
                );
                assert!(
                    meta(&doc, "og:image:alt").unwrap().contains(&place),
                    "{url}"
                );
                assert!(ld["dateModified"].is_string());
            } else {
                assert_eq!(ld["isPartOf"]["@type"], "CreativeWork");
            }
        }
    }
}

#[test]
fn the_home_page_describes_the_site_and_its_search() {
    let site = real_site();
    let base = base_url();
    let doc = site.page("");
    assert_eq!(meta(&doc, "og:type").unwrap(), "website");
    let ld = json_ld(&doc);
    assert_eq!(ld.len(), 1);
    let ld = &ld[0];
    assert_eq!(ld["@type"], "WebSite");
    assert_eq!(ld["url"], base.as_str());
    let action = &ld["potentialAction"];
    assert_eq!(action["@type"], "SearchAction");
    assert_eq!(
        action["target"]["urlTemplate"],
        format!("{base}search/?q={{search_term_string}}")
    );
    assert_eq!(action["query-input"], "required name=search_term_string");
    // The default image is the site's own.
    assert!(meta(&doc, "og:image").unwrap().contains("/social/site."));
    // No other kind of page carries structured data it does not need.
    assert!(json_ld(&site.page("bibliography/")).is_empty());
}

#[test]
fn icons_and_manifest_are_valid() {
    let site = real_site();
    let ico =
        ico::IconDir::read(std::io::Cursor::new(site.bytes("favicon.ico"))).expect("an ICO file");
    let sizes: Vec<u32> = ico.entries().iter().map(|e| e.width()).collect();
    assert_eq!(sizes, [16, 32, 48]);
    for e in ico.entries() {
        e.decode().expect("each icon decodes");
    }
    assert_eq!(png_size(&site.bytes("apple-touch-icon.png")), (180, 180));
    assert!(site.read("favicon.svg").starts_with("<svg"));
    let m: Value = serde_json::from_str(&site.read("manifest.webmanifest")).unwrap();
    assert_eq!(m["name"], "Bright Spots: Population Health Integrators");
    assert_eq!(m["short_name"], "Bright Spots");
    assert_eq!(m["start_url"], "/");
    assert_eq!(m["display"], "standalone");
    assert!(m["theme_color"].as_str().unwrap().starts_with('#'));
    assert!(m["background_color"].as_str().unwrap().starts_with('#'));
    let mut pngs = 0;
    for icon in m["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap().trim_start_matches('/');
        assert!(site.exists(src), "{src}");
        if icon["type"] == "image/png" {
            let (w, h) = png_size(&site.bytes(src));
            assert_eq!(icon["sizes"], format!("{w}x{h}"));
            pngs += 1;
        }
    }
    assert!(pngs >= 2, "192 and 512 px icons");
}

#[test]
fn the_service_worker_precaches_the_shell_and_the_offline_page() {
    let site = real_site();
    let sw = site.read("sw.js");
    let version = sw.lines().next().unwrap();
    assert!(
        version.starts_with("const VERSION = \"")
            && version.len() == "const VERSION = \"\";".len() + 16,
        "{version}"
    );
    let shell_line = sw
        .lines()
        .find(|l| l.starts_with("const SHELL = "))
        .unwrap();
    let shell: Vec<String> = serde_json::from_str(
        shell_line
            .trim_start_matches("const SHELL = ")
            .trim_end_matches(';'),
    )
    .unwrap();
    for url in &shell {
        assert!(
            site.exists(url.trim_start_matches('/')),
            "{url} is precached but not written"
        );
    }
    assert!(shell
        .iter()
        .any(|u| u.starts_with("/style.") && u.ends_with(".css")));
    assert!(shell.contains(&"/offline.html".to_string()));
    let offline = site.page("offline.html");
    assert_eq!(attrs(&offline, "meta[name=robots]", "content"), ["noindex"]);
    assert!(
        !site.read("sitemap.xml").contains("offline"),
        "the offline page is not in the sitemap"
    );
}

#[test]
fn hostile_and_long_titles_stay_inside_their_json_ld_and_image() {
    let dir = site_copy();
    let root = dir.path();
    let (file, url) = published_pages("case-studies").remove(0);
    let title = title_of(&file);
    let hostile = "</script><script>alert(1)</script> & a very long name that goes on and on, well past what a single line of the card can hold, and then some more words still 健";
    let text = std::fs::read_to_string(root.join(&file)).unwrap();
    let from = format!("title = \"{title}\"");
    assert!(text.contains(&from), "{file} has no {from}");
    let to = format!("title = \"{}\"", hostile.replace('"', "\\\""));
    std::fs::write(root.join(&file), text.replacen(&from, &to, 1)).unwrap();
    let (run, site) = common::build_into_out(root);
    run.expect_code(0);
    assert!(
        run.stderr.contains("not in the social image's font"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&file),
        "the warning names the file: {}",
        run.stderr
    );
    let html = site.read(&format!("{url}index.html"));
    assert_eq!(
        html.matches("<script>alert(1)").count(),
        0,
        "the title broke out"
    );
    let doc = Html::parse_document(&html);
    let ld = json_ld(&doc);
    assert_eq!(ld[0]["headline"], hostile);
    let image = meta(&doc, "og:image").unwrap();
    let bytes = site.bytes(local(&image, &base_url()));
    assert_eq!(png_size(&bytes), (1200, 630));
}
