//! The web editor's `config.yml`, as Decap CMS reads it: the backend (GitHub through Netlify's
//! sign-in, pull requests through the editorial workflow) and one collection per kind of page,
//! each field taken from the schema's field tables (`content::fields`) with its choices from
//! the vocabularies and the bibliography the checks use.

use serde::Serialize;
use serde_json::{json, Value};

use content::fields::{self, Field, Kind, Need};
use content::schema::{PageType, YEARS};
use graph::Graph;
use model::config::{EditorConfig, TaxonomyField};

/// The front-matter fence the site writes (TOML between `+++` lines).
const FENCE: &str = "+++";

/// The whole config file.
#[derive(Debug, Serialize)]
pub struct DecapConfig {
    backend: Backend,
    publish_mode: &'static str,
    local_backend: Value,
    site_url: String,
    display_url: String,
    media_folder: &'static str,
    public_folder: &'static str,
    collections: Vec<Collection>,
}

#[derive(Debug, Serialize)]
struct Backend {
    name: &'static str,
    repo: String,
    branch: String,
    base_url: String,
    auth_endpoint: &'static str,
}

/// One collection: a folder of pages of one type.
#[derive(Debug, Serialize)]
struct Collection {
    name: String,
    label: String,
    label_singular: String,
    description: String,
    folder: String,
    create: bool,
    extension: &'static str,
    format: &'static str,
    frontmatter_delimiter: &'static str,
    slug: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier_field: Option<&'static str>,
    summary: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    preview_path: Option<String>,
    fields: Vec<DecapField>,
}

