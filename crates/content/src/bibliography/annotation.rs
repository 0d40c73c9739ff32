//! Annotations (`bibliography/annotations/<key>.md`): front matter saying what kind of evidence a
//! work is, and exactly three parts: Summary, Evaluation, Relevance to integrators.

use serde::{Deserialize, Serialize};

use crate::front_matter;
use crate::load::TextFile;
use crate::vocab::Vocabulary;
use crate::Body;
use model::diagnostics::{did_you_mean, Diagnostic};
use model::span::char_at;

/// The kinds of evidence an annotation may name.
pub const EVIDENCE_TYPES: &[&str] = &[
    "peer-reviewed-study",
    "report",
    "framework",
    "article",
    "podcast",
    "web-page",
    "blog-post",
    "grant-description",
    // Practical material for people doing the work: tools, toolkits, guides, compendiums.
    "tool",
    "webinar",
];

/// The three parts every annotation has, in order.
pub const PARTS: [&str; 3] = ["Summary", "Evaluation", "Relevance to integrators"];

/// Front matter of an annotation.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnnotationMeta {
    /// What kind of evidence the work is.
    pub evidence_type: String,
    /// Topic ids from `data/topics.toml`.
    pub topics: Vec<String>,
    /// Whether the work was peer reviewed.
    pub peer_reviewed: bool,
}

/// A parsed annotation.
#[derive(Debug, Clone)]
pub struct Annotation {
    /// The annotation file.
    pub file: std::path::PathBuf,
    /// Its front matter.
    pub meta: AnnotationMeta,
    /// Its Markdown body (the three parts).
    pub body: Body,
}

/// Parses and checks one annotation file.
pub fn parse(file: &TextFile, topics: Option<&Vocabulary>) -> Result<Annotation, Vec<Diagnostic>> {
    let path = &file.path;
    let split = front_matter::split(path, &file.text).map_err(|d| vec![d])?;
    let meta: AnnotationMeta = front_matter::parse(path, &file.text, &split).map_err(|d| {
        vec![d.with_help("annotation front matter has: evidence_type, topics, peer_reviewed (see docs/content-format.md)")]
    })?;
    let body = Body::new(file.text.clone(), split.body_offset);
    let mut problems = Vec::new();
    if !EVIDENCE_TYPES.contains(&meta.evidence_type.as_str()) {
        let mut help = format!(
            "allowed: {}",
            EVIDENCE_TYPES
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(d) = did_you_mean(&meta.evidence_type, EVIDENCE_TYPES.iter().copied()) {
            help = format!("{d} {help}");
        }
        problems.push(
            Diagnostic::error(
                path,
                front_matter::locate(&split, &meta.evidence_type),
                format!("unknown evidence type `{}`", meta.evidence_type),
            )
            .with_help(help),
        );
    }
    if let Some(vocab) = topics {
        let mut at = front_matter::Locator::new(&split);
        for t in &meta.topics {
            if vocab.term(t).is_none() {
                let mut help = format!("allowed topics (data/topics.toml): {}", vocab.allowed());
                if let Some(d) = did_you_mean(t, vocab.terms.iter().map(|x| x.id.as_str())) {
                    help = format!("{d} {help}");
                }
                problems.push(
                    Diagnostic::error(path, at.value(t), format!("unknown topic `{t}`"))
                        .with_help(help),
                );
            }
        }
    }
    let parts: Vec<&str> = body
        .analysis
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| h.text.as_str())
        .collect();
    if parts != PARTS {
        let at = char_at(&file.text, split.body_offset);
        problems.push(
            Diagnostic::error(path, at, format!("an annotation has exactly three parts, found: {}", if parts.is_empty() { "none".into() } else { parts.join(", ") }))
                .with_help("write the headings `## Summary`, `## Evaluation` and `## Relevance to integrators`, in that order, each followed by text"),
        );
    } else {
        for h in body.analysis.headings.iter().filter(|h| h.level == 2) {
            if h.lead.is_none() {
                // At the heading of the empty part.
                let at = char_at(&file.text, split.body_offset + h.offset);
                problems.push(
                    Diagnostic::error(path, at, format!("the part `{}` is empty", h.text))
                        .with_help("write two to five sentences under it"),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(Annotation {
            file: path.clone(),
            meta,
            body,
        })
    } else {
        Err(problems)
    }
}
