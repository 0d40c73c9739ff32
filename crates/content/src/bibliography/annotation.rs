//! Annotations (`bibliography/annotations/<key>.md`): front matter saying what kind of evidence a
//! work is, and exactly three parts: Summary, Evaluation, Relevance to integrators.

use serde::{Deserialize, Serialize};

use crate::front_matter;
use crate::load::TextFile;
use crate::vocab::Vocabulary;
use crate::Body;
use crate::{check, fields};
use model::diagnostics::{did_you_mean, Diagnostic};
use model::span::char_at;

/// What kind of evidence a work is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceType {
    /// A study published after peer review.
    PeerReviewedStudy,
    /// A report.
    Report,
    /// A framework.
    Framework,
    /// An article.
    Article,
    /// A podcast.
    Podcast,
    /// A web page.
    WebPage,
    /// A blog post.
    BlogPost,
    /// A funder's description of a grant.
    GrantDescription,
    /// Practical material for people doing the work: tools, toolkits, guides, compendiums.
    Tool,
    /// A webinar.
    Webinar,
}

impl EvidenceType {
    /// Every kind, in the order forms and messages list them.
    pub const ALL: [EvidenceType; 10] = [
        Self::PeerReviewedStudy,
        Self::Report,
        Self::Framework,
        Self::Article,
        Self::Podcast,
        Self::WebPage,
        Self::BlogPost,
        Self::GrantDescription,
        Self::Tool,
        Self::Webinar,
    ];

    /// The id written in front matter and in addresses (`peer-reviewed-study`).
    pub fn id(self) -> &'static str {
        EVIDENCE_TYPES[self as usize]
    }

    /// What readers see (`Peer-reviewed study`).
    pub fn name(self) -> &'static str {
        match self {
            Self::PeerReviewedStudy => "Peer-reviewed study",
            Self::Report => "Report",
            Self::Framework => "Framework",
            Self::Article => "Article",
            Self::Podcast => "Podcast",
            Self::WebPage => "Web page",
            Self::BlogPost => "Blog post",
            Self::GrantDescription => "Grant description",
            Self::Tool => "Tool",
            Self::Webinar => "Webinar",
        }
    }
}

/// The ids of [`EvidenceType::ALL`], in its order (the field table's choices; a test holds
/// the two together).
pub const EVIDENCE_TYPES: &[&str] = &[
    "peer-reviewed-study",
    "report",
    "framework",
    "article",
    "podcast",
    "web-page",
    "blog-post",
    "grant-description",
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
    pub evidence_type: EvidenceType,
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
    // Each field checked on its own (the field table's rules: the evidence types, the
    // switch), so every problem of the front matter is reported in one run.
    let mut problems = Vec::new();
    let meta: Option<AnnotationMeta> = check::read(
        path,
        &file.text,
        &split,
        fields::ANNOTATION,
        "annotation",
        &mut problems,
    )
    .and_then(|checked| checked.typed(path, &split, &mut problems));
    let Some(meta) = meta else {
        return Err(problems);
    };
    let body = Body::new(file.text.clone(), split.body_offset);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_are_the_serde_names_in_order() {
        assert_eq!(EVIDENCE_TYPES.len(), EvidenceType::ALL.len());
        for t in EvidenceType::ALL {
            let written = serde_json::to_value(t).unwrap();
            assert_eq!(written, t.id(), "{t:?}");
            let read: EvidenceType = serde_json::from_value(written).unwrap();
            assert_eq!(read, t);
        }
    }
}
