//! Images in Markdown: what the first pass records of each one ([`ImageRef`]), the check that
//! every image says what it shows ([`alt_problem`]), the `<picture>` the renderer writes for
//! an image whose sizes the resolver knows ([`Picture`]), and the rule for images written in raw
//! HTML ([`raw_image_problem`]): a file beside the page is refused there, so every such image
//! takes the one Markdown path that checks, measures and resizes it.

use std::ops::Range;

use pulldown_cmark::Event;
use pulldown_cmark_escape::{escape_href, escape_html};

use super::Analysis;

/// The image title that marks an image as decorative (`![](rule.png "decorative")`): it is
/// written with an empty `alt`, so screen readers skip it, and without a title.
pub const DECORATIVE: &str = "decorative";

/// A Markdown image as written: `![alt](url "title")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The destination as written.
    pub url: String,
    /// The alternative text (the text between the brackets, markup removed).
    pub alt: String,
    /// The title, empty when there is none.
    pub title: String,
    /// Byte range of the whole image in the body.
    pub span: Range<usize>,
}

impl ImageRef {
    /// Whether the image names a file beside its page (a relative URL without a scheme), the
    /// images the build resizes.
    pub fn is_beside_page(&self) -> bool {
        is_relative_file(&self.url)
    }

    /// Whether the title marks the image as decorative.
    pub fn is_decorative(&self) -> bool {
        self.title.trim().eq_ignore_ascii_case(DECORATIVE)
    }
}

/// Whether `url` is relative to its page: no scheme, not site-relative, not a fragment or `@/`.
pub fn is_relative_file(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with(['/', '#', '@', '?'])
        && !url
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':')
}

/// What is wrong with an image's alternative text, with the fix, or None when it has some or is
/// marked decorative.
pub fn alt_problem(image: &ImageRef) -> Option<(String, String)> {
    if !image.alt.trim().is_empty() || image.is_decorative() {
        return None;
    }
    Some((
        format!("image `{}` has no alternative text", image.url),
        format!(
            "say what the image shows for readers who cannot see it: `![A map of the network's five counties]({url})`; an image that only decorates is marked `![]({url} \"{DECORATIVE}\")`",
            url = image.url
        ),
    ))
}

/// A raw-HTML `<img>` or `<source>` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawImage {
    /// `img` or `source`.
    pub tag: String,
    /// Its `src`, when it has one.
    pub src: Option<String>,
    /// The URLs of its `srcset`'s candidates.
    pub srcset: Vec<String>,
    /// Its `alt`, None when it has none (`alt=""` is an image marked decorative).
    pub alt: Option<String>,
    /// Byte offset of its `<` in the body.
    pub at: usize,
}

/// What is wrong with an image written in raw HTML, with the fix, or None. An image file beside
/// the page may only be shown with Markdown, which the build checks (file, alt text), measures
/// (`width`, `height`) and resizes (`srcset`, WebP, lazy loading): raw HTML would bypass all of
/// it. An image from elsewhere must still have `alt` (`alt=""` when it only decorates).
pub fn raw_image_problem(image: &RawImage) -> Option<(String, String)> {
    let beside = image
        .src
        .iter()
        .chain(&image.srcset)
        .find(|url| is_relative_file(url));
    if let Some(url) = beside {
        let shown = if image.tag == "img" {
            format!("<img src=\"{url}\">")
        } else {
            format!("<{} srcset=\"{url} …\">", image.tag)
        };
        let alt = image.alt.as_deref().filter(|a| !a.trim().is_empty());
        return Some((
            format!("image `{url}` is written in raw HTML ({shown}): an image beside the page must be written in Markdown"),
            format!(
                "write `![{}]({url})` instead: the build then checks the file and the alt text, gives the image its width and height and smaller copies for phones, and loads it lazily; for a caption, put that line between `<figure>` and `<figcaption>…</figcaption></figure>`, with a blank line before and after it",
                alt.unwrap_or("what it shows")
            ),
        ));
    }
    if image.tag != "img" || image.alt.is_some() {
        return None;
    }
    let src = image.src.as_deref().unwrap_or("");
    Some((
        format!("image `{src}` has no alternative text"),
        "say what the image shows for readers who cannot see it: `alt=\"A map of the network's five counties\"`; an image that only decorates has `alt=\"\"`".into(),
    ))
}

