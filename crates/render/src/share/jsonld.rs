//! Structured data (schema.org as JSON-LD): `Article` for case studies, with the network it is
//! about as an `Organization` and its place; `ScholarlyArticle` for paper chapters; `WebSite`
//! with a `SearchAction` for the home page. Only facts the front matter states go in.

use serde_json::{json, Map, Value};

use super::ImageView;
use crate::context::{self, NOT_REPORTED};
use content::bibliography::Name;
use content::schema::{CaseStudyMeta, PageType};
use graph::{Graph, NodeId, PageNode};
use model::config::TaxonomyField;

/// The text of a `<script type="application/ld+json">` element holding `value`: JSON with `<`,
/// `>` and `&` written as `\u` escapes, so no title or summary can close the element or open a
/// comment, whatever it contains (JSON parsers read the escapes back as the same characters).
pub fn script_text(value: &Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The site as a `WebSite`, with its search as a `SearchAction` when search is on.
pub fn website(graph: &Graph) -> Value {
    let c = &graph.config;
    let base = &graph.base_url;
    let mut site = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": c.title,
        "description": c.description,
        "url": base.as_str(),
        "inLanguage": c.language,
    });
    if c.search {
        site["potentialAction"] = json!({
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{base}search/?q={{search_term_string}}"),
            },
            "query-input": "required name=search_term_string",
        });
    }
    site
}

/// A case study's or chapter's structured data; `None` for other pages.
pub fn page(graph: &Graph, node: &PageNode, url: &str, image: Option<&ImageView>) -> Option<Value> {
    let p = &node.page;
    let kind = match p.page_type() {
        PageType::CaseStudy => "Article",
        PageType::Chapter => "ScholarlyArticle",
        PageType::Page | PageType::Glossary => return None,
    };
    let c = &graph.config;
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": kind,
        "headline": p.title(),
        "name": p.title(),
        "description": p.description(),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": c.language,
        "isPartOf": {
            "@type": "WebSite",
            "name": c.title,
            "url": graph.base_url.as_str(),
        },
    });
    if let Some(image) = image {
        v["image"] = json!({
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        });
    }
    // The authors only where the front matter names them (the citation's corporate author is
    // the site's, which `isPartOf` already says).
    if !p.authors().is_empty() {
        v["author"] = p.authors().iter().map(person).collect();
    }
    if let (PageType::Chapter, Some(d)) = (p.page_type(), p.date()) {
        v["dateModified"] = json!(d.to_string());
    }
    if let Some(cs) = p.case_study() {
        v["dateModified"] = json!(cs.last_reviewed.to_string());
        if let Some(about) = network(graph, cs) {
            v["about"] = about;
        }
    }
    if p.page_type() == PageType::Chapter {
        let section = context::link(graph, NodeId::Section(node.section));
        v["isPartOf"] = json!({
            "@type": "CreativeWork",
            "name": section.title,
            "url": graph.base_url.absolute(graph.section(node.section).permalink.as_str()),
            "isPartOf": v["isPartOf"].clone(),
        });
    }
    Some(v)
}

/// An author as schema.org names one: a `Person` in parts, or an `Organization`.
fn person(name: &Name) -> Value {
    match name {
        Name::Person { family, given } => json!({
            "@type": "Person",
            "name": format!("{given} {family}"),
            "givenName": given,
            "familyName": family,
        }),
        Name::Organization(org) => json!({ "@type": "Organization", "name": org }),
    }
}

/// The network a case study is about, with its place; `None` when the sources do not name it.
fn network(graph: &Graph, cs: &CaseStudyMeta) -> Option<Value> {
    let name = context::known(&cs.network);
    if name == NOT_REPORTED {
        return None;
    }
    let mut org = Map::new();
    org.insert("@type".into(), json!("Organization"));
    org.insert("name".into(), json!(name));
    let (city, state) = place(graph, cs);
    if city.is_some() || state.is_some() {
        let mut address = Map::new();
        address.insert("@type".into(), json!("PostalAddress"));
        if let Some(city) = &city {
            address.insert("addressLocality".into(), json!(city));
        }
        if let Some(state) = &state {
            address.insert("addressRegion".into(), json!(state));
        }
        let label: Vec<&str> = [city.as_deref(), state.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        org.insert(
            "location".into(),
            json!({ "@type": "Place", "name": label.join(", "), "address": address }),
        );
    }
    Some(Value::Object(org))
}

/// The city and the state's display name of a case study, each when reported.
pub fn place(graph: &Graph, cs: &CaseStudyMeta) -> (Option<String>, Option<String>) {
    let states = graph
        .taxonomies
        .iter()
        .map(|t| &t.taxonomy)
        .find(|t| t.config.field == TaxonomyField::State);
    let city = Some(context::known(&cs.location.city))
        .filter(|c| *c != NOT_REPORTED)
        .map(str::to_string);
    let state = Some(context::term_name(states, &cs.location.state)).filter(|s| s != NOT_REPORTED);
    (city, state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let v = json!({ "headline": "</script><!-- & \u{2028}" });
        let text = script_text(&v);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
