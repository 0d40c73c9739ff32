//! Highwire Press `citation_*` meta tags, which Google Scholar indexes and Zotero's "Embedded
//! Metadata" translator saves in one click: on chapters and case studies for the page itself
//! (with one `citation_reference` per work it cites), and on a bibliography entry's page for
//! that work. Computed here as typed data; `base.html` writes them into the head.

use serde::Serialize;

use content::bibliography::{BibEntry, Work};
use content::schema::Date;

/// One `<meta name=… content=…>` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaTag {
    /// The tag's name, such as `citation_title`.
    pub name: &'static str,
    /// Its content, as plain text (the template escapes it).
    pub content: String,
}

fn tag(name: &'static str, content: impl Into<String>) -> MetaTag {
    MetaTag {
        name,
        content: content.into(),
    }
}

/// A date as Google Scholar asks for it: `YYYY/MM/DD`, or the year alone when the day is not
/// known.
fn scholar_date(year: i32, month: Option<u8>, day: Option<u8>) -> String {
    match (month, day) {
        (Some(m), Some(d)) => format!("{year:04}/{m:02}/{d:02}"),
        _ => format!("{year:04}"),
    }
}

fn page_date(d: Date) -> String {
    scholar_date(d.year, Some(d.month), Some(d.day))
}

/// The tags of a page of this site: what it is (`book` names the paper a chapter belongs to),
/// then one `citation_reference` per work in its reference list.
pub fn page_tags<'a>(
    w: &Work,
    book: Option<&str>,
    cited: impl IntoIterator<Item = &'a BibEntry>,
) -> Vec<MetaTag> {
    let mut tags = vec![tag("citation_title", &w.title)];
    tags.extend(
        w.authors
            .iter()
            .map(|a| tag("citation_author", a.inverted())),
    );
    if let Some(d) = w.issued {
        tags.push(tag("citation_publication_date", page_date(d)));
    }
    if let Some(book) = book {
        tags.push(tag("citation_book_title", book));
    }
    tags.push(tag("citation_publisher", &w.publisher));
    tags.push(tag("citation_public_url", &w.url));
    tags.push(tag("citation_language", &w.language));
    tags.extend(cited.into_iter().map(|e| {
        // Google Scholar's form: the work's own tags, `name=value` joined by "; ". A value's
        // own semicolon would end its field early, so it becomes a comma.
        let joined: Vec<String> = entry_tags(e)
            .into_iter()
            .map(|t| format!("{}={}", t.name, t.content.replace(';', ",")))
            .collect();
        tag("citation_reference", joined.join("; "))
    }));
    tags
}

/// The tags of a bibliography entry's work: title, authors, date, where it appeared, its
/// publisher, DOI and address, each only when the entry has it.
pub fn entry_tags(e: &BibEntry) -> Vec<MetaTag> {
    let mut tags = Vec::new();
    if let Some(title) = e.field("title") {
        tags.push(tag("citation_title", title));
    }
    for p in e.raw.author().unwrap_or_default() {
        // `and others`: unnamed further authors, not a person called "others".
        if p.name == "others" {
            continue;
        }
        let family = if p.prefix.is_empty() {
            p.name.clone()
        } else {
            format!("{} {}", p.prefix, p.name)
        };
        let name = if p.given_name.is_empty() {
            family
        } else {
            format!("{family}, {}", p.given_name)
        };
        tags.push(tag("citation_author", name));
    }
    if let Some(d) = e.entry.date() {
        // hayagriva counts months and days from zero.
        tags.push(tag(
            "citation_publication_date",
            scholar_date(d.year, d.month.map(|m| m + 1), d.day.map(|d| d + 1)),
        ));
    }
    let kind = e.raw.entry_type.to_string().to_lowercase();
    if let Some(journal) = e.field("journaltitle").or_else(|| e.field("journal")) {
        tags.push(tag("citation_journal_title", journal));
    }
    for (field, name) in [("volume", "citation_volume"), ("number", "citation_issue")] {
        if let Some(v) = e.field(field) {
            tags.push(tag(name, v));
        }
    }
    if let Some(pages) = e.field("pages") {
        let mut parts = pages.splitn(2, ['-', '–']);
        if let Some(first) = parts.next().map(str::trim).filter(|p| !p.is_empty()) {
            tags.push(tag("citation_firstpage", first));
        }
        if let Some(last) = parts.next().map(|p| p.trim_matches(['-', ' '])) {
            if !last.is_empty() {
                tags.push(tag("citation_lastpage", last));
            }
        }
    }
    let institution = e.field("institution");
    if matches!(kind.as_str(), "report" | "techreport") {
        if let Some(i) = &institution {
            tags.push(tag("citation_technical_report_institution", i));
        }
    }
    if let Some(publisher) = e
        .field("publisher")
        .or(institution)
        .or_else(|| e.field("organization"))
    {
        tags.push(tag("citation_publisher", publisher));
    }
    if let Some(doi) = e.field("doi") {
        tags.push(tag("citation_doi", doi));
    }
    if let Some(url) = e.field("url").filter(|u| markdown::is_safe_url(u)) {
        tags.push(tag("citation_public_url", url));
    }
    tags
}
