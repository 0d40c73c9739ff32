//! What the taxonomies and the glossary make of pages: term pages listing the tagged case
//! studies, glossary terms linked on first use (or not, when turned off), the evidence map.

use super::*;

#[test]
fn taxonomy_pages_list_the_tagged_case_studies() {
    let site = built(&[]);
    let term = site.page("functions/engage-partners/");
    assert_eq!(
        texts(&term, ".cards .card-title a"),
        ["Riverside Health Network"]
    );
    // The definition is the passage under the chapter's fn- heading; each case study is quoted
    // from its own fn- heading.
    assert_eq!(
        texts(&term, "section.definition p")
            .first()
            .map(String::as_str),
        Some("Bring partners from many sectors to the table.")
    );
    let passage = text(one(&term, "blockquote.passage"));
    assert!(
        passage.starts_with("The hospital convenes housing and health partners every month"),
        "{passage}"
    );
    let passage_link = attrs(&term, ".card a[href*='#']", "href");
    assert_eq!(
        passage_link,
        ["/case-studies/riverside-health-network/#fn-engage-partners"]
    );
    let index = site.page("functions/");
    assert_eq!(
        texts(&index, "h2"),
        ["Leadership", "Learning"],
        "terms are grouped by domain"
    );
    let education = site.page("sectors/education/");
    assert_eq!(
        texts(&education, ".cards .card-title a"),
        ["Lakeside Alliance"]
    );
}

#[test]
fn glossary_terms_are_linked_on_their_first_use_in_prose() {
    let site = built(&[]);
    let doc = site.page("notes/terms-in-use/");
    let links: Vec<(String, String)> = select(&doc, ".content a.glossary-term")
        .into_iter()
        .map(|a| {
            (
                text(a),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    // Not in the image's alt text, the heading, code or a link; not in "anchored"; once per
    // term, whichever of its forms comes first.
    assert_eq!(
        links,
        [
            ("Anchor".to_string(), "/glossary/b-anchor/".to_string()),
            ("mesh".to_string(), "/glossary/c-mesh/".to_string()),
            ("widget".to_string(), "/glossary/a-widget/".to_string()),
        ]
    );
    assert_eq!(
        attrs(&doc, ".content img", "alt"),
        ["An anchor in a picture"],
        "alt text is plain text"
    );
    assert!(select(&doc, ".content h2 a.glossary-term").is_empty());
    // A term's own page does not link to itself.
    assert!(select(&site.page("glossary/b-anchor/"), ".content a.glossary-term").is_empty());
}

#[test]
fn glossary_links_can_be_turned_off() {
    let project = Project::new("site");
    project.edit(
        "brightspot.toml",
        "language = \"en\"",
        "language = \"en\"\nglossary_links = false",
    );
    let site = project.build_ok(&[]);
    assert!(select(&site.page("notes/terms-in-use/"), "a.glossary-term").is_empty());
}

#[test]
fn evidence_map_marks_each_case_studys_functions() {
    let site = built(&[]);
    let doc = site.page("evidence-map/");
    let columns = attrs(&doc, "table.matrix thead tr:last-child th a", "href");
    assert_eq!(
        columns,
        [
            "/functions/engage-partners/",
            "/functions/shared-goals/",
            "/functions/data-and-learning/"
        ],
        "one column per function, in vocabulary order"
    );
    let rows: Vec<(String, Vec<Option<String>>)> = select(&doc, "table.matrix tbody tr")
        .into_iter()
        .map(|tr| {
            let name = tr
                .select(&common::sel("th"))
                .map(text)
                .next()
                .unwrap_or_default();
            let cells = tr
                .select(&common::sel("td"))
                .map(|td| {
                    td.select(&common::sel("a"))
                        .next()
                        .and_then(|a| a.value().attr("href").map(str::to_string))
                })
                .collect();
            (name, cells)
        })
        .collect();
    let mark = |s: &str| Some(s.to_string());
    assert_eq!(
        rows,
        [
            (
                "Lakeside Alliance".to_string(),
                vec![
                    None,
                    None,
                    mark("/case-studies/lakeside-alliance/#fn-data-and-learning")
                ]
            ),
            (
                "Riverside Health Network".to_string(),
                vec![
                    mark("/case-studies/riverside-health-network/#fn-engage-partners"),
                    mark("/case-studies/riverside-health-network/#fn-shared-goals"),
                    None
                ]
            ),
        ]
    );
}
