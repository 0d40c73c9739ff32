//! Pages, section listings and the 404 page.

mod views;

use super::context::{self, link, page_link, page_terms, CaseStudyView, PageSummary};
use super::memo;
use super::{GraphResolver, Renderer};
use content::schema::PageType;
use content::vocab;
use graph::{NodeId, PageId, SectionId};
use markdown::Citation;
use model::config::TaxonomyField;
use model::diagnostics::Diagnostic;
use model::fingerprint::{fingerprint_of, Hasher};
use model::output::OutputFile;
use tera::Context;
use views::{PageView, SectionView};

/// A page's citations in reading order: its summary's, its key points', then its body's (one
/// reference list; the resolver knows each by its index here).
pub(super) fn citations_of(p: &content::Page) -> Vec<Citation> {
    let mut citations: Vec<Citation> = p
        .summary_text
        .iter()
        .flat_map(|s| s.analysis.citations.iter().cloned())
        .collect();
    citations.extend(
        p.key_points
            .iter()
            .flat_map(|f| f.analysis.citations.iter().cloned()),
    );
    citations.extend(p.body.analysis.citations.iter().cloned());
    citations
}

/// The index, in [`citations_of`], of the page body's first citation.
pub(super) fn first_body_citation(p: &content::Page) -> usize {
    let summary = p
        .summary_text
        .as_ref()
        .map_or(0, |f| f.analysis.citations.len());
    let points: usize = p
        .key_points
        .iter()
        .map(|f| f.analysis.citations.len())
        .sum();
    summary + points
}

