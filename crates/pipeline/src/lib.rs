//! The stages in order. Takes the project root and [`Options`]; gives an [`Outcome`]: the
//! files to write, every diagnostic and each stage's timing. `check` and `serve` run it without
//! the [`write`] stage; `build` asks for it ([`Options::write`]): render writes pages into the
//! output being built as it produces them, and the folder is swapped in only when the run found
//! no error. A [`Cache`] kept between runs
//! (by `serve`) makes [`run_incremental`] redo only what changed ([`incremental`]).

mod cache;
pub mod external;
pub mod external_guard;
pub mod incremental;
mod outcome;
mod render_stage;
pub mod search_job;
pub mod summary;
pub mod write;

pub use cache::{finish_search, search_pending, Cache};
pub use outcome::{Options, Outcome, Pages, WriteTo};
pub use render_stage::search_outputs;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cache::fast_path;
use crate::incremental::Last;
use crate::outcome::{draft_count, page_facts};
use content::load;
use graph::ResolveOptions;
use model::diagnostics::{self, Diagnostic};

/// Runs load → validate → resolve → render, continuing past errors so that one run reports as
/// much as possible.
pub fn run(options: &Options) -> Outcome {
    run_cached(options, &mut Cache::default())
}

/// [`run`], reusing and refilling `cache`; the outcome is identical to [`run`]'s.
pub fn run_cached(options: &Options, cache: &mut Cache) -> Outcome {
    run_incremental(options, cache, None)
}

