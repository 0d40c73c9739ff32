//! A diagnostic for each way a contributor can get the evidence graph wrong, as a writer sees
//! it (the rendered report, snapshotted).

use super::*;

/// Runs `check` and returns (exit code, report on stderr with the project path redacted).
fn check(project: &Project) -> (i32, String) {
    let run = project.check(&[]);
    assert!(
        run.stdout.is_empty(),
        "diagnostics belong on stderr: {}",
        run.stdout
    );
    let report = common::redact(&run.stderr, project);
    // A clean check ends with its duration, which varies.
    let report = match (report.find("checked "), report.find(" ms: ")) {
        (Some(a), Some(b)) if a < b => match report[a..b].rfind(" in ") {
            Some(i) => format!("{}[TIME]{}", &report[..a + i + 4], &report[b..]),
            None => report,
        },
        _ => report,
    };
    (run.code, report)
}

/// Checks a broken copy of the fixture: one error, at `file:line:col`, with help.
fn one_error(project: &Project, file: &str) -> String {
    let (code, report) = check(project);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("error: 1 error(s)"), "one error:\n{report}");
    assert!(
        report.contains(&format!("┌─ {file}:")),
        "points into {file}:\n{report}"
    );
    assert!(report.contains("= help: "), "no help:\n{report}");
    report
}

/// The text the report underlines.
fn underlined(report: &str) -> String {
    let lines: Vec<&str> = report.lines().collect();
    let caret = lines
        .iter()
        .position(|l| l.trim_start().starts_with('│') && l.contains('^'))
        .unwrap_or_else(|| panic!("nothing underlined:\n{report}"));
    let source = lines[caret - 1].split_once('│').unwrap().1;
    let marks = lines[caret].split_once('│').unwrap().1;
    let start = marks.find('^').unwrap();
    let end = marks.rfind('^').unwrap() + 1;
    source.chars().skip(start).take(end - start).collect()
}

