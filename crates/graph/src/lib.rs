//! Stage 3, resolve: one immutable content graph. Permalinks, section trees and ordering,
//! prev/next, internal links and their anchors, backlinks, and taxonomy terms. Input: [`Content`];
//! output: [`Graph`] and every problem found.

mod citations;
pub mod images;
mod links;
mod order;
pub mod outputs;
pub mod paths;
mod permalink;
pub mod short_links;
pub mod site_links;
mod taxonomy;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use citations::CitedBy;
use content::bibliography::Bibliography;
use content::load::BinaryFile;
use content::vocab::Vocabulary;
use content::{Content, Page, Section};
pub use links::check_site_links;
use model::base_url::BaseUrl;
use model::config::{Config, CONFIG_FILE};
use model::diagnostics::Diagnostic;
use order::{index_paths, link_sections, order_pages};
pub use permalink::{encode_path, Permalink};
pub use short_links::{Redirect, RedirectKind};
pub use taxonomy::{TaxonomyNode, TermNode};

/// Index of a page in [`Graph::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PageId(pub usize);

/// Index of a section in [`Graph::sections`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SectionId(pub usize);

/// Anything a link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeId {
    /// A page.
    Page(PageId),
    /// A section's listing page.
    Section(SectionId),
}

/// A page in the graph.
#[derive(Debug, Clone)]
pub struct PageNode {
    /// The validated page.
    pub page: Page,
    /// Its address.
    pub permalink: Permalink,
    /// Its section.
    pub section: SectionId,
    /// The page before it in its section's order.
    pub prev: Option<PageId>,
    /// The page after it in its section's order.
    pub next: Option<PageId>,
    /// Pages and sections that link here, in a stable order.
    pub backlinks: Vec<NodeId>,
    /// The page's short link (`/bp`), when it has one.
    pub short: Option<Permalink>,
}

/// A section in the graph.
#[derive(Debug, Clone)]
pub struct SectionNode {
    /// The validated section.
    pub section: Section,
    /// Its address.
    pub permalink: Permalink,
    /// Its pages, in the section's order.
    pub pages: Vec<PageId>,
    /// Sections directly below it.
    pub subsections: Vec<SectionId>,
    /// Pages and sections that link here.
    pub backlinks: Vec<NodeId>,
}

/// The resolved site: everything rendering needs, and nothing it must look up in files.
#[derive(Debug, Clone)]
pub struct Graph {
    /// The site config.
    pub config: Config,
    /// The address the site is built for: `base_url`, or `--base-url`'s for a deploy preview.
    /// Every absolute URL and site link is made from it.
    pub base_url: BaseUrl,
    /// The production address: `base_url` as configured, even for a deploy preview (short
    /// links in QR codes and print lead there).
    pub production_url: BaseUrl,
    /// All published pages (drafts only with `--drafts`), sorted by file.
    pub pages: Vec<PageNode>,
    /// All sections, sorted by folder; the home page is the one with an empty folder.
    pub sections: Vec<SectionNode>,
    /// Taxonomies with the pages tagged with each term.
    pub taxonomies: Vec<TaxonomyNode>,
    /// Page-bundle assets, relative to `content/`.
    pub assets: Vec<BinaryFile>,
    /// The images pages show, measured and resized, by output path (`case-studies/x/a.jpg`):
    /// empty after resolve, filled by the pipeline once the render stage has processed them.
    pub pictures: BTreeMap<String, markdown::Picture>,
    /// The bibliography with its annotations.
    pub bibliography: Bibliography,
    /// Topics that group the bibliography.
    pub topics: Vocabulary,
    /// For each cited entry key, the pages citing it.
    pub cited_by: BTreeMap<content::bibliography::CiteKey, Vec<CitedBy>>,
    /// Map data for the evidence map.
    pub map: content::geo::MapData,
    /// Short links and aliases, in page order (each page's short link first).
    pub redirects: Vec<Redirect>,
    /// The search vocabulary of synonyms and acronyms.
    pub synonyms: Vec<content::synonyms::Synonym>,
    /// Addresses of the drafts a build leaves out, so a link to one says why it is missing.
    pub draft_urls: BTreeSet<String>,
    by_path: BTreeMap<String, NodeId>,
}

