//! The typed front-matter schemas: one struct per page type, all with `deny_unknown_fields` so a
//! misspelt key is an error rather than silently ignored.

use serde::{Deserialize, Serialize};

pub use crate::date::{Date, YEARS};

/// Which kind of pages a section holds.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// A generic page.
    #[default]
    Page,
    /// A chapter of the paper, read in `weight` order.
    Chapter,
    /// A bright-spot network.
    CaseStudy,
    /// A glossary term.
    Glossary,
}

impl PageType {
    /// The template that renders pages of this type.
    pub fn template(self) -> &'static str {
        match self {
            PageType::Page | PageType::Glossary => "page.html",
            PageType::Chapter => "chapter.html",
            PageType::CaseStudy => "case_study.html",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// By `weight`, then title.
    #[default]
    Weight,
    /// Newest `date` first, then title.
    Date,
    /// Alphabetically by title.
    Title,
}

/// Front matter of a section's `_index.md`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    /// Heading of the section page.
    pub title: String,
    /// One sentence under the title and in listings.
    #[serde(default)]
    pub description: Option<String>,
    /// The type of every page in this section (and in sub-sections that do not say otherwise).
    #[serde(default)]
    pub page_type: Option<PageType>,
    /// How pages are ordered in listings and prev/next.
    #[serde(default)]
    pub sort_by: SortBy,
    /// Position in the site navigation (lower first); sections without one are not in the menu.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Hidden unless building with `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

/// The fields every page type shares, read into each type's struct with `#[serde(flatten)]`.
/// The outer structs keep `deny_unknown_fields`, so a misspelt key is still refused (a test
/// holds it). Which of them a type requires is its field table's rule (`fields/`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct PageFields {
    /// The page's title.
    pub title: String,
    /// URL slug overriding the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Hidden unless building with `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of a generic page.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GenericMeta {
    /// The title, URL slug, old URLs and draft flag every page type has.
    #[serde(flatten)]
    pub common: PageFields,
    /// Summary for listings (otherwise the first paragraph).
    #[serde(default)]
    pub summary: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Order within the section.
    #[serde(default)]
    pub weight: i64,
}

/// Front matter of a chapter of the paper.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChapterMeta {
    /// The title, URL slug, old URLs and draft flag every page type has.
    #[serde(flatten)]
    pub common: PageFields,
    /// Reading order (required).
    pub weight: i64,
    /// Summary for listings.
    #[serde(default)]
    pub summary: Option<String>,
    /// When the chapter was published or last revised: its citation's date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Who wrote it, `"Family, Given"` or an organization's name; none: the site's publisher.
    #[serde(default)]
    pub authors: Vec<crate::bibliography::Name>,
    /// The chapter's short link (`/role`), for slides, QR codes and print.
    #[serde(default)]
    pub short: Option<String>,
}

/// Front matter of a glossary term.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryMeta {
    /// The title, URL slug, old URLs and draft flag every page type has.
    #[serde(flatten)]
    pub common: PageFields,
    /// One-sentence definition.
    pub summary: String,
    /// Other forms of the term (plurals, synonyms).
    #[serde(default)]
    pub also: Vec<String>,
}

/// A year of a network's life as the sources report it. Written in front matter as a number
/// or as the word `"unknown"` (the sources are silent: said deliberately) or, for an end year,
/// `"ongoing"`; which word a field allows is the field table's rule (`fields/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WrittenYear", into = "WrittenYear")]
pub enum Year {
    /// A year such as 2014.
    Known(i32),
    /// The sources do not say.
    Unknown,
    /// Still going (an end year).
    Ongoing,
}

/// A year as front matter writes it.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum WrittenYear {
    Number(i32),
    Word(String),
}

impl TryFrom<WrittenYear> for Year {
    type Error = String;
    fn try_from(w: WrittenYear) -> Result<Self, String> {
        match w {
            WrittenYear::Number(y) => Ok(Year::Known(y)),
            WrittenYear::Word(w) if w == "unknown" => Ok(Year::Unknown),
            WrittenYear::Word(w) if w == "ongoing" => Ok(Year::Ongoing),
            WrittenYear::Word(w) => Err(format!("`{w}` is not a year")),
        }
    }
}

impl From<Year> for WrittenYear {
    fn from(y: Year) -> Self {
        match y {
            Year::Known(y) => WrittenYear::Number(y),
            Year::Unknown => WrittenYear::Word("unknown".into()),
            Year::Ongoing => WrittenYear::Word("ongoing".into()),
        }
    }
}

/// When a network started and ended.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Years {
    /// First year, or "unknown".
    pub start: Year,
    /// Last year, "ongoing" or "unknown".
    pub end: Year,
}

/// Where a network works.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// City, county or neighbourhood.
    pub city: String,
    /// State id from the states vocabulary.
    pub state: String,
}

/// An organization in a network: the integrator or a partner.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Organization name, or "unknown".
    pub name: String,
    /// Sector id from the sectors vocabulary, or "unknown".
    pub sector: String,
    /// What it does in the network, or "unknown".
    pub role: String,
}

/// Whether a network is still working.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Still working, as far as the sources say.
    Active,
    /// Ended.
    Ended,
    /// The sources do not say.
    Unknown,
}

/// How many key points a case study has, at least and at most.
pub const KEY_POINTS: std::ops::RangeInclusive<usize> = 3..=5;

/// The most words one key point may have: a bullet read at a glance, not a paragraph.
pub const KEY_POINT_WORDS: usize = 40;

/// Front matter of a case study. Every field is required; "unknown" marks what sources don't say.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaseStudyMeta {
    /// The title, URL slug, old URLs and draft flag every page type has.
    #[serde(flatten)]
    pub common: PageFields,
    /// One or two plain sentences for listings and the at-a-glance box.
    pub summary: String,
    /// Three to five short, cited bullets shown under the title: what the network is, what it
    /// did, what came of it, the lesson (checked by `check`; see [`KEY_POINTS`]).
    #[serde(default)]
    pub key_points: Vec<String>,
    /// The network's name.
    pub network: String,
    /// Where it works.
    pub location: Location,
    /// The lead integrating organization.
    pub integrator: Organization,
    /// The other partners.
    pub partners: Vec<Organization>,
    /// Integrative function ids.
    pub functions: Vec<String>,
    /// Learning Lab focus-area ids.
    pub focus_areas: Vec<String>,
    /// Sector ids of the partners.
    pub sectors: Vec<String>,
    /// Active years.
    pub years: Years,
    /// Whether it is still working.
    pub status: Status,
    /// Bibliography keys the page rests on.
    pub sources: Vec<model::cite_key::CiteKey>,
    /// When the page was last checked against its sources.
    pub last_reviewed: Date,
    /// Who wrote the page, `"Family, Given"` or an organization's name; none: the site's
    /// publisher.
    #[serde(default)]
    pub authors: Vec<crate::bibliography::Name>,
    /// The case study's short link (`/bp`), for slides, QR codes and print.
    #[serde(default)]
    pub short: Option<String>,
    /// Order within the section.
    #[serde(default)]
    pub weight: i64,
}
