//! Social images: one 1200×630 PNG per case study and paper chapter, and one for the site,
//! drawn at build time from the theme's `social.svg` template with resvg and the bundled Inter
//! fonts (never the machine's, so the bytes are the same on every machine). The title is wrapped
//! and shrunk to fit; names carry a hash of the SVG, so a changed card gets a new URL.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

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
use model::output::OutputFile;

/// Width of a social image in pixels (the size every network crops from).
pub const WIDTH: u32 = 1200;
/// Height of a social image in pixels.
pub const HEIGHT: u32 = 630;
/// The theme template the cards are drawn from.
pub const TEMPLATE: &str = "social.svg";

/// The title's font, as the template must name it.
const TITLE_FAMILY: &str = "Inter Display";
/// The title's box: left edge, top of the first line, widest line, lowest baseline.
const TITLE_X: f32 = 80.0;
const TITLE_TOP: f32 = 200.0;
const TITLE_WIDTH: f32 = 1040.0;
const TITLE_BOTTOM: f32 = 440.0;
/// Below the title: the place's baseline offset, and the lowest baseline of the whole block
/// (the footer rule is at 540).
const PLACE_GAP: f32 = 72.0;
const BLOCK_BOTTOM: f32 = 512.0;
/// The label's baseline above the top of the title.
const LABEL_GAP: f32 = 50.0;
/// Font sizes tried, largest first; a title that fits none is cut with an ellipsis.
const SIZES: [f32; 7] = [84.0, 76.0, 68.0, 60.0, 54.0, 48.0, 44.0];
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.12;
/// Characters the bundled fonts draw (see `fonts/README.md`).
const DRAWN: &[(char, char)] = &[
    (' ', '~'),
    ('\u{a0}', '\u{24f}'),
    ('\u{2010}', '\u{2027}'),
    ('\u{2030}', '\u{203a}'),
    ('\u{20ac}', '\u{20ac}'),
    ('\u{2122}', '\u{2122}'),
    ('\u{2190}', '\u{2193}'),
    ('\u{2212}', '\u{2212}'),
];

/// The bundled fonts, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(include_bytes!("fonts/InterDisplay-Bold.otf").to_vec());
            db.load_font_data(include_bytes!("fonts/Inter-Medium.otf").to_vec());
            db.set_sans_serif_family("Inter");
            Arc::new(db)
        })
        .clone()
}

/// Parsing options that know only the bundled fonts and never read a file.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: fonts(),
        font_family: "Inter".into(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// One line of a wrapped title.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    /// The words on the line.
    pub text: String,
    /// Its baseline.
    pub y: f32,
}

/// A title wrapped into the title box.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TitleLayout {
    /// Font family the lines were measured in.
    pub family: &'static str,
    /// Font size in pixels.
    pub size: f32,
    /// Left edge.
    pub x: f32,
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
    /// The baseline of the last line.
    pub bottom: f32,
    /// The label's baseline, above the first line.
    pub label_y: f32,
    /// The place's baseline, below the last line.
    pub place_y: f32,
}

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

/// Width of `text` in the title font at 100 px, from the outlines resvg would draw.
fn measure(text: &str, cache: &mut HashMap<String, f32>) -> f32 {
    if let Some(w) = cache.get(text) {
        return *w;
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8000\" height=\"200\"><text x=\"0\" y=\"150\" font-family=\"{TITLE_FAMILY}\" font-weight=\"700\" font-size=\"100\">{}</text></svg>",
        xml_escape(text)
    );
    let w = usvg::Tree::from_str(&svg, &options())
        .map(|t| t.root().abs_bounding_box().width())
        .unwrap_or(0.0);
    cache.insert(text.to_string(), w);
    w
}

