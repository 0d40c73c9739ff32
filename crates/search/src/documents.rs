//! What the index holds: one document per page, section, taxonomy term and bibliography entry,
//! with the text of each searched field and its facet values.

use search_runtime::format::FacetLabels;

use content::bibliography::Bibliography;
use content::schema::PageType;
use content::Body;
use graph::Graph;
use markdown::Analysis;
use model::config::TaxonomyField;

use super::kinds::{DocFacets, DocKind, Facet};

/// One searchable document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Title, plain text.
    pub title: String,
    /// Link under the site's base path.
    pub url: String,
    /// What it is.
    pub kind: DocKind,
    /// Section headings, one per line.
    pub headings: String,
    /// The body as plain text.
    pub body: String,
    /// The summary or description.
    pub summary: String,
    /// Names of the taxonomy terms it is tagged with (and, for a case study, its network and
    /// place).
    pub terms: String,
    /// Bibliography entries: the authors.
    pub authors: String,
    /// Bibliography entries: the year.
    pub year: String,
    /// Bibliography entries: the annotation.
    pub annotation: String,
    /// Its function and state facet values.
    pub facets: DocFacets,
}

impl Document {
    /// Its values of `facet` (indexes into the manifest's labels of that facet).
    pub fn facet(&self, facet: Facet) -> Vec<u32> {
        match facet {
            Facet::Type => vec![self.kind.facet_value()],
            Facet::Function => self.facets.functions.clone(),
            Facet::State => self.facets.states.clone(),
        }
    }
}

/// The plain text of analysed Markdown (or of the part of it in `only`): citations in
/// parentheses dropped (keys are not words a reader types, and the page shows the formatted
/// citation instead); a narrative citation becomes its authors' names, as the sentence reads.
/// The citations are the analysis' own, by index: nothing is scanned again.
pub fn plain_text(
    bib: &Bibliography,
    markdown: &str,
    analysis: &Analysis,
    only: Option<std::ops::Range<usize>>,
) -> String {
    markdown::plain::plain_text(markdown, analysis, only, &mut |_, c| {
        c.narrative.then(|| {
            c.items
                .iter()
                .filter_map(|i| bib.get(&i.key))
                .map(|e| e.names_in_prose())
                .collect::<Vec<_>>()
                .join("; ")
        })
    })
}

fn body_text(graph: &Graph, body: &Body) -> String {
    plain_text(&graph.bibliography, body.text(), &body.analysis, None)
}

