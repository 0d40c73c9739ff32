//! Front matter read into a tree of values, each with its place in the file, before any field
//! is checked: every field is then checked on its own (`fields/`), so one file's unknown keys,
//! wrong types, bad dates and missing fields are all reported in one run.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::front_matter::{Format, Split};
use super::syntax::{self, Syntax};

/// A value of the front matter with its byte range in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value is written, in the file.
    pub span: Range<usize>,
    /// The value.
    pub value: Value,
}

/// What a front-matter value is.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A TOML date (or date-time), as written.
    Date(String),
    /// A list.
    Array(Vec<Node>),
    /// A table: keys and values in the order written.
    Table(Table),
}

/// One `key = value` of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is written, in the file.
    pub key_span: Range<usize>,
    /// Its value.
    pub node: Node,
}

/// A table's entries in the order they are written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The entries.
    pub entries: Vec<Entry>,
}

impl Table {
    /// The entry for `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

impl Value {
    /// What kind of value this is, in words a writer knows.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Text(_) => "text",
            Value::Integer(_) => "a number",
            Value::Float(_) => "a number",
            Value::Bool(_) => "true or false",
            Value::Date(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

/// Reads the front matter of `split` into a tree. Syntax errors come back in plain words
/// (`syntax.rs`) beside as much of the tree as could be read; `None` when nothing could be.
pub fn read(path: &Path, file_text: &str, split: &Split<'_>) -> (Option<Table>, Syntax) {
    match split.format {
        Format::Toml => {
            let (root, errors) = DeTable::parse_recoverable(split.front);
            let syntax = syntax::toml_errors(path, split, &errors);
            let shift = split.front_offset;
            let mut table = toml_table(root.into_inner(), shift);
            // A line the parser could not read holds no value to check.
            prune(&mut table, &syntax.covered);
            (Some(table), syntax)
        }
        Format::Yaml => {
            let (table, problems) = super::yaml_tree::read(path, file_text, split);
            let unreadable = !problems.is_empty();
            let syntax = Syntax {
                problems,
                ..Syntax::default()
            };
            (if unreadable { None } else { Some(table) }, syntax)
        }
    }
}

/// Removes the entries whose key is on one of the `covered` lines, in every nested table.
fn prune(table: &mut Table, covered: &[Range<usize>]) {
    table
        .entries
        .retain(|e| !covered.iter().any(|r| r.contains(&e.key_span.start)));
    for e in &mut table.entries {
        match &mut e.node.value {
            Value::Table(t) => prune(t, covered),
            Value::Array(items) => {
                for item in items {
                    if let Value::Table(t) = &mut item.value {
                        prune(t, covered);
                    }
                }
            }
            _ => {}
        }
    }
}

fn toml_table(table: DeTable<'_>, shift: usize) -> Table {
    let mut entries: Vec<Entry> = table
        .into_iter()
        .map(|(k, v)| Entry {
            key_span: shift + k.span().start..shift + k.span().end,
            key: k.into_inner().into_owned(),
            node: toml_node(v, shift),
        })
        .collect();
    entries.sort_by_key(|e| e.key_span.start);
    Table { entries }
}

fn toml_node(value: Spanned<DeValue<'_>>, shift: usize) -> Node {
    let span = value.span();
    let span = shift + span.start..shift + span.end;
    let value = match value.into_inner() {
        DeValue::String(s) => Value::Text(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Integer(n),
            Err(_) => Value::Float(f64::INFINITY),
        },
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Date(d.to_string()),
        DeValue::Array(items) => {
            Value::Array(items.into_iter().map(|v| toml_node(v, shift)).collect())
        }
        DeValue::Table(t) => Value::Table(toml_table(t, shift)),
    };
    Node { span, value }
}
