//! Link previews: what a citation, a glossary link or a link to a case study or chapter shows
//! when a reader hovers, taps or presses Enter on it (the theme's `preview.js`). The data is one
//! content-hashed JSON file for the whole site, keyed by the URL path the links point to, read
//! only when a reader first reaches for a preview; the script is loaded only by pages that hold
//! such a link ([`shows_previews`], decided on each output's template context).

use std::collections::BTreeMap;

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use content::schema::PageType;
use content::PageKind;
use graph::Graph;
use model::output::OutputFile;

/// The name templates know the previews file by (`site.assets['previews.json']`).
pub const NAME: &str = "previews.json";

/// The classes of links the script previews: citations (inside `span.citation`), automatic
/// glossary links and hand-written links to pages with a preview.
const MARKERS: &[&str] = &[
    "class=\"citation",
    "class=\"glossary-term\"",
    "class=\"preview-link\"",
];

/// Whether a link to a page of this type shows a preview: case studies and chapters (title and
/// summary) and glossary terms (the definition).
pub fn has_preview(page_type: PageType) -> bool {
    matches!(
        page_type,
        PageType::CaseStudy | PageType::Chapter | PageType::Glossary
    )
}

/// One link target's preview, as the script reads it.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Preview<'a> {
    /// A bibliography entry (the key is its reference page).
    Reference {
        /// Its key: a page that lists the reference (`#ref-<key>`) shows that item instead, so
        /// the preview says what the page's own list says (its disambiguation letters above all).
        key: &'a str,
        /// The formatted reference in the site's style, as runs of text: roman, italic, roman, …
        reference: Vec<String>,
        /// The first sentence of its annotation, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        annotation: Option<String>,
        /// The work itself: its DOI link, else its URL.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    /// A glossary term and its definition.
    Term {
        /// The term.
        title: &'a str,
        /// The definition (the summary, citations removed).
        text: &'a str,
    },
    /// A case study or a chapter of the paper.
    Page {
        /// What kind of page it is ("Case study", "Paper chapter").
        label: &'static str,
        /// Its title.
        title: &'a str,
        /// Its one-line summary.
        text: &'a str,
    },
}

/// The previews file (`previews.<hash>.json`) of every bibliography entry, glossary term, case
/// study and chapter, with references as `formatted` (key → HTML in the site's style) gives
/// them; None when the site has none of them.
pub fn file(graph: &Graph, formatted: &BTreeMap<String, String>) -> Option<OutputFile> {
    let base = graph.base_url.path();
    let mut previews: BTreeMap<String, Preview<'_>> = BTreeMap::new();
    for e in &graph.bibliography.entries {
        let Some(html) = formatted.get(e.key.as_str()) else {
            continue;
        };
        let source = e
            .field("doi")
            .map(|d| format!("https://doi.org/{d}"))
            .or_else(|| e.field("url"))
            .filter(|u| markdown::is_safe_url(u) && u.contains(':'));
        let annotation = e
            .annotation
            .as_ref()
            .and_then(|a| first_sentence(&a.body.analysis.first_paragraph_text));
        previews.insert(
            format!("{base}bibliography/{}/", e.key.as_str()),
            Preview::Reference {
                key: e.key.as_str(),
                reference: runs(html),
                annotation,
                source,
            },
        );
    }
    for p in &graph.pages {
        let preview = match &p.page.kind {
            PageKind::Glossary(_) => Preview::Term {
                title: p.page.title(),
                text: p.page.description(),
            },
            PageKind::CaseStudy(_) => Preview::Page {
                label: "Case study",
                title: p.page.title(),
                text: p.page.description(),
            },
            PageKind::Chapter(_) => Preview::Page {
                label: "Paper chapter",
                title: p.page.title(),
                text: p.page.description(),
            },
            PageKind::Page(_) => continue,
        };
        previews.insert(p.permalink.url(base), preview);
    }
    if previews.is_empty() {
        return None;
    }
    let bytes = serde_json::to_vec(&previews).expect("previews serialize");
    Some(OutputFile::new(
        crate::assets::fingerprinted(NAME, &bytes),
        bytes,
    ))
}

