//! Reference-list quality in each offered style (APA 7, Chicago author-date, AMA): a DOI is a
//! `https://doi.org/…` link, a web page shows its access date only when the entry has one (and
//! never "Retrieved" or "Accessed" without a date), and titles keep the case the entry holds.

use crate::common::{self, attrs, one, text, Site};

fn site(style: &str) -> Site {
    if style == "apa" {
        common::built_once("evidence", &[])
    } else {
        common::built_with_style("evidence", style)
    }
}

const STYLES: &[&str] = &["apa", "chicago-author-date", "ama"];

/// The formatted reference on the entry's own page, as text, and its links.
fn reference(site: &Site, key: &str) -> (String, Vec<String>) {
    let doc = site.page(&format!("bibliography/{key}/"));
    let p = one(&doc, "p.formatted-reference");
    let links = p
        .select(&common::sel("a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    (text(p), links)
}

#[test]
fn a_doi_is_a_doi_org_link_in_every_style() {
    for style in STYLES {
        let site = site(style);
        let (text, links) = reference(&site, "varda2018");
        assert!(
            links
                .iter()
                .any(|l| l == "https://doi.org/10.5555/varda.2018.001"),
            "{style}: {links:?} in {text}"
        );
        // AMA 11 prints it as "doi:10…" (still linked to doi.org); the others as the address.
        if *style == "ama" {
            assert!(
                text.contains("doi:10.5555/varda.2018.001"),
                "{style}: {text}"
            );
        } else {
            assert!(
                text.contains("https://doi.org/10.5555/varda.2018.001"),
                "{style}: {text}"
            );
            assert!(!text.contains("doi:10.5555"), "{style}: {text}");
        }
        // In a page's reference list too.
        let doc = site.page("paper/why-integrators/");
        let hrefs = attrs(&doc, "section.references li a", "href");
        assert!(
            hrefs
                .iter()
                .any(|h| h == "https://doi.org/10.5555/varda.2018.001"),
            "{style}: {hrefs:?}"
        );
    }
}

/// An entry of a `.bib` text formatted alone in a style, as text.
fn formatted(bib: &str, key: &str, kind: brightspot::config::CitationStyle) -> String {
    let library = hayagriva::io::from_biblatex_str(bib).expect("parses");
    let html = brightspot::bibliography::Styler::new(kind)
        .format_entry(library.get(key).expect("the entry"), "/")
        .expect("formatted");
    let doc = scraper::Html::parse_fragment(&html);
    doc.root_element().text().collect()
}

const WEB_PAGES: &str = r"@online{undated, author = {{Moving Health Care Upstream}}, title = {Announcing the networks}, url = {https://example.org/x}, urldate = {2024-05-01}}
@online{dated, author = {Adams, Robin}, title = {A field guide}, date = {2020}, url = {https://example.org/guide}, urldate = {2024-05-01}}
@online{unvisited, author = {Hall, Jordan}, title = {Talking about backbones}, url = {https://example.org/podcast}}";

#[test]
fn an_access_date_is_shown_as_each_style_asks_and_never_without_a_date() {
    use brightspot::config::CitationStyle::{Ama, Apa, ChicagoAuthorDate};
    // An undated page with an access date: every style gives the date it was read.
    assert!(formatted(WEB_PAGES, "undated", Apa).contains(
        "(n.d.). Announcing the networks. Retrieved May 1, 2024, from https://example.org/x"
    ));
    assert!(formatted(WEB_PAGES, "undated", ChicagoAuthorDate)
        .contains("Accessed May 1, 2024. https://example.org/x"));
    assert!(formatted(WEB_PAGES, "undated", Ama)
        .contains("Accessed May 1, 2024. https://example.org/x"));
    // A dated page: AMA always gives the access date; APA 7 and Chicago only for undated
    // works, which their manuals (and CSL styles) ask for.
    assert!(formatted(WEB_PAGES, "dated", Ama).contains("Accessed May 1, 2024."));
    for kind in [Apa, ChicagoAuthorDate] {
        let text = formatted(WEB_PAGES, "dated", kind);
        assert!(
            !text.contains("2024") && text.contains("https://example.org/guide"),
            "{kind:?}: {text}"
        );
    }
    // No access date: never "Retrieved" or "Accessed" with nothing after it.
    for kind in [Apa, ChicagoAuthorDate, Ama] {
        let text = formatted(WEB_PAGES, "unvisited", kind);
        assert!(
            !text.contains("Retrieved") && !text.contains("Accessed"),
            "{kind:?}: {text}"
        );
        assert!(
            text.contains("https://example.org/podcast"),
            "{kind:?}: {text}"
        );
    }
    // And on the built site's pages.
    for style in STYLES {
        let (text, _) = reference(&site(style), "hall-podcast");
        assert!(
            !text.contains("Retrieved") && !text.contains("Accessed"),
            "{style}: {text}"
        );
    }
}

#[test]
fn a_quoted_title_ending_in_a_period_is_not_followed_by_another() {
    // Chicago puts the title's period inside its quotation marks, then hayagriva adds the
    // delimiter's: "“A Field Guide.”." — repaired in `csl_html::to_html`.
    let text = formatted(
        WEB_PAGES,
        "dated",
        brightspot::config::CitationStyle::ChicagoAuthorDate,
    );
    assert!(
        text.contains("“A Field Guide.” https://example.org/guide"),
        "{text}"
    );
    assert!(!text.contains(".”."), "{text}");
}

#[test]
fn titles_keep_the_case_the_entry_holds() {
    // The entries hold sentence case with proper nouns braced; no style lower-cases a proper
    // noun, and APA does not turn a sentence-case title into title case.
    for style in STYLES {
        let site = site(style);
        let (text, _) = reference(&site, "varda2018");
        assert!(
            text.contains("Journal of Public Health Management and Practice"),
            "{style}: {text}"
        );
        if *style == "apa" {
            assert!(
                text.contains("Measuring the value of partnership networks"),
                "{style}: {text}"
            );
        }
    }
}

#[test]
fn proper_nouns_held_in_braces_survive_every_style() {
    use brightspot::bibliography::Styler;
    use brightspot::config::CitationStyle;
    // As the site's .bib holds titles: sentence case, proper nouns braced.
    let bib = r"@online{mhcu,
  author = {{Moving Health Care Upstream}},
  title = {Announcing networks selected for {Nemours} 2020 {Integrator Learning Lab}},
  date = {2020},
  url = {https://example.org/lab},
}";
    let library = hayagriva::io::from_biblatex_str(bib).expect("parses");
    let entry = library.get("mhcu").expect("the entry");
    for kind in [
        CitationStyle::Apa,
        CitationStyle::ChicagoAuthorDate,
        CitationStyle::Ama,
    ] {
        let html = Styler::new(kind)
            .format_entry(entry, "/")
            .expect("formatted");
        for noun in [
            "Nemours",
            "Integrator Learning Lab",
            "Moving Health Care Upstream",
        ] {
            assert!(html.contains(noun), "{kind:?}: {noun} in {html}");
        }
        if kind == CitationStyle::Apa {
            // APA: sentence case as held, not title case.
            assert!(
                html.contains(
                    "Announcing networks selected for Nemours 2020 Integrator Learning Lab"
                ),
                "{html}"
            );
        }
    }
}

#[test]
fn a_title_in_title_case_is_a_warning_at_its_entry() {
    let project = common::Project::new("evidence");
    project.edit(
        "bibliography/references.bib",
        "title        = {Measuring the value of partnership networks}",
        "title        = {Measuring the Value of Partnership Networks}",
    );
    let run = project.check(&[]);
    run.expect_code(0);
    let report = common::redact(&run.stderr, &project);
    assert!(
        report.contains("warning: the title of `varda2018` looks like title case"),
        "{report}"
    );
    assert!(
        report.contains("┌─ bibliography/references.bib:22:"),
        "{report}"
    );
    assert!(report.contains("brace proper nouns"), "{report}");
}
