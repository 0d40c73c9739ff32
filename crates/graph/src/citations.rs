//! Citations: every `@key` must name a bibliography entry. Resolving them also records, for each
//! entry, which pages cite it and under which heading ("Cited by").

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{Graph, NodeId};
use content::bibliography::{Bibliography, CiteKey};
use content::{front_matter, Page};
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
pub fn resolve_citations(graph: &Graph) -> (BTreeMap<CiteKey, Vec<CitedBy>>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut cited_by: BTreeMap<CiteKey, Vec<CitedBy>> = BTreeMap::new();
    let bib = &graph.bibliography;
    for node in graph.nodes() {
        let file = graph.file(node).to_path_buf();
        let mut seen = HashSet::new();
        for (analysis, offset) in graph.texts(node) {
            for c in &analysis.citations {
                for item in &c.items {
                    if bib.broken.contains(&item.key) {
                        continue;
                    }
                    if bib.get(&item.key).is_none() {
                        problems.push(unknown_key(&file, offset, item, bib));
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
            problems.extend(unlisted_sources(&graph.page(p).page, bib));
            if let Some(cs) = graph.page(p).page.case_study() {
                let text = &graph.page(p).page.body.file_text;
                let split = front_matter::split(&file, text).ok();
                let mut at = split.as_ref().map(front_matter::Locator::new);
                for key in &cs.sources {
                    if bib.get(key).is_none() && !bib.broken.contains(key) {
                        let span = at.as_mut().map_or(0..1, |at| at.value(key.as_str()));
                        let help = did_you_mean(key.as_str(), bib.keys()).unwrap_or_else(|| {
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

fn unknown_key(
    file: &std::path::Path,
    offset: usize,
    item: &markdown::citations::CiteItem,
    bib: &Bibliography,
) -> Diagnostic {
    let help = did_you_mean(item.key.as_str(), bib.keys()).unwrap_or_else(|| {
        "add the work to bibliography/references.bib (with an annotation), or fix the key".into()
    });
    Diagnostic::error(
        file,
        offset + item.key_span.start..offset + item.key_span.end,
        format!("unknown citation key `{}`", item.key),
    )
    .with_help(help)
}

/// The citation keys of pages left out for problems of their own (`Content::rejected`), so one
/// run reports a bad key beside the front matter's problems.
pub fn check_rejected(pages: &[Page], bib: &Bibliography) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in pages {
        for (analysis, offset) in page.texts() {
            for c in &analysis.citations {
                for item in &c.items {
                    if bib.get(&item.key).is_none() && !bib.broken.contains(&item.key) {
                        problems.push(unknown_key(&page.file, offset, item, bib));
                    }
                }
            }
        }
    }
    problems
}

/// A warning for each entry a case study cites but does not list in its `sources`, at its first
/// citation, with the `sources` line written out as it should be.
fn unlisted_sources(page: &Page, bib: &Bibliography) -> Vec<Diagnostic> {
    let Some(cs) = page.case_study() else {
        return Vec::new();
    };
    let listed: HashSet<&str> = cs.sources.iter().map(CiteKey::as_str).collect();
    let mut missing: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    for (analysis, offset) in page.texts() {
        for c in &analysis.citations {
            for item in &c.items {
                let key = item.key.as_str();
                if bib.get(key).is_some()
                    && !listed.contains(key)
                    && !missing.iter().any(|(k, _)| *k == key)
                {
                    missing.push((
                        key,
                        offset + item.key_span.start..offset + item.key_span.end,
                    ));
                }
            }
        }
    }
    missing.sort_by_key(|(_, span)| span.start);
    let mut line: Vec<String> = cs.sources.iter().map(|k| format!("\"{k}\"")).collect();
    line.extend(missing.iter().map(|(k, _)| format!("\"{k}\"")));
    let line = format!("sources = [{}]", line.join(", "));
    missing
        .into_iter()
        .map(|(key, span)| {
            Diagnostic::warning(
                page.file.clone(),
                span,
                format!("`{key}` is cited but not listed in this case study's `sources`"),
            )
            .with_help(format!("add it to `sources` in the front matter: `{line}`"))
        })
        .collect()
}
