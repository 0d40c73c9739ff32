//! Stages 1 and 2, load and validate. Takes the project folder (`model` for the config and
//! diagnostics, `markdown` for the first pass); gives the [`load::Sources`] read into memory,
//! then [`Content`]: front matter parsed into the typed schema of each section's page type,
//! vocabularies checked, the [`bibliography`] parsed and annotated, Markdown analysed; with
//! every problem found.

pub mod assets;
pub mod bibliography;
mod body;
pub mod boundary;
mod case_study_checks;
mod check;
mod date;
pub mod fields;
pub mod front_matter;
pub mod geo;
pub mod image_metadata;
pub mod inputs;
pub mod load;
mod page;
pub mod reader;
pub mod schema;
mod sections;
pub mod signature;
pub mod synonyms;
mod syntax;
mod tree;
pub mod vocab;
mod yaml_tree;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::bibliography::Bibliography;
use crate::load::{BinaryFile, Sources};
pub use body::{markdown_problems, Body, Fragment};
use model::diagnostics::Diagnostic;
use model::memo::Run;
pub use page::{Page, PageKind, Rejected};
use sections::{inherited_type, rel_dir, section_meta, section_of};
pub use signature::PageSignature;

use schema::{PageType, SectionMeta};
pub use vocab::Taxonomy;

/// A folder of `content/` with an `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` path relative to the project root.
    pub file: PathBuf,
    /// The folder relative to `content/`, with `/` separators; empty for the home page.
    pub dir: String,
    /// Its front matter.
    pub meta: SectionMeta,
    /// The page type of its pages (its own, else inherited, else `page`).
    pub page_type: PageType,
    /// Its introduction.
    pub body: Body,
}

/// Everything validated, ready to be resolved into a graph.
#[derive(Debug, Clone)]
pub struct Content {
    /// Sections sorted by folder.
    pub sections: Vec<Section>,
    /// Content paths of pages that did not validate: links to them are not reported again.
    pub invalid: Vec<String>,
    /// Those pages as far as they could be read: not published, but their citations are
    /// checked, so one run reports every problem of the file.
    pub rejected: Vec<Page>,
    /// Pages sorted by file path (drafts included; resolve decides).
    pub pages: Vec<Page>,
    /// Declared taxonomies with their vocabularies.
    pub taxonomies: Vec<Taxonomy>,
    /// Page-bundle assets, relative to `content/`.
    pub assets: Vec<BinaryFile>,
    /// The bibliography with its annotations.
    pub bibliography: Bibliography,
    /// Topics that group the bibliography.
    pub topics: vocab::Vocabulary,
    /// Map data for the evidence map.
    pub map: geo::MapData,
    /// The search vocabulary of synonyms and acronyms.
    pub synonyms: Vec<synonyms::Synonym>,
}

/// What `serve` keeps between validations: each page's result, by file, with what it was made
/// from.
#[derive(Debug, Default)]
pub struct Memo(model::memo::Memo<PathBuf, PageInputs, Arc<PageResult>>);

type PageResult = Result<Page, Rejected>;

/// Everything [`page::validate`] reads: the file, where it sits, and the vocabularies.
#[derive(Debug, Clone)]
struct PageInputs {
    text: Arc<str>,
    section_dir: String,
    page_type: PageType,
    vocabularies: [u8; 32],
}

