//! Hostile inputs a pull request could carry: a hundred thousand mistakes in one file, or one
//! mistake on a line of megabytes. The report stays small (the first fifty problems of a kind per
//! file, then "and N more"; quoted lines cut to a window around the span) and the build ends.
//! Times are measured in bench/hostile/, not asserted here.

use crate::common;

use common::{brightspot_env, Project};

const NOTE: &str = "content/notes/hostile.md";
const FRONT: &str = "+++\ntitle = \"Hostile\"\nsummary = \"A hostile page.\"\n+++\n";

/// Lines of the report that start a diagnostic of this severity and message prefix.
fn count(report: &str, start: &str) -> usize {
    report.lines().filter(|l| l.starts_with(start)).count()
}

#[test]
fn a_hundred_thousand_bad_citations_print_fifty_and_how_many_more() {
    let project = Project::new("evidence");
    let cites: Vec<String> = (0..100_000).map(|i| format!("[@nokey{i}]")).collect();
    project.write(NOTE, &format!("{FRONT}{}\n", cites.join(" ")));
    let run = project.check(&[]);
    run.expect_code(1);
    let report = &run.stderr;
    assert_eq!(
        count(report, "error: unknown citation key `nokey"),
        50,
        "{report}"
    );
    assert!(
        report.contains(
            "note: … and 99950 more errors like this in content/notes/hostile.md: unknown citation key `…`"
        ),
        "{report}"
    );
    assert!(
        report.contains("error: 100000 error(s)"),
        "the total still counts every problem:\n{report}"
    );
    // Every problem is on one line of 1.4 MB: each quote is a window, not the line.
    let longest = report.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 200, "a quoted line of {longest} characters");
    assert!(report.len() < 64 * 1024, "{} bytes of report", report.len());
    assert!(report.contains("5 │ …"), "the cut is marked:\n{report}");
}

#[test]
fn twenty_thousand_bad_ids_in_one_front_matter_line_are_capped_per_kind() {
    let project = Project::new("evidence");
    let file = "content/case-studies/harbor-link.md";
    let ids: Vec<String> = (0..20_000).map(|i| format!("\"bad-{i}\"")).collect();
    project.edit(
        file,
        "functions = [\"engage-partners\", \"shared-goals\", \"data-and-learning\"]",
        &format!("functions = [{}]", ids.join(", ")),
    );
    let run = brightspot_env(
        &["check", "--root", project.root.to_str().unwrap()],
        &[("GITHUB_ACTIONS", "true")],
    );
    run.expect_code(1);
    let report = &run.stderr;
    assert_eq!(
        count(report, "error: unknown integrative functions term"),
        50
    );
    // An id that is not in the vocabulary is reported as that alone, not also for its heading.
    assert_eq!(count(report, "error: function `bad-"), 0);
    assert!(report.contains(
        "… and 19950 more errors like this in content/case-studies/harbor-link.md: unknown integrative functions term `…`"
    ), "{report}");
    // The first bad id is located where it is written (line 9 of the file, after the key points), with its column.
    assert!(
        report.contains("┌─ content/case-studies/harbor-link.md:9:15"),
        "{report}"
    );
    assert!(
        report.contains("9 │ functions = [\"bad-0\", \"bad-1\""),
        "{report}"
    );
    let longest = report.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "a report line of {longest} characters");

    // GitHub annotations are capped the same way.
    let annotations: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(
        annotations.len(),
        50 + 1,
        "50 of the kind and one count line"
    );
    assert!(annotations
        .iter()
        .any(|l| l.contains("and 19950 more errors like this")));
}

#[test]
fn a_mistake_on_a_line_of_megabytes_is_quoted_as_a_window() {
    let project = Project::new("evidence");
    let words = "word ".repeat(400_000);
    project.write(
        NOTE,
        &format!("{FRONT}{words}[@nokey] {words} [x](@/nowhere.md) {words}\n"),
    );
    let run = project.check(&[]);
    run.expect_code(1);
    let report = &run.stderr;
    assert!(
        report.contains("┌─ content/notes/hostile.md:5:2000002"),
        "column counted in the whole line:\n{report}"
    );
    assert!(report.contains("word word [@nokey] word word"), "{report}");
    assert!(report.len() < 4096, "{} bytes of report", report.len());
}

#[test]
fn footnotes_and_open_brackets_in_bulk_still_build() {
    // Each took time quadratic in its size: numbering footnotes scanned a list, and every `[`
    // searched the rest of the text for its `]`. The output shows they were all handled.
    let project = Project::new("evidence");
    let n = 30_000;
    let refs: String = (0..n).map(|i| format!("Text[^{i}].\n\n")).collect();
    let defs: String = (0..n).map(|i| format!("[^{i}]: Note {i}.\n")).collect();
    // Brackets written escaped are text; `[x ` never closed is text too.
    let brackets = format!("{}\n\n{}", "\\[@".repeat(50_000), "[x ".repeat(50_000));
    project.write(NOTE, &format!("{FRONT}{refs}{defs}\n{brackets}\n"));
    let site = project.build_ok(&[]);
    let html = site.read("notes/hostile/index.html");
    assert_eq!(html.matches("class=\"footnote-definition\"").count(), n);
    assert!(html.contains(&format!(">{n}</a></sup>")));
    assert_eq!(html.matches("[@").count(), 50_000);
    assert_eq!(html.matches("[x").count(), 50_000);
}

#[test]
fn open_citations_in_bulk_are_one_error() {
    // `[@` a hundred thousand times, never closed: one unclosed citation (nothing after an
    // unclosed `[` can be closed), found in one pass, not one error per bracket.
    let project = Project::new("evidence");
    project.write(NOTE, &format!("{FRONT}{}\n", "[@".repeat(100_000)));
    let run = project.check(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("is not closed"), "{}", run.stderr);
    assert!(run.stderr.contains("error: 1 error(s)"), "{}", run.stderr);
}
