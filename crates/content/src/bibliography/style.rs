//! Citation and reference formatting with hayagriva's bundled CSL styles (APA 7 by default), and
//! an HTML writer for its output that uses elements instead of inline styles (the CSP forbids
//! them) and escapes all text.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::OnceLock;

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose,
    ElemChildren, LocatorPayload, SpecificLocator,
};
use pulldown_cmark_escape::escape_html;

pub use super::csl_html::{to_html, EntryLink};
use super::Bibliography;
use markdown::{Citation, CiteForm, CiteItem};
use model::config::CitationStyle;

/// The hayagriva style bundled for `kind`.
fn archived(kind: CitationStyle) -> ArchivedStyle {
    match kind {
        CitationStyle::Apa => ArchivedStyle::AmericanPsychologicalAssociation,
        CitationStyle::ChicagoAuthorDate => ArchivedStyle::ChicagoAuthorDate,
        CitationStyle::Ama => ArchivedStyle::AmericanMedicalAssociation,
    }
}

/// A loaded CSL style. The locales it formats with are decoded when it first formats something
/// (a site without citations never pays for them), and only those the style can use.
pub struct Styler {
    style: IndependentStyle,
    locales: OnceLock<Vec<Locale>>,
    /// Which style this is.
    pub kind: CitationStyle,
}

impl std::fmt::Debug for Styler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Styler({:?})", self.kind)
    }
}

/// The citations of one page, rendered, and its reference list.
#[derive(Debug, Default, Clone)]
pub struct PageCitations {
    /// Citation HTML by the citation's index in the list the page was made from; None for a
    /// citation of a key the bibliography lacks (already an error).
    pub html: Vec<Option<String>>,
    /// The reference list: key and formatted reference HTML, in the style's order.
    pub references: Vec<(String, String)>,
}

impl Styler {
    /// Loads one of the bundled styles.
    pub fn new(kind: CitationStyle) -> Styler {
        let style = match archived(kind).get() {
            Style::Independent(s) => s,
            // The three bundled styles we offer are independent; a dependent one would need its
            // parent, which hayagriva's archive does not resolve.
            Style::Dependent(_) => unreachable!("bundled styles offered here are independent"),
        };
        Styler {
            style,
            locales: OnceLock::new(),
            kind,
        }
    }

    /// The locales hayagriva may look terms up in for this style, decoded on first use.
    fn locales(&self) -> &[Locale] {
        self.locales
            .get_or_init(|| super::locales::needed(&self.style))
    }

    /// The style's title and its license (name, URL), for the attribution the CSL styles require.
    pub fn attribution(&self) -> (String, String, String) {
        let info = &self.style.info;
        let (license, url) = info.rights.as_ref().map_or_else(
            || {
                (
                    "CC BY-SA 3.0".to_string(),
                    "https://creativecommons.org/licenses/by-sa/3.0/".to_string(),
                )
            },
            |r| {
                let url = r.license.clone().unwrap_or_default();
                (license_name(&url).unwrap_or_else(|| r.name.clone()), url)
            },
        );
        (info.title.value.clone(), license, url)
    }

