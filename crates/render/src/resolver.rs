//! How a Markdown body's links, citations and glossary terms are answered while it is rendered:
//! [`GraphResolver`] looks them up in the graph (the Markdown crate's `Resolver`).

use content::bibliography::style::PageCitations;
use content::bibliography::Styler;
use graph::Graph;
use markdown::{Citation, Resolver};

use crate::context;

/// Resolves links, citations and glossary terms against the graph while rendering one body of
/// Markdown.
pub struct GraphResolver<'a> {
    graph: &'a Graph,
    base_path: &'a str,
    cites: PageCitations,
    glossary: &'a [GlossaryForm],
    /// The URL relative links are resolved against when a fragment is shown on another page.
    pub(crate) relative_base: Option<String>,
    /// The page's own address (`case-studies/x/`), against which its images are looked up;
    /// None where the Markdown is shown away from its page (listings, previews).
    pub(crate) images_of: Option<String>,
    /// Glossary pages already linked (or the page being rendered itself).
    linked: std::collections::BTreeSet<String>,
}

/// One written form of a glossary term (its title or an `also` form) and the term's page.
#[derive(Debug, Clone)]
pub struct GlossaryForm {
    /// The form, lowercase.
    pub form: String,
    /// The term page's URL.
    pub url: String,
}

/// Every glossary form of the site, longest first (so "population health integrator" wins over
/// "integrator").
pub(crate) fn glossary_forms(graph: &Graph) -> Vec<GlossaryForm> {
    if !graph.config.glossary_links {
        return Vec::new();
    }
    let base = graph.base_url.path();
    let mut forms: Vec<GlossaryForm> = graph
        .pages
        .iter()
        .filter_map(|p| match &p.page.kind {
            content::PageKind::Glossary(m) => Some((m, p.permalink.url(base))),
            _ => None,
        })
        .flat_map(|(m, url)| {
            std::iter::once(&m.common.title)
                .chain(&m.also)
                .map(move |f| GlossaryForm {
                    form: f.to_lowercase(),
                    url: url.clone(),
                })
        })
        .filter(|f| !f.form.trim().is_empty())
        .collect();
    forms.sort_by(|a, b| {
        b.form
            .len()
            .cmp(&a.form.len())
            .then_with(|| a.form.cmp(&b.form))
    });
    forms
}

impl<'a> GraphResolver<'a> {
    /// A resolver for a body whose citations are `citations` (in document order; a citation is
    /// asked for by its index here), linking no glossary terms.
    pub fn new(graph: &'a Graph, styler: &Styler, citations: &[Citation]) -> Self {
        let base_path = graph.base_url.path();
        let cites = styler.page(&graph.bibliography, citations, base_path);
        GraphResolver {
            graph,
            base_path,
            cites,
            glossary: &[],
            relative_base: None,
            images_of: None,
            linked: Default::default(),
        }
    }

    /// Also links the first use of each glossary term, except terms whose page is `own_url`.
    pub fn with_glossary(mut self, forms: &'a [GlossaryForm], own_url: &str) -> Self {
        self.glossary = forms;
        self.linked.insert(own_url.to_string());
        self
    }

    /// Also writes the images beside the page at `permalink` as resized pictures.
    pub fn with_images(mut self, permalink: &graph::Permalink) -> Self {
        self.images_of = Some(permalink.as_str().to_string());
        self
    }

    /// The formatted reference list of the citations this resolver knows.
    pub fn references(&self) -> Vec<context::Reference> {
        self.cites
            .references
            .iter()
            .map(|(key, html)| context::Reference {
                key: key.clone(),
                html: html.clone(),
                url: format!("{}bibliography/{key}/", self.base_path),
            })
            .collect()
    }
}

impl Resolver for GraphResolver<'_> {
    fn link(&mut self, path: &str, anchor: Option<&str>) -> Option<String> {
        let node = self.graph.lookup(path)?;
        let (_, permalink) = self.graph.title_and_link(node);
        let mut url = permalink.url(self.base_path);
        // A term the author linked by hand counts as linked: no second, automatic link.
        self.linked.insert(url.clone());
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Some(url)
    }

    fn citation(&mut self, index: usize, _: &Citation) -> Option<String> {
        self.cites.html.get(index).cloned().flatten()
    }

    fn has_preview(&mut self, path: &str) -> bool {
        match self.graph.lookup(path) {
            Some(graph::NodeId::Page(id)) => {
                crate::previews::has_preview(self.graph.page(id).page.page_type())
            }
            _ => false,
        }
    }

    fn image(&mut self, url: &str) -> Option<markdown::Picture> {
        let page = self.images_of.as_deref()?;
        let path = graph::images::image_path(page, url)?;
        self.graph.pictures.get(&path).cloned()
    }

    fn relative(&mut self, url: &str) -> Option<String> {
        let base = self.relative_base.as_deref()?;
        let is_relative = !url.starts_with(['/', '#']) && !url.contains(':');
        is_relative.then(|| join_url(base, url))
    }

    fn glossary_term(&mut self, text: &str) -> Option<(std::ops::Range<usize>, String)> {
        if self.glossary.is_empty() {
            return None;
        }
        // ASCII lowercasing keeps byte offsets, so ranges index the original text.
        let lower = text.to_ascii_lowercase();
        let best = self
            .glossary
            .iter()
            .filter(|f| !self.linked.contains(&f.url))
            .filter_map(|f| whole_word(&lower, &f.form).map(|at| (at, f)))
            .min_by_key(|(at, f)| (*at, std::cmp::Reverse(f.form.len())))?;
        let (at, form) = best;
        self.linked.insert(form.url.clone());
        Some((at..at + form.form.len(), form.url.clone()))
    }
}

/// `base` (a folder URL ending in `/`) joined with a relative `url`, `.` and `..` resolved.
fn join_url(base: &str, url: &str) -> String {
    let mut parts: Vec<&str> = base.trim_end_matches('/').split('/').collect();
    for seg in url.split('/') {
        match seg {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The first occurrence of `word` in `text` that is not part of a longer word.
fn whole_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let end = at + word.len();
        let before = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return Some(at);
        }
        from = at + word.chars().next().map_or(1, char::len_utf8);
    }
    None
}
