//! Citation and reference formatting with hayagriva's bundled CSL styles (APA 7 by default), and
//! an HTML writer for its output that uses elements instead of inline styles (the CSP forbids
//! them) and escapes all text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, Style, TextDecoration,
    VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, LocatorPayload, SpecificLocator,
};
use pulldown_cmark_escape::escape_html;

use super::Bibliography;
use markdown::Citation;
use model::config::CitationStyle;

/// The hayagriva style bundled for `kind`.
fn archived(kind: CitationStyle) -> ArchivedStyle {
    match kind {
        CitationStyle::Apa => ArchivedStyle::AmericanPsychologicalAssociation,
        CitationStyle::ChicagoAuthorDate => ArchivedStyle::ChicagoAuthorDate,
        CitationStyle::Ama => ArchivedStyle::AmericanMedicalAssociation,
    }
}

/// A loaded CSL style with its locales.
pub struct Styler {
    style: IndependentStyle,
    locales: Vec<Locale>,
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
    /// Citation HTML by the citation's canonical form (see [`canonical`]).
    pub html: BTreeMap<String, String>,
    /// The reference list: key and formatted reference HTML, in the style's order.
    pub references: Vec<(String, String)>,
}

/// A citation's identity independent of where it was found: its items and their options.
pub fn canonical(c: &Citation) -> String {
    let mut s = String::from(if c.narrative { "n:" } else { "p:" });
    for i in &c.items {
        let _ = write!(
            s,
            "{}|{}|{}|{};",
            i.key,
            i.prefix.trim(),
            i.suffix.trim(),
            i.suppress_author
        );
    }
    s
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
            locales: locales(),
            kind,
        }
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
        let mut driver = BibliographyDriver::new();
        for e in &bib.entries {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(&e.entry)],
                &self.style,
                &self.locales,
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(&self.style, None, &self.locales));
        rendered
            .bibliography
            .map(|b| {
                b.items
                    .into_iter()
                    .map(|i| (i.key, to_html(&i.content, &[], base_path)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Formats any entry as a reference-list item.
    pub fn format_entry(&self, entry: &hayagriva::Entry, base_path: &str) -> Option<String> {
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &self.style,
            &self.locales,
        ));
        let rendered = driver.finish(BibliographyRequest::new(&self.style, None, &self.locales));
        let item = rendered.bibliography?.items.into_iter().next()?;
        Some(to_html(&item.content, &[], base_path))
    }

    /// Renders every citation of a page (in document order) and its reference list.
    pub fn page(
        &self,
        bib: &Bibliography,
        citations: &[Citation],
        base_path: &str,
    ) -> PageCitations {
        let mut driver = BibliographyDriver::new();
        #[allow(clippy::type_complexity)]
        let mut order: Vec<(String, Vec<String>, String, bool, (bool, Option<String>))> =
            Vec::new();
        // The same citation written many times is formatted once: the result is keyed by its
        // canonical form anyway, and the driver's work grows with every citation it is given.
        let mut seen = std::collections::HashSet::new();
        for c in citations {
            let canon = canonical(c);
            if seen.contains(&canon) {
                continue;
            }
            let items: Vec<_> = c
                .items
                .iter()
                .filter_map(|i| bib.get(&i.key).map(|e| (i, e)))
                .collect();
            if items.is_empty() || items.len() != c.items.len() {
                continue;
            }
            seen.insert(canon.clone());
            let keys: Vec<String> = items.iter().map(|(i, _)| i.key.clone()).collect();
            let prefix = items
                .first()
                .map(|(i, _)| i.prefix.clone())
                .unwrap_or_default();
            let cite_items = items
                .iter()
                .map(|(i, e)| {
                    let locator = locator(&i.suffix);
                    let purpose = if c.narrative {
                        Some(CitePurpose::Prose)
                    } else if i.suppress_author {
                        Some(CitePurpose::Year)
                    } else {
                        None
                    };
                    CitationItem::new(&e.entry, locator, None, false, purpose)
                })
                .collect();
            driver.citation(CitationRequest::from_items(
                cite_items,
                &self.style,
                &self.locales,
            ));
            // A numeric style prints only a number for `@key`; a sentence needs its subject, so
            // the authors are written before it, as pandoc does.
            let authors = (c.narrative && self.kind == CitationStyle::Ama).then(|| {
                items
                    .iter()
                    .map(|(_, e)| prose_names(e))
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            order.push((
                canon,
                keys,
                prefix,
                !c.narrative && c.items.iter().all(|i| i.suppress_author),
                (c.narrative, authors),
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(&self.style, None, &self.locales));
        let mut out = PageCitations::default();
        for ((canon, keys, prefix, year_only, (narrative, authors)), cite) in
            order.into_iter().zip(rendered.citations)
        {
            let mut html = to_html(&cite.citation, &keys, base_path);
            if narrative && self.kind == CitationStyle::Apa {
                // APA joins two authors with "and" in running text; "&" only in parentheses.
                if let Some(paren) = html.find(" (") {
                    let (names, rest) = html.split_at(paren);
                    html = format!("{}{rest}", names.replacen(" &amp; ", " and ", 1));
                }
            }
            if let Some(authors) = authors {
                html = format!("{authors}{html}");
            }
            if year_only {
                html = format!("({html})");
            }
            if !prefix.is_empty() {
                let mut p = String::new();
                let _ = escape_html(&mut p, &prefix);
                html = match html.strip_prefix('(') {
                    Some(rest) => format!("({p} {rest}"),
                    None => format!("{p} {html}"),
                };
            }
            out.html
                .insert(canon, format!("<span class=\"citation\">{html}</span>"));
        }
        if let Some(b) = rendered.bibliography {
            out.references = b
                .items
                .into_iter()
                .map(|i| {
                    let html = to_html(&i.content, &[], base_path);
                    (i.key, html)
                })
                .collect();
        }
        out
    }
}

/// The authors of an entry as running text names them: "Kania", "Kania and Kramer",
/// "Turner et al."; a work without personal authors by its title.
fn prose_names(e: &super::BibEntry) -> String {
    let names: Vec<String> = e
        .raw
        .author()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.name != "others")
        .map(|p| p.name)
        .collect();
    let more = e
        .raw
        .author()
        .unwrap_or_default()
        .iter()
        .any(|p| p.name == "others");
    let text = match (names.as_slice(), more) {
        ([], _) => e.field("title").unwrap_or_else(|| e.key.to_string()),
        ([one], false) => one.clone(),
        ([a, b], false) => format!("{a} and {b}"),
        ([first, ..], _) => format!("{first} et al."),
    };
    let mut out = String::new();
    let _ = escape_html(&mut out, &text);
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

/// Reads `p. 38`, `pp. 33-35`, `chap. 2`, `sec. 3` into a CSL locator; other text is kept as a
/// page-like label.
fn locator(suffix: &str) -> Option<SpecificLocator<'_>> {
    let s = suffix.trim();
    if s.is_empty() {
        return None;
    }
    let table: [(&str, Locator); 7] = [
        ("pp.", Locator::Page),
        ("p.", Locator::Page),
        ("chap.", Locator::Chapter),
        ("ch.", Locator::Chapter),
        ("sec.", Locator::Section),
        ("para.", Locator::Paragraph),
        ("fig.", Locator::Figure),
    ];
    for (label, loc) in table {
        if let Some(rest) = s.strip_prefix(label) {
            return Some(SpecificLocator(loc, LocatorPayload::Str(rest.trim())));
        }
    }
    Some(SpecificLocator(Locator::Page, LocatorPayload::Str(s)))
}

/// Writes hayagriva's output as HTML. Each citation item (`ElemMeta::Entry(i)`) becomes a link to
/// the reference page of `keys[i]`; URLs in references become links.
pub fn to_html(children: &ElemChildren, keys: &[String], base_path: &str) -> String {
    let mut out = String::new();
    write_children(&mut out, children, keys, base_path, false);
    // Repairs of hayagriva's output: a doubled period after "et al.", a delimiter left before a
    // missing month and day ("2020,)"), and "Retrieved " left without a retrieval date.
    out.replace("et al..", "et al.")
        .replace(",)", ")")
        .replace("Retrieved <a", "<a")
}

fn write_children(
    out: &mut String,
    children: &ElemChildren,
    keys: &[String],
    base: &str,
    in_link: bool,
) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => write_formatted(out, &t.text, &t.formatting),
            ElemChild::Elem(e) => {
                let link = match (&e.meta, in_link) {
                    (Some(ElemMeta::Entry(i)), false) => keys.get(*i),
                    _ => None,
                };
                if let Some(key) = link {
                    let _ = write!(out, "<a href=\"{base}bibliography/{}/\">", attr(key));
                    write_children(out, &e.children, keys, base, true);
                    out.push_str("</a>");
                } else if matches!(e.meta, Some(ElemMeta::Names(_))) {
                    let mut names = String::new();
                    write_children(&mut names, &e.children, keys, base, in_link);
                    out.push_str(&et_al(&names));
                } else {
                    write_children(out, &e.children, keys, base, in_link);
                }
            }
            ElemChild::Markup(m) => push_escaped(out, m),
            ElemChild::Link { text, url } => {
                if in_link || !markdown::is_safe_url(url) {
                    write_formatted(out, &text.text, &text.formatting);
                } else {
                    let _ = write!(out, "<a href=\"{}\">", attr(url));
                    write_formatted(out, &text.text, &text.formatting);
                    out.push_str("</a>");
                }
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// BibTeX writes unnamed further authors as `and others`; hayagriva keeps that as a person
/// called "others". Within a list of names, say "et al." as every style does.
fn et_al(names: &str) -> String {
    for (from, to) in [
        (", &amp; others", ", et al."),
        (" &amp; others", " et al."),
        (", and others", ", et al."),
        (" and others", " et al."),
        (", others", ", et al."),
    ] {
        if let Some(rest) = names.strip_suffix(from) {
            return format!("{rest}{to}");
        }
        if names.contains(&format!("{from},")) || names.contains(&format!("{from} ")) {
            return names.replacen(from, to, 1);
        }
    }
    names.to_string()
}

fn write_formatted(out: &mut String, text: &str, f: &hayagriva::Formatting) {
    let mut close = Vec::new();
    let mut open = |tag: &'static str, close: &mut Vec<&'static str>| {
        let _ = write!(out, "<{tag}>");
        close.push(tag);
    };
    if matches!(f.font_style, FontStyle::Italic) {
        open("i", &mut close);
    }
    if f.font_weight == FontWeight::Bold {
        open("b", &mut close);
    }
    if f.text_decoration == TextDecoration::Underline {
        open("u", &mut close);
    }
    match f.vertical_align {
        VerticalAlign::Sub => open("sub", &mut close),
        VerticalAlign::Sup => open("sup", &mut close),
        _ => {}
    }
    if f.font_variant == FontVariant::SmallCaps {
        out.push_str("<span class=\"small-caps\">");
    }
    push_escaped(out, text);
    if f.font_variant == FontVariant::SmallCaps {
        out.push_str("</span>");
    }
    for tag in close.iter().rev() {
        let _ = write!(out, "</{tag}>");
    }
}

fn push_escaped(out: &mut String, s: &str) {
    let _ = escape_html(out, s);
}

fn attr(s: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut out, s);
    out
}
