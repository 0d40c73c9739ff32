//! The page-weight budget: a case study's HTML plus the CSS it loads, gzip-compressed, within
//! `[budget] case_study_kb`, readable before any script runs. Over budget is a warning that
//! lists the heaviest pages; with `--strict` (CI and Netlify) it is an error.

use crate::common;

use common::{redact, Project};

fn with_budget(kb: &str) -> Project {
    let project = Project::new("site");
    let config = project.read("brightspot.toml");
    project.write(
        "brightspot.toml",
        &config.replacen(
            "[bibliography]",
            &format!("[budget]\ncase_study_kb = {kb}\n\n[bibliography]"),
            1,
        ),
    );
    project
}

#[test]
fn within_budget_check_v_reports_the_heaviest_case_study() {
    let project = with_budget("30");
    let root = project.root.to_str().unwrap();
    let run = common::brightspot(&["-v", "check", "--strict", "--root", root]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("page weight: heaviest case study /case-studies/")
            && run.stderr.contains("of a 30 KB budget"),
        "{}",
        run.stderr
    );
}

#[test]
fn over_budget_is_a_warning_listing_the_heaviest_pages_and_an_error_with_strict() {
    let project = with_budget("0.5");
    let run = project.check(&[]);
    run.expect_code(0);
    let r = redact(&run.stderr, &project);
    assert!(r.contains("warning: this case study weighs"), "{r}");
    assert!(
        // check weighs the draft too: it is what a contributor is about to publish.
        r.contains("3 case studies are over the page-weight budget of 0.5 KB; heaviest first: /case-studies/"),
        "{r}"
    );
    assert!(
        r.contains("content/case-studies/lakeside-alliance.md"),
        "{r}"
    );
    // The heaviest page is named first.
    let list = r.split("heaviest first: ").nth(1).unwrap();
    let sizes: Vec<f64> = list
        .lines()
        .next()
        .unwrap()
        .split(", ")
        .map(|e| e.rsplit(' ').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{list}");

    let strict = project.check(&["--strict"]);
    strict.expect_code(1);
    assert!(
        strict.stderr.contains("error: this case study weighs"),
        "{}",
        strict.stderr
    );
    project.build(&["--strict"]).expect_code(1);
    assert!(
        !project.path("public").exists(),
        "a strict build over budget writes nothing"
    );
    project.build(&[]).expect_code(0);
}

#[test]
fn a_script_that_blocks_reading_breaks_the_budget() {
    let project = with_budget("30");
    let theme = project.read("themes/default/templates/case_study.html");
    project.write(
        "templates/case_study.html",
        &theme.replacen(
            "{% block before_content %}",
            "{% block before_content %}<script src=\"/slow.js\"></script>",
            1,
        ),
    );
    let run = project.check(&["--strict"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("cannot be read before /slow.js has run"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_budget_must_be_a_positive_number() {
    let run = with_budget("-1").check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("positive number of kilobytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_real_site_is_within_budget() {
    let run = common::brightspot(&[
        "-v",
        "check",
        "--strict",
        "--root",
        common::repo().to_str().unwrap(),
    ]);
    run.expect_code(0);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("page weight:"))
        .unwrap_or_else(|| panic!("no page weight line:\n{}", run.stderr));
    let kb: f64 = line
        .split(" is ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(kb <= 30.0, "{line}");
}
