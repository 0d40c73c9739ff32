//! Stage 4, render. Takes the [`Graph`], the parsed [`Templates`] and a citation styler; gives
//! the site's output files (pages, listings, taxonomy and bibliography pages, feeds, assets)
//! and every problem found, rendered in parallel through the tera templates. Pure: it reads
//! only the graph and the templates, and returns files without touching the disk.

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
mod resolver;
mod scholar;
pub mod search_page;
pub mod share;
mod taxonomy;
pub mod templates;

use resolver::glossary_forms;
pub use resolver::{GlossaryForm, GraphResolver};
pub use search_page::search_page;

use rayon::prelude::*;
use tera::Context;

use content::bibliography::Styler;
use context::SiteView;
use graph::{Graph, PageId, SectionId};
use memo::{Memo, Session};
use model::config::CitationStyle;
use model::diagnostics::Diagnostic;
use model::fingerprint::{fingerprint_of, Fingerprint, Hasher};
use model::output::OutputFile;
use std::collections::BTreeMap;
use std::sync::Arc;
pub use templates::Templates;

/// What render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every output file, in path order.
    pub files: Vec<OutputFile>,
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
pub fn render(
    graph: &Graph,
    templates: &Templates,
    assets: assets::Assets,
    styler: &Styler,
    memo: Option<&Memo>,
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
    let results: Vec<Result<OutputFile, Diagnostic>> = pages
        .flat_map_iter(|files| files)
        .chain(sections)
        .chain(terms)
        .chain(entries)
        .chain(rayon::iter::once(r.not_found()))
        .collect();

    let mut files = assets.files;
    let previews = r.previews.as_ref().map(|f| f.path.clone());
    files.extend(r.previews.clone());
    let mut problems = Vec::new();
    for res in results {
        match res {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
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
        problems,
        memo,
        reuse,
        previews,
    }
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
        memo: None,
        reuse,
        previews: None,
    }
}

/// Everything the per-output render functions share; immutable (the memo session locks), so
/// they run in parallel.
struct Renderer<'a> {
    graph: &'a Graph,
    templates: &'a Templates,
    /// The site's citation style.
    styler: &'a Styler,
    /// APA for "cite this page", when the site's style is another.
    apa: Option<Styler>,
    /// Every entry formatted in the site's style, by key.
    formatted: std::collections::BTreeMap<String, String>,
    /// Every entry formatted in APA when the site's style is another.
    formatted_apa: std::collections::BTreeMap<String, String>,
    /// The context every template starts from (`site`).
    base: Context,
    /// The glossary's written forms, for linking first uses.
    glossary: Vec<GlossaryForm>,
    /// The last render's work, when rendering for `serve`.
    session: Option<Session<'a>>,
    /// Fingerprint of the `site` values every template gets (zero without a session).
    site_fp: Fingerprint,
    /// Fingerprint of the glossary forms (zero without a session).
    glossary_fp: Fingerprint,
    /// Asset name → written path, social images included.
    asset_names: BTreeMap<String, String>,
    /// The link previews file, when this render makes it (not when the names already have it).
    previews: Option<OutputFile>,
    /// The URLs pages with previews load, when the theme has the script and there is data.
    preview_urls: Option<context::PreviewsView>,
}

