//! What the sanitiser will do to one piece of raw HTML, told during validation: html5ever's
//! tokenizer reads it with the same allow-list (`sanitize.rs`), so each removal becomes a warning
//! at its tag, and each `<img>` and `<source>` is recorded for the image checks
//! (`images::raw_image_problem`).

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::images::RawImage;
use super::sanitize::{attribute_allowed, keep_value, DROPPED_WITH_CONTENT, TAGS};

/// What [`review`] finds in one piece of raw HTML.
#[derive(Debug, Default)]
pub struct Review {
    /// What cleaning will remove, in order: the byte offset in the piece of the tag concerned,
    /// and a sentence saying what goes and why.
    pub removals: Vec<(usize, String)>,
    /// Every `<img>` and `<source>`, with its offset in the piece.
    pub images: Vec<RawImage>,
}

/// What cleaning will remove from one piece of raw HTML, and the images it holds.
pub fn review(raw: &str) -> Review {
    let sink = Sink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(raw));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let found = tokenizer.sink.found.take();
    let mut out = Review::default();
    let mut at = TagOffsets::new(raw);
    for (line, name, finding) in found {
        let offset = at.of(line, &name);
        match finding {
            Finding::Removal(message) => out.removals.push((offset, message)),
            Finding::Image(image) => out.images.push(RawImage {
                at: offset,
                ..image
            }),
        }
    }
    out
}

/// Finds where a tag the tokenizer reports starts. The tokenizer gives only the line it was on
/// when the tag ended: the offset is that of the tag's `<name` on that line, counting the tags
/// of the same name reported on it before (`<img><img>`), else the last `<name` before the
/// line's end (a tag spread over lines), else the line's start.
struct TagOffsets {
    lower: String,
    line_starts: Vec<usize>,
    seen: HashMap<(u64, String), usize>,
}

impl TagOffsets {
    fn new(raw: &str) -> TagOffsets {
        TagOffsets {
            lower: raw.to_ascii_lowercase(),
            line_starts: std::iter::once(0)
                .chain(raw.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            seen: HashMap::new(),
        }
    }

    fn of(&mut self, line: u64, name: &str) -> usize {
        let index = line.saturating_sub(1) as usize;
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.lower.len());
        let needle = format!("<{name}");
        let nth = self.seen.entry((line, name.to_string())).or_insert(0);
        let on_line = self.lower[start..end]
            .match_indices(&needle)
            .nth(*nth)
            .map(|(i, _)| start + i);
        *nth += 1;
        on_line
            .or_else(|| self.lower[..end].rfind(&needle))
            .unwrap_or(start)
    }
}

enum Finding {
    Removal(String),
    Image(RawImage),
}

/// Collects the removals the tokenizer's start tags imply, and the images: (line, tag name,
/// what).
#[derive(Default)]
struct Sink {
    found: RefCell<Vec<(u64, String, Finding)>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name = tag.name.to_string();
        let mut found = self.found.borrow_mut();
        if !TAGS.contains(&name.as_str()) {
            let what = if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
                "is removed with its content"
            } else {
                "is removed (its text is kept)"
            };
            found.push((
                line,
                name.clone(),
                Finding::Removal(format!(
                    "raw HTML element <{name}> is not allowed in content and {what}"
                )),
            ));
            return TokenSinkResult::Continue;
        }
        if name == "img" || name == "source" {
            let value = |n: &str| {
                tag.attrs
                    .iter()
                    .find(|a| &*a.name.local == n)
                    .map(|a| a.value.to_string())
            };
            let image = RawImage {
                tag: name.clone(),
                src: value("src"),
                srcset: value("srcset").map_or_else(Vec::new, |v| srcset_urls(&v)),
                alt: value("alt"),
                at: 0,
            };
            found.push((line, name.clone(), Finding::Image(image)));
        }
        for attr in &tag.attrs {
            let attr_name = attr.name.local.to_string();
            let value = attr.value.to_string();
            let message = if !attribute_allowed(&name, &attr_name) {
                format!(
                    "attribute `{attr_name}` of <{name}> is not allowed in content and is removed"
                )
            } else if keep_value(&name, &attr_name, &value).is_none() {
                format!(
                    "attribute `{attr_name}=\"{value}\"` of <{name}> is removed: {}",
                    why_value(&attr_name)
                )
            } else {
                continue;
            };
            found.push((line, name.clone(), Finding::Removal(message)));
        }
        TokenSinkResult::Continue
    }
}

/// The URLs of a `srcset` (`a.jpg 480w, b.jpg 800w`).
fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn why_value(attr: &str) -> &'static str {
    match attr {
        "class" => "classes are the theme's (style content with Markdown instead)",
        "id" => "the theme uses that id, or it is empty",
        "href" | "src" | "cite" | "srcset" => {
            "only http, https, mailto, tel and relative URLs are allowed"
        }
        "type" => "only checkboxes and image types are allowed",
        _ => "that value is not allowed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_names_what_goes_and_where() {
        let raw = "<div>\n<img src=x onerror=alert(1)>\n<script>alert(1)</script>\n<a href=\"javascript:x\">y</a></div>";
        let found = review(raw).removals;
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].1.contains("`onerror`"), "{found:?}");
        assert_eq!(&raw[found[0].0..found[0].0 + 4], "<img");
        assert!(found[1].1.contains("<script>"), "{found:?}");
        assert!(found[2].1.contains("javascript:x"), "{found:?}");
        assert!(review("<details><summary>x</summary></details>")
            .removals
            .is_empty());
    }

    #[test]
    fn images_are_recorded_at_their_own_tag() {
        let raw = "<p><img src=\"a.png\" alt=\"A\"> and <img src=\"b.png\"></p>\n<picture><source srcset=\"c.webp 1x, d.webp 2x\">\n<img\n src=\"https://x.org/e.png\"\n alt=\"\"></picture>";
        let images = review(raw).images;
        let at: Vec<&str> = images.iter().map(|i| &raw[i.at..i.at + 12]).collect();
        assert_eq!(
            at,
            [
                "<img src=\"a.",
                "<img src=\"b.",
                "<source srcs",
                "<img\n src=\"h"
            ]
        );
        assert_eq!(images[0].alt.as_deref(), Some("A"));
        assert_eq!(images[1].alt, None);
        assert_eq!(images[2].srcset, ["c.webp", "d.webp"]);
        assert_eq!(images[3].src.as_deref(), Some("https://x.org/e.png"));
        assert_eq!(images[3].alt.as_deref(), Some(""));
    }
}