/// One file of a `srcset`: its URL and its width in pixels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// The URL, ready for the page.
    pub url: String,
    /// Its width in pixels (`480w`).
    pub width: u32,
}

/// An image the build measured and resized: what the renderer needs to write its `<picture>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Picture {
    /// The `src` for browsers without `srcset`.
    pub src: String,
    /// The image's real width and height, so the box has its final size before it loads.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// The files in the original format, narrowest first (empty: a plain `<img>`).
    pub srcset: Vec<Candidate>,
    /// The WebP files, narrowest first (empty when WebP is not smaller).
    pub webp: Vec<Candidate>,
    /// The `sizes` attribute: how wide the image is shown at each viewport width.
    pub sizes: String,
}

impl Picture {
    /// The HTML for this picture with `alt` and `title`; `eager` for an image likely in the first
    /// screen (lazy loading it would only delay it).
    pub fn html(&self, alt: &str, title: &str, eager: bool) -> String {
        let decorative = alt.trim().is_empty() && title.trim().eq_ignore_ascii_case(DECORATIVE);
        let mut img = String::from("<img src=\"");
        let _ = escape_href(&mut img, &self.src);
        img.push('"');
        if !self.srcset.is_empty() {
            img.push_str(&format!(" srcset=\"{}\"", srcset(&self.srcset)));
            img.push_str(&format!(" sizes=\"{}\"", attr(&self.sizes)));
        }
        img.push_str(&format!(
            " width=\"{}\" height=\"{}\" alt=\"{}\"",
            self.width,
            self.height,
            attr(if decorative { "" } else { alt })
        ));
        if !title.is_empty() && !decorative {
            img.push_str(&format!(" title=\"{}\"", attr(title)));
        }
        let loading = if eager { "eager" } else { "lazy" };
        img.push_str(&format!(" loading=\"{loading}\" decoding=\"async\">"));
        if self.webp.is_empty() {
            return img;
        }
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">{img}</picture>",
            srcset(&self.webp),
            attr(&self.sizes)
        )
    }
}

/// An image being rendered as a `<picture>`: its alt text is gathered until its end.
pub(crate) struct OpenPicture<'a> {
    pub(crate) picture: Picture,
    pub(crate) title: String,
    pub(crate) eager: bool,
    pub(crate) alt: Vec<Event<'a>>,
    /// Images nested in the alt text, still open.
    pub(crate) depth: usize,
}

/// Whether a body offset lies in the body's lead: its first paragraph, before any heading. The
/// first image there is likely on the first screen, where lazy loading would only delay it;
/// every other image loads lazily.
pub(crate) fn in_lead(analysis: &Analysis, offset: usize) -> bool {
    analysis
        .first_paragraph
        .as_ref()
        .is_some_and(|p| p.start <= offset && offset < p.end)
        && analysis.headings.first().is_none_or(|h| h.offset > offset)
}

