//! The three honesty checks as functions from documents (and sources) to problems, each
//! `file:line: what is wrong`, so the tests can run them on the real site and on small texts.

use std::path::Path;

use super::prose::{self, has_citation, quotations, sentences, BlockKind, Doc};
use super::sources::{find_quote, words, Runs, Source, RUN};

/// Names of organisations, programs and labelled concepts that may be written out in full
/// although a source spells them the same way (titles of works come from
/// `bibliography/references.bib`, names of vocabulary terms from `data/*.toml`).
const NAMES: &[&str] = &[
    "Exploring the Roles & Functions of Health Systems within Population Health Integrator Networks",
    "Sharswood THRIVE: Community by Design",
    "UCLA's Center for Healthier Children, Families & Communities",
    "Nemours National Office of Policy & Prevention",
    "United Way of Coastal Fairfield County",
    "New Jersey Community Capital",
    "St. Joseph's Health",
    "City of Paterson",
    "The Duke Endowment",
    "Ready for School, Ready for Life",
    "Blue Meridian Partners",
    "Family Connects",
    "Nurse-Family Partnership",
    "Health Care Anchor Network",
    "The Democracy Collaborative",
    "Children's National",
    "HSC Health Care System",
    "Howard University Hospital",
    "Bread for the City",
    "Community of Hope",
    "Mary's Center",
    "Ending Hunger for Good",
    // The five conditions of collective impact, as the summary of evidence names them.
    "Common Agenda",
    "Shared Measurement",
    "Mutually Reinforcing Activities",
    "Continuous Communication",
    "Backbone Support",
];

/// Headings whose sections only point to other pages.
const NAVIGATION_HEADINGS: &[&str] = &["What comes next", "See also"];

/// Openings of sentences about the site itself (signposts to its chapters and pages).
const SIGNPOSTS: &[&str] = &[
    "This chapter",
    "This page",
    "This paper",
    "This site",
    "This section",
    "The next chapter",
    "Chapter ",
    "See ",
];

/// Verbs of saying after "does not" in a statement that the sources are silent on something.
const SAYING: &[&str] = &[
    "say",
    "state",
    "report",
    "name",
    "give",
    "show",
    "describe",
    "explain",
    "mention",
    "list",
    "specify",
    "record",
    "identify",
    "establish",
    "measure",
    "tell",
    "indicate",
    "date",
    "define",
    "quote",
    "confirm",
    "detail",
    "cover",
    "include",
    "attribute",
    "spell",
    "claim",
    "link",
    "map",
    "connect",
];

/// Every content page and annotation, in path order.
pub fn site_docs(root: &Path) -> Vec<Doc> {
    let mut docs = Vec::new();
    for dir in ["content", "bibliography/annotations"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                let rel = crate::common::slash_path(root, path);
                let text = std::fs::read_to_string(path).unwrap().replace("\r\n", "\n");
                docs.push(Doc::parse(&rel, &text));
            }
        }
    }
    docs
}

