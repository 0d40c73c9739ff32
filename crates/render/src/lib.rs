//! Stage 4, render. Takes the [`Graph`], the parsed [`Templates`] and a citation styler; gives
//! the site's output files (pages, listings, taxonomy and bibliography pages, feeds, assets)
//! and every problem found, rendered in parallel through the tera templates. It reads only the
//! graph and the templates, and returns files without touching the disk, except that each page
//! goes to the caller's [`Sink`] when one is given (a build writes pages as they are rendered).

pub mod admin;
pub mod assets;
mod browse;
pub mod budget;
pub mod context;
mod evidence;
pub mod feeds;
pub mod images;
mod map;
pub mod memo;
mod pages;
pub mod previews;
mod print;
mod references;
mod renderer;
mod resolver;
mod scholar;
pub mod search_page;
pub mod share;
mod taxonomy;
pub mod templates;

use renderer::Renderer;
pub use resolver::{GlossaryForm, GraphResolver};
pub use search_page::search_page;

use rayon::prelude::*;

use content::bibliography::Styler;
use graph::{Graph, PageId, SectionId};
use memo::{Memo, Session};
use model::diagnostics::Diagnostic;
use model::output::{OutputFile, Put, Sink};
use std::collections::BTreeMap;
pub use templates::Templates;

/// What render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every output file kept in memory, in path order.
    pub files: Vec<OutputFile>,
    /// The paths of the files the sink wrote, in order.
    pub written: Vec<String>,
    /// Template failures.
    pub problems: Vec<Diagnostic>,
    /// The memo for the next render, when this one was given one.
    pub memo: Option<Memo>,
    /// What the memo saved.
    pub reuse: memo::Reuse,
    /// The path of the link previews file, when this render wrote one (its name joins the
    /// assets as [`previews::NAME`]).
    pub previews: Option<String>,
}

/// Renders every page, listing, taxonomy page, bibliography page and asset (the sitemap, feed and
/// robots.txt come after search, from [`feeds::finish`]). With a memo (`serve`), work whose
/// inputs are unchanged since the memo's render is reused; the files are the same either way.
/// With a `sink`, every page, listing, taxonomy and bibliography page is handed to it as soon as
/// it is rendered, from the rendering thread.
pub fn render(
    graph: &Graph,
    templates: &Templates,
    assets: assets::Assets,
    styler: &Styler,
    memo: Option<&Memo>,
    sink: Option<&dyn Sink>,
) -> Rendered {
    let r = Renderer::new(
        graph,
        templates,
        &assets.names,
        styler,
        memo.map(Session::new),
    );
    let pages = (0..graph.pages.len()).into_par_iter().map(|i| {
        let mut files = r.page(PageId(i));
        files.extend(r.share_files(PageId(i)));
        files
    });
    let sections = (0..graph.sections.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            std::iter::once(r.section(SectionId(i))).chain(r.whole_paper(SectionId(i)))
        });
    let terms = graph
        .taxonomies
        .par_iter()
        .enumerate()
        .flat_map(|(t, tax)| {
            let terms: Vec<usize> = (0..tax.terms.len()).filter(|i| tax.publishes(*i)).collect();
            terms
                .into_par_iter()
                .map(move |i| (t, Some(i)))
                .chain(rayon::iter::once((t, None)))
        })
        .map(|(t, term)| r.taxonomy(t, term));
    let entries = (0..graph.bibliography.entries.len())
        .into_par_iter()
        .flat_map_iter(|i| r.reference_page(i));
    let results: Vec<Result<Put, Diagnostic>> = pages
        .flat_map_iter(|files| files)
        .chain(sections)
        .chain(terms)
        .chain(entries)
        .chain(rayon::iter::once(r.not_found()))
        .map(|res| res.and_then(|f| put(sink, f)))
        .collect();

    let mut files = assets.files;
    let previews = r.site.previews.as_ref().map(|f| f.path.clone());
    files.extend(r.site.previews.clone());
    let mut problems = Vec::new();
    let mut written = Vec::new();
    for res in results {
        match res {
            Ok(Put::Kept(f)) => files.push(f),
            Ok(Put::Written(w)) => written.push(w),
            Err(d) => problems.push(d),
        }
    }
    written.sort();
    if graph.config.service_worker && templates.has("offline.html") {
        match r.offline_page() {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    match r.evidence_map() {
        Ok(f) => files.push(f),
        Err(d) => problems.push(d),
    }
    match r.bibliography_index() {
        Ok(index) => files.extend(index),
        Err(d) => problems.push(d),
    }
    if let Some(handout) = r.handout() {
        match handout {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    // The redirect pages of short links and aliases, and the host's redirect rules.
    files.extend(share::redirect_pages(graph));
    files.extend(share::redirect_rules(graph));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let (memo, reuse) = match r.session {
        Some(s) => {
            let (m, reuse) = s.finish();
            (Some(m), reuse)
        }
        None => (None, memo::Reuse::default()),
    };
    Rendered {
        files,
        written,
        problems,
        memo,
        reuse,
        previews,
    }
}

/// Hands `file` to `sink` (kept in memory when there is none); a failed write is a problem of
/// the run, so the build stops and the previous output stays.
fn put(sink: Option<&dyn Sink>, file: OutputFile) -> Result<Put, Diagnostic> {
    let Some(sink) = sink else {
        return Ok(Put::Kept(file));
    };
    let path = file.path.clone();
    sink.put(file).map_err(|e| {
        Diagnostic::general(
            None,
            format!("cannot write `{path}` into the output being built: {e}"),
        )
    })
}

/// Renders only `pages` (each page's files, and the whole-paper page of their section when they
/// are chapters), through `memo`, which keeps its other entries: for an edit that changed
/// nothing any other output shows but the whole paper (see `pipeline::incremental`).
pub fn render_pages(
    graph: &Graph,
    templates: &Templates,
    asset_names: &BTreeMap<String, String>,
    styler: &Styler,
    memo: &mut Memo,
    pages: &[PageId],
) -> Rendered {
    let r = Renderer::new(
        graph,
        templates,
        asset_names,
        styler,
        Some(Session::new(memo)),
    );
    let mut files = Vec::new();
    let mut problems = Vec::new();
    // The whole-paper page shows every chapter's body: rendered again with its chapters.
    let mut sections: Vec<SectionId> = pages.iter().map(|id| graph.page(*id).section).collect();
    sections.sort_unstable();
    sections.dedup();
    let papers = sections.into_iter().filter_map(|s| r.whole_paper(s));
    for res in pages.iter().flat_map(|id| r.page(*id)).chain(papers) {
        match res {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    let (fresh, reuse) = r.session.map(Session::finish).unwrap_or_default();
    memo.extend(fresh);
    Rendered {
        files,
        problems,
        reuse,
        ..Rendered::default()
    }
}