impl Graph {
    /// The page with this id.
    pub fn page(&self, id: PageId) -> &PageNode {
        &self.pages[id.0]
    }

    /// The section with this id.
    pub fn section(&self, id: SectionId) -> &SectionNode {
        &self.sections[id.0]
    }

    /// The home section, if the site has one.
    pub fn home(&self) -> Option<SectionId> {
        self.sections
            .iter()
            .position(|s| s.section.dir.is_empty())
            .map(SectionId)
    }

    /// What a content path (`case-studies/x.md`, `paper/_index.md`) names.
    pub fn lookup(&self, content_path: &str) -> Option<NodeId> {
        self.by_path.get(content_path).copied()
    }

    /// The title and permalink of a node.
    pub fn title_and_link(&self, node: NodeId) -> (&str, &Permalink) {
        match node {
            NodeId::Page(p) => (self.page(p).page.title(), &self.page(p).permalink),
            NodeId::Section(s) => (
                &self.section(s).section.meta.title,
                &self.section(s).permalink,
            ),
        }
    }

    /// Every page and section, pages first, each in the graph's order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> {
        (0..self.pages.len())
            .map(|i| NodeId::Page(PageId(i)))
            .chain((0..self.sections.len()).map(|i| NodeId::Section(SectionId(i))))
    }

    /// The file a page or section is written in, relative to the project root.
    pub fn file(&self, node: NodeId) -> &std::path::Path {
        match node {
            NodeId::Page(p) => &self.page(p).page.file,
            NodeId::Section(s) => &self.section(s).section.file,
        }
    }

    /// Every Markdown text of a node with its offset in the file: the body, the summary, then
    /// a case study's key points.
    pub fn texts(&self, node: NodeId) -> Vec<(&markdown::Analysis, usize)> {
        let body = self.body(node);
        let mut out = vec![(&body.analysis, body.offset)];
        if let NodeId::Page(p) = node {
            let page = &self.page(p).page;
            if let Some(f) = &page.summary_text {
                out.push((&f.analysis, f.offset));
            }
            out.extend(page.key_points.iter().map(|f| (&f.analysis, f.offset)));
        }
        out
    }

    /// The Markdown body of a node.
    pub fn body(&self, node: NodeId) -> &content::Body {
        match node {
            NodeId::Page(p) => &self.page(p).page.body,
            NodeId::Section(s) => &self.section(s).section.body,
        }
    }
}

/// Options that change what the graph holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions {
    /// Include draft pages and sections.
    pub drafts: bool,
    /// Put drafts in the graph so that every check runs on them, while still reporting what a
    /// build without `drafts` refuses (a published page linking to a draft): what `check` does,
    /// since drafts are what contributors work on.
    pub check_drafts: bool,
}

