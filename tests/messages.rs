//! Messages a contributor who is not a programmer can act on: each typical mistake is planted
//! in a copy of the fixture site, `check` must name the file, line and column, show the line,
//! say what is wrong in plain words and give the corrected text (a reviewed snapshot), and the
//! corrected text must then pass.

use crate::common;

use common::Project;

const PAGE: &str = "content/case-studies/lakeside-alliance.md";
const NOTES: &str = "content/notes/meeting.md";

/// The report of `check` after `from` is replaced by `to` in `file`, expecting failure.
fn broken(project: &Project, file: &str, from: &str, to: &str) -> String {
    project.edit(file, from, to);
    let run = project.check(&[]);
    run.expect_code(1);
    common::redact(&run.stderr, project)
}

/// Puts `fixed` in place of `broken` and expects `check` to pass.
fn accepted(project: &Project, file: &str, broken: &str, fixed: &str) {
    project.edit(file, broken, fixed);
    let run = project.check(&[]);
    assert_eq!(
        run.code, 0,
        "the corrected form is refused:\n{}",
        run.stderr
    );
}

fn one_error(report: &str) {
    assert!(
        report.contains("error: 1 error(s)"),
        "expected one error:\n{report}"
    );
}

#[test]
fn a_date_in_another_format() {
    let p = Project::new("site");
    let bad = "last_reviewed = 12/01/2026";
    let r = broken(&p, PAGE, "last_reviewed = 2025-06-01", bad);
    one_error(&r);
    assert!(r.contains(":7:17"), "{r}");
    assert!(
        r.contains("write dates as YYYY-MM-DD, for example 2026-12-01, without quotes"),
        "{r}"
    );
    assert!(r.contains("`last_reviewed = 2026-12-01`"), "{r}");
    assert!(
        !r.contains("expected literal string"),
        "parser words leak:\n{r}"
    );
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "last_reviewed = 2026-12-01");
}

#[test]
fn a_quoted_date_that_is_not_one() {
    let p = Project::new("site");
    let bad = "last_reviewed = \"June 2025\"";
    let r = broken(&p, PAGE, "last_reviewed = 2025-06-01", bad);
    one_error(&r);
    assert!(
        r.contains("write dates as YYYY-MM-DD, for example 2026-12-01, without quotes"),
        "{r}"
    );
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "last_reviewed = 2025-06-01");
}

#[test]
fn a_tab_in_yaml() {
    let p = Project::new("site");
    p.write(NOTES, "---\ntitle: Meeting\n\tweight: 2\n---\nNotes.\n");
    let run = p.check(&[]);
    run.expect_code(1);
    let r = common::redact(&run.stderr, &p);
    one_error(&r);
    assert!(r.contains("tab"), "{r}");
    assert!(r.contains(":3:1"), "{r}");
    assert!(
        !r.contains("cannot start any token") && !r.contains("violates"),
        "{r}"
    );
    insta::assert_snapshot!(r);
    accepted(&p, NOTES, "\tweight", "weight");
}

#[test]
fn a_yaml_list_in_toml() {
    let p = Project::new("site");
    let bad = "functions =\n  - data-and-learning\n";
    let r = broken(&p, PAGE, "functions = [\"data-and-learning\"]\n", bad);
    one_error(&r);
    assert!(r.contains("`functions = [\"data-and-learning\"]`"), "{r}");
    assert!(!r.contains("expected `=`"), "{r}");
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "functions = [\"data-and-learning\"]\n");
}

#[test]
fn a_missing_bracket_is_pointed_at_where_it_is_missing() {
    let p = Project::new("site");
    let bad = "sources = [\"lee2019\"\n";
    let r = broken(&p, PAGE, "sources = [\"lee2019\"]\n", bad);
    one_error(&r);
    // Line 8 is the `sources` line, not the next key where the parser noticed.
    assert!(r.contains(":8:"), "{r}");
    assert!(r.contains("`sources = [\"lee2019\"]`"), "{r}");
    assert!(!r.contains("missing comma"), "{r}");
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "sources = [\"lee2019\"]\n");
}

