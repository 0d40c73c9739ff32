//! Taxonomy terms and the pages tagged with each, in the vocabulary's order.

use serde::Serialize;

use super::{Graph, PageId, Permalink};
use content::vocab::{Taxonomy, Term};
use model::config::TaxonomyField;

/// One term and the pages tagged with it.
#[derive(Debug, Clone, Serialize)]
pub struct TermNode {
    /// The vocabulary entry.
    pub term: Term,
    /// The term's page.
    pub permalink: Permalink,
    /// Tagged pages, sorted by title.
    pub pages: Vec<PageId>,
}

/// A taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct TaxonomyNode {
    /// Config and vocabulary.
    pub taxonomy: Taxonomy,
    /// The taxonomy's index page.
    pub permalink: Permalink,
    /// Every term of the vocabulary, tagged or not, in vocabulary order.
    pub terms: Vec<TermNode>,
}

impl TaxonomyNode {
    /// Whether a term gets its own page: always for the functions and focus areas (their pages
    /// explain the term), otherwise only when some page is tagged with it (no empty pages for
    /// 51 states).
    pub fn publishes(&self, term: usize) -> bool {
        matches!(
            self.taxonomy.config.field,
            TaxonomyField::Functions | TaxonomyField::FocusAreas
        ) || !self.terms[term].pages.is_empty()
    }

    /// The terms that get a page ([`Self::publishes`]), in vocabulary order.
    pub fn published(&self) -> impl Iterator<Item = &TermNode> {
        self.terms
            .iter()
            .enumerate()
            .filter(|(i, _)| self.publishes(*i))
            .map(|(_, t)| t)
    }
}

/// Collects the pages tagged with each term.
pub fn build(taxonomies: &[Taxonomy], graph: &Graph) -> Vec<TaxonomyNode> {
    taxonomies
        .iter()
        .map(|t| {
            let name = t.config.name.as_str();
            let terms = t
                .vocabulary
                .terms
                .iter()
                .map(|term| {
                    let mut pages: Vec<PageId> = graph
                        .pages
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.page.terms(t.config.field).contains(&term.id.as_str()))
                        .map(|(i, _)| PageId(i))
                        .collect();
                    pages.sort_by_key(|p| graph.page(*p).page.title().to_lowercase());
                    TermNode {
                        term: term.clone(),
                        permalink: Permalink::from_segments([
                            name,
                            term.id.to_lowercase().as_str(),
                        ]),
                        pages,
                    }
                })
                .collect();
            TaxonomyNode {
                taxonomy: t.clone(),
                permalink: Permalink::from_segments([name]),
                terms,
            }
        })
        .collect()
}
