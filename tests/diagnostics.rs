//! Diagnostics as a writer sees them: each bad fixture under tests/fixtures/invalid/ is checked
//! with the real binary, and the rendered report (file:line:col, the source line underlined, the
//! help) is compared with a reviewed snapshot in tests/snapshots/. One fixture per mistake is
//! here; a whole site's worth of mistakes in one run, and mistakes that only the graph or a
//! template finds, are in `diagnostics/whole_site.rs`. The helpers here are shared by both.

mod whole_site;

use crate::common;

use std::collections::BTreeSet;

use common::{brightspot_env, Project};

/// Runs `check` on an invalid fixture, expects exit code 1, and returns the report on stderr.
fn report(case: &str) -> String {
    let project = Project::new(&format!("invalid/{case}"));
    let run = project.check(&[]);
    run.expect_code(1);
    assert!(
        run.stdout.is_empty(),
        "diagnostics belong on stderr, stdout was: {}",
        run.stdout
    );
    common::redact(&run.stderr, &project)
}

/// Asserts that the report places its one error in `file` with a line and column, shows the
/// source line and gives help.
fn assert_located(report: &str, file: &str) {
    let header = format!("┌─ {file}:");
    let Some(at) = report.find(&header) else {
        panic!("the error should point into {file} with line:column (`{header}L:C`):\n{report}");
    };
    let position = report[at + header.len()..]
        .split_whitespace()
        .next()
        .unwrap_or("");
    let parts: Vec<&str> = position.split(':').collect();
    assert!(
        parts.len() == 2
            && parts
                .iter()
                .all(|p| p.parse::<usize>().is_ok_and(|n| n > 0)),
        "expected line:column after {header}, found {position:?}:\n{report}"
    );
    assert!(
        report
            .lines()
            .any(|l| l.trim_start().starts_with('│') && l.contains('^')),
        "the source line should be underlined:\n{report}"
    );
    assert!(report.contains("= help: "), "no help:\n{report}");
    assert!(
        report.contains("error: 1 error(s)"),
        "expected exactly one error:\n{report}"
    );
}

/// The line the report underlines (the text after `N │ ` on the line before the carets).
fn underlined(report: &str) -> (usize, String) {
    let lines: Vec<&str> = report.lines().collect();
    let caret = lines
        .iter()
        .position(|l| l.contains('^') && l.trim_start().starts_with('│'))
        .unwrap_or_else(|| panic!("no underline in:\n{report}"));
    let source = lines[caret - 1];
    let (number, text) = source
        .split_once('│')
        .unwrap_or_else(|| panic!("no source line before the underline:\n{report}"));
    let underline = lines[caret].split_once('│').unwrap().1;
    let start = underline.find('^').unwrap();
    let end = underline.rfind('^').unwrap() + 1;
    let marked: String = text.chars().skip(start).take(end - start).collect();
    (number.trim().parse().unwrap(), marked)
}

#[test]
fn unclosed_front_matter() {
    let r = report("unclosed-front-matter");
    assert_located(&r, "content/notes/draft-notes.md");
    assert!(r.contains("never closed"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_front_matter_key() {
    let r = report("unknown-front-matter-key");
    assert_located(&r, "content/notes/meeting.md");
    assert_eq!(underlined(&r), (3, "sumary".to_string()));
    insta::assert_snapshot!(r);
}

#[test]
fn wrong_type_in_front_matter() {
    let r = report("wrong-type");
    assert_located(&r, "content/notes/meeting.md");
    assert_eq!(underlined(&r), (3, "\"first\"".to_string()));
    insta::assert_snapshot!(r);
}

#[test]
fn an_author_with_two_commas_says_how_to_write_a_name() {
    let r = report("bad-author");
    assert_located(&r, "content/paper/first.md");
    assert_eq!(underlined(&r).0, 4, "{r}");
    assert!(r.contains("\"Family, Given\""), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn wrong_type_in_yaml_front_matter() {
    let r = report("yaml-front-matter");
    assert_located(&r, "content/notes/meeting.md");
    assert_eq!(underlined(&r).0, 3, "{r}");
    // The header gives the position in the file; serde_yaml's own "at line 2 column 9" counts
    // from the start of the front matter and contradicts it.
    assert!(
        !r.contains(" at line "),
        "the message repeats a position relative to the front matter:\n{r}"
    );
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_taxonomy_term_suggests_the_nearest() {
    let r = report("unknown-taxonomy-term");
    assert_located(&r, "content/case-studies/riverside.md");
    assert_eq!(underlined(&r), (8, "engage-partner".to_string()));
    assert!(r.contains("did you mean `engage-partners`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn empty_case_study_field_points_at_the_field() {
    let r = report("empty-case-study-field");
    assert_located(&r, "content/case-studies/riverside.md");
    // Line 4 is `network = ""`; the word "network" also occurs earlier, inside the summary.
    let (line, marked) = underlined(&r);
    assert_eq!(
        line, 4,
        "the error should point at the `network = \"\"` line, not at another use of the word:\n{r}"
    );
    assert!(marked.contains("network") || marked.contains("\"\""), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn missing_function_heading() {
    let r = report("missing-function-heading");
    assert_located(&r, "content/case-studies/riverside.md");
    assert_eq!(underlined(&r), (8, "shared-goals".to_string()));
    assert!(r.contains("{#fn-shared-goals}"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn broken_internal_link() {
    let r = report("broken-link");
    assert_located(&r, "content/notes/second-page.md");
    assert!(
        r.contains("`notes/first-page.md`"),
        "suggests the near path:\n{r}"
    );
    insta::assert_snapshot!(r);
}

#[test]
fn missing_anchor() {
    let r = report("missing-anchor");
    assert_located(&r, "content/notes/second-page.md");
    assert!(r.contains("did you mean `results`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn duplicate_url() {
    let r = report("duplicate-url");
    assert!(r.contains("/notes/intro/"), "{r}");
    assert!(
        r.contains("content/notes/intro.md"),
        "names the other file:\n{r}"
    );
    // welcome.md takes the address with `slug = "intro"` on line 3: that is what to point at.
    assert_located(&r, "content/notes/welcome.md");
    insta::assert_snapshot!(r);
}

#[test]
fn broken_template_names_the_template_and_line() {
    let r = report("bad-template");
    assert_located(&r, "templates/page.html");
    assert_eq!(underlined(&r).0, 5, "{r}");
    assert!(r.contains("template `page.html`"), "{r}");
    assert!(
        r.contains("variable end (`}}`)"),
        "says what was expected:\n{r}"
    );
    // The report already shows and underlines the line; tera's own ASCII drawing of it
    // (`| 5 | …`, `^---`) must not be pasted into the message or the help.
    assert!(
        !r.contains("^---") && !r.contains("| 5 |") && !r.contains("--> 5:"),
        "tera's own source excerpt leaks into the diagnostic:\n{r}"
    );
    insta::assert_snapshot!(r);
}

#[test]
fn a_broken_section_does_not_cascade_into_its_pages() {
    // One typo in a section's front matter is one error: its case study must not then be
    // validated as a generic page and reported for every case-study field.
    let r = report("broken-section");
    assert_located(&r, "content/case-studies/_index.md");
    assert!(r.contains("`sort_by` cannot be `name`"), "{r}");
    assert!(r.contains("error: 1 error(s)"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn bad_config_key() {
    let r = report("bad-config");
    assert_located(&r, "brightspot.toml");
    assert_eq!(underlined(&r), (5, "feeds".to_string()));
    insta::assert_snapshot!(r);
}
