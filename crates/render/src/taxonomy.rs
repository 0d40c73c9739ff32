//! Taxonomy index pages and term pages; a function's page quotes its definition from the paper
//! and the passage of each case study that shows it.

use super::context::link;
use super::Renderer;
use content::schema::PageType;
use graph::{NodeId, PageId};
use model::config::TaxonomyField;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

impl Renderer<'_> {
    /// A taxonomy's index page (`term` None) or one term's page.
    pub(super) fn taxonomy(&self, t: usize, term: Option<usize>) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let base = g.base_url.path();
        let tax = &g.taxonomies[t];
        let mut ctx = tera::Context::new();
        let domains = &tax.taxonomy.vocabulary.domains;
        let tax_view = serde_json::json!({
            "name": tax.taxonomy.config.name,
            "title": tax.taxonomy.config.title,
            "description": tax.taxonomy.config.description,
            "url": tax.permalink.url(base),
            "domains": domains,
            "terms": tax.terms.iter().enumerate().filter(|(i, _)| tax.publishes(*i)).map(|(_, x)| serde_json::json!({
                "id": x.term.id, "name": x.term.name, "number": x.term.number, "domain": x.term.domain,
                "url": x.permalink.url(base), "count": x.pages.len(),
            })).collect::<Vec<_>>(),
        });
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
                        serde_json::json!({ "page": self.summary(*p), "passage": passage })
                    })
                    .collect();
                ctx.insert(
                    "term",
                    &serde_json::json!({
                        "id": x.term.id, "name": x.term.name, "number": x.term.number,
                        "domain": x.term.domain.as_ref().and_then(|d| domains.iter().find(|x| &x.id == d)),
                        "description": x.term.description, "definition": definition,
                        "url": x.permalink.url(base), "pages": pages,
                    }),
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
    fn passage(&self, page: PageId, anchor: &str) -> Option<serde_json::Value> {
        let heading = self.graph.page(page).page.signature.heading(anchor)?;
        let l = link(self.graph, NodeId::Page(page));
        let html = heading
            .lead
            .map(|lead| self.fragment(lead, &l.url))
            .unwrap_or_default();
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
            .find_map(|(i, _)| self.passage(PageId(i), anchor))
    }
}
