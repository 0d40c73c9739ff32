//! What a search document is and which facet values it carries, as types. The runtime's
//! format (`search_runtime::format`) numbers kinds and facets by position; these enums are the
//! one place that numbering is decided.

use content::schema::PageType;
use model::config::TaxonomyField;

/// The kind of a search document: what its result is labelled (a taxonomy term's page says
/// what it is: a function, a state…) and the value of the `type` facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocKind {
    /// A case study.
    CaseStudy,
    /// A chapter of the paper (or the paper's section page).
    Paper,
    /// A bibliography entry.
    Reference,
    /// A glossary term (or the glossary's section page).
    Glossary,
    /// Any other page.
    #[default]
    Page,
    /// An integrative function's page.
    Function,
    /// A Learning Lab focus area's page.
    FocusArea,
    /// A sector's page.
    Sector,
    /// A state's page.
    State,
}

impl DocKind {
    /// Every kind, in facet-value order.
    pub const ALL: [DocKind; 9] = [
        Self::CaseStudy,
        Self::Paper,
        Self::Reference,
        Self::Glossary,
        Self::Page,
        Self::Function,
        Self::FocusArea,
        Self::Sector,
        Self::State,
    ];

    /// The id a filter is written with (`type=case-study`).
    pub fn id(self) -> &'static str {
        match self {
            Self::CaseStudy => "case-study",
            Self::Paper => "paper",
            Self::Reference => "reference",
            Self::Glossary => "glossary",
            Self::Page => "page",
            Self::Function => "function",
            Self::FocusArea => "focus-area",
            Self::Sector => "sector",
            Self::State => "state",
        }
    }

    /// The label a result shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::CaseStudy => "Case study",
            Self::Paper => "Paper",
            Self::Reference => "Reference",
            Self::Glossary => "Glossary",
            Self::Page => "Page",
            Self::Function => "Function",
            Self::FocusArea => "Focus area",
            Self::Sector => "Sector",
            Self::State => "State",
        }
    }

    /// Its value of the `type` facet (its place in [`DocKind::ALL`]).
    pub fn facet_value(self) -> u32 {
        self as u32
    }

    /// The kind of a page of this type.
    pub fn of_page(t: PageType) -> Self {
        match t {
            PageType::CaseStudy => Self::CaseStudy,
            PageType::Chapter => Self::Paper,
            PageType::Glossary => Self::Glossary,
            PageType::Page => Self::Page,
        }
    }

    /// The kind of a section's own page whose pages are of this type: a list of case
    /// studies is a page, not a case study.
    pub fn of_section(t: PageType) -> Self {
        match t {
            PageType::Chapter => Self::Paper,
            PageType::Glossary => Self::Glossary,
            PageType::CaseStudy | PageType::Page => Self::Page,
        }
    }

    /// The kind of a taxonomy term's page.
    pub fn of_term(field: TaxonomyField) -> Self {
        match field {
            TaxonomyField::Functions => Self::Function,
            TaxonomyField::FocusAreas => Self::FocusArea,
            TaxonomyField::Sectors => Self::Sector,
            TaxonomyField::State => Self::State,
        }
    }
}

/// The facets of the index, in the runtime's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// The document's kind.
    Type,
    /// The integrative functions it is tagged with.
    Function,
    /// The state a case study is in.
    State,
}

impl Facet {
    /// Every facet, in the runtime's order.
    pub const ALL: [Facet; 3] = [Self::Type, Self::Function, Self::State];

    /// Its place in the manifest's facet list.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name a filter is written with (`type=case-study`), in the manifest and as the search
    /// page's checkbox name, which `search.js` reads its facets from.
    pub fn name(self) -> &'static str {
        match self {
            Self::Type => "type",
            Self::Function => "function",
            Self::State => "state",
        }
    }

    /// The search page's heading for its checkboxes.
    pub fn legend(self) -> &'static str {
        match self {
            Self::Type => "Type",
            Self::Function => "Integrative function",
            Self::State => "State",
        }
    }
}

/// The facet values a document carries besides its kind: indexes into the function and state
/// vocabularies' labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocFacets {
    /// Integrative functions.
    pub functions: Vec<u32>,
    /// States.
    pub states: Vec<u32>,
}
