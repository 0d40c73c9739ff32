//! What `check` covers beyond a build: drafts (what contributors work on), internal links in
//! every form a writer types them, and every problem of a file in one run.

use crate::common;

use common::Project;

#[test]
fn check_checks_drafts_and_says_how_many_while_build_leaves_them_out() {
    let project = Project::new("site");
    let draft = "content/case-studies/hidden-draft.md";
    project.edit(draft, "Not ready yet [@lee2019].", "Not ready yet [@lee2091].");
    let run = project.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("unknown citation key `lee2091`") && run.stderr.contains(draft),
        "the draft's bad citation is reported:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(3 of them drafts)"),
        "check says how many drafts it checked:\n{}",
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