#[test]
fn unknown_citation_key_suggests_the_nearest() {
    let project = Project::new("evidence");
    project.edit(
        "content/paper/01-why-integrators.md",
        "[see @turner2012; @varda2018]",
        "[see @turner2012; @vardo2018]",
    );
    let r = one_error(&project, "content/paper/01-why-integrators.md");
    assert!(r.contains("unknown citation key `vardo2018`"), "{r}");
    assert_eq!(underlined(&r), "@vardo2018");
    assert!(r.contains("did you mean `varda2018`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_narrative_citation_key_suggests_the_nearest() {
    let project = Project::new("evidence");
    project.edit(
        "content/paper/02-the-functions.md",
        "@network-guide turns",
        "@network-guides turns",
    );
    let r = one_error(&project, "content/paper/02-the-functions.md");
    assert_eq!(underlined(&r), "@network-guides");
    assert!(r.contains("did you mean `network-guide`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn broken_link_suggests_the_nearest_page() {
    let project = Project::new("evidence");
    project.edit(
        "content/case-studies/harbor-link.md",
        "@/case-studies/mill-town-partners.md",
        "@/case-studies/mill-town-partner.md",
    );
    let r = one_error(&project, "content/case-studies/harbor-link.md");
    assert!(r.contains("`case-studies/mill-town-partners.md`"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn missing_anchor_suggests_the_nearest_heading() {
    let project = Project::new("evidence");
    project.edit(
        "content/case-studies/desert-bloom.md",
        "#fn-sustain-funding)",
        "#fn-sustain-fundng)",
    );
    let r = one_error(&project, "content/case-studies/desert-bloom.md");
    assert!(r.contains("has no heading `#fn-sustain-fundng`"), "{r}");
    assert!(r.contains("did you mean `fn-sustain-funding`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_taxonomy_term_lists_the_allowed_terms() {
    let project = Project::new("evidence");
    project.edit(
        "content/case-studies/guilford-together.md",
        "focus_areas = [\"breaking-down-silos\"]",
        "focus_areas = [\"breaking-silos\"]",
    );
    let r = one_error(&project, "content/case-studies/guilford-together.md");
    assert_eq!(underlined(&r), "breaking-silos");
    for allowed in [
        "advancing-equity",
        "breaking-down-silos",
        "expanding-partnerships",
    ] {
        assert!(r.contains(&format!("`{allowed}`")), "lists {allowed}:\n{r}");
    }
    insta::assert_snapshot!(r);
}

#[test]
fn annotation_for_an_unknown_key_is_an_error() {
    let project = Project::new("evidence");
    let annotation = project.read("bibliography/annotations/kania2011.md");
    project.write("bibliography/annotations/kania2012.md", &annotation);
    let (code, r) = check(&project);
    assert_eq!(code, 1, "{r}");
    assert!(r.contains("error: 1 error(s)"), "{r}");
    assert!(
        r.contains("bibliography/annotations/kania2012.md"),
        "names the file:\n{r}"
    );
    assert!(r.contains("unknown bibliography key `kania2012`"), "{r}");
    assert!(r.contains("did you mean `kania2011`?"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn entry_without_annotation_is_a_warning() {
    let project = Project::new("evidence");
    std::fs::remove_file(project.path("bibliography/annotations/hall-podcast.md")).unwrap();
    let (code, r) = check(&project);
    assert_eq!(code, 0, "a warning does not fail the check:\n{r}");
    assert!(
        r.contains("warning: entry `hall-podcast` has no annotation"),
        "{r}"
    );
    assert!(r.contains("┌─ bibliography/references.bib:"), "{r}");
    assert_eq!(underlined(&r), "hall-podcast");
    assert!(
        r.contains("bibliography/annotations/hall-podcast.md"),
        "says what to write:\n{r}"
    );
    insta::assert_snapshot!(r);
    // The site still builds; the entry's page says the annotation is missing.
    let site = project.build_ok(&[]);
    let doc = site.page("bibliography/hall-podcast/");
    assert!(select(&doc, "section.annotation").is_empty());
    assert!(text(one(&doc, "article.reference")).contains("no annotation yet"));
}

#[test]
fn annotation_missing_a_part_is_an_error() {
    let project = Project::new("evidence");
    project.edit(
        "bibliography/annotations/varda2018.md",
        "## Evaluation\nA peer-reviewed network study across many communities.\n\n",
        "",
    );
    let r = one_error(&project, "bibliography/annotations/varda2018.md");
    assert!(
        r.contains("found: Summary, Relevance to integrators"),
        "{r}"
    );
    assert!(r.contains("`## Evaluation`"), "{r}");
    // The annotation exists, it is only incomplete: no second report that it is missing.
    assert!(!r.contains("has no annotation"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn unknown_evidence_type_suggests_the_nearest() {
    let project = Project::new("evidence");
    project.edit(
        "bibliography/annotations/chang2012.md",
        "evidence_type = \"framework\"",
        "evidence_type = \"framwork\"",
    );
    let r = one_error(&project, "bibliography/annotations/chang2012.md");
    assert_eq!(underlined(&r), "\"framwork\"");
    assert!(r.contains("did you mean `framework`?"), "{r}");
    assert!(
        r.contains("`evidence_type = \"peer-reviewed-study\"`"),
        "lists the allowed types:\n{r}"
    );
    assert!(!r.contains("has no annotation"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn every_problem_of_an_annotation_front_matter_is_reported_in_one_run() {
    // Annotations are checked field by field, as pages are: a wrong type, a misspelt key and
    // an unknown evidence type all come out together.
    let project = Project::new("evidence");
    let file = "bibliography/annotations/chang2012.md";
    let text = project.read(file);
    let bad = text
        .replace(
            "evidence_type = \"framework\"",
            "evidence_type = \"framwork\"",
        )
        .replace("peer_reviewed = ", "peer_reveiwed = ");
    assert_ne!(bad, text, "the fixture has both fields");
    project.write(file, &bad);
    let run = project.check(&[]);
    run.expect_code(1);
    let r = common::redact(&run.stderr, &project);
    assert!(r.contains("`evidence_type` cannot be `framwork`"), "{r}");
    assert!(r.contains("unknown field `peer_reveiwed`"), "{r}");
    assert!(r.contains("did you mean `peer_reviewed`?"), "{r}");
    assert!(r.contains("error: 2 error(s)"), "{r}");
}
