//! The evidence map (`/evidence-map/`): a matrix of case studies × integrative functions whose
//! filled cells link to the passage showing the function, and a map of the United States; and
//! each case study's related case studies.

use serde::Serialize;

use super::context::{self, LinkView};
use super::map::{self, Marker};
use super::Renderer;
use content::schema::PageType;
use content::vocab::Term;
use graph::{NodeId, PageId};
use model::config::TaxonomyField;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// A related case study and what it shares with the page.
#[derive(Debug, Serialize)]
pub struct Related {
    /// Title and URL.
    pub link: LinkView,
    /// Names of the shared functions and focus areas.
    pub shared: Vec<String>,
}

/// The evidence map, as `evidence_map.html` gets it (`evidence`).
#[derive(Serialize)]
struct EvidenceView<'a> {
    /// The page's URL.
    url: String,
    /// The function domains over the matrix's columns.
    domains: Vec<DomainSpan<'a>>,
    /// One column per integrative function.
    columns: Vec<Column<'a>>,
    /// One row per case study, by title.
    rows: Vec<Row<'a>>,
    /// The map of the case studies, when the site has state shapes.
    map_svg: Option<String>,
    /// The map's numbered legend.
    legend: Vec<LegendEntry<'a>>,
}

/// A domain heading over the columns of its functions.
#[derive(Serialize)]
struct DomainSpan<'a> {
    /// The domain's name.
    name: &'a str,
    /// How many functions (columns) it spans.
    span: usize,
}

/// A function's column.
#[derive(Serialize)]
struct Column<'a> {
    /// The function's id.
    id: &'a str,
    /// The function's name.
    name: &'a str,
    /// Its number in the list of functions.
    number: Option<u32>,
    /// The function's term page.
    url: Option<String>,
}

/// A case study's row.
#[derive(Serialize)]
struct Row<'a> {
    /// The case study's title.
    title: &'a str,
    /// The case study's URL.
    url: String,
    /// One cell per column: `None` where the case study is not tagged with the function.
    cells: Vec<Option<Cell<'a>>>,
    /// How many functions it is tagged with.
    count: usize,
}

/// A filled cell: the passage of the case study that shows the function.
#[derive(Serialize)]
struct Cell<'a> {
    /// The passage's anchor on the case study.
    url: String,
    /// The passage's heading, if the case study has one for the function.
    heading: Option<&'a str>,
    /// The function's name.
    function: &'a str,
}

/// A numbered case study in the map's legend.
#[derive(Serialize)]
struct LegendEntry<'a> {
    /// Its marker's number.
    number: usize,
    /// The case study's title.
    title: &'a str,
    /// The case study's URL.
    url: &'a str,
    /// "City, ST".
    place: String,
}

