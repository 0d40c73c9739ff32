//! The second Markdown pass: events to HTML, with heading ids and anchors, resolved internal links
//! and citations, highlighted code, and raw HTML cleaned by the sanitiser (contributors' Markdown
//! is untrusted).

mod text;
mod urls;
mod voice;

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::citations::Citation;
use super::images::{in_lead, is_relative_file, plain_text, OpenPicture, Picture};
use super::runs::{Item, Runs};
use super::{highlight, internal_target, options, Analysis};
use text::{escaped, push_heading, push_run, Cites};
pub use urls::is_safe_url;
use urls::{safe_url, with_safe_url};
use voice::mark_own_voice;
pub use voice::OWN_VOICE_LABELS;

/// What rendering needs from the resolved content graph.
pub trait Resolver {
    /// The URL of an `@/path.md#anchor` target, or None if it does not resolve.
    fn link(&mut self, path: &str, anchor: Option<&str>) -> Option<String>;
    /// The HTML of the citation at `index` of the citations the resolver was made for (the
    /// analysis' list, or several such lists one after another), or None to leave its text as
    /// written.
    fn citation(&mut self, index: usize, citation: &Citation) -> Option<String>;
    /// A relative URL rewritten for where the HTML will be shown, or None to keep it.
    fn relative(&mut self, _url: &str) -> Option<String> {
        None
    }
    /// The first glossary term in `text` not yet linked on this page: its byte range and URL.
    /// The resolver remembers it, so each term is linked once per page (on its first use).
    fn glossary_term(&mut self, _text: &str) -> Option<(std::ops::Range<usize>, String)> {
        None
    }
    /// Whether an `@/path.md` link's target has a preview (a case study, a chapter, a glossary
    /// term): the link then gets the class [`PREVIEW_LINK`], so the theme's script can show it.
    fn has_preview(&mut self, _path: &str) -> bool {
        false
    }
    /// The measured and resized image a relative image URL names, written as a `<picture>`;
    /// None keeps a plain `<img>`.
    fn image(&mut self, _url: &str) -> Option<Picture> {
        None
    }
}

/// The class of an internal link in running text whose target has a preview.
pub const PREVIEW_LINK: &str = "preview-link";

/// A Markdown body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct BodyHtml {
    /// The HTML.
    pub html: String,
    /// Whether any code block was highlighted (the page then links the code stylesheet).
    pub has_code: bool,
}

/// Renders `body`; `analysis` must come from [`super::analyze`] of the same text, so heading ids
/// match the ones other pages link to and citations are the ones `check` read.
pub fn render(body: &str, analysis: &Analysis, resolver: &mut dyn Resolver) -> BodyHtml {
    render_from(body, analysis, 0, resolver)
}

