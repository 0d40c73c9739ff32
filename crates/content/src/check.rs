//! Each front-matter field checked on its own against the field tables (`fields/`), so that
//! every unknown key, wrong type, bad date and missing field of a file is reported in one run.
//! What passes is handed on as JSON for the typed schema; a field that fails is left out (a
//! required one replaced by a stand-in) and named in [`Checked::broken`], so later checks do
//! not report it a second time. Each value is checked against its shape in `check/value.rs`.

mod value;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use serde_json::{Map, Value as J};

use super::fields::{self, Field, Shape};
use super::front_matter::{Format, Split};
use super::tree::{Entry, Node, Table, Value};
use model::diagnostics::{did_you_mean, Diagnostic};

/// How dates are written, in every message about one.
pub const DATE_HELP: &str = "write dates as YYYY-MM-DD, for example 2026-12-01, without quotes";

/// The outcome of checking a front matter's fields.
#[derive(Debug, Default)]
pub struct Checked {
    /// The fields as JSON: every field that passed, stand-ins for required ones that did not.
    pub json: Map<String, J>,
    /// Dotted paths of the fields that failed or are missing (`network`, `location.state`).
    pub broken: BTreeSet<String>,
    /// What is wrong, one diagnostic per problem.
    pub problems: Vec<Diagnostic>,
}

/// Reads `split`'s front matter into a tree and checks each field against `fields`, so every
/// problem of the file is reported in one run (syntax problems included). `None` when the
/// front matter cannot be read at all; its problems are then in `problems`.
pub fn read(
    path: &Path,
    file_text: &str,
    split: &Split<'_>,
    fields: &'static [Field],
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Checked> {
    let (root, syntax) = super::tree::read(path, file_text, split);
    problems.extend(syntax.problems);
    let mut checked = check(path, file_text, split, &root?, fields, what, &syntax.keys);
    problems.append(&mut checked.problems);
    Some(checked)
}

impl Checked {
    /// The typed front matter read from what passed (with stand-ins for what did not). The
    /// field table and the typed struct disagreeing is a bug, and said as such.
    pub fn typed<T: serde::de::DeserializeOwned>(
        &self,
        path: &Path,
        split: &Split<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        serde_json::from_value(J::Object(self.json.clone()))
            .map_err(|e| {
                // The first character of the front matter, whole (it may be several bytes).
                let first = model::span::char_at(split.front, 0);
                let at = split.front_offset;
                problems.push(Diagnostic::error(
                    path,
                    at + first.start..at + first.end,
                    format!("internal error: the front matter passed every field check but not the schema: {e}"),
                ));
            })
            .ok()
    }
}

/// Checks `root` against `fields`. `what` names the page type in messages (`case study`);
/// `skip` lists keys a syntax error already reported, so they are not also called missing.
pub fn check(
    path: &Path,
    file_text: &str,
    split: &Split<'_>,
    root: &Table,
    fields: &'static [Field],
    what: &str,
    skip: &BTreeSet<String>,
) -> Checked {
    let mut c = Checker {
        path,
        file_text,
        split,
        top: fields,
        what,
        skip,
        out: Checked::default(),
    };
    let anchor = c.top_anchor(root);
    let json = c.table(fields, root, "", anchor);
    c.out.json = json;
    c.out
}

struct Checker<'a> {
    path: &'a Path,
    file_text: &'a str,
    split: &'a Split<'a>,
    top: &'static [Field],
    what: &'a str,
    skip: &'a BTreeSet<String>,
    out: Checked,
}

