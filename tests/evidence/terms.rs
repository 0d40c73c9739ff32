//! Taxonomy term pages (a function's page quoting the paper and each case study's passage),
//! related case studies, and glossary links on first use.

use super::*;

/// The case studies a term page lists, with the passage quoted and its link (if any).
fn term_cards(site: &Site, page: &str) -> Vec<(String, Option<String>, Option<String>)> {
    select(&site.page(page), ".cards .card")
        .into_iter()
        .map(|card| {
            let title = card.select(&sel(".card-title a")).map(text).next().unwrap();
            let passage = card.select(&sel("blockquote.passage")).map(text).next();
            let link = card
                .select(&sel("blockquote.passage + p a"))
                .map(href)
                .next();
            (title, passage, link)
        })
        .collect()
}

#[test]
fn a_functions_page_quotes_the_paper_and_each_case_studys_passage() {
    let site = built();
    let doc = site.page("functions/engage-partners/");
    assert_eq!(text(one(&doc, "h1")), "1. Engage partners");
    assert!(text(one(&doc, "nav.breadcrumb")).contains("Leadership and partner engagement"));
    assert_eq!(
        texts(&doc, "section.definition p")[0],
        "Bring partners from every sector to one table and keep them there."
    );
    assert_eq!(
        attrs(&doc, "section.definition a", "href"),
        ["/paper/the-functions/#fn-engage-partners"]
    );
    let c = |t: &str, p: &str, u: &str| (s(t), Some(s(p)), Some(s(u)));
    assert_eq!(
        term_cards(&site, "functions/engage-partners/"),
        [
            c(
                "Harbor Link",
                "The hospital convenes housing, school and clinic partners every month (Turner et al., 2012).",
                "/case-studies/harbor-link/#fn-engage-partners"
            ),
            c(
                "Mill Town Partners",
                "Each principal sits on the partnership board, as at Harbor Link.",
                "/case-studies/mill-town-partners/#fn-engage-partners"
            ),
        ]
    );
    // The quoted citation still links to its entry.
    assert_eq!(
        attrs(&doc, "blockquote.passage .citation a", "href"),
        [entry("turner2012")]
    );
    assert_eq!(
        term_cards(&site, "functions/sustain-funding/"),
        [c(
            "Desert Bloom",
            "Five funders pay into one fund that outlasts any single grant; see the function.",
            "/case-studies/desert-bloom/#fn-sustain-funding"
        )]
    );
    let index = site.page("functions/");
    assert_eq!(
        texts(&index, "h2"),
        [
            "Leadership and partner engagement",
            "Spread, scale and sustainability",
            "Continuous learning and improvement"
        ]
    );
    assert_eq!(
        texts(&index, ".term-list li"),
        [
            "1. Engage partners (2 case studies)",
            "2. Set shared goals (2 case studies)",
            "3. Sustain funding (1 case study)",
            "4. Use data to learn (2 case studies)",
        ]
    );
}

#[test]
fn every_taxonomy_term_page_lists_its_case_studies() {
    let site = built();
    let expected: &[(&str, &[&str])] = &[
        (
            "focus-areas/advancing-equity/",
            &["Harbor Link", "Mill Town Partners"],
        ),
        (
            "focus-areas/breaking-down-silos/",
            &["Desert Bloom", "Guilford Together", "Harbor Link"],
        ),
        ("focus-areas/expanding-partnerships/", &["Desert Bloom"]),
        ("sectors/education/", &["Mill Town Partners"]),
        ("sectors/health-care/", &["Desert Bloom", "Harbor Link"]),
        ("sectors/public-health/", &["Guilford Together"]),
        ("states/ct/", &["Harbor Link"]),
        ("states/nm/", &["Desert Bloom"]),
        ("states/nc/", &["Guilford Together"]),
        ("states/pa/", &["Mill Town Partners"]),
    ];
    for (page, titles) in expected {
        let found: Vec<String> = term_cards(&site, page).into_iter().map(|c| c.0).collect();
        assert_eq!(found, *titles, "{page}");
    }
    // A case study links to each of its terms.
    let harbor = site.page("case-studies/harbor-link/");
    assert_eq!(
        attrs(&harbor, "section.terms ul.tags a", "href"),
        [
            "/functions/engage-partners/",
            "/functions/shared-goals/",
            "/functions/data-and-learning/",
            "/focus-areas/advancing-equity/",
            "/focus-areas/breaking-down-silos/",
            "/sectors/health-care/",
            "/sectors/housing/",
            "/states/ct/",
        ]
    );
}

fn related(site: &Site, page: &str) -> Vec<(String, String)> {
    select(&site.page(page), "section.related li")
        .into_iter()
        .map(|li| {
            (
                text(li.select(&sel("a")).next().unwrap()),
                text(li.select(&sel(".meta")).next().unwrap()),
            )
        })
        .collect()
}

#[test]
fn related_case_studies_are_ranked_by_shared_functions_and_focus_areas() {
    let site = built();
    let r = |t: &str, shares: &str| (s(t), format!("shares: {shares}"));
    // Three shared beats two beats one, whatever the titles.
    assert_eq!(
        related(&site, "case-studies/harbor-link/"),
        [
            r(
                "Mill Town Partners",
                "Engage partners, Set shared goals, Advancing equity"
            ),
            r(
                "Guilford Together",
                "Use data to learn, Breaking down silos"
            ),
            r("Desert Bloom", "Breaking down silos"),
        ]
    );
    // A tie is broken by title.
    assert_eq!(
        related(&site, "case-studies/desert-bloom/"),
        [
            r("Guilford Together", "Breaking down silos"),
            r("Harbor Link", "Breaking down silos"),
        ]
    );
    assert_eq!(
        related(&site, "case-studies/mill-town-partners/"),
        [r(
            "Harbor Link",
            "Engage partners, Set shared goals, Advancing equity"
        )]
    );
}

#[test]
fn glossary_terms_link_on_first_use_unless_turned_off() {
    let site = built();
    let doc = site.page("paper/why-integrators/");
    // "backbone organization" occurs twice in the body: only the first is linked.
    let links: Vec<(String, String)> = select(&doc, ".content a.glossary-term")
        .into_iter()
        .map(|a| (text(a), href(a)))
        .collect();
    assert_eq!(
        links,
        [(
            s("backbone organization"),
            s("/glossary/backbone-organization/")
        )]
    );
    assert!(
        text(one(&doc, ".content"))
            .matches("backbone organization")
            .count()
            == 2
    );
    // A term's page does not link to itself.
    assert!(select(
        &site.page("glossary/backbone-organization/"),
        "a.glossary-term"
    )
    .is_empty());

    let project = Project::new("evidence");
    project.edit(
        "brightspot.toml",
        "language = \"en\"",
        "language = \"en\"\nglossary_links = false",
    );
    let off = project.build_ok(&[]);
    for page in off.html_files() {
        let doc = Html::parse_document(&off.read(&page));
        assert!(
            select(&doc, "a.glossary-term").is_empty(),
            "{page} links a term"
        );
    }
}
