//! The build's output paths, registered before render in one [`OutputSet`]: the generated files
//! first (they cannot move), then sections, pages and their downloads, taxonomy and bibliography
//! pages, static files, and last the short links and aliases, so a redirect that would take over
//! another output is the one reported.

use std::path::{Path, PathBuf};

use super::outputs::{OutputSet, Source};
use super::short_links::RedirectKind;
use super::Graph;
use content::front_matter;
use content::schema::PageType;
use model::config::CONFIG_FILE;
use model::diagnostics::Diagnostic;

/// The folder of the whole-paper page under a chapter section (`/paper/print/`).
pub const PRINT_FOLDER: &str = "print";
/// The handout of every case study with its short link and QR code.
pub const HANDOUT: &str = "handout/index.html";
/// A short-linked page's present view, below the page's address.
pub const PRESENT_FOLDER: &str = "present";
/// A short-linked page's QR code, below the page's address.
pub const QR_FILE: &str = "qr.svg";
/// Netlify's redirect rules.
pub const REDIRECTS_FILE: &str = "_redirects";
/// The web editor's folder (with `[editor]` in the config); kept out of the sitemap.
pub const EDITOR_FOLDER: &str = "admin/";
/// The web editor's page.
pub const EDITOR_PAGE: &str = "admin/index.html";
/// The web editor's configuration, written from the schema.
pub const EDITOR_CONFIG: &str = "admin/config.yml";

