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

/// Smart punctuation made `@{a"b}` cite `a“b`, a key no bibliography has.
#[test]
fn a_braced_key_is_what_was_typed_not_smart_punctuation() {
    // Smart punctuation turns `"` into `“` and `--` into `–` in the text; a key must stay as
    // typed, or it names no entry (found by the markdown fuzz target).
    let md = "As [@{a\"b'c--d...e}, p. 3] and @{x---y----z} say.";
    let c = analyze(md).citations;
    assert_eq!(c[0].items[0].key, "a\"b'c--d...e");
    assert_eq!(&md[c[0].items[0].key_span.clone()], "@{a\"b'c--d...e}");
    assert_eq!(c[1].items[0].key, "x---y----z");
    // Escapes and entities are still decoded.
    assert_eq!(
        analyze("[@{a\\_b&amp;c}]").citations[0].items[0].key,
        "a_b&c"
    );
}
