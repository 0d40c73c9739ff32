//! The web editor's `config.yml` against the schema it is written from: every front-matter field
//! of each page type (as serde reads it) is in its collection, with the label, help and
//! required-ness of the field tables, and every vocabulary term, topic, evidence type and
//! bibliography key is offered where it may be used; a term added to `data/` appears without
//! any other change.

use std::collections::BTreeSet;

use serde::de::{self, Deserialize, Visitor};
use serde_json::Value;

use crate::common::{brightspot, real_site, repo, site_copy, Site};
use brightspot::content::bibliography::annotation::{AnnotationMeta, EVIDENCE_TYPES};
use brightspot::content::fields::{self, Field, Need};
use brightspot::content::schema::{CaseStudyMeta, GlossaryMeta, Location, Organization, Years};

/// A deserializer that answers nothing but records the field names serde asks a struct for.
struct Probe<'a>(&'a mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only structs are probed"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("probed"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The front-matter keys of a page type's struct `T`, which flattens the fields every page
/// type shares (so serde declares no list to probe): the table's sample read into `T` (its
/// `deny_unknown_fields` refuses a key the struct lacks) and written back, which writes every
/// key the struct has.
fn page_fields<T: serde::de::DeserializeOwned + serde::Serialize>(
    table: &'static [Field],
) -> Vec<String> {
    let typed: T = serde_json::from_value(fields::sample(table)).expect("the sample is read");
    match serde_json::to_value(typed).expect("written") {
        Value::Object(map) => map.keys().cloned().collect(),
        other => panic!("a page type is written as a table, not {other}"),
    }
}

/// The front-matter keys of `T`, in the order serde declares them.
fn schema_fields<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    assert!(!fields.is_empty(), "serde declared no fields");
    fields.to_vec()
}

fn config(site: &Site) -> Value {
    serde_yaml_ng::from_str(&site.read("admin/config.yml")).expect("config.yml is YAML")
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection `{name}`"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field `{name}` in {fields}"))
}

