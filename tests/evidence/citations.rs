//! Citations in every pandoc form and each citation style (APA, Chicago author-date, AMA),
//! and each citing page's reference list.

use super::*;

#[test]
fn every_citation_form_renders_in_apa_and_links_to_its_entry() {
    let site = built();
    let doc = site.page("paper/why-integrators/");
    assert_eq!(
        citations(&doc, ".content"),
        [
            (s("(Kania & Kramer, 2011)"), vec![entry("kania2011")]),
            (s("(Turner et al., 2012, p. 38)"), vec![entry("turner2012")]),
            (
                s("(see Turner et al., 2012; Varda et al., 2018)"),
                vec![entry("turner2012"), entry("varda2018")]
            ),
            // APA 7 joins two authors with "and" in running text, "&" only in parentheses.
            (s("Kania and Kramer (2011)"), vec![entry("kania2011")]),
            (s("(2011)"), vec![entry("kania2011")]),
        ]
    );
    for key in ["kania2011", "turner2012", "varda2018"] {
        assert!(site.exists(&format!("bibliography/{key}/index.html")));
    }
    // A key with a hyphen works in the narrative form too.
    let functions = site.page("paper/the-functions/");
    assert_eq!(
        citations(&functions, ".content"),
        [
            (s("(Chang & Bhat, 2012)"), vec![entry("chang2012")]),
            (s("Adams (2020)"), vec![entry("network-guide")]),
        ]
    );
}

#[test]
fn citation_syntax_in_code_and_email_addresses_is_left_alone() {
    // The fenced block cites an unknown key: had it been read as a citation, the build (which
    // built_once requires to be clean) would have failed.
    let site = built();
    let doc = site.page("paper/why-integrators/");
    assert_eq!(texts(&doc, ".content p > code"), ["[@kania2011]"]);
    assert_eq!(
        texts(&doc, ".content pre code"),
        ["See [@nobody2000] and @kania2011."]
    );
    assert!(select(&doc, ".content code a, .content code .citation").is_empty());
    let mail = select(&doc, ".content p")
        .into_iter()
        .find(|p| text(*p).contains("editors@"))
        .expect("the paragraph with the e-mail address");
    assert_eq!(text(mail), "Questions go to editors@example.org.");
    assert!(mail.select(&sel("a, .citation")).next().is_none());
}

#[test]
fn each_citing_page_ends_with_references_holding_exactly_its_cited_entries() {
    let site = built();
    let expected: &[(&str, &[&str])] = &[
        (
            "paper/why-integrators/",
            &["kania2011", "turner2012", "varda2018"],
        ),
        // APA orders by author: Adams (network-guide) before Chang.
        ("paper/the-functions/", &["network-guide", "chang2012"]),
        (
            "case-studies/harbor-link/",
            &["hall-podcast", "kania2011", "turner2012"],
        ),
        (
            "case-studies/mill-town-partners/",
            &["chang2012", "varda2018"],
        ),
        ("case-studies/guilford-together/", &["varda2018"]),
        ("case-studies/desert-bloom/", &["network-guide"]),
        // A citation in a summary counts too.
        ("glossary/backbone-organization/", &["turner2012"]),
        ("notes/reading-list/", &[]),
        ("glossary/integrator/", &[]),
    ];
    for (page, keys) in expected {
        let doc = site.page(page);
        assert_eq!(reference_keys(&doc), *keys, "References of {page}");
        // Exactly the cited entries: the set of entries the page's citations link to.
        let mut cited: Vec<String> = citations(&doc, "article")
            .into_iter()
            .flat_map(|(_, links)| links)
            .collect();
        cited.sort();
        cited.dedup();
        let mut listed: Vec<String> = keys.iter().map(|k| entry(k)).collect();
        listed.sort();
        assert_eq!(cited, listed, "{page} cites exactly what it lists");
        if keys.is_empty() {
            assert!(select(&doc, "section.references").is_empty(), "{page}");
            continue;
        }
        // Each item is the formatted reference with a link to the entry's page.
        for (li, key) in select(&doc, "section.references li").into_iter().zip(*keys) {
            assert!(
                li.select(&sel("a")).map(href).any(|h| h == entry(key)),
                "{page}: the reference to {key} links to its page"
            );
        }
        // The list comes after the body.
        let order: Vec<String> = select(&doc, "article > div.content, article > section")
            .into_iter()
            .map(|e| e.value().attr("class").unwrap_or_default().to_string())
            .collect();
        let content = order.iter().position(|c| c == "content").unwrap();
        let references = order.iter().position(|c| c == "references").unwrap();
        assert!(content < references, "{page}: {order:?}");
        assert_eq!(text(one(&doc, "section.references h2")), "References");
    }
}

/// The fixture built with another citation style (once per style for the test binary).
fn built_with_style(style: &str) -> Site {
    common::built_with_style("evidence", style)
}

#[test]
fn chicago_author_date_style_changes_citations_and_references() {
    let site = built_with_style("chicago-author-date");
    let doc = site.page("paper/why-integrators/");
    assert_eq!(
        citations(&doc, ".content"),
        [
            (s("(Kania and Kramer 2011)"), vec![entry("kania2011")]),
            (s("(Turner et al. 2012, 38)"), vec![entry("turner2012")]),
            (
                s("(see Turner et al. 2012; Varda et al. 2018)"),
                vec![entry("turner2012"), entry("varda2018")]
            ),
            (s("Kania and Kramer (2011)"), vec![entry("kania2011")]),
            (s("(2011)"), vec![entry("kania2011")]),
        ]
    );
    let first = texts(&doc, "section.references li")[0].clone();
    assert!(
        first.starts_with("Kania, John, and Mark Kramer. 2011. “Collective Impact.”"),
        "{first}"
    );
    let index = site.page("bibliography/");
    assert!(text(one(&index, "p.lede")).contains("Chicago (author-date)"));
    // "Cite this page" gives APA and the site's style.
    let cite = texts(&doc, "section.cite-this p");
    assert_eq!(cite.len(), 2, "{cite:?}");
    assert!(cite[0].ends_with("(APA)") && cite[1].ends_with("(Chicago (author-date))"));
}

#[test]
fn ama_style_numbers_citations_in_order_of_first_use() {
    let site = built_with_style("ama");
    let doc = site.page("paper/why-integrators/");
    let found = citations(&doc, ".content");
    assert_eq!(found[0], (s("1"), vec![entry("kania2011")]));
    assert_eq!(found[1], (s("2(p38)"), vec![entry("turner2012")]));
    assert_eq!(
        found[2],
        (s("see 2,3"), vec![entry("turner2012"), entry("varda2018")])
    );
    assert!(
        !select(&doc, ".content span.citation sup").is_empty(),
        "AMA citations are superscript numbers"
    );
    let refs = texts(&doc, "section.references li");
    assert!(
        refs[0].starts_with("Kania J, Kramer M. Collective impact."),
        "{refs:?}"
    );
    assert!(refs[2].contains("doi:10.5555/varda.2018.001"), "{refs:?}");
}

#[test]
fn a_narrative_citation_names_the_authors_in_a_numeric_style() {
    // "@kania2011 argued …" must still read as a sentence when the style numbers its citations.
    let site = built_with_style("ama");
    let doc = site.page("paper/why-integrators/");
    let narrative = &citations(&doc, ".content")[3];
    assert!(
        narrative.0.starts_with("Kania and Kramer"),
        "the narrative citation lost its authors: {narrative:?}"
    );
}
