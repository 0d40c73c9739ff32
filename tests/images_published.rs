//! What is published of a contributor's photo: the original without its metadata (GPS position,
//! camera serial, XMP, comments), pixels and ICC profile unchanged, and its orientation kept as
//! the one EXIF tag left, so it still shows upright; the resized files hold no EXIF at all, the
//! orientation applied to their pixels. The fixtures are made here: the `image` crate writes the
//! JPEG, kamadak-exif its EXIF, img-parts puts the segments in; kamadak-exif reads back what
//! survives.

use std::io::Cursor;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageBuffer, Rgb};
use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::png::{Png, PngChunk};
use img_parts::{Bytes, ImageEXIF, ImageICC};

use crate::common;
use common::{one, tree_diff, Project};

const PAGE: &str = "content/guides/phone/index.md";
const ICC: &[u8] = b"a stand-in ICC profile: only kept, never parsed";
const SERIAL: &[u8] = b"SN-0042-PRIVATE";
const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Dawn at the harbour</x:xmpmeta>";
const COMMENT: &[u8] = b"taken from the balcony of 12 Harbour Road";

/// EXIF as a phone writes it: the photo is stored sideways (orientation 6: turn 90° clockwise
/// to view), with the position it was taken at and the camera's serial number.
fn phone_exif() -> Vec<u8> {
    let r = |num, denom| Rational { num, denom };
    let field = |tag, value| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    };
    let fields = [
        field(Tag::Orientation, Value::Short(vec![6])),
        field(Tag::Make, Value::Ascii(vec![b"PhoneCo".to_vec()])),
        field(Tag::BodySerialNumber, Value::Ascii(vec![SERIAL.to_vec()])),
        field(Tag::GPSLatitudeRef, Value::Ascii(vec![b"N".to_vec()])),
        field(
            Tag::GPSLatitude,
            Value::Rational(vec![r(41, 1), r(24, 1), r(1217, 100)]),
        ),
        field(Tag::GPSLongitudeRef, Value::Ascii(vec![b"E".to_vec()])),
        field(
            Tag::GPSLongitude,
            Value::Rational(vec![r(2, 1), r(10, 1), r(2651, 100)]),
        ),
    ];
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut out = Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

/// A 1,000 × 600 photo stored sideways, with EXIF (orientation 6, GPS, serial), XMP, a comment
/// and an ICC profile; also its pixels, decoded as stored.
fn phone_photo() -> Vec<u8> {
    // The sky (blue) is on the left as stored: on the top once turned upright.
    let img = ImageBuffer::from_fn(1000, 600, |x, y| {
        if x < 300 {
            Rgb([60, 120, 220])
        } else {
            Rgb([(x / 5) as u8, 90 + (y / 10) as u8, 40])
        }
    });
    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut jpeg, 85))
        .unwrap();
    let mut jpeg = Jpeg::from_bytes(jpeg.into()).unwrap();
    jpeg.set_exif(Some(phone_exif().into()));
    jpeg.set_icc_profile(Some(Bytes::from_static(ICC)));
    let at = 2;
    for (marker, data) in [(markers::APP1, XMP), (markers::COM, COMMENT)] {
        let segment = JpegSegment::new_with_contents(marker, Bytes::from_static(data));
        jpeg.segments_mut().insert(at, segment);
    }
    jpeg.encoder().bytes().to_vec()
}

/// A screenshot PNG with the text chunks an editor writes.
fn screenshot() -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(ImageBuffer::from_fn(300, 200, |x, _| {
        Rgb([255, (x % 200) as u8, 255])
    }));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    let mut png = Png::from_bytes(out.into_inner().into()).unwrap();
    for (kind, data) in [
        (*b"tEXt", &b"Author\0Jo Private"[..]),
        (
            *b"iTXt",
            b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPS 41.40</x:xmpmeta>",
        ),
        (*b"tIME", b"\x07\xea\x0c\x01\x12\x00\x00"),
    ] {
        png.chunks_mut()
            .insert(1, PngChunk::new(kind, Bytes::from_static(data)));
    }
    png.encoder().bytes().to_vec()
}

