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

/// A braced key is trimmed inside its braces, across a line break too (`@{key\n}` cites `key`),
/// while its span stays the whole `@{…}` as written: the fuzz target had expected the untrimmed
/// inside (its rule is now the trimmed one).
#[test]
fn a_braced_key_is_trimmed_and_spans_its_braces() {
    for (body, written) in [
        ("See @{ chang2012 } here.", "@{ chang2012 }"),
        ("Funders pool @{chang2012\n} funds.", "@{chang2012\n}"),
        ("[see @{chang2012\t}, p. 3]", "@{chang2012\t}"),
    ] {
        let analysis = analyze(body);
        let items: Vec<_> = analysis.citations.iter().flat_map(|c| &c.items).collect();
        assert_eq!(items.len(), 1, "{body:?}");
        assert_eq!(items[0].key, "chang2012", "{body:?}");
        assert_eq!(&body[items[0].key_span.clone()], written, "{body:?}");
    }
}
