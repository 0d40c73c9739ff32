//! Citations: every `@key` must name a bibliography entry. Resolving them also records, for each
//! entry, which pages cite it and under which heading ("Cited by").

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{Graph, NodeId, PageId, SectionId};
use content::front_matter;
use model::diagnostics::{did_you_mean, Diagnostic};

/// A place that cites an entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CitedBy {
    /// The citing page or section.
    #[serde(skip)]
    pub node: NodeId,
    /// Id and text of the heading the citation falls under, if any.
    pub heading: Option<(String, String)>,
}

/// Checks every citation key (in bodies and case-study `sources`) and builds the cited-by lists,
/// keyed by entry key, each list in a stable order without duplicates.
pub fn resolve_citations(graph: &Graph) -> (BTreeMap<String, Vec<CitedBy>>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut cited_by: BTreeMap<String, Vec<CitedBy>> = BTreeMap::new();
    let nodes = (0..graph.pages.len())
        .map(|i| NodeId::Page(PageId(i)))
        .chain((0..graph.sections.len()).map(|i| NodeId::Section(SectionId(i))));
    let bib = &graph.bibliography;
    for node in nodes {
        let file = match node {
            NodeId::Page(p) => graph.page(p).page.file.clone(),
            NodeId::Section(s) => graph.section(s).section.file.clone(),
        };
        let mut seen = HashSet::new();
        for (analysis, offset) in graph.texts(node) {
            for c in &analysis.citations {
                for item in &c.items {
                    if bib.broken.contains(&item.key) {
                        continue;
                    }
                    if bib.get(&item.key).is_none() {
                        let help = did_you_mean(&item.key, bib.keys()).unwrap_or_else(|| {
                        "add the work to bibliography/references.bib (with an annotation), or fix the key".into()
                    });
                        problems.push(
                            Diagnostic::error(
                                &file,
                                offset + item.key_span.start..offset + item.key_span.end,
                                format!("unknown citation key `{}`", item.key),
                            )
                            .with_help(help),
                        );
                        continue;
                    }
                    let heading = analysis.heading_before(c.span.start);
                    // Each (entry, heading) once per page, found without scanning the list.
                    let id = heading.map(|h| h.id.as_str());
                    if !seen.insert((item.key.as_str(), id)) {
                        continue;
                    }
                    cited_by.entry(item.key.clone()).or_default().push(CitedBy {
                        node,
                        heading: heading.map(|h| (h.id.clone(), h.text.clone())),
                    });
                }
            }
        }
        if let NodeId::Page(p) = node {
            if let Some(cs) = graph.page(p).page.case_study() {
                let text = &graph.page(p).page.body.file_text;
                let split = front_matter::split(&file, text).ok();
                let mut at = split.as_ref().map(front_matter::Locator::new);
                for key in &cs.sources {
                    if bib.get(key).is_none() && !bib.broken.contains(key) {
                        let span = at.as_mut().map_or(0..1, |at| at.value(key));
                        let help = did_you_mean(key, bib.keys()).unwrap_or_else(|| {
                            "list keys of entries in bibliography/references.bib".into()
                        });
                        problems.push(
                            Diagnostic::error(
                                &file,
                                span,
                                format!("unknown bibliography key `{key}` in `sources`"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
        }
    }
    for list in cited_by.values_mut() {
        list.sort_by(|a, b| {
            let ta = graph.title_and_link(a.node).0.to_lowercase();
            let tb = graph.title_and_link(b.node).0.to_lowercase();
            ta.cmp(&tb).then_with(|| a.cmp(b))
        });
    }
    (cited_by, problems)
}
