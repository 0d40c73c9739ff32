//! Reference pages (the reference, its annotation, "Cited by"), the bibliography index,
//! the CSL attribution, and "cite this page".

use super::downloads::{fields, ris_records, ris_values};
use super::*;

/// One line of a "Cited by" list: page title, page URL, and the heading's text and URL.
type CitedBy = (String, String, Option<(String, String)>);

/// The Cited by list of an entry page.
fn cited_by(site: &Site, key: &str) -> Vec<CitedBy> {
    let doc = site.page(&format!("bibliography/{key}/"));
    select(&doc, "section.cited-by li")
        .into_iter()
        .map(|li| {
            let links: Vec<ElementRef<'_>> = li.select(&sel("a")).collect();
            (
                text(links[0]),
                href(links[0]),
                links.get(1).map(|h| (text(*h), href(*h))),
            )
        })
        .collect()
}

#[test]
fn reference_page_has_the_reference_its_annotation_links_and_cited_by() {
    let site = built();
    let doc = site.page("bibliography/kania2011/");
    assert_eq!(text(one(&doc, "h1")), "Collective impact");
    assert_eq!(
        text(one(&doc, "p.formatted-reference")),
        "Kania, J., & Kramer, M. (2011). Collective impact. Stanford Social Innovation Review, \
         9(1), 36–41. https://works.example.net/collective-impact"
    );
    assert_eq!(
        texts(&doc, "section.annotation h2:not(.visually-hidden)"),
        ["Summary", "Evaluation", "Relevance to integrators"]
    );
    assert_eq!(
        texts(&doc, "section.annotation p"),
        [
            "Introduces collective impact and its five conditions.",
            "An essay built on case examples; influential, not empirical.",
            "Gives the vocabulary most partners already know.",
        ]
    );
    let links: BTreeMap<String, String> = select(&doc, "section ul.tags a")
        .into_iter()
        .map(|a| (text(a), href(a)))
        .collect();
    assert_eq!(
        links.get("Read the work").map(String::as_str),
        Some("https://works.example.net/collective-impact")
    );
    assert!(!links.contains_key("DOI"), "kania2011 has no DOI");
    for (label, file) in [
        ("BibTeX", "kania2011.bib"),
        ("RIS", "kania2011.ris"),
        ("CSL-JSON", "kania2011.json"),
    ] {
        assert_eq!(links[label], format!("/bibliography/kania2011/{file}"));
        assert!(site.exists(&format!("bibliography/kania2011/{file}")));
    }
    // Every citing page once per heading the citation is under (the chapter's first citation
    // comes before any heading), pages in title order.
    let page =
        |t: &str, u: &str, h: Option<(&str, &str)>| (s(t), s(u), h.map(|(a, b)| (s(a), s(b))));
    assert_eq!(
        cited_by(&site, "kania2011"),
        [
            page(
                "Harbor Link",
                "/case-studies/harbor-link/",
                Some((
                    "What the network is",
                    "/case-studies/harbor-link/#what-the-network-is"
                ))
            ),
            page("Why integrators matter", "/paper/why-integrators/", None),
            page(
                "Why integrators matter",
                "/paper/why-integrators/",
                Some(("The evidence", "/paper/why-integrators/#the-evidence"))
            ),
        ]
    );
    // Cited twice under one heading: listed once. A glossary summary and a case study's key
    // points count as citing.
    assert_eq!(
        cited_by(&site, "turner2012"),
        [
            page(
                "Backbone organization",
                "/glossary/backbone-organization/",
                None
            ),
            // Its key points, above the first heading.
            page("Harbor Link", "/case-studies/harbor-link/", None),
            page(
                "Harbor Link",
                "/case-studies/harbor-link/",
                Some((
                    "A monthly table for every partner",
                    "/case-studies/harbor-link/#fn-engage-partners"
                ))
            ),
            page(
                "Why integrators matter",
                "/paper/why-integrators/",
                Some(("The evidence", "/paper/why-integrators/#the-evidence"))
            ),
        ]
    );

    let varda = site.page("bibliography/varda2018/");
    assert_eq!(
        attrs(&varda, "section ul.tags a", "href")
            .into_iter()
            .filter(|h| h.contains("doi.org"))
            .collect::<Vec<_>>(),
        ["https://doi.org/10.5555/varda.2018.001"]
    );
    let facts: Vec<String> = texts(&varda, "dl.facts dd");
    assert_eq!(facts[0], "Peer-reviewed study (peer reviewed)");
    assert_eq!(facts[1], "Evaluation");
}

