//! What `check` covers beyond a build: drafts (what contributors work on), internal links in
//! every form a writer types them, and every problem of a file in one run.

use crate::common;

use common::Project;

#[test]
fn check_checks_drafts_and_says_how_many_while_build_leaves_them_out() {
    let project = Project::new("site");
    let draft = "content/case-studies/hidden-draft.md";
    project.edit(
        draft,
        "Not ready yet [@lee2019].",
        "Not ready yet [@lee2091].",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("unknown citation key `lee2091`") && run.stderr.contains(draft),
        "the draft's bad citation is reported:\n{}",
        run.stderr
    );
    // A build still leaves the draft out, so its unfinished citation does not stop it.
    project.build(&[]).expect_code(0);
    assert!(!project.path("public/case-studies/hidden-draft").exists());

    project.edit(draft, "[@lee2091]", "[@lee2019]");
    let run = project.check(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("(3 of them drafts) in ") && run.stderr.contains("no errors"),
        "check says how many drafts it checked:\n{}",
        run.stderr
    );
    let with_drafts = project.check(&["--drafts"]);
    assert!(
        with_drafts.stderr.contains("(3 of them drafts)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_published_page_linking_to_a_draft_fails_check_as_it_fails_build() {
    let project = Project::new("site");
    let page = "content/case-studies/lakeside-alliance.md";
    let text = project.read(page);
    project.write(
        page,
        &format!("{text}\nSee [the draft](@/case-studies/hidden-draft.md).\n"),
    );
    let build = project.build(&[]);
    build.expect_code(1);
    let check = project.check(&[]);
    check.expect_code(1);
    for run in [&build, &check] {
        assert!(
            run.stderr.contains("that page is a draft"),
            "{}",
            run.stderr
        );
    }
    // Checked as `build --drafts` would publish it, the link is fine.
    project.check(&["--drafts"]).expect_code(0);
}

/// Links to the Riverside case study in every form a writer types them, each at its `#results`
/// heading where the form allows one.
const GOOD_LINKS: &str = "
See [one](@/case-studies/riverside-health-network.md#results),
[two](/case-studies/riverside-health-network/),
[three](/case-studies/riverside-health-network),
[four](/case-studies/riverside-health-network/index.html#results),
[five](https://example.org/case-studies/riverside-health-network/#results),
[the functions](/functions/) and [the bibliography](https://example.org/bibliography/).
";

#[test]
fn links_in_every_form_are_checked_and_a_broken_one_gets_the_nearest_address() {
    let project = Project::new("site");
    let page = "content/case-studies/lakeside-alliance.md";
    let text = project.read(page);
    project.write(page, &format!("{text}{GOOD_LINKS}"));
    project.check(&[]).expect_code(0);
    let site = project.build_ok(&[]);
    let riverside = site.page("case-studies/riverside-health-network/");
    assert!(
        common::texts(&riverside, ".backlinks a").contains(&"Lakeside Alliance".to_string()),
        "a link written as an address gives a backlink"
    );

    let broken = GOOD_LINKS
        .replace("network.md#results", "network.md#resluts")
        .replace("network/),", "netwrk/),")
        .replace("network),", "network/#resluts),")
        .replace("org/case-studies/riverside", "org/case-study/riverside")
        .replace("/functions/)", "/fonctions/)");
    project.write(page, &format!("{text}{broken}"));
    let run = project.check(&[]);
    run.expect_code(1);
    let report = common::redact(&run.stderr, &project);
    for (written, help) in [
        ("#resluts`", "did you mean `results`?"),
        (
            "no page at `/case-studies/riverside-health-netwrk/`",
            "did you mean `/case-studies/riverside-health-network/`",
        ),
        (
            "no page at `https://example.org/case-study/riverside-health-network/#results`",
            "did you mean `https://example.org/case-studies/riverside-health-network/`",
        ),
        ("no page at `/fonctions/`", "= help:"),
    ] {
        let block = report
            .split("\n\n")
            .find(|b| b.contains(written))
            .unwrap_or_else(|| panic!("`{written}` was not reported:\n{report}"));
        assert!(block.contains(help), "{block}");
    }
    assert!(
        report.contains("error: 5 error(s)"),
        "the two anchors, the two addresses and the missing folder:\n{report}"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn the_pull_request_summary_lists_problems_pages_weights_and_citations() {
    let project = Project::new("site");
    let base = project.tmp.path().join("base");
    let base_arg = base.to_str().unwrap();
    project
        .build(&["--drafts", "--output", base_arg])
        .expect_code(0);

    // The pull request: one case study cites a new source and a draft guide goes.
    let page = "content/case-studies/lakeside-alliance.md";
    project.edit(
        page,
        "An alliance of schools [@lee2019].",
        "An alliance of schools [@lee2019; @smith2020].",
    );
    project.edit(
        page,
        "sources = [\"lee2019\"]",
        "sources = [\"lee2019\", \"smith2020\"]",
    );
    std::fs::remove_file(project.path("content/guides/unfinished.md")).unwrap();
    let summary = project.tmp.path().join("summary.md");
    let summary_arg = summary.to_str().unwrap();
    project
        .check(&["--summary", summary_arg, "--compare", base_arg])
        .expect_code(0);
    let report = std::fs::read_to_string(&summary).unwrap();
    assert!(
        report.contains("✅ **0 error(s), 0 warning(s)**"),
        "{report}"
    );
    assert!(
        report.contains("| `/case-studies/lakeside-alliance/` | changed | `smith2020` |"),
        "{report}"
    );
    assert!(report.contains("| removed |"), "{report}");
    assert!(
        report.contains("| `/case-studies/lakeside-alliance/` | "),
        "{report}"
    );
    // Weights depend on the theme's stylesheet; the numbers are not what this test is about.
    let redacted = redact_kb(&report);
    insta::assert_snapshot!("summary_clean", redacted);

    project.edit(
        "content/case-studies/hidden-draft.md",
        "last_reviewed = 2026-01-01",
        "last_reviewed = 01/01/2026",
    );
    project
        .check(&["--summary", summary_arg, "--compare", base_arg])
        .expect_code(1);
    let report = std::fs::read_to_string(&summary).unwrap();
    assert!(report.contains("❌ **1 error(s)"), "{report}");
    assert!(
        report.contains("#### `content/case-studies/hidden-draft.md`")
            && report.contains("- **error** line 7, column 17: `01/01/2026` is not a date"),
        "{report}"
    );
    insta::assert_snapshot!("summary_with_an_error", redact_kb(&report));
}

/// `7.9 KB` → `[N] KB`.
fn redact_kb(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            if w.contains('.') && w.chars().all(|c| c.is_ascii_digit() || c == '.') && !w.is_empty()
            {
                "[N]"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
