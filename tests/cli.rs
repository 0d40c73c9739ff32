//! The command line: exit codes (0 ok, 1 content errors, 2 usage errors), help, config errors with
//! line:column, `check` writing nothing, GitHub annotations and timings.

use crate::common;

use common::{brightspot, brightspot_env, Project};

#[test]
fn exit_code_0_for_a_good_build_and_check() {
    let project = Project::new("site");
    let run = project.build(&[]);
    run.expect_code(0);
    assert!(run.stderr.contains("built "), "{}", run.stderr);
    project.check(&[]).expect_code(0);
    project.check(&["--drafts"]).expect_code(0);
}

#[test]
fn exit_code_1_for_content_errors() {
    let project = Project::new("invalid/broken-link");
    let run = project.build(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("broken link"), "{}", run.stderr);
    assert!(!project.path("public").exists(), "nothing is written");
    project.check(&[]).expect_code(1);
}

#[test]
fn exit_code_2_for_usage_errors() {
    let project = Project::new("site");
    let root = project.root.to_str().unwrap();
    for args in [
        vec!["build", "--root", root, "--frobnicate"],
        vec!["check", "--root", root, "--output", "x"],
        vec!["build", "--root"],
        vec!["publish"],
        vec![],
    ] {
        let run = brightspot(&args);
        assert_eq!(
            run.code, 2,
            "{args:?} should be a usage error:\n{}",
            run.stderr
        );
        assert!(!run.stderr.is_empty(), "{args:?} says what is wrong");
    }
    // A refused output folder is a usage error too.
    brightspot(&["build", "--root", root, "--output", root]).expect_code(2);
    assert!(!project.path("public").exists());
}

#[test]
fn help_lists_every_flag() {
    let top = brightspot(&["--help"]);
    top.expect_code(0);
    for word in ["build", "check", "--verbose", "--help", "--version"] {
        assert!(
            top.stdout.contains(word),
            "--help lacks {word}:\n{}",
            top.stdout
        );
    }
    let build = brightspot(&["build", "--help"]);
    build.expect_code(0);
    for flag in [
        "--root",
        "--output",
        "--base-url",
        "--drafts",
        "--verbose",
        "--help",
    ] {
        assert!(
            build.stdout.contains(flag),
            "build --help lacks {flag}:\n{}",
            build.stdout
        );
    }
    let check = brightspot(&["check", "--help"]);
    check.expect_code(0);
    for flag in ["--root", "--drafts", "--verbose", "--help"] {
        assert!(
            check.stdout.contains(flag),
            "check --help lacks {flag}:\n{}",
            check.stdout
        );
    }
    let version = brightspot(&["--version"]);
    version.expect_code(0);
    assert!(
        version.stdout.starts_with("brightspot "),
        "{}",
        version.stdout
    );
}

/// The `path:line:col` that the report's first error points at.
fn location(stderr: &str) -> &str {
    let at = stderr
        .find("┌─ ")
        .unwrap_or_else(|| panic!("no location in:\n{stderr}"));
    stderr[at + "┌─ ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
}

#[test]
fn config_errors_give_line_and_column() {
    let project = Project::new("site");
    // Line 5 of the fixture's config is `language = "en"`.
    project.edit(
        "brightspot.toml",
        "language = \"en\"",
        "language = \"en\"\ncolour = \"red\"",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    assert_eq!(
        location(&run.stderr),
        "brightspot.toml:6:1",
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `colour`"),
        "{}",
        run.stderr
    );

    let project = Project::new("site");
    project.edit(
        "brightspot.toml",
        "language = \"en\"",
        "language = \"en\"\nfeed = \"yes\"",
    );
    let run = project.build(&[]);
    run.expect_code(1);
    assert_eq!(
        location(&run.stderr),
        "brightspot.toml:6:8",
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bool"),
        "names the expected type:\n{}",
        run.stderr
    );

    let root = project.root.to_str().unwrap();
    let gh = brightspot_env(&["check", "--root", root], &[("GITHUB_ACTIONS", "true")]);
    gh.expect_code(1);
    assert!(
        gh.stdout
            .starts_with("::error file=brightspot.toml,line=6,col=8::"),
        "{}",
        gh.stdout
    );
}

#[test]
fn github_annotations_only_under_github_actions() {
    let project = Project::new("invalid/missing-anchor");
    let plain = project.check(&[]);
    plain.expect_code(1);
    assert!(!plain.stdout.contains("::error"), "{}", plain.stdout);
    let root = project.root.to_str().unwrap();
    let gh = brightspot_env(&["check", "--root", root], &[("GITHUB_ACTIONS", "true")]);
    gh.expect_code(1);
    assert_eq!(
        gh.stdout.lines().collect::<Vec<_>>(),
        ["::error file=content/notes/second-page.md,line=4,col=9::broken link: `notes/first-page.md` has no heading `#resluts` (help: did you mean `results`?)"]
    );
    // The human report is still on stderr.
    assert!(
        gh.stderr.contains("content/notes/second-page.md:4:9"),
        "{}",
        gh.stderr
    );
}

#[test]
fn check_writes_nothing() {
    let project = Project::new("site");
    let before = common::tree(&project.root);
    project.check(&[]).expect_code(0);
    assert_eq!(
        common::tree_diff(&before, &common::tree(&project.root)),
        Vec::<String>::new()
    );
}

#[test]
fn verbose_prints_stage_timings() {
    let project = Project::new("site");
    let run = project.build(&["--verbose"]);
    run.expect_code(0);
    for stage in ["load", "validate", "resolve", "render", "write"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.trim_start().starts_with(stage) && l.ends_with(" ms")),
            "no timing for {stage}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn missing_config_explains_where_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = brightspot(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("brightspot.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}

#[test]
fn a_bad_base_url_is_reported_at_its_value_with_the_reason_and_the_fix() {
    let project = Project::new("site");
    // A comment naming `base_url` comes first: the error is at the value all the same.
    project.edit(
        "brightspot.toml",
        "base_url = \"https://example.org/\"",
        "# base_url: where the site is served from\nbase_url = \"example.org/sub/\"",
    );
    let run = project.check(&[]);
    run.expect_code(1);
    assert_eq!(
        location(&run.stderr),
        "brightspot.toml:5:12",
        "{}",
        run.stderr
    );
    for said in [
        "`example.org/sub/` is not a base URL: it has no `http://` or `https://` in front",
        "base_url = \"example.org/sub/\"",
        "help: write the address the site is served from",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
    assert!(!project.path("public").exists(), "nothing is built");
}

#[test]
fn base_url_flag_must_be_an_absolute_url() {
    let project = Project::new("site");
    for bad in ["not-a-url", "/preview/", "ftp://example.org/"] {
        let run = project.build(&["--base-url", bad]);
        assert_eq!(
            run.code, 2,
            "--base-url {bad} is a usage error, like a bad base_url in the config:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("base"), "{}", run.stderr);
        assert!(
            !project.path("public").exists(),
            "nothing is built for --base-url {bad}"
        );
    }
    project
        .build(&["--base-url", "http://localhost:8080/"])
        .expect_code(0);
}