/// Greedy wrap of `words` at font size `size`: the lines, or None when a line would need more
/// room than the box has.
fn wrap(words: &[&str], size: f32, cache: &mut HashMap<String, f32>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        let grown = match lines.last() {
            Some(last) => format!("{last} {word}"),
            None => (*word).to_string(),
        };
        if lines.is_empty() || measure(&grown, cache) * size / 100.0 > TITLE_WIDTH {
            lines.push((*word).to_string());
        } else {
            *lines.last_mut().expect("a line") = grown;
        }
    }
    lines
}

/// How many lines of size `size` fit between the top and the bottom of the title box.
fn max_lines(size: f32) -> usize {
    // The first baseline sits one cap height (about 0.73 em in Inter) below the top.
    let room = TITLE_BOTTOM - (TITLE_TOP + 0.73 * size);
    1 + (room / (size * LEADING)).floor().max(0.0) as usize
}

/// The largest size at which `title` fits the box (every line no wider than the box, no more
/// lines than it holds), cutting it with an ellipsis at the smallest size if it never fits.
pub fn layout(title: &str, with_place: bool) -> TitleLayout {
    let mut cache = HashMap::new();
    let words: Vec<&str> = title.split_whitespace().collect();
    let fits = |lines: &[String], size: f32, cache: &mut HashMap<String, f32>| {
        lines.len() <= max_lines(size)
            && lines
                .iter()
                .all(|l| measure(l, cache) * size / 100.0 <= TITLE_WIDTH)
    };
    let mut chosen = None;
    for size in SIZES {
        let lines = wrap(&words, size, &mut cache);
        if fits(&lines, size, &mut cache) {
            chosen = Some((size, lines));
            break;
        }
    }
    let (size, lines) = chosen.unwrap_or_else(|| {
        let size = SIZES[SIZES.len() - 1];
        let mut lines = wrap(&words, size, &mut cache);
        lines.truncate(max_lines(size));
        // Cut words off the last line until it fits with the ellipsis (a single over-long
        // word is cut by characters).
        if let Some(last) = lines.last_mut() {
            loop {
                let candidate = format!("{}…", last.trim_end());
                if measure(&candidate, &mut cache) * size / 100.0 <= TITLE_WIDTH || last.is_empty()
                {
                    *last = candidate;
                    break;
                }
                match last.rfind(' ') {
                    Some(i) => last.truncate(i),
                    None => {
                        last.pop();
                    }
                }
            }
        }
        (size, lines)
    });
    // A short block is centred in the room between the top and the lowest baseline.
    let below = if with_place { PLACE_GAP } else { 0.0 };
    let block = 0.73 * size + (lines.len().max(1) - 1) as f32 * size * LEADING + below;
    let top = TITLE_TOP + ((BLOCK_BOTTOM - TITLE_TOP - block) / 2.0).max(0.0);
    let first = top + 0.73 * size;
    let lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| Line {
            text,
            y: (first + i as f32 * size * LEADING).round(),
        })
        .collect();
    let bottom = lines.last().map_or(first, |l| l.y);
    TitleLayout {
        family: TITLE_FAMILY,
        size,
        x: TITLE_X,
        bottom,
        label_y: (top - LABEL_GAP).round(),
        place_y: (bottom + PLACE_GAP).round(),
        lines,
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
        _ => context::link(graph, NodeId::Section(node.section)).title,
    }
}

