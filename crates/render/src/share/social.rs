//! Social images: one 1200×630 PNG per case study and paper chapter, and one for the site,
//! drawn at build time from the theme's `social.svg` template with resvg and the bundled Inter
//! fonts (never the machine's, so the bytes are the same on every machine). The title is wrapped
//! and shrunk to fit (`social/title.rs`); names carry a hash of the SVG, so a changed card gets a
//! new URL.

mod title;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use serde::Serialize;

use super::{has_own_image, image_key, SITE_IMAGE};
use crate::assets::short_hash;
use crate::context;
use crate::Templates;
use content::schema::PageType;
use graph::{Graph, NodeId, PageNode};
use model::diagnostics::Diagnostic;
use model::memo::Run;
use model::output::OutputFile;
pub use title::{layout, Line, TitleLayout};
use title::{options, undrawable};

/// Width of a social image in pixels (the size every network crops from).
pub const WIDTH: u32 = 1200;
/// Height of a social image in pixels.
pub const HEIGHT: u32 = 630;
/// The theme template the cards are drawn from.
pub const TEMPLATE: &str = "social.svg";

/// What the `social.svg` template gets as `card`.
#[derive(Debug, Clone, Serialize)]
struct CardView {
    width: u32,
    height: u32,
    /// Small text above the title ("Case study", the paper's title).
    label: String,
    title: TitleLayout,
    /// "City, State" of a case study.
    place: Option<String>,
    site: String,
}

/// Draws an SVG into a PNG of `width`×`height` pixels (scaled to fit).
pub fn rasterize(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|e| e.to_string())?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| "empty image size".to_string())?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// "City, State" of a case study, as far as the sources report it.
pub fn place(graph: &Graph, node: &PageNode) -> Option<String> {
    let cs = node.page.case_study()?;
    let (city, state) = super::jsonld::place(graph, cs);
    let parts: Vec<String> = [city, state].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The words of a page's card, for its `og:image:alt`.
pub fn page_alt(graph: &Graph, node: &PageNode, place: Option<&str>) -> String {
    let place = place
        .map(str::to_string)
        .or_else(|| self::place(graph, node));
    let mut parts = vec![label(graph, node), node.page.title().to_string()];
    parts.extend(place);
    parts.push(graph.config.title.clone());
    parts.join(" · ")
}

/// The words of the site's card.
pub fn site_alt(graph: &Graph) -> String {
    graph.config.title.clone()
}

/// The small text above a page's title.
fn label(graph: &Graph, node: &PageNode) -> String {
    match node.page.page_type() {
        PageType::CaseStudy => "Case study".into(),
        PageType::Page | PageType::Chapter | PageType::Glossary => {
            context::link(graph, NodeId::Section(node.section)).title
        }
    }
}

/// PNGs already drawn, by asset name, with the hash of the SVG each was drawn from: `serve`
/// keeps it between rebuilds so only changed cards are drawn again.
pub type Memo = model::memo::Memo<String, String, Arc<Vec<u8>>>;

/// The social images of a site.
#[derive(Debug, Default)]
pub struct Images {
    /// The PNG files.
    pub files: Vec<OutputFile>,
    /// Asset name (`social/<page>.png`, `social.png`) → written path with its hash.
    pub names: BTreeMap<String, String>,
    /// Template failures, and titles with characters the fonts cannot draw.
    pub problems: Vec<Diagnostic>,
}

/// Draws every case study's and chapter's card and the site's, in parallel, reusing what
/// `memo` holds. Without a `social.svg` template there are no images (and cards fall back to
/// `twitter:card = summary`).
pub fn render(graph: &Graph, templates: &Templates, memo: Option<&mut Memo>) -> Images {
    let mut images = Images::default();
    if !templates.has(TEMPLATE) {
        return images;
    }
    // The config's title is not validated like content: what XML 1.0 cannot hold is dropped
    // here, as in the feed, or the SVG would not parse.
    let site: String = graph
        .config
        .title
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect();
    let menu: Vec<String> = context::menu(graph).into_iter().map(|l| l.title).collect();
    let mut cards: Vec<(String, String, CardView, Option<&PageNode>)> = vec![(
        SITE_IMAGE.to_string(),
        "social/site".to_string(),
        CardView {
            width: WIDTH,
            height: HEIGHT,
            label: menu.join(" · "),
            title: layout(&site, false),
            place: None,
            // The site's own card shows where to find it.
            site: graph.base_url.address(),
        },
        None,
    )];
    for node in graph.pages.iter().filter(|p| has_own_image(p)) {
        let key = image_key(&node.permalink);
        let stem = key.trim_end_matches(".png").to_string();
        cards.push((
            key,
            stem,
            CardView {
                width: WIDTH,
                height: HEIGHT,
                label: label(graph, node),
                title: layout(node.page.title(), place(graph, node).is_some()),
                place: place(graph, node),
                site: site.clone(),
            },
            Some(node),
        ));
    }
    let run = memo.as_deref().map(Run::new);
    let drawn = cards
        .into_par_iter()
        .map(|(key, stem, card, node)| {
            let mut ctx = tera::Context::new();
            ctx.insert("card", &card);
            let what = node.map_or_else(
                || "the site's social image".to_string(),
                |n| format!("the social image of {}", n.page.file.display()),
            );
            let svg = templates.render(TEMPLATE, &ctx, &what)?;
            let hash = short_hash(svg.as_bytes());
            let draw = || {
                rasterize(&svg, WIDTH, HEIGHT).map(Arc::new).map_err(|e| {
                    Diagnostic::general(None, format!("{what} could not be drawn: {e}"))
                        .with_help("check the theme's templates/social.svg")
                })
            };
            let png = match &run {
                Some(run) => run.get_or_make(key.clone(), hash.clone(), draw)?,
                None => draw()?,
            };
            let undrawn = node.and_then(|n| undrawable(n.page.title()).map(|c| (n, c)));
            Ok((key, format!("{stem}.{hash}.png"), png, undrawn))
        })
        .collect::<Result<Vec<_>, Diagnostic>>();
    if let (Some(next), Some(memo)) = (run.map(|r| r.finish().0), memo) {
        *memo = next;
    }
    match drawn {
        Ok(drawn) => {
            for (key, path, png, undrawn) in drawn {
                if let Some((node, c)) = undrawn {
                    let text = &node.page.body.file_text;
                    let at = text.find(c).unwrap_or(0);
                    images.problems.push(
                        Diagnostic::warning(
                            node.page.file.clone(),
                            at..at + c.len_utf8().max(1),
                            format!("the title's character `{c}` is not in the social image's font, so the image shows an empty box"),
                        )
                        .with_help("the bundled Inter subset covers Latin scripts (see crates/render/src/share/fonts/README.md); write the title in them or add a font"),
                    );
                }
                images.names.insert(key, path.clone());
                images.files.push(OutputFile { path, bytes: png });
            }
        }
        Err(d) => images.problems.push(d),
    }
    images
}
