//! The stages in order. Takes the project root and [`Options`]; gives an [`Outcome`]: the
//! files to write, every diagnostic and each stage's timing. `check` is this pipeline without
//! the [`write`]; `build` writes only when no error was found. A [`Cache`] kept between runs
//! (by `serve`) makes [`run_incremental`] redo only what changed ([`incremental`]).

pub mod external;
pub mod external_guard;
pub mod incremental;
pub mod search_job;
pub mod summary;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::incremental::Last;
use content::bibliography::Styler;
use content::load;
use graph::ResolveOptions;
use model::config::CitationStyle;
use model::diagnostics::{self, Diagnostic, SourceMap};
use model::output::OutputFile;
use render::memo::{Memo, Reuse};
use render::Templates;

/// What a run of the pipeline is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project root.
    pub root: PathBuf,
    /// Overrides `base_url` from the config (deploy previews).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Check drafts too without publishing them (`check`): see
    /// [`graph::ResolveOptions::check_drafts`].
    pub check_drafts: bool,
    /// Page-weight budget overruns are errors, not warnings.
    pub strict: bool,
}

/// The result of a run: the files to write (when there were no errors) and every problem.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The built site, in path order.
    pub files: Vec<OutputFile>,
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
    /// Every external link, for `check --external` (never fetched by a build).
    pub external_links: Vec<crate::external::ExternalLink>,
    /// What render reused from the cache's memo.
    pub reuse: Reuse,
    /// The heaviest case study against the page-weight budget, for `check` to report.
    pub page_weight: Option<String>,
    /// Every case study's weight, heaviest first (full runs only), for `check --summary`.
    pub weights: Vec<render::budget::PageWeight>,
    /// The page-weight budget of a case study, in KB.
    pub budget_kb: f64,
    /// What `check --summary` reports of each page.
    pub pages: Vec<summary::PageFacts>,
}

impl Outcome {
    /// Whether any error (not just warnings) was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What a long-running caller (`serve`) keeps between runs so that a rebuild redoes only what
/// changed: the parsed templates (reused while their texts are unchanged), the decoded citation
/// styler (reused while the style is the same) and, for an incremental cache, render's memo of
/// bodies and outputs. Reuse never changes the output: every reused piece is keyed by all it read.
#[derive(Default)]
pub struct Cache {
    templates: Option<(u64, Arc<Templates>)>,
    styler: Option<Arc<Styler>>,
    /// Render's memo; `None` when the caller does not rebuild (a one-off `build`).
    render: Option<Memo>,
    /// Validation's memo, likewise.
    validate: Option<content::Memo>,
    /// The last run's inputs, patched by the next run when it is told what changed.
    sources: Option<load::Sources>,
    /// The last good run's graph and outputs, for the fast path.
    last: Option<Last>,
    /// Let the fast path leave the search index to [`finish_search`] (`serve` shows the edited
    /// page first).
    pub defer_search: bool,
    /// The last run's search files are outdated until [`finish_search`] runs.
    search_pending: bool,
    /// Social images already drawn; `None` when the caller does not rebuild.
    social: Option<render::share::social::Memo>,
    /// Counts runs, so a search index built from an older run is known to be outdated
    /// ([`search_job::install`]).
    generation: u64,
    /// Content images already resized, by their bytes; `None` when the caller does not rebuild.
    images: Option<render::images::Memo>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("templates", &self.templates.as_ref().map(|t| t.0))
            .field("styler", &self.styler.as_ref().map(|s| s.kind))
            .field("render", &self.render)
            .finish()
    }
}

impl Cache {
    /// A cache for a caller that rebuilds after edits: later runs redo only what changed.
    pub fn incremental() -> Cache {
        Cache {
            render: Some(Memo::default()),
            validate: Some(content::Memo::default()),
            social: Some(Default::default()),
            images: Some(Default::default()),
            ..Cache::default()
        }
    }

    /// The styler for `style`: the kept one, or one decoded on another thread (decoding the CSL
    /// locales takes a noticeable part of a small build, so it overlaps validation).
    fn styler(&mut self, style: CitationStyle) -> StylerJob {
        match self.styler.take() {
            Some(s) if s.kind == style => StylerJob::Ready(s),
            _ => StylerJob::Decoding(
                style,
                std::thread::spawn(move || Arc::new(Styler::new(style))),
            ),
        }
    }

    fn templates(
        &mut self,
        files: &[(String, load::TextFile)],
    ) -> Result<Arc<Templates>, Vec<Diagnostic>> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (name, file) in files {
            name.hash(&mut h);
            file.path.hash(&mut h);
            file.text.hash(&mut h);
        }
        let key = h.finish();
        if let Some((k, t)) = &self.templates {
            if *k == key {
                return Ok(t.clone());
            }
        }
        let parsed = Arc::new(Templates::parse(files)?);
        self.templates = Some((key, parsed.clone()));
        Ok(parsed)
    }
}

/// A styler that is ready or being decoded.
enum StylerJob {
    Ready(Arc<Styler>),
    Decoding(CitationStyle, std::thread::JoinHandle<Arc<Styler>>),
}

