//! The search index a fast rebuild left outdated, rebuilt off the edit path: [`start`] takes a
//! snapshot of what the index is built from, [`SearchJob::run`] builds it on any thread, and
//! [`install`] puts the result in place only if no run happened since (a newer edit supersedes
//! it; that run leaves the index pending again, so the next job covers it). `serve` runs the job
//! on its own thread, so an edit never waits for the index of the one before.

use std::collections::BTreeMap;
use std::sync::Arc;

use graph::Graph;
use model::output::OutputFile;
use render::Templates;

use super::Cache;

/// What the search index is built from, as of one run.
pub struct SearchJob {
    graph: Graph,
    templates: Arc<Templates>,
    asset_names: BTreeMap<String, String>,
    generation: u64,
}

/// A built search index, for [`install`].
pub struct SearchDone {
    /// The search stage's files; `None` when it reported problems.
    files: Option<Vec<OutputFile>>,
    generation: u64,
}

/// Takes the pending search index as a job, or `None` when nothing is pending.
pub fn start(cache: &mut Cache) -> Option<SearchJob> {
    if !std::mem::take(&mut cache.search_pending) {
        return None;
    }
    let last = cache.last.as_ref()?;
    Some(SearchJob {
        graph: last.graph.clone(),
        templates: last.templates.clone(),
        asset_names: last.asset_names.clone(),
        generation: cache.generation,
    })
}

impl SearchJob {
    /// Builds the index (seconds on a large site).
    pub fn run(self) -> SearchDone {
        let (files, problems) =
            crate::search_outputs(&self.graph, &self.templates, &self.asset_names);
        SearchDone {
            files: problems.is_empty().then_some(files),
            generation: self.generation,
        }
    }
}

/// Puts a finished index in place and returns the whole site with it (the files a clean build
/// of the same inputs writes). `None` when a run happened since the job started (its result is
/// outdated and dropped) or the index could not be built (the next run is then a full one,
/// which reports why).
pub fn install(cache: &mut Cache, done: SearchDone) -> Option<Vec<OutputFile>> {
    if done.generation != cache.generation {
        return None;
    }
    let Some(files) = done.files else {
        // Outdated search files must not outlive this.
        cache.last = None;
        return None;
    };
    let last = cache.last.as_mut()?;
    crate::incremental::put_search(last, files);
    Some(last.files.clone())
}
