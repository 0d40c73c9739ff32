//! Taxonomy index pages and term pages; a function's page quotes its definition from the paper
//! and the passage of each case study that shows it.

use serde::Serialize;

use super::context::{link, LinkView, PageSummary};
use super::Renderer;
use content::schema::PageType;
use content::vocab::Domain;
use graph::{NodeId, PageId};
use model::config::TaxonomyField;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// A taxonomy, as `taxonomy.html` and `term.html` get it (`taxonomy`).
#[derive(Serialize)]
struct TaxonomyView<'a> {
    /// Its name (URL segment and filter key).
    name: &'a str,
    /// Its title.
    title: &'a str,
    /// Its description.
    description: &'a str,
    /// Its index page.
    url: String,
    /// The vocabulary's domains.
    domains: &'a [Domain],
    /// The terms that have a page, in vocabulary order.
    terms: Vec<TermSummary<'a>>,
}

/// A term in its taxonomy's list.
#[derive(Serialize)]
struct TermSummary<'a> {
    /// The term's id.
    id: &'a str,
    /// Its display name.
    name: &'a str,
    /// Its number, for numbered vocabularies.
    number: Option<u32>,
    /// Its domain's id.
    domain: Option<&'a str>,
    /// Its page.
    url: String,
    /// How many pages are tagged with it.
    count: usize,
}

/// A term's page, as `term.html` gets it (`term`).
#[derive(Serialize)]
struct TermView<'a> {
    /// The term's id.
    id: &'a str,
    /// Its display name.
    name: &'a str,
    /// Its number, for numbered vocabularies.
    number: Option<u32>,
    /// Its domain.
    domain: Option<&'a Domain>,
    /// Its one-sentence description.
    description: Option<&'a str>,
    /// A function's definition, quoted from the paper.
    definition: Option<Passage<'a>>,
    /// Its page.
    url: String,
    /// The pages tagged with it.
    pages: Vec<TermPage<'a>>,
}

/// A page tagged with a term.
#[derive(Serialize)]
struct TermPage<'a> {
    /// The page, as in listings.
    page: PageSummary<'a>,
    /// For a function, the page's passage that shows it.
    passage: Option<Passage<'a>>,
}

/// The first paragraph under a heading of another page, with a link to it.
#[derive(Serialize)]
struct Passage<'a> {
    /// The heading's text.
    heading: &'a str,
    /// The paragraph, as HTML.
    html: String,
    /// The heading's anchor.
    url: String,
    /// The page it is from.
    source: LinkView,
}

impl Renderer<'_> {
    /// A taxonomy's index page (`term` None) or one term's page.
    pub(super) fn taxonomy(&self, t: usize, term: Option<usize>) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let base = g.base_url.path();
        let tax = &g.taxonomies[t];
        let mut ctx = tera::Context::new();
        let domains = &tax.taxonomy.vocabulary.domains;
        let tax_view = TaxonomyView {
            name: &tax.taxonomy.config.name,
            title: &tax.taxonomy.config.title,
            description: &tax.taxonomy.config.description,
            url: tax.permalink.url(base),
            domains,
            terms: tax
                .terms
                .iter()
                .enumerate()
                .filter(|(i, _)| tax.publishes(*i))
                .map(|(_, x)| TermSummary {
                    id: &x.term.id,
                    name: &x.term.name,
                    number: x.term.number,
                    domain: x.term.domain.as_deref(),
                    url: x.permalink.url(base),
                    count: x.pages.len(),
                })
                .collect(),
        };
        ctx.insert("taxonomy", &tax_view);
        let config = &tax.taxonomy.config;
        let share = match term {
            None => {
                self.cards()
                    .listing(&config.title, &config.description, tax.permalink.as_str())
            }
            Some(i) => {
                let x = &tax.terms[i];
                self.cards().listing(
                    &format!("{} · {}", x.term.name, config.title),
                    x.term.description.as_deref().unwrap_or_default(),
                    x.permalink.as_str(),
                )
            }
        };
        ctx.insert("share", &share);
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
                        let passage = anchor.as_deref().and_then(|a| self.passage(*p, a));
                        TermPage {
                            page: self.summary(*p),
                            passage,
                        }
                    })
                    .collect();
                ctx.insert(
                    "term",
                    &TermView {
                        id: &x.term.id,
                        name: &x.term.name,
                        number: x.term.number,
                        domain: x
                            .term
                            .domain
                            .as_ref()
                            .and_then(|d| domains.iter().find(|x| &x.id == d)),
                        description: x.term.description.as_deref(),
                        definition,
                        url: x.permalink.url(base),
                        pages,
                    },
                );
                (
                    "term.html",
                    x.permalink.output_file(),
                    format!("term {}/{}", tax.taxonomy.config.name, x.term.id),
                )
            }
        };
        self.output(out, template, &what, ctx)
    }

    /// The passage under heading `anchor` of another page: its first paragraph, as HTML, with a
    /// link. Read from the page's signature, as everything other pages show of it.
    fn passage(&self, page: PageId, anchor: &str) -> Option<Passage<'_>> {
        let heading = self.graph.page(page).page.signature.heading(anchor)?;
        let l = link(self.graph, NodeId::Page(page));
        let html = heading
            .lead
            .map(|lead| self.fragment(lead, &l.url))
            .unwrap_or_default();
        Some(Passage {
            heading: heading.text,
            html,
            url: format!("{}#{anchor}", l.url),
            source: l,
        })
    }

    /// The passage under heading `anchor` in the first chapter that has it (a function's definition).
    fn passage_anywhere(&self, anchor: &str) -> Option<Passage<'_>> {
        self.graph
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.page.page_type() == PageType::Chapter)
            .find_map(|(i, _)| self.passage(PageId(i), anchor))
    }
}