/// Each quotation that is not word for word in a source, as `file:line: quote`.
pub fn unverified_quotes(docs: &[Doc], sources: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for doc in docs {
        for block in &doc.blocks {
            match quotations(&block.text) {
                Err(at) => out.push(format!(
                    "{}:{}: quotation mark opened and never closed: {}",
                    doc.rel,
                    block.line_at(at),
                    block.text[at..].chars().take(80).collect::<String>()
                )),
                Ok(quotes) => {
                    for quote in quotes {
                        let text = &block.text[quote.clone()];
                        if find_quote(sources, text).is_none() && !words(text).is_empty() {
                            out.push(format!(
                                "{}:{}: not word for word in any source: \u{201c}{text}\u{201d}",
                                doc.rel,
                                block.line_at(quote.start)
                            ));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The words of a block outside quotation marks and citations, in stretches that never run
/// across a quotation or an allowed name.
fn free_stretches(text: &str, allowed: &[Vec<String>]) -> Vec<Vec<(usize, String)>> {
    let mut masked = text.to_string();
    // Same byte length, so word positions still point into `text`.
    let blank = |masked: &mut String, range: std::ops::Range<usize>, with: char| {
        let fill: String = masked[range.clone()]
            .chars()
            .flat_map(|c| std::iter::repeat_n(with, c.len_utf8()))
            .collect();
        masked.replace_range(range, &fill);
    };
    for quote in quotations(text).unwrap_or_default() {
        // The quotation marks are three bytes each.
        blank(&mut masked, quote.start - 3..quote.end + 3, '|');
    }
    for citation in brightspot::markdown::citations::find(text) {
        blank(&mut masked, citation.span, ' ');
    }
    let mut stretches = vec![Vec::new()];
    for (at, word) in words(&masked) {
        let broken = masked[..at].trim_end().ends_with('|');
        if broken && !stretches.last().unwrap().is_empty() {
            stretches.push(Vec::new());
        }
        stretches.last_mut().unwrap().push((at, word));
    }
    // Allowed names break a stretch too.
    let mut out = Vec::new();
    for stretch in stretches {
        let ws: Vec<&String> = stretch.iter().map(|(_, w)| w).collect();
        let mut cut = vec![false; stretch.len()];
        for name in allowed {
            for at in 0..stretch.len().saturating_sub(name.len() - 1) {
                if ws[at..at + name.len()]
                    .iter()
                    .zip(name)
                    .all(|(a, b)| *a == b)
                {
                    cut[at..at + name.len()].iter_mut().for_each(|c| *c = true);
                }
            }
        }
        let mut current = Vec::new();
        for (word, cut) in stretch.into_iter().zip(cut) {
            if cut {
                out.push(std::mem::take(&mut current));
            } else {
                current.push(word);
            }
        }
        out.push(current);
    }
    out.retain(|s| s.len() >= RUN);
    out
}

/// Each run of [`RUN`] or more words outside quotation marks shared with a source.
pub fn copied_runs(docs: &[Doc], sources: &[Source], allowed: &[Vec<String>]) -> Vec<String> {
    let runs = Runs::of(sources);
    let mut out = Vec::new();
    for doc in docs {
        for block in &doc.blocks {
            for stretch in free_stretches(&block.text, allowed) {
                let ws: Vec<String> = stretch.iter().map(|(_, w)| w.clone()).collect();
                for (from, to, source) in runs.copied(&ws) {
                    out.push(format!(
                        "{}:{}: {} words shared with {} outside quotation marks: \u{201c}{}\u{201d}",
                        doc.rel,
                        block.line_at(stretch[from].0),
                        to - from,
                        sources[source].name,
                        ws[from..to].join(" ")
                    ));
                }
            }
        }
    }
    out
}

/// The sentence says that the sources do not say something (which no citation can support).
fn says_sources_are_silent(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    let silent = [
        "no source",
        "none of the sources",
        "neither source",
        "not reported in",
        "not described",
        "not stated in",
        "not given in",
        "not named in",
        "the sources are silent",
        "the source is silent",
    ];
    silent.iter().any(|s| lower.contains(s))
        || ["do not ", "does not ", "did not ", "doesn't ", "don't "]
            .iter()
            .any(|neg| {
                lower.match_indices(neg).any(|(at, _)| {
                    let next = lower[at + neg.len()..]
                        .split(|c: char| !c.is_alphabetic())
                        .next();
                    next.is_some_and(|verb| SAYING.contains(&verb))
                })
            })
}

/// Why a sentence of a block needs no citation, or `None` if it needs one.
fn needs_no_citation(block: &prose::Block, sentence: &str) -> Option<&'static str> {
    let sentence = sentence.trim();
    if block.kind == BlockKind::Heading || NAVIGATION_HEADINGS.contains(&block.section.as_str()) {
        Some("heading or navigation")
    } else if block.cell.is_some_and(|(head, column)| head || column == 0) {
        Some("table header or row label")
    } else if block.is_guidance() {
        Some("the site's own guidance")
    } else if block.led_in {
        Some("item of a list introduced by a cited sentence")
    } else if block.introduces_cited_list && sentence.ends_with(':') {
        Some("introduces a list whose every item is cited")
    } else if SIGNPOSTS.iter().any(|s| sentence.starts_with(s))
        || (sentence.starts_with("For ") && sentence.contains(", see "))
    {
        Some("signpost to another page")
    } else if says_sources_are_silent(sentence) {
        Some("says the sources are silent")
    } else {
        None
    }
}

/// Each sentence of a chapter or case-study body without a citation that needs one.
pub fn uncited_sentences(docs: &[Doc]) -> Vec<String> {
    let mut out = Vec::new();
    let in_scope = |rel: &str| {
        (rel.starts_with("content/paper/") || rel.starts_with("content/case-studies/"))
            && !rel.ends_with("/_index.md")
    };
    for doc in docs.iter().filter(|d| in_scope(&d.rel)) {
        for block in doc
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::FrontMatter)
        {
            let text = &block.text[block.label_end..];
            for range in sentences(text) {
                let sentence = &text[range.clone()];
                if !has_citation(sentence) && needs_no_citation(block, sentence).is_none() {
                    out.push(format!(
                        "{}:{}: sentence without a citation: {}",
                        doc.rel,
                        block.line_at(block.label_end + range.start),
                        sentence.trim()
                    ));
                }
            }
        }
    }
    out
}

/// Titles of the works in the bibliography, names of vocabulary terms and [`NAMES`], as word
/// sequences of two words or more (a single word would hide too much).
pub fn allowed_names(root: &Path) -> Vec<Vec<String>> {
    use biblatex::ChunksExt;
    let bib = std::fs::read_to_string(root.join("bibliography/references.bib")).unwrap();
    let bib = biblatex::Bibliography::parse(&bib).expect("references.bib parses");
    let mut names: Vec<String> = bib
        .iter()
        .filter_map(|e| e.title().ok().map(|t| t.format_verbatim()))
        .collect();
    for entry in std::fs::read_dir(root.join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let table: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let terms = table.get("terms").and_then(|t| t.as_array()).cloned();
            for term in terms.unwrap_or_default() {
                if let Some(name) = term.get("name").and_then(|n| n.as_str()) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
        .into_iter()
        .chain(NAMES.iter().map(|n| n.to_string()))
        .map(|t| words(&t).into_iter().map(|(_, w)| w).collect::<Vec<_>>())
        .filter(|w| w.len() >= 2)
        .collect()
}
