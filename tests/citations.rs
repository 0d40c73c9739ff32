//! Citations (issue 14) on tests/fixtures/citations: every form of the pandoc grammar, in each
//! of the three styles, compared with reviewed HTML; malformed citations reported by `check` at
//! their line and column; letters for one author's undated works in APA's order.

use crate::common;

use common::{select, Project, Site};

/// The fixture built with `style` (once per style for the test binary).
fn built(style: &str) -> Site {
    common::built_with_style("citations", style)
}

/// Each list item of the forms page: its Markdown-free text up to the first citation, then the
/// HTML of each of its citations, one per line.
fn forms(site: &Site) -> String {
    let doc = site.page("notes/forms/");
    select(&doc, ".content li")
        .into_iter()
        .map(|li| {
            let cites: Vec<String> = li
                .select(&common::sel("span.citation"))
                .map(|c| c.html())
                .collect();
            let label: String = common::text(li).chars().take(40).collect();
            format!("{label}\n    {}", cites.join("\n    "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_form_in_apa() {
    insta::assert_snapshot!(forms(&built("apa")));
}

#[test]
fn every_form_in_chicago_author_date() {
    insta::assert_snapshot!(forms(&built("chicago-author-date")));
}

#[test]
fn every_form_in_ama() {
    insta::assert_snapshot!(forms(&built("ama")));
}

#[test]
fn malformed_citations_are_errors_at_their_place() {
    let project = Project::new("citations");
    project.write(
        "content/notes/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nUnclosed [@kania2011, pp. 33--35 and on.\n\nEmpty [@] key.\n\nA [@kania2011, pg. 33] typo.\n\nA bare [@kania2011, pp.] term.\n\nA [see @kania2011; and more] part.\n",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    let report = common::redact(&run.stderr, &project);
    assert!(report.contains("error: 5 error(s)"), "{report}");
    insta::assert_snapshot!(report);
    // `build` fails on them too, and leaves no raw citation text in a page.
    project.build(&[]).expect_code(1);
}
