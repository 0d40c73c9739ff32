//! The evidence map's United States map, drawn as inline SVG at build time: state outlines from
//! `data/us-states.toml` (pre-projected with d3-geo's Albers USA), and a marker per case study,
//! projected here with the same Albers conic equal-area projection. No tiles, no script.

use std::fmt::Write as _;

use content::geo::Shapes;

/// d3-geo's `geoAlbersUsa` for the lower 48 states: `geoAlbers` (parallels 29.5° and 45.5°,
/// rotated 96° west, centred on 38.7° N) at scale 1300, translated to (487.5, 305).
pub fn albers_usa(lon: f64, lat: f64) -> (f64, f64) {
    let raw = |lambda: f64, phi: f64| {
        let (phi0, phi1) = (29.5f64.to_radians(), 45.5f64.to_radians());
        let n = (phi0.sin() + phi1.sin()) / 2.0;
        let c = 1.0 + phi0.sin() * (2.0 * n - phi0.sin());
        let r0 = c.sqrt() / n;
        let r = (c - 2.0 * n * phi.sin()).sqrt() / n;
        let x = lambda * n;
        (r * x.sin(), r0 - r * x.cos())
    };
    let (px, py) = raw((lon + 96.0).to_radians(), lat.to_radians());
    let (cx, cy) = raw((-0.6f64).to_radians(), 38.7f64.to_radians());
    (487.5 + 1300.0 * (px - cx), 305.0 - 1300.0 * (py - cy))
}

/// The centre of a path's bounding box (a fallback position for a place without coordinates).
pub fn path_center(path: &str) -> Option<(f64, f64)> {
    let nums: Vec<f64> = path
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let xs = nums.iter().step_by(2);
    let ys = nums.iter().skip(1).step_by(2);
    let (minx, maxx) = xs.fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let (miny, maxy) = ys.fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    (minx <= maxx && miny <= maxy).then(|| ((minx + maxx) / 2.0, (miny + maxy) / 2.0))
}

/// A case study's marker.
pub struct Marker<'a> {
    /// Label (the network's name).
    pub label: &'a str,
    /// Position in the map box.
    pub at: (f64, f64),
    /// Highlighted states are those with a case study.
    pub state_name: &'a str,
    /// The case study's page.
    pub url: &'a str,
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The whole projected map: d3's Albers USA box.
const FULL: (f64, f64, f64, f64) = (0.0, 0.0, 975.0, 610.0);

/// A marker's radius as a share of the view's width: at 358 CSS pixels (a 390 px phone's
/// column) a marker is then 2 × 358 / 26 ≈ 27.5 px across, above the 24 px target size.
const RADIUS_SHARE: f64 = 1.0 / 26.0;

/// Where the markers go and how the map is framed.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// `x, y, width, height` of the view box.
    pub view: (f64, f64, f64, f64),
    /// Marker radius in map units.
    pub radius: f64,
    /// Each marker's drawn centre (its place, moved aside where markers would overlap).
    pub centres: Vec<(f64, f64)>,
}

/// Frames the map around the markers (the whole country only when they span it) and pushes
/// overlapping markers apart until no two touch, deterministically; a moved marker keeps a
/// leader line to its place.
pub fn layout(points: &[(f64, f64)]) -> Layout {
    let mut view = frame(points, 0.0);
    let mut centres = points.to_vec();
    let mut radius = view.2 * RADIUS_SHARE;
    // The frame fixes the radius and the spread markers widen the frame: a few rounds settle.
    for _ in 0..4 {
        radius = view.2 * RADIUS_SHARE;
        centres = spread(points, radius * 2.0 + radius * 0.35);
        let framed = frame(&centres, radius);
        if framed.2 <= view.2 + 0.5 && framed.3 <= view.3 + 0.5 {
            break;
        }
        view = framed;
    }
    let framed = frame(&centres, radius);
    view = (
        framed.0.min(view.0),
        framed.1.min(view.1),
        framed.2.max(view.2),
        framed.3.max(view.3),
    );
    Layout {
        view,
        radius,
        centres,
    }
}

/// The box around `points` grown by `margin`, padded, at least 330 × 250 units and inside the
/// whole map's box (unless markers sit outside it).
fn frame(points: &[(f64, f64)], margin: f64) -> (f64, f64, f64, f64) {
    if points.is_empty() {
        return FULL;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        x0 = x0.min(x - margin);
        y0 = y0.min(y - margin);
        x1 = x1.max(x + margin);
        y1 = y1.max(y + margin);
    }
    let pad = 40.0;
    let (mut w, mut h) = ((x1 - x0) + 2.0 * pad, (y1 - y0) + 2.0 * pad);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    w = w.max(330.0);
    h = h.max(250.0);
    if w >= FULL.2 && h >= FULL.3 {
        return FULL;
    }
    let x = (cx - w / 2.0).clamp(FULL.0.min(x0 - pad), (FULL.2 - w).max(FULL.0));
    let y = (cy - h / 2.0).clamp(FULL.1.min(y0 - pad), (FULL.3 - h).max(FULL.1));
    (x, y, w, h)
}

