//! hayagriva's formatted output as HTML: elements instead of inline styles (the CSP forbids
//! them), all text escaped, each cited entry a link to its reference page with the item's prefix
//! and suffix around it.

use std::fmt::Write as _;

use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, ElemMeta};
use pulldown_cmark_escape::escape_html;

use super::engine_quirks;

/// A cited entry of a citation: its key (the link) and the affixes written around it.
#[derive(Debug, Clone, Copy)]
pub struct EntryLink<'a> {
    /// The bibliography key.
    pub key: &'a str,
    /// Text before it (`see`).
    pub prefix: &'a str,
    /// Text after it and its locator (`, and passim`).
    pub suffix: &'a str,
    /// `[-@key]`: the item without its authors (the year, and the locator if any).
    pub suppress_author: bool,
    /// In an author-date style, the bibliography's letter for the date (None inside: no
    /// letter); None for a style without dates in citations.
    pub letter: Option<Option<&'a str>>,
}

/// Writes hayagriva's output as HTML. Each citation item (`ElemMeta::Entry(i)`) becomes a link to
/// the reference page of `links[i]`, between its prefix and suffix; URLs in references become
/// links. The engine's known quirks are repaired (`engine_quirks`).
pub fn to_html(children: &ElemChildren, links: &[EntryLink<'_>], base_path: &str) -> String {
    engine_quirks::repair(&unrepaired(children, links, base_path))
}

/// The HTML of hayagriva's output as the engine gives it, quirks and all.
pub(super) fn unrepaired(
    children: &ElemChildren,
    links: &[EntryLink<'_>],
    base_path: &str,
) -> String {
    let mut out = String::new();
    write_children(&mut out, children, links, base_path, false);
    out
}

fn write_children(
    out: &mut String,
    children: &ElemChildren,
    keys: &[EntryLink<'_>],
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
                if let Some(link) = link {
                    if !link.prefix.is_empty() {
                        // After a delimiter written without a space (AMA's superscript comma).
                        if !out.is_empty() && !out.ends_with([' ', '(', '[']) {
                            out.push(' ');
                        }
                        push_escaped(out, link.prefix);
                        out.push(' ');
                    }
                    let _ = write!(out, "<a href=\"{base}bibliography/{}/\">", attr(link.key));
                    let mut inner = String::new();
                    write_children(&mut inner, &e.children, keys, base, true);
                    if link.suppress_author {
                        // The style's own output without the names element and the delimiter
                        // after it: "(2011, p. 9)" in APA, "(2011, 9)" in Chicago.
                        inner.clear();
                        let kept = ElemChildren(
                            e.children
                                .0
                                .iter()
                                .filter(|c| !matches!(c, ElemChild::Elem(n) if matches!(n.meta, Some(ElemMeta::Names(_)))))
                                .cloned()
                                .collect(),
                        );
                        write_children(&mut inner, &kept, keys, base, true);
                        inner = inner.trim_start_matches([',', ' ']).to_string();
                    }
                    if let Some(letter) = link.letter {
                        inner = super::letters::apply(&inner, letter);
                    }
                    out.push_str(&inner);
                    out.push_str("</a>");
                    if link.suffix.starts_with(char::is_alphanumeric) {
                        out.push(' ');
                    }
                    push_escaped(out, link.suffix);
                } else if matches!(e.meta, Some(ElemMeta::Names(_))) {
                    let mut names = String::new();
                    write_children(&mut names, &e.children, keys, base, in_link);
                    out.push_str(&engine_quirks::et_al(&names));
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
