//! What `serve` keeps from one render to the next, so that a rebuild renders only what changed.
//!
//! Two kinds of work are remembered, each under a key that covers everything it read:
//! - **Markdown bodies** (`memo/bodies.rs`). A body's HTML depends on its text, on a few
//!   settings fixed per body (its own URL, the glossary, the base for relative links) and on what
//!   the graph answered to its links and citations. The answers are recorded while it renders; on the next run they are
//!   asked again of the new graph, and the old HTML is reused only if every answer is the same.
//! - **Output files.** An output is a template applied to a context. Its fingerprint hashes the
//!   template's text together with every template it extends, includes or imports, the `site`
//!   values and the rest of the context (a body's HTML stands in by the id of its memo entry). An
//!   output whose fingerprint is unchanged keeps its previous bytes, shared, not copied.
//!
//! Nothing else is trusted: a memo only ever skips work whose inputs are provably the same, so a
//! rebuild is byte-identical to a clean build (the serve tests compare them after random edits).

mod bodies;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use bodies::BodyInputs;
pub use bodies::{body, Body};
use content::bibliography::{Bibliography, Styler};
use model::diagnostics::Diagnostic;
use model::fingerprint::{Fingerprint, Hasher};
use model::memo::{self, Run};
use model::output::OutputFile;

/// The remembered work of the last render; empty before the first.
#[derive(Default)]
pub struct Memo {
    /// Rendered Markdown bodies, by the body's key, with the text and salt they were made from.
    bodies: memo::Memo<String, BodyInputs, Arc<Body>>,
    /// Output bytes, by output path, with the fingerprint of their template closure and context.
    outputs: memo::Memo<String, Fingerprint, Arc<Vec<u8>>>,
    /// Every bibliography entry formatted in the site's style, with a fingerprint of the
    /// entries, the style and the base path (formatting all entries is a fixed cost of a render).
    formatted: memo::Memo<(), Fingerprint, Arc<BTreeMap<String, String>>>,
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
        self.formatted.extend(other.formatted);
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

/// One render's use of a memo: reads the last run's, fills the next.
pub struct Session<'m> {
    bodies: Run<'m, String, BodyInputs, Arc<Body>>,
    outputs: Run<'m, String, Fingerprint, Arc<Vec<u8>>>,
    formatted: Run<'m, (), Fingerprint, Arc<BTreeMap<String, String>>>,
}

impl<'m> Session<'m> {
    /// A session reading `prev`.
    pub fn new(prev: &'m Memo) -> Self {
        Session {
            bodies: Run::new(&prev.bodies),
            outputs: Run::new(&prev.outputs),
            formatted: Run::new(&prev.formatted),
        }
    }

    /// The memo for the next run (only what this run used), and what was reused.
    pub fn finish(self) -> (Memo, Reuse) {
        let (bodies, b) = self.bodies.finish();
        let (outputs, o) = self.outputs.finish();
        let (formatted, _) = self.formatted.finish();
        let reuse = Reuse {
            bodies_rendered: b.made,
            bodies_reused: b.reused,
            outputs_rendered: o.made,
            outputs_reused: o.reused,
        };
        (
            Memo {
                bodies,
                outputs,
                formatted,
            },
            reuse,
        )
    }

    /// Every entry formatted by `styler`, reused from the last render while the entries, the
    /// style and the base path are the same.
    pub fn formatted(
        &self,
        bib: &Bibliography,
        styler: &Styler,
        base_path: &str,
    ) -> BTreeMap<String, String> {
        let mut h = Hasher::default();
        h.write_str(styler.kind.name());
        h.write_str(base_path);
        // Each entry's text as written: all the formatter reads of it (letters follow from it).
        for e in &bib.entries {
            h.write_fingerprint(&e.source);
        }
        let formatted = self.formatted.get_or_make((), h.finish(), || {
            Ok::<_, Infallible>(Arc::new(styler.all_references(bib, base_path)))
        });
        let Ok(formatted) = formatted;
        (*formatted).clone()
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
    let bytes = session.outputs.get_or_make(path.clone(), fp, || {
        render().map(|html| Arc::new(html.into_bytes()))
    })?;
    Ok(OutputFile { path, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::fingerprint::fingerprint_of;

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
