//! The front-matter fields of each kind of page the web editor can write, described for the
//! people who fill them in: a label, help text, whether it must be filled in, and what kind of
//! value it takes. The names and required-ness are the schema's own (`schema.rs`,
//! `bibliography/annotation.rs`); a test holds each table to the serde structs, so a field added
//! there and not here (or the other way round) fails the build's tests.

use model::config::TaxonomyField;

/// One front-matter field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The key in front matter.
    pub name: &'static str,
    /// What the form calls it.
    pub label: &'static str,
    /// Help shown beside it: what to write, with an example.
    pub hint: &'static str,
    /// Whether it may be left out or left empty.
    pub need: Need,
    /// The kind of value.
    pub kind: Kind,
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

impl Need {
    /// Whether the schema refuses a page without this field.
    pub fn in_schema(self) -> bool {
        self != Need::Optional
    }
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

const fn field(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    need: Need,
    kind: Kind,
) -> Field {
    Field {
        name,
        label,
        hint,
        need,
        kind,
    }
}

use Kind::*;
use Need::*;

const UNKNOWN: &[&str] = &["unknown"];

/// An organization: the integrator or one partner.
const ORGANIZATION: &[Field] = &[
    field(
        "name",
        "Name",
        "The organization's name as the sources give it, or \"unknown\".",
        Filled,
        Line,
    ),
    field(
        "sector",
        "Sector",
        "The sector it belongs to, or \"unknown\" if the sources do not say.",
        Filled,
        Terms {
            field: TaxonomyField::Sectors,
            many: false,
            also: UNKNOWN,
        },
    ),
    field(
        "role",
        "Role",
        "What it does in the network, in a short phrase, or \"unknown\".",
        Filled,
        Line,
    ),
];

/// The fields of a case study, in the order the form shows them.
pub const CASE_STUDY: &[Field] = &[
    field("title", "Title", "The page title, usually the network's name.", Filled, Line),
    field("summary", "Summary", "One or two plain sentences: who, where, what they worked on. End with a citation of a source listed below, such as [@chang2012].", Filled, Text),
    field("key_points", "Key points", "Three to five short bullets shown under the title, each at most 40 words and each ending with a citation such as [@chang2012]: what the network is, what it did, what came of it (or that the sources report no results), and the lesson.", Filled, Lines { item: "Key point", min: 3, max: Some(5) }),
    field("network", "Network name", "The network's name as it calls itself.", Filled, Line),
    field("status", "Status", "Whether the network is still working, as far as the sources say.", Filled, Choice(&["active", "ended", "unknown"])),
    field("location", "Where it works", "The place the network serves.", Filled, Group(&[
        field("city", "City or county", "The city, county or neighbourhood, such as \"Guilford County\", or \"unknown\".", Filled, Line),
        field("state", "State", "The state (a network always has a place).", Filled, Terms { field: TaxonomyField::State, many: false, also: &[] }),
    ])),
    field("years", "Years active", "When the network started and ended, as the sources give them.", Filled, Group(&[
        field("start", "First year", "The year it started, or \"unknown\".", Filled, Year(&["unknown"])),
        field("end", "Last year", "The year it ended, \"ongoing\", or \"unknown\".", Filled, Year(&["ongoing", "unknown"])),
    ])),
    field("integrator", "Integrator", "The organization that plays the integrator (backbone) role.", Filled, Group(ORGANIZATION)),
    field("partners", "Partners", "One entry per partner the sources name; leave the list empty if they name none.", Written, Groups { item: "Partner", fields: ORGANIZATION }),
    field("functions", "Integrator functions", "The integrator functions the network shows. Each one needs its own ### heading in the body, with the id {#fn-<function id>}, such as ### Sharing data {#fn-data-and-learning}.", Written, Terms { field: TaxonomyField::Functions, many: true, also: &[] }),
    field("focus_areas", "Learning Lab focus areas", "The 2020 Integrator Learning Lab focus areas the network chose, if it took part.", Written, Terms { field: TaxonomyField::FocusAreas, many: true, also: &[] }),
    field("sectors", "Sectors of the partners", "Every sector the partners come from.", Written, Terms { field: TaxonomyField::Sectors, many: true, also: &[] }),
    field("authors", "Authors", "Optional: who wrote the page, one per line: a person as Family, Given (\"Chang, Debbie I.\"), an organization by its name. Leave it empty unless the page names its authors; the site's publisher is cited instead.", Optional, Lines { item: "Author", min: 0, max: None }),
    field("sources", "Sources", "The bibliography entries this page rests on; every citation on the page must be one of them. A new source needs a bibliography entry first (CONTRIBUTING.md says how).", Filled, Sources),
    field("last_reviewed", "Last reviewed", "The day you last checked this page against its sources.", Filled, Date),
    field("draft", "Draft", "Keeps the page out of the published site. Leave it on; a reviewer turns it off when the page is ready.", Written, Switch(true)),
    field("aliases", "Old addresses", "Old addresses of this page that should redirect here, such as /case-studies/old-name/. Leave empty for a new page.", Written, Lines { item: "Old address", min: 0, max: None }),
    field("short", "Short link", "Optional: a short link for slides, QR codes and print, such as /bp. Without one the page gets its file name.", Optional, Line),
    field("slug", "Address", "Optional: the last part of the page's address, if it should differ from the file name (lower-case letters, digits and -).", Optional, Line),
    field("weight", "Order", "Optional: a number that places the page earlier (lower) or later in lists.", Optional, Number),
];

/// The fields of a glossary term.
pub const GLOSSARY: &[Field] = &[
    field(
        "title",
        "Term",
        "The term as it is written in running text, such as \"Backbone organization\".",
        Filled,
        Line,
    ),
    field(
        "summary",
        "Definition",
        "A one-sentence definition, ending with a citation such as [@chang2012].",
        Filled,
        Text,
    ),
    field(
        "also",
        "Other forms",
        "Plurals and synonyms that should link here too, such as \"backbone organizations\".",
        Optional,
        Lines {
            item: "Other form",
            min: 0,
            max: None,
        },
    ),
    field(
        "slug",
        "Address",
        "Optional: the last part of the page's address, if it should differ from the file name.",
        Optional,
        Line,
    ),
    field(
        "aliases",
        "Old addresses",
        "Old addresses of this page that should redirect here.",
        Optional,
        Lines {
            item: "Old address",
            min: 0,
            max: None,
        },
    ),
    field(
        "draft",
        "Draft",
        "Keeps the term out of the published site until a reviewer turns it off.",
        Optional,
        Switch(true),
    ),
];

/// The fields of a bibliography annotation.
pub const ANNOTATION: &[Field] = &[
    field("evidence_type", "Kind of evidence", "What kind of work this is: a peer-reviewed study, a report, a framework, a tool, and so on.", Filled, Choice(crate::bibliography::annotation::EVIDENCE_TYPES)),
    field("topics", "Topics", "The topics of the annotated bibliography this work belongs under.", Filled, Topics),
    field("peer_reviewed", "Peer reviewed", "On only if the work was published after peer review.", Written, Switch(false)),
];

/// Guidance for a case study's body, shown beside it.
pub const CASE_STUDY_BODY: &str = "The page itself, under the headings it starts with. End every factual sentence with a citation such as [@chang2012], using a source listed above; write only what the sources say. Under \"How integration works here\" add one ### heading per function above, such as ### Sharing data with the county {#fn-data-and-learning}: its first sentences are quoted on the function's page.";

/// Guidance for a glossary term's body.
pub const GLOSSARY_BODY: &str = "A short explanation of the term with citations such as [@chang2012], and a \"See also\" list of related pages.";

/// Guidance for an annotation's body.
pub const ANNOTATION_BODY: &str = "Exactly three parts under these headings: Summary, Evaluation, Relevance to integrators. Cite the work itself, such as [@chang2012].";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bibliography::annotation::AnnotationMeta;
    use crate::schema::{CaseStudyMeta, GlossaryMeta};

