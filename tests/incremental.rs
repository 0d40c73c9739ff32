//! Incremental rebuilds (`serve`) against clean builds, on a copy of the repository's own site:
//! it has every kind of dependency between outputs (links and backlinks, citations and "cited
//! by", glossary first uses, taxonomy terms with quoted passages, related case studies, section
//! listings with summaries, the evidence map). Random edits of every kind are applied one after
//! another; after each, the incremental rebuild must equal a clean build byte for byte, and it
//! must have reused work where nothing it depends on changed.

use std::path::{Path, PathBuf};

use brightspot::output::OutputFile;
use brightspot::pipeline::{self, Cache, Options, Outcome};

use crate::common;
use common::{site_copy as site, Rng};

fn files_of(files: &[OutputFile]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect()
}

fn messages(outcome: &Outcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .map(|d| format!("{d:?}"))
        .collect()
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
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
fn replace_once(root: &Path, rel: &Path, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn append(root: &Path, rel: &Path, text: &str) {
    let path = root.join(rel);
    let mut old = std::fs::read_to_string(&path).unwrap();
    old.push_str(text);
    std::fs::write(&path, old).unwrap();
}

/// A run over the copy at `root`, as `check` would do it.
fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        check_drafts: false,
        strict: false,
    }
}

const KEYS: &[&str] = &[
    "chang2012",
    "nemours-evidence",
    "koh2020",
    "hanleybrown2012",
];
const TEMPLATES: &[&str] = &[
    "base.html",
    "page.html",
    "case_study.html",
    "macros.html",
    "term.html",
];

#[test]
fn rebuilds_after_random_edits_equal_clean_builds_and_reuse_the_rest() {
    let dir = site();
    let root = dir.path();
    let options = options(root);
    let mut cache = Cache::incremental();
    cache.defer_search = true;
    let first = pipeline::run_cached(&options, &mut cache);
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    let originals: Vec<(PathBuf, String)> = markdown_files(root)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(root.join(&p)).unwrap();
            (p, text)
        })
        .collect();
    let mut rng = Rng(0x1ec2_2026);
    let mut new_pages = 0;
    let mut fast = 0;
    let mut deferred = 0;
    for step in 0..24 {
        let pages = markdown_files(root);
        let page = rng.pick(&pages).clone();
        // Appending text (the fast path's case) is drawn more often than the other kinds.
        let kind = match rng.below(17) {
            k @ 0..=13 => k,
            _ => 0,
        };
        let mut changed = vec![page.clone()];
        let what = match kind {
            0 => {
                append(root, &page, "\n\nOne more sentence for the test.\n");
                "append a paragraph"
            }
            1 => {
                replace_once(root, &page, "title = \"", "title = \"Renamed ");
                "rename a page (title)"
            }
            2 => {
                let target = rng.pick(&pages);
                let target = target.strip_prefix("content").unwrap().display();
                append(root, &page, &format!("\n\nSee [this page](@/{target}).\n"));
                "add a link"
            }
            3 => {
                let key = rng.pick(KEYS);
                append(root, &page, &format!("\n\nAs the sources say [@{key}].\n"));
                "add a citation"
            }
            4 => {
                replace_once(root, &page, "summary = \"", "summary = \"In short: ");
                "change a summary"
            }
            5 => {
                let name = rng.pick(TEMPLATES);
                let path = root.join("themes/default/templates").join(name);
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, format!("{text}{{# edit {step} #}}<!-- {step} -->\n"))
                    .unwrap();
                changed = vec![Path::new("themes/default/templates").join(name)];
                "edit a template"
            }
            6 => {
                new_pages += 1;
                let rel = PathBuf::from(format!("content/glossary/new-term-{new_pages}.md"));
                changed = vec![rel.clone()];
                std::fs::write(
                    root.join(&rel),
                    format!("+++\ntitle = \"Learning collaborative {new_pages}\"\nsummary = \"A made-up term for the test.\"\n+++\nIt links to [integrators](@/glossary/integrator.md).\n"),
                )
                .unwrap();
                "add a glossary term"
            }
            7 => {
                let (p, text) = rng.pick(&originals);
                std::fs::write(root.join(p), text).unwrap();
                changed = vec![p.clone()];
                "restore a file"
            }
            8 => {
                replace_once(
                    root,
                    Path::new("bibliography/references.bib"),
                    "title = {",
                    "title = {Revised ",
                );
                changed = vec!["bibliography/references.bib".into()];
                "edit a bibliography entry"
            }
            9 => {
                replace_once(root, &page, "\n## ", "\n## Renamed: ");
                "rename a heading"
            }
            10 => {
                // The start of the body: its first paragraph, shown in listings and feeds.
                let text = std::fs::read_to_string(root.join(&page)).unwrap();
                let body = text.splitn(3, "+++\n").nth(2).unwrap_or("").to_string();
                std::fs::write(
                    root.join(&page),
                    text.replacen(&body, &format!("Opening words. {body}"), 1),
                )
                .unwrap();
                "edit the first paragraph"
            }
            11 | 12 => {
                // Somewhere in the middle: often a passage quoted on a function's page.
                let text = std::fs::read_to_string(root.join(&page)).unwrap();
                let at = text.len() / 2;
                let at = (at..text.len())
                    .find(|i| text.is_char_boundary(*i) && text[*i..].starts_with(' '))
                    .unwrap_or(text.len());
                std::fs::write(
                    root.join(&page),
                    format!("{} indeed{}", &text[..at], &text[at..]),
                )
                .unwrap();
                "edit the middle of a page"
            }
            _ => {
                replace_once(
                    root,
                    Path::new("brightspot.toml"),
                    "title = \"",
                    "title = \"New ",
                );
                changed = vec!["brightspot.toml".into()];
                "edit the config"
            }
        };
        // What `serve` passes: the paths the watcher reported.
        let incremental = pipeline::run_incremental(&options, &mut cache, Some(&changed));
        let was_fast = incremental
            .timings
            .iter()
            .all(|(stage, _)| *stage != "resolve");
        fast += usize::from(was_fast);
        // As in `serve`: the fast path leaves the search index for right after.
        deferred += usize::from(pipeline::search_pending(&cache));
        let files =
            pipeline::finish_search(&mut cache).unwrap_or_else(|| incremental.files.clone());
        let clean = pipeline::run(&options);
        assert_eq!(
            messages(&incremental),
            messages(&clean),
            "step {step} ({what}, {}): diagnostics differ",
            page.display()
        );
        assert!(
            files_of(&files) == files_of(&clean.files),
            "step {step} ({what}, {}): the rebuild differs from a clean build in {:?}",
            page.display(),
            files_of(&files)
                .iter()
                .zip(files_of(&clean.files))
                .find(|(a, b)| **a != *b)
                .map(|(a, _)| a.0)
        );
        // A one-page edit that changes nothing other pages show renders that page alone; one
        // that changes its reading time (shown in listings) still leaves most work reused.
        if kind == 0 && !incremental.has_errors() {
            let r = incremental.reuse;
            if was_fast {
                // A chapter's edit also renders the whole-paper page, which shows every chapter.
                let outputs = if page.starts_with("content/paper") {
                    2
                } else {
                    1
                };
                assert_eq!(
                    (r.bodies_rendered, r.outputs_rendered),
                    (1, outputs),
                    "step {step}"
                );
            } else {
                assert!(
                    r.outputs_rendered * 4 < r.outputs_reused,
                    "step {step}: {r:?}"
                );
                assert!(r.bodies_rendered <= 3, "step {step}: {r:?}");
            }
        }
    }
    // Body edits that change nothing shown elsewhere took the fast path (no resolve stage).
    assert!(fast >= 2, "the fast path was taken {fast} times");
    assert_eq!(
        deferred, fast,
        "every fast rebuild left the search index for after"
    );
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