impl PartialEq for PageInputs {
    fn eq(&self, other: &PageInputs) -> bool {
        // An unchanged file is the same allocation; equal text in a new one is the same too.
        (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
            && self.section_dir == other.section_dir
            && self.page_type == other.page_type
            && self.vocabularies == other.vocabularies
    }
}

/// Validates one page file, given where it sits and the vocabularies (as [`validate`] would).
pub fn validate_page(
    file: &crate::load::TextFile,
    content_path: String,
    section_dir: String,
    bundle: bool,
    page_type: PageType,
    taxonomies: &[Taxonomy],
) -> Result<Page, Rejected> {
    page::validate(
        file,
        content_path,
        section_dir,
        bundle,
        page_type,
        taxonomies,
    )
}

/// Validates every content file; returns what parsed and every problem found.
pub fn validate(sources: &Sources) -> (Content, Vec<Diagnostic>) {
    validate_with(sources, None)
}

/// [`validate`], reusing (and refreshing) `memo`'s result for every page whose inputs are
/// unchanged; the outcome is the same.
pub fn validate_with(sources: &Sources, memo: Option<&mut Memo>) -> (Content, Vec<Diagnostic>) {
    let (taxonomies, mut problems) = vocab::load(
        &sources.config.taxonomies,
        &sources.data,
        &sources.config_file.path,
    );
    let content_root = Path::new("content");

    // Sections first: a page's type comes from the nearest section above it.
    let mut sections: Vec<Section> = Vec::new();
    for file in sources
        .content
        .iter()
        .filter(|f| f.path.file_name().is_some_and(|n| n == "_index.md"))
    {
        let dir = rel_dir(content_root, file.path.parent().unwrap_or(content_root));
        let split = match front_matter::split(&file.path, &file.text) {
            Ok(split) => split,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let meta = section_meta(file, &split, &dir, &mut problems);
        let body = Body::new(file.text.clone(), split.body_offset);
        problems.extend(body.markdown_problems(&file.path));
        sections.push(Section {
            file: file.path.clone(),
            dir,
            page_type: meta.page_type.unwrap_or_default(),
            meta,
            body,
        });
    }
    sections.sort_by(|a, b| a.dir.cmp(&b.dir));
    let declared: BTreeMap<String, Option<PageType>> = sections
        .iter()
        .map(|s| (s.dir.clone(), s.meta.page_type))
        .collect();
    for s in &mut sections {
        s.page_type = inherited_type(&declared, &s.dir);
    }
    if !sections.iter().any(|s| s.dir.is_empty()) && !sources.content.is_empty() {
        problems.push(Diagnostic::general(Some("content/_index.md".into()), "the home page content/_index.md is missing")
            .with_help("create content/_index.md with `+++`, `title = \"...\"`, `+++` and a short introduction"));
    }

    // The vocabularies come from the config and the data files.
    let vocabularies = model::fingerprint::fingerprint_of(
        std::iter::once(&*sources.config_file.text).chain(sources.data.iter().map(|f| &*f.text)),
    );
    let run = memo.as_deref().map(|m| Run::new(&m.0));
    let results: Vec<(String, Arc<PageResult>)> = sources
        .content
        .par_iter()
        .filter(|f| f.path.file_name().is_some_and(|n| n != "_index.md"))
        .map(|file| {
            let content_path = rel_dir(content_root, &file.path);
            let bundle = file.path.file_name().is_some_and(|n| n == "index.md");
            let section_dir = section_of(&declared, &content_path, bundle);
            let page_type = inherited_type(&declared, &section_dir);
            let inputs = PageInputs {
                text: file.text.clone(),
                section_dir: section_dir.clone(),
                page_type,
                vocabularies,
            };
            let validate = || {
                Ok::<_, Infallible>(Arc::new(page::validate(
                    file,
                    content_path.clone(),
                    section_dir,
                    bundle,
                    page_type,
                    &taxonomies,
                )))
            };
            let Ok(result) = match &run {
                Some(run) => run.get_or_make(file.path.clone(), inputs, validate),
                None => validate(),
            };
            (content_path, result)
        })
        .collect();
    // The memo keeps only this run's pages.
    if let (Some(next), Some(m)) = (run.map(|r| r.finish().0), memo) {
        m.0 = next;
    }
    let mut pages = Vec::new();
    let mut invalid = Vec::new();
    let mut rejected = Vec::new();
    for (path, r) in results {
        // The memo keeps its own copy only when there is a memo.
        let r = Arc::try_unwrap(r).unwrap_or_else(|shared| (*shared).clone());
        match r {
            Ok(p) => {
                problems.extend(p.markdown_problems());
                pages.push(p);
            }
            Err(r) => {
                problems.extend(r.problems);
                invalid.push(path);
                rejected.extend(r.page.map(|p| *p));
            }
        }
    }
    for p in &pages {
        if !declared.contains_key(&p.section_dir) {
            problems.push(
                Diagnostic::general(
                    Some(p.file.clone()),
                    format!(
                        "page is in folder content/{} which has no _index.md",
                        p.section_dir
                    ),
                )
                .with_help(format!(
                    "create content/{}/_index.md to make the folder a section",
                    p.section_dir
                )),
            );
        }
    }
    let topics = sources
        .config
        .bibliography
        .topics
        .as_ref()
        .and_then(|path| {
            let file = sources.data.iter().find(|f| &f.path == path);
            if file.is_none() {
                problems.push(Diagnostic::general(
                    Some(sources.config_file.path.clone()),
                    format!("bibliography topics file {} not found", path.display()),
                ));
            }
            file.and_then(|f| match toml::from_str::<vocab::Vocabulary>(&f.text) {
                Ok(v) => Some(v),
                Err(e) => {
                    problems.push(model::config::toml_diagnostic(&f.path, 0, &f.text, &e));
                    None
                }
            })
        });
    problems.extend(sources.problems.iter().cloned());
    problems.extend(nothing_to_build(sources));
    let (assets, asset_problems) = assets::check(&sources.content_assets);
    problems.extend(asset_problems);
    let (map, map_problems) = geo::load(&sources.data);
    problems.extend(map_problems);
    let (synonyms, synonym_problems) = synonyms::load(&sources.data);
    problems.extend(synonym_problems);
    let (bibliography, bib_problems) =
        bibliography::load(&sources.bibliography, &sources.annotations, topics.as_ref());
    problems.extend(bib_problems);
    let content = Content {
        invalid,
        rejected,
        sections,
        pages,
        taxonomies,
        assets,
        bibliography,
        topics: topics.unwrap_or_default(),
        map,
        synonyms,
    };
    (content, problems)
}

/// An error when the project has no pages or no home page: building it would replace a site
/// with an empty one. None when a missing `content/` was already reported by load.
fn nothing_to_build(sources: &Sources) -> Option<Diagnostic> {
    let home = Path::new("content/_index.md");
    if sources.content.is_empty() {
        let reported = sources
            .problems
            .iter()
            .any(|d| d.file.as_deref() == Some(Path::new("content")));
        return (!reported).then(|| {
            Diagnostic::general(
                Some("content".into()),
                "nothing to build: content/ holds no Markdown pages",
            )
            .with_help("add the home page, content/_index.md, and the pages under content/")
        });
    }
    (!sources.content.iter().any(|f| f.path == home)).then(|| {
        Diagnostic::general(
            Some(home.into()),
            "the site has no home page: content/_index.md is missing",
        )
        .with_help("create content/_index.md with a title in its front matter")
    })
}
