//! `check --summary FILE`: the run as a Markdown report for a pull request (GitHub's job
//! summary): the problems by file, the pages added, changed and removed against a previous
//! build's output folder (`--compare DIR`: the base branch built with the same generator, so
//! only content differences show), each changed case study's weight against its budget, and
//! the citations each changed page adds.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::Outcome;
use model::cite_key::CiteKey;
use model::diagnostics::{line_col, Severity};

/// What the report needs to know of each page, gathered from the graph by the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFacts {
    /// Its output file (`case-studies/x/index.html`).
    pub output: String,
    /// Its address (`/case-studies/x/`).
    pub url: String,
    /// Its source file.
    pub file: std::path::PathBuf,
    /// Whether it is a draft.
    pub draft: bool,
    /// The bibliography keys it cites, sorted.
    pub cites: Vec<CiteKey>,
}

/// At most this many problems are listed per file; the rest are counted.
const PER_FILE: usize = 20;

/// How a page differs from the previous build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    Added,
    Changed,
    Removed,
}

/// The report for `outcome`, comparing with the build in `previous` when given.
pub fn report(outcome: &Outcome, previous: Option<&Path>) -> String {
    let mut out = String::from("## Brightspot check\n\n");
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let verdict = if errors > 0 { "❌" } else { "✅" };
    let drafts = match outcome.draft_count {
        0 => "no drafts".to_string(),
        1 => "1 of them a draft".to_string(),
        n => format!("{n} of them drafts"),
    };
    let _ = writeln!(
        out,
        "{verdict} **{errors} error(s), {warnings} warning(s)** in {} pages ({drafts}).\n",
        outcome.page_count
    );
    problems(&mut out, outcome);
    pages(&mut out, outcome, previous);
    out
}

fn problems(out: &mut String, outcome: &Outcome) {
    if outcome.diagnostics.is_empty() {
        return;
    }
    out.push_str("### Problems by file\n\n");
    let mut by_file: BTreeMap<String, Vec<&model::diagnostics::Diagnostic>> = BTreeMap::new();
    for d in &outcome.diagnostics {
        let file = d.file.as_ref().map_or_else(
            || "(the whole site)".to_string(),
            |f| f.display().to_string(),
        );
        by_file.entry(file).or_default().push(d);
    }
    for (file, list) in by_file {
        let _ = writeln!(out, "#### `{file}`\n");
        for d in list.iter().take(PER_FILE) {
            let kind = match d.severity {
                Severity::Error => "**error**",
                Severity::Warning => "warning",
            };
            let place = match (&d.file, &d.span) {
                (Some(f), Some(span)) => outcome.sources.get(f).map_or(String::new(), |text| {
                    let (line, col) = line_col(text, span.start);
                    format!(" line {line}, column {col}")
                }),
                _ => String::new(),
            };
            let help = d
                .help
                .as_ref()
                .map_or(String::new(), |h| format!(" — {}", cell(h)));
            let _ = writeln!(out, "- {kind}{place}: {}{help}", cell(&d.message));
        }
        if list.len() > PER_FILE {
            let _ = writeln!(out, "- … and {} more", list.len() - PER_FILE);
        }
        out.push('\n');
    }
}

/// Text safe in a Markdown list item or table cell: one line, no pipes or raw HTML.
fn cell(s: &str) -> String {
    s.replace('\n', " ")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn pages(out: &mut String, outcome: &Outcome, previous: Option<&Path>) {
    out.push_str("### Pages\n\n");
    let Some(dir) = previous else {
        out.push_str("Not compared: no previous build was given (`--compare DIR`).\n\n");
        weights(out, outcome, None);
        return;
    };
    if outcome.files.is_empty() {
        out.push_str("Not compared: the site does not build until the errors are fixed.\n\n");
        return;
    }
    let mut changes: Vec<(Change, String)> = Vec::new();
    let now: BTreeSet<&str> = outcome
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| f.path.as_str())
        .collect();
    for f in outcome.files.iter().filter(|f| f.path.ends_with(".html")) {
        match std::fs::read(dir.join(&f.path)) {
            Ok(old) if old == *f.bytes => {}
            Ok(_) => changes.push((Change::Changed, f.path.clone())),
            Err(_) => changes.push((Change::Added, f.path.clone())),
        }
    }
    let mut before = Vec::new();
    html_files(dir, "", &mut before);
    before.sort();
    for rel in before {
        if !now.contains(rel.as_str()) {
            changes.push((Change::Removed, rel));
        }
    }
    let count = |c: Change| changes.iter().filter(|(k, _)| *k == c).count();
    let _ = writeln!(
        out,
        "Against the previous build: {} added, {} changed, {} removed.\n",
        count(Change::Added),
        count(Change::Changed),
        count(Change::Removed)
    );
    if !changes.is_empty() {
        let facts: BTreeMap<&str, &PageFacts> = outcome
            .pages
            .iter()
            .map(|p| (p.output.as_str(), p))
            .collect();
        out.push_str("| page | change | citations added |\n| --- | --- | --- |\n");
        for (change, path) in &changes {
            let word = match change {
                Change::Added => "added",
                Change::Changed => "changed",
                Change::Removed => "removed",
            };
            let page = facts.get(path.as_str());
            let url = page.map_or_else(
                || format!("/{}", path.trim_end_matches("index.html")),
                |p| p.url.clone(),
            );
            let draft = if page.is_some_and(|p| p.draft) {
                " (draft)"
            } else {
                ""
            };
            let added = match (change, page) {
                (Change::Removed, _) | (_, None) => String::new(),
                (_, Some(p)) => {
                    let before = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
                    p.cites
                        .iter()
                        .filter(|k| !before.contains(&format!("/bibliography/{k}/")))
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let _ = writeln!(out, "| `{}`{draft} | {word} | {added} |", cell(&url));
        }
        out.push('\n');
    }
    let changed: BTreeSet<&str> = changes
        .iter()
        .filter(|(c, _)| *c != Change::Removed)
        .map(|(_, p)| p.as_str())
        .collect();
    weights(out, outcome, Some(&changed));
}

/// The `.html` files under `dir`, as `/`-separated paths relative to it (symlinks not followed).
fn html_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => html_files(&entry.path(), &format!("{rel}/"), out),
            Ok(t) if t.is_file() && name.ends_with(".html") => out.push(rel),
            _ => {}
        }
    }
}

/// The weight of each case study (each changed one, when compared) against the budget.
fn weights(out: &mut String, outcome: &Outcome, changed: Option<&BTreeSet<&str>>) {
    let outputs: BTreeMap<&str, &str> = outcome
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.output.as_str()))
        .collect();
    let shown: Vec<_> = outcome
        .weights
        .iter()
        .filter(|w| {
            changed.is_none_or(|c| outputs.get(w.url.as_str()).is_some_and(|o| c.contains(o)))
        })
        .collect();
    if shown.is_empty() {
        return;
    }
    let budget = outcome.budget_kb;
    let _ = writeln!(
        out,
        "#### Page weight\n\nEach case study's HTML and CSS, gzip-compressed, against the budget of {budget} KB.\n"
    );
    out.push_str("| case study | weight | budget |\n| --- | --- | --- |\n");
    for w in shown {
        let kb = w.total() as f64 / 1000.0;
        let mark = if kb > budget { "❌ over" } else { "✅" };
        let _ = writeln!(out, "| `{}` | {kb:.1} KB | {mark} |", cell(&w.url));
    }
    out.push('\n');
}
