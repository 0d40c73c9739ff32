//! The checks a case study needs beyond its field types: filled-in values ("unknown" is how a
//! writer says the sources are silent), three to five short cited key points, vocabulary terms
//! (with "did you mean" and names mapped to ids), sources and the network's years.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::front_matter::{self, Split};
use super::page::Page;
use super::schema::Year;
use super::vocab::{self, Taxonomy};
use model::config::TaxonomyField;
use model::diagnostics::{did_you_mean, Diagnostic};

/// Every problem of a case study's values, into `problems`; `broken` names the fields the
/// field checks already reported.
pub(super) fn check(
    page: &Page,
    cs: &super::schema::CaseStudyMeta,
    split: &Split<'_>,
    taxonomies: &[Taxonomy],
    broken: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let path = &page.file;
    let mut at = front_matter::Locator::new(split);
    let mut empty =
        |field: &str, table: Option<(&str, usize)>, value: &str, problems: &mut Vec<Diagnostic>| {
            if value.trim().is_empty() {
                problems.push(
                Diagnostic::error(path, at.key(field, table), format!("`{field}` is empty"))
                    .with_help(
                    "fill it in from the sources, or write \"unknown\" if the sources do not say",
                ),
            );
            }
        };
    empty("summary", None, &cs.summary, problems);
    if !broken.contains("key_points") {
        check_key_points(page, cs, split, problems);
    }
    empty("network", None, &cs.network, problems);
    empty("city", Some(("[location]", 0)), &cs.location.city, problems);
    let tables = std::iter::once(("[integrator]", 0))
        .chain((0..cs.partners.len()).map(|i| ("[[partners]]", i)));
    for (org, table) in std::iter::once(&cs.integrator)
        .chain(&cs.partners)
        .zip(tables)
    {
        empty("name", Some(table), &org.name, problems);
        empty("role", Some(table), &org.role, problems);
    }
    let mut at = front_matter::Locator::new(split);
    if cs.sources.is_empty() && !broken.contains("sources") {
        problems.push(Diagnostic::error(path, at.key("sources", None), "`sources` is empty")
            .with_help("list the bibliography keys this case study rests on, e.g. sources = [\"chang2012\"]"));
    }
    let years_span = || front_matter::locate_key(split, "years", None);
    if let (Year::Known(start), Year::Known(end)) = (&cs.years.start, &cs.years.end) {
        if start > end {
            problems.push(
                Diagnostic::error(
                    path,
                    years_span(),
                    format!("the network's years end ({end}) before they start ({start})"),
                )
                .with_help("swap `start` and `end`, or correct the one that is wrong"),
            );
        }
    }
    for (field, name) in [
        (TaxonomyField::Functions, "functions"),
        (TaxonomyField::FocusAreas, "focus_areas"),
        (TaxonomyField::Sectors, "sectors"),
        (TaxonomyField::State, "location.state"),
    ] {
        if broken.contains(name) || (name == "location.state" && broken.contains("location")) {
            continue;
        }
        if let Some(tax) = vocab::for_field(taxonomies, field) {
            for term in page.terms(field) {
                check_term(path, &mut at, tax, name, term, false, problems);
            }
        }
    }
    if let Some(tax) = vocab::for_field(taxonomies, TaxonomyField::Sectors) {
        for org in std::iter::once(&cs.integrator).chain(&cs.partners) {
            check_term(path, &mut at, tax, "sector", &org.sector, true, problems);
        }
    }
    // A function id that is not in the vocabulary is reported as such (above); asking for a
    // heading with the misspelt id would send the writer the wrong way.
    let functions = vocab::for_field(taxonomies, TaxonomyField::Functions);
    for f in &cs.functions {
        let known = functions.is_none_or(|tax| tax.vocabulary.term(f).is_some());
        let id = format!("fn-{f}");
        if known && page.body.analysis.heading(&id).is_none() {
            problems.push(Diagnostic::error(path, at.value(f), format!("function `{f}` is tagged but the page has no heading with id `{id}`"))
                .with_help(format!("under \"How integration works here\", add a heading like `### How they do it {{#{id}}}` followed by a paragraph showing the function")));
        }
    }
}

