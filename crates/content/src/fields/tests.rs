//! The tables held to the typed schema, and every field explained.

use super::*;
use crate::bibliography::annotation::AnnotationMeta;
use crate::schema::{CaseStudyMeta, GlossaryMeta};

const CASE_STUDY_TOML: &str = r#"
title = "T"
summary = "S [@k]."
key_points = ["a [@k].", "b [@k].", "c [@k]."]
network = "N"
status = "unknown"
functions = []
focus_areas = []
sectors = []
sources = ["k"]
last_reviewed = 2026-12-01
authors = ["Doe, Jane"]
aliases = []
draft = true
short = "/t"
slug = "t"
weight = 1
partners = []
[location]
city = "C"
state = "CT"
[years]
start = 2014
end = "ongoing"
[integrator]
name = "I"
sector = "unknown"
role = "R"
"#;

/// For each field of `table`: the sample without it still parses exactly when the table
/// says the field may be left out. `checked` names fields the check (not the parser)
/// demands, such as the key points.
fn holds<T: serde::de::DeserializeOwned>(table: &[Field], sample: &str, checked: &[&str]) {
    let full: toml::Table = toml::from_str(sample).unwrap();
    assert!(T::deserialize(full.clone()).is_ok(), "the sample parses");
    for f in table {
        let mut without = full.clone();
        assert!(
            without.remove(f.name).is_some(),
            "the sample has `{}`",
            f.name
        );
        let parses = T::deserialize(without).is_ok();
        let may_be_left_out = f.need == Need::Optional || checked.contains(&f.name);
        assert_eq!(parses, may_be_left_out, "`{}` is {:?}", f.name, f.need);
    }
    assert_eq!(
        table.len(),
        full.len(),
        "the table has every field of the sample"
    );
}

#[test]
fn the_tables_say_what_the_schema_requires() {
    // `aliases` and `draft` are fields every page type shares (`PageFields`, optional for the
    // other types), so a case study's need of them is the check's, like its key points'.
    holds::<CaseStudyMeta>(
        CASE_STUDY,
        CASE_STUDY_TOML,
        &["key_points", "aliases", "draft"],
    );
    let glossary =
        "title = \"T\"\nsummary = \"S\"\nalso = []\nslug = \"t\"\naliases = []\ndraft = false\n";
    holds::<GlossaryMeta>(GLOSSARY, glossary, &[]);
    let annotation = "evidence_type = \"report\"\ntopics = [\"x\"]\npeer_reviewed = false\n";
    holds::<AnnotationMeta>(ANNOTATION, annotation, &[]);
}

#[test]
fn every_field_explains_itself() {
    fn each(fields: &[Field]) {
        for f in fields {
            assert!(
                !f.label.is_empty() && f.hint.len() > 20,
                "`{}` needs help text",
                f.name
            );
            if let Kind::Group(inner) | Kind::Groups { fields: inner, .. } = f.kind {
                each(inner);
            }
        }
    }
    each(CASE_STUDY);
    each(GLOSSARY);
    each(ANNOTATION);
}
