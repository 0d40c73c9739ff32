//! Views of the graph for templates: small serializable structs that borrow from the graph, so a
//! page body is never copied into another page's context. ARCHITECTURE.md lists every field; a
//! case study's facts are in `context/case_study.rs`.

mod case_study;

use std::collections::BTreeMap;

use serde::Serialize;

pub use case_study::{known, term_name, CaseStudyView, OrgView};
use graph::{Graph, NodeId, PageId, PageNode, SectionId};
use markdown::Heading;

/// Shown wherever the sources do not report a value.
pub const NOT_REPORTED: &str = "Not reported in the sources";

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
}

/// Site-wide values every template gets as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Absolute base URL with a trailing slash.
    pub base_url: &'a str,
    /// Path prefix for site links (`/` or `/sub/`).
    pub base_path: &'a str,
    /// `<html lang>`.
    pub language: &'a str,
    /// Top-level sections with a weight, in order.
    pub menu: Vec<LinkView>,
    /// Taxonomy index pages.
    pub taxonomies: Vec<LinkView>,
    /// Asset name → fingerprinted URL.
    pub assets: BTreeMap<String, String>,
    /// Whether the feed is written.
    pub feed: bool,
    /// Whether search is enabled.
    pub search: bool,
    /// Whether the favicon, touch icon and manifest are written (the theme has `favicon.svg`).
    pub icons: bool,
    /// Browser toolbar colour, light scheme.
    pub theme_color: &'a str,
    /// Browser toolbar colour, dark scheme.
    pub dark_theme_color: &'a str,
    /// Whether the offline service worker is registered.
    pub service_worker: bool,
}

impl<'a> SiteView<'a> {
    /// The site view of a graph, with the fingerprinted names of its assets.
    pub fn new(graph: &'a Graph, asset_names: &BTreeMap<String, String>) -> Self {
        let base_path = graph.base_url.path();
        SiteView {
            title: &graph.config.title,
            description: &graph.config.description,
            base_url: graph.base_url.as_str(),
            language: &graph.config.language,
            menu: menu(graph),
            taxonomies: graph
                .taxonomies
                .iter()
                .map(|t| LinkView {
                    title: t.taxonomy.config.title.clone(),
                    url: t.permalink.url(base_path),
                })
                .collect(),
            assets: asset_names
                .iter()
                .map(|(k, v)| (k.clone(), format!("{base_path}{v}")))
                .collect(),
            feed: graph.config.feed,
            search: graph.config.search,
            icons: asset_names.contains_key(crate::share::icons::MANIFEST),
            theme_color: graph.config.manifest.theme_color.as_str(),
            dark_theme_color: graph.config.manifest.dark_theme_color.as_str(),
            service_worker: graph.config.service_worker
                && asset_names.contains_key(crate::share::offline::REGISTER),
            base_path,
        }
    }
}

/// A page in a listing.
#[derive(Debug, Serialize)]
pub struct PageSummary<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Summary as HTML.
    pub summary_html: String,
    /// Date, if any.
    pub date: Option<String>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// "City, ST" for case studies.
    pub place: Option<String>,
    /// The summary as plain text (no citations or links), for cards.
    pub description: &'a str,
    /// The terms it is tagged with, per taxonomy (empty for pages that are not case studies).
    pub terms: Vec<PageTerms>,
}

/// What a page with link previews loads (`previews` in its template context).
#[derive(Debug, Clone, Serialize)]
pub struct PreviewsView {
    /// The script's fingerprinted URL.
    pub script: String,
    /// The previews data file's URL.
    pub data: String,
}

impl PreviewsView {
    /// The URLs of the theme's `preview.js` and the previews file among `assets` (name → URL),
    /// when both are there.
    pub fn new(assets: &BTreeMap<String, String>) -> Option<Self> {
        Some(PreviewsView {
            script: assets.get(PREVIEW_SCRIPT)?.clone(),
            data: assets.get(crate::previews::NAME)?.clone(),
        })
    }
}

