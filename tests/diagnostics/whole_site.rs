//! Diagnostics across a site: every planted error reported in one `check`, GitHub Actions
//! annotations, template runtime errors, aliases, summaries' links and citations, and a BibTeX
//! syntax error reported once.

use super::*;

/// The errors planted in tests/fixtures/invalid/many-errors, by file.
const PLANTED: &[(&str, &str)] = &[
    ("content/case-studies/riverside.md", "`network` is empty"),
    (
        "content/case-studies/riverside.md",
        "no heading with id `fn-shared-goals`",
    ),
    ("content/notes/a-meeting.md", "unknown field `sumary`"),
    (
        "content/notes/b-links.md",
        "no content file `notes/nope.md`",
    ),
    ("content/notes/b-links.md", "has no heading `#resluts`"),
    (
        "content/notes/c-results.md",
        "unknown citation key `nobody2000`",
    ),
    ("content/notes/d-draft.md", "front matter is never closed"),
    (
        "templates/section.html",
        "template `section.html` does not parse",
    ),
];

#[test]
fn one_check_reports_every_error_in_every_file() {
    let project = Project::new("invalid/many-errors");
    let run = project.check(&[]);
    run.expect_code(1);
    for (file, message) in PLANTED {
        let found = run
            .stderr
            .split("\n\n")
            .any(|block| block.contains(message) && block.contains(file));
        assert!(
            found,
            "`{message}` in {file} was not reported:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains(&format!("error: {} error(s), 0 warning(s)", PLANTED.len())),
        "expected exactly {} errors:\n{}",
        PLANTED.len(),
        run.stderr
    );

    // The library reports the same set, each error in its own file.
    let outcome = project.pipeline(false);
    let reported: BTreeSet<(String, String)> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let file = d
                .file
                .as_ref()
                .map_or(String::new(), |f| f.to_string_lossy().replace('\\', "/"));
            let planted = PLANTED
                .iter()
                .find(|(pf, m)| *pf == file && d.message.contains(m));
            assert!(planted.is_some(), "unexpected diagnostic {d:?}");
            (file, planted.unwrap().1.to_string())
        })
        .collect();
    assert_eq!(reported.len(), PLANTED.len(), "{reported:#?}");
    assert!(
        outcome.files.is_empty(),
        "nothing is built when there are errors"
    );
}

#[test]
fn github_actions_annotations_for_every_error() {
    let project = Project::new("invalid/many-errors");
    let root = project.root.to_str().unwrap();
    let run = brightspot_env(&["check", "--root", root], &[("GITHUB_ACTIONS", "true")]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), PLANTED.len(), "{}", run.stdout);
    for (file, message) in PLANTED {
        let line = lines
            .iter()
            .find(|l| l.contains(message))
            .unwrap_or_else(|| panic!("no annotation for `{message}`:\n{}", run.stdout));
        let prefix = format!("::error file={file},line=");
        assert!(line.starts_with(&prefix), "{line}");
        let rest = &line[prefix.len()..];
        let (line_no, rest) = rest.split_once(",col=").expect("col= follows line=");
        let (col, _) = rest.split_once("::").expect(":: ends the properties");
        assert!(
            line_no.parse::<usize>().is_ok_and(|n| n > 0)
                && col.parse::<usize>().is_ok_and(|n| n > 0),
            "{line}"
        );
    }
    // The annotation points where the human report does: the unknown key is on line 3, column 1.
    assert!(
        run.stdout.contains(
            "::error file=content/notes/a-meeting.md,line=3,col=1::unknown field `sumary`"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn template_runtime_error_names_the_page() {
    let project = Project::new("site");
    let theme = project.read("themes/default/templates/page.html");
    let heading = "<h1>{{ page.title }}</h1>";
    assert!(theme.contains(heading));
    // A site override that fails while rendering one page only.
    project.write(
        "templates/page.html",
        &theme.replace(
            heading,
            "<h1>{{ page.title }}</h1>{% if page.title == \"Renamed page\" %}{{ page.no_such_field }}{% endif %}",
        ),
    );
    let run = project.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error: 1 error(s)"),
        "only the one page fails:\n{}",
        run.stderr
    );
    let first = run.stderr.lines().next().unwrap_or_default();
    for part in [
        "template `page.html`",
        "content/guides/custom-name.md",
        "no_such_field",
    ] {
        assert!(
            first.contains(part),
            "the error should name {part}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("templates/page.html"), "{}", run.stderr);
    assert!(!project.path("public").exists(), "nothing is written");
}

#[test]
fn an_alias_may_not_take_another_pages_address() {
    let project = Project::new("site");
    // Line 6 of first-steps.md; /guides/renamed/ is the address of guides/custom-name.md.
    project.edit(
        "content/guides/01-first-steps.md",
        "aliases = [\"/old/first-steps/\"]",
        "aliases = [\"/old/first-steps/\", \"/guides/renamed/\"]",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("/guides/renamed/")
            && run.stderr.contains("content/guides/custom-name.md"),
        "the error names the address and the page that has it:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/01-first-steps.md:6:"),
        "the error points at the alias:\n{}",
        run.stderr
    );
    // And a build must not replace the page with a redirect.
    project.build(&[]).expect_code(1);
    assert!(!project.path("public").exists());
}

#[test]
fn links_and_citations_in_summaries_are_checked() {
    // Summaries are Markdown shown in listings, the at-a-glance box and term pages: a typo there
    // must fail like one in the body, not print `[@smiht2020]` or link to `#`.
    let project = Project::new("site");
    project.edit(
        "content/case-studies/riverside-health-network.md",
        "working on housing.\"",
        "working on housing [@smiht2020].\"",
    );
    project.edit(
        "content/guides/01-first-steps.md",
        "with the site.\"",
        "with [the site](@/guides/nowhere.md).\"",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    let blocks: Vec<&str> = run.stderr.split("\n\n").collect();
    for (file, what) in [
        (
            "content/case-studies/riverside-health-network.md:3:",
            "smiht2020",
        ),
        ("content/guides/01-first-steps.md:3:", "guides/nowhere.md"),
    ] {
        assert!(
            blocks.iter().any(|b| b.contains(file) && b.contains(what)),
            "no error for `{what}` at {file}…:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("did you mean `smith2020`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bibtex_syntax_error_is_one_error_not_one_per_citation() {
    // A missing comma in one entry must not make every citation of every entry "unknown".
    let project = Project::new("site");
    project.edit(
        "bibliography/references.bib",
        "  title       = {Networks that work},",
        "  title       = {Networks that work}",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("bibliography/references.bib:"),
        "the error points into the .bib file:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: 1 error(s)"),
        "one syntax error should be one error:\n{}",
        run.stderr
    );
}
