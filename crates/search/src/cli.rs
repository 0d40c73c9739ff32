//! `brightspot search "query"`: the site's index built in memory and queried natively, for
//! contributors checking what a query finds (and as the reference the tests compare against).

use std::fmt::Write as _;

use search_runtime::excerpt::excerpt;

use super::SearchIndex;
use content::load;
use graph::{Graph, ResolveOptions};
use model::diagnostics::{Diagnostic, SourceMap};

/// Loads, validates and resolves the site at `root`: the graph the index is built from.
/// Errors come back with the sources to print them.
pub fn load_graph(
    root: &std::path::Path,
    drafts: bool,
) -> Result<Graph, (Vec<Diagnostic>, SourceMap)> {
    let sources = load::load(root)?;
    let (content, mut problems) = content::validate(&sources);
    let (graph, more) = graph::resolve(
        content,
        &sources.config,
        ResolveOptions {
            drafts,
            check_drafts: false,
        },
    );
    problems.extend(more);
    if problems.iter().any(Diagnostic::is_error) {
        model::diagnostics::sort(&mut problems);
        return Err((problems, sources.source_map()));
    }
    Ok(graph)
}

/// The results of `query` as text: the count, then one numbered line per result (title, type,
/// URL, score) with its excerpt (matches in `[…]`) under it.
pub fn format_results(
    index: &SearchIndex,
    query: &str,
    filters: &str,
    limit: usize,
) -> tantivy::Result<String> {
    let results = index.search(query, &index.filters(filters))?;
    let mut out = String::new();
    let n = results.hits.len();
    let _ = writeln!(
        out,
        "{n} result{} for \"{query}\"",
        if n == 1 { "" } else { "s" }
    );
    for (rank, hit) in results.hits.iter().take(limit).enumerate() {
        let d = &index.documents()[hit.doc as usize];
        let frag = &index.export.fragments[hit.doc as usize];
        let _ = writeln!(
            out,
            "{:>3}. {} ({}) {}  score {:.4}",
            rank + 1,
            d.title,
            d.kind.label(),
            d.url,
            hit.score
        );
        let snippet = excerpt(&frag.text, &results.terms, 24)
            .replace("<mark>", "[")
            .replace("</mark>", "]");
        let _ = writeln!(out, "     {}", unescape(&snippet));
    }
    Ok(out)
}

/// Results as JSON lines-free JSON: `{"total":n,"hits":[{"doc","url","title","score"}]}`.
pub fn json_results(
    index: &SearchIndex,
    query: &str,
    filters: &str,
    limit: usize,
) -> tantivy::Result<String> {
    let results = index.search(query, &index.filters(filters))?;
    let hits: Vec<serde_json::Value> = results
        .hits
        .iter()
        .take(limit)
        .map(|h| {
            let d = &index.documents()[h.doc as usize];
            serde_json::json!({
                "doc": h.doc,
                "url": d.url,
                "title": d.title,
                "score": h.score,
                "words": h.words,
                "exact": h.exact,
            })
        })
        .collect();
    Ok(serde_json::json!({ "total": results.hits.len(), "hits": hits }).to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
