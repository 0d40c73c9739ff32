//! "Cite this page" in the reference managers' formats, each written from the typed [`Work`]:
//! BibLaTeX with every TeX special character escaped ([`tex_escape`]), RIS as tagged lines,
//! CSL-JSON by serde from typed items.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::work::{Name, Work};
use crate::schema::Date;

/// Text as TeX reads it back unchanged. `$ & % # _ { }` take a backslash; `~ ^ \` are commands
/// of their own, because `\~`, `\^` and `\\` (what the `biblatex` crate's writer emits) are an
/// accent, an accent and a line break to LaTeX.
pub fn tex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '$' | '&' | '%' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            // A line break would end nothing in TeX, but a reader's one-line field would.
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The work as a BibLaTeX `@online` entry. The title and an organization's name are braced a
/// second time, so BibTeX styles keep their case and never split an organization into names.
pub fn bibtex(w: &Work) -> String {
    let mut out = format!("@online{{{},\n", w.id);
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    };
    let authors: Vec<String> = w
        .authors
        .iter()
        .map(|n| match n {
            Name::Person { family, given } => {
                format!("{}, {}", tex_escape(family), tex_escape(given))
            }
            Name::Organization(org) => format!("{{{}}}", tex_escape(org)),
        })
        .collect();
    if !authors.is_empty() {
        field("author", authors.join(" and "));
    }
    field("title", format!("{{{}}}", tex_escape(&w.title)));
    field("organization", format!("{{{}}}", tex_escape(&w.publisher)));
    if let Some(d) = w.issued {
        field("date", d.to_string());
    }
    // A URL is verbatim in BibLaTeX: its `%` and `#` are not escaped.
    field("url", w.url.replace(['{', '}'], ""));
    field("langid", tex_escape(&w.language));
    out.push_str("}\n");
    out
}

/// The work as one RIS record (`TY  - ELEC` … `ER  - `), lines ended with CRLF as RIS asks.
pub fn ris(w: &Work) -> String {
    let mut out = String::new();
    let mut line = |tag: &str, value: &str| {
        // A RIS value is one line: a line break inside would end it.
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = write!(out, "{tag}  - {value}\r\n");
    };
    line("TY", "ELEC");
    line("ID", &w.id);
    for name in &w.authors {
        line("AU", &name.inverted());
    }
    line("TI", &w.title);
    line("T2", &w.site);
    line("PB", &w.publisher);
    if let Some(d) = w.issued {
        line("PY", &d.year.to_string());
        line("DA", &format!("{:04}/{:02}/{:02}", d.year, d.month, d.day));
    }
    line("UR", &w.url);
    line("LA", &w.language);
    out.push_str("ER  - \r\n");
    out
}

/// One CSL-JSON item, as citeproc processors and Zotero read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslItem {
    /// The item's key.
    pub id: String,
    /// The CSL item type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The title.
    pub title: String,
    /// The authors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<CslName>,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<CslDate>,
    /// The website.
    #[serde(rename = "container-title")]
    pub container_title: String,
    /// The publisher.
    pub publisher: String,
    /// The address.
    #[serde(rename = "URL")]
    pub url: String,
    /// The language tag.
    pub language: String,
}

/// A CSL-JSON name: a person in parts or an organization as one literal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CslName {
    /// A person.
    Person {
        /// Family name.
        family: String,
        /// Given names.
        given: String,
    },
    /// An organization.
    Literal {
        /// Its name.
        literal: String,
    },
}

/// A CSL-JSON date: `{"date-parts": [[year, month, day]]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslDate {
    /// One date as year, month, day.
    #[serde(rename = "date-parts")]
    pub date_parts: Vec<Vec<i32>>,
}

impl From<Date> for CslDate {
    fn from(d: Date) -> CslDate {
        CslDate {
            date_parts: vec![vec![d.year, i32::from(d.month), i32::from(d.day)]],
        }
    }
}

/// The work as a CSL-JSON item.
pub fn csl_item(w: &Work) -> CslItem {
    CslItem {
        id: w.id.clone(),
        kind: "webpage".into(),
        title: w.title.clone(),
        author: w
            .authors
            .iter()
            .map(|n| match n {
                Name::Person { family, given } => CslName::Person {
                    family: family.clone(),
                    given: given.clone(),
                },
                Name::Organization(org) => CslName::Literal {
                    literal: org.clone(),
                },
            })
            .collect(),
        issued: w.issued.map(CslDate::from),
        container_title: w.site.clone(),
        publisher: w.publisher.clone(),
        url: w.url.clone(),
        language: w.language.clone(),
    }
}

/// The work as a CSL-JSON array of one item, pretty-printed.
pub fn csl_json(w: &Work) -> String {
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&[csl_item(w)]).unwrap_or_default() + "\n"
}
