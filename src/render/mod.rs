//! Stage 4, render: the graph through the tera templates into output files, in parallel. Pure:
//! it reads only the graph and the templates, and returns files without touching the disk.

pub mod assets;
pub mod context;
pub mod feeds;
pub mod templates;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::TaxonomyField;
use crate::content::schema::PageType;
use crate::content::vocab;
use crate::diagnostics::Diagnostic;
use crate::graph::{Graph, NodeId, PageId, SectionId, TaxonomyNode};
use crate::load::BinaryFile;
use crate::markdown::{self, Citation, Resolver};
use crate::write::OutputFile;
use context::{link, page_link, page_terms, CaseStudyView, LinkView, PageSummary, SiteView};
pub use templates::Templates;

/// Resolves links and citations against the graph while rendering Markdown.
pub struct GraphResolver<'a> {
    graph: &'a Graph,
    base_path: String,
}

impl<'a> GraphResolver<'a> {
    /// A resolver for this graph.
    pub fn new(graph: &'a Graph) -> Self {
        GraphResolver {
            graph,
            base_path: graph.config.base_path(),
        }
    }

    /// Renders a Markdown fragment (a summary, a passage) to HTML.
    pub fn fragment(&self, md: &str) -> String {
        markdown::render(md, &markdown::analyze(md), self).html
    }
}

impl Resolver for GraphResolver<'_> {
    fn link(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        let node = self.graph.lookup(path)?;
        let (_, permalink) = self.graph.title_and_link(node);
        let mut url = permalink.url(&self.base_path);
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Some(url)
    }

    fn citation(&self, _citation: &Citation) -> Option<String> {
        None
    }
}

/// Renders every page, listing, taxonomy page, feed and asset.
pub fn render(
    graph: &Graph,
    templates: &Templates,
    static_files: &[BinaryFile],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let assets = assets::collect(static_files, &graph.assets);
    let resolver = GraphResolver::new(graph);
    let site = SiteView {
        title: &graph.config.title,
        description: &graph.config.description,
        base_url: graph.config.base_url(),
        base_path: graph.config.base_path(),
        language: &graph.config.language,
        menu: context::menu(graph),
        taxonomies: graph
            .taxonomies
            .iter()
            .map(|t| LinkView {
                title: t.taxonomy.config.title.clone(),
                url: t.permalink.url(&graph.config.base_path()),
            })
            .collect(),
        assets: assets
            .names
            .iter()
            .map(|(k, v)| (k.clone(), format!("{}{v}", graph.config.base_path())))
            .collect(),
        feed: graph.config.feed,
        search: graph.config.search,
    };
    let mut base = Context::new();
    base.insert("site", &site);
    let r = Renderer {
        graph,
        templates,
        resolver,
        base,
    };

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
    let results: Vec<Result<OutputFile, Diagnostic>> = pages
        .chain(sections)
        .chain(terms)
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
    files.extend(r.aliases());
    let extra: Vec<String> = graph
        .taxonomies
        .iter()
        .flat_map(|t| {
            let terms = t
                .terms
                .iter()
                .enumerate()
                .filter(|(i, _)| publishes(t, *i))
                .map(|(_, x)| x.permalink.as_str().to_string());
            std::iter::once(t.permalink.as_str().to_string()).chain(terms)
        })
        .collect();
    files.push(feeds::sitemap(graph, &extra));
    files.push(feeds::robots(graph));
    if graph.config.feed {
        files.push(feeds::atom(graph));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, problems)
}

/// Whether a term gets its own page: always for the functions and focus areas (their pages explain
/// the term), otherwise only when some page is tagged with it (no empty pages for 51 states).
fn publishes(tax: &TaxonomyNode, term: usize) -> bool {
    matches!(
        tax.taxonomy.config.field,
        TaxonomyField::Functions | TaxonomyField::FocusAreas
    ) || !tax.terms[term].pages.is_empty()
}

struct Renderer<'a> {
    graph: &'a Graph,
    templates: &'a Templates,
    resolver: GraphResolver<'a>,
    base: Context,
}

/// What every page-like template gets as `page`.
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    description: String,
    summary_html: String,
    content: String,
    toc: Vec<context::TocEntry<'a>>,
    word_count: usize,
    reading_minutes: usize,
    date: Option<String>,
    page_type: PageType,
    section: LinkView,
    prev: Option<LinkView>,
    next: Option<LinkView>,
    backlinks: Vec<LinkView>,
    terms: Vec<context::PageTerms>,
    case_study: Option<CaseStudyView<'a>>,
    has_code: bool,
}

