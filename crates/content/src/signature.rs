//! A page's public face: everything about a page that an output other than its own may show.
//!
//! Listings, feeds, taxonomy and evidence pages, backlinks and "cited by" read a page's front
//! matter, its place in the site, and what the first Markdown pass learnt of its body: headings
//! with their lead paragraphs (function passages), `@/` links (backlinks), citations and the
//! heading each falls under, the first paragraph and the reading time. [`PageSignature`] holds
//! exactly that, without byte offsets, so an edit that moves text around but keeps the face is
//! recognised by plain equality: `serve`'s fast path renders only the edited pages when every
//! edited page's signature is equal to the last one (an early cutoff, as in salsa).

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use markdown::{Analysis, Locator};

use crate::body::Body;

/// A piece of the page's file, compared and hashed by its text. It shares the file's text with
/// the page's body instead of copying it: a signature is kept for every page of the site.
#[derive(Debug, Clone)]
pub struct Excerpt {
    file: Arc<str>,
    range: Range<usize>,
}

impl Excerpt {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.file[self.range.clone()]
    }
}

impl PartialEq for Excerpt {
    fn eq(&self, other: &Excerpt) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Excerpt {}

impl Hash for Excerpt {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// What other outputs may read of a page, computed at validation. Equal signatures mean no
/// output but the page's own can differ.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageSignature {
    /// The front matter as written, delimiters included (title, summary, date, terms, slug,
    /// aliases, draft, weight, key points...).
    pub front_matter: Excerpt,
    /// Path relative to `content/` (what `@/` links name).
    pub content_path: String,
    /// Folder of the section the page belongs to.
    pub section_dir: String,
    /// Reading time in minutes, as listings show it.
    pub reading_minutes: usize,
    /// The first paragraph as plain text (listings, feeds, descriptions).
    pub first_paragraph_text: String,
    /// The first paragraph's Markdown source, when the body has one.
    pub first_paragraph: Option<Excerpt>,
    /// Headings, `@/` links and citations in document order: the order says which heading a
    /// citation or link falls under.
    pub outline: Vec<OutlineItem>,
    /// Links written as site addresses, then external links: both are checked against every
    /// output, so a change to one takes the full pipeline.
    pub addresses: Vec<String>,
    /// The images the body shows (resized by the full pipeline).
    pub images: Vec<String>,
}

/// One entry of a page's outline, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OutlineItem {
    /// A heading with its lead paragraph.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its anchor.
        id: String,
        /// Its plain text.
        text: String,
        /// The Markdown source of the paragraph right under it, if any.
        lead: Option<Excerpt>,
    },
    /// An `@/` link to another page or section.
    Link {
        /// The content path it names.
        path: String,
        /// The `#anchor`, if any.
        anchor: Option<String>,
    },
    /// A citation, bracketed or narrative.
    Citation {
        /// Whether it is narrative (`@key`) rather than bracketed (`[@key]`).
        narrative: bool,
        /// The works it cites, in order.
        items: Vec<CitedWork>,
    },
}

/// One work inside a citation, without its position in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CitedWork {
    /// The bibliography key.
    pub key: model::cite_key::CiteKey,
    /// Text before the key.
    pub prefix: String,
    /// Where in the work.
    pub locator: Option<Locator>,
    /// Text after the locator.
    pub suffix: String,
    /// `-@key`: the author left out.
    pub suppress_author: bool,
}

/// A heading of a page's outline, as other outputs show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingFace<'a> {
    /// Its plain text.
    pub text: &'a str,
    /// The Markdown source of the paragraph right under it, if any.
    pub lead: Option<&'a str>,
}

impl PageSignature {
    /// The signature of a page with this body, content path and section.
    pub fn new(body: &Body, content_path: &str, section_dir: &str) -> PageSignature {
        let a = &body.analysis;
        // Analysis ranges are in the body; excerpts are in the file.
        let excerpt = |r: &Range<usize>| Excerpt {
            file: body.file_text.clone(),
            range: body.offset + r.start..body.offset + r.end,
        };
        PageSignature {
            front_matter: Excerpt {
                file: body.file_text.clone(),
                range: 0..body.offset,
            },
            content_path: content_path.to_owned(),
            section_dir: section_dir.to_owned(),
            reading_minutes: a.reading_minutes(),
            first_paragraph_text: a.first_paragraph_text.clone(),
            first_paragraph: a.first_paragraph.as_ref().map(excerpt),
            outline: outline(a, excerpt),
            addresses: a
                .site_links
                .iter()
                .chain(&a.external)
                .map(|(url, _)| url.clone())
                .collect(),
            images: a.images.iter().map(|i| i.url.clone()).collect(),
        }
    }

