//! Internal links: every `@/path.md#anchor` must name an existing page and heading, and every
//! link written as an address of the site (`/case-studies/x/#results`, or absolute at the
//! site's `base_url`; `site_links.rs`) a page and heading, or another output. Resolving them
//! also gives each page its backlinks.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use super::outputs::OutputSet;
use super::site_links::{self, SiteTarget};
use super::{Graph, NodeId};
use content::Page;
use model::diagnostics::{did_you_mean, Diagnostic};

const DRAFT_HELP: &str = "that page is a draft: it is left out unless you build with --drafts; publish it or remove the link";

/// Checks every internal link and fills in backlinks. `excluded_drafts` are the drafts a build
/// leaves out: a link to one from a page that is published is broken, even when the drafts are
/// in the graph to be checked. Site addresses that name no page are left for
/// [`check_site_links`], once every output path is known.
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
    let by_url = pages_by_url(graph);
    let mut backlinks: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
    for source in graph.nodes() {
        let file = graph.file(source).to_path_buf();
        let from_draft = is_draft(graph, source);
        for (analysis, offset) in graph.texts(source) {
            for link in &analysis.links {
                let span = offset + link.span.start..offset + link.span.end;
                // A page with errors of its own is left out of the graph; its errors say why, so
                // links to it are not reported too.
                if invalid.contains(&link.path) {
                    continue;
                }
                let to_left_out = !from_draft && left_out.contains(link.path.as_str());
                let found = graph.lookup(&link.path).filter(|_| !to_left_out);
                let Some(target) = found else {
                    let mut d = Diagnostic::error(
                        &file,
                        span,
                        format!("broken link: no content file `{}`", link.path),
                    );
                    d = if left_out.contains(link.path.as_str()) {
                        d.with_help(DRAFT_HELP)
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
                    if let Some(d) = missing_anchor(graph, &file, span, target, anchor, &link.path)
                    {
                        problems.push(d);
                        continue;
                    }
                }
                if target != source {
                    backlinks.entry(target).or_default().insert(source);
                }
            }
        }
        for link in site_links::of(graph, source) {
            let target = match &link.target {
                Ok(t) => t,
                Err(why) => {
                    problems.push(
                        Diagnostic::error(
                            &file,
                            link.span.clone(),
                            format!("broken link: `{}` is not an address of this site", link.url),
                        )
                        .with_help(why.clone()),
                    );
                    continue;
                }
            };
            let Some(&node) = by_url.get(&target.page_key()) else {
                continue;
            };
            if !from_draft && is_draft(graph, node) && !excluded_drafts.is_empty() {
                let path = content_path(graph, node);
                if left_out.contains(path.as_str()) {
                    problems.push(
                        Diagnostic::error(
                            &file,
                            link.span.clone(),
                            format!("broken link: no page at `{}`", link.url),
                        )
                        .with_help(DRAFT_HELP),
                    );
                    continue;
                }
            }
            if let Some(anchor) = &target.anchor {
                let shown = format!("{}{}", target.prefix, target.path);
                if let Some(d) =
                    missing_anchor(graph, &file, link.span.clone(), node, anchor, &shown)
                {
                    problems.push(d);
                    continue;
                }
            }
            if node != source {
                backlinks.entry(node).or_default().insert(source);
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

/// Checks the site addresses that name no page against every output path (taxonomy and
/// reference pages, static files, short links, …): one that names nothing is a broken link, with
/// the nearest page's address suggested in the writer's own form.
pub fn check_site_links(graph: &Graph, outputs: &OutputSet) -> Vec<Diagnostic> {
    let by_url = pages_by_url(graph);
    let mut problems = Vec::new();
    for source in graph.nodes() {
        let file = graph.file(source).to_path_buf();
        for link in site_links::of(graph, source) {
            let Ok(target) = &link.target else { continue };
            if by_url.contains_key(&target.page_key())
                || target
                    .output_candidates()
                    .iter()
                    .any(|p| outputs.contains(p))
            {
                continue;
            }
            let help = if graph.draft_urls.contains(&target.page_key()) {
                DRAFT_HELP.to_string()
            } else {
                nearest(graph, target, &by_url)
            };
            problems.push(
                Diagnostic::error(
                    &file,
                    link.span.clone(),
                    format!("broken link: no page at `{}`", link.url),
                )
                .with_help(help),
            );
        }
    }
    problems
}

/// "did you mean" the nearest address of a page, a section, a taxonomy or a term, written with
/// the same prefix as the link.
fn nearest(graph: &Graph, target: &SiteTarget, by_url: &BTreeMap<String, NodeId>) -> String {
    let wanted = format!("{}{}", target.prefix, target.page_key());
    let taxonomies = graph.taxonomies.iter().flat_map(|t| {
        std::iter::once(t.permalink.as_str())
            .chain(t.terms.iter().map(|term| term.permalink.as_str()))
    });
    let candidates: Vec<String> = by_url
        .keys()
        .map(String::as_str)
        .chain(taxonomies)
        .map(|k| format!("{}{k}", target.prefix))
        .collect();
    did_you_mean(&wanted, candidates.iter().map(String::as_str)).unwrap_or_else(|| {
        "copy the address from the browser while the page is open, or link to its file under content/, e.g. `@/case-studies/bridgeport-prospers.md`".to_string()
    })
}

/// `#anchor` must be a heading id of the target; the error lists the nearest ones.
fn missing_anchor(
    graph: &Graph,
    file: &Path,
    span: Range<usize>,
    target: NodeId,
    anchor: &str,
    shown: &str,
) -> Option<Diagnostic> {
    let target_body = graph.body(target);
    if target_body.analysis.heading(anchor).is_some() {
        return None;
    }
    let ids = target_body.analysis.headings.iter().map(|h| h.id.as_str());
    let help = did_you_mean(anchor, ids).unwrap_or_else(|| {
        format!(
            "headings of {shown} have the ids: {}",
            target_body
                .analysis
                .headings
                .iter()
                .map(|h| format!("`{}`", h.id))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    Some(
        Diagnostic::error(
            file,
            span,
            format!("broken link: `{shown}` has no heading `#{anchor}`"),
        )
        .with_help(help),
    )
}

/// Every page and section by its permalink (`case-studies/x/`; the home page is empty).
fn pages_by_url(graph: &Graph) -> BTreeMap<String, NodeId> {
    graph
        .nodes()
        .map(|n| (graph.title_and_link(n).1.as_str().to_string(), n))
        .collect()
}

fn content_path(graph: &Graph, node: NodeId) -> String {
    match node {
        NodeId::Page(p) => graph.page(p).page.content_path.clone(),
        NodeId::Section(s) => format!("{}/_index.md", graph.section(s).section.dir),
    }
}

fn is_draft(graph: &Graph, node: NodeId) -> bool {
    match node {
        NodeId::Page(p) => graph.page(p).page.draft(),
        NodeId::Section(s) => graph.section(s).section.meta.draft,
    }
}
