//! Internal links: every `@/path.md#anchor` must name an existing page and heading. Resolving them
//! also gives each page its backlinks.

use std::collections::{BTreeMap, BTreeSet};

use super::{Graph, NodeId, PageId, SectionId};
use content::Page;
use model::diagnostics::{did_you_mean, Diagnostic};

/// Checks every internal link and fills in backlinks. `excluded_drafts` are the drafts a build
/// leaves out: a link to one from a page that is published is broken, even when the drafts are
/// in the graph to be checked.
pub fn resolve_links(
    graph: &mut Graph,
    excluded_drafts: &[Page],
    invalid: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let left_out: BTreeSet<&str> = excluded_drafts
        .iter()
        .map(|p| p.content_path.as_str())
        .collect();
    let mut backlinks: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
    let sources = (0..graph.pages.len())
        .map(|i| NodeId::Page(PageId(i)))
        .chain((0..graph.sections.len()).map(|i| NodeId::Section(SectionId(i))));
    for source in sources {
        for (analysis, offset) in graph.texts(source) {
            let file = match source {
                NodeId::Page(p) => graph.page(p).page.file.clone(),
                NodeId::Section(s) => graph.section(s).section.file.clone(),
            };
            for link in &analysis.links {
                let span = offset + link.span.start..offset + link.span.end;
                // A page with errors of its own is left out of the graph; its errors say why, so
                // links to it are not reported too.
                if invalid.contains(&link.path) {
                    continue;
                }
                let from_draft = match source {
                    NodeId::Page(p) => graph.page(p).page.draft(),
                    NodeId::Section(s) => graph.section(s).section.meta.draft,
                };
                let to_left_out = !from_draft && left_out.contains(link.path.as_str());
                let found = graph.lookup(&link.path).filter(|_| !to_left_out);
                let Some(target) = found else {
                    let mut d = Diagnostic::error(
                        &file,
                        span,
                        format!("broken link: no content file `{}`", link.path),
                    );
                    d = if left_out.contains(link.path.as_str()) {
                        d.with_help("that page is a draft: it is left out unless you build with --drafts; publish it or remove the link")
                    } else {
                        let paths = graph.by_path.keys().map(String::as_str);
                        let help = did_you_mean(&link.path, paths).unwrap_or_else(|| {
                        "link to a file by its path under content/, e.g. `@/case-studies/bridgeport-prospers.md`".into()
                    });
                        d.with_help(help)
                    };
                    problems.push(d);
                    continue;
                };
                if let Some(anchor) = &link.anchor {
                    let target_body = graph.body(target);
                    if target_body.analysis.heading(anchor).is_none() {
                        let ids = target_body.analysis.headings.iter().map(|h| h.id.as_str());
                        let help = did_you_mean(anchor, ids).unwrap_or_else(|| {
                            format!(
                                "headings of {} have the ids: {}",
                                link.path,
                                target_body
                                    .analysis
                                    .headings
                                    .iter()
                                    .map(|h| format!("`{}`", h.id))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        });
                        problems.push(
                            Diagnostic::error(
                                &file,
                                span,
                                format!("broken link: `{}` has no heading `#{anchor}`", link.path),
                            )
                            .with_help(help),
                        );
                        continue;
                    }
                }
                if target != source {
                    backlinks.entry(target).or_default().insert(source);
                }
            }
        }
    }
    for (target, sources) in backlinks {
        let mut list: Vec<NodeId> = sources.into_iter().collect();
        list.sort_by(|a, b| {
            graph
                .title_and_link(*a)
                .0
                .to_lowercase()
                .cmp(&graph.title_and_link(*b).0.to_lowercase())
                .then(a.cmp(b))
        });
        match target {
            NodeId::Page(p) => graph.pages[p.0].backlinks = list,
            NodeId::Section(s) => graph.sections[s.0].backlinks = list,
        }
    }
    problems
}
