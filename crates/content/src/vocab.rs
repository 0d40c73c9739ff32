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

/// A vocabulary's terms as written, for where their ids and domains are (every other key is
/// ignored here: [`Vocabulary`] refuses unknown ones).
#[derive(Deserialize)]
struct WrittenVocabulary {
    #[serde(default)]
    terms: Vec<WrittenTerm>,
}

#[derive(Deserialize)]
struct WrittenTerm {
    id: toml::Spanned<String>,
    #[serde(default)]
    domain: Option<toml::Spanned<String>>,
}

fn check_unique(path: &PathBuf, text: &str, v: &Vocabulary) -> Vec<Diagnostic> {
    // toml's own spans (the text parsed as a vocabulary, so it parses as this).
    let written = toml::from_str::<WrittenVocabulary>(text).ok();
    let term = |i: usize| written.as_ref().and_then(|w| w.terms.get(i));
    let mut seen = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (i, t) in v.terms.iter().enumerate() {
        if !seen.insert(&t.id) {
            problems.push(Diagnostic::error(
                path,
                term(i).map_or(0..1, |w| w.id.span()),
                format!("term `{}` is listed twice", t.id),
            ));
        }
        if let Some(d) = &t.domain {
            if !v.domains.iter().any(|x| &x.id == d) {
                let span = term(i)
                    .and_then(|w| w.domain.as_ref())
                    .map_or(0..1, toml::Spanned::span);
                problems.push(Diagnostic::error(
                    path,
                    span,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_id_and_an_unknown_domain_are_reported_where_they_are_written() {
        // The comment names both first, and the repeated id's first listing comes before the
        // second: toml's spans, not a search of the text, place them.
        let text = "# \"a\" and \"nowhere\" are examples\n[[domains]]\nid = \"d\"\nname = \"D\"\n\n[[terms]]\nid = \"a\"\nname = \"A\"\n\n[[terms]]\nid = \"b\"\nname = \"B\"\ndomain = \"nowhere\"\n\n[[terms]]\nid = \"a\"\nname = \"A again\"\n";
        let v: Vocabulary = toml::from_str(text).unwrap();
        let problems = check_unique(&PathBuf::from("data/x.toml"), text, &v);
        let at: Vec<(&str, usize, &str)> = problems
            .iter()
            .map(|d| {
                let span = d.span.clone().unwrap();
                (
                    &text[span.clone()],
                    model::diagnostics::line_col(text, span.start).0,
                    d.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            at,
            [
                (
                    "\"nowhere\"",
                    13,
                    "term `b` names an unknown domain `nowhere`"
                ),
                ("\"a\"", 16, "term `a` is listed twice"),
            ]
        );
    }
}
