//! A social card's title fitted to its box: measured with the outlines resvg draws in the bundled
//! Inter fonts (loaded once; no file is ever read), wrapped greedily at the largest size that
//! fits, and cut with an ellipsis when none does.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use resvg::usvg;
use serde::Serialize;

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
            db.load_font_data(include_bytes!("../fonts/InterDisplay-Bold.otf").to_vec());
            db.load_font_data(include_bytes!("../fonts/Inter-Medium.otf").to_vec());
            db.set_sans_serif_family("Inter");
            Arc::new(db)
        })
        .clone()
}

/// Parsing options that know only the bundled fonts and never read a file.
pub(super) fn options() -> usvg::Options<'static> {
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

/// The first character of `title` the bundled fonts do not draw.
pub(super) fn undrawable(title: &str) -> Option<char> {
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
