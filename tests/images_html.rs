//! Images written in raw HTML: `<img src="photo.jpg">` of a file beside the page is refused with
//! the Markdown to write instead (raw HTML would bypass the checks, the sizes and the resized
//! files), a raw `<img>` from elsewhere still needs `alt`, and a Markdown image between
//! `<figure>` and `<figcaption>` is the way to caption one. And `check` reports every image
//! problem `build` fails on, at the same places.

use std::collections::BTreeSet;

use image::{DynamicImage, ImageBuffer, Rgb};

use crate::common;
use common::{one, Project};

const PAGE: &str = "content/guides/photos/index.md";

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = ImageBuffer::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

fn project(body: &str) -> Project {
    let p = Project::new("site");
    p.write(
        PAGE,
        &format!("+++\ntitle = \"Photos\"\nweight = 8\n+++\n{body}"),
    );
    std::fs::write(p.path("content/guides/photos/ferry.png"), png(900, 500)).unwrap();
    p
}

#[test]
fn raw_html_images_beside_the_page_are_refused_with_the_markdown_to_write() {
    let p = project(
        "A ferry <img src=\"ferry.png\" alt=\"A ferry\" width=\"300\"> in raw HTML.\n\n<figure>\n<img src=\"https://example.org/far.png\">\n<figcaption>Far</figcaption>\n</figure>\n\n<picture><source srcset=\"ferry.png 1x\"><img src=\"https://example.org/a.png\" alt=\"\"></picture>\n",
    );
    let run = p.check(&[]);
    run.expect_code(1);
    let report = common::redact(&run.stderr, &p);
    for needle in [
        "photos/index.md:5:9",
        "image `ferry.png` is written in raw HTML (<img src=\"ferry.png\">): an image beside the page must be written in Markdown",
        "write `![A ferry](ferry.png)` instead",
        "photos/index.md:8:1",
        "image `https://example.org/far.png` has no alternative text",
        "photos/index.md:12:10",
        "image `ferry.png` is written in raw HTML (<source srcset=\"ferry.png …\">)",
        "error: 3 error(s)",
    ] {
        assert!(report.contains(needle), "missing {needle:?}:\n{report}");
    }
    p.build(&[]).expect_code(1);
}

#[test]
fn a_markdown_image_in_a_figure_is_a_picture_with_its_caption() {
    let p = project(
        "Intro.\n\n<figure>\n\n![A ferry leaving the harbour](ferry.png)\n\n<figcaption>The morning ferry.</figcaption>\n</figure>\n",
    );
    p.check(&[]).expect_code(0);
    let site = p.build_ok(&[]);
    let doc = site.page("guides/photos/");
    let img = one(&doc, ".content figure img");
    assert_eq!(img.value().attr("width"), Some("900"));
    assert!(img.value().attr("srcset").unwrap().contains("ferry.480w."));
    let caption = one(&doc, ".content figure figcaption");
    assert_eq!(common::text(caption), "The morning ferry.");
}

/// The diagnostics of a run: each error's message with its place.
fn errors(stderr: &str) -> BTreeSet<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("error: ") && !l.contains(" error(s)"))
        .map(|(i, l)| {
            let place = lines
                .get(i + 1)
                .filter(|n| n.trim_start().starts_with("┌─") || n.trim_start().starts_with("-->"))
                .map_or("", |n| n.trim());
            format!("{l} @ {place}")
        })
        .collect()
}

#[test]
fn check_reports_every_image_problem_build_fails_on() {
    let p = project(
        "A ferry <img src=\"ferry.png\" alt=\"A ferry\">.\n\n![](ferry.png)\n\n![A lost file](lost.jpg)\n\n![A damaged file](broken.png)\n\n![A bomb](huge.png)\n\n<img src=\"https://example.org/far.png\">\n",
    );
    // A PNG signature and then nothing readable: refused as an asset, and where it is shown.
    let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
    broken.extend_from_slice(&[0, 0, 0, 13, b'I', b'H']);
    std::fs::write(p.path("content/guides/photos/broken.png"), broken).unwrap();
    let huge = DynamicImage::new_luma8(7000, 6000);
    let mut bytes = std::io::Cursor::new(Vec::new());
    huge.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    std::fs::write(p.path("content/guides/photos/huge.png"), bytes.into_inner()).unwrap();
    p.edit(
        "content/guides/_index.md",
        "Guides for people new to the site.",
        "Guides for people new to the site. ![](map.png)",
    );
    let check = p.check(&[]);
    check.expect_code(1);
    let build = p.build(&[]);
    build.expect_code(1);
    let (found, built) = (errors(&check.stderr), errors(&build.stderr));
    assert_eq!(found, built, "check and build disagree");
    let report = common::redact(&check.stderr, &p);
    for needle in [
        "photos/index.md:5:9",
        "photos/index.md:7:1",
        "photos/index.md:9:1",
        "photos/index.md:11:1",
        "photos/index.md:13:1",
        "photos/index.md:15:1",
        "content/guides/photos/broken.png",
        "_index.md:8:36",
    ] {
        assert!(report.contains(needle), "missing {needle:?}:\n{report}");
    }
    assert!(found.len() >= 9, "{found:#?}");
}
