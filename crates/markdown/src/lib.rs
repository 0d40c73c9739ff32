//! Markdown through pulldown-cmark, in two passes over the same events. Of the pipeline's
//! crates it depends only on `model`. Takes a Markdown body; gives, from `analyze` (during
//! validation), an [`Analysis`]: headings, internal links, citations, the first paragraph and the word count;
//! and from `render` (once the graph can resolve links and citations through a [`Resolver`])
//! the HTML.

pub mod citations;
pub mod headings;
pub mod highlight;
mod html;
pub mod images;
mod locators;
pub mod plain;
pub mod review;
pub mod runs;
pub mod sanitize;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use citations::{Citation, CitationError, CiteForm, CiteItem, Locator, LocatorTerm};
pub use html::{
    is_safe_url, render, render_from, BodyHtml, Resolver, OWN_VOICE_LABELS, PREVIEW_LINK,
};
pub use images::{alt_problem, raw_image_problem, Candidate, ImageRef, Picture, RawImage};
use runs::{Item, Runs};

/// The Markdown extensions every page gets.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A heading of a page, with the id it is rendered with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The unique id (anchor) within the page.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Byte offset of the heading in the body.
    #[serde(skip)]
    pub offset: usize,
    /// Byte range of the first paragraph after the heading, in the body (its "passage").
    #[serde(skip)]
    pub lead: Option<Range<usize>>,
}

/// A link to another content file, `@/path.md#anchor`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The content path after `@/`.
    pub path: String,
    /// The part after `#`, if any.
    pub anchor: Option<String>,
    /// Byte range in the body.
    pub span: Range<usize>,
}

/// What the first pass learns about a page's Markdown body. Ranges are relative to the body.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// `@/` links in document order.
    pub links: Vec<InternalLink>,
    /// `http(s)://` links and images in document order: URL and byte range in the body.
    pub external: Vec<(String, Range<usize>)>,
    /// Site-relative links and images (`/case-studies/x/`) in document order: URL and byte
    /// range in the body.
    pub site_links: Vec<(String, Range<usize>)>,
    /// Images in document order, with their alternative text.
    pub images: Vec<ImageRef>,
    /// Citations in document order (spans relative to the body). The render and the search
    /// text replace them by their index here; nothing scans for citations again.
    pub citations: Vec<Citation>,
    /// Citations that cannot be read (spans relative to the body): errors for `check`.
    pub citation_errors: Vec<CitationError>,
    /// Byte range of the first paragraph.
    pub first_paragraph: Option<Range<usize>>,
    /// The first paragraph as plain text, citations removed (for meta descriptions).
    pub first_paragraph_text: String,
    /// Words of prose (code blocks excluded).
    pub word_count: usize,
    /// What the sanitiser will remove from raw HTML: byte offset in the body and why.
    pub raw_html: Vec<(usize, String)>,
    /// Raw-HTML `<img>` and `<source>` elements in document order (offsets in the body).
    pub raw_images: Vec<RawImage>,
    /// Heading ids to their index in `headings`, so looking up an anchor does not scan them.
    pub heading_index: HashMap<String, usize>,
}

impl Analysis {
    /// Minutes to read at 200 words a minute, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(200).max(1)
    }

    /// The heading with this id.
    pub fn heading(&self, id: &str) -> Option<&Heading> {
        self.heading_index
            .get(id)
            .and_then(|&i| self.headings.get(i))
    }

    /// The last heading at or before a byte offset of the body (the heading a passage is under).
    pub fn heading_before(&self, offset: usize) -> Option<&Heading> {
        let after = self.headings.partition_point(|h| h.offset <= offset);
        after.checked_sub(1).map(|i| &self.headings[i])
    }
}

/// Splits `@/path.md#anchor` into its path and anchor; None for other URLs.
pub fn internal_target(url: &str) -> Option<(&str, Option<&str>)> {
    let rest = url.strip_prefix("@/")?;
    Some(match rest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (rest, None),
    })
}

