//! Images in content: a JPEG photo and a PNG chart beside a page are measured and resized to
//! 480, 800 and 1,200 pixels (never upscaled), written as `<picture>` with `srcset`, `sizes`,
//! `width`, `height`, `alt` and lazy loading, with a WebP source only where WebP is smaller;
//! the same bytes come out on any thread count; and every problem with an image is an error at
//! the place that shows it. The images are made here with the `image` crate.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageBuffer, ImageFormat, Luma, Rgb};

use crate::common;
use common::{select, tree_diff, Project, Rng, Site};

const PAGE: &str = "content/guides/gallery/index.md";
const SIZES: &str = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";

/// A photo-like JPEG: smooth gradients with sensor-like noise, as a camera's files have.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let mut rng = Rng(7);
    let img = ImageBuffer::from_fn(w, h, |x, y| {
        let n = (rng.next() % 24) as u8;
        Rgb([
            (x * 200 / w) as u8 + n,
            (y * 180 / h) as u8 + n,
            90 + ((x + y) % 64) as u8 + n,
        ])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

/// A chart-like PNG: flat bars on white.
fn chart(w: u32, h: u32) -> Vec<u8> {
    let img = ImageBuffer::from_fn(w, h, |x, y| {
        let bar = x / (w / 6);
        if y > h - (bar + 1) * h / 8 && x % (w / 6) > w / 24 {
            Rgb([19, 89, 160])
        } else {
            Rgb([255, 255, 255])
        }
    });
    png(DynamicImage::ImageRgb8(img))
}

fn png(img: DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The fixture site with a gallery page: a photo in its lead, a chart and a decorative rule
/// further down.
fn gallery() -> Project {
    let p = Project::new("site");
    p.write(
        PAGE,
        "+++\ntitle = \"Gallery\"\nweight = 6\n+++\nThe harbour ![A harbour at dawn](harbour.jpg) in the lead.\n\n## Enrolment\n\n![Enrolment by year, 2019 to 2024](chart.png \"Enrolment\")\n\n![](rule.png \"decorative\")\n",
    );
    write(&p, "content/guides/gallery/harbour.jpg", &photo(1600, 1000));
    write(&p, "content/guides/gallery/chart.png", &chart(1000, 600));
    write(
        &p,
        "content/guides/gallery/rule.png",
        &png(DynamicImage::new_luma8(300, 4)),
    );
    p
}

fn write(p: &Project, rel: &str, bytes: &[u8]) {
    std::fs::write(p.path(rel), bytes).unwrap();
}

/// `a.jpg 480w, b.jpg 800w` as (URL without the leading `/`, width).
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            let w = w.trim_end_matches('w').parse().unwrap();
            (url.trim_start_matches('/').to_string(), w)
        })
        .collect()
}

/// Every candidate is a file of the site that decodes to the width it is listed at, with the
/// image's ratio; returns the widths.
fn check_candidates(site: &Site, srcset: &str, ratio: f64, format: ImageFormat) -> Vec<u32> {
    candidates(srcset)
        .into_iter()
        .map(|(url, w)| {
            let bytes = site.bytes(&url);
            let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(image::guess_format(&bytes).unwrap(), format, "{url}");
            assert_eq!(img.width(), w, "{url}");
            let got = f64::from(img.width()) / f64::from(img.height());
            assert!(
                (got - ratio).abs() < 0.02,
                "{url}: ratio {got}, not {ratio}"
            );
            w
        })
        .collect()
}

