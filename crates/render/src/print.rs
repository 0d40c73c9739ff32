//! The whole paper on one page (`/paper/print/`): every chapter of a section of chapters in
//! reading order, each with its own reference list, to read straight through or print (the
//! stylesheet starts each chapter on a new sheet).

use tera::Context;

use super::context::Reference;
use super::{GraphResolver, Renderer};
use content::schema::PageType;
use graph::paths::PRINT_FOLDER;
use graph::{PageId, SectionId};
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// One chapter as the whole-paper template gets it.
#[derive(serde::Serialize)]
struct ChapterView<'a> {
    /// The chapter's slug, the prefix of its ids on this page.
    id: &'a str,
    /// Title.
    title: &'a str,
    /// The chapter's own page.
    url: String,
    /// The body, as HTML nested under the chapter's `h2` (see [`nest`]).
    content: String,
    /// The chapter's reference list.
    references: Vec<Reference>,
    /// The chapter's short link, if it has one.
    short: Option<super::share::ShortView>,
}

/// What `paper_print.html` gets as `paper`.
#[derive(serde::Serialize)]
struct PaperView<'a> {
    /// The section's title.
    title: &'a str,
    /// The section's description (empty when there is none).
    description: &'a str,
    /// The section's URL.
    url: String,
    /// This page's absolute URL.
    permalink: String,
    /// The chapters, in reading order.
    chapters: Vec<ChapterView<'a>>,
}

/// A chapter's HTML made to sit beside the others on one page: every id and in-page link gets
/// the chapter's prefix (two chapters may both have a `#summary`), and headings move one level
/// down below the chapter's own `h2`. The HTML is the renderer's own, whose text and attribute
/// values are escaped, so `id="` and `<h2` occur only as the markup it wrote.
pub fn nest(html: &str, prefix: &str) -> String {
    let mut out = html
        .replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"));
    for level in (1..=5).rev() {
        out = out
            .replace(&format!("<h{level} "), &format!("<h{} ", level + 1))
            .replace(&format!("<h{level}>"), &format!("<h{}>", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

impl Renderer<'_> {
    /// The whole-paper page of a section, when it holds chapters.
    pub(super) fn whole_paper(&self, id: SectionId) -> Option<Result<OutputFile, Diagnostic>> {
        let g = self.graph;
        let node = g.section(id);
        let chapters: Vec<PageId> = node
            .pages
            .iter()
            .copied()
            .filter(|p| g.page(*p).page.page_type() == PageType::Chapter)
            .collect();
        if chapters.is_empty() {
            return None;
        }
        let base = g.base_url.path();
        let views: Vec<ChapterView<'_>> = chapters
            .iter()
            .map(|p| {
                let n = g.page(*p);
                let own_url = n.permalink.url(base);
                let citations = super::pages::citations_of(&n.page);
                let mut resolver = GraphResolver::new(g, self.refs.styler, &citations)
                    .with_glossary(&self.glossary.forms, &own_url);
                let body = markdown::render_from(
                    n.page.body.text(),
                    &n.page.body.analysis,
                    super::pages::first_body_citation(&n.page),
                    &mut resolver,
                );
                ChapterView {
                    id: &n.page.slug,
                    title: n.page.title(),
                    content: nest(&body.html, &n.page.slug),
                    references: resolver.references(),
                    short: super::share::short_view(g, n),
                    url: own_url,
                }
            })
            .collect();
        let s = &node.section;
        let description = s.meta.description.as_deref().unwrap_or_default();
        let mut ctx = Context::new();
        ctx.insert(
            "paper",
            &PaperView {
                title: &s.meta.title,
                description,
                url: node.permalink.url(base),
                permalink: format!("{}{PRINT_FOLDER}/", node.permalink.absolute(&g.base_url)),
                chapters: views,
            },
        );
        ctx.insert(
            "share",
            &self.cards().listing(
                &format!("{}: the whole text", s.meta.title),
                description,
                &format!("{}{PRINT_FOLDER}/", node.permalink.as_str()),
            ),
        );
        Some(self.output(
            format!("{}{PRINT_FOLDER}/index.html", node.permalink.as_str()),
            "paper_print.html",
            &format!("the whole-paper page of {}", s.file.display()),
            ctx,
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_chapters_get_prefixed_ids_and_lower_headings() {
        let html = "<h2 id=\"summary\"><a class=\"heading-anchor\" href=\"#summary\">Summary</a></h2>\n<p>See <a href=\"#footnote-1\">1</a> and <a href=\"/x/#y\">x</a>.</p>\n<h3 id=\"a\">A</h3>";
        let out = super::nest(html, "why");
        assert!(out.contains("<h3 id=\"why-summary\">"), "{out}");
        assert!(out.contains("href=\"#why-summary\""), "{out}");
        assert!(out.contains("href=\"#why-footnote-1\""), "{out}");
        assert!(
            out.contains("href=\"/x/#y\""),
            "other pages' anchors stay: {out}"
        );
        assert!(out.contains("<h4 id=\"why-a\">A</h4>"), "{out}");
    }
}