    /// Formats every entry at once (one driver run, so disambiguation sees the whole list).
    pub fn all_references(&self, bib: &Bibliography, base_path: &str) -> BTreeMap<String, String> {
        if bib.entries.is_empty() {
            // Nothing to format, so the locales are not decoded.
            return BTreeMap::new();
        }
        let mut driver = BibliographyDriver::new();
        for e in &bib.entries {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(&e.entry)],
                &self.style,
                self.locales(),
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(&self.style, None, self.locales()));
        rendered
            .bibliography
            .map(|b| {
                b.items
                    .into_iter()
                    .map(|i| {
                        let html = self.lettered(bib, &i.key, to_html(&i.content, &[], base_path));
                        (i.key, html)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Formats any entry as a reference-list item.
    pub fn format_entry(&self, entry: &hayagriva::Entry, base_path: &str) -> Option<String> {
        self.format_entry_with(entry, base_path, to_html)
    }

    /// Formats an entry as a reference-list item, written as HTML by `write`.
    pub(super) fn format_entry_with(
        &self,
        entry: &hayagriva::Entry,
        base_path: &str,
        write: fn(&ElemChildren, &[EntryLink<'_>], &str) -> String,
    ) -> Option<String> {
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &self.style,
            self.locales(),
        ));
        let rendered = driver.finish(BibliographyRequest::new(&self.style, None, self.locales()));
        let item = rendered.bibliography?.items.into_iter().next()?;
        Some(write(&item.content, &[], base_path))
    }

    /// Renders every citation of a page (in document order) and its reference list.
    pub fn page(
        &self,
        bib: &Bibliography,
        citations: &[Citation],
        base_path: &str,
    ) -> PageCitations {
        if citations.is_empty() {
            // No citation and so no reference list; the locales are not decoded.
            return PageCitations::default();
        }
        let mut driver = BibliographyDriver::new();
        // The same citation written many times is formatted once (the driver's work grows with
        // every citation it is given): `slot[i]` is the formatted citation of `citations[i]`.
        let mut forms: HashMap<CiteForm, usize> = HashMap::new();
        let mut slot: Vec<Option<usize>> = Vec::with_capacity(citations.len());
        let mut order: Vec<Pending<'_>> = Vec::new();
        for c in citations {
            let form = c.form();
            if let Some(&at) = forms.get(&form) {
                slot.push(Some(at));
                continue;
            }
            let items: Vec<_> = c
                .items
                .iter()
                .filter_map(|i| bib.get(i.key.as_str()).map(|e| (i, e)))
                .collect();
            if items.is_empty() || items.len() != c.items.len() {
                slot.push(None);
                continue;
            }
            forms.insert(form, order.len());
            slot.push(Some(order.len()));
            let cite_items: Vec<_> = items
                .iter()
                .map(|(i, e)| {
                    // `[-@key]` is formatted in full and its names dropped (see `to_html`), so
                    // its locator is kept: hayagriva's year-only form has none.
                    let purpose = c.narrative.then_some(CitePurpose::Prose);
                    CitationItem::new(&e.entry, supplement(i), None, false, purpose)
                })
                .collect();
            // A numeric style collapses `1, 2, 3` to `1–3`, which drops the locators of the
            // items inside the range: cited with locators, each item is a request of its own.
            let split = self.kind == CitationStyle::Ama
                && cite_items.len() > 1
                && c.items.iter().any(|i| i.locator.is_some());
            let requests = if split {
                cite_items.into_iter().map(|i| vec![i]).collect()
            } else {
                vec![cite_items]
            };
            let parts = requests.len();
            for request in requests {
                driver.citation(CitationRequest::from_items(
                    request,
                    &self.style,
                    self.locales(),
                ));
            }
            // A numeric style prints only a number for `@key`; a sentence needs its subject, so
            // the authors are written before it, as pandoc does.
            let authors = (c.narrative && self.kind == CitationStyle::Ama).then(|| {
                items
                    .iter()
                    .map(|(_, e)| prose_names(e))
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            order.push(Pending {
                parts,
                links: items
                    .iter()
                    .map(|(i, _)| EntryLink {
                        key: i.key.as_str(),
                        prefix: &i.prefix,
                        suffix: &i.suffix,
                        suppress_author: i.suppress_author,
                        letter: self.author_date().then(|| bib.letter(i.key.as_str())),
                    })
                    .collect(),
                narrative: c.narrative,
                authors,
            });
        }
        let rendered = driver.finish(BibliographyRequest::new(&self.style, None, self.locales()));
        let mut cites = rendered.citations.iter();
        let formatted: Vec<String> = order
            .into_iter()
            .map(|p| {
                let parts: Vec<&ElemChildren> =
                    cites.by_ref().take(p.parts).map(|c| &c.citation).collect();
                self.finish_citation(p, &parts, base_path)
            })
            .collect();
        let mut out = PageCitations {
            html: slot
                .into_iter()
                .map(|s| s.and_then(|i| formatted.get(i).cloned()))
                .collect(),
            references: Vec::new(),
        };
        if let Some(b) = rendered.bibliography {
            out.references = b
                .items
                .into_iter()
                .map(|i| {
                    let html = self.lettered(bib, &i.key, to_html(&i.content, &[], base_path));
                    (i.key, html)
                })
                .collect();
        }
        out
    }

    /// Whether the style cites by author and date (APA, Chicago), so works of one author and
    /// year are told apart by letters.
    fn author_date(&self) -> bool {
        self.kind != CitationStyle::Ama
    }

    /// A formatted reference with the bibliography's letter for its date (author-date styles).
    fn lettered(&self, bib: &Bibliography, key: &str, html: String) -> String {
        if self.author_date() {
            super::with_letter(&html, bib.letter(key))
        } else {
            html
        }
    }

    /// One citation's HTML from hayagriva's output, with the repairs the styles need.
    fn finish_citation(&self, p: Pending<'_>, parts: &[&ElemChildren], base_path: &str) -> String {
        let mut html = match parts {
            [one] => to_html(one, &p.links, base_path),
            // Items formatted one by one (see `page`), joined as the style joins them.
            _ => {
                let mut joined = String::new();
                for (part, link) in parts.iter().zip(&p.links) {
                    if !joined.is_empty() {
                        joined.push_str("<sup>,</sup>");
                        if !link.prefix.is_empty() {
                            joined.push(' ');
                        }
                    }
                    joined.push_str(&to_html(part, std::slice::from_ref(link), base_path));
                }
                joined
            }
        };
        if p.narrative && self.kind == CitationStyle::Apa {
            // APA joins two authors with "and" in running text; "&" only in parentheses.
            if let Some(paren) = html.find(" (") {
                let (names, rest) = html.split_at(paren);
                html = format!("{}{rest}", names.replacen(" &amp; ", " and ", 1));
            }
        }
        if let Some(authors) = p.authors {
            html = format!("{authors}{html}");
        }
        format!("<span class=\"citation\">{html}</span>")
    }
}

/// A citation given to the driver, waiting for its output.
struct Pending<'c> {
    /// How many driver requests it was given as (more than one when split).
    parts: usize,
    links: Vec<EntryLink<'c>>,
    narrative: bool,
    /// For a narrative citation in a numeric style: the authors, written before the number.
    authors: Option<String>,
}

/// An item's locator as hayagriva's: its CSL type and value, so each style prints its own label
/// (`p. 33` in APA and Chicago, `33` in AMA's superscript).
fn supplement(item: &CiteItem) -> Option<SpecificLocator<'_>> {
    let l = item.locator.as_ref()?;
    let term = Locator::from_str(l.term.csl_name()).unwrap_or(Locator::Page);
    Some(SpecificLocator(term, LocatorPayload::Str(&l.value)))
}

/// The authors of an entry as running text names them, escaped for HTML.
fn prose_names(e: &super::BibEntry) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, &e.names_in_prose());
    out
}

/// A short name for a Creative Commons license URL (`…/licenses/by-sa/3.0/` → "CC BY-SA 3.0").
fn license_name(url: &str) -> Option<String> {
    let rest = url.split("/licenses/").nth(1)?;
    let mut parts = rest.trim_end_matches('/').split('/');
    let kind = parts.next()?.to_uppercase();
    let version = parts.next()?;
    Some(format!("CC {kind} {version}"))
}
