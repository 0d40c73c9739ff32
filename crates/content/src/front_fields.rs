//! The front-matter fields of each page type as validation sees them: each field's name, the kind of value it
//! takes, whether it is required, a label and one line of help. Validation checks every field
//! against this table (`check.rs`), messages quote it, and it is what an editor's form (the
//! Decap CMS config) can be generated from. `schema.rs` holds the same fields as typed structs;
//! a test keeps the two in step.

use super::schema::PageType;
use model::config::TaxonomyField;

/// The kind of value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Markdown text that may cite sources (a summary).
    Markdown,
    /// A list of Markdown strings (key points).
    MarkdownList,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A list of strings.
    TextList,
    /// A list of author names: `"Family, Given"` for a person, a name without a comma for an
    /// organization.
    Names,
    /// A list of ids from a taxonomy's vocabulary.
    Terms(TaxonomyField),
    /// One id from a taxonomy's vocabulary (or `"unknown"`, where the field allows it).
    Term(TaxonomyField),
    /// A year such as 2014, or one of the words.
    Year(&'static [&'static str]),
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A table with fields of its own (`[location]`).
    Table(&'static [Field]),
    /// A list of tables, one `[[name]]` block each (`[[partners]]`).
    Tables(&'static [Field]),
}

/// One front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key as written.
    pub name: &'static str,
    /// What it takes.
    pub kind: Kind,
    /// Whether a page of this type must have it.
    pub required: bool,
    /// A short label for forms.
    pub label: &'static str,
    /// One line saying what goes there.
    pub help: &'static str,
    /// An example value as written in TOML, for messages.
    pub example: &'static str,
}

const fn field(
    name: &'static str,
    kind: Kind,
    required: bool,
    label: &'static str,
    help: &'static str,
    example: &'static str,
) -> Field {
    Field {
        name,
        kind,
        required,
        label,
        help,
        example,
    }
}

const TITLE: Field = field(
    "title",
    Kind::Text,
    true,
    "Title",
    "The page's title.",
    "\"Bridgeport Prospers\"",
);
const SLUG: Field = field("slug", Kind::Text, false, "Address", "The last part of the page's address, instead of the file name: lowercase letters, digits and dashes.", "\"bridgeport-prospers\"");
const ALIASES: Field = field(
    "aliases",
    Kind::TextList,
    false,
    "Old addresses",
    "Old addresses of this page that should redirect here.",
    "[\"/old-address/\"]",
);
const DRAFT: Field = field(
    "draft",
    Kind::Bool,
    false,
    "Draft",
    "true keeps the page out of the published site until it is ready.",
    "false",
);
const WEIGHT: Field = field(
    "weight",
    Kind::Integer,
    false,
    "Order",
    "Its place in the section's list: lower comes first.",
    "3",
);
const AUTHORS: Field = field(
    "authors",
    Kind::Names,
    false,
    "Authors",
    "Who wrote the page: a person as \"Family, Given\", an organization by its name; leave it out when the page names no author.",
    "[\"Chang, Debbie I.\"]",
);
const SHORT: Field = field(
    "short",
    Kind::Text,
    false,
    "Short link",
    "A short address for slides, QR codes and print.",
    "\"/bp\"",
);

/// Fields of a generic page.
pub const PAGE: &[Field] = &[
    TITLE,
    field(
        "summary",
        Kind::Markdown,
        false,
        "Summary",
        "One or two sentences for listings.",
        "\"What the page is about.\"",
    ),
    field(
        "date",
        Kind::Date,
        false,
        "Date",
        "When it was published.",
        "2026-12-01",
    ),
    WEIGHT,
    SLUG,
    ALIASES,
    DRAFT,
];

/// Fields of a chapter of the paper.
pub const CHAPTER: &[Field] = &[
    TITLE,
    field(
        "weight",
        Kind::Integer,
        true,
        "Order",
        "The chapter's place in the paper: 1 is the first chapter.",
        "3",
    ),
    field(
        "summary",
        Kind::Markdown,
        false,
        "Summary",
        "One or two sentences for listings.",
        "\"What the chapter covers.\"",
    ),
    field(
        "date",
        Kind::Date,
        false,
        "Date",
        "When the chapter was published or last revised.",
        "2026-12-01",
    ),
    AUTHORS,
    SLUG,
    ALIASES,
    SHORT,
    DRAFT,
];

/// Fields of a glossary term.
pub const GLOSSARY: &[Field] = &[
    field(
        "title",
        Kind::Text,
        true,
        "Term",
        "The term as readers meet it.",
        "\"Integrator\"",
    ),
    field(
        "summary",
        Kind::Markdown,
        true,
        "Definition",
        "A one-sentence definition.",
        "\"An organization that …\"",
    ),
    field(
        "also",
        Kind::TextList,
        false,
        "Other forms",
        "Plurals and synonyms that link here too.",
        "[\"integrators\"]",
    ),
    SLUG,
    ALIASES,
    DRAFT,
];

