//! Markdown: the analysis pass (headings, links, citations, first paragraph) and the render
//! pass with links, citations and glossary terms resolved; the HTML never carries script.
#![no_main]

use std::cell::Cell;

use libfuzzer_sys::fuzz_target;
use markdown::{citations, Citation, Resolver};

struct Everything {
    glossary_used: Cell<bool>,
}

impl Resolver for Everything {
    fn link(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        (!path.starts_with('x')).then(|| format!("/{path}/#{}", anchor.unwrap_or("")))
    }
    fn citation(&self, c: &Citation) -> Option<String> {
        (c.items.len() < 3).then(|| "<cite>c</cite>".to_string())
    }
    fn relative(&self, url: &str) -> Option<String> {
        url.starts_with("img/").then(|| format!("/base/{url}"))
    }
    fn glossary_term(&self, text: &str) -> Option<(std::ops::Range<usize>, String)> {
        if self.glossary_used.get() {
            return None;
        }
        let at = text.find("integrator")?;
        self.glossary_used.set(true);
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
            assert_eq!(&body[i.key_span.clone()][1..], i.key, "{body:?}");
        }
    }
    for l in &analysis.links {
        let _ = &body[l.span.clone()];
    }
    for c in citations::find(body) {
        let _ = &body[c.span.clone()];
    }
    let resolver = Everything {
        glossary_used: Cell::new(false),
    };
    let html = markdown::render(body, &analysis, &resolver)
        .html
        .to_ascii_lowercase();
    // Contributors' Markdown is untrusted: no element or URL from it may run script.
    for bad in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "javascript:",
        "vbscript:",
        "<svg",
        "<math",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    let tags = html.split('<').skip(1);
    for tag in tags {
        let head = tag.split('>').next().unwrap_or("");
        assert!(!head.contains(" on"), "an event attribute in <{head}>");
        assert!(
            !head.contains("href=\"data:") && !head.contains("src=\"data:"),
            "<{head}>"
        );
    }
});
