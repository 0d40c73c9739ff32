//! The evidence graph (issue 4) on tests/fixtures/evidence: citations in every pandoc form,
//! reference pages and their downloads, internal links and backlinks, taxonomy terms, related
//! case studies, the evidence map, glossary links, "cite this page", and a diagnostic for each way
//! a contributor can get the graph wrong.

use crate::common;

use std::collections::BTreeMap;

use common::{attrs, one, sel, select, text, texts, Project, Site};
use scraper::{ElementRef, Html};

const SITE_BASE: &str = "https://example.org/";

fn built() -> Site {
    common::built_once("evidence", &[])
}

fn href(a: ElementRef<'_>) -> String {
    a.value().attr("href").unwrap_or_default().to_string()
}

/// Each citation inside `scope` (a CSS selector): its text and the entries it links to.
fn citations(doc: &Html, scope: &str) -> Vec<(String, Vec<String>)> {
    select(doc, &format!("{scope} span.citation"))
        .into_iter()
        .map(|c| (text(c), c.select(&sel("a")).map(href).collect()))
        .collect()
}

fn entry(key: &str) -> String {
    format!("/bibliography/{key}/")
}

/// The keys of a page's "References" list, in order (each item is `<li id="ref-KEY">`).
fn reference_keys(doc: &Html) -> Vec<String> {
    attrs(doc, "section.references li[id^='ref-']", "id")
        .into_iter()
        .map(|id| id.trim_start_matches("ref-").to_string())
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

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

/// The fixture's .bib, parsed.
fn source_bibliography() -> biblatex::Bibliography {
    let text =
        std::fs::read_to_string(common::fixture("evidence/bibliography/references.bib")).unwrap();
    biblatex::Bibliography::parse(&text).expect("the fixture's .bib parses")
}

/// An entry's type and fields as plain strings, for comparing two parses.
fn fields(e: &biblatex::Entry) -> (String, BTreeMap<String, String>) {
    use biblatex::ChunksExt;
    (
        e.entry_type.to_string(),
        e.fields
            .iter()
            .map(|(k, v)| (k.clone(), v.format_verbatim()))
            .collect(),
    )
}

const KEYS_BY_AUTHOR: [&str; 6] = [
    "network-guide",
    "chang2012",
    "hall-podcast",
    "kania2011",
    "turner2012",
    "varda2018",
];

#[test]
fn bibtex_downloads_round_trip_through_biblatex() {
    let site = built();
    let source = source_bibliography();
    let check = |exported: &biblatex::Bibliography, keys: &[&str], what: &str| {
        let got: Vec<&str> = exported.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(got, keys, "{what}: keys");
        for e in exported.iter() {
            let original = source.get(&e.key).expect("a key of the source");
            assert_eq!(fields(e), fields(original), "{what}: fields of {}", e.key);
        }
    };
    let whole = biblatex::Bibliography::parse(&site.read("bibliography/references.bib"))
        .expect("references.bib parses");
    check(&whole, &KEYS_BY_AUTHOR, "references.bib");
    for key in KEYS_BY_AUTHOR {
        let one =
            biblatex::Bibliography::parse(&site.read(&format!("bibliography/{key}/{key}.bib")))
                .unwrap_or_else(|e| panic!("{key}.bib parses: {e:?}"));
        check(&one, &[key], &format!("{key}.bib"));
    }
}

/// RIS records: each a list of (tag, value), checked to be well-formed tagged lines with TY
/// first and ER last.
fn ris_records(ris: &str) -> Vec<Vec<(String, String)>> {
    let mut records = Vec::new();
    let mut current: Vec<(String, String)> = Vec::new();
    for line in ris.lines().filter(|l| !l.trim().is_empty()) {
        let bytes = line.as_bytes();
        assert!(
            bytes.len() >= 5
                && bytes[0].is_ascii_uppercase()
                && bytes[1].is_ascii_alphanumeric()
                && &bytes[2..5] == b"  -",
            "not a RIS line: {line:?}"
        );
        let tag = line[..2].to_string();
        let value = line[5..].trim().to_string();
        if current.is_empty() {
            assert_eq!(tag, "TY", "a record starts with TY: {line:?}");
        }
        let end = tag == "ER";
        current.push((tag, value));
        if end {
            records.push(std::mem::take(&mut current));
        }
    }
    assert!(current.is_empty(), "a record without ER: {current:?}");
    records
}

fn ris_values<'a>(record: &'a [(String, String)], tag: &str) -> Vec<&'a str> {
    record
        .iter()
        .filter(|(t, _)| t == tag)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn ris_downloads_are_tagged_records() {
    let site = built();
    let records = ris_records(&site.read("bibliography/references.ris"));
    let ids: Vec<&str> = records.iter().map(|r| ris_values(r, "ID")[0]).collect();
    assert_eq!(ids, KEYS_BY_AUTHOR);
    let kania = &records[3];
    assert_eq!(ris_values(kania, "TY"), ["JOUR"]);
    assert_eq!(ris_values(kania, "AU"), ["Kania, John", "Kramer, Mark"]);
    assert_eq!(ris_values(kania, "TI"), ["Collective impact"]);
    assert_eq!(
        ris_values(kania, "JO"),
        ["Stanford Social Innovation Review"]
    );
    assert_eq!(ris_values(kania, "PY"), ["2011"]);
    assert_eq!(
        (ris_values(kania, "SP"), ris_values(kania, "EP")),
        (vec!["36"], vec!["41"])
    );
    assert_eq!(ris_values(&records[1], "TY"), ["RPRT"]);
    assert_eq!(ris_values(&records[1], "PB"), ["Nemours"]);
    assert_eq!(ris_values(&records[5], "DO"), ["10.5555/varda.2018.001"]);
    for key in KEYS_BY_AUTHOR {
        let own = ris_records(&site.read(&format!("bibliography/{key}/{key}.ris")));
        assert_eq!(own.len(), 1, "{key}.ris holds one record");
        assert_eq!(ris_values(&own[0], "ID"), [key]);
    }
}

