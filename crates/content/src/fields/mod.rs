//! The front-matter fields of every kind of page, in one table per kind: each field's name,
//! what the editor's form calls it and says beside it, what a `check` message says and shows
//! as an example, whether it must be filled in, and what kind of value it takes. Validation
//! (`check.rs`) checks every field against these tables and the web editor's `config.yml`
//! (`render::admin`) is written from them, so the form and the checks cannot disagree. The
//! typed structs (`schema.rs`, `bibliography/annotation.rs`) hold the same fields; tests keep
//! the tables and the structs in step.

mod tables;
#[cfg(test)]
mod tests;

pub use crate::check::sample;
pub use tables::*;

use super::schema::PageType;
use model::config::TaxonomyField;

/// One front-matter field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The key in front matter.
    pub name: &'static str,
    /// What the form calls it.
    pub label: &'static str,
    /// Help shown beside it in the editor's form: what to write, with an example.
    pub hint: &'static str,
    /// One line saying what goes there, as `check` messages quote it.
    pub help: &'static str,
    /// An example value as written in TOML, for messages (empty for a table).
    pub example: &'static str,
    /// Whether it may be left out or left empty.
    pub need: Need,
    /// The kind of value.
    pub kind: Kind,
}

impl Field {
    /// Whether a page without this field is refused (the form also refuses it empty when
    /// the need is [`Need::Filled`]).
    pub fn required(&self) -> bool {
        self.need != Need::Optional
    }

    /// The shape of value validation expects, whatever the form's widget.
    pub fn shape(&self) -> Shape {
        match self.kind {
            Kind::Line | Kind::Text | Kind::Terms { many: false, .. } => Shape::Text,
            Kind::Lines { .. }
            | Kind::Terms { many: true, .. }
            | Kind::Topics
            | Kind::Sources
            | Kind::Names => Shape::List,
            Kind::Date => Shape::Date,
            Kind::Switch(_) => Shape::Bool,
            Kind::Number => Shape::Integer,
            Kind::Choice(words) => Shape::Choice(words),
            Kind::Year(words) => Shape::Year(words),
            Kind::Group(fields) => Shape::Table(fields),
            Kind::Groups { fields, .. } => Shape::Tables(fields),
        }
    }
}

/// How much of a field a page must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Written and filled in: the check refuses an empty value.
    Filled,
    /// Written, but it may be empty (an empty list, `false`).
    Written,
    /// May be left out.
    Optional,
}

/// The kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// A sentence or two, with citations such as `[@key]`.
    Text,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// `true` or `false`, with the value a new page starts with.
    Switch(bool),
    /// A whole number.
    Number,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A year, or one of these words.
    Year(&'static [&'static str]),
    /// Ids from the vocabulary of a taxonomy field (`many`: a list of them), or these words.
    Terms {
        /// The taxonomy whose vocabulary lists the ids.
        field: TaxonomyField,
        /// A list rather than one id.
        many: bool,
        /// Words allowed besides the ids, such as "unknown".
        also: &'static [&'static str],
    },
    /// Topic ids from the bibliography's topics vocabulary.
    Topics,
    /// Keys of bibliography entries.
    Sources,
    /// Author names: `"Family, Given"` for a person, a name without a comma for an
    /// organization.
    Names,
    /// A list of lines of text, at least `min` and at most `max`.
    Lines {
        /// What one line is called ("Key point").
        item: &'static str,
        /// Fewest lines (0: the list may be empty).
        min: usize,
        /// Most lines.
        max: Option<usize>,
    },
    /// A table of fields (`[location]`).
    Group(&'static [Field]),
    /// A list of tables (`[[partners]]`), each called `item`.
    Groups {
        /// What one table is called ("Partner").
        item: &'static str,
        /// The fields of each.
        fields: &'static [Field],
    },
}

/// The shape of a value as validation reads it from the front-matter tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A string.
    Text,
    /// A list of strings.
    List,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A year, or one of these words.
    Year(&'static [&'static str]),
    /// A table with fields of its own.
    Table(&'static [Field]),
    /// A list of tables.
    Tables(&'static [Field]),
}

/// The fields of a page type.
pub fn for_page_type(t: PageType) -> &'static [Field] {
    match t {
        PageType::Page => PAGE,
        PageType::Chapter => CHAPTER,
        PageType::CaseStudy => CASE_STUDY,
        PageType::Glossary => GLOSSARY,
    }
}

/// The names of `fields`, nested tables in brackets, as messages list them.
pub fn names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| match f.shape() {
            Shape::Table(sub) => format!("[{}] ({})", f.name, plain_names(sub)),
            Shape::Tables(sub) => format!("[[{}]] ({})", f.name, plain_names(sub)),
            _ => f.name.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain_names(fields: &[Field]) -> String {
    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}