impl Renderer<'_> {
    pub(super) fn summary(&self, id: PageId) -> PageSummary<'_> {
        let node = self.graph.page(id);
        let p = &node.page;
        let source_url = node.permalink.url(self.graph.base_url.path());
        let summary_html = match p.summary() {
            Some(s) => self.fragment(s, &source_url),
            None => p
                .body
                .analysis
                .first_paragraph
                .as_ref()
                .map_or_else(String::new, |r| {
                    self.fragment(&p.body.text()[r.clone()], &source_url)
                }),
        };
        let place = p.case_study().map(|cs| {
            let state =
                context::term_name(self.taxonomy_of(TaxonomyField::State), &cs.location.state);
            format!("{}, {state}", context::known(&cs.location.city))
        });
        PageSummary {
            title: p.title(),
            url: node.permalink.url(self.graph.base_url.path()),
            summary_html,
            date: p.date().map(|d| d.to_string()),
            reading_minutes: p.body.analysis.reading_minutes(),
            place,
            description: p.description(),
            terms: page_terms(self.graph, node),
        }
    }

    pub(super) fn taxonomy_of(&self, field: TaxonomyField) -> Option<&vocab::Taxonomy> {
        self.graph
            .taxonomies
            .iter()
            .map(|t| &t.taxonomy)
            .find(|t| t.config.field == field)
    }

    /// A page, and its "cite this page" downloads.
    pub(super) fn page(&self, id: PageId) -> Vec<Result<OutputFile, Diagnostic>> {
        let g = self.graph;
        let node = g.page(id);
        let p = &node.page;
        let own_url = node.permalink.url(g.base_url.path());
        let mut salt = Hasher::default();
        salt.write_str("page");
        salt.write_str(&own_url);
        salt.write_fingerprint(&self.glossary.fp);
        // One resolver for the summary and the body, so both share one reference list.
        let (body, resolver) = memo::body(
            self.session.as_ref(),
            &format!("page {}", p.file.display()),
            &p.body.file_text,
            salt.finish(),
            || ((), citations_of(p)),
            |citations| {
                GraphResolver::new(g, self.refs.styler, citations)
                    .with_glossary(&self.glossary.forms, &own_url)
                    .with_images(&node.permalink)
            },
            |(), resolver| {
                // Citations are numbered as `citations_of` lists them: summary, key points,
                // body.
                let body = markdown::render_from(
                    p.body.text(),
                    &p.body.analysis,
                    first_body_citation(p),
                    resolver,
                );
                let summary = match (p.summary(), &p.summary_text) {
                    (Some(s), Some(f)) => markdown::render(s, &f.analysis, resolver).html,
                    _ => String::new(),
                };
                let mut html = vec![body.html, summary];
                let points = p.case_study().map_or(&[][..], |cs| &cs.key_points[..]);
                let mut first = p
                    .summary_text
                    .as_ref()
                    .map_or(0, |f| f.analysis.citations.len());
                html.extend(points.iter().zip(&p.key_points).map(|(point, f)| {
                    let out = markdown::render_from(point, &f.analysis, first, resolver);
                    first += f.analysis.citations.len();
                    inline(out.html)
                }));
                (html, body.has_code)
            },
        );
        let references = resolver.references();
        let (cite, citation_meta, mut files) = match p.page_type() {
            PageType::CaseStudy | PageType::Chapter => {
                let work = self.page_work(node);
                let (view, files) = self.cite_this(node, &work);
                // A chapter is part of the paper, the section it is in.
                let book = (p.page_type() == PageType::Chapter)
                    .then(|| g.section(node.section).section.meta.title.as_str());
                let cited = references.iter().filter_map(|r| g.bibliography.get(&r.key));
                let meta = super::scholar::page_tags(&work, book, cited);
                (Some(view), meta, files)
            }
            _ => (None, Vec::new(), Vec::new()),
        };
        let description = p.description().to_string();
        let view = PageView {
            title: p.title(),
            url: node.permalink.url(g.base_url.path()),
            permalink: node.permalink.absolute(&g.base_url),
            description,
            summary_html: body.html[1].clone(),
            key_points: body.html[2..].to_vec(),
            references,
            related: if p.page_type() == PageType::CaseStudy {
                self.related(id)
            } else {
                Vec::new()
            },
            cite,
            short: super::share::short_view(g, node),
            // Filled in only when the page is rendered: its memo id stands in for fingerprints.
            content: String::new(),
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
            has_code: body.has_code,
        };
        let share = self.cards().page(node, None);
        let template = p.page_type().template();
        let template = if self.templates.has(template) {
            template
        } else {
            "page.html"
        };
        // The body, summary and key points are the page's only Markdown: they decide whether it
        // loads the preview script.
        let previews = self
            .site
            .preview_urls
            .as_ref()
            .filter(|_| body.html.iter().any(|h| super::previews::shows(h)));
        let fp = self.fingerprint(|h| {
            h.write_str(template);
            h.write_fingerprint(&self.templates.fingerprint(template));
            h.write_fingerprint(&body.made_from);
            h.write_json(&view);
            h.write_json(&share);
            h.write_json(&previews);
            h.write_json(&citation_meta);
        });
        let page = memo::output(
            self.session.as_ref(),
            node.permalink.output_file(),
            fp,
            || {
                let mut view = view;
                view.content = body.html[0].clone();
                let mut ctx = self.site.base.clone();
                ctx.insert("page", &view);
                ctx.insert("share", &share);
                ctx.insert("citation_meta", &citation_meta);
                if let Some(urls) = previews {
                    ctx.insert("previews", urls);
                }
                self.templates
                    .render(template, &ctx, &p.file.display().to_string())
            },
        );
        files.push(page);
        files
    }

    pub(super) fn section(&self, id: SectionId) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let node = g.section(id);
        let s = &node.section;
        let (rendered, resolver) = memo::body(
            self.session.as_ref(),
            &format!("section {}", s.file.display()),
            &s.body.file_text,
            fingerprint_of(["section"]),
            || ((), s.body.analysis.citations.clone()),
            |citations| {
                GraphResolver::new(g, self.refs.styler, citations).with_images(&node.permalink)
            },
            |(), resolver| {
                let out = markdown::render(s.body.text(), &s.body.analysis, resolver);
                (vec![out.html], out.has_code)
            },
        );
        let mut ctx = Context::new();
        let home = s.dir.is_empty();
        if home {
            ctx.insert("featured", &self.featured());
            ctx.insert("entry_points", &self.entry_points());
        }
        let filters = if s.page_type == PageType::CaseStudy {
            self.filters(&node.pages)
        } else {
            Vec::new()
        };
        ctx.insert(
            "section",
            &SectionView {
                title: &s.meta.title,
                description: s.meta.description.as_deref().unwrap_or_default(),
                url: node.permalink.url(g.base_url.path()),
                permalink: node.permalink.absolute(&g.base_url),
                content: &rendered.html[0],
                toc: context::toc(&s.body.analysis.headings),
                has_code: rendered.has_code,
                page_type: s.page_type,
                pages: node.pages.iter().map(|p| self.summary(*p)).collect(),
                subsections: node
                    .subsections
                    .iter()
                    .map(|x| link(g, NodeId::Section(*x)))
                    .collect(),
                backlinks: node.backlinks.iter().map(|n| link(g, *n)).collect(),
                references: resolver.references(),
                filters,
            },
        );
        let template = if home { "index.html" } else { "section.html" };
        let share = if home {
            self.cards().home()
        } else {
            self.cards().listing(
                &s.meta.title,
                s.meta.description.as_deref().unwrap_or_default(),
                node.permalink.as_str(),
            )
        };
        ctx.insert("share", &share);
        self.output(
            node.permalink.output_file(),
            template,
            &s.file.display().to_string(),
            ctx,
        )
    }

    pub(super) fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let mut ctx = Context::new();
        let c = &self.graph.config;
        ctx.insert("share", &self.cards().listing(&c.title, &c.description, ""));
        self.output("404.html".into(), "404.html", "404.html", ctx)
    }

    /// The page the service worker shows for a page never read on this device.
    pub(super) fn offline_page(&self) -> Result<OutputFile, Diagnostic> {
        let mut ctx = Context::new();
        let c = &self.graph.config;
        ctx.insert(
            "share",
            &self.cards().listing(
                "You are offline",
                &c.description,
                super::share::offline::PAGE,
            ),
        );
        self.output(
            super::share::offline::PAGE.into(),
            "offline.html",
            "the offline page",
            ctx,
        )
    }
}

/// The HTML of a one-paragraph fragment without its `<p>`, for a list item.
fn inline(html: String) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}