/// The theme's link preview script.
pub const PREVIEW_SCRIPT: &str = "preview.js";

/// A table-of-contents entry (level 2 headings, with their level 3 children).
#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    /// Heading id.
    pub id: &'a str,
    /// Heading text.
    pub title: &'a str,
    /// Sub-headings.
    pub children: Vec<TocEntry<'a>>,
}

/// A taxonomy term a page is tagged with.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    /// The term's id in its vocabulary (what filters match on).
    pub id: String,
    /// Display name.
    pub title: String,
    /// The term's page.
    pub url: String,
}

/// The terms of one taxonomy that a page is tagged with.
#[derive(Debug, Serialize)]
pub struct PageTerms {
    /// Taxonomy name (its URL segment and filter key, e.g. `functions`).
    pub name: String,
    /// Taxonomy title.
    pub title: String,
    /// Taxonomy URL.
    pub url: String,
    /// Tagged terms.
    pub terms: Vec<TermLink>,
}

/// Builds a nested table of contents from level 2 and 3 headings.
pub fn toc(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    let mut out: Vec<TocEntry<'_>> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            id: &h.id,
            title: &h.text,
            children: Vec::new(),
        };
        match (h.level, out.last_mut()) {
            (2, _) => out.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            _ => {}
        }
    }
    out
}

/// The link to a node.
pub fn link(graph: &Graph, node: NodeId) -> LinkView {
    let (title, permalink) = graph.title_and_link(node);
    LinkView {
        title: title.to_string(),
        url: permalink.url(graph.base_url.path()),
    }
}

/// Links to a page's neighbours and backlinks.
pub fn page_link(graph: &Graph, id: Option<PageId>) -> Option<LinkView> {
    id.map(|p| link(graph, NodeId::Page(p)))
}

/// The terms a page is tagged with, per taxonomy.
pub fn page_terms(graph: &Graph, node: &PageNode) -> Vec<PageTerms> {
    let base = graph.base_url.path();
    graph
        .taxonomies
        .iter()
        .filter_map(|t| {
            let ids = node.page.terms(t.taxonomy.config.field);
            if ids.is_empty() {
                return None;
            }
            let terms = t
                .terms
                .iter()
                .filter(|term| ids.contains(&term.term.id.as_str()))
                .map(|term| TermLink {
                    id: term.term.id.clone(),
                    title: term.term.name.clone(),
                    url: term.permalink.url(base),
                })
                .collect();
            Some(PageTerms {
                name: t.taxonomy.config.name.clone(),
                title: t.taxonomy.config.title.clone(),
                url: t.permalink.url(base),
                terms,
            })
        })
        .collect()
}

/// Top-level sections with a weight, in menu order.
pub fn menu(graph: &Graph) -> Vec<LinkView> {
    let Some(home) = graph.home() else {
        return Vec::new();
    };
    let mut subs: Vec<SectionId> = graph
        .section(home)
        .subsections
        .iter()
        .copied()
        .filter(|s| graph.section(*s).section.meta.weight.is_some())
        .collect();
    subs.sort_by_key(|s| {
        (
            graph.section(*s).section.meta.weight,
            graph.section(*s).section.meta.title.clone(),
        )
    });
    subs.into_iter()
        .map(|s| link(graph, NodeId::Section(s)))
        .collect()
}

/// One item of a page's reference list.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// The entry's key.
    pub key: String,
    /// The formatted reference.
    pub html: String,
    /// The entry's page.
    pub url: String,
}

/// "Cite this page": the page formatted as a reference, with downloads.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CiteView {
    /// The reference in APA.
    pub apa_html: String,
    /// The reference in the site's style, when that is not APA.
    pub style_html: Option<String>,
    /// The site style's name.
    pub style_name: &'static str,
    /// BibTeX download.
    pub bib_url: String,
    /// RIS download.
    pub ris_url: String,
    /// CSL-JSON download.
    pub json_url: String,
}
