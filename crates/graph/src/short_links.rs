//! Short links and aliases: the addresses that redirect to a page. A page's short link (`/bp`)
//! is its `short` field or, when `[short_links] case_studies` is on, a case study's slug; it is
//! what slides, QR codes and print show. Aliases are other (old) addresses. Each is checked here
//! as text (empty, `..`, characters no file system takes); collisions with other outputs are
//! found with every other output path in [`super::paths`].

use super::{Graph, PageId, Permalink};
use content::front_matter;
use content::schema::PageType;
use model::diagnostics::Diagnostic;

/// What kind of address redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RedirectKind {
    /// The page's short link (`short`, or the slug of a case study with automatic short links).
    Short,
    /// An entry of `aliases`.
    Alias,
}

/// An address that redirects to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The address that redirects.
    pub from: Permalink,
    /// The page it leads to.
    pub to: PageId,
    /// Short link or alias.
    pub kind: RedirectKind,
    /// The front-matter field that declares it (`short`, `aliases`, or `slug` for an automatic
    /// short link), for diagnostics.
    pub field: &'static str,
    /// The address as written, for locating it in the front matter.
    pub written: String,
}

/// Sets each page's short link and collects every redirect; reports addresses that cannot be one.
pub(super) fn resolve(graph: &mut Graph) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut redirects = Vec::new();
    let automatic = graph.config.short_links.case_studies;
    for (i, node) in graph.pages.iter_mut().enumerate() {
        let page = &node.page;
        let declared = page.short().map(|s| (s.to_string(), "short"));
        let auto = (automatic && page.page_type() == PageType::CaseStudy)
            .then(|| (page.slug.clone(), "slug"));
        let mut wanted: Vec<(String, &'static str, RedirectKind)> = declared
            .or(auto)
            .map(|(s, f)| (s, f, RedirectKind::Short))
            .into_iter()
            .collect();
        wanted.extend(
            page.aliases()
                .iter()
                .map(|a| (a.clone(), "aliases", RedirectKind::Alias)),
        );
        for (written, field, kind) in wanted {
            let path = written.trim_matches('/');
            let problem = if path.is_empty() {
                Some("is empty, which would replace the home page".to_string())
            } else {
                super::outputs::path_problem(path)
            };
            if let Some(problem) = problem {
                let text = &page.body.file_text;
                let span = front_matter::split(&page.file, text)
                    .map_or(0..3, |s| locate(&s, field, &written));
                problems.push(
                    Diagnostic::error(
                        &page.file,
                        span,
                        format!(
                            "`{field}`: the address `{}` {problem}",
                            super::outputs::shown(&written)
                        ),
                    )
                    .with_help(
                        "write a site address like \"/bp\" or \"/guides/old-name\": letters, digits, `-` and `/`",
                    ),
                );
                continue;
            }
            let from = Permalink::from_segments(path.split('/'));
            // A short link repeated among the aliases is one redirect, not a collision.
            if redirects
                .iter()
                .any(|r: &Redirect| r.to == PageId(i) && r.from == from)
            {
                continue;
            }
            if kind == RedirectKind::Short {
                node.short = Some(from.clone());
            }
            redirects.push(Redirect {
                from,
                to: PageId(i),
                kind,
                field,
                written,
            });
        }
    }
    graph.redirects = redirects;
    problems
}

/// Where an address is written in the front matter: the value itself, or its field when the
/// value is written with escapes (`"\u0000"`) or is empty.
pub(super) fn locate(
    split: &front_matter::Split<'_>,
    field: &str,
    written: &str,
) -> std::ops::Range<usize> {
    if !written.is_empty() && split.front.contains(written) {
        front_matter::locate(split, written)
    } else {
        front_matter::locate_key(split, field, None)
    }
}
