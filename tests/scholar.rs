//! Metadata for reference managers and scholarly indexes: the Highwire `citation_*` tags that
//! Google Scholar and Zotero's "Embedded Metadata" translator read, on every page type that has
//! them (chapters, case studies, bibliography entries) and on no other; and "Cite this page"
//! downloads written from the same record as the tags.

use std::collections::BTreeMap;

use scraper::Html;

use crate::common::{self, select, Site};

fn built() -> Site {
    common::built_once("evidence", &[])
}

/// The page's `citation_*` tags in document order, as a reader of the head sees them.
fn citation_tags(doc: &Html) -> Vec<(String, String)> {
    select(doc, "head meta[name^='citation_']")
        .into_iter()
        .map(|m| {
            let v = m.value();
            (
                v.attr("name").unwrap_or_default().to_string(),
                v.attr("content").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn values<'a>(tags: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    tags.iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A `citation_reference` read as Google Scholar documents it: `name=value` pairs joined by
/// "; ", names repeated for several authors.
fn reference_fields(content: &str) -> BTreeMap<String, Vec<String>> {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in content.split("; ") {
        let (name, value) = pair
            .split_once('=')
            .unwrap_or_else(|| panic!("not name=value: {pair:?} in {content:?}"));
        assert!(name.starts_with("citation_"), "{pair:?}");
        fields.entry(name.into()).or_default().push(value.into());
    }
    fields
}

#[test]
fn a_chapter_without_authors_is_cited_to_the_site_and_lists_its_references() {
    let site = built();
    let tags = citation_tags(&site.page("paper/why-integrators/"));
    assert_eq!(values(&tags, "citation_title"), ["Why integrators matter"]);
    // No `authors` in its front matter: the site (the config's title, as no `publisher` is
    // set) is the corporate author; no person is made up.
    assert_eq!(values(&tags, "citation_author"), ["Evidence Fixture"]);
    assert_eq!(values(&tags, "citation_publisher"), ["Evidence Fixture"]);
    assert!(
        values(&tags, "citation_publication_date").is_empty(),
        "no date: none invented"
    );
    assert_eq!(values(&tags, "citation_book_title"), ["Paper"]);
    assert_eq!(
        values(&tags, "citation_public_url"),
        ["https://example.org/paper/why-integrators/"]
    );
    assert_eq!(values(&tags, "citation_language"), ["en"]);
    // One `citation_reference` per work of its reference list, in the list's order.
    let refs: Vec<_> = values(&tags, "citation_reference")
        .into_iter()
        .map(reference_fields)
        .collect();
    let titles: Vec<&str> = refs
        .iter()
        .map(|r| r["citation_title"][0].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Collective impact",
            "Understanding the value of backbone organizations in collective impact",
            "Measuring the value of partnership networks"
        ]
    );
    let kania = &refs[0];
    assert_eq!(kania["citation_author"], ["Kania, John", "Kramer, Mark"]);
    assert_eq!(kania["citation_publication_date"], ["2011"]);
    assert_eq!(
        kania["citation_journal_title"],
        ["Stanford Social Innovation Review"]
    );
    assert_eq!(kania["citation_volume"], ["9"]);
    assert_eq!(kania["citation_issue"], ["1"]);
    assert_eq!(kania["citation_firstpage"], ["36"]);
    assert_eq!(kania["citation_lastpage"], ["41"]);
    assert_eq!(refs[1]["citation_technical_report_institution"], ["FSG"]);
    assert_eq!(refs[2]["citation_doi"], ["10.5555/varda.2018.001"]);
    // The tags come before the body: readers look only in the head.
    insta::assert_debug_snapshot!("why_integrators_citation_tags", tags);
}

#[test]
fn a_chapter_with_authors_and_a_date_names_them() {
    let site = built();
    let tags = citation_tags(&site.page("paper/the-functions/"));
    assert_eq!(
        values(&tags, "citation_author"),
        ["Doe, Jane", "Evidence Fixture Group"]
    );
    assert_eq!(values(&tags, "citation_publication_date"), ["2025/06/01"]);
    assert_eq!(values(&tags, "citation_publisher"), ["Evidence Fixture"]);
    // The downloads say the same, each in its own format.
    let bib = biblatex::Bibliography::parse(&site.read("paper/the-functions/cite.bib")).unwrap();
    let entry = bib.iter().next().unwrap();
    let people = entry.author().unwrap();
    assert_eq!(
        (people[0].name.as_str(), people[0].given_name.as_str()),
        ("Doe", "Jane")
    );
    assert_eq!(
        (people[1].name.as_str(), people[1].given_name.as_str()),
        ("Evidence Fixture Group", "")
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("paper/the-functions/cite.json")).unwrap();
    assert_eq!(json[0]["author"][0]["family"], "Doe");
    assert_eq!(json[0]["author"][1]["literal"], "Evidence Fixture Group");
    assert_eq!(
        json[0]["issued"]["date-parts"][0],
        serde_json::json!([2025, 6, 1])
    );
    let ris = site.read("paper/the-functions/cite.ris");
    assert!(
        ris.contains("AU  - Doe, Jane\r\nAU  - Evidence Fixture Group\r\n"),
        "{ris}"
    );
    assert!(ris.contains("DA  - 2025/06/01\r\n"), "{ris}");
    // So does the page's structured data.
    let doc = site.page("paper/the-functions/");
    let script = common::one(&doc, "script[type='application/ld+json']");
    let ld: serde_json::Value = serde_json::from_str(&common::text(script)).unwrap();
    assert_eq!(
        ld["author"],
        serde_json::json!([
            { "@type": "Person", "name": "Jane Doe", "givenName": "Jane", "familyName": "Doe" },
            { "@type": "Organization", "name": "Evidence Fixture Group" }
        ])
    );
    assert_eq!(ld["dateModified"], "2025-06-01");
    // The formatted citation names them too.
    let cite = common::texts(&site.page("paper/the-functions/"), "section.cite-this p");
    assert!(
        cite[0].starts_with("Doe, J., & Evidence Fixture Group. (2025, June 1). The functions."),
        "{cite:?}"
    );
}

#[test]
fn a_case_study_is_dated_by_its_review_and_is_not_part_of_a_book() {
    let site = built();
    let tags = citation_tags(&site.page("case-studies/harbor-link/"));
    assert_eq!(values(&tags, "citation_title"), ["Harbor Link"]);
    assert_eq!(values(&tags, "citation_publication_date"), ["2025/03/01"]);
    assert!(values(&tags, "citation_book_title").is_empty());
    assert_eq!(
        values(&tags, "citation_public_url"),
        ["https://example.org/case-studies/harbor-link/"]
    );
    assert!(!values(&tags, "citation_reference").is_empty());
}

#[test]
fn a_reference_page_describes_its_work_with_doi_and_address() {
    let site = built();
    let tags = citation_tags(&site.page("bibliography/varda2018/"));
    assert_eq!(
        values(&tags, "citation_title"),
        ["Measuring the value of partnership networks"]
    );
    assert_eq!(
        values(&tags, "citation_author"),
        ["Varda, Danielle", "Shoup, Jo Ann", "Miller, Sara"]
    );
    assert_eq!(values(&tags, "citation_publication_date"), ["2018"]);
    assert_eq!(
        values(&tags, "citation_journal_title"),
        ["Journal of Public Health Management and Practice"]
    );
    assert_eq!(values(&tags, "citation_doi"), ["10.5555/varda.2018.001"]);
    assert!(values(&tags, "citation_reference").is_empty());
    let web = citation_tags(&site.page("bibliography/network-guide/"));
    assert_eq!(
        values(&web, "citation_public_url"),
        ["https://works.example.net/field-guide"]
    );
    assert_eq!(values(&web, "citation_author"), ["Adams, Robin"]);
}

#[test]
fn other_pages_carry_no_citation_tags() {
    let site = built();
    for page in [
        "",
        "bibliography/",
        "paper/",
        "case-studies/",
        "glossary/integrator/",
        "notes/reading-list/",
        "evidence-map/",
    ] {
        assert_eq!(
            citation_tags(&site.page(page)),
            Vec::<(String, String)>::new(),
            "{page}"
        );
    }
}

#[test]
fn every_chapter_and_case_study_of_the_site_describes_itself_and_its_references() {
    let site = common::real_site();
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(common::repo().join("brightspot.toml")).unwrap())
            .unwrap();
    let site_title = config["title"].as_str().unwrap();
    for section in ["paper", "case-studies"] {
        for (file, dir) in common::published_pages(section) {
            let doc = site.page(&dir);
            let tags = citation_tags(&doc);
            let h1 = common::texts(&doc, "main h1");
            assert_eq!(values(&tags, "citation_title"), [h1[0].as_str()], "{file}");
            let canonical = common::attrs(&doc, "link[rel=canonical]", "href");
            assert_eq!(
                values(&tags, "citation_public_url"),
                [canonical[0].as_str()],
                "{file}"
            );
            // The sources do not say who wrote this site's pages: no page names a person, and
            // each is cited to the site (brightspot.toml sets no `publisher`).
            assert_eq!(values(&tags, "citation_author"), [site_title], "{file}");
            let date = values(&tags, "citation_publication_date");
            assert!(
                date.len() == 1 && date[0].len() == 10 && date[0].as_bytes()[4] == b'/',
                "{file}: {date:?}"
            );
            // One citation_reference per item of the page's reference list, each a title.
            let listed = common::select(&doc, "section.references li").len();
            let refs = values(&tags, "citation_reference");
            assert_eq!(refs.len(), listed, "{file}");
            for r in refs {
                assert!(
                    !reference_fields(r)["citation_title"][0].is_empty(),
                    "{file}: {r}"
                );
            }
        }
    }
}
