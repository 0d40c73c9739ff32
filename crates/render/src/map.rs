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
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The map as an accessible image: a title and description, states with case studies shaded, and
/// a numbered marker per case study. The markers are not links (links inside an image are nested
/// interactive content); the numbered list printed with the map links each case study.
pub fn svg(shapes: &Shapes, markers: &[Marker<'_>], title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"us-map\" viewBox=\"0 0 975 610\" role=\"img\" aria-labelledby=\"map-title map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"map-title\">{}</title><desc id=\"map-desc\">Map of the United States with a numbered marker for each case study; the list below the map names them.</desc><g class=\"states\">",
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
    out.push_str("</g><g class=\"markers\">");
    for (i, m) in markers.iter().enumerate() {
        let (x, y) = m.at;
        let _ = write!(
            out,
            "<g class=\"marker\"><title>{n}. {label}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"10\"/><text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{n}</text></g>",
            n = i + 1,
            label = esc(m.label),
            ty = y + 4.0,
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
    fn center_of_a_path() {
        assert_eq!(path_center("M0,0L10,0L10,20Z"), Some((5.0, 10.0)));
        assert_eq!(path_center(""), None);
    }
}
