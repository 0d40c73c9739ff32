//! The evidence map: its table of passages and its SVG with one marker per case study.

use super::*;

#[test]
fn evidence_map_table_has_headers_and_links_each_filled_cell_to_the_passage() {
    let site = built();
    let doc = site.page("evidence-map/");
    let table = one(&doc, "table.matrix");
    let caption = table
        .select(&sel("caption"))
        .map(text)
        .next()
        .unwrap_or_default();
    assert!(
        caption.contains("integrative function"),
        "caption: {caption:?}"
    );
    let groups: Vec<(String, String)> = select(&doc, "table.matrix thead th[scope=colgroup]")
        .into_iter()
        .map(|th| {
            (
                text(th),
                th.value().attr("colspan").unwrap_or("1").to_string(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (s("Leadership and partner engagement"), s("2")),
            (s("Spread, scale and sustainability"), s("1")),
            (s("Continuous learning and improvement"), s("1")),
        ]
    );
    let columns = attrs(&doc, "table.matrix thead th[scope=col] a", "href");
    assert_eq!(
        columns,
        [
            "/functions/engage-partners/",
            "/functions/shared-goals/",
            "/functions/sustain-funding/",
            "/functions/data-and-learning/",
        ]
    );
    let functions = [
        "engage-partners",
        "shared-goals",
        "sustain-funding",
        "data-and-learning",
    ];
    let expected: &[(&str, &str, [bool; 4])] = &[
        ("Desert Bloom", "desert-bloom", [false, false, true, false]),
        (
            "Guilford Together",
            "guilford-together",
            [false, false, false, true],
        ),
        ("Harbor Link", "harbor-link", [true, true, false, true]),
        (
            "Mill Town Partners",
            "mill-town-partners",
            [true, true, false, false],
        ),
    ];
    let rows = select(&doc, "table.matrix tbody tr");
    assert_eq!(rows.len(), expected.len());
    for (tr, (title, slug, marks)) in rows.into_iter().zip(expected) {
        let th: Vec<ElementRef<'_>> = tr.select(&sel("th[scope=row]")).collect();
        assert_eq!(th.len(), 1, "each row has one row header");
        assert_eq!(text(th[0]), *title);
        let cells: Vec<ElementRef<'_>> = tr.select(&sel("td")).collect();
        assert_eq!(
            cells.len(),
            functions.len(),
            "{title}: one cell per function"
        );
        for ((td, marked), function) in cells.into_iter().zip(marks).zip(functions) {
            let link = td.select(&sel("a")).map(href).next();
            if *marked {
                let url = format!("/case-studies/{slug}/#fn-{function}");
                assert_eq!(link.as_deref(), Some(url.as_str()), "{title} × {function}");
                // The passage is there, under its fn- heading.
                let page = site.page(&format!("case-studies/{slug}/"));
                assert_eq!(
                    select(&page, &format!("h3#fn-{function}")).len(),
                    1,
                    "{url}"
                );
                // The cell says what it marks to a screen reader.
                assert!(text(td).contains(&format!("{title} shows")), "{}", text(td));
            } else {
                assert_eq!(link, None, "{title} × {function} is not marked");
            }
        }
    }
}

/// The bounding box (min x, min y, max x, max y) of an SVG path's coordinates.
fn bbox(path: &str) -> (f64, f64, f64, f64) {
    let nums: Vec<f64> = path
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|n| n.parse().ok())
        .collect();
    let xs = nums.iter().step_by(2).copied();
    let ys = nums.iter().skip(1).step_by(2).copied();
    (
        xs.clone().fold(f64::MAX, f64::min),
        ys.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
        ys.fold(f64::MIN, f64::max),
    )
}

#[test]
fn evidence_map_svg_has_a_title_and_one_marker_per_case_study_in_its_state() {
    let site = built();
    let doc = site.page("evidence-map/");
    let svg = one(&doc, "figure.map svg");
    // A group, not an image: its markers are links.
    assert_eq!(svg.value().attr("role"), Some("group"));
    let labelled_by = svg.value().attr("aria-labelledby").unwrap_or_default();
    let title_id = labelled_by.split_whitespace().next().unwrap_or_default();
    let title = text(one(&doc, &format!("svg > title#{title_id}")));
    assert_eq!(title, "Where the case studies are");
    // Each marker links to its case study; a dot marks the place itself (the marker may be
    // moved aside so that markers never overlap).
    let dots = select(&doc, "svg circle.dot");
    let markers: Vec<(String, f64, f64)> = select(&doc, "svg a.marker")
        .into_iter()
        .zip(dots)
        .map(|(a, dot)| {
            let coord = |a: &str| dot.value().attr(a).unwrap().parse::<f64>().unwrap();
            let href = a.value().attr("href").unwrap();
            let label = a.value().attr("aria-label").unwrap().to_string();
            let name = label
                .split_once(". ")
                .unwrap()
                .1
                .to_lowercase()
                .replace(' ', "-");
            assert_eq!(href, format!("/case-studies/{name}/"), "{label}");
            (label, coord("cx"), coord("cy"))
        })
        .collect();
    let titles: Vec<&str> = markers.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(
        titles,
        [
            "1. Desert Bloom",
            "2. Guilford Together",
            "3. Harbor Link",
            "4. Mill Town Partners"
        ]
    );
    // The legend under the map numbers the same case studies in the same order.
    assert_eq!(
        texts(&doc, "ol.map-legend li > a"),
        [
            "Desert Bloom",
            "Guilford Together",
            "Harbor Link",
            "Mill Town Partners"
        ]
    );
    // Each marker lies within its state's outline (Hartford and Pittsburgh placed by their
    // coordinates, the other two at their state's centre).
    let states: BTreeMap<String, String> = select(&doc, "svg path.state")
        .into_iter()
        .map(|p| {
            (
                p.select(&sel("title")).map(text).next().unwrap(),
                p.value().attr("d").unwrap().to_string(),
            )
        })
        .collect();
    for ((_, x, y), state) in markers.iter().zip([
        "New Mexico",
        "North Carolina",
        "Connecticut",
        "Pennsylvania",
    ]) {
        let (x0, y0, x1, y1) = bbox(&states[state]);
        assert!(
            (x0..=x1).contains(x) && (y0..=y1).contains(y),
            "marker at ({x}, {y}) is outside {state} ({x0}, {y0})–({x1}, {y1})"
        );
    }
    assert_eq!(select(&doc, "svg path.state.has-case").len(), 4);
}
