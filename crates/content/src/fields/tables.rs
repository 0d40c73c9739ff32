//! The tables: one per kind of page, in the order the editor's form shows the fields.
//! `hint` is what the form says beside a field (it may point at other parts of the form);
//! `help` is the one line a `check` message quotes after saying what to add.

use super::Kind::*;
use super::Need::*;
use super::{Field, Kind, Need};
use model::config::TaxonomyField;

#[allow(clippy::too_many_arguments)]
const fn field(
    name: &'static str,
    label: &'static str,
    need: Need,
    kind: Kind,
    help: &'static str,
    hint: &'static str,
    example: &'static str,
) -> Field {
    Field {
        name,
        label,
        hint,
        help,
        example,
        need,
        kind,
    }
}

const UNKNOWN: &[&str] = &["unknown"];
const ADDRESSES: Kind = Lines {
    item: "Old address",
    min: 0,
    max: None,
};

const TITLE: Field = field(
    "title",
    "Title",
    Filled,
    Line,
    "The page's title.",
    "The page's title.",
    "\"Bridgeport Prospers\"",
);
const SLUG: Field = field("slug", "Address", Optional, Line, "The last part of the page's address, instead of the file name: lowercase letters, digits and dashes.", "Optional: the last part of the page's address, if it should differ from the file name (lower-case letters, digits and -).", "\"bridgeport-prospers\"");
const ALIASES: Field = field(
    "aliases",
    "Old addresses",
    Optional,
    ADDRESSES,
    "Old addresses of this page that should redirect here.",
    "Old addresses of this page that should redirect here, such as /case-studies/old-name/.",
    "[\"/old-address/\"]",
);
const DRAFT: Field = field(
    "draft",
    "Draft",
    Optional,
    Switch(true),
    "true keeps the page out of the published site until it is ready.",
    "Keeps the page out of the published site until a reviewer turns it off.",
    "false",
);
const WEIGHT: Field = field(
    "weight",
    "Order",
    Optional,
    Number,
    "Its place in the section's list: lower comes first.",
    "Optional: a number that places the page earlier (lower) or later in lists.",
    "3",
);
const AUTHORS: Field = field("authors", "Authors", Optional, Names, "Who wrote the page: a person as \"Family, Given\", an organization by its name; leave it out when the page names no author.", "Optional: who wrote the page, one per line: a person as Family, Given (\"Chang, Debbie I.\"), an organization by its name. Leave it empty unless the page names its authors; the site's publisher is cited instead.", "[\"Chang, Debbie I.\"]");
const SHORT: Field = field("short", "Short link", Optional, Line, "A short address for slides, QR codes and print.", "Optional: a short link for slides, QR codes and print, such as /bp. Without one the page gets its file name.", "\"/bp\"");

const LISTING_SUMMARY: Field = field(
    "summary",
    "Summary",
    Optional,
    Text,
    "One or two sentences for listings.",
    "One or two sentences for listings, with citations such as [@chang2012].",
    "\"What the page is about.\"",
);

/// The fields of a plain page.
pub const PAGE: &[Field] = &[
    TITLE,
    LISTING_SUMMARY,
    field(
        "date",
        "Date",
        Optional,
        Date,
        "When it was published.",
        "When it was published, as YYYY-MM-DD.",
        "2026-12-01",
    ),
    WEIGHT,
    SLUG,
    ALIASES,
    DRAFT,
];

/// The fields of a chapter of the paper.
pub const CHAPTER: &[Field] = &[
    TITLE,
    field(
        "weight",
        "Order",
        Filled,
        Number,
        "The chapter's place in the paper: 1 is the first chapter.",
        "The chapter's place in the paper: 1 is the first chapter.",
        "3",
    ),
    LISTING_SUMMARY,
    field(
        "date",
        "Date",
        Optional,
        Date,
        "When the chapter was published or last revised.",
        "When the chapter was published or last revised, as YYYY-MM-DD.",
        "2026-12-01",
    ),
    AUTHORS,
    SLUG,
    ALIASES,
    SHORT,
    DRAFT,
];