impl Checker<'_> {
    /// `key = value` as the file's syntax writes it.
    fn assign(&self, key: &str, value: &str) -> String {
        match self.split.format {
            Format::Toml => format!("{key} = {value}"),
            Format::Yaml => format!("{key}: {value}"),
        }
    }

    fn error(&mut self, span: Range<usize>, message: String, help: String, broken: &str) {
        self.out.broken.insert(broken.to_string());
        self.out
            .problems
            .push(Diagnostic::error(self.path, span, message).with_help(help));
    }

    /// Where a missing top-level field is reported: the last key written before the first
    /// table (a new top-level line goes after it), else the opening fence.
    fn top_anchor(&self, root: &Table) -> Range<usize> {
        root.entries
            .iter()
            .take_while(|e| !matches!(e.node.value, Value::Table(_)) && !is_tables(&e.node))
            .last()
            .map(|e| e.key_span.clone())
            .unwrap_or_else(|| self.fence())
    }

    fn fence(&self) -> Range<usize> {
        let head = &self.file_text[..self.split.front_offset];
        let fence = match self.split.format {
            Format::Toml => "+++",
            Format::Yaml => "---",
        };
        let at = head.rfind(fence).unwrap_or(0);
        at..at + fence.len()
    }

    /// Checks a table's entries against `fields`; `prefix` is the dotted path of the table.
    fn table(
        &mut self,
        fields: &'static [Field],
        table: &Table,
        prefix: &str,
        anchor: Range<usize>,
    ) -> Map<String, J> {
        let mut json = Map::new();
        for entry in &table.entries {
            let path = format!("{prefix}{}", entry.key);
            match fields.iter().find(|f| f.name == entry.key) {
                Some(field) => {
                    if let Some(v) = self.value(field, &entry.node, &path, entry) {
                        json.insert(entry.key.clone(), v);
                    }
                }
                None => self.unknown(fields, entry, prefix),
            }
        }
        for field in fields.iter().filter(|f| f.required()) {
            let path = format!("{prefix}{}", field.name);
            // A misspelt key (`sumary`) was reported as unknown with this field suggested.
            let misspelt = table.entries.iter().any(|e| {
                !fields.iter().any(|f| f.name == e.key)
                    && did_you_mean(&e.key, [field.name]).is_some()
            });
            if table.get(field.name).is_none() {
                if !self.skip.contains(&path) && !self.out.broken.contains(&path) && !misspelt {
                    self.missing(field, prefix, anchor.clone());
                }
                self.out.broken.insert(path);
            }
            if !json.contains_key(field.name) {
                json.insert(field.name.to_string(), stand_in(field));
            }
        }
        json
    }

    fn unknown(&mut self, fields: &'static [Field], entry: &Entry, prefix: &str) {
        let key = &entry.key;
        let table = prefix.trim_end_matches('.');
        // A page field written inside a table: TOML reads every line after `[table]` as part
        // of it, and YAML every line indented under it.
        if !table.is_empty() && self.top.iter().any(|f| f.name == key) {
            let top_table = table.split('.').next().unwrap_or(table);
            let help = match self.split.format {
                Format::Toml => format!("every line after a `[{top_table}]` or `[[{top_table}]]` line belongs to that table: move `{key} = …` up, above the first line in square brackets"),
                Format::Yaml => format!("start the `{key}:` line at the beginning of the line, without spaces before it, so it is not read as part of `{top_table}`"),
            };
            self.out.broken.insert(key.clone());
            self.out.problems.push(
                Diagnostic::error(
                    self.path,
                    entry.key_span.clone(),
                    format!("`{key}` is read as part of `{top_table}`, not of the page"),
                )
                .with_help(help),
            );
            return;
        }
        let names = fields::names(fields);
        let whose = if table.is_empty() {
            format!("a {} has the fields: {names}", self.what)
        } else {
            format!("`{table}` has the fields: {names}")
        };
        let help = match did_you_mean(key, fields.iter().map(|f| f.name)) {
            Some(dym) => format!("{dym} {} (see docs/content-format.md)", upper_first(&whose)),
            None => format!("{} (see docs/content-format.md)", upper_first(&whose)),
        };
        let message = if table.is_empty() {
            format!("unknown field `{key}`")
        } else {
            format!("unknown field `{key}` in `{table}`")
        };
        self.out
            .problems
            .push(Diagnostic::error(self.path, entry.key_span.clone(), message).with_help(help));
    }

    fn missing(&mut self, field: &Field, prefix: &str, anchor: Range<usize>) {
        let name = field.name;
        let table = prefix.trim_end_matches('.');
        let toml = self.split.format == Format::Toml;
        let (message, help) = match field.shape() {
            Shape::Table(sub) | Shape::Tables(sub) => {
                let header = if matches!(field.shape(), Shape::Tables(_)) {
                    format!("[[{name}]]")
                } else {
                    format!("[{name}]")
                };
                let lines: Vec<String> = sub
                    .iter()
                    .map(|f| format!("`{}`", self.assign(f.name, f.example)))
                    .collect();
                let help = if toml {
                    format!(
                        "add a `{header}` line at the end of the front matter, then {} on lines of their own ({})",
                        lines.join(", "),
                        field.help.trim_end_matches('.').to_lowercase()
                    )
                } else {
                    format!("add `{name}:` with {} indented under it", lines.join(", "))
                };
                (format!("`{header}` is missing"), help)
            }
            _ => {
                let line = self.assign(name, field.example);
                let help = if table.is_empty() {
                    if toml {
                        format!("add `{line}` on a line of its own, after this one and before the first line in square brackets: {}", lower_first(field.help))
                    } else {
                        format!(
                            "add `{line}` on a line of its own: {}",
                            lower_first(field.help)
                        )
                    }
                } else {
                    format!("add `{line}` under `{table}`: {}", lower_first(field.help))
                };
                let message = if table.is_empty() {
                    format!("`{name}` is missing")
                } else {
                    format!("`{table}` has no `{name}`")
                };
                (message, help)
            }
        };
        self.out
            .problems
            .push(Diagnostic::error(self.path, anchor, message).with_help(help));
    }
}

fn is_tables(node: &Node) -> bool {
    matches!(&node.value, Value::Array(items) if !items.is_empty() && items.iter().all(|i| matches!(i.value, Value::Table(_))))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A value of the right kind for a required field that is missing or wrong, so the rest of the
/// page can still be checked; `broken` keeps later checks from reporting it again.
fn stand_in(field: &Field) -> J {
    match field.shape() {
        Shape::Text | Shape::Year(_) => J::String("unknown".into()),
        Shape::List | Shape::Tables(_) => J::Array(Vec::new()),
        Shape::Integer => J::from(0),
        Shape::Bool => J::Bool(true),
        Shape::Date => J::String("1900-01-01".into()),
        Shape::Choice(words) => J::String(
            words
                .iter()
                .find(|w| **w == "unknown")
                .unwrap_or(&words[0])
                .to_string(),
        ),
        Shape::Table(sub) => J::Object(
            sub.iter()
                .filter(|f| f.required())
                .map(|f| (f.name.to_string(), stand_in(f)))
                .collect(),
        ),
    }
}

/// Every field of a table, optional ones too, with a value of its kind, as the JSON the typed
/// schema reads: what tests feed the structs to hold them and the field tables in step.
pub fn sample(fields: &[Field]) -> J {
    J::Object(
        fields
            .iter()
            .map(|f| {
                let v = match f.shape() {
                    Shape::Table(sub) => sample(sub),
                    Shape::Tables(sub) => J::Array(vec![sample(sub)]),
                    _ => stand_in(f),
                };
                (f.name.to_string(), v)
            })
            .collect(),
    )
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
