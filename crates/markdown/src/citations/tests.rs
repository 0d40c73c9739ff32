//! The citation grammar's tests: every form pandoc reads, every malformed citation, and
//! linear time on hostile input.

use super::*;

fn cites(md: &str) -> Vec<Citation> {
    let a = crate::analyze(md);
    assert!(a.citation_errors.is_empty(), "{:?}", a.citation_errors);
    a.citations
}

fn errors(md: &str) -> Vec<(String, String)> {
    let a = crate::analyze(md);
    a.citation_errors
        .iter()
        .map(|e| (md[e.span.clone()].to_string(), e.message.clone()))
        .collect()
}

fn loc(term: LocatorTerm, value: &str) -> Option<Locator> {
    Some(Locator {
        term,
        value: value.into(),
    })
}

#[test]
fn several_keys_prefixes_locators_and_suffixes() {
    let md = "As shown [see @turner2012, pp. 33--35, and passim; also @varda2018, chap. 2].";
    let c = &cites(md)[0];
    assert!(!c.narrative);
    assert_eq!(
        &md[c.span.clone()],
        "[see @turner2012, pp. 33--35, and passim; also @varda2018, chap. 2]"
    );
    let (a, b) = (&c.items[0], &c.items[1]);
    assert_eq!((a.prefix.as_str(), a.key.as_str()), ("see", "turner2012"));
    assert_eq!(a.locator, loc(LocatorTerm::Page, "33–35"));
    assert_eq!(a.suffix, ", and passim");
    assert_eq!(&md[a.key_span.clone()], "@turner2012");
    assert_eq!((b.prefix.as_str(), b.key.as_str()), ("also", "varda2018"));
    assert_eq!(b.locator, loc(LocatorTerm::Chapter, "2"));
}

#[test]
fn every_locator_form() {
    for (written, term, value) in [
        ("p. 33", LocatorTerm::Page, "33"),
        ("pp. 33–35", LocatorTerm::Page, "33–35"),
        ("page 4", LocatorTerm::Page, "4"),
        ("pages 4-6", LocatorTerm::Page, "4–6"),
        ("33", LocatorTerm::Page, "33"),
        ("p.33", LocatorTerm::Page, "33"),
        ("chap. IV", LocatorTerm::Chapter, "IV"),
        ("chapters 2 & 3", LocatorTerm::Chapter, "2 & 3"),
        ("sec. 3.2", LocatorTerm::Section, "3.2"),
        ("§ 4", LocatorTerm::Section, "4"),
        ("para. 12", LocatorTerm::Paragraph, "12"),
        ("paras. 1, 3", LocatorTerm::Paragraph, "1, 3"),
        ("fig. 2a", LocatorTerm::Figure, "2a"),
        ("vol. 2", LocatorTerm::Volume, "2"),
        ("line 7", LocatorTerm::Line, "7"),
        ("ll. 7--9", LocatorTerm::Line, "7–9"),
        ("n. 3", LocatorTerm::Note, "3"),
        ("nn. 3-4", LocatorTerm::Note, "3–4"),
        ("no. 5", LocatorTerm::Issue, "5"),
        ("bk. 1", LocatorTerm::Book, "1"),
        ("col. 2", LocatorTerm::Column, "2"),
        ("pt. 2", LocatorTerm::Part, "2"),
        ("tbl. 1", LocatorTerm::Table, "1"),
        ("app. 2", LocatorTerm::Appendix, "2"),
        ("vv. 1-4", LocatorTerm::Verse, "1–4"),
        ("s.v. integrator", LocatorTerm::SubVerbo, "integrator"),
        ("P. 9", LocatorTerm::Page, "9"),
        ("p. {A-D}", LocatorTerm::Page, "A-D"),
    ] {
        let md = format!("[@k, {written}]");
        let c = &cites(&md)[0];
        assert_eq!(c.items[0].locator, loc(term, value), "{written}");
        assert_eq!(c.items[0].suffix, "", "{written}");
    }
}

#[test]
fn a_suffix_that_is_not_a_locator_is_kept_as_written() {
    let c = &cites("[see @kania2011, the authors' note]")[0];
    assert_eq!(c.items[0].locator, None);
    assert_eq!(c.items[0].suffix, ", the authors’ note");
    assert_eq!(c.items[0].prefix, "see");
}