/// An organization: the integrator or one partner.
const ORGANIZATION: &[Field] = &[
    field(
        "name",
        "Name",
        Filled,
        Line,
        "The organization's name, or \"unknown\".",
        "The organization's name as the sources give it, or \"unknown\".",
        "\"Bridgeport Hospital\"",
    ),
    field(
        "sector",
        "Sector",
        Filled,
        Terms {
            field: TaxonomyField::Sectors,
            many: false,
            also: UNKNOWN,
        },
        "An id from data/sectors.toml, or \"unknown\".",
        "The sector it belongs to, or \"unknown\" if the sources do not say.",
        "\"health-care\"",
    ),
    field(
        "role",
        "Role",
        Filled,
        Line,
        "What it does in the network, in a short phrase, or \"unknown\".",
        "What it does in the network, in a short phrase, or \"unknown\".",
        "\"convenes the partners\"",
    ),
];

/// The fields of a case study. Every field a case study needs is required: "unknown" is how
/// a writer says the sources are silent.
pub const CASE_STUDY: &[Field] = &[
    field("title", "Title", Filled, Line, "The page's title.", "The page title, usually the network's name.", "\"Bridgeport Prospers\""),
    field("summary", "Summary", Filled, Text, "One or two plain sentences: who, where, what they worked on, with a citation.", "One or two plain sentences: who, where, what they worked on. End with a citation of a source listed below, such as [@chang2012].", "\"A cradle-to-career network in Bridgeport [@key].\""),
    field("key_points", "Key points", Filled, Lines { item: "Key point", min: 3, max: Some(5) }, "Three to five short bullets, each citing its source: what the network is, what it did, what came of it, the lesson.", "Three to five short bullets shown under the title, each at most 40 words and each ending with a citation such as [@chang2012]: what the network is, what it did, what came of it (or that the sources report no results), and the lesson.", "[\"What the network is [@key].\", \"What it did [@key].\", \"What came of it [@key].\"]"),
    field("network", "Network name", Filled, Line, "The network's name as it calls itself.", "The network's name as it calls itself.", "\"Bridgeport Prospers\""),
    field("status", "Status", Filled, Choice(&["active", "ended", "unknown"]), "Whether the network is still working: active, ended or unknown.", "Whether the network is still working, as far as the sources say.", "\"active\""),
    field("location", "Where it works", Filled, Group(&[
        field("city", "City or county", Filled, Line, "The city or county the network serves.", "The city, county or neighbourhood, such as \"Guilford County\", or \"unknown\".", "\"Bridgeport\""),
        field("state", "State", Filled, Terms { field: TaxonomyField::State, many: false, also: &[] }, "The two-letter postal code, from data/states.toml.", "The state (a network always has a place).", "\"CT\""),
    ]), "Where the network works.", "The place the network serves.", ""),
    field("years", "Years active", Filled, Group(&[
        field("start", "First year", Filled, Year(UNKNOWN), "The year it started, such as 2014, or \"unknown\".", "The year it started, or \"unknown\".", "2014"),
        field("end", "Last year", Filled, Year(&["ongoing", "unknown"]), "The year it ended, \"ongoing\" or \"unknown\".", "The year it ended, \"ongoing\", or \"unknown\".", "\"ongoing\""),
    ]), "When the network worked.", "When the network started and ended, as the sources give them.", ""),
    field("integrator", "Integrator", Filled, Group(ORGANIZATION), "The organization that plays the integrator (backbone) role.", "The organization that plays the integrator (backbone) role.", ""),
    field("partners", "Partners", Written, Groups { item: "Partner", fields: ORGANIZATION }, "One block per partner the sources name.", "One entry per partner the sources name; leave the list empty if they name none.", ""),
    field("functions", "Integrator functions", Written, Terms { field: TaxonomyField::Functions, many: true, also: &[] }, "Ids from data/functions.toml; each needs its own ### heading in the body.", "The integrator functions the network shows. Each one needs its own ### heading in the body, with the id {#fn-<function id>}, such as ### Sharing data {#fn-data-and-learning}.", "[\"engage-partners\"]"),
    field("focus_areas", "Learning Lab focus areas", Written, Terms { field: TaxonomyField::FocusAreas, many: true, also: &[] }, "Ids from data/focus-areas.toml.", "The 2020 Integrator Learning Lab focus areas the network chose, if it took part.", "[\"early-childhood\"]"),
    field("sectors", "Sectors of the partners", Written, Terms { field: TaxonomyField::Sectors, many: true, also: &[] }, "Ids from data/sectors.toml: the partners' sectors.", "Every sector the partners come from.", "[\"health-care\"]"),
    AUTHORS,
    field("sources", "Sources", Filled, Sources, "The bibliography keys the page rests on.", "The bibliography entries this page rests on; every citation on the page must be one of them. A new source needs a bibliography entry first (CONTRIBUTING.md says how).", "[\"chang2012\"]"),
    field("last_reviewed", "Last reviewed", Filled, Date, "The day you last checked the page against its sources.", "The day you last checked this page against its sources.", "2026-12-01"),
    field("draft", "Draft", Written, Switch(true), "true keeps the page out of the published site until it is ready.", "Keeps the page out of the published site. Leave it on; a reviewer turns it off when the page is ready.", "false"),
    field("aliases", "Old addresses", Written, ADDRESSES, "Old addresses of this page that should redirect here; empty for a new page.", "Old addresses of this page that should redirect here, such as /case-studies/old-name/. Leave empty for a new page.", "[]"),
    SHORT,
    SLUG,
    WEIGHT,
];

