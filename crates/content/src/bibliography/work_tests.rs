//! Round trips of "Cite this page": each format written from a [`Work`] is read back by a
//! reader of that format (the `biblatex` crate, serde_json, a RIS line reader, hayagriva's
//! styles) and must give the same title, names, date and address, for titles with TeX's
//! special characters, accents and non-Latin scripts.

use biblatex::ChunksExt;

use super::work::{Name, Work};
use super::work_formats::{bibtex, csl_json, ris, CslDate, CslItem, CslName};
use super::Styler;
use crate::schema::Date;
use model::config::CitationStyle;

const TITLES: &[&str] = &[
    "Costs of $x$ and {braces}",
    "Health & housing: 40% of {them}",
    "Hash # under_score ~tilde^ and back\\slash",
    "Café, Straße and Ærø",
    "人口健康整合者",
    "مُدمِج صحة السكان",
];

fn work(title: &str) -> Work {
    Work {
        id: "the-page".into(),
        title: title.into(),
        authors: vec![
            Name::Person {
                family: "Müller-Ørsted".into(),
                given: "José".into(),
            },
            Name::Organization("Health & Co. {East} 100%".into()),
        ],
        issued: Some(Date {
            year: 2026,
            month: 12,
            day: 1,
        }),
        publisher: "Bright Spots: A $ & % site".into(),
        site: "Bright Spots: A $ & % site".into(),
        url: "https://example.org/paper/caf%C3%A9/".into(),
        language: "en".into(),
    }
}

#[test]
fn bibtex_reads_back_as_written() {
    for title in TITLES {
        let w = work(title);
        let text = bibtex(&w);
        let bib = biblatex::Bibliography::parse(&text)
            .unwrap_or_else(|e| panic!("{title}: {e:?} in\n{text}"));
        let e = bib.get("the-page").expect("the entry");
        let field = |name: &str| e.fields.get(name).map(|c| c.format_verbatim());
        assert_eq!(field("title").as_deref(), Some(*title), "in\n{text}");
        assert_eq!(field("organization").as_deref(), Some(w.publisher.as_str()));
        assert_eq!(field("url").as_deref(), Some(w.url.as_str()));
        assert_eq!(field("date").as_deref(), Some("2026-12-01"));
        let people = e.author().expect("authors");
        assert_eq!(people.len(), 2, "in\n{text}");
        assert_eq!(
            (people[0].name.as_str(), people[0].given_name.as_str()),
            ("Müller-Ørsted", "José")
        );
        // The organization is one braced name: not split into given and family names.
        assert_eq!(people[1].name, "Health & Co. {East} 100%");
        assert_eq!(people[1].given_name, "");
    }
}

/// RIS as a reader sees it: each `TAG  - value` line, in order.
fn read_ris(text: &str) -> Vec<(String, String)> {
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (tag, value) = l
                .split_once("  - ")
                .unwrap_or_else(|| panic!("not a RIS line: {l:?}"));
            (tag.to_string(), value.to_string())
        })
        .collect()
}

#[test]
fn ris_reads_back_as_written() {
    for title in TITLES {
        let w = work(title);
        let lines = read_ris(&ris(&w));
        let all = |tag: &str| -> Vec<&str> {
            lines
                .iter()
                .filter(|(t, _)| t == tag)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(
            lines.first().map(|(t, v)| (t.as_str(), v.as_str())),
            Some(("TY", "ELEC"))
        );
        assert_eq!(
            lines.last().map(|(t, v)| (t.as_str(), v.as_str())),
            Some(("ER", ""))
        );
        assert_eq!(all("TI"), [*title]);
        assert_eq!(
            all("AU"),
            ["Müller-Ørsted, José", "Health & Co. {East} 100%"]
        );
        assert_eq!(all("DA"), ["2026/12/01"]);
        assert_eq!(all("PY"), ["2026"]);
        assert_eq!(all("UR"), [w.url.as_str()]);
        assert_eq!(all("PB"), [w.publisher.as_str()]);
    }
}

#[test]
fn csl_json_reads_back_as_written() {
    for title in TITLES {
        let w = work(title);
        let items: Vec<CslItem> = serde_json::from_str(&csl_json(&w)).expect("CSL-JSON");
        let [item] = items.as_slice() else {
            panic!("one item")
        };
        assert_eq!(item.title, *title);
        assert_eq!(item.kind, "webpage");
        assert_eq!(
            item.author,
            [
                CslName::Person {
                    family: "Müller-Ørsted".into(),
                    given: "José".into()
                },
                CslName::Literal {
                    literal: "Health & Co. {East} 100%".into()
                }
            ]
        );
        assert_eq!(
            item.issued,
            Some(CslDate {
                date_parts: vec![vec![2026, 12, 1]]
            })
        );
        assert_eq!(item.url, w.url);
        // And as generic JSON, the field names CSL processors look for.
        let raw: serde_json::Value = serde_json::from_str(&csl_json(&w)).unwrap();
        assert_eq!(raw[0]["container-title"], w.site.as_str());
        assert_eq!(raw[0]["URL"], w.url.as_str());
    }
}

/// The text of formatted HTML: tags dropped, the few entities the writer uses decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[test]
fn every_style_prints_the_title_names_and_date_as_written() {
    for kind in [
        CitationStyle::Apa,
        CitationStyle::ChicagoAuthorDate,
        CitationStyle::Ama,
    ] {
        let styler = Styler::new(kind);
        for title in TITLES {
            let w = work(title);
            let entry = w.to_hayagriva().expect("a valid URL");
            let html = styler.format_entry(&entry, "/").expect("formatted");
            let text = text_of(&html);
            assert!(text.contains(title), "{kind:?}: {title:?} not in {text:?}");
            assert!(text.contains("Müller-Ørsted"), "{kind:?}: {text:?}");
            assert!(
                text.contains("Health & Co. {East} 100%"),
                "{kind:?}: {text:?}"
            );
            assert!(text.contains("2026"), "{kind:?}: {text:?}");
            assert!(text.contains(&w.url), "{kind:?}: {text:?}");
        }
    }
}

#[test]
fn a_title_in_title_case_keeps_its_case_in_apa() {
    // APA prints titles in sentence case; a page's title is already written as it should be
    // printed, so hayagriva must not fold "Learning Lab" to "learning lab".
    let w = work("What the 2020 Integrator Learning Lab Taught");
    let html = Styler::new(CitationStyle::Apa)
        .format_entry(&w.to_hayagriva().unwrap(), "/")
        .unwrap();
    assert!(
        text_of(&html).contains("What the 2020 Integrator Learning Lab Taught"),
        "{html}"
    );
}

#[test]
fn a_group_author_who_publishes_the_site_is_named_once() {
    // APA 7: when the author is the site, the site is not named again as publisher.
    let mut w = work("Why integrators matter");
    w.authors = vec![Name::Organization(w.publisher.clone())];
    let html = Styler::new(CitationStyle::Apa)
        .format_entry(&w.to_hayagriva().unwrap(), "/")
        .unwrap();
    let text = text_of(&html);
    assert_eq!(
        text.matches("Bright Spots: A $ & % site").count(),
        1,
        "{text}"
    );
    assert!(text.starts_with("Bright Spots: A $ & % site. (2026, December 1). Why integrators matter. https://example.org/paper/caf%C3%A9/"), "{text}");
}
