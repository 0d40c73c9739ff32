//! Inputs the `markdown` fuzz target (fuzz/) found that broke an invariant, kept as tests.

use markdown::analyze;

/// A key's span is the `@key` as written: a citation key followed by an escaped character
/// (`\.`) ended its span after the dropped backslash, so `check` underlined `@ne\`.
#[test]
fn a_key_before_an_escape_spans_only_the_key() {
    for body in ["[@ne\\.\\rs2021lab]", "See @kania2011\\*.", "[@a\\; @b]"] {
        let analysis = analyze(body);
        let items: Vec<_> = analysis.citations.iter().flat_map(|c| &c.items).collect();
        assert!(!items.is_empty(), "{body:?}");
        for item in items {
            assert_eq!(
                &body[item.key_span.clone()],
                format!("@{}", item.key),
                "{body:?}"
            );
        }
    }
}