#[test]
fn pictures_have_sized_variants_srcset_sizes_and_lazy_loading() {
    let project = gallery();
    let site = project.build_ok(&[]);
    let doc = site.page("guides/gallery/");
    let imgs = select(&doc, ".content img");
    assert_eq!(imgs.len(), 3);
    let attr = |i: usize, name: &str| imgs[i].value().attr(name).map(str::to_string);

    // The photo: wider than 1,200, so 480, 800 and 1,200 in JPEG; its `src` is the 800.
    assert_eq!(attr(0, "alt").as_deref(), Some("A harbour at dawn"));
    assert_eq!(attr(0, "width").as_deref(), Some("1600"));
    assert_eq!(attr(0, "height").as_deref(), Some("1000"));
    assert_eq!(attr(0, "sizes").as_deref(), Some(SIZES));
    assert_eq!(attr(0, "decoding").as_deref(), Some("async"));
    // The first image, in the lead paragraph, is likely on the first screen: not lazy.
    assert_eq!(attr(0, "loading").as_deref(), Some("eager"));
    let widths = check_candidates(&site, &attr(0, "srcset").unwrap(), 1.6, ImageFormat::Jpeg);
    assert_eq!(widths, [480, 800, 1200]);
    let src = attr(0, "src").unwrap();
    assert!(
        src.starts_with("/guides/gallery/harbour.800w.") && src.ends_with(".jpg"),
        "{src}"
    );
    // Lossless WebP of a photo is larger than the JPEG: no WebP source for it.
    let photo_picture = select(&doc, ".content picture img[alt^='A harbour']");
    assert!(photo_picture.is_empty(), "the photo got a WebP source");

    // The chart: 1,000 wide, so 480 and 800 resized and the original itself at 1,000; lossless
    // WebP beats PNG on flat colours, so a WebP source comes first.
    assert_eq!(attr(1, "width").as_deref(), Some("1000"));
    assert_eq!(attr(1, "height").as_deref(), Some("600"));
    assert_eq!(attr(1, "loading").as_deref(), Some("lazy"));
    assert_eq!(attr(1, "title").as_deref(), Some("Enrolment"));
    let ratio = 1000.0 / 600.0;
    let widths = check_candidates(&site, &attr(1, "srcset").unwrap(), ratio, ImageFormat::Png);
    assert_eq!(widths, [480, 800, 1000]);
    assert!(attr(1, "srcset")
        .unwrap()
        .contains("/guides/gallery/chart.png 1000w"));
    let sources = select(&doc, ".content picture > source[type='image/webp']");
    // The chart's and the rule's (whose PNG WebP also beats).
    assert_eq!(sources.len(), 2);
    let source = sources[0].value();
    assert_eq!(source.attr("sizes"), Some(SIZES));
    let webp = check_candidates(
        &site,
        source.attr("srcset").unwrap(),
        ratio,
        ImageFormat::WebP,
    );
    assert_eq!(webp, [480, 800, 1000]);
    let webp_bytes: usize = candidates(source.attr("srcset").unwrap())
        .iter()
        .map(|(u, _)| site.bytes(u).len())
        .sum();
    let png_bytes: usize = candidates(&attr(1, "srcset").unwrap())
        .iter()
        .map(|(u, _)| site.bytes(u).len())
        .sum();
    assert!(
        webp_bytes < png_bytes,
        "WebP {webp_bytes} B, PNG {png_bytes} B"
    );

    // The decorative rule: empty alt, no title, and narrower than 480, so only itself.
    assert_eq!(attr(2, "alt").as_deref(), Some(""));
    assert_eq!(attr(2, "title"), None);
    assert_eq!(
        attr(2, "srcset").as_deref(),
        Some("/guides/gallery/rule.png 300w")
    );
    assert_eq!(attr(2, "width").as_deref(), Some("300"));
    // The originals are still published as they are.
    assert_eq!(site.bytes("guides/gallery/harbour.jpg"), photo(1600, 1000));
}

#[test]
fn image_files_are_the_same_on_any_thread_count() {
    let project = gallery();
    let (a, b) = (
        project.build_with_threads("1").files(),
        project.build_with_threads("4").files(),
    );
    let variants = a
        .keys()
        .filter(|p| p.starts_with("guides/gallery/") && p.contains("w."));
    assert!(variants.count() >= 8, "{:?}", a.keys().collect::<Vec<_>>());
    assert_eq!(tree_diff(&a, &b), Vec::<String>::new());
}

