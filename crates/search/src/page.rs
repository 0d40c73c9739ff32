//! What the search stage gives the `/search/` page (its filters and the runtime's name), and the
//! OpenSearch description that lets browsers add the site's search.

use graph::Graph;
use model::output::OutputFile;
use render::search_page::{Choice, FacetChoices, SearchPageView};

use crate::kinds::Facet;

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
        base = xml_escape(graph.base_url.as_str()),
    );
    OutputFile::new("search/opensearch.xml", xml.into_bytes())
}

/// The filter checkboxes, one group per facet: content types, every integrative function, and
/// the states that have a case study.
fn filter_choices(graph: &Graph) -> Vec<FacetChoices> {
    use model::config::TaxonomyField;
    // A value for each term with a page (every function; the states a case study is in).
    let terms = |field: TaxonomyField| -> Vec<Choice> {
        graph
            .taxonomies
            .iter()
            .filter(|t| t.taxonomy.config.field == field)
            .flat_map(|t| t.published())
            .map(|t| Choice {
                id: t.term.id.clone(),
                name: t.term.name.clone(),
            })
            .collect()
    };
    let types = || -> Vec<Choice> {
        super::DocKind::ALL
            .iter()
            .map(|k| Choice {
                id: k.id().into(),
                name: k.label().into(),
            })
            .collect()
    };
    Facet::ALL
        .into_iter()
        .map(|facet| FacetChoices {
            name: facet.name(),
            legend: facet.legend(),
            choices: match facet {
                Facet::Type => types(),
                Facet::Function => terms(TaxonomyField::Functions),
                Facet::State => terms(TaxonomyField::State),
            },
        })
        .collect()
}

/// What `/search/` shows that the search stage decides: its filters and the runtime's name.
/// The render stage renders the page ([`render::search_page`]).
pub fn page_view(graph: &Graph) -> SearchPageView {
    SearchPageView {
        facets: filter_choices(graph),
        runtime_wasm: super::runtime_wasm_name(),
    }
}
