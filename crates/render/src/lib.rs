//! Stage 4, render. Takes the [`Graph`], the parsed [`Templates`] and a citation styler; gives
//! the site's output files (pages, listings, taxonomy and bibliography pages, feeds, assets)
//! and every problem found, rendered in parallel through the tera templates. Pure: it reads
//! only the graph and the templates, and returns files without touching the disk.

pub mod assets;
mod browse;
pub mod context;
mod evidence;
pub mod feeds;
mod map;
pub mod memo;
mod pages;
mod references;
mod taxonomy;
pub mod templates;

use rayon::prelude::*;
use tera::Context;

use content::bibliography::style::{canonical, PageCitations};
use content::bibliography::Styler;
use context::SiteView;
use graph::{Graph, PageId, SectionId, TaxonomyNode};
use markdown::{Citation, Resolver};
use memo::{Memo, Session};
use model::config::CitationStyle;
use model::config::TaxonomyField;
use model::diagnostics::Diagnostic;
use model::fingerprint::{fingerprint_of, Fingerprint, Hasher};
use model::output::OutputFile;
use std::collections::BTreeMap;
use std::sync::Arc;
pub use templates::Templates;

/// Resolves links, citations and glossary terms against the graph while rendering one body of
/// Markdown.
pub struct GraphResolver<'a> {
    graph: &'a Graph,
    base_path: String,
    cites: PageCitations,
    glossary: &'a [GlossaryForm],
    /// The URL relative links are resolved against when a fragment is shown on another page.
    relative_base: Option<String>,
    /// Glossary pages already linked (or the page being rendered itself).
    linked: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

/// One written form of a glossary term (its title or an `also` form) and the term's page.
#[derive(Debug, Clone)]
pub struct GlossaryForm {
    /// The form, lowercase.
    pub form: String,
    /// The term page's URL.
    pub url: String,
}

/// Every glossary form of the site, longest first (so "population health integrator" wins over
/// "integrator").
fn glossary_forms(graph: &Graph) -> Vec<GlossaryForm> {
    if !graph.config.glossary_links {
        return Vec::new();
    }
    let base = graph.config.base_path();
    let mut forms: Vec<GlossaryForm> = graph
        .pages
        .iter()
        .filter_map(|p| match &p.page.kind {
            content::PageKind::Glossary(m) => Some((m, p.permalink.url(&base))),
            _ => None,
        })
        .flat_map(|(m, url)| {
            std::iter::once(&m.title)
                .chain(&m.also)
                .map(move |f| GlossaryForm {
                    form: f.to_lowercase(),
                    url: url.clone(),
                })
        })
        .filter(|f| !f.form.trim().is_empty())
        .collect();
    forms.sort_by(|a, b| {
        b.form
            .len()
            .cmp(&a.form.len())
            .then_with(|| a.form.cmp(&b.form))
    });
    forms
}

impl<'a> GraphResolver<'a> {
    /// A resolver for a body whose citations are `citations` (in document order), linking no
    /// glossary terms.
    pub fn new(graph: &'a Graph, styler: &Styler, citations: &[Citation]) -> Self {
        let base_path = graph.config.base_path();
        let cites = styler.page(&graph.bibliography, citations, &base_path);
        GraphResolver {
            graph,
            base_path,
            cites,
            glossary: &[],
            relative_base: None,
            linked: Default::default(),
        }
    }

    /// Also links the first use of each glossary term, except terms whose page is `own_url`.
    pub fn with_glossary(mut self, forms: &'a [GlossaryForm], own_url: &str) -> Self {
        self.glossary = forms;
        self.linked.borrow_mut().insert(own_url.to_string());
        self
    }

    /// The formatted reference list of the citations this resolver knows.
    pub fn references(&self) -> Vec<context::Reference> {
        self.cites
            .references
            .iter()
            .map(|(key, html)| context::Reference {
                key: key.clone(),
                html: html.clone(),
                url: format!("{}bibliography/{key}/", self.base_path),
            })
            .collect()
    }
}