#[test]
fn every_problem_with_an_image_is_an_error_at_its_place() {
    let p = gallery();
    p.edit(
        PAGE,
        "![](rule.png \"decorative\")",
        "![](rule.png)\n\n![A ferry](ferry.jpg)\n\n![A damaged file](broken.jpg)\n\n![A bomb](huge.png)",
    );
    write(
        &p,
        "content/guides/gallery/broken.jpg",
        b"this is not a JPEG",
    );
    // 42 million pixels of one colour: a few kilobytes of PNG that would decode to 42 MB.
    write(
        &p,
        "content/guides/gallery/huge.png",
        &png(DynamicImage::ImageLuma8(ImageBuffer::from_pixel(
            7000,
            6000,
            Luma([0u8]),
        ))),
    );
    p.write(
        "content/notes/loose.md",
        "+++\ntitle = \"Loose\"\n+++\nA page that is not a bundle: ![A photo](photo.jpg)\n",
    );
    let run = p.check(&[]);
    run.expect_code(1);
    let report = common::redact(&run.stderr, &p);
    for needle in [
        "gallery/index.md:11:1",
        "image `rule.png` has no alternative text",
        "gallery/index.md:13:1",
        "no file `ferry.jpg` beside",
        "gallery/index.md:15:1",
        "image `broken.jpg` cannot be read",
        "gallery/index.md:17:1",
        "image `huge.png` is too large: 7000 × 6000 pixels",
        "loose.md:4:30",
        "is not beside its page",
        "error: 5 error(s)",
    ] {
        assert!(report.contains(needle), "missing {needle:?}:\n{report}");
    }
    insta::assert_snapshot!(report);
    // `build` fails on the same problems and writes nothing.
    p.build(&[]).expect_code(1);
    assert!(!p.path("public/guides/gallery/index.html").exists());
}

/// `serve`'s rebuilds: an edited image is made again, a page that starts showing a new image
/// takes the full pipeline, and each rebuild equals a clean build byte for byte.
#[test]
fn rebuilds_after_an_image_or_its_page_changes_equal_clean_builds() {
    use brightspot::pipeline::{self, Cache, Options};
    use std::path::PathBuf;

    let project = gallery();
    let options = Options {
        root: project.root.clone(),
        base_url: None,
        drafts: false,
        check_drafts: false,
        strict: false,
        pages: brightspot::pipeline::Pages::Keep,
    };
    let files = |o: &pipeline::Outcome| -> Vec<(String, Vec<u8>)> {
        assert!(!o.has_errors(), "{:?}", o.diagnostics);
        o.files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.to_vec()))
            .collect()
    };
    let page = |o: &pipeline::Outcome| {
        let f = o
            .files
            .iter()
            .find(|f| f.path == "guides/gallery/index.html");
        String::from_utf8(f.unwrap().bytes.to_vec()).unwrap()
    };
    let mut cache = Cache::incremental();
    let first = pipeline::run_incremental(&options, &mut cache, None);
    assert!(page(&first).contains("height=\"600\""));

    write(
        &project,
        "content/guides/gallery/chart.png",
        &chart(1000, 500),
    );
    let changed = [PathBuf::from("content/guides/gallery/chart.png")];
    let edited = pipeline::run_incremental(&options, &mut cache, Some(&changed));
    assert!(page(&edited).contains("width=\"1000\" height=\"500\""));
    assert_eq!(files(&edited), files(&pipeline::run(&options)));

    write(
        &project,
        "content/guides/gallery/ferry.jpg",
        &photo(900, 600),
    );
    project.edit(
        PAGE,
        "## Enrolment",
        "![A ferry](ferry.jpg)\n\n## Enrolment",
    );
    let changed = [
        PathBuf::from("content/guides/gallery/ferry.jpg"),
        PathBuf::from(PAGE),
    ];
    let added = pipeline::run_incremental(&options, &mut cache, Some(&changed));
    assert!(
        page(&added).contains("/guides/gallery/ferry.480w."),
        "{}",
        page(&added)
    );
    assert_eq!(files(&added), files(&pipeline::run(&options)));
}
