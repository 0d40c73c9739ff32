//! What a run of the pipeline is asked to do ([`Options`]) and what it gives ([`Outcome`]).

use std::path::PathBuf;
use std::time::Duration;

use model::base_url::BaseUrl;
use model::cite_key::CiteKey;
use model::diagnostics::{Diagnostic, SourceMap};
use model::output::OutputFile;
use render::memo::Reuse;

use crate::summary;

/// What a run of the pipeline is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project root.
    pub root: PathBuf,
    /// Overrides `base_url` from the config (deploy previews).
    pub base_url: Option<BaseUrl>,
    /// Include drafts.
    pub drafts: bool,
    /// Check drafts too without publishing them (`check`): see
    /// [`graph::ResolveOptions::check_drafts`].
    pub check_drafts: bool,
    /// Page-weight budget overruns are errors, not warnings.
    pub strict: bool,
    /// Where the rendered pages go: kept, written or dropped.
    pub pages: Pages,
}

/// Where a run's rendered pages go.
#[derive(Debug, Clone, Default)]
pub enum Pages {
    /// Held in memory, in [`Outcome::files`] (`serve`, tests).
    #[default]
    Keep,
    /// Written into the output folder as they are rendered (`build`).
    Write(WriteTo),
    /// Rendered, checked and dropped (`check`), so that checking a site holds no more of it in
    /// memory than building it does (at 100,000 pages, 7.9 GB when they were kept).
    Drop,
}

impl Pages {
    /// Whether every rendered page stays in [`Outcome::files`] (the fast path of an
    /// incremental run reuses them); otherwise pages go through the build's sink.
    pub fn held(&self) -> bool {
        matches!(self, Pages::Keep)
    }
}

/// Where a build writes.
#[derive(Debug, Clone, Default)]
pub struct WriteTo {
    /// The folder named with `--output`; without one, the config's folder in the project.
    pub explicit: Option<PathBuf>,
}

/// The result of a run: the files to write (when there were no errors) and every problem.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The built site held in memory, in path order (a run that writes has written them).
    pub files: Vec<OutputFile>,
    /// The paths of the pages a run wrote (or, checking, dropped) as they were rendered, in
    /// order; not in `files`.
    pub written: Vec<String>,
    /// Why the output folder was refused, when the run was to write (nothing was written).
    pub refusal: Option<crate::write::Refusal>,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the inputs, for printing diagnostics.
    pub sources: SourceMap,
    /// Time spent in each stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// The output folder from the config, relative to the root.
    pub output_dir: Option<PathBuf>,
    /// Number of pages and sections rendered.
    pub page_count: usize,
    /// How many of those pages are drafts.
    pub draft_count: usize,
    /// Every external link, for `check --external` (never fetched by a build; full runs only).
    pub external_links: Vec<crate::external::ExternalLink>,
    /// What render reused from the cache's memo.
    pub reuse: Reuse,
    /// The heaviest case study against the page-weight budget, for `check` to report.
    pub page_weight: Option<String>,
    /// Every case study's weight, heaviest first (full runs only), for `check --summary`.
    pub weights: Vec<render::budget::PageWeight>,
    /// The page-weight budget of a case study, in KB.
    pub budget_kb: f64,
    /// What `check --summary` reports of each page (full runs only).
    pub pages: Vec<summary::PageFacts>,
}

impl Outcome {
    /// Whether any error (not just warnings) was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Each page's output, address, draft flag and cited keys, for the pull-request report.
pub(crate) fn page_facts(graph: &graph::Graph) -> Vec<summary::PageFacts> {
    let base = graph.config.base_path();
    graph
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut cites: Vec<CiteKey> = graph
                .texts(graph::NodeId::Page(graph::PageId(i)))
                .iter()
                .flat_map(|(a, _)| a.citations.iter())
                .flat_map(|c| c.items.iter().map(|item| item.key.clone()))
                .collect();
            cites.sort();
            cites.dedup();
            summary::PageFacts {
                output: p.permalink.output_file(),
                url: p.permalink.url(&base),
                file: p.page.file.clone(),
                draft: p.page.draft(),
                cites,
            }
        })
        .collect()
}

/// How many of the graph's pages are drafts.
pub(crate) fn draft_count(graph: &graph::Graph) -> usize {
    graph.pages.iter().filter(|p| p.page.draft()).count()
}