impl<'a> Renderer<'a> {
    /// Everything the outputs share: the `site` values, the formatted bibliography, the glossary,
    /// and the memo session with its fingerprints.
    fn new(
        graph: &'a Graph,
        templates: &'a Templates,
        asset_names: &BTreeMap<String, String>,
        styler: &'a Styler,
        session: Option<Session<'a>>,
    ) -> Self {
        let style = graph.config.bibliography.style;
        debug_assert_eq!(styler.kind, style);
        let apa = (style != CitationStyle::Apa).then(|| Styler::new(CitationStyle::Apa));
        let formatted = match &session {
            Some(session) => session.formatted(&graph.bibliography, styler, graph.base_url.path()),
            None => styler.all_references(&graph.bibliography, graph.base_url.path()),
        };
        let formatted_apa = apa
            .as_ref()
            .map(|a| a.all_references(&graph.bibliography, graph.base_url.path()))
            .unwrap_or_default();
        // The previews file follows from the formatted references: made here unless the names
        // already hold it (the fast path of `serve` renders with the last full run's names).
        let mut asset_names = asset_names.clone();
        let previews = match asset_names.contains_key(previews::NAME) {
            true => None,
            false => previews::file(graph, &formatted),
        };
        if let Some(f) = &previews {
            asset_names.insert(previews::NAME.to_string(), f.path.clone());
        }
        let site = SiteView::new(graph, &asset_names);
        let preview_urls = context::PreviewsView::new(&site.assets);
        let mut base = Context::new();
        base.insert("site", &site);
        let glossary = glossary_forms(graph);
        let (site_fp, glossary_fp) = match session {
            Some(_) => {
                let mut h = Hasher::default();
                h.write_json(&site);
                let mut g = Hasher::default();
                for f in &glossary {
                    g.write_str(&f.form);
                    g.write_str(&f.url);
                }
                (h.finish(), g.finish())
            }
            None => Default::default(),
        };
        Renderer {
            graph,
            templates,
            styler,
            apa,
            formatted,
            formatted_apa,
            base,
            glossary,
            session,
            site_fp,
            glossary_fp,
            asset_names,
            previews,
            preview_urls,
        }
    }

    /// Share cards for this render's outputs.
    fn cards(&self) -> share::Cards<'_> {
        share::Cards::new(self.graph, &self.asset_names)
    }

    /// Renders a Markdown fragment (a summary, a passage) of the page at `source_url` for
    /// showing on another page: citations are its own, relative URLs are made to point where
    /// they pointed on the source page.
    fn fragment(&self, md: &str, source_url: &str) -> String {
        let (key, text, salt) = match &self.session {
            Some(_) => (
                format!("fragment {source_url}\n{md}"),
                Arc::from(md),
                fingerprint_of(["fragment", source_url]),
            ),
            None => (String::new(), Arc::from(""), Fingerprint::default()),
        };
        let (body, _) = memo::body(
            self.session.as_ref(),
            &key,
            &text,
            salt,
            || {
                let analysis = markdown::analyze(md);
                let citations = analysis.citations.clone();
                (analysis, citations)
            },
            |citations| {
                let mut resolver = GraphResolver::new(self.graph, self.styler, citations);
                resolver.relative_base = Some(source_url.to_string());
                resolver
            },
            |analysis, resolver| {
                let out = markdown::render(md, &analysis, resolver);
                (vec![out.html], out.has_code)
            },
        );
        body.html[0].clone()
    }

    /// `ctx` with `previews`: the script's and the data's URLs when what it shows holds a link
    /// with a preview, else nothing (the page then loads no script for them).
    fn with_previews(&self, ctx: Context) -> Context {
        let Some(urls) = &self.preview_urls else {
            return ctx;
        };
        let json = ctx.into_json();
        let shows = previews::shows_previews(&json);
        let mut ctx = Context::from_value(json).unwrap_or_default();
        if shows {
            ctx.insert("previews", urls);
        }
        ctx
    }

    /// A fingerprint of what `f` feeds in, or None when not rendering for `serve`.
    fn fingerprint(&self, f: impl FnOnce(&mut Hasher)) -> Option<Fingerprint> {
        self.session.as_ref()?;
        let mut h = Hasher::default();
        h.write_fingerprint(&self.site_fp);
        f(&mut h);
        Some(h.finish())
    }

    /// Renders `template` with `ctx` (plus `site`) into `path`, or reuses the last render's
    /// bytes when the template and the context are unchanged; `label` names the output in errors.
    fn output(
        &self,
        path: String,
        template: &str,
        label: &str,
        ctx: Context,
    ) -> Result<OutputFile, Diagnostic> {
        let ctx = self.with_previews(ctx);
        let fp = self.fingerprint(|h| {
            h.write_str(template);
            h.write_fingerprint(&self.templates.fingerprint(template));
            h.write_json(&ctx.clone().into_json());
        });
        memo::output(self.session.as_ref(), path, fp, || {
            let mut ctx = ctx;
            ctx.extend(self.base.clone());
            self.templates.render(template, &ctx, label)
        })
    }
}