#[test]
fn csl_json_downloads_parse_as_csl_items() {
    use hayagriva::citationberg::json::Item;
    let site = built();
    let items: Vec<Item> = serde_json::from_slice(&site.bytes("bibliography/references.json"))
        .expect("references.json is a CSL-JSON array");
    let ids: Vec<String> = items
        .iter()
        .map(|i| i.id().expect("every item has an id").to_string())
        .collect();
    assert_eq!(ids, KEYS_BY_AUTHOR);
    for item in &items {
        let id = item.id().unwrap().to_string();
        for field in ["type", "title", "author", "issued"] {
            assert!(item.0.contains_key(field), "{id} has no `{field}`");
        }
        let own: Vec<Item> =
            serde_json::from_slice(&site.bytes(&format!("bibliography/{id}/{id}.json")))
                .unwrap_or_else(|e| panic!("{id}.json: {e}"));
        assert_eq!(
            own,
            std::slice::from_ref(item),
            "{id}.json holds the same item"
        );
    }
    let types: BTreeMap<String, String> = items
        .iter()
        .map(|i| (i.id().unwrap().to_string(), i.type_().unwrap().to_string()))
        .collect();
    assert_eq!(types["kania2011"], "article-journal");
    assert_eq!(types["turner2012"], "report");
    assert_eq!(types["network-guide"], "webpage");

    // The export is complete enough for a CSL processor: hayagriva formats each item in APA as
    // the site formats the BibTeX entry on its page.
    let style = match hayagriva::archive::ArchivedStyle::AmericanPsychologicalAssociation.get() {
        hayagriva::citationberg::Style::Independent(s) => s,
        _ => unreachable!("APA is an independent style"),
    };
    let locales = hayagriva::archive::locales();
    for item in &items {
        let id = item.id().unwrap().to_string();
        let mut driver = hayagriva::BibliographyDriver::new();
        driver.citation(hayagriva::CitationRequest::from_items(
            vec![hayagriva::CitationItem::with_entry(item)],
            &style,
            &locales,
        ));
        let rendered = driver.finish(hayagriva::BibliographyRequest::new(&style, None, &locales));
        // hayagriva's APA leaves a comma after a year-only date, "(2020,)"; the site removes it.
        let from_json =
            format!("{:#}", rendered.bibliography.unwrap().items[0].content).replace(",)", ")");
        let on_page = text(one(
            &site.page(&format!("bibliography/{id}/")),
            "p.formatted-reference",
        ));
        assert_eq!(
            from_json, on_page,
            "{id}: CSL-JSON export vs. the reference page"
        );
    }
}

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
    let out = |threads: &str| {
        let dir = project.tmp.path().join(format!("out-{threads}"));
        let root = project.root.to_str().unwrap().to_string();
        common::brightspot_env(
            &["build", "--root", &root, "--output", dir.to_str().unwrap()],
            &[("RAYON_NUM_THREADS", threads)],
        )
        .expect_code(0);
        Site::at(dir)
    };
    let (one_thread, four) = (out("1"), out("4"));
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
fn evidence_map_table_has_headers_and_links_each_filled_cell_to_the_passage() {
    let site = built();
    let doc = site.page("evidence-map/");
    let table = one(&doc, "table.matrix");
    let caption = table
        .select(&sel("caption"))
        .map(text)
        .next()
        .unwrap_or_default();
    assert!(
        caption.contains("integrative function"),
        "caption: {caption:?}"
    );
    let groups: Vec<(String, String)> = select(&doc, "table.matrix thead th[scope=colgroup]")
        .into_iter()
        .map(|th| {
            (
                text(th),
                th.value().attr("colspan").unwrap_or("1").to_string(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (s("Leadership and partner engagement"), s("2")),
            (s("Spread, scale and sustainability"), s("1")),
            (s("Continuous learning and improvement"), s("1")),
        ]
    );
    let columns = attrs(&doc, "table.matrix thead th[scope=col] a", "href");
    assert_eq!(
        columns,
        [
            "/functions/engage-partners/",
            "/functions/shared-goals/",
            "/functions/sustain-funding/",
            "/functions/data-and-learning/",
        ]
    );
    let functions = [
        "engage-partners",
        "shared-goals",
        "sustain-funding",
        "data-and-learning",
    ];
    let expected: &[(&str, &str, [bool; 4])] = &[
        ("Desert Bloom", "desert-bloom", [false, false, true, false]),
        (
            "Guilford Together",
            "guilford-together",
            [false, false, false, true],
        ),
        ("Harbor Link", "harbor-link", [true, true, false, true]),
        (
            "Mill Town Partners",
            "mill-town-partners",
            [true, true, false, false],
        ),
    ];
    let rows = select(&doc, "table.matrix tbody tr");
    assert_eq!(rows.len(), expected.len());
    for (tr, (title, slug, marks)) in rows.into_iter().zip(expected) {
        let th: Vec<ElementRef<'_>> = tr.select(&sel("th[scope=row]")).collect();
        assert_eq!(th.len(), 1, "each row has one row header");
        assert_eq!(text(th[0]), *title);
        let cells: Vec<ElementRef<'_>> = tr.select(&sel("td")).collect();
        assert_eq!(
            cells.len(),
            functions.len(),
            "{title}: one cell per function"
        );
        for ((td, marked), function) in cells.into_iter().zip(marks).zip(functions) {
            let link = td.select(&sel("a")).map(href).next();
            if *marked {
                let url = format!("/case-studies/{slug}/#fn-{function}");
                assert_eq!(link.as_deref(), Some(url.as_str()), "{title} × {function}");
                // The passage is there, under its fn- heading.
                let page = site.page(&format!("case-studies/{slug}/"));
                assert_eq!(
                    select(&page, &format!("h3#fn-{function}")).len(),
                    1,
                    "{url}"
                );
                // The cell says what it marks to a screen reader.
                assert!(text(td).contains(&format!("{title} shows")), "{}", text(td));
            } else {
                assert_eq!(link, None, "{title} × {function} is not marked");
            }
        }
    }
}

/// The bounding box (min x, min y, max x, max y) of an SVG path's coordinates.
fn bbox(path: &str) -> (f64, f64, f64, f64) {
    let nums: Vec<f64> = path
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|n| n.parse().ok())
        .collect();
    let xs = nums.iter().step_by(2).copied();
    let ys = nums.iter().skip(1).step_by(2).copied();
    (
        xs.clone().fold(f64::MAX, f64::min),
        ys.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
        ys.fold(f64::MIN, f64::max),
    )
}

#[test]
fn evidence_map_svg_has_a_title_and_one_marker_per_case_study_in_its_state() {
    let site = built();
    let doc = site.page("evidence-map/");
    let svg = one(&doc, "figure.map svg");
    // A group, not an image: its markers are links.
    assert_eq!(svg.value().attr("role"), Some("group"));
    let labelled_by = svg.value().attr("aria-labelledby").unwrap_or_default();
    let title_id = labelled_by.split_whitespace().next().unwrap_or_default();
    let title = text(one(&doc, &format!("svg > title#{title_id}")));
    assert_eq!(title, "Where the case studies are");
    // Each marker links to its case study; a dot marks the place itself (the marker may be
    // moved aside so that markers never overlap).
    let dots = select(&doc, "svg circle.dot");
    let markers: Vec<(String, f64, f64)> = select(&doc, "svg a.marker")
        .into_iter()
        .zip(dots)
        .map(|(a, dot)| {
            let coord = |a: &str| dot.value().attr(a).unwrap().parse::<f64>().unwrap();
            let href = a.value().attr("href").unwrap();
            let label = a.value().attr("aria-label").unwrap().to_string();
            let name = label
                .split_once(". ")
                .unwrap()
                .1
                .to_lowercase()
                .replace(' ', "-");
            assert_eq!(href, format!("/case-studies/{name}/"), "{label}");
            (label, coord("cx"), coord("cy"))
        })
        .collect();
    let titles: Vec<&str> = markers.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(
        titles,
        [
            "1. Desert Bloom",
            "2. Guilford Together",
            "3. Harbor Link",
            "4. Mill Town Partners"
        ]
    );
    // The legend under the map numbers the same case studies in the same order.
    assert_eq!(
        texts(&doc, "ol.map-legend li > a"),
        [
            "Desert Bloom",
            "Guilford Together",
            "Harbor Link",
            "Mill Town Partners"
        ]
    );
    // Each marker lies within its state's outline (Hartford and Pittsburgh placed by their
    // coordinates, the other two at their state's centre).
    let states: BTreeMap<String, String> = select(&doc, "svg path.state")
        .into_iter()
        .map(|p| {
            (
                p.select(&sel("title")).map(text).next().unwrap(),
                p.value().attr("d").unwrap().to_string(),
            )
        })
        .collect();
    for ((_, x, y), state) in markers.iter().zip([
        "New Mexico",
        "North Carolina",
        "Connecticut",
        "Pennsylvania",
    ]) {
        let (x0, y0, x1, y1) = bbox(&states[state]);
        assert!(
            (x0..=x1).contains(x) && (y0..=y1).contains(y),
            "marker at ({x}, {y}) is outside {state} ({x0}, {y0})–({x1}, {y1})"
        );
    }
    assert_eq!(select(&doc, "svg path.state.has-case").len(), 4);
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

// ---------------------------------------------------------------------------------------------
// Diagnostics: each error class, as a writer sees it (the rendered report, snapshotted).

/// Runs `check` and returns (exit code, report on stderr with the project path redacted).
fn check(project: &Project) -> (i32, String) {
    let run = project.check(&[]);
    assert!(
        run.stdout.is_empty(),
        "diagnostics belong on stderr: {}",
        run.stdout
    );
    let report = common::redact(&run.stderr, project);
    // A clean check ends with its duration, which varies.
    let report = match (report.find("checked "), report.find(" ms: ")) {
        (Some(a), Some(b)) if a < b => match report[a..b].rfind(" in ") {
            Some(i) => format!("{}[TIME]{}", &report[..a + i + 4], &report[b..]),
            None => report,
        },
        _ => report,
    };
    (run.code, report)
}

/// Checks a broken copy of the fixture: one error, at `file:line:col`, with help.
fn one_error(project: &Project, file: &str) -> String {
    let (code, report) = check(project);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("error: 1 error(s)"), "one error:\n{report}");
    assert!(
        report.contains(&format!("┌─ {file}:")),
        "points into {file}:\n{report}"
    );
    assert!(report.contains("= help: "), "no help:\n{report}");
    report
}

/// The text the report underlines.
fn underlined(report: &str) -> String {
    let lines: Vec<&str> = report.lines().collect();
    let caret = lines
        .iter()
        .position(|l| l.trim_start().starts_with('│') && l.contains('^'))
        .unwrap_or_else(|| panic!("nothing underlined:\n{report}"));
    let source = lines[caret - 1].split_once('│').unwrap().1;
    let marks = lines[caret].split_once('│').unwrap().1;
    let start = marks.find('^').unwrap();
    let end = marks.rfind('^').unwrap() + 1;
    source.chars().skip(start).take(end - start).collect()
}

#[test]
fn unknown_citation_key_suggests_the_nearest() {
    let project = Project::new("evidence");
    project.edit(
        "content/paper/01-why-integrators.md",
        "[see @turner2012; @varda2018]",
        "[see @turner2012; @vardo2018]",
    );
    let r = one_error(&project, "content/paper/01-why-integrators.md");
    assert!(r.contains("unknown citation key `vardo2018`"), "{r}");
    assert_eq!(underlined(&r), "@vardo2018");
    assert!(r.contains("did you mean `varda2018`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_narrative_citation_key_suggests_the_nearest() {
    let project = Project::new("evidence");
    project.edit(
        "content/paper/02-the-functions.md",
        "@network-guide turns",
        "@network-guides turns",
    );
    let r = one_error(&project, "content/paper/02-the-functions.md");
    assert_eq!(underlined(&r), "@network-guides");
    assert!(r.contains("did you mean `network-guide`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn broken_link_suggests_the_nearest_page() {
    let project = Project::new("evidence");
    project.edit(
        "content/case-studies/harbor-link.md",
        "@/case-studies/mill-town-partners.md",
        "@/case-studies/mill-town-partner.md",
    );
    let r = one_error(&project, "content/case-studies/harbor-link.md");
    assert!(r.contains("`case-studies/mill-town-partners.md`"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn missing_anchor_suggests_the_nearest_heading() {
    let project = Project::new("evidence");
    project.edit(
        "content/case-studies/desert-bloom.md",
        "#fn-sustain-funding)",
        "#fn-sustain-fundng)",
    );
    let r = one_error(&project, "content/case-studies/desert-bloom.md");
    assert!(r.contains("has no heading `#fn-sustain-fundng`"), "{r}");
    assert!(r.contains("did you mean `fn-sustain-funding`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_taxonomy_term_lists_the_allowed_terms() {
    let project = Project::new("evidence");
    project.edit(
        "content/case-studies/guilford-together.md",
        "focus_areas = [\"breaking-down-silos\"]",
        "focus_areas = [\"breaking-silos\"]",
    );
    let r = one_error(&project, "content/case-studies/guilford-together.md");
    assert_eq!(underlined(&r), "breaking-silos");
    for allowed in [
        "advancing-equity",
        "breaking-down-silos",
        "expanding-partnerships",
    ] {
        assert!(r.contains(&format!("`{allowed}`")), "lists {allowed}:\n{r}");
    }
    insta::assert_snapshot!(r);
}

#[test]
fn annotation_for_an_unknown_key_is_an_error() {
    let project = Project::new("evidence");
    let annotation = project.read("bibliography/annotations/kania2011.md");
    project.write("bibliography/annotations/kania2012.md", &annotation);
    let (code, r) = check(&project);
    assert_eq!(code, 1, "{r}");
    assert!(r.contains("error: 1 error(s)"), "{r}");
    assert!(
        r.contains("bibliography/annotations/kania2012.md"),
        "names the file:\n{r}"
    );
    assert!(r.contains("unknown bibliography key `kania2012`"), "{r}");
    assert!(r.contains("did you mean `kania2011`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn entry_without_annotation_is_a_warning() {
    let project = Project::new("evidence");
    std::fs::remove_file(project.path("bibliography/annotations/hall-podcast.md")).unwrap();
    let (code, r) = check(&project);
    assert_eq!(code, 0, "a warning does not fail the check:\n{r}");
    assert!(
        r.contains("warning: entry `hall-podcast` has no annotation"),
        "{r}"
    );
    assert!(r.contains("┌─ bibliography/references.bib:"), "{r}");
    assert_eq!(underlined(&r), "hall-podcast");
    assert!(
        r.contains("bibliography/annotations/hall-podcast.md"),
        "says what to write:\n{r}"
    );
    insta::assert_snapshot!(r);
    // The site still builds; the entry's page says the annotation is missing.
    let site = project.build_ok(&[]);
    let doc = site.page("bibliography/hall-podcast/");
    assert!(select(&doc, "section.annotation").is_empty());
    assert!(text(one(&doc, "article.reference")).contains("no annotation yet"));
}

#[test]
fn annotation_missing_a_part_is_an_error() {
    let project = Project::new("evidence");
    project.edit(
        "bibliography/annotations/varda2018.md",
        "## Evaluation\nA peer-reviewed network study across many communities.\n\n",
        "",
    );
    let r = one_error(&project, "bibliography/annotations/varda2018.md");
    assert!(
        r.contains("found: Summary, Relevance to integrators"),
        "{r}"
    );
    assert!(r.contains("`## Evaluation`"), "{r}");
    // The annotation exists, it is only incomplete: no second report that it is missing.
    assert!(!r.contains("has no annotation"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_evidence_type_suggests_the_nearest() {
    let project = Project::new("evidence");
    project.edit(
        "bibliography/annotations/chang2012.md",
        "evidence_type = \"framework\"",
        "evidence_type = \"framwork\"",
    );
    let r = one_error(&project, "bibliography/annotations/chang2012.md");
    assert_eq!(underlined(&r), "\"framwork\"");
    assert!(r.contains("did you mean `framework`?"), "{r}");
    assert!(
        r.contains("`evidence_type = \"peer-reviewed-study\"`"),
        "lists the allowed types:\n{r}"
    );
    assert!(!r.contains("has no annotation"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn every_problem_of_an_annotation_front_matter_is_reported_in_one_run() {
    // Annotations are checked field by field, as pages are: a wrong type, a misspelt key and
    // an unknown evidence type all come out together.
    let project = Project::new("evidence");
    let file = "bibliography/annotations/chang2012.md";
    let text = project.read(file);
    let bad = text
        .replace(
            "evidence_type = \"framework\"",
            "evidence_type = \"framwork\"",
        )
        .replace("peer_reviewed = ", "peer_reveiwed = ");
    assert_ne!(bad, text, "the fixture has both fields");
    project.write(file, &bad);
    let run = project.check(&[]);
    run.expect_code(1);
    let r = common::redact(&run.stderr, &project);
    assert!(r.contains("`evidence_type` cannot be `framwork`"), "{r}");
    assert!(r.contains("unknown field `peer_reveiwed`"), "{r}");
    assert!(r.contains("did you mean `peer_reviewed`?"), "{r}");
    assert!(r.contains("error: 2 error(s)"), "{r}");
}
