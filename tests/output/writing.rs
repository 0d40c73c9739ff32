//! How a build writes: deterministically (byte for byte on any thread count), atomically (a
//! failed build leaves the previous output, a rebuild replaces all of it), and never into a
//! folder it must not replace.

use super::*;

#[test]
fn builds_are_byte_for_byte_reproducible() {
    let project = Project::new("site");
    let root = project.root.to_str().unwrap();
    let a = project.tmp.path().join("out-a");
    let b = project.tmp.path().join("out-b");
    // Different thread counts shake out any dependence on the order parallel work finishes in.
    brightspot_env(
        &["build", "--root", root, "--output", a.to_str().unwrap()],
        &[("RAYON_NUM_THREADS", "1")],
    )
    .expect_code(0);
    brightspot_env(
        &["build", "--root", root, "--output", b.to_str().unwrap()],
        &[("RAYON_NUM_THREADS", "4")],
    )
    .expect_code(0);
    let (fa, fb) = (common::files(&a), common::files(&b));
    assert!(fa.len() > 30, "the build wrote {} files", fa.len());
    assert_eq!(tree_diff(&fa, &fb), Vec::<String>::new());
    // Nothing in the output depends on where it was built.
    for (path, bytes) in &fa {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(root), "{path} contains the project's path");
    }
}

/// Entries beside `dir` whose names show they are leftovers of a write (`.public.tmp-…`).
fn leftovers_beside(dir: &std::path::Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != &name && n.contains(&name))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let project = Project::new("site");
    let outside = project.tmp.path().join("deploy");
    let out_flag = outside.to_str().unwrap().to_string();
    project.build(&[]).expect_code(0);
    project.build(&["--output", &out_flag]).expect_code(0);
    let public = project.path("public");
    let before_public = tree(&public);
    let before_outside = tree(&outside);
    assert!(before_public.contains_key("guides/first-steps/index.html"));

    project.edit(
        "content/guides/01-first-steps.md",
        "weight = 1",
        "weight = \"one\"",
    );
    let run = project.build(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("left unchanged"), "{}", run.stderr);
    project.build(&["--output", &out_flag]).expect_code(1);

    assert_eq!(
        tree_diff(&before_public, &tree(&public)),
        Vec::<String>::new()
    );
    assert_eq!(
        tree_diff(&before_outside, &tree(&outside)),
        Vec::<String>::new()
    );
    assert_eq!(leftovers_beside(&public), Vec::<String>::new());
    assert_eq!(leftovers_beside(&outside), Vec::<String>::new());
}

#[test]
fn pages_written_as_they_are_rendered_are_the_files_of_a_run_in_memory() {
    let project = Project::new("site");
    let site = project.build_ok(&[]);
    let mut written = site.files();
    assert!(written.remove(brightspot::write::STAMP).is_some());
    let outcome = project.pipeline(false);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(
        outcome.written.is_empty(),
        "a run without a write holds every file"
    );
    let in_memory: std::collections::BTreeMap<String, Vec<u8>> = outcome
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect();
    assert!(in_memory.len() > 30, "{} files", in_memory.len());
    assert_eq!(tree_diff(&in_memory, &written), Vec::<String>::new());
    assert_eq!(tree_diff(&written, &in_memory), Vec::<String>::new());
}

