//! Internal links and anchors resolved to permalinks, and backlinks (each linking page once,
//! in title order, whatever the thread count).

use super::*;

#[test]
fn internal_links_and_anchors_resolve_to_permalinks() {
    let site = built();
    let links = |page: &str| -> Vec<(String, String)> {
        select(
            &site.page(page),
            ".content a:not(.glossary-term):not(.heading-anchor)",
        )
        .into_iter()
        .filter(|a| !href(*a).starts_with("/bibliography/"))
        .map(|a| (text(a), href(a)))
        .collect()
    };
    let l = |t: &str, u: &str| (s(t), s(u));
    assert_eq!(
        links("paper/why-integrators/"),
        [
            l("Harbor Link", "/case-studies/harbor-link/"),
            l(
                "how it engages partners",
                "/case-studies/harbor-link/#fn-engage-partners"
            ),
        ]
    );
    assert_eq!(
        links("notes/reading-list/"),
        [
            l("Harbor Link", "/case-studies/harbor-link/"),
            l("shared goals", "/paper/the-functions/#fn-shared-goals"),
            l("case study", "/case-studies/"),
            l("here", "/case-studies/harbor-link/"),
        ]
    );
    // Every anchor names a heading of the target page.
    assert_eq!(
        text(one(
            &site.page("paper/the-functions/"),
            "h3#fn-shared-goals"
        )),
        "Set shared goals"
    );
    assert_eq!(
        common::dangling_links(&site, "/", SITE_BASE),
        Vec::<String>::new()
    );
}

fn backlinks(site: &Site, page: &str) -> Vec<(String, String)> {
    select(&site.page(page), "section.backlinks li a")
        .into_iter()
        .map(|a| (text(a), href(a)))
        .collect()
}

#[test]
fn backlinks_list_each_linking_page_once_in_title_order() {
    let site = built();
    let l = |t: &str, u: &str| (s(t), s(u));
    // Title order, not path order (case-studies/ < glossary/ < notes/ < paper/); the reading
    // list links twice and is listed once; Harbor Link's link to itself is not a backlink.
    assert_eq!(
        backlinks(&site, "case-studies/harbor-link/"),
        [
            l("Backbone organization", "/glossary/backbone-organization/"),
            l("Guilford Together", "/case-studies/guilford-together/"),
            l("Mill Town Partners", "/case-studies/mill-town-partners/"),
            l("Reading list", "/notes/reading-list/"),
            l("Why integrators matter", "/paper/why-integrators/"),
        ]
    );
    assert_eq!(
        backlinks(&site, "case-studies/mill-town-partners/"),
        [l("Harbor Link", "/case-studies/harbor-link/")]
    );
    assert_eq!(
        backlinks(&site, "paper/the-functions/"),
        [
            l("Desert Bloom", "/case-studies/desert-bloom/"),
            l("Reading list", "/notes/reading-list/"),
        ]
    );
    // Sections have backlinks too.
    assert_eq!(
        backlinks(&site, "case-studies/"),
        [
            l("Evidence Fixture", "/"),
            l("Reading list", "/notes/reading-list/"),
        ]
    );
    assert!(select(&site.page("notes/reading-list/"), "section.backlinks").is_empty());
}

#[test]
fn backlinks_do_not_depend_on_the_thread_count() {
    let project = Project::new("evidence");
    let (one_thread, four) = (
        project.build_with_threads("1"),
        project.build_with_threads("4"),
    );
    for page in [
        "case-studies/harbor-link/",
        "paper/the-functions/",
        "bibliography/kania2011/",
    ] {
        assert_eq!(
            backlinks(&one_thread, page),
            backlinks(&four, page),
            "{page}"
        );
        assert_eq!(
            one_thread.read(&format!("{page}index.html")),
            four.read(&format!("{page}index.html"))
        );
    }
}