const ORGANIZATION: &[Field] = &[
    field(
        "name",
        Kind::Text,
        true,
        "Name",
        "The organization's name, or \"unknown\".",
        "\"Bridgeport Hospital\"",
    ),
    field(
        "sector",
        Kind::Term(TaxonomyField::Sectors),
        true,
        "Sector",
        "An id from data/sectors.toml, or \"unknown\".",
        "\"health-care\"",
    ),
    field(
        "role",
        Kind::Text,
        true,
        "Role",
        "What it does in the network, in a short phrase, or \"unknown\".",
        "\"convenes the partners\"",
    ),
];

/// Fields of a case study. Every field a case study needs is required: "unknown" is how a
/// writer says the sources are silent.
pub const CASE_STUDY: &[Field] = &[
    TITLE,
    field("summary", Kind::Markdown, true, "Summary", "One or two plain sentences: who, where, what they worked on, with a citation.", "\"A cradle-to-career network in Bridgeport [@key].\""),
    field("key_points", Kind::MarkdownList, false, "Key points", "Three to five short bullets, each citing its source: what the network is, what it did, what came of it, the lesson.", "[\"What the network is [@key].\", \"What it did [@key].\", \"What came of it [@key].\"]"),
    field("network", Kind::Text, true, "Network", "The network's name as it calls itself.", "\"Bridgeport Prospers\""),
    field("status", Kind::Choice(&["active", "ended", "unknown"]), true, "Status", "Whether the network is still working: active, ended or unknown.", "\"active\""),
    field("last_reviewed", Kind::Date, true, "Last reviewed", "The day you last checked the page against its sources.", "2026-12-01"),
    AUTHORS,
    field("sources", Kind::TextList, true, "Sources", "The bibliography keys the page rests on.", "[\"chang2012\"]"),
    field("functions", Kind::Terms(TaxonomyField::Functions), true, "Integrator functions", "Ids from data/functions.toml; each needs its own ### heading in the body.", "[\"engage-partners\"]"),
    field("focus_areas", Kind::Terms(TaxonomyField::FocusAreas), true, "Focus areas", "Ids from data/focus-areas.toml.", "[\"early-childhood\"]"),
    field("sectors", Kind::Terms(TaxonomyField::Sectors), true, "Sectors", "Ids from data/sectors.toml: the partners' sectors.", "[\"health-care\"]"),
    field("aliases", Kind::TextList, true, "Old addresses", "Old addresses of this page that should redirect here; empty for a new page.", "[]"),
    SHORT,
    field("draft", Kind::Bool, true, "Draft", "true keeps the page out of the published site until it is ready.", "false"),
    SLUG,
    WEIGHT,
    field("location", Kind::Table(&[
        field("city", Kind::Text, true, "City", "The city or county the network serves.", "\"Bridgeport\""),
        field("state", Kind::Term(TaxonomyField::State), true, "State", "The two-letter postal code, from data/states.toml.", "\"CT\""),
    ]), true, "Location", "Where the network works.", ""),
    field("years", Kind::Table(&[
        field("start", Kind::Year(&["unknown"]), true, "Start", "The year it started, such as 2014, or \"unknown\".", "2014"),
        field("end", Kind::Year(&["ongoing", "unknown"]), true, "End", "The year it ended, \"ongoing\" or \"unknown\".", "\"ongoing\""),
    ]), true, "Years", "When the network worked.", ""),
    field("integrator", Kind::Table(ORGANIZATION), true, "Integrator", "The organization that plays the integrator (backbone) role.", ""),
    field("partners", Kind::Tables(ORGANIZATION), true, "Partners", "One block per partner the sources name.", ""),
];

/// Fields of a section's `_index.md`.
pub const SECTION: &[Field] = &[
    TITLE,
    field(
        "description",
        Kind::Text,
        false,
        "Description",
        "One sentence under the title and in listings.",
        "\"What the section holds.\"",
    ),
    field(
        "page_type",
        Kind::Choice(&["page", "chapter", "case_study", "glossary"]),
        false,
        "Page type",
        "The type of every page in the section.",
        "\"case_study\"",
    ),
    field(
        "sort_by",
        Kind::Choice(&["weight", "date", "title"]),
        false,
        "Order by",
        "How the section orders its pages.",
        "\"weight\"",
    ),
    field(
        "weight",
        Kind::Integer,
        false,
        "Menu order",
        "Its place in the site's menu: lower comes first.",
        "2",
    ),
    DRAFT,
];

/// The fields of a page type.
pub fn for_page_type(t: PageType) -> &'static [Field] {
    match t {
        PageType::Page => PAGE,
        PageType::Chapter => CHAPTER,
        PageType::CaseStudy => CASE_STUDY,
        PageType::Glossary => GLOSSARY,
    }
}

/// The names of `fields`, nested tables in braces, as messages list them.
pub fn names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| match f.kind {
            Kind::Table(sub) => format!("[{}] ({})", f.name, plain_names(sub)),
            Kind::Tables(sub) => format!("[[{}]] ({})", f.name, plain_names(sub)),
            _ => f.name.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain_names(fields: &[Field]) -> String {
    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}
