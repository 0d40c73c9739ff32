//! The memo of Markdown bodies: each body's HTML kept with the graph's answers to its links,
//! citations, previews and images, recorded while it renders; on the next run the answers are
//! asked again of the new graph and the HTML is reused only if every one is the same.

use std::convert::Infallible;
use std::hash::Hash;
use std::sync::Arc;

use markdown::{Citation, Resolver};
use model::fingerprint::{Fingerprint, Hasher};

use super::Session;

/// One rendered Markdown body (or a page's body and summary, rendered with one resolver).
#[derive(Debug)]
pub struct Body {
    /// What the HTML was made from — the text, the salt and every answer of the graph — so an
    /// output's fingerprint can name the HTML it holds; all zeros outside a memo session.
    pub made_from: Fingerprint,
    /// The body's citations (they follow from the text).
    citations: Vec<Citation>,
    /// The graph's answers, in the order they were asked.
    calls: Vec<Call>,
    /// The HTML pieces, in the order the caller rendered them.
    pub html: Vec<String>,
    /// Whether any code block was highlighted.
    pub has_code: bool,
}

/// What a body's HTML is made from besides the graph's answers: the Markdown read (a page's
/// whole file, or a fragment's text) and everything else fixed per body that the render read.
#[derive(Debug, Clone)]
pub(super) struct BodyInputs {
    text: Arc<str>,
    salt: Fingerprint,
}

impl PartialEq for BodyInputs {
    fn eq(&self, other: &Self) -> bool {
        // An unchanged file is the same allocation; equal text in a new one is the same too.
        (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text) && self.salt == other.salt
    }
}

/// One question a body asked the graph, with its answer.
#[derive(Debug, Clone, PartialEq, Hash)]
enum Call {
    Link(String, Option<String>, Option<String>),
    Citation(usize, Citation, Option<String>),
    Preview(String, bool),
    Image(String, Option<markdown::Picture>),
}

/// The fingerprint of what a body's HTML follows from: its text, its salt and the answers it
/// was given (relative URLs and glossary terms follow from those).
fn made_from(text: &str, salt: &Fingerprint, calls: &[Call]) -> Fingerprint {
    let mut h = Hasher::default();
    h.write_str(text);
    h.write_fingerprint(salt);
    calls.hash(&mut h);
    h.finish()
}

/// Renders a Markdown body through the memo when there is one. `analyze` returns what `render`
/// needs and the body's citations; `resolver` makes a fresh resolver for those citations;
/// `render` returns the HTML pieces and whether code was highlighted. Returns the body and the
/// resolver it was rendered (or replayed) with, for the page's reference list.
pub fn body<A, R: Resolver>(
    session: Option<&Session<'_>>,
    key: &str,
    text: &Arc<str>,
    salt: Fingerprint,
    analyze: impl FnOnce() -> (A, Vec<Citation>),
    resolver: impl Fn(&[Citation]) -> R,
    render: impl FnOnce(A, &mut dyn Resolver) -> (Vec<String>, bool),
) -> (Arc<Body>, R) {
    let Some(session) = session else {
        let (analysis, citations) = analyze();
        let mut r = resolver(&citations);
        let (html, has_code) = render(analysis, &mut r);
        let body = Body {
            made_from: [0; 32],
            citations,
            calls: Vec::new(),
            html,
            has_code,
        };
        return (Arc::new(body), r);
    };
    let inputs = BodyInputs {
        text: text.clone(),
        salt,
    };
    // The resolver the kept body was replayed with, or the one a fresh render used.
    let mut used: Option<R> = None;
    let still_valid = |old: &Arc<Body>| {
        // Same text, so the same citations: the old list makes the resolver.
        let mut r = resolver(&old.citations);
        let same = replay(&old.calls, &mut r);
        if same {
            used = Some(r);
        }
        same
    };
    let mut fresh: Option<R> = None;
    let make = || {
        let (analysis, citations) = analyze();
        let mut r = resolver(&citations);
        let mut recorder = Recorder {
            inner: &mut r,
            calls: Vec::new(),
        };
        let (html, has_code) = render(analysis, &mut recorder);
        let calls = recorder.calls;
        fresh = Some(r);
        Ok::<_, Infallible>(Arc::new(Body {
            made_from: made_from(text, &salt, &calls),
            citations,
            calls,
            html,
            has_code,
        }))
    };
    let Ok(entry) = session
        .bodies
        .get_checked_or_make(key.to_string(), inputs, still_valid, make);
    // Exactly one of the two ran to the end: a replay that matched, or a fresh render.
    let r = match fresh.or(used) {
        Some(r) => r,
        None => resolver(&entry.citations),
    };
    (entry, r)
}

