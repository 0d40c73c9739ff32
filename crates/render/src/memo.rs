//! What `serve` keeps from one render to the next, so that a rebuild renders only what changed.
//!
//! Two kinds of work are remembered, each under a key that covers everything it read:
//! - **Markdown bodies.** A body's HTML depends on its text, on a few settings fixed per body
//!   (its own URL, the glossary, the base for relative links) and on what the graph answered to
//!   its links and citations. The answers are recorded while it renders; on the next run they are
//!   asked again of the new graph, and the old HTML is reused only if every answer is the same.
//! - **Output files.** An output is a template applied to a context. Its fingerprint hashes the
//!   template's text together with every template it extends, includes or imports, the `site`
//!   values and the rest of the context (a body's HTML stands in by the id of its memo entry). An
//!   output whose fingerprint is unchanged keeps its previous bytes, shared, not copied.
//!
//! Nothing else is trusted: a memo only ever skips work whose inputs are provably the same, so a
//! rebuild is byte-identical to a clean build (the serve tests compare them after random edits).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use content::bibliography::{Bibliography, Styler};
use markdown::{Citation, Resolver};
use model::config::Config;
use model::diagnostics::Diagnostic;
use model::fingerprint::{Fingerprint, Hasher};
use model::output::OutputFile;

/// The remembered work of the last render; empty before the first.
#[derive(Default)]
pub struct Memo {
    bodies: HashMap<String, Arc<Body>>,
    outputs: HashMap<String, (Fingerprint, Arc<Vec<u8>>)>,
    /// Every bibliography entry formatted in the site's style, with a fingerprint of the
    /// entries, the style and the base path (formatting all entries is a fixed cost of a render).
    formatted: Option<(Fingerprint, Arc<BTreeMap<String, String>>)>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("bodies", &self.bodies.len())
            .field("outputs", &self.outputs.len())
            .finish()
    }
}

impl Memo {
    /// Adds (or replaces) the entries of `other`.
    pub fn extend(&mut self, other: Memo) {
        self.bodies.extend(other.bodies);
        self.outputs.extend(other.outputs);
        if other.formatted.is_some() {
            self.formatted = other.formatted;
        }
    }
}

/// What a render reused and what it had to do, for `serve`'s report and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    /// Markdown bodies rendered afresh.
    pub bodies_rendered: usize,
    /// Markdown bodies whose HTML was reused.
    pub bodies_reused: usize,
    /// Outputs rendered through a template.
    pub outputs_rendered: usize,
    /// Outputs whose bytes were reused.
    pub outputs_reused: usize,
}

/// One rendered Markdown body (or a page's body and summary, rendered with one resolver).
#[derive(Debug)]
pub struct Body {
    /// Unique for each fresh render, so an output's fingerprint can name the HTML it holds.
    pub id: u64,
    /// The Markdown read (a page's whole file, or a fragment's text).
    text: Arc<str>,
    /// Everything else fixed per body that the render read.
    salt: Fingerprint,
    /// The body's citations (they follow from the text).
    citations: Vec<Citation>,
    /// The graph's answers, in the order they were asked.
    calls: Vec<Call>,
    /// The HTML pieces, in the order the caller rendered them.
    pub html: Vec<String>,
    /// Whether any code block was highlighted.
    pub has_code: bool,
}

/// One question a body asked the graph, with its answer.
#[derive(Debug, Clone, PartialEq)]
enum Call {
    Link(String, Option<String>, Option<String>),
    Citation(usize, Citation, Option<String>),
    Preview(String, bool),
    Image(String, Option<markdown::Picture>),
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// One render's use of a memo: reads the last run's, fills the next.
pub struct Session<'m> {
    prev: &'m Memo,
    next: Mutex<Memo>,
    reuse: Mutex<Reuse>,
}

impl<'m> Session<'m> {
    /// A session reading `prev`.
    pub fn new(prev: &'m Memo) -> Self {
        Session {
            prev,
            next: Mutex::new(Memo::default()),
            reuse: Mutex::new(Reuse::default()),
        }
    }

    /// The memo for the next run (only what this run used), and what was reused.
    pub fn finish(self) -> (Memo, Reuse) {
        (
            self.next.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.reuse.into_inner().unwrap_or_else(|e| e.into_inner()),
        )
    }

    /// Every entry formatted by `styler`, reused from the last render while the entries, the
    /// style and the base path are the same.
    pub fn formatted(
        &self,
        bib: &Bibliography,
        styler: &Styler,
        config: &Config,
    ) -> BTreeMap<String, String> {
        let mut h = Hasher::default();
        h.write_str(styler.kind.name());
        h.write_str(&config.base_path());
        for e in &bib.entries {
            h.write_str(&format!("{:?}", e.raw));
        }
        let fp = h.finish();
        let formatted = match &self.prev.formatted {
            Some((old, f)) if *old == fp => f.clone(),
            _ => Arc::new(styler.all_references(bib, &config.base_path())),
        };
        self.next
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .formatted = Some((fp, formatted.clone()));
        (*formatted).clone()
    }