impl Renderer<'_> {
    /// Every case study, by title.
    pub(super) fn case_studies(&self) -> Vec<PageId> {
        let g = self.graph;
        let mut ids: Vec<PageId> = (0..g.pages.len())
            .map(PageId)
            .filter(|p| g.page(*p).page.page_type() == PageType::CaseStudy)
            .collect();
        ids.sort_by_key(|p| g.page(*p).page.title().to_lowercase());
        ids
    }

    /// Other case studies ranked by how many functions and focus areas they share with `id`.
    pub(super) fn related(&self, id: PageId) -> Vec<Related> {
        let g = self.graph;
        let fields = [TaxonomyField::Functions, TaxonomyField::FocusAreas];
        let mine: Vec<(TaxonomyField, Vec<&str>)> = fields
            .iter()
            .map(|f| (*f, g.page(id).page.terms(*f)))
            .collect();
        let mut scored: Vec<(usize, String, Related)> = self
            .case_studies()
            .into_iter()
            .filter(|p| *p != id)
            .filter_map(|p| {
                let page = &g.page(p).page;
                let shared: Vec<String> = mine
                    .iter()
                    .flat_map(|(field, terms)| {
                        let theirs = page.terms(*field);
                        terms
                            .iter()
                            .filter(move |t| theirs.contains(t))
                            .map(move |t| context::term_name(self.taxonomy_of(*field), t))
                    })
                    .collect();
                (!shared.is_empty()).then(|| {
                    (
                        shared.len(),
                        page.title().to_lowercase(),
                        Related {
                            link: context::link(g, NodeId::Page(p)),
                            shared,
                        },
                    )
                })
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, _, r)| r).collect()
    }

    /// The evidence map page.
    pub(super) fn evidence_map(&self) -> Result<OutputFile, Diagnostic> {
        let g = self.graph;
        let base = g.base_url.path();
        let functions = self.taxonomy_of(TaxonomyField::Functions);
        let function_terms: &[Term] = functions
            .map(|t| t.vocabulary.terms.as_slice())
            .unwrap_or_default();
        let domains: Vec<_> = functions
            .map(|t| {
                t.vocabulary
                    .domains
                    .iter()
                    .map(|d| DomainSpan {
                        name: &d.name,
                        span: t
                            .vocabulary
                            .terms
                            .iter()
                            .filter(|x| x.domain.as_deref() == Some(&d.id))
                            .count(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let function_url = |id: &str| {
            g.taxonomies
                .iter()
                .find(|t| t.taxonomy.config.field == TaxonomyField::Functions)
                .and_then(|t| t.terms.iter().find(|x| x.term.id == id))
                .map(|x| x.permalink.url(base))
        };
        let columns: Vec<_> = function_terms
            .iter()
            .map(|t| Column {
                id: &t.id,
                name: &t.name,
                number: t.number,
                url: function_url(&t.id),
            })
            .collect();
        let studies = self.case_studies();
        let rows: Vec<_> = studies
            .iter()
            .map(|p| {
                let node = g.page(*p);
                let url = node.permalink.url(base);
                let tagged = node.page.terms(TaxonomyField::Functions);
                let cells: Vec<_> = function_terms
                    .iter()
                    .map(|t| {
                        let anchor = format!("fn-{}", t.id);
                        tagged.contains(&t.id.as_str()).then(|| Cell {
                            heading: node.page.signature.heading(&anchor).map(|h| h.text),
                            url: format!("{url}#{anchor}"),
                            function: &t.name,
                        })
                    })
                    .collect();
                Row {
                    title: node.page.title(),
                    count: tagged.len(),
                    url,
                    cells,
                }
            })
            .collect();
        let states = self.taxonomy_of(TaxonomyField::State);
        let urls: Vec<String> = studies
            .iter()
            .map(|p| g.page(*p).permalink.url(base))
            .collect();
        let state_names: Vec<String> = studies
            .iter()
            .map(|p| {
                g.page(*p)
                    .page
                    .case_study()
                    .map(|cs| context::term_name(states, &cs.location.state))
                    .unwrap_or_default()
            })
            .collect();
        let placed: Vec<(usize, Marker<'_>)> = studies
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let cs = g.page(*p).page.case_study()?;
                let at = match g.map.place(&cs.location.city, &cs.location.state) {
                    Some(place) => map::albers_usa(place.lon, place.lat),
                    None => g
                        .map
                        .shapes
                        .states
                        .iter()
                        .find(|s| s.name == state_names[i])
                        .and_then(|s| map::path_center(&s.path))?,
                };
                Some((
                    i,
                    Marker {
                        label: g.page(*p).page.title(),
                        at,
                        state_name: &state_names[i],
                        url: &urls[i],
                    },
                ))
            })
            .collect();
        // The legend numbers match the markers: only placed case studies are numbered.
        let (kept, markers): (Vec<usize>, Vec<Marker<'_>>) = placed.into_iter().unzip();
        let svg = (!g.map.shapes.states.is_empty())
            .then(|| map::svg(&g.map.shapes, &markers, "Where the case studies are"));
        let legend: Vec<_> = kept
            .iter()
            .zip(&markers)
            .enumerate()
            .map(|(n, (i, m))| LegendEntry {
                number: n + 1,
                title: m.label,
                url: &urls[*i],
                place: state_place(g, studies[*i]),
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert(
            "evidence",
            &EvidenceView {
                url: format!("{base}evidence-map/"),
                domains,
                columns,
                rows,
                map_svg: svg,
                legend,
            },
        );
        ctx.insert(
            "share",
            &self.cards().listing("Evidence map", "", "evidence-map/"),
        );
        self.output(
            "evidence-map/index.html".into(),
            "evidence_map.html",
            "the evidence map",
            ctx,
        )
    }
}

fn state_place(g: &graph::Graph, p: PageId) -> String {
    g.page(p)
        .page
        .case_study()
        .map(|cs| {
            format!(
                "{}, {}",
                context::known(&cs.location.city),
                cs.location.state
            )
        })
        .unwrap_or_default()
}
