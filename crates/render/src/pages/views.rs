//! What the page and section templates get: `page` on `page.html`, `chapter.html` and
//! `case_study.html`, `section` on `index.html` and `section.html`.

use serde::Serialize;

use crate::browse::FilterGroup;
use crate::context::{
    CaseStudyView, CiteView, LinkView, PageSummary, PageTerms, Reference, TocEntry,
};
use crate::evidence::Related;
use crate::share::ShortView;
use content::schema::PageType;

/// What every page-like template gets as `page`.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Description (plain text).
    pub description: String,
    /// The summary, as HTML.
    pub summary_html: String,
    /// Each key point, as HTML (case studies).
    pub key_points: Vec<String>,
    /// The body, as HTML.
    pub content: String,
    /// Table of contents of the body.
    pub toc: Vec<TocEntry<'a>>,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Date, if any.
    pub date: Option<String>,
    /// Page type.
    pub page_type: PageType,
    /// The section it is in.
    pub section: LinkView,
    /// The page before it in its section's order.
    pub prev: Option<LinkView>,
    /// The page after it in its section's order.
    pub next: Option<LinkView>,
    /// The pages that link to it.
    pub backlinks: Vec<LinkView>,
    /// The terms it is tagged with, per taxonomy.
    pub terms: Vec<PageTerms>,
    /// A case study's facts.
    pub case_study: Option<CaseStudyView<'a>>,
    /// Whether the body has code blocks.
    pub has_code: bool,
    /// The page's reference list.
    pub references: Vec<Reference>,
    /// Related case studies (case studies).
    pub related: Vec<Related>,
    /// "Cite this page" (case studies and chapters).
    pub cite: Option<CiteView>,
    /// The page's short link, if it has one.
    pub short: Option<ShortView>,
}

/// What `index.html` (home) and `section.html` get as `section`.
#[derive(Serialize)]
pub struct SectionView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description (plain text; empty when there is none).
    pub description: &'a str,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// The `_index.md` body, as HTML.
    pub content: &'a str,
    /// Table of contents of the body.
    pub toc: Vec<TocEntry<'a>>,
    /// Whether the body has code blocks.
    pub has_code: bool,
    /// The type of the section's pages.
    pub page_type: PageType,
    /// The section's pages, as in listings.
    pub pages: Vec<PageSummary<'a>>,
    /// Its subsections.
    pub subsections: Vec<LinkView>,
    /// The pages that link to it.
    pub backlinks: Vec<LinkView>,
    /// The body's reference list.
    pub references: Vec<Reference>,
    /// Filter groups, for lists of case studies.
    pub filters: Vec<FilterGroup<'a>>,
}