    const CASE_STUDY_TOML: &str = r#"
title = "T"
summary = "S [@k]."
key_points = ["a [@k].", "b [@k].", "c [@k]."]
network = "N"
status = "unknown"
functions = []
focus_areas = []
sectors = []
sources = ["k"]
last_reviewed = 2026-12-01
authors = ["Doe, Jane"]
aliases = []
draft = true
short = "/t"
slug = "t"
weight = 1
partners = []
[location]
city = "C"
state = "CT"
[years]
start = 2014
end = "ongoing"
[integrator]
name = "I"
sector = "unknown"
role = "R"
"#;

    /// For each field of `table`: the sample without it still parses exactly when the table
    /// says the field may be left out. `checked` names fields the check (not the parser)
    /// demands, such as the key points.
    fn holds<T: serde::de::DeserializeOwned>(table: &[Field], sample: &str, checked: &[&str]) {
        let full: toml::Table = toml::from_str(sample).unwrap();
        assert!(T::deserialize(full.clone()).is_ok(), "the sample parses");
        for f in table {
            let mut without = full.clone();
            assert!(
                without.remove(f.name).is_some(),
                "the sample has `{}`",
                f.name
            );
            let parses = T::deserialize(without).is_ok();
            let may_be_left_out = f.need == Need::Optional || checked.contains(&f.name);
            assert_eq!(parses, may_be_left_out, "`{}` is {:?}", f.name, f.need);
        }
        assert_eq!(
            table.len(),
            full.len(),
            "the table has every field of the sample"
        );
    }

    #[test]
    fn the_tables_say_what_the_schema_requires() {
        holds::<CaseStudyMeta>(CASE_STUDY, CASE_STUDY_TOML, &["key_points"]);
        let glossary = "title = \"T\"\nsummary = \"S\"\nalso = []\nslug = \"t\"\naliases = []\ndraft = false\n";
        holds::<GlossaryMeta>(GLOSSARY, glossary, &[]);
        let annotation = "evidence_type = \"report\"\ntopics = [\"x\"]\npeer_reviewed = false\n";
        holds::<AnnotationMeta>(ANNOTATION, annotation, &[]);
    }

    #[test]
    fn every_field_explains_itself() {
        fn each(fields: &[Field]) {
            for f in fields {
                assert!(
                    !f.label.is_empty() && f.hint.len() > 20,
                    "`{}` needs help text",
                    f.name
                );
                if let Kind::Group(inner) | Kind::Groups { fields: inner, .. } = f.kind {
                    each(inner);
                }
            }
        }
        each(CASE_STUDY);
        each(GLOSSARY);
        each(ANNOTATION);
    }
}