/// PNGs already drawn, by the SHA-256 of their SVG: `serve` keeps it between rebuilds so only
/// changed cards are drawn again.
#[derive(Debug, Default)]
pub struct Memo(Mutex<HashMap<String, Arc<Vec<u8>>>>);

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
pub fn render(graph: &Graph, templates: &Templates, memo: Option<&Memo>) -> Images {
    let mut images = Images::default();
    if !templates.has(TEMPLATE) {
        return images;
    }
    let site = &graph.config.title;
    let menu: Vec<String> = context::menu(graph).into_iter().map(|l| l.title).collect();
    let mut cards: Vec<(String, String, CardView, Option<&PageNode>)> = vec![(
        SITE_IMAGE.to_string(),
        "social/site".to_string(),
        CardView {
            width: WIDTH,
            height: HEIGHT,
            label: menu.join(" · "),
            title: layout(site, false),
            place: None,
            // The site's own card shows where to find it.
            site: graph
                .config
                .base_url()
                .split_once("://")
                .map_or(graph.config.base_url(), |(_, rest)| rest.to_string())
                .trim_end_matches('/')
                .to_string(),
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
            let cached = memo.and_then(|m| m.0.lock().ok()?.get(&hash).cloned());
            let png = match cached {
                Some(png) => png,
                None => {
                    let png = Arc::new(rasterize(&svg, WIDTH, HEIGHT).map_err(|e| {
                        Diagnostic::general(None, format!("{what} could not be drawn: {e}"))
                            .with_help("check the theme's templates/social.svg")
                    })?);
                    if let Some(m) = memo {
                        if let Ok(mut m) = m.0.lock() {
                            m.insert(hash.clone(), png.clone());
                        }
                    }
                    png
                }
            };
            let undrawn = node.and_then(|n| undrawable(n.page.title()).map(|c| (n, c)));
            Ok((key, format!("{stem}.{hash}.png"), png, undrawn))
        })
        .collect::<Result<Vec<_>, Diagnostic>>();
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

/// The first character of `title` the bundled fonts do not draw.
fn undrawable(title: &str) -> Option<char> {
    title
        .chars()
        .find(|c| !DRAWN.iter().any(|(lo, hi)| (lo..=hi).contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_are_large_and_long_ones_wrap_smaller() {
        let short = layout("Get Ready Guilford", true);
        assert_eq!(short.size, SIZES[0]);
        assert_eq!(short.lines.len(), 1);
        let long = layout(
            "How a children's hospital, a school district and a housing authority built one shared plan for a city's health across ten years",
            true,
        );
        assert!(long.size < short.size, "{long:?}");
        assert!(long.lines.len() > 1 && long.lines.len() <= max_lines(long.size));
        assert!(long.bottom <= TITLE_BOTTOM && long.place_y <= BLOCK_BOTTOM);
        let mut cache = HashMap::new();
        for l in &long.lines {
            assert!(
                measure(&l.text, &mut cache) * long.size / 100.0 <= TITLE_WIDTH,
                "{l:?}"
            );
        }
    }

    #[test]
    fn a_title_that_never_fits_is_cut_with_an_ellipsis() {
        let title = "word ".repeat(200);
        let l = layout(&title, false);
        assert_eq!(l.size, SIZES[SIZES.len() - 1]);
        assert_eq!(l.lines.len(), max_lines(l.size));
        assert!(l.lines.last().unwrap().text.ends_with('…'));
        let one_word = layout(&"x".repeat(300), false);
        assert!(one_word.lines[0].text.ends_with('…'));
    }

    #[test]
    fn measuring_uses_the_bundled_font() {
        let mut cache = HashMap::new();
        let w = measure("Bridgeport", &mut cache);
        assert!(w > 300.0 && w < 700.0, "{w}");
        assert!(measure("Bridgeport Prospers", &mut cache) > w);
    }

    #[test]
    fn both_bundled_faces_draw_text() {
        for (family, weight) in [("Inter", 500), (TITLE_FAMILY, 700)] {
            let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"100\"><text x=\"0\" y=\"50\" font-family=\"{family}\" font-weight=\"{weight}\" font-size=\"30\">Paterson, New Jersey</text></svg>");
            let tree = usvg::Tree::from_str(&svg, &options()).unwrap();
            assert!(
                tree.root().abs_bounding_box().width() > 100.0,
                "{family} {weight}"
            );
        }
    }

    #[test]
    fn undrawable_characters_are_found() {
        assert_eq!(undrawable("Café – “quoted”"), None);
        assert_eq!(undrawable("Health 健康"), Some('健'));
    }
}