/// The text of events (alt text): citations' and links' HTML is left out, their text kept.
pub(crate) fn plain_text(events: &[Event<'_>]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

fn srcset(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| {
            let mut url = String::new();
            let _ = escape_href(&mut url, &c.url);
            // A comma inside a URL would split the candidate list.
            format!("{} {}w", url.replace(',', "%2C"), c.width)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(url: &str, alt: &str, title: &str) -> ImageRef {
        ImageRef {
            url: url.into(),
            alt: alt.into(),
            title: title.into(),
            span: 0..1,
        }
    }

    struct Pictures;
    impl crate::Resolver for Pictures {
        fn link(&mut self, _: &str, _: Option<&str>) -> Option<String> {
            None
        }
        fn citation(&mut self, _: usize, c: &crate::Citation) -> Option<String> {
            Some(format!("<cite>{}</cite>", c.items[0].key))
        }
        fn image(&mut self, url: &str) -> Option<Picture> {
            (url != "plain.png").then(|| Picture {
                src: format!("/x/{url}"),
                width: 1000,
                height: 750,
                srcset: Vec::new(),
                webp: Vec::new(),
                sizes: "100vw".into(),
            })
        }
    }

    #[test]
    fn measured_images_are_pictures_lazy_after_the_lead() {
        let md = "Lead ![A *map* `x`](a.jpg) text.\n\n## Part\n\n![Second [@k]](b.jpg)[@j]\n\n![Plain](plain.png) ![Far](https://x.org/c.png)\n";
        let out = crate::render(md, &crate::analyze(md), &mut Pictures).html;
        assert!(out.contains("<img src=\"/x/a.jpg\" width=\"1000\" height=\"750\" alt=\"A map x\" loading=\"eager\" decoding=\"async\">"), "{out}");
        assert!(out.contains("alt=\"Second \" loading=\"lazy\""), "{out}");
        // The citation in the alt text is consumed, so the next one keeps its own index.
        assert!(out.contains("<cite>j</cite>"), "{out}");
        assert!(
            out.contains("<img src=\"plain.png\" alt=\"Plain\" />"),
            "{out}"
        );
        assert!(
            out.contains("<img src=\"https://x.org/c.png\" alt=\"Far\" />"),
            "{out}"
        );
    }

    #[test]
    fn relative_files_are_the_ones_beside_the_page() {
        for url in ["photo.jpg", "img/a b.png", "./x.webp", "../x.png"] {
            assert!(is_relative_file(url), "{url}");
        }
        for url in [
            "https://x.org/a.png",
            "/static/a.png",
            "#x",
            "@/a.md",
            "data:image/png;base64,x",
            "",
        ] {
            assert!(!is_relative_file(url), "{url}");
        }
    }

    #[test]
    fn raw_images_beside_the_page_are_refused_and_others_need_alt() {
        let raw = |src: Option<&str>, srcset: &[&str], alt: Option<&str>, tag: &str| RawImage {
            tag: tag.into(),
            src: src.map(Into::into),
            srcset: srcset.iter().map(|s| s.to_string()).collect(),
            alt: alt.map(Into::into),
            at: 0,
        };
        let (message, help) =
            raw_image_problem(&raw(Some("photo.jpg"), &[], Some("A ferry"), "img")).unwrap();
        assert!(
            message.contains("`photo.jpg` is written in raw HTML"),
            "{message}"
        );
        assert!(help.contains("`![A ferry](photo.jpg)`"), "{help}");
        let (message, _) = raw_image_problem(&raw(
            None,
            &["https://x.org/a.png", "b.webp"],
            None,
            "source",
        ))
        .unwrap();
        assert!(message.contains("`b.webp`"), "{message}");
        let far = |alt| raw(Some("https://x.org/a.png"), &[], alt, "img");
        assert!(raw_image_problem(&far(Some(""))).is_none());
        assert!(raw_image_problem(&far(Some("A map"))).is_none());
        let (message, _) = raw_image_problem(&far(None)).unwrap();
        assert!(message.contains("no alternative text"), "{message}");
        assert!(raw_image_problem(&raw(None, &["https://x.org/a.webp"], None, "source")).is_none());
    }

    #[test]
    fn alt_text_is_required_unless_decorative() {
        assert!(alt_problem(&image("a.png", "A map", "")).is_none());
        assert!(alt_problem(&image("a.png", "", "Decorative")).is_none());
        let (message, help) = alt_problem(&image("a.png", " ", "")).unwrap();
        assert!(message.contains("`a.png`"), "{message}");
        assert!(help.contains("\"decorative\""), "{help}");
    }

    #[test]
    fn picture_has_sizes_sources_and_lazy_loading() {
        let c = |url: &str, width| Candidate {
            url: url.into(),
            width,
        };
        let p = Picture {
            src: "a.800.jpg".into(),
            width: 1000,
            height: 500,
            srcset: vec![c("a.480.jpg", 480), c("a,b.jpg", 1000)],
            webp: vec![c("a.480.webp", 480)],
            sizes: "100vw".into(),
        };
        assert_eq!(
            p.html("A \"map\"", "", false),
            "<picture><source type=\"image/webp\" srcset=\"a.480.webp 480w\" sizes=\"100vw\"><img src=\"a.800.jpg\" srcset=\"a.480.jpg 480w, a%2Cb.jpg 1000w\" sizes=\"100vw\" width=\"1000\" height=\"500\" alt=\"A &quot;map&quot;\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
        let plain = Picture {
            webp: Vec::new(),
            ..p
        };
        let html = plain.html("", "decorative", true);
        assert!(html.starts_with("<img ") && html.contains("alt=\"\" loading=\"eager\""));
        assert!(!html.contains("title="), "{html}");
    }
}