/// What a load found, as comparable text: every file's path and contents, the config's text.
fn summary(s: &brightspot::load::Sources) -> Vec<String> {
    let texts = |name: &str, files: &[brightspot::load::TextFile]| -> Vec<String> {
        files
            .iter()
            .map(|f| format!("{name} {} {}", f.path.display(), f.text))
            .collect()
    };
    let mut out = vec![s.config_file.text.to_string()];
    out.extend(texts("content", &s.content));
    out.extend(texts("data", &s.data));
    out.extend(texts("bib", &s.bibliography));
    out.extend(texts("annotation", &s.annotations));
    out.extend(
        s.content_assets
            .iter()
            .map(|a| format!("asset {} {:?}", a.rel.display(), a.bytes)),
    );
    out.extend(
        s.templates
            .iter()
            .map(|(n, f)| format!("template {n} {}", f.text)),
    );
    out.extend(
        s.static_files
            .iter()
            .map(|a| format!("static {} {}", a.rel.display(), a.bytes.len())),
    );
    out
}

#[test]
fn reloading_the_changed_files_finds_what_a_fresh_load_finds() {
    use brightspot::load;
    let dir = site();
    let root = dir.path();
    let mut sources = load::load(root).unwrap();
    let mut rng = Rng(0x10ad_2026);
    let candidates = [
        "content/case-studies/sharswood-thrive.md",
        "content/case-studies/new-study.md",
        "content/glossary/zz-last.md",
        "content/aa-first/_index.md",
        "content/case-studies/figure.svg",
        "data/extra.toml",
        "bibliography/extra.bib",
        "bibliography/annotations/chang2012.md",
        "bibliography/annotations/deep/note.md",
        "bibliography/notes/ignored.bib",
        "content/.hidden.md",
    ];
    for step in 0..40 {
        let rel = PathBuf::from(rng.pick(&candidates));
        let path = root.join(&rel);
        let exists = path.exists();
        if exists && rng.below(3) == 0 {
            std::fs::remove_file(&path).unwrap();
        } else {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("step {step}\n")).unwrap();
        }
        let patched = load::reload(root, &sources, std::slice::from_ref(&rel))
            .unwrap_or_else(|| panic!("step {step}: {} refused", rel.display()));
        let fresh = load::load(root).unwrap();
        assert_eq!(
            summary(&patched),
            summary(&fresh),
            "step {step}: {}",
            rel.display()
        );
        sources = patched;
    }
    // Changes it cannot patch are refused, so the caller loads afresh.
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