/// [`run_cached`] after the files at `changed` (relative to the root) changed and nothing else
/// did: only those are read again. `None` means "unknown": everything is read.
pub fn run_incremental(
    options: &Options,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
) -> Outcome {
    cache.generation += 1;
    if let Some(fast) = fast_path(options, cache, changed) {
        return fast;
    }
    // A failed run must not leave the fast path an outdated graph; this run builds the search
    // index itself.
    cache.last = None;
    cache.search_pending = false;
    let mut out = Outcome::default();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, out: &mut Outcome| {
        out.timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let patched = match (&cache.sources, changed) {
        (Some(previous), Some(changed)) => load::reload(&options.root, previous, changed),
        _ => None,
    };
    let loaded = match patched {
        Some(s) => Ok(s),
        None => load::load(&options.root),
    };
    let mut sources = match loaded {
        Ok(s) => s,
        Err((d, map)) => {
            cache.sources = None;
            out.diagnostics = d;
            out.sources = map;
            return out;
        }
    };
    if cache.validate.is_some() {
        cache.sources = Some(sources.clone());
    }
    if let Some(url) = &options.base_url {
        let production = std::mem::replace(&mut sources.config.base_url, url.to_string());
        sources.config.production_base_url = Some(production);
    }
    let style = sources.config.bibliography.style;
    let styler = cache.styler(style);
    out.output_dir = Some(sources.config.output_dir.clone());
    lap("load", &mut out);

    let (content, problems) = content::validate_with(&sources, cache.validate.as_mut());
    out.diagnostics.extend(problems);
    let templates = cache.templates(&sources.templates);
    lap("validate", &mut out);

    let taxonomies = content.taxonomies.clone();
    let (mut graph, problems) = graph::resolve(
        content,
        &sources.config,
        ResolveOptions {
            drafts: options.drafts,
            check_drafts: options.check_drafts,
        },
    );
    out.diagnostics.extend(problems);
    out.draft_count = draft_count(&graph);
    out.pages = page_facts(&graph);
    out.budget_kb = graph.config.budget.case_study_kb;
    out.external_links = crate::external::collect(&graph);
    lap("resolve", &mut out);

    // Assets are collected once: render writes them, the search page needs their names, and
    // their paths join every other output's in one set, checked before anything is rendered.
    let mut assets = render::assets::collect(&sources.static_files, &graph.assets);
    if graph.config.search {
        // Named here so every page's search box can fetch the runtime at once, beside search.js
        // and the manifest, instead of a round trip after the manifest names it.
        assets.names.insert(
            "search/runtime.wasm".into(),
            format!("search/{}", search::runtime_wasm_name()),
        );
    }
    let (mut planned, problems) =
        graph::paths::plan(&graph, &search::planned_paths(&graph), &assets.sources);
    out.diagnostics.extend(problems);
    // Links written as site addresses may name any output, so they are checked once every
    // output path is known.
    out.diagnostics
        .extend(graph::check_site_links(&graph, &planned));
    lap("paths", &mut out);

    // Images pages show are measured and resized before render, which writes them as pictures;
    // their files are named by their hashes, so they join the set now they are known.
    let images = render::images::process(&graph, cache.images.as_mut());
    out.diagnostics.extend(images.problems);
    graph.pictures = images.pictures;
    for f in &images.files {
        let source = graph::outputs::Source::new(
            std::path::Path::new("content").join(&f.path),
            "image",
            "a resized copy of an image",
        );
        if let Err(d) = planned.file(&f.path, source) {
            out.diagnostics.push(d);
        }
    }
    assets.files.extend(images.files);
    lap("images", &mut out);

    // A build writes pages into the output being built as render produces them, so a large
    // site is never whole in memory; the folder is swapped in at the end, if no error was found.
    // A run that has already found an error will not be written (and a path the plan refused
    // must not be tried): its pages are only dropped.
    let staging = match &options.pages {
        Pages::Write(to) if !out.has_errors() => begin_write(&options.root, to, &mut out),
        _ => None,
    };

    let mut asset_names = std::collections::BTreeMap::new();
    let mut search_paths = Vec::new();
    // What the fast path of the next run renders with.
    let mut rendered_with = None;
    match templates {
        Ok(templates) => {
            // A check drops what a build writes, through the same sink with no staging.
            let sink = (!options.pages.held()).then(|| write::PageSink {
                staging: staging.as_ref(),
                keep: render::budget::weighed(&graph),
            });
            let rendered = render_stage::render_all(
                render_stage::Inputs {
                    graph: &graph,
                    templates: &templates,
                    sources: &sources,
                    styler,
                    sink: sink.as_ref().map(|s| s as &dyn model::output::Sink),
                },
                assets,
                &mut planned,
                cache,
                &mut out,
                &mut lap,
            );
            asset_names = rendered.asset_names;
            search_paths = rendered.search_paths;
            rendered_with = Some((templates, rendered.styler));
        }
        Err(problems) => {
            // Keep the styler for the next run, once it is decoded.
            cache.keep_styler(styler.join());
            out.diagnostics.extend(problems);
            lap("render", &mut out);
        }
    }

    if !out.files.is_empty() {
        let weights = render::budget::weigh(&graph, &out.files);
        out.diagnostics
            .extend(render::budget::check(&graph, &weights, options.strict));
        out.page_weight = render::budget::summary(&graph, &weights);
        out.weights = weights;
        lap("budget", &mut out);
    }
    // Every file written must have been planned, or a collision could have gone unchecked.
    if !out.has_errors() {
        let unplanned: Vec<Diagnostic> = out
            .files
            .iter()
            .map(|f| &f.path)
            .chain(&out.written)
            .filter(|path| !planned.contains(path))
            .map(|path| {
                Diagnostic::general(
                    None,
                    format!(
                        "internal error: brightspot wrote `{path}` without registering it as an output path"
                    ),
                )
            })
            .collect();
        out.diagnostics.extend(unplanned);
    }
    diagnostics::sort(&mut out.diagnostics);
    // The source map quotes lines in diagnostics, including those `check --external` adds after
    // the run; only `serve`, rebuilding on every save, skips it when there is nothing to quote.
    if !out.diagnostics.is_empty() || cache.render.is_none() {
        out.sources = sources.source_map();
    }
    if out.has_errors() {
        // Dropping the staging removes what was written; the previous output stays.
        out.files.clear();
        out.written.clear();
        return out;
    }
    if let Some(staging) = staging {
        let dir = staging.out().to_path_buf();
        if let Err(e) = staging.finish(&out.files) {
            out.diagnostics.push(cannot_write(&dir, &e));
            out.files.clear();
            out.written.clear();
            return out;
        }
        lap("write", &mut out);
    }
    if let (Some(_), Some((templates, styler))) = (&cache.render, rendered_with) {
        cache.last = Some(Last {
            graph,
            files: out.files.clone(),
            diagnostics: out.diagnostics.clone(),
            taxonomies,
            asset_names,
            search_paths,
            templates,
            styler,
        });
    }
    out
}

/// Checks the output folder of a build and starts writing beside it. A refusal or a failure is
/// kept in `out`, and the run goes on without writing, so that it still reports every problem.
fn begin_write(root: &Path, to: &WriteTo, out: &mut Outcome) -> Option<write::Staging> {
    let dir = output_dir(root, to.explicit.as_deref(), out);
    if let Err(refusal) = write::check_output(root, &dir, to.explicit.is_some()) {
        out.refusal = Some(refusal);
        return None;
    }
    match write::Staging::begin(&dir) {
        Ok(staging) => Some(staging),
        Err(e) => {
            out.diagnostics.push(cannot_write(&dir, &e));
            None
        }
    }
}

/// The error of a build that could not write its output folder.
fn cannot_write(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::general(None, format!("cannot write {}: {e}", dir.display()))
}

/// The output folder for a run: `--output` if given, else the config's, relative to the root.
pub fn output_dir(root: &Path, explicit: Option<&Path>, outcome: &Outcome) -> PathBuf {
    match explicit {
        Some(p) => p.to_path_buf(),
        None => root.join(
            outcome
                .output_dir
                .clone()
                .unwrap_or_else(|| "public".into()),
        ),
    }
}
