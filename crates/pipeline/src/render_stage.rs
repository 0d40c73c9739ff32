//! The render stage and what follows it in a full run: social images and icons, the pages, the
//! web editor, the search index and page, feeds and the offline files. Each output named only
//! once it is produced (by its hash) joins the output set here, so a collision is still caught.

use std::collections::BTreeMap;
use std::sync::Arc;

use content::bibliography::Styler;
use content::load;
use graph::outputs::OutputSet;
use graph::Graph;
use model::diagnostics::Diagnostic;
use model::output::{OutputFile, Sink};
use render::Templates;

use crate::cache::{Cache, StylerJob};
use crate::Outcome;

/// What the render stage reads and does not change.
pub(crate) struct Inputs<'a> {
    /// The resolved site.
    pub graph: &'a Graph,
    /// The parsed templates.
    pub templates: &'a Arc<Templates>,
    /// The loaded inputs (static files, the editor's files, archetypes).
    pub sources: &'a load::Sources,
    /// The citation styler, ready or still decoding.
    pub styler: StylerJob,
    /// Where a build writes pages as they are rendered.
    pub sink: Option<&'a dyn Sink>,
}

/// What the rest of the run keeps of the render stage.
pub(crate) struct RenderKept {
    /// Every asset's name in the site, for the fast path's renders.
    pub asset_names: BTreeMap<String, String>,
    /// The search files written, for the fast path to replace.
    pub search_paths: Vec<String>,
    /// The citation styler the render formatted with, once decoded.
    pub styler: Arc<Styler>,
}

/// Renders everything into `out.files`, registering in `planned` the outputs whose names are
/// known only now; `lap` records each part's time.
pub(crate) fn render_all(
    inputs: Inputs<'_>,
    mut assets: render::assets::Assets,
    planned: &mut OutputSet,
    cache: &mut Cache,
    out: &mut Outcome,
    lap: &mut impl FnMut(&'static str, &mut Outcome),
) -> RenderKept {
    let Inputs {
        graph,
        templates,
        sources,
        styler,
        sink,
    } = inputs;
    let mut search_paths = Vec::new();
    let styler = styler.join();
    let social = render::share::social::render(graph, templates, cache.social.as_mut());
    out.diagnostics.extend(social.problems);
    let (icons, problems) = render::share::icons::files(graph, &sources.static_files);
    out.diagnostics.extend(problems);
    // Social images are named by their hash and icons by what the favicon gives: their
    // paths join the set now they are known.
    let generated = social
        .files
        .iter()
        .map(|f| (f, "theme", "the social image"))
        .chain(icons.iter().map(|f| (f, "theme", "the site icons")));
    for (f, field, what) in generated {
        register(planned, &f.path, field, what, &mut out.diagnostics);
    }
    assets.files.extend(social.files);
    assets.names.extend(social.names);
    for f in &icons {
        assets.names.insert(f.path.clone(), f.path.clone());
    }
    assets.files.extend(icons);
    let mut asset_names = assets.names.clone();
    lap("share", out);
    let rendered = render::render(
        graph,
        templates,
        assets,
        &styler,
        cache.render.as_ref(),
        sink,
    );
    cache.keep_styler(styler.clone());
    // The previews file is named by its content: registered now it is known, and kept
    // among the names the fast path of `serve` renders with.
    if let Some(path) = &rendered.previews {
        register(
            planned,
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
    out.written = rendered.written;
    let editor = render::admin::EditorInputs {
        vendored: &sources.editor_files,
        archetypes: &sources.archetypes,
    };
    let (files, problems) = render::admin::files(graph, templates, &asset_names, &editor);
    out.diagnostics.extend(problems);
    // The vendored editor's folder is named by its hash: registered now it is known.
    for f in &files {
        register(
            planned,
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
    lap("render", out);
    if graph.config.search {
        let (files, problems) = search_outputs(graph, templates, &asset_names);
        search_paths = files.iter().map(|f| f.path.clone()).collect();
        // The index's folder is named by its content hash: registered now it is known.
        for f in &files {
            register(
                planned,
                &f.path,
                "search",
                "the search index",
                &mut out.diagnostics,
            );
        }
        out.files.extend(files);
        out.diagnostics.extend(problems);
        lap("search", out);
    }
    render::feeds::finish(graph, &mut out.files, &out.written);
    render::share::offline::refresh(graph, &mut out.files);
    // The offline page and the worker exist only when the site asks for them.
    for (path, what) in [
        (render::share::offline::PAGE, "the offline page"),
        (render::share::offline::WORKER, "the service worker"),
    ] {
        if out.files.iter().any(|f| f.path == path) {
            register(planned, path, "service_worker", what, &mut out.diagnostics);
        }
    }
    RenderKept {
        asset_names,
        search_paths,
        styler,
    }
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
pub(crate) fn register(
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
