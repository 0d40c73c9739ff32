//! The second Markdown pass: events to HTML, with heading ids and anchors, resolved internal links
//! and citations, highlighted code, and raw HTML cleaned by the sanitiser (contributors' Markdown
//! is untrusted).

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::citations::Citation;
use super::images::{in_lead, is_relative_file, plain_text, OpenPicture, Picture};
use super::runs::{Item, Part, Run, Runs};
use super::{highlight, internal_target, options, Analysis};

/// What rendering needs from the resolved content graph.
pub trait Resolver {
    /// The URL of an `@/path.md#anchor` target, or None if it does not resolve.
    fn link(&self, path: &str, anchor: Option<&str>) -> Option<String>;
    /// The HTML of the citation at `index` of the citations the resolver was made for (the
    /// analysis' list, or several such lists one after another), or None to leave its text as
    /// written.
    fn citation(&self, index: usize, citation: &Citation) -> Option<String>;
    /// A relative URL rewritten for where the HTML will be shown, or None to keep it.
    fn relative(&self, _url: &str) -> Option<String> {
        None
    }
    /// The first glossary term in `text` not yet linked on this page: its byte range and URL.
    /// The resolver remembers it, so each term is linked once per page (on its first use).
    fn glossary_term(&self, _text: &str) -> Option<(std::ops::Range<usize>, String)> {
        None
    }
    /// Whether an `@/path.md` link's target has a preview (a case study, a chapter, a glossary
    /// term): the link then gets the class [`PREVIEW_LINK`], so the theme's script can show it.
    fn has_preview(&self, _path: &str) -> bool {
        false
    }
    /// The measured and resized image a relative image URL names, written as a `<picture>`;
    /// None keeps a plain `<img>`.
    fn image(&self, _url: &str) -> Option<Picture> {
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
pub fn render(body: &str, analysis: &Analysis, resolver: &dyn Resolver) -> BodyHtml {
    render_from(body, analysis, 0, resolver)
}

/// [`render`], the resolver numbering this body's citations from `first_citation` (when one
/// resolver answers for several bodies, e.g. a page's summary, key points and body).
pub fn render_from(
    body: &str,
    analysis: &Analysis,
    first_citation: usize,
    resolver: &dyn Resolver,
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
    let cites = Cites {
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
                    push_run(&mut open.alt, &run, &cites, &mut next_citation, false);
                    continue;
                }
                // Glossary terms are linked in running text only: not in headings or links.
                let glossary = link_depth == 0 && heading_buf.is_none();
                let target = match heading_buf.as_mut() {
                    Some((_, buf)) => buf,
                    None => &mut out,
                };
                push_run(target, &run, &cites, &mut next_citation, glossary);
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
                && internal_target(&dest_url).is_some_and(|(p, _)| resolver.has_preview(p)) =>
            {
                link_depth += 1;
                let mut tag = format!("<a class=\"{PREVIEW_LINK}\" href=\"");
                let _ =
                    pulldown_cmark_escape::escape_href(&mut tag, &safe_url(&dest_url, resolver));
                if !title.is_empty() {
                    tag.push_str("\" title=\"");
                    let _ = escape_html(&mut tag, &title);
                }
                tag.push_str("\">");
                target.push(Event::InlineHtml(tag.into()));
            }
            // An image beside the page that the build measured becomes a `<picture>`, written
            // whole at its end (once its alt text is read).
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
                match resolver.image(&dest_url) {
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
                        target.push(Event::Start(with_safe_url(tag, resolver)));
                    }
                }
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                seen_image |= matches!(tag, Tag::Image { .. });
                link_depth += 1;
                target.push(Event::Start(with_safe_url(tag, resolver)));
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

/// Bold labels that open a paragraph or list item written in the site's own voice (advice or
/// interpretation, not a report of a source): docs/content-format.md explains them, and the
/// honesty tests let such blocks go uncited.
pub const OWN_VOICE_LABELS: &[&str] = &["Our suggestion:", "Our reading:"];

/// Gives each paragraph or list item that opens with a bold [`OWN_VOICE_LABELS`] label the class
/// `own-voice`, so readers see it set apart from what the sources say.
fn mark_own_voice(events: &mut [Event<'_>]) {
    for i in 0..events.len().saturating_sub(2) {
        let (open, end, close) = match events[i] {
            Event::Start(Tag::Paragraph) => {
                ("<p class=\"own-voice\">", TagEnd::Paragraph, "</p>\n")
            }
            Event::Start(Tag::Item) => ("<li class=\"own-voice\">", TagEnd::Item, "</li>\n"),
            _ => continue,
        };
        let labelled = matches!(events[i + 1], Event::Start(Tag::Strong))
            && matches!(&events[i + 2], Event::Text(t) if OWN_VOICE_LABELS.contains(&t.trim()));
        if !labelled {
            continue;
        }
        let mut depth = 0usize;
        for event in events.iter_mut().skip(i + 1) {
            match event {
                Event::Start(tag) if tag.to_end() == end => depth += 1,
                Event::End(e) if *e == end && depth > 0 => depth -= 1,
                Event::End(e) if *e == end => {
                    *event = Event::Html(close.into());
                    break;
                }
                _ => {}
            }
        }
        events[i] = Event::Html(open.into());
    }
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

/// Emits `<hN id>`, wrapping the text in a self-link unless it already holds a link.
fn push_heading<'a>(out: &mut Vec<Event<'a>>, level: u8, id: &str, inner: Vec<Event<'a>>) {
    let has_link = inner
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Link { .. })));
    let id = escaped(id);
    if has_link {
        out.push(Event::Html(format!("<h{level} id=\"{id}\">").into()));
        out.extend(inner);
    } else {
        out.push(Event::Html(
            format!("<h{level} id=\"{id}\"><a class=\"heading-anchor\" href=\"#{id}\">").into(),
        ));
        out.extend(inner);
        out.push(Event::Html("</a>".into()));
    }
    out.push(Event::Html(format!("</h{level}>\n").into()));
}