#[test]
fn a_report_names_its_institution() {
    // APA 7 and Chicago name a report's publisher; BibLaTeX calls it `institution`.
    let site = built();
    for (key, institution) in [("chang2012", "Nemours"), ("turner2012", "FSG")] {
        let reference = text(one(
            &site.page(&format!("bibliography/{key}/")),
            "p.formatted-reference",
        ));
        assert!(
            reference.contains(&format!(". {institution}.")),
            "the reference of {key} leaves out {institution}: {reference}"
        );
    }
}

#[test]
fn a_report_with_a_place_still_names_its_institution() {
    // BibLaTeX's `location` alone made a publisher with a place and no name, which hid the
    // institution: three of the site's reports printed no publisher.
    let project = Project::new("evidence");
    let bib = project.read("bibliography/references.bib");
    project.write(
        "bibliography/references.bib",
        &bib.replacen(
            "  institution = {FSG},",
            "  institution = {FSG},\n  location    = {Boston, MA},",
            1,
        ),
    );
    let site = project.build_ok(&[]);
    let reference = text(one(
        &site.page("bibliography/turner2012/"),
        "p.formatted-reference",
    ));
    assert!(
        reference.contains(". FSG."),
        "the reference leaves out FSG: {reference}"
    );
}

#[test]
fn an_online_work_names_its_site() {
    // APA 7 gives a web page's site name (BibLaTeX `organization`) unless it is the author.
    let site = built();
    let reference = text(one(
        &site.page("bibliography/hall-podcast/"),
        "p.formatted-reference",
    ));
    assert!(
        reference.contains("Talking about backbones. Health Podcast Network."),
        "{reference}"
    );
}

#[test]
fn an_online_work_dated_by_year_has_no_stray_comma() {
    let site = built();
    let reference = text(one(
        &site.page("bibliography/network-guide/"),
        "p.formatted-reference",
    ));
    assert!(
        reference.starts_with("Adams, R. (2020). A field guide to integrator networks."),
        "{reference}"
    );
}

#[test]
fn csl_attribution_names_the_style_and_its_cc_by_sa_license() {
    let site = built();
    for page in ["bibliography/", "bibliography/kania2011/"] {
        let doc = site.page(page);
        let p = one(&doc, "p.attribution");
        assert!(
            text(p)
                .contains("“APA Style 7th edition” style from the Citation Style Language project"),
            "{page}: {}",
            text(p)
        );
        let license = p.select(&sel("a")).next().expect("a link to the license");
        assert!(
            href(license).contains("creativecommons.org/licenses/by-sa/3.0"),
            "{page}: {}",
            href(license)
        );
        // The link text is the license's name; the style's own rights sentence after
        // "licensed" reads "licensed This work is licensed under …".
        let name = text(license);
        assert!(
            name.contains("BY-SA") && !name.starts_with("This work"),
            "{page}: {}",
            text(p)
        );
    }
}

