//! Raw HTML in contributors' Markdown is untrusted. A body that holds any is cleaned, after
//! rendering, by ammonia with one allow-list ([`TAGS`], [`attribute_allowed`], [`keep_value`]):
//! the elements content needs (tables with captions, figures, details/summary, abbr, sup/sub,
//! images with width/height, definition lists, …) and exactly what the renderer itself writes.
//! Everything else is dropped. `review.rs` tells, during validation, what the cleaning will drop
//! from each piece of raw HTML, so each removal becomes a warning with its line.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::headings::RESERVED;
use super::is_safe_url;

/// Elements that may appear in a body.
pub const TAGS: &[&str] = &[
    // Text.
    "p",
    "br",
    "hr",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "abbr",
    "cite",
    "q",
    "code",
    "kbd",
    "samp",
    "var",
    "time",
    "span",
    "div",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    // Lists, including definition lists and Markdown's task-list checkboxes.
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "input",
    // Tables.
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    // Figures, images and disclosure.
    "figure",
    "figcaption",
    "img",
    // The renderer's resized images: `<picture>` with a WebP `<source>`.
    "picture",
    "source",
    "details",
    "summary",
];

/// Elements removed together with their content (everything else keeps its text).
pub(crate) const DROPPED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Attributes every allowed element may have.
const GENERIC: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes of particular elements.
const PER_TAG: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    (
        "img",
        &[
            "src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding",
        ],
    ),
    ("source", &["type", "srcset", "sizes", "width", "height"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("input", &["type", "checked", "disabled"]),
    // Code blocks, as the renderer writes them.
    ("pre", &["tabindex", "data-lang"]),
];

/// URL schemes links and images may use (relative URLs are always allowed).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Classes the renderer writes (headings, footnotes, table alignment, code, citations, glossary
/// and preview links); `hl-` classes come from the syntax highlighter.
const CLASSES: &[&str] = &[
    "heading-anchor",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
    "glossary-term",
    crate::html::PREVIEW_LINK,
    "align-left",
    "align-center",
    "align-right",
    "code",
    "citation",
    // The site's own voice (`mark_own_voice` in html/voice.rs).
    "own-voice",
    "small-caps",
];

/// Whether `attr` is allowed on `tag` at all.
pub fn attribute_allowed(tag: &str, attr: &str) -> bool {
    GENERIC.contains(&attr)
        || PER_TAG
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

/// The value an allowed attribute keeps, or None when it is dropped: only the renderer's
/// classes, no id the theme reserves, safe URLs only, checkboxes only.
pub fn keep_value<'v>(tag: &str, attr: &str, value: &'v str) -> Option<Cow<'v, str>> {
    match attr {
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| class_allowed(c))
                .collect();
            match kept.len() {
                0 => None,
                n if n == value.split_ascii_whitespace().count() => Some(value.into()),
                _ => Some(kept.join(" ").into()),
            }
        }
        "id" => (!RESERVED.contains(&value) && !value.is_empty()).then_some(value.into()),
        "href" | "src" | "cite" => is_safe_url(value).then_some(value.into()),
        // Every candidate's URL must be safe (`a.jpg 480w, b.jpg 800w`).
        "srcset" => value
            .split(',')
            .all(|c| c.split_whitespace().next().is_none_or(is_safe_url))
            .then_some(value.into()),
        "type" if tag == "source" => value
            .to_ascii_lowercase()
            .starts_with("image/")
            .then_some(value.into()),
        "loading" => matches!(value, "lazy" | "eager").then_some(value.into()),
        "decoding" => matches!(value, "async" | "sync" | "auto").then_some(value.into()),
        "type" if tag == "input" => value
            .eq_ignore_ascii_case("checkbox")
            .then_some(value.into()),
        "tabindex" => (value == "0").then_some(value.into()),
        _ => Some(value.into()),
    }
}

fn class_allowed(class: &str) -> bool {
    CLASSES.contains(&class) || class.starts_with("hl-")
}

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        let per_tag: HashMap<&str, HashSet<&str>> = PER_TAG
            .iter()
            .map(|(t, attrs)| (*t, attrs.iter().copied().collect()))
            .collect();
        b.tags(TAGS.iter().copied().collect())
            .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
            .generic_attributes(GENERIC.iter().copied().collect())
            .tag_attributes(per_tag)
            .url_schemes(SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .strip_comments(true)
            .attribute_filter(keep_value);
        b
    })
}

/// `html` (a rendered body) with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_html_is_kept() {
        let html = "<figure><img src=\"map.png\" alt=\"Map\" width=\"300\" height=\"200\"><figcaption>The <abbr title=\"Federally Qualified Health Center\">FQHC</abbr> map</figcaption></figure>\n<details><summary>More</summary><dl><dt>a</dt><dd>b<sup>1</sup>H<sub>2</sub>O</dd></dl></details>\n<table><caption>c</caption><tbody><tr><th scope=\"row\">x</th><td colspan=\"2\">y</td></tr></tbody></table>";
        assert_eq!(clean(html), html);
    }

    #[test]
    fn script_and_handlers_are_dropped() {
        let out = clean("<p onclick=\"alert(1)\">a<script>alert(2)</script><iframe srcdoc=\"x\"></iframe><a href=\"JaVaScRiPt:alert(3)\">b</a><img src=\"data:text/html,x\"><a href=\"&#106;avascript:alert(4)\">c</a></p>");
        assert_eq!(out, "<p>a<a>b</a><img><a>c</a></p>");
    }

    #[test]
    fn pictures_are_kept_and_their_sources_checked() {
        let html = "<picture><source type=\"image/webp\" srcset=\"a.480.webp 480w, a.800.webp 800w\" sizes=\"100vw\"><img src=\"a.jpg\" srcset=\"a.480.jpg 480w\" sizes=\"100vw\" width=\"800\" height=\"600\" alt=\"A\" loading=\"lazy\" decoding=\"async\"></picture>";
        assert_eq!(clean(html), html);
        assert_eq!(
            clean("<picture><source type=\"text/html\" srcset=\"a.webp 1w, javascript:alert(1) 2w\"><img src=\"a.jpg\" loading=\"soon\" onload=\"x()\"></picture>"),
            "<picture><source><img src=\"a.jpg\"></picture>"
        );
    }

    #[test]
    fn ids_of_the_theme_and_foreign_classes_are_dropped() {
        assert_eq!(
            clean(
                "<div id=\"main\" class=\"visually-hidden code\">x</div><span id=\"mine\">y</span>"
            ),
            "<div class=\"code\">x</div><span id=\"mine\">y</span>"
        );
    }
}