/// Moves points apart until every pair is at least `gap` apart (bounded rounds; ties broken by
/// index, so the result depends only on the input).
fn spread(points: &[(f64, f64)], gap: f64) -> Vec<(f64, f64)> {
    let mut c = points.to_vec();
    for _ in 0..500 {
        let mut moved = false;
        for i in 0..c.len() {
            for j in i + 1..c.len() {
                let (dx, dy) = (c[j].0 - c[i].0, c[j].1 - c[i].1);
                let d = (dx * dx + dy * dy).sqrt();
                if d >= gap - 1e-6 {
                    continue;
                }
                moved = true;
                // Coincident markers part along a direction fixed by their indices.
                let (ux, uy) = if d < 1e-6 {
                    let a = (j as f64) * 2.399_963;
                    (a.cos(), a.sin())
                } else {
                    (dx / d, dy / d)
                };
                let push = (gap - d) / 2.0 + 0.01;
                c[i] = (c[i].0 - ux * push, c[i].1 - uy * push);
                c[j] = (c[j].0 + ux * push, c[j].1 + uy * push);
            }
        }
        if !moved {
            break;
        }
    }
    c
}

/// The map: states with case studies shaded, and a numbered marker per case study that links to
/// it (a group, not an image, since it holds links). Markers are at least 24 CSS pixels across
/// on a phone and never overlap; a marker moved off its place has a leader line to a dot there.
pub fn svg(shapes: &Shapes, markers: &[Marker<'_>], title: &str) -> String {
    let points: Vec<(f64, f64)> = markers.iter().map(|m| m.at).collect();
    let Layout {
        view,
        radius: r,
        centres,
    } = layout(&points);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"us-map\" viewBox=\"{:.1} {:.1} {:.1} {:.1}\" role=\"group\" aria-labelledby=\"map-title\" aria-describedby=\"map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"map-title\">{}</title><desc id=\"map-desc\">Map of the United States around the case studies, with a numbered marker linking to each; the list below the map names them too.</desc><g class=\"states\" aria-hidden=\"true\">",
        view.0,
        view.1,
        view.2,
        view.3,
        esc(title)
    );
    for s in &shapes.states {
        let class = if markers.iter().any(|m| m.state_name == s.name) {
            "state has-case"
        } else {
            "state"
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" d=\"{}\"><title>{}</title></path>",
            esc(&s.path),
            esc(&s.name)
        );
    }
    out.push_str("</g><g class=\"leaders\" aria-hidden=\"true\">");
    for (m, c) in markers.iter().zip(&centres) {
        let (x, y) = m.at;
        if (c.0 - x).hypot(c.1 - y) > r * 0.5 {
            let _ = write!(
                out,
                "<line class=\"leader\" x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
                c.0, c.1
            );
        }
        let _ = write!(
            out,
            "<circle class=\"dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\"/>",
            r * 0.18
        );
    }
    out.push_str("</g><g class=\"markers\">");
    for (i, (m, c)) in markers.iter().zip(&centres).enumerate() {
        let _ = write!(
            out,
            "<a class=\"marker\" href=\"{url}\" aria-label=\"{n}. {label}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/><text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"{fs:.1}\" aria-hidden=\"true\">{n}</text></a>",
            url = esc(m.url),
            n = i + 1,
            label = esc(m.label),
            x = c.0,
            y = c.1,
            ty = c.1 + r * 0.38,
            fs = r * 1.05,
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_matches_d3_geo_albers_usa() {
        // Reference values from d3-geo 3: geoAlbersUsa().scale(1300).translate([487.5, 305]).
        for (lon, lat, x, y) in [
            (-73.1952, 41.1865, 880.59, 201.98),
            (-79.7920, 36.0726, 791.10, 340.18),
            (-104.99, 39.74, 342.85, 273.87),
        ] {
            let (px, py) = albers_usa(lon, lat);
            assert!(
                (px - x).abs() < 0.05 && (py - y).abs() < 0.05,
                "({lon}, {lat}) → ({px}, {py}), want ({x}, {y})"
            );
        }
    }

    #[test]
    fn markers_are_framed_spread_and_large_enough_for_a_phone() {
        // Paterson, Bridgeport, Philadelphia, Washington and Guilford County, projected.
        let points = [
            (872.0, 213.0),
            (880.6, 202.0),
            (850.0, 246.0),
            (818.0, 282.0),
            (791.1, 340.2),
        ];
        let l = layout(&points);
        assert_eq!(l, layout(&points), "the same input gives the same layout");
        let (x, y, w, h) = l.view;
        assert!(w < 975.0, "cropped to the East Coast: {:?}", l.view);
        // At 358 CSS px wide, each marker is at least 24 px across.
        assert!(2.0 * l.radius * 358.0 / w >= 24.0, "{l:?}");
        for (i, a) in l.centres.iter().enumerate() {
            assert!(a.0 - l.radius >= x && a.0 + l.radius <= x + w, "{l:?}");
            assert!(a.1 - l.radius >= y && a.1 + l.radius <= y + h, "{l:?}");
            for b in &l.centres[i + 1..] {
                assert!(
                    (a.0 - b.0).hypot(a.1 - b.1) >= 2.0 * l.radius,
                    "overlap: {l:?}"
                );
            }
        }
        // Markers far apart stay on their places.
        let apart = layout(&[(100.0, 100.0), (800.0, 400.0)]);
        assert_eq!(apart.centres, [(100.0, 100.0), (800.0, 400.0)]);
    }

    #[test]
    fn center_of_a_path() {
        assert_eq!(path_center("M0,0L10,0L10,20Z"), Some((5.0, 10.0)));
        assert_eq!(path_center(""), None);
    }
}
