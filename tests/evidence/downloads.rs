//! The bibliography downloads: BibTeX, RIS and CSL-JSON, each read back by a parser of its
//! format.

use super::*;

/// The fixture's .bib, parsed.
fn source_bibliography() -> biblatex::Bibliography {
    let text =
        std::fs::read_to_string(common::fixture("evidence/bibliography/references.bib")).unwrap();
    biblatex::Bibliography::parse(&text).expect("the fixture's .bib parses")
}

/// An entry's type and fields as plain strings, for comparing two parses.
pub(super) fn fields(e: &biblatex::Entry) -> (String, BTreeMap<String, String>) {
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
pub(super) fn ris_records(ris: &str) -> Vec<Vec<(String, String)>> {
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

pub(super) fn ris_values<'a>(record: &'a [(String, String)], tag: &str) -> Vec<&'a str> {
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