/// [`render`], the resolver numbering this body's citations from `first_citation` (when one
/// resolver answers for several bodies, e.g. a page's summary, key points and body).
pub fn render_from(
    body: &str,
    analysis: &Analysis,
    first_citation: usize,
    resolver: &mut dyn Resolver,
) -> BodyHtml {
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut has_code = false;
    let mut heading_index = 0;
    let mut heading_buf: Option<(u8, Vec<Event<'_>>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut table = TableState::default();
    let mut link_depth = 0usize;
    let mut footnotes = Footnotes::default();
    let mut raw_html = false;
    let mut next_citation = 0;
    let mut picture: Option<OpenPicture<'_>> = None;
    let mut seen_image = false;
    let mut cites = Cites {
        list: &analysis.citations,
        first: first_citation,
        resolver,
    };

    for item in Runs::new(Parser::new_ext(body, options()).into_offset_iter(), body) {
        let (event, at) = match item {
            Item::Run(run) => {
                if let Some((_, text)) = code.as_mut() {
                    text.push_str(&run.text);
                    continue;
                }
                // Alt text: its citations are consumed in order, so later ones keep their index.
                if let Some(open) = picture.as_mut() {
                    push_run(&mut open.alt, &run, &mut cites, &mut next_citation, false);
                    continue;
                }
                // Glossary terms are linked in running text only: not in headings or links.
                let glossary = link_depth == 0 && heading_buf.is_none();
                let target = match heading_buf.as_mut() {
                    Some((_, buf)) => buf,
                    None => &mut out,
                };
                push_run(target, &run, &mut cites, &mut next_citation, glossary);
                continue;
            }
            Item::Event(event, range) => (event, range),
        };
        if let Some((lang, text)) = code.as_mut() {
            if let Event::End(TagEnd::CodeBlock) = event {
                let highlighted = highlight::highlight(lang, text);
                has_code |= highlighted.is_some();
                let inner = highlighted.unwrap_or_else(|| escaped(text));
                let lang_attr = if lang.is_empty() {
                    String::new()
                } else {
                    format!(" data-lang=\"{}\"", escaped(lang))
                };
                out.push(Event::Html(
                    format!("<pre class=\"code\" tabindex=\"0\"{lang_attr}><code>{inner}</code></pre>\n").into(),
                ));
                code = None;
            }
            continue;
        }
        let in_heading = heading_buf.is_some();
        let target = match heading_buf.as_mut() {
            Some((_, buf)) => buf,
            None => &mut out,
        };
        if let Some(open) = picture.as_mut() {
            match event {
                Event::Start(Tag::Image { .. }) => open.depth += 1,
                Event::End(TagEnd::Image) if open.depth > 0 => open.depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let Some(open) = picture.take() {
                        let alt = plain_text(&open.alt);
                        let html = open.picture.html(&alt, &open.title, open.eager);
                        target.push(Event::InlineHtml(html.into()));
                    }
                }
                // Alt text is text only, as pulldown-cmark writes it.
                Event::Code(code) => open.alt.push(Event::Text(code)),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_buf = Some((level as u8, Vec::new()))
            }
            // Column alignment becomes a class: pulldown-cmark would write a `style` attribute,
            // which the Content-Security-Policy forbids.
            Event::Start(Tag::Table(aligns)) => {
                table.aligns = aligns.clone();
                target.push(Event::Start(Tag::Table(vec![
                    Alignment::None;
                    aligns.len()
                ])));
            }
            Event::Start(Tag::TableHead) => {
                table.head = true;
                table.column = 0;
                target.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                table.head = false;
                target.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableRow) => {
                table.column = 0;
                target.push(Event::Start(Tag::TableRow));
            }
            Event::Start(Tag::TableCell) => {
                let class = match table.aligns.get(table.column) {
                    Some(Alignment::Left) => Some("align-left"),
                    Some(Alignment::Center) => Some("align-center"),
                    Some(Alignment::Right) => Some("align-right"),
                    _ => None,
                };
                match class {
                    Some(c) => {
                        let tag = if table.head { "th" } else { "td" };
                        target.push(Event::Html(format!("<{tag} class=\"{c}\">").into()));
                    }
                    None => target.push(Event::Start(Tag::TableCell)),
                }
            }
            Event::End(TagEnd::TableCell) => {
                table.column += 1;
                target.push(Event::End(TagEnd::TableCell));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner)) = heading_buf.take() {
                    let id = analysis
                        .headings
                        .get(heading_index)
                        .map_or("section", |h| h.id.as_str());
                    heading_index += 1;
                    push_heading(&mut out, level, id, inner);
                }
            }
            // A link in running text to a page with a preview is written by hand to carry the
            // class (pulldown-cmark writes no attributes); its end is the usual `</a>`.
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) if link_depth == 0
                && !in_heading
                && internal_target(&dest_url)
                    .is_some_and(|(p, _)| cites.resolver.has_preview(p)) =>
            {
                link_depth += 1;
                let mut tag = format!("<a class=\"{PREVIEW_LINK}\" href=\"");
                let _ = pulldown_cmark_escape::escape_href(
                    &mut tag,
                    &safe_url(&dest_url, cites.resolver),
                );
                if !title.is_empty() {
                    tag.push_str("\" title=\"");
                    let _ = escape_html(&mut tag, &title);
                }
                tag.push_str("\">");
                target.push(Event::InlineHtml(tag.into()));
            }
            // An image beside the page that the build measured becomes a `<picture>`, written
            // whole at its end (once its alt text is read).
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_relative_file(&dest_url) => {
                let eager = !seen_image && in_lead(analysis, at.start);
                seen_image = true;
                match cites.resolver.image(&dest_url) {
                    Some(p) => {
                        picture = Some(OpenPicture {
                            picture: p,
                            title: title.to_string(),
                            eager,
                            alt: Vec::new(),
                            depth: 0,
                        })
                    }
                    None => {
                        link_depth += 1;
                        let tag = Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        };
                        target.push(Event::Start(with_safe_url(tag, cites.resolver)));
                    }
                }
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                seen_image |= matches!(tag, Tag::Image { .. });
                link_depth += 1;
                target.push(Event::Start(with_safe_url(tag, cites.resolver)));
            }
            // Images count like links: no glossary link inside alt text.
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                link_depth = link_depth.saturating_sub(1);
                target.push(Event::End(end));
            }
            // Footnote ids get a prefix headings never use, so they cannot collide.
            Event::FootnoteReference(label) => {
                let (n, id) = footnotes.number(&label);
                target.push(Event::InlineHtml(
                    format!("<sup class=\"footnote-reference\"><a href=\"#footnote-{id}\" id=\"footnote-ref-{id}\">{n}</a></sup>").into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, id) = footnotes.number(&label);
                target.push(Event::Html(
                    format!("<div class=\"footnote-definition\" id=\"footnote-{id}\"><sup class=\"footnote-definition-label\"><a href=\"#footnote-ref-{id}\">{n}</a></sup>").into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => target.push(Event::Html("</div>\n".into())),
            // Raw HTML passes through here; the whole body is then cleaned (below), so a tag
            // opened in one piece of raw HTML and closed in another is judged as a browser would.
            Event::Html(html) | Event::InlineHtml(html) => {
                raw_html = true;
                target.push(Event::Html(html));
            }
            other => target.push(other),
        }
    }
    mark_own_voice(&mut out);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // Without raw HTML every tag is the renderer's own and every text escaped: nothing to clean.
    if raw_html {
        html = super::sanitize::clean(&html);
    }
    BodyHtml { html, has_code }
}

/// Footnote numbers in order of first appearance, and their ids.
#[derive(Default)]
struct Footnotes {
    /// Label to number (a map: 100,000 footnotes must not mean 100,000 scans of a list).
    seen: HashMap<String, usize>,
}

impl Footnotes {
    /// The number and id of a footnote label, numbering it on first sight.
    fn number(&mut self, label: &str) -> (usize, String) {
        let next = self.seen.len() + 1;
        let n = *self.seen.entry(label.to_string()).or_insert(next);
        (n, super::headings::slugify(label))
    }
}

/// Where the renderer is inside a table, to give aligned cells their class.
#[derive(Default)]
struct TableState {
    aligns: Vec<Alignment>,
    head: bool,
    column: usize,
}

#[cfg(test)]
mod tests;