    /// The heading with anchor `id` (the last, as the body's own index keeps it, if an id
    /// repeats).
    pub fn heading(&self, id: &str) -> Option<HeadingFace<'_>> {
        self.outline.iter().rev().find_map(|item| match item {
            OutlineItem::Heading {
                id: i, text, lead, ..
            } if i == id => Some(HeadingFace {
                text,
                lead: lead.as_ref().map(Excerpt::as_str),
            }),
            _ => None,
        })
    }
}

/// Headings, links and citations of `a`, merged in document order.
fn outline(a: &Analysis, excerpt: impl Fn(&Range<usize>) -> Excerpt) -> Vec<OutlineItem> {
    let headings = a.headings.iter().map(|h| {
        let item = OutlineItem::Heading {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
            lead: h.lead.as_ref().map(&excerpt),
        };
        (h.offset, 0, item)
    });
    let links = a.links.iter().map(|l| {
        let item = OutlineItem::Link {
            path: l.path.clone(),
            anchor: l.anchor.clone(),
        };
        (l.span.start, 1, item)
    });
    let citations = a.citations.iter().map(|c| {
        let items = c
            .items
            .iter()
            .map(|i| CitedWork {
                key: i.key.clone(),
                prefix: i.prefix.clone(),
                locator: i.locator.clone(),
                suffix: i.suffix.clone(),
                suppress_author: i.suppress_author,
            })
            .collect();
        let item = OutlineItem::Citation {
            narrative: c.narrative,
            items,
        };
        (c.span.start, 2, item)
    });
    let mut events: Vec<(usize, u8, OutlineItem)> =
        headings.chain(links).chain(citations).collect();
    // Stable: items of one kind at one offset keep their order.
    events.sort_by_key(|(offset, kind, _)| (*offset, *kind));
    events.into_iter().map(|(_, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::TextFile;
    use crate::schema::PageType;
    use crate::Page;

    fn page(text: &str) -> Page {
        let file = TextFile {
            path: "content/notes/a.md".into(),
            text: text.into(),
        };
        crate::validate_page(
            &file,
            "notes/a.md".into(),
            "notes".into(),
            false,
            PageType::Page,
            &[],
        )
        .unwrap()
    }

    const BASE: &str = "+++\ntitle = \"A\"\n+++\nFirst paragraph [@k].\n\n## Part\n\nLead of the part.\n\nMore text with a [link](@/notes/b.md).\n";

    fn face(text: &str) -> PageSignature {
        page(text).signature
    }

    #[test]
    fn the_public_face_ignores_text_no_other_page_shows() {
        let base = face(BASE);
        // Text after the lead paragraph: only the page itself shows it.
        assert_eq!(
            base,
            face(&BASE.replace("More text", "More and different text"))
        );
        // Nor where the face's parts sit in the file.
        assert_eq!(
            base,
            face(&BASE.replace("Lead of the part.\n", "Lead of the part.\n\n\n"))
        );
        // Everything else other outputs show changes the face.
        for edited in [
            BASE.replace("title = \"A\"", "title = \"B\""),
            BASE.replace("First paragraph", "Opening paragraph"),
            BASE.replace("## Part", "## Section"),
            BASE.replace("Lead of the part", "Lead of this part"),
            BASE.replace("@/notes/b.md", "@/notes/c.md"),
            BASE.replace("[@k]", "[@j]"),
            BASE.replace("[@k]", ""),
            // The same citation under another heading ("cited by" names the heading).
            BASE.replace("First paragraph [@k].", "First paragraph.")
                .replace("More text", "More text [@k]"),
            format!("{BASE}\n{}\n", "word ".repeat(400)),
        ] {
            assert_ne!(base, face(&edited), "{edited}");
        }
    }
}
