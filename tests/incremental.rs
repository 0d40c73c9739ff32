//! Incremental rebuilds (`serve`) against clean builds, on a copy of the repository's own site:
//! it has every kind of dependency between outputs (links and backlinks, citations and "cited
//! by", glossary first uses, taxonomy terms with quoted passages, related case studies, section
//! listings with summaries, the evidence map). These are the fixed cases — what one edit renders,
//! reuses and defers; `incremental_props` draws random sequences of edits and checks each rebuild
//! against a clean build.

use std::path::{Path, PathBuf};

use brightspot::output::OutputFile;
use brightspot::pipeline::{self, Cache, Options, Outcome};

use crate::common;
use common::site_copy as site;

pub(crate) fn files_of(files: &[OutputFile]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect()
}

pub(crate) fn messages(outcome: &Outcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .map(|d| format!("{d:?}"))
        .collect()
}

pub(crate) fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

/// Replaces the first occurrence of `from` in `rel` (if any) with `to`.
pub(crate) fn replace_once(root: &Path, rel: &Path, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

pub(crate) fn append(root: &Path, rel: &Path, text: &str) {
    let path = root.join(rel);
    let mut old = std::fs::read_to_string(&path).unwrap();
    old.push_str(text);
    std::fs::write(&path, old).unwrap();
}

/// A run over the copy at `root`, as `check` would do it.
pub(crate) fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        check_drafts: false,
        strict: false,
        pages: brightspot::pipeline::Pages::Keep,
    }
}

#[test]
fn a_one_page_edit_renders_only_that_page_and_what_shows_its_changed_parts() {
    let dir = site();
    let root = dir.path();
    let options = options(root);
    let mut cache = Cache::incremental();
    pipeline::run_cached(&options, &mut cache);

    // Nothing changed: everything is reused.
    let same = pipeline::run_cached(&options, &mut cache).reuse;
    assert_eq!(same.bodies_rendered, 0, "{same:?}");
    assert_eq!(same.outputs_rendered, 0, "{same:?}");

    // A sentence added to the end of a case study: its own page, and no other body.
    append(
        root,
        Path::new("content/case-studies/sharswood-thrive.md"),
        "\n\nOne more sentence.\n",
    );
    let one = pipeline::run_incremental(
        &options,
        &mut cache,
        Some(&["content/case-studies/sharswood-thrive.md".into()]),
    );
    assert!(
        one.timings.iter().all(|(stage, _)| *stage != "resolve"),
        "{:?}",
        one.timings
    );
    let one = one.reuse;
    assert_eq!(one.bodies_rendered, 1, "{one:?}");
    assert_eq!(one.outputs_rendered, 1, "{one:?}");

    // `term.html` is the template of taxonomy term pages only: editing it re-renders those pages
    // and nothing else, without rendering any Markdown.
    let path = root.join("themes/default/templates/term.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("{% block main %}", "{% block main %}<!-- edited -->", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    let terms = pipeline::run_cached(&options, &mut cache);
    let r = terms.reuse;
    assert_eq!(r.bodies_rendered, 0, "{r:?}");
    let term_pages = terms
        .files
        .iter()
        .filter(|f| {
            f.bytes
                .windows(b"<!-- edited -->".len())
                .any(|w| w == b"<!-- edited -->")
        })
        .count();
    assert!(term_pages > 5, "{term_pages}");
    assert_eq!(r.outputs_rendered, term_pages, "{r:?}");
}

#[test]
fn reloading_refuses_what_it_cannot_patch() {
    // The config, a template or a folder: the caller loads afresh.
    use brightspot::load;
    let dir = site();
    let root = dir.path();
    let sources = load::load(root).unwrap();
    for rel in [
        "brightspot.toml",
        "themes/default/templates/page.html",
        "content/case-studies",
    ] {
        assert!(
            load::reload(root, &sources, &[rel.into()]).is_none(),
            "{rel}"
        );
    }
}

#[test]
fn a_search_index_overtaken_by_an_edit_is_dropped_and_the_next_one_covers_both() {
    // `serve` builds the deferred search index on its own thread while the next edit rebuilds:
    // the index of the first edit must not be installed over the second's pages, and the
    // index built after the second equals a clean build's.
    use brightspot::pipeline::search_job;
    let dir = site();
    let root = dir.path();
    let options = options(root);
    let mut cache = Cache::incremental();
    cache.defer_search = true;
    assert!(!pipeline::run_cached(&options, &mut cache).has_errors());
    let page = markdown_files(root)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("case-studies/bridgeport"))
        .expect("a case study");
    append(root, &page, "\nA first added sentence about wombats.\n");
    let first = pipeline::run_incremental(&options, &mut cache, Some(std::slice::from_ref(&page)));
    assert!(!first.has_errors());
    let job = search_job::start(&mut cache).expect("the fast path left the index pending");
    assert!(
        search_job::start(&mut cache).is_none(),
        "one job per pending index"
    );
    // The second edit lands while the first job is still building.
    append(root, &page, "\nA second added sentence about quokkas.\n");
    let second = pipeline::run_incremental(&options, &mut cache, Some(std::slice::from_ref(&page)));
    assert!(!second.has_errors());
    assert!(
        search_job::install(&mut cache, job.run()).is_none(),
        "an index built before the second edit is dropped"
    );
    let job = search_job::start(&mut cache).expect("the second edit left the index pending");
    let files = search_job::install(&mut cache, job.run()).expect("nothing overtook it");
    let clean = pipeline::run(&options);
    assert!(
        files_of(&files) == files_of(&clean.files),
        "differs from a clean build in {:?}",
        files_of(&files)
            .iter()
            .zip(files_of(&clean.files))
            .find(|(a, b)| **a != *b)
            .map(|(a, _)| a.0)
    );
}