/// The fields of a glossary term.
pub const GLOSSARY: &[Field] = &[
    field(
        "title",
        "Term",
        Filled,
        Line,
        "The term as readers meet it.",
        "The term as it is written in running text, such as \"Backbone organization\".",
        "\"Integrator\"",
    ),
    field(
        "summary",
        "Definition",
        Filled,
        Text,
        "A one-sentence definition.",
        "A one-sentence definition, ending with a citation such as [@chang2012].",
        "\"An organization that …\"",
    ),
    field(
        "also",
        "Other forms",
        Optional,
        Lines {
            item: "Other form",
            min: 0,
            max: None,
        },
        "Plurals and synonyms that link here too.",
        "Plurals and synonyms that should link here too, such as \"backbone organizations\".",
        "[\"integrators\"]",
    ),
    SLUG,
    ALIASES,
    DRAFT,
];

/// The fields of a section's `_index.md`.
pub const SECTION: &[Field] = &[
    TITLE,
    field(
        "description",
        "Description",
        Optional,
        Line,
        "One sentence under the title and in listings.",
        "One sentence under the title and in listings.",
        "\"What the section holds.\"",
    ),
    field(
        "page_type",
        "Page type",
        Optional,
        Choice(&["page", "chapter", "case_study", "glossary"]),
        "The type of every page in the section.",
        "The type of every page in the section.",
        "\"case_study\"",
    ),
    field(
        "sort_by",
        "Order by",
        Optional,
        Choice(&["weight", "date", "title"]),
        "How the section orders its pages.",
        "How the section orders its pages.",
        "\"weight\"",
    ),
    field(
        "weight",
        "Menu order",
        Optional,
        Number,
        "Its place in the site's menu: lower comes first.",
        "Its place in the site's menu: lower comes first.",
        "2",
    ),
    DRAFT,
];

/// The fields of a bibliography annotation.
pub const ANNOTATION: &[Field] = &[
    field("evidence_type", "Kind of evidence", Filled, Choice(crate::bibliography::annotation::EVIDENCE_TYPES), "What kind of work this is, from the list of evidence types.", "What kind of work this is: a peer-reviewed study, a report, a framework, a tool, and so on.", "\"report\""),
    field("topics", "Topics", Filled, Topics, "Topic ids from data/topics.toml.", "The topics of the annotated bibliography this work belongs under.", "[\"networks\"]"),
    field("peer_reviewed", "Peer reviewed", Written, Switch(false), "true only if the work was published after peer review.", "On only if the work was published after peer review.", "false"),
];

/// Guidance for a case study's body, shown beside it.
pub const CASE_STUDY_BODY: &str = "The page itself, under the headings it starts with. End every factual sentence with a citation such as [@chang2012], using a source listed above; write only what the sources say. Under \"How integration works here\" add one ### heading per function above, such as ### Sharing data with the county {#fn-data-and-learning}: its first sentences are quoted on the function's page.";

/// Guidance for a glossary term's body.
pub const GLOSSARY_BODY: &str = "A short explanation of the term with citations such as [@chang2012], and a \"See also\" list of related pages.";

/// Guidance for an annotation's body.
pub const ANNOTATION_BODY: &str = "Exactly three parts under these headings: Summary, Evaluation, Relevance to integrators. Cite the work itself, such as [@chang2012].";