fn names(fields: &Value) -> BTreeSet<String> {
    fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

fn option_values(field: &Value) -> BTreeSet<String> {
    field["options"]
        .as_array()
        .unwrap_or_else(|| panic!("{} has no options", field["name"]))
        .iter()
        .map(|o| match &o["value"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// Every field of `fields` (a config.yml field list) against the schema's `keys` and the field
/// table `table`: the same names, and each with the table's label, help and required-ness.
fn assert_matches(fields: &Value, keys: &[&str], table: &[Field], with_body: bool, what: &str) {
    let mut expected: BTreeSet<String> = keys.iter().map(|k| k.to_string()).collect();
    if with_body {
        expected.insert("body".into());
    }
    assert_eq!(
        names(fields),
        expected,
        "{what}: the form's fields are the schema's"
    );
    for f in table {
        let d = field(fields, f.name);
        assert_eq!(d["label"], f.label, "{what}.{}", f.name);
        assert_eq!(d["hint"], f.hint, "{what}.{}", f.name);
        assert_eq!(d["required"], f.need == Need::Filled, "{what}.{}", f.name);
        assert!(d["widget"].is_string(), "{what}.{} has a widget", f.name);
    }
}

fn terms(file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn config_yml_has_every_field_of_the_schema_and_every_vocabulary_term() {
    let site = real_site();
    let config = config(&site);
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["base_url"], "https://api.netlify.com");
    assert!(config["backend"]["repo"].as_str().unwrap().contains('/'));
    assert_eq!(config["publish_mode"], "editorial_workflow");
    assert_eq!(config["local_backend"], true);

    let cs = collection(&config, "case-studies");
    assert_eq!(cs["folder"], "content/case-studies");
    assert_eq!(cs["format"], "toml-frontmatter");
    assert_eq!(cs["frontmatter_delimiter"], "+++");
    assert_eq!(cs["create"], true);
    let f = &cs["fields"];
    assert_matches(
        f,
        &page_fields::<CaseStudyMeta>(fields::CASE_STUDY)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        fields::CASE_STUDY,
        true,
        "case study",
    );
    let location = &field(f, "location")["fields"];
    assert_eq!(
        names(location),
        schema_fields::<Location>()
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert_eq!(
        names(&field(f, "years")["fields"]),
        schema_fields::<Years>()
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let organization: BTreeSet<String> = schema_fields::<Organization>()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names(&field(f, "integrator")["fields"]), organization);
    assert_eq!(names(&field(f, "partners")["fields"]), organization);
    assert_eq!(field(f, "partners")["widget"], "list");
    assert_eq!(field(f, "key_points")["widget"], "list");
    assert_eq!(field(f, "key_points")["min"], 3);
    assert_eq!(field(f, "key_points")["max"], 5);

    // Vocabularies as selects, every term offered.
    let sectors = terms("data/sectors.toml");
    for (name, file) in [
        ("functions", "data/functions.toml"),
        ("focus_areas", "data/focus-areas.toml"),
        ("sectors", "data/sectors.toml"),
    ] {
        let d = field(f, name);
        assert_eq!(d["widget"], "select");
        assert_eq!(d["multiple"], true);
        assert_eq!(option_values(d), terms(file), "{name}");
    }
    let state = field(location, "state");
    assert_eq!(state["widget"], "select");
    assert_eq!(option_values(state), terms("data/states.toml"));
    for org in ["integrator", "partners"] {
        let sector = field(&field(f, org)["fields"], "sector");
        let mut expected = sectors.clone();
        expected.insert("unknown".into());
        assert_eq!(option_values(sector), expected, "{org}.sector");
    }
    let years = &field(f, "years")["fields"];
    let start = option_values(field(years, "start"));
    assert!(start.contains("unknown") && start.contains("2014") && !start.contains("ongoing"));
    assert!(option_values(field(years, "end")).contains("ongoing"));

    // Every bibliography entry can be chosen as a source.
    let bib = std::fs::read_to_string(repo().join("bibliography/references.bib")).unwrap();
    let keys: BTreeSet<String> = biblatex::Bibliography::parse(&bib)
        .unwrap()
        .iter()
        .map(|e| e.key.clone())
        .collect();
    assert!(!keys.is_empty());
    assert_eq!(option_values(field(f, "sources")), keys);

    // The body starts from the archetype's headings.
    let body = field(f, "body");
    assert_eq!(body["widget"], "markdown");
    let default = body["default"].as_str().unwrap();
    let archetype = std::fs::read_to_string(repo().join("archetypes/case-study.md")).unwrap();
    let headings: Vec<&str> = archetype.lines().filter(|l| l.starts_with("## ")).collect();
    assert!(headings.len() >= 4);
    assert_eq!(
        default
            .lines()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>(),
        headings
    );

    let glossary = collection(&config, "glossary");
    assert_eq!(glossary["folder"], "content/glossary");
    assert_matches(
        &glossary["fields"],
        &page_fields::<GlossaryMeta>(fields::GLOSSARY)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        fields::GLOSSARY,
        true,
        "glossary term",
    );

    let annotations = collection(&config, "annotations");
    assert_eq!(annotations["folder"], "bibliography/annotations");
    let a = &annotations["fields"];
    assert_matches(
        a,
        &schema_fields::<AnnotationMeta>(),
        fields::ANNOTATION,
        true,
        "annotation",
    );
    assert_eq!(
        option_values(field(a, "evidence_type")),
        EVIDENCE_TYPES.iter().map(|s| s.to_string()).collect()
    );
    assert_eq!(option_values(field(a, "topics")), terms("data/topics.toml"));
}

#[test]
fn a_term_added_to_data_appears_in_the_editor_without_other_change() {
    let dir = site_copy();
    let sectors = dir.path().join("data/sectors.toml");
    let mut text = std::fs::read_to_string(&sectors).unwrap();
    text.push_str("\n[[terms]]\nid = \"transportation\"\nname = \"Transportation\"\n");
    std::fs::write(&sectors, text).unwrap();
    let out = dir.path().join("out");
    brightspot(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let config = config(&Site::at(out));
    let f = &collection(&config, "case-studies")["fields"];
    assert!(option_values(field(f, "sectors")).contains("transportation"));
    let integrator = &field(f, "integrator")["fields"];
    assert!(option_values(field(integrator, "sector")).contains("transportation"));
}

#[test]
fn the_editor_is_not_in_the_sitemap_and_asks_not_to_be_indexed() {
    let site = real_site();
    assert!(!site.read("sitemap.xml").contains("/admin/"));
    let page = site.read("admin/index.html");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(
        page.contains("<noscript>"),
        "says what to do without JavaScript"
    );
}

#[test]
fn without_the_vendored_editor_the_build_says_how_to_get_it() {
    let dir = site_copy();
    std::fs::remove_dir_all(dir.path().join("vendor")).unwrap();
    let run = brightspot(&["check", "--root", dir.path().to_str().unwrap()]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("scripts/vendor-decap.sh"),
        "{}",
        run.stderr
    );
}
