//! The renderer every output kind's render shares: the graph and templates, the formatted
//! bibliography, the `site` values and asset names, the glossary's forms and the memo session,
//! with the helpers that turn a template and a context into an output file.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::Context;

use crate::context::{self, SiteView};
use crate::memo::{self, Session};
use crate::resolver::{glossary_forms, GlossaryForm, GraphResolver};
use crate::{previews, share, Templates};
use content::bibliography::Styler;
use graph::Graph;
use model::config::CitationStyle;
use model::diagnostics::Diagnostic;
use model::fingerprint::{fingerprint_of, Fingerprint, Hasher};
use model::output::OutputFile;

/// Everything the per-output render functions share; immutable (the memo session locks), so
/// they run in parallel. Each output kind's render is an `impl Renderer` in its own file
/// (`pages.rs`, `browse.rs`, `taxonomy.rs`, `references.rs`, `evidence.rs`, `print.rs`,
/// `share/links.rs`); what they share is grouped by what it is for.
pub(crate) struct Renderer<'a> {
    pub(crate) graph: &'a Graph,
    pub(crate) templates: &'a Templates,
    /// The bibliography as pages show it.
    pub(crate) refs: References<'a>,
    /// What every template gets and where the assets are.
    pub(crate) site: SiteShared,
    /// The glossary's forms, for linking first uses.
    pub(crate) glossary: Glossary,
    /// The last render's work, when rendering for `serve`.
    pub(crate) session: Option<Session<'a>>,
}

/// The bibliography as pages show it: the site's citation style with every entry formatted in
/// it, and APA with every entry for "cite this page" when the site's style is another.
pub(crate) struct References<'a> {
    /// The site's citation style.
    pub(crate) styler: &'a Styler,
    /// APA for "cite this page", when the site's style is another.
    pub(crate) apa: Option<Styler>,
    /// Every entry formatted in the site's style, by key.
    pub(crate) formatted: BTreeMap<String, String>,
    /// Every entry formatted in APA when the site's style is another.
    pub(crate) formatted_apa: BTreeMap<String, String>,
}

impl<'a> References<'a> {
    fn new(graph: &Graph, styler: &'a Styler, session: Option<&Session<'_>>) -> Self {
        let style = graph.config.bibliography.style;
        debug_assert_eq!(styler.kind, style);
        let base = graph.base_url.path();
        let apa = (style != CitationStyle::Apa).then(|| Styler::new(CitationStyle::Apa));
        let formatted = match session {
            Some(session) => session.formatted(&graph.bibliography, styler, base),
            None => styler.all_references(&graph.bibliography, base),
        };
        let formatted_apa = apa
            .as_ref()
            .map(|a| a.all_references(&graph.bibliography, base))
            .unwrap_or_default();
        References {
            styler,
            apa,
            formatted,
            formatted_apa,
        }
    }
}

/// What every template gets (`site`), where each asset was written, and the link previews.
pub(crate) struct SiteShared {
    /// The context every template starts from (`site`).
    pub(crate) base: Context,
    /// Fingerprint of the `site` values (zero without a session).
    pub(crate) fp: Fingerprint,
    /// Asset name → written path, social images included.
    pub(crate) asset_names: BTreeMap<String, String>,
    /// The link previews file, when this render makes it (not when the names already have it).
    pub(crate) previews: Option<OutputFile>,
    /// The URLs pages with previews load, when the theme has the script and there is data.
    pub(crate) preview_urls: Option<context::PreviewsView>,
}

impl SiteShared {
    fn new(
        graph: &Graph,
        asset_names: &BTreeMap<String, String>,
        formatted: &BTreeMap<String, String>,
        fingerprinted: bool,
    ) -> Self {
        // The previews file follows from the formatted references: made here unless the names
        // already hold it (the fast path of `serve` renders with the last full run's names).
        let mut asset_names = asset_names.clone();
        let previews = match asset_names.contains_key(previews::NAME) {
            true => None,
            false => previews::file(graph, formatted),
        };
        if let Some(f) = &previews {
            asset_names.insert(previews::NAME.to_string(), f.path.clone());
        }
        let site = SiteView::new(graph, &asset_names);
        let preview_urls = context::PreviewsView::new(&site.assets);
        let mut base = Context::new();
        base.insert("site", &site);
        let fp = match fingerprinted {
            true => {
                let mut h = Hasher::default();
                h.write_json(&site);
                h.finish()
            }
            false => Fingerprint::default(),
        };
        SiteShared {
            base,
            fp,
            asset_names,
            previews,
            preview_urls,
        }
    }
}

/// The glossary's written forms, for linking a term's first use on a page.
pub(crate) struct Glossary {
    /// Each form and the term's URL.
    pub(crate) forms: Vec<GlossaryForm>,
    /// Their fingerprint (zero without a session).
    pub(crate) fp: Fingerprint,
}

impl Glossary {
    fn new(graph: &Graph, fingerprinted: bool) -> Self {
        let forms = glossary_forms(graph);
        let fp = match fingerprinted {
            true => {
                let mut g = Hasher::default();
                for f in &forms {
                    g.write_str(&f.form);
                    g.write_str(&f.url);
                }
                g.finish()
            }
            false => Fingerprint::default(),
        };
        Glossary { forms, fp }
    }
}

impl<'a> Renderer<'a> {
    /// Everything the outputs share: the `site` values, the formatted bibliography, the glossary,
    /// and the memo session with its fingerprints.
    pub(crate) fn new(
        graph: &'a Graph,
        templates: &'a Templates,
        asset_names: &BTreeMap<String, String>,
        styler: &'a Styler,
        session: Option<Session<'a>>,
    ) -> Self {
        let refs = References::new(graph, styler, session.as_ref());
        let fingerprinted = session.is_some();
        let site = SiteShared::new(graph, asset_names, &refs.formatted, fingerprinted);
        Renderer {
            graph,
            templates,
            glossary: Glossary::new(graph, fingerprinted),
            site,
            refs,
            session,
        }
    }

    /// Share cards for this render's outputs.
    pub(crate) fn cards(&self) -> share::Cards<'_> {
        share::Cards::new(self.graph, &self.site.asset_names)
    }

    /// Renders a Markdown fragment (a summary, a passage) of the page at `source_url` for
    /// showing on another page: citations are its own, relative URLs are made to point where
    /// they pointed on the source page.
    pub(crate) fn fragment(&self, md: &str, source_url: &str) -> String {
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
                let mut resolver = GraphResolver::new(self.graph, self.refs.styler, citations);
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
    pub(crate) fn with_previews(&self, ctx: Context) -> Context {
        let Some(urls) = &self.site.preview_urls else {
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
    pub(crate) fn fingerprint(&self, f: impl FnOnce(&mut Hasher)) -> Option<Fingerprint> {
        self.session.as_ref()?;
        let mut h = Hasher::default();
        h.write_fingerprint(&self.site.fp);
        f(&mut h);
        Some(h.finish())
    }

    /// Renders `template` with `ctx` (plus `site`) into `path`, or reuses the last render's
    /// bytes when the template and the context are unchanged; `label` names the output in errors.
    pub(crate) fn output(
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
            ctx.extend(self.site.base.clone());
            self.templates.render(template, &ctx, label)
        })
    }
}
