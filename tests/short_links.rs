//! Short links on the real site: Netlify's `_redirects` and an HTML redirect page for every short
//! link and alias, QR codes that decode back to the short URL, present views, the handout, the
//! whole-paper page and the print footer.

use crate::common;

use common::{attrs, duplicate_ids, one, real_site, repo, select, text};

/// The short links the site's content declares, with the page each leads to.
const SHORT_LINKS: &[(&str, &str)] = &[
    ("/bp", "/case-studies/bridgeport-prospers/"),
    ("/dchm", "/case-studies/dc-health-matters/"),
    ("/guilford", "/case-studies/get-ready-guilford/"),
    (
        "/paterson",
        "/case-studies/partners-for-a-healthier-paterson/",
    ),
    ("/sharswood", "/case-studies/sharswood-thrive/"),
    ("/why", "/paper/why-integrators/"),
    ("/role", "/paper/the-integrator-role/"),
    ("/eleven", "/paper/the-functions/"),
    ("/evidence", "/paper/what-the-evidence-says/"),
    ("/lab", "/paper/the-learning-lab/"),
    ("/bright-spots", "/paper/bright-spots/"),
    ("/next", "/paper/future-directions/"),
];

const BASE: &str = "https://brightspot-integrators.netlify.app";

/// Every `short` and `aliases` entry of the real site's content, read from the files themselves.
fn declared_redirects() -> Vec<String> {
    let mut out = Vec::new();
    for section in ["case-studies", "paper"] {
        for (file, _) in common::published_pages(section) {
            let text = std::fs::read_to_string(repo().join(&file)).unwrap();
            let (front, _) = common::split(&text, std::path::Path::new(&file));
            if let Some(s) = front.get("short").and_then(|v| v.as_str()) {
                out.push(s.to_string());
            }
            for a in front
                .get("aliases")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                out.push(a.as_str().unwrap().to_string());
            }
        }
    }
    out
}

#[test]
fn every_short_link_and_alias_is_a_forced_301_and_a_redirect_page() {
    let site = real_site();
    let rules = site.read("_redirects");
    let lines: Vec<Vec<&str>> = rules
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    let declared = declared_redirects();
    assert_eq!(lines.len(), declared.len(), "{rules}");
    for (from, to) in SHORT_LINKS {
        assert!(
            lines.contains(&vec![*from, *to, "301!"]),
            "`{from} {to} 301!` missing from _redirects:\n{rules}"
        );
    }
    for from in &declared {
        let line = lines
            .iter()
            .find(|l| l[0] == from.trim_end_matches('/'))
            .unwrap_or_else(|| panic!("{from} has no rule"));
        let target = line[1];
        let page = site.page(&format!("{}/", from.trim_matches('/')));
        assert_eq!(
            attrs(&page, "link[rel=canonical]", "href"),
            [format!("{BASE}{target}")]
        );
        assert_eq!(
            attrs(&page, "meta[name=robots]", "content"),
            ["noindex"],
            "{from}"
        );
        assert_eq!(
            attrs(&page, "meta[http-equiv=refresh]", "content"),
            [format!("0; url={target}")]
        );
        assert_eq!(attrs(&page, "body a", "href"), [target], "a plain link");
        assert!(select(&page, "script").is_empty(), "no script in {from}");
        assert!(site.exists(&format!("{}index.html", &target[1..])));
    }
}

#[test]
fn redirect_pages_are_left_out_of_the_sitemap_and_present_views_too() {
    let site = real_site();
    let sitemap = site.read("sitemap.xml");
    for (from, to) in SHORT_LINKS {
        assert!(
            !sitemap.contains(&format!("<loc>{BASE}{from}/</loc>")),
            "{from}"
        );
        assert!(!sitemap.contains(&format!("<loc>{BASE}{to}present/</loc>")));
        assert!(sitemap.contains(&format!("<loc>{BASE}{to}</loc>")), "{to}");
    }
    assert!(sitemap.contains(&format!("<loc>{BASE}/paper/print/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{BASE}/handout/</loc>")));
}

/// Rasterises an SVG at `scale` pixels per unit and decodes the one QR code in it.
fn decode_qr(svg: &str, scale: f32) -> String {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .expect("the QR code is valid SVG");
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let data = pixmap.data();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        let i = (y * w as usize + x) * 4;
        // Transparent pixels count as white paper.
        let (r, a) = (u32::from(data[i]), u32::from(data[i + 3]));
        (r + (255 - a)).min(255) as u8
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (meta, content) = grids[0].decode().expect("the QR code decodes");
    // rqrr numbers the levels as the standard's bits: M is 0, L 1, H 2, Q 3.
    assert_ne!(meta.ecc_level, 1, "error correction M or higher, not L");
    content
}