impl Resolver for GraphResolver<'_> {
    fn link(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        let node = self.graph.lookup(path)?;
        let (_, permalink) = self.graph.title_and_link(node);
        let mut url = permalink.url(&self.base_path);
        // A term the author linked by hand counts as linked: no second, automatic link.
        self.linked.borrow_mut().insert(url.clone());
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Some(url)
    }

    fn citation(&self, citation: &Citation) -> Option<String> {
        self.cites.html.get(&canonical(citation)).cloned()
    }

    fn relative(&self, url: &str) -> Option<String> {
        let base = self.relative_base.as_deref()?;
        let is_relative = !url.starts_with(['/', '#']) && !url.contains(':');
        is_relative.then(|| join_url(base, url))
    }

    fn glossary_term(&self, text: &str) -> Option<(std::ops::Range<usize>, String)> {
        if self.glossary.is_empty() {
            return None;
        }
        // ASCII lowercasing keeps byte offsets, so ranges index the original text.
        let lower = text.to_ascii_lowercase();
        let mut linked = self.linked.borrow_mut();
        let best = self
            .glossary
            .iter()
            .filter(|f| !linked.contains(&f.url))
            .filter_map(|f| whole_word(&lower, &f.form).map(|at| (at, f)))
            .min_by_key(|(at, f)| (*at, std::cmp::Reverse(f.form.len())))?;
        let (at, form) = best;
        linked.insert(form.url.clone());
        Some((at..at + form.form.len(), form.url.clone()))
    }
}

/// `base` (a folder URL ending in `/`) joined with a relative `url`, `.` and `..` resolved.
fn join_url(base: &str, url: &str) -> String {
    let mut parts: Vec<&str> = base.trim_end_matches('/').split('/').collect();
    for seg in url.split('/') {
        match seg {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The first occurrence of `word` in `text` that is not part of a longer word.
fn whole_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let end = at + word.len();
        let before = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return Some(at);
        }
        from = at + word.chars().next().map_or(1, char::len_utf8);
    }
    None
}

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
}

/// Renders every page, listing, taxonomy page, feed and asset. With a memo (`serve`), work whose
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
    let pages = (0..graph.pages.len())
        .into_par_iter()
        .map(|i| r.page(PageId(i)));
    let sections = (0..graph.sections.len())
        .into_par_iter()
        .map(|i| r.section(SectionId(i)));
    let terms = graph
        .taxonomies
        .par_iter()
        .enumerate()
        .flat_map(|(t, tax)| {
            let terms: Vec<usize> = (0..tax.terms.len())
                .filter(|i| publishes(tax, *i))
                .collect();
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
    let mut problems = Vec::new();
    for res in results {
        match res {
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
    // The sitemap lists every page written (every `index.html` but the alias redirects), so no
    // kind of page is forgotten.
    files.extend(r.aliases());
    files.push(feeds::sitemap_for(graph, &files));
    files.push(feeds::robots(graph));
    if graph.config.feed {
        files.push(feeds::atom(graph));
    }
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
    }
}

/// Renders only `pages` (each page's files), through `memo`, which keeps its other entries: for
/// an edit that changed nothing any other output shows (see `pipeline::incremental`).
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
    for res in pages.iter().flat_map(|id| r.page(*id)) {
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
    }
}

/// Whether a term gets its own page: always for the functions and focus areas (their pages explain
/// the term), otherwise only when some page is tagged with it (no empty pages for 51 states).
fn publishes(tax: &TaxonomyNode, term: usize) -> bool {
    matches!(
        tax.taxonomy.config.field,
        TaxonomyField::Functions | TaxonomyField::FocusAreas
    ) || !tax.terms[term].pages.is_empty()
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
        let site = SiteView::new(graph, asset_names);
        let mut base = Context::new();
        base.insert("site", &site);
        let style = graph.config.bibliography.style;
        debug_assert_eq!(styler.kind, style);
        let apa = (style != CitationStyle::Apa).then(|| Styler::new(CitationStyle::Apa));
        let formatted = match &session {
            Some(session) => session.formatted(&graph.bibliography, styler, &graph.config),
            None => styler.all_references(&graph.bibliography, &graph.config.base_path()),
        };
        let formatted_apa = apa
            .as_ref()
            .map(|a| a.all_references(&graph.bibliography, &graph.config.base_path()))
            .unwrap_or_default();
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
        }
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
