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

/// The years a date or a case study's years may fall in: older or later dates in this site's
/// content are typing mistakes (`20211`, `-5`), not history or plans.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

impl Date {
    /// Parses exactly `YYYY-MM-DD`, a real calendar day (checked by the `time` crate) in
    /// [`YEARS`]; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Date, String> {
        let shape = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape {
            let starts_like_a_date = s.len() > 10 && Date::parse(&s[..10.min(s.len())]).is_ok();
            return Err(if starts_like_a_date {
                format!("`{s}` is not a date: remove the text after `{}` (a date is written YYYY-MM-DD)", &s[..10])
            } else {
                format!("`{s}` is not a date written YYYY-MM-DD")
            });
        }
        let year: i32 = s[..4].parse().map_err(|_| format!("`{s}` is not a date"))?;
        let month: u8 = s[5..7]
            .parse()
            .map_err(|_| format!("`{s}` is not a date"))?;
        let day: u8 = s[8..].parse().map_err(|_| format!("`{s}` is not a date"))?;
        if !YEARS.contains(&year) {
            return Err(format!(
                "`{s}`: the year {year} is outside {}–{}",
                YEARS.start(),
                YEARS.end()
            ));
        }
        let month_name = time::Month::try_from(month)
            .map_err(|_| format!("`{s}` is not a date: there is no month {month}"))?;
        time::Date::from_calendar_date(year, month_name, day)
            .map_err(|_| format!("`{s}` is not a date: {month_name} {year} has no day {day}"))?;
        Ok(Date { year, month, day })
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
                Date::parse(s).map_err(E::custom)
            }
            // TOML dates arrive as a one-entry map holding their text; an offset date-time
            // (`2026-11-22T10:00:00Z`, already checked by the TOML parser) keeps its date.
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Date, M::Error> {
                let (_, value): (String, String) = map
                    .next_entry()?
                    .ok_or_else(|| de::Error::custom("empty date"))?;
                let date = match value.get(10..11) {
                    Some("T" | "t" | " ") => &value[..10],
                    _ => value.as_str(),
                };
                Date::parse(date).map_err(de::Error::custom)
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
    /// When the chapter was published or last revised: its citation's date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Who wrote it, `"Family, Given"` or an organization's name; none: the site's publisher.
    #[serde(default)]
    pub authors: Vec<crate::bibliography::Name>,
    /// URL slug overriding the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The chapter's short link (`/role`), for slides, QR codes and print.
    #[serde(default)]
    pub short: Option<String>,
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
    /// Who wrote the page, `"Family, Given"` or an organization's name; none: the site's
    /// publisher.
    #[serde(default)]
    pub authors: Vec<crate::bibliography::Name>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// The case study's short link (`/bp`), for slides, QR codes and print.
    #[serde(default)]
    pub short: Option<String>,
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
        let t: T = toml::from_str("d = 2026-11-22T10:00:00Z").unwrap();
        assert_eq!(t.d.to_string(), "2026-11-22");
    }

    #[test]
    fn impossible_dates_are_refused_with_the_reason() {
        #[derive(Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            d: Date,
        }
        let err = |src: &str| toml::from_str::<T>(src).unwrap_err().message().to_string();
        assert!(err("d = \"2021-02-30\"").contains("February 2021 has no day 30"));
        assert!(err("d = \"2021-05-17junk\"").contains("remove the text after `2021-05-17`"));
        assert!(err("d = \"2021-13-01\"").contains("no month 13"));
        assert!(err("d = \"1899-12-31\"").contains("outside 1900–2100"));
        assert!(err("d = \"-0005-01-01\"").contains("YYYY-MM-DD"));
        assert!(err("d = \"99999-01-01\"").contains("YYYY-MM-DD"));
        let yaml = |src: &str| serde_yaml_ng::from_str::<T>(src).unwrap_err().to_string();
        assert!(yaml("d: 2021-02-30").contains("February 2021 has no day 30"));
        assert!(yaml("d: \"2021-02-29\"").contains("no day 29"));
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    }
}