/// The citations of the body being rendered, and who formats them.
struct Cites<'a> {
    list: &'a [Citation],
    /// The resolver's index of the body's first citation.
    first: usize,
    resolver: &'a dyn Resolver,
}

/// Pushes a run of text, replacing the analysis' citations in it (by index) with the
/// resolver's HTML.
fn push_run(
    out: &mut Vec<Event<'_>>,
    run: &Run,
    cites: &Cites<'_>,
    next: &mut usize,
    glossary: bool,
) {
    let resolver = cites.resolver;
    for part in run.splice(cites.list, next) {
        match part {
            Part::Text(t) => push_plain(out, t, resolver, glossary),
            Part::Citation(i, written) => {
                match resolver.citation(cites.first + i, &cites.list[i]) {
                    Some(html) => out.push(Event::InlineHtml(html.into())),
                    None => push_plain(out, written, resolver, false),
                }
            }
        }
    }
}

/// Pushes text without citations, linking glossary terms on their first use.
fn push_plain(out: &mut Vec<Event<'_>>, mut text: &str, resolver: &dyn Resolver, glossary: bool) {
    if glossary {
        while let Some((range, url)) = resolver.glossary_term(text) {
            out.push(Event::Text(text[..range.start].to_string().into()));
            let mut href = String::new();
            let _ = pulldown_cmark_escape::escape_href(&mut href, &url);
            out.push(Event::InlineHtml(
                format!("<a class=\"glossary-term\" href=\"{href}\">").into(),
            ));
            out.push(Event::Text(text[range.clone()].to_string().into()));
            out.push(Event::InlineHtml("</a>".into()));
            text = &text[range.end..];
        }
    }
    if !text.is_empty() {
        out.push(Event::Text(text.to_string().into()));
    }
}

/// A link or image with its destination resolved (`@/`) or neutralized.
fn with_safe_url<'a>(tag: Tag<'a>, resolver: &dyn Resolver) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: safe_url(&dest_url, resolver),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: safe_url(&dest_url, resolver),
            title,
            id,
        },
        other => other,
    }
}

/// Resolves `@/` links and neutralizes URL schemes that could run script.
fn safe_url<'a>(url: &CowStr<'a>, resolver: &dyn Resolver) -> CowStr<'a> {
    if let Some((path, anchor)) = internal_target(url) {
        return resolver
            .link(path, anchor)
            .unwrap_or_else(|| "#".into())
            .into();
    }
    if let Some(rewritten) = resolver.relative(url) {
        return rewritten.into();
    }
    if is_safe_url(url) {
        url.clone()
    } else {
        "#".into()
    }
}

/// Relative URLs and http(s), mailto and tel links are allowed; `javascript:`, `data:` and every
/// other scheme are not.
pub fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = trimmed.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}

fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::super::analyze;
    use super::*;

    struct R;
    impl Resolver for R {
        fn link(&self, path: &str, anchor: Option<&str>) -> Option<String> {
            (path == "a.md")
                .then(|| format!("/a/{}", anchor.map(|a| format!("#{a}")).unwrap_or_default()))
        }
        fn citation(&self, _: usize, c: &Citation) -> Option<String> {
            Some(format!("<cite>{}</cite>", c.items[0].key))
        }
    }

    fn html(md: &str) -> String {
        render(md, &analyze(md), &R).html
    }

    #[test]
    fn headings_get_ids_and_self_links() {
        assert_eq!(
            html("## Results\n"),
            "<h2 id=\"results\"><a class=\"heading-anchor\" href=\"#results\">Results</a></h2>\n"
        );
        assert!(html("## See [a](@/a.md)\n").starts_with("<h2 id=\"see-a\">See <a href=\"/a/\">"));
    }

    /// Links to `p.md` have a preview.
    struct P;
    impl Resolver for P {
        fn link(&self, path: &str, anchor: Option<&str>) -> Option<String> {
            R.link(if path == "p.md" { "a.md" } else { path }, anchor)
        }
        fn citation(&self, i: usize, c: &Citation) -> Option<String> {
            R.citation(i, c)
        }
        fn has_preview(&self, path: &str) -> bool {
            path == "p.md"
        }
    }

    #[test]
    fn links_in_text_to_pages_with_previews_get_the_class() {
        let md = "See [p](@/p.md#x \"A \\\"t\\\"\") and [a](@/a.md).\n\n## The [p](@/p.md)\n";
        let out = render(md, &analyze(md), &P).html;
        assert_eq!(
            out,
            "<p>See <a class=\"preview-link\" href=\"/a/#x\" title=\"A &quot;t&quot;\">p</a> and <a href=\"/a/\">a</a>.</p>\n<h2 id=\"the-p\">The <a href=\"/a/\">p</a></h2>\n"
        );
        // The class survives the cleaning of a body with raw HTML.
        let md = "<b>x</b> [p](@/p.md)\n";
        let out = render(md, &analyze(md), &P).html;
        assert!(
            out.contains("<a class=\"preview-link\" href=\"/a/\">p</a>"),
            "{out}"
        );
    }

    #[test]
    fn raw_html_and_script_urls_are_neutralized() {
        let out = html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1)) <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("alert(1)"), "{out}");
        assert!(out.contains("<img src=\"x\">"), "{out}");
        assert!(!out.to_lowercase().contains("href=\"javascript"), "{out}");
    }

    #[test]
    fn safe_raw_html_is_kept_around_markdown() {
        let out = html("<details>\n<summary>Methods</summary>\n\nSee [a](@/a.md) and [@k].\n\n</details>\n\n```rust\nfn x() {}\n```\n\n## Next\n\nText[^n].\n\n[^n]: Note.\n");
        assert!(out.starts_with("<details>\n<summary>Methods</summary>\n<p>See <a href=\"/a/\">a</a> and <cite>k</cite>.</p>\n</details>"), "{out}");
        // What the renderer writes survives the cleaning of a body with raw HTML.
        for kept in [
            "class=\"code\" tabindex=\"0\" data-lang=\"rust\"",
            "class=\"hl-",
            "<h2 id=\"next\"><a class=\"heading-anchor\" href=\"#next\">",
            "id=\"footnote-n\"",
            "class=\"footnote-definition-label\"",
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
    }

    #[test]
    fn links_and_citations_resolve() {
        let out = html("See [a](@/a.md#x), [b](@/missing.md) and [@kania2011].");
        assert!(out.contains("href=\"/a/#x\""));
        assert!(out.contains("href=\"#\""));
        assert!(out.contains("<cite>kania2011</cite>"));
    }

    #[test]
    fn code_is_highlighted_or_plain() {
        let r = render("```rust\nfn x() {}\n```\n", &analyze(""), &R);
        assert!(r.has_code && r.html.contains("hl-"));
        let plain = html("```klingon\n<b>\n```\n");
        assert!(plain.contains("&lt;b&gt;") && !plain.contains("hl-"));
    }

    #[test]
    fn aligned_columns_get_classes_not_styles() {
        let out = html("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assert!(!out.contains("style="), "{out}");
        assert!(out.contains("<th class=\"align-left\">a</th>"), "{out}");
        assert!(out.contains("<td class=\"align-right\">2</td>"), "{out}");
    }

    #[test]
    fn own_voice_paragraphs_and_items_are_set_apart() {
        let out = html("**Our suggestion:** ask first.\n\n**Results.** None.\n\n- **Our reading:** a *b*\n- c\n");
        assert!(
            out.contains("<p class=\"own-voice\"><strong>Our suggestion:</strong> ask first.</p>"),
            "{out}"
        );
        assert!(
            out.contains("<p><strong>Results.</strong> None.</p>"),
            "{out}"
        );
        assert!(out.contains("<li class=\"own-voice\"><strong>Our reading:</strong> a <em>b</em></li>\n<li>c</li>"), "{out}");
    }

    #[test]
    fn footnotes_get_prefixed_ids() {
        let out = html("Text[^note].\n\n## Note\n\n[^note]: The note.\n");
        assert!(out.contains("href=\"#footnote-note\""), "{out}");
        assert!(out.contains("id=\"footnote-note\""), "{out}");
        assert!(out.contains("<h2 id=\"note\">"), "{out}");
    }

    #[test]
    fn safe_url_rules() {
        assert!(is_safe_url("https://x.org"));
        assert!(is_safe_url("../a/b?x=y:z"));
        assert!(is_safe_url("#top"));
        assert!(!is_safe_url("java\nscript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
    }
}