    fn count(&self, f: impl FnOnce(&mut Reuse)) {
        f(&mut self.reuse.lock().unwrap_or_else(|e| e.into_inner()));
    }
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
    render: impl FnOnce(A, &dyn Resolver) -> (Vec<String>, bool),
) -> (Arc<Body>, R) {
    let Some(session) = session else {
        let (analysis, citations) = analyze();
        let r = resolver(&citations);
        let (html, has_code) = render(analysis, &r);
        let body = Body {
            id: 0,
            text: text.clone(),
            salt,
            citations,
            calls: Vec::new(),
            html,
            has_code,
        };
        return (Arc::new(body), r);
    };
    if let Some(old) = session.prev.bodies.get(key) {
        let same_text = Arc::ptr_eq(&old.text, text) || *old.text == **text;
        if same_text && old.salt == salt {
            // Same text, so the same citations: the old list makes the resolver.
            let r = resolver(&old.citations);
            if replay(&old.calls, &r) {
                session.count(|c| c.bodies_reused += 1);
                remember(session, key, old.clone());
                return (old.clone(), r);
            }
        }
    }
    let (analysis, citations) = analyze();
    let r = resolver(&citations);
    let recorder = Recorder {
        inner: &r,
        calls: RefCell::new(Vec::new()),
    };
    let (html, has_code) = render(analysis, &recorder);
    let calls = recorder.calls.into_inner();
    let entry = Arc::new(Body {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        text: text.clone(),
        salt,
        citations,
        calls,
        html,
        has_code,
    });
    session.count(|c| c.bodies_rendered += 1);
    remember(session, key, entry.clone());
    (entry, r)
}

fn remember(session: &Session<'_>, key: &str, entry: Arc<Body>) {
    session
        .next
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .bodies
        .insert(key.to_string(), entry);
}

/// Asks `resolver` every recorded question; true when every answer is the same. Asking moves the
/// resolver into the state the render would have left it in (links count as glossary uses).
fn replay(calls: &[Call], resolver: &dyn Resolver) -> bool {
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
    inner: &'a dyn Resolver,
    calls: RefCell<Vec<Call>>,
}

impl Resolver for Recorder<'_> {
    fn link(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        let answer = self.inner.link(path, anchor);
        self.calls.borrow_mut().push(Call::Link(
            path.to_string(),
            anchor.map(str::to_string),
            answer.clone(),
        ));
        answer
    }

    fn citation(&self, index: usize, citation: &Citation) -> Option<String> {
        let answer = self.inner.citation(index, citation);
        self.calls
            .borrow_mut()
            .push(Call::Citation(index, citation.clone(), answer.clone()));
        answer
    }

    fn relative(&self, url: &str) -> Option<String> {
        self.inner.relative(url)
    }

    fn has_preview(&self, path: &str) -> bool {
        let answer = self.inner.has_preview(path);
        self.calls
            .borrow_mut()
            .push(Call::Preview(path.to_string(), answer));
        answer
    }

    fn glossary_term(&self, text: &str) -> Option<(std::ops::Range<usize>, String)> {
        self.inner.glossary_term(text)
    }

    fn image(&self, url: &str) -> Option<markdown::Picture> {
        let answer = self.inner.image(url);
        self.calls
            .borrow_mut()
            .push(Call::Image(url.to_string(), answer.clone()));
        answer
    }
}

/// Produces the output at `path`: with a session and a fingerprint `fp` of everything it depends
/// on, the last render's bytes when `fp` is unchanged; otherwise `render` makes them.
pub fn output(
    session: Option<&Session<'_>>,
    path: String,
    fp: Option<Fingerprint>,
    render: impl FnOnce() -> Result<String, Diagnostic>,
) -> Result<OutputFile, Diagnostic> {
    let (Some(session), Some(fp)) = (session, fp) else {
        return Ok(OutputFile::new(path, render()?.into_bytes()));
    };
    let bytes = match session.prev.outputs.get(&path) {
        Some((old, bytes)) if *old == fp => {
            session.count(|r| r.outputs_reused += 1);
            bytes.clone()
        }
        _ => {
            session.count(|r| r.outputs_rendered += 1);
            Arc::new(render()?.into_bytes())
        }
    };
    session
        .next
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .outputs
        .insert(path.clone(), (fp, bytes.clone()));
    Ok(OutputFile { path, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::fingerprint::fingerprint_of;

    /// A resolver whose link answers come from a table.
    struct Table(Vec<(&'static str, &'static str)>);

    impl Resolver for Table {
        fn link(&self, path: &str, _anchor: Option<&str>) -> Option<String> {
            self.0
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, u)| u.to_string())
        }
        fn citation(&self, _: usize, _c: &Citation) -> Option<String> {
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
        assert_ne!(fresh.id, first.id);
        let s = Session::new(&memo);
        assert!(!Arc::ptr_eq(&first, &links_body(&s, &text, 1, &graph)));
        let s = Session::new(&memo);
        let edited: Arc<str> = "[a](@/a.md)".into();
        assert!(!Arc::ptr_eq(&first, &links_body(&s, &edited, 0, &graph)));
    }

    #[test]
    fn an_output_is_reused_only_while_its_fingerprint_is_the_same() {
        let empty = Memo::default();
        let s = Session::new(&empty);
        let fp = |v: &str| Some(fingerprint_of([v]));
        let a = output(Some(&s), "x.html".into(), fp("one"), || Ok("1".into())).unwrap();
        let (memo, _) = s.finish();

        let s = Session::new(&memo);
        let b = output(Some(&s), "x.html".into(), fp("one"), || {
            panic!("must not render")
        })
        .unwrap();
        assert!(Arc::ptr_eq(&a.bytes, &b.bytes));
        let c = output(Some(&s), "x.html".into(), fp("two"), || Ok("2".into())).unwrap();
        assert_eq!(*c.bytes, b"2");
        // Another path with the same inputs is its own output.
        let d = output(Some(&s), "y.html".into(), fp("one"), || Ok("1".into())).unwrap();
        assert!(!Arc::ptr_eq(&a.bytes, &d.bytes));
        let (_, reuse) = s.finish();
        assert_eq!(reuse.outputs_reused, 1);
        assert_eq!(reuse.outputs_rendered, 2);
    }
}
