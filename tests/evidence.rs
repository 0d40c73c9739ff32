//! The evidence graph (issue 4) on tests/fixtures/evidence: citations in every pandoc form,
//! reference pages and their downloads, internal links and backlinks, taxonomy terms, related
//! case studies, the evidence map, glossary links, "cite this page", and a diagnostic for each way
//! a contributor can get the graph wrong; one file per part. The helpers here are shared by them.

mod citations;
mod diagnostics;
mod downloads;
mod links;
mod map;
mod references;
mod terms;

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