/// Asks `resolver` every recorded question; true when every answer is the same. Asking moves the
/// resolver into the state the render would have left it in (links count as glossary uses).
fn replay(calls: &[Call], resolver: &mut dyn Resolver) -> bool {
    calls.iter().all(|c| match c {
        Call::Link(path, anchor, answer) => resolver.link(path, anchor.as_deref()) == *answer,
        Call::Citation(index, cite, answer) => resolver.citation(*index, cite) == *answer,
        Call::Preview(path, answer) => resolver.has_preview(path) == *answer,
        Call::Image(url, answer) => resolver.image(url) == *answer,
    })
}

/// Passes every question on to the real resolver and writes down the ones whose answers depend on
/// the graph. Relative URLs and glossary terms need no record: their answers follow from the
/// body's text, its salt and the recorded links.
struct Recorder<'a> {
    inner: &'a mut dyn Resolver,
    calls: Vec<Call>,
}

impl Resolver for Recorder<'_> {
    fn link(&mut self, path: &str, anchor: Option<&str>) -> Option<String> {
        let answer = self.inner.link(path, anchor);
        self.calls.push(Call::Link(
            path.to_string(),
            anchor.map(str::to_string),
            answer.clone(),
        ));
        answer
    }

    fn citation(&mut self, index: usize, citation: &Citation) -> Option<String> {
        let answer = self.inner.citation(index, citation);
        self.calls
            .push(Call::Citation(index, citation.clone(), answer.clone()));
        answer
    }

    fn relative(&mut self, url: &str) -> Option<String> {
        self.inner.relative(url)
    }

    fn has_preview(&mut self, path: &str) -> bool {
        let answer = self.inner.has_preview(path);
        self.calls.push(Call::Preview(path.to_string(), answer));
        answer
    }

    fn glossary_term(&mut self, text: &str) -> Option<(std::ops::Range<usize>, String)> {
        self.inner.glossary_term(text)
    }

    fn image(&mut self, url: &str) -> Option<markdown::Picture> {
        let answer = self.inner.image(url);
        self.calls
            .push(Call::Image(url.to_string(), answer.clone()));
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memo::Memo;

    /// A resolver whose link answers come from a table.
    struct Table(Vec<(&'static str, &'static str)>);

    impl Resolver for Table {
        fn link(&mut self, path: &str, _anchor: Option<&str>) -> Option<String> {
            self.0
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, u)| u.to_string())
        }
        fn citation(&mut self, _: usize, _c: &Citation) -> Option<String> {
            None
        }
    }

    /// Renders a body of two links through the memo, counting fresh renders in `renders`.
    fn links_body(session: &Session<'_>, text: &Arc<str>, salt: u8, graph: &Table) -> Arc<Body> {
        let (body, _) = body(
            Some(session),
            "k",
            text,
            [salt; 32],
            || ((), Vec::new()),
            |_| Table(graph.0.clone()),
            |(), r| {
                let html = ["a.md", "b.md"]
                    .iter()
                    .map(|p| r.link(p, None).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ");
                (vec![html], false)
            },
        );
        body
    }

    #[test]
    fn a_body_is_reused_only_while_text_salt_and_every_answer_are_the_same() {
        let text: Arc<str> = "[a](@/a.md) [b](@/b.md)".into();
        let graph = Table(vec![("a.md", "/a/"), ("b.md", "/b/")]);
        let empty = Memo::default();
        let s = Session::new(&empty);
        let first = links_body(&s, &text, 0, &graph);
        let (memo, reuse) = s.finish();
        assert_eq!(reuse.bodies_rendered, 1);
        assert_eq!(first.html, vec!["/a/ /b/".to_string()]);

        // Same everything: the very same entry comes back.
        let s = Session::new(&memo);
        assert!(Arc::ptr_eq(&first, &links_body(&s, &text, 0, &graph)));
        let (memo, reuse) = s.finish();
        assert_eq!(reuse.bodies_reused, 1);

        // Equal text in a new allocation still counts as the same.
        let copy: Arc<str> = text.to_string().into();
        let s = Session::new(&memo);
        assert!(Arc::ptr_eq(&first, &links_body(&s, &copy, 0, &graph)));

        // A target that moved, another salt, or another text: rendered afresh.
        let moved = Table(vec![("a.md", "/a/"), ("b.md", "/elsewhere/")]);
        let s = Session::new(&memo);
        let fresh = links_body(&s, &text, 0, &moved);
        assert_eq!(fresh.html, vec!["/a/ /elsewhere/".to_string()]);
        assert_ne!(fresh.made_from, first.made_from);
        // Rendered afresh from the same inputs: the same fingerprint, so outputs holding it
        // need not be rendered again.
        let s = Session::new(&empty);
        assert_eq!(links_body(&s, &text, 0, &graph).made_from, first.made_from);
        let s = Session::new(&memo);
        assert!(!Arc::ptr_eq(&first, &links_body(&s, &text, 1, &graph)));
        let s = Session::new(&memo);
        let edited: Arc<str> = "[a](@/a.md)".into();
        assert!(!Arc::ptr_eq(&first, &links_body(&s, &edited, 0, &graph)));
    }
}