#[test]
fn bibliography_index_groups_by_topic_and_sorts_by_author() {
    let site = built();
    let doc = site.page("bibliography/");
    let group = |doc: &Html, id: &str| -> Vec<String> {
        attrs(
            doc,
            &format!("section[aria-labelledby='{id}'] li .meta a"),
            "href",
        )
    };
    assert_eq!(
        texts(&doc, "section[aria-labelledby^='topic-'] > h2"),
        [
            "Collective impact",
            "Integrators",
            "Evaluation",
            "Other works"
        ],
        "topics in vocabulary order, then works without a topic"
    );
    assert_eq!(
        group(&doc, "topic-collective-impact"),
        [entry("kania2011"), entry("turner2012")]
    );
    // Adams, Chang, Turner: by author, not by key (chang2012 < network-guide) or file order.
    assert_eq!(
        group(&doc, "topic-integrators"),
        [
            entry("network-guide"),
            entry("chang2012"),
            entry("turner2012")
        ]
    );
    assert_eq!(group(&doc, "topic-evaluation"), [entry("varda2018")]);
    assert_eq!(group(&doc, "topic-other"), [entry("hall-podcast")]);

    let filters: Vec<(String, String)> = select(&doc, "nav.filter a")
        .into_iter()
        .map(|a| (text(a), href(a)))
        .collect();
    let f = |t: &str, u: &str| (s(t), s(u));
    assert_eq!(
        filters,
        [
            f("All (6)", "/bibliography/"),
            f("Article (1)", "/bibliography/type/article/"),
            f("Framework (2)", "/bibliography/type/framework/"),
            f(
                "Peer-reviewed study (1)",
                "/bibliography/type/peer-reviewed-study/"
            ),
            f("Podcast (1)", "/bibliography/type/podcast/"),
            f("Report (1)", "/bibliography/type/report/"),
        ]
    );
    let expected: &[(&str, &[&str])] = &[
        ("article", &["kania2011"]),
        ("framework", &["network-guide", "chang2012"]),
        ("peer-reviewed-study", &["varda2018"]),
        ("podcast", &["hall-podcast"]),
        ("report", &["turner2012"]),
    ];
    for (kind, keys) in expected {
        let page = site.page(&format!("bibliography/type/{kind}/"));
        let mut listed = attrs(&page, "section li .meta a", "href");
        listed.dedup(); // turner2012 sits under two topics
        let want: Vec<String> = keys.iter().map(|k| entry(k)).collect();
        assert_eq!(listed, want, "the {kind} filter page");
        assert_eq!(
            attrs(&page, "nav.filter a[aria-current=page]", "href"),
            [format!("/bibliography/type/{kind}/")]
        );
    }
}

#[test]
fn cite_this_page_on_case_studies_and_chapters() {
    let site = built();
    let doc = site.page("case-studies/harbor-link/");
    let cite = texts(&doc, "section.cite-this p");
    assert_eq!(
        cite,
        ["Evidence Fixture. (2025, March 1). Harbor Link. https://example.org/case-studies/harbor-link/ (APA)"]
    );
    let downloads = attrs(&doc, "section.cite-this a[download]", "href");
    assert_eq!(
        downloads,
        [
            "/case-studies/harbor-link/cite.bib",
            "/case-studies/harbor-link/cite.ris",
            "/case-studies/harbor-link/cite.json"
        ]
    );
    let bib = biblatex::Bibliography::parse(&site.read("case-studies/harbor-link/cite.bib"))
        .expect("cite.bib parses");
    assert_eq!(bib.len(), 1);
    let (kind, fields) = fields(bib.iter().next().unwrap());
    assert_eq!(kind, "online");
    assert_eq!(fields["title"], "Harbor Link");
    assert_eq!(
        fields["url"],
        "https://example.org/case-studies/harbor-link/"
    );
    assert_eq!(fields["date"], "2025-03-01");
    let ris = ris_records(&site.read("case-studies/harbor-link/cite.ris"));
    assert_eq!(ris.len(), 1);
    assert_eq!(ris_values(&ris[0], "TI"), ["Harbor Link"]);
    assert_eq!(
        ris_values(&ris[0], "UR"),
        ["https://example.org/case-studies/harbor-link/"]
    );

    for chapter in ["paper/why-integrators/", "paper/the-functions/"] {
        let doc = site.page(chapter);
        let apa = texts(&doc, "section.cite-this p");
        assert_eq!(apa.len(), 1, "{chapter}");
        assert!(apa[0].contains(&format!("{SITE_BASE}{chapter}")), "{apa:?}");
        assert!(
            site.exists(&format!("{chapter}cite.bib"))
                && site.exists(&format!("{chapter}cite.ris"))
        );
    }
    // Only case studies and chapters.
    for other in ["notes/reading-list/", "glossary/integrator/"] {
        assert!(
            select(&site.page(other), "section.cite-this").is_empty(),
            "{other}"
        );
    }
}

#[test]
fn cite_this_page_without_a_date_is_well_formed_apa() {
    // APA: "Retrieved Month Day, Year, from URL" needs a retrieval date; without one the
    // reference ends with the URL, never "Retrieved https://…".
    let site = built();
    let apa = texts(&site.page("paper/why-integrators/"), "section.cite-this p");
    assert_eq!(
        apa,
        ["Evidence Fixture. (n.d.). Why integrators matter. https://example.org/paper/why-integrators/ (APA)"]
    );
}
