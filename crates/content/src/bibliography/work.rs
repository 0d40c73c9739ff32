//! A page of this site as a work to cite: one typed record ("Cite this page") from which every
//! format is written by its own serialiser (`work_formats.rs` for BibTeX, RIS and CSL-JSON,
//! [`Work::to_hayagriva`] for the formatted styles), so no format is made by printing another
//! and parsing it back, and special characters stay what they are in each.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::schema::Date;

/// An author's name as front matter writes it: `"Family, Given"` for a person, a name without
/// a comma for an organization (a corporate author, which styles never split into parts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Name {
    /// A person.
    Person {
        /// Family name, such as "Chang".
        family: String,
        /// Given names or initials, such as "Debbie I.".
        given: String,
    },
    /// An organization named as an author.
    Organization(String),
}

impl Name {
    /// Reads `"Family, Given"` (a person) or `"Name"` (an organization); the error says what
    /// is wrong.
    pub fn parse(s: &str) -> Result<Name, String> {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err("an author's name is empty".into());
        }
        match s.split_once(',') {
            None => Ok(Name::Organization(s)),
            Some((family, given)) => {
                let (family, given) = (family.trim(), given.trim());
                if given.contains(',') {
                    return Err(format!("`{s}` has more than one comma"));
                }
                if family.is_empty() || given.is_empty() {
                    return Err(format!(
                        "`{s}` lacks a family or a given name around its comma"
                    ));
                }
                Ok(Name::Person {
                    family: family.into(),
                    given: given.into(),
                })
            }
        }
    }

    /// The name inverted, as Highwire `citation_author` and RIS `AU` want it: "Chang, Debbie I.",
    /// or the organization's name.
    pub fn inverted(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Person { family, given } => write!(f, "{family}, {given}"),
            Name::Organization(name) => f.write_str(name),
        }
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        let s = String::deserialize(d)?;
        Name::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A web page of this site as a citable work.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    /// The citation key of the downloads (the page's slug).
    pub id: String,
    /// The title, exactly as the page shows it.
    pub title: String,
    /// The authors: the page's `authors`, else the site's corporate author.
    pub authors: Vec<Name>,
    /// When it was published or last revised, if the page says.
    pub issued: Option<Date>,
    /// Who publishes the site.
    pub publisher: String,
    /// The website's name, the work's container.
    pub site: String,
    /// The page's permanent address.
    pub url: String,
    /// Its language, a BCP 47 tag such as `en`.
    pub language: String,
}

/// A hayagriva date from ours (hayagriva counts months and days from zero).
pub(super) fn hayagriva_date(d: Date) -> hayagriva::types::Date {
    hayagriva::types::Date {
        year: d.year,
        month: Some(d.month - 1),
        day: Some(d.day - 1),
        approximate: false,
        season: None,
    }
}

/// Text no style may change the case of: a page title is written as it should be printed.
fn verbatim(s: &str) -> hayagriva::types::FormatString {
    use hayagriva::types::{ChunkKind, ChunkedString, FormatString};
    let mut chunks = ChunkedString::new();
    chunks.push_str(s, ChunkKind::Verbatim);
    FormatString {
        value: chunks,
        short: None,
    }
}

impl Work {
    /// The work as a hayagriva entry, for the formatted styles: a web page whose parent is the
    /// website, with its publisher and address.
    pub fn to_hayagriva(&self) -> Option<hayagriva::Entry> {
        use hayagriva::types::{EntryType, Person, Publisher, QualifiedUrl};
        let mut entry = hayagriva::Entry::new(&self.id, EntryType::Web);
        entry.set_title(verbatim(&self.title));
        entry.set_authors(
            self.authors
                .iter()
                .map(|n| match n {
                    Name::Person { family, given } => Person {
                        name: family.clone(),
                        given_name: Some(given.clone()),
                        prefix: None,
                        suffix: None,
                        comma_suffix: false,
                        alias: None,
                    },
                    Name::Organization(name) => Person {
                        name: name.clone(),
                        given_name: None,
                        prefix: None,
                        suffix: None,
                        comma_suffix: false,
                        alias: None,
                    },
                })
                .collect(),
        );
        if let Some(d) = self.issued {
            entry.set_date(hayagriva_date(d));
        }
        entry.set_url(QualifiedUrl::new(url::Url::parse(&self.url).ok()?, None));
        // APA names a group author once: not again as the publisher or as the site.
        let is_author = |name: &str| {
            self.authors
                .iter()
                .any(|a| matches!(a, Name::Organization(o) if o == name))
        };
        if !is_author(&self.publisher) {
            entry.set_publisher(Publisher::new(Some(verbatim(&self.publisher)), None));
        }
        if !is_author(&self.site) && self.site != self.publisher {
            let mut site = hayagriva::Entry::new(&self.id, EntryType::Web);
            site.set_title(verbatim(&self.site));
            entry.set_parents(vec![site]);
        }
        Some(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_people_with_a_comma_and_organizations_without() {
        assert_eq!(
            Name::parse(" Chang,  Debbie I. ").unwrap(),
            Name::Person {
                family: "Chang".into(),
                given: "Debbie I.".into()
            }
        );
        assert_eq!(
            Name::parse("Moving Health Care Upstream").unwrap(),
            Name::Organization("Moving Health Care Upstream".into())
        );
        assert!(Name::parse(" ").unwrap_err().contains("empty"));
        assert!(Name::parse("Chang,")
            .unwrap_err()
            .contains("lacks a family or a given name"));
        assert!(Name::parse("Chang, D., Jr.")
            .unwrap_err()
            .contains("more than one comma"));
        assert_eq!(
            Name::parse("Chang, Debbie").unwrap().inverted(),
            "Chang, Debbie"
        );
    }
}
