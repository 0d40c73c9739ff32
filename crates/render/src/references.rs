//! The bibliography's pages: one per entry (`/bibliography/<key>/`) with its annotation and
//! "Cited by"; the annotated index grouped by topic with a filter by evidence type; downloads in
//! BibTeX, RIS and CSL-JSON; and "cite this page" for case studies and chapters.

mod views;

use super::context::{link, CiteView};
use super::{GraphResolver, Renderer};
use content::bibliography::{export, work_formats, BibEntry, EvidenceType, Name, Work};
use graph::PageNode;
use model::diagnostics::Diagnostic;
use model::output::OutputFile;
use views::{
    Attribution, BibliographyView, CitedByView, CitedHeading, Downloads, EntrySummary, EntryView,
    TopicGroup, TopicLink, TypeFilter, TypeLink,
};

impl Renderer<'_> {
    fn entry_summary<'a>(&'a self, e: &'a BibEntry) -> EntrySummary<'a> {
        let base = self.graph.base_url.path();
        let key = e.key.as_str();
        EntrySummary {
            key,
            url: format!("{base}bibliography/{key}/"),
            html: self.refs.formatted.get(key).map_or("", String::as_str),
            evidence_type: e.annotation.as_ref().map(|a| a.meta.evidence_type.name()),
        }
    }

    fn attribution(&self) -> Attribution {
        let (style, license, license_url) = self.refs.styler.attribution();
        Attribution {
            style,
            license,
            license_url,
        }
    }

    /// The page of entry `i` and its downloads.
    pub(super) fn reference_page(&self, i: usize) -> Vec<Result<OutputFile, Diagnostic>> {
        let g = self.graph;
        let base = g.base_url.path();
        let e = &g.bibliography.entries[i];
        let key = e.key.as_str();
        let dir = format!("bibliography/{key}/");
        let (annotation_html, annotation_refs) = match &e.annotation {
            Some(a) => {
                let mut resolver =
                    GraphResolver::new(g, self.refs.styler, &a.body.analysis.citations);
                let html = markdown::render(a.body.text(), &a.body.analysis, &mut resolver).html;
                (Some(html), resolver.references())
            }
            None => (None, Vec::new()),
        };
        let cited_by: Vec<_> = g
            .cited_by
            .get(key)
            .into_iter()
            .flatten()
            .map(|c| {
                let l = link(g, c.node);
                let heading = c.heading.as_ref().map(|(id, text)| CitedHeading {
                    text,
                    url: format!("{}#{id}", l.url),
                });
                CitedByView {
                    title: l.title,
                    url: l.url,
                    heading,
                }
            })
            .collect();
        let topics: Vec<_> = e
            .annotation
            .iter()
            .flat_map(|a| a.meta.topics.iter())
            .filter_map(|t| g.topics.term(t))
            .map(|t| TopicLink {
                name: &t.name,
                url: format!("{base}bibliography/#topic-{}", t.id),
            })
            .collect();
        let title = e.field("title").unwrap_or_else(|| key.to_string());
        let view = EntryView {
            key,
            title: &title,
            url: format!("{base}{dir}"),
            permalink: format!("{}{dir}", g.base_url),
            html: self.refs.formatted.get(key).map(String::as_str),
            apa_html: self.refs.formatted_apa.get(key).map(String::as_str),
            style_name: self.refs.styler.kind.name(),
            link: e.field("url").filter(|u| markdown::is_safe_url(u)),
            doi: e.field("doi").map(|d| format!("https://doi.org/{d}")),
            evidence_type: e.annotation.as_ref().map(|a| a.meta.evidence_type.name()),
            peer_reviewed: e.annotation.as_ref().map(|a| a.meta.peer_reviewed),
            topics,
            annotation_html,
            annotation_references: annotation_refs,
            cited_by,
            downloads: Downloads::at(&format!("{base}{dir}{key}")),
            attribution: self.attribution(),
        };
        let mut ctx = tera::Context::new();
        let description = e
            .annotation
            .as_ref()
            .map(|a| a.body.analysis.first_paragraph_text.clone())
            .unwrap_or_default();
        ctx.insert("share", &self.cards().listing(&title, &description, &dir));
        ctx.insert("entry", &view);
        ctx.insert("citation_meta", &super::scholar::entry_tags(e));
        let page = self.output(
            format!("{dir}index.html"),
            "reference.html",
            &format!("bibliography entry {key}"),
            ctx,
        );
        vec![
            page,
            Ok(OutputFile::new(
                format!("{dir}{key}.bib"),
                export::bibtex([e]).into_bytes(),
            )),
            Ok(OutputFile::new(
                format!("{dir}{key}.ris"),
                export::ris([e]).into_bytes(),
            )),
            Ok(OutputFile::new(
                format!("{dir}{key}.json"),
                export::csl_json([e]).into_bytes(),
            )),
        ]
    }

    /// The annotated bibliography: grouped by topic, alphabetical by author, with one filtered
    /// page per evidence type (a filter that works without JavaScript), and whole-bibliography
    /// downloads.
    pub(super) fn bibliography_index(&self) -> Result<Vec<OutputFile>, Diagnostic> {
        let g = self.graph;
        let base = g.base_url.path();
        let mut sorted: Vec<&BibEntry> = g.bibliography.entries.iter().collect();
        sorted.sort_by_key(|e| (e.sort_name(), e.year(), e.key.clone()));
        let has_topic = |e: &BibEntry, t: &str| {
            e.annotation
                .as_ref()
                .is_some_and(|a| a.meta.topics.iter().any(|x| x == t))
        };
        let groups = |filter: &dyn Fn(&BibEntry) -> bool| -> Vec<TopicGroup<'_>> {
            let mut groups: Vec<TopicGroup<'_>> = g
                .topics
                .terms
                .iter()
                .map(|t| {
                    let entries: Vec<_> = sorted
                        .iter()
                        .filter(|e| filter(e) && has_topic(e, &t.id))
                        .map(|e| self.entry_summary(e))
                        .collect();
                    TopicGroup {
                        id: format!("topic-{}", t.id),
                        name: &t.name,
                        entries,
                    }
                })
                .collect();
            let other: Vec<_> = sorted
                .iter()
                .filter(|e| filter(e) && !g.topics.terms.iter().any(|t| has_topic(e, &t.id)))
                .map(|e| self.entry_summary(e))
                .collect();
            groups.push(TopicGroup {
                id: "topic-other".to_string(),
                name: "Other works",
                entries: other,
            });
            groups.retain(|x| !x.entries.is_empty());
            groups
        };
        let mut types: Vec<EvidenceType> = g
            .bibliography
            .entries
            .iter()
            .filter_map(|e| e.annotation.as_ref().map(|a| a.meta.evidence_type))
            .collect();
        types.sort_by_key(|t| t.id());
        types.dedup();
        let type_links: Vec<_> = types
            .iter()
            .map(|t| {
                let count = g
                    .bibliography
                    .entries
                    .iter()
                    .filter(|e| {
                        e.annotation
                            .as_ref()
                            .is_some_and(|a| a.meta.evidence_type == *t)
                    })
                    .count();
                TypeLink {
                    id: t.id(),
                    name: t.name(),
                    count,
                    url: format!("{base}bibliography/type/{}/", t.id()),
                }
            })
            .collect();
        let downloads = Downloads::at(&format!("{base}bibliography/references"));
        let mut out = Vec::new();
        let mut page = |filter: Option<EvidenceType>,
                        groups: Vec<TopicGroup<'_>>,
                        path: String|
         -> Result<(), Diagnostic> {
            let mut ctx = tera::Context::new();
            ctx.insert(
                "bibliography",
                &BibliographyView {
                    url: format!("{base}bibliography/"),
                    count: g.bibliography.entries.len(),
                    groups,
                    types: &type_links,
                    filter: filter.map(|f| TypeFilter {
                        id: f.id(),
                        name: f.name(),
                    }),
                    downloads: &downloads,
                    style_name: self.refs.styler.kind.name(),
                    attribution: self.attribution(),
                },
            );
            let title = match filter {
                Some(f) => format!("{} · Annotated bibliography", f.name()),
                None => "Annotated bibliography".to_string(),
            };
            let dir = path.trim_end_matches("index.html");
            ctx.insert("share", &self.cards().listing(&title, "", dir));
            out.push(self.output(path, "bibliography.html", "the bibliography index", ctx)?);
            Ok(())
        };
        page(None, groups(&|_| true), "bibliography/index.html".into())?;
        for t in &types {
            let matches = |e: &BibEntry| {
                e.annotation
                    .as_ref()
                    .is_some_and(|a| a.meta.evidence_type == *t)
            };
            page(
                Some(*t),
                groups(&matches),
                format!("bibliography/type/{}/index.html", t.id()),
            )?;
        }
        out.push(OutputFile::new(
            "bibliography/references.bib",
            export::bibtex(sorted.iter().copied()).into_bytes(),
        ));
        out.push(OutputFile::new(
            "bibliography/references.ris",
            export::ris(sorted.iter().copied()).into_bytes(),
        ));
        out.push(OutputFile::new(
            "bibliography/references.json",
            export::csl_json(sorted.iter().copied()).into_bytes(),
        ));
        Ok(out)
    }

    /// This page as a work to cite: its front matter's `authors`, else the site's publisher as
    /// a corporate author (never a person the sources do not name).
    pub(super) fn page_work(&self, node: &PageNode) -> Work {
        let g = self.graph;
        let publisher = g.config.publisher().to_string();
        let authors = match node.page.authors() {
            [] => vec![Name::Organization(publisher.clone())],
            named => named.to_vec(),
        };
        Work {
            id: node.page.slug.clone(),
            title: node.page.title().to_string(),
            authors,
            issued: node.page.date(),
            publisher,
            site: g.config.title.clone(),
            url: node.permalink.absolute(&g.base_url),
            language: g.config.language.clone(),
        }
    }

    /// "Cite this page": the page's [`Work`] in APA and the site's style, with BibTeX, RIS and
    /// CSL-JSON files beside the page, each written from the same record.
    pub(super) fn cite_this(
        &self,
        node: &PageNode,
        work: &Work,
    ) -> (CiteView, Vec<Result<OutputFile, Diagnostic>>) {
        let base = self.graph.base_url.path();
        let Some(entry) = work.to_hayagriva() else {
            let d = Diagnostic::general(
                Some(node.page.file.clone()),
                format!("the page's address `{}` is not a URL, so it cannot be cited", work.url),
            )
            .with_help("set `base_url` in brightspot.toml to an absolute address such as \"https://example.org/\"");
            return (CiteView::default(), vec![Err(d)]);
        };
        let apa = self.refs.apa.as_ref().unwrap_or(self.refs.styler);
        let url = node.permalink.url(base);
        let view = CiteView {
            apa_html: apa.format_entry(&entry, base).unwrap_or_default(),
            style_html: self
                .refs
                .apa
                .as_ref()
                .and_then(|_| self.refs.styler.format_entry(&entry, base)),
            style_name: self.refs.styler.kind.name(),
            bib_url: format!("{url}cite.bib"),
            ris_url: format!("{url}cite.ris"),
            json_url: format!("{url}cite.json"),
        };
        let dir = node.permalink.as_str();
        let files = vec![
            Ok(OutputFile::new(
                format!("{dir}cite.bib"),
                work_formats::bibtex(work).into_bytes(),
            )),
            Ok(OutputFile::new(
                format!("{dir}cite.ris"),
                work_formats::ris(work).into_bytes(),
            )),
            Ok(OutputFile::new(
                format!("{dir}cite.json"),
                work_formats::csl_json(work).into_bytes(),
            )),
        ];
        (view, files)
    }
}
