//! Share files: Netlify's `_redirects` and an HTML redirect page for every short link and alias
//! (for hosts without redirect files), a QR code of each short link, each short-linked page's
//! present view (title, short link and code, sized for a slide) and the handout of every case
//! study with its short link and code.

use pulldown_cmark_escape::escape_html;
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;
use tera::Context;

use crate::Renderer;
use content::schema::PageType;
use graph::paths::{HANDOUT, PRESENT_FOLDER, QR_FILE, REDIRECTS_FILE};
use graph::{encode_path, Graph, PageId, PageNode};
use model::diagnostics::Diagnostic;
use model::output::OutputFile;

/// Modules of light margin around a QR code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// A page's short link as templates get it (`page.short`, `present`, handout entries).
#[derive(Debug, Clone, Serialize)]
pub struct ShortView {
    /// The absolute short URL at the production address, which the QR code encodes.
    pub url: String,
    /// The same without the scheme, for reading aloud and typing (`example.org/bp`).
    pub text: String,
    /// The host part of `text` (`example.org`), shown smaller on a slide.
    pub host: String,
    /// The path part of `text` (`/bp`), the part to remember.
    pub path: String,
    /// The QR code image's URL.
    pub qr_url: String,
    /// The QR code as inline SVG, for print.
    pub qr_svg: String,
    /// The page's present view.
    pub present_url: String,
}

/// A page's present view, as `present.html` gets it (`present`).
#[derive(Serialize)]
struct PresentView<'a> {
    /// The page's title.
    title: &'a str,
    /// The page's URL.
    url: String,
    /// The page's absolute URL.
    permalink: String,
    /// "City, ST", for case studies.
    place: Option<String>,
    /// The page's short link.
    short: ShortView,
}

/// The handout, as `handout.html` gets it (`handout`).
#[derive(Serialize)]
struct HandoutView<'a> {
    /// The handout's URL.
    url: String,
    /// The handout's absolute URL.
    permalink: String,
    /// Every case study with a short link.
    entries: Vec<HandoutEntry<'a>>,
}

/// A case study on the handout.
#[derive(Serialize)]
struct HandoutEntry<'a> {
    /// The case study, as in listings.
    page: crate::context::PageSummary<'a>,
    /// Its short link.
    short: ShortView,
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, s);
    out
}

/// The short link of a page, or None when it has none.
pub fn short_view(graph: &Graph, node: &PageNode) -> Option<ShortView> {
    let short = node.short.as_ref()?;
    // At the production address, without the trailing slash.
    let site = &graph.production_url;
    let short = encode_path(short.as_str().trim_end_matches('/'));
    let url = site.absolute(&short);
    let page_url = node.permalink.url(graph.base_url.path());
    let host = site.host();
    let path = format!("{}{short}", site.path());
    let text = format!("{host}{path}");
    Some(ShortView {
        text,
        host,
        path,
        qr_svg: qr_svg(&url, &format!("QR code for {url}"), false),
        qr_url: format!("{page_url}{QR_FILE}"),
        present_url: format!("{page_url}{PRESENT_FOLDER}/"),
        url,
    })
}

/// An SVG QR code of `data` (error correction M, a four-module quiet zone, black on white in
/// every colour scheme). `standalone` adds the XML namespace and a pixel size for a file of its
/// own; inline it carries `role="img"` and `label` for assistive technology.
pub fn qr_svg(data: &str, label: &str, standalone: bool) -> String {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L));
    let Ok(code) = code else {
        return String::new();
    };
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    // One path of horizontal runs of dark modules: small, and exact at any scale.
    let mut d = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                d.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    let label = esc(label);
    let head = if standalone {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\"><title>{label}</title>",
            px = size * 8
        )
    } else {
        format!(
            "<svg class=\"qr\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">"
        )
    };
    format!("{head}<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>")
}