/// Every output path of `graph`, with `generated` (the search files whose names are known before
/// the index is built) and `static_files` (output path, input file) from the assets, and every
/// collision or unusable path found on the way.
pub fn plan(
    graph: &Graph,
    generated: &[(String, Source)],
    static_files: &[(String, PathBuf)],
) -> (OutputSet, Vec<Diagnostic>) {
    let mut plan = Plan::default();
    let config = Path::new(CONFIG_FILE);
    let site = |field: &str, what: &str| Source::new(config, field, what);
    let theme = format!("themes/{}/templates", graph.config.theme);

    plan.file(
        "404.html",
        Source::new(format!("{theme}/404.html"), "template", "the 404 page"),
    );
    plan.file("sitemap.xml", site("base_url", "the sitemap"));
    plan.file("robots.txt", site("base_url", "robots.txt"));
    if graph.config.feed {
        plan.file("feed.xml", site("feed", "the Atom feed"));
    }
    for (path, source) in generated {
        plan.file(path, source.clone());
    }
    if !graph.redirects.is_empty() {
        plan.file(REDIRECTS_FILE, site("short_links", "the redirect rules"));
    }
    plan.file(
        "evidence-map/index.html",
        Source::new(
            format!("{theme}/evidence_map.html"),
            "template",
            "the evidence map",
        ),
    );
    if graph.pages.iter().any(|p| p.short.is_some()) {
        plan.file(HANDOUT, site("short_links", "the handout of short links"));
    }
    // The vendored editor's files are named by their hash: the pipeline registers them.
    if graph.config.editor.is_some() {
        plan.file(EDITOR_PAGE, site("editor", "the web editor"));
        plan.file(
            EDITOR_CONFIG,
            site("editor", "the web editor's configuration"),
        );
    }

    for s in &graph.sections {
        let source = Source::new(&s.section.file, "folder name", "the section");
        plan.file(&s.permalink.output_file(), source);
        let chapters = s
            .pages
            .iter()
            .any(|p| graph.page(*p).page.page_type() == PageType::Chapter);
        if chapters {
            let source = Source::new(&s.section.file, "folder name", "the whole-paper page");
            let path = format!("{}{PRINT_FOLDER}/index.html", s.permalink.as_str());
            plan.file(&path, source);
        }
    }

    for p in &graph.pages {
        let page = &p.page;
        let slug_span = front_matter::split(&page.file, &page.body.file_text)
            .ok()
            .filter(|s| s.front.lines().any(|l| l.trim_start().starts_with("slug")))
            .map(|s| front_matter::locate_key(&s, "slug", None));
        let field = if slug_span.is_some() {
            "slug"
        } else {
            "file name"
        };
        let source = |what: &str| {
            let s = Source::new(&page.file, field, what);
            match &slug_span {
                Some(span) => s.at(span.clone()),
                None => s,
            }
        };
        let dir = p.permalink.as_str();
        plan.file(&p.permalink.output_file(), source("the page"));
        if matches!(page.page_type(), PageType::CaseStudy | PageType::Chapter) {
            for ext in ["bib", "ris", "json"] {
                let path = format!("{dir}cite.{ext}");
                plan.file(&path, source("the page's citation download"));
            }
        }
        if p.short.is_some() {
            let short = |what: &str| Source::new(&page.file, "short", what);
            let path = format!("{dir}{QR_FILE}");
            plan.file(&path, short("the page's QR code"));
            let path = format!("{dir}{PRESENT_FOLDER}/index.html");
            plan.file(&path, short("the page's present view"));
        }
    }
    for a in &graph.assets {
        let rel = a.rel.to_string_lossy().replace('\\', "/");
        let source = Source::new(
            format!("content/{rel}"),
            "file name",
            "the page-bundle file",
        );
        plan.file(&rel, source);
    }

    for t in &graph.taxonomies {
        let name = &t.taxonomy.config.name;
        let what = format!("the taxonomy `{name}`");
        let source = site("taxonomies.name", &what);
        plan.file(&t.permalink.output_file(), source);
        let vocabulary = &t.taxonomy.config.vocabulary;
        for (i, term) in t.terms.iter().enumerate() {
            if !t.publishes(i) {
                continue;
            }
            let what = format!("the term `{}` of `{name}`", term.term.id);
            if term.term.id.trim().is_empty() {
                plan.problems.push(
                    Diagnostic::general(
                        Some(vocabulary.clone()),
                        format!("a term of `{name}` has an empty `id`, so it has no page"),
                    )
                    .with_help("give every term an `id` of letters, digits and `-`"),
                );
                continue;
            }
            let source = Source::new(vocabulary, "id", what);
            plan.file(&term.permalink.output_file(), source);
        }
    }

    let bib = |field: &str, what: &str| Source::new("bibliography", field, what);
    plan.file(
        "bibliography/index.html",
        bib("folder", "the annotated bibliography"),
    );
    for ext in ["bib", "ris", "json"] {
        let path = format!("bibliography/references.{ext}");
        plan.file(&path, bib("folder", "the bibliography download"));
    }
    let mut types: Vec<&str> = graph
        .bibliography
        .entries
        .iter()
        .filter_map(|e| e.annotation.as_ref().map(|a| a.meta.evidence_type.id()))
        .collect();
    types.sort_unstable();
    types.dedup();
    for t in types {
        let path = format!("bibliography/type/{t}/index.html");
        plan.file(
            &path,
            bib("evidence_type", "the bibliography filtered by type"),
        );
    }
    for e in &graph.bibliography.entries {
        let key = e.key.as_str();
        let what = format!("the bibliography entry `{key}`");
        let source = || Source::new(&e.file, "key", what.as_str()).at(e.span.clone());
        plan.file(&format!("bibliography/{key}/index.html"), source());
        for ext in ["bib", "ris", "json"] {
            plan.file(&format!("bibliography/{key}/{key}.{ext}"), source());
        }
    }

    for (path, file) in static_files {
        let source = Source::new(file, "file name", "the static file");
        plan.file(path, source);
    }

    for r in &graph.redirects {
        let page = &graph.page(r.to).page;
        let from = super::outputs::shown(&r.from.to_string());
        let what = match r.kind {
            RedirectKind::Short => format!("the short link `{from}`"),
            RedirectKind::Alias => format!("the alias `{from}`"),
        };
        let span = front_matter::split(&page.file, &page.body.file_text)
            .ok()
            .map(|s| match r.field {
                "slug" if !s.front.contains("slug") => 0..3,
                "slug" => front_matter::locate_key(&s, "slug", None),
                _ => super::short_links::locate(&s, r.field, &r.written),
            });
        let mut source = Source::new(&page.file, r.field, what);
        if let Some(span) = span {
            source = source.at(span);
        }
        plan.file(&r.from.output_file(), source);
    }
    (plan.set, plan.problems)
}

/// The set being filled and the problems found so far.
#[derive(Default)]
struct Plan {
    set: OutputSet,
    problems: Vec<Diagnostic>,
}

impl Plan {
    fn file(&mut self, path: &str, source: Source) {
        if let Err(d) = self.set.file(path, source) {
            self.problems.push(d);
        }
    }
}
