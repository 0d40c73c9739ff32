//! Pages, section listings, the 404 page and alias redirects.

use super::context::{
    self, link, page_link, page_terms, CaseStudyView, CiteView, LinkView, PageSummary, Reference,
};
use super::{feeds, GraphResolver, Renderer};
use crate::config::TaxonomyField;
use crate::content::schema::PageType;
use crate::content::vocab;
use crate::diagnostics::Diagnostic;
use crate::graph::{NodeId, PageId, SectionId};
use crate::markdown::{self, Citation};
use crate::write::OutputFile;
use serde::Serialize;

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
    references: Vec<Reference>,
    related: Vec<super::evidence::Related>,
    cite: Option<CiteView>,
}

impl Renderer<'_> {
    pub(super) fn summary(&self, id: PageId) -> PageSummary<'_> {
        let node = self.graph.page(id);
        let p = &node.page;
        let source_url = node.permalink.url(&self.graph.config.base_path());
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
            url: node.permalink.url(&self.graph.config.base_path()),
            summary_html,
            date: p.date().map(|d| d.to_string()),
            reading_minutes: p.body.analysis.reading_minutes(),
            place,
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
        // One resolver for the summary and the body, so both share one reference list.
        let summary_analysis = p.summary().map(markdown::analyze);
        let mut citations: Vec<Citation> = summary_analysis
            .iter()
            .flat_map(|a| a.citations.clone())
            .collect();
        citations.extend(p.body.analysis.citations.iter().cloned());
        let own_url = node.permalink.url(&g.config.base_path());
        let resolver =
            GraphResolver::new(g, &self.styler, &citations).with_glossary(&self.glossary, &own_url);
        let rendered = markdown::render(p.body.text(), &p.body.analysis, &resolver);
        let (cite, mut files) = match p.page_type() {
            PageType::CaseStudy | PageType::Chapter => {
                let (view, files) = self.cite_this(node);
                (Some(view), files)
            }
            _ => (None, Vec::new()),
        };
        let description = p.summary().map_or_else(
            || p.body.analysis.first_paragraph_text.clone(),
            feeds::plain_summary,
        );
        let view = PageView {
            title: p.title(),
            url: node.permalink.url(&g.config.base_path()),
            permalink: format!("{}{}", g.config.base_url(), node.permalink.as_str()),
            description,
            summary_html: match (p.summary(), &summary_analysis) {
                (Some(s), Some(a)) => markdown::render(s, a, &resolver).html,
                _ => String::new(),
            },
            references: resolver.references(),
            related: if p.page_type() == PageType::CaseStudy {
                self.related(id)
            } else {
                Vec::new()
            },
            cite,
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
        let page = self
            .templates
            .render(template, &ctx, &p.file.display().to_string())
            .map(|html| OutputFile::new(node.permalink.output_file(), html.into_bytes()));
        files.push(page);
        files
    }

    pub(super) fn section(&self, id: SectionId) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let node = g.section(id);
        let s = &node.section;
        let resolver = GraphResolver::new(g, &self.styler, &s.body.analysis.citations);
        let rendered = markdown::render(s.body.text(), &s.body.analysis, &resolver);
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
                "references": resolver.references(),
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

    pub(super) fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let html = self.templates.render("404.html", &self.base, "404.html")?;
        Ok(OutputFile::new("404.html", html.into_bytes()))
    }

    /// A small redirect page at each alias.
    pub(super) fn aliases(&self) -> Vec<OutputFile> {
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
