//! Pull requests from strangers (issue #10): content assets that could run script, files from
//! outside the project reached through symlinks, a project with nothing to build, output
//! folders reached through symlinks, and files that are not UTF-8. Each test is a hole an
//! attacker's probe found, kept closed.

use crate::common;

use common::Project;

const GOOD_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>";

#[test]
fn scripts_and_pages_among_content_assets_are_refused_by_check_and_build() {
    let p = Project::new("site");
    let dir = "content/guides/field-trip";
    p.write(
        &format!("{dir}/index.html"),
        "<script src=\"a.js\"></script>",
    );
    p.write(&format!("{dir}/a.js"), "alert(document.domain)");
    p.write(
        &format!("{dir}/chart.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script href=\"a.js\"/>\n</svg>",
    );
    p.write(
        &format!("{dir}/feed.xml"),
        "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><data/>",
    );
    p.write(&format!("{dir}/notes.exe"), "MZ");
    let check = p.check(&[]);
    check.expect_code(1);
    for (file, why) in [
        ("index.html", "type .html is not allowed"),
        ("a.js", "type .js is not allowed"),
        ("chart.svg", "SVG asset refused: it has a <script> element"),
        ("feed.xml", "<?xml-stylesheet?>"),
        ("notes.exe", "type .exe is not allowed"),
    ] {
        assert!(
            check.stderr.contains(&format!("{dir}/{file}")) && check.stderr.contains(why),
            "{file}: {why}\n{}",
            check.stderr
        );
    }
    // The SVG's refusal points at the line of the script.
    assert!(
        check.stderr.contains(&format!("{dir}/chart.svg:2:3")),
        "{}",
        check.stderr
    );
    let build = p.build(&[]);
    build.expect_code(1);
    assert!(!p.path("public").exists(), "nothing was written");
}

#[test]
fn inert_assets_are_published_beside_their_page() {
    let p = Project::new("site");
    let dir = "content/guides/field-trip";
    p.write(&format!("{dir}/chart.svg"), GOOD_SVG);
    p.write(&format!("{dir}/data.csv"), "a,b\n1,2\n");
    p.write(&format!("{dir}/report.pdf"), "%PDF-1.4\n");
    let site = p.build_ok(&[]);
    for f in ["chart.svg", "data.csv", "report.pdf", "photo.png"] {
        assert!(
            site.dir.join("guides/field-trip").join(f).is_file(),
            "{f} published"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_project_are_refused_and_never_read() {
    use std::os::unix::fs::symlink;
    let p = Project::new("site");
    let outside = tempfile::tempdir().unwrap();
    let secret = "root:x:0:0:SECRET-LINE";
    std::fs::write(outside.path().join("passwd"), format!("{secret}\n")).unwrap();
    std::fs::write(
        outside.path().join("leak.md"),
        format!("+++\ntitle = \"{secret}\"\n+++\n"),
    )
    .unwrap();
    // A top-level folder, a page, an annotation folder and a data file, each a link out.
    std::fs::remove_dir_all(p.path("static")).unwrap();
    symlink(outside.path(), p.path("static")).unwrap();
    symlink(
        outside.path().join("leak.md"),
        p.path("content/guides/leak.md"),
    )
    .unwrap();
    symlink(outside.path().join("passwd"), p.path("data/leak.toml")).unwrap();
    symlink(outside.path(), p.path("content/guides/linked-folder")).unwrap();
    // A project file that is not an input (nothing under content/, static/, …) stays unread.
    std::fs::write(p.path("secret.txt"), "SECRET-LINE").unwrap();
    symlink("../../secret.txt", p.path("content/guides/root-file.txt")).unwrap();
    // A link inside the project is followed.
    symlink("photo.png", p.path("content/guides/field-trip/again.png")).unwrap();
    let check = p.check(&[]);
    check.expect_code(1);
    for link in [
        "static",
        "content/guides/leak.md",
        "data/leak.toml",
        "content/guides/linked-folder",
    ] {
        assert!(
            check.stderr.contains(&format!(
                "{link} is a symlink that leads outside the project"
            )),
            "{link}\n{}",
            check.stderr
        );
    }
    assert!(
        check.stderr.contains(
            "content/guides/root-file.txt is a symlink to a project file that is not an input"
        ),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("SECRET-LINE"), "{}", check.stderr);
    assert!(!check.stderr.contains("again.png"), "{}", check.stderr);

    // The config itself: its lines must not reach the (public) log.
    std::fs::remove_file(p.path("brightspot.toml")).unwrap();
    symlink(outside.path().join("passwd"), p.path("brightspot.toml")).unwrap();
    let check = p.check(&[]);
    assert_ne!(check.code, 0);
    assert!(
        check
            .stderr
            .contains("brightspot.toml is a symlink that leads outside"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("SECRET-LINE"), "{}", check.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlinked_theme_outside_the_project_is_refused() {
    let p = Project::new("site");
    let outside = tempfile::tempdir().unwrap();
    common::copy_tree(&p.path("themes/default"), outside.path());
    std::fs::remove_dir_all(p.path("themes/default")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path("themes/default")).unwrap();
    let check = p.check(&[]);
    assert_ne!(check.code, 0);
    assert!(
        check
            .stderr
            .contains("themes/default is a symlink that leads outside"),
        "{}",
        check.stderr
    );
}

#[test]
fn nothing_to_build_is_an_error_and_the_previous_output_stays() {
    let p = Project::new("site");
    p.build_ok(&[]);
    let home = std::fs::read(p.path("public/index.html")).unwrap();

    std::fs::rename(p.path("content"), p.path("moved-away")).unwrap();
    let check = p.check(&[]);
    check.expect_code(1);
    assert!(
        check.stderr.contains("there is no content/ folder"),
        "{}",
        check.stderr
    );
    p.build(&[]).expect_code(1);
    assert_eq!(std::fs::read(p.path("public/index.html")).unwrap(), home);

    std::fs::create_dir(p.path("content")).unwrap();
    let check = p.check(&[]);
    check.expect_code(1);
    assert!(
        check.stderr.contains("content/ holds no Markdown pages"),
        "{}",
        check.stderr
    );

    std::fs::remove_dir(p.path("content")).unwrap();
    std::fs::rename(p.path("moved-away"), p.path("content")).unwrap();
    std::fs::remove_file(p.path("content/_index.md")).unwrap();
    let check = p.check(&[]);
    check.expect_code(1);
    assert!(
        check.stderr.contains("the site has no home page"),
        "{}",
        check.stderr
    );
    p.build(&[]).expect_code(1);
    assert_eq!(std::fs::read(p.path("public/index.html")).unwrap(), home);
}

#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_symlink_into_the_sources_is_refused() {
    let p = Project::new("site");
    let link = p.tmp.path().join("link-to-project");
    std::os::unix::fs::symlink(&p.root, &link).unwrap();
    let before = common::tree(&p.path("content"));
    let out = link.join("content/x");
    let run = p.build(&["--output", out.to_str().unwrap()]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("refusing to write the site"),
        "{}",
        run.stderr
    );
    assert_eq!(
        common::tree(&p.path("content")),
        before,
        "nothing written into content/"
    );
}

#[test]
fn bad_utf8_names_line_and_column_and_other_files_are_still_checked() {
    let p = Project::new("site");
    let path = p.path("content/news/a-spring.md");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"\nSecond line caf\xE9 here.\n");
    std::fs::write(&path, bytes).unwrap();
    p.edit(
        "content/guides/01-first-steps.md",
        "+++",
        "+++\nnot_a_field = 1",
    );
    let check = p.check(&[]);
    check.expect_code(1);
    let text = std::fs::read(&path).unwrap();
    let line = text.iter().filter(|b| **b == b'\n').count();
    assert!(
        check
            .stderr
            .contains(&format!("content/news/a-spring.md:{line}:16")),
        "line {line}, column 16\n{}",
        check.stderr
    );
    assert!(check.stderr.contains("not valid UTF-8"), "{}", check.stderr);
    assert!(
        check.stderr.contains("not_a_field"),
        "the other file is checked too\n{}",
        check.stderr
    );
}

#[test]
fn impossible_dates_and_years_are_errors_with_the_reason() {
    let p = Project::new("site");
    p.edit(
        "content/news/a-spring.md",
        "date = 2024-04-01",
        "date = \"2021-02-30\"",
    );
    // YAML front matter, with text after the date.
    p.write(
        "content/news/b-winter.md",
        "---\ntitle: \"Winter update\"\ndate: 2023-12-01x\n---\nThe winter update.\n",
    );
    p.edit(
        "content/case-studies/lakeside-alliance.md",
        "last_reviewed = 2025-06-01",
        "last_reviewed = 1850-06-01",
    );
    // Another case study, so that its years are checked (a page whose front matter does not
    // parse is not checked further).
    let cs = "content/case-studies/riverside-health-network.md";
    let text = p.read(cs);
    let years_at = text.find("[years]").unwrap();
    let block_end = years_at
        + text[years_at..]
            .find("\n\n")
            .unwrap_or(text.len() - years_at);
    let fixed = format!(
        "{}[years]\nstart = 2020\nend = 2012\n{}",
        &text[..years_at],
        &text[block_end..]
    );
    p.write(cs, &fixed);
    let check = p.check(&[]);
    check.expect_code(1);
    for want in [
        "content/news/a-spring.md:3:",
        "February 2021 has no day 30",
        "remove the text after",
        "the year 1850 is outside 1900–2100",
        "end (2012) before they start (2020)",
    ] {
        assert!(check.stderr.contains(want), "{want}\n{}", check.stderr);
    }
}

#[test]
fn a_reference_name_that_would_break_the_bibtex_entry_is_refused() {
    let p = Project::new("site");
    let before = common::tree(&p.path("bibliography"));
    let run = common::brightspot(&[
        "new",
        "reference",
        "x }, @misc{y",
        "--root",
        p.root.to_str().unwrap(),
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("would break the BibTeX entry"),
        "{}",
        run.stderr
    );
    assert_eq!(
        common::tree(&p.path("bibliography")),
        before,
        "nothing written"
    );
}

#[test]
fn control_characters_are_refused_in_content_and_kept_out_of_the_feed() {
    let p = Project::new("site");
    p.edit(
        "content/case-studies/lakeside-alliance.md",
        "+++\n",
        "+++\n# Lakeside\u{7}\n",
    );
    let check = p.check(&[]);
    check.expect_code(1);
    assert!(
        check
            .stderr
            .contains("content/case-studies/lakeside-alliance.md:2:11"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("control character U+0007"),
        "{}",
        check.stderr
    );

    // The config's title is written into the feed too: an escape there is dropped, not copied.
    let p = Project::new("site");
    let config = p.read("brightspot.toml");
    let title_line = config.lines().find(|l| l.starts_with("title")).unwrap();
    p.edit(
        "brightspot.toml",
        title_line,
        "title = \"Bell\\u0007 site\"",
    );
    let site = p.build_ok(&[]);
    let feed = site.read("feed.xml");
    common::xml::parse(&feed).expect("feed.xml is well-formed");
    assert!(
        feed.contains("Bell site") && !feed.contains('\u{7}'),
        "{feed}"
    );
}