/// A case study's key points: three to five, each short and each citing its source.
fn check_key_points(
    page: &Page,
    cs: &super::schema::CaseStudyMeta,
    split: &Split<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    use super::schema::{KEY_POINTS, KEY_POINT_WORDS};
    let path = &page.file;
    let n = cs.key_points.len();
    if !KEY_POINTS.contains(&n) {
        let written = split
            .front
            .lines()
            .any(|l| l.trim_start().starts_with("key_points"));
        let (span, message) = if n == 0 && !written {
            (
                front_matter::locate_key(split, "summary", None),
                "this case study has no `key_points`".to_string(),
            )
        } else if n == 0 {
            (
                front_matter::locate_key(split, "key_points", None),
                "`key_points` is empty".to_string(),
            )
        } else {
            (
                front_matter::locate_key(split, "key_points", None),
                format!("`key_points` has {n} bullets; a case study needs 3 to 5"),
            )
        };
        problems.push(Diagnostic::error(path, span, message).with_help(
            "add `key_points = [\"…\", \"…\", \"…\"]` after `summary`: 3 to 5 short bullets saying what the network is, what it did, what came of it and the lesson, each citing its source as [@key]",
        ));
    }
    for (point, fragment) in cs.key_points.iter().zip(&page.key_points) {
        let span = fragment.offset..fragment.offset + point.len().max(1);
        if point.trim().is_empty() {
            problems.push(
                Diagnostic::error(path, span, "a key point is empty")
                    .with_help("write the point from the sources, or remove the empty string"),
            );
            continue;
        }
        if fragment.analysis.citations.is_empty() {
            problems.push(
                Diagnostic::error(path, span.clone(), "this key point cites no source")
                    .with_help("end it with the source it rests on, e.g. `… data portal [@childrensnational2013]`"),
            );
        }
        let words = fragment
            .analysis
            .first_paragraph_text
            .split_whitespace()
            .count();
        if words > KEY_POINT_WORDS {
            problems.push(
                Diagnostic::error(
                    path,
                    span,
                    format!("this key point has {words} words; the most is {KEY_POINT_WORDS}"),
                )
                .with_help("keep each point to one short sentence; the body has room for detail"),
            );
        }
    }
}

fn check_term(
    path: &PathBuf,
    at: &mut front_matter::Locator<'_, '_>,
    tax: &Taxonomy,
    field: &str,
    term: &str,
    allow_unknown: bool,
    problems: &mut Vec<Diagnostic>,
) {
    if tax.vocabulary.term(term).is_some() || (allow_unknown && term == "unknown") {
        return;
    }
    let vocabulary = tax.config.vocabulary.display();
    let key = field.rsplit('.').next().unwrap_or(field);
    if term.trim().is_empty() {
        // Nothing to compare: no guesses, only what belongs there.
        let example = tax.vocabulary.terms.first().map_or("…", |t| t.id.as_str());
        let unknown = if allow_unknown {
            ", or \"unknown\""
        } else {
            ""
        };
        problems.push(
            Diagnostic::error(path, at.value(term), format!("`{key}` is empty")).with_help(
                format!(
                    "write an id from {vocabulary}{unknown}, for example `{key} = \"{example}\"`"
                ),
            ),
        );
        return;
    }
    // A term written by its name (`California`) or in other letters (`ca`) rather than its id.
    let by_name = tax.vocabulary.terms.iter().find(|t| {
        t.name.eq_ignore_ascii_case(term.trim()) || t.id.eq_ignore_ascii_case(term.trim())
    });
    let help = match by_name {
        Some(t) => format!(
            "write the id, not the name: `{key} = \"{}\"` ({})",
            t.id, t.name
        ),
        None => {
            let allowed = format!(
                "`{term}` is not in {vocabulary}; allowed: {}",
                tax.vocabulary.allowed()
            );
            match did_you_mean(term, tax.vocabulary.terms.iter().map(|t| t.id.as_str())) {
                Some(dym) => format!("{dym} {allowed}"),
                None => allowed,
            }
        }
    };
    problems.push(
        Diagnostic::error(
            path,
            at.value(term),
            format!("unknown {} term `{term}`", tax.config.title.to_lowercase()),
        )
        .with_help(help),
    );
}
