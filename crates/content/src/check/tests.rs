//! The check's tables held to the typed schema.

use super::*;
use crate::schema::{CaseStudyMeta, ChapterMeta, GenericMeta, GlossaryMeta, SectionMeta};

use super::sample as all;

#[test]
fn the_typed_structs_refuse_a_misspelt_key_beside_the_shared_fields() {
    // The shared fields (`PageFields`) are flattened into each page type's struct; the
    // outer struct's `deny_unknown_fields` must still refuse a key no field has.
    fn refused<T: serde::de::DeserializeOwned>(table: &[Field], typo: &str) {
        let J::Object(mut json) = all(table) else {
            unreachable!("a sample is a table")
        };
        assert!(serde_json::from_value::<T>(J::Object(json.clone())).is_ok());
        json.insert(typo.into(), J::Bool(true));
        let err = serde_json::from_value::<T>(J::Object(json))
            .err()
            .unwrap_or_else(|| panic!("`{typo}` was accepted"));
        assert!(
            err.to_string().contains(&format!("unknown field `{typo}`")),
            "{err}"
        );
    }
    for typo in ["titel", "alias", "drafts"] {
        refused::<CaseStudyMeta>(fields::CASE_STUDY, typo);
        refused::<GenericMeta>(fields::PAGE, typo);
        refused::<ChapterMeta>(fields::CHAPTER, typo);
        refused::<GlossaryMeta>(fields::GLOSSARY, typo);
        refused::<SectionMeta>(fields::SECTION, typo);
    }
}

#[test]
fn the_field_table_and_the_typed_schema_agree() {
    // The typed structs refuse unknown fields, so a name or kind the table has and the
    // schema lacks fails here.
    serde_json::from_value::<CaseStudyMeta>(all(fields::CASE_STUDY)).unwrap();
    serde_json::from_value::<GenericMeta>(all(fields::PAGE)).unwrap();
    serde_json::from_value::<ChapterMeta>(all(fields::CHAPTER)).unwrap();
    serde_json::from_value::<GlossaryMeta>(all(fields::GLOSSARY)).unwrap();
    serde_json::from_value::<SectionMeta>(all(fields::SECTION)).unwrap();
    // Stand-ins of the required fields alone make a readable case study.
    let required: Vec<Field> = fields::CASE_STUDY
        .iter()
        .filter(|f| f.required())
        .copied()
        .collect();
    let json = J::Object(
        required
            .iter()
            .map(|f| (f.name.to_string(), stand_in(f)))
            .collect(),
    );
    serde_json::from_value::<CaseStudyMeta>(json).unwrap();
}
