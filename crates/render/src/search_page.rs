//! `/search/`, rendered with the theme's `search.html` from the view the search stage hands over
//! (`search::page_view`): the filter choices and the runtime's file name.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::context::SiteView;
use crate::Templates;
use graph::Graph;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// One filter checkbox: the facet value and its label.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// The value the runtime filters by.
    pub id: String,
    /// The label shown.
    pub name: String,
}

/// One group of the search page's filters (`facets` in `search.html`, in the runtime's order);
/// a group without choices is not shown.
#[derive(Debug, Clone, Serialize)]
pub struct FacetChoices {
    /// The facet's name: the checkboxes' `name`, and the filter's in the runtime's spec.
    pub name: &'static str,
    /// The group's heading.
    pub legend: &'static str,
    /// Its checkboxes.
    pub choices: Vec<Choice>,
}

/// What the search page shows that only the search stage knows.
#[derive(Debug, Clone)]
pub struct SearchPageView {
    /// The filters.
    pub facets: Vec<FacetChoices>,
    /// The runtime's content-hashed file name under `search/`.
    pub runtime_wasm: String,
}

/// `search/index.html`, rendered with the theme's `search.html`.
pub fn search_page(
    graph: &Graph,
    templates: &Templates,
    asset_names: &BTreeMap<String, String>,
    view: &SearchPageView,
) -> Result<OutputFile, Diagnostic> {
    let base_path = graph.base_url.path();
    let site = SiteView::new(graph, asset_names);
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site);
    ctx.insert("current_url", &format!("{base_path}search/"));
    ctx.insert("permalink", &format!("{}search/", graph.base_url));
    ctx.insert("facets", &view.facets);
    ctx.insert("runtime_wasm", &view.runtime_wasm);
    let share = crate::share::Cards::new(graph, asset_names).listing(
        "Search",
        "Search the case studies, the paper, the glossary and the annotated bibliography.",
        "search/",
    );
    ctx.insert("share", &share);
    let html = templates.render("search.html", &ctx, "/search/")?;
    Ok(OutputFile::new("search/index.html", html.into_bytes()))
}
