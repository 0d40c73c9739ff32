//! Markdown: the analysis pass (headings, links, citations, first paragraph) and the render
//! pass with links, citations and glossary terms resolved; the HTML never carries script
//! (no script-running element, no `on…` attribute, no `javascript:`/`vbscript:`/`data:` URL).
#![no_main]

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use libfuzzer_sys::fuzz_target;
use markdown::{citations, Citation, Resolver};

struct Everything {
    citations: usize,
    glossary_used: bool,
}

impl Resolver for Everything {
    fn link(&mut self, path: &str, anchor: Option<&str>) -> Option<String> {
        (!path.starts_with('x')).then(|| format!("/{path}/#{}", anchor.unwrap_or("")))
    }
    fn citation(&mut self, index: usize, c: &Citation) -> Option<String> {
        // Indexes count the analysis' citations, the ones `check` read.
        assert!(
            index < self.citations,
            "citation {index} of {}",
            self.citations
        );
        (c.items.len() < 3).then(|| "<cite>c</cite>".to_string())
    }
    fn relative(&mut self, url: &str) -> Option<String> {
        url.starts_with("img/").then(|| format!("/base/{url}"))
    }
    fn has_preview(&mut self, path: &str) -> bool {
        path.len() % 2 == 0
    }
    fn glossary_term(&mut self, text: &str) -> Option<(std::ops::Range<usize>, String)> {
        if self.glossary_used {
            return None;
        }
        let at = text.find("integrator")?;
        self.glossary_used = true;
        Some((at..at + "integrator".len(), "/glossary/integrator/".into()))
    }
}

fuzz_target!(|body: &str| {
    let analysis = markdown::analyze(body);
    for h in &analysis.headings {
        assert!(analysis.heading(&h.id).is_some());
        if let Some(lead) = &h.lead {
            let _ = &body[lead.clone()];
        }
    }
    for c in &analysis.citations {
        let _ = &body[c.span.clone()];
        for i in &c.items {
            // The key as written: `@` and the key, inside the citation, in braces (`@{key}`,
            // whose inside is trimmed: `@{ key }` cites `key`) or not. An escape (`\_`) or an
            // entity (`&amp;`) in it is decoded in the key, so only plain keys compare exactly.
            // Across a line break, CommonMark reads the line ending as `\n` and drops the spaces
            // and container markers (`>`) around it, so there only the first lines compare.
            let written = &body[i.key_span.clone()];
            assert!(
                c.span.start <= i.key_span.start && i.key_span.end <= c.span.end,
                "{body:?}"
            );
            let key = written.strip_prefix('@').map(|k| {
                k.strip_prefix('{')
                    .and_then(|k| k.strip_suffix('}'))
                    .map_or(k, str::trim)
            });
            assert!(key.is_some(), "{written:?} in {body:?}");
            let first_line = |k: &str| {
                k.split(['\r', '\n'])
                    .next()
                    .unwrap_or("")
                    .trim_end()
                    .to_string()
            };
            if written.contains(['\r', '\n']) && !written.contains(['\\', '&']) {
                assert_eq!(
                    key.map(first_line),
                    Some(first_line(i.key.as_str())),
                    "{body:?}"
                );
            } else if !written.contains(['\\', '&']) {
                assert_eq!(key, Some(i.key.as_str()), "{body:?}");
            }
        }
    }
    for l in &analysis.links {
        let _ = &body[l.span.clone()];
    }
    for c in citations::find(body) {
        let _ = &body[c.span.clone()];
    }
    let mut resolver = Everything {
        citations: analysis.citations.len(),
        glossary_used: false,
    };
    let html = markdown::render(body, &analysis, &mut resolver).html;
    // Contributors' Markdown is untrusted: no element, attribute or URL from it may run script.
    // The HTML is read as a browser would (html5ever's tokenizer), so text that merely mentions
    // `javascript:` is not mistaken for a link to it.
    for (tag, attrs) in start_tags(&html) {
        assert!(!FORBIDDEN_TAGS.contains(&tag.as_str()), "<{tag}> in {html}");
        for (name, value) in attrs {
            assert!(!name.starts_with("on"), "<{tag} {name}> in {html}");
            // Only attributes a browser follows as URLs can carry a script URL; an inert one
            // (`data-lang` holding a code block's info string) may say anything.
            let urls: Vec<&str> = match name.as_str() {
                "href" | "src" | "action" | "formaction" | "poster" | "background" | "cite"
                | "xlink:href" | "data" => vec![value.as_str()],
                // Each candidate of a srcset is a URL and a descriptor.
                "srcset" => value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect(),
                _ => Vec::new(),
            };
            for url in urls {
                // Browsers ignore ASCII whitespace and control characters inside a URL's scheme.
                let url: String = url
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !url.starts_with(scheme),
                        "<{tag} {name}={value:?}> in {html}"
                    );
                }
            }
        }
    }
});

/// Elements that run script or embed active content.
const FORBIDDEN_TAGS: [&str; 9] = [
    "script", "iframe", "object", "embed", "svg", "math", "frame", "base", "form",
];

/// Every start tag of `html`: its name and its attributes (name, value).
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[derive(Default)]
struct Tags(RefCell<Vec<(String, Vec<(String, String)>)>>);

impl TokenSink for Tags {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let attrs = tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                self.0.borrow_mut().push((tag.name.to_string(), attrs));
            }
        }
        TokenSinkResult::Continue
    }
}
