//! Downloads of the bibliography: BibTeX (written by the `biblatex` crate), RIS (a few tagged
//! lines, written here) and CSL-JSON.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::BibEntry;

/// The entries as BibLaTeX, as the `biblatex` crate writes them.
pub fn bibtex<'a>(entries: impl IntoIterator<Item = &'a BibEntry>) -> String {
    let mut out = String::new();
    for e in entries {
        out.push_str(&e.raw.to_biblatex_string());
        out.push_str("\n\n");
    }
    out
}

/// Whether the `biblatex` crate reads back what it writes for `entry`: it writes some TeX
/// (`^\$` as `\^\$`, an accent command over `\$`) that it then cannot parse, and the BibTeX
/// download must parse. The loader refuses such an entry with a diagnostic.
pub fn round_trips(entry: &biblatex::Entry) -> bool {
    biblatex::Bibliography::parse(&entry.to_biblatex_string()).is_ok_and(|b| b.iter().count() == 1)
}

fn ris_type(e: &BibEntry) -> &'static str {
    match e.raw.entry_type.to_string().to_lowercase().as_str() {
        "article" => "JOUR",
        "book" => "BOOK",
        "inbook" | "incollection" => "CHAP",
        "report" | "techreport" => "RPRT",
        "online" | "www" => "ELEC",
        "inproceedings" | "conference" => "CONF",
        "thesis" | "phdthesis" | "mastersthesis" => "THES",
        _ => "GEN",
    }
}

/// The entries as RIS records.
pub fn ris<'a>(entries: impl IntoIterator<Item = &'a BibEntry>) -> String {
    let mut out = String::new();
    for e in entries {
        let mut line = |tag: &str, value: &str| {
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if !value.is_empty() {
                let _ = write!(out, "{tag}  - {value}\r\n");
            }
        };
        line("TY", ris_type(e));
        line("ID", e.key.as_str());
        for p in e.raw.author().unwrap_or_default() {
            let name = if p.given_name.is_empty() {
                p.name.clone()
            } else {
                format!("{}, {}", p.name, p.given_name)
            };
            line("AU", &name);
        }
        for (field, tag) in [
            ("title", "TI"),
            ("journaltitle", "JO"),
            ("journal", "JO"),
            ("volume", "VL"),
            ("number", "IS"),
            ("institution", "PB"),
            ("publisher", "PB"),
            ("organization", "PB"),
            ("url", "UR"),
            ("doi", "DO"),
            ("note", "N1"),
        ] {
            if let Some(v) = e.field(field) {
                line(tag, &v);
            }
        }
        if let Some(pages) = e.field("pages") {
            let mut parts = pages.splitn(2, ['-', '–']);
            line("SP", parts.next().unwrap_or(""));
            line("EP", parts.next().unwrap_or("").trim_start_matches('-'));
        }
        if let Some(date) = e.field("date").or_else(|| e.field("year")) {
            line("PY", date.get(..4).unwrap_or(&date));
            line("DA", &date.replace('-', "/"));
        }
        if let Some(d) = e.field("urldate") {
            line("Y2", &d);
        }
        out.push_str("ER  - \r\n");
    }
    out
}

fn csl_type(e: &BibEntry) -> &'static str {
    match e.raw.entry_type.to_string().to_lowercase().as_str() {
        "article" => "article-journal",
        "book" => "book",
        "inbook" | "incollection" => "chapter",
        "report" | "techreport" => "report",
        "online" | "www" => "webpage",
        "inproceedings" => "paper-conference",
        "thesis" | "phdthesis" | "mastersthesis" => "thesis",
        _ => "document",
    }
}

fn date_parts(s: &str) -> Option<Value> {
    let parts: Vec<Value> = s
        .get(..10.min(s.len()))?
        .split('-')
        .filter_map(|p| p.parse::<i64>().ok())
        .map(Value::from)
        .collect();
    (!parts.is_empty()).then(|| json!({ "date-parts": [parts] }))
}

/// One entry as a CSL-JSON item.
pub fn csl_item(e: &BibEntry) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), e.key.as_str().into());
    m.insert("type".into(), csl_type(e).into());
    let authors: Vec<Value> = e
        .raw
        .author()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.name != "others")
        .map(|p| {
            if p.given_name.is_empty() {
                json!({ "literal": p.name })
            } else {
                json!({ "family": p.name, "given": p.given_name })
            }
        })
        .collect();
    if !authors.is_empty() {
        m.insert("author".into(), authors.into());
    }
    for (field, key) in [
        ("title", "title"),
        ("journaltitle", "container-title"),
        ("journal", "container-title"),
        ("volume", "volume"),
        ("number", "issue"),
        ("pages", "page"),
        ("institution", "publisher"),
        ("publisher", "publisher"),
        ("organization", "publisher"),
        ("url", "URL"),
        ("doi", "DOI"),
        ("note", "note"),
        ("type", "genre"),
    ] {
        if let Some(v) = e.field(field) {
            m.entry(key.to_string()).or_insert_with(|| v.into());
        }
    }
    if let Some(d) = e
        .field("date")
        .or_else(|| e.field("year"))
        .and_then(|d| date_parts(&d))
    {
        m.insert("issued".into(), d);
    }
    if let Some(d) = e.field("urldate").and_then(|d| date_parts(&d)) {
        m.insert("accessed".into(), d);
    }
    Value::Object(m)
}

/// The entries as a CSL-JSON array, pretty-printed.
pub fn csl_json<'a>(entries: impl IntoIterator<Item = &'a BibEntry>) -> String {
    let items: Vec<Value> = entries.into_iter().map(csl_item).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()) + "\n"
}