/// One field of a form, with the options its widget takes.
#[derive(Debug, Default, Serialize)]
struct DecapField {
    name: String,
    label: String,
    widget: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label_singular: Option<&'static str>,
    #[serde(skip_serializing_if = "String::is_empty")]
    hint: String,
    required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Vec<Choice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_format: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<[&'static str; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modes: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collapsed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<Box<DecapField>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<DecapField>>,
}

/// One option of a select: what the form shows and the value written.
#[derive(Debug, Serialize)]
struct Choice {
    label: String,
    value: Value,
}

/// A citation somewhere in the text, as the check wants summaries and key points to end.
const CITED: [&str; 2] = [r"\[[^\]]*@[^\]]+\]", "Cite a source, such as [@chang2012]"];

/// The config for `graph`'s site; `case_study_body` is what a new case study's body starts as.
pub fn config(graph: &Graph, editor: &EditorConfig, case_study_body: &str) -> DecapConfig {
    let mut collections = Vec::new();
    for s in &graph.sections {
        let folder = format!("content/{}", s.section.dir);
        let title = s.section.meta.title.clone();
        let url = s.permalink.as_str().trim_start_matches('/').to_string();
        let name = s.section.dir.replace('/', "-");
        let (table, body_hint, body_default, singular, identifier) = match s.section.page_type {
            PageType::CaseStudy => (
                fields::CASE_STUDY,
                fields::CASE_STUDY_BODY,
                case_study_body.to_string(),
                "Case study",
                Some("title"),
            ),
            PageType::Glossary => (
                fields::GLOSSARY,
                fields::GLOSSARY_BODY,
                String::new(),
                "Glossary term",
                Some("title"),
            ),
            PageType::Page | PageType::Chapter => continue,
        };
        let mut fields: Vec<DecapField> = table.iter().map(|f| field(graph, f)).collect();
        fields.push(body(body_hint, body_default));
        collections.push(Collection {
            name: if name.is_empty() { "home".into() } else { name },
            label: title,
            label_singular: singular.into(),
            description: s.section.meta.description.clone().unwrap_or_default(),
            folder,
            create: true,
            extension: "md",
            format: "toml-frontmatter",
            frontmatter_delimiter: FENCE,
            slug: "{{slug}}",
            identifier_field: identifier,
            summary: "{{title}}",
            preview_path: Some(format!("{url}{{{{slug}}}}/")),
            fields,
        });
    }
    let parts: String = content::bibliography::annotation::PARTS
        .iter()
        .map(|p| format!("## {p}\n\n"))
        .collect();
    let mut annotation: Vec<DecapField> =
        fields::ANNOTATION.iter().map(|f| field(graph, f)).collect();
    annotation.push(body(fields::ANNOTATION_BODY, parts));
    collections.push(Collection {
        name: "annotations".into(),
        label: "Bibliography annotations".into(),
        label_singular: "Annotation".into(),
        description: "The annotation of each bibliography entry, named for its key. A new work needs its entry in bibliography/references.bib first (CONTRIBUTING.md says how), so annotations are edited here, not created.".into(),
        folder: "bibliography/annotations".into(),
        create: false,
        extension: "md",
        format: "toml-frontmatter",
        frontmatter_delimiter: FENCE,
        slug: "{{slug}}",
        // Annotations have no title (the file is named for its key, shown as the summary), and
        // Decap refuses a collection without an identifying field: one that every annotation has.
        identifier_field: Some("evidence_type"),
        summary: "{{slug}}",
        preview_path: Some("bibliography/{{slug}}/".into()),
        fields: annotation,
    });
    let local_backend = match &editor.local_backend {
        Some(url) => json!({ "url": url }),
        None => json!(true),
    };
    DecapConfig {
        backend: Backend {
            name: "github",
            repo: editor.repo.as_str().to_string(),
            branch: editor.branch.clone(),
            base_url: editor.auth_url.clone(),
            auth_endpoint: "auth",
        },
        publish_mode: "editorial_workflow",
        local_backend,
        site_url: graph.base_url.to_string(),
        display_url: graph.base_url.to_string(),
        media_folder: "static/uploads",
        public_folder: "/uploads",
        collections,
    }
}

/// The Markdown body of a page.
fn body(hint: &str, default: String) -> DecapField {
    DecapField {
        name: "body".into(),
        label: "Page text".into(),
        widget: "markdown",
        hint: hint.into(),
        required: true,
        default: (!default.is_empty()).then_some(Value::String(default)),
        // The rich-text mode rewrites Markdown (it escapes the brackets of `[@key]` citations
        // and drops `{#fn-…}` heading ids), so the body is edited as the Markdown it is.
        modes: Some(vec!["raw"]),
        ..DecapField::default()
    }
}

fn field(graph: &Graph, f: &Field) -> DecapField {
    let mut d = DecapField {
        name: f.name.into(),
        label: f.label.into(),
        hint: f.hint.into(),
        required: f.need == Need::Filled,
        ..DecapField::default()
    };
    let empty_list = || Some(json!([]));
    match f.kind {
        Kind::Line => d.widget = "string",
        Kind::Text => {
            d.widget = "text";
            if f.name == "summary" {
                d.pattern = Some(CITED);
            }
        }
        Kind::Date => {
            d.widget = "datetime";
            d.format = Some("YYYY-MM-DD");
            d.date_format = Some("YYYY-MM-DD");
            d.time_format = Some(false);
            // Today, for a page written now.
            d.default = Some(json!("{{now}}"));
        }
        Kind::Switch(default) => {
            d.widget = "boolean";
            d.default = Some(json!(default));
        }
        Kind::Number => {
            d.widget = "number";
            d.value_type = Some("int");
        }
        Kind::Choice(words) => {
            d.widget = "select";
            d.options = Some(words.iter().map(|w| word(w)).collect());
        }
        Kind::Year(words) => {
            d.widget = "select";
            let years = YEARS.rev().map(|y| Choice {
                label: y.to_string(),
                value: json!(y),
            });
            d.options = Some(words.iter().map(|w| word(w)).chain(years).collect());
        }
        Kind::Terms { field, many, also } => {
            d.widget = "select";
            d.options = Some(
                terms(graph, field)
                    .into_iter()
                    .chain(also.iter().map(|w| word(w)))
                    .collect(),
            );
            if many {
                d.multiple = Some(true);
                d.default = empty_list();
            }
        }
        Kind::Topics => {
            d.widget = "select";
            d.multiple = Some(true);
            d.min = Some(1);
            d.options = Some(
                graph
                    .topics
                    .terms
                    .iter()
                    .map(|t| choice(&t.name, &t.id))
                    .collect(),
            );
        }
        Kind::Sources => {
            d.widget = "select";
            d.multiple = Some(true);
            d.min = Some(1);
            d.options = Some(
                graph
                    .bibliography
                    .entries
                    .iter()
                    .map(|e| {
                        let key = e.key.as_str();
                        let title = e.field("title").unwrap_or_default();
                        choice(&format!("{key}: {title}"), key)
                    })
                    .collect(),
            );
        }
        kind @ (Kind::Lines { .. } | Kind::Names) => {
            let (item, min, max) = match kind {
                Kind::Lines { item, min, max } => (item, min, max),
                _ => ("Author", 0, None),
            };
            d.widget = "list";
            d.label_singular = Some(item);
            d.default = empty_list();
            // Short lines (key points) are read and written in place: shown open, not as a
            // row of collapsed "Key point" labels.
            d.collapsed = Some(false);
            d.min = (min > 0).then_some(min);
            d.max = max;
            let mut item = DecapField {
                name: "item".into(),
                label: item.into(),
                widget: if min > 0 { "text" } else { "string" },
                required: true,
                ..DecapField::default()
            };
            if f.name == "key_points" {
                item.pattern = Some(CITED);
            }
            d.field = Some(Box::new(item));
        }
        Kind::Group(inner) => {
            d.widget = "object";
            d.collapsed = Some(false);
            d.fields = Some(inner.iter().map(|f| field(graph, f)).collect());
        }
        Kind::Groups {
            item,
            fields: inner,
        } => {
            d.widget = "list";
            d.label_singular = Some(item);
            d.default = empty_list();
            d.summary = Some("{{fields.name}}");
            d.fields = Some(inner.iter().map(|f| field(graph, f)).collect());
        }
    }
    d
}

/// The terms of the taxonomy reading `field`, as options labelled with their names.
fn terms(graph: &Graph, field: TaxonomyField) -> Vec<Choice> {
    graph
        .taxonomies
        .iter()
        .filter(|t| t.taxonomy.config.field == field)
        .flat_map(|t| &t.taxonomy.vocabulary.terms)
        .map(|t| match t.number {
            Some(n) => choice(&format!("{n}. {}", t.name), &t.id),
            None => choice(&t.name, &t.id),
        })
        .collect()
}

fn choice(label: &str, value: &str) -> Choice {
    Choice {
        label: label.into(),
        value: json!(value),
    }
}

/// A word such as "unknown", shown with what it means.
fn word(w: &str) -> Choice {
    let label = match w {
        "unknown" => "unknown (the sources do not say)".to_string(),
        "ongoing" => "ongoing (still working)".to_string(),
        other => other.to_string(),
    };
    choice(&label, w)
}