/// `_redirects` for Netlify: a forced 301 from every short link and alias (forced, because the
/// HTML redirect page at the same address would otherwise be served instead).
pub fn redirect_rules(graph: &Graph) -> Option<OutputFile> {
    if graph.redirects.is_empty() {
        return None;
    }
    let base = graph.base_url.path();
    let mut text = String::from("# Short links and aliases, written by brightspot: see each page's `short` and `aliases`.\n");
    for r in &graph.redirects {
        let from = format!(
            "{base}{}",
            encode_path(r.from.as_str().trim_end_matches('/'))
        );
        let to = graph.page(r.to).permalink.url(base);
        text.push_str(&format!("{from} {to} 301!\n"));
    }
    Some(OutputFile::new(REDIRECTS_FILE, text.into_bytes()))
}

/// A small HTML page at every short link and alias that sends the reader on: a meta refresh
/// (the CSP allows no inline script), a canonical link, `noindex`, and a plain link.
pub fn redirect_pages(graph: &Graph) -> Vec<OutputFile> {
    let base = graph.base_url.path();
    graph
        .redirects
        .iter()
        .map(|r| {
            let node = graph.page(r.to);
            let target = esc(&node.permalink.url(base));
            let canonical = esc(&node.permalink.absolute(&graph.base_url));
            let title = esc(node.page.title());
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{canonical}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p>This address leads to <a href=\"{target}\">{title}</a>.</p></body></html>\n",
                lang = esc(&graph.config.language)
            );
            OutputFile::new(r.from.output_file(), html.into_bytes())
        })
        .collect()
}

impl Renderer<'_> {
    /// Each short-linked page's QR code and present view.
    pub(crate) fn share_files(&self, id: PageId) -> Vec<Result<OutputFile, Diagnostic>> {
        let g = self.graph;
        let node = g.page(id);
        let Some(short) = short_view(g, node) else {
            return Vec::new();
        };
        let dir = node.permalink.as_str();
        let label = format!("QR code for {}", short.url);
        let svg = qr_svg(&short.url, &label, true);
        let place = node.page.case_study().and_then(|_| self.summary(id).place);
        let mut ctx = Context::new();
        // Shared from a slide, the present view previews as its page does (its canonical URL).
        ctx.insert("share", &self.cards().page(node, place.as_deref()));
        ctx.insert(
            "present",
            &PresentView {
                title: node.page.title(),
                url: node.permalink.url(g.base_url.path()),
                permalink: node.permalink.absolute(&g.base_url),
                place,
                short,
            },
        );
        let view = self.output(
            format!("{dir}{PRESENT_FOLDER}/index.html"),
            "present.html",
            &format!("the present view of {}", node.page.file.display()),
            ctx,
        );
        vec![
            Ok(OutputFile::new(format!("{dir}{QR_FILE}"), svg.into_bytes())),
            view,
        ]
    }

    /// The handout: every case study with its summary, short link and QR code, for printing.
    pub(crate) fn handout(&self) -> Option<Result<OutputFile, Diagnostic>> {
        let g = self.graph;
        let entries: Vec<HandoutEntry<'_>> = g
            .sections
            .iter()
            .flat_map(|s| s.pages.iter())
            .filter(|p| g.page(**p).page.page_type() == PageType::CaseStudy)
            .filter_map(|p| {
                let short = short_view(g, g.page(*p))?;
                Some(HandoutEntry {
                    page: self.summary(*p),
                    short,
                })
            })
            .collect();
        if !g.pages.iter().any(|p| p.short.is_some()) {
            return None;
        }
        let mut ctx = Context::new();
        ctx.insert(
            "handout",
            &HandoutView {
                url: format!("{}handout/", g.base_url.path()),
                permalink: format!("{}handout/", g.base_url),
                entries,
            },
        );
        ctx.insert(
            "share",
            &self.cards().listing(
                "Case studies to share: short links and QR codes",
                "Every case study with its one-line summary, short link and QR code, to print and hand out.",
                "handout/",
            ),
        );
        Some(self.output(HANDOUT.into(), "handout.html", "the handout", ctx))
    }
}
