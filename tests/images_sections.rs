//! Images in a section's introduction (`_index.md`) and the home page's (`content/_index.md`):
//! a file in the section's folder beside `_index.md` is checked, measured and resized like a
//! page bundle's image, and a missing one is an error at the image.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageBuffer, Rgb};

use crate::common;
use common::{one, Project};

fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = ImageBuffer::from_fn(w, h, |x, y| {
        Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 97) as u8,
        ])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

fn project() -> Project {
    let p = Project::new("site");
    p.edit(
        "content/guides/_index.md",
        "Guides for people new to the site.",
        "Guides for people new to the site.\n\n## Where\n\n![The five counties the guides cover](counties.jpg)",
    );
    p.edit(
        "content/_index.md",
        "Welcome.",
        "Welcome. ![The harbour](harbour.jpg)",
    );
    std::fs::write(p.path("content/guides/counties.jpg"), photo(1400, 700)).unwrap();
    std::fs::write(p.path("content/harbour.jpg"), photo(900, 600)).unwrap();
    p
}

#[test]
fn section_and_home_images_are_pictures_like_a_pages() {
    let p = project();
    let site = p.build_ok(&[]);
    let doc = site.page("guides/");
    let img = one(&doc, "img[alt=\"The five counties the guides cover\"]");
    let attr = |name| img.value().attr(name).unwrap_or_default().to_string();
    assert_eq!(
        (attr("width"), attr("height")),
        ("1400".into(), "700".into())
    );
    assert_eq!(attr("loading"), "lazy");
    let srcset = attr("srcset");
    let widths: Vec<&str> = srcset
        .split(", ")
        .map(|c| c.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(widths[..2], ["480w", "800w"], "{srcset}");
    for url in srcset.split(", ").map(|c| c.split(' ').next().unwrap()) {
        assert!(url.starts_with("/guides/counties."), "{url}");
        let bytes = site.bytes(url.trim_start_matches('/'));
        image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{url}: {e}"));
    }
    assert!(attr("src").starts_with("/guides/counties.800w."));

    // The home page's image is in its lead: loaded at once.
    let home = site.page("");
    let img = one(&home, "img[alt=\"The harbour\"]");
    assert_eq!(img.value().attr("width"), Some("900"));
    assert_eq!(img.value().attr("loading"), Some("eager"));
    assert!(img
        .value()
        .attr("srcset")
        .unwrap()
        .contains("/harbour.480w."));
}

#[test]
fn a_missing_section_image_is_an_error_at_the_image() {
    let p = project();
    std::fs::remove_file(p.path("content/guides/counties.jpg")).unwrap();
    std::fs::write(p.path("content/guides/countie.jpg"), photo(600, 300)).unwrap();
    let run = p.check(&[]);
    run.expect_code(1);
    let report = common::redact(&run.stderr, &p);
    for needle in [
        "content/guides/_index.md:12:1",
        "image not found: no file `counties.jpg` beside `content/guides/_index.md`",
        "countie.jpg",
    ] {
        assert!(report.contains(needle), "missing {needle:?}:\n{report}");
    }
}