/// Builds the graph from validated content.
pub fn resolve(
    content: Content,
    config: &Config,
    options: ResolveOptions,
) -> (Graph, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let (base_url, production_url) = site_urls(config, &mut problems);
    // Drafts a build leaves out; with `check_drafts` they are in the graph all the same.
    let drafts: Vec<Page> = content
        .pages
        .iter()
        .filter(|p| p.draft() && !options.drafts)
        .cloned()
        .collect();
    let included = options.drafts || options.check_drafts;
    let sections: Vec<SectionNode> = content
        .sections
        .into_iter()
        .filter(|s| included || !s.meta.draft)
        .map(|section| SectionNode {
            permalink: Permalink::from_segments(section.dir.split('/')),
            section,
            pages: Vec::new(),
            subsections: Vec::new(),
            backlinks: Vec::new(),
        })
        .collect();
    let section_ids: BTreeMap<String, SectionId> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.section.dir.clone(), SectionId(i)))
        .collect();
    let pages: Vec<PageNode> = content
        .pages
        .into_iter()
        .filter(|p| included || !p.draft())
        .filter_map(|page| {
            let section = *section_ids.get(&page.section_dir)?;
            let permalink =
                Permalink::from_segments(page.section_dir.split('/').chain([page.slug.as_str()]));
            Some(PageNode {
                page,
                permalink,
                section,
                prev: None,
                next: None,
                backlinks: Vec::new(),
                short: None,
            })
        })
        .collect();
    let mut graph = Graph {
        config: config.clone(),
        base_url,
        production_url,
        pages,
        sections,
        taxonomies: Vec::new(),
        assets: Vec::new(),
        pictures: BTreeMap::new(),
        bibliography: content.bibliography,
        topics: content.topics,
        map: content.map,
        synonyms: content.synonyms,
        cited_by: BTreeMap::new(),
        redirects: Vec::new(),
        draft_urls: drafts
            .iter()
            .map(|p| {
                let segments = p.section_dir.split('/').chain([p.slug.as_str()]);
                Permalink::from_segments(segments).as_str().to_string()
            })
            .collect(),
        by_path: BTreeMap::new(),
    };

    let left_out: &[Page] = if included { &[] } else { &drafts };
    graph.assets = place_assets(content.assets, &graph, left_out);
    problems.extend(images::check(&graph));
    link_sections(&mut graph, &section_ids);
    order_pages(&mut graph);
    index_paths(&mut graph);
    problems.extend(short_links::resolve(&mut graph));
    problems.extend(links::resolve_links(&mut graph, &drafts, &content.invalid));
    graph.taxonomies = taxonomy::build(&content.taxonomies, &graph);
    let (cited_by, citation_problems) = citations::resolve_citations(&graph);
    graph.cited_by = cited_by;
    problems.extend(citation_problems);
    problems.extend(citations::check_rejected(
        &content.rejected,
        &graph.bibliography,
    ));
    (graph, problems)
}

/// The site's addresses, parsed once for every stage after this one: the base URL and the
/// production one. The config's own was checked when it was read and `--base-url` by the
/// command line, so a problem here is an address a caller passed unchecked: an error, with the
/// other address (or `BaseUrl::default()`) standing in.
fn site_urls(config: &Config, problems: &mut Vec<Diagnostic>) -> (BaseUrl, BaseUrl) {
    let mut parse = |text: &str| {
        BaseUrl::parse(text)
            .map_err(|e| {
                problems.push(
                    Diagnostic::general(Some(CONFIG_FILE.into()), e.message).with_help(e.help),
                )
            })
            .ok()
    };
    let base = parse(&config.base_url);
    let production = match &config.production_base_url {
        Some(text) => parse(text),
        None => base.clone(),
    };
    let base = base.or_else(|| production.clone()).unwrap_or_default();
    let production = production.unwrap_or_else(|| base.clone());
    (base, production)
}

/// Gives each page-bundle asset its output path beside its page (whose URL may differ from its
/// folder: `05-site-visit/` publishes at `site-visit/`), and leaves out the assets of drafts.
fn place_assets(assets: Vec<BinaryFile>, graph: &Graph, drafts: &[Page]) -> Vec<BinaryFile> {
    let folder = |p: &Page| {
        p.content_path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"))
    };
    let published: Vec<(String, &Permalink)> = graph
        .pages
        .iter()
        .filter(|p| p.page.bundle)
        .map(|p| (folder(&p.page), &p.permalink))
        .collect();
    let hidden: Vec<String> = drafts.iter().filter(|p| p.bundle).map(folder).collect();
    assets
        .into_iter()
        .filter_map(|mut a| {
            let rel = a.rel.to_string_lossy().replace('\\', "/");
            if hidden.iter().any(|d| rel.starts_with(d.as_str())) {
                return None;
            }
            if let Some((dir, permalink)) = published
                .iter()
                .filter(|(d, _)| rel.starts_with(d.as_str()))
                .max_by_key(|(d, _)| d.len())
            {
                a.rel = format!("{}{}", permalink.as_str(), &rel[dir.len()..]).into();
            }
            Some(a)
        })
        .collect()
}
