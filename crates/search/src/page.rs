//! The `/search/` page and the OpenSearch description that lets browsers add the site's search.

use graph::Graph;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;
use render::context::SiteView;
use render::Templates;
use std::collections::BTreeMap;

fn xml_escape(s: &str) -> String {
    search_runtime::excerpt::escape(s)
}

/// `search/opensearch.xml`: the description browsers read to offer the site's search.
pub fn opensearch(graph: &Graph) -> OutputFile {
    let title = &graph.config.title;
    // ShortName may hold at most 16 characters: the part of the title before a colon, cut.
    let short: String = title
        .split(':')
        .next()
        .unwrap_or(title)
        .trim()
        .chars()
        .take(16)
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n\
         \x20 <ShortName>{short}</ShortName>\n\
         \x20 <Description>{desc}</Description>\n\
         \x20 <InputEncoding>UTF-8</InputEncoding>\n\
         \x20 <Url type=\"text/html\" method=\"get\" template=\"{base}search/?q={{searchTerms}}\"/>\n\
         </OpenSearchDescription>\n",
        short = xml_escape(short.trim()),
        desc = xml_escape(&format!("Search {title}")),
        base = xml_escape(&graph.config.base_url()),
    );
    OutputFile::new("search/opensearch.xml", xml.into_bytes())
}

#[derive(serde::Serialize)]
struct Choice {
    id: String,
    name: String,
}

/// The filter checkboxes: content types, every integrative function, and the states that have a
/// case study.
fn filter_choices(graph: &Graph) -> serde_json::Value {
    use model::config::TaxonomyField;
    let terms = |field: TaxonomyField, all: bool| -> Vec<Choice> {
        graph
            .taxonomies
            .iter()
            .filter(|t| t.taxonomy.config.field == field)
            .flat_map(|t| &t.terms)
            .filter(|t| all || !t.pages.is_empty())
            .map(|t| Choice {
                id: t.term.id.clone(),
                name: t.term.name.clone(),
            })
            .collect()
    };
    let types: Vec<Choice> = super::TYPES
        .iter()
        .map(|(id, name)| Choice {
            id: (*id).into(),
            name: (*name).into(),
        })
        .collect();
    serde_json::json!({
        "types": types,
        "functions": terms(TaxonomyField::Functions, true),
        "states": terms(TaxonomyField::State, false),
    })
}

/// `search/index.html`, rendered with the theme's `search.html`.
pub fn search_page(
    graph: &Graph,
    templates: &Templates,
    asset_names: &BTreeMap<String, String>,
) -> Result<OutputFile, Diagnostic> {
    let base_path = graph.config.base_path();
    let site = SiteView::new(graph, asset_names);
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site);
    ctx.insert("current_url", &format!("{base_path}search/"));
    ctx.insert("permalink", &format!("{}search/", graph.config.base_url()));
    ctx.insert("facets", &filter_choices(graph));
    ctx.insert("runtime_wasm", &super::runtime_wasm_name());
    let html = templates.render("search.html", &ctx, "/search/")?;
    Ok(OutputFile::new("search/index.html", html.into_bytes()))
}
