//! What the bibliography's templates get: `entry` on `reference.html`, `bibliography` on
//! `bibliography.html`.

use serde::Serialize;

use crate::context::Reference;

/// An entry in a listing.
#[derive(Serialize)]
pub struct EntrySummary<'a> {
    /// The entry's key.
    pub key: &'a str,
    /// The entry's page.
    pub url: String,
    /// The reference in the site's style, as HTML.
    pub html: &'a str,
    /// The annotation's evidence type, by name.
    pub evidence_type: Option<&'static str>,
}

/// The citation style's credit line.
#[derive(Serialize)]
pub struct Attribution {
    /// The style's title.
    pub style: String,
    /// The style's licence.
    pub license: String,
    /// The licence's URL.
    pub license_url: String,
}

/// BibTeX, RIS and CSL-JSON downloads of an entry or the whole bibliography.
#[derive(Serialize)]
pub struct Downloads {
    /// The BibTeX file.
    pub bib: String,
    /// The RIS file.
    pub ris: String,
    /// The CSL-JSON file.
    pub json: String,
}

impl Downloads {
    /// The three files `{prefix}.bib`, `.ris` and `.json`.
    pub fn at(prefix: &str) -> Self {
        Downloads {
            bib: format!("{prefix}.bib"),
            ris: format!("{prefix}.ris"),
            json: format!("{prefix}.json"),
        }
    }
}

/// A topic an entry's annotation names, linking to its group on the index.
#[derive(Serialize)]
pub struct TopicLink<'a> {
    /// The topic's name.
    pub name: &'a str,
    /// Its group on the bibliography index.
    pub url: String,
}

/// A page or section that cites the entry.
#[derive(Serialize)]
pub struct CitedByView<'a> {
    /// The citing page's title.
    pub title: String,
    /// The citing page's URL.
    pub url: String,
    /// The heading the citation falls under, if any.
    pub heading: Option<CitedHeading<'a>>,
}

/// The heading a citation falls under.
#[derive(Serialize)]
pub struct CitedHeading<'a> {
    /// The heading's text.
    pub text: &'a str,
    /// The heading's anchor on the citing page.
    pub url: String,
}

/// A bibliography entry's page, as `reference.html` gets it (`entry`).
#[derive(Serialize)]
pub struct EntryView<'a> {
    /// The entry's key.
    pub key: &'a str,
    /// The work's title, else the key.
    pub title: &'a str,
    /// The page's URL.
    pub url: String,
    /// The page's absolute URL.
    pub permalink: String,
    /// The reference in the site's style, as HTML.
    pub html: Option<&'a str>,
    /// The reference in APA, when the site's style is another.
    pub apa_html: Option<&'a str>,
    /// The site style's name.
    pub style_name: &'static str,
    /// The work's own URL, when it is safe to link.
    pub link: Option<String>,
    /// The DOI as a URL.
    pub doi: Option<String>,
    /// The annotation's evidence type, by name.
    pub evidence_type: Option<&'static str>,
    /// Whether the annotation says the work is peer reviewed.
    pub peer_reviewed: Option<bool>,
    /// The annotation's topics.
    pub topics: Vec<TopicLink<'a>>,
    /// The annotation, as HTML.
    pub annotation_html: Option<String>,
    /// The works the annotation cites.
    pub annotation_references: Vec<Reference>,
    /// The pages and sections that cite the entry.
    pub cited_by: Vec<CitedByView<'a>>,
    /// The entry's own downloads.
    pub downloads: Downloads,
    /// The citation style's credit line.
    pub attribution: Attribution,
}

/// A topic's group of entries on the index.
#[derive(Serialize)]
pub struct TopicGroup<'a> {
    /// The group's anchor (`topic-<id>`).
    pub id: String,
    /// The topic's name.
    pub name: &'a str,
    /// Its entries, alphabetical by author.
    pub entries: Vec<EntrySummary<'a>>,
}

/// A link to the index filtered by one evidence type.
#[derive(Serialize)]
pub struct TypeLink {
    /// The type's id.
    pub id: &'static str,
    /// The type's name.
    pub name: &'static str,
    /// How many entries have it.
    pub count: usize,
    /// The filtered page.
    pub url: String,
}

/// The evidence type a filtered index page shows.
#[derive(Serialize)]
pub struct TypeFilter {
    /// The type's id.
    pub id: &'static str,
    /// The type's name.
    pub name: &'static str,
}

/// The annotated bibliography, as `bibliography.html` gets it (`bibliography`).
#[derive(Serialize)]
pub struct BibliographyView<'a> {
    /// The index's URL.
    pub url: String,
    /// How many entries the bibliography has (all of them, filtered or not).
    pub count: usize,
    /// The entries by topic, groups without entries left out.
    pub groups: Vec<TopicGroup<'a>>,
    /// The evidence-type filter links.
    pub types: &'a [TypeLink],
    /// The evidence type this page shows, on a filtered page.
    pub filter: Option<TypeFilter>,
    /// The whole bibliography's downloads.
    pub downloads: &'a Downloads,
    /// The site style's name.
    pub style_name: &'static str,
    /// The citation style's credit line.
    pub attribution: Attribution,
}