/// Whether an output whose template context is `ctx` shows a link with a preview: its HTML
/// comes from the Markdown renderer and the citation styler, whose classes mark such links.
pub fn shows_previews(ctx: &serde_json::Value) -> bool {
    match ctx {
        serde_json::Value::String(s) => shows(s),
        serde_json::Value::Array(items) => items.iter().any(shows_previews),
        serde_json::Value::Object(map) => map.values().any(shows_previews),
        _ => false,
    }
}

/// Whether `html` (from the Markdown renderer) holds a link with a preview.
pub fn shows(html: &str) -> bool {
    MARKERS.iter().any(|m| html.contains(m))
}

/// The text of `html` as runs, roman and italic in turn (starting roman, so an italic first
/// run follows an empty one): the script builds them as text and `<i>`, never as HTML.
fn runs(html: &str) -> Vec<String> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(Runs::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut runs = tokenizer.sink.runs.take();
    if runs.len() > 1 && runs.last().is_some_and(String::is_empty) {
        runs.pop();
    }
    runs
}

/// Collects [`runs`]: text (entities decoded by html5ever's tokenizer) and how deep inside
/// italic elements it is.
struct Runs {
    runs: RefCell<Vec<String>>,
    italic: RefCell<usize>,
}

impl Default for Runs {
    fn default() -> Self {
        Runs {
            runs: RefCell::new(vec![String::new()]),
            italic: RefCell::new(0),
        }
    }
}

impl TokenSink for Runs {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if matches!(&*tag.name, "i" | "em" | "cite") => {
                let mut depth = self.italic.borrow_mut();
                match tag.kind {
                    TagKind::StartTag if !tag.self_closing => *depth += 1,
                    TagKind::EndTag => *depth = depth.saturating_sub(1),
                    TagKind::StartTag => {}
                }
            }
            Token::CharacterTokens(text) => {
                let italic = *self.italic.borrow() > 0;
                let mut runs = self.runs.borrow_mut();
                if italic != runs.len().is_multiple_of(2) {
                    runs.push(String::new());
                }
                runs.last_mut().expect("one run").push_str(&text);
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The first sentence of `text` (Unicode sentence boundaries), trimmed; None when it is empty.
fn first_sentence(text: &str) -> Option<String> {
    let s = text.unicode_sentences().next()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_become_roman_and_italic_runs() {
        assert_eq!(
            runs("Kania, J., &amp; Kramer, M. (2011). <i>Collective impact</i>. SSIR. <a href=\"https://x.org/\">https://x.org/</a>"),
            ["Kania, J., & Kramer, M. (2011). ", "Collective impact", ". SSIR. https://x.org/"]
        );
        assert_eq!(runs("<i>Title</i> (n.d.)"), ["", "Title", " (n.d.)"]);
        assert_eq!(runs("A <i><b>B</b> c</i>"), ["A ", "B c"]);
    }

    #[test]
    fn the_first_sentence_is_the_annotations_opening() {
        assert_eq!(
            first_sentence("This 2011 article offered a model. It set it against another.")
                .as_deref(),
            Some("This 2011 article offered a model.")
        );
        assert_eq!(first_sentence("  "), None);
    }

    #[test]
    fn contexts_with_citations_glossary_or_preview_links_show_previews() {
        let cite = json!({"page": {"content": "<p>x <span class=\"citation\">(<a href=\"/b/k/\">K, 2011</a>)</span></p>"}});
        let term = json!({"pages": [{"summary_html": "an <a class=\"glossary-term\" href=\"/g/i/\">integrator</a>"}]});
        let link = json!({"page": {"content": "<a class=\"preview-link\" href=\"/c/\">c</a>"}});
        let none = json!({"page": {"content": "<p><a href=\"/bibliography/k/\">a link</a> citation</p>", "n": 3}});
        assert!(shows_previews(&cite) && shows_previews(&term) && shows_previews(&link));
        assert!(!shows_previews(&none));
    }
}
