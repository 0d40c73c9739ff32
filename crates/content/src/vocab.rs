//! Controlled vocabularies (`data/*.toml`): the only terms a taxonomy field may use, so a typo is
//! an error instead of a new term.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::load::TextFile;
use model::config::{toml_diagnostic, TaxonomyConfig, TaxonomyField};
use model::diagnostics::Diagnostic;

/// A group of terms, e.g. one of the three domains of the integrative functions.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One allowed term.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Stable identifier used in front matter and URLs.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Position in a numbered list (the functions are numbered 1–11).
    #[serde(default)]
    pub number: Option<u32>,
    /// The domain id this term belongs to.
    #[serde(default)]
    pub domain: Option<String>,
    /// One-sentence description, when the vocabulary gives one.
    #[serde(default)]
    pub description: Option<String>,
}

/// A vocabulary file's contents.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Optional groups of terms.
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// The terms, in display order.
    #[serde(default)]
    pub terms: Vec<Term>,
}

impl Vocabulary {
    /// The term with this id.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// A comma-separated list of the allowed ids, for error help.
    pub fn allowed(&self) -> String {
        self.terms
            .iter()
            .map(|t| format!("`{}`", t.id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A declared taxonomy with its loaded vocabulary.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    /// The taxonomy's config.
    #[serde(skip)]
    pub config: TaxonomyConfig,
    /// Its allowed terms.
    pub vocabulary: Vocabulary,
}

/// Loads every declared taxonomy's vocabulary from the data files.
pub fn load(
    taxonomies: &[TaxonomyConfig],
    data: &[TextFile],
    config_file: &Path,
) -> (Vec<Taxonomy>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for t in taxonomies {
        let Some(file) = data.iter().find(|f| f.path == t.vocabulary) else {
            problems.push(
                Diagnostic::general(
                    Some(config_file.to_path_buf()),
                    format!(
                        "taxonomy `{}`: vocabulary file {} not found",
                        t.name,
                        t.vocabulary.display()
                    ),
                )
                .with_help(
                    "create the file under data/ or fix the `vocabulary` path in brightspot.toml",
                ),
            );
            continue;
        };
        match toml::from_str::<Vocabulary>(&file.text) {
            Ok(vocabulary) => {
                problems.extend(check_unique(&file.path, &file.text, &vocabulary));
                out.push(Taxonomy {
                    config: t.clone(),
                    vocabulary,
                });
            }
            Err(e) => problems.push(toml_diagnostic(&file.path, 0, &file.text, &e)),
        }
    }
    (out, problems)
}

fn check_unique(path: &PathBuf, text: &str, v: &Vocabulary) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for t in &v.terms {
        if !seen.insert(&t.id) {
            let at = text.rfind(&format!("\"{}\"", t.id)).unwrap_or(0);
            problems.push(Diagnostic::error(
                path,
                at..at + t.id.len() + 2,
                format!("term `{}` is listed twice", t.id),
            ));
        }
        if let Some(d) = &t.domain {
            if !v.domains.iter().any(|x| &x.id == d) {
                let at = text.find(&format!("\"{d}\"")).unwrap_or(0);
                problems.push(Diagnostic::error(
                    path,
                    at..at + d.len() + 2,
                    format!("term `{}` names an unknown domain `{d}`", t.id),
                ));
            }
        }
    }
    problems
}

/// The taxonomy reading `field`, if one is declared.
pub fn for_field(taxonomies: &[Taxonomy], field: TaxonomyField) -> Option<&Taxonomy> {
    taxonomies.iter().find(|t| t.config.field == field)
}