#[test]
fn narrative_year_only_and_narrative_locator() {
    let md = "@kania2011 argued, and Kania [-@kania2011] and @turner2012 [p. 33] too.";
    let c = cites(md);
    assert_eq!(c.len(), 3);
    assert!(c[0].narrative && !c[1].narrative && c[2].narrative);
    assert!(c[1].items[0].suppress_author);
    assert_eq!(&md[c[2].span.clone()], "@turner2012 [p. 33]");
    assert_eq!(c[2].items[0].locator, loc(LocatorTerm::Page, "33"));
}

#[test]
fn keys_with_escapes_punctuation_and_braces() {
    let keys = |md: &str| -> Vec<String> {
        cites(md)
            .into_iter()
            .flat_map(|c| c.items)
            .map(|i| i.key.0)
            .collect()
    };
    assert_eq!(keys("[@kania\\_2011]"), ["kania_2011"]);
    assert_eq!(keys("@kania\\_2011 said"), ["kania_2011"]);
    assert_eq!(keys("as @kania2011. Then"), ["kania2011"]);
    assert_eq!(
        keys("[@nemours-evidence; @a:b.c/d_e]"),
        ["nemours-evidence", "a:b.c/d_e"]
    );
    assert_eq!(keys("[@{https://x.org/a b}]"), ["https://x.org/a b"]);
    let md = "Text [@kania\\_2011, p. 3].";
    let c = &cites(md)[0];
    assert_eq!(&md[c.span.clone()], "[@kania\\_2011, p. 3]");
    assert_eq!(&md[c.items[0].key_span.clone()], "@kania\\_2011");
}

#[test]
fn a_citation_may_run_over_a_line_break() {
    let md = "One [see @kania2011,\npp. 3-4] two.";
    let c = &cites(md)[0];
    assert_eq!(&md[c.span.clone()], "[see @kania2011,\npp. 3-4]");
    assert_eq!(c.items[0].locator, loc(LocatorTerm::Page, "3–4"));
}

#[test]
fn emails_escapes_and_plain_brackets_are_not_citations() {
    assert!(cites("write to bilal.taylor@nemours.org or [this]").is_empty());
    assert!(cites("[a@b.org] and \\@k and [x\\@k]").is_empty());
    // As in pandoc, an escaped bracket is text, and the key after it a narrative citation.
    assert!(cites("\\[@k]")[0].narrative);
    assert!(cites("Use `[@x]` and\n\n```\n[@y]\n```\n").is_empty());
}

#[test]
fn malformed_citations_are_errors() {
    assert_eq!(
        errors("See [@kania2011, pp. 33--35 for more.\n"),
        [(
            "[@kania2011, pp. 33--35 for more.".to_string(),
            "citation `[@kania2011, pp. 33–35 for more.` is not closed".to_string()
        )]
    );
    assert_eq!(errors("[@]")[0].1, "citation key is empty");
    assert_eq!(errors("[@, p. 3]")[0].1, "citation key is empty");
    assert_eq!(
        errors("[@k, pg. 33]"),
        [("pg.".to_string(), "unknown locator term `pg.`".to_string())]
    );
    assert_eq!(errors("[@k, pp.]")[0].1, "locator `pp.` has no value");
    assert_eq!(
        errors("[see @a; and b]")[0].1,
        "`and b` in this citation cites no work"
    );
}

#[test]
fn the_innermost_bracket_is_the_citation() {
    let md = "[see [@kania2011] and [x [@a; @b]";
    let found = cites(md);
    assert_eq!(&md[found[0].span.clone()], "[@kania2011]");
    assert_eq!(&md[found[1].span.clone()], "[@a; @b]");
    assert_eq!(found.len(), 2);
}

#[test]
fn long_inputs_are_scanned_in_linear_time() {
    let open = "[@".repeat(200_000);
    assert_eq!(crate::analyze(&open).citation_errors.len(), 1);
    let nested = format!("{}]", "[x ".repeat(200_000));
    assert!(cites(&nested).is_empty());
    // Never closed: each `[` must not search the rest of the text for a key again.
    assert!(cites(&"[x ".repeat(200_000)).is_empty());
    let md = format!("{}[@k", "[x ".repeat(200_000));
    let errors = crate::analyze(&md).citation_errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(&md[errors[0].span.clone()], "[@k");
    let lists = format!("{}x]", "[@a;".repeat(100_000));
    let a = crate::analyze(&lists);
    assert_eq!(a.citation_errors.len(), 1);
}