/// The first pass: everything later stages need to know about a body without rendering it.
pub fn analyze(body: &str) -> Analysis {
    let mut a = Analysis::default();
    let mut ids = headings::HeadingIds::default();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut paragraph: Option<(usize, String)> = None;
    let mut lead_for: Option<usize> = None;
    let mut code_depth = 0usize;
    let mut heading_start = 0;
    let mut html_block: Option<(usize, String)> = None;
    // Images being read (an image's alt text may hold another image).
    let mut open_images: Vec<ImageRef> = Vec::new();
    for item in Runs::new(Parser::new_ext(body, options()).into_offset_iter(), body) {
        let (event, range) = match item {
            Item::Run(run) => {
                if let Some(image) = open_images.last_mut() {
                    image.alt.push_str(&run.text);
                }
                if code_depth == 0 {
                    text_run(&mut a, &run, heading.as_mut(), paragraph.as_mut());
                }
                continue;
            }
            Item::Event(event, range) => (event, range),
        };
        match &event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => open_images.push(ImageRef {
                url: dest_url.to_string(),
                alt: String::new(),
                title: title.to_string(),
                span: range.clone(),
            }),
            Event::End(TagEnd::Image) => a.images.extend(open_images.pop()),
            Event::Code(code) => {
                if let Some(image) = open_images.last_mut() {
                    image.alt.push_str(code);
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level as u8, id.map(|s| s.to_string()), String::new()));
                heading_start = range.start;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = heading.take() {
                    let id = ids.next(explicit.as_deref(), &text);
                    a.heading_index.insert(id.clone(), a.headings.len());
                    a.headings.push(Heading {
                        level,
                        id,
                        text: text.trim().to_string(),
                        offset: heading_start,
                        lead: None,
                    });
                    lead_for = Some(a.headings.len() - 1);
                }
            }
            Event::Start(Tag::Paragraph) => paragraph = Some((range.start, String::new())),
            Event::End(TagEnd::Paragraph) => {
                if let Some((start, text)) = paragraph.take() {
                    let end = start + body[start..range.end].trim_end().len();
                    if a.first_paragraph.is_none() {
                        a.first_paragraph = Some(start..end);
                        a.first_paragraph_text = squeeze(&text);
                    }
                    if let Some(i) = lead_for.take() {
                        a.headings[i].lead = Some(start..end);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((range.start, String::new())),
            Event::Html(text) => match html_block.as_mut() {
                Some((_, block)) => block.push_str(&text),
                None => review_raw(&mut a, range.start, &text),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, block)) = html_block.take() {
                    review_raw(&mut a, start, &block);
                }
            }
            Event::InlineHtml(text) => review_raw(&mut a, range.start, &text),
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") =>
            {
                a.external.push((dest_url.to_string(), range.clone()));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
            {
                a.site_links.push((dest_url.to_string(), range.clone()));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((path, anchor)) = internal_target(&dest_url) {
                    a.links.push(InternalLink {
                        path: path.to_string(),
                        anchor: anchor.map(str::to_string),
                        span: range.clone(),
                    });
                }
            }
            Event::Code(code) => {
                a.word_count += code.split_whitespace().count();
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&code);
                }
                if let Some((_, p)) = paragraph.as_mut() {
                    p.push_str(&code);
                }
            }
            Event::HardBreak => {
                if let Some((_, p)) = paragraph.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    a
}

/// What the analysis learns from a run of text: its words and citations, and its text for the
/// heading or paragraph it is in (the paragraph's without citations).
fn text_run(
    a: &mut Analysis,
    run: &runs::Run,
    heading: Option<&mut (u8, Option<String>, String)>,
    paragraph: Option<&mut (usize, String)>,
) {
    a.word_count += run.text.split_whitespace().count();
    let (found, errors) = citations::parse(run);
    // The text without its citations, built in one pass.
    let mut plain = String::with_capacity(run.text.len());
    let mut last = 0;
    for c in &found {
        let start = run.to_decoded(c.span.start);
        plain.push_str(&run.text[last..start.max(last)]);
        last = run.to_decoded(c.span.end).max(last);
    }
    plain.push_str(&run.text[last..]);
    a.citations.extend(found);
    a.citation_errors.extend(errors);
    if let Some((_, _, h)) = heading {
        h.push_str(&run.text);
    }
    if let Some((_, p)) = paragraph {
        p.push_str(&plain);
    }
}

/// Records what the sanitiser will drop from the raw HTML `raw` found at `start` of the body.
fn review_raw(a: &mut Analysis, start: usize, raw: &str) {
    let found = review::review(raw);
    a.raw_html.extend(
        found
            .removals
            .into_iter()
            .map(|(at, why)| (start + at, why)),
    );
    a.raw_images
        .extend(found.images.into_iter().map(|i| RawImage {
            at: start + i.at,
            ..i
        }));
}

/// Collapses runs of whitespace and trims, fixing spaces left before punctuation by removed
/// citations.
fn squeeze(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" ;", ";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_collects_headings_links_and_leads() {
        let body = "Intro with [@chang2012].\n\n## Engaging partners {#fn-engage-partners}\n\nThey convene [x](@/paper/a.md#b).\n\n## Results\n\n```rust\nfn x() {}\n```\n";
        let a = analyze(body);
        assert_eq!(a.headings.len(), 2);
        assert_eq!(a.headings[0].id, "fn-engage-partners");
        assert_eq!(a.headings[0].text, "Engaging partners");
        assert_eq!(
            &body[a.headings[0].lead.clone().unwrap()],
            "They convene [x](@/paper/a.md#b)."
        );
        assert_eq!(a.headings[1].id, "results");
        assert_eq!(a.links[0].path, "paper/a.md");
        assert_eq!(a.links[0].anchor.as_deref(), Some("b"));
        assert_eq!(&body[a.links[0].span.clone()], "[x](@/paper/a.md#b)");
        assert_eq!(a.citations.len(), 1);
        assert_eq!(&body[a.citations[0].span.clone()], "[@chang2012]");
        assert_eq!(a.first_paragraph_text, "Intro with.");
        assert_eq!(a.word_count, 10);
    }

    #[test]
    fn citations_in_code_are_ignored() {
        let a = analyze("Use `[@x]` and\n\n```\n[@y]\n```\n");
        assert!(a.citations.is_empty());
    }
}
