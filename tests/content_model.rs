//! The content model, through the built fixture site (tests/fixtures/site): page types, front
//! matter, slugs and permalinks, ordering, prev/next, drafts, page bundles, listings, aliases and
//! taxonomies (`content_model/vocabularies.rs`: term pages, glossary links, the evidence map).

mod vocabularies;

use crate::common;

use common::{attrs, one, select, text, texts, Project, Site};

fn built(args: &[&str]) -> Site {
    common::built_once("site", args)
}

/// Card titles of a section listing, in order.
fn listing(site: &Site, section: &str) -> Vec<String> {
    texts(&site.page(section), ".cards .card-title a")
}

#[test]
fn each_page_type_renders_with_its_template() {
    let site = built(&[]);

    let case_study = site.page("case-studies/riverside-health-network/");
    one(&case_study, "section.glance #at-a-glance");
    let facts = texts(&case_study, ".glance dl.facts dd");
    assert!(
        facts.contains(&"Hartford, Connecticut".to_string()),
        "{facts:?}"
    );

    let chapter = site.page("paper/the-functions/");
    assert!(select(&chapter, ".glance").is_empty());
    assert!(
        texts(&chapter, "p.meta")
            .iter()
            .any(|t| t.ends_with("min read")),
        "a chapter shows its reading time"
    );
    one(&chapter, "nav.toc");

    let glossary = site.page("glossary/b-anchor/");
    assert_eq!(
        text(one(&glossary, ".lede")),
        "An organization rooted in its place."
    );

    let generic = site.page("guides/first-steps/");
    assert!(select(&generic, ".glance, nav.toc, .lede").is_empty());
    assert_eq!(text(one(&generic, "article h1")), "First steps");
}

#[test]
fn toml_and_yaml_front_matter_are_both_read() {
    let site = built(&[]);
    let toml = site.page("guides/first-steps/");
    assert_eq!(text(one(&toml, "title")), "First steps · Fixture Site");
    let yaml = site.page("guides/yaml-notes/");
    assert_eq!(text(one(&yaml, "article h1")), "YAML notes");
    assert_eq!(text(one(&yaml, "title")), "YAML notes · Fixture Site");
}

#[test]
fn slugs_come_from_file_names_without_numeric_prefix_or_from_front_matter() {
    let site = built(&[]);
    for present in [
        "guides/first-steps/index.html",
        "guides/yaml-notes/index.html",
        "guides/renamed/index.html",
        "guides/field-trip/index.html",
        "guides/site-visit/index.html",
        "paper/introduction/index.html",
        "paper/the-functions/index.html",
    ] {
        assert!(site.exists(present), "{present} missing");
    }
    for absent in [
        "guides/01-first-steps/index.html",
        "guides/custom-name/index.html",
        "guides/05-site-visit/index.html",
        "paper/01-introduction/index.html",
    ] {
        assert!(!site.exists(absent), "{absent} should not exist");
    }
}

#[test]
fn permalinks_are_canonical_and_internal_links_use_them() {
    let site = built(&[]);
    let page = site.page("guides/first-steps/");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/guides/first-steps/"]
    );
    let links = attrs(&page, ".content a", "href");
    assert!(
        links.contains(&"/guides/yaml-notes/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/guides/field-trip/#what-we-saw".to_string()),
        "{links:?}"
    );
    let section = site.page("guides/");
    assert_eq!(
        attrs(&section, "link[rel=canonical]", "href"),
        ["https://example.org/guides/"]
    );
    let home = site.page("");
    assert_eq!(
        attrs(&home, "link[rel=canonical]", "href"),
        ["https://example.org/"]
    );
}

#[test]
fn sections_order_pages_by_weight_date_or_title() {
    let site = built(&[]);
    // Weight order differs from both file order and title order.
    assert_eq!(
        listing(&site, "guides/"),
        [
            "First steps",
            "YAML notes",
            "Renamed page",
            "Field trip",
            "Site visit"
        ]
    );
    // Newest first.
    assert_eq!(
        listing(&site, "news/"),
        ["Summer update", "Spring update", "Winter update"]
    );
    // Alphabetical, not by file name (a-widget, b-anchor, c-mesh).
    assert_eq!(listing(&site, "glossary/"), ["Anchor", "Mesh", "Widget"]);
    assert_eq!(
        listing(&site, "case-studies/"),
        ["Lakeside Alliance", "Riverside Health Network"]
    );
    assert_eq!(
        texts(&site.page("paper/"), "ol.chapters > li > a"),
        ["Introduction", "The functions"]
    );
}