/// `check` renders every page as a build does but keeps none of them: the pages a build writes
/// are dropped as they are rendered (only the paths stay, for the output-path check), so
/// checking a large site holds no more of it in memory than building it; the problems found
/// are the same, render-time ones included.
#[test]
fn a_check_drops_the_pages_a_build_writes_and_finds_the_same_problems() {
    use brightspot::pipeline::{self, Options, Pages};
    let project = Project::new("site");
    let run = |pages: Pages| {
        pipeline::run(&Options {
            root: project.root.clone(),
            check_drafts: true,
            pages,
            ..Options::default()
        })
    };
    let kept = run(Pages::Keep);
    let dropped = run(Pages::Drop);
    assert!(!dropped.has_errors(), "{:?}", dropped.diagnostics);
    let html = |files: &[model::output::OutputFile]| {
        files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .map(|f| f.path.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let all_pages = html(&kept.files);
    let held = html(&dropped.files);
    assert!(all_pages.len() > 20, "{} pages", all_pages.len());
    // Held: the case studies the page-weight budget weighs and the few pages rendered outside
    // the sink's pass (bibliography, evidence map, search, redirects); every other page is
    // dropped as it is rendered.
    assert!(held.len() < all_pages.len() / 2, "{held:?}");
    let seen: std::collections::BTreeSet<String> = held
        .iter()
        .cloned()
        .chain(dropped.written.iter().cloned())
        .collect();
    assert_eq!(seen, all_pages);
    assert_eq!(
        format!("{:?}", kept.diagnostics),
        format!("{:?}", dropped.diagnostics)
    );

    project.edit(
        "themes/default/templates/section.html",
        "<h1>{{ section.title }}</h1>",
        "<h1>{{ section.no_such_field }}</h1>",
    );
    let broken = run(Pages::Drop);
    assert!(broken.has_errors());
    assert!(
        broken
            .diagnostics
            .iter()
            .any(|d| d.message.contains("no_such_field")),
        "{:?}",
        broken.diagnostics
    );
}

#[test]
fn an_error_found_after_pages_were_written_leaves_the_previous_output_untouched() {
    let project = Project::new("site");
    let public = project.path("public");
    project.build(&[]).expect_code(0);
    let before = tree(&public);
    // Sections fail at render time, after (or while) the pages beside them were written into
    // the output being built.
    project.edit(
        "themes/default/templates/section.html",
        "<h1>{{ section.title }}</h1>",
        "<h1>{{ section.no_such_field }}</h1>",
    );
    let run = project.build(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("left unchanged"), "{}", run.stderr);
    assert_eq!(tree_diff(&before, &tree(&public)), Vec::<String>::new());
    assert_eq!(leftovers_beside(&public), Vec::<String>::new());
}

#[test]
fn a_rebuild_replaces_the_whole_output() {
    let project = Project::new("site");
    let site = project.build_ok(&[]);
    assert!(site.exists("news/b-winter/index.html"));
    std::fs::remove_file(project.path("content/news/b-winter.md")).unwrap();
    project.build_ok(&[]);
    assert!(
        !site.exists("news/b-winter/index.html"),
        "a page whose source was deleted is gone after the next build"
    );
    assert!(site.exists(brightspot::write::STAMP));
    assert_eq!(leftovers_beside(&site.dir), Vec::<String>::new());
}

#[test]
fn refuses_to_write_into_the_project_or_a_foreign_folder() {
    let project = Project::new("site");
    let root = project.root.to_str().unwrap().to_string();
    let foreign = project.tmp.path().join("my-documents");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.txt"), "years of work").unwrap();
    let before_project = tree(&project.root);
    let before_foreign = tree(&foreign);

    let content = project.path("content");
    let targets = [
        root.clone(),
        content.to_str().unwrap().to_string(),
        foreign.to_str().unwrap().to_string(),
    ];
    for target in &targets {
        let run = brightspot(&["build", "--root", &root, "--output", target]);
        run.expect_code(2);
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    // The same protection applies to `output_dir` in the config.
    project.edit(
        "brightspot.toml",
        "language = \"en\"",
        "language = \"en\"\noutput_dir = \".\"",
    );
    let run = project.build(&[]);
    run.expect_code(2);
    project.edit(
        "brightspot.toml",
        "output_dir = \".\"",
        "output_dir = \"content\"",
    );
    project.build(&[]).expect_code(2);
    project.edit(
        "brightspot.toml",
        "output_dir = \"content\"",
        "output_dir = \"public\"",
    );

    let mut after_project = tree(&project.root);
    after_project.remove("brightspot.toml");
    let mut expected = before_project.clone();
    expected.remove("brightspot.toml");
    assert_eq!(
        tree_diff(&expected, &after_project),
        Vec::<String>::new(),
        "nothing in the project was written or deleted"
    );
    assert_eq!(
        tree_diff(&before_foreign, &tree(&foreign)),
        Vec::<String>::new()
    );
    assert_eq!(leftovers_beside(&foreign), Vec::<String>::new());
}
