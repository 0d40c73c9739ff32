//! The typed front-matter schemas: one struct per page type, all with `deny_unknown_fields` so a
//! misspelt key is an error rather than silently ignored.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A calendar date, written `YYYY-MM-DD` (a TOML date or a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (a time part after it is ignored).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let date = s.get(..10)?;
        let mut parts = date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s)
                    .ok_or_else(|| E::custom(format!("`{s}` is not a date written YYYY-MM-DD")))
            }
            // TOML dates arrive as a one-entry map holding their text.
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Date, M::Error> {
                let (_, value): (String, String) = map
                    .next_entry()?
                    .ok_or_else(|| de::Error::custom("empty date"))?;
                self.visit_str(&value)
            }
        }
        d.deserialize_any(V)
    }
}

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

/// Front matter of a generic page.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GenericMeta {
    /// Page title.
    pub title: String,
    /// Summary for listings (otherwise the first paragraph).
    #[serde(default)]
    pub summary: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Order within the section.
    #[serde(default)]
    pub weight: i64,
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

/// Front matter of a chapter of the paper.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChapterMeta {
    /// Chapter title.
    pub title: String,
    /// Reading order (required).
    pub weight: i64,
    /// Summary for listings.
    #[serde(default)]
    pub summary: Option<String>,
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

/// Front matter of a glossary term.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryMeta {
    /// The term.
    pub title: String,
    /// One-sentence definition.
    pub summary: String,
    /// Other forms of the term (plurals, synonyms).
    #[serde(default)]
    pub also: Vec<String>,
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

/// A value the sources may not report: the literal string `"unknown"` says so deliberately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum YearValue {
    /// A year such as 2014.
    Year(i32),
    /// `"unknown"` or, for an end year, `"ongoing"`.
    Word(String),
}

/// When a network started and ended.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Years {
    /// First year, or "unknown".
    pub start: YearValue,
    /// Last year, "ongoing" or "unknown".
    pub end: YearValue,
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
    /// Page title.
    pub title: String,
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
    pub sources: Vec<String>,
    /// When the page was last checked against its sources.
    pub last_reviewed: Date,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Hidden unless building with `--drafts`.
    pub draft: bool,
    /// URL slug overriding the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Order within the section.
    #[serde(default)]
    pub weight: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_toml_and_strings() {
        #[derive(Deserialize)]
        struct T {
            d: Date,
        }
        let t: T = toml::from_str("d = 2026-11-22").unwrap();
        assert_eq!(t.d.to_string(), "2026-11-22");
        let t: T = toml::from_str("d = \"2021-05-17\"").unwrap();
        assert_eq!(
            t.d,
            Date {
                year: 2021,
                month: 5,
                day: 17
            }
        );
        assert!(toml::from_str::<T>("d = \"May 2021\"").is_err());
    }
}