#[test]
fn prev_and_next_follow_the_section_order() {
    let site = built(&[]);
    for section in ["guides/", "news/", "glossary/", "case-studies/"] {
        let urls = attrs(&site.page(section), ".cards .card-title a", "href");
        assert!(urls.len() >= 2, "{section} lists {urls:?}");
        for (i, url) in urls.iter().enumerate() {
            let page = site.page(url.trim_start_matches('/'));
            let prev = attrs(&page, "nav.prev-next a[rel=prev]", "href");
            let next = attrs(&page, "nav.prev-next a[rel=next]", "href");
            let want_prev: Vec<String> = i
                .checked_sub(1)
                .map(|j| urls[j].clone())
                .into_iter()
                .collect();
            let want_next: Vec<String> = urls.get(i + 1).cloned().into_iter().collect();
            assert_eq!(prev, want_prev, "prev of {url}");
            assert_eq!(next, want_next, "next of {url}");
        }
    }
}

#[test]
fn drafts_are_left_out_unless_built_with_drafts() {
    let site = built(&[]);
    assert!(!site.exists("guides/unfinished/index.html"));
    assert!(!site.exists("case-studies/hidden-draft/index.html"));
    let leaked: Vec<String> = site
        .files()
        .into_keys()
        .filter(|p| p.contains("secret-plan"))
        .collect();
    assert!(
        leaked.is_empty(),
        "files of the draft bundle guides/secret-plan/ were published: {leaked:?}"
    );
    assert!(!listing(&site, "guides/").contains(&"Unfinished draft".to_string()));
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("unfinished") && !sitemap.contains("hidden-draft"));
    assert!(!site.read("feed.xml").contains("Hidden Draft Network"));
    // The draft was the only page in North Carolina: no term page for it.
    assert!(!site.exists("states/nc/index.html"));
    // The prev/next chain skips the draft: the last guide has no next.
    let last = site.page("guides/site-visit/");
    assert!(select(&last, "nav.prev-next a[rel=next]").is_empty());

    let site = built(&["--drafts"]);
    assert!(site.exists("guides/unfinished/index.html"));
    assert!(site.exists("case-studies/hidden-draft/index.html"));
    assert!(site.exists("guides/secret-plan/index.html"));
    assert!(site.exists("guides/secret-plan/plan.png"));
    assert_eq!(
        listing(&site, "guides/")[5..],
        ["Unfinished draft", "Secret plan"]
    );
    assert!(site.read("feed.xml").contains("Hidden Draft Network"));
    assert!(site.exists("states/nc/index.html"));
}

#[test]
fn page_bundles_copy_their_images_beside_the_page() {
    let site = built(&[]);
    for (page, source) in [
        ("guides/field-trip/", "content/guides/field-trip/photo.png"),
        ("guides/site-visit/", "content/guides/05-site-visit/map.png"),
    ] {
        let doc = site.page(page);
        let src = attrs(&doc, ".content img", "src");
        assert_eq!(src.len(), 1, "{page}: {src:?}");
        // The Markdown wrote a relative path, so the image must sit in the page's own folder
        // (the build writes it as a site address, since it measured it).
        let served = match src[0].strip_prefix('/') {
            Some(path) => path.to_string(),
            None => format!("{page}{}", src[0]),
        };
        assert!(
            site.exists(&served),
            "{page} shows <img src={:?}>, but the output has no {served}; images in the output: {:?}",
            src[0],
            site.files()
                .into_keys()
                .filter(|p| p.ends_with(".png"))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            site.bytes(&served),
            std::fs::read(common::fixture("site").join(source)).unwrap()
        );
    }
}

