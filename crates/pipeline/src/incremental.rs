//! The fast path of a rebuild in `serve`: an edit of page bodies that changes nothing any other
//! output shows.
//!
//! Every output other than a page's own reads only a page's public face, its
//! [`content::PageSignature`], computed at validation. When every changed file is a page whose
//! signature is equal to the last one's, the last graph is patched with the re-validated pages
//! and only those pages are rendered (plus the search index, which reads every body); otherwise
//! the caller runs the whole memoised pipeline. Either way the result equals a clean build:
//! `tests/incremental_props.rs` checks it after random sequences of edits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use content::{bibliography::Styler, load};
use content::{Page, Taxonomy};
use graph::{Graph, PageId};
use model::diagnostics::Diagnostic;
use model::output::OutputFile;
use render::memo::{Memo, Reuse};
use render::Templates;

/// What a good run leaves for the next one's fast path.
pub struct Last {
    /// The resolved site.
    pub graph: Graph,
    /// Every output file, in path order.
    pub files: Vec<OutputFile>,
    /// Warnings of the run (a run with errors leaves no `Last`).
    pub diagnostics: Vec<Diagnostic>,
    /// The vocabularies pages are validated against.
    pub taxonomies: Vec<Taxonomy>,
    /// Fingerprinted asset names.
    pub asset_names: BTreeMap<String, String>,
    /// The paths the search stage wrote.
    pub search_paths: Vec<String>,
    /// The templates the run rendered with.
    pub templates: Arc<Templates>,
    /// The citation styler it formatted with.
    pub styler: Arc<Styler>,
}

/// The result of a fast rebuild.
pub struct Fast {
    /// Every output file, in path order.
    pub files: Vec<OutputFile>,
    /// Stage timings.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// What render reused.
    pub reuse: Reuse,
    /// The search files are the last run's: the caller runs [`refresh_search`] next.
    pub search_pending: bool,
}

/// Rebuilds after `changed` (paths relative to the root) on the fast path, patching `last`,
/// `sources` and `memo`. With `defer_search`, the search index is left for [`refresh_search`],
/// so the edited page can be shown before it is rebuilt; otherwise it is rebuilt here. `None`
/// when the change needs the full pipeline; then only `sources` may have been patched already,
/// which the caller's own patch with the same paths repeats harmlessly.
pub fn rebuild(
    root: &std::path::Path,
    changed: &[PathBuf],
    last: &mut Last,
    sources: &mut load::Sources,
    memo: &mut Memo,
    defer_search: bool,
) -> Option<Fast> {
    // The last good run's: a change to a template or the style never takes this path.
    let (templates, styler) = (last.templates.clone(), last.styler.clone());
    let mut clock = Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str, timings: &mut Vec<_>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    // Only page files (not sections) that existed and still exist, with no problem reported
    // last time (their positions would have moved).
    let mut targets: Vec<(PageId, PathBuf)> = Vec::new();
    for rel in changed {
        let is_page = rel.starts_with("content")
            && rel.extension().is_some_and(|e| e == "md")
            && rel.file_name().is_some_and(|n| n != "_index.md")
            && root.join(rel).is_file();
        let id = is_page
            .then(|| last.graph.pages.iter().position(|p| &p.page.file == rel))
            .flatten()?;
        if last
            .diagnostics
            .iter()
            .any(|d| d.file.as_ref() == Some(rel))
        {
            return None;
        }
        targets.push((PageId(id), rel.clone()));
    }
    if targets.is_empty() {
        return None;
    }
    if !load::patch(root, sources, changed) {
        return None;
    }
    lap("load", &mut timings);

    let mut pages: Vec<(PageId, Page)> = Vec::new();
    for (id, rel) in &targets {
        let old = &last.graph.page(*id).page;
        let i = sources
            .content
            .binary_search_by(|f| f.path.as_path().cmp(rel))
            .ok()?;
        let new = content::validate_page(
            &sources.content[i],
            old.content_path.clone(),
            old.section_dir.clone(),
            old.bundle,
            old.page_type(),
            &last.taxonomies,
        )
        .ok()?;
        // A page that now has a problem (a malformed citation, raw HTML the sanitiser drops)
        // goes the full way, which reports it.
        if old.signature != new.signature || !new.markdown_problems().is_empty() {
            return None;
        }
        pages.push((*id, new));
    }
    for (id, page) in pages {
        last.graph.pages[id.0].page = page;
    }
    lap("validate", &mut timings);

    let ids: Vec<PageId> = targets.iter().map(|(id, _)| *id).collect();
    let rendered = render::render_pages(
        &last.graph,
        &templates,
        &last.asset_names,
        &styler,
        memo,
        &ids,
    );
    if !rendered.problems.is_empty() {
        return None;
    }
    replace(&mut last.files, rendered.files);
    lap("render", &mut timings);

    let search_pending = last.graph.config.search && defer_search;
    if last.graph.config.search && !defer_search {
        refresh_search(last, &templates)?;
        lap("search", &mut timings);
    }
    Some(Fast {
        files: last.files.clone(),
        timings,
        reuse: rendered.reuse,
        search_pending,
    })
}

/// Rebuilds the search index (and page) of `last.graph` into `last.files`. Every shard holds
/// BM25 scores that depend on every document's length, so the index is rebuilt whole.
pub fn refresh_search(last: &mut Last, templates: &Templates) -> Option<()> {
    let (files, problems) = crate::search_outputs(&last.graph, templates, &last.asset_names);
    if !problems.is_empty() {
        return None;
    }
    put_search(last, files);
    Some(())
}

/// Puts freshly built search files in place of the last run's.
pub fn put_search(last: &mut Last, files: Vec<OutputFile>) {
    last.files.retain(|f| !last.search_paths.contains(&f.path));
    last.search_paths = files.iter().map(|f| f.path.clone()).collect();
    last.files.extend(files);
    last.files.sort_by(|a, b| a.path.cmp(&b.path));
    // The worker's version covers the search folder's new hash.
    render::share::offline::refresh(&last.graph, &mut last.files);
}

/// Puts each of `fresh` in place of the file of the same path in `files` (sorted by path).
fn replace(files: &mut Vec<OutputFile>, fresh: Vec<OutputFile>) {
    for f in fresh {
        match files.binary_search_by(|x| x.path.cmp(&f.path)) {
            Ok(i) => files[i] = f,
            Err(i) => files.insert(i, f),
        }
    }
}
