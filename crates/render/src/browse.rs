//! What the home page and case-study lists need to get a reader to the right case quickly: the
//! case studies shown as cards on the home page, and the filter controls of a list (one group
//! per taxonomy, each term linked to its own page so the filters work without JavaScript).

use serde::Serialize;

use super::context::{link, LinkView, PageSummary};
use super::Renderer;
use content::schema::PageType;
use graph::{NodeId, PageId, SectionId};

/// How many case studies the home page shows before it defers to the list page.
pub const HOME_CARDS: usize = 12;

/// The case studies on the home page.
#[derive(Serialize)]
pub struct Featured<'a> {
    /// The cards shown: every case study while there are at most [`HOME_CARDS`], else the most
    /// recently reviewed ones.
    pub pages: Vec<PageSummary<'a>>,
    /// How many case studies the site has.
    pub total: usize,
    /// The list of all of them.
    pub list: Option<LinkView>,
}

/// A way into the site from the home page: a section or taxonomy with one line on what is there.
#[derive(Serialize)]
pub struct EntryPoint<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
    /// What is there, in one sentence (the section's or taxonomy's description).
    pub description: &'a str,
}

/// One term of a filter group, with how many of the list's pages it tags.
#[derive(Serialize)]
pub struct FilterTerm<'a> {
    /// Term id (the value in the list's URL, `?functions=<id>`).
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// The term's own page: the filtered list without JavaScript.
    pub url: String,
    /// Tagged pages in this list.
    pub count: usize,
}

/// The filter controls for one taxonomy.
#[derive(Serialize)]
pub struct FilterGroup<'a> {
    /// Taxonomy name (the URL parameter).
    pub name: &'a str,
    /// Taxonomy title.
    pub title: &'a str,
    /// Terms that tag at least one page of the list.
    pub terms: Vec<FilterTerm<'a>>,
}

impl Renderer<'_> {
    /// The case-study cards of the home page.
    pub(super) fn featured(&self) -> Featured<'_> {
        let g = self.graph;
        let section = g
            .sections
            .iter()
            .position(|s| s.section.page_type == PageType::CaseStudy)
            .map(SectionId);
        let mut ids = self.case_studies();
        let total = ids.len();
        if total > HOME_CARDS {
            // Newest review first; the stable sort keeps the list's order among equals.
            ids.sort_by_key(|p| std::cmp::Reverse(g.page(*p).page.date()));
            ids.truncate(HOME_CARDS);
        }
        Featured {
            pages: ids.into_iter().map(|p| self.summary(p)).collect(),
            total,
            list: section.map(|s| link(g, NodeId::Section(s))),
        }
    }

    /// The home page's entry points: the top-level sections that are not case-study lists (those
    /// are the cards), then the first taxonomy (the integrative functions on this site).
    pub(super) fn entry_points(&self) -> Vec<EntryPoint<'_>> {
        let g = self.graph;
        let base = g.base_url.path();
        let sections = g.home().into_iter().flat_map(|h| {
            g.section(h)
                .subsections
                .iter()
                .map(|s| g.section(*s))
                .filter(|s| s.section.page_type != PageType::CaseStudy)
        });
        let mut sections: Vec<_> = sections.collect();
        sections.sort_by_key(|s| (s.section.meta.weight.is_none(), s.section.meta.weight));
        let mut out: Vec<EntryPoint<'_>> = sections
            .into_iter()
            .map(|s| EntryPoint {
                title: &s.section.meta.title,
                url: s.permalink.url(base),
                description: s.section.meta.description.as_deref().unwrap_or_default(),
            })
            .collect();
        out.extend(g.taxonomies.first().map(|t| EntryPoint {
            title: &t.taxonomy.config.title,
            url: t.permalink.url(base),
            description: &t.taxonomy.config.description,
        }));
        out
    }

    /// The filter groups of a list of `pages` (empty unless they are case studies).
    pub(super) fn filters(&self, pages: &[PageId]) -> Vec<FilterGroup<'_>> {
        let g = self.graph;
        let base = g.base_url.path();
        g.taxonomies
            .iter()
            .map(|tax| FilterGroup {
                name: &tax.taxonomy.config.name,
                title: &tax.taxonomy.config.title,
                terms: tax
                    .terms
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| tax.publishes(*i))
                    .filter_map(|(_, t)| {
                        let count = t.pages.iter().filter(|p| pages.contains(p)).count();
                        (count > 0).then(|| FilterTerm {
                            id: &t.term.id,
                            name: &t.term.name,
                            url: t.permalink.url(base),
                            count,
                        })
                    })
                    .collect(),
            })
            .filter(|group| !group.terms.is_empty())
            .collect()
    }
}