#[test]
fn section_listing_links_every_page_with_its_summary() {
    let site = built(&[]);
    let doc = site.page("guides/");
    let cards = select(&doc, ".cards .card");
    assert_eq!(cards.len(), 5);
    let card_of = |title: &str| {
        cards
            .iter()
            .find(|c| c.text().collect::<String>().contains(title))
            .copied()
            .unwrap_or_else(|| panic!("no card for {title}"))
    };
    // A front-matter summary is Markdown.
    let first = card_of("First steps");
    let summary = first
        .select(&common::sel(".card-summary em"))
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(summary, ["begin"]);
    // Without one, the first paragraph is the summary.
    let yaml = card_of("YAML notes");
    let summary = yaml
        .select(&common::sel(".card-summary"))
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(
        summary,
        ["This page uses YAML front matter, and this first paragraph is its summary."]
    );
    for href in attrs(&doc, ".cards .card-title a", "href") {
        let rel = format!("{}index.html", href.trim_start_matches('/'));
        assert!(
            site.exists(&rel),
            "listing links {href}, which was not built"
        );
    }
    // Sections with a weight are in the main menu, in weight order.
    assert_eq!(
        texts(&doc, "nav[aria-label=Main] .menu a")
            .into_iter()
            .take(5)
            .collect::<Vec<_>>(),
        ["Paper", "Guides", "News", "Glossary", "Case studies"]
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built(&[]);
    let doc = site.page("old/first-steps/");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/guides/first-steps/"]
    );
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
    let refresh = attrs(&doc, "meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, ["0; url=/guides/first-steps/"]);
}

#[test]
fn windows_line_endings_are_read_like_unix_ones() {
    let project = Project::new("site");
    for rel in [
        "content/guides/02-yaml-notes.md",
        "content/paper/02-the-functions.md",
        "content/case-studies/riverside-health-network.md",
    ] {
        let text = project.read(rel);
        project.write(rel, &text.replace('\n', "\r\n"));
    }
    let site = project.build_ok(&[]);
    assert_eq!(
        attrs(&site.page("paper/the-functions/"), ".content h3", "id"),
        [
            "fn-engage-partners",
            "fn-shared-goals",
            "fn-data-and-learning"
        ]
    );
    assert_eq!(
        attrs(
            &site.page("guides/yaml-notes/"),
            "meta[name=description]",
            "content"
        ),
        ["This page uses YAML front matter, and this first paragraph is its summary."]
    );
    one(
        &site.page("case-studies/riverside-health-network/"),
        "section.glance",
    );
    for html in site.html_files() {
        assert!(
            !site.read(&html).contains('\r'),
            "{html} keeps a carriage return"
        );
    }
}

#[test]
fn a_section_inside_a_section_lists_its_own_pages() {
    let site = built(&[]);
    assert_eq!(
        listing(&site, "guides/advanced/"),
        ["Alpha tricks", "Zeta tricks"]
    );
    let parent = site.page("guides/");
    assert!(
        !listing(&site, "guides/").contains(&"Alpha tricks".to_string()),
        "the parent lists only its own pages"
    );
    assert_eq!(
        attrs(&parent, "h2#subsections + ul a", "href"),
        ["/guides/advanced/"]
    );
    let alpha = site.page("guides/advanced/alpha/");
    assert_eq!(
        attrs(&alpha, "nav.breadcrumb a", "href"),
        ["/guides/advanced/"]
    );
    assert_eq!(
        attrs(&alpha, "nav.prev-next a[rel=next]", "href"),
        ["/guides/advanced/zeta/"]
    );
    // The last guide of the parent does not continue into the sub-section.
    assert!(select(
        &site.page("guides/site-visit/"),
        "nav.prev-next a[rel=next]"
    )
    .is_empty());
}

#[test]
fn a_summary_shown_in_a_listing_keeps_its_relative_urls_working() {
    let site = built(&[]);
    // The first paragraph of notes/terms-in-use/ (its summary) is an image with a relative
    // URL; in the notes/ listing that URL must still reach the page bundle's picture.
    let listing = site.page("notes/");
    let src = attrs(&listing, ".cards .card-summary img", "src");
    assert_eq!(src.len(), 1, "{src:?}");
    let resolved = if src[0].starts_with('/') {
        src[0].trim_start_matches('/').to_string()
    } else {
        format!("notes/{}", src[0])
    };
    assert!(
        site.exists(&resolved),
        "the listing shows <img src={:?}>, which resolves to {resolved}, not to notes/terms-in-use/picture.png",
        src[0]
    );
}