fn headings(body: &Body) -> String {
    body.analysis
        .headings
        .iter()
        .map(|h| h.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Facet labels: content types, then the functions and states vocabularies.
pub fn facet_labels(graph: &Graph) -> Vec<FacetLabels> {
    let vocab = |field: TaxonomyField| -> Vec<(String, String)> {
        graph
            .taxonomies
            .iter()
            .find(|t| t.taxonomy.config.field == field)
            .map(|t| {
                t.taxonomy
                    .vocabulary
                    .terms
                    .iter()
                    .map(|term| (term.id.clone(), term.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    vec![
        FacetLabels {
            name: Facet::Type.name().into(),
            values: DocKind::ALL
                .iter()
                .map(|k| (k.id().into(), k.label().into()))
                .collect(),
        },
        FacetLabels {
            name: Facet::Function.name().into(),
            values: vocab(TaxonomyField::Functions),
        },
        FacetLabels {
            name: Facet::State.name().into(),
            values: vocab(TaxonomyField::State),
        },
    ]
}

fn value_ids(labels: &FacetLabels, ids: &[&str]) -> Vec<u32> {
    ids.iter()
        .filter_map(|id| labels.values.iter().position(|(v, _)| v == id))
        .map(|i| i as u32)
        .collect()
}

/// A function's definition as its term page shows it: the first paragraph under the heading
/// `fn-<id>` in the first paper chapter that has one, as plain text.
fn definition(graph: &Graph, id: &str) -> Option<String> {
    let anchor = format!("fn-{id}");
    graph
        .pages
        .iter()
        .filter(|node| node.page.page_type() == PageType::Chapter)
        .find_map(|node| {
            let body = &node.page.body;
            let lead = body.analysis.heading(&anchor)?.lead.clone()?;
            Some(plain_text(
                &graph.bibliography,
                body.text(),
                &body.analysis,
                Some(lead),
            ))
        })
}

/// Every document of the site, in a stable order: pages, sections, taxonomy terms, then
/// bibliography entries.
pub fn documents(graph: &Graph, labels: &[FacetLabels]) -> Vec<Document> {
    let base = graph.base_url.path();
    let mut docs = Vec::new();
    let term_names = |field: TaxonomyField, ids: &[&str]| -> Vec<String> {
        let tax = graph
            .taxonomies
            .iter()
            .find(|t| t.taxonomy.config.field == field);
        ids.iter()
            .filter_map(|id| tax.and_then(|t| t.taxonomy.vocabulary.term(id)))
            .map(|t| t.name.clone())
            .collect()
    };
    for node in &graph.pages {
        let page = &node.page;
        let kind = DocKind::of_page(page.page_type());
        let mut terms = Vec::new();
        let mut facets = DocFacets::default();
        for field in [
            TaxonomyField::Functions,
            TaxonomyField::FocusAreas,
            TaxonomyField::Sectors,
            TaxonomyField::State,
        ] {
            let ids = page.terms(field);
            terms.extend(term_names(field, &ids));
            match field {
                TaxonomyField::Functions => {
                    facets.functions = value_ids(&labels[Facet::Function.index()], &ids)
                }
                TaxonomyField::State => {
                    facets.states = value_ids(&labels[Facet::State.index()], &ids)
                }
                _ => {}
            }
        }
        if let Some(cs) = page.case_study() {
            terms.push(cs.network.clone());
            terms.push(cs.location.city.clone());
            terms.push(cs.integrator.name.clone());
            terms.extend(cs.partners.iter().map(|p| p.name.clone()));
        }
        if let content::PageKind::Glossary(m) = &page.kind {
            terms.extend(m.also.iter().cloned());
        }
        docs.push(Document {
            title: page.title().to_owned(),
            url: node.permalink.url(base),
            kind,
            headings: headings(&page.body),
            body: body_text(graph, &page.body),
            summary: match (page.summary(), &page.summary_text) {
                (Some(text), Some(f)) => plain_text(&graph.bibliography, text, &f.analysis, None)
                    .trim()
                    .to_owned(),
                _ => String::new(),
            },
            terms: terms.join("\n"),
            facets,
            ..Document::default()
        });
    }
    for node in &graph.sections {
        let s = &node.section;
        let kind = DocKind::of_section(s.page_type);
        docs.push(Document {
            title: s.meta.title.clone(),
            url: node.permalink.url(base),
            kind,
            headings: headings(&s.body),
            body: body_text(graph, &s.body),
            summary: s.meta.description.clone().unwrap_or_default(),
            ..Document::default()
        });
    }
    for tax in &graph.taxonomies {
        // The terms the render stage gives a page.
        for t in tax.published() {
            let kind = DocKind::of_term(tax.taxonomy.config.field);
            let mut facets = DocFacets::default();
            match tax.taxonomy.config.field {
                TaxonomyField::Functions => {
                    facets.functions = value_ids(&labels[Facet::Function.index()], &[&t.term.id])
                }
                TaxonomyField::State => {
                    facets.states = value_ids(&labels[Facet::State.index()], &[&t.term.id])
                }
                _ => {}
            }
            // A function's page quotes its definition from the paper: index it as the page's
            // summary, as a term's description is for other taxonomies.
            let summary = match tax.taxonomy.config.field {
                TaxonomyField::Functions => definition(graph, &t.term.id),
                _ => None,
            };
            docs.push(Document {
                title: t.term.name.clone(),
                url: t.permalink.url(base),
                kind,
                summary: summary
                    .or_else(|| t.term.description.clone())
                    .unwrap_or_default(),
                terms: tax.taxonomy.config.title.clone(),
                body: t
                    .pages
                    .iter()
                    .map(|p| graph.page(*p).page.title())
                    .collect::<Vec<_>>()
                    .join("\n"),
                facets,
                ..Document::default()
            });
        }
    }
    for e in &graph.bibliography.entries {
        let authors: Vec<String> = e
            .raw
            .author()
            .unwrap_or_default()
            .iter()
            .map(|p| format!("{} {}", p.given_name, p.name).trim().to_owned())
            .collect();
        let authors = if authors.is_empty() {
            e.field("organization")
                .or_else(|| e.field("institution"))
                .unwrap_or_default()
        } else {
            authors.join("; ")
        };
        let (annotation, topics) = match &e.annotation {
            Some(a) => (
                body_text(graph, &a.body),
                a.meta
                    .topics
                    .iter()
                    .filter_map(|t| graph.topics.term(t))
                    .map(|t| t.name.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            None => Default::default(),
        };
        docs.push(Document {
            title: e.field("title").unwrap_or_else(|| e.key.0.clone()),
            url: format!("{base}bibliography/{}/", e.key),
            kind: DocKind::Reference,
            authors,
            year: e.year().map(|y| y.to_string()).unwrap_or_default(),
            annotation,
            terms: topics,
            summary: [e.field("journaltitle"), e.field("publisher")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n"),
            ..Document::default()
        });
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_html_and_parenthetical_citations() {
        let md = "# Title\n\nSome *text* [@smith2020] and `code` [see @a, p. 2].\n\n<b>raw</b>\n\n- [a link](x)\n";
        let t = plain_text(&Bibliography::default(), md, &markdown::analyze(md), None);
        // Tags are dropped, their text stays (the page shows it too).
        assert_eq!(t, "Title\nSome text and code.\nraw\na link\n");
    }
}