#[test]
fn qr_codes_decode_to_the_short_url_at_the_production_address() {
    let site = real_site();
    for (from, to) in SHORT_LINKS {
        let svg = site.read(&format!("{}qr.svg", &to[1..]));
        assert_eq!(decode_qr(&svg, 0.5), format!("{BASE}{from}"), "{to}qr.svg");
        // The code carries its own white background and quiet zone: dark on light whatever
        // the colour scheme around it.
        assert!(svg.contains("fill=\"#fff\"/><path fill=\"#000\""), "{svg}");
        let page = site.page(&to[1..]);
        let inline = one(&page, ".share-link svg.qr");
        assert_eq!(inline.value().attr("role"), Some("img"));
        let label = inline.value().attr("aria-label").unwrap_or_default();
        assert!(label.contains(&format!("{BASE}{from}")), "{label}");
        let standalone = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"{}",
            &inline.html()["<svg".len()..]
        );
        assert_eq!(decode_qr(&standalone, 8.0), format!("{BASE}{from}"));
    }
}

#[test]
fn a_quiet_zone_of_four_modules_surrounds_every_code() {
    let svg = brightspot::render::share::qr_svg("https://example.org/bp", "QR", true);
    let d = svg.split("d=\"").nth(1).unwrap();
    let coords: Vec<(usize, usize)> = d
        .split('M')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut it = s.split(['h', ' ']);
            (
                it.next().unwrap().parse().unwrap(),
                it.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(coords.iter().map(|c| c.0).min(), Some(4));
    assert_eq!(coords.iter().map(|c| c.1).min(), Some(4));
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(coords.iter().map(|c| c.1).max(), Some(size - 5));
}

#[test]
fn present_views_show_the_title_the_short_link_and_the_code() {
    let site = real_site();
    for (from, to) in SHORT_LINKS {
        let page = site.page(&format!("{}present/", &to[1..]));
        let host = BASE.trim_start_matches("https://");
        assert_eq!(text(one(&page, ".slide-link")), format!("{host}{from}"));
        assert_eq!(
            attrs(&page, ".slide-link a", "href"),
            [format!("{BASE}{from}")]
        );
        assert_eq!(attrs(&page, "img.slide-qr", "src"), [format!("{to}qr.svg")]);
        assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
        assert_eq!(select(&page, "h1").len(), 1);
        assert!(
            select(&page, "script").is_empty(),
            "a slide needs no script"
        );
    }
}

#[test]
fn the_handout_lists_every_case_study_with_summary_short_link_and_code() {
    let site = real_site();
    let page = site.page("handout/");
    let entries = select(&page, ".handout-entry");
    let case_studies = common::published_pages("case-studies");
    assert_eq!(entries.len(), case_studies.len());
    for (from, to) in SHORT_LINKS.iter().filter(|l| l.1.starts_with("/case-")) {
        assert!(
            attrs(&page, ".handout-qr", "src").contains(&format!("{to}qr.svg")),
            "{to}"
        );
        assert!(attrs(&page, ".handout-link a", "href").contains(&format!("{BASE}{from}")));
    }
    assert!(select(&page, ".handout-summary p")
        .iter()
        .all(|p| !text(*p).is_empty()));
}

#[test]
fn the_whole_paper_is_one_page_with_every_chapter_and_its_references() {
    let site = real_site();
    let page = site.page("paper/print/");
    let chapters = common::published_pages("paper");
    assert_eq!(select(&page, "section.paper-chapter").len(), chapters.len());
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    assert_eq!(select(&page, "h1").len(), 1);
    for s in select(&page, "section.paper-chapter") {
        let id = s.value().attr("id").unwrap();
        // A chapter's own anchors are prefixed with its id, so they stay unique on one page.
        for a in s.select(&common::sel(".content a[href^='#']")) {
            let href = a.value().attr("href").unwrap();
            assert!(href.starts_with(&format!("#{id}-")), "{href} in {id}");
            assert!(
                !select(&page, &format!("[id='{}']", &href[1..])).is_empty(),
                "{href}"
            );
        }
    }
    assert!(select(&page, ".references li").len() >= chapters.len());
}

#[test]
fn case_studies_and_chapters_carry_their_short_link_for_print() {
    let site = real_site();
    for (from, to) in SHORT_LINKS {
        let page = site.page(&to[1..]);
        assert_eq!(
            attrs(&page, ".share-link p a", "href").first(),
            Some(&format!("{BASE}{from}")),
            "{to}"
        );
    }
}
