//! The repository's own evidence content (issue 3) holds up: `check` finds nothing unresolved,
//! every case study cites at least three distinct works and every paper chapter at least one
//! (counted in the rendered References list), and every bibliography entry has an annotation
//! with all three parts.

use crate::common;

use std::collections::BTreeSet;

use common::{
    attrs, brightspot, published_pages as pages_of, real_site, repo, select, split, text, Site,
};

/// The distinct entries a built page lists under "References", by the link to each entry.
fn cited_entries(site: &Site, page: &str) -> BTreeSet<String> {
    let doc = site.page(page);
    select(&doc, "section.references li")
        .into_iter()
        .flat_map(|li| {
            li.select(&common::sel("a[href*='/bibliography/']"))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn check_finds_no_unresolved_citation_link_or_term() {
    let run = brightspot(&["check", "--root", repo().to_str().unwrap()]);
    run.expect_code(0);
    for problem in [
        "unknown citation key",
        "unknown bibliography key",
        "broken link",
        "term `",
        "no heading with id",
        "annotation",
        "warning",
    ] {
        assert!(
            !run.stderr.contains(problem),
            "`check` reports `{problem}`:\n{}",
            run.stderr
        );
    }
}

#[test]
fn every_case_study_cites_at_least_three_distinct_works() {
    let site = real_site();
    let studies = pages_of("case-studies");
    assert!(studies.len() >= 5, "{studies:?}");
    let thin: Vec<String> = studies
        .iter()
        .map(|(file, page)| (file, cited_entries(&site, page)))
        .filter(|(_, cited)| cited.len() < 3)
        .map(|(file, cited)| format!("{file}: {cited:?}"))
        .collect();
    assert_eq!(
        thin,
        Vec::<String>::new(),
        "case studies citing fewer than 3 works"
    );
}

#[test]
fn every_paper_chapter_cites_at_least_one_work() {
    let site = real_site();
    let uncited: Vec<String> = pages_of("paper")
        .into_iter()
        .filter(|(_, page)| cited_entries(&site, page).is_empty())
        .map(|(file, _)| file)
        .collect();
    assert_eq!(uncited, Vec::<String>::new(), "chapters without references");
}

/// Every key of bibliography/*.bib.
fn bibliography_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("bibliography")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "bib") {
            let text = std::fs::read_to_string(&path).unwrap();
            let bib = biblatex::Bibliography::parse(&text)
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            keys.extend(bib.iter().map(|e| e.key.clone()));
        }
    }
    keys
}

const PARTS: [&str; 3] = ["Summary", "Evaluation", "Relevance to integrators"];

#[test]
fn every_bibliography_entry_has_an_annotation_with_all_three_parts() {
    let keys = bibliography_keys();
    assert!(keys.len() >= 30, "{} entries", keys.len());
    let dir = repo().join("bibliography/annotations");
    let annotated: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        keys.difference(&annotated).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "entries without an annotation"
    );
    assert_eq!(
        annotated.difference(&keys).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "annotations of no entry"
    );
    for key in &keys {
        let file = dir.join(format!("{key}.md"));
        let (front, body) = split(&std::fs::read_to_string(&file).unwrap(), &file);
        for field in ["evidence_type", "topics", "peer_reviewed"] {
            assert!(front.contains_key(field), "{key}: no `{field}`");
        }
        // Each part is a `## ` heading followed by some prose before the next part.
        let mut parts: Vec<(String, String)> = Vec::new();
        for line in body.lines() {
            if let Some(heading) = line.strip_prefix("## ") {
                parts.push((heading.trim().to_string(), String::new()));
            } else if let Some((_, text)) = parts.last_mut() {
                text.push_str(line.trim());
                text.push(' ');
            }
        }
        let headings: Vec<&str> = parts.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headings, PARTS, "{key}: the parts of the annotation");
        for (heading, text) in &parts {
            assert!(
                text.split_whitespace().count() >= 5,
                "{key}: the part `{heading}` is (nearly) empty: {text:?}"
            );
        }
    }
}

#[test]
fn every_reference_page_shows_the_annotation_and_who_cites_it() {
    let site = real_site();
    for key in bibliography_keys() {
        let doc = site.page(&format!("bibliography/{key}/"));
        let headings: Vec<String> = select(&doc, "section.annotation h2:not(.visually-hidden)")
            .into_iter()
            .map(text)
            .collect();
        assert_eq!(headings, PARTS, "{key}: annotation on its page");
        // Every entry of the bibliography is cited somewhere on the site.
        assert!(
            !attrs(&doc, "section.cited-by li a", "href").is_empty(),
            "{key} is cited by no page"
        );
    }
}
