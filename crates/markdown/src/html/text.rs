//! The events the renderer writes for headings (with their self-link) and for runs of text (the
//! analysis' citations replaced by the resolver's HTML, glossary terms linked on first use).

use pulldown_cmark::{Event, Tag};
use pulldown_cmark_escape::escape_html;

use super::super::citations::Citation;
use super::super::runs::{Part, Run};
use super::Resolver;

/// Emits `<hN id>`, wrapping the text in a self-link unless it already holds a link.
pub(super) fn push_heading<'a>(
    out: &mut Vec<Event<'a>>,
    level: u8,
    id: &str,
    inner: Vec<Event<'a>>,
) {
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
pub(super) struct Cites<'a> {
    pub(super) list: &'a [Citation],
    /// The resolver's index of the body's first citation.
    pub(super) first: usize,
    pub(super) resolver: &'a mut dyn Resolver,
}

/// Pushes a run of text, replacing the analysis' citations in it (by index) with the
/// resolver's HTML.
pub(super) fn push_run(
    out: &mut Vec<Event<'_>>,
    run: &Run,
    cites: &mut Cites<'_>,
    next: &mut usize,
    glossary: bool,
) {
    let list = cites.list;
    for part in run.splice(list, next) {
        match part {
            Part::Text(t) => push_plain(out, t, cites.resolver, glossary),
            Part::Citation(i, written) => {
                match cites.resolver.citation(cites.first + i, &list[i]) {
                    Some(html) => out.push(Event::InlineHtml(html.into())),
                    None => push_plain(out, written, cites.resolver, false),
                }
            }
        }
    }
}

/// Pushes text without citations, linking glossary terms on their first use.
pub(super) fn push_plain(
    out: &mut Vec<Event<'_>>,
    mut text: &str,
    resolver: &mut dyn Resolver,
    glossary: bool,
) {
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

pub(super) fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_html(&mut out, s);
    out
}