impl Renderer<'_> {
    fn summary(&self, id: PageId) -> PageSummary<'_> {
        let node = self.graph.page(id);
        let p = &node.page;
        let summary_html = match p.summary() {
            Some(s) => self.resolver.fragment(s),
            None => p
                .body
                .analysis
                .first_paragraph
                .as_ref()
                .map_or_else(String::new, |r| {
                    self.resolver.fragment(&p.body.text()[r.clone()])
                }),
        };
        let place = p.case_study().map(|cs| {
            let state =
                context::term_name(self.taxonomy_of(TaxonomyField::State), &cs.location.state);
            format!("{}, {state}", context::known(&cs.location.city))
        });
        PageSummary {
            title: p.title(),
            url: node.permalink.url(&self.graph.config.base_path()),
            summary_html,
            date: p.date().map(|d| d.to_string()),
            reading_minutes: p.body.analysis.reading_minutes(),
            place,
        }
    }

    fn taxonomy_of(&self, field: TaxonomyField) -> Option<&vocab::Taxonomy> {
        self.graph
            .taxonomies
            .iter()
            .map(|t| &t.taxonomy)
            .find(|t| t.config.field == field)
    }

    fn page(&self, id: PageId) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let node = g.page(id);
        let p = &node.page;
        let rendered = markdown::render(p.body.text(), &p.body.analysis, &self.resolver);
        let description = p.summary().map_or_else(
            || p.body.analysis.first_paragraph_text.clone(),
            feeds::plain_summary,
        );
        let view = PageView {
            title: p.title(),
            url: node.permalink.url(&g.config.base_path()),
            permalink: format!("{}{}", g.config.base_url(), node.permalink.as_str()),
            description,
            summary_html: p
                .summary()
                .map(|s| self.resolver.fragment(s))
                .unwrap_or_default(),
            content: rendered.html,
            toc: context::toc(&p.body.analysis.headings),
            word_count: p.body.analysis.word_count,
            reading_minutes: p.body.analysis.reading_minutes(),
            date: p.date().map(|d| d.to_string()),
            page_type: p.page_type(),
            section: link(g, NodeId::Section(node.section)),
            prev: page_link(g, node.prev),
            next: page_link(g, node.next),
            backlinks: node.backlinks.iter().map(|n| link(g, *n)).collect(),
            terms: page_terms(g, node),
            case_study: p.case_study().map(|cs| {
                CaseStudyView::new(
                    cs,
                    self.taxonomy_of(TaxonomyField::Sectors),
                    self.taxonomy_of(TaxonomyField::State),
                )
            }),
            has_code: rendered.has_code,
        };
        let mut ctx = self.base.clone();
        ctx.insert("page", &view);
        let template = p.page_type().template();
        let template = if self.templates.has(template) {
            template
        } else {
            "page.html"
        };
        let html = self
            .templates
            .render(template, &ctx, &p.file.display().to_string())?;
        Ok(OutputFile::new(
            node.permalink.output_file(),
            html.into_bytes(),
        ))
    }

    fn section(&self, id: SectionId) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let node = g.section(id);
        let s = &node.section;
        let rendered = markdown::render(s.body.text(), &s.body.analysis, &self.resolver);
        let mut ctx = self.base.clone();
        ctx.insert(
            "section",
            &serde_json::json!({
                "title": s.meta.title,
                "description": s.meta.description.clone().unwrap_or_default(),
                "url": node.permalink.url(&g.config.base_path()),
                "permalink": format!("{}{}", g.config.base_url(), node.permalink.as_str()),
                "content": rendered.html,
                "toc": context::toc(&s.body.analysis.headings),
                "has_code": rendered.has_code,
                "page_type": s.page_type,
                "pages": node.pages.iter().map(|p| self.summary(*p)).collect::<Vec<_>>(),
                "subsections": node.subsections.iter().map(|x| link(g, NodeId::Section(*x))).collect::<Vec<_>>(),
                "backlinks": node.backlinks.iter().map(|n| link(g, *n)).collect::<Vec<_>>(),
            }),
        );
        let template = if s.dir.is_empty() {
            "index.html"
        } else {
            "section.html"
        };
        let html = self
            .templates
            .render(template, &ctx, &s.file.display().to_string())?;
        Ok(OutputFile::new(
            node.permalink.output_file(),
            html.into_bytes(),
        ))
    }

    /// A taxonomy's index page (`term` None) or one term's page.
    fn taxonomy(&self, t: usize, term: Option<usize>) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let base = g.config.base_path();
        let tax = &g.taxonomies[t];
        let mut ctx = self.base.clone();
        let domains = &tax.taxonomy.vocabulary.domains;
        let tax_view = serde_json::json!({
            "name": tax.taxonomy.config.name,
            "title": tax.taxonomy.config.title,
            "description": tax.taxonomy.config.description,
            "url": tax.permalink.url(&base),
            "domains": domains,
            "terms": tax.terms.iter().enumerate().filter(|(i, _)| publishes(tax, *i)).map(|(_, x)| serde_json::json!({
                "id": x.term.id, "name": x.term.name, "number": x.term.number, "domain": x.term.domain,
                "url": x.permalink.url(&base), "count": x.pages.len(),
            })).collect::<Vec<_>>(),
        });
        ctx.insert("taxonomy", &tax_view);
        let (template, out, what) = match term {
            None => (
                "taxonomy.html",
                tax.permalink.output_file(),
                format!("taxonomy {}", tax.taxonomy.config.name),
            ),
            Some(i) => {
                let x = &tax.terms[i];
                let anchor = (tax.taxonomy.config.field == TaxonomyField::Functions)
                    .then(|| format!("fn-{}", x.term.id));
                let definition = anchor.as_deref().and_then(|a| self.passage_anywhere(a));
                let pages: Vec<_> = x
                    .pages
                    .iter()
                    .map(|p| {
                        let passage = anchor
                            .as_deref()
                            .and_then(|a| self.passage(NodeId::Page(*p), a));
                        serde_json::json!({ "page": self.summary(*p), "passage": passage })
                    })
                    .collect();
                ctx.insert(
                    "term",
                    &serde_json::json!({
                        "id": x.term.id, "name": x.term.name, "number": x.term.number,
                        "domain": x.term.domain.as_ref().and_then(|d| domains.iter().find(|x| &x.id == d)),
                        "description": x.term.description, "definition": definition,
                        "url": x.permalink.url(&base), "pages": pages,
                    }),
                );
                (
                    "term.html",
                    x.permalink.output_file(),
                    format!("term {}/{}", tax.taxonomy.config.name, x.term.id),
                )
            }
        };
        let html = self.templates.render(template, &ctx, &what)?;
        Ok(OutputFile::new(out, html.into_bytes()))
    }

    /// The passage under heading `anchor` of a node: its first paragraph, as HTML, with a link.
    fn passage(&self, node: NodeId, anchor: &str) -> Option<serde_json::Value> {
        let body = self.graph.body(node);
        let heading = body.analysis.heading(anchor)?;
        let html = heading
            .lead
            .as_ref()
            .map(|r| self.resolver.fragment(&body.text()[r.clone()]))
            .unwrap_or_default();
        let l = link(self.graph, node);
        Some(
            serde_json::json!({ "heading": heading.text, "html": html, "url": format!("{}#{anchor}", l.url), "source": l }),
        )
    }

    /// The passage under heading `anchor` in the first chapter that has it (a function's definition).
    fn passage_anywhere(&self, anchor: &str) -> Option<serde_json::Value> {
        self.graph
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.page.page_type() == PageType::Chapter)
            .find_map(|(i, _)| self.passage(NodeId::Page(PageId(i)), anchor))
    }

    fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let html = self.templates.render("404.html", &self.base, "404.html")?;
        Ok(OutputFile::new("404.html", html.into_bytes()))
    }

    /// A small redirect page at each alias.
    fn aliases(&self) -> Vec<OutputFile> {
        let g = self.graph;
        let mut out = Vec::new();
        for node in &g.pages {
            for alias in node.page.aliases() {
                let path = alias.trim_matches('/');
                if path.is_empty() || path.split('/').any(|s| s == ".." || s == ".") {
                    continue;
                }
                let target = node.permalink.url(&g.config.base_path());
                let html = format!(
                    "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Moved</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>\n",
                    lang = g.config.language
                );
                out.push(OutputFile::new(
                    format!("{path}/index.html"),
                    html.into_bytes(),
                ));
            }
        }
        out
    }
}