#[test]
fn a_state_name_maps_to_its_code() {
    let p = Project::new("site");
    let bad = "state = \"Pennsylvania\"";
    let r = broken(&p, PAGE, "state = \"PA\"", bad);
    one_error(&r);
    assert!(r.contains("`state = \"PA\"`"), "{r}");
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "state = \"PA\"");
}

#[test]
fn an_empty_state_gets_no_guesses() {
    let p = Project::new("site");
    let bad = "state = \"\"";
    let r = broken(&p, PAGE, "state = \"PA\"", bad);
    one_error(&r);
    assert!(r.contains("`state` is empty"), "{r}");
    assert!(!r.contains("did you mean"), "{r}");
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "state = \"PA\"");
}

#[test]
fn a_missing_field_is_pointed_at_a_field_not_a_comment() {
    let p = Project::new("site");
    let line = "network = \"Lakeside Alliance\"\n";
    let r = broken(&p, PAGE, line, "# The network's name as it calls itself.\n");
    one_error(&r);
    assert!(r.contains("`network` is missing"), "{r}");
    let underlined = r
        .lines()
        .skip_while(|l| !l.contains("┌─"))
        .find(|l| l.contains(" │ ") && !l.trim_end().ends_with('│'))
        .unwrap_or_default();
    assert!(
        !underlined.contains('#'),
        "the caret is under a comment:\n{r}"
    );
    assert!(
        !r.contains("has the fields"),
        "the field list is only for unknown keys:\n{r}"
    );
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, "# The network's name as it calls itself.\n", line);
}

#[test]
fn a_misspelt_function_names_the_real_cause_only() {
    let p = Project::new("site");
    let bad = "functions = [\"data-and-lerning\"]";
    let r = broken(&p, PAGE, "functions = [\"data-and-learning\"]", bad);
    one_error(&r);
    assert!(r.contains("did you mean `data-and-learning`?"), "{r}");
    assert!(
        !r.contains("{#fn-data-and-lerning}"),
        "repeats the typo:\n{r}"
    );
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "functions = [\"data-and-learning\"]");
}

