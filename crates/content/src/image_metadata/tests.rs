//! The stripping of each format, checked on images made here: what goes, what stays (pixels,
//! ICC profile, orientation), multi-picture JPEGs, AVIF with EXIF, broken containers.

use super::*;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use img_parts::png::PngChunk;
use img_parts::ImageICC;
use std::io::Cursor;

fn pixels() -> DynamicImage {
    DynamicImage::ImageRgb8(ImageBuffer::from_fn(40, 30, |x, y| {
        Rgb([(x * 6) as u8, (y * 8) as u8, 77])
    }))
}

fn encoded(format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    pixels().write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// An EXIF block with the orientation and a marker that stands for everything else.
fn exif_with(orientation: u8) -> Bytes {
    let mut tiff = orientation_tiff(orientation);
    tiff.extend_from_slice(b"GPS 41.40338 2.17403 serial 0042");
    tiff.into()
}

fn decoded(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes).unwrap().to_rgb8().into_raw()
}

fn has(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn jpeg_keeps_pixels_colour_and_orientation_only() {
    let mut jpeg = Jpeg::from_bytes(encoded(ImageFormat::Jpeg).into()).unwrap();
    jpeg.set_exif(Some(exif_with(6)));
    jpeg.set_icc_profile(Some(Bytes::from_static(b"an ICC profile")));
    let at = jpeg.segments().len() - 1;
    for (marker, data) in [
        (
            markers::APP1,
            &b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"[..],
        ),
        (markers::APP13, b"Photoshop 3.0\08BIM caption"),
        (markers::COM, b"a comment"),
    ] {
        let segment = JpegSegment::new_with_contents(marker, Bytes::from_static(data));
        jpeg.segments_mut().insert(at, segment);
    }
    let before = jpeg.encoder().bytes().to_vec();
    let after = strip(&before).unwrap();
    for gone in [&b"GPS 41"[..], b"xmpmeta", b"8BIM", b"a comment"] {
        assert!(has(&before, gone) && !has(&after, gone), "{gone:?}");
    }
    let out = Jpeg::from_bytes(after.clone().into()).unwrap();
    assert_eq!(out.exif(), minimal_exif(Orientation::Rotate90));
    assert_eq!(out.icc_profile().as_deref(), Some(&b"an ICC profile"[..]));
    assert_eq!(decoded(&after), decoded(&before), "pixels changed");
    assert_eq!(strip(&after).unwrap(), after, "not idempotent");
}

/// An MPF segment listing the photo and one image appended `offset` bytes after the header.
fn mpf(offset: u32) -> JpegSegment {
    let mut entries = Vec::new();
    for (attr, offset) in [(0x0003_0000u32, 0u32), (0, offset)] {
        for word in [attr, 0, offset] {
            entries.extend_from_slice(&word.to_be_bytes());
        }
        entries.extend_from_slice(&[0; 4]);
    }
    let field = exif::Field {
        tag: exif::Tag(exif::Context::Tiff, MP_ENTRY),
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Undefined(entries, 0),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let contents = [&b"MPF\0"[..], &tiff.into_inner()].concat();
    JpegSegment::new_with_contents(markers::APP2, contents.into())
}

#[test]
fn only_the_photo_of_a_multi_picture_jpeg_is_published() {
    let mut photo = Jpeg::from_bytes(encoded(ImageFormat::Jpeg).into()).unwrap();
    photo.segments_mut().insert(1, mpf(0));
    let header = 2 + photo.segments()[..1].iter().map(|s| s.len()).sum::<usize>() + 8;
    let offset = photo.len() - header;
    photo.segments_mut()[1] = mpf(offset as u32);
    let photo = photo.encoder().bytes().to_vec();
    let mut gain_map = Jpeg::from_bytes(encoded(ImageFormat::Jpeg).into()).unwrap();
    gain_map.set_exif(Some(exif_with(1)));
    let gain_map = gain_map.encoder().bytes();
    let mut file = photo.clone();
    file.extend_from_slice(&gain_map);
    let after = strip(&file).unwrap();
    assert!(has(&file, b"GPS 41") && !has(&after, b"GPS 41"));
    assert!(after.len() < photo.len(), "the MPF segment is left out too");
    assert_eq!(decoded(&after), decoded(&photo));

    // An index that points past the photo's end is refused, not trusted.
    let mut wrong = Jpeg::from_bytes(photo.into()).unwrap();
    wrong.segments_mut()[1] = mpf(offset as u32 + 7);
    let mut file = wrong.encoder().bytes().to_vec();
    file.extend_from_slice(&gain_map);
    assert!(strip(&file).unwrap_err().contains("multi-picture"));
}

#[test]
fn upright_images_keep_no_exif_and_jfif_thumbnails_go() {
    let mut jpeg = Jpeg::from_bytes(encoded(ImageFormat::Jpeg).into()).unwrap();
    jpeg.set_exif(Some(exif_with(1)));
    let mut jfif = b"JFIF\0\x01\x02\0\0\x01\0\x01\x01\x01".to_vec();
    jfif.extend_from_slice(&[9, 9, 9]);
    let app0 = JpegSegment::new_with_contents(markers::APP0, jfif.into());
    jpeg.segments_mut().retain(|s| s.marker() != markers::APP0);
    jpeg.segments_mut().insert(0, app0);
    let after = strip(&jpeg.encoder().bytes()).unwrap();
    let out = Jpeg::from_bytes(after.clone().into()).unwrap();
    assert_eq!(out.exif(), None);
    let app0 = out.segment_by_marker(markers::APP0).unwrap();
    assert_eq!(&app0.contents()[..], b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0");
    assert_eq!(decoded(&after).len(), 40 * 30 * 3);
}

#[test]
fn png_and_webp_lose_text_and_exif_but_not_colour() {
    let mut png = Png::from_bytes(encoded(ImageFormat::Png).into()).unwrap();
    png.set_exif(Some(exif_with(8)));
    png.set_icc_profile(Some(Bytes::from_static(b"profile")));
    for kind in [*b"tEXt", *b"zTXt", *b"iTXt", *b"tIME", *b"caBX"] {
        let chunk = PngChunk::new(kind, Bytes::from_static(b"Author\0GPS 41 secret"));
        png.chunks_mut().insert(1, chunk);
    }
    let before = png.encoder().bytes().to_vec();
    let after = strip(&before).unwrap();
    assert!(!has(&after, b"secret") && !has(&after, b"GPS 41"));
    let out = Png::from_bytes(after.clone().into()).unwrap();
    assert_eq!(out.exif(), minimal_exif(Orientation::Rotate270));
    assert_eq!(out.icc_profile().as_deref(), Some(&b"profile"[..]));
    assert_eq!(decoded(&after), decoded(&before));

    let mut webp = WebP::from_bytes(encoded(ImageFormat::WebP).into()).unwrap();
    webp.set_exif(Some(exif_with(3)));
    webp.set_icc_profile(Some(Bytes::from_static(b"profile")));
    let xmp = img_parts::riff::RiffChunk::new(
        *b"XMP ",
        img_parts::riff::RiffContent::Data(Bytes::from_static(b"<x:xmpmeta/> secret")),
    );
    webp.chunks_mut().push(xmp);
    let before = webp.encoder().bytes().to_vec();
    let after = strip(&before).unwrap();
    assert!(!has(&after, b"secret") && !has(&after, b"GPS 41"));
    let out = WebP::from_bytes(after.clone().into()).unwrap();
    assert_eq!(out.exif(), minimal_exif(Orientation::Rotate180));
    assert_eq!(out.icc_profile().as_deref(), Some(&b"profile"[..]));
    assert_eq!(decoded(&after), decoded(&before));
}

/// A minimal AVIF container (no image data needed to find metadata): its file type, and
/// when `exif` is given an item of type `Exif` located in its media data.
fn avif(exif: Option<&[u8]>) -> Vec<u8> {
    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }
    let ftyp = bx(b"ftyp", b"avif\0\0\0\0mif1avif");
    let Some(exif) = exif else {
        return ftyp;
    };
    let infe = bx(b"infe", b"\x02\0\0\0\0\x01\0\0Exif\0");
    let iinf = bx(b"iinf", &[&[0, 0, 0, 0, 0, 1][..], &infe].concat());
    let meta_len = |iloc: &[u8]| 8 + 4 + iinf.len() + iloc.len();
    let iloc = |offset: u32| {
        let mut body = vec![0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 1, 0, 0, 0, 1];
        body.extend_from_slice(&offset.to_be_bytes());
        body.extend_from_slice(&(exif.len() as u32 + 4).to_be_bytes());
        bx(b"iloc", &body)
    };
    let offset = ftyp.len() + meta_len(&iloc(0)) + 8;
    let meta = bx(
        b"meta",
        &[&[0, 0, 0, 0][..], &iinf, &iloc(offset as u32)].concat(),
    );
    let mdat = bx(b"mdat", &[&[0, 0, 0, 0][..], exif].concat());
    [ftyp, meta, mdat].concat()
}

#[test]
fn an_avif_with_exif_is_refused_and_one_without_passes() {
    let plain = avif(None);
    assert_eq!(image::guess_format(&plain).unwrap(), ImageFormat::Avif);
    assert_eq!(strip(&plain).unwrap(), plain);
    let tagged = avif(Some(&exif_with(1)));
    let why = strip(&tagged).unwrap_err();
    assert!(why.contains("AVIF that carries EXIF"), "{why}");
}

#[test]
fn a_gif_with_xmp_is_refused_and_one_without_passes() {
    let gif = encoded(ImageFormat::Gif);
    assert_eq!(strip(&gif).unwrap(), gif);
    // An XMP application extension right after the header, the screen descriptor and the
    // global colour table (the image crate writes none: the table follows the descriptor's
    // flags).
    let flags = gif[10];
    let table = if flags & 0x80 != 0 {
        3 << ((flags & 7) + 1)
    } else {
        0
    };
    let at = 13 + table;
    let xmp = [
        &b"\x21\xff\x0bXMP DataXMP"[..],
        b"\x0c<x:xmpmeta/>",
        b"\x00",
    ]
    .concat();
    let tagged = [&gif[..at], &xmp, &gif[at..]].concat();
    let why = strip(&tagged).unwrap_err();
    assert!(why.contains("GIF that carries XMP"), "{why}");
}

#[test]
fn other_formats_pass_and_broken_containers_fail() {
    let mut jpeg = encoded(ImageFormat::Jpeg);
    jpeg.truncate(40);
    assert!(strip(&jpeg).unwrap_err().contains("cannot be read"));
}

/// `jpeg` with `inserted` spliced in just before its end-of-image marker and `trailer` after it.
fn spliced(jpeg: &[u8], inserted: &[u8], trailer: &[u8]) -> Vec<u8> {
    assert!(jpeg.ends_with(&[markers::P, markers::EOI]));
    let mut out = jpeg[..jpeg.len() - 2].to_vec();
    out.extend_from_slice(inserted);
    out.extend_from_slice(&[markers::P, markers::EOI]);
    out.extend_from_slice(trailer);
    out
}

#[test]
fn what_follows_the_end_of_the_image_and_comments_between_scans_go() {
    // A motion photo's video after the end-of-image marker, and a comment segment after the
    // scan (where a progressive JPEG's later scans and tables sit): browsers show neither, but
    // both are published bytes anyone can read.
    let plain = encoded(ImageFormat::Jpeg);
    let mut comment = vec![markers::P, markers::COM, 0, 2 + 13];
    comment.extend_from_slice(b"GPS 41.40338");
    comment.push(0);
    let video = b"\0\0\0\x18ftypmp42 GPS 41.40338 2.17403 a video";
    let before = spliced(&plain, &comment, video);
    assert_eq!(
        decoded(&before),
        decoded(&plain),
        "the fixture is a valid JPEG"
    );
    let after = strip(&before).unwrap();
    assert!(!has(&after, b"GPS 41"), "{:?}", &after[after.len() - 40..]);
    assert!(!has(&after, b"ftypmp42"));
    assert!(after.ends_with(&[markers::P, markers::EOI]));
    assert_eq!(decoded(&after), decoded(&plain));
    // The restart and table markers that code the image stay: a plain JPEG is unchanged.
    assert_eq!(strip(&plain).unwrap(), plain);
}

#[test]
fn a_segment_cut_short_after_the_scan_is_refused() {
    let plain = encoded(ImageFormat::Jpeg);
    let mut cut = plain[..plain.len() - 2].to_vec();
    cut.extend_from_slice(&[markers::P, markers::COM, 0x40, 0x00, b'x']);
    let err = strip(&cut).unwrap_err();
    assert!(err.contains("cut short"), "{err}");
}