fn has(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn project() -> Project {
    let p = Project::new("site");
    p.write(
        PAGE,
        "+++\ntitle = \"Phone photos\"\nweight = 7\n+++\nThe harbour from a phone.\n\n## The photo\n\n![The harbour at dawn, the sky above](harbour.jpg)\n\n![A screenshot of the form](form.png)\n",
    );
    std::fs::write(p.path("content/guides/phone/harbour.jpg"), phone_photo()).unwrap();
    std::fs::write(p.path("content/guides/phone/form.png"), screenshot()).unwrap();
    p
}

#[test]
fn published_images_keep_pixels_colour_and_orientation_but_no_metadata() {
    let p = project();
    let site = p.build_ok(&[]);
    let original = phone_photo();
    let published = site.bytes("guides/phone/harbour.jpg");
    for gone in [SERIAL, b"PhoneCo", b"xmpmeta", COMMENT] {
        assert!(has(&original, gone), "the fixture lacks {gone:?}");
        assert!(!has(&published, gone), "{gone:?} was published");
    }
    // The only EXIF left is the orientation: no GPS directory, no camera.
    let jpeg = Jpeg::from_bytes(published.clone().into()).unwrap();
    let exif = exif::Reader::new()
        .read_raw(jpeg.exif().expect("the orientation is kept").to_vec())
        .unwrap();
    let tags: Vec<Tag> = exif.fields().map(|f| f.tag).collect();
    assert_eq!(tags, [Tag::Orientation]);
    let orientation = exif.get_field(Tag::Orientation, In::PRIMARY).unwrap();
    assert_eq!(orientation.value.get_uint(0), Some(6));
    assert_eq!(jpeg.icc_profile().as_deref(), Some(ICC));
    // Lossless: the same pixels, decoded as stored.
    let pixels = |b: &[u8]| image::load_from_memory(b).unwrap().to_rgb8().into_raw();
    assert_eq!(pixels(&published), pixels(&original), "the pixels changed");
    assert!(published.len() < original.len());

    // The page gives the upright size, and every resized file is upright with no EXIF.
    let doc = site.page("guides/phone/");
    let img = one(&doc, ".content img[alt^=\"The harbour\"]");
    assert_eq!(img.value().attr("width"), Some("600"));
    assert_eq!(img.value().attr("height"), Some("1000"));
    let srcset = img.value().attr("srcset").unwrap();
    let mut resized = 0;
    for url in srcset.split(", ").filter_map(|c| c.split(' ').next()) {
        let bytes = site.bytes(url.trim_start_matches('/'));
        if url.ends_with("/harbour.jpg") {
            continue;
        }
        resized += 1;
        let file = Jpeg::from_bytes(bytes.clone().into()).unwrap();
        assert_eq!(file.exif(), None, "{url}");
        assert_eq!(file.icc_profile().as_deref(), Some(ICC), "{url}");
        let shown = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(shown.width() * 1000, shown.height() * 600, "{url}");
        // Upright: the sky is along the top edge.
        let top = shown.get_pixel(shown.width() / 2, 3);
        assert!(top[2] > 180 && top[0] < 110, "{url}: {top:?}");
    }
    assert!(resized >= 1, "{srcset}");

    let png = site.bytes("guides/phone/form.png");
    for gone in [&b"Jo Private"[..], b"xmpmeta", b"tIME"] {
        assert!(!has(&png, gone), "{gone:?} was published");
    }
    assert_eq!(pixels(&png), pixels(&screenshot()));
}

#[test]
fn stripped_images_are_the_same_on_any_thread_count() {
    let p = project();
    let (a, b) = (
        p.build_with_threads("1").files(),
        p.build_with_threads("4").files(),
    );
    assert!(a.keys().filter(|k| k.starts_with("guides/phone/")).count() >= 4);
    assert_eq!(tree_diff(&a, &b), Vec::<String>::new());
}

#[test]
fn an_image_whose_container_cannot_be_read_is_refused_even_unshown() {
    let p = project();
    let mut broken = phone_photo();
    broken.truncate(60);
    std::fs::write(p.path("content/guides/phone/spare.jpg"), broken).unwrap();
    let run = p.check(&[]);
    run.expect_code(1);
    let report = common::redact(&run.stderr, &p);
    assert!(
        report.contains("content/guides/phone/spare.jpg") && report.contains("image refused"),
        "{report}"
    );
}