impl StylerJob {
    fn join(self) -> Arc<Styler> {
        match self {
            StylerJob::Ready(s) => s,
            StylerJob::Decoding(style, handle) => handle
                .join()
                .unwrap_or_else(|_| Arc::new(Styler::new(style))),
        }
    }
}

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
        let production = std::mem::replace(&mut sources.config.base_url, url.clone());
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
    let images = render::images::process(&graph, cache.images.as_ref());
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

    let mut asset_names = std::collections::BTreeMap::new();
    let mut search_paths = Vec::new();
    match templates {
        Ok(templates) => {
            let styler = styler.join();
            let social = render::share::social::render(&graph, &templates, cache.social.as_ref());
            out.diagnostics.extend(social.problems);
            let (icons, problems) = render::share::icons::files(&graph, &sources.static_files);
            out.diagnostics.extend(problems);
            // Social images are named by their hash and icons by what the favicon gives: their
            // paths join the set now they are known.
            let generated = social
                .files
                .iter()
                .map(|f| (f, "theme", "the social image"))
                .chain(icons.iter().map(|f| (f, "theme", "the site icons")));
            for (f, field, what) in generated {
                register(&mut planned, &f.path, field, what, &mut out.diagnostics);
            }
            assets.files.extend(social.files);
            assets.names.extend(social.names);
            for f in &icons {
                assets.names.insert(f.path.clone(), f.path.clone());
            }
            assets.files.extend(icons);
            asset_names = assets.names.clone();
            lap("share", &mut out);
            let rendered =
                render::render(&graph, &templates, assets, &styler, cache.render.as_ref());
            cache.styler = Some(styler);
            // The previews file is named by its content: registered now it is known, and kept
            // among the names the fast path of `serve` renders with.
            if let Some(path) = &rendered.previews {
                register(
                    &mut planned,
                    path,
                    "bibliography",
                    "the link previews",
                    &mut out.diagnostics,
                );
                asset_names.insert(render::previews::NAME.to_string(), path.clone());
            }
            out.diagnostics.extend(rendered.problems);
            out.page_count = graph.pages.len() + graph.sections.len();
            out.files = rendered.files;
            let editor = render::admin::EditorInputs {
                vendored: &sources.editor_files,
                archetypes: &sources.archetypes,
            };
            let (files, problems) = render::admin::files(&graph, &templates, &asset_names, &editor);
            out.diagnostics.extend(problems);
            // The vendored editor's folder is named by its hash: registered now it is known.
            for f in &files {
                register(
                    &mut planned,
                    &f.path,
                    "editor",
                    "the web editor",
                    &mut out.diagnostics,
                );
            }
            out.files.extend(files);
            out.files.sort_by(|a, b| a.path.cmp(&b.path));
            out.reuse = rendered.reuse;
            if let Some(memo) = rendered.memo {
                cache.render = Some(memo);
            }
            lap("render", &mut out);
            if graph.config.search {
                let (files, problems) = search_outputs(&graph, &templates, &asset_names);
                search_paths = files.iter().map(|f| f.path.clone()).collect();
                // The index's folder is named by its content hash: registered now it is known.
                for f in &files {
                    if planned.contains(&f.path) {
                        continue;
                    }
                    let source = graph::outputs::Source::new(
                        model::config::CONFIG_FILE,
                        "search",
                        "the search index",
                    );
                    if let Err(d) = planned.file(&f.path, source) {
                        out.diagnostics.push(d);
                    }
                }
                out.files.extend(files);
                out.diagnostics.extend(problems);
                lap("search", &mut out);
            }
            render::feeds::finish(&graph, &mut out.files);
            render::share::offline::refresh(&graph, &mut out.files);
            // The offline page and the worker exist only when the site asks for them.
            for (path, what) in [
                (render::share::offline::PAGE, "the offline page"),
                (render::share::offline::WORKER, "the service worker"),
            ] {
                if out.files.iter().any(|f| f.path == path) {
                    register(
                        &mut planned,
                        path,
                        "service_worker",
                        what,
                        &mut out.diagnostics,
                    );
                }
            }
        }
        Err(problems) => {
            // Keep the styler for the next run, once it is decoded.
            cache.styler = Some(styler.join());
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
            .filter(|f| !planned.contains(&f.path))
            .map(|f| {
                Diagnostic::general(
                    None,
                    format!(
                        "internal error: brightspot wrote `{}` without registering it as an output path",
                        f.path
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
        out.files.clear();
    } else if cache.render.is_some() {
        cache.last = Some(Last {
            graph,
            files: out.files.clone(),
            diagnostics: out.diagnostics.clone(),
            taxonomies,
            asset_names,
            search_paths,
        });
    }
    out
}

/// Everything search adds to a site: the index stage's files and the `/search/` page rendered
/// from the view it hands over, with any problem. The full run and the deferred refresh
/// ([`incremental::refresh_search`]) alike use it.
pub fn search_outputs(
    graph: &graph::Graph,
    templates: &Templates,
    asset_names: &std::collections::BTreeMap<String, String>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (mut files, mut problems) = search::stage(graph);
    match render::search_page(graph, templates, asset_names, &search::page_view(graph)) {
        Ok(f) => files.push(f),
        Err(d) => problems.push(d),
    }
    (files, problems)
}

/// Registers `path`, an output named only once it is produced, in the output set (unless it is
/// already there), with any collision it causes.
fn register(
    planned: &mut graph::outputs::OutputSet,
    path: &str,
    field: &str,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if planned.contains(path) {
        return;
    }
    let source = graph::outputs::Source::new(model::config::CONFIG_FILE, field, what);
    if let Err(d) = planned.file(path, source) {
        problems.push(d);
    }
}

/// Whether the last run left the search index for [`finish_search`].
pub fn search_pending(cache: &Cache) -> bool {
    cache.search_pending
}

/// Rebuilds the search index a fast rebuild left outdated (see [`Cache::defer_search`]) and
/// returns the whole site with it: the files a clean build of the same inputs writes. `None`
/// when nothing was pending (or the index could not be built; the next full run reports why).
/// The same as [`search_job`]'s three steps on one thread.
pub fn finish_search(cache: &mut Cache) -> Option<Vec<OutputFile>> {
    let job = search_job::start(cache)?;
    search_job::install(cache, job.run())
}

/// The fast path of [`run_incremental`] (see [`crate::incremental`]), when the cache has what it
/// needs and the change allows it.
fn fast_path(options: &Options, cache: &mut Cache, changed: Option<&[PathBuf]>) -> Option<Outcome> {
    let changed = changed?;
    let Cache {
        templates: Some((_, templates)),
        styler: Some(styler),
        render: Some(memo),
        sources: Some(sources),
        last: Some(last),
        defer_search,
        search_pending,
        ..
    } = cache
    else {
        return None;
    };
    let fast = incremental::rebuild(
        &options.root,
        changed,
        last,
        sources,
        (templates, styler),
        memo,
        *defer_search,
    )?;
    *search_pending |= fast.search_pending;
    let graph = &last.graph;
    let out = Outcome {
        files: fast.files,
        diagnostics: last.diagnostics.clone(),
        sources: if last.diagnostics.is_empty() {
            SourceMap::default()
        } else {
            sources.source_map()
        },
        timings: fast.timings,
        output_dir: Some(graph.config.output_dir.clone()),
        page_count: graph.pages.len() + graph.sections.len(),
        draft_count: draft_count(graph),
        external_links: crate::external::collect(graph),
        reuse: fast.reuse,
        page_weight: None,
        weights: Vec::new(),
        budget_kb: graph.config.budget.case_study_kb,
        pages: page_facts(graph),
    };
    Some(out)
}

/// Each page's output, address, draft flag and cited keys, for the pull-request report.
fn page_facts(graph: &graph::Graph) -> Vec<summary::PageFacts> {
    let base = graph.config.base_path();
    graph
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut cites: Vec<String> = graph
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
fn draft_count(graph: &graph::Graph) -> usize {
    graph.pages.iter().filter(|p| p.page.draft()).count()
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

#[cfg(test)]
mod tests {
    use super::*;
    use content::load::TextFile;

    fn theme_templates() -> Vec<(String, TextFile)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
        let mut files: Vec<(String, TextFile)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                let text = std::fs::read_to_string(&p).unwrap();
                let path = Path::new("themes/default/templates").join(&name);
                (
                    name,
                    TextFile {
                        path,
                        text: text.into(),
                    },
                )
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    #[test]
    fn templates_are_reused_only_while_every_text_is_unchanged() {
        let mut cache = Cache::default();
        let files = theme_templates();
        let first = cache.templates(&files).unwrap();
        assert!(std::sync::Arc::ptr_eq(
            &first,
            &cache.templates(&files).unwrap()
        ));

        let mut edited = files.clone();
        let page = edited.iter_mut().find(|(n, _)| n == "page.html").unwrap();
        page.1.text = format!("{}\n<!-- edited -->\n", page.1.text).into();
        let second = cache.templates(&edited).unwrap();
        assert!(!std::sync::Arc::ptr_eq(&first, &second));

        // A broken template is reported, not cached over the last good parse's key.
        let mut broken = files.clone();
        broken[0].1.text = "{% if %}".into();
        assert!(cache.templates(&broken).is_err());
        assert!(std::sync::Arc::ptr_eq(
            &second,
            &cache.templates(&edited).unwrap()
        ));
    }

    #[test]
    fn the_kept_styler_is_used_only_for_its_own_style() {
        let mut cache = Cache::default();
        let apa = cache.styler(CitationStyle::Apa).join();
        cache.styler = Some(apa.clone());
        let again = cache.styler(CitationStyle::Apa).join();
        assert!(
            Arc::ptr_eq(&apa, &again),
            "the same style reuses the decoded styler"
        );
        cache.styler = Some(again);
        // The config now names another style: that one is decoded, the old one dropped.
        let other = cache.styler(CitationStyle::Ama).join();
        assert_eq!(other.kind, CitationStyle::Ama);
        assert!(cache.styler.is_none());
    }
}