#[test]
fn citing_a_key_missing_from_sources_is_a_warning_with_the_line_to_add() {
    let p = Project::new("site");
    p.edit(
        PAGE,
        "An alliance of schools [@lee2019].",
        "An alliance of schools [@lee2019; @smith2020].",
    );
    let run = p.check(&[]);
    run.expect_code(0);
    let r = common::redact(&run.stderr, &p);
    // The closing line holds the run's duration, which varies.
    let r = r.split("\nchecked ").next().unwrap_or(&r).to_string();
    assert!(
        r.contains("warning: `smith2020` is cited but not listed"),
        "{r}"
    );
    assert!(
        r.contains("`sources = [\"lee2019\", \"smith2020\"]`"),
        "{r}"
    );
    insta::assert_snapshot!(r);
    p.edit(
        PAGE,
        "sources = [\"lee2019\"]",
        "sources = [\"lee2019\", \"smith2020\"]",
    );
    let run = p.check(&[]);
    run.expect_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn a_wrongly_indented_partners_block_is_caught() {
    let p = Project::new("site");
    let block = "aliases = []\n  [[partners]]\n  name = \"Erie Library\"\n  sector = \"education\"\n  role = \"hosts the programmes\"\ndraft = false\n";
    p.edit(PAGE, "partners = []\n", "");
    let r = broken(&p, PAGE, "aliases = []\ndraft = false\n", block);
    one_error(&r);
    assert!(r.contains("`draft` is read as part of `partners`"), "{r}");
    assert!(r.contains("move `draft = …` up"), "{r}");
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, block, "aliases = []\ndraft = false\n  [[partners]]\n  name = \"Erie Library\"\n  sector = \"education\"\n  role = \"hosts the programmes\"\n");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let p = Project::new("site");
    let text = p.read(PAGE);
    let bad = text
        .replace("summary = ", "sumary = ")
        .replace(
            "last_reviewed = 2025-06-01",
            "last_reviewed = \"2025-13-01\"",
        )
        .replace("network = \"Lakeside Alliance\"\n", "")
        .replace("focus_areas = []", "focus_areas = [\"advancing-equty\"]")
        .replace("draft = false", "draft = \"no\"")
        .replace(
            "An alliance of schools [@lee2019].",
            "An alliance of schools [@lee2091].",
        );
    p.write(PAGE, &bad);
    let run = p.check(&[]);
    run.expect_code(1);
    let r = common::redact(&run.stderr, &p);
    for planted in [
        "unknown field `sumary`",
        "no month 13",
        "`network` is missing",
        "unknown focus areas term `advancing-equty`",
        "`draft` must be true or false",
        "unknown citation key `lee2091`",
    ] {
        assert!(r.contains(planted), "`{planted}` was not reported:\n{r}");
    }
    // `summary` is not also called missing: the misspelt key is the one problem.
    assert!(!r.contains("`summary` is missing"), "{r}");
    assert!(r.contains("error: 6 error(s)"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn every_problem_of_a_section_file_is_reported_in_one_run() {
    // A section's `_index.md` is checked field by field as a page is: a misspelt key, a
    // wrong value and a wrong type all come out together, and its pages are still read as
    // case studies rather than each failing for the section's mistakes.
    let p = Project::new("site");
    const SECTION: &str = "content/case-studies/_index.md";
    let text = p.read(SECTION);
    let bad = text
        .replace("description = ", "descripton = ")
        .replace("sort_by = \"title\"", "sort_by = \"name\"")
        .replace("weight = 5", "weight = \"five\"");
    p.write(SECTION, &bad);
    let run = p.check(&[]);
    run.expect_code(1);
    let r = common::redact(&run.stderr, &p);
    for planted in [
        "unknown field `descripton`",
        "`sort_by` cannot be `name`",
        "`weight` must be a whole number",
    ] {
        assert!(r.contains(planted), "`{planted}` was not reported:\n{r}");
    }
    assert!(r.contains("error: 3 error(s)"), "{r}");
    assert!(r.contains("did you mean `description`?"), "{r}");
    p.write(SECTION, &text);
    let run = p.check(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_year_word_that_is_not_allowed_says_which_are() {
    // "ongoing" is a word for an end year only; any other word is not a year at all.
    let p = Project::new("site");
    let bad = "start = \"ongoing\"\nend = \"sometime\"";
    let r = broken(&p, PAGE, "start = \"unknown\"\nend = \"unknown\"", bad);
    assert!(r.contains("`ongoing` is not a valid year"), "{r}");
    assert!(r.contains("`sometime` is not a valid year"), "{r}");
    assert!(
        r.contains("write a year such as 2014, or \"unknown\"\n"),
        "{r}"
    );
    assert!(
        r.contains("write a year such as 2014, or \"ongoing\" or \"unknown\""),
        "{r}"
    );
    assert!(r.contains("error: 2 error(s)"), "{r}");
    insta::assert_snapshot!(r);
    accepted(&p, PAGE, bad, "start = 2019\nend = \"ongoing\"");
}

#[test]
fn a_case_study_must_say_draft_and_aliases_though_other_pages_may_leave_them_out() {
    // Every page type shares `draft` and `aliases` (`PageFields`); a case study's table still
    // requires them, so a contributor says deliberately whether the page is published.
    let p = Project::new("site");
    let r = broken(&p, PAGE, "aliases = []\ndraft = false\n", "");
    assert!(r.contains("error: 2 error(s)"), "{r}");
    assert!(r.contains("`draft` is missing"), "{r}");
    assert!(r.contains("`aliases` is missing"), "{r}");
    accepted(
        &p,
        PAGE,
        "last_reviewed",
        "aliases = []\ndraft = false\nlast_reviewed",
    );
    // A generic page without either builds (the fixture's YAML notes page has neither).
    let guide = std::fs::read_to_string(p.root.join("content/guides/02-yaml-notes.md")).unwrap();
    assert!(
        !guide.contains("draft") && !guide.contains("aliases"),
        "the generic page leaves both out:\n{guide}"
    );
}
